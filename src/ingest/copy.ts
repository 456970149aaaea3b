import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import type { Database } from '../db.js';

/**
 * The raw client of a drizzle database, inside one transaction, with the engine's fastest bulk path:
 * PGlite's `COPY … FROM '/dev/blob'` or postgres.js's `COPY … FROM STDIN`. Parameters are strings,
 * numbers or null only (drizzle replaced the postgres.js client's Date serializers).
 */
export interface RawTx {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** COPY `data` (text format, one row per line) into `table (columns)`. */
  copyIn(table: string, columns: readonly string[], data: string): Promise<void>;
  /**
   * A COPY into `table (columns)` fed line by line (`CopyWriter`). No other statement may run on
   * the transaction until it is closed.
   */
  openCopy(table: string, columns: readonly string[], options: { batchRows: number }): CopyWriter;
}

/**
 * Rows of one COPY, handed to the engine as they are made (docs/ingest.md, "Streaming COPY"):
 * - postgres.js: one `COPY … FROM STDIN` for the writer's whole life, fed in chunks of ~128 kB, so
 *   the server stores rows while the caller parses the next ones;
 * - PGlite (same thread, its COPY reads a whole blob): one COPY per `batchRows` rows or 32 MB.
 * Lines are encoded into byte buffers as they come, not kept as strings.
 */
export interface CopyWriter {
  /** Appends one row (a COPY text line without its newline). A promise only when the caller must wait for the engine. */
  line(text: string): Promise<void> | undefined;
  /** Sends what is left and ends the COPY; throws what the engine refused. */
  close(): Promise<void>;
}

/** Bytes of COPY text gathered before a chunk goes to the server (postgres.js). */
const STREAM_CHUNK = 128 * 1024;
/** PGlite: a batch is also cut at this many bytes (large records), so memory stays flat. */
const BLOB_MAX = 32 * 1024 * 1024;

/** COPY text lines encoded into a growing byte buffer. */
class LineBytes {
  private buf: Buffer;
  pos = 0;
  rows = 0;
  constructor(private readonly initial: number) {
    this.buf = Buffer.allocUnsafe(initial);
  }
  add(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const need = text.length * 3 + 1;
    if (this.pos + need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + need));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    this.pos += this.buf.write(text, this.pos, 'utf8');
    this.buf[this.pos++] = 10;
    this.rows++;
  }
  /** The bytes so far (a view of the buffer: read before the next `add`, or given away by `take`). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
  /** Starts over in the same buffer (its bytes were copied). */
  reset(): void {
    this.pos = 0;
    this.rows = 0;
  }
  /** Gives the bytes away and starts over in a new buffer. */
  take(): Buffer {
    const out = this.view();
    this.buf = Buffer.allocUnsafe(this.initial);
    this.reset();
    return out;
  }
}

function pgliteCopy(tx: { query: PGlite['query'] }, table: string, columns: readonly string[], batchRows: number): CopyWriter {
  const bytes = new LineBytes(1024 * 1024);
  const statement = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`;
  const send = async () => {
    if (!bytes.rows) return;
    // Blob copies the bytes: the buffer is reused for the next batch.
    const blob = new Blob([bytes.view()]);
    bytes.reset();
    await tx.query(statement, [], { blob });
  };
  return {
    line(text) {
      bytes.add(text);
      return bytes.rows >= batchRows || bytes.pos >= BLOB_MAX ? send() : undefined;
    },
    close: send,
  };
}

/** The stream took what it held (or was closed by an error, which `check` then throws). */
function drained(w: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
  });
}

function postgresCopy(tx: postgres.TransactionSql, table: string, columns: readonly string[]): CopyWriter {
  const bytes = new LineBytes(STREAM_CHUNK + 64 * 1024);
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  /** The COPY's stream, opened by the first chunk. */
  let opening: Promise<Writable> | undefined;
  let failure: unknown;
  let signalRefusal = () => {};
  /** Settles when the server refused the COPY (its error is then in `failure`). */
  const refused = new Promise<void>((resolve) => {
    signalRefusal = resolve;
  });
  const open = (): Promise<Writable> =>
    (opening ??= (async () => {
      const query = tx.unsafe(statement);
      // postgres.js hands the server's refusal to the COPY's query object, whose promise already
      // resolved (to the stream). After the stream has ended nothing else hears of it, and the
      // stream never finishes: the load would wait for ever. Its `reject` is wrapped to hear it.
      const q = query as unknown as { reject?: (error: unknown) => void };
      const reject = q.reject;
      if (typeof reject === 'function') {
        q.reject = (error) => {
          failure ??= error;
          signalRefusal();
          reject(error);
        };
      }
      const w = await query.writable();
      // A refusal while the stream is open also destroys it: kept, thrown by the next call.
      w.on('error', (e) => {
        failure ??= e;
        signalRefusal();
      });
      return w;
    })());
  const check = () => {
    if (failure !== undefined) throw failure;
  };
  const sendChunk = async (chunk: Buffer) => {
    const w = await open();
    check();
    // The chunk is given away (Writable may hold it until the socket takes it).
    if (!w.write(chunk)) await drained(w);
    check();
  };
  return {
    line(text) {
      bytes.add(text);
      return bytes.pos >= STREAM_CHUNK ? sendChunk(bytes.take()) : undefined;
    },
    async close() {
      if (bytes.rows) await sendChunk(bytes.take());
      if (!opening) return;
      const w = await open();
      check();
      const finished = new Promise<void>((resolve) => w.once('finish', resolve));
      w.end();
      await Promise.race([finished, refused]);
      check();
    },
  };
}

export async function withRawTransaction<T>(db: Database, fn: (tx: RawTx) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof PGlite) {
    return client.transaction(async (tx) =>
      fn({
        query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
        copyIn: async (table, columns, data) => {
          await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([data]) });
        },
        openCopy: (table, columns, options) => pgliteCopy(tx, table, columns, options.batchRows),
      }),
    );
  }
  const sql = client as postgres.Sql;
  return sql.begin(async (tx) =>
    fn({
      query: async <R>(text: string, params?: unknown[]) => (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as R[],
      copyIn: async (table, columns, data) => {
        const writable = await tx.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`).writable();
        await pipeline(Readable.from([data]), writable);
      },
      openCopy: (table, columns) => postgresCopy(tx, table, columns),
    }),
  ) as Promise<T>;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field of COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

/**
 * One line of COPY's text format. `jsonField`: the index of a field holding JSON text, in which a
 * tab or line break cannot occur (JSON escapes them): only its backslashes are escaped, found by a
 * plain substring search instead of the pattern (the payload is most of a line's characters).
 */
export function copyLine(fields: readonly (string | number | null)[], jsonField = -1): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i) line += '\t';
    if (typeof f === 'number') line += String(f);
    else if (i === jsonField && f !== null) line += f.includes('\\') ? f.replaceAll('\\', '\\\\') : f;
    else line += copyField(f);
  }
  return line;
}

import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { type Database, engineOf } from '../db.js';

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
   * A COPY into `table (columns)` fed chunk by chunk (`CopyWriter`). No other statement may run on
   * the transaction until it is closed.
   */
  openCopy(table: string, columns: readonly string[]): CopyWriter;
}

/**
 * Rows of one COPY, handed to the engine as they are made (docs/ingest.md, "Streaming COPY"). The
 * chunks are COPY text, whole lines each ending in a newline (`LineBytes`), cut by the record loop
 * (src/ingest/rows.ts) at `copyChunk` of the engine:
 * - postgres.js: one `COPY … FROM STDIN` for the writer's whole life, fed ~128 kB chunks, so the
 *   server stores rows while the caller parses the next ones;
 * - PGlite (its COPY reads a whole blob): one COPY a chunk of `batchSize` rows or 32 MB.
 */
export interface CopyWriter {
  /** Sends one chunk. */
  chunk(bytes: Uint8Array): Promise<void>;
  /**
   * Whether the writer may still hold a chunk's bytes after `chunk` resolved (postgres.js's stream
   * until the socket takes them). When false (PGlite copies them into a Blob), the buffer can be
   * written again.
   */
  readonly keepsBytes: boolean;
  /** Ends the COPY; throws what the engine refused. */
  close(): Promise<void>;
}

/** Bytes of COPY text gathered before a chunk goes to the server (postgres.js). */
const STREAM_CHUNK = 128 * 1024;
/** PGlite: a batch is also cut at this many bytes (large records), so memory stays flat. */
const BLOB_MAX = 32 * 1024 * 1024;

/** Where the record loop cuts its chunks for an engine (`batchRows`: `IngestOptions.batchSize`). */
export function copyChunk(db: Database, batchRows: number): { cutRows: number; cutBytes: number } {
  return engineOf(db) === 'pglite' ? { cutRows: batchRows, cutBytes: BLOB_MAX } : { cutRows: Number.POSITIVE_INFINITY, cutBytes: STREAM_CHUNK };
}

/** COPY text lines encoded into a growing byte buffer. */
export class LineBytes {
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
  /**
   * Gives the bytes so far away (a view of a buffer of their own: it may be kept or transferred) and
   * starts over in `next` (a buffer given back by whoever took an earlier chunk), else in a new
   * buffer about as large as the chunk taken (at most 8 MB), so that a chunk like the last is written
   * without growing.
   */
  take(next?: Buffer): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = next ?? Buffer.allocUnsafe(Math.max(this.initial, Math.min(this.pos + (this.pos >> 2), 8 * 1024 * 1024)));
    this.pos = 0;
    this.rows = 0;
    return out;
  }
}

/** ES2024's resizable ArrayBuffer (Node 20), beyond the ES2023 lib the package is typed against. */
interface ResizableArrayBuffer extends ArrayBuffer {
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}
const resizable = (byteLength: number, maxByteLength: number): ResizableArrayBuffer =>
  new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ResizableArrayBuffer)(byteLength, { maxByteLength });

/**
 * A Blob that hands PGlite's `/dev/blob` device the chunk's bytes as they are. PGlite reads a COPY's
 * blob once, through `arrayBuffer()`: a plain `new Blob([bytes])` copied every chunk twice (into the
 * Blob, then into a new ArrayBuffer), and on a thread that makes little other garbage (the record
 * loop on a worker thread) those ArrayBuffers piled up to ~700 MB before a collection at 1M rows.
 */
class ChunkBlob extends Blob {
  constructor(private readonly data: ArrayBuffer) {
    super([]);
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.data);
  }
}

function pgliteCopy(tx: { query: PGlite['query'] }, table: string, columns: readonly string[]): CopyWriter {
  const statement = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`;
  /** One buffer for every chunk of this COPY, resized to each (PGlite reads the whole buffer). */
  let scratch = resizable(0, 4 * 1024 * 1024);
  return {
    async chunk(bytes) {
      if (bytes.length > scratch.maxByteLength) scratch = resizable(bytes.length, Math.max(bytes.length, scratch.maxByteLength * 2));
      else scratch.resize(bytes.length);
      new Uint8Array(scratch).set(bytes);
      await tx.query(statement, [], { blob: new ChunkBlob(scratch) });
    },
    // The bytes were copied: the chunk's buffer is free again.
    keepsBytes: false,
    close: async () => {},
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
  const sendChunk = async (chunk: Uint8Array) => {
    const w = await open();
    check();
    // The chunk is given away (Writable may hold it until the socket takes it).
    if (!w.write(chunk)) await drained(w);
    check();
  };
  return {
    chunk: sendChunk,
    keepsBytes: true,
    async close() {
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
        openCopy: (table, columns) => pgliteCopy(tx, table, columns),
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

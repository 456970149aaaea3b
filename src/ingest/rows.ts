import type { RunKind } from '../schema/ingest/run-log.js';
import { copyLine, LineBytes } from './copy.js';
import { jsonbMd5 } from './jsonb-text.js';
import {
  type Normalized,
  type NormalizeOptions,
  normalizeSystemeio,
  normalizeXendit,
  sanitizeForStorage,
  systemeioColumns,
  xenditColumns,
} from './records.js';
import type { OpenedSource, SourceRecord } from './sources.js';
import type { IngestRejection } from './types.js';

/**
 * The record loop of a raw load (docs/ingest.md, "The record loop"): records read, validated and
 * turned into COPY text, handed on as byte chunks. The same code runs in the caller's thread or on a
 * worker thread (src/ingest/load-worker.ts); src/ingest/load.ts feeds the chunks to the database.
 */

export interface RawTable {
  source: 'xendit' | 'systemeio';
  kind: RunKind;
  table: string;
  columns: readonly string[];
  /** Column types of the temp table, in `columns` order. */
  types: readonly string[];
  normalize: (rec: SourceRecord, opts: NormalizeOptions) => Normalized;
}

export const rawTables: Record<RawTable['source'], RawTable> = {
  xendit: {
    source: 'xendit',
    kind: 'ingest_xendit',
    table: 'ingest.xendit_raw',
    columns: xenditColumns,
    types: ['text', 'text', 'text', 'numeric(12,2)', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'text', 'text', 'jsonb', 'text'],
    normalize: normalizeXendit,
  },
  systemeio: {
    source: 'systemeio',
    kind: 'ingest_systemeio',
    table: 'ingest.systemeio_raw',
    columns: systemeioColumns,
    types: ['text', 'text', 'text', 'text', 'text', 'text', 'text[]', 'timestamptz', 'jsonb', 'text'],
    normalize: normalizeSystemeio,
  },
};

/** A rejected record, as stored in `ingest.rejected_rows` (without the run and source). */
export interface PendingReject {
  source_format: string;
  record_id: string | null;
  position: number;
  line: number | null;
  field: string | null;
  reason: string;
  payload: unknown;
}

/** Plain data (it crosses to a worker thread). */
export interface RowLoopConfig {
  source: RawTable['source'];
  /** Start in direct mode (rows for the raw table itself, with content_hash), else merge mode (rows for the temp table). */
  direct: boolean;
  /** `api_synced_at` of direct rows (ISO text), or null for the column's default. */
  syncedAt: string | null;
  normalize: NormalizeOptions;
  /** A chunk is handed on at this many rows… */
  cutRows: number;
  /** …or at this many bytes of COPY text, whichever comes first. */
  cutBytes: number;
  /** Valid records between two progress events. */
  progressEvery: number;
  /** Rejected records gathered before they are handed on. */
  rejectsEvery: number;
  /** Rejections listed in the result. */
  reportedRejections: number;
}

export type RowEvent =
  /** COPY text lines (each ending in a newline) for the raw table (`direct`) or the temp table (`merge`). */
  | { type: 'chunk'; mode: 'direct' | 'merge'; bytes: Uint8Array; rows: number }
  | { type: 'rejects'; rejects: PendingReject[] }
  | { type: 'progress'; read: number; valid: number; rejected: number; bytesRead: number };

export interface RowLoopResult {
  read: number;
  valid: number;
  rejected: number;
  /** Rows handed on in direct mode. */
  directRows: number;
  rejections: IngestRejection[];
}

/** Receives the loop's events in order; a promise makes the loop wait (the database is behind). */
export type RowSink = (event: RowEvent) => Promise<void> | undefined;

/**
 * Buffers of chunks the database is done with, written again by the loop: no new buffer (and no
 * fresh pages of memory) a chunk, and no garbage left for a thread that makes little else.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];
  give(buffer: ArrayBufferLike | Uint8Array): void {
    this.free.push(buffer instanceof Uint8Array ? Buffer.from(buffer.buffer, buffer.byteOffset, buffer.buffer.byteLength - buffer.byteOffset) : Buffer.from(buffer));
  }
  take(): Buffer | undefined {
    return this.free.pop();
  }
}

/**
 * Reads every record of `opened`, validates it and hands its COPY line on in chunks. Direct mode ends
 * at the first repeated id (docs/ingest.md, "Writing the rows once"): the chunk so far is handed on,
 * and that record and all later ones are merge rows. An error of the source (a malformed file) is
 * thrown as it comes: the caller's transaction rolls back whatever was handed on.
 */
export async function runRowLoop(opened: OpenedSource, config: RowLoopConfig, sink: RowSink, pool?: BufferPool): Promise<RowLoopResult> {
  const t = rawTables[config.source];
  const payloadIndex = t.columns.indexOf('payload');
  const suffix = config.syncedAt === null ? '' : `\t${config.syncedAt}`;
  const rejections: IngestRejection[] = [];
  let direct = config.direct;
  /**
   * Ids of direct rows: a duplicate must never reach a direct COPY (the key would refuse it and the
   * whole load would fail).
   */
  let directIds: Set<string> | undefined = direct ? new Set() : undefined;
  let directRows = 0;
  let read = 0;
  let valid = 0;
  let rejected = 0;
  let sinceProgress = 0;
  let pendingRejects: PendingReject[] = [];
  const bytes = new LineBytes(Math.min(config.cutBytes + 64 * 1024, 1024 * 1024));

  const flushChunk = (): Promise<void> | undefined => {
    if (!bytes.rows) return undefined;
    const rows = bytes.rows;
    const chunk = bytes.take(pool?.take());
    return sink({ type: 'chunk', mode: direct ? 'direct' : 'merge', bytes: chunk, rows });
  };
  const flushRejects = async () => {
    if (!pendingRejects.length) return;
    const rejects = pendingRejects;
    pendingRejects = [];
    await flushChunk();
    await sink({ type: 'rejects', rejects });
  };
  const progress = () => sink({ type: 'progress', read, valid, rejected, bytesRead: opened.progress.bytesRead });

  for await (const batch of opened.batches) {
    for (const rec of batch) {
      read++;
      const n = t.normalize(rec, config.normalize);
      if (n.ok) {
        valid++;
        if (directIds?.has(n.id)) {
          await flushChunk();
          direct = false;
          directIds = undefined;
        }
        if (direct) {
          directIds!.add(n.id);
          bytes.add(`${copyLine(n.row, payloadIndex)}\t${jsonbMd5(n.row[payloadIndex]!)}${suffix}`);
          directRows++;
        } else bytes.add(`${read}\t${copyLine(n.row, payloadIndex)}`);
        if (bytes.rows >= config.cutRows || bytes.pos >= config.cutBytes) {
          const wait = flushChunk();
          if (wait) await wait;
        }
        if (++sinceProgress >= config.progressEvery) {
          sinceProgress = 0;
          const wait = progress();
          if (wait) await wait;
        }
      } else {
        rejected++;
        const r = n.rejection;
        if (rejections.length < config.reportedRejections) {
          rejections.push({ position: rec.position, line: rec.line, recordId: r.recordId, field: r.field, reason: r.reason });
        }
        pendingRejects.push({
          source_format: rec.format,
          // The id, field and reason may quote the record's text: jsonb and text refuse NUL and lone surrogates.
          record_id: (sanitizeForStorage(r.recordId) as string | undefined) ?? null,
          position: rec.position,
          line: rec.line ?? null,
          field: (sanitizeForStorage(r.field) as string | undefined) ?? null,
          reason: sanitizeForStorage(r.reason) as string,
          payload: sanitizeForStorage(rec.value) ?? null,
        });
        if (pendingRejects.length >= config.rejectsEvery) await flushRejects();
      }
    }
  }
  await flushChunk();
  await flushRejects();
  return { read, valid, rejected, directRows, rejections };
}

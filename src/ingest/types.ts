import type { Readable } from 'node:stream';
import { UnifiedSchemaError } from '../errors.js';

/** File formats a source can be read as. `json` covers a JSON array, NDJSON / concatenated JSON and a paged object. */
export type FileFormat = 'json' | 'ndjson' | 'csv';

/** An API list response: `{ data: [...], has_more }` (Xendit) or `{ items: [...], hasMore }` (Systeme.io). */
export interface ApiPage<T = unknown> {
  data?: readonly T[];
  items?: readonly T[];
  has_more?: boolean;
  hasMore?: boolean;
  [key: string]: unknown;
}

/**
 * What `ingestXendit` / `ingestSystemeio` read:
 * - a file path (or file URL): JSON array, NDJSON, a paged object, or CSV (by extension, else sniffed);
 * - `{ path }`, `{ text }` (file content in memory) or `{ stream }` (bytes or text chunks), with an optional format;
 * - a paged API response object, or an array / (async) iterable of API objects (one page from the API sync).
 */
export type IngestSource =
  | string
  | URL
  | { path: string | URL; format?: FileFormat }
  | { text: string; format?: FileFormat }
  | { stream: Readable | AsyncIterable<string | Uint8Array>; format?: FileFormat; totalBytes?: number }
  | ApiPage
  | Iterable<unknown>
  | AsyncIterable<unknown>;

export interface IngestProgress {
  /**
   * `load`: reading, validating and copying batches; `upsert`: the final set-based upsert; `vacuum`: the
   * raw table vacuumed and analyzed after the commit (see `IngestOptions.vacuum`); `done`.
   */
  phase: 'load' | 'upsert' | 'vacuum' | 'done';
  /** Records read so far. */
  read: number;
  /** Of which valid (copied) and rejected. */
  valid: number;
  rejected: number;
  /** Files and streams: bytes read so far, and the total when known (files). */
  bytesRead?: number;
  totalBytes?: number;
}

export interface IngestOptions {
  /** Called after every batch and at each phase change. */
  onProgress?: (progress: IngestProgress) => void;
  /** Force a file format instead of detecting it (extension, then first character). */
  format?: FileFormat;
  /** When this version of the data was fetched (`api_synced_at` of new and changed rows). Default: now(). */
  syncedAt?: Date | string;
  /**
   * Rows between progress reports, and on PGlite rows per COPY statement (default 5,000). On
   * PostgreSQL the whole load streams through one COPY (fed in ~128 kB chunks while parsing goes on).
   */
  batchSize?: number;
  /** Write an `ingest_xendit` / `ingest_systemeio` row to `ingest.run_log` (default true). The API sync passes false and records its own `sync_*` run. */
  log?: boolean;
  /** Recorded in the run log's details (default: the file path, or `iterable`). */
  label?: string;
  /** Id of a run (e.g. the API sync's) to attribute rejected rows to when `log` is false. */
  runId?: number;
  /**
   * After the commit, `VACUUM (ANALYZE, SKIP_LOCKED)` of the raw table when the load wrote at least
   * 100,000 rows (inserted + updated) and as many as start autovacuum (more than the server's
   * `autovacuum_vacuum_insert_threshold` plus `autovacuum_vacuum_insert_scale_factor` times the rows
   * the table had): the work autovacuum would
   * start soon after, done at once and unthrottled, so the next `prepare` reads rows already checked,
   * marked all-visible and with statistics (docs/ingest.md, "After the load"). Counted in the load's
   * `durationMs`. Default true; false leaves the table to autovacuum (PGlite has none). Needs a
   * database from `openDatabase`, not a transaction (the API sync, which loads inside its page's
   * transaction, passes false). Only when the loading role may vacuum the table (its owner, the database's
   * owner, a superuser, or a member of one); any other role, such as Supabase's `service_role`, leaves it
   * to autovacuum.
   */
  vacuum?: boolean;
  /**
   * Read, validate and encode the records on a worker thread while this thread feeds the rows to the
   * database (docs/ingest.md, "The record loop on a worker thread"). Default: on PGlite, for files of
   * 32 MB or more (PGlite runs in this thread, so the two overlap on two cores); in this thread
   * otherwise (PostgreSQL's server already works on its own core). Only for a file source (a path, a
   * file URL or `{ path }`): `true` with any other source is an `invalid_option` error. Results,
   * rows, rejections and progress are the same either way.
   */
  worker?: boolean;
}

/** One refused record, as reported in the result (the first 100) and stored in `ingest.rejected_rows`. */
export interface IngestRejection {
  position: number;
  line?: number;
  recordId?: string;
  /** The offending field, when one is to blame. */
  field?: string;
  reason: string;
}

export interface IngestResult {
  /** New ids. */
  inserted: number;
  /** Known ids whose content changed. */
  updated: number;
  /** Known ids with the same content (nothing written). */
  unchanged: number;
  /** Invalid records (stored in ingest.rejected_rows, the rest loaded). */
  rejected: number;
  /** Valid records whose id came again later in the same input (the later one wins). */
  duplicates: number;
  /** Records read: inserted + updated + unchanged + duplicates + rejected. */
  total: number;
  /** The run log row of this call, when `log` is on. */
  runId: number | null;
  durationMs: number;
  /** The first 100 rejections. */
  rejections: IngestRejection[];
}

export type IngestErrorCode =
  /** The file or stream is not valid JSON / CSV (nothing was loaded). */
  | 'parse_error'
  /** The source could not be read (missing file, unsupported source). */
  | 'source_error'
  /** An option has a wrong value; `field` names it. */
  | 'invalid_option';

/** A load that could not run or was abandoned; the transaction rolled back, nothing was written. */
export class IngestError extends UnifiedSchemaError {
  override readonly name = 'IngestError';
  declare readonly code: IngestErrorCode;
  constructor(
    code: IngestErrorCode,
    message: string,
    readonly details: { field?: string; line?: number; position?: number } = {},
  ) {
    super(code, message);
  }
  get field(): string | undefined {
    return this.details.field;
  }
  get line(): number | undefined {
    return this.details.line;
  }
  get position(): number | undefined {
    return this.details.position;
  }
}

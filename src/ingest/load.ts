import { z } from 'zod';
import { type Database, execScript } from '../db.js';
import type { RunKind } from '../schema/ingest/run-log.js';
import { copyLine, type CopyWriter, type RawTx, withRawTransaction } from './copy.js';
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
import { recordRun } from './run-log.js';
import { openSource, type ReadLimits, type SourceRecord } from './sources.js';
import { IngestError, type IngestOptions, type IngestProgress, type IngestRejection, type IngestResult, type IngestSource } from './types.js';

/** Limits of one load (see docs/ingest.md). */
export const ingestLimits = {
  /** A record's JSON payload (larger records are rejected). */
  maxPayloadChars: 256 * 1024,
  /** A single JSON value or CSV record in a file (larger: the file is refused as malformed). */
  maxValueChars: 16 * 1024 * 1024,
  /** JSON nesting of a record (deeper records are rejected). */
  maxDepth: 64,
  defaultBatchSize: 5000,
  /** Rejections listed in the result. */
  reportedRejections: 100,
  /**
   * Fewest rows written (inserted + updated) for a load to vacuum and analyze its raw table itself
   * (`IngestOptions.vacuum`), besides autovacuum's own line. The vacuum costs a fixed ~50-90 ms a table
   * on PostgreSQL (ANALYZE samples up to 30,000 rows whatever the size), +45 % on a 10,000-row load,
   * while what it saves the next prepare grows with the rows: ~7 s at 1M + 1M, tens of ms at 10k.
   */
  vacuumMinRows: 100_000,
} as const;

interface RawTable {
  source: 'xendit' | 'systemeio';
  kind: RunKind;
  table: string;
  columns: readonly string[];
  /** Column types of the temp table, in `columns` order. */
  types: readonly string[];
  normalize: (rec: SourceRecord, opts: NormalizeOptions) => Normalized;
}

const xendit: RawTable = {
  source: 'xendit',
  kind: 'ingest_xendit',
  table: 'ingest.xendit_raw',
  columns: xenditColumns,
  types: ['text', 'text', 'text', 'numeric(12,2)', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'text', 'text', 'jsonb', 'text'],
  normalize: normalizeXendit,
};

const systemeio: RawTable = {
  source: 'systemeio',
  kind: 'ingest_systemeio',
  table: 'ingest.systemeio_raw',
  columns: systemeioColumns,
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'text[]', 'timestamptz', 'jsonb', 'text'],
  normalize: normalizeSystemeio,
};

const optionsSchema = z.object({
  onProgress: z.custom<(p: IngestProgress) => void>((v) => v === undefined || typeof v === 'function', 'must be a function').optional(),
  format: z.enum(['json', 'ndjson', 'csv']).optional(),
  syncedAt: z
    .union([z.date(), z.string().max(64)])
    .refine((v) => !Number.isNaN(new Date(v).getTime()), 'must be a valid date')
    .optional(),
  batchSize: z.number().int().min(1).max(100_000).optional(),
  log: z.boolean().optional(),
  label: z.string().max(1000).optional(),
  runId: z.number().int().positive().optional(),
  vacuum: z.boolean().optional(),
});

function checkOptions(options: IngestOptions | undefined): IngestOptions {
  if (options === undefined) return {};
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'options';
    throw new IngestError('invalid_option', `${field}: ${issue.message}`, { field });
  }
  return options;
}

const TEMP = 'pg_temp.ingest_load';

function upsertSql(t: RawTable): string {
  const cols = t.columns;
  const updates = [...cols.filter((c) => c !== 'id'), 'content_hash', 'api_synced_at'].map((c) => `${c} = excluded.${c}`).join(', ');
  return `
WITH src AS MATERIALIZED (
  SELECT DISTINCT ON (id) ${cols.join(', ')} FROM ${TEMP} ORDER BY id, seq DESC
), up AS (
  INSERT INTO ${t.table} AS r (${cols.join(', ')}, content_hash, api_synced_at)
  SELECT ${cols.join(', ')}, md5(payload::text), coalesce($1::timestamptz, now()) FROM src
  ON CONFLICT (id) DO UPDATE SET ${updates}
  WHERE r.content_hash IS DISTINCT FROM excluded.content_hash
  RETURNING (r.xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM src)::int AS distinct_ids,
       (count(*) FILTER (WHERE inserted))::int AS inserted,
       (count(*) FILTER (WHERE NOT inserted))::int AS updated
FROM up`;
}

const rejectSql = `
INSERT INTO ingest.rejected_rows (run_id, source, source_format, record_id, position, line, field, reason, payload, payload_hash)
SELECT $1::bigint, $2, r.source_format, r.record_id, r.position, r.line, r.field, r.reason, coalesce(r.payload, 'null'), md5(coalesce(r.payload, 'null')::text)
FROM jsonb_to_recordset($3::jsonb) AS r(source_format text, record_id text, position int, line int, field text, reason text, payload jsonb)
ON CONFLICT (source, payload_hash) DO NOTHING`;

interface PendingReject {
  source_format: string;
  record_id: string | null;
  position: number;
  line: number | null;
  field: string | null;
  reason: string;
  payload: unknown;
}

/**
 * Direct mode (docs/ingest.md, "Writing the rows once"): when the raw table is empty, the load takes
 * it for itself (SHARE ROW EXCLUSIVE: readers go on, other writers wait for the commit) and COPYs
 * the rows straight into it, content_hash computed here. Checked again under the lock; when another
 * load got there first, the lock is given back (its savepoint rolled back) and the merge path runs.
 */
async function claimEmptyTable(tx: RawTx, t: RawTable): Promise<boolean> {
  const isEmpty = async () => (await tx.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT FROM ${t.table}) AS empty`))[0]!.empty;
  if (!(await isEmpty())) return false;
  await tx.query('SAVEPOINT ingest_claim');
  await tx.query(`LOCK TABLE ${t.table} IN SHARE ROW EXCLUSIVE MODE`);
  const empty = await isEmpty();
  await tx.query(empty ? 'RELEASE SAVEPOINT ingest_claim' : 'ROLLBACK TO SAVEPOINT ingest_claim');
  return empty;
}

/**
 * Whether `written` rows call for the load's own vacuum: at least `ingestLimits.vacuumMinRows`, and
 * enough to start autovacuum on the raw table (more than the server's insert threshold plus its scale
 * factor times the rows the table had: `reltuples`, as autovacuum reads it; -1, never counted, is
 * none). A load that large is vacuumed and analyzed right after its commit (`IngestOptions.vacuum`),
 * when the role loading may vacuum the table at all: PostgreSQL 15 lets its owner, the database's
 * owner and superusers (and members of theirs) do so, and only warns anyone else that it skipped the
 * table. A role that may only write the rows (Supabase's `service_role`) leaves it to autovacuum.
 * At 1M + 1M on PostgreSQL 15 the next prepare took 31.3 / 33.1 s after loads that vacuumed (~1.5 s
 * each) against 38.3-41.3 s after plain ones (docs/ingest-performance.md).
 *
 * Asked inside the load's transaction, before its commit: when due, and the server commits
 * asynchronously (`synchronous_commit = off`), this commit waits for its WAL to be flushed
 * (`local`). Until then PostgreSQL may neither set the rows' commit hint bits nor mark a page
 * all-visible, so a VACUUM right after an asynchronous commit would leave every page to be
 * checked again. Only `off` is raised: a stricter setting of the server stays.
 */
async function vacuumDue(tx: RawTx, t: RawTable, written: number): Promise<boolean> {
  if (written < ingestLimits.vacuumMinRows) return false;
  const [row] = await tx.query<{ due: boolean }>(
    `SELECT $1::float8 > pg_catalog.current_setting('autovacuum_vacuum_insert_threshold')::float8
                        + pg_catalog.current_setting('autovacuum_vacuum_insert_scale_factor')::float8 * greatest(c.reltuples, 0)
              AND (pg_catalog.pg_has_role(c.relowner, 'USAGE')
                   OR pg_catalog.pg_has_role((SELECT d.datdba FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()), 'USAGE')) AS due
       FROM pg_catalog.pg_class c WHERE c.oid = $2::regclass`,
    [written, t.table],
  );
  if (row?.due !== true) return false;
  await tx.query(
    `SELECT pg_catalog.set_config('synchronous_commit', 'local', true) WHERE pg_catalog.current_setting('synchronous_commit') = 'off'`,
  );
  return true;
}

async function load(db: Database, t: RawTable, source: IngestSource, options: IngestOptions, runId: number | null): Promise<IngestResult> {
  const started = performance.now();
  const limits: ReadLimits = { maxValueChars: ingestLimits.maxValueChars, maxDepth: ingestLimits.maxDepth };
  const opened = openSource(source, options.format, limits);
  const batchSize = options.batchSize ?? ingestLimits.defaultBatchSize;
  const normalizeOpts: NormalizeOptions = { maxPayloadChars: ingestLimits.maxPayloadChars };
  const syncedAt = options.syncedAt === undefined ? null : new Date(options.syncedAt).toISOString();
  const rejections: IngestRejection[] = [];
  const payloadIndex = t.columns.indexOf('payload');
  let read = 0;
  let valid = 0;
  let rejected = 0;

  const progress = (phase: IngestProgress['phase']) =>
    options.onProgress?.({ phase, read, valid, rejected, bytesRead: opened.progress.bytesRead || undefined, totalBytes: opened.progress.totalBytes });

  const { counts, vacuum } = await withRawTransaction(db, async (tx: RawTx) => {
    const counts = await writeRows(tx);
    const vacuum = options.vacuum !== false && (await vacuumDue(tx, t, Number(counts.inserted) + Number(counts.updated)));
    return { counts, vacuum };
  });
  async function writeRows(tx: RawTx): Promise<{ distinct_ids: number; inserted: number; updated: number }> {
    // Direct COPYs write (columns…, content_hash[, api_synced_at]); without syncedAt the column's
    // default now() gives what the merge writes (the transaction's start).
    const directColumns = [...t.columns, 'content_hash', ...(syncedAt === null ? [] : ['api_synced_at'])];
    let direct = await claimEmptyTable(tx, t);
    /**
     * Ids written by direct COPYs: the first repeated id ends direct mode (that record and every
     * later one take the merge path, where the later record wins). A duplicate must never reach a
     * direct COPY: the key would refuse it and the whole load would fail.
     */
    let directIds: Set<string> | undefined = direct ? new Set() : undefined;
    /** Rows written by direct COPYs (all new ids: the table was empty and is this load's). */
    let directRows = 0;
    let tempReady = false;
    const ensureTemp = async () => {
      if (tempReady) return;
      tempReady = true;
      // The dedupe (DISTINCT ON) sorts the whole load: give it memory instead of temp files.
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      await tx.query(`CREATE TEMP TABLE ingest_load (seq bigint, ${t.columns.map((c, i) => `${c} ${t.types[i]}`).join(', ')}) ON COMMIT DROP`);
    };
    if (!direct) await ensureTemp();

    let pendingRejects: PendingReject[] = [];
    /** The COPY being fed (into the raw table in direct mode, else into the temp table). */
    let copy: CopyWriter | undefined;
    const write = (line: string) => {
      copy ??= direct ? tx.openCopy(t.table, directColumns, { batchRows: batchSize }) : tx.openCopy(TEMP, ['seq', ...t.columns], { batchRows: batchSize });
      return copy.line(line);
    };
    /** Ends the COPY being fed: the connection runs other statements again. */
    const closeCopy = async () => {
      const c = copy;
      copy = undefined;
      if (c) await c.close();
    };
    /** A repeated id: the direct rows so far stay, the rest of the load is merged. */
    const endDirect = async () => {
      await closeCopy();
      direct = false;
      directIds = undefined;
      await ensureTemp();
    };
    const flushRejects = async () => {
      if (!pendingRejects.length) return;
      const json = JSON.stringify(pendingRejects);
      pendingRejects = [];
      await closeCopy();
      await tx.query(rejectSql, [runId, t.source, json]);
    };
    let sinceProgress = 0;
    progress('load');
    try {
      for await (const batch of opened.batches) {
        for (const rec of batch) {
          read++;
          const n = t.normalize(rec, normalizeOpts);
          if (n.ok) {
            valid++;
            let wait: Promise<void> | undefined;
            if (directIds?.has(n.id)) await endDirect();
            if (direct) {
              directIds!.add(n.id);
              const line = copyLine(n.row, payloadIndex);
              const hash = jsonbMd5(n.row[payloadIndex]!);
              wait = write(syncedAt === null ? `${line}\t${hash}` : `${line}\t${hash}\t${syncedAt}`);
              directRows++;
            } else wait = write(`${read}\t${copyLine(n.row, payloadIndex)}`);
            if (wait) await wait;
            if (++sinceProgress >= batchSize) {
              sinceProgress = 0;
              progress('load');
            }
          } else {
            rejected++;
            const r = n.rejection;
            if (rejections.length < ingestLimits.reportedRejections) {
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
            if (pendingRejects.length >= 1000) await flushRejects();
          }
        }
      }
      await closeCopy();
      await flushRejects();
    } catch (error) {
      // Let a COPY being fed end before the rollback is sent on the same connection.
      await copy?.close().catch(() => {});
      throw error;
    }
    progress('upsert');
    if (!tempReady) return { distinct_ids: directRows, inserted: directRows, updated: 0 };
    const [row] = await tx.query<{ distinct_ids: number; inserted: number; updated: number }>(upsertSql(t), [syncedAt]);
    if (!directRows) return row!;
    // Direct mode ended by a repeated id: the table was empty and locked, so every conflict was
    // with a row this load wrote directly, i.e. a later record of the same id (a duplicate).
    const inserted = directRows + Number(row!.inserted);
    return { distinct_ids: inserted, inserted, updated: 0 };
  }
  const inserted = Number(counts.inserted);
  const updated = Number(counts.updated);
  const distinct = Number(counts.distinct_ids);
  if (vacuum) {
    progress('vacuum');
    // on the database's own client, outside any transaction (VACUUM cannot run in one)
    await execScript(db, `VACUUM (ANALYZE, SKIP_LOCKED) ${t.table}`);
  }
  const result: IngestResult = {
    inserted,
    updated,
    unchanged: distinct - inserted - updated,
    rejected,
    duplicates: valid - distinct,
    total: read,
    runId,
    durationMs: Math.round(performance.now() - started),
    rejections,
  };
  progress('done');
  return result;
}

async function ingest(db: Database, t: RawTable, source: IngestSource, options?: IngestOptions): Promise<IngestResult> {
  const opts = checkOptions(options);
  if (opts.log === false) return load(db, t, source, opts, opts.runId ?? null);
  const label = opts.label ?? (typeof source === 'string' ? source : source instanceof URL ? source.href : undefined);
  return recordRun(db, t.kind, (run) => load(db, t, source, opts, run.id), {
    details: { source: t.source, ...(label ? { label } : {}) },
    counts: (r) => ({ total: r.total, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, duplicates: r.duplicates }),
  });
}

/**
 * Loads Xendit invoices into `ingest.xendit_raw`: a file (JSON array, NDJSON, paged object, legacy
 * CSV), a paged API response, or an (async) iterable of invoice objects. One transaction: invalid
 * records go to `ingest.rejected_rows` and the rest load; a malformed file loads nothing. Idempotent:
 * the same input twice changes nothing the second time (`unchanged`).
 */
export function ingestXendit(db: Database, source: IngestSource, options?: IngestOptions): Promise<IngestResult> {
  return ingest(db, xendit, source, options);
}

/** Loads Systeme.io contacts into `ingest.systemeio_raw`; the same contract as `ingestXendit`. */
export function ingestSystemeio(db: Database, source: IngestSource, options?: IngestOptions): Promise<IngestResult> {
  return ingest(db, systemeio, source, options);
}

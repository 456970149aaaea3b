import { on } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { type Database, engineOf, execScript } from '../db.js';
import { type CopyWriter, copyChunk, type RawTx, withRawTransaction } from './copy.js';
import type { LoadWorkerAck, LoadWorkerInput, LoadWorkerMessage, SerializedError } from './load-worker.js';
import { BufferPool, type PendingReject, type RawTable, type RowLoopConfig, type RowLoopResult, type RowSink, rawTables, runRowLoop } from './rows.js';
import { recordRun } from './run-log.js';
import { type OpenedSource, openSource, type ReadLimits } from './sources.js';
import { type FileFormat, IngestError, type IngestOptions, type IngestProgress, type IngestResult, type IngestSource } from './types.js';

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
  /**
   * Smallest file read on a worker thread by default on PGlite (`IngestOptions.worker`). A worker
   * starts with its own cold engine (~0.3-0.5 s more at 10,000 invoices, 3 MB); measured even at
   * 40,000 (14 MB), 5-20 % faster at 100,000 (35 MB), a third faster at 1M (391 MB).
   */
  workerMinBytes: 32 * 1024 * 1024,
  /** Chunks (or batches of rejected rows) a worker hands on before it waits for the database to take one. */
  workerWindow: 4,
} as const;

const xendit = rawTables.xendit;
const systemeio = rawTables.systemeio;

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
  worker: z.boolean().optional(),
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

/**
 * Whether a load's record loop runs on a worker thread (`IngestOptions.worker`): as asked, else on
 * PGlite for a file of `ingestLimits.workerMinBytes` or more.
 */
export function loadsOnWorker(db: Database, opened: OpenedSource, options: Pick<IngestOptions, 'worker'>): boolean {
  return (
    options.worker ??
    (engineOf(db) === 'pglite' && opened.kind === 'file' && (opened.progress.totalBytes ?? 0) >= ingestLimits.workerMinBytes && workerModule() !== undefined)
  );
}

/**
 * Where the worker's module is: dist/ingest/load-worker.js beside this file in the package, or, run
 * from the TypeScript sources (the package's own tests and bench), load-worker.ts with tsx's loader
 * (a devDependency). Undefined when it is not there, as when an app bundles the package into one
 * file: the default then keeps the loop in the calling thread.
 */
function workerModule(): { url: URL; tsxApi?: string } | undefined {
  const here = import.meta.url;
  const url = new URL(here.endsWith('.ts') ? './load-worker.ts' : './load-worker.js', here);
  if (url.protocol !== 'file:' || !existsSync(url)) return undefined;
  if (!here.endsWith('.ts')) return { url };
  try {
    const tsxPackage = createRequire(here).resolve('tsx/package.json');
    const exportsOf = JSON.parse(readFileSync(tsxPackage, 'utf8')).exports as Record<string, { import: { default: string } }>;
    return { url, tsxApi: new URL(exportsOf['./esm/api']!.import.default, pathToFileURL(tsxPackage)).href };
  } catch {
    return undefined;
  }
}

/** The format asked for a file source (else it is told by the extension, then the first character). */
function fileFormat(source: IngestSource, options: IngestOptions): FileFormat | undefined {
  if (options.format) return options.format;
  if (typeof source === 'object' && source !== null && 'path' in source && 'format' in source) return source.format as FileFormat | undefined;
  return undefined;
}

/** Starts the load's worker thread (`workerModule`). */
function startWorker(input: LoadWorkerInput): Worker {
  const module = workerModule();
  if (!module) {
    throw new IngestError('invalid_option', "worker: the worker thread's module (ingest/load-worker.js) is not beside the package's code, as in a bundle", {
      field: 'worker',
    });
  }
  if (!module.tsxApi) return new Worker(module.url, { workerData: input });
  const target = JSON.stringify(module.url.href);
  return new Worker(`import(${JSON.stringify(module.tsxApi)}).then((m) => m.tsImport(${target}, ${target}))`, { eval: true, workerData: input });
}

function revive(error: SerializedError): Error {
  if (error.name === 'IngestError' && error.code) return new IngestError(error.code as IngestError['code'], error.message, error.details);
  const e = new Error(`the load's worker thread failed: ${error.message}`);
  if (error.stack) e.stack = error.stack;
  return e;
}

/**
 * The record loop on a worker thread (docs/ingest.md, "The record loop on a worker thread"): its
 * events reach `sink` in order, each chunk acknowledged once the database took it. The worker is
 * stopped however the load ends.
 */
async function runInWorker(input: LoadWorkerInput, sink: RowSink, pool: BufferPool): Promise<RowLoopResult> {
  const worker = startWorker(input);
  const stopped = new AbortController();
  let failure: unknown;
  worker.on('error', (error) => {
    failure ??= error;
    stopped.abort();
  });
  worker.once('exit', (code) => {
    failure ??= new Error(`the load's worker thread stopped before the end of the file (exit code ${code})`);
    stopped.abort();
  });
  try {
    for await (const [message] of on(worker, 'message', { signal: stopped.signal })) {
      const m = message as LoadWorkerMessage;
      if (m.type === 'result') return m.result;
      if (m.type === 'error') throw revive(m.error);
      const wait = sink(m);
      if (wait) await wait;
      if (m.type === 'progress') continue;
      // A chunk's buffer the database is done with goes back to be written again.
      const free = m.type === 'chunk' ? pool.take() : undefined;
      const ack: LoadWorkerAck = free ? { ack: true, buffer: free.buffer as ArrayBuffer } : { ack: true };
      worker.postMessage(ack, free ? [free.buffer as ArrayBuffer] : undefined);
    }
    throw new Error("the load's worker thread ended without a result");
  } catch (error) {
    if (stopped.signal.aborted && failure !== undefined) throw failure;
    throw error;
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

async function load(db: Database, t: RawTable, source: IngestSource, options: IngestOptions, runId: number | null): Promise<IngestResult> {
  const started = performance.now();
  const limits: ReadLimits = { maxValueChars: ingestLimits.maxValueChars, maxDepth: ingestLimits.maxDepth };
  const opened = openSource(source, options.format, limits);
  const useWorker = loadsOnWorker(db, opened, options);
  if (useWorker && opened.kind !== 'file') {
    throw new IngestError('invalid_option', 'worker: only a file source (a path, a file URL or { path }) is read on a worker thread', { field: 'worker' });
  }
  const syncedAt = options.syncedAt === undefined ? null : new Date(options.syncedAt).toISOString();
  let counted = { read: 0, valid: 0, rejected: 0, bytesRead: 0 };

  const progress = (phase: IngestProgress['phase']) =>
    options.onProgress?.({
      phase,
      ...counted,
      bytesRead: (useWorker ? counted.bytesRead : opened.progress.bytesRead) || undefined,
      totalBytes: opened.progress.totalBytes,
    });

  const { counts, loop, vacuum } = await withRawTransaction(db, async (tx: RawTx) => {
    const written = await writeRows(tx);
    const vacuum = options.vacuum !== false && (await vacuumDue(tx, t, Number(written.counts.inserted) + Number(written.counts.updated)));
    return { ...written, vacuum };
  });
  async function writeRows(tx: RawTx): Promise<{ counts: { distinct_ids: number; inserted: number; updated: number }; loop: RowLoopResult }> {
    // Direct COPYs write (columns…, content_hash[, api_synced_at]); without syncedAt the column's
    // default now() gives what the merge writes (the transaction's start).
    const directColumns = [...t.columns, 'content_hash', ...(syncedAt === null ? [] : ['api_synced_at'])];
    const direct = await claimEmptyTable(tx, t);
    /** Whether chunks go to the raw table itself; the first merge chunk ends it for good. */
    let directOpen = direct;
    let tempReady = false;
    const ensureTemp = async () => {
      if (tempReady) return;
      tempReady = true;
      // The dedupe (DISTINCT ON) sorts the whole load: give it memory instead of temp files.
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      await tx.query(`CREATE TEMP TABLE ingest_load (seq bigint, ${t.columns.map((c, i) => `${c} ${t.types[i]}`).join(', ')}) ON COMMIT DROP`);
    };
    if (!direct) await ensureTemp();

    /** The COPY being fed (into the raw table in direct mode, else into the temp table). */
    let copy: CopyWriter | undefined;
    /** Ends the COPY being fed: the connection runs other statements again. */
    const closeCopy = async () => {
      const c = copy;
      copy = undefined;
      if (c) await c.close();
    };
    const insertRejects = async (rejects: PendingReject[]) => {
      await closeCopy();
      await tx.query(rejectSql, [runId, t.source, JSON.stringify(rejects)]);
    };
    /** Buffers of chunks the engine is done with (PGlite copies each chunk), written again. */
    const pool = new BufferPool();
    const feed = async (mode: 'direct' | 'merge', bytes: Uint8Array) => {
      if (mode === 'merge' && directOpen) {
        // A repeated id: the direct rows so far stay, the rest of the load is merged.
        await closeCopy();
        directOpen = false;
        await ensureTemp();
      }
      copy ??= directOpen ? tx.openCopy(t.table, directColumns) : tx.openCopy(TEMP, ['seq', ...t.columns]);
      await copy.chunk(bytes);
      if (!copy.keepsBytes) pool.give(bytes);
    };
    const sink: RowSink = (event) => {
      if (event.type === 'chunk') return feed(event.mode, event.bytes);
      if (event.type === 'rejects') return insertRejects(event.rejects);
      counted = { read: event.read, valid: event.valid, rejected: event.rejected, bytesRead: event.bytesRead };
      progress('load');
      return undefined;
    };
    const config: RowLoopConfig = {
      source: t.source,
      direct,
      syncedAt,
      normalize: { maxPayloadChars: ingestLimits.maxPayloadChars },
      ...copyChunk(db, options.batchSize ?? ingestLimits.defaultBatchSize),
      progressEvery: options.batchSize ?? ingestLimits.defaultBatchSize,
      rejectsEvery: 1000,
      reportedRejections: ingestLimits.reportedRejections,
    };
    progress('load');
    let loop: RowLoopResult;
    try {
      loop = useWorker
        ? await runInWorker({ path: opened.label, format: fileFormat(source, options), limits, config, window: ingestLimits.workerWindow }, sink, pool)
        : await runRowLoop(opened, config, sink, pool);
      await closeCopy();
    } catch (error) {
      // Let a COPY being fed end before the rollback is sent on the same connection.
      await copy?.close().catch(() => {});
      throw error;
    }
    counted = { read: loop.read, valid: loop.valid, rejected: loop.rejected, bytesRead: counted.bytesRead };
    progress('upsert');
    if (!tempReady) return { counts: { distinct_ids: loop.directRows, inserted: loop.directRows, updated: 0 }, loop };
    const [row] = await tx.query<{ distinct_ids: number; inserted: number; updated: number }>(upsertSql(t), [syncedAt]);
    if (!loop.directRows) return { counts: row!, loop };
    // Direct mode ended by a repeated id: the table was empty and locked, so every conflict was
    // with a row this load wrote directly, i.e. a later record of the same id (a duplicate).
    const inserted = loop.directRows + Number(row!.inserted);
    return { counts: { distinct_ids: inserted, inserted, updated: 0 }, loop };
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
    rejected: loop.rejected,
    duplicates: loop.valid - distinct,
    total: loop.read,
    runId,
    durationMs: Math.round(performance.now() - started),
    rejections: loop.rejections,
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

import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, dbErrorCode, dbErrorMessage, firstRows, jsonValue, queryRows } from '../db.js';
import { ValidationError, UnifiedSchemaError } from '../errors.js';
import { CUTOVER_STEPS, type CutoverStep, ROLLBACK_STEPS, type RollbackStep } from '../functions/ingest/cutover.js';
import { CUTOVER_SQLSTATES, type CutoverErrorCode, FAIL_AT_SETTING } from '../functions/ingest/cutover-swap.js';
import type { SwappedTable } from '../functions/ingest/staging.js';
import { type Backup, type BackupStatus, backupIdProblem, backups, type DetachedForeignKey } from '../schema/ingest/backups.js';
import { recordRun } from './run-log.js';

export { CUTOVER_STEPS, type CutoverErrorCode, type CutoverStep, ROLLBACK_STEPS, type RollbackStep };

/**
 * A refused or failed cutover, rollback or backup operation. `code` says why (`blocking_errors`,
 * `empty_staging`, `shrink`, `staging_missing`, `structure_mismatch`, `dependents_remain`,
 * `injected_failure`, `invalid_backup_id`, `unknown_backup`, `backup_not_active`,
 * `verification_failed`, `stale_staging`, `invalid_option`, `production_missing`, `lock_timeout`,
 * `invalid_staging`, `database_error`); `sqlState` is the database's SQLSTATE, `detail` its DETAIL.
 * Whatever the code, the operation's transaction rolled back: production is as it was.
 */
export class CutoverError extends UnifiedSchemaError {
  override readonly name: string = 'CutoverError';
  declare readonly code: CutoverErrorCode;
  /** The database error's DETAIL, when it gave one. */
  readonly detail: string | undefined;
  constructor(code: CutoverErrorCode, message: string, options: { sqlState?: string; detail?: string; cause?: unknown } = {}) {
    super(code, message, options);
    this.detail = options.detail;
  }
}

/** A refused or failed rollback (same codes as CutoverError). */
export class RollbackError extends CutoverError {
  override readonly name = 'RollbackError';
}

function errorDetail(error: unknown): string | undefined {
  let e: unknown = error;
  while (e) {
    const detail = (e as { detail?: unknown }).detail;
    if (typeof detail === 'string' && detail) return detail;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns a database error raised by the cutover/rollback functions into a CutoverError / RollbackError. */
export function toCutoverError(error: unknown, kind: 'cutover' | 'rollback' | 'drop backup' | 'seal backup' = 'cutover'): CutoverError {
  if (error instanceof CutoverError) return error;
  const sqlState = dbErrorCode(error);
  const code: CutoverErrorCode = (sqlState && (CUTOVER_SQLSTATES as Record<string, CutoverErrorCode>)[sqlState]) || 'database_error';
  const Ctor = kind === 'rollback' ? RollbackError : CutoverError;
  // The message names the operation that refused (`drop backup: …`, not `cutover: …`).
  return new Ctor(code, `${kind}: ${dbErrorMessage(error)}`, { sqlState, detail: errorDetail(error), cause: error });
}

export interface ForeignKeyReport {
  table: string;
  name: string;
  /** false: rows of `table` point at rows the new data lacks; the key checks new writes only (NOT VALID). */
  validated: boolean;
  error: string | null;
}

export interface SwapTimings {
  checksMs?: number;
  authUsersMs?: number;
  stagingConstraintsMs?: number;
  verifyMs?: number;
  backupForeignKeysMs?: number;
  /** Waiting for production's ACCESS EXCLUSIVE locks. */
  lockMs?: number;
  /** The swap proper (moves, re-pointed dependents, dependency check): independent of the row count. */
  swapMs?: number;
  registerMs?: number;
  /** REFRESH of the re-created materialized views (inside the transaction unless refresh: 'after'). */
  refreshMs?: number;
  /** Hashing the backup after the commit (`sealBackup`). */
  sealMs?: number;
  totalMs?: number;
}

export interface CutoverResult {
  backupId: string;
  /** `ingest_backup_<backupId>`: where the previous production tables are. */
  schemaName: string;
  /** Rows now in production (what staging held). */
  counts: Record<SwappedTable, number>;
  /** Rows production had before (counted before its lock; exact counts are `backupCounts`). */
  previousCounts: Record<SwappedTable, number>;
  /** Exact rows of the backup tables (registry). */
  backupCounts: Record<SwappedTable, number> | null;
  /** md5 per backup table (registry). */
  checksums: Record<SwappedTable, string> | null;
  authUsersCreated: number;
  /** Staging constraints added or validated before the swap (keys to auth.users prepare left NOT VALID). */
  stagingConstraints: { table: string; name: string; action: 'added' | 'validated' }[];
  views: string[];
  materializedViews: { name: string; kind: 'm' | 'v'; populated: boolean }[];
  /** Whether the materialized views were refreshed (inside the transaction, or after it with refresh: 'after'). */
  refreshed: boolean;
  foreignKeys: ForeignKeyReport[];
  policies: { name: string; table: string }[];
  detachedForeignKeys: ({ table: string } & DetachedForeignKey)[];
  warnings: string[];
  timings: SwapTimings;
  attempts: number;
  runId: number;
  durationMs: number;
}

const fraction = z.number().finite().min(0, 'must be between 0 and 1 (a fraction) or 0 and 100 (percent)');
/** The options cutover and rollback share: locking, retries, the materialized-view refresh. */
export const swapOptionsShape = {
  /** lock_timeout of each attempt (default 5000 ms). */
  lockTimeoutMs: z.number().int().min(1).max(600_000).optional(),
  /** Attempts when a lock times out or a deadlock is detected (default 5), with exponential backoff. */
  maxAttempts: z.number().int().min(1).max(20).optional(),
  /**
   * 'inside' (default): the re-created materialized views are refreshed in the swap's transaction
   * (no reader ever sees one unpopulated; production stays locked while they refresh). 'after':
   * refreshed right after the commit (production is locked for O(1) only; MV readers get an error
   * until each refresh ends). 'none': left unpopulated for the caller (`refresh_dashboard_views()`).
   */
  refresh: z.enum(['inside', 'after', 'none']).optional(),
};
export const cutoverOptionsSchema = z
  .object({
    /** Cut over although a staging table shrank by more than maxShrink (never past blocking errors or empty staging). */
    force: z.boolean().optional(),
    /** Largest accepted shrink per table: a fraction (0.1 = 10 %, the default); a number above 1 is read as percent (25 = 25 %). */
    maxShrink: fraction.max(100, 'must be between 0 and 1 (a fraction) or 0 and 100 (percent)').optional(),
    ...swapOptionsShape,
    /** Tests: make the step with this name fail (transaction-local `ingest.fail_at`). */
    failAt: z.enum(CUTOVER_STEPS).optional(),
  })
  .strict();
export type CutoverOptions = z.input<typeof cutoverOptionsSchema>;

/** @internal zod-parses options, or throws a CutoverError / RollbackError with code `invalid_option`. */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, kind: 'cutover' | 'rollback'): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || 'options';
  const Ctor = kind === 'rollback' ? RollbackError : CutoverError;
  throw new Ctor('invalid_option', `${kind}: ${field}: ${issue.message}`, { cause: new ValidationError(field, issue.message, { issues: parsed.error.issues }) });
}

/**
 * Runs `fn(tx)` in one transaction that first sets `ingest.fail_at` when a failure is injected.
 * Returns the jsonb the SQL function returned.
 */
/** @internal */
export async function callInTransaction<T>(db: Database, failAt: string | undefined, query: ReturnType<typeof sql>): Promise<T> {
  return db.transaction(async (tx) => {
    if (failAt) await tx.execute(sql`select set_config(${FAIL_AT_SETTING}, ${failAt}, true)`);
    const [row] = await queryRows<{ r: unknown }>(tx as unknown as Database, query);
    return jsonValue<T>(row!.r);
  });
}

/**
 * @internal `refresh: 'after'`: REFRESH MATERIALIZED VIEW for each re-created, previously populated MV
 * right after the commit; a failure is a warning (the swap stands), the time goes to `timings.refreshMs`.
 */
export async function refreshAfter<R extends { materializedViews: { name: string; kind: string; populated: boolean }[]; refreshed?: boolean }>(
  db: Database,
  result: R,
  what: 'cutover' | 'rollback',
  warnings: string[],
  timings: { refreshMs?: number },
): Promise<R> {
  const started = performance.now();
  try {
    for (const mv of result.materializedViews) {
      if (mv.kind !== 'm' || !mv.populated) continue;
      // Names come from the function's result, which built them with format('%I.%I'): already quoted.
      await db.execute(sql.raw(`REFRESH MATERIALIZED VIEW ${mv.name}`));
    }
    result = { ...result, refreshed: true };
  } catch (error) {
    warnings.push(`materialized views not refreshed after the ${what} (${what === 'cutover' ? dbErrorMessage(error) : String(error)}): run refresh_dashboard_views()`);
  }
  timings.refreshMs = Math.round((performance.now() - started) * 10) / 10;
  return result;
}

/**
 * The atomic cutover (wraps `public.launch_clean_production`): staging becomes production, the
 * previous production tables are kept in `ingest_backup_<backupId>` and registered in
 * `ingest.backups`. Recorded as a `cutover` run in `ingest.run_log`. Refuses with a CutoverError
 * (nothing changed) on blocking validation errors, empty staging, a shrink beyond `maxShrink`
 * (unless `force`), or staging that is not an exact clone; retries lock timeouts with backoff.
 * After the commit it seals the backup (counts and checksums, hashed outside the cutover's locks).
 * Pass the root database, not a transaction (the run log and the seal commit on their own).
 */
export async function cutover(db: Database, options: CutoverOptions = {}): Promise<CutoverResult> {
  const opts = parseOptions(cutoverOptionsSchema, options, 'cutover');
  const maxShrink = opts.maxShrink === undefined ? 0.1 : opts.maxShrink > 1 ? opts.maxShrink / 100 : opts.maxShrink;
  const refresh = opts.refresh ?? 'inside';
  return recordRun(
    db,
    'cutover',
    async (run) => {
      let result: Omit<CutoverResult, 'runId' | 'durationMs'>;
      const started = performance.now();
      try {
        result = await callInTransaction(
          db,
          opts.failAt,
          sql`select public.launch_clean_production(
                max_shrink => ${maxShrink}::numeric,
                force => ${opts.force ?? false},
                lock_timeout_ms => ${opts.lockTimeoutMs ?? 5000}::int,
                max_attempts => ${opts.maxAttempts ?? 5}::int,
                refresh_materialized_views => ${refresh === 'inside'},
                compute_checksums => false) as r`,
        );
      } catch (error) {
        throw toCutoverError(error, 'cutover');
      }
      run.addDetails({ backupId: result.backupId, schemaName: result.schemaName });
      const warnings = [...result.warnings];
      const timings = { ...result.timings };
      // Hash the frozen backup now that production is unlocked.
      const sealStarted = performance.now();
      try {
        const seal = await sealBackup(db, result.backupId);
        result = { ...result, backupCounts: seal.counts as Record<SwappedTable, number>, checksums: seal.checksums as Record<SwappedTable, string> };
      } catch (error) {
        warnings.push(`the backup was not sealed (${dbErrorMessage(error)}): run sealBackup(db, '${result.backupId}'); rollback seals it otherwise`);
      }
      timings.sealMs = Math.round((performance.now() - sealStarted) * 10) / 10;
      if (refresh === 'after') result = await refreshAfter(db, result, 'cutover', warnings, timings);
      const counts = result.counts;
      run.setCounts({ ...counts, authUsersCreated: result.authUsersCreated, attempts: result.attempts });
      run.addDetails({ warnings, timings });
      return { ...result, warnings, timings, runId: run.id, durationMs: Math.round(performance.now() - started) };
    },
    { details: { force: opts.force ?? false, maxShrink, refresh } },
  );
}

/** Refuses a malformed backup id before any query (CutoverError `invalid_backup_id`). */
function assertBackupId(backupId: unknown, operation: string): asserts backupId is string {
  const problem = backupIdProblem(backupId, operation);
  if (problem) throw new CutoverError('invalid_backup_id', problem);
}

/** Counts and checksums of a backup (computed and stored once; `ingest.seal_backup`). */
export async function sealBackup(db: Database, backupId: string): Promise<{ backupId: string; counts: Record<string, number>; checksums: Record<string, string> }> {
  assertBackupId(backupId, 'seal backup');
  try {
    const [row] = await queryRows<{ r: unknown }>(db, sql`select ingest.seal_backup(${backupId}) as r`);
    return jsonValue(row!.r);
  } catch (error) {
    throw toCutoverError(error, 'seal backup');
  }
}

/** The backup registry, newest first. */
export async function listBackups(db: Database, options: { status?: BackupStatus; limit?: number } = {}): Promise<Backup[]> {
  return firstRows(db, backups, options.status ? eq(backups.status, options.status) : undefined, [desc(backups.createdAt), desc(backups.id)], options.limit, 50);
}

/** One backup by id (undefined when unknown); a malformed id is refused. */
export async function getBackup(db: Database, backupId: string): Promise<Backup | undefined> {
  assertBackupId(backupId, 'get backup');
  const [row] = await db.select().from(backups).where(eq(backups.id, backupId));
  return row;
}

/** Drops an active backup's tables and schema and marks it `dropped` (`ingest.drop_backup`). */
export async function dropBackup(db: Database, backupId: string): Promise<{ backupId: string; schemaName: string; status: 'dropped' }> {
  assertBackupId(backupId, 'drop backup');
  try {
    const [row] = await queryRows<{ r: unknown }>(db, sql`select ingest.drop_backup(${backupId}) as r`);
    return jsonValue(row!.r);
  } catch (error) {
    throw toCutoverError(error, 'drop backup');
  }
}

/** What still depends on the given tables from outside them (`ingest.outside_dependents`); empty is good. */
export async function outsideDependents(db: Database, tables: string[], options: { isolated?: boolean } = {}) {
  return queryRows<{ dependent: string; referenced: string; deptype: string }>(
    db,
    sql`select * from ingest.outside_dependents(${`{${tables.map((t) => `"${t.replaceAll('"', '\\"')}"`).join(',')}}`}::regclass[], ${options.isolated ?? false})`,
  );
}

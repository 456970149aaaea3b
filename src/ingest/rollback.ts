import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db.js';
import { ROLLBACK_STEPS } from '../functions/ingest/cutover.js';
import type { SwappedTable } from '../functions/ingest/staging.js';
import { backupIdProblem } from '../schema/ingest/backups.js';
import { callInTransaction, type ForeignKeyReport, parseOptions, RollbackError, refreshAfter, type SwapTimings, swapOptionsShape, toCutoverError } from './cutover.js';
import { recordRun } from './run-log.js';

export interface RollbackResult {
  backupId: string;
  /** The backup schema the tables came from (dropped once empty). */
  schemaName: string;
  /** Rows restored per table, verified against the registry. */
  counts: Record<SwappedTable, number>;
  checksums: Record<SwappedTable, string>;
  /** false when the registry's checksums came from another PostgreSQL major version (counts verified only) or the backup was never sealed. */
  checksumsVerified: boolean;
  /** Where the production tables that were replaced are now (kept for a retry, triggers disabled). */
  stagingTables: string[];
  /** Staging tables a later prepare had built, dropped to make room. */
  droppedStaging: string[];
  views: string[];
  materializedViews: { name: string; kind: 'm' | 'v'; populated: boolean }[];
  refreshed: boolean;
  foreignKeys: ForeignKeyReport[];
  policies: { name: string; table: string }[];
  warnings: string[];
  timings: SwapTimings;
  attempts: number;
  runId: number;
  durationMs: number;
}

export const rollbackOptionsSchema = z
  .object({
    ...swapOptionsShape,
    /** Tests: make the step with this name fail (transaction-local `ingest.fail_at`). */
    failAt: z.enum(ROLLBACK_STEPS).optional(),
  })
  .strict();
export type RollbackOptions = z.input<typeof rollbackOptionsSchema>;

/**
 * Puts the production tables of a cutover back (wraps `public.rollback_migration`). `backupId` must
 * look like one (`b20250131_235959_a1b2c3`) or it is refused before anything is written, and it is
 * only ever compared with `ingest.backups.id`: every schema and table name comes from the registry.
 * The backup's counts and checksums are verified first; the current production tables go back to
 * `ingest.<table>_staging` (kept for a retry); the backup is marked `restored`. Recorded as a
 * `rollback` run. Errors are RollbackError (`invalid_backup_id`, `unknown_backup`,
 * `backup_not_active`, `verification_failed`, `lock_timeout`, …), with nothing changed.
 */
export async function rollback(db: Database, backupId: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  const problem = backupIdProblem(backupId, 'rollback');
  if (problem) throw new RollbackError('invalid_backup_id', problem);
  const opts = parseOptions(rollbackOptionsSchema, options, 'rollback');
  const refresh = opts.refresh ?? 'inside';
  return recordRun(
    db,
    'rollback',
    async (run) => {
      const started = performance.now();
      let result: Omit<RollbackResult, 'runId' | 'durationMs'>;
      try {
        result = await callInTransaction(
          db,
          opts.failAt,
          sql`select public.rollback_migration(
                backup_id => ${backupId},
                lock_timeout_ms => ${opts.lockTimeoutMs ?? 5000}::int,
                max_attempts => ${opts.maxAttempts ?? 5}::int,
                refresh_materialized_views => ${refresh === 'inside'}) as r`,
        );
      } catch (error) {
        throw toCutoverError(error, 'rollback');
      }
      const warnings = [...result.warnings];
      const timings = { ...result.timings };
      if (refresh === 'after') result = await refreshAfter(db, result, 'rollback', warnings, timings);
      run.setCounts({ ...result.counts, attempts: result.attempts });
      run.addDetails({ warnings, timings });
      return { ...result, warnings, timings, runId: run.id, durationMs: Math.round(performance.now() - started) };
    },
    { details: { backupId } },
  );
}

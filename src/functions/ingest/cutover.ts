import { BACKUP_ID_FORM, BACKUP_ID_PATTERN } from '../../schema/ingest/backups.js';
import { sqlLiteral } from '../../schema/_shared/index.js';
import { sqlFile, defineOwnerFunction } from '../define.js';
import { cutoverSwapObjects } from './cutover-swap.js';
import { STAGING_LOCK_KEY, SWAPPED_TABLES } from './staging.js';

/** The swapped tables, in FK order, as an SQL text[] literal. */
const tablesArray = `ARRAY[${SWAPPED_TABLES.map((t) => sqlLiteral(t.table)).join(', ')}]::text[]`;
/**
 * One lock for everything that rebuilds or swaps staging: create_staging_tables, prepare, cutover,
 * rollback. Transaction-level, so it is released at commit or rollback, and it waits under
 * lock_timeout like any lock.
 */
const advisoryLock = `PERFORM pg_advisory_xact_lock(hashtext(${sqlLiteral(STAGING_LOCK_KEY)}))`;

/** Refuses a NULL or malformed backup id (UC008, naming the expected form) before any lookup: rollback_migration and lock_backup. */
const refuseMalformedBackupId = (arg: string) => `  IF ${arg} IS NULL OR ${arg} !~ '${BACKUP_ID_PATTERN}' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008',
      MESSAGE = format('%s is not a backup id (expected %s)', coalesce(quote_literal(left(${arg}, 80)), 'NULL'), ${sqlLiteral(BACKUP_ID_FORM)}),
      HINT = 'code=invalid_backup_id';
  END IF;`;

/** The steps cutover and rollback share (the production lock, then ingest.swap_production_tables), in order. */
const SWAP_STEPS = ['lock', 'capture', 'move_tables', 'triggers', 'views', 'materialized_views', 'foreign_keys', 'policies'] as const;

/**
 * Steps of `launch_clean_production`, in order. After each one `ingest.cutover_checkpoint(step)`
 * runs, so `set_config('ingest.fail_at', '<step>', true)` makes the cutover fail right there.
 */
export const CUTOVER_STEPS = [
  'checks',
  'auth_users',
  'staging_constraints',
  ...SWAP_STEPS,
  'backup_foreign_keys',
  'verify',
  'register',
  'refresh',
] as const;
export type CutoverStep = (typeof CUTOVER_STEPS)[number];

/** Steps of `rollback_migration`, in order (same checkpoint mechanism). */
export const ROLLBACK_STEPS = [
  'checks',
  'verify_backup',
  'backup_foreign_keys',
  ...SWAP_STEPS,
  'verify',
  'register',
  'refresh',
] as const;
export type RollbackStep = (typeof ROLLBACK_STEPS)[number];

/**
 * The body of launch_clean_production and rollback_migration: `check` (their own argument checks),
 * then a retry loop around one attempt: lock_not_available / deadlock → back off (exponential,
 * jittered) and retry.
 */
const retryingBody = (what: string, check: string, call: string) => `
DECLARE
  v_attempt int := 0;
  v_result jsonb;
  v_msg text;
  v_started timestamptz := clock_timestamp();
BEGIN
${check}
  
  IF lock_timeout_ms IS NULL OR lock_timeout_ms < 1 OR lock_timeout_ms > 600000 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('lock_timeout_ms must be between 1 and 600000, got %s', lock_timeout_ms), HINT = 'code=invalid_option';
  END IF;
  IF max_attempts IS NULL OR max_attempts < 1 OR max_attempts > 20 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('max_attempts must be between 1 and 20, got %s', max_attempts), HINT = 'code=invalid_option';
  END IF;
  -- SET LOCAL lock_timeout: every lock of the attempt (advisory, tables, views, referencing tables) waits at most this long
  PERFORM set_config('lock_timeout', lock_timeout_ms || 'ms', true);
  -- the catalog queries of the swap are planned as expensive: JIT-compiling them cost ~200 ms a call on
  -- PostgreSQL 15, more than running them. Back on (as it was) for the materialized-view refresh.
  PERFORM set_config('ingest.jit', current_setting('jit'), true);
  PERFORM set_config('jit', 'off', true);
  LOOP
    v_attempt := v_attempt + 1;
    BEGIN
      v_result := ${call};
      EXIT;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
      GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT;
      IF v_attempt >= max_attempts THEN
        RAISE EXCEPTION USING ERRCODE = '55P03',
          MESSAGE = format('${what}: could not take its locks in %s attempt(s) (lock_timeout %s ms): %s', v_attempt, lock_timeout_ms, v_msg),
          HINT = 'code=lock_timeout';
      END IF;
      -- 0.1 s, 0.2 s, 0.4 s … capped at 5 s, each between half and all of it
      PERFORM pg_sleep(least(0.1 * power(2, v_attempt - 1), 5) * (0.5 + random() / 2));
    END;
  END LOOP;
  RETURN v_result || jsonb_build_object('attempts', v_attempt,
    'timings', (v_result -> 'timings') || jsonb_build_object('totalMs', round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1)));
END`;


/** One cutover attempt (run by launch_clean_production inside a subtransaction, retried on lock timeouts). */
export const cutoverAttemptFn = defineOwnerFunction('ingest.cutover_attempt(max_shrink numeric, force boolean, refresh_materialized_views boolean, compute_checksums boolean) RETURNS jsonb', {
  comment: 'One attempt of public.launch_clean_production (internal).',
  body: sqlFile(import.meta.url, './cutover-attempt.sql', { SWAPPED_TABLES: tablesArray, STAGING_LOCK_KEY: sqlLiteral(STAGING_LOCK_KEY) }),
});

/**
 * `public.launch_clean_production(max_shrink, force, lock_timeout_ms, max_attempts,
 * refresh_materialized_views, compute_checksums) → jsonb`: the atomic cutover of design doc 001,
 * without its bugs. One transaction (the caller's statement): checks → new auth users → staging
 * constraints → lock production → swap (ingest.swap_production_tables: production into
 * `ingest_backup_<id>`, staging into public, every dependent re-pointed, nothing left depending on
 * the backup) → register in ingest.backups → refresh the re-created materialized views.
 * Refuses: blocking errors in the latest validation report (UC001), empty staging (UC002), a staging
 * table smaller than production by more than `max_shrink` (UC003, unless `force`), missing staging
 * (UC004), staging not interchangeable with production (UC005). lock_timeout per attempt; a lock
 * timeout or deadlock retries the whole attempt (subtransaction) with backoff, `max_attempts` times.
 * SECURITY INVOKER and no EXECUTE grant: run it as the tables' owner (the migration role).
 */
export const launchCleanProductionFn = defineOwnerFunction('public.launch_clean_production(max_shrink numeric DEFAULT 0.10, force boolean DEFAULT false, lock_timeout_ms integer DEFAULT 5000, max_attempts integer DEFAULT 5, refresh_materialized_views boolean DEFAULT true, compute_checksums boolean DEFAULT true) RETURNS jsonb', {
  comment:
    'Atomic cutover: staging (ingest.*_staging) becomes production, production is kept in ingest_backup_<id> and registered in ingest.backups. Returns { backupId, counts, … }.',
  body: retryingBody(
    'cutover',
    `  IF max_shrink IS NULL OR max_shrink < 0 OR max_shrink > 1 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('max_shrink must be a fraction between 0 and 1, got %s', max_shrink), HINT = 'code=invalid_option';
  END IF;`,
    'ingest.cutover_attempt(max_shrink, coalesce(force, false), coalesce(refresh_materialized_views, true), coalesce(compute_checksums, true))',
  ),
});

/** One rollback attempt (run by rollback_migration inside a subtransaction, retried on lock timeouts). */
export const rollbackAttemptFn = defineOwnerFunction('ingest.rollback_attempt(p_backup_id text, refresh_materialized_views boolean) RETURNS jsonb', {
  comment: 'One attempt of public.rollback_migration (internal).',
  body: sqlFile(import.meta.url, './rollback-attempt.sql', { STAGING_LOCK_KEY: sqlLiteral(STAGING_LOCK_KEY), SWAPPED_TABLES: tablesArray }),
});

/**
 * `public.rollback_migration(backup_id text, …) → jsonb`: puts a cutover's backup back into
 * production. `backup_id` is only ever compared with `ingest.backups.id` (a malformed one is refused
 * before any lookup, UC008; an unknown one UC009; one already restored or dropped UC010); every schema
 * and table name comes from the registry row, through format('%I'). Verifies the backup's counts and
 * checksums against the registry first (UC011), then swaps the same way cutover does: the current
 * production tables become `ingest.<table>_staging` again (kept for a retry, triggers disabled;
 * staging rebuilt since is dropped), the backup tables return to public with their detached foreign
 * keys, every dependent is re-pointed; the emptied backup schema is dropped and the backup marked
 * `restored`. Auth users the cutover created stay. Same locking and retries as the cutover.
 */
export const rollbackMigrationFn = defineOwnerFunction('public.rollback_migration(backup_id text, lock_timeout_ms integer DEFAULT 5000, max_attempts integer DEFAULT 5, refresh_materialized_views boolean DEFAULT true) RETURNS jsonb', {
  comment: 'Restores the production tables of a cutover backup (ingest.backups); current production returns to ingest.*_staging.',
  body: retryingBody(
    'rollback',
    refuseMalformedBackupId('backup_id'),
    'ingest.rollback_attempt(backup_id, coalesce(refresh_materialized_views, true))',
  ),
});

/**
 * `ingest.lock_backup(backup_id, staging_lock) → ingest.backups`: the registry row of a backup, locked
 * FOR UPDATE, after refusing an id that is not one (UC008) and before refusing an unknown one (UC009);
 * with `staging_lock`, the staging advisory lock is taken between the two. For seal_backup and drop_backup.
 */
export const lockBackupFn = defineOwnerFunction('ingest.lock_backup(p_backup_id text, p_staging_lock boolean) RETURNS ingest.backups', {
  body: `
DECLARE
  v_b ingest.backups%ROWTYPE;
BEGIN
${refuseMalformedBackupId('p_backup_id')}
  IF p_staging_lock THEN
    ${advisoryLock};
  END IF;
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)), HINT = 'code=unknown_backup';
  END IF;
  RETURN v_b;
END`,
});

/**
 * `ingest.seal_backup(backup_id) → jsonb`: counts and checksums of an active backup's tables,
 * stored in the registry if not there yet. The TS `cutover()` calls it right after its commit so the
 * O(rows) hashing runs outside the cutover's locks (the backup is frozen: no grants on its schema, no
 * triggers, no foreign keys to or from live tables).
 */
export const sealBackupFn = defineOwnerFunction('ingest.seal_backup(p_backup_id text) RETURNS jsonb', {
  comment: 'Computes and records the counts and checksums of a cutover backup (once).',
  body: `
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_t text;
  v_cs jsonb;
  v_counts jsonb := '{}'::jsonb;
  v_checksums jsonb := '{}'::jsonb;
BEGIN
  v_b := ingest.lock_backup(p_backup_id, false);
  IF v_b.sealed_at IS NOT NULL OR v_b.status <> 'active' THEN
    RETURN jsonb_build_object('backupId', v_b.id, 'counts', v_b.counts, 'checksums', v_b.checksums, 'sealedAt', v_b.sealed_at);
  END IF;
  FOR v_t IN SELECT e.value ->> 'name' FROM jsonb_array_elements(v_b.tables) WITH ORDINALITY AS e(value, o) ORDER BY e.o LOOP
    v_cs := ingest.table_checksum(format('%I.%I', v_b.schema_name, v_t)::regclass);
    v_counts := v_counts || jsonb_build_object(v_t, (v_cs ->> 'count')::bigint);
    v_checksums := v_checksums || jsonb_build_object(v_t, v_cs ->> 'checksum');
  END LOOP;
  UPDATE ingest.backups
     SET counts = v_counts, checksums = v_checksums, sealed_at = now(), pg_version = current_setting('server_version_num')::int
   WHERE id = v_b.id;
  RETURN jsonb_build_object('backupId', v_b.id, 'counts', v_counts, 'checksums', v_checksums, 'sealedAt', now());
END`,
});

/**
 * `ingest.drop_backup(backup_id) → jsonb`: drops an active backup's tables and schema (no CASCADE:
 * anything that came to depend on them stops it) and marks it `dropped`.
 */
export const dropBackupFn = defineOwnerFunction('ingest.drop_backup(p_backup_id text) RETURNS jsonb', {
  comment: 'Drops the tables and schema of an active cutover backup and marks it dropped.',
  body: `
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_list text;
BEGIN
  v_b := ingest.lock_backup(p_backup_id, true);
  IF v_b.status <> 'active' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC010', MESSAGE = format('backup %s is %s, not active', v_b.id, v_b.status), HINT = 'code=backup_not_active';
  END IF;
  -- only the swapped tables' names, whatever the registry row says (DROP SCHEMA without CASCADE stops on anything else)
  SELECT string_agg(format('%I.%I', v_b.schema_name, t), ', ') INTO v_list
    FROM unnest(${tablesArray}) AS t
   WHERE to_regclass(format('%I.%I', v_b.schema_name, t)) IS NOT NULL;
  IF v_list IS NOT NULL THEN
    EXECUTE 'DROP TABLE ' || v_list;
  END IF;
  EXECUTE format('DROP SCHEMA IF EXISTS %I', v_b.schema_name);
  UPDATE ingest.backups SET status = 'dropped', dropped_at = now() WHERE id = v_b.id;
  RETURN jsonb_build_object('backupId', v_b.id, 'schemaName', v_b.schema_name, 'status', 'dropped');
END`,
});

export const cutoverObjects = [
  ...cutoverSwapObjects,
  cutoverAttemptFn,
  launchCleanProductionFn,
  rollbackAttemptFn,
  rollbackMigrationFn,
  lockBackupFn,
  sealBackupFn,
  dropBackupFn,
];

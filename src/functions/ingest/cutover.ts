import { BACKUP_ID_PATTERN } from '../../schema/ingest/backups.js';
import { defineFunction, quoteLiteral } from '../define.js';
import { cutoverSwapObjects } from './cutover-swap.js';
import { STAGING_LOCK_KEY, SWAPPED_TABLES } from './staging.js';

/** The swapped tables, in FK order, as an SQL text[] literal. */
const tablesArray = `ARRAY[${SWAPPED_TABLES.map((t) => quoteLiteral(t.table)).join(', ')}]::text[]`;
/**
 * One lock for everything that rebuilds or swaps staging: create_staging_tables, prepare, cutover,
 * rollback. Transaction-level, so it is released at commit or rollback, and it waits under
 * lock_timeout like any lock.
 */
const advisoryLock = `PERFORM pg_advisory_xact_lock(hashtext(${quoteLiteral(STAGING_LOCK_KEY)}))`;

/**
 * Steps of `launch_clean_production`, in order. After each one `ingest.cutover_checkpoint(step)`
 * runs, so `set_config('ingest.fail_at', '<step>', true)` makes the cutover fail right there.
 */
export const CUTOVER_STEPS = [
  'checks',
  'auth_users',
  'staging_constraints',
  'lock',
  'capture',
  'move_tables',
  'triggers',
  'views',
  'materialized_views',
  'foreign_keys',
  'policies',
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
  'lock',
  'capture',
  'move_tables',
  'triggers',
  'views',
  'materialized_views',
  'foreign_keys',
  'policies',
  'verify',
  'register',
  'refresh',
] as const;
export type RollbackStep = (typeof ROLLBACK_STEPS)[number];

/** Retry loop around one attempt: lock_not_available / deadlock → back off (exponential, jittered) and retry. */
const retryLoop = (what: string, call: string) => `
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
    'timings', (v_result -> 'timings') || jsonb_build_object('totalMs', round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1)));`;

const ms = (since: string) => `round((extract(epoch FROM clock_timestamp() - ${since}) * 1000)::numeric, 1)`;

/** Marks the unified dashboard caches stale after a swap (the data under them changed wholesale). */
const markCachesStale = (refreshed: string) => `
  IF to_regclass('public.dashboard_cache_status') IS NOT NULL THEN
    EXECUTE 'UPDATE public.dashboard_cache_status SET is_stale = true, stale_since = now()
              WHERE cache_name = ''revenue_metrics'' OR (cache_name = ''dashboard_views'' AND NOT $1)' USING ${refreshed};
  END IF;`;

/** Refreshes the re-created materialized views that were populated before, in dependency order. */
const refreshMvs = (swap: string) => `
    PERFORM set_config('jit', coalesce(nullif(current_setting('ingest.jit', true), ''), current_setting('jit')), true);
    FOR v_mv IN SELECT value FROM jsonb_array_elements(${swap} -> 'materializedViews') LOOP
      IF v_mv ->> 'kind' = 'm' AND (v_mv ->> 'populated')::boolean THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', v_mv ->> 'name');
      END IF;
    END LOOP;`;

/** One cutover attempt (run by launch_clean_production inside a subtransaction, retried on lock timeouts). */
export const cutoverAttemptFn = defineFunction({
  schema: 'ingest',
  name: 'cutover_attempt',
  args: [
    { name: 'max_shrink', type: 'numeric' },
    { name: 'force', type: 'boolean' },
    { name: 'refresh_materialized_views', type: 'boolean' },
    { name: 'compute_checksums', type: 'boolean' },
  ],
  returns: 'jsonb',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  comment: 'One attempt of public.launch_clean_production (internal).',
  body: `
DECLARE
  v_tables text[] := ${tablesArray};
  v_t text;
  v_n bigint;
  v_staging jsonb := '{}';
  v_production jsonb := '{}';
  v_total bigint := 0;
  v_shrunk text[] := '{}';
  v_report record;
  v_blocking jsonb;
  v_users int := 0;
  v_stale_new bigint;
  v_stale_existing bigint;
  v_id text;
  v_schema text;
  v_swap jsonb;
  v_constraints jsonb := '[]';
  v_backup_tables jsonb;
  v_counts jsonb := '{}';
  v_checksums jsonb := '{}';
  v_cs jsonb;
  v_warnings jsonb := '[]';
  v_timings jsonb := '{}';
  v_t0 timestamptz := clock_timestamp();
  v_t1 timestamptz;
  v_def text;
  v_prod regclass;
  v_mv jsonb;
  v_stage regclass;
  r record;
BEGIN
  ${advisoryLock};

  -- checks: staging present, latest validation report, non-empty, no shrink beyond max_shrink
  FOREACH v_t IN ARRAY v_tables LOOP
    IF to_regclass(format('ingest.%I', v_t || '_staging')) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC004', MESSAGE = format('staging table ingest.%I does not exist: run prepare first', v_t || '_staging'),
        HINT = 'code=staging_missing';
    END IF;
    IF to_regclass(format('public.%I', v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC014', MESSAGE = format('production table public.%I does not exist', v_t), HINT = 'code=production_missing';
    END IF;
  END LOOP;
  IF to_regclass('ingest.validation_reports') IS NOT NULL THEN
    EXECUTE 'SELECT id, blocking_errors, report FROM ingest.validation_reports ORDER BY created_at DESC, id DESC LIMIT 1' INTO v_report;
    IF v_report.blocking_errors > 0 THEN
      v_blocking := coalesce(v_report.report -> 'blockingErrors', '[]');
      RAISE EXCEPTION USING ERRCODE = 'UC001',
        MESSAGE = format('the latest validation report (%s) has %s blocking error(s): %s', v_report.id, v_report.blocking_errors,
                         coalesce((SELECT string_agg(coalesce(e ->> 'code', '?') || ': ' || coalesce(e ->> 'message', ''), '; ')
                                     FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v_blocking) = 'array' THEN v_blocking ELSE '[]' END) AS e), 'see the report')),
        DETAIL = v_blocking::text, HINT = 'code=blocking_errors';
    END IF;
    IF v_report IS NULL THEN
      v_warnings := v_warnings || '"no validation report: prepare has not run (staging filled by hand?)"'::jsonb;
    END IF;
  ELSE
    v_warnings := v_warnings || '"ingest.validation_reports does not exist: no validation report checked"'::jsonb;
  END IF;
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('ingest.%I', t || '_staging'), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  FOREACH v_t IN ARRAY v_tables LOOP
    EXECUTE format('SELECT count(*) FROM ingest.%I', v_t || '_staging') INTO v_n;
    v_staging := v_staging || jsonb_build_object(v_t, v_n);
    v_total := v_total + v_n;
    -- production is counted without its lock (it stays readable and writable until the swap): the
    -- shrink check needs no exactness; the backup's exact counts are taken from the frozen backup
    EXECUTE format('SELECT count(*) FROM public.%I', v_t) INTO v_n;
    v_production := v_production || jsonb_build_object(v_t, v_n);
    IF v_n > 0 AND (v_staging ->> v_t)::numeric < v_n * (1 - max_shrink) THEN
      v_shrunk := v_shrunk || format('%s: %s → %s rows (-%s%%)', v_t, v_n, v_staging ->> v_t,
                                     round(100 * (1 - (v_staging ->> v_t)::numeric / v_n), 1));
    END IF;
  END LOOP;
  IF v_total = 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC002', MESSAGE = 'the staging tables are empty: run prepare first (cutover never empties production)',
      HINT = 'code=empty_staging';
  END IF;
  IF cardinality(v_shrunk) > 0 THEN
    IF NOT force THEN
      RAISE EXCEPTION USING ERRCODE = 'UC003',
        MESSAGE = format('staging is smaller than production by more than %s%%: %s (force to cut over anyway)',
                         trim_scale(round(max_shrink * 100, 1)), array_to_string(v_shrunk, '; ')),
        HINT = 'code=shrink';
    END IF;
    v_warnings := v_warnings || to_jsonb('forced past the shrink limit: ' || array_to_string(v_shrunk, '; '));
  END IF;
  v_timings := v_timings || jsonb_build_object('checksMs', ${ms('v_t0')});
  PERFORM ingest.cutover_checkpoint('checks');

  -- auth users prepare decided to create (existing = false). One that exists already with the same
  -- id and email was created by an earlier cutover of this staging (rolled back, then retried): kept.
  -- Refused when auth.users moved since prepare: a new user's email taken by another id (or its id by
  -- another email), or a user prepare found that is gone.
  v_t1 := clock_timestamp();
  IF to_regclass('ingest.users_staging') IS NOT NULL THEN
    LOCK TABLE ingest.users_staging IN SHARE MODE;
    SELECT count(*) FILTER (WHERE NOT s.existing AND EXISTS (
             SELECT 1 FROM auth.users u
              WHERE (u.id = s.id) <> (lower(u.email) IS NOT DISTINCT FROM lower(s.email))
                AND (u.id = s.id OR lower(u.email) = lower(s.email)))),
           count(*) FILTER (WHERE s.existing AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = s.id))
      INTO v_stale_new, v_stale_existing
      FROM ingest.users_staging s;
    IF v_stale_new + v_stale_existing > 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'UC012',
        MESSAGE = format('auth.users changed since prepare: %s new user(s) clash with another auth user''s id or email, %s existing user(s) are gone: run prepare again',
                         v_stale_new, v_stale_existing),
        HINT = 'code=stale_staging';
    END IF;
    INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    SELECT '00000000-0000-0000-0000-000000000000'::uuid, s.id, 'authenticated', 'authenticated', s.email,
           '{"provider": "email", "providers": ["email"]}'::jsonb, s.raw_user_meta_data, s.created_at, now()
      FROM ingest.users_staging s
     WHERE NOT s.existing AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = s.id);
    GET DIAGNOSTICS v_users = ROW_COUNT;
  END IF;
  v_timings := v_timings || jsonb_build_object('authUsersMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('auth_users');

  -- staging's own constraints, before production is locked: a foreign key production has and staging
  -- lacks is added (siblings → their clones), and every NOT VALID one (prepare may add its keys to
  -- auth.users NOT VALID before the users exist) is validated. O(rows): a scan per constraint.
  v_t1 := clock_timestamp();
  FOREACH v_t IN ARRAY v_tables LOOP
    v_prod := format('public.%I', v_t)::regclass;
    v_stage := format('ingest.%I', v_t || '_staging')::regclass;
    FOR r IN
      SELECT c.conname, pg_get_constraintdef(c.oid) AS def, c.confrelid
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_prod AND c.contype = 'f'
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint s WHERE s.conrelid = v_stage AND s.conname = c.conname)
       ORDER BY c.conname
    LOOP
      v_def := r.def;
      FOR v_k IN 1 .. cardinality(v_tables) LOOP
        IF r.confrelid = format('public.%I', v_tables[v_k])::regclass THEN
          v_def := replace(r.def, format(' REFERENCES public.%I(', v_tables[v_k]), format(' REFERENCES ingest.%I(', v_tables[v_k] || '_staging'));
        END IF;
      END LOOP;
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s%s', v_stage, r.conname, v_def,
                     CASE WHEN v_def LIKE '% NOT VALID' THEN '' ELSE ' NOT VALID' END);
      v_constraints := v_constraints || jsonb_build_object('table', v_stage::text, 'name', r.conname, 'action', 'added');
    END LOOP;
    FOR r IN
      SELECT s.conname FROM pg_catalog.pg_constraint s
       WHERE s.conrelid = v_stage AND NOT s.convalidated
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = v_prod AND c.conname = s.conname AND NOT c.convalidated)
       ORDER BY s.conname
    LOOP
      EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', v_stage, r.conname);
      v_constraints := v_constraints || jsonb_build_object('table', v_stage::text, 'name', r.conname, 'action', 'validated');
    END LOOP;
  END LOOP;
  v_timings := v_timings || jsonb_build_object('stagingConstraintsMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('staging_constraints');

  -- lock production: from here to COMMIT, readers and writers of these tables wait (O(1) work, plus the MV refresh)
  v_t1 := clock_timestamp();
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  v_timings := v_timings || jsonb_build_object('lockMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('lock');

  v_id := 'b' || to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS') || '_' || substr(md5(gen_random_uuid()::text), 1, 6);
  v_schema := 'ingest_backup_' || v_id;
  EXECUTE format('CREATE SCHEMA %I', v_schema);
  EXECUTE format('COMMENT ON SCHEMA %I IS %L', v_schema, 'cutover backup ' || v_id || ': production tables before the cutover (see ingest.backups)');
  v_swap := ingest.swap_production_tables(v_tables, 'ingest', '_staging', v_schema, '', true);
  v_timings := v_timings || jsonb_build_object('swapMs', v_swap -> 'swapMs');

  -- register the backup; counts and checksums of the frozen backup now, or later by ingest.seal_backup()
  v_t1 := clock_timestamp();
  SELECT jsonb_agg(jsonb_build_object('name', t,
           'detachedForeignKeys', coalesce((SELECT jsonb_agg(d - 'table')
                                              FROM jsonb_array_elements(v_swap -> 'detachedForeignKeys') AS d WHERE d ->> 'table' = t), '[]'))
           ORDER BY o)
    INTO v_backup_tables
    FROM unnest(v_tables) WITH ORDINALITY AS u(t, o);
  IF compute_checksums THEN
    FOREACH v_t IN ARRAY v_tables LOOP
      v_cs := ingest.table_checksum(format('%I.%I', v_schema, v_t)::regclass);
      v_counts := v_counts || jsonb_build_object(v_t, (v_cs ->> 'count')::bigint);
      v_checksums := v_checksums || jsonb_build_object(v_t, v_cs ->> 'checksum');
    END LOOP;
  END IF;
  INSERT INTO ingest.backups (id, schema_name, tables, counts, checksums, status, sealed_at, pg_version, details)
  VALUES (v_id, v_schema, v_backup_tables, v_counts, v_checksums, 'active',
          CASE WHEN compute_checksums THEN now() END,
          CASE WHEN compute_checksums THEN current_setting('server_version_num')::int END,
          jsonb_build_object('counts', v_staging, 'previousCounts', v_production, 'authUsersCreated', v_users,
                             'stagingConstraints', v_constraints, 'foreignKeys', v_swap -> 'foreignKeys',
                             'warnings', v_warnings || (v_swap -> 'warnings')));
  v_timings := v_timings || jsonb_build_object('registerMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('register');

  -- materialized views: refreshed inside the transaction by default, so no reader ever sees one unpopulated
  v_t1 := clock_timestamp();
  IF refresh_materialized_views THEN
    ${refreshMvs('v_swap')}
  END IF;
  ${markCachesStale('refresh_materialized_views')}
  PERFORM public.rebuild_dashboard_rollups(); -- the rollups follow the swapped tables (docs/unified.md)
  v_timings := v_timings || jsonb_build_object('refreshMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('refresh');

  RETURN jsonb_build_object(
    'backupId', v_id,
    'schemaName', v_schema,
    'counts', v_staging,
    'previousCounts', v_production,
    'backupCounts', CASE WHEN compute_checksums THEN v_counts END,
    'checksums', CASE WHEN compute_checksums THEN v_checksums END,
    'sealed', compute_checksums,
    'authUsersCreated', v_users,
    'stagingConstraints', v_constraints,
    'views', v_swap -> 'views',
    'materializedViews', v_swap -> 'materializedViews',
    'refreshed', refresh_materialized_views,
    'foreignKeys', v_swap -> 'foreignKeys',
    'policies', v_swap -> 'policies',
    'detachedForeignKeys', v_swap -> 'detachedForeignKeys',
    'warnings', v_warnings || (v_swap -> 'warnings'),
    'timings', v_timings);
END`,
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
export const launchCleanProductionFn = defineFunction({
  schema: 'public',
  name: 'launch_clean_production',
  args: [
    { name: 'max_shrink', type: 'numeric', default: '0.10' },
    { name: 'force', type: 'boolean', default: 'false' },
    { name: 'lock_timeout_ms', type: 'integer', default: '5000' },
    { name: 'max_attempts', type: 'integer', default: '5' },
    { name: 'refresh_materialized_views', type: 'boolean', default: 'true' },
    { name: 'compute_checksums', type: 'boolean', default: 'true' },
  ],
  returns: 'jsonb',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  comment:
    'Atomic cutover: staging (ingest.*_staging) becomes production, production is kept in ingest_backup_<id> and registered in ingest.backups. Returns { backupId, counts, … }.',
  body: `
DECLARE
  v_attempt int := 0;
  v_result jsonb;
  v_msg text;
  v_started timestamptz := clock_timestamp();
BEGIN
  IF max_shrink IS NULL OR max_shrink < 0 OR max_shrink > 1 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('max_shrink must be a fraction between 0 and 1, got %s', max_shrink), HINT = 'code=invalid_option';
  END IF;
  ${retryLoop('cutover', 'ingest.cutover_attempt(max_shrink, coalesce(force, false), coalesce(refresh_materialized_views, true), coalesce(compute_checksums, true))')}
END`,
});

/** One rollback attempt (run by rollback_migration inside a subtransaction, retried on lock timeouts). */
export const rollbackAttemptFn = defineFunction({
  schema: 'ingest',
  name: 'rollback_attempt',
  args: [
    { name: 'p_backup_id', type: 'text' },
    { name: 'refresh_materialized_views', type: 'boolean' },
  ],
  returns: 'jsonb',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  comment: 'One attempt of public.rollback_migration (internal).',
  body: `
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_tables text[];
  v_schema text;
  v_t text;
  v_cs jsonb;
  v_counts jsonb := '{}';
  v_checksums jsonb := '{}';
  v_same_engine boolean;
  v_bad text[] := '{}';
  v_dropped text[];
  v_swap jsonb;
  v_fks jsonb := '[]';
  v_warnings jsonb := '[]';
  v_timings jsonb := '{}';
  v_ok boolean;
  v_msg text;
  v_detail text;
  v_t0 timestamptz := clock_timestamp();
  v_t1 timestamptz;
  v_mv jsonb;
  r record;
BEGIN
  ${advisoryLock};

  -- checks: every name below comes from the registry row, never from the argument
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)),
      HINT = 'code=unknown_backup';
  END IF;
  IF v_b.status <> 'active' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC010', MESSAGE = format('backup %s is %s, not active', v_b.id, v_b.status), HINT = 'code=backup_not_active';
  END IF;
  v_schema := v_b.schema_name;
  -- the registry is read for names only, and only names the package knows: the swapped tables, in
  -- their order (schema_name is ingest_backup_<id> by its CHECK)
  SELECT array_agg(e.value ->> 'name' ORDER BY e.o) INTO v_tables
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v_b.tables) = 'array' THEN v_b.tables ELSE '[]' END) WITH ORDINALITY AS e(value, o);
  IF v_tables IS DISTINCT FROM ${tablesArray} THEN
    RAISE EXCEPTION USING ERRCODE = 'UC011',
      MESSAGE = format('backup %s lists the tables %s, not the swapped tables %s: the registry entry was altered, refusing it',
                       v_b.id, coalesce(nullif(left(array_to_string(ARRAY(SELECT quote_ident(x) FROM unnest(v_tables) AS x), ', '), 200), ''), 'none'),
                       array_to_string(${tablesArray}, ', ')),
      HINT = 'code=verification_failed';
  END IF;
  FOREACH v_t IN ARRAY v_tables LOOP
    IF to_regclass(format('%I.%I', v_schema, v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC011', MESSAGE = format('backup %s is incomplete: %I.%I does not exist', v_b.id, v_schema, v_t),
        HINT = 'code=verification_failed';
    END IF;
    IF to_regclass(format('public.%I', v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC014', MESSAGE = format('production table public.%I does not exist', v_t), HINT = 'code=production_missing';
    END IF;
  END LOOP;
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('%I.%I', v_schema, t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  PERFORM ingest.cutover_checkpoint('checks');

  -- the backup still holds what was registered (a backup never sealed is sealed now)
  v_t1 := clock_timestamp();
  v_same_engine := v_b.pg_version IS NULL OR v_b.pg_version / 10000 = current_setting('server_version_num')::int / 10000;
  FOREACH v_t IN ARRAY v_tables LOOP
    v_cs := ingest.table_checksum(format('%I.%I', v_schema, v_t)::regclass);
    v_counts := v_counts || jsonb_build_object(v_t, (v_cs ->> 'count')::bigint);
    v_checksums := v_checksums || jsonb_build_object(v_t, v_cs ->> 'checksum');
    IF v_b.sealed_at IS NOT NULL THEN
      -- compared as text: a registry value that is not a number is a mismatch, not a cast error
      IF (v_b.counts ->> v_t) IS DISTINCT FROM (v_cs ->> 'count') THEN
        v_bad := v_bad || format('%s: %s rows, registered %s', v_t, v_cs ->> 'count', coalesce(v_b.counts ->> v_t, 'none'));
      ELSIF v_same_engine AND (v_b.checksums ->> v_t) IS DISTINCT FROM (v_cs ->> 'checksum') THEN
        v_bad := v_bad || format('%s: checksum %s, registered %s', v_t, v_cs ->> 'checksum', coalesce(v_b.checksums ->> v_t, 'none'));
      END IF;
    END IF;
  END LOOP;
  IF cardinality(v_bad) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC011', MESSAGE = format('backup %s does not match its registry entry: %s', v_b.id, array_to_string(v_bad, '; ')),
      HINT = 'code=verification_failed';
  END IF;
  IF NOT v_same_engine THEN
    v_warnings := v_warnings || to_jsonb(format('checksums were computed by server version %s: counts verified only', v_b.pg_version));
  END IF;
  IF v_b.sealed_at IS NULL THEN
    v_warnings := v_warnings || '"the backup was never sealed: counts and checksums computed now"'::jsonb;
  END IF;
  v_timings := v_timings || jsonb_build_object('verifyMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('verify_backup');

  -- staging rebuilt since the cutover (prepare ran again) is derived data: it makes room for production
  SELECT array_agg(format('ingest.%I', t || '_staging')) INTO v_dropped
    FROM unnest(v_tables) AS t WHERE to_regclass(format('ingest.%I', t || '_staging')) IS NOT NULL;
  IF cardinality(v_dropped) > 0 THEN
    EXECUTE 'DROP TABLE ' || array_to_string(v_dropped, ', ');
  END IF;

  -- the backup's detached foreign keys come back (NOT VALID, then validated; a failure is reported,
  -- not fatal). Taken from the catalog, never from the registry (a table service_role could once
  -- write): each foreign key of the production table being replaced to a table outside the swap that
  -- the backup table lacks, as pg_get_constraintdef prints it. The incoming tables passed the
  -- structure check against production at cutover, so these are the keys that were detached.
  v_t1 := clock_timestamp();
  FOR r IN
    SELECT u.t AS tbl, c.conname AS name, pg_catalog.pg_get_constraintdef(c.oid) AS def, c.convalidated AS validated
      FROM unnest(v_tables) WITH ORDINALITY AS u(t, o)
      JOIN pg_catalog.pg_constraint c ON c.conrelid = format('public.%I', u.t)::regclass AND c.contype = 'f'
     WHERE c.confrelid <> ALL (ARRAY(SELECT format('public.%I', x)::regclass::oid FROM unnest(v_tables) AS x))
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint b
                        WHERE b.conrelid = format('%I.%I', v_schema, u.t)::regclass AND b.conname = c.conname)
     ORDER BY u.o, c.conname
  LOOP
    EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s NOT VALID', v_schema, r.tbl, r.name, regexp_replace(r.def, ' NOT VALID$', ''));
    v_ok := r.validated;
    v_msg := NULL;
    IF v_ok THEN
      BEGIN
        EXECUTE format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', v_schema, r.tbl, r.name);
      EXCEPTION WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
        v_msg := v_msg || coalesce(': ' || v_detail, '');
        v_ok := false;
        v_warnings := v_warnings || to_jsonb(format('foreign key %s on public.%s left NOT VALID: %s', r.name, r.tbl, v_msg));
      END;
    END IF;
    v_fks := v_fks || jsonb_build_object('table', 'public.' || r.tbl, 'name', r.name, 'validated', v_ok, 'error', v_msg);
  END LOOP;
  v_timings := v_timings || jsonb_build_object('backupForeignKeysMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('backup_foreign_keys');

  v_t1 := clock_timestamp();
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  v_timings := v_timings || jsonb_build_object('lockMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('lock');

  -- production goes back to staging (kept for a retry, triggers disabled), the backup returns
  v_swap := ingest.swap_production_tables(v_tables, v_schema, '', 'ingest', '_staging', false);
  v_timings := v_timings || jsonb_build_object('swapMs', v_swap -> 'swapMs');
  EXECUTE format('DROP SCHEMA %I', v_schema);

  UPDATE ingest.backups
     SET status = 'restored', restored_at = now(),
         counts = CASE WHEN sealed_at IS NULL THEN v_counts ELSE counts END,
         checksums = CASE WHEN sealed_at IS NULL THEN v_checksums ELSE checksums END,
         pg_version = coalesce(pg_version, current_setting('server_version_num')::int),
         sealed_at = coalesce(sealed_at, now()),
         details = details || jsonb_build_object('rollback', jsonb_build_object('at', now(), 'foreignKeys', v_swap -> 'foreignKeys',
                                                 'backupForeignKeys', v_fks, 'warnings', v_warnings || (v_swap -> 'warnings')))
   WHERE id = v_b.id;
  PERFORM ingest.cutover_checkpoint('register');

  v_t1 := clock_timestamp();
  IF refresh_materialized_views THEN
    ${refreshMvs('v_swap')}
  END IF;
  ${markCachesStale('refresh_materialized_views')}
  PERFORM public.rebuild_dashboard_rollups(); -- the rollups follow the swapped tables (docs/unified.md)
  v_timings := v_timings || jsonb_build_object('refreshMs', ${ms('v_t1')});
  PERFORM ingest.cutover_checkpoint('refresh');

  RETURN jsonb_build_object(
    'backupId', v_b.id,
    'schemaName', v_schema,
    'counts', v_counts,
    'checksums', v_checksums,
    'checksumsVerified', v_b.sealed_at IS NOT NULL AND v_same_engine,
    'stagingTables', (SELECT jsonb_agg(format('ingest.%I', t || '_staging')) FROM unnest(v_tables) AS t),
    'droppedStaging', coalesce(to_jsonb(v_dropped), '[]'),
    'views', v_swap -> 'views',
    'materializedViews', v_swap -> 'materializedViews',
    'refreshed', refresh_materialized_views,
    'foreignKeys', (v_swap -> 'foreignKeys') || v_fks,
    'policies', v_swap -> 'policies',
    'warnings', v_warnings || (v_swap -> 'warnings'),
    'timings', v_timings);
END`,
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
export const rollbackMigrationFn = defineFunction({
  schema: 'public',
  name: 'rollback_migration',
  args: [
    { name: 'backup_id', type: 'text' },
    { name: 'lock_timeout_ms', type: 'integer', default: '5000' },
    { name: 'max_attempts', type: 'integer', default: '5' },
    { name: 'refresh_materialized_views', type: 'boolean', default: 'true' },
  ],
  returns: 'jsonb',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  comment: 'Restores the production tables of a cutover backup (ingest.backups); current production returns to ingest.*_staging.',
  body: `
DECLARE
  v_attempt int := 0;
  v_result jsonb;
  v_msg text;
  v_started timestamptz := clock_timestamp();
BEGIN
  IF backup_id IS NULL OR backup_id !~ '${BACKUP_ID_PATTERN}' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008',
      MESSAGE = format('%s is not a backup id (expected b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3)',
                       coalesce(quote_literal(left(backup_id, 80)), 'NULL')),
      HINT = 'code=invalid_backup_id';
  END IF;
  ${retryLoop('rollback', 'ingest.rollback_attempt(backup_id, coalesce(refresh_materialized_views, true))')}
END`,
});

/**
 * `ingest.seal_backup(backup_id) → jsonb`: counts and checksums of an active backup's tables,
 * stored in the registry if not there yet. The TS `cutover()` calls it right after its commit so the
 * O(rows) hashing runs outside the cutover's locks (the backup is frozen: no grants on its schema, no
 * triggers, no foreign keys to or from live tables).
 */
export const sealBackupFn = defineFunction({
  schema: 'ingest',
  name: 'seal_backup',
  args: [{ name: 'p_backup_id', type: 'text' }],
  returns: 'jsonb',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  comment: 'Computes and records the counts and checksums of a cutover backup (once).',
  body: `
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_t text;
  v_cs jsonb;
  v_counts jsonb := '{}';
  v_checksums jsonb := '{}';
BEGIN
  IF p_backup_id IS NULL OR p_backup_id !~ '${BACKUP_ID_PATTERN}' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008', MESSAGE = format('%s is not a backup id', coalesce(quote_literal(left(p_backup_id, 80)), 'NULL')),
      HINT = 'code=invalid_backup_id';
  END IF;
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)), HINT = 'code=unknown_backup';
  END IF;
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
export const dropBackupFn = defineFunction({
  schema: 'ingest',
  name: 'drop_backup',
  args: [{ name: 'p_backup_id', type: 'text' }],
  returns: 'jsonb',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  comment: 'Drops the tables and schema of an active cutover backup and marks it dropped.',
  body: `
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_list text;
BEGIN
  IF p_backup_id IS NULL OR p_backup_id !~ '${BACKUP_ID_PATTERN}' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008', MESSAGE = format('%s is not a backup id', coalesce(quote_literal(left(p_backup_id, 80)), 'NULL')),
      HINT = 'code=invalid_backup_id';
  END IF;
  ${advisoryLock};
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)), HINT = 'code=unknown_backup';
  END IF;
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
  sealBackupFn,
  dropBackupFn,
];

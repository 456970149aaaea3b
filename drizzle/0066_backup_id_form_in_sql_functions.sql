-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function public.rollback_migration(text, integer, integer, boolean)
-- changed: function ingest.lock_backup(text, boolean)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rollback_migration(backup_id text, lock_timeout_ms integer DEFAULT 5000, max_attempts integer DEFAULT 5, refresh_materialized_views boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_attempt int := 0;
  v_result jsonb;
  v_msg text;
  v_started timestamptz := clock_timestamp();
BEGIN
  IF backup_id IS NULL OR backup_id !~ '^b[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008',
      MESSAGE = format('%s is not a backup id (expected %s)', coalesce(quote_literal(left(backup_id, 80)), 'NULL'), 'b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3'),
      HINT = 'code=invalid_backup_id';
  END IF;
  
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
      v_result := ingest.rollback_attempt(backup_id, coalesce(refresh_materialized_views, true));
      EXIT;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
      GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT;
      IF v_attempt >= max_attempts THEN
        RAISE EXCEPTION USING ERRCODE = '55P03',
          MESSAGE = format('rollback: could not take its locks in %s attempt(s) (lock_timeout %s ms): %s', v_attempt, lock_timeout_ms, v_msg),
          HINT = 'code=lock_timeout';
      END IF;
      -- 0.1 s, 0.2 s, 0.4 s … capped at 5 s, each between half and all of it
      PERFORM pg_sleep(least(0.1 * power(2, v_attempt - 1), 5) * (0.5 + random() / 2));
    END;
  END LOOP;
  RETURN v_result || jsonb_build_object('attempts', v_attempt,
    'timings', (v_result -> 'timings') || jsonb_build_object('totalMs', round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1)));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.rollback_migration(text, integer, integer, boolean) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION public.rollback_migration(text, integer, integer, boolean) IS 'Restores the production tables of a cutover backup (ingest.backups); current production returns to ingest.*_staging.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.lock_backup(p_backup_id text, p_staging_lock boolean)
RETURNS ingest.backups
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_b ingest.backups%ROWTYPE;
BEGIN
  IF p_backup_id IS NULL OR p_backup_id !~ '^b[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008',
      MESSAGE = format('%s is not a backup id (expected %s)', coalesce(quote_literal(left(p_backup_id, 80)), 'NULL'), 'b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3'),
      HINT = 'code=invalid_backup_id';
  END IF;
  IF p_staging_lock THEN
    PERFORM pg_advisory_xact_lock(hashtext('ingest.staging'));
  END IF;
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)), HINT = 'code=unknown_backup';
  END IF;
  RETURN v_b;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.lock_backup(text, boolean) FROM PUBLIC;

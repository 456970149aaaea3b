-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function ingest.lock_backup(text, boolean)
-- changed: function ingest.seal_backup(text)
-- changed: function ingest.drop_backup(text)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
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
    RAISE EXCEPTION USING ERRCODE = 'UC008', MESSAGE = format('%s is not a backup id', coalesce(quote_literal(left(p_backup_id, 80)), 'NULL')),
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
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.seal_backup(p_backup_id text)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_t text;
  v_cs jsonb;
  v_counts jsonb := '{}';
  v_checksums jsonb := '{}';
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
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.seal_backup(text) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.seal_backup(text) IS 'Computes and records the counts and checksums of a cutover backup (once).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.drop_backup(p_backup_id text)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
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
    FROM unnest(ARRAY['unified_profiles', 'transactions', 'enrollments']::text[]) AS t
   WHERE to_regclass(format('%I.%I', v_b.schema_name, t)) IS NOT NULL;
  IF v_list IS NOT NULL THEN
    EXECUTE 'DROP TABLE ' || v_list;
  END IF;
  EXECUTE format('DROP SCHEMA IF EXISTS %I', v_b.schema_name);
  UPDATE ingest.backups SET status = 'dropped', dropped_at = now() WHERE id = v_b.id;
  RETURN jsonb_build_object('backupId', v_b.id, 'schemaName', v_b.schema_name, 'status', 'dropped');
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.drop_backup(text) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.drop_backup(text) IS 'Drops the tables and schema of an active cutover backup and marks it dropped.';

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function wolo.audit_row_change()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.audit_row_change()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_old jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN pg_catalog.to_jsonb(OLD) END;
  v_new jsonb := CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN pg_catalog.to_jsonb(NEW) END;
  v_changed text[];
  v_key text;
  v_uid uuid := (SELECT auth.uid());
  v_actor uuid;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT coalesce(pg_catalog.array_agg(k), '{}') INTO v_changed
    FROM pg_catalog.jsonb_object_keys(v_new) AS k
    WHERE (v_new -> k) IS DISTINCT FROM (v_old -> k) AND k <> ALL (ARRAY['updated_at', 'raised_cfa', 'donor_count', 'view_count', 'share_count', 'last_login_at'])
      AND (TG_TABLE_NAME <> 'users' OR k IN ('roles', 'is_active'));
    IF pg_catalog.cardinality(v_changed) = 0 THEN
      RETURN NULL;
    END IF;
    SELECT pg_catalog.jsonb_object_agg(k, v_old -> k) INTO v_old FROM pg_catalog.unnest(v_changed || ARRAY['id']) AS k;
    SELECT pg_catalog.jsonb_object_agg(k, v_new -> k) INTO v_new FROM pg_catalog.unnest(v_changed || ARRAY['id']) AS k;
  END IF;
  FOREACH v_key IN ARRAY ARRAY['phone', 'email', 'donor_phone', 'donor_email', 'donor_name', 'contact_name', 'contact_phone', 'contact_email', 'tax_id', 'business_registration', 'id_number', 'id_hash', 'token_hash', 'wave_checkout_session_id', 'wave_transaction_id'] LOOP
    IF v_old ? v_key AND v_old ->> v_key IS NOT NULL THEN v_old := pg_catalog.jsonb_set(v_old, ARRAY[v_key], '"[redacted]"'); END IF;
    IF v_new ? v_key AND v_new ->> v_key IS NOT NULL THEN v_new := pg_catalog.jsonb_set(v_new, ARRAY[v_key], '"[redacted]"'); END IF;
  END LOOP;
  IF TG_TABLE_NAME = 'system_config' THEN
    IF (TG_OP <> 'INSERT' AND coalesce((pg_catalog.to_jsonb(OLD) ->> 'is_sensitive')::boolean, false)) AND v_old ? 'config_value' THEN v_old := pg_catalog.jsonb_set(v_old, '{config_value}', '"[redacted]"'); END IF;
    IF (TG_OP <> 'DELETE' AND coalesce((pg_catalog.to_jsonb(NEW) ->> 'is_sensitive')::boolean, false)) AND v_new ? 'config_value' THEN v_new := pg_catalog.jsonb_set(v_new, '{config_value}', '"[redacted]"'); END IF;
  END IF;
  SELECT u.id INTO v_actor FROM wolo.users u WHERE u.id = v_uid;
  INSERT INTO wolo.audit_logs (actor_user_id, actor_type, action, resource_type, resource_id, old_values, new_values, metadata)
  VALUES (v_actor, CASE WHEN v_uid IS NULL THEN 'system' ELSE 'user' END, TG_TABLE_NAME || '.' || pg_catalog.lower(TG_OP), TG_TABLE_NAME,
          ((coalesce(v_new, v_old)) ->> 'id')::uuid, v_old, v_new,
          pg_catalog.jsonb_build_object('db_role', pg_catalog.current_setting('role', true), 'auth_uid', v_uid));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.audit_row_change() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.audit_row_change() IS 'Trigger: writes an audit_logs row (actor, action, resource, changed old/new values, personal data redacted).';

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo.feature_enabled(text, uuid, text)
-- new: function wolo.system_config_validate()
-- new: trigger system_config_validate on wolo.system_config
-- new: function wolo.audit_row_change()
-- new: trigger users_audit on wolo.users
-- new: trigger pots_audit on wolo.pots
-- new: trigger donations_audit on wolo.donations
-- new: trigger refunds_audit on wolo.refunds
-- new: trigger partners_audit on wolo.partners
-- new: trigger packs_audit on wolo.packs
-- new: trigger feature_flags_audit on wolo.feature_flags
-- new: trigger system_config_audit on wolo.system_config
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
GRANT USAGE ON SCHEMA crm TO crm_app, crm_analytics, service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm.customers, crm.conversations, crm.messages TO crm_app, service_role;
--> statement-breakpoint
GRANT SELECT ON crm.customers, crm.conversations, crm.messages TO crm_analytics;
--> statement-breakpoint
GRANT SELECT ON crm.customer_analytics TO crm_app, crm_analytics, service_role;
--> statement-breakpoint
GRANT SELECT ON crm.customer_search TO crm_app;
--> statement-breakpoint
REVOKE ALL ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status TO service_role;
--> statement-breakpoint
GRANT SELECT ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status TO authenticated;
--> statement-breakpoint
GRANT UPDATE (first_name, last_name, phone) ON public.unified_profiles TO authenticated;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS monthly_enrollments_mv_key ON public.monthly_enrollments_mv (course_id, month);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS revenue_analysis_mv_key ON public.revenue_analysis_mv (product, currency, month);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS marketing_source_mv_key ON public.marketing_source_mv (acquisition_source, cohort_month);
--> statement-breakpoint
REVOKE ALL ON public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view TO authenticated, service_role;
--> statement-breakpoint
REVOKE ALL ON public.monthly_enrollments_mv, public.revenue_analysis_mv, public.marketing_source_mv FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.monthly_enrollments_mv, public.revenue_analysis_mv, public.marketing_source_mv TO service_role;
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE ON SCHEMA wolo TO anon, authenticated, service_role;
--> statement-breakpoint
REVOKE ALL ON wolo.ab_test_assignments, wolo.ab_tests, wolo.admin_sessions, wolo.analytics_events, wolo.audit_logs, wolo.business_metrics, wolo.donation_analytics, wolo.donations, wolo.feature_flags, wolo.funnel_analytics, wolo.notification_analytics, wolo.notification_preferences, wolo.notification_templates, wolo.notifications, wolo.packs, wolo.partner_settlements, wolo.partner_staff, wolo.partners, wolo.password_reset_tokens, wolo.points_conversions, wolo.points_ledger, wolo.pot_analytics, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.qr_codes, wolo.qr_redemption_logs, wolo.referrals, wolo.refunds, wolo.sponsor_campaigns, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits, wolo.system_config, wolo.system_health_checks, wolo.user_addresses, wolo.user_sessions, wolo.users, wolo.wave_webhook_events, wolo.pot_donations FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON wolo.ab_test_assignments, wolo.ab_tests, wolo.admin_sessions, wolo.analytics_events, wolo.audit_logs, wolo.business_metrics, wolo.donation_analytics, wolo.donations, wolo.feature_flags, wolo.funnel_analytics, wolo.notification_analytics, wolo.notification_preferences, wolo.notification_templates, wolo.notifications, wolo.packs, wolo.partner_settlements, wolo.partner_staff, wolo.partners, wolo.password_reset_tokens, wolo.points_conversions, wolo.points_ledger, wolo.pot_analytics, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.qr_codes, wolo.qr_redemption_logs, wolo.referrals, wolo.refunds, wolo.sponsor_campaigns, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits, wolo.system_config, wolo.system_health_checks, wolo.user_addresses, wolo.user_sessions, wolo.users, wolo.wave_webhook_events TO service_role;
--> statement-breakpoint
GRANT SELECT ON wolo.ab_test_assignments, wolo.ab_tests, wolo.admin_sessions, wolo.analytics_events, wolo.audit_logs, wolo.business_metrics, wolo.donation_analytics, wolo.donations, wolo.feature_flags, wolo.funnel_analytics, wolo.notification_analytics, wolo.notification_preferences, wolo.notification_templates, wolo.notifications, wolo.packs, wolo.partner_settlements, wolo.partner_staff, wolo.partners, wolo.password_reset_tokens, wolo.points_conversions, wolo.points_ledger, wolo.pot_analytics, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.qr_codes, wolo.qr_redemption_logs, wolo.referrals, wolo.refunds, wolo.sponsor_campaigns, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits, wolo.system_config, wolo.system_health_checks, wolo.user_addresses, wolo.user_sessions, wolo.users, wolo.wave_webhook_events TO authenticated;
--> statement-breakpoint
GRANT SELECT ON wolo.pot_donations TO authenticated, service_role;
--> statement-breakpoint
GRANT SELECT ON wolo.pots, wolo.packs TO anon;
--> statement-breakpoint
GRANT INSERT (id, phone, email, auth_provider) ON wolo.users TO authenticated;
--> statement-breakpoint
GRANT UPDATE (phone, email, auth_provider, last_login_at) ON wolo.users TO authenticated;
--> statement-breakpoint
GRANT INSERT (user_id, full_name, date_of_birth, locale, timezone, avatar_url, bio, guardian_user_id, relationship_type, id_number, id_type, id_country, id_hash, id_media_url, is_profile_public, allow_contact_by_sponsors, notification_preferences) ON wolo.profiles TO authenticated;
--> statement-breakpoint
GRANT UPDATE (full_name, date_of_birth, locale, timezone, avatar_url, bio, guardian_user_id, relationship_type, id_number, id_type, id_country, id_hash, id_media_url, is_profile_public, allow_contact_by_sponsors, notification_preferences, updated_at) ON wolo.profiles TO authenticated;
--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON wolo.user_addresses TO authenticated;
--> statement-breakpoint
GRANT INSERT, UPDATE ON wolo.notification_preferences TO authenticated;
--> statement-breakpoint
GRANT INSERT (id, owner_user_id, title, description, target_amount_cfa, birthday_date, scheduled_open_at, status, visibility, preferred_pack_id, allow_anonymous_donations, show_donor_names, enable_messages, cover_image_url, gallery_images, created_from_referral_id) ON wolo.pots TO authenticated;
--> statement-breakpoint
GRANT UPDATE (title, description, target_amount_cfa, birthday_date, scheduled_open_at, status, visibility, preferred_pack_id, allow_anonymous_donations, show_donor_names, enable_messages, cover_image_url, gallery_images) ON wolo.pots TO authenticated;
--> statement-breakpoint
GRANT DELETE ON wolo.pots TO authenticated;
--> statement-breakpoint
GRANT INSERT ON wolo.pot_invitations TO authenticated;
--> statement-breakpoint
GRANT UPDATE (name, description, category, base_price_cfa, discounted_price_cfa, is_active, available_from, available_until, max_redemptions_per_user, total_available_quantity, image_url, gallery_images, venue_restrictions, terms_and_conditions, redemption_instructions, validity_days, seo_title, seo_description, marketing_tags) ON wolo.packs TO authenticated;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.feature_enabled(flag_key text, user_id uuid DEFAULT NULL, region text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  f wolo.feature_flags;
  v_env text := coalesce(nullif(pg_catalog.current_setting('wolo.environment', true), ''), 'production');
  v_caller uuid := (SELECT auth.uid());
  v_roles text[];
BEGIN
  IF v_caller IS NOT NULL AND feature_enabled.user_id IS DISTINCT FROM v_caller AND feature_enabled.user_id IS NOT NULL THEN
    RAISE EXCEPTION 'a user may ask about its own flags only' USING ERRCODE = 'UW018', COLUMN = 'user_id';
  END IF;
  SELECT * INTO f FROM wolo.feature_flags ff WHERE ff.flag_key = feature_enabled.flag_key;
  IF NOT FOUND OR NOT f.is_enabled OR f.environment <> v_env THEN
    RETURN false;
  END IF;
  IF feature_enabled.region IS NOT NULL AND feature_enabled.region = ANY (coalesce(f.target_regions, '{}')) THEN
    RETURN true;
  END IF;
  IF feature_enabled.user_id IS NOT NULL AND f.target_user_groups IS NOT NULL THEN
    SELECT u.roles INTO v_roles FROM wolo.users u WHERE u.id = feature_enabled.user_id AND u.is_active;
    IF v_roles && f.target_user_groups THEN
      RETURN true;
    END IF;
  END IF;
  IF f.rollout_percentage >= 100 THEN
    RETURN true;
  END IF;
  IF feature_enabled.user_id IS NULL OR f.rollout_percentage <= 0 THEN
    RETURN false;
  END IF;
  RETURN (('x' || pg_catalog.substr(pg_catalog.md5(f.flag_key || ':' || feature_enabled.user_id::text), 1, 8))::bit(32)::bigint % 100) < f.rollout_percentage;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.feature_enabled(text, uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.feature_enabled(text, uuid, text) TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.feature_enabled(text, uuid, text) IS 'Whether flag_key is on for user_id / region: disabled or other environment → off; targeted groups or regions → on; else a deterministic md5 bucket below rollout_percentage.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.system_config_validate()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  r jsonb := NEW.validation_rules;
  v jsonb := NEW.config_value;
  v_rule text;
BEGIN
  IF pg_catalog.jsonb_typeof(v) IS DISTINCT FROM (CASE NEW.data_type WHEN 'object' THEN 'object' WHEN 'array' THEN 'array' WHEN 'number' THEN 'number' WHEN 'boolean' THEN 'boolean' ELSE 'string' END) THEN
    RAISE EXCEPTION 'config % must be a JSON %', NEW.config_key, NEW.data_type USING ERRCODE = 'UW023', COLUMN = 'config_value';
  END IF;
  IF r IS NULL THEN
    RETURN NEW;
  END IF;
  IF pg_catalog.jsonb_typeof(r) <> 'object' THEN
    RAISE EXCEPTION 'validation_rules of % must be a JSON object', NEW.config_key USING ERRCODE = 'UW023', COLUMN = 'validation_rules';
  END IF;
  FOR v_rule IN SELECT k FROM pg_catalog.jsonb_object_keys(r) AS k LOOP
    IF v_rule NOT IN ('min', 'max', 'minLength', 'maxLength', 'pattern', 'enum') THEN
      RAISE EXCEPTION 'unknown validation rule % for %', v_rule, NEW.config_key USING ERRCODE = 'UW023', COLUMN = 'validation_rules';
    END IF;
  END LOOP;
  IF NEW.data_type = 'number' THEN
    IF r ? 'min' AND (v #>> '{}')::numeric < (r ->> 'min')::numeric THEN
      RAISE EXCEPTION 'config % = % is below min %', NEW.config_key, v, r -> 'min' USING ERRCODE = 'UW023', COLUMN = 'config_value';
    END IF;
    IF r ? 'max' AND (v #>> '{}')::numeric > (r ->> 'max')::numeric THEN
      RAISE EXCEPTION 'config % = % is above max %', NEW.config_key, v, r -> 'max' USING ERRCODE = 'UW023', COLUMN = 'config_value';
    END IF;
  END IF;
  IF NEW.data_type = 'string' THEN
    IF r ? 'minLength' AND pg_catalog.char_length(v #>> '{}') < (r ->> 'minLength')::int THEN
      RAISE EXCEPTION 'config % is shorter than minLength %', NEW.config_key, r -> 'minLength' USING ERRCODE = 'UW023', COLUMN = 'config_value';
    END IF;
    IF r ? 'maxLength' AND pg_catalog.char_length(v #>> '{}') > (r ->> 'maxLength')::int THEN
      RAISE EXCEPTION 'config % is longer than maxLength %', NEW.config_key, r -> 'maxLength' USING ERRCODE = 'UW023', COLUMN = 'config_value';
    END IF;
    IF r ? 'pattern' AND (v #>> '{}') !~ (r ->> 'pattern') THEN
      RAISE EXCEPTION 'config % does not match pattern %', NEW.config_key, r -> 'pattern' USING ERRCODE = 'UW023', COLUMN = 'config_value';
    END IF;
  END IF;
  IF r ? 'enum' AND NOT (r -> 'enum') @> pg_catalog.jsonb_build_array(v) THEN
    RAISE EXCEPTION 'config % is not one of %', NEW.config_key, r -> 'enum' USING ERRCODE = 'UW023', COLUMN = 'config_value';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.system_config_validate() IS 'Trigger: system_config values match data_type and validation_rules (min, max, minLength, maxLength, pattern, enum).';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER system_config_validate
BEFORE INSERT OR UPDATE ON wolo.system_config
FOR EACH ROW
EXECUTE FUNCTION wolo.system_config_validate();
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
    IF (TG_OP <> 'INSERT' AND OLD.is_sensitive) AND v_old ? 'config_value' THEN v_old := pg_catalog.jsonb_set(v_old, '{config_value}', '"[redacted]"'); END IF;
    IF (TG_OP <> 'DELETE' AND NEW.is_sensitive) AND v_new ? 'config_value' THEN v_new := pg_catalog.jsonb_set(v_new, '{config_value}', '"[redacted]"'); END IF;
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
COMMENT ON FUNCTION wolo.audit_row_change() IS 'Trigger: writes an audit_logs row (actor, action, resource, changed old/new values, personal data redacted).';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_audit
AFTER UPDATE OF ROLES, IS_ACTIVE ON wolo.users
FOR EACH ROW
EXECUTE FUNCTION wolo.audit_row_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER pots_audit
AFTER INSERT OR UPDATE OR DELETE ON wolo.pots
FOR EACH ROW
EXECUTE FUNCTION wolo.audit_row_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_audit
AFTER INSERT OR UPDATE OR DELETE ON wolo.donations
FOR EACH ROW
EXECUTE FUNCTION wolo.audit_row_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER refunds_audit
AFTER INSERT OR UPDATE OR DELETE ON wolo.refunds
FOR EACH ROW
EXECUTE FUNCTION wolo.audit_row_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER partners_audit
AFTER INSERT OR UPDATE OR DELETE ON wolo.partners
FOR EACH ROW
EXECUTE FUNCTION wolo.audit_row_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER packs_audit
AFTER INSERT OR UPDATE OR DELETE ON wolo.packs
FOR EACH ROW
EXECUTE FUNCTION wolo.audit_row_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER feature_flags_audit
AFTER INSERT OR UPDATE OR DELETE ON wolo.feature_flags
FOR EACH ROW
EXECUTE FUNCTION wolo.audit_row_change();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER system_config_audit
AFTER INSERT OR UPDATE OR DELETE ON wolo.system_config
FOR EACH ROW
EXECUTE FUNCTION wolo.audit_row_change();

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: wolo definer role rights
-- changed: function wolo.feature_enabled(text, uuid, text)
-- changed: function wolo.audit_row_change()
-- changed: function wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz)
-- changed: function wolo.set_id_number(uuid, text)
-- changed: function wolo.read_id_number(uuid)
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
GRANT USAGE, CREATE ON SCHEMA public TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON public.courses, public.unified_profiles, public.transactions, public.enrollments, public.leads, public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT, UPDATE ON public.enrollments, public.unified_profiles TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (user_id) ON public.transactions TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON public.admin_notifications, public.profile_audit_log TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, UPDATE ON public.dashboard_cache_status TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON public.revenue_metrics TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.sync_profile_merge(jsonb, jsonb) TO unified_schema_definer;
--> statement-breakpoint
DO $definer$
BEGIN
  IF has_table_privilege(current_user, 'auth.users', 'SELECT WITH GRANT OPTION')
     AND has_table_privilege(current_user, 'auth.users', 'INSERT WITH GRANT OPTION') THEN
    GRANT SELECT, INSERT ON auth.users TO unified_schema_definer;
  ELSE
    RAISE WARNING 'the migrating role cannot grant INSERT on auth.users to unified_schema_definer: sync_profile_data(create_missing_users => true) will be refused on this database';
  END IF;
END
$definer$;
--> statement-breakpoint
ALTER MATERIALIZED VIEW public.monthly_enrollments_mv OWNER TO unified_schema_definer;
--> statement-breakpoint
ALTER MATERIALIZED VIEW public.revenue_analysis_mv OWNER TO unified_schema_definer;
--> statement-breakpoint
ALTER MATERIALIZED VIEW public.marketing_source_mv OWNER TO unified_schema_definer;
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
REVOKE ALL ON public.leads FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON public.leads TO service_role;
--> statement-breakpoint
GRANT SELECT ON public.leads TO authenticated;
--> statement-breakpoint
REVOKE ALL ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup, public.revenue_analysis_rollup_by_customer, public.monthly_enrollments_rollup_by_student, public.marketing_source_rollup_by_profile FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT SELECT ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup TO authenticated, service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup, public.revenue_analysis_rollup_by_customer, public.monthly_enrollments_rollup_by_student, public.marketing_source_rollup_by_profile TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ingest.backups, ingest.validation_reports FROM service_role;
--> statement-breakpoint
GRANT USAGE ON SCHEMA learning TO anon, authenticated, service_role;
--> statement-breakpoint
REVOKE ALL ON learning.users, learning.user_addresses, learning.user_preferences, learning.roles, learning.user_roles, learning.course_categories, learning.course_tags, learning.courses, learning.course_tag_mappings, learning.course_sections, learning.course_lessons, learning.course_resources, learning.course_quizzes, learning.quiz_questions, learning.quiz_attempts, learning.enrollments, learning.lesson_progress, learning.course_completions, learning.user_achievements, learning.subscription_plans, learning.subscriptions, learning.course_purchases, learning.payment_transactions, learning.media_files, learning.content_versions, learning.user_notes, learning.user_bookmarks FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON learning.users, learning.user_addresses, learning.user_preferences, learning.roles, learning.user_roles, learning.course_categories, learning.course_tags, learning.courses, learning.course_tag_mappings, learning.course_sections, learning.course_lessons, learning.course_resources, learning.course_quizzes, learning.quiz_questions, learning.quiz_attempts, learning.enrollments, learning.lesson_progress, learning.course_completions, learning.user_achievements, learning.subscription_plans, learning.subscriptions, learning.course_purchases, learning.payment_transactions, learning.media_files, learning.content_versions, learning.user_notes, learning.user_bookmarks TO service_role;
--> statement-breakpoint
GRANT SELECT ON learning.course_categories, learning.course_tags, learning.courses, learning.course_tag_mappings, learning.course_sections, learning.course_lessons, learning.subscription_plans, learning.media_files TO anon;
--> statement-breakpoint
GRANT SELECT ON learning.users, learning.user_addresses, learning.user_preferences, learning.roles, learning.user_roles, learning.course_categories, learning.course_tags, learning.courses, learning.course_tag_mappings, learning.course_sections, learning.course_lessons, learning.course_resources, learning.course_quizzes, learning.quiz_attempts, learning.enrollments, learning.lesson_progress, learning.course_completions, learning.user_achievements, learning.subscription_plans, learning.subscriptions, learning.course_purchases, learning.payment_transactions, learning.media_files, learning.content_versions, learning.user_notes, learning.user_bookmarks TO authenticated;
--> statement-breakpoint
GRANT SELECT (id, quiz_id, question_text, question_type, explanation, points, order_index, options, created_at) ON learning.quiz_questions TO authenticated;
--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON learning.user_addresses, learning.user_preferences, learning.user_notes, learning.user_bookmarks, learning.media_files, learning.course_sections, learning.course_lessons, learning.course_resources, learning.course_quizzes, learning.quiz_questions TO authenticated;
--> statement-breakpoint
GRANT INSERT (id, email, name, first_name, last_name, phone, date_of_birth, gender, timezone, language, bio, avatar_url, website_url, linkedin_url, twitter_url), UPDATE (name, first_name, last_name, phone, date_of_birth, gender, timezone, language, bio, avatar_url, website_url, linkedin_url, twitter_url) ON learning.users TO authenticated;
--> statement-breakpoint
GRANT INSERT (instructor_id, title, slug, short_description, description, category_id, price, original_price, currency, difficulty, language, duration_hours, status, thumbnail_url, preview_video_url, meta_title, meta_description, learning_objectives, requirements, target_audience, published_at), UPDATE (title, slug, short_description, description, category_id, price, original_price, currency, difficulty, language, duration_hours, status, thumbnail_url, preview_video_url, meta_title, meta_description, learning_objectives, requirements, target_audience, published_at), DELETE ON learning.courses TO authenticated;
--> statement-breakpoint
GRANT INSERT, DELETE ON learning.course_tag_mappings TO authenticated;
--> statement-breakpoint
GRANT INSERT (user_id, course_id), UPDATE (status) ON learning.enrollments TO authenticated;
--> statement-breakpoint
GRANT INSERT (user_id, lesson_id, status, progress_percentage, total_time_spent, last_position, started_at, completed_at, last_accessed_at, interaction_count, notes_count, bookmarks_count), UPDATE (status, progress_percentage, total_time_spent, last_position, started_at, completed_at, last_accessed_at, interaction_count, notes_count, bookmarks_count) ON learning.lesson_progress TO authenticated;
--> statement-breakpoint
GRANT UPDATE (rating, review, would_recommend) ON learning.course_completions TO authenticated;
--> statement-breakpoint
GRANT UPDATE (cancel_at_period_end) ON learning.subscriptions TO authenticated;
--> statement-breakpoint
GRANT INSERT (user_id, course_id, amount, currency, purchase_type, payment_method) ON learning.course_purchases TO authenticated;
--> statement-breakpoint
GRANT INSERT ON learning.content_versions TO authenticated;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS idx_course_statistics_id ON learning.course_statistics (id);
--> statement-breakpoint
REVOKE ALL ON learning.course_statistics FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON learning.course_statistics TO service_role;
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
GRANT INSERT (user_id, full_name, date_of_birth, locale, timezone, avatar_url, bio, guardian_user_id, relationship_type, id_type, id_country, id_media_url, is_profile_public, allow_contact_by_sponsors, notification_preferences) ON wolo.profiles TO authenticated;
--> statement-breakpoint
GRANT UPDATE (full_name, date_of_birth, locale, timezone, avatar_url, bio, guardian_user_id, relationship_type, id_type, id_country, id_media_url, is_profile_public, allow_contact_by_sponsors, notification_preferences, updated_at) ON wolo.profiles TO authenticated;
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
GRANT USAGE ON SCHEMA auth, extensions TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON wolo.users, wolo.partner_staff, wolo.donations, wolo.pots, wolo.feature_flags TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT (user_id, id_number, id_hash), UPDATE (id_number, id_hash) ON wolo.profiles TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON wolo.audit_logs TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT, SELECT (id) ON wolo.analytics_events TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION extensions.hmac(text, text, text), extensions.pgp_sym_encrypt(text, text), extensions.pgp_sym_decrypt(bytea, text) TO unified_schema_definer;
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
ALTER FUNCTION wolo.feature_enabled(text, uuid, text) OWNER TO unified_schema_definer;
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
--> statement-breakpoint
ALTER FUNCTION wolo.audit_row_change() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.record_event(event_name text, event_category text, user_id uuid DEFAULT NULL, properties jsonb DEFAULT NULL, session_id text DEFAULT NULL, anonymous_id text DEFAULT NULL, platform text DEFAULT NULL, device_type text DEFAULT NULL, occurred_at timestamptz DEFAULT now())
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_caller uuid := (SELECT auth.uid());
  v_id uuid;
BEGIN
  IF v_caller IS NOT NULL AND record_event.user_id IS NOT NULL AND record_event.user_id <> v_caller THEN
    RAISE EXCEPTION 'a user records its own events only' USING ERRCODE = 'UW018', COLUMN = 'user_id';
  END IF;
  INSERT INTO wolo.analytics_events (event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type, timestamp)
  VALUES (record_event.event_name, record_event.event_category, record_event.user_id, record_event.properties, record_event.session_id,
          record_event.anonymous_id, record_event.platform, record_event.device_type,
          CASE WHEN v_caller IS NULL THEN coalesce(record_event.occurred_at, pg_catalog.now()) ELSE pg_catalog.now() END)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) IS 'Records an analytics event; a signed-in user records its own events only (and at now()).';
--> statement-breakpoint
ALTER FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.set_id_number(user_id uuid, id_number text)
RETURNS uuid[]
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_key text;
  v_caller uuid := (SELECT auth.uid());
  v_norm text := pg_catalog.upper(pg_catalog.regexp_replace(coalesce(set_id_number.id_number, ''), '\s', '', 'g'));
  v_hash text;
BEGIN

  v_key := nullif(pg_catalog.current_setting('wolo.id_encryption_key', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION 'setting wolo.id_encryption_key is not set: the ID encryption key is given per transaction by the caller'
      USING ERRCODE = 'UW025', COLUMN = 'id_number';
  END IF;
  IF v_caller IS NOT NULL AND v_caller <> set_id_number.user_id AND NOT wolo_private.has_role('admin') THEN
    RAISE EXCEPTION 'only the user, an admin or service_role may do this' USING ERRCODE = '42501';
  END IF;
  IF v_norm !~ '^[A-Z0-9-]{4,50}$' THEN
    RAISE EXCEPTION 'id_number must be 4 to 50 letters, digits or dashes' USING ERRCODE = 'UW018', COLUMN = 'id_number';
  END IF;
  v_hash := pg_catalog.encode(extensions.hmac(v_norm, v_key || ':id_hash', 'sha256'), 'hex');
  UPDATE wolo.profiles p SET id_number = pg_catalog.encode(extensions.pgp_sym_encrypt(v_norm, v_key), 'base64'), id_hash = v_hash
  WHERE p.user_id = set_id_number.user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'profile % does not exist', set_id_number.user_id USING ERRCODE = 'UW016', COLUMN = 'user_id';
  END IF;
  RETURN coalesce((SELECT pg_catalog.array_agg(p.user_id) FROM wolo.profiles p WHERE p.id_hash = v_hash AND p.user_id <> set_id_number.user_id), '{}');
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.set_id_number(uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.set_id_number(uuid, text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.set_id_number(uuid, text) IS 'Stores the ID number encrypted (key from setting wolo.id_encryption_key) and its HMAC; returns other profiles with the same ID. The user, an admin or service_role.';
--> statement-breakpoint
ALTER FUNCTION wolo.set_id_number(uuid, text) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.read_id_number(user_id uuid)
RETURNS text
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_key text;
  v_caller uuid := (SELECT auth.uid());
  v_cipher text;
BEGIN

  v_key := nullif(pg_catalog.current_setting('wolo.id_encryption_key', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION 'setting wolo.id_encryption_key is not set: the ID encryption key is given per transaction by the caller'
      USING ERRCODE = 'UW025', COLUMN = 'id_number';
  END IF;
  IF v_caller IS NOT NULL AND v_caller <> read_id_number.user_id AND NOT wolo_private.has_role('admin') THEN
    RAISE EXCEPTION 'only the user, an admin or service_role may do this' USING ERRCODE = '42501';
  END IF;
  SELECT p.id_number INTO v_cipher FROM wolo.profiles p WHERE p.user_id = read_id_number.user_id;
  IF v_cipher IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN extensions.pgp_sym_decrypt(pg_catalog.decode(v_cipher, 'base64'), v_key);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.read_id_number(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.read_id_number(uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.read_id_number(uuid) IS 'Decrypts the ID number (key from setting wolo.id_encryption_key). The user, an admin or service_role.';
--> statement-breakpoint
ALTER FUNCTION wolo.read_id_number(uuid) OWNER TO unified_schema_definer;

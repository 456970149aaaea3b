-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function learning.create_monthly_partition(regclass, date)
-- changed: function wolo.feature_enabled(text, uuid, text)
-- changed: function wolo.purge_expired_data(timestamptz, integer)
-- changed: function wolo.forget_user(uuid)
-- changed: function subjects.mentions(text, text[])
-- changed: function subjects.redact(text, text[])
-- changed: function subjects.export_subject(uuid, text, text)
-- changed: function subjects.erase_subject(uuid, text, text, boolean)
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
GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON learning.courses, learning.enrollments, learning.course_lessons, learning.course_quizzes, learning.course_purchases, learning.lesson_progress, learning.course_completions, learning.quiz_attempts, learning.quiz_questions TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (enrollment_count, average_rating, review_count) ON learning.courses TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (progress, completed_at, last_accessed_at, updated_at) ON learning.enrollments TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT (user_id, course_id, completed_at, total_time_spent) ON learning.course_completions TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT (quiz_id, user_id, attempt_number), UPDATE (completed_at, time_taken, score, max_score, percentage, passed, responses) ON learning.quiz_attempts TO unified_schema_definer;
--> statement-breakpoint
GRANT REFERENCES ON learning.users, learning.course_lessons TO unified_schema_definer;
--> statement-breakpoint
ALTER MATERIALIZED VIEW learning.course_statistics OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.create_monthly_partition(table_name regclass, month date)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_schema name;
  v_table name;
  v_start timestamptz;
  v_end timestamptz;
  v_name text;
  v_existing oid;
BEGIN
  IF table_name IS NULL OR month IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = 'create_monthly_partition: table_name and month are required';
  END IF;
  SELECT n.nspname, c.relname INTO v_schema, v_table
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_partitioned_table p ON p.partrelid = c.oid
   WHERE c.oid = table_name AND p.partstrat = 'r' AND p.partnatts = 1;
  IF v_table IS NULL OR v_schema <> 'learning' THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003',
      MESSAGE = format('create_monthly_partition: %s is not a range-partitioned table of schema learning', table_name);
  END IF;
  v_start := date_trunc('month', month::timestamp) AT TIME ZONE 'UTC';
  v_end := (date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
  v_name := v_table || '_' || to_char(date_trunc('month', month::timestamp), 'YYYY_MM');
  IF octet_length(v_name) > 63 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = format('create_monthly_partition: partition name %s is longer than 63 bytes', v_name);
  END IF;
  -- One call at a time per partitioned table, until the caller's commit: concurrent callers for the
  -- same month otherwise both ALTER / REVOKE the new partition, and the second fails with "tuple
  -- concurrently updated" (the catalog row the first changed). The next caller then finds it.
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('learning.create_monthly_partition'), pg_catalog.hashtext(table_name::text));
  SELECT c.oid INTO v_existing
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = v_schema AND c.relname = v_name;
  IF v_existing IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = v_existing AND i.inhparent = table_name) THEN
      RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = format('create_monthly_partition: %I.%I exists and is not a partition of %s', v_schema, v_name, table_name);
    END IF;
  ELSE
    BEGIN
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)', v_schema, v_name, v_schema, v_table, v_start, v_end);
    EXCEPTION WHEN duplicate_table THEN
      NULL; -- created meanwhile by a concurrent call
    END;
  END IF;
  -- A partition is a table of its own: reached directly (not through the parent) the parent's RLS
  -- does not apply. So RLS on (forced when the parent's is) with no policy, and no grant to the API
  -- roles: rows are read and written through the parent only (lint rls_disabled_in_public). Also
  -- for a partition that exists already (one made before this rule converges on the next call);
  -- ALTER only when needed (it locks the partition).
  IF NOT (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = format('%I.%I', v_schema, v_name)::regclass) THEN
    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', v_schema, v_name);
  END IF;
  IF (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = table_name)
     AND NOT (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = format('%I.%I', v_schema, v_name)::regclass) THEN
    EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', v_schema, v_name);
  END IF;
  EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM PUBLIC, anon, authenticated', v_schema, v_name);
  RETURN format('%I.%I', v_schema, v_name);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.create_monthly_partition(regclass, date) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.create_monthly_partition(regclass, date) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.create_monthly_partition(regclass, date) IS 'Creates (idempotently) the monthly partition of a range-partitioned learning table for the UTC month of `month`; returns its qualified name.';
--> statement-breakpoint
ALTER FUNCTION learning.create_monthly_partition(regclass, date) OWNER TO unified_schema_definer;
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
GRANT INSERT (id, event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type) ON wolo.analytics_events TO authenticated;
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
  -- the caller's API role (PostgREST and the package's context helpers SET ROLE); 'none' on a
  -- connection of its own (the owner, a server job)
  v_role text := coalesce(nullif(pg_catalog.current_setting('role', true), ''), 'none');
  v_roles text[];
BEGIN
  -- a signed-in caller asks about itself only, and so does anon (no user): naming someone else would
  -- tell it whether they are in a targeted group. service_role and a connection of its own (no JWT
  -- user) may name anyone.
  IF feature_enabled.user_id IS NOT NULL AND feature_enabled.user_id IS DISTINCT FROM v_caller
     AND (v_caller IS NOT NULL OR v_role NOT IN ('service_role', 'none')) THEN
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
CREATE OR REPLACE FUNCTION wolo.purge_expired_data(now timestamptz DEFAULT now(), batch_size integer DEFAULT 1000)
RETURNS table(table_name text, deleted bigint)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  n bigint;
  n_total bigint;
  v_user uuid;
BEGIN
  IF purge_expired_data.now IS NULL OR purge_expired_data.batch_size IS NULL OR purge_expired_data.batch_size < 1 THEN
    RAISE EXCEPTION 'now and a positive batch_size are required' USING ERRCODE = 'UW018', COLUMN = 'batch_size';
  END IF;

  n_total := 0;
  LOOP
    DELETE FROM wolo.user_sessions d WHERE d.id IN (
      SELECT x.id FROM wolo.user_sessions x
      WHERE x.created_at < purge_expired_data.now - interval '90 days'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'user_sessions'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.analytics_events d WHERE d.id IN (
      SELECT x.id FROM wolo.analytics_events x
      WHERE x.timestamp < purge_expired_data.now - interval '2 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'analytics_events'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.audit_logs d WHERE d.id IN (
      SELECT x.id FROM wolo.audit_logs x
      WHERE x.timestamp < purge_expired_data.now - interval '5 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'audit_logs'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.refunds d WHERE d.id IN (
      SELECT x.id FROM wolo.refunds x
      WHERE x.created_at < purge_expired_data.now - interval '7 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'refunds'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.wave_webhook_events d WHERE d.id IN (
      SELECT x.id FROM wolo.wave_webhook_events x
      WHERE x.created_at < purge_expired_data.now - interval '7 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'wave_webhook_events'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.points_conversions d WHERE d.id IN (
      SELECT x.id FROM wolo.points_conversions x
      WHERE x.created_at < purge_expired_data.now - interval '7 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'points_conversions'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.donations d WHERE d.id IN (
      SELECT x.id FROM wolo.donations x
      WHERE x.initiated_at < purge_expired_data.now - interval '7 years' AND NOT (EXISTS (SELECT 1 FROM wolo.refunds r WHERE r.donation_id = x.id) OR EXISTS (SELECT 1 FROM wolo.wave_webhook_events w WHERE w.donation_id = x.id) OR EXISTS (SELECT 1 FROM wolo.points_conversions c WHERE c.donation_id = x.id))
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'donations'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.partner_settlements d WHERE d.id IN (
      SELECT x.id FROM wolo.partner_settlements x
      WHERE x.created_at < purge_expired_data.now - interval '7 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'partner_settlements'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.points_ledger d WHERE d.id IN (
      SELECT x.id FROM wolo.points_ledger x
      WHERE x.created_at < purge_expired_data.now - interval '7 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'points_ledger'; deleted := n_total; RETURN NEXT;
  -- Deleted accounts: forgotten 30 days after deleted_at (once: a forgotten account has no phone and a placeholder email).
  n_total := 0;
  FOR v_user IN
    SELECT u.id FROM wolo.users u
    WHERE u.deleted_at < purge_expired_data.now - interval '30 days'
      AND NOT (u.phone IS NULL AND u.email = 'forgotten-' || u.id::text || '@wolo.invalid')
    ORDER BY u.deleted_at
  LOOP
    PERFORM wolo.forget_user(v_user);
    n_total := n_total + 1;
  END LOOP;
  table_name := 'users (forgotten)'; deleted := n_total; RETURN NEXT;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.purge_expired_data(timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.purge_expired_data(timestamptz, integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.purge_expired_data(timestamptz, integer) IS 'Retention (doc 003 §6): deletes sessions > 90 days, analytics events > 2 years, audit logs > 5 years, financial rows > 7 years, in batches; forgets accounts deleted > 30 days ago. service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.forget_user(user_id uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_uid uuid := forget_user.user_id;
  v_email text;
  v_phone text;
  v_donations uuid[];
BEGIN
  SELECT u.email, u.phone INTO v_email, v_phone FROM wolo.users u WHERE u.id = v_uid FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'user % does not exist', v_uid USING ERRCODE = 'UW016', COLUMN = 'user_id';
  END IF;
  DELETE FROM wolo.user_addresses x WHERE x.user_id = v_uid;
  DELETE FROM wolo.user_sessions x WHERE x.user_id = v_uid;
  DELETE FROM wolo.password_reset_tokens x WHERE x.user_id = v_uid;
  DELETE FROM wolo.notifications x WHERE x.user_id = v_uid;
  DELETE FROM wolo.notification_preferences x WHERE x.user_id = v_uid;
  DELETE FROM wolo.analytics_events x WHERE x.user_id = v_uid;
  DELETE FROM wolo.ab_test_assignments x WHERE x.user_id = v_uid;
  DELETE FROM wolo.pot_invitations x WHERE x.invited_by_user_id = v_uid;
  DELETE FROM wolo.partner_staff x WHERE x.user_id = v_uid;
  DELETE FROM wolo.admin_sessions x WHERE x.user_id = v_uid;
  DELETE FROM wolo.sponsor_daily_limits x WHERE x.sponsor_user_id = v_uid;
  DELETE FROM wolo.sponsor_contact_batches x WHERE x.sponsor_user_id = v_uid;
  v_donations := ARRAY(SELECT d.id FROM wolo.donations d WHERE d.donor_user_id = v_uid);
  UPDATE wolo.donations d SET donor_user_id = NULL, donor_name = NULL, donor_phone = NULL, donation_message = NULL, ip_address = NULL, user_agent = NULL
  WHERE d.donor_user_id = v_uid;
  -- Referrals stay (the sponsor's points and pots reference them; an accepted one keeps the tombstone
  -- account's id, referrals_accepted_check), without a contact: those where the person was invited
  -- (by account, email or phone) and those the person sent (the invitees' contacts came from them).
  UPDATE wolo.referrals r
     SET invited_phone = NULL, invited_email = 'forgotten-' || r.id::text || '@wolo.invalid', invited_name = NULL, invitation_message = NULL
   WHERE (r.sponsored_user_id = v_uid OR r.sponsor_user_id = v_uid
          OR pg_catalog.lower(r.invited_email) = pg_catalog.lower(v_email) OR r.invited_phone = v_phone)
     AND (r.invited_phone IS NOT NULL OR r.invited_name IS NOT NULL OR r.invitation_message IS NOT NULL
          OR r.invited_email IS DISTINCT FROM 'forgotten-' || r.id::text || '@wolo.invalid');
  UPDATE wolo.pots p SET title = '[forgotten]', description = NULL WHERE p.owner_user_id = v_uid AND (p.title <> '[forgotten]' OR p.description IS NOT NULL);
  UPDATE wolo.profiles p SET full_name = '[forgotten]', bio = NULL, avatar_url = NULL, id_number = NULL, id_hash = NULL, id_media_url = NULL, id_type = NULL, id_country = NULL
  WHERE p.user_id = v_uid;
  UPDATE wolo.users u SET phone = NULL, email = 'forgotten-' || v_uid::text || '@wolo.invalid', is_active = false, last_login_at = NULL
  WHERE u.id = v_uid;
  -- The audit trail keeps who did what and when, not the person's old and new values.
  UPDATE wolo.audit_logs a SET old_values = NULL, new_values = NULL, metadata = NULL
  WHERE (a.resource_id = v_uid OR a.resource_id = ANY (v_donations) OR a.resource_id IN (SELECT p.id FROM wolo.pots p WHERE p.owner_user_id = v_uid))
    AND (a.old_values IS NOT NULL OR a.new_values IS NOT NULL OR a.metadata IS NOT NULL);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.forget_user(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.forget_user(uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.forget_user(uuid) IS 'Erases or anonymises a person across the WOLO tables, keeping financial rows detached; idempotent. service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.mentions(doc text, needles text[])
RETURNS boolean
LANGUAGE sql
IMMUTABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT mentions.doc IS NOT NULL AND EXISTS (
  SELECT 1 FROM pg_catalog.unnest(mentions.needles) AS n
   WHERE pg_catalog.strpos(pg_catalog.lower(mentions.doc), n) > 0
     AND pg_catalog.lower(mentions.doc) ~ ('(?<![[:alnum:]._%+''-])' || pg_catalog.regexp_replace(n, '([^[:alnum:]])', '\\\1', 'g') || '(?![[:alnum:]_-]|\.[[:alnum:]])'))
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.mentions(text, text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.mentions(text, text[]) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.mentions(text, text[]) IS 'Whether the text contains one of the needles (lower-cased identifiers) as a whole token, case-insensitively.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.redact(doc text, needles text[])
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v text := redact.doc;
  n text;
BEGIN
  IF v IS NULL THEN
    RETURN NULL;
  END IF;
  FOREACH n IN ARRAY coalesce(redact.needles, '{}'::text[]) LOOP
    IF pg_catalog.strpos(pg_catalog.lower(v), n) > 0 THEN
      v := pg_catalog.regexp_replace(v, '(?<![[:alnum:]._%+''-])' || pg_catalog.regexp_replace(n, '([^[:alnum:]])', '\\\1', 'g') || '(?![[:alnum:]_-]|\.[[:alnum:]])', '[erased]', 'gi');
    END IF;
  END LOOP;
  RETURN v;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.redact(text, text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.redact(text, text[]) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.redact(text, text[]) IS 'The text with every occurrence of the needles (lower-cased identifiers), as a whole token, replaced by [erased].';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.export_subject(user_id uuid, email text, phone text)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_lookup text;
  v_user_ids uuid[];
  v_emails text[];
  v_phones text[];
  v_needles text[];
  v_refs jsonb := '{}'::jsonb;
  v_items jsonb := '[]'::jsonb;
  v_rows jsonb;
  v_counts jsonb;
BEGIN
  v_lookup := subjects.subject_lookup(export_subject.user_id, export_subject.email, export_subject.phone);
  SELECT r.user_ids, r.emails, r.phones INTO v_user_ids, v_emails, v_phones FROM subjects.resolve_subject(export_subject.user_id, export_subject.email, export_subject.phone) r;
  -- what a JSON or text column is searched for: every identifier of the person, lower-cased
  v_needles := ARRAY(SELECT DISTINCT pg_catalog.lower(x) FROM pg_catalog.unnest(v_emails || v_phones || v_user_ids::text[]) AS x
                     WHERE pg_catalog.length(x) >= 6);
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.customers', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.conversations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.pots', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.donations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.donations t WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones))));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.conversations', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) THEN 'reference:customer_id->crm.customers' END, CASE WHEN t.customer_phone::text = ANY (v_phones) THEN 'phone:customer_phone' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.messages', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.conversation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.conversations'))::uuid[]) THEN 'reference:conversation_id->crm.conversations' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END, CASE WHEN subjects.mentions(t.content::text, v_needles) THEN 'mention:content' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.messages t WHERE (t.conversation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.conversations'))::uuid[]) OR subjects.mentions(t.metadata::text, v_needles) OR subjects.mentions(t.content::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.customers', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.admin_notifications', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END, CASE WHEN subjects.mentions(t.message::text, v_needles) THEN 'mention:message' END, CASE WHEN subjects.mentions(t.title::text, v_needles) THEN 'mention:title' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.admin_notifications t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.payload::text, v_needles) OR subjects.mentions(t.message::text, v_needles) OR subjects.mentions(t.title::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.profile_audit_log', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.profile_id = ANY (v_user_ids) THEN 'userId:profile_id' END, CASE WHEN subjects.mentions(t.old_values::text, v_needles) THEN 'mention:old_values' END, CASE WHEN subjects.mentions(t.new_values::text, v_needles) THEN 'mention:new_values' END, CASE WHEN t.actor_id = ANY (v_user_ids) THEN 'actor:actor_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.profile_audit_log t WHERE (t.profile_id = ANY (v_user_ids) OR subjects.mentions(t.old_values::text, v_needles) OR subjects.mentions(t.new_values::text, v_needles) OR t.actor_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.enrollments', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.enrollments t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.leads', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.leads t WHERE (pg_catalog.lower(t.email) = ANY (v_emails)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.affiliates', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.affiliates t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.unified_profiles', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END, CASE WHEN subjects.mentions(t.admin_metadata::text, v_needles) THEN 'mention:admin_metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.unified_profiles t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones) OR subjects.mentions(t.admin_metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.marketing_source_rollup_by_profile', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('profile_id', t.profile_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.profile_id = ANY (v_user_ids) THEN 'userId:profile_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.marketing_source_rollup_by_profile t WHERE (t.profile_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.monthly_enrollments_rollup_by_student', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('course_id', t.course_id, 'month', t.month, 'user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.monthly_enrollments_rollup_by_student t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.revenue_analysis_rollup_by_customer', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('month', t.month, 'product', t.product, 'currency', t.currency, 'customer', t.customer), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.customer) = ANY (v_emails) THEN 'email:customer' END, CASE WHEN t.customer = ANY (v_user_ids::text[]) THEN 'userId:customer' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.revenue_analysis_rollup_by_customer t WHERE (pg_catalog.lower(t.customer) = ANY (v_emails) OR t.customer = ANY (v_user_ids::text[])));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.transactions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN pg_catalog.lower(t.contact_email) = ANY (v_emails) THEN 'email:contact_email' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.transactions t WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.contact_email) = ANY (v_emails) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.systemeio_raw', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN pg_catalog.lower(t.email_normalized) = ANY (v_emails) THEN 'email:email_normalized' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.systemeio_raw t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR pg_catalog.lower(t.email_normalized) = ANY (v_emails) OR t.phone::text = ANY (v_phones) OR subjects.mentions(t.payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.xendit_raw', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.payer_email) = ANY (v_emails) THEN 'email:payer_email' END, CASE WHEN pg_catalog.lower(t.email_normalized) = ANY (v_emails) THEN 'email:email_normalized' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END, CASE WHEN subjects.mentions(t.description::text, v_needles) THEN 'mention:description' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.xendit_raw t WHERE (pg_catalog.lower(t.payer_email) = ANY (v_emails) OR pg_catalog.lower(t.email_normalized) = ANY (v_emails) OR subjects.mentions(t.payload::text, v_needles) OR subjects.mentions(t.description::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.rejected_rows', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.rejected_rows t WHERE (subjects.mentions(t.payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.backups', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.details::text, v_needles) THEN 'mention:details' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.backups t WHERE (subjects.mentions(t.details::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.run_log', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.details::text, v_needles) THEN 'mention:details' END, CASE WHEN subjects.mentions(t.error::text, v_needles) THEN 'mention:error' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.run_log t WHERE (subjects.mentions(t.details::text, v_needles) OR subjects.mentions(t.error::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.validation_reports', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.report::text, v_needles) THEN 'mention:report' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.validation_reports t WHERE (subjects.mentions(t.report::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.xendit_transactions_raw', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.xendit_transactions_raw t WHERE (subjects.mentions(t.payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.lesson_activity_events', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id, 'occurred_at', t.occurred_at), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.lesson_activity_events t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.quiz_attempts', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.quiz_attempts t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.course_purchases', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.course_purchases t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.payment_transactions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.payment_transactions t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.subscriptions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.subscriptions t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.courses', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.instructor_id = ANY (v_user_ids) THEN 'actor:instructor_id' END, CASE WHEN subjects.mentions(t.description::text, v_needles) THEN 'mention:description' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.courses t WHERE (t.instructor_id = ANY (v_user_ids) OR subjects.mentions(t.description::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.content_versions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.created_by = ANY (v_user_ids) THEN 'actor:created_by' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.content_versions t WHERE (t.created_by = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.media_files', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.media_files t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_bookmarks', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.notes::text, v_needles) THEN 'mention:notes' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_bookmarks t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.notes::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_notes', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.content::text, v_needles) THEN 'mention:content' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_notes t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.content::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_addresses', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_addresses t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_preferences', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_preferences t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_roles', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN t.assigned_by = ANY (v_user_ids) THEN 'actor:assigned_by' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_roles t WHERE (t.user_id = ANY (v_user_ids) OR t.assigned_by = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.users', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.users t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.course_completions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.course_completions t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.enrollments', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.enrollments t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.lesson_progress', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.lesson_progress t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_achievements', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_achievements t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.admin_sessions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.admin_sessions t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.audit_logs', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.resource_id = ANY (v_user_ids) THEN 'userId:resource_id' END, CASE WHEN t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.pots'))::uuid[]) THEN 'reference:resource_id->wolo.pots' END, CASE WHEN t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[]) THEN 'reference:resource_id->wolo.donations' END, CASE WHEN subjects.mentions(t.old_values::text, v_needles) THEN 'mention:old_values' END, CASE WHEN subjects.mentions(t.new_values::text, v_needles) THEN 'mention:new_values' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END, CASE WHEN t.actor_user_id = ANY (v_user_ids) THEN 'actor:actor_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.audit_logs t WHERE (t.resource_id = ANY (v_user_ids) OR t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.pots'))::uuid[]) OR t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[]) OR subjects.mentions(t.old_values::text, v_needles) OR subjects.mentions(t.new_values::text, v_needles) OR subjects.mentions(t.metadata::text, v_needles) OR t.actor_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.feature_flags', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.created_by_user_id = ANY (v_user_ids) THEN 'actor:created_by_user_id' END, CASE WHEN t.last_modified_by_user_id = ANY (v_user_ids) THEN 'actor:last_modified_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.feature_flags t WHERE (t.created_by_user_id = ANY (v_user_ids) OR t.last_modified_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.system_config', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.last_modified_by_user_id = ANY (v_user_ids) THEN 'actor:last_modified_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.system_config t WHERE (t.last_modified_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.ab_test_assignments', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.ab_test_assignments t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.analytics_events', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.properties::text, v_needles) THEN 'mention:properties' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.analytics_events t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.properties::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.donations', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.donor_user_id = ANY (v_user_ids) THEN 'userId:donor_user_id' END, CASE WHEN t.donor_phone::text = ANY (v_phones) THEN 'phone:donor_phone' END, CASE WHEN subjects.mentions(t.wave_webhook_data::text, v_needles) THEN 'mention:wave_webhook_data' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.donations t WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones) OR subjects.mentions(t.wave_webhook_data::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.refunds', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.refunded_by_user_id = ANY (v_user_ids) THEN 'actor:refunded_by_user_id' END, CASE WHEN subjects.mentions(t.reason_description::text, v_needles) THEN 'mention:reason_description' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.refunds t WHERE (t.refunded_by_user_id = ANY (v_user_ids) OR subjects.mentions(t.reason_description::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.wave_webhook_events', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.donation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[]) THEN 'reference:donation_id->wolo.donations' END, CASE WHEN subjects.mentions(t.raw_payload::text, v_needles) THEN 'mention:raw_payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.wave_webhook_events t WHERE (t.donation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[]) OR subjects.mentions(t.raw_payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.password_reset_tokens', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.password_reset_tokens t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.user_sessions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.user_sessions t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.users', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.users t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.notification_preferences', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.notification_preferences t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.notifications', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) THEN 'email:recipient_identifier' END, CASE WHEN t.recipient_identifier::text = ANY (v_phones) THEN 'phone:recipient_identifier' END, CASE WHEN subjects.mentions(t.subject::text, v_needles) THEN 'mention:subject' END, CASE WHEN subjects.mentions(t.body::text, v_needles) THEN 'mention:body' END, CASE WHEN subjects.mentions(t.template_data::text, v_needles) THEN 'mention:template_data' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.notifications t WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones) OR subjects.mentions(t.subject::text, v_needles) OR subjects.mentions(t.body::text, v_needles) OR subjects.mentions(t.template_data::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.partner_staff', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('partner_id', t.partner_id, 'user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.partner_staff t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.partners', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.contact_email) = ANY (v_emails) THEN 'email:contact_email' END, CASE WHEN t.contact_phone::text = ANY (v_phones) THEN 'phone:contact_phone' END, CASE WHEN t.verified_by_user_id = ANY (v_user_ids) THEN 'actor:verified_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.partners t WHERE (pg_catalog.lower(t.contact_email) = ANY (v_emails) OR t.contact_phone::text = ANY (v_phones) OR t.verified_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.pot_invitations', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.invited_by_user_id = ANY (v_user_ids) THEN 'userId:invited_by_user_id' END, CASE WHEN pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) THEN 'email:recipient_identifier' END, CASE WHEN t.recipient_identifier::text = ANY (v_phones) THEN 'phone:recipient_identifier' END, CASE WHEN subjects.mentions(t.custom_message::text, v_needles) THEN 'mention:custom_message' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.pot_invitations t WHERE (t.invited_by_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones) OR subjects.mentions(t.custom_message::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.pots', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.owner_user_id = ANY (v_user_ids) THEN 'userId:owner_user_id' END, CASE WHEN subjects.mentions(t.title::text, v_needles) THEN 'mention:title' END, CASE WHEN subjects.mentions(t.description::text, v_needles) THEN 'mention:description' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids) OR subjects.mentions(t.title::text, v_needles) OR subjects.mentions(t.description::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.profiles', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN t.guardian_user_id = ANY (v_user_ids) THEN 'actor:guardian_user_id' END, CASE WHEN t.id_verified_by = ANY (v_user_ids) THEN 'actor:id_verified_by' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.profiles t WHERE (t.user_id = ANY (v_user_ids) OR t.guardian_user_id = ANY (v_user_ids) OR t.id_verified_by = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.user_addresses', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.user_addresses t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.partner_settlements', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.approved_by_user_id = ANY (v_user_ids) THEN 'actor:approved_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.partner_settlements t WHERE (t.approved_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.qr_redemption_logs', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.partner_user_id = ANY (v_user_ids) THEN 'actor:partner_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.qr_redemption_logs t WHERE (t.partner_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.points_conversions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'actor:sponsor_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.points_conversions t WHERE (t.sponsor_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.points_ledger', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'actor:sponsor_user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.points_ledger t WHERE (t.sponsor_user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.referrals', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsored_user_id = ANY (v_user_ids) THEN 'userId:sponsored_user_id' END, CASE WHEN pg_catalog.lower(t.invited_email) = ANY (v_emails) THEN 'email:invited_email' END, CASE WHEN t.invited_phone::text = ANY (v_phones) THEN 'phone:invited_phone' END, CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'actor:sponsor_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.referrals t WHERE (t.sponsored_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.invited_email) = ANY (v_emails) OR t.invited_phone::text = ANY (v_phones) OR t.sponsor_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.sponsor_contact_batches', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'userId:sponsor_user_id' END, CASE WHEN subjects.mentions(t.contact_snapshot::text, v_needles) THEN 'mention:contact_snapshot' END, CASE WHEN subjects.mentions(t.manual_selections::text, v_needles) THEN 'mention:manual_selections' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.sponsor_contact_batches t WHERE (t.sponsor_user_id = ANY (v_user_ids) OR subjects.mentions(t.contact_snapshot::text, v_needles) OR subjects.mentions(t.manual_selections::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.sponsor_daily_limits', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'userId:sponsor_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.sponsor_daily_limits t WHERE (t.sponsor_user_id = ANY (v_user_ids)));
  IF pg_catalog.has_table_privilege('auth.users', 'SELECT') THEN
    v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'auth', 'table', 'auth.users', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM auth.users t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)));
  END IF;
  IF pg_catalog.to_regclass('auth.identities') IS NOT NULL AND pg_catalog.has_table_privilege('auth.identities', 'SELECT') THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.identities', 'userId:user_id', 'auth', 'identities', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF pg_catalog.to_regclass('auth.sessions') IS NOT NULL AND pg_catalog.has_table_privilege('auth.sessions', 'SELECT') THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.sessions', 'userId:user_id', 'auth', 'sessions', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.refresh_tokens', 'SELECT') THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.refresh_tokens', 'userId:user_id', 'auth', 'refresh_tokens', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL AND pg_catalog.has_table_privilege('auth.mfa_factors', 'SELECT') THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.mfa_factors', 'userId:user_id', 'auth', 'mfa_factors', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.one_time_tokens', 'SELECT') THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.one_time_tokens', 'userId:user_id', 'auth', 'one_time_tokens', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF pg_catalog.to_regclass('auth.flow_state') IS NOT NULL AND pg_catalog.has_table_privilege('auth.flow_state', 'SELECT') THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.flow_state', 'userId:user_id', 'auth', 'flow_state', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  SELECT coalesce(pg_catalog.jsonb_object_agg(c.tb, pg_catalog.jsonb_build_object('rows', c.n)), '{}'::jsonb) INTO v_counts
    FROM (SELECT x ->> 'table' AS tb, count(*) AS n FROM pg_catalog.jsonb_array_elements(v_items) AS x GROUP BY 1) c;
  PERFORM subjects.record_run('export', v_lookup, false, v_counts, pg_catalog.jsonb_array_length(v_items));
  RETURN subjects.export_document(v_items)
    || pg_catalog.jsonb_build_object('subject', pg_catalog.jsonb_build_object('user_ids', pg_catalog.to_jsonb(v_user_ids), 'emails', pg_catalog.to_jsonb(v_emails), 'phones', pg_catalog.to_jsonb(v_phones)));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.export_subject(uuid, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.export_subject(uuid, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.export_subject(uuid, text, text) IS 'Everything held about one person in every domain, as one JSON document (grouped by domain and table, crm per brand). service_role only; recorded in subjects.runs.';
--> statement-breakpoint
ALTER FUNCTION subjects.export_subject(uuid, text, text) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.erase_subject(user_id uuid, email text, phone text, dry_run boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_lookup text;
  v_user_ids uuid[];
  v_emails text[];
  v_phones text[];
  v_needles text[];
  v_refs jsonb := '{}'::jsonb;
  v_report jsonb := '{}'::jsonb;
  v_backups jsonb;
  v_total bigint := 0;
  v_ids uuid[];
  n bigint;
  n_rows bigint;
  n_redacted bigint;
  n_cleared bigint;
  n_kept bigint;
BEGIN
  v_lookup := subjects.subject_lookup(erase_subject.user_id, erase_subject.email, erase_subject.phone);
  SELECT r.user_ids, r.emails, r.phones INTO v_user_ids, v_emails, v_phones FROM subjects.resolve_subject(erase_subject.user_id, erase_subject.email, erase_subject.phone) r;
  -- what a JSON or text column is searched for: every identifier of the person, lower-cased
  v_needles := ARRAY(SELECT DISTINCT pg_catalog.lower(x) FROM pg_catalog.unnest(v_emails || v_phones || v_user_ids::text[]) AS x
                     WHERE pg_catalog.length(x) >= 6);
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.customers', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.conversations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.pots', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.donations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.donations t WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones))));
  BEGIN
    -- crm.messages
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM crm.messages t WHERE (t.conversation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.conversations'))::uuid[]));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE crm.messages t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE crm.messages t SET content = subjects.redact(t.content::text, v_needles)::text WHERE true AND (subjects.mentions(t.content::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('crm.messages', pg_catalog.jsonb_build_object('domain', 'crm', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- crm.conversations
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE crm.conversations t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('crm.conversations', pg_catalog.jsonb_build_object('domain', 'crm', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- crm.customers
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE crm.customers t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('crm.customers', pg_catalog.jsonb_build_object('domain', 'crm', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.enrollments
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.enrollments t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.enrollments t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.enrollments', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.leads
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.leads t WHERE (pg_catalog.lower(t.email) = ANY (v_emails));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.leads', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.affiliates
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.affiliates t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.affiliates', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.unified_profiles
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.unified_profiles t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.unified_profiles t SET admin_metadata = subjects.redact(t.admin_metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.admin_metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.unified_profiles', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.transactions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE public.transactions t SET user_id = NULL, contact_email = NULL, metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.contact_email) = ANY (v_emails)) AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL OR subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.transactions t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.transactions', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.systemeio_raw
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM ingest.systemeio_raw t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR pg_catalog.lower(t.email_normalized) = ANY (v_emails) OR t.phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE ingest.systemeio_raw t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.systemeio_raw', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.xendit_raw
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM ingest.xendit_raw t WHERE (pg_catalog.lower(t.payer_email) = ANY (v_emails) OR pg_catalog.lower(t.email_normalized) = ANY (v_emails));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE ingest.xendit_raw t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE ingest.xendit_raw t SET description = subjects.redact(t.description::text, v_needles)::text WHERE true AND (subjects.mentions(t.description::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.xendit_raw', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.rejected_rows
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.rejected_rows t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.rejected_rows', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.backups
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.backups t SET details = subjects.redact(t.details::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.details::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.backups', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.run_log
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.run_log t SET details = subjects.redact(t.details::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.details::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE ingest.run_log t SET error = subjects.redact(t.error::text, v_needles)::text WHERE true AND (subjects.mentions(t.error::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.run_log', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.validation_reports
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.validation_reports t SET report = subjects.redact(t.report::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.report::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.validation_reports', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.xendit_transactions_raw
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.xendit_transactions_raw t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.xendit_transactions_raw', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.lesson_activity_events
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.lesson_activity_events t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.lesson_activity_events t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.lesson_activity_events', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.quiz_attempts
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.quiz_attempts t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.quiz_attempts', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.course_purchases
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.course_purchases t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.course_purchases', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.payment_transactions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE learning.payment_transactions t SET user_id = NULL, metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE (t.user_id = ANY (v_user_ids)) AND (t.user_id IS NOT NULL OR subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.payment_transactions t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.payment_transactions', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.subscriptions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.subscriptions t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.subscriptions', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.courses
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE learning.courses t SET description = subjects.redact(t.description::text, v_needles)::text WHERE true AND (subjects.mentions(t.description::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    SELECT count(*) INTO n FROM learning.courses t WHERE t.instructor_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.courses', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.content_versions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE learning.content_versions t SET created_by = NULL WHERE t.created_by = ANY (v_user_ids) AND (t.created_by IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.content_versions', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.media_files
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.media_files t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.media_files', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_bookmarks
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_bookmarks t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.user_bookmarks t SET notes = subjects.redact(t.notes::text, v_needles)::text WHERE true AND (subjects.mentions(t.notes::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_bookmarks', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_notes
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_notes t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.user_notes t SET content = subjects.redact(t.content::text, v_needles)::text WHERE true AND (subjects.mentions(t.content::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_notes', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_addresses
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_addresses t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_addresses', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_preferences
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_preferences t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_preferences', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_roles
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_roles t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.user_roles t SET assigned_by = NULL WHERE t.assigned_by = ANY (v_user_ids) AND (t.assigned_by IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_roles', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.users
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.users t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.users', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.course_completions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.course_completions t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.course_completions', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.enrollments
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.enrollments t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.enrollments', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.lesson_progress
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.lesson_progress t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.lesson_progress', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_achievements
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_achievements t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.user_achievements t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_achievements', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.admin_sessions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.admin_sessions t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.admin_sessions', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.feature_flags
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.feature_flags t SET created_by_user_id = NULL WHERE t.created_by_user_id = ANY (v_user_ids) AND (t.created_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    UPDATE wolo.feature_flags t SET last_modified_by_user_id = NULL WHERE t.last_modified_by_user_id = ANY (v_user_ids) AND (t.last_modified_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.feature_flags', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.system_config
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.system_config t SET last_modified_by_user_id = NULL WHERE t.last_modified_by_user_id = ANY (v_user_ids) AND (t.last_modified_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.system_config', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.ab_test_assignments
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.ab_test_assignments t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.ab_test_assignments', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.analytics_events
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.analytics_events t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.analytics_events t SET properties = subjects.redact(t.properties::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.properties::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.analytics_events', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.wave_webhook_events
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.wave_webhook_events t SET raw_payload = subjects.redact(t.raw_payload::text, v_needles)::jsonb WHERE (t.donation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[])) AND (subjects.mentions(t.raw_payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.wave_webhook_events t SET raw_payload = subjects.redact(t.raw_payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.raw_payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.wave_webhook_events', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.donations
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.donations t SET donor_user_id = NULL, donor_name = NULL, donor_phone = NULL, donation_message = NULL, ip_address = NULL, user_agent = NULL, wave_webhook_data = subjects.redact(t.wave_webhook_data::text, v_needles)::jsonb WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones)) AND (t.donor_user_id IS NOT NULL OR t.donor_name IS NOT NULL OR t.donor_phone IS NOT NULL OR t.donation_message IS NOT NULL OR t.ip_address IS NOT NULL OR t.user_agent IS NOT NULL OR subjects.mentions(t.wave_webhook_data::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.donations t SET wave_webhook_data = subjects.redact(t.wave_webhook_data::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.wave_webhook_data::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.donations', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.refunds
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.refunds t SET reason_description = subjects.redact(t.reason_description::text, v_needles)::text WHERE true AND (subjects.mentions(t.reason_description::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    SELECT count(*) INTO n FROM wolo.refunds t WHERE t.refunded_by_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.refunds', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.password_reset_tokens
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.password_reset_tokens t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.password_reset_tokens', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.user_sessions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.user_sessions t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.user_sessions', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.users
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.users t SET phone = NULL, email = ('forgotten-' || t.id::text || '@wolo.invalid'), is_active = false, last_login_at = NULL WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)) AND (t.phone IS NOT NULL OR t.email IS DISTINCT FROM ('forgotten-' || t.id::text || '@wolo.invalid') OR t.is_active IS DISTINCT FROM false OR t.last_login_at IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.users', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.notification_preferences
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.notification_preferences t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.notification_preferences', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.notifications
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.notifications t WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.notifications t SET subject = subjects.redact(t.subject::text, v_needles)::varchar(500) WHERE true AND (subjects.mentions(t.subject::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.notifications t SET body = subjects.redact(t.body::text, v_needles)::text WHERE true AND (subjects.mentions(t.body::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.notifications t SET template_data = subjects.redact(t.template_data::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.template_data::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.notifications', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.partner_staff
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.partner_staff t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.partner_staff', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.partners
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.partners t SET contact_name = NULL, contact_email = NULL, contact_phone = NULL WHERE (pg_catalog.lower(t.contact_email) = ANY (v_emails) OR t.contact_phone::text = ANY (v_phones)) AND (t.contact_name IS NOT NULL OR t.contact_email IS NOT NULL OR t.contact_phone IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.partners t SET verified_by_user_id = NULL WHERE t.verified_by_user_id = ANY (v_user_ids) AND (t.verified_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.partners', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.pot_invitations
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.pot_invitations t WHERE (t.invited_by_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.pot_invitations t SET custom_message = subjects.redact(t.custom_message::text, v_needles)::text WHERE true AND (subjects.mentions(t.custom_message::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.pot_invitations', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.pots
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.pots t SET title = '[forgotten]', description = NULL, cover_image_url = NULL, gallery_images = NULL WHERE (t.owner_user_id = ANY (v_user_ids)) AND (t.title IS DISTINCT FROM '[forgotten]' OR t.description IS NOT NULL OR t.cover_image_url IS NOT NULL OR t.gallery_images IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.pots t SET title = subjects.redact(t.title::text, v_needles)::varchar(255) WHERE true AND (subjects.mentions(t.title::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.pots t SET description = subjects.redact(t.description::text, v_needles)::text WHERE true AND (subjects.mentions(t.description::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.pots', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.profiles
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.profiles t SET full_name = '[forgotten]', date_of_birth = '1900-01-01', avatar_url = NULL, bio = NULL, id_number = NULL, id_type = NULL, id_country = NULL, id_hash = NULL, id_media_url = NULL WHERE (t.user_id = ANY (v_user_ids)) AND (t.full_name IS DISTINCT FROM '[forgotten]' OR t.date_of_birth IS DISTINCT FROM '1900-01-01' OR t.avatar_url IS NOT NULL OR t.bio IS NOT NULL OR t.id_number IS NOT NULL OR t.id_type IS NOT NULL OR t.id_country IS NOT NULL OR t.id_hash IS NOT NULL OR t.id_media_url IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    SELECT count(*) INTO n FROM wolo.profiles t WHERE t.guardian_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    UPDATE wolo.profiles t SET id_verified_by = NULL WHERE t.id_verified_by = ANY (v_user_ids) AND (t.id_verified_by IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.profiles', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.user_addresses
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.user_addresses t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.user_addresses', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.partner_settlements
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.partner_settlements t SET approved_by_user_id = NULL WHERE t.approved_by_user_id = ANY (v_user_ids) AND (t.approved_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.partner_settlements', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.qr_redemption_logs
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.qr_redemption_logs t SET partner_user_id = NULL, ip_address = NULL, user_agent = NULL WHERE t.partner_user_id = ANY (v_user_ids) AND (t.partner_user_id IS NOT NULL OR t.ip_address IS NOT NULL OR t.user_agent IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.qr_redemption_logs', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.points_conversions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    SELECT count(*) INTO n FROM wolo.points_conversions t WHERE t.sponsor_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.points_conversions', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.points_ledger
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.points_ledger t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    SELECT count(*) INTO n FROM wolo.points_ledger t WHERE t.sponsor_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.points_ledger', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.referrals
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.referrals t SET invited_phone = NULL, invited_email = ('forgotten-' || t.id::text || '@wolo.invalid'), invited_name = NULL, invitation_message = NULL WHERE (t.sponsored_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.invited_email) = ANY (v_emails) OR t.invited_phone::text = ANY (v_phones)) AND (t.invited_phone IS NOT NULL OR t.invited_email IS DISTINCT FROM ('forgotten-' || t.id::text || '@wolo.invalid') OR t.invited_name IS NOT NULL OR t.invitation_message IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.referrals t SET invited_phone = NULL, invited_email = ('forgotten-' || t.id::text || '@wolo.invalid'), invited_name = NULL, invitation_message = NULL WHERE t.sponsor_user_id = ANY (v_user_ids) AND (t.invited_phone IS NOT NULL OR t.invited_email IS DISTINCT FROM ('forgotten-' || t.id::text || '@wolo.invalid') OR t.invited_name IS NOT NULL OR t.invitation_message IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.referrals', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.sponsor_contact_batches
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.sponsor_contact_batches t WHERE (t.sponsor_user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.sponsor_contact_batches t SET contact_snapshot = subjects.redact(t.contact_snapshot::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.contact_snapshot::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.sponsor_contact_batches t SET manual_selections = subjects.redact(t.manual_selections::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.manual_selections::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.sponsor_contact_batches', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.sponsor_daily_limits
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.sponsor_daily_limits t WHERE (t.sponsor_user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.sponsor_daily_limits', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.admin_notifications
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.admin_notifications t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.admin_notifications t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE public.admin_notifications t SET message = subjects.redact(t.message::text, v_needles)::text WHERE true AND (subjects.mentions(t.message::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE public.admin_notifications t SET title = subjects.redact(t.title::text, v_needles)::text WHERE true AND (subjects.mentions(t.title::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.admin_notifications', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.profile_audit_log
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.profile_audit_log t WHERE (t.profile_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.profile_audit_log t SET old_values = subjects.redact(t.old_values::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.old_values::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE public.profile_audit_log t SET new_values = subjects.redact(t.new_values::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.new_values::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE public.profile_audit_log t SET actor_id = NULL WHERE t.actor_id = ANY (v_user_ids) AND (t.actor_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.profile_audit_log', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.marketing_source_rollup_by_profile
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.marketing_source_rollup_by_profile t WHERE (t.profile_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.marketing_source_rollup_by_profile', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.monthly_enrollments_rollup_by_student
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.monthly_enrollments_rollup_by_student t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.monthly_enrollments_rollup_by_student', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.revenue_analysis_rollup_by_customer
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.revenue_analysis_rollup_by_customer t WHERE (pg_catalog.lower(t.customer) = ANY (v_emails) OR t.customer = ANY (v_user_ids::text[]));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.revenue_analysis_rollup_by_customer', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.audit_logs
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.audit_logs t SET old_values = NULL, new_values = NULL, metadata = NULL WHERE (t.resource_id = ANY (v_user_ids) OR t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.pots'))::uuid[]) OR t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[])) AND (t.old_values IS NOT NULL OR t.new_values IS NOT NULL OR t.metadata IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.audit_logs t SET old_values = subjects.redact(t.old_values::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.old_values::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.audit_logs t SET new_values = subjects.redact(t.new_values::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.new_values::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.audit_logs t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.audit_logs t SET actor_user_id = NULL, actor_ip = NULL, user_agent = NULL WHERE t.actor_user_id = ANY (v_user_ids) AND (t.actor_user_id IS NOT NULL OR t.actor_ip IS NOT NULL OR t.user_agent IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.audit_logs', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- auth.users
    IF pg_catalog.has_table_privilege('auth.users', 'SELECT, UPDATE, DELETE') THEN
      n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
      WITH u AS (UPDATE auth.users t SET email = NULL, phone = NULL WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)) AND (t.email IS NOT NULL OR t.phone IS NOT NULL) RETURNING t.id)
      SELECT coalesce(pg_catalog.array_agg(u.id), '{}') INTO v_ids FROM u;
      n := pg_catalog.cardinality(v_ids);
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'raw_user_meta_data' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = ''{}''::jsonb WHERE t.%I = ANY ($1)', 'auth', 'users', 'raw_user_meta_data', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'raw_app_meta_data' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = ''{}''::jsonb WHERE t.%I = ANY ($1)', 'auth', 'users', 'raw_app_meta_data', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'encrypted_password' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'encrypted_password', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'confirmation_token' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'confirmation_token', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'recovery_token' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'recovery_token', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'email_change' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'email_change', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'email_change_token_new' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'email_change_token_new', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'email_change_token_current' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'email_change_token_current', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'phone_change' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'phone_change', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'phone_change_token' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'phone_change_token', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'reauthentication_token' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'reauthentication_token', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'banned_until' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = ''infinity''::timestamptz WHERE t.%I = ANY ($1)', 'auth', 'users', 'banned_until', 'id') USING v_ids;
      END IF;
      n_rows := n_rows + n;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.users', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
      v_total := v_total + n_rows + n_redacted + n_cleared;
    ELSE
      v_report := v_report || pg_catalog.jsonb_build_object('auth.users', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'anonymise', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.identities') IS NOT NULL AND pg_catalog.has_table_privilege('auth.identities', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'identities', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.identities', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.identities') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.identities', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.sessions') IS NOT NULL AND pg_catalog.has_table_privilege('auth.sessions', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'sessions', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.sessions', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.sessions') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.sessions', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.refresh_tokens', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'refresh_tokens', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.refresh_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.refresh_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL AND pg_catalog.has_table_privilege('auth.mfa_factors', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'mfa_factors', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.mfa_factors', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.mfa_factors', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.one_time_tokens', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'one_time_tokens', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.one_time_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.one_time_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.flow_state') IS NOT NULL AND pg_catalog.has_table_privilege('auth.flow_state', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'flow_state', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.flow_state', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.flow_state') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.flow_state', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF coalesce(erase_subject.dry_run, false) THEN
      RAISE EXCEPTION 'dry run: rolled back' USING ERRCODE = 'US900';
    END IF;
  EXCEPTION WHEN SQLSTATE 'US900' THEN
    NULL;
  END;
  PERFORM subjects.record_run('erase', v_lookup, coalesce(erase_subject.dry_run, false), v_report, v_total);
  -- cutover backups are frozen copies of production from before a cutover: not rewritten (docs/subjects.md)
  SELECT coalesce(pg_catalog.jsonb_agg(b.id ORDER BY b.id), '[]'::jsonb) INTO v_backups FROM ingest.backups b WHERE b.status = 'active';
  RETURN pg_catalog.jsonb_build_object('dry_run', coalesce(erase_subject.dry_run, false), 'found', v_total > 0 OR pg_catalog.cardinality(v_user_ids) > 0,
                                       'total_rows', v_total, 'tables', v_report, 'active_backups', v_backups);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) IS 'Erases one person in every domain by each table''s registry rule (delete, anonymise, retain detached); dry_run rolls back and reports the same. service_role only; recorded in subjects.runs.';
--> statement-breakpoint
ALTER FUNCTION subjects.erase_subject(uuid, text, text, boolean) OWNER TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA crm, public, ingest, learning, wolo, subjects TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, UPDATE, DELETE ON crm.conversations, crm.messages, crm.customers, public.admin_notifications, public.profile_audit_log, public.enrollments, public.leads, public.affiliates, public.unified_profiles, public.marketing_source_rollup_by_profile, public.monthly_enrollments_rollup_by_student, public.revenue_analysis_rollup_by_customer, public.transactions, ingest.systemeio_raw, ingest.xendit_raw, ingest.rejected_rows, ingest.backups, ingest.run_log, ingest.validation_reports, ingest.xendit_transactions_raw, learning.lesson_activity_events, learning.quiz_attempts, learning.course_purchases, learning.payment_transactions, learning.subscriptions, learning.courses, learning.content_versions, learning.media_files, learning.user_bookmarks, learning.user_notes, learning.user_addresses, learning.user_preferences, learning.user_roles, learning.users, learning.course_completions, learning.enrollments, learning.lesson_progress, learning.user_achievements, wolo.admin_sessions, wolo.audit_logs, wolo.feature_flags, wolo.system_config, wolo.ab_test_assignments, wolo.analytics_events, wolo.donations, wolo.refunds, wolo.wave_webhook_events, wolo.password_reset_tokens, wolo.user_sessions, wolo.users, wolo.notification_preferences, wolo.notifications, wolo.partner_staff, wolo.partners, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.user_addresses, wolo.partner_settlements, wolo.qr_redemption_logs, wolo.points_conversions, wolo.points_ledger, wolo.referrals, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON subjects.runs TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.business_time_zone() TO unified_schema_definer;
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON crm.conversations;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON crm.conversations AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON crm.messages;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON crm.messages AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON crm.customers;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON crm.customers AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON public.affiliates;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON public.affiliates AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.systemeio_raw;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.systemeio_raw AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.xendit_raw;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.xendit_raw AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.rejected_rows;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.rejected_rows AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.backups;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.backups AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.run_log;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.run_log AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.validation_reports;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.validation_reports AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.xendit_transactions_raw;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.xendit_transactions_raw AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.lesson_activity_events;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.lesson_activity_events AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.payment_transactions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.payment_transactions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.subscriptions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.subscriptions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.content_versions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.content_versions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.media_files;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.media_files AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_bookmarks;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_bookmarks AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_notes;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_notes AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_addresses;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_addresses AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_preferences;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_preferences AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_roles;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_roles AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.users;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.users AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_achievements;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_achievements AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.admin_sessions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.admin_sessions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.system_config;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.system_config AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.ab_test_assignments;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.ab_test_assignments AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.analytics_events;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.analytics_events AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.refunds;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.refunds AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.wave_webhook_events;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.wave_webhook_events AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.password_reset_tokens;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.password_reset_tokens AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.user_sessions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.user_sessions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.notification_preferences;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.notification_preferences AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.notifications;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.notifications AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.partners;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.partners AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.pot_invitations;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.pot_invitations AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.user_addresses;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.user_addresses AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.partner_settlements;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.partner_settlements AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.qr_redemption_logs;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.qr_redemption_logs AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.points_conversions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.points_conversions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.points_ledger;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.points_ledger AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.referrals;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.referrals AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.sponsor_contact_batches;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.sponsor_contact_batches AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.sponsor_daily_limits;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.sponsor_daily_limits AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DO $subjects$
DECLARE
  t text;
BEGIN
  GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  FOREACH t IN ARRAY ARRAY['auth.users', 'auth.identities', 'auth.sessions', 'auth.refresh_tokens', 'auth.mfa_factors', 'auth.one_time_tokens', 'auth.flow_state'] LOOP
    CONTINUE WHEN pg_catalog.to_regclass(t) IS NULL;
    BEGIN
      EXECUTE format('GRANT SELECT, UPDATE, DELETE ON %s TO unified_schema_definer', pg_catalog.to_regclass(t));
      -- Supabase may enable RLS on auth's tables: the definer role gets its one policy there too
      IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(t)) THEN
        EXECUTE format('DROP POLICY IF EXISTS %I ON %s', 'the definer role erases and exports data subjects', pg_catalog.to_regclass(t));
        EXECUTE format('CREATE POLICY %I ON %s AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true)', 'the definer role erases and exports data subjects', pg_catalog.to_regclass(t));
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'the migrating role cannot give unified_schema_definer rights on %: subjects.erase_subject skips it on this database (%)', t, SQLERRM;
    END;
  END LOOP;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'subjects: no USAGE on schema auth for unified_schema_definer: the auth tables are skipped on this database (%)', SQLERRM;
END
$subjects$;
--> statement-breakpoint
REVOKE ALL ON subjects.runs FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA subjects TO service_role;
--> statement-breakpoint
GRANT SELECT ON subjects.runs TO service_role;

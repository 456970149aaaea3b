-- SQL objects declared in src/functions (written by db:generate; do not edit)

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
REVOKE ALL ON SEQUENCE public.admin_notifications_id_seq, public.profile_audit_log_id_seq FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA public TO unified_schema_definer;
--> statement-breakpoint
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
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
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
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
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA extensions TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON wolo.users, wolo.partner_staff, wolo.donations, wolo.pots, wolo.feature_flags TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT (user_id, id_number, id_hash), UPDATE (id_number, id_hash) ON wolo.profiles TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON wolo.audit_logs TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION extensions.hmac(text, text, text), extensions.pgp_sym_encrypt(text, text), extensions.pgp_sym_decrypt(bytea, text) TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA crm, public, ingest, learning, wolo, subjects TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, UPDATE, DELETE ON crm.conversations, crm.messages, crm.customers, public.admin_notifications, public.profile_audit_log, public.enrollments, public.leads, public.affiliates, public.unified_profiles, public.marketing_source_rollup_by_profile, public.monthly_enrollments_rollup_by_student, public.revenue_analysis_rollup_by_customer, public.transactions, learning.lesson_activity_events, learning.quiz_attempts, learning.course_purchases, learning.payment_transactions, learning.subscriptions, learning.courses, learning.content_versions, learning.media_files, learning.user_bookmarks, learning.user_notes, learning.user_addresses, learning.user_preferences, learning.user_roles, learning.users, learning.course_completions, learning.enrollments, learning.lesson_progress, learning.user_achievements, wolo.admin_sessions, wolo.audit_logs, wolo.feature_flags, wolo.system_config, wolo.ab_test_assignments, wolo.analytics_events, wolo.donations, wolo.refunds, wolo.wave_webhook_events, wolo.password_reset_tokens, wolo.user_sessions, wolo.users, wolo.notification_preferences, wolo.notifications, wolo.partner_staff, wolo.partners, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.user_addresses, wolo.partner_settlements, wolo.qr_redemption_logs, wolo.points_conversions, wolo.points_ledger, wolo.referrals, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.systemeio_raw FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, DELETE ON ingest.systemeio_raw TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (payload) ON ingest.systemeio_raw TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.xendit_raw FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, DELETE ON ingest.xendit_raw TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (description, payload) ON ingest.xendit_raw TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.rejected_rows FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.rejected_rows TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (payload) ON ingest.rejected_rows TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.backups FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.backups TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (details) ON ingest.backups TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.run_log FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.run_log TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (details, error) ON ingest.run_log TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.validation_reports FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.validation_reports TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (report) ON ingest.validation_reports TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.xendit_transactions_raw FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.xendit_transactions_raw TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (payload) ON ingest.xendit_transactions_raw TO unified_schema_definer;
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
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
--> statement-breakpoint
DO $subjects$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['auth.users', 'auth.identities', 'auth.sessions', 'auth.refresh_tokens', 'auth.mfa_factors', 'auth.one_time_tokens', 'auth.flow_state', 'auth.audit_log_entries'] LOOP
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
  RAISE WARNING 'subjects: unified_schema_definer has no rights on auth''s tables: the auth tables are skipped on this database (%)', SQLERRM;
END
$subjects$;
--> statement-breakpoint
REVOKE ALL ON subjects.runs FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA subjects TO service_role;
--> statement-breakpoint
GRANT SELECT ON subjects.runs TO service_role;

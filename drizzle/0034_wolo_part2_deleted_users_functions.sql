-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function wolo.purge_expired_data(timestamptz, integer)
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

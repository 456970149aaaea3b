-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo.enqueue_notification(uuid, text, text, jsonb, timestamptz)
-- new: function wolo.claim_notifications(integer)
-- new: function wolo.record_notification_result(uuid, boolean, text, text)
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
CREATE OR REPLACE FUNCTION wolo.enqueue_notification(user_id uuid, template_key text, channel text, data jsonb DEFAULT '{}'::jsonb, as_of timestamptz DEFAULT now())
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  t wolo.notification_templates;
  p wolo.notification_preferences;
  v_has_prefs boolean;
  v_user wolo.users;
  v_tz text;
  v_event text;
  v_subject text;
  v_body text;
  v_name text;
  v_recipient text;
  v_start time;
  v_end time;
  v_local timestamp;
  v_lt time;
  v_at timestamptz := coalesce(enqueue_notification.as_of, pg_catalog.now());
  v_id uuid;
BEGIN
  SELECT * INTO t FROM wolo.notification_templates nt WHERE nt.template_key = enqueue_notification.template_key AND nt.is_active;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no active notification template %', enqueue_notification.template_key USING ERRCODE = 'UW016', COLUMN = 'template_key';
  END IF;
  IF enqueue_notification.channel IS NULL OR NOT (enqueue_notification.channel = ANY (t.channels::text[])) THEN
    RAISE EXCEPTION 'template % does not support channel %', t.template_key, enqueue_notification.channel USING ERRCODE = 'UW019', COLUMN = 'channel';
  END IF;
  SELECT * INTO v_user FROM wolo.users u WHERE u.id = enqueue_notification.user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'user % does not exist', enqueue_notification.user_id USING ERRCODE = 'UW016', COLUMN = 'user_id';
  END IF;
  SELECT * INTO p FROM wolo.notification_preferences np WHERE np.user_id = enqueue_notification.user_id;
  v_has_prefs := FOUND;
  IF v_has_prefs THEN
    IF (enqueue_notification.channel = 'email' AND NOT p.email_enabled) OR (enqueue_notification.channel = 'sms' AND NOT p.sms_enabled)
       OR (enqueue_notification.channel = 'whatsapp' AND NOT p.whatsapp_enabled) OR (enqueue_notification.channel = 'push' AND NOT p.push_enabled) THEN
      RETURN NULL;
    END IF;
    v_event := pg_catalog.split_part(pg_catalog.replace(t.template_key, '_', '.'), '.', 1);
    IF (v_event = 'referral' AND NOT p.referral_notifications) OR (v_event = 'pot' AND NOT p.pot_notifications)
       OR (v_event = 'donation' AND NOT p.donation_notifications) THEN
      RETURN NULL;
    END IF;
  END IF;
  IF t.category = 'marketing' AND NOT (v_has_prefs AND p.marketing_notifications AND p.marketing_opt_in_at IS NOT NULL AND p.marketing_opt_in_source IS NOT NULL) THEN
    RAISE EXCEPTION 'marketing template % needs the user''s recorded opt-in (time and source)', t.template_key USING ERRCODE = 'UW020', COLUMN = 'user_id';
  END IF;
  v_subject := t.subject;
  v_body := t.body_text;
  FOR v_name IN
    SELECT DISTINCT m[1] FROM pg_catalog.regexp_matches(coalesce(t.subject, '') || ' ' || t.body_text, '\{\{\s*([A-Za-z0-9_.]+)\s*\}\}', 'g') AS m
  LOOP
    IF enqueue_notification.data IS NULL OR NOT (enqueue_notification.data ? v_name) THEN
      RAISE EXCEPTION 'placeholder {{%}} of template % is missing from data', v_name, t.template_key USING ERRCODE = 'UW021', COLUMN = v_name;
    END IF;
    v_subject := pg_catalog.regexp_replace(v_subject, '\{\{\s*' || pg_catalog.replace(v_name, '.', '\.') || '\s*\}\}', pg_catalog.replace(coalesce(enqueue_notification.data ->> v_name, ''), '\', '\\'), 'g');
    v_body := pg_catalog.regexp_replace(v_body, '\{\{\s*' || pg_catalog.replace(v_name, '.', '\.') || '\s*\}\}', pg_catalog.replace(coalesce(enqueue_notification.data ->> v_name, ''), '\', '\\'), 'g');
  END LOOP;
  v_recipient := CASE enqueue_notification.channel WHEN 'email' THEN v_user.email WHEN 'push' THEN v_user.id::text ELSE v_user.phone END;
  IF v_recipient IS NULL THEN
    RAISE EXCEPTION 'user % has no address for channel %', v_user.id, enqueue_notification.channel USING ERRCODE = 'UW019', COLUMN = 'channel';
  END IF;
  -- Quiet hours: the column defaults when the user has no preferences row; none when both are NULL.
  IF v_has_prefs THEN
    v_start := p.quiet_hours_start;
    v_end := p.quiet_hours_end;
  ELSE
    v_start := '22:00';
    v_end := '08:00';
  END IF;
  IF v_start IS NOT NULL AND v_end IS NOT NULL AND v_start <> v_end THEN
    v_tz := coalesce((SELECT pr.timezone FROM wolo.profiles pr WHERE pr.user_id = v_user.id), wolo.business_time_zone());
    v_local := v_at AT TIME ZONE v_tz;
    v_lt := v_local::time;
    IF v_start < v_end AND v_lt >= v_start AND v_lt < v_end THEN
      v_at := (v_local::date + v_end) AT TIME ZONE v_tz;
    ELSIF v_start > v_end AND v_lt >= v_start THEN
      v_at := ((v_local::date + 1) + v_end) AT TIME ZONE v_tz;
    ELSIF v_start > v_end AND v_lt < v_end THEN
      v_at := (v_local::date + v_end) AT TIME ZONE v_tz;
    END IF;
  END IF;
  INSERT INTO wolo.notifications (user_id, recipient_identifier, template_id, channel, subject, body, template_data, scheduled_at)
  VALUES (v_user.id, v_recipient, t.id, enqueue_notification.channel, v_subject, v_body, enqueue_notification.data, v_at)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.enqueue_notification(uuid, text, text, jsonb, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.enqueue_notification(uuid, text, text, jsonb, timestamptz) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.enqueue_notification(uuid, text, text, jsonb, timestamptz) IS 'Renders the active template with data ({{name}} placeholders) and queues it for the user on channel, outside quiet hours; NULL when the user disabled the channel or event type. service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.claim_notifications(batch integer)
RETURNS setof wolo.notifications
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
UPDATE wolo.notifications n SET status = 'sending'
WHERE n.id IN (
  SELECT c.id FROM wolo.notifications c
  WHERE c.status = 'pending' AND c.scheduled_at <= pg_catalog.now() AND (c.next_retry_at IS NULL OR c.next_retry_at <= pg_catalog.now())
  ORDER BY c.scheduled_at, c.id
  LIMIT greatest(claim_notifications.batch, 0)
  FOR UPDATE SKIP LOCKED)
RETURNING n.*
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.claim_notifications(integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.claim_notifications(integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.claim_notifications(integer) IS 'Moves up to batch due pending notifications to sending and returns them; concurrent workers claim disjoint rows (FOR UPDATE SKIP LOCKED). service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.record_notification_result(id uuid, delivered boolean, error_code text DEFAULT NULL, error_message text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  n wolo.notifications;
  v_key text;
  v_status text;
  v_day date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
BEGIN
  SELECT * INTO n FROM wolo.notifications x WHERE x.id = record_notification_result.id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'notification % does not exist', record_notification_result.id USING ERRCODE = 'UW016', COLUMN = 'id';
  END IF;
  IF n.status <> 'sending' THEN
    RAISE EXCEPTION 'notification % is %, not sending', n.id, n.status USING ERRCODE = 'UW022', COLUMN = 'id';
  END IF;
  SELECT nt.template_key INTO v_key FROM wolo.notification_templates nt WHERE nt.id = n.template_id;
  IF record_notification_result.delivered THEN
    v_status := 'delivered';
    UPDATE wolo.notifications x SET status = v_status, sent_at = coalesce(x.sent_at, pg_catalog.now()), delivered_at = pg_catalog.now(),
      next_retry_at = NULL, error_code = NULL, error_message = NULL
    WHERE x.id = n.id;
  ELSIF n.retry_count >= n.max_retries THEN
    v_status := 'failed';
    UPDATE wolo.notifications x SET status = v_status, failed_at = pg_catalog.now(), next_retry_at = NULL,
      error_code = pg_catalog.left(record_notification_result.error_code, 50), error_message = record_notification_result.error_message
    WHERE x.id = n.id;
  ELSE
    v_status := 'pending';
    UPDATE wolo.notifications x SET status = v_status, retry_count = n.retry_count + 1,
      next_retry_at = pg_catalog.now() + pg_catalog.make_interval(secs => 60 * (2 ^ n.retry_count)),
      error_code = pg_catalog.left(record_notification_result.error_code, 50), error_message = record_notification_result.error_message
    WHERE x.id = n.id;
  END IF;
  INSERT INTO wolo.notification_analytics AS a (date, template_key, channel, sent_count, delivered_count, failed_count, delivery_rate)
  VALUES (v_day, v_key, n.channel, 1, CASE WHEN v_status = 'delivered' THEN 1 ELSE 0 END, CASE WHEN v_status = 'failed' THEN 1 ELSE 0 END,
          CASE WHEN v_status = 'delivered' THEN 1 ELSE 0 END)
  ON CONFLICT (date, template_key, channel) DO UPDATE SET
    sent_count = a.sent_count + 1,
    delivered_count = a.delivered_count + EXCLUDED.delivered_count,
    failed_count = a.failed_count + EXCLUDED.failed_count,
    delivery_rate = round((a.delivered_count + EXCLUDED.delivered_count)::numeric / (a.sent_count + 1), 4);
  RETURN v_status;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.record_notification_result(uuid, boolean, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.record_notification_result(uuid, boolean, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.record_notification_result(uuid, boolean, text, text) IS 'Records a send attempt of a sending notification: delivered, pending again with exponential backoff, or failed after max_retries; keeps notification_analytics. service_role only.';

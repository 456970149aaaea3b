-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: wolo grants
-- new: function wolo.set_updated_at()
-- new: trigger users_set_updated_at on wolo.users
-- new: trigger profiles_set_updated_at on wolo.profiles
-- new: trigger sponsor_daily_limits_set_updated_at on wolo.sponsor_daily_limits
-- new: trigger sponsor_contact_batches_set_updated_at on wolo.sponsor_contact_batches
-- new: trigger pots_set_updated_at on wolo.pots
-- new: trigger donations_set_updated_at on wolo.donations
-- new: trigger partners_set_updated_at on wolo.partners
-- new: trigger packs_set_updated_at on wolo.packs
-- new: trigger sponsor_campaigns_set_updated_at on wolo.sponsor_campaigns
-- new: trigger partner_settlements_set_updated_at on wolo.partner_settlements
-- new: trigger notification_templates_set_updated_at on wolo.notification_templates
-- new: trigger notifications_set_updated_at on wolo.notifications
-- new: trigger notification_preferences_set_updated_at on wolo.notification_preferences
-- new: trigger ab_tests_set_updated_at on wolo.ab_tests
-- new: trigger feature_flags_set_updated_at on wolo.feature_flags
-- new: trigger system_config_set_updated_at on wolo.system_config
-- new: function wolo.profiles_minor_guardian()
-- new: trigger profiles_minor_guardian on wolo.profiles
-- new: function wolo.pots_lifecycle()
-- new: trigger pots_lifecycle on wolo.pots
-- new: function wolo.donations_guard()
-- new: trigger donations_guard on wolo.donations
-- new: function wolo.refunds_guard()
-- new: trigger refunds_guard on wolo.refunds
-- new: function wolo.pot_totals_refresh()
-- new: trigger donations_pot_totals on wolo.donations
-- new: trigger refunds_pot_totals on wolo.refunds
-- new: function wolo.points_ledger_guard()
-- new: trigger points_ledger_guard on wolo.points_ledger
-- new: function wolo.process_wave_webhook(jsonb)
-- new: function wolo.refund_donation(uuid, integer, text, uuid)
-- new: function wolo.redeem_qr(text, uuid, jsonb)
-- new: function wolo.send_invitation(uuid, text, text, text, text)
-- new: function wolo.accept_referral(text, uuid)
-- new: function wolo.mature_points(timestamptz)
-- new: function wolo.points_balance(uuid)
-- new: function wolo.convert_points(uuid, integer, uuid)
-- new: function wolo.open_due_pots(timestamptz)
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
CREATE OR REPLACE FUNCTION wolo.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := pg_catalog.now();
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.set_updated_at() IS 'Trigger: keeps updated_at current on wolo tables.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_set_updated_at
BEFORE UPDATE ON wolo.users
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER profiles_set_updated_at
BEFORE UPDATE ON wolo.profiles
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_daily_limits_set_updated_at
BEFORE UPDATE ON wolo.sponsor_daily_limits
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_contact_batches_set_updated_at
BEFORE UPDATE ON wolo.sponsor_contact_batches
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER pots_set_updated_at
BEFORE UPDATE ON wolo.pots
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_set_updated_at
BEFORE UPDATE ON wolo.donations
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER partners_set_updated_at
BEFORE UPDATE ON wolo.partners
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER packs_set_updated_at
BEFORE UPDATE ON wolo.packs
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_campaigns_set_updated_at
BEFORE UPDATE ON wolo.sponsor_campaigns
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER partner_settlements_set_updated_at
BEFORE UPDATE ON wolo.partner_settlements
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notification_templates_set_updated_at
BEFORE UPDATE ON wolo.notification_templates
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notifications_set_updated_at
BEFORE UPDATE ON wolo.notifications
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notification_preferences_set_updated_at
BEFORE UPDATE ON wolo.notification_preferences
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER ab_tests_set_updated_at
BEFORE UPDATE ON wolo.ab_tests
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER feature_flags_set_updated_at
BEFORE UPDATE ON wolo.feature_flags
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER system_config_set_updated_at
BEFORE UPDATE ON wolo.system_config
FOR EACH ROW
EXECUTE FUNCTION wolo.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.profiles_minor_guardian()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
BEGIN
  IF NEW.date_of_birth > today THEN
    RAISE EXCEPTION 'date_of_birth % is in the future', NEW.date_of_birth
      USING ERRCODE = 'UW018', COLUMN = 'date_of_birth', TABLE = 'profiles', SCHEMA = 'wolo';
  END IF;
  IF NEW.date_of_birth > (today - interval '18 years')::date
     AND (NEW.guardian_user_id IS NULL OR NEW.relationship_type IS NULL) THEN
    RAISE EXCEPTION 'a minor (born %) needs guardian_user_id and relationship_type', NEW.date_of_birth
      USING ERRCODE = 'UW010', COLUMN = 'guardian_user_id', TABLE = 'profiles', SCHEMA = 'wolo';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.profiles_minor_guardian() IS 'Trigger: a profile under 18 (business date) needs a guardian and a relationship type.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER profiles_minor_guardian
BEFORE INSERT OR UPDATE OF DATE_OF_BIRTH, GUARDIAN_USER_ID, RELATIONSHIP_TYPE ON wolo.profiles
FOR EACH ROW
EXECUTE FUNCTION wolo.profiles_minor_guardian();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.pots_lifecycle()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.scheduled_open_at IS NULL THEN
      NEW.scheduled_open_at := ((NEW.birthday_date - 30)::timestamp AT TIME ZONE wolo.business_time_zone());
    END IF;
    IF NEW.status NOT IN ('scheduled', 'open') THEN
      RAISE EXCEPTION 'a new pot is scheduled or open, not %', NEW.status
        USING ERRCODE = 'UW011', COLUMN = 'status', TABLE = 'pots', SCHEMA = 'wolo';
    END IF;
    IF NEW.raised_cfa <> 0 OR NEW.donor_count <> 0 THEN
      RAISE EXCEPTION 'raised_cfa and donor_count are kept by the database'
        USING ERRCODE = 'UW013', COLUMN = 'raised_cfa', TABLE = 'pots', SCHEMA = 'wolo';
    END IF;
    IF NEW.status = 'open' THEN
      NEW.actual_opened_at := coalesce(NEW.actual_opened_at, pg_catalog.now());
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.raised_cfa IS DISTINCT FROM OLD.raised_cfa OR NEW.donor_count IS DISTINCT FROM OLD.donor_count)
     AND pg_catalog.pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'raised_cfa and donor_count of pot % are kept by the database', OLD.id
      USING ERRCODE = 'UW013', COLUMN = 'raised_cfa', TABLE = 'pots', SCHEMA = 'wolo';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (('{"scheduled":["open"],"open":["funded","expired"],"funded":["closed"],"expired":["closed"],"closed":[]}'::jsonb -> OLD.status) ? NEW.status) THEN
      RAISE EXCEPTION 'pot % cannot go from % to % (scheduled -> open -> funded | expired -> closed)', OLD.id, OLD.status, NEW.status
        USING ERRCODE = 'UW011', COLUMN = 'status', TABLE = 'pots', SCHEMA = 'wolo';
    END IF;
    IF NEW.status = 'funded' AND NEW.raised_cfa < NEW.target_amount_cfa THEN
      RAISE EXCEPTION 'pot % is not funded: % of % CFA raised', OLD.id, NEW.raised_cfa, NEW.target_amount_cfa
        USING ERRCODE = 'UW011', COLUMN = 'status', TABLE = 'pots', SCHEMA = 'wolo';
    END IF;
    IF NEW.status = 'open' THEN
      NEW.actual_opened_at := coalesce(NEW.actual_opened_at, pg_catalog.now());
    ELSIF NEW.status = 'closed' THEN
      NEW.closed_at := coalesce(NEW.closed_at, pg_catalog.now());
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.pots_lifecycle() IS 'Trigger: pot defaults (J-30 opening), lifecycle scheduled -> open -> funded | expired -> closed, read-only totals.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER pots_lifecycle
BEFORE INSERT OR UPDATE ON wolo.pots
FOR EACH ROW
EXECUTE FUNCTION wolo.pots_lifecycle();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.donations_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  pot_status text;
  pot_allows_anonymous boolean;
  refunded bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT p.status, p.allow_anonymous_donations INTO pot_status, pot_allows_anonymous FROM wolo.pots p WHERE p.id = NEW.pot_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'pot % does not exist', NEW.pot_id
        USING ERRCODE = 'UW016', COLUMN = 'pot_id', TABLE = 'donations', SCHEMA = 'wolo';
    END IF;
    IF pot_status <> 'open' THEN
      RAISE EXCEPTION 'pot % is %: only an open pot takes donations', NEW.pot_id, pot_status
        USING ERRCODE = 'UW002', COLUMN = 'pot_id', TABLE = 'donations', SCHEMA = 'wolo';
    END IF;
    IF NEW.is_anonymous AND NOT pot_allows_anonymous THEN
      RAISE EXCEPTION 'pot % does not take anonymous donations', NEW.pot_id
        USING ERRCODE = 'UW014', COLUMN = 'is_anonymous', TABLE = 'donations', SCHEMA = 'wolo';
    END IF;
    IF NEW.status NOT IN ('pending', 'succeeded') THEN
      RAISE EXCEPTION 'a new donation is pending (or succeeded, for a credit), not %', NEW.status
        USING ERRCODE = 'UW003', COLUMN = 'status', TABLE = 'donations', SCHEMA = 'wolo';
    END IF;
    IF NEW.status = 'succeeded' THEN
      NEW.confirmed_at := coalesce(NEW.confirmed_at, pg_catalog.now());
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.pot_id <> OLD.pot_id OR (NEW.amount_cfa <> OLD.amount_cfa AND OLD.status <> 'pending') THEN
    RAISE EXCEPTION 'donation %: pot_id and (once paying) amount_cfa cannot change', OLD.id
      USING ERRCODE = 'UW017', COLUMN = 'amount_cfa', TABLE = 'donations', SCHEMA = 'wolo';
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (('{"pending":["processing","succeeded","failed"],"processing":["succeeded","failed"],"succeeded":["refunded"],"failed":[],"refunded":[]}'::jsonb -> OLD.status) ? NEW.status) THEN
      RAISE EXCEPTION 'donation % cannot go from % to %', OLD.id, OLD.status, NEW.status
        USING ERRCODE = 'UW003', COLUMN = 'status', TABLE = 'donations', SCHEMA = 'wolo';
    END IF;
    IF NEW.status = 'refunded' THEN
      SELECT coalesce(sum(r.amount_cfa), 0) INTO refunded FROM wolo.refunds r WHERE r.donation_id = NEW.id;
      IF refunded <> NEW.amount_cfa THEN
        RAISE EXCEPTION 'donation % is refunded only once its refunds total % CFA (they total %)', OLD.id, NEW.amount_cfa, refunded
          USING ERRCODE = 'UW003', COLUMN = 'status', TABLE = 'donations', SCHEMA = 'wolo';
      END IF;
      NEW.refunded_at := coalesce(NEW.refunded_at, pg_catalog.now());
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.donations_guard() IS 'Trigger: donations only to open pots, status forward only, refunded only when fully refunded.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_guard
BEFORE INSERT OR UPDATE ON wolo.donations
FOR EACH ROW
EXECUTE FUNCTION wolo.donations_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refunds_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  donation_status text;
  donation_amount integer;
  refunded bigint;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.amount_cfa <> OLD.amount_cfa OR NEW.donation_id <> OLD.donation_id THEN
      RAISE EXCEPTION 'refund %: donation_id and amount_cfa cannot change', OLD.id
        USING ERRCODE = 'UW017', COLUMN = 'amount_cfa', TABLE = 'refunds', SCHEMA = 'wolo';
    END IF;
    RETURN NEW;
  END IF;
  SELECT d.status, d.amount_cfa INTO donation_status, donation_amount FROM wolo.donations d WHERE d.id = NEW.donation_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'donation % does not exist', NEW.donation_id
      USING ERRCODE = 'UW016', COLUMN = 'donation_id', TABLE = 'refunds', SCHEMA = 'wolo';
  END IF;
  IF donation_status <> 'succeeded' THEN
    RAISE EXCEPTION 'donation % is %: only a succeeded donation can be refunded', NEW.donation_id, donation_status
      USING ERRCODE = 'UW004', COLUMN = 'donation_id', TABLE = 'refunds', SCHEMA = 'wolo';
  END IF;
  SELECT coalesce(sum(r.amount_cfa), 0) INTO refunded FROM wolo.refunds r WHERE r.donation_id = NEW.donation_id;
  IF refunded + NEW.amount_cfa > donation_amount THEN
    RAISE EXCEPTION 'donation % of % CFA has % CFA refunded: % more is too much', NEW.donation_id, donation_amount, refunded, NEW.amount_cfa
      USING ERRCODE = 'UW005', COLUMN = 'amount_cfa', TABLE = 'refunds', SCHEMA = 'wolo';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refunds_guard() IS 'Trigger: refunds only of succeeded donations, never more in total than the amount (donation row locked).';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER refunds_guard
BEFORE INSERT OR UPDATE ON wolo.refunds
FOR EACH ROW
EXECUTE FUNCTION wolo.refunds_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.pot_totals_refresh()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  affected uuid[] := '{}';
  pot uuid;
BEGIN
  IF TG_TABLE_NAME = 'donations' THEN
    IF TG_OP = 'UPDATE' THEN
      IF NEW.pot_id = OLD.pot_id AND NEW.status = OLD.status AND NEW.amount_cfa = OLD.amount_cfa
         AND NEW.donor_user_id IS NOT DISTINCT FROM OLD.donor_user_id AND NEW.donor_phone IS NOT DISTINCT FROM OLD.donor_phone THEN
        RETURN NULL;
      END IF;
      IF NOT (NEW.status IN ('succeeded', 'refunded') OR OLD.status IN ('succeeded', 'refunded')) THEN
        RETURN NULL;
      END IF;
      affected := ARRAY[NEW.pot_id, OLD.pot_id];
    ELSIF TG_OP = 'INSERT' THEN
      IF NEW.status NOT IN ('succeeded', 'refunded') THEN
        RETURN NULL;
      END IF;
      affected := ARRAY[NEW.pot_id];
    ELSE
      affected := ARRAY[OLD.pot_id];
    END IF;
  ELSE
    IF TG_OP = 'UPDATE' AND NEW.amount_cfa = OLD.amount_cfa AND NEW.donation_id = OLD.donation_id THEN
      RETURN NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      affected := affected || (SELECT d.pot_id FROM wolo.donations d WHERE d.id = NEW.donation_id);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      affected := affected || (SELECT d.pot_id FROM wolo.donations d WHERE d.id = OLD.donation_id);
    END IF;
  END IF;
  FOR pot IN SELECT DISTINCT a FROM pg_catalog.unnest(affected) a WHERE a IS NOT NULL ORDER BY a LOOP
    PERFORM 1 FROM wolo.pots p WHERE p.id = pot FOR UPDATE;
    UPDATE wolo.pots p SET
      raised_cfa = t.raised,
      donor_count = t.donors,
      status = CASE WHEN p.status = 'open' AND t.raised >= p.target_amount_cfa THEN 'funded' ELSE p.status END
    FROM (
      SELECT coalesce(sum(d.amount_cfa - coalesce(rf.total, 0)) FILTER (WHERE d.status IN ('succeeded', 'refunded')), 0)::integer AS raised,
             count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone)) FILTER (WHERE d.status = 'succeeded')::integer AS donors
      FROM wolo.donations d
      LEFT JOIN LATERAL (SELECT sum(r.amount_cfa) AS total FROM wolo.refunds r WHERE r.donation_id = d.id) rf ON d.status IN ('succeeded', 'refunded')
      WHERE d.pot_id = pot
    ) t
    WHERE p.id = pot
      AND (p.raised_cfa <> t.raised OR p.donor_count <> t.donors OR (p.status = 'open' AND t.raised >= p.target_amount_cfa));
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.pot_totals_refresh() IS 'Trigger: keeps pots.raised_cfa (succeeded donations minus their refunds) and donor_count exact; funds an open pot that reached its target.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_pot_totals
AFTER INSERT OR UPDATE OR DELETE ON wolo.donations
FOR EACH ROW
EXECUTE FUNCTION wolo.pot_totals_refresh();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER refunds_pot_totals
AFTER INSERT OR UPDATE OR DELETE ON wolo.refunds
FOR EACH ROW
EXECUTE FUNCTION wolo.pot_totals_refresh();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.points_ledger_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  delta bigint;
  balance bigint;
BEGIN
  delta := (CASE WHEN NEW.status = 'matured' THEN NEW.points_earned ELSE 0 END) - (CASE WHEN NEW.status <> 'revoked' THEN NEW.points_spent ELSE 0 END);
  IF TG_OP = 'UPDATE' THEN
    delta := delta - ((CASE WHEN OLD.status = 'matured' THEN OLD.points_earned ELSE 0 END) - (CASE WHEN OLD.status <> 'revoked' THEN OLD.points_spent ELSE 0 END));
    IF NEW.sponsor_user_id <> OLD.sponsor_user_id THEN
      RAISE EXCEPTION 'points_ledger %: sponsor_user_id cannot change', OLD.id
        USING ERRCODE = 'UW017', COLUMN = 'sponsor_user_id', TABLE = 'points_ledger', SCHEMA = 'wolo';
    END IF;
  END IF;
  IF delta >= 0 THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM wolo.users u WHERE u.id = NEW.sponsor_user_id FOR UPDATE;
  SELECT coalesce(sum(l.points_earned) FILTER (WHERE l.status = 'matured'), 0) - coalesce(sum(l.points_spent) FILTER (WHERE l.status <> 'revoked'), 0)
    INTO balance FROM wolo.points_ledger l WHERE l.sponsor_user_id = NEW.sponsor_user_id;
  IF balance + delta < 0 THEN
    RAISE EXCEPTION 'sponsor % has % points: % is more than the balance', NEW.sponsor_user_id, balance, -delta
      USING ERRCODE = 'UW012', COLUMN = 'points', TABLE = 'points_ledger', SCHEMA = 'wolo';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.points_ledger_guard() IS 'Trigger: refuses a ledger row that would make the sponsor''s points balance negative (sponsor row locked).';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER points_ledger_guard
BEFORE INSERT OR UPDATE ON wolo.points_ledger
FOR EACH ROW
EXECUTE FUNCTION wolo.points_ledger_guard();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.process_wave_webhook(payload jsonb)
RETURNS table (donation_id uuid, status text, duplicate boolean)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_event_id text := payload ->> 'id';
  v_type text := payload ->> 'type';
  v_data jsonb := payload -> 'data';
  v_payment_status text;
  v_ref text;
  v_key text;
  v_event uuid;
  v_donation uuid;
  v_target text;
  v_current text;
  v_amount integer;
  v_error text;
  v_amount_matches boolean;
BEGIN
  IF pg_catalog.jsonb_typeof(payload) IS DISTINCT FROM 'object'
     OR coalesce(v_event_id, '') = '' OR pg_catalog.char_length(v_event_id) > 100
     OR coalesce(v_type, '') = '' OR pg_catalog.char_length(v_type) > 50
     OR pg_catalog.jsonb_typeof(v_data) IS DISTINCT FROM 'object' OR coalesce(v_data ->> 'id', '') = '' THEN
    RAISE EXCEPTION 'a Wave webhook needs a string id (at most 100 characters), a type and data.id'
      USING ERRCODE = 'UW001', COLUMN = 'payload';
  END IF;
  v_payment_status := v_data ->> 'payment_status';
  -- One business event per checkout session and outcome: a redelivery under another event id is a duplicate too.
  v_key := pg_catalog.left(v_type || ':' || (v_data ->> 'id') || ':' || coalesce(v_payment_status, ''), 255);
  v_ref := v_data ->> 'client_reference';
  IF v_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    v_donation := v_ref::uuid;
  END IF;

  -- Record the event once; a concurrent delivery of the same event waits here for ours to commit.
  INSERT INTO wolo.wave_webhook_events AS e (wave_event_id, event_type, raw_payload, idempotency_key)
  VALUES (v_event_id, v_type, payload, v_key)
  ON CONFLICT DO NOTHING
  RETURNING e.id INTO v_event;
  IF v_event IS NULL THEN
    SELECT e.donation_id INTO v_donation FROM wolo.wave_webhook_events e
    WHERE e.wave_event_id = v_event_id OR e.idempotency_key = v_key
    ORDER BY (e.wave_event_id = v_event_id) DESC
    LIMIT 1;
    RETURN QUERY SELECT v_donation, (SELECT d.status FROM wolo.donations d WHERE d.id = v_donation), true;
    RETURN;
  END IF;

  v_target := CASE
    WHEN v_type = 'checkout.session.payment_failed' OR v_payment_status = 'cancelled' THEN 'failed'
    WHEN v_payment_status = 'processing' THEN 'processing'
    WHEN v_type = 'checkout.session.completed' AND v_payment_status = 'succeeded' THEN 'succeeded'
  END;
  -- The donation's row lock orders this event against every other event and refund of the donation.
  SELECT d.status, d.amount_cfa INTO v_current, v_amount FROM wolo.donations d WHERE d.id = v_donation FOR UPDATE;
  IF FOUND THEN
    -- Wave sends the amount as a string; anything but a whole number is a mismatch.
    v_amount_matches := CASE WHEN coalesce(v_data ->> 'amount', '') ~ '^[0-9]{1,12}(\.0+)?$' THEN (v_data ->> 'amount')::numeric = v_amount END;
  END IF;
  IF v_donation IS NULL OR v_current IS NULL THEN
    v_error := pg_catalog.format('no donation matches client_reference %s', coalesce(v_ref, 'null'));
    v_donation := NULL;
  ELSIF v_target IS NULL THEN
    v_error := pg_catalog.format('unsupported event: type %s with payment_status %s', v_type, coalesce(v_payment_status, 'null'));
  ELSIF (v_data ->> 'currency') IS DISTINCT FROM 'XOF' THEN
    v_error := pg_catalog.format('currency %s does not match the donation''s XOF', coalesce(v_data ->> 'currency', 'null'));
  ELSIF NOT coalesce(v_amount_matches, false) THEN
    v_error := pg_catalog.format('amount %s does not match the donation''s %s CFA', coalesce(v_data ->> 'amount', 'null'), v_amount);
  ELSIF NOT (v_current = 'pending' OR (v_current = 'processing' AND v_target IN ('succeeded', 'failed'))) THEN
    v_error := pg_catalog.format('out of order: the donation is %s, the event says %s', v_current, v_target);
  END IF;

  IF v_error IS NULL THEN
    UPDATE wolo.donations d SET
      status = v_target,
      wave_transaction_id = coalesce(NULLIF(v_data ->> 'transaction_id', ''), d.wave_transaction_id),
      wave_notified_at = pg_catalog.now(),
      confirmed_at = CASE WHEN v_target = 'succeeded' THEN pg_catalog.now() ELSE d.confirmed_at END,
      failed_at = CASE WHEN v_target = 'failed' THEN pg_catalog.now() ELSE d.failed_at END,
      wave_webhook_data = payload
    WHERE d.id = v_donation;
  END IF;
  UPDATE wolo.wave_webhook_events e
  SET donation_id = v_donation, processed_at = pg_catalog.now(), processing_error = v_error
  WHERE e.id = v_event;
  RETURN QUERY SELECT v_donation, (SELECT d.status FROM wolo.donations d WHERE d.id = v_donation), false;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.process_wave_webhook(jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.process_wave_webhook(jsonb) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.process_wave_webhook(jsonb) IS 'Processes a Wave Checkout webhook idempotently (wave_event_id, idempotency_key); service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refund_donation(donation_id uuid, amount_cfa integer, reason text, by_user uuid)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_refund uuid;
BEGIN
  INSERT INTO wolo.refunds (donation_id, refunded_by_user_id, amount_cfa, reason, processed_at)
  VALUES (refund_donation.donation_id, refund_donation.by_user, refund_donation.amount_cfa, refund_donation.reason, pg_catalog.now())
  RETURNING id INTO v_refund;
  UPDATE wolo.donations d SET status = 'refunded', refunded_at = pg_catalog.now()
  WHERE d.id = refund_donation.donation_id AND d.status = 'succeeded'
    AND d.amount_cfa = (SELECT sum(r.amount_cfa) FROM wolo.refunds r WHERE r.donation_id = d.id);
  RETURN v_refund;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.refund_donation(uuid, integer, text, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.refund_donation(uuid, integer, text, uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refund_donation(uuid, integer, text, uuid) IS 'Refunds a succeeded donation, never beyond its amount (also concurrently); service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.redeem_qr(code text, partner_id uuid, venue jsonb DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_qr uuid;
  v_status text;
  v_from timestamptz;
  v_expires timestamptz;
  v_pack_partner uuid;
  v_result text;
  v_error text;
BEGIN
  PERFORM 1 FROM wolo.partners p WHERE p.id = redeem_qr.partner_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'partner % does not exist', redeem_qr.partner_id USING ERRCODE = 'UW016', COLUMN = 'partner_id';
  END IF;
  SELECT q.id, q.status, q.redeemable_from, q.expires_at, pk.partner_id
    INTO v_qr, v_status, v_from, v_expires, v_pack_partner
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id
  WHERE q.code = redeem_qr.code
  FOR UPDATE OF q;
  IF v_qr IS NULL OR v_status = 'cancelled' THEN
    v_result := 'invalid';
    v_error := CASE WHEN v_qr IS NULL THEN 'no such code' ELSE 'the code was cancelled' END;
  ELSIF v_pack_partner IS DISTINCT FROM redeem_qr.partner_id THEN
    v_result := 'wrong_partner';
    v_error := 'the pack belongs to another partner';
  ELSIF v_status = 'redeemed' THEN
    v_result := 'already_used';
  ELSIF v_status = 'expired' OR pg_catalog.now() >= v_expires THEN
    v_result := 'expired';
  ELSIF pg_catalog.now() < v_from THEN
    v_result := 'not_yet_valid';
  ELSE
    v_result := 'success';
    UPDATE wolo.qr_codes q SET status = 'redeemed', redeemed_at = pg_catalog.now(),
      redeemed_by_partner_id = redeem_qr.partner_id, redeemed_at_venue = redeem_qr.venue
    WHERE q.id = v_qr;
  END IF;
  INSERT INTO wolo.qr_redemption_logs (qr_code_id, attempted_code, partner_id, partner_user_id, validation_result, error_message, venue_context)
  VALUES (v_qr, pg_catalog.left(coalesce(redeem_qr.code, ''), 100), redeem_qr.partner_id,
          (SELECT u.id FROM wolo.users u WHERE u.id = (SELECT auth.uid())), v_result, v_error, redeem_qr.venue);
  RETURN v_result;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.redeem_qr(text, uuid, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.redeem_qr(text, uuid, jsonb) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.redeem_qr(text, uuid, jsonb) IS 'Redeems a QR code for a partner: success | invalid | already_used | expired | not_yet_valid | wrong_partner; every attempt logged; service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.send_invitation(sponsor uuid, invited_phone text, invited_email text, invited_name text, message text)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
  v_limit uuid;
  v_order integer;
  v_hex text := pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
  v_id uuid;
BEGIN
  PERFORM 1 FROM wolo.users u WHERE u.id = send_invitation.sponsor;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'sponsor % is not a WOLO user', send_invitation.sponsor USING ERRCODE = 'UW016', COLUMN = 'sponsor';
  END IF;
  IF send_invitation.invited_phone IS NULL AND send_invitation.invited_email IS NULL THEN
    RAISE EXCEPTION 'an invitation needs invited_phone or invited_email' USING ERRCODE = 'UW018', COLUMN = 'invited_phone';
  END IF;
  INSERT INTO wolo.sponsor_daily_limits AS l
    (sponsor_user_id, limit_date, invitations_sent_today, total_lifetime_invitations, consecutive_active_days, next_reset_at)
  SELECT send_invitation.sponsor, v_today, 1, coalesce(prev.total_lifetime_invitations, 0) + 1,
         CASE WHEN prev.limit_date = v_today - 1 THEN prev.consecutive_active_days + 1 ELSE 1 END,
         ((v_today + 1)::timestamp AT TIME ZONE wolo.business_time_zone())
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (
    SELECT p.total_lifetime_invitations, p.limit_date, p.consecutive_active_days FROM wolo.sponsor_daily_limits p
    WHERE p.sponsor_user_id = send_invitation.sponsor AND p.limit_date < v_today
    ORDER BY p.limit_date DESC LIMIT 1
  ) prev ON true
  ON CONFLICT (sponsor_user_id, limit_date) DO UPDATE
    SET invitations_sent_today = l.invitations_sent_today + 1,
        total_lifetime_invitations = l.total_lifetime_invitations + 1
    WHERE l.invitations_sent_today < l.max_invitations_per_day
  RETURNING l.id, l.invitations_sent_today INTO v_limit, v_order;
  IF v_limit IS NULL THEN
    RAISE EXCEPTION 'sponsor % has used today''s invitations (business day % in %)', send_invitation.sponsor, v_today, wolo.business_time_zone()
      USING ERRCODE = 'UW006', COLUMN = 'sponsor', HINT = 'The counter resets at midnight in the business time zone.';
  END IF;
  INSERT INTO wolo.referrals (sponsor_user_id, referral_code, invited_phone, invited_email, invited_name, invitation_message, daily_limit_id, invitation_order)
  VALUES (send_invitation.sponsor,
          pg_catalog.upper(pg_catalog.substr(v_hex, 1, 12) || pg_catalog.substr(v_hex, 14, 3) || pg_catalog.substr(v_hex, 18, 5)),
          send_invitation.invited_phone, send_invitation.invited_email, send_invitation.invited_name, send_invitation.message, v_limit, v_order)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.send_invitation(uuid, text, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.send_invitation(uuid, text, text, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.send_invitation(uuid, text, text, text, text) IS 'Sends a referral invitation within the sponsor''s daily limit (Africa/Dakar day); returns the referral id; service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.accept_referral(referral_code text, user_id uuid)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_referral uuid;
  v_sponsor uuid;
  v_status text;
  v_expires timestamptz;
  v_boost numeric(3, 2);
  v_entry uuid;
BEGIN
  SELECT r.id, r.sponsor_user_id, r.status, r.expired_at INTO v_referral, v_sponsor, v_status, v_expires
  FROM wolo.referrals r WHERE r.referral_code = pg_catalog.upper(accept_referral.referral_code) FOR UPDATE;
  IF v_referral IS NULL THEN
    RAISE EXCEPTION 'no referral has code %', accept_referral.referral_code USING ERRCODE = 'UW007', COLUMN = 'referral_code';
  ELSIF v_status = 'accepted' THEN
    RAISE EXCEPTION 'referral % was already accepted', accept_referral.referral_code USING ERRCODE = 'UW009', COLUMN = 'referral_code';
  ELSIF v_status <> 'sent' OR v_expires <= pg_catalog.now() THEN
    RAISE EXCEPTION 'referral % has expired or was declined', accept_referral.referral_code USING ERRCODE = 'UW008', COLUMN = 'referral_code';
  ELSIF v_sponsor = accept_referral.user_id THEN
    RAISE EXCEPTION 'a sponsor cannot accept their own referral' USING ERRCODE = 'UW015', COLUMN = 'user_id';
  END IF;
  PERFORM 1 FROM wolo.users u WHERE u.id = accept_referral.user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'user % is not a WOLO user', accept_referral.user_id USING ERRCODE = 'UW016', COLUMN = 'user_id';
  END IF;
  UPDATE wolo.referrals r SET status = 'accepted', accepted_at = pg_catalog.now(), sponsored_user_id = accept_referral.user_id
  WHERE r.id = v_referral;
  SELECT coalesce(max(c.points_multiplier), 1.00) INTO v_boost FROM wolo.sponsor_campaigns c
  WHERE c.status = 'active' AND c.starts_at <= pg_catalog.now() AND pg_catalog.now() < c.ends_at;
  INSERT INTO wolo.points_ledger (sponsor_user_id, referral_id, event_type, points_earned, status, base_multiplier, sponsor_boost_multiplier, description)
  VALUES (v_sponsor, v_referral, 'referral_accepted', pg_catalog.round(100 * 1.00 * v_boost)::integer, 'pending', 1.00, v_boost, 'referral accepted')
  RETURNING id INTO v_entry;
  RETURN v_entry;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.accept_referral(text, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.accept_referral(text, uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.accept_referral(text, uuid) IS 'Accepts a referral once and credits the sponsor pending points (campaign boost applied); service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.mature_points(now timestamptz DEFAULT now())
RETURNS integer
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
WITH matured AS (
  UPDATE wolo.points_ledger l SET status = 'matured', matured_at = mature_points.now
  WHERE l.status = 'pending' AND l.created_at <= mature_points.now - interval '14 days'
  RETURNING 1
)
SELECT count(*)::integer FROM matured
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.mature_points(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.mature_points(timestamptz) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.mature_points(timestamptz) IS 'Matures pending points older than the maturation delay (14 days); service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.points_balance(sponsor uuid)
RETURNS integer
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
SELECT (coalesce(sum(l.points_earned) FILTER (WHERE l.status = 'matured'), 0)
      - coalesce(sum(l.points_spent) FILTER (WHERE l.status <> 'revoked'), 0))::integer
FROM wolo.points_ledger l WHERE l.sponsor_user_id = points_balance.sponsor
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.points_balance(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.points_balance(uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.points_balance(uuid) IS 'A sponsor''s spendable points: matured earned minus spent.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.convert_points(sponsor uuid, points integer, pot_id uuid)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_rate numeric(10, 4);
  v_credit integer;
  v_conversion uuid := pg_catalog.gen_random_uuid();
  v_donation uuid;
BEGIN
  IF convert_points.points IS NULL OR convert_points.points <= 0 THEN
    RAISE EXCEPTION 'points must be a positive number' USING ERRCODE = 'UW018', COLUMN = 'points';
  END IF;
  PERFORM 1 FROM wolo.users u WHERE u.id = convert_points.sponsor;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'sponsor % is not a WOLO user', convert_points.sponsor USING ERRCODE = 'UW016', COLUMN = 'sponsor';
  END IF;
  SELECT (c.config_value #>> '{}')::numeric INTO v_rate FROM wolo.system_config c
  WHERE c.config_key = 'points_conversion_rate' AND pg_catalog.jsonb_typeof(c.config_value) = 'number';
  v_rate := coalesce(v_rate, 5);
  v_credit := pg_catalog.floor(convert_points.points * v_rate)::integer;
  IF v_credit <= 0 THEN
    RAISE EXCEPTION '% points are worth less than one CFA franc at rate %', convert_points.points, v_rate USING ERRCODE = 'UW018', COLUMN = 'points';
  END IF;
  INSERT INTO wolo.points_ledger (sponsor_user_id, event_type, points_spent, status, matured_at, description, metadata)
  VALUES (convert_points.sponsor, 'points_converted', convert_points.points, 'matured', pg_catalog.now(), 'converted to a pot credit',
          pg_catalog.jsonb_build_object('conversion_id', v_conversion, 'pot_id', convert_points.pot_id));
  INSERT INTO wolo.donations (pot_id, donor_user_id, amount_cfa, status)
  VALUES (convert_points.pot_id, convert_points.sponsor, v_credit, 'succeeded')
  RETURNING id INTO v_donation;
  INSERT INTO wolo.points_conversions (id, sponsor_user_id, points_converted, credits_issued, conversion_rate, applied_to_pot_id, donation_id)
  VALUES (v_conversion, convert_points.sponsor, convert_points.points, v_credit, v_rate, convert_points.pot_id, v_donation);
  RETURN v_conversion;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.convert_points(uuid, integer, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.convert_points(uuid, integer, uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.convert_points(uuid, integer, uuid) IS 'Converts matured points into a CFA credit on an open pot; never lets the balance go negative; service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.open_due_pots(now timestamptz DEFAULT now())
RETURNS integer
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
WITH opened AS (
  UPDATE wolo.pots p SET status = 'open', actual_opened_at = open_due_pots.now
  WHERE p.status = 'scheduled' AND p.scheduled_open_at <= open_due_pots.now
  RETURNING 1
)
SELECT count(*)::integer FROM opened
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.open_due_pots(timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.open_due_pots(timestamptz) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.open_due_pots(timestamptz) IS 'Opens scheduled pots whose scheduled_open_at has come; returns how many. Run it from a scheduler; service_role only.';

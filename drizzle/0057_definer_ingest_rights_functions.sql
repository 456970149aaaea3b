-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: subjects definer role rights
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
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

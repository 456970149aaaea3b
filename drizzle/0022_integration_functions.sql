-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function ingest.refresh_after_swap(jsonb, boolean)
-- new: grants on learning tables
-- new: trigger users_touch_updated_at on learning.users
-- new: trigger user_preferences_touch_updated_at on learning.user_preferences
-- new: trigger courses_touch_updated_at on learning.courses
-- new: trigger course_lessons_touch_updated_at on learning.course_lessons
-- new: trigger course_quizzes_touch_updated_at on learning.course_quizzes
-- new: trigger enrollments_touch_updated_at on learning.enrollments
-- new: trigger lesson_progress_touch_updated_at on learning.lesson_progress
-- new: trigger subscription_plans_touch_updated_at on learning.subscription_plans
-- new: trigger subscriptions_touch_updated_at on learning.subscriptions
-- new: trigger media_files_touch_updated_at on learning.media_files
-- new: trigger user_notes_touch_updated_at on learning.user_notes
-- new: function learning.prepare_lesson_progress()
-- new: trigger trigger_prepare_lesson_progress on learning.lesson_progress
-- new: function learning.update_course_stats()
-- new: trigger trigger_update_course_stats on learning.enrollments
-- new: function learning.update_user_last_access()
-- new: trigger trigger_update_last_access on learning.lesson_progress
-- new: function learning.course_progress(uuid, uuid)
-- new: function learning.calculate_course_progress()
-- new: trigger trigger_calculate_progress on learning.lesson_progress
-- new: function learning.update_course_rating()
-- new: trigger trigger_update_course_rating on learning.course_completions
-- new: unique index of learning.course_statistics
-- new: function learning.refresh_course_statistics()
-- new: function learning.get_user_dashboard(uuid)
-- new: function learning.get_course_recommendations(uuid, integer)
-- new: table learning.lesson_activity_events
-- new: function learning.create_monthly_partition(regclass, date)
-- new: function learning.ensure_monthly_partitions(regclass, integer)
-- new: initial partitions of learning.lesson_activity_events
-- new: function learning.encrypt_sensitive_data(text)
-- new: function learning.decrypt_sensitive_data(text)
-- new: function learning.database_health_check()
-- new: function learning.quiz_answer_matches(text, jsonb, jsonb)
-- new: function learning.lock_quiz_for_attempt(uuid, uuid)
-- new: function learning.open_quiz_attempt(learning.course_quizzes, uuid)
-- new: function learning.start_quiz_attempt(uuid, uuid)
-- new: function learning.submit_quiz_attempt(uuid, uuid, jsonb)
-- new: pg_cron schedules of the learning domain
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
-- changed: function crm.customers_stage_guard()
-- changed: function crm.messages_opt_out_guard()
-- changed: function public.sync_profile_data(jsonb, jsonb, boolean)
-- changed: function ingest.cutover_attempt(numeric, boolean, boolean, boolean)
-- changed: function ingest.rollback_attempt(text, boolean)
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
CREATE OR REPLACE FUNCTION crm.customers_stage_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  funnel constant text[] := ARRAY['lead', 'marketing', 'trial', 'active'];
  refused text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.stage IS NOT DISTINCT FROM OLD.stage THEN
      RETURN NEW;
    END IF;
    IF NEW.stage = 'lead' THEN
      refused := 'a customer never goes back to lead';
    ELSIF NEW.stage = 'churned'
          AND OLD.stage NOT IN ('trial', 'active')
          AND OLD.trial_started_at IS NULL AND OLD.subscribed_at IS NULL THEN
      refused := 'only a customer who started a trial or subscribed can churn';
    ELSIF OLD.stage::text = ANY (funnel) AND NEW.stage::text = ANY (funnel)
          AND pg_catalog.array_position(funnel, NEW.stage::text) < pg_catalog.array_position(funnel, OLD.stage::text) THEN
      refused := 'the funnel lead, marketing, trial, active only moves forward (leave it through dormant or churned)';
    END IF;
    IF refused IS NOT NULL THEN
      RAISE EXCEPTION 'customer % stage cannot change from % to %: %', OLD.id, OLD.stage, NEW.stage, refused
        USING ERRCODE = 'UR001', COLUMN = 'stage', TABLE = 'customers', SCHEMA = 'crm';
    END IF;
    IF OLD.stage = 'churned' AND NEW.stage IN ('marketing', 'trial', 'active') THEN
      NEW.churned_at := NULL;
    END IF;
  END IF;
  CASE NEW.stage
    WHEN 'marketing' THEN NEW.marketing_qualified_at := coalesce(NEW.marketing_qualified_at, pg_catalog.now());
    WHEN 'trial' THEN NEW.trial_started_at := coalesce(NEW.trial_started_at, pg_catalog.now());
    WHEN 'active' THEN NEW.subscribed_at := coalesce(NEW.subscribed_at, pg_catalog.now());
    WHEN 'churned' THEN NEW.churned_at := coalesce(NEW.churned_at, pg_catalog.now());
    ELSE NULL;
  END CASE;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION crm.customers_stage_guard() IS 'Trigger: stamps customer stage milestones and enforces the journey order (see docs/decisions.md).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION crm.messages_opt_out_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  opted_out timestamptz;
  reason text;
BEGIN
  SELECT c.opted_out_at, c.opt_out_reason INTO opted_out, reason
  FROM crm.conversations c
  WHERE c.brand_id = NEW.brand_id AND c.id = NEW.conversation_id
  FOR UPDATE;
  IF opted_out IS NOT NULL THEN
    RAISE EXCEPTION 'outbound message refused: conversation % opted out at % (%)', NEW.conversation_id, opted_out, coalesce(reason, 'no reason recorded')
      USING ERRCODE = 'UR002', TABLE = 'messages', SCHEMA = 'crm',
            HINT = 'An inbound START or UNSTOP opts the conversation back in.';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION crm.messages_opt_out_guard() IS 'Trigger: refuses outbound messages to opted-out conversations.';
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
CREATE OR REPLACE FUNCTION public.sync_profile_data(contacts jsonb, payments jsonb DEFAULT '[]'::jsonb, create_missing_users boolean DEFAULT true)
RETURNS table (
  inserted integer,
  updated integer,
  unchanged integer,
  skipped integer,
  users_created integer,
  transactions_linked integer
)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_bad jsonb;
  v_input jsonb;
  v_bad_index bigint;
  v_field text;
  v_i integer;
  v_ts timestamptz;
  v_total integer;
  v_existing integer;
  v_inserted integer;
  v_updated integer;
  v_users integer := 0;
  v_linked integer;
BEGIN

  contacts := coalesce(contacts, '[]'::jsonb);
  payments := coalesce(payments, '[]'::jsonb);
  -- Both inputs are checked whole before anything is written; v_field and v_i name the element a
  -- timestamp error (handled at the end) comes from.
  FOREACH v_field IN ARRAY ARRAY['contacts', 'payments'] LOOP
    v_input := CASE v_field WHEN 'contacts' THEN contacts ELSE payments END;
    IF jsonb_typeof(v_input) <> 'array' THEN
      RAISE EXCEPTION 'sync_profile_data: % must be a JSON array, got %', v_field, jsonb_typeof(v_input) USING ERRCODE = '22023';
    END IF;
    SELECT e.ord - 1, e.v INTO v_bad_index, v_bad
      FROM jsonb_array_elements(v_input) WITH ORDINALITY AS e(v, ord)
     WHERE jsonb_typeof(e.v) <> 'object'
        OR NOT coalesce(lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$', false)
        OR coalesce(jsonb_typeof(e.v->'tags'), 'null') NOT IN ('array', 'string', 'null')
     ORDER BY e.ord LIMIT 1;
    IF FOUND THEN
      IF jsonb_typeof(v_bad) <> 'object' THEN
        RAISE EXCEPTION 'sync_profile_data: %[%] must be an object, got %', v_field, v_bad_index, jsonb_typeof(v_bad) USING ERRCODE = '22023';
      ELSIF coalesce(jsonb_typeof(v_bad->'tags'), 'null') NOT IN ('array', 'string', 'null') THEN
        RAISE EXCEPTION 'sync_profile_data: %[%].tags must be an array of strings or a comma-separated string', v_field, v_bad_index USING ERRCODE = '22023';
      END IF;
      RAISE EXCEPTION 'sync_profile_data: %[%].email is missing or not a valid email: %', v_field, v_bad_index, coalesce(coalesce(nullif(btrim(v_bad->>'email'), ''), nullif(btrim(v_bad#>>'{customer,email}'), ''), nullif(btrim(v_bad->>'payer_email'), ''), nullif(btrim(v_bad#>>'{customer,payer_email}'), '')), '(none)')
        USING ERRCODE = '22023';
    END IF;
    v_i := 0;
    FOR v_bad IN SELECT e.v FROM jsonb_array_elements(v_input) AS e(v) LOOP
      v_ts := (coalesce(nullif(btrim(v_bad->>'created_at'), ''), nullif(btrim(v_bad->>'createdAt'), ''), nullif(btrim(v_bad->>'registered_at'), '')))::timestamptz;
      v_ts := (coalesce(nullif(btrim(v_bad->>'paid_at'), ''), nullif(btrim(v_bad->>'paidAt'), '')))::timestamptz;
      v_i := v_i + 1;
    END LOOP;
  END LOOP;
  v_field := NULL;
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('public.sync_profile_data'));

  SELECT count(*)::int, (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = m.email)))::int
    INTO v_total, v_existing
    FROM public.sync_profile_merge(contacts, payments) AS m;

  IF create_missing_users THEN
    INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    SELECT '00000000-0000-0000-0000-000000000000'::uuid, gen_random_uuid(), 'authenticated', 'authenticated', m.email,
           '{"provider": "email", "providers": ["email"]}'::jsonb,
           jsonb_build_object('created_by', 'sync_profile_data'), now(), now()
      FROM public.sync_profile_merge(contacts, payments) AS m
     WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = m.email)
       AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE lower(u.email) = m.email);
    GET DIAGNOSTICS v_users = ROW_COUNT;
  END IF;

  INSERT INTO public.unified_profiles (id, email, first_name, last_name, phone, tags, systemeio_id, acquisition_source, created_at)
  SELECT u.id, m.email,
         coalesce(m.first_name, m.payment_first_name),
         coalesce(m.last_name, m.payment_last_name),
         coalesce(m.phone, m.payment_phone),
         coalesce(m.tags, '{}'::text[]),
         m.systemeio_id,
         coalesce(m.acquisition_source, CASE WHEN m.has_contact THEN 'systemeio' ELSE 'xendit' END),
         coalesce(least(m.contact_created_at, m.first_paid_at), now())
    FROM public.sync_profile_merge(contacts, payments) AS m
    JOIN auth.users u ON lower(u.email) = m.email
   WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = m.email)
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS v_inserted = ROW_COUNT;

  WITH m AS (SELECT * FROM public.sync_profile_merge(contacts, payments)),
  target AS (
    SELECT up.id,
           coalesce(m.first_name, up.first_name, m.payment_first_name) AS first_name,
           coalesce(m.last_name, up.last_name, m.payment_last_name) AS last_name,
           coalesce(m.phone, up.phone, m.payment_phone) AS phone,
           coalesce(m.tags, up.tags) AS tags,
           coalesce(m.systemeio_id, up.systemeio_id) AS systemeio_id,
           coalesce(up.acquisition_source, m.acquisition_source, CASE WHEN m.has_contact THEN 'systemeio' ELSE 'xendit' END) AS acquisition_source,
           least(up.created_at, m.contact_created_at, m.first_paid_at) AS created_at
      FROM m
      JOIN public.unified_profiles up ON lower(up.email) = m.email
  )
  UPDATE public.unified_profiles up
     SET first_name = t.first_name, last_name = t.last_name, phone = t.phone, tags = t.tags,
         systemeio_id = t.systemeio_id, acquisition_source = t.acquisition_source, created_at = t.created_at
    FROM target t
   WHERE up.id = t.id
     AND (up.first_name, up.last_name, up.phone, up.tags, up.systemeio_id, up.acquisition_source, up.created_at)
         IS DISTINCT FROM (t.first_name, t.last_name, t.phone, t.tags, t.systemeio_id, t.acquisition_source, t.created_at);
  GET DIAGNOSTICS v_updated = ROW_COUNT;

  UPDATE public.transactions t
     SET user_id = up.id
    FROM public.sync_profile_merge(contacts, payments) AS m
    JOIN public.unified_profiles up ON lower(up.email) = m.email
   WHERE t.user_id IS NULL AND lower(t.contact_email) = m.email;
  GET DIAGNOSTICS v_linked = ROW_COUNT;

  inserted := v_inserted;
  updated := v_updated;
  unchanged := v_existing - v_updated;
  skipped := v_total - v_existing - v_inserted;
  users_created := v_users;
  transactions_linked := v_linked;
  RETURN NEXT;
EXCEPTION
  WHEN invalid_datetime_format OR datetime_field_overflow THEN
    IF v_field IS NULL THEN
      RAISE;
    END IF;
    RAISE EXCEPTION 'sync_profile_data: %[%].created_at or paid_at is not a timestamp (%)', v_field, v_i, SQLERRM USING ERRCODE = '22007';
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) IS 'Merges Systeme.io contacts and Xendit payments (jsonb arrays) into unified_profiles by email; returns counts.';
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ingest.backups, ingest.validation_reports FROM service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.refresh_after_swap(p_swap jsonb, p_refresh boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_mv jsonb;
  v_t1 timestamptz := clock_timestamp();
BEGIN
  IF p_refresh THEN
    PERFORM set_config('jit', coalesce(nullif(current_setting('ingest.jit', true), ''), current_setting('jit')), true);
    FOR v_mv IN SELECT value FROM jsonb_array_elements(p_swap -> 'materializedViews') LOOP
      IF v_mv ->> 'kind' = 'm' AND (v_mv ->> 'populated')::boolean THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', v_mv ->> 'name');
      END IF;
    END LOOP;
  END IF;
  IF to_regclass('public.dashboard_cache_status') IS NOT NULL THEN
    EXECUTE 'UPDATE public.dashboard_cache_status SET is_stale = true, stale_since = now()
              WHERE cache_name = ''revenue_metrics'' OR (cache_name = ''dashboard_views'' AND NOT $1)' USING p_refresh;
  END IF;
  PERFORM ingest.cutover_checkpoint('refresh');
  RETURN jsonb_build_object('refreshMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.refresh_after_swap(jsonb, boolean) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.refresh_after_swap(jsonb, boolean) IS 'Refreshes the materialized views a cutover or rollback re-created and marks the dashboard caches stale.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.cutover_attempt(max_shrink numeric, force boolean, refresh_materialized_views boolean, compute_checksums boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_tables text[] := ARRAY['unified_profiles', 'transactions', 'enrollments']::text[];
  v_t text;
  v_n bigint;
  v_staging jsonb := '{}';
  v_production jsonb := '{}';
  v_total bigint := 0;
  v_shrunk text[] := '{}';
  v_report record;
  v_blocking jsonb;
  v_users int := 0;
  v_stale_new bigint;
  v_stale_existing bigint;
  v_id text;
  v_schema text;
  v_swap jsonb;
  v_constraints jsonb := '[]';
  v_backup_tables jsonb;
  v_counts jsonb := '{}';
  v_checksums jsonb := '{}';
  v_cs jsonb;
  v_warnings jsonb := '[]';
  v_timings jsonb := '{}';
  v_t0 timestamptz := clock_timestamp();
  v_t1 timestamptz;
  v_def text;
  v_prod regclass;
  v_stage regclass;
  r record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('ingest.staging'));

  -- checks: staging present, latest validation report, non-empty, no shrink beyond max_shrink
  FOREACH v_t IN ARRAY v_tables LOOP
    IF to_regclass(format('ingest.%I', v_t || '_staging')) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC004', MESSAGE = format('staging table ingest.%I does not exist: run prepare first', v_t || '_staging'),
        HINT = 'code=staging_missing';
    END IF;
    IF to_regclass(format('public.%I', v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC014', MESSAGE = format('production table public.%I does not exist', v_t), HINT = 'code=production_missing';
    END IF;
  END LOOP;
  IF to_regclass('ingest.validation_reports') IS NOT NULL THEN
    EXECUTE 'SELECT id, blocking_errors, report FROM ingest.validation_reports ORDER BY created_at DESC, id DESC LIMIT 1' INTO v_report;
    IF v_report.blocking_errors > 0 THEN
      v_blocking := coalesce(v_report.report -> 'blockingErrors', '[]');
      RAISE EXCEPTION USING ERRCODE = 'UC001',
        MESSAGE = format('the latest validation report (%s) has %s blocking error(s): %s', v_report.id, v_report.blocking_errors,
                         coalesce((SELECT string_agg(coalesce(e ->> 'code', '?') || ': ' || coalesce(e ->> 'message', ''), '; ')
                                     FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v_blocking) = 'array' THEN v_blocking ELSE '[]' END) AS e), 'see the report')),
        DETAIL = v_blocking::text, HINT = 'code=blocking_errors';
    END IF;
    IF v_report IS NULL THEN
      v_warnings := v_warnings || '"no validation report: prepare has not run (staging filled by hand?)"'::jsonb;
    END IF;
  ELSE
    v_warnings := v_warnings || '"ingest.validation_reports does not exist: no validation report checked"'::jsonb;
  END IF;
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('ingest.%I', t || '_staging'), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  FOREACH v_t IN ARRAY v_tables LOOP
    EXECUTE format('SELECT count(*) FROM ingest.%I', v_t || '_staging') INTO v_n;
    v_staging := v_staging || jsonb_build_object(v_t, v_n);
    v_total := v_total + v_n;
    -- production is counted without its lock (it stays readable and writable until the swap): the
    -- shrink check needs no exactness; the backup's exact counts are taken from the frozen backup
    EXECUTE format('SELECT count(*) FROM public.%I', v_t) INTO v_n;
    v_production := v_production || jsonb_build_object(v_t, v_n);
    IF v_n > 0 AND (v_staging ->> v_t)::numeric < v_n * (1 - max_shrink) THEN
      v_shrunk := v_shrunk || format('%s: %s → %s rows (-%s%%)', v_t, v_n, v_staging ->> v_t,
                                     round(100 * (1 - (v_staging ->> v_t)::numeric / v_n), 1));
    END IF;
  END LOOP;
  IF v_total = 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC002', MESSAGE = 'the staging tables are empty: run prepare first (cutover never empties production)',
      HINT = 'code=empty_staging';
  END IF;
  IF cardinality(v_shrunk) > 0 THEN
    IF NOT force THEN
      RAISE EXCEPTION USING ERRCODE = 'UC003',
        MESSAGE = format('staging is smaller than production by more than %s%%: %s (force to cut over anyway)',
                         trim_scale(round(max_shrink * 100, 1)), array_to_string(v_shrunk, '; ')),
        HINT = 'code=shrink';
    END IF;
    v_warnings := v_warnings || to_jsonb('forced past the shrink limit: ' || array_to_string(v_shrunk, '; '));
  END IF;
  v_timings := v_timings || jsonb_build_object('checksMs', round((extract(epoch FROM clock_timestamp() - v_t0) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('checks');

  -- auth users prepare decided to create (existing = false). One that exists already with the same
  -- id and email was created by an earlier cutover of this staging (rolled back, then retried): kept.
  -- Refused when auth.users moved since prepare: a new user's email taken by another id (or its id by
  -- another email), or a user prepare found that is gone.
  v_t1 := clock_timestamp();
  IF to_regclass('ingest.users_staging') IS NOT NULL THEN
    LOCK TABLE ingest.users_staging IN SHARE MODE;
    SELECT count(*) FILTER (WHERE NOT s.existing AND EXISTS (
             SELECT 1 FROM auth.users u
              WHERE (u.id = s.id) <> (lower(u.email) IS NOT DISTINCT FROM lower(s.email))
                AND (u.id = s.id OR lower(u.email) = lower(s.email)))),
           count(*) FILTER (WHERE s.existing AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = s.id))
      INTO v_stale_new, v_stale_existing
      FROM ingest.users_staging s;
    IF v_stale_new + v_stale_existing > 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'UC012',
        MESSAGE = format('auth.users changed since prepare: %s new user(s) clash with another auth user''s id or email, %s existing user(s) are gone: run prepare again',
                         v_stale_new, v_stale_existing),
        HINT = 'code=stale_staging';
    END IF;
    INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    SELECT '00000000-0000-0000-0000-000000000000'::uuid, s.id, 'authenticated', 'authenticated', s.email,
           '{"provider": "email", "providers": ["email"]}'::jsonb, s.raw_user_meta_data, s.created_at, now()
      FROM ingest.users_staging s
     WHERE NOT s.existing AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = s.id);
    GET DIAGNOSTICS v_users = ROW_COUNT;
  END IF;
  v_timings := v_timings || jsonb_build_object('authUsersMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('auth_users');

  -- staging's own constraints, before production is locked: a foreign key production has and staging
  -- lacks is added (siblings → their clones), and every NOT VALID one (prepare may add its keys to
  -- auth.users NOT VALID before the users exist) is validated. O(rows): a scan per constraint.
  v_t1 := clock_timestamp();
  FOREACH v_t IN ARRAY v_tables LOOP
    v_prod := format('public.%I', v_t)::regclass;
    v_stage := format('ingest.%I', v_t || '_staging')::regclass;
    FOR r IN
      SELECT c.conname, pg_get_constraintdef(c.oid) AS def, c.confrelid
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_prod AND c.contype = 'f'
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint s WHERE s.conrelid = v_stage AND s.conname = c.conname)
       ORDER BY c.conname
    LOOP
      v_def := r.def;
      FOR v_k IN 1 .. cardinality(v_tables) LOOP
        IF r.confrelid = format('public.%I', v_tables[v_k])::regclass THEN
          v_def := replace(r.def, format(' REFERENCES public.%I(', v_tables[v_k]), format(' REFERENCES ingest.%I(', v_tables[v_k] || '_staging'));
        END IF;
      END LOOP;
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s%s', v_stage, r.conname, v_def,
                     CASE WHEN v_def LIKE '% NOT VALID' THEN '' ELSE ' NOT VALID' END);
      v_constraints := v_constraints || jsonb_build_object('table', v_stage::text, 'name', r.conname, 'action', 'added');
    END LOOP;
    FOR r IN
      SELECT s.conname FROM pg_catalog.pg_constraint s
       WHERE s.conrelid = v_stage AND NOT s.convalidated
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = v_prod AND c.conname = s.conname AND NOT c.convalidated)
       ORDER BY s.conname
    LOOP
      EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', v_stage, r.conname);
      v_constraints := v_constraints || jsonb_build_object('table', v_stage::text, 'name', r.conname, 'action', 'validated');
    END LOOP;
  END LOOP;
  v_timings := v_timings || jsonb_build_object('stagingConstraintsMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('staging_constraints');

  -- lock production: from here to COMMIT, readers and writers of these tables wait (O(1) work, plus the MV refresh)
  v_t1 := clock_timestamp();
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  v_timings := v_timings || jsonb_build_object('lockMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('lock');

  v_id := 'b' || to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS') || '_' || substr(md5(gen_random_uuid()::text), 1, 6);
  v_schema := 'ingest_backup_' || v_id;
  EXECUTE format('CREATE SCHEMA %I', v_schema);
  EXECUTE format('COMMENT ON SCHEMA %I IS %L', v_schema, 'cutover backup ' || v_id || ': production tables before the cutover (see ingest.backups)');
  v_swap := ingest.swap_production_tables(v_tables, 'ingest', '_staging', v_schema, '', true);
  v_timings := v_timings || jsonb_build_object('swapMs', v_swap -> 'swapMs');

  -- register the backup; counts and checksums of the frozen backup now, or later by ingest.seal_backup()
  v_t1 := clock_timestamp();
  SELECT jsonb_agg(jsonb_build_object('name', t,
           'detachedForeignKeys', coalesce((SELECT jsonb_agg(d - 'table')
                                              FROM jsonb_array_elements(v_swap -> 'detachedForeignKeys') AS d WHERE d ->> 'table' = t), '[]'))
           ORDER BY o)
    INTO v_backup_tables
    FROM unnest(v_tables) WITH ORDINALITY AS u(t, o);
  IF compute_checksums THEN
    FOREACH v_t IN ARRAY v_tables LOOP
      v_cs := ingest.table_checksum(format('%I.%I', v_schema, v_t)::regclass);
      v_counts := v_counts || jsonb_build_object(v_t, (v_cs ->> 'count')::bigint);
      v_checksums := v_checksums || jsonb_build_object(v_t, v_cs ->> 'checksum');
    END LOOP;
  END IF;
  INSERT INTO ingest.backups (id, schema_name, tables, counts, checksums, status, sealed_at, pg_version, details)
  VALUES (v_id, v_schema, v_backup_tables, v_counts, v_checksums, 'active',
          CASE WHEN compute_checksums THEN now() END,
          CASE WHEN compute_checksums THEN current_setting('server_version_num')::int END,
          jsonb_build_object('counts', v_staging, 'previousCounts', v_production, 'authUsersCreated', v_users,
                             'stagingConstraints', v_constraints, 'foreignKeys', v_swap -> 'foreignKeys',
                             'warnings', v_warnings || (v_swap -> 'warnings')));
  v_timings := v_timings || jsonb_build_object('registerMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('register');

  -- materialized views: refreshed inside the transaction by default, so no reader ever sees one unpopulated
  v_timings := v_timings || ingest.refresh_after_swap(v_swap, refresh_materialized_views);

  RETURN jsonb_build_object(
    'backupId', v_id,
    'schemaName', v_schema,
    'counts', v_staging,
    'previousCounts', v_production,
    'backupCounts', CASE WHEN compute_checksums THEN v_counts END,
    'checksums', CASE WHEN compute_checksums THEN v_checksums END,
    'sealed', compute_checksums,
    'authUsersCreated', v_users,
    'stagingConstraints', v_constraints,
    'views', v_swap -> 'views',
    'materializedViews', v_swap -> 'materializedViews',
    'refreshed', refresh_materialized_views,
    'foreignKeys', v_swap -> 'foreignKeys',
    'policies', v_swap -> 'policies',
    'detachedForeignKeys', v_swap -> 'detachedForeignKeys',
    'warnings', v_warnings || (v_swap -> 'warnings'),
    'timings', v_timings);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.cutover_attempt(numeric, boolean, boolean, boolean) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.cutover_attempt(numeric, boolean, boolean, boolean) IS 'One attempt of public.launch_clean_production (internal).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.rollback_attempt(p_backup_id text, refresh_materialized_views boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_tables text[];
  v_schema text;
  v_t text;
  v_cs jsonb;
  v_counts jsonb := '{}';
  v_checksums jsonb := '{}';
  v_same_engine boolean;
  v_bad text[] := '{}';
  v_dropped text[];
  v_swap jsonb;
  v_fks jsonb := '[]';
  v_warnings jsonb := '[]';
  v_timings jsonb := '{}';
  v_ok boolean;
  v_msg text;
  v_detail text;
  v_t0 timestamptz := clock_timestamp();
  v_t1 timestamptz;
  r record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('ingest.staging'));

  -- checks: every name below comes from the registry row, never from the argument
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)),
      HINT = 'code=unknown_backup';
  END IF;
  IF v_b.status <> 'active' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC010', MESSAGE = format('backup %s is %s, not active', v_b.id, v_b.status), HINT = 'code=backup_not_active';
  END IF;
  v_schema := v_b.schema_name;
  -- the registry is read for names only, and only names the package knows: the swapped tables, in
  -- their order (schema_name is ingest_backup_<id> by its CHECK)
  SELECT array_agg(e.value ->> 'name' ORDER BY e.o) INTO v_tables
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v_b.tables) = 'array' THEN v_b.tables ELSE '[]' END) WITH ORDINALITY AS e(value, o);
  IF v_tables IS DISTINCT FROM ARRAY['unified_profiles', 'transactions', 'enrollments']::text[] THEN
    RAISE EXCEPTION USING ERRCODE = 'UC011',
      MESSAGE = format('backup %s lists the tables %s, not the swapped tables %s: the registry entry was altered, refusing it',
                       v_b.id, coalesce(nullif(left(array_to_string(ARRAY(SELECT quote_ident(x) FROM unnest(v_tables) AS x), ', '), 200), ''), 'none'),
                       array_to_string(ARRAY['unified_profiles', 'transactions', 'enrollments']::text[], ', ')),
      HINT = 'code=verification_failed';
  END IF;
  FOREACH v_t IN ARRAY v_tables LOOP
    IF to_regclass(format('%I.%I', v_schema, v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC011', MESSAGE = format('backup %s is incomplete: %I.%I does not exist', v_b.id, v_schema, v_t),
        HINT = 'code=verification_failed';
    END IF;
    IF to_regclass(format('public.%I', v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC014', MESSAGE = format('production table public.%I does not exist', v_t), HINT = 'code=production_missing';
    END IF;
  END LOOP;
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('%I.%I', v_schema, t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  PERFORM ingest.cutover_checkpoint('checks');

  -- the backup still holds what was registered (a backup never sealed is sealed now)
  v_t1 := clock_timestamp();
  v_same_engine := v_b.pg_version IS NULL OR v_b.pg_version / 10000 = current_setting('server_version_num')::int / 10000;
  FOREACH v_t IN ARRAY v_tables LOOP
    v_cs := ingest.table_checksum(format('%I.%I', v_schema, v_t)::regclass);
    v_counts := v_counts || jsonb_build_object(v_t, (v_cs ->> 'count')::bigint);
    v_checksums := v_checksums || jsonb_build_object(v_t, v_cs ->> 'checksum');
    IF v_b.sealed_at IS NOT NULL THEN
      -- compared as text: a registry value that is not a number is a mismatch, not a cast error
      IF (v_b.counts ->> v_t) IS DISTINCT FROM (v_cs ->> 'count') THEN
        v_bad := v_bad || format('%s: %s rows, registered %s', v_t, v_cs ->> 'count', coalesce(v_b.counts ->> v_t, 'none'));
      ELSIF v_same_engine AND (v_b.checksums ->> v_t) IS DISTINCT FROM (v_cs ->> 'checksum') THEN
        v_bad := v_bad || format('%s: checksum %s, registered %s', v_t, v_cs ->> 'checksum', coalesce(v_b.checksums ->> v_t, 'none'));
      END IF;
    END IF;
  END LOOP;
  IF cardinality(v_bad) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC011', MESSAGE = format('backup %s does not match its registry entry: %s', v_b.id, array_to_string(v_bad, '; ')),
      HINT = 'code=verification_failed';
  END IF;
  IF NOT v_same_engine THEN
    v_warnings := v_warnings || to_jsonb(format('checksums were computed by server version %s: counts verified only', v_b.pg_version));
  END IF;
  IF v_b.sealed_at IS NULL THEN
    v_warnings := v_warnings || '"the backup was never sealed: counts and checksums computed now"'::jsonb;
  END IF;
  v_timings := v_timings || jsonb_build_object('verifyMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('verify_backup');

  -- staging rebuilt since the cutover (prepare ran again) is derived data: it makes room for production
  SELECT array_agg(format('ingest.%I', t || '_staging')) INTO v_dropped
    FROM unnest(v_tables) AS t WHERE to_regclass(format('ingest.%I', t || '_staging')) IS NOT NULL;
  IF cardinality(v_dropped) > 0 THEN
    EXECUTE 'DROP TABLE ' || array_to_string(v_dropped, ', ');
  END IF;

  -- the backup's detached foreign keys come back (NOT VALID, then validated; a failure is reported,
  -- not fatal). Taken from the catalog, never from the registry (a table service_role could once
  -- write): each foreign key of the production table being replaced to a table outside the swap that
  -- the backup table lacks, as pg_get_constraintdef prints it. The incoming tables passed the
  -- structure check against production at cutover, so these are the keys that were detached.
  v_t1 := clock_timestamp();
  FOR r IN
    SELECT u.t AS tbl, c.conname AS name, pg_catalog.pg_get_constraintdef(c.oid) AS def, c.convalidated AS validated
      FROM unnest(v_tables) WITH ORDINALITY AS u(t, o)
      JOIN pg_catalog.pg_constraint c ON c.conrelid = format('public.%I', u.t)::regclass AND c.contype = 'f'
     WHERE c.confrelid <> ALL (ARRAY(SELECT format('public.%I', x)::regclass::oid FROM unnest(v_tables) AS x))
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint b
                        WHERE b.conrelid = format('%I.%I', v_schema, u.t)::regclass AND b.conname = c.conname)
     ORDER BY u.o, c.conname
  LOOP
    EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s NOT VALID', v_schema, r.tbl, r.name, regexp_replace(r.def, ' NOT VALID$', ''));
    v_ok := r.validated;
    v_msg := NULL;
    IF v_ok THEN
      BEGIN
        EXECUTE format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', v_schema, r.tbl, r.name);
      EXCEPTION WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
        v_msg := v_msg || coalesce(': ' || v_detail, '');
        v_ok := false;
        v_warnings := v_warnings || to_jsonb(format('foreign key %s on public.%s left NOT VALID: %s', r.name, r.tbl, v_msg));
      END;
    END IF;
    v_fks := v_fks || jsonb_build_object('table', 'public.' || r.tbl, 'name', r.name, 'validated', v_ok, 'error', v_msg);
  END LOOP;
  v_timings := v_timings || jsonb_build_object('backupForeignKeysMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('backup_foreign_keys');

  v_t1 := clock_timestamp();
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  v_timings := v_timings || jsonb_build_object('lockMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('lock');

  -- production goes back to staging (kept for a retry, triggers disabled), the backup returns
  v_swap := ingest.swap_production_tables(v_tables, v_schema, '', 'ingest', '_staging', false);
  v_timings := v_timings || jsonb_build_object('swapMs', v_swap -> 'swapMs');
  EXECUTE format('DROP SCHEMA %I', v_schema);

  UPDATE ingest.backups
     SET status = 'restored', restored_at = now(),
         counts = CASE WHEN sealed_at IS NULL THEN v_counts ELSE counts END,
         checksums = CASE WHEN sealed_at IS NULL THEN v_checksums ELSE checksums END,
         pg_version = coalesce(pg_version, current_setting('server_version_num')::int),
         sealed_at = coalesce(sealed_at, now()),
         details = details || jsonb_build_object('rollback', jsonb_build_object('at', now(), 'foreignKeys', v_swap -> 'foreignKeys',
                                                 'backupForeignKeys', v_fks, 'warnings', v_warnings || (v_swap -> 'warnings')))
   WHERE id = v_b.id;
  PERFORM ingest.cutover_checkpoint('register');

  v_timings := v_timings || ingest.refresh_after_swap(v_swap, refresh_materialized_views);

  RETURN jsonb_build_object(
    'backupId', v_b.id,
    'schemaName', v_schema,
    'counts', v_counts,
    'checksums', v_checksums,
    'checksumsVerified', v_b.sealed_at IS NOT NULL AND v_same_engine,
    'stagingTables', (SELECT jsonb_agg(format('ingest.%I', t || '_staging')) FROM unnest(v_tables) AS t),
    'droppedStaging', coalesce(to_jsonb(v_dropped), '[]'),
    'views', v_swap -> 'views',
    'materializedViews', v_swap -> 'materializedViews',
    'refreshed', refresh_materialized_views,
    'foreignKeys', (v_swap -> 'foreignKeys') || v_fks,
    'policies', v_swap -> 'policies',
    'warnings', v_warnings || (v_swap -> 'warnings'),
    'timings', v_timings);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.rollback_attempt(text, boolean) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.rollback_attempt(text, boolean) IS 'One attempt of public.rollback_migration (internal).';
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
CREATE OR REPLACE TRIGGER users_touch_updated_at
BEFORE UPDATE ON learning.users
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER user_preferences_touch_updated_at
BEFORE UPDATE ON learning.user_preferences
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER courses_touch_updated_at
BEFORE UPDATE ON learning.courses
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_lessons_touch_updated_at
BEFORE UPDATE ON learning.course_lessons
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_quizzes_touch_updated_at
BEFORE UPDATE ON learning.course_quizzes
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_touch_updated_at
BEFORE UPDATE ON learning.enrollments
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lesson_progress_touch_updated_at
BEFORE UPDATE ON learning.lesson_progress
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER subscription_plans_touch_updated_at
BEFORE UPDATE ON learning.subscription_plans
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER subscriptions_touch_updated_at
BEFORE UPDATE ON learning.subscriptions
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER media_files_touch_updated_at
BEFORE UPDATE ON learning.media_files
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER user_notes_touch_updated_at
BEFORE UPDATE ON learning.user_notes
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.prepare_lesson_progress()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.lesson_id IS DISTINCT FROM OLD.lesson_id THEN
    SELECT l.course_id INTO NEW.course_id FROM learning.course_lessons l WHERE l.id = NEW.lesson_id;
  END IF;
  IF NEW.status <> 'not_started' AND NEW.started_at IS NULL THEN
    NEW.started_at := now();
  END IF;
  IF NEW.status = 'completed' AND NEW.completed_at IS NULL THEN
    NEW.completed_at := now();
  ELSIF NEW.status <> 'completed' THEN
    NEW.completed_at := NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.last_accessed_at IS NOT DISTINCT FROM OLD.last_accessed_at THEN
    NEW.last_accessed_at := now();
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_prepare_lesson_progress
BEFORE INSERT OR UPDATE ON learning.lesson_progress
FOR EACH ROW
EXECUTE FUNCTION learning.prepare_lesson_progress();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_course_stats()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.course_id IS NOT DISTINCT FROM OLD.course_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE learning.courses SET enrollment_count = greatest(enrollment_count - 1, 0) WHERE id = OLD.course_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE learning.courses SET enrollment_count = enrollment_count + 1 WHERE id = NEW.course_id;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_update_course_stats
AFTER INSERT OR DELETE OR UPDATE OF COURSE_ID ON learning.enrollments
FOR EACH ROW
EXECUTE FUNCTION learning.update_course_stats();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_user_last_access()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  UPDATE learning.enrollments e
     SET last_accessed_at = NEW.last_accessed_at
   WHERE e.user_id = NEW.user_id AND e.course_id = NEW.course_id
     AND (e.last_accessed_at IS NULL OR e.last_accessed_at < NEW.last_accessed_at);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_update_last_access
AFTER INSERT OR UPDATE ON learning.lesson_progress
FOR EACH ROW
EXECUTE FUNCTION learning.update_user_last_access();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.course_progress(user_id uuid, course_id uuid)
RETURNS numeric
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
SELECT coalesce(round(100.0 * done.n / nullif(total.n, 0), 2), 0)::numeric(5, 2)
FROM (SELECT count(*) AS n FROM learning.course_lessons l WHERE l.course_id = $2) total,
     (SELECT count(*) AS n FROM learning.lesson_progress p WHERE p.user_id = $1 AND p.course_id = $2 AND p.status = 'completed') done
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.course_progress(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.course_progress(uuid, uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.course_progress(uuid, uuid) IS 'Percent (0–100, 2 decimals) of a course''s lessons the user completed; 0 when the course has no lessons.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.calculate_course_progress()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_enrollment uuid;
  v_progress numeric(5, 2);
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.lesson_id IS NOT DISTINCT FROM OLD.lesson_id THEN
    RETURN NULL;
  END IF;
  SELECT e.id INTO v_enrollment
    FROM learning.enrollments e
   WHERE e.user_id = NEW.user_id AND e.course_id = NEW.course_id
     FOR UPDATE;
  IF v_enrollment IS NULL THEN
    RETURN NULL;
  END IF;
  v_progress := learning.course_progress(NEW.user_id, NEW.course_id);
  UPDATE learning.enrollments e
     SET progress = v_progress,
         completed_at = CASE WHEN v_progress = 100 THEN coalesce(e.completed_at, now()) ELSE e.completed_at END,
         updated_at = now()
   WHERE e.id = v_enrollment;
  IF v_progress = 100 THEN
    INSERT INTO learning.course_completions (user_id, course_id, completed_at, total_time_spent)
    SELECT NEW.user_id, NEW.course_id, now(), coalesce(sum(p.total_time_spent), 0)
      FROM learning.lesson_progress p
     WHERE p.user_id = NEW.user_id AND p.course_id = NEW.course_id
    ON CONFLICT (user_id, course_id) DO NOTHING;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_calculate_progress
AFTER INSERT OR UPDATE OF STATUS, LESSON_ID ON learning.lesson_progress
FOR EACH ROW
EXECUTE FUNCTION learning.calculate_course_progress();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_course_rating()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_course uuid;
BEGIN
  FOR v_course IN
    SELECT DISTINCT u.id
      FROM unnest(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.course_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.course_id END]) AS u(id)
     WHERE u.id IS NOT NULL
     ORDER BY u.id
  LOOP
    PERFORM 1 FROM learning.courses c WHERE c.id = v_course FOR UPDATE;
    UPDATE learning.courses c
       SET average_rating = coalesce(r.avg_rating, 0), review_count = r.n
      FROM (SELECT round(avg(cc.rating), 2) AS avg_rating, count(cc.rating)::int AS n
              FROM learning.course_completions cc WHERE cc.course_id = v_course) r
     WHERE c.id = v_course;
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_update_course_rating
AFTER INSERT OR DELETE OR UPDATE OF RATING, COURSE_ID ON learning.course_completions
FOR EACH ROW
EXECUTE FUNCTION learning.update_course_rating();
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS idx_course_statistics_id ON learning.course_statistics (id);
--> statement-breakpoint
REVOKE ALL ON learning.course_statistics FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON learning.course_statistics TO service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.refresh_course_statistics()
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF (SELECT c.relispopulated FROM pg_catalog.pg_class c WHERE c.oid = 'learning.course_statistics'::regclass) THEN
    REFRESH MATERIALIZED VIEW CONCURRENTLY learning.course_statistics;
  ELSE
    REFRESH MATERIALIZED VIEW learning.course_statistics;
  END IF;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.refresh_course_statistics() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.refresh_course_statistics() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.refresh_course_statistics() IS 'Refreshes learning.course_statistics (CONCURRENTLY once populated).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.get_user_dashboard(user_id uuid)
RETURNS json
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
BEGIN
  RETURN (SELECT json_build_object(
  'user', (SELECT to_jsonb(u) - 'encrypted_ssn' FROM learning.users u WHERE u.id = $1),
  'active_enrollments', coalesce((
    SELECT json_agg(json_build_object('course', row_to_json(r.c), 'progress', r.progress, 'last_accessed', r.last_accessed_at)
                    ORDER BY r.last_accessed_at DESC NULLS LAST, r.enrollment_id)
    FROM (
      SELECT c, e.id AS enrollment_id, e.progress, e.last_accessed_at
      FROM learning.enrollments e
      JOIN learning.courses c ON c.id = e.course_id
      WHERE e.user_id = $1 AND e.status = 'active' AND c.status = 'published'
      ORDER BY e.last_accessed_at DESC NULLS LAST, e.id
      LIMIT 5
    ) r
  ), '[]'::json),
  'completed_courses', (SELECT count(*) FROM learning.course_completions cc WHERE cc.user_id = $1),
  'total_study_time', (SELECT coalesce(sum(lp.total_time_spent), 0) FROM learning.lesson_progress lp WHERE lp.user_id = $1),
  'achievements', coalesce((
    SELECT json_agg(row_to_json(ua) ORDER BY ua.earned_at DESC, ua.id)
    FROM learning.user_achievements ua WHERE ua.user_id = $1
  ), '[]'::json)
));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.get_user_dashboard(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.get_user_dashboard(uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.get_user_dashboard(uuid) IS 'A learner''s dashboard: profile, the five most recently accessed active enrollments, completed courses, study time, achievements.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.get_course_recommendations(user_id uuid, "limit" integer DEFAULT 10)
RETURNS table (course_id uuid, relevance_score numeric)
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
WITH history AS (
  SELECT c.category_id, count(*) AS interaction_count
  FROM learning.enrollments e
  JOIN learning.courses c ON c.id = e.course_id
  WHERE e.user_id = $1 AND c.category_id IS NOT NULL
  GROUP BY c.category_id
)
SELECT s.id, s.score
FROM (
  SELECT c.id,
         coalesce(c.published_at, c.created_at) AS released_at,
         round((
           coalesce(h.interaction_count, 0) * 0.4::float8
           + (c.average_rating::float8 / 5) * 0.3
           + (log(c.enrollment_count + 1::float8) / 10) * 0.2
           + 0.1 / (1 + greatest(extract(epoch FROM now() - coalesce(c.published_at, c.created_at))::float8, 0) / (30 * 24 * 60 * 60))
         )::numeric, 6) AS score
  FROM learning.courses c
  LEFT JOIN history h ON h.category_id = c.category_id
  WHERE c.status = 'published'
    AND c.instructor_id IS DISTINCT FROM $1
    AND NOT EXISTS (SELECT 1 FROM learning.enrollments e WHERE e.user_id = $1 AND e.course_id = c.id)
) s
ORDER BY s.score DESC, s.released_at DESC, s.id
LIMIT greatest($2, 0);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.get_course_recommendations(uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.get_course_recommendations(uuid, integer) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.get_course_recommendations(uuid, integer) IS 'Recommended published courses for a user (not enrolled), best first; cold start: popular, well-rated, recent.';
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS learning.lesson_activity_events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  lesson_id uuid NOT NULL,
  course_id uuid NOT NULL,
  event_type text NOT NULL,
  position_seconds integer,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lesson_activity_events_pkey PRIMARY KEY (id, occurred_at),
  CONSTRAINT lesson_activity_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES learning.users (id) ON DELETE CASCADE,
  CONSTRAINT lesson_activity_events_lesson_id_fkey FOREIGN KEY (lesson_id, course_id) REFERENCES learning.course_lessons (id, course_id) ON DELETE CASCADE,
  CONSTRAINT lesson_activity_events_event_type_check CHECK (event_type IN ('view', 'play', 'pause', 'seek', 'complete', 'note', 'bookmark')),
  CONSTRAINT lesson_activity_events_position_seconds_check CHECK (position_seconds >= 0)
) PARTITION BY RANGE (occurred_at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS lesson_activity_events_user_id_occurred_at_idx ON learning.lesson_activity_events (user_id, occurred_at DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS lesson_activity_events_lesson_id_idx ON learning.lesson_activity_events (lesson_id, course_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS lesson_activity_events_course_id_idx ON learning.lesson_activity_events (course_id);
--> statement-breakpoint
ALTER TABLE learning.lesson_activity_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS "learners read their activity, instructors that of their courses, admins all" ON learning.lesson_activity_events;
--> statement-breakpoint
CREATE POLICY "learners read their activity, instructors that of their courses, admins all" ON learning.lesson_activity_events
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR course_id IN (SELECT learning_private.instructor_course_ids()) OR (SELECT public.is_admin()));
--> statement-breakpoint
DROP POLICY IF EXISTS "learners log their own activity in their courses" ON learning.lesson_activity_events;
--> statement-breakpoint
CREATE POLICY "learners log their own activity in their courses" ON learning.lesson_activity_events
  FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()) AND course_id IN (SELECT learning_private.enrolled_course_ids()));
--> statement-breakpoint
REVOKE ALL ON learning.lesson_activity_events FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT ON learning.lesson_activity_events TO authenticated;
--> statement-breakpoint
GRANT ALL ON learning.lesson_activity_events TO service_role;
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
  SELECT c.oid INTO v_existing
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = v_schema AND c.relname = v_name;
  IF v_existing IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = v_existing AND i.inhparent = table_name) THEN
      RETURN format('%I.%I', v_schema, v_name);
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = format('create_monthly_partition: %I.%I exists and is not a partition of %s', v_schema, v_name, table_name);
  END IF;
  BEGIN
    EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)', v_schema, v_name, v_schema, v_table, v_start, v_end);
  EXCEPTION WHEN duplicate_table THEN
    NULL; -- created meanwhile by a concurrent call
  END;
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
CREATE OR REPLACE FUNCTION learning.ensure_monthly_partitions(table_name regclass, months_ahead integer DEFAULT 3)
RETURNS setof text
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  i integer;
BEGIN
  IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL020', MESSAGE = 'ensure_monthly_partitions: months_ahead must be between 0 and 24';
  END IF;
  FOR i IN 0..months_ahead LOOP
    RETURN NEXT learning.create_monthly_partition(table_name, (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date);
  END LOOP;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) IS 'Creates the partitions of the current UTC month and the next months_ahead (default 3) months; returns their names.';
--> statement-breakpoint
SELECT learning.ensure_monthly_partitions('learning.lesson_activity_events'::regclass, 3);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.encrypt_sensitive_data(data text)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_key text;
  v_schema name;
  v_out text;
BEGIN
  IF data IS NULL THEN
    RETURN NULL;
  END IF;
  v_key := nullif(current_setting('learning.encryption_key', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001',
      MESSAGE = 'learning.encryption_key is not set: no encryption key',
      HINT = 'Set it for the transaction only: SELECT set_config(''learning.encryption_key'', <key>, true). The key is never stored in the database.';
  END IF;
  SELECT n.nspname INTO v_schema
    FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
   WHERE x.extname = 'pgcrypto';
  IF v_schema IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001', MESSAGE = 'the pgcrypto extension is not installed';
  END IF;
  EXECUTE format('SELECT pg_catalog.encode(%I.pgp_sym_encrypt($1, $2), ''base64'')', v_schema) INTO v_out USING data, v_key;
  RETURN v_out;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.encrypt_sensitive_data(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.encrypt_sensitive_data(text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.encrypt_sensitive_data(text) IS 'Encrypts with pgp_sym_encrypt using the key in the setting learning.encryption_key (set per transaction; never stored). Returns base64.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.decrypt_sensitive_data(encrypted_data text)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_key text;
  v_schema name;
  v_out text;
BEGIN
  IF encrypted_data IS NULL THEN
    RETURN NULL;
  END IF;
  v_key := nullif(current_setting('learning.encryption_key', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001',
      MESSAGE = 'learning.encryption_key is not set: no encryption key',
      HINT = 'Set it for the transaction only: SELECT set_config(''learning.encryption_key'', <key>, true). The key is never stored in the database.';
  END IF;
  SELECT n.nspname INTO v_schema
    FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
   WHERE x.extname = 'pgcrypto';
  IF v_schema IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001', MESSAGE = 'the pgcrypto extension is not installed';
  END IF;
  BEGIN
    EXECUTE format('SELECT %I.pgp_sym_decrypt(pg_catalog.decode($1, ''base64''), $2)', v_schema) INTO v_out USING encrypted_data, v_key;
  EXCEPTION WHEN external_routine_invocation_exception OR data_exception OR invalid_parameter_value THEN
    RAISE EXCEPTION USING ERRCODE = 'UL002', MESSAGE = 'decrypt_sensitive_data: wrong key or corrupt data';
  END;
  RETURN v_out;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.decrypt_sensitive_data(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.decrypt_sensitive_data(text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.decrypt_sensitive_data(text) IS 'Decrypts what encrypt_sensitive_data returned, with the key in the setting learning.encryption_key.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.database_health_check()
RETURNS json
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_size bigint;
  v_active bigint;
  v_slow bigint;
  v_tables json;
  v_indexes json;
BEGIN
  BEGIN
    v_size := pg_catalog.pg_database_size(pg_catalog.current_database());
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_size := NULL;
  END;
  BEGIN
    SELECT count(*) FILTER (WHERE a.state = 'active'),
           count(*) FILTER (WHERE a.state = 'active' AND a.query_start < now() - interval '30 seconds')
      INTO v_active, v_slow
      FROM pg_catalog.pg_stat_activity a
     WHERE a.datname = pg_catalog.current_database();
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_active := NULL; v_slow := NULL;
  END;
  BEGIN
    SELECT json_object_agg(format('%I.%I', t.schemaname, t.tablename), pg_catalog.pg_total_relation_size(format('%I.%I', t.schemaname, t.tablename)::regclass))
      INTO v_tables
      FROM pg_catalog.pg_tables t
     WHERE t.schemaname = 'learning';
    v_tables := coalesce(v_tables, '{}'::json);
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_tables := NULL;
  END;
  BEGIN
    SELECT json_object_agg(format('%I.%I', s.schemaname, s.relname), round(100.0 * s.idx_scan / (s.seq_scan + s.idx_scan), 2))
      INTO v_indexes
      FROM pg_catalog.pg_stat_user_tables s
     WHERE s.schemaname = 'learning' AND coalesce(s.seq_scan, 0) + coalesce(s.idx_scan, 0) > 0;
    v_indexes := coalesce(v_indexes, '{}'::json);
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_indexes := NULL;
  END;
  RETURN json_build_object(
    'timestamp', now(),
    'database_size', v_size,
    'active_connections', v_active,
    'slow_queries', v_slow,
    'table_sizes', v_tables,
    'index_usage', v_indexes
  );
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.database_health_check() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.database_health_check() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.database_health_check() IS 'Database size, active and slow (>30 s) queries, sizes of the learning tables, index usage per learning table; null where unavailable.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.quiz_answer_matches(question_type text, correct_answer jsonb, response jsonb)
RETURNS boolean
LANGUAGE sql
IMMUTABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT CASE
  WHEN $3 IS NULL OR $2 IS NULL OR jsonb_typeof($3) = 'null' THEN false
  WHEN $1 = 'short_answer' THEN
    jsonb_typeof($3) IN ('string', 'number') AND lower(btrim($3 #>> '{}')) IN (
      SELECT lower(btrim(x)) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof($2) = 'array' THEN $2 ELSE jsonb_build_array($2) END) AS x)
  ELSE
    (SELECT jsonb_agg(DISTINCT x ORDER BY x) FROM jsonb_array_elements(CASE WHEN jsonb_typeof($2) = 'array' THEN $2 ELSE jsonb_build_array($2) END) AS x)
    IS NOT DISTINCT FROM
    (SELECT jsonb_agg(DISTINCT x ORDER BY x) FROM jsonb_array_elements(CASE WHEN jsonb_typeof($3) = 'array' THEN $3 ELSE jsonb_build_array($3) END) AS x)
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.quiz_answer_matches(text, jsonb, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.quiz_answer_matches(text, jsonb, jsonb) TO authenticated, service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.lock_quiz_for_attempt(p_quiz_id uuid, p_user_id uuid)
RETURNS learning.course_quizzes
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_role text := coalesce(nullif(current_setting('role', true), ''), 'none');
  v_quiz learning.course_quizzes;
BEGIN
  IF p_quiz_id IS NULL OR p_user_id IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL020', COLUMN = 'quiz_id', MESSAGE = 'quiz_id and user_id are required';
  END IF;
  IF v_role NOT IN ('service_role', 'none') AND p_user_id IS DISTINCT FROM (SELECT auth.uid()) THEN
    RAISE EXCEPTION USING ERRCODE = 'UL010', COLUMN = 'user_id', MESSAGE = 'a learner takes quizzes only as themselves';
  END IF;
  SELECT q.* INTO v_quiz FROM learning.course_quizzes q WHERE q.id = p_quiz_id AND q.is_active;
  IF v_quiz.id IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL011', COLUMN = 'quiz_id', MESSAGE = 'no active quiz with this id';
  END IF;
  PERFORM 1 FROM learning.enrollments e
   WHERE e.user_id = p_user_id AND e.course_id = v_quiz.course_id AND e.status = 'active'
     FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UL012', COLUMN = 'user_id', MESSAGE = 'the user is not actively enrolled in the course of this quiz';
  END IF;
  RETURN v_quiz;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.lock_quiz_for_attempt(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.open_quiz_attempt(p_quiz learning.course_quizzes, p_user_id uuid)
RETURNS learning.quiz_attempts
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_used integer;
  v_last integer;
  v_attempt learning.quiz_attempts;
BEGIN
  SELECT count(*), coalesce(max(a.attempt_number), 0) INTO v_used, v_last
    FROM learning.quiz_attempts a WHERE a.quiz_id = (p_quiz).id AND a.user_id = p_user_id;
  IF (p_quiz).attempts_allowed IS NOT NULL AND v_used >= (p_quiz).attempts_allowed THEN
    RAISE EXCEPTION USING ERRCODE = 'UL013', COLUMN = 'quiz_id',
      MESSAGE = format('all %s allowed attempts are used', (p_quiz).attempts_allowed);
  END IF;
  INSERT INTO learning.quiz_attempts (quiz_id, user_id, attempt_number)
  VALUES ((p_quiz).id, p_user_id, v_last + 1)
  RETURNING * INTO v_attempt;
  RETURN v_attempt;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.open_quiz_attempt(learning.course_quizzes, uuid) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.start_quiz_attempt(quiz_id uuid, user_id uuid)
RETURNS learning.quiz_attempts
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_quiz learning.course_quizzes;
  v_attempt learning.quiz_attempts;
BEGIN
  v_quiz := learning.lock_quiz_for_attempt($1, $2);
  SELECT a.* INTO v_attempt
    FROM learning.quiz_attempts a
   WHERE a.quiz_id = $1 AND a.user_id = $2 AND a.completed_at IS NULL
   ORDER BY a.attempt_number DESC
   LIMIT 1;
  IF v_attempt.id IS NOT NULL AND (v_quiz.time_limit IS NULL OR now() <= v_attempt.started_at + make_interval(mins => v_quiz.time_limit)) THEN
    RETURN v_attempt;
  END IF;
  RETURN learning.open_quiz_attempt(v_quiz, $2);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.start_quiz_attempt(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.start_quiz_attempt(uuid, uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.start_quiz_attempt(uuid, uuid) IS 'Starts or resumes an attempt at a quiz (the time limit counts from started_at).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.submit_quiz_attempt(quiz_id uuid, user_id uuid, responses jsonb)
RETURNS learning.quiz_attempts
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_quiz learning.course_quizzes;
  v_attempt learning.quiz_attempts;
  v_unknown text;
  v_questions integer;
  v_score numeric;
  v_max numeric;
  v_pct numeric(5, 2);
BEGIN
  -- Who may submit, whether the quiz is open to them; locks their enrollment (one attempt at a time).
  v_quiz := learning.lock_quiz_for_attempt($1, $2);

  IF $3 IS NULL OR jsonb_typeof($3) <> 'object' THEN
    RAISE EXCEPTION USING ERRCODE = 'UL015', COLUMN = 'responses',
      MESSAGE = 'responses must be a JSON object keyed by question id';
  END IF;
  SELECT k INTO v_unknown
    FROM jsonb_object_keys($3) AS k
   WHERE NOT EXISTS (SELECT 1 FROM learning.quiz_questions q WHERE q.quiz_id = $1 AND q.id::text = k)
   LIMIT 1;
  IF v_unknown IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL015', COLUMN = 'responses',
      MESSAGE = format('responses: %s is not a question of this quiz', v_unknown);
  END IF;

  SELECT count(*) INTO v_questions FROM learning.quiz_questions q WHERE q.quiz_id = $1;
  IF v_questions = 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL016', COLUMN = 'quiz_id', MESSAGE = 'the quiz has no questions';
  END IF;

  -- The attempt: the open one (started with start_quiz_attempt), else a new one starting now.
  SELECT a.* INTO v_attempt
    FROM learning.quiz_attempts a
   WHERE a.quiz_id = $1 AND a.user_id = $2 AND a.completed_at IS NULL
   ORDER BY a.attempt_number DESC
   LIMIT 1;
  IF v_attempt.id IS NULL THEN
    v_attempt := learning.open_quiz_attempt(v_quiz, $2);
  ELSIF v_quiz.time_limit IS NOT NULL AND now() > v_attempt.started_at + make_interval(mins => v_quiz.time_limit) THEN
    RAISE EXCEPTION USING ERRCODE = 'UL014', COLUMN = 'responses',
      MESSAGE = format('the time limit of %s minutes of attempt %s has passed', v_quiz.time_limit, v_attempt.attempt_number);
  END IF;

  -- Score the automatically scored questions; essays wait for a person and are left out of max_score.
  SELECT coalesce(sum(q.points) FILTER (WHERE learning.quiz_answer_matches(q.question_type, q.correct_answer, $3 -> q.id::text)), 0),
         coalesce(sum(q.points), 0)
    INTO v_score, v_max
    FROM learning.quiz_questions q
   WHERE q.quiz_id = $1 AND q.question_type IN ('multiple_choice', 'true_false', 'short_answer');
  v_pct := CASE WHEN v_max > 0 THEN round(100 * v_score / v_max, 2) ELSE 0 END;

  UPDATE learning.quiz_attempts a
     SET completed_at = now(),
         time_taken = greatest(extract(epoch FROM now() - a.started_at), 0)::integer,
         score = v_score,
         max_score = v_max,
         percentage = v_pct,
         passed = v_pct >= v_quiz.passing_score,
         responses = $3
   WHERE a.id = v_attempt.id
  RETURNING a.* INTO v_attempt;
  RETURN v_attempt;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) IS 'Scores and completes a quiz attempt; refuses past attempts_allowed or after time_limit; passed by passing_score.';
--> statement-breakpoint
DO $cron$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' USING 'learning-refresh-course-stats', '0 */4 * * *', $cmd$SELECT learning.refresh_course_statistics()$cmd$;
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' USING 'learning-activity-partitions', '0 3 * * *', $cmd$SELECT learning.ensure_monthly_partitions('learning.lesson_activity_events'::regclass, 3)$cmd$;
  END IF;
END
$cron$;
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

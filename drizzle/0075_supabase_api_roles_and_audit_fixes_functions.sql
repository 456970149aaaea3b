-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function learning.count_course_enrollments()
-- new: trigger enrollments_count_courses_insert on learning.enrollments
-- new: trigger enrollments_count_courses_delete on learning.enrollments
-- new: function learning.refresh_course_progress()
-- new: trigger course_lessons_refresh_progress_insert on learning.course_lessons
-- new: trigger course_lessons_refresh_progress_delete on learning.course_lessons
-- new: function wolo.qr_codes_issue_check()
-- new: trigger qr_codes_issue_check on wolo.qr_codes
-- changed: function public.set_updated_at()
-- changed: function crm.customers_stage_guard()
-- changed: function crm.messages_opt_out_guard()
-- changed: function crm.messages_track_conversation()
-- changed: function public.unified_touch_updated_at()
-- changed: grants on unified tables
-- changed: function public.refresh_dashboard_views()
-- changed: function public.sync_profile_merge(jsonb, jsonb)
-- changed: function public.sync_profile_data(jsonb, jsonb, boolean)
-- changed: function public.calculate_enrollment_metrics(date, date, uuid, text)
-- changed: function public.update_revenue_metrics()
-- changed: function public.handle_transactions_inserted()
-- changed: function public.handle_transactions_updated()
-- changed: function public.mark_dashboard_caches_stale()
-- changed: function public.log_profile_update()
-- changed: function public.marketing_source_rollup_apply(uuid[], timestamptz[])
-- changed: function public.transactions_rollups()
-- changed: function public.enrollments_rollups()
-- changed: function public.unified_profiles_rollups()
-- changed: function public.leads_rollups()
-- changed: function public.rebuild_dashboard_rollups()
-- changed: function public.dashboard_rollups_on_truncate()
-- changed: initial build of the dashboard rollups
-- changed: function ingest.product_for(text)
-- changed: function ingest.wait_for_prepare()
-- changed: function ingest.staging_select_list(text, jsonb)
-- changed: function ingest.dress_staging_table(text, boolean)
-- changed: function ingest.create_staging_tables()
-- changed: function public.validate_and_prepare_clean_data()
-- changed: function ingest.cutover_checkpoint(text)
-- changed: function ingest.require_table(text, text, text, text)
-- changed: function ingest.raise_listed(text[], text, text, text)
-- changed: function ingest.table_checksum(regclass)
-- changed: function ingest.outside_dependents(regclass[], boolean)
-- changed: function ingest.structure_differences(regclass, regclass)
-- changed: function ingest.restore_acl(regclass, aclitem[])
-- changed: function ingest.swap_production_tables(text[], text, text, text, text, boolean)
-- changed: function ingest.refresh_after_swap(jsonb, boolean)
-- changed: function ingest.lock_production(text[])
-- changed: function ingest.cutover_attempt(numeric, boolean, boolean, boolean)
-- changed: function public.launch_clean_production(numeric, boolean, integer, integer, boolean, boolean)
-- changed: function ingest.rollback_attempt(text, boolean)
-- changed: function public.rollback_migration(text, integer, integer, boolean)
-- changed: function ingest.lock_backup(text, boolean)
-- changed: function ingest.seal_backup(text)
-- changed: function ingest.drop_backup(text)
-- changed: function learning.prepare_lesson_progress()
-- changed: function learning.update_course_stats()
-- changed: trigger trigger_update_course_stats on learning.enrollments
-- changed: function learning.update_user_last_access()
-- changed: function learning.course_progress(uuid, uuid)
-- changed: function learning.calculate_course_progress()
-- changed: function learning.update_course_rating()
-- changed: function learning.refresh_course_statistics()
-- changed: function learning.get_user_dashboard(uuid)
-- changed: function learning.get_course_recommendations(uuid, integer)
-- changed: function learning.create_monthly_partition(regclass, date)
-- changed: function learning.ensure_monthly_partitions(regclass, integer)
-- changed: function learning.encrypt_sensitive_data(text)
-- changed: function learning.decrypt_sensitive_data(text)
-- changed: function learning.database_health_check()
-- changed: function learning.quiz_answer_matches(text, jsonb, jsonb)
-- changed: function learning.lock_quiz_for_attempt(uuid, uuid)
-- changed: function learning.open_quiz_attempt(learning.course_quizzes, uuid)
-- changed: function learning.start_quiz_attempt(uuid, uuid)
-- changed: function learning.submit_quiz_attempt(uuid, uuid, jsonb)
-- changed: function wolo.refuse(text, text, text, text)
-- changed: function wolo.profiles_minor_guardian()
-- changed: function wolo.pots_lifecycle()
-- changed: function wolo.donations_guard()
-- changed: function wolo.refunds_guard()
-- changed: function wolo.pot_totals_refresh()
-- changed: function wolo.refund_pot_totals_refresh()
-- changed: function wolo.points_ledger_guard()
-- changed: function wolo.process_wave_webhook(jsonb)
-- changed: function wolo.refund_donation(uuid, integer, text, uuid)
-- changed: function wolo.redeem_qr(text, uuid, jsonb)
-- changed: function wolo.require_user(uuid, text, text)
-- changed: function wolo.send_invitation(uuid, text, text, text, text)
-- changed: function wolo.accept_referral(text, uuid)
-- changed: function wolo.mature_points(timestamptz)
-- changed: function wolo.points_balance(uuid)
-- changed: function wolo.convert_points(uuid, integer, uuid)
-- changed: function wolo.open_due_pots(timestamptz)
-- changed: function wolo.enqueue_notification(uuid, text, text, jsonb, timestamptz)
-- changed: function wolo.claim_notifications(integer)
-- changed: function wolo.record_notification_result(uuid, boolean, text, text)
-- changed: function wolo.feature_enabled(text, uuid, text)
-- changed: function wolo.system_config_validate()
-- changed: function wolo.audit_row_change()
-- changed: function wolo.compute_partner_settlement(uuid, date, date)
-- changed: function wolo.partner_settlements_no_overlap()
-- changed: function wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz)
-- changed: function wolo.compute_daily_metrics(date)
-- changed: function wolo.purge_expired_data(timestamptz, integer)
-- changed: function wolo.set_id_number(uuid, text)
-- changed: function wolo.read_id_number(uuid)
-- changed: function wolo.export_user_data(uuid)
-- changed: function wolo.forget_user(uuid)
-- changed: function subjects.subject_lookup(uuid, text, text)
-- changed: function subjects.mentions(text, text[])
-- changed: function subjects.redact(text, text[])
-- changed: function subjects.resolve_subject(uuid, text, text)
-- changed: function subjects.record_run(text, text, boolean, jsonb, bigint)
-- changed: function subjects.export_document(jsonb)
-- changed: function subjects.export_subject(uuid, text, text)
-- changed: function subjects.erase_subject(uuid, text, text, boolean)
-- changed: function subjects.record_refused_erasure(uuid, text, text, boolean, text, text, text)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.set_updated_at()
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
REVOKE ALL ON FUNCTION public.set_updated_at() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.set_updated_at() IS 'Trigger: keeps updated_at current (unless the update sets it); crm and wolo tables.';
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
REVOKE ALL ON FUNCTION crm.customers_stage_guard() FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION crm.messages_opt_out_guard() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION crm.messages_opt_out_guard() IS 'Trigger: refuses outbound messages to opted-out conversations.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION crm.messages_track_conversation()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  keyword text;
  opt_out boolean := false;
  opt_in boolean := false;
BEGIN
  IF NEW.direction = 'inbound' THEN
    keyword := pg_catalog.upper(pg_catalog.regexp_replace(NEW.content, '[^[:alnum:]]', '', 'g'));
    opt_out := keyword = ANY (ARRAY['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
    opt_in := keyword = ANY (ARRAY['START', 'UNSTOP']);
  END IF;
  UPDATE crm.conversations c SET
    message_count = c.message_count + 1,
    last_message_at = GREATEST(c.last_message_at, NEW.sent_at),
    last_inbound_at = CASE WHEN NEW.direction = 'inbound' THEN GREATEST(c.last_inbound_at, NEW.sent_at) ELSE c.last_inbound_at END,
    last_outbound_at = CASE WHEN NEW.direction = 'outbound' THEN GREATEST(c.last_outbound_at, NEW.sent_at) ELSE c.last_outbound_at END,
    opted_out_at = CASE WHEN opt_out THEN coalesce(c.opted_out_at, NEW.sent_at) WHEN opt_in THEN NULL ELSE c.opted_out_at END,
    opt_out_reason = CASE
      WHEN opt_out AND c.opted_out_at IS NULL THEN pg_catalog.format('inbound keyword %s (message %s)', keyword, NEW.id)
      WHEN opt_out THEN c.opt_out_reason
      WHEN opt_in THEN NULL
      ELSE c.opt_out_reason END,
    status = CASE
      WHEN opt_out THEN 'archived'::crm.conversation_status
      WHEN opt_in AND c.opted_out_at IS NOT NULL THEN 'active'::crm.conversation_status
      ELSE c.status END
  WHERE c.brand_id = NEW.brand_id AND c.id = NEW.conversation_id;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION crm.messages_track_conversation() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION crm.messages_track_conversation() IS 'Trigger: maintains conversation message_count and last_*_at; records STOP opt-outs and START opt-ins.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.unified_touch_updated_at()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.unified_touch_updated_at() FROM PUBLIC, anon, authenticated, service_role;
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
CREATE OR REPLACE FUNCTION public.refresh_dashboard_views()
RETURNS table (view_name text, refreshed_concurrently boolean, duration_ms numeric)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_name text;
  v_started timestamptz;
  v_begin timestamptz := clock_timestamp();
  v_populated boolean;
BEGIN
  FOREACH v_name IN ARRAY ARRAY['monthly_enrollments_mv', 'revenue_analysis_mv', 'marketing_source_mv'] LOOP
    v_started := clock_timestamp();
    SELECT c.relispopulated INTO v_populated FROM pg_catalog.pg_class c WHERE c.oid = ('public.' || v_name)::regclass;
    IF v_populated THEN
      EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY public.%I', v_name);
    ELSE
      EXECUTE format('REFRESH MATERIALIZED VIEW public.%I', v_name);
    END IF;
    view_name := v_name;
    refreshed_concurrently := v_populated;
    duration_ms := round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1);
    RETURN NEXT;
  END LOOP;
  UPDATE public.dashboard_cache_status s
     SET is_stale = false, stale_since = NULL, refreshed_at = now()
   WHERE s.cache_name = 'dashboard_views' AND (s.stale_since IS NULL OR s.stale_since <= v_begin);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.refresh_dashboard_views() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.refresh_dashboard_views() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.refresh_dashboard_views() IS 'Refreshes monthly_enrollments_mv, revenue_analysis_mv and marketing_source_mv (CONCURRENTLY once populated).';
--> statement-breakpoint
ALTER FUNCTION public.refresh_dashboard_views() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.sync_profile_merge(contacts jsonb, payments jsonb)
RETURNS table (
  email text,
  has_contact boolean,
  first_name text,
  last_name text,
  phone text,
  tags text[],
  systemeio_id text,
  acquisition_source text,
  contact_created_at timestamptz,
  has_payment boolean,
  payment_first_name text,
  payment_last_name text,
  payment_phone text,
  first_paid_at timestamptz
)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
WITH c AS (
  SELECT DISTINCT ON (lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))))
    lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) AS email,
    coalesce(nullif(btrim(e.v->>'first_name'), ''), nullif(btrim(e.v#>>'{customer,first_name}'), ''), nullif(btrim(e.v->>'firstName'), ''), nullif(btrim(e.v#>>'{customer,firstName}'), ''), nullif(btrim(e.v->>'given_names'), ''), nullif(btrim(e.v#>>'{customer,given_names}'), '')) AS first_name,
    coalesce(nullif(btrim(e.v->>'last_name'), ''), nullif(btrim(e.v#>>'{customer,last_name}'), ''), nullif(btrim(e.v->>'lastName'), ''), nullif(btrim(e.v#>>'{customer,lastName}'), ''), nullif(btrim(e.v->>'surname'), ''), nullif(btrim(e.v#>>'{customer,surname}'), '')) AS last_name,
    (SELECT CASE WHEN x ~ '^\+?[0-9]{7,15}$' THEN x END FROM (SELECT regexp_replace(coalesce(nullif(btrim(e.v->>'phone'), ''), nullif(btrim(e.v#>>'{customer,phone}'), ''), nullif(btrim(e.v->>'phone_number'), ''), nullif(btrim(e.v#>>'{customer,phone_number}'), ''), nullif(btrim(e.v->>'mobile_number'), ''), nullif(btrim(e.v#>>'{customer,mobile_number}'), '')), '[[:space:]().-]', '', 'g') AS x) AS ph) AS phone,
    CASE jsonb_typeof(e.v->'tags')
      WHEN 'array' THEN ARRAY(
        SELECT DISTINCT btrim(coalesce(x->>'name', x#>>'{}')) FROM jsonb_array_elements(e.v->'tags') AS x
        WHERE btrim(coalesce(x->>'name', x#>>'{}')) <> '' ORDER BY 1)
      WHEN 'string' THEN ARRAY(SELECT DISTINCT btrim(x) FROM unnest(string_to_array(e.v->>'tags', ',')) AS x WHERE btrim(x) <> '' ORDER BY 1)
    END AS tags,
    coalesce(nullif(btrim(e.v->>'systemeio_id'), ''), nullif(btrim(e.v->>'systemeioId'), ''), nullif(btrim(e.v->>'id'), '')) AS systemeio_id,
    coalesce(nullif(btrim(e.v->>'acquisition_source'), ''), nullif(btrim(e.v->>'acquisitionSource'), ''), nullif(btrim(e.v->>'source'), '')) AS acquisition_source,
    (coalesce(nullif(btrim(e.v->>'created_at'), ''), nullif(btrim(e.v->>'createdAt'), ''), nullif(btrim(e.v->>'registered_at'), '')))::timestamptz AS created_at
  FROM jsonb_array_elements(coalesce(contacts, '[]'::jsonb)) WITH ORDINALITY AS e(v, ord)
  ORDER BY lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))), e.ord DESC
), p_all AS (
  SELECT lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) AS email, e.ord,
    coalesce(nullif(btrim(e.v->>'first_name'), ''), nullif(btrim(e.v#>>'{customer,first_name}'), ''), nullif(btrim(e.v->>'firstName'), ''), nullif(btrim(e.v#>>'{customer,firstName}'), ''), nullif(btrim(e.v->>'given_names'), ''), nullif(btrim(e.v#>>'{customer,given_names}'), '')) AS first_name,
    coalesce(nullif(btrim(e.v->>'last_name'), ''), nullif(btrim(e.v#>>'{customer,last_name}'), ''), nullif(btrim(e.v->>'lastName'), ''), nullif(btrim(e.v#>>'{customer,lastName}'), ''), nullif(btrim(e.v->>'surname'), ''), nullif(btrim(e.v#>>'{customer,surname}'), '')) AS last_name,
    (SELECT CASE WHEN x ~ '^\+?[0-9]{7,15}$' THEN x END FROM (SELECT regexp_replace(coalesce(nullif(btrim(e.v->>'phone'), ''), nullif(btrim(e.v#>>'{customer,phone}'), ''), nullif(btrim(e.v->>'phone_number'), ''), nullif(btrim(e.v#>>'{customer,phone_number}'), ''), nullif(btrim(e.v->>'mobile_number'), ''), nullif(btrim(e.v#>>'{customer,mobile_number}'), '')), '[[:space:]().-]', '', 'g') AS x) AS ph) AS phone,
    coalesce((coalesce(nullif(btrim(e.v->>'paid_at'), ''), nullif(btrim(e.v->>'paidAt'), '')))::timestamptz, (coalesce(nullif(btrim(e.v->>'created_at'), ''), nullif(btrim(e.v->>'createdAt'), ''), nullif(btrim(e.v->>'registered_at'), '')))::timestamptz) AS paid_at
  FROM jsonb_array_elements(coalesce(payments, '[]'::jsonb)) WITH ORDINALITY AS e(v, ord)
  WHERE coalesce(lower(coalesce(nullif(btrim(e.v->>'status'), ''))), 'paid') IN ('paid', 'settled')
), p AS (
  SELECT DISTINCT ON (pa.email) pa.email, pa.first_name, pa.last_name, pa.phone,
         min(pa.paid_at) OVER (PARTITION BY pa.email) AS first_paid_at
  FROM p_all pa
  ORDER BY pa.email, pa.ord DESC
)
SELECT coalesce(c.email, p.email), c.email IS NOT NULL, c.first_name, c.last_name, c.phone, c.tags,
       c.systemeio_id, c.acquisition_source, c.created_at,
       p.email IS NOT NULL, p.first_name, p.last_name, p.phone, p.first_paid_at
FROM c
FULL JOIN p ON p.email = c.email
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.sync_profile_merge(jsonb, jsonb) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) IS 'Merges Systeme.io contacts and Xendit payments (jsonb arrays) into unified_profiles by email; returns counts.';
--> statement-breakpoint
ALTER FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.calculate_enrollment_metrics(p_start date, p_end date, p_course_id uuid DEFAULT NULL, p_granularity text DEFAULT 'month')
RETURNS table (
  period_start date,
  period_end date,
  course_id uuid,
  new_enrollments integer,
  active_enrollments integer,
  refunded_enrollments integer,
  unique_students integer,
  cumulative_enrollments integer
)
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_tz text := public.business_time_zone();
  v_step interval;
  v_first timestamp;
  v_periods bigint;
BEGIN
  IF p_start IS NULL OR p_end IS NULL THEN
    RAISE EXCEPTION 'calculate_enrollment_metrics: p_start and p_end are required' USING ERRCODE = '22023';
  END IF;
  IF p_end < p_start THEN
    RAISE EXCEPTION 'calculate_enrollment_metrics: p_end (%) is before p_start (%)', p_end, p_start USING ERRCODE = '22023';
  END IF;
  -- 'Day', ' monthly ' and the like are read as day / week / month.
  p_granularity := CASE lower(btrim(p_granularity))
    WHEN 'daily' THEN 'day' WHEN 'weekly' THEN 'week' WHEN 'monthly' THEN 'month'
    ELSE lower(btrim(p_granularity)) END;
  IF p_granularity IS NULL OR p_granularity NOT IN ('day', 'week', 'month') THEN
    RAISE EXCEPTION 'calculate_enrollment_metrics: p_granularity must be one of day, week, month, got %', coalesce(p_granularity, 'NULL')
      USING ERRCODE = '22023';
  END IF;
  v_step := ('1 ' || p_granularity)::interval;
  v_first := date_trunc(p_granularity, p_start::timestamp);
  v_periods := CASE p_granularity
    WHEN 'day' THEN p_end - p_start + 1
    WHEN 'week' THEN (p_end - v_first::date) / 7 + 1
    ELSE (extract(year FROM p_end) - extract(year FROM v_first)) * 12 + extract(month FROM p_end) - extract(month FROM v_first) + 1 END;
  IF v_periods > 10000 THEN
    RAISE EXCEPTION 'calculate_enrollment_metrics: % % periods requested, at most 10000', v_periods, p_granularity USING ERRCODE = '22023';
  END IF;
  RETURN QUERY
  WITH periods AS (
    SELECT gs::date AS period_start, (gs + v_step)::date AS period_end
    FROM generate_series(v_first, p_end::timestamp, v_step) AS gs
  ), e AS (
    SELECT date_trunc(p_granularity, en.enrolled_at AT TIME ZONE v_tz)::date AS bucket, en.status, en.user_id
    FROM public.enrollments en
    WHERE (p_course_id IS NULL OR en.course_id = p_course_id)
      AND en.enrolled_at >= (p_start::timestamp AT TIME ZONE v_tz)
      AND en.enrolled_at < ((p_end + 1)::timestamp AT TIME ZONE v_tz)
  ), agg AS (
    SELECT e.bucket,
           count(*)::int AS n,
           (count(*) FILTER (WHERE e.status = 'active'))::int AS active,
           (count(*) FILTER (WHERE e.status = 'refunded'))::int AS refunded,
           count(DISTINCT e.user_id)::int AS students
    FROM e
    GROUP BY e.bucket
  )
  SELECT p.period_start, p.period_end, p_course_id,
         coalesce(a.n, 0), coalesce(a.active, 0), coalesce(a.refunded, 0), coalesce(a.students, 0),
         (sum(coalesce(a.n, 0)) OVER (ORDER BY p.period_start))::int
  FROM periods p
  LEFT JOIN agg a ON a.bucket = p.period_start
  ORDER BY p.period_start;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.calculate_enrollment_metrics(date, date, uuid, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.calculate_enrollment_metrics(date, date, uuid, text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.calculate_enrollment_metrics(date, date, uuid, text) IS 'Enrollment metrics per day/week/month (business time zone) for a date range and an optional course.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.update_revenue_metrics()
RETURNS setof public.revenue_metrics
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_tz text := public.business_time_zone();
  v_begin timestamptz := clock_timestamp();
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('public.update_revenue_metrics'));
  DELETE FROM public.revenue_metrics;
  INSERT INTO public.revenue_metrics (
    period_start, product, currency, revenue, transaction_count, average_value, paying_customers,
    previous_revenue, revenue_change, revenue_change_pct, previous_transaction_count, transaction_count_change,
    previous_average_value, computed_at)
  WITH paid AS (
    SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE v_tz)::date AS month,
           t.transaction_type, t.currency, t.amount,
           coalesce(t.user_id::text, lower(t.contact_email)) AS customer
    FROM public.transactions t
    WHERE t.status IN ('paid', 'settled')
  ), agg AS (
    SELECT month,
           CASE WHEN grouping(transaction_type) = 1 THEN 'all' ELSE transaction_type END AS product,
           currency,
           sum(amount) AS revenue,
           count(*)::int AS n,
           count(DISTINCT customer)::int AS customers
    FROM paid
    GROUP BY GROUPING SETS ((month, transaction_type, currency), (month, currency))
  ), series AS (
    SELECT product, currency, min(month) AS first_month FROM agg GROUP BY product, currency
  ), dense AS (
    SELECT s.product, s.currency, m.month::date AS month,
           coalesce(a.revenue, 0) AS revenue, coalesce(a.n, 0) AS n, coalesce(a.customers, 0) AS customers
    FROM series s
    CROSS JOIN LATERAL generate_series(
      s.first_month::timestamp,
      greatest(s.first_month, date_trunc('month', now() AT TIME ZONE v_tz)::date, (SELECT max(month) FROM agg))::timestamp,
      interval '1 month') AS m(month)
    LEFT JOIN agg a ON a.product = s.product AND a.currency = s.currency AND a.month = m.month::date
  ), w AS (
    SELECT d.*,
           CASE WHEN d.n > 0 THEN round(d.revenue / d.n, 2) END AS avg_value,
           lag(d.revenue, 1, 0::numeric) OVER win AS prev_revenue,
           lag(d.n, 1, 0) OVER win AS prev_n,
           lag(CASE WHEN d.n > 0 THEN round(d.revenue / d.n, 2) END) OVER win AS prev_avg
    FROM dense d
    WINDOW win AS (PARTITION BY d.product, d.currency ORDER BY d.month)
  )
  SELECT month, product, currency, revenue, n, avg_value, customers,
         prev_revenue, revenue - prev_revenue,
         CASE WHEN prev_revenue = 0 THEN NULL ELSE round(100 * (revenue - prev_revenue) / prev_revenue, 2) END,
         prev_n, n - prev_n, prev_avg, now()
  FROM w;
  UPDATE public.dashboard_cache_status s
     SET is_stale = false, stale_since = NULL, refreshed_at = now()
   WHERE s.cache_name = 'revenue_metrics' AND (s.stale_since IS NULL OR s.stale_since <= v_begin);
  RETURN QUERY SELECT * FROM public.revenue_metrics r ORDER BY r.product, r.currency, r.period_start;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.update_revenue_metrics() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.update_revenue_metrics() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.update_revenue_metrics() IS 'Recomputes the revenue KPI cache (revenue_metrics) with previous-month values and changes.';
--> statement-breakpoint
ALTER FUNCTION public.update_revenue_metrics() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.handle_transactions_inserted()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_notify boolean := coalesce(nullif(current_setting('unified.suppress_notifications', true), ''), 'off') <> 'on';
  v_enrolled uuid[];      -- the transactions that created an enrollment
  v_enrollments uuid[];   -- and those enrollments, in the same order
  v_courses uuid[];
  v_refunded uuid[];      -- the transaction of each enrollment a refund ended
BEGIN
  -- The rows subquery is the statement's rows (new_rows; for an UPDATE joined to old_rows by id), each with
  -- what it asks for: `received` (it became paid: notify), `enroll` (it became paid, or a paid row
  -- got a user: enroll its buyer), `refund` (it became refunded: end its enrollments), and `pos`,
  -- its place in the statement (an INSERT's row order; an UPDATE's refunds first, then by created_at, id).
  -- Each step runs only when some row needs it: a statement fires the statement triggers of the
  -- table it writes (enrollments' rollups and stale flag) even when it writes no row.
  IF NOT EXISTS (SELECT 1 FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AS received, r.status IN ('paid', 'settled') AS enroll, r.status = 'refunded' AS refund,
         row_number() OVER () AS pos
    FROM new_rows r) r WHERE r.received OR r.enroll OR r.refund) THEN
    RETURN NULL;
  END IF;
  -- Refunds first: a statement refunding a buyer's payment and paying another for the same course
  -- leaves the buyer enrolled by the new one, whatever order its rows come in.
  IF EXISTS (SELECT 1 FROM public.enrollments e
              WHERE e.transaction_id IN (SELECT r.id FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AS received, r.status IN ('paid', 'settled') AS enroll, r.status = 'refunded' AS refund,
         row_number() OVER () AS pos
    FROM new_rows r) r WHERE r.refund) AND e.status IN ('active', 'pending')) THEN
    WITH x AS (
      UPDATE public.enrollments e
         SET status = 'refunded',
             metadata = e.metadata || jsonb_build_object('refunded_at', now(), 'refunded_by_transaction', e.transaction_id)
       WHERE e.transaction_id IN (SELECT r.id FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AS received, r.status IN ('paid', 'settled') AS enroll, r.status = 'refunded' AS refund,
         row_number() OVER () AS pos
    FROM new_rows r) r WHERE r.refund) AND e.status IN ('active', 'pending')
      RETURNING e.transaction_id
    )
    SELECT array_agg(x.transaction_id) INTO v_refunded FROM x;
  END IF;
  IF EXISTS (SELECT 1 FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AS received, r.status IN ('paid', 'settled') AS enroll, r.status = 'refunded' AS refund,
         row_number() OVER () AS pos
    FROM new_rows r) r JOIN public.courses c ON c.transaction_type = r.transaction_type
              WHERE r.enroll AND EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = r.user_id)) THEN
    -- The buyers' profiles are locked first (FOR KEY SHARE, in id order), so none can be deleted
    -- until this commits. A profile whose deletion is under way is waited for; once that commits,
    -- the lock skips the row, and the statements below see the buyer without a profile: the
    -- enrollment is skipped (enrollment_skipped) instead of the INSERT failing on its foreign key.
    PERFORM 1 FROM public.unified_profiles up
      WHERE up.id IN (SELECT r.user_id FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AS received, r.status IN ('paid', 'settled') AS enroll, r.status = 'refunded' AS refund,
         row_number() OVER () AS pos
    FROM new_rows r) r WHERE r.enroll)
      ORDER BY up.id
      FOR KEY SHARE OF up;
    -- The first of the statement's payments per buyer and course enrolls (ON CONFLICT on the
    -- one-active-enrollment index: a buyer already enrolled stays as they are). The rows go in
    -- sorted by key, so concurrent statements take the enrollment keys in one order.
    WITH n AS (
      SELECT r.id, r.user_id, r.transaction_type, r.external_id, coalesce(r.paid_at, r.settled_at, now()) AS enrolled_at, r.pos
        FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AS received, r.status IN ('paid', 'settled') AS enroll, r.status = 'refunded' AS refund,
         row_number() OVER () AS pos
    FROM new_rows r) r
       WHERE r.enroll
    ), e AS (
      INSERT INTO public.enrollments (user_id, course_id, transaction_id, status, enrolled_at, metadata)
      SELECT DISTINCT ON (n.user_id, c.id)
             n.user_id, c.id, n.id, 'active', n.enrolled_at,
             jsonb_build_object('source', 'after_transaction_insert', 'external_id', n.external_id)
        FROM n JOIN public.courses c ON c.transaction_type = n.transaction_type
       WHERE EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = n.user_id)
       ORDER BY n.user_id, c.id, n.pos
      ON CONFLICT (user_id, course_id) WHERE status = 'active' DO NOTHING
      RETURNING id, transaction_id, course_id
    )
    SELECT array_agg(e.transaction_id), array_agg(e.id), array_agg(e.course_id)
      INTO v_enrolled, v_enrollments, v_courses
      FROM e;
  END IF;
  IF NOT v_notify THEN
    RETURN NULL;
  END IF;
  -- The notifications in the rows' order, each row's as one statement per row writes them: its
  -- `payment_received` or `payment_refunded`, then its `enrollment_created` or `enrollment_skipped`.
  WITH n AS MATERIALIZED (
    SELECT r.id, r.user_id, r.received, r.enroll, r.refund, r.amount, r.currency, r.transaction_type, r.external_id, r.pos,
           coalesce(r.contact_email, r.user_id::text, 'an unknown buyer') AS who,
           jsonb_build_object('status', r.status, 'external_id', r.external_id, 'amount', r.amount,
                              'currency', r.currency, 'transaction_type', r.transaction_type) AS payload
      FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AS received, r.status IN ('paid', 'settled') AS enroll, r.status = 'refunded' AS refund,
         row_number() OVER () AS pos
    FROM new_rows r) r
     WHERE r.received OR r.enroll OR r.refund
  ), e AS (
    SELECT * FROM unnest(v_enrolled, v_enrollments, v_courses) AS e(transaction_id, id, course_id)
  ), ended AS (
    SELECT x.transaction_id, count(*)::int AS n FROM unnest(v_refunded) AS x(transaction_id) GROUP BY 1
  )
  INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
  SELECT x.type, x.title, x.message, x.payload, x.transaction_id, x.user_id
    FROM (
      SELECT n.pos, 1 AS step, 'payment_received' AS type, n.transaction_type || ' payment received' AS title,
             format('%s %s paid by %s', n.currency, n.amount, n.who) AS message, n.payload, n.id AS transaction_id, n.user_id
        FROM n WHERE n.received
      UNION ALL
      SELECT n.pos, 2, 'enrollment_skipped', n.transaction_type || ' enrollment not created',
             CASE WHEN n.user_id IS NULL
                  THEN format('Payment by %s has no user_id: link it to a user to enroll them', n.who)
                  ELSE format('User %s has no unified profile yet: create it, then update the transaction', n.user_id) END,
             n.payload || jsonb_build_object('reason', CASE WHEN n.user_id IS NULL THEN 'no_user' ELSE 'no_profile' END),
             n.id, n.user_id
        FROM n JOIN public.courses c ON c.transaction_type = n.transaction_type
       WHERE n.enroll
         AND NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = n.user_id)
      UNION ALL
      SELECT n.pos, 2, 'enrollment_created', n.transaction_type || ' enrollment created',
             format('%s enrolled after payment %s', n.who, coalesce(n.external_id, n.id::text)),
             n.payload || jsonb_build_object('enrollment_id', e.id, 'course_id', e.course_id), n.id, n.user_id
        FROM e JOIN n ON n.id = e.transaction_id
      UNION ALL
      SELECT n.pos, 1, 'payment_refunded', n.transaction_type || ' payment refunded',
             format('%s %s refunded to %s; %s enrollment(s) marked refunded', n.currency, n.amount, n.who, coalesce(ended.n, 0)),
             n.payload || jsonb_build_object('enrollments_refunded', coalesce(ended.n, 0)), n.id, n.user_id
        FROM n LEFT JOIN ended ON ended.transaction_id = n.id
       WHERE n.refund
    ) x
   ORDER BY x.pos, x.step;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.handle_transactions_inserted() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.handle_transactions_inserted() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.handle_transactions_updated()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_notify boolean := coalesce(nullif(current_setting('unified.suppress_notifications', true), ''), 'off') <> 'on';
  v_enrolled uuid[];      -- the transactions that created an enrollment
  v_enrollments uuid[];   -- and those enrollments, in the same order
  v_courses uuid[];
  v_refunded uuid[];      -- the transaction of each enrollment a refund ended
BEGIN
  -- The rows subquery is the statement's rows (new_rows; for an UPDATE joined to old_rows by id), each with
  -- what it asks for: `received` (it became paid: notify), `enroll` (it became paid, or a paid row
  -- got a user: enroll its buyer), `refund` (it became refunded: end its enrollments), and `pos`,
  -- its place in the statement (an INSERT's row order; an UPDATE's refunds first, then by created_at, id).
  -- Each step runs only when some row needs it: a statement fires the statement triggers of the
  -- table it writes (enrollments' rollups and stale flag) even when it writes no row.
  IF NOT EXISTS (SELECT 1 FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AND o.status NOT IN ('paid', 'settled') AS received,
         r.status IN ('paid', 'settled') AND (o.status NOT IN ('paid', 'settled') OR (o.user_id IS DISTINCT FROM r.user_id AND r.user_id IS NOT NULL)) AS enroll,
         r.status = 'refunded' AND o.status <> 'refunded' AS refund,
         row_number() OVER (ORDER BY r.status = 'refunded' AND o.status <> 'refunded' DESC, r.created_at, r.id) AS pos
    FROM new_rows r JOIN old_rows o ON o.id = r.id
   WHERE o.status IS DISTINCT FROM r.status OR o.user_id IS DISTINCT FROM r.user_id) r WHERE r.received OR r.enroll OR r.refund) THEN
    RETURN NULL;
  END IF;
  -- Refunds first: a statement refunding a buyer's payment and paying another for the same course
  -- leaves the buyer enrolled by the new one, whatever order its rows come in.
  IF EXISTS (SELECT 1 FROM public.enrollments e
              WHERE e.transaction_id IN (SELECT r.id FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AND o.status NOT IN ('paid', 'settled') AS received,
         r.status IN ('paid', 'settled') AND (o.status NOT IN ('paid', 'settled') OR (o.user_id IS DISTINCT FROM r.user_id AND r.user_id IS NOT NULL)) AS enroll,
         r.status = 'refunded' AND o.status <> 'refunded' AS refund,
         row_number() OVER (ORDER BY r.status = 'refunded' AND o.status <> 'refunded' DESC, r.created_at, r.id) AS pos
    FROM new_rows r JOIN old_rows o ON o.id = r.id
   WHERE o.status IS DISTINCT FROM r.status OR o.user_id IS DISTINCT FROM r.user_id) r WHERE r.refund) AND e.status IN ('active', 'pending')) THEN
    WITH x AS (
      UPDATE public.enrollments e
         SET status = 'refunded',
             metadata = e.metadata || jsonb_build_object('refunded_at', now(), 'refunded_by_transaction', e.transaction_id)
       WHERE e.transaction_id IN (SELECT r.id FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AND o.status NOT IN ('paid', 'settled') AS received,
         r.status IN ('paid', 'settled') AND (o.status NOT IN ('paid', 'settled') OR (o.user_id IS DISTINCT FROM r.user_id AND r.user_id IS NOT NULL)) AS enroll,
         r.status = 'refunded' AND o.status <> 'refunded' AS refund,
         row_number() OVER (ORDER BY r.status = 'refunded' AND o.status <> 'refunded' DESC, r.created_at, r.id) AS pos
    FROM new_rows r JOIN old_rows o ON o.id = r.id
   WHERE o.status IS DISTINCT FROM r.status OR o.user_id IS DISTINCT FROM r.user_id) r WHERE r.refund) AND e.status IN ('active', 'pending')
      RETURNING e.transaction_id
    )
    SELECT array_agg(x.transaction_id) INTO v_refunded FROM x;
  END IF;
  IF EXISTS (SELECT 1 FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AND o.status NOT IN ('paid', 'settled') AS received,
         r.status IN ('paid', 'settled') AND (o.status NOT IN ('paid', 'settled') OR (o.user_id IS DISTINCT FROM r.user_id AND r.user_id IS NOT NULL)) AS enroll,
         r.status = 'refunded' AND o.status <> 'refunded' AS refund,
         row_number() OVER (ORDER BY r.status = 'refunded' AND o.status <> 'refunded' DESC, r.created_at, r.id) AS pos
    FROM new_rows r JOIN old_rows o ON o.id = r.id
   WHERE o.status IS DISTINCT FROM r.status OR o.user_id IS DISTINCT FROM r.user_id) r JOIN public.courses c ON c.transaction_type = r.transaction_type
              WHERE r.enroll AND EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = r.user_id)) THEN
    -- The buyers' profiles are locked first (FOR KEY SHARE, in id order), so none can be deleted
    -- until this commits. A profile whose deletion is under way is waited for; once that commits,
    -- the lock skips the row, and the statements below see the buyer without a profile: the
    -- enrollment is skipped (enrollment_skipped) instead of the INSERT failing on its foreign key.
    PERFORM 1 FROM public.unified_profiles up
      WHERE up.id IN (SELECT r.user_id FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AND o.status NOT IN ('paid', 'settled') AS received,
         r.status IN ('paid', 'settled') AND (o.status NOT IN ('paid', 'settled') OR (o.user_id IS DISTINCT FROM r.user_id AND r.user_id IS NOT NULL)) AS enroll,
         r.status = 'refunded' AND o.status <> 'refunded' AS refund,
         row_number() OVER (ORDER BY r.status = 'refunded' AND o.status <> 'refunded' DESC, r.created_at, r.id) AS pos
    FROM new_rows r JOIN old_rows o ON o.id = r.id
   WHERE o.status IS DISTINCT FROM r.status OR o.user_id IS DISTINCT FROM r.user_id) r WHERE r.enroll)
      ORDER BY up.id
      FOR KEY SHARE OF up;
    -- The first of the statement's payments per buyer and course enrolls (ON CONFLICT on the
    -- one-active-enrollment index: a buyer already enrolled stays as they are). The rows go in
    -- sorted by key, so concurrent statements take the enrollment keys in one order.
    WITH n AS (
      SELECT r.id, r.user_id, r.transaction_type, r.external_id, coalesce(r.paid_at, r.settled_at, now()) AS enrolled_at, r.pos
        FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AND o.status NOT IN ('paid', 'settled') AS received,
         r.status IN ('paid', 'settled') AND (o.status NOT IN ('paid', 'settled') OR (o.user_id IS DISTINCT FROM r.user_id AND r.user_id IS NOT NULL)) AS enroll,
         r.status = 'refunded' AND o.status <> 'refunded' AS refund,
         row_number() OVER (ORDER BY r.status = 'refunded' AND o.status <> 'refunded' DESC, r.created_at, r.id) AS pos
    FROM new_rows r JOIN old_rows o ON o.id = r.id
   WHERE o.status IS DISTINCT FROM r.status OR o.user_id IS DISTINCT FROM r.user_id) r
       WHERE r.enroll
    ), e AS (
      INSERT INTO public.enrollments (user_id, course_id, transaction_id, status, enrolled_at, metadata)
      SELECT DISTINCT ON (n.user_id, c.id)
             n.user_id, c.id, n.id, 'active', n.enrolled_at,
             jsonb_build_object('source', 'after_transaction_insert', 'external_id', n.external_id)
        FROM n JOIN public.courses c ON c.transaction_type = n.transaction_type
       WHERE EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = n.user_id)
       ORDER BY n.user_id, c.id, n.pos
      ON CONFLICT (user_id, course_id) WHERE status = 'active' DO NOTHING
      RETURNING id, transaction_id, course_id
    )
    SELECT array_agg(e.transaction_id), array_agg(e.id), array_agg(e.course_id)
      INTO v_enrolled, v_enrollments, v_courses
      FROM e;
  END IF;
  IF NOT v_notify THEN
    RETURN NULL;
  END IF;
  -- The notifications in the rows' order, each row's as one statement per row writes them: its
  -- `payment_received` or `payment_refunded`, then its `enrollment_created` or `enrollment_skipped`.
  WITH n AS MATERIALIZED (
    SELECT r.id, r.user_id, r.received, r.enroll, r.refund, r.amount, r.currency, r.transaction_type, r.external_id, r.pos,
           coalesce(r.contact_email, r.user_id::text, 'an unknown buyer') AS who,
           jsonb_build_object('status', r.status, 'external_id', r.external_id, 'amount', r.amount,
                              'currency', r.currency, 'transaction_type', r.transaction_type) AS payload
      FROM (SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN ('paid', 'settled') AND o.status NOT IN ('paid', 'settled') AS received,
         r.status IN ('paid', 'settled') AND (o.status NOT IN ('paid', 'settled') OR (o.user_id IS DISTINCT FROM r.user_id AND r.user_id IS NOT NULL)) AS enroll,
         r.status = 'refunded' AND o.status <> 'refunded' AS refund,
         row_number() OVER (ORDER BY r.status = 'refunded' AND o.status <> 'refunded' DESC, r.created_at, r.id) AS pos
    FROM new_rows r JOIN old_rows o ON o.id = r.id
   WHERE o.status IS DISTINCT FROM r.status OR o.user_id IS DISTINCT FROM r.user_id) r
     WHERE r.received OR r.enroll OR r.refund
  ), e AS (
    SELECT * FROM unnest(v_enrolled, v_enrollments, v_courses) AS e(transaction_id, id, course_id)
  ), ended AS (
    SELECT x.transaction_id, count(*)::int AS n FROM unnest(v_refunded) AS x(transaction_id) GROUP BY 1
  )
  INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
  SELECT x.type, x.title, x.message, x.payload, x.transaction_id, x.user_id
    FROM (
      SELECT n.pos, 1 AS step, 'payment_received' AS type, n.transaction_type || ' payment received' AS title,
             format('%s %s paid by %s', n.currency, n.amount, n.who) AS message, n.payload, n.id AS transaction_id, n.user_id
        FROM n WHERE n.received
      UNION ALL
      SELECT n.pos, 2, 'enrollment_skipped', n.transaction_type || ' enrollment not created',
             CASE WHEN n.user_id IS NULL
                  THEN format('Payment by %s has no user_id: link it to a user to enroll them', n.who)
                  ELSE format('User %s has no unified profile yet: create it, then update the transaction', n.user_id) END,
             n.payload || jsonb_build_object('reason', CASE WHEN n.user_id IS NULL THEN 'no_user' ELSE 'no_profile' END),
             n.id, n.user_id
        FROM n JOIN public.courses c ON c.transaction_type = n.transaction_type
       WHERE n.enroll
         AND NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = n.user_id)
      UNION ALL
      SELECT n.pos, 2, 'enrollment_created', n.transaction_type || ' enrollment created',
             format('%s enrolled after payment %s', n.who, coalesce(n.external_id, n.id::text)),
             n.payload || jsonb_build_object('enrollment_id', e.id, 'course_id', e.course_id), n.id, n.user_id
        FROM e JOIN n ON n.id = e.transaction_id
      UNION ALL
      SELECT n.pos, 1, 'payment_refunded', n.transaction_type || ' payment refunded',
             format('%s %s refunded to %s; %s enrollment(s) marked refunded', n.currency, n.amount, n.who, coalesce(ended.n, 0)),
             n.payload || jsonb_build_object('enrollments_refunded', coalesce(ended.n, 0)), n.id, n.user_id
        FROM n LEFT JOIN ended ON ended.transaction_id = n.id
       WHERE n.refund
    ) x
   ORDER BY x.pos, x.step;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.handle_transactions_updated() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.handle_transactions_updated() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.mark_dashboard_caches_stale()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  UPDATE public.dashboard_cache_status s
     SET is_stale = true, stale_since = now()
   WHERE NOT s.is_stale
     AND (s.cache_name = 'dashboard_views' OR (s.cache_name = 'revenue_metrics' AND TG_TABLE_NAME = 'transactions'));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.mark_dashboard_caches_stale() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.mark_dashboard_caches_stale() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.log_profile_update()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_old jsonb := to_jsonb(OLD) - 'updated_at';
  v_new jsonb := to_jsonb(NEW) - 'updated_at';
  v_cols text[];
BEGIN
  SELECT array_agg(n.key ORDER BY n.key) INTO v_cols
    FROM jsonb_each(v_new) AS n(key, value)
   WHERE n.value IS DISTINCT FROM v_old -> n.key;
  IF v_cols IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO public.profile_audit_log (profile_id, operation, changed_columns, old_values, new_values, actor_id, actor_role)
  SELECT NEW.id, 'UPDATE', v_cols,
         jsonb_object_agg(k, v_old -> k), jsonb_object_agg(k, v_new -> k),
         (SELECT auth.uid()), coalesce((SELECT auth.role()), session_user::text)
    FROM unnest(v_cols) AS k;
  UPDATE public.dashboard_cache_status s
     SET is_stale = true, stale_since = now()
   WHERE s.cache_name = 'dashboard_views' AND NOT s.is_stale;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.log_profile_update() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.log_profile_update() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.marketing_source_rollup_apply(p_ids uuid[], p_new_payments timestamptz[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
SET plan_cache_mode = force_generic_plan
AS $fn$
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT 'u:' || i FROM unnest(p_ids) i) k(key) ORDER BY 1) l;
  -- New payments that do not move anyone's first payment (each person's stored one is not later)
  -- change nothing: a returning payer's payment by email, the common case, skips the recompute
  -- below (a single-row INSERT of such a payment cost ~0.5 ms more than one by user id). Read
  -- after the locks, in a new statement: the stored rows are the current ones.
  IF p_new_payments IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM unnest(p_ids, p_new_payments) x(id, at)
        WHERE NOT EXISTS (SELECT 1 FROM public.marketing_source_rollup_by_profile b WHERE b.profile_id = x.id AND b.first_paid_at <= x.at)) THEN
    RETURN;
  END IF;
  -- A new statement, so a new snapshot: every write committed before the locks were granted.
  WITH p AS (
    SELECT up.id, up.created_at, lower(up.email) AS email,
           coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS source,
           date_trunc('month', up.created_at AT TIME ZONE public.business_time_zone())::date AS cohort
      FROM public.unified_profiles up
     WHERE up.id = ANY (p_ids)
    UNION ALL
    SELECT l.id, l.first_seen_at, lower(l.email), coalesce(nullif(btrim(l.source), ''), 'unknown'), date_trunc('month', l.first_seen_at AT TIME ZONE public.business_time_zone())::date
      FROM public.leads l
     WHERE l.id = ANY (p_ids) AND NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = lower(l.email))
  ), o AS (
    SELECT b.profile_id, b.acquisition_source, b.cohort_month, b.first_paid_at, b.first_payment_seconds
      FROM public.marketing_source_rollup_by_profile b WHERE b.profile_id = ANY (p_ids)
  ), g AS (
    SELECT x.id, min(x.at) AS at FROM unnest(p_ids, p_new_payments) x(id, at) GROUP BY 1
  ), f AS (
    -- Only new payments (an INSERT): the first payment is the earlier of the stored one and theirs.
    -- Otherwise (or without a stored row) recomputed from the person's paid rows, by index.
    SELECT p.*, CASE WHEN p_new_payments IS NOT NULL AND o.profile_id IS NOT NULL
                     THEN least(o.first_paid_at, g.at)
                     ELSE least(
                       (SELECT min(coalesce(t.paid_at, t.settled_at, t.created_at)) FROM public.transactions t WHERE t.user_id = p.id AND t.status IN ('paid', 'settled')),
                       (SELECT min(coalesce(t.paid_at, t.settled_at, t.created_at)) FROM public.transactions t
                         WHERE t.user_id IS NULL AND lower(t.contact_email) = p.email AND t.status IN ('paid', 'settled'))) END AS first_paid_at
      FROM p LEFT JOIN o ON o.profile_id = p.id LEFT JOIN g ON g.id = p.id
  ), n AS (
    SELECT f.id, f.source, f.cohort, f.first_paid_at,
           CASE WHEN f.first_paid_at IS NOT NULL THEN greatest(extract(epoch FROM f.first_paid_at - f.created_at), 0) END AS seconds
      FROM f
  ), stored AS (
    INSERT INTO public.marketing_source_rollup_by_profile AS b (profile_id, acquisition_source, cohort_month, first_paid_at, first_payment_seconds)
    SELECT n.id, n.source, n.cohort, n.first_paid_at, n.seconds FROM n ORDER BY 1
    ON CONFLICT (profile_id) DO UPDATE
      SET acquisition_source = excluded.acquisition_source, cohort_month = excluded.cohort_month,
          first_paid_at = excluded.first_paid_at, first_payment_seconds = excluded.first_payment_seconds
      -- an unchanged contribution is not rewritten (no new row version, no index entries)
      WHERE (b.acquisition_source, b.cohort_month, b.first_paid_at, b.first_payment_seconds)
            IS DISTINCT FROM (excluded.acquisition_source, excluded.cohort_month, excluded.first_paid_at, excluded.first_payment_seconds)
  ), gone AS (
    DELETE FROM public.marketing_source_rollup_by_profile b WHERE b.profile_id = ANY (p_ids) AND NOT EXISTS (SELECT 1 FROM n WHERE n.id = b.profile_id)
  ), delta AS (
    SELECT x.source, x.cohort, sum(x.sign)::int AS signups,
           sum(CASE WHEN x.seconds IS NOT NULL THEN x.sign ELSE 0 END)::int AS paying,
           sum(x.sign * coalesce(x.seconds, 0)) AS seconds
      FROM (SELECT 1 AS sign, n.source, n.cohort, n.seconds FROM n
            UNION ALL
            SELECT -1, o.acquisition_source, o.cohort_month, o.first_payment_seconds FROM o) x
     GROUP BY 1, 2
  )
  INSERT INTO public.marketing_source_rollup AS r (acquisition_source, cohort_month, signups, paying_users, first_payment_seconds)
  SELECT d.source, d.cohort, d.signups, d.paying, d.seconds FROM delta d
   WHERE d.signups <> 0 OR d.paying <> 0 OR d.seconds <> 0
   ORDER BY 1, 2
  ON CONFLICT (acquisition_source, cohort_month) DO UPDATE
    SET signups = r.signups + excluded.signups,
        paying_users = r.paying_users + excluded.paying_users,
        first_payment_seconds = r.first_payment_seconds + excluded.first_payment_seconds;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.marketing_source_rollup_apply(uuid[], timestamptz[]) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.marketing_source_rollup_apply(uuid[], timestamptz[]) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION public.marketing_source_rollup_apply(uuid[], timestamptz[]) IS 'Recomputes the given profiles'' contributions to marketing_source_rollup (called by the rollup triggers).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.transactions_rollups()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN

    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date, t.transaction_type, t.currency, sum(t.sign * t.amount), sum(t.sign)::int, 0
      FROM (SELECT 1 AS sign, x.status, x.amount, x.transaction_type, x.currency, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
     WHERE t.status IN ('paid', 'settled')
     GROUP BY 1, 2, 3
    HAVING sum(t.sign) <> 0 OR sum(t.sign * t.amount) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE
      SET revenue = r.revenue + excluded.revenue,
          transaction_count = r.transaction_count + excluded.transaction_count;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
                 FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status FROM new_rows x) t
                WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)) k(key) ORDER BY 1) l;
    WITH d AS (
      SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month, t.transaction_type AS product, t.currency,
             coalesce(t.user_id::text, lower(t.contact_email)) AS customer, t.user_id, bool_or(t.sign > 0) AS added
        FROM (SELECT 1 AS sign, x.status, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
       WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)
       GROUP BY 1, 2, 3, 4, 5
    ), added AS (
      INSERT INTO public.revenue_analysis_rollup_by_customer AS r (month, product, currency, customer)
      SELECT d.month, d.product, d.currency, d.customer FROM d WHERE d.added
       ORDER BY 1, 2, 3, 4
      ON CONFLICT (month, product, currency, customer) DO NOTHING
      RETURNING r.month, r.product, r.currency, 1 AS delta
    )
    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT p.month, p.product, p.currency, 0, 0, sum(p.delta)::int
      FROM (SELECT * FROM added) p
     GROUP BY 1, 2, 3
    HAVING sum(p.delta) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE SET paying_customers = r.paying_customers + excluded.paying_customers;
    PERFORM public.marketing_source_rollup_apply(array_agg(m.id), array_agg(m.at)) FROM (
      -- A payer by user id whose stored first payment is not later than the new ones changes
      -- nothing (a returning customer's payment, the common case): left out, under the u:<id> lock
      -- taken above, so the stored row read here is the current one.
      SELECT up.id, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS at
        FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
        JOIN public.unified_profiles up ON up.id = t.user_id
       WHERE t.status IN ('paid', 'settled') GROUP BY up.id
      HAVING NOT EXISTS (SELECT 1 FROM public.marketing_source_rollup_by_profile b WHERE b.profile_id = up.id AND b.first_paid_at <= min(coalesce(t.paid_at, t.settled_at, t.created_at)))
      UNION ALL
      SELECT up.id, min(coalesce(t.paid_at, t.settled_at, t.created_at))
        FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
        JOIN public.unified_profiles up ON lower(up.email) = lower(t.contact_email)
       WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL GROUP BY up.id
      UNION ALL
      SELECT l.id, min(coalesce(t.paid_at, t.settled_at, t.created_at))
        FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
        JOIN public.leads l ON lower(l.email) = lower(t.contact_email)
       WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL GROUP BY l.id) m
    HAVING count(*) > 0;
  ELSIF TG_OP = 'UPDATE' THEN

    IF NOT EXISTS (SELECT 1 FROM (SELECT 1 AS sign, x.status FROM new_rows x UNION ALL SELECT -1 AS sign, x.status FROM old_rows x) t WHERE t.status IN ('paid', 'settled')) THEN
      RETURN NULL;
    END IF;
    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date, t.transaction_type, t.currency, sum(t.sign * t.amount), sum(t.sign)::int, 0
      FROM (SELECT 1 AS sign, x.status, x.amount, x.transaction_type, x.currency, x.paid_at, x.settled_at, x.created_at FROM new_rows x UNION ALL SELECT -1 AS sign, x.status, x.amount, x.transaction_type, x.currency, x.paid_at, x.settled_at, x.created_at FROM old_rows x) t
     WHERE t.status IN ('paid', 'settled')
     GROUP BY 1, 2, 3
    HAVING sum(t.sign) <> 0 OR sum(t.sign * t.amount) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE
      SET revenue = r.revenue + excluded.revenue,
          transaction_count = r.transaction_count + excluded.transaction_count;
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
                 FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status FROM new_rows x UNION ALL SELECT -1 AS sign, x.user_id, x.contact_email, x.status FROM old_rows x) t
                WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)) k(key) ORDER BY 1) l;
    WITH d AS (
      SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month, t.transaction_type AS product, t.currency,
             coalesce(t.user_id::text, lower(t.contact_email)) AS customer, t.user_id, bool_or(t.sign > 0) AS added
        FROM (SELECT 1 AS sign, x.status, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at FROM new_rows x UNION ALL SELECT -1 AS sign, x.status, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at FROM old_rows x) t
       WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)
       GROUP BY 1, 2, 3, 4, 5
    ), added AS (
      INSERT INTO public.revenue_analysis_rollup_by_customer AS r (month, product, currency, customer)
      SELECT d.month, d.product, d.currency, d.customer FROM d WHERE d.added
       ORDER BY 1, 2, 3, 4
      ON CONFLICT (month, product, currency, customer) DO NOTHING
      RETURNING r.month, r.product, r.currency, 1 AS delta
    ), gone AS (
      DELETE FROM public.revenue_analysis_rollup_by_customer r USING d
       WHERE NOT d.added
         AND r.month = d.month AND r.product = d.product AND r.currency = d.currency AND r.customer = d.customer
         AND NOT EXISTS (SELECT 1 FROM public.transactions t
                          WHERE t.user_id = d.user_id
                            AND t.status IN ('paid', 'settled') AND t.transaction_type = d.product AND t.currency = d.currency
                            AND date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date = d.month)
         AND NOT (d.user_id IS NULL AND EXISTS (SELECT 1 FROM public.transactions t
                          WHERE t.user_id IS NULL AND lower(t.contact_email) = d.customer
                            AND t.status IN ('paid', 'settled') AND t.transaction_type = d.product AND t.currency = d.currency
                            AND date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date = d.month))
      RETURNING r.month, r.product, r.currency, -1 AS delta
    )
    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT p.month, p.product, p.currency, 0, 0, sum(p.delta)::int
      FROM (SELECT * FROM added UNION ALL SELECT * FROM gone) p
     GROUP BY 1, 2, 3
    HAVING sum(p.delta) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE SET paying_customers = r.paying_customers + excluded.paying_customers;
    PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT up.id FROM public.unified_profiles up
       WHERE up.id IN (SELECT t.user_id FROM (SELECT 1 AS sign, x.user_id, x.status FROM new_rows x UNION ALL SELECT -1 AS sign, x.user_id, x.status FROM old_rows x) t WHERE t.status IN ('paid', 'settled'))
      UNION
      SELECT up.id FROM public.unified_profiles up
       WHERE lower(up.email) IN (SELECT lower(t.contact_email) FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status FROM new_rows x UNION ALL SELECT -1 AS sign, x.user_id, x.contact_email, x.status FROM old_rows x) t
                                  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL)
      UNION
      SELECT l.id FROM public.leads l
       WHERE lower(l.email) IN (SELECT lower(t.contact_email) FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status FROM new_rows x UNION ALL SELECT -1 AS sign, x.user_id, x.contact_email, x.status FROM old_rows x) t
                                 WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL)));
  ELSE

    IF NOT EXISTS (SELECT 1 FROM (SELECT -1 AS sign, x.status FROM old_rows x) t WHERE t.status IN ('paid', 'settled')) THEN
      RETURN NULL;
    END IF;
    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date, t.transaction_type, t.currency, sum(t.sign * t.amount), sum(t.sign)::int, 0
      FROM (SELECT -1 AS sign, x.status, x.amount, x.transaction_type, x.currency, x.paid_at, x.settled_at, x.created_at FROM old_rows x) t
     WHERE t.status IN ('paid', 'settled')
     GROUP BY 1, 2, 3
    HAVING sum(t.sign) <> 0 OR sum(t.sign * t.amount) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE
      SET revenue = r.revenue + excluded.revenue,
          transaction_count = r.transaction_count + excluded.transaction_count;
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
                 FROM (SELECT -1 AS sign, x.user_id, x.contact_email, x.status FROM old_rows x) t
                WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)) k(key) ORDER BY 1) l;
    WITH d AS (
      SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month, t.transaction_type AS product, t.currency,
             coalesce(t.user_id::text, lower(t.contact_email)) AS customer, t.user_id, bool_or(t.sign > 0) AS added
        FROM (SELECT -1 AS sign, x.status, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at FROM old_rows x) t
       WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)
       GROUP BY 1, 2, 3, 4, 5
    ), added AS (
      INSERT INTO public.revenue_analysis_rollup_by_customer AS r (month, product, currency, customer)
      SELECT d.month, d.product, d.currency, d.customer FROM d WHERE d.added
       ORDER BY 1, 2, 3, 4
      ON CONFLICT (month, product, currency, customer) DO NOTHING
      RETURNING r.month, r.product, r.currency, 1 AS delta
    ), gone AS (
      DELETE FROM public.revenue_analysis_rollup_by_customer r USING d
       WHERE NOT d.added
         AND r.month = d.month AND r.product = d.product AND r.currency = d.currency AND r.customer = d.customer
         AND NOT EXISTS (SELECT 1 FROM public.transactions t
                          WHERE t.user_id = d.user_id
                            AND t.status IN ('paid', 'settled') AND t.transaction_type = d.product AND t.currency = d.currency
                            AND date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date = d.month)
         AND NOT (d.user_id IS NULL AND EXISTS (SELECT 1 FROM public.transactions t
                          WHERE t.user_id IS NULL AND lower(t.contact_email) = d.customer
                            AND t.status IN ('paid', 'settled') AND t.transaction_type = d.product AND t.currency = d.currency
                            AND date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date = d.month))
      RETURNING r.month, r.product, r.currency, -1 AS delta
    )
    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT p.month, p.product, p.currency, 0, 0, sum(p.delta)::int
      FROM (SELECT * FROM added UNION ALL SELECT * FROM gone) p
     GROUP BY 1, 2, 3
    HAVING sum(p.delta) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE SET paying_customers = r.paying_customers + excluded.paying_customers;
    PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT up.id FROM public.unified_profiles up
       WHERE up.id IN (SELECT t.user_id FROM (SELECT -1 AS sign, x.user_id, x.status FROM old_rows x) t WHERE t.status IN ('paid', 'settled'))
      UNION
      SELECT up.id FROM public.unified_profiles up
       WHERE lower(up.email) IN (SELECT lower(t.contact_email) FROM (SELECT -1 AS sign, x.user_id, x.contact_email, x.status FROM old_rows x) t
                                  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL)
      UNION
      SELECT l.id FROM public.leads l
       WHERE lower(l.email) IN (SELECT lower(t.contact_email) FROM (SELECT -1 AS sign, x.user_id, x.contact_email, x.status FROM old_rows x) t
                                 WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL)));
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.transactions_rollups() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.transactions_rollups() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.enrollments_rollups()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN

    WITH d AS (
      SELECT e.course_id, date_trunc('month', e.enrolled_at AT TIME ZONE public.business_time_zone())::date AS month, e.user_id,
             sum(e.sign)::int AS n, sum(CASE WHEN e.status = 'active' THEN e.sign ELSE 0 END)::int AS active
        FROM (SELECT 1 AS sign, x.course_id, x.enrolled_at, x.user_id, x.status FROM new_rows x) e
       GROUP BY 1, 2, 3
    ), s AS (
      INSERT INTO public.monthly_enrollments_rollup_by_student AS r (course_id, month, user_id, enrollments)
      SELECT d.course_id, d.month, d.user_id, d.n FROM d WHERE d.n <> 0
       ORDER BY 1, 2, 3
      ON CONFLICT (course_id, month, user_id) DO UPDATE SET enrollments = r.enrollments + excluded.enrollments
      RETURNING r.course_id, r.month, r.enrollments, r.xmax = 0 AS inserted
    ), students AS (
      SELECT s.course_id, s.month, sum(CASE WHEN s.inserted THEN 1 WHEN s.enrollments = 0 THEN -1 ELSE 0 END)::int AS delta
        FROM s
       GROUP BY 1, 2
    ), g AS (
      SELECT d.course_id, d.month, sum(d.n)::int AS n, sum(d.active)::int AS active FROM d GROUP BY 1, 2
    )
    INSERT INTO public.monthly_enrollments_rollup AS r (course_id, month, enrollments, active_enrollments, unique_students)
    SELECT g.course_id, g.month, g.n, g.active, coalesce(s.delta, 0)
      FROM g LEFT JOIN students s USING (course_id, month)
     WHERE g.n <> 0 OR g.active <> 0 OR coalesce(s.delta, 0) <> 0
     ORDER BY 1, 2
    ON CONFLICT (course_id, month) DO UPDATE
      SET enrollments = r.enrollments + excluded.enrollments,
          active_enrollments = r.active_enrollments + excluded.active_enrollments,
          unique_students = r.unique_students + excluded.unique_students;
  ELSIF TG_OP = 'UPDATE' THEN

    WITH d AS (
      SELECT e.course_id, date_trunc('month', e.enrolled_at AT TIME ZONE public.business_time_zone())::date AS month, e.user_id,
             sum(e.sign)::int AS n, sum(CASE WHEN e.status = 'active' THEN e.sign ELSE 0 END)::int AS active
        FROM (SELECT 1 AS sign, x.course_id, x.enrolled_at, x.user_id, x.status FROM new_rows x UNION ALL SELECT -1 AS sign, x.course_id, x.enrolled_at, x.user_id, x.status FROM old_rows x) e
       GROUP BY 1, 2, 3
    ), s AS (
      INSERT INTO public.monthly_enrollments_rollup_by_student AS r (course_id, month, user_id, enrollments)
      SELECT d.course_id, d.month, d.user_id, d.n FROM d WHERE d.n <> 0
       ORDER BY 1, 2, 3
      ON CONFLICT (course_id, month, user_id) DO UPDATE SET enrollments = r.enrollments + excluded.enrollments
      RETURNING r.course_id, r.month, r.enrollments, r.xmax = 0 AS inserted
    ), students AS (
      SELECT s.course_id, s.month, sum(CASE WHEN s.inserted THEN 1 WHEN s.enrollments = 0 THEN -1 ELSE 0 END)::int AS delta
        FROM s
       GROUP BY 1, 2
    ), g AS (
      SELECT d.course_id, d.month, sum(d.n)::int AS n, sum(d.active)::int AS active FROM d GROUP BY 1, 2
    )
    INSERT INTO public.monthly_enrollments_rollup AS r (course_id, month, enrollments, active_enrollments, unique_students)
    SELECT g.course_id, g.month, g.n, g.active, coalesce(s.delta, 0)
      FROM g LEFT JOIN students s USING (course_id, month)
     WHERE g.n <> 0 OR g.active <> 0 OR coalesce(s.delta, 0) <> 0
     ORDER BY 1, 2
    ON CONFLICT (course_id, month) DO UPDATE
      SET enrollments = r.enrollments + excluded.enrollments,
          active_enrollments = r.active_enrollments + excluded.active_enrollments,
          unique_students = r.unique_students + excluded.unique_students;
    DELETE FROM public.monthly_enrollments_rollup_by_student z
     WHERE z.ctid = ANY (ARRAY(SELECT k.ctid FROM public.monthly_enrollments_rollup_by_student k WHERE k.enrollments = 0 FOR UPDATE SKIP LOCKED));
  ELSE

    WITH d AS (
      SELECT e.course_id, date_trunc('month', e.enrolled_at AT TIME ZONE public.business_time_zone())::date AS month, e.user_id,
             sum(e.sign)::int AS n, sum(CASE WHEN e.status = 'active' THEN e.sign ELSE 0 END)::int AS active
        FROM (SELECT -1 AS sign, x.course_id, x.enrolled_at, x.user_id, x.status FROM old_rows x) e
       GROUP BY 1, 2, 3
    ), s AS (
      INSERT INTO public.monthly_enrollments_rollup_by_student AS r (course_id, month, user_id, enrollments)
      SELECT d.course_id, d.month, d.user_id, d.n FROM d WHERE d.n <> 0
       ORDER BY 1, 2, 3
      ON CONFLICT (course_id, month, user_id) DO UPDATE SET enrollments = r.enrollments + excluded.enrollments
      RETURNING r.course_id, r.month, r.enrollments, r.xmax = 0 AS inserted
    ), students AS (
      SELECT s.course_id, s.month, sum(CASE WHEN s.inserted THEN 1 WHEN s.enrollments = 0 THEN -1 ELSE 0 END)::int AS delta
        FROM s
       GROUP BY 1, 2
    ), g AS (
      SELECT d.course_id, d.month, sum(d.n)::int AS n, sum(d.active)::int AS active FROM d GROUP BY 1, 2
    )
    INSERT INTO public.monthly_enrollments_rollup AS r (course_id, month, enrollments, active_enrollments, unique_students)
    SELECT g.course_id, g.month, g.n, g.active, coalesce(s.delta, 0)
      FROM g LEFT JOIN students s USING (course_id, month)
     WHERE g.n <> 0 OR g.active <> 0 OR coalesce(s.delta, 0) <> 0
     ORDER BY 1, 2
    ON CONFLICT (course_id, month) DO UPDATE
      SET enrollments = r.enrollments + excluded.enrollments,
          active_enrollments = r.active_enrollments + excluded.active_enrollments,
          unique_students = r.unique_students + excluded.unique_students;
    DELETE FROM public.monthly_enrollments_rollup_by_student z
     WHERE z.ctid = ANY (ARRAY(SELECT k.ctid FROM public.monthly_enrollments_rollup_by_student k WHERE k.enrollments = 0 FOR UPDATE SKIP LOCKED));
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.enrollments_rollups() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.enrollments_rollups() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.unified_profiles_rollups()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT 'e:' || lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x) p) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT p.id FROM (SELECT 1 AS sign, x.id FROM new_rows x) p
      UNION
      SELECT up.id FROM public.unified_profiles up WHERE lower(up.email) IN (SELECT lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x) p)
      UNION
      SELECT l.id FROM public.leads l WHERE lower(l.email) IN (SELECT lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x) p)));
  ELSIF TG_OP = 'UPDATE' THEN

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT 'e:' || lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x UNION ALL SELECT -1 AS sign, x.email FROM old_rows x) p) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT p.id FROM (SELECT 1 AS sign, x.id FROM new_rows x UNION ALL SELECT -1 AS sign, x.id FROM old_rows x) p
      UNION
      SELECT up.id FROM public.unified_profiles up WHERE lower(up.email) IN (SELECT lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x UNION ALL SELECT -1 AS sign, x.email FROM old_rows x) p)
      UNION
      SELECT l.id FROM public.leads l WHERE lower(l.email) IN (SELECT lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x UNION ALL SELECT -1 AS sign, x.email FROM old_rows x) p)));
  ELSE

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT 'e:' || lower(p.email) FROM (SELECT -1 AS sign, x.email FROM old_rows x) p) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT p.id FROM (SELECT -1 AS sign, x.id FROM old_rows x) p
      UNION
      SELECT up.id FROM public.unified_profiles up WHERE lower(up.email) IN (SELECT lower(p.email) FROM (SELECT -1 AS sign, x.email FROM old_rows x) p)
      UNION
      SELECT l.id FROM public.leads l WHERE lower(l.email) IN (SELECT lower(p.email) FROM (SELECT -1 AS sign, x.email FROM old_rows x) p)));
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.unified_profiles_rollups() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.unified_profiles_rollups() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.leads_rollups()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT 'e:' || lower(l.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x) l) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(SELECT DISTINCT l.id FROM (SELECT 1 AS sign, x.id FROM new_rows x) l));
  ELSIF TG_OP = 'UPDATE' THEN

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT 'e:' || lower(l.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x UNION ALL SELECT -1 AS sign, x.email FROM old_rows x) l) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(SELECT DISTINCT l.id FROM (SELECT 1 AS sign, x.id FROM new_rows x UNION ALL SELECT -1 AS sign, x.id FROM old_rows x) l));
  ELSE

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT 'e:' || lower(l.email) FROM (SELECT -1 AS sign, x.email FROM old_rows x) l) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(SELECT DISTINCT l.id FROM (SELECT -1 AS sign, x.id FROM old_rows x) l));
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.leads_rollups() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.leads_rollups() OWNER TO unified_schema_definer;
--> statement-breakpoint
REVOKE ALL ON public.leads FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON public.leads TO service_role;
--> statement-breakpoint
GRANT SELECT ON public.leads TO authenticated;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rebuild_dashboard_rollups()
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  TRUNCATE public.revenue_analysis_rollup, public.revenue_analysis_rollup_by_customer, public.monthly_enrollments_rollup, public.monthly_enrollments_rollup_by_student, public.marketing_source_rollup, public.marketing_source_rollup_by_profile;
  INSERT INTO public.revenue_analysis_rollup_by_customer (month, product, currency, customer)
  SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date, t.transaction_type, t.currency, coalesce(t.user_id::text, lower(t.contact_email))
    FROM public.transactions t
   WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)
   GROUP BY 1, 2, 3, 4;
  INSERT INTO public.revenue_analysis_rollup (month, product, currency, revenue, transaction_count, paying_customers)
  SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date, t.transaction_type, t.currency, sum(t.amount), count(*),
         count(DISTINCT coalesce(t.user_id::text, lower(t.contact_email)))
    FROM public.transactions t
   WHERE t.status IN ('paid', 'settled')
   GROUP BY 1, 2, 3;
  INSERT INTO public.monthly_enrollments_rollup_by_student (course_id, month, user_id, enrollments)
  SELECT e.course_id, date_trunc('month', e.enrolled_at AT TIME ZONE public.business_time_zone())::date, e.user_id, count(*) FROM public.enrollments e GROUP BY 1, 2, 3;
  INSERT INTO public.monthly_enrollments_rollup (course_id, month, enrollments, active_enrollments, unique_students)
  SELECT e.course_id, date_trunc('month', e.enrolled_at AT TIME ZONE public.business_time_zone())::date, count(*), count(*) FILTER (WHERE e.status = 'active'), count(DISTINCT e.user_id)
    FROM public.enrollments e GROUP BY 1, 2;
  WITH u AS (
    SELECT t.user_id, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at FROM public.transactions t
     WHERE t.status IN ('paid', 'settled') AND t.user_id IS NOT NULL GROUP BY 1
  ), e AS (
    SELECT lower(t.contact_email) AS email, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at FROM public.transactions t
     WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL AND t.contact_email IS NOT NULL GROUP BY 1
  )
  INSERT INTO public.marketing_source_rollup_by_profile (profile_id, acquisition_source, cohort_month, first_paid_at, first_payment_seconds)
  SELECT p.id, coalesce(nullif(btrim(p.acquisition_source), ''), 'unknown'), date_trunc('month', p.created_at AT TIME ZONE public.business_time_zone())::date,
         least(u.first_paid_at, e.first_paid_at),
         CASE WHEN least(u.first_paid_at, e.first_paid_at) IS NOT NULL
              THEN greatest(extract(epoch FROM least(u.first_paid_at, e.first_paid_at) - p.created_at), 0) END
    FROM (SELECT up.id, up.email, up.acquisition_source, up.created_at FROM public.unified_profiles up
          UNION ALL
          SELECT l.id, l.email, l.source, l.first_seen_at FROM public.leads l
           WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = lower(l.email))) p
    LEFT JOIN u ON u.user_id = p.id
    LEFT JOIN e ON e.email = lower(p.email);
  INSERT INTO public.marketing_source_rollup (acquisition_source, cohort_month, signups, paying_users, first_payment_seconds)
  SELECT b.acquisition_source, b.cohort_month, count(*), count(b.first_payment_seconds), coalesce(sum(b.first_payment_seconds), 0)
    FROM public.marketing_source_rollup_by_profile b GROUP BY 1, 2;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.rebuild_dashboard_rollups() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.rebuild_dashboard_rollups() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.rebuild_dashboard_rollups() IS 'Recomputes revenue_analysis_rollup, monthly_enrollments_rollup and marketing_source_rollup from the base tables.';
--> statement-breakpoint
ALTER FUNCTION public.rebuild_dashboard_rollups() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.dashboard_rollups_on_truncate()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  PERFORM public.rebuild_dashboard_rollups();
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.dashboard_rollups_on_truncate() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION public.dashboard_rollups_on_truncate() OWNER TO unified_schema_definer;
--> statement-breakpoint
REVOKE ALL ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup, public.revenue_analysis_rollup_by_customer, public.monthly_enrollments_rollup_by_student, public.marketing_source_rollup_by_profile FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT SELECT ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup TO authenticated, service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup, public.revenue_analysis_rollup_by_customer, public.monthly_enrollments_rollup_by_student, public.marketing_source_rollup_by_profile TO unified_schema_definer;
--> statement-breakpoint
SELECT public.rebuild_dashboard_rollups(), 'Asia/Manila'::text AS business_time_zone, 'faab8d6e8091186e'::text AS definition;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.product_for(description text)
RETURNS text
LANGUAGE sql
STABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT coalesce(
  (SELECT p.code FROM ingest.products p
    WHERE p.match_pattern IS NOT NULL AND description ILIKE p.match_pattern
    ORDER BY p.priority LIMIT 1),
  (SELECT p.code FROM ingest.products p WHERE p.match_pattern IS NULL ORDER BY p.priority LIMIT 1),
  'Other')
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.product_for(text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest.product_for(text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.product_for(text) IS 'Product code (ingest.products) of an invoice description: lowest-priority matching ILIKE rule, else the fallback.';
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ingest.backups, ingest.validation_reports FROM service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.wait_for_prepare()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext('ingest.raw'));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.wait_for_prepare() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.wait_for_prepare() IS 'Writers of the raw tables take their advisory lock shared: they wait for a prepare in flight, which reads them under it exclusively.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.staging_select_list(p_table text, p_exprs jsonb)
RETURNS text
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_src regclass;
  v_unknown text;
  v_list text;
BEGIN
  IF p_table IS NULL OR p_table NOT IN ('unified_profiles', 'transactions', 'enrollments', 'leads') THEN
    RAISE EXCEPTION 'staging_select_list: % is not one of the tables prepare rebuilds', p_table;
  END IF;
  v_src := pg_catalog.format('public.%I', p_table)::regclass;
  SELECT pg_catalog.string_agg(k.key, ', ' ORDER BY k.key) INTO v_unknown
    FROM jsonb_object_keys(p_exprs) AS k(key)
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = v_src AND a.attname = k.key AND a.attnum > 0 AND NOT a.attisdropped);
  IF v_unknown IS NOT NULL THEN
    RAISE EXCEPTION 'staging_select_list: % has no column(s) %', v_src, v_unknown;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped AND (a.attidentity <> '' OR a.attgenerated <> '')) THEN
    RAISE EXCEPTION 'staging_select_list: % has an identity or generated column, which CREATE TABLE … AS cannot make', v_src;
  END IF;
  SELECT pg_catalog.string_agg(pg_catalog.format('(%s)::%s%s AS %I',
           coalesce(p_exprs ->> a.attname::text, pg_catalog.pg_get_expr(d.adbin, d.adrelid), 'NULL'),
           pg_catalog.format_type(a.atttypid, a.atttypmod),
           CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation
                THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END,
           a.attname), ', ' ORDER BY a.attnum)
    INTO v_list
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped;
  RETURN v_list;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.staging_select_list(text, jsonb) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.staging_select_list(text, jsonb) IS 'The select list of a CREATE TABLE … AS making ingest.<table>_staging with production''s columns in order, cast to their types: the given expression, else the default, else NULL.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.dress_staging_table(p_table text, p_keys boolean)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_src regclass;
  v_dst text;
  v_owner text;
  v_alter text;
  v_diff text;
  v_new text;
  v_acl aclitem[];
  r record;
BEGIN
  IF p_table IS NULL OR p_table NOT IN ('unified_profiles', 'transactions', 'enrollments', 'leads') THEN
    RAISE EXCEPTION 'dress_staging_table: % is not one of the tables prepare rebuilds', p_table;
  END IF;
  v_src := pg_catalog.format('public.%I', p_table)::regclass;
  v_dst := pg_catalog.format('ingest.%I', p_table || '_staging');

  -- the staging table must have production's columns: same names, types, collations, in order
  -- (made by create_staging_tables, or by prepare's CREATE TABLE … AS from the catalog)
  SELECT pg_catalog.string_agg(pg_catalog.format('%s: %s / %s', coalesce(s.attname, d.attname),
           coalesce(pg_catalog.format_type(s.atttypid, s.atttypmod) || ' ' || s.attcollation::regcollation::text, 'missing'),
           coalesce(pg_catalog.format_type(d.atttypid, d.atttypmod) || ' ' || d.attcollation::regcollation::text, 'missing')), ', ')
    INTO v_diff
    FROM (SELECT a.attname, a.atttypid, a.atttypmod, a.attcollation, row_number() OVER (ORDER BY a.attnum) AS pos
            FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped) s
    FULL JOIN (SELECT a.attname, a.atttypid, a.atttypmod, a.attcollation, row_number() OVER (ORDER BY a.attnum) AS pos
                 FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_dst::regclass AND a.attnum > 0 AND NOT a.attisdropped) d
      ON d.pos = s.pos
   WHERE (s.attname, s.atttypid, s.atttypmod, s.attcollation) IS DISTINCT FROM (d.attname, d.atttypid, d.atttypmod, d.attcollation);
  IF v_diff IS NOT NULL THEN
    RAISE EXCEPTION 'dress_staging_table: the columns of % differ from %''s (production / staging): %', v_dst, v_src, v_diff;
  END IF;

  -- the defaults and NOT NULLs the table lacks (CREATE TABLE … AS makes none; create_staging_tables
  -- makes them with the columns, and identity and generated columns) and the CHECKs, in one ALTER
  -- TABLE: a filled table is scanned once for all of them
  SELECT pg_catalog.string_agg(x.cmd, ', ' ORDER BY x.ord, x.attnum, x.conname)
    INTO v_alter
    FROM (
      SELECT 1 AS ord, a.attnum, ''::name AS conname,
             pg_catalog.format('ALTER COLUMN %I SET DEFAULT %s', a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid)) AS cmd
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        JOIN pg_catalog.pg_attribute da ON da.attrelid = v_dst::regclass AND da.attname = a.attname
       WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity = '' AND a.attgenerated = ''
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef dd WHERE dd.adrelid = da.attrelid AND dd.adnum = da.attnum)
      UNION ALL
      -- PostgreSQL 18 records NOT NULL as named constraints (contype 'n'); 15 has none
      SELECT 2, a.attnum, '',
             CASE WHEN nn.conname IS NOT NULL THEN pg_catalog.format('ADD CONSTRAINT %I NOT NULL %I', nn.conname, a.attname)
                  ELSE pg_catalog.format('ALTER COLUMN %I SET NOT NULL', a.attname) END
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_attribute da ON da.attrelid = v_dst::regclass AND da.attname = a.attname
        LEFT JOIN pg_catalog.pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey = ARRAY[a.attnum]
       WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND NOT da.attnotnull
      UNION ALL
      SELECT 3, 0, c.conname, pg_catalog.format('ADD CONSTRAINT %I %s', c.conname, pg_catalog.pg_get_constraintdef(c.oid))
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_src AND c.contype = 'c'
    ) x;
  IF v_alter IS NOT NULL THEN
    EXECUTE pg_catalog.format('ALTER TABLE %s %s', v_dst, v_alter);
  END IF;

  SELECT c.relowner::regrole::text INTO v_owner FROM pg_catalog.pg_class c WHERE c.oid = v_src;
  EXECUTE pg_catalog.format('ALTER TABLE %s OWNER TO %s', v_dst, v_owner);

  IF p_keys THEN
    -- keys (their indexes take the constraint names), every other index, then the triggers (created
    -- disabled): same name, same definition, with the table name after ON replaced (an index
    -- definition goes on with ' USING ', a trigger's with ' ')
    FOR r IN
      SELECT c.conname, pg_catalog.pg_get_constraintdef(c.oid) AS def
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_src AND c.contype IN ('p', 'u', 'x')
       ORDER BY c.contype <> 'p', c.conname
    LOOP
      EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_dst, r.conname, r.def);
    END LOOP;
    FOR r IN
      SELECT 'index' AS kind, ic.relname AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS def, ' USING ' AS after_table
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
       WHERE i.indrelid = v_src
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                          WHERE c.conrelid = v_src AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      UNION ALL
      SELECT 'trigger', t.tgname, pg_catalog.pg_get_triggerdef(t.oid), ' '
        FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid = v_src AND NOT t.tgisinternal
       ORDER BY kind, name
    LOOP
      v_new := pg_catalog.replace(r.def, ' ON ' || v_src::text || r.after_table, ' ON ' || v_dst || r.after_table);
      IF v_new = r.def THEN
        RAISE EXCEPTION 'dress_staging_table: cannot retarget % % (%)', r.kind, r.name, r.def;
      END IF;
      EXECUTE v_new;
      IF r.kind = 'trigger' THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER %I', v_dst, r.name);
      END IF;
    END LOOP;
  END IF;

  -- RLS and policies
  IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = v_src) THEN
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_dst);
  END IF;
  IF (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = v_src) THEN
    EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', v_dst);
  END IF;
  FOR r IN
    SELECT p.polname, p.polpermissive, p.polcmd,
           (SELECT pg_catalog.string_agg(CASE WHEN x.role = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(ro.rolname) END, ', ' ORDER BY x.ord)
              FROM unnest(p.polroles) WITH ORDINALITY AS x(role, ord)
              LEFT JOIN pg_catalog.pg_roles ro ON ro.oid = x.role) AS roles,
           pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
           pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
      FROM pg_catalog.pg_policy p
     WHERE p.polrelid = v_src
     ORDER BY p.polname
  LOOP
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s',
      r.polname, v_dst,
      CASE WHEN r.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
      CASE r.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
      r.roles,
      coalesce(' USING (' || r.qual || ')', ''),
      coalesce(' WITH CHECK (' || r.with_check || ')', ''));
  END LOOP;

  -- grants: clear what CREATE TABLE (and default privileges) gave, then the production ACL
  SELECT c.relacl INTO v_acl FROM pg_catalog.pg_class c WHERE c.oid = v_src;
  IF v_acl IS NOT NULL THEN
    FOR r IN
      SELECT DISTINCT x.grantee
        FROM pg_catalog.pg_class c,
             pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) x
       WHERE c.oid = v_dst::regclass
    LOOP
      EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM %s', v_dst,
        CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END);
    END LOOP;
    FOR r IN SELECT x.grantee, x.privilege_type, x.is_grantable FROM pg_catalog.aclexplode(v_acl) x LOOP
      EXECUTE pg_catalog.format('GRANT %s ON %s TO %s%s', r.privilege_type, v_dst,
        CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END,
        CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
  END IF;
  FOR r IN
    SELECT a.attname, x.grantee, x.privilege_type, x.is_grantable
      FROM pg_catalog.pg_attribute a, pg_catalog.aclexplode(a.attacl) x
     WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
  LOOP
    EXECUTE pg_catalog.format('GRANT %s (%I) ON %s TO %s%s', r.privilege_type, r.attname, v_dst,
      CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END,
      CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;

  -- comments (of the keys, indexes and triggers only when they were made here)
  FOR r IN
    SELECT 'TABLE ' || v_dst AS target, d.description
      FROM pg_catalog.pg_description d
     WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = v_src AND d.objsubid = 0
    UNION ALL
    SELECT pg_catalog.format('COLUMN %s.%I', v_dst, a.attname), d.description
      FROM pg_catalog.pg_description d
      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid
     WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = v_src AND d.objsubid > 0
    UNION ALL
    SELECT pg_catalog.format('CONSTRAINT %I ON %s', c.conname, v_dst), d.description
      FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objoid = c.oid
     WHERE c.conrelid = v_src AND (c.contype = 'c' OR (p_keys AND c.contype IN ('p', 'u', 'x')))
    UNION ALL
    SELECT pg_catalog.format('INDEX ingest.%I', ic.relname), d.description
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = i.indexrelid AND d.objsubid = 0
     WHERE p_keys AND i.indrelid = v_src
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                        WHERE c.conrelid = v_src AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
    UNION ALL
    SELECT pg_catalog.format('TRIGGER %I ON %s', t.tgname, v_dst), d.description
      FROM pg_catalog.pg_trigger t
      JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_trigger'::regclass AND d.objoid = t.oid
     WHERE p_keys AND t.tgrelid = v_src AND NOT t.tgisinternal
    UNION ALL
    SELECT pg_catalog.format('POLICY %I ON %s', p.polname, v_dst), d.description
      FROM pg_catalog.pg_policy p
      JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_policy'::regclass AND d.objoid = p.oid
     WHERE p.polrelid = v_src
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON %s IS %L', r.target, r.description);
  END LOOP;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.dress_staging_table(text, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.dress_staging_table(text, boolean) IS 'Gives ingest.<table>_staging (production''s columns) the defaults, NOT NULLs, CHECKs, owner, RLS, policies, grants, comments and, with p_keys, keys, indexes and disabled triggers of public.<table>.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.create_staging_tables()
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_tables text[] := ARRAY['unified_profiles', 'transactions', 'enrollments', 'leads'];
  v_t text;
  v_src regclass;
  v_dst text;
  v_cols text;
  v_sql text;
  v_result jsonb := '{}'::jsonb;
  r record;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ingest.staging'));

  -- One statement: the foreign keys among the staging tables do not decide the order. No CASCADE:
  -- anything else depending on a staging table is unexpected and must stop the rebuild.
  DROP TABLE IF EXISTS ingest.unified_profiles_staging, ingest.transactions_staging, ingest.enrollments_staging, ingest.leads_staging, ingest.users_staging;

  CREATE TABLE ingest.users_staging (
    id uuid CONSTRAINT users_staging_pkey PRIMARY KEY,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    raw_user_meta_data jsonb NOT NULL DEFAULT '{}'::jsonb,
    existing boolean NOT NULL DEFAULT false
  ) WITH (autovacuum_enabled = false);
  CREATE UNIQUE INDEX users_staging_email_key ON ingest.users_staging (lower(email));
  ALTER TABLE ingest.users_staging ENABLE ROW LEVEL SECURITY;
  REVOKE ALL ON ingest.users_staging FROM PUBLIC;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON ingest.users_staging TO service_role;
  END IF;
  -- data-subject requests (subjects.erase_subject, export_subject: docs/subjects.md) read and delete
  -- a staged person, as the definer role the clones' grants and policies already let them act as
  GRANT SELECT, UPDATE, DELETE ON ingest.users_staging TO unified_schema_definer;
  CREATE POLICY "the definer role acts for the package functions" ON ingest.users_staging
    FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
  COMMENT ON TABLE ingest.users_staging IS 'Auth users of the prepared data: existing = true keeps an auth.users id, false is inserted by the cutover.';

  -- 1. tables and columns (types, collations, identity, generated columns, defaults, NOT NULLs), then
  --    everything else production has but foreign keys (ingest.dress_staging_table: CHECKs, owner,
  --    keys, indexes, disabled triggers, RLS, policies, grants, comments)
  FOREACH v_t IN ARRAY v_tables LOOP
    v_src := pg_catalog.format('public.%I', v_t)::regclass;
    v_dst := pg_catalog.format('ingest.%I', v_t || '_staging');
    SELECT pg_catalog.string_agg(
             pg_catalog.format('%I %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))
             || CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation
                     THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
             || CASE
                  WHEN a.attidentity = 'a' THEN ' GENERATED ALWAYS AS IDENTITY'
                  WHEN a.attidentity = 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY'
                  WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                  WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid)
                  ELSE '' END
             || CASE WHEN NOT a.attnotnull THEN ''
                     WHEN nn.conname IS NOT NULL THEN pg_catalog.format(' CONSTRAINT %I NOT NULL', nn.conname)
                     ELSE ' NOT NULL' END,
             ', ' ORDER BY a.attnum)
      INTO v_cols
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      -- PostgreSQL 18 records NOT NULL as named constraints (contype 'n'); 15 has none.
      LEFT JOIN pg_catalog.pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey = ARRAY[a.attnum]
     WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped;
    -- autovacuum off: nothing reads the staged rows before the cutover, which gives the table
    -- production's storage options; a vacuum working through 2M staged rows would share the cores
    -- with the next prepare, whose DROP of these tables would wait for it to be cancelled
    EXECUTE pg_catalog.format('CREATE TABLE %s (%s) WITH (autovacuum_enabled = false)', v_dst, v_cols);
    PERFORM ingest.dress_staging_table(v_t, true);
  END LOOP;

  -- 2. foreign keys, once every referenced key exists: siblings → their clones, others unchanged
  FOREACH v_t IN ARRAY v_tables LOOP
    v_src := pg_catalog.format('public.%I', v_t)::regclass;
    v_dst := pg_catalog.format('ingest.%I', v_t || '_staging');
    FOR r IN
      SELECT c.conname, pg_catalog.pg_get_constraintdef(c.oid) AS def, c.confrelid::regclass::text AS target,
             ct.relname AS target_name, ctn.nspname AS target_schema, c.oid
        FROM pg_catalog.pg_constraint c
        JOIN pg_catalog.pg_class ct ON ct.oid = c.confrelid
        JOIN pg_catalog.pg_namespace ctn ON ctn.oid = ct.relnamespace
       WHERE c.conrelid = v_src AND c.contype = 'f'
       ORDER BY c.conname
    LOOP
      v_sql := r.def;
      IF r.target_schema = 'public' AND r.target_name = ANY (v_tables) THEN
        v_sql := pg_catalog.replace(r.def, ' REFERENCES ' || r.target || '(',
                   ' REFERENCES ' || pg_catalog.format('ingest.%I', r.target_name || '_staging') || '(');
        IF v_sql = r.def THEN
          RAISE EXCEPTION 'create_staging_tables: cannot retarget foreign key % (%)', r.conname, r.def;
        END IF;
      END IF;
      EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_dst, r.conname, v_sql);
      IF obj_description(r.oid, 'pg_constraint') IS NOT NULL THEN
        EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, v_dst, obj_description(r.oid, 'pg_constraint'));
      END IF;
    END LOOP;
  END LOOP;

  -- summary of what was built
  FOREACH v_t IN ARRAY v_tables LOOP
    v_dst := pg_catalog.format('ingest.%I', v_t || '_staging');
    v_result := v_result || jsonb_build_object(v_dst, jsonb_build_object(
      'columns', (SELECT count(*) FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_dst::regclass AND a.attnum > 0 AND NOT a.attisdropped),
      'constraints', (SELECT count(*) FROM pg_catalog.pg_constraint c WHERE c.conrelid = v_dst::regclass AND c.contype <> 'n'),
      'indexes', (SELECT count(*) FROM pg_catalog.pg_index i WHERE i.indrelid = v_dst::regclass),
      'policies', (SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = v_dst::regclass),
      'triggers', (SELECT count(*) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = v_dst::regclass AND NOT t.tgisinternal)));
  END LOOP;
  RETURN v_result;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.create_staging_tables() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.create_staging_tables() IS 'Re-creates ingest.users_staging and empty exact clones (columns, constraints, indexes, FKs, RLS, policies, grants, disabled triggers) of public.unified_profiles, transactions, enrollments and leads.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.validate_and_prepare_clean_data()
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_run_id bigint := nullif(current_setting('ingest.run_id', true), '')::bigint;
  v_own_run boolean := false;
  v_started timestamptz := clock_timestamp();
  v_null_product text := ingest.product_for(NULL);
  v_products jsonb;
  v_buyer_tag_patterns text[];
  v_manual_ids boolean;
  v_csv_invoices boolean;
  v_paid_without_email boolean;
  v_duplicates numeric;
  v_tx_exprs jsonb;
  v_product_sql text;
  v_null_contact bigint;
  v_with_user bigint;
  v_check_inv_emails boolean;
  v_non_php boolean;
  v_parallel_tuple_cost text := current_setting('parallel_tuple_cost');
  v_statistics_target text := current_setting('default_statistics_target');
  v_errors jsonb := '[]'::jsonb;
  v_report jsonb;
  v_n bigint;
  v_leads bigint;
  v_retained bigint;
  v_where text;
  v_join text;
  r record;
BEGIN
  -- the raw tables as they are once the writers in flight (loads, syncs, erasures) have committed, and
  -- as they stay to the commit: every statement writing them waits for this lock (ingest.wait_for_prepare),
  -- so the report, the work tables and the staged rows all read the same raw rows. Taken first, so that
  -- prepare holds no other lock while it waits for those writers (nor do erasures: they take it first too).
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ingest.raw'));
  IF v_run_id IS NULL THEN
    INSERT INTO ingest.run_log (kind, details) VALUES ('prepare', '{"via": "sql"}'::jsonb) RETURNING id INTO v_run_id;
    v_own_run := true;
  END IF;
  PERFORM set_config('work_mem', '128MB', true);
  -- the index rebuilds below sort 1M-row tables: in memory rather than in temp files
  PERFORM set_config('maintenance_work_mem', '256MB', true);
  -- one-off statements over big temp tables: compiling them (up to 0.6 s each at 1M rows) never pays off
  PERFORM set_config('jit', 'off', true);

  -- empty, exact clones of the production tables (takes the staging advisory lock)
  PERFORM ingest.create_staging_tables();

  -- bulk load: keys and indexes are built once after the fill (same names, definitions and comments)
  -- instead of being maintained row by row (random uuid primary keys), foreign keys checked once
  -- (one anti-join each) instead of by a per-row RI query. Those to auth.users come back NOT VALID
  -- when new users do not exist before the cutover inserts them; those to production tables
  -- (enrollments → courses: one RI query per enrollment) come back last, just before the commit,
  -- as adding one locks the referenced table against writes until then.
  -- the work tables of an earlier prepare in this transaction (they are dropped at its commit); checked
  -- first so that a session without them gets no "does not exist, skipping" notice per name
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_class c
              WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() AND c.relname LIKE '\_prep\_%') THEN
    DROP VIEW IF EXISTS pg_temp._prep_lead_candidates;
    DROP TABLE IF EXISTS pg_temp._prep_constraints, pg_temp._prep_indexes, pg_temp._prep_triggers, pg_temp._prep_products, pg_temp._prep_inv_by_description, pg_temp._prep_inv_emails,
      pg_temp._prep_dup_emails, pg_temp._prep_contacts, pg_temp._prep_buyers, pg_temp._prep_persons, pg_temp._prep_manual;
  END IF;
  CREATE TEMP TABLE _prep_constraints ON COMMIT DROP AS
    SELECT c.conrelid::regclass::text AS tbl, c.conname, c.contype, pg_catalog.pg_get_constraintdef(c.oid) AS def,
           c.confrelid = 'auth.users'::regclass AS to_auth,
           c.contype = 'f' AND c.confrelid <> 'auth.users'::regclass AND c.confrelid NOT IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass, 'ingest.users_staging'::regclass) AS to_production,
           pg_catalog.obj_description(c.oid, 'pg_constraint') AS description
      FROM pg_catalog.pg_constraint c
     WHERE c.contype IN ('f', 'p', 'u') AND c.conrelid IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass, 'ingest.users_staging'::regclass);
  -- foreign keys first: they depend on the keys they reference
  FOR r IN SELECT * FROM pg_temp._prep_constraints ORDER BY contype <> 'f', tbl, conname LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
  END LOOP;
  CREATE TEMP TABLE _prep_indexes ON COMMIT DROP AS
    SELECT ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid) AS def
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
     WHERE i.indrelid IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass, 'ingest.users_staging'::regclass)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid);
  FOR r IN SELECT * FROM pg_temp._prep_indexes LOOP
    EXECUTE format('DROP INDEX ingest.%I', r.relname);
  END LOOP;

  -- triggers (created disabled): dropped during the fill and created again after it, because a
  -- trigger with transition tables makes every INSERT keep its rows in a tuplestore even while the
  -- trigger is disabled (1M transactions: a 320 MB temp file)
  CREATE TEMP TABLE _prep_triggers ON COMMIT DROP AS
    SELECT t.tgrelid::regclass::text AS tbl, t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def, t.tgenabled,
           pg_catalog.obj_description(t.oid, 'pg_trigger') AS description
      FROM pg_catalog.pg_trigger t
     WHERE t.tgrelid IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass) AND NOT t.tgisinternal;
  FOR r IN SELECT * FROM pg_temp._prep_triggers LOOP
    EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.tbl);
  END LOOP;

  -- the catalog, with each product's course
  CREATE TEMP TABLE _prep_products ON COMMIT DROP AS
    SELECT p.code, p.list_price, p.currency, p.buyer_tag, p.creates_profile, p.course_slug, c.id AS course_id, p.priority
      FROM ingest.products p
      LEFT JOIN public.courses c ON c.slug = p.course_slug;

  -- The raw tables' statistics, sampled when they have none: right after a load, before autovacuum
  -- has analyzed a table, the planner knows nothing of it. It then plans the two aggregates of the
  -- invoices for a few hundred groups (1M invoices: _prep_inv_by_description in one process, 0.78 s
  -- instead of 0.38 s with a worker; _prep_inv_emails with a hash per process, 1.6 s instead of
  -- 0.74 s), and the joins on the emails of several contacts without knowing that nearly every email
  -- is distinct. Only the columns those statements group and join on are sampled (~0.2 s for the
  -- invoices, 0.15 s for the contacts' emails; a whole-table ANALYZE 0.35 s each); a column list
  -- leaves autovacuum's own ANALYZE of the table due. SKIP_LOCKED: when autovacuum is working on a
  -- table (it does right after a load), waiting would last deadlock_timeout and then cancel that
  -- vacuum; the statistics are only a help (they do not decide how the contacts' emails are grouped:
  -- in the email index's order once the table's pages are all-visible, by a hash after a sequential
  -- scan before), so this prepare goes on without them and PostgreSQL says so in a warning.
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stats st
                  WHERE st.schemaname = 'ingest' AND st.tablename = 'xendit_raw' AND st.attname = 'description') THEN
    ANALYZE (SKIP_LOCKED) ingest.xendit_raw (description, status, currency, email_normalized, id);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stats st
                  WHERE st.schemaname = 'ingest' AND st.tablename = 'systemeio_raw' AND st.attname = 'email_normalized') THEN
    ANALYZE (SKIP_LOCKED) ingest.systemeio_raw (email_normalized);
  END IF;
  -- the invoices per description, status and currency, counted by parallel workers (a SELECT INTO
  -- never runs in parallel: PL/pgSQL asks it for at most two rows): the keys of the product map, the
  -- report's counts and revenue, and what the blocking checks below need to know exists
  CREATE TEMP TABLE _prep_inv_by_description ON COMMIT DROP AS
    SELECT x.description, lower(x.status) AS status, x.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL') AS staged,
           x.currency = 'PHP' AS in_revenue_currency, count(*) AS n, sum(x.amount) AS amount,
           bool_or(x.id LIKE 'manual-%') AS manual_ids, bool_or(x.source_format = 'csv') AS csv,
           count(*) FILTER (WHERE x.email_normalized IS NULL) AS n_without_email
      FROM ingest.xendit_raw x
     GROUP BY 1, 2, 3, 4;
  -- product by ingest.product_for once per distinct description: a jsonb map (a plpgsql value, not a
  -- temporary table, so that the statements reading xendit_raw with it run in parallel)
  SELECT jsonb_object_agg(d.description, ingest.product_for(d.description)) INTO v_products
    FROM (SELECT DISTINCT i.description FROM pg_temp._prep_inv_by_description i WHERE i.description IS NOT NULL) d;
  -- whether any invoice id looks like a manual payment's (hostile data; see _prep_manual), any invoice
  -- came from a CSV export, any paid invoice of a product that grants an account has no email: the
  -- blocking checks that look for these read the invoices only when there is something to find
  SELECT coalesce(bool_or(i.manual_ids), false), coalesce(bool_or(i.csv), false),
         coalesce(bool_or(i.n_without_email > 0 AND i.status IN ('paid', 'settled')
                          AND coalesce(v_products ->> i.description, v_null_product) IN (SELECT p.code FROM pg_temp._prep_products p WHERE p.creates_profile)), false)
    INTO v_manual_ids, v_csv_invoices, v_paid_without_email
    FROM pg_temp._prep_inv_by_description i;
  -- contacts merged per normalized email: names and phone from the latest registered contact having
  -- them; tags distinct, sorted and non-blank (NULL when none). Nearly every email has one contact:
  -- _prep_contacts starts as one row per contact, its values taken as they are, made by parallel
  -- workers (a projection: no sort or grouping of the 1M emails, which took the process merging the
  -- groups ~2 s); the emails of several contacts (_prep_dup_emails, from the email index) are then
  -- replaced by one merged row each. A contact with at most one tag takes it as it is (or none when
  -- blank); only the others (tags_merge) go through the unnesting, sorting aggregate below.
  -- The work tables' statistics steer only this function's joins (which side is hashed, hash or
  -- merge): a 3,000-row sample (target 10) tells them that as well as the default 30,000 rows, in
  -- an eighth of the time (the five ANALYZEs of work tables: 0.41 s -> 0.07 s at 1M + 1M). The
  -- staging tables' statistics go to production with the swap: those are sampled at the server's
  -- own target (v_statistics_target), restored around their ANALYZEs and before the return.
  PERFORM set_config('default_statistics_target', '10', true);
  -- Before the low parallel_tuple_cost below: with it, the planner gathers the 1M emails from a
  -- worker and hashes them in one process (0.7 s at 1M contacts) instead of grouping them in the
  -- email index's order (0.22 s).
  CREATE TEMP TABLE _prep_dup_emails ON COMMIT DROP AS
    SELECT s.email_normalized AS email, count(*) AS n
      FROM ingest.systemeio_raw s
     GROUP BY s.email_normalized
    HAVING count(*) > 1;
  -- From here to the transactions, the statements that read regular tables (xendit_raw, systemeio_raw,
  -- users_staging) evaluate per-row expressions (product map, email check, buyer-tag filter, new
  -- ids, metadata) that cost more than handing a row over from a parallel worker, which the
  -- planner's default parallel_tuple_cost does not see (1M invoices, 2 cores: _prep_inv_emails
  -- 1.24 s in one process, 0.86 s with a worker; the invoices' staged rows 2.1 s -> 1.2 s). The other statements in
  -- between read temporary tables or insert, which PostgreSQL 15 never runs in parallel.
  PERFORM set_config('parallel_tuple_cost', '0.001', true);
  -- the invoices per payer email and product (first invoice, paid or not), from xendit_raw: buyers,
  -- users, leads and the report read these ~500k rows instead of the 1M invoices (those are read
  -- once more, after the users, to make transactions_staging). Workers scan the invoices and map
  -- each one's product.
  CREATE TEMP TABLE _prep_inv_emails ON COMMIT DROP AS
    SELECT x.email_normalized AS email, coalesce(v_products ->> x.description, v_null_product) AS product,
           min(x.created) AS first_invoice, bool_or(lower(x.status) IN ('paid', 'settled')) AS paid
      FROM ingest.xendit_raw x
     WHERE x.email_normalized IS NOT NULL
     GROUP BY 1, 2;
  ANALYZE pg_temp._prep_inv_emails (email, product, paid);

  -- LIKE patterns of the non-blank buyer tags (lowercased, trimmed, LIKE's wildcards escaped): a
  -- contact whose lowercased tags, joined, contain none of them has no buyer tag (a blank buyer tag
  -- is matched on its own, below)
  SELECT coalesce(array_agg(DISTINCT '%' || replace(replace(replace(lower(btrim(p.buyer_tag)), '\', '\\'), '%', '\%'), '_', '\_') || '%'), '{}')
    INTO v_buyer_tag_patterns
    FROM pg_temp._prep_products p WHERE p.creates_profile AND btrim(p.buyer_tag) <> '';
  -- email_ok is production's email CHECK (users, profiles and leads reuse it); tag_buyer whether any
  -- of the contact's tags may be a buyer tag (a cheap filter without false negatives: only those
  -- contacts' tags are matched against the catalog's buyer tags, exactly, in _prep_buyers). The
  -- workers evaluate both (parallel_tuple_cost is low, above). new_id is the id of the lead or new
  -- auth user the contact may become: gen_random_uuid() costs ~1.2 us a call, and here two processes
  -- share the 1M calls (+0.65 s), which the leads and users inserts, one process each, no longer
  -- make (-0.7 s and -0.35 s at 1M contacts).
  CREATE TEMP TABLE _prep_contacts ON COMMIT DROP AS
    SELECT s.email_normalized AS email,
           char_length(s.email_normalized) <= 320 AND s.email_normalized ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$' AS email_ok,
           lower(array_to_string(s.tags, ' ')) LIKE ANY (v_buyer_tag_patterns) AS tag_buyer,
           nullif(s.first_name, '') AS first_name, nullif(s.last_name, '') AS last_name, nullif(s.phone, '') AS phone,
           s.id AS systemeio_id, coalesce(s.registered_at, s.api_synced_at) AS first_seen,
           CASE WHEN cardinality(s.tags) <= 1 AND btrim(array_to_string(s.tags, '')) <> '' THEN s.tags END AS tags,
           cardinality(s.tags) > 1 AS tags_merge,
           gen_random_uuid() AS new_id
      FROM ingest.systemeio_raw s;
  -- the report's duplicates: the contacts of an email beyond its first
  SELECT coalesce(sum(d.n - 1), 0) INTO v_duplicates FROM pg_temp._prep_dup_emails d;
  IF v_duplicates > 0 THEN
    DELETE FROM pg_temp._prep_contacts c USING pg_temp._prep_dup_emails d WHERE c.email = d.email;
    -- the first non-empty value in (registered_at DESC NULLS LAST, id DESC) order; tags merged below
    INSERT INTO pg_temp._prep_contacts (email, email_ok, tag_buyer, first_name, last_name, phone, systemeio_id, first_seen, tags, tags_merge, new_id)
    SELECT s.email_normalized,
           char_length(s.email_normalized) <= 320 AND s.email_normalized ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$',
           bool_or(lower(array_to_string(s.tags, ' ')) LIKE ANY (v_buyer_tag_patterns)),
           (array_agg(s.first_name ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.first_name <> ''))[1],
           (array_agg(s.last_name ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.last_name <> ''))[1],
           (array_agg(s.phone ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.phone <> ''))[1],
           (array_agg(s.id ORDER BY s.registered_at DESC NULLS LAST, s.id DESC))[1],
           coalesce(min(s.registered_at), min(s.api_synced_at)), NULL, true, gen_random_uuid()
      FROM ingest.systemeio_raw s
     WHERE s.email_normalized IN (SELECT d.email FROM pg_temp._prep_dup_emails d)
     GROUP BY s.email_normalized;
  END IF;
  ANALYZE pg_temp._prep_contacts (email, tags_merge);
  UPDATE pg_temp._prep_contacts c
     SET tags = m.tags
    FROM (SELECT s.email_normalized AS email, array_agg(DISTINCT t.tag ORDER BY t.tag) AS tags
            FROM ingest.systemeio_raw s CROSS JOIN LATERAL unnest(s.tags) AS t(tag)
           WHERE btrim(t.tag) <> '' AND s.email_normalized IN (SELECT d.email FROM pg_temp._prep_contacts d WHERE d.tags_merge)
           GROUP BY s.email_normalized) m
   WHERE c.email = m.email;

  -- buyers of profile-creating products: a paid/settled invoice, or the product's buyer tag
  CREATE TEMP TABLE _prep_buyers ON COMMIT DROP AS
    SELECT b.email, b.product, bool_or(b.by_invoice) AS by_invoice
      FROM (
        SELECT i.email, i.product, true AS by_invoice
          FROM pg_temp._prep_inv_emails i JOIN pg_temp._prep_products p ON p.code = i.product AND p.creates_profile
         WHERE i.paid
        UNION ALL
        -- the tags unnested once: _prep_contacts has every email's distinct non-blank tags
        SELECT tg.email, p.code, false
          FROM pg_temp._prep_contacts tg CROSS JOIN LATERAL unnest(tg.tags) AS t(tag)
          JOIN pg_temp._prep_products p
            ON p.creates_profile AND p.buyer_tag IS NOT NULL AND lower(btrim(t.tag)) = lower(btrim(p.buyer_tag))
         WHERE tg.tag_buyer
        UNION ALL
        -- a blank buyer tag matches blank tags, which _prep_contacts leaves out (not read otherwise)
        SELECT s.email_normalized, p.code, false
          FROM ingest.systemeio_raw s CROSS JOIN LATERAL unnest(s.tags) AS t(tag)
          JOIN pg_temp._prep_products p
            ON p.creates_profile AND btrim(p.buyer_tag) = '' AND btrim(t.tag) = ''
         WHERE EXISTS (SELECT 1 FROM pg_temp._prep_products bp WHERE bp.creates_profile AND btrim(bp.buyer_tag) = '')
      ) b
     GROUP BY b.email, b.product;
  ANALYZE pg_temp._prep_buyers (email, product, by_invoice);
  -- the persons with their merged contact (and tags), joined once here: users, profiles and manual
  -- payments read these ~300k rows instead of hashing the 1M contacts again each
  CREATE TEMP TABLE _prep_persons ON COMMIT DROP AS
    SELECT p.email, coalesce(c.email_ok, char_length(p.email) <= 320 AND p.email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$') AS email_ok,
           c.email IS NOT NULL AS has_contact, c.first_name, c.last_name,
           -- the phone without its separators, stripped once (the profile keeps it when it is a number)
           regexp_replace(c.phone, '[[:space:]().-]', '', 'g') AS phone_digits, c.systemeio_id,
           c.first_seen, c.tags, c.new_id
      -- the ~300k persons hashed and the 1M contacts streamed past them (not the other way round)
      FROM pg_temp._prep_contacts c
      RIGHT JOIN (SELECT DISTINCT b.email FROM pg_temp._prep_buyers b) p ON c.email = p.email;
  ANALYZE pg_temp._prep_persons (email, email_ok);

  -- 1. auth users: an existing auth.users row with the same lower(email) keeps its id; a new one
  --    takes its contact's new_id (a buyer known only from invoices: a new one)
  INSERT INTO ingest.users_staging (id, email, created_at, raw_user_meta_data, existing)
  SELECT coalesce(u.id, p.new_id, gen_random_uuid()), p.email,
         coalesce(u.created_at, least(p.first_seen, fi.first_invoice), now()),
         jsonb_strip_nulls(jsonb_object(ARRAY['first_name', 'last_name', 'source'], ARRAY[p.first_name, p.last_name, 'ingest'])),
         u.id IS NOT NULL
    FROM pg_temp._prep_persons p
    LEFT JOIN (SELECT DISTINCT ON (lower(au.email)) lower(au.email) AS email, au.id, au.created_at
                 FROM auth.users au WHERE au.email IS NOT NULL
                ORDER BY lower(au.email), au.created_at, au.id) u ON u.email = p.email
    LEFT JOIN (SELECT i.email, min(i.first_invoice) AS first_invoice FROM pg_temp._prep_inv_emails i
                WHERE i.email IN (SELECT pe.email FROM pg_temp._prep_persons pe WHERE pe.email_ok) GROUP BY i.email) fi
      ON fi.email = p.email
   WHERE p.email_ok;
  -- statistics of the columns the later joins read; a column list leaves the table's own (full)
  -- ANALYZE due to autovacuum, for after the cutover
  PERFORM set_config('default_statistics_target', v_statistics_target, true);
  ANALYZE ingest.users_staging (id, email);
  PERFORM set_config('default_statistics_target', '10', true);

  -- 2. profiles (id = auth user id); Systeme.io wins for names, phone and tags. Fields only an
  --    admin sets (status, membership, affiliate, admin_metadata, source) survive from production.
  INSERT INTO ingest.unified_profiles_staging (id, email, first_name, last_name, phone, tags, acquisition_source, status,
                                               admin_metadata, systemeio_id, membership_level_id, affiliate_id, created_at, updated_at)
  SELECT u.id, u.email, c.first_name, c.last_name,
         CASE WHEN c.phone_digits ~ '^\+?[0-9]{7,15}$' THEN c.phone_digits END,
         -- at most production's number of tags: the first ones in sort order (too_many_tags below)
         CASE WHEN cardinality(c.tags) > 100 THEN c.tags[1:100] ELSE coalesce(c.tags, '{}'::text[]) END,
         coalesce(pp.acquisition_source, CASE WHEN c.has_contact THEN 'systemeio' ELSE 'xendit' END),
         coalesce(pp.status, 'active'), coalesce(pp.admin_metadata, '{}'::jsonb), c.systemeio_id,
         pp.membership_level_id, pp.affiliate_id, coalesce(pp.created_at, u.created_at), now()
    FROM ingest.users_staging u
    LEFT JOIN pg_temp._prep_persons c ON c.email = u.email
    LEFT JOIN public.unified_profiles pp ON pp.id = u.id;

  -- 2b. leads: contacts who are no buyer and have no paid invoice (the report's leads) with a valid
  --     email; a lead already in production keeps its id, source and created_at. The report counts
  --     the leads with an invalid email too: the few such contacts are counted apart, not every
  --     candidate twice. (A view, dropped with the tables it reads at the commit.)
  --     A buyer by invoice has a paid invoice (the first test); a buyer by tag has tag_buyer set, or
  --     any contact is one when the catalog has a blank buyer tag: only those are looked up among
  --     the buyers (~200k of the 1M contacts instead of every contact without a paid invoice).
  CREATE TEMP VIEW _prep_lead_candidates AS
    SELECT c.* FROM pg_temp._prep_contacts c
     WHERE NOT EXISTS (SELECT 1 FROM pg_temp._prep_inv_emails i WHERE i.email = c.email AND i.paid)
       AND NOT ((c.tag_buyer OR EXISTS (SELECT 1 FROM pg_temp._prep_products bp WHERE bp.creates_profile AND btrim(bp.buyer_tag) = ''))
                AND EXISTS (SELECT 1 FROM pg_temp._prep_buyers b WHERE b.email = c.email));
  INSERT INTO ingest.leads_staging (id, email, first_name, last_name, tags, source, systemeio_id, first_seen_at, created_at, updated_at)
  SELECT coalesce(pl.id, c.new_id), c.email, c.first_name, c.last_name, coalesce(c.tags, '{}'::text[]),
         coalesce(pl.source, 'systemeio'), c.systemeio_id, coalesce(c.first_seen, now()), coalesce(pl.created_at, now()), now()
    FROM pg_temp._prep_lead_candidates c
    LEFT JOIN public.leads pl ON lower(pl.email) = c.email
   WHERE c.email_ok;
  GET DIAGNOSTICS v_leads = ROW_COUNT;
  v_leads := v_leads + (SELECT count(*) FROM pg_temp._prep_lead_candidates c WHERE c.email_ok IS NOT TRUE);

  -- 3. transactions: every invoice in a staged currency, then one manual payment per tagged buyer
  --    without a paid invoice. transactions_staging itself is made from the invoices by CREATE TABLE
  --    … AS, whose query parallel workers run (an INSERT … SELECT runs in one process in PostgreSQL
  --    15): product by the jsonb map of the descriptions, normalized status, production's email
  --    CHECK, each invoice's staged user and transaction id (a production transaction with the same
  --    external id keeps its id) and its metadata. Its columns are production's, in order, cast to
  --    their types, read from the catalog (ingest.staging_select_list: a column without an
  --    expression here takes its default); ingest.dress_staging_table then adds the defaults, NOT
  --    NULLs and CHECKs (one scan), RLS, policies, grants and comments, and the keys, indexes and
  --    triggers come back with the other tables' below. The last statement run with the low
  --    parallel_tuple_cost set above.
  -- the product map and the fallback product are parameters ($1, $2), never text of the statement:
  -- the map's keys are invoice descriptions, written by whoever loads the raw invoices
  v_product_sql := 'coalesce($1 ->> x.description, $2)';
  v_tx_exprs := jsonb_build_object(
    'id', 'coalesce(pt.id, gen_random_uuid())',
    'user_id', 'u.id',
    'amount', 'x.amount',
    'currency', 'x.currency',
    'status', 'lower(x.status)',
    'transaction_type', pg_catalog.format('CASE WHEN %1$s = ANY (%2$L::text[]) THEN %1$s ELSE %3$L END', v_product_sql, ARRAY['P2P', 'Canva', 'Other'], 'Other'),
    'payment_method', 'x.payment_method',
    'external_id', 'x.id',
    'contact_email', pg_catalog.format('CASE WHEN char_length(x.email_normalized) <= %s AND x.email_normalized ~ %L THEN x.email_normalized END',
                                       320, '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'),
    -- jsonb_object over text arrays: the same object as jsonb_build_object of these text values,
    -- without its per-argument type lookups (2.5x faster per row on PostgreSQL 15)
    'metadata', pg_catalog.format('jsonb_strip_nulls(jsonb_object(%L::text[], ARRAY[%L, %s, x.external_id, x.description, x.payment_channel, x.source_format]))',
                                  ARRAY['source', 'product', 'reference', 'description', 'payment_channel', 'source_format'], 'xendit', v_product_sql),
    'paid_at', pg_catalog.format('CASE WHEN lower(x.status) = ANY (%L::text[]) THEN coalesce(x.paid_at, x.updated, x.created) END', ARRAY['paid', 'settled']),
    'settled_at', pg_catalog.format('CASE WHEN lower(x.status) = %L THEN coalesce(x.updated, x.paid_at, x.created) END', 'settled'),
    'created_at', 'coalesce(x.created, x.paid_at, now())',
    'updated_at', 'coalesce(x.updated, x.created, x.paid_at, now())');
  -- its keys, indexes and triggers were dropped above; its foreign keys and those referencing it too
  DROP TABLE ingest.transactions_staging;
  EXECUTE pg_catalog.format(
    'CREATE TABLE ingest.transactions_staging WITH (autovacuum_enabled = false) AS SELECT %s
       FROM ingest.xendit_raw x
       LEFT JOIN ingest.users_staging u ON u.email = x.email_normalized
       LEFT JOIN public.transactions pt ON pt.external_id = x.id
      WHERE x.currency = ANY (%L::text[])', ingest.staging_select_list('transactions', v_tx_exprs), ARRAY['AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL'])
    USING v_products, v_null_product;
  PERFORM set_config('parallel_tuple_cost', v_parallel_tuple_cost, true);
  -- the staged invoices without a payer email (their contact_email is NULL) and with a user: an
  -- invoice whose email production refuses is staged without it, so more NULLs than invoices
  -- without an email means there are such invoices for the check below to name
  SELECT count(*) FILTER (WHERE t.contact_email IS NULL), count(*) FILTER (WHERE t.user_id IS NOT NULL)
    INTO v_null_contact, v_with_user
    FROM ingest.transactions_staging t;
  v_check_inv_emails := v_null_contact > (SELECT coalesce(sum(i.n_without_email), 0) FROM pg_temp._prep_inv_by_description i WHERE i.staged);
  v_non_php := EXISTS (SELECT 1 FROM pg_temp._prep_inv_by_description i WHERE i.in_revenue_currency IS NOT TRUE);
  PERFORM ingest.dress_staging_table('transactions', false);

  CREATE TEMP TABLE _prep_manual ON COMMIT DROP AS
    SELECT m.*,
           -- an invoice id that looks like a manual one (hostile data) keeps its id: no manual payment,
           -- a blocking error (duplicate_external_id) instead; looked up only when any invoice id
           -- looks like one (counted in _prep_inv_by_description)
           v_manual_ids AND EXISTS (SELECT 1 FROM ingest.xendit_raw x WHERE x.id = m.external_id) AS taken,
           coalesce(pt.id, gen_random_uuid()) AS new_id, u.id AS user_id,
           jsonb_strip_nulls(jsonb_object(ARRAY['source', 'product'], ARRAY['manual', m.product])) AS metadata
      FROM (SELECT 'manual-' || lower(p.code) || '-' || md5(b.email) AS external_id, b.email, b.product, p.list_price AS amount,
                   p.currency, c.first_seen, c.email_ok
              FROM pg_temp._prep_buyers b
              JOIN pg_temp._prep_products p ON p.code = b.product
              JOIN pg_temp._prep_persons c ON c.email = b.email
             WHERE NOT b.by_invoice AND p.list_price IS NOT NULL
            -- kept a subquery: flattened, its md5 was computed twice a row (the join key and the output)
            OFFSET 0) m
      LEFT JOIN ingest.users_staging u ON u.email = m.email
      LEFT JOIN public.transactions pt ON pt.external_id = m.external_id;
  ANALYZE pg_temp._prep_manual (external_id, email, product, currency, taken);
  -- the manual payments: paid when the contact was first seen
  INSERT INTO ingest.transactions_staging (id, user_id, amount, currency, status, transaction_type, payment_method, external_id,
                                           contact_email, metadata, paid_at, created_at, updated_at)
  SELECT m.new_id, m.user_id, m.amount, m.currency, 'paid',
         CASE WHEN m.product IN ('P2P', 'Canva', 'Other') THEN m.product ELSE 'Other' END,
         'manual', m.external_id, CASE WHEN m.email_ok THEN m.email END, m.metadata,
         m.first_seen, coalesce(m.first_seen, now()), coalesce(m.first_seen, now())
    FROM pg_temp._prep_manual m
   WHERE NOT m.taken AND m.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL');
  v_with_user := v_with_user + (SELECT count(*) FROM pg_temp._prep_manual m
                                 WHERE NOT m.taken AND m.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL') AND m.user_id IS NOT NULL);
  -- 3c. payments production keeps detached (no user, no email: their person was erased, docs/subjects.md)
  --     that the raw data no longer gives (the erasure deleted the raw invoice, or the contact whose tag
  --     made a manual payment): staged as they are, so that no cutover drops a financial record it must
  --     keep for FINANCIAL_RETENTION. Read through the user_id index (its NULL entries).
  INSERT INTO ingest.transactions_staging
  SELECT pt.* FROM public.transactions pt
   WHERE pt.user_id IS NULL AND pt.contact_email IS NULL
     AND NOT EXISTS (SELECT 1 FROM ingest.xendit_raw x WHERE x.id = pt.external_id AND x.currency = ANY (ARRAY['AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL']))
     AND NOT EXISTS (SELECT 1 FROM pg_temp._prep_manual m WHERE m.external_id = pt.external_id AND NOT m.taken AND m.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL'));
  GET DIAGNOSTICS v_retained = ROW_COUNT;
  PERFORM set_config('default_statistics_target', v_statistics_target, true);
  ANALYZE ingest.transactions_staging (id, user_id, status);

  -- 4. enrollments: one per buyer and course, linked to the earliest paid/settled transaction of the
  --    product (the manual one when there is no invoice); ids and last access survive from production
  INSERT INTO ingest.enrollments_staging (id, user_id, course_id, transaction_id, status, enrolled_at, last_accessed_at, metadata, updated_at)
  SELECT coalesce(pe.id, gen_random_uuid()), e.user_id, e.course_id, e.transaction_id, 'active', e.enrolled_at,
         pe.last_accessed_at, jsonb_object(ARRAY['source', 'product'], ARRAY['ingest', e.product]), now()
    FROM (SELECT DISTINCT ON (t.user_id, p.course_id) t.user_id, p.course_id, t.id AS transaction_id,
                 coalesce(t.paid_at, t.created_at) AS enrolled_at, p.code AS product
            FROM ingest.transactions_staging t
            JOIN pg_temp._prep_products p ON p.code = t.metadata ->> 'product' AND p.creates_profile AND p.course_id IS NOT NULL
           WHERE t.user_id IS NOT NULL AND t.status IN ('paid', 'settled')
           ORDER BY t.user_id, p.course_id, t.paid_at, t.created_at, t.id) e
    LEFT JOIN public.enrollments pe ON pe.user_id = e.user_id AND pe.course_id = e.course_id AND pe.status = 'active';

  -- keys and indexes, built from the filled tables
  FOR r IN SELECT * FROM pg_temp._prep_constraints WHERE contype <> 'f' ORDER BY tbl, contype, conname LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    IF r.description IS NOT NULL THEN
      EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.tbl, r.description);
    END IF;
  END LOOP;
  FOR r IN SELECT * FROM pg_temp._prep_indexes ORDER BY relname LOOP
    EXECUTE r.def;
  END LOOP;

  FOR r IN SELECT * FROM pg_temp._prep_triggers ORDER BY tbl, tgname LOOP
    EXECUTE r.def;
    EXECUTE format('ALTER TABLE %s %s TRIGGER %I', r.tbl,
                   CASE r.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE' END,
                   r.tgname);
    IF r.description IS NOT NULL THEN
      EXECUTE format('COMMENT ON TRIGGER %I ON %s IS %L', r.tgname, r.tbl, r.description);
    END IF;
  END LOOP;

  -- FKs among staging and to auth.users back: validated (one anti-join each), except those to
  -- auth.users while staged users are new
  FOR r IN SELECT * FROM pg_temp._prep_constraints WHERE contype = 'f' AND NOT to_production ORDER BY tbl, conname LOOP
    IF r.to_auth AND EXISTS (SELECT 1 FROM ingest.users_staging WHERE NOT existing) THEN
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', r.tbl, r.conname, r.def);
    ELSE
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    END IF;
    IF r.description IS NOT NULL THEN
      EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.tbl, r.description);
    END IF;
  END LOOP;

  -- blocking errors ------------------------------------------------------------------------------
  -- One row per offending item and check (ord = the check's place in the report), then one message per
  -- check that found something: the count and the first 5 items in their sort order.
  WITH tx_hits AS MATERIALIZED (
    -- checks 3-5 in one pass over the invoices and the manual payments: a cheap filter first, the
    -- checks on what it keeps. The invoices are read only when some are not in the revenue currency
    -- or some staged one lost a refused email (v_non_php, v_check_inv_emails above); an invoice in a
    -- currency production refuses is not in the revenue currency either.
    SELECT t.external_id, t.currency,
           t.email IS NOT NULL AND NOT t.email_ok
             AND NOT EXISTS (SELECT 1 FROM pg_temp._prep_persons p WHERE p.email = t.email) AS bad_email,
           t.currency NOT IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL') AS unsupported,
           t.is_paid AS is_paid
      FROM (SELECT x.id AS external_id, x.currency, x.email_normalized AS email,
                   char_length(x.email_normalized) <= 320 AND x.email_normalized ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$' AS email_ok,
                   lower(x.status) IN ('paid', 'settled') AS is_paid
              FROM ingest.xendit_raw x
             WHERE v_non_php OR v_check_inv_emails
            UNION ALL
            SELECT m.external_id, m.currency, m.email, m.email_ok, true
              FROM pg_temp._prep_manual m
             WHERE NOT m.taken) t
     WHERE (v_check_inv_emails AND t.email IS NOT NULL AND NOT t.email_ok) OR t.currency <> 'PHP'
  ), found (ord, sort_key, item) AS (
    SELECT 1, x.id, x.id
      FROM ingest.xendit_raw x
      JOIN pg_temp._prep_products p ON p.code = coalesce(v_products ->> x.description, v_null_product) AND p.creates_profile
     WHERE v_paid_without_email AND lower(x.status) IN ('paid', 'settled') AND x.email_normalized IS NULL
    UNION ALL
    SELECT 2, p.email, p.email FROM pg_temp._prep_persons p WHERE NOT p.email_ok
    UNION ALL
    SELECT 3, h.external_id, h.external_id FROM tx_hits h WHERE h.bad_email
    UNION ALL
    SELECT 4, h.external_id, h.external_id || ' (' || h.currency || ')' FROM tx_hits h WHERE h.unsupported
    UNION ALL
    SELECT 5, h.external_id, h.external_id || ' (' || h.currency || ')' FROM tx_hits h
     WHERE h.is_paid AND NOT h.unsupported AND h.currency <> 'PHP'
    UNION ALL
    SELECT 6, m.email, m.email FROM pg_temp._prep_manual m WHERE m.taken
    UNION ALL
    SELECT 7, c.external_id, c.external_id
      FROM ingest.xendit_raw c
     WHERE v_csv_invoices AND c.source_format = 'csv' AND c.external_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM ingest.xendit_raw a WHERE a.source_format = 'api' AND a.external_id = c.external_id)
    UNION ALL
    -- a buyer's tags (one contact's, or several contacts' merged) over production's limit for a profile
    SELECT 8, p.email, p.email || ' (' || cardinality(p.tags) || ')' FROM pg_temp._prep_persons p
     WHERE p.email_ok AND cardinality(p.tags) > 100
  ), ranked AS (
    SELECT f.ord, f.item, row_number() OVER (PARTITION BY f.ord ORDER BY f.sort_key) AS rn FROM found f
  ), per_check AS (
    SELECT k.ord, count(*) AS n, string_agg(k.item, ', ' ORDER BY k.rn) FILTER (WHERE k.rn <= 5) AS samples
      FROM ranked k GROUP BY k.ord
  )
  SELECT v_errors || coalesce(jsonb_agg(jsonb_build_object('code', m.code, 'message', format(m.message, c.n, c.samples)) ORDER BY c.ord), '[]'::jsonb)
    INTO v_errors
    FROM per_check c
    JOIN (VALUES
      (1, 'buyer_without_email', '%s paid or settled invoice(s) of a product that grants an account have no payer email: the buyer gets no account or enrollment (invoices %s)'),
      (2, 'invalid_buyer_email', '%s buyer email(s) are refused by the production email check: no auth user, profile or enrollment staged for them (%s)'),
      (3, 'invalid_contact_email', '%s transaction(s) have a payer email the production email check refuses: staged without contact_email (%s)'),
      (4, 'unsupported_currency', '%s transaction(s) have a currency production does not accept: not staged (%s)'),
      (5, 'non_php_revenue', '%s paid or settled transaction(s) are not in PHP: left out of the revenue (no exchange rates) (%s)'),
      (6, 'duplicate_external_id', '%s manual payment id(s) are already used by an invoice: no manual payment staged for %s'),
      (7, 'duplicate_invoice', '%s invoice(s) were loaded both from the API and from a CSV export (same external_id): their payments would count twice (%s)'),
      (8, 'too_many_tags', '%s buyer(s) have more than 100 distinct tags, the most a profile keeps: their profile is staged with the first 100 in sort order (%s)')
    ) AS m (ord, code, message) ON m.ord = c.ord;

  FOR r IN
    SELECT p.code FROM pg_temp._prep_products p
     WHERE p.list_price IS NULL AND EXISTS (SELECT 1 FROM pg_temp._prep_buyers b WHERE b.product = p.code AND NOT b.by_invoice)
  LOOP
    SELECT count(*) INTO v_n FROM pg_temp._prep_buyers b WHERE b.product = r.code AND NOT b.by_invoice;
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'manual_price_missing', 'message',
      format('%s contact(s) are tagged as %s buyers without a paid invoice, but the catalog has no list_price for %s: no manual payment staged', v_n, r.code, r.code)));
  END LOOP;

  FOR r IN
    SELECT p.code, p.course_slug FROM pg_temp._prep_products p
     WHERE p.creates_profile AND p.course_slug IS NOT NULL AND p.course_id IS NULL
       AND EXISTS (SELECT 1 FROM pg_temp._prep_buyers b WHERE b.product = p.code)
  LOOP
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'course_missing', 'message',
      format('the course %L of product %s is not in public.courses: its buyers get no enrollment', r.course_slug, r.code)));
  END LOOP;

  -- rows of other tables that reference production rows the prepared data no longer has: the
  -- cutover could not re-point their foreign keys
  FOR r IN
    SELECT c.conname, c.conrelid::regclass::text AS src, t.relname AS target,
           ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(att, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att ORDER BY k.ord) AS cols,
           ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(att, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att ORDER BY k.ord) AS refcols
      FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_class t ON t.oid = c.confrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_catalog.pg_class s ON s.oid = c.conrelid
      JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
     WHERE c.contype = 'f' AND n.nspname = 'public' AND t.relname IN ('unified_profiles', 'transactions', 'enrollments', 'leads')
       AND NOT (sn.nspname = 'public' AND s.relname IN ('unified_profiles', 'transactions', 'enrollments', 'leads'))
       AND sn.nspname <> 'ingest'
     ORDER BY c.conname
  LOOP
    SELECT string_agg(format('r.%I IS NOT NULL', col), ' AND ') INTO v_where FROM unnest(r.cols) AS col;
    SELECT string_agg(format('s.%I = r.%I', r.refcols[k.ord], k.col), ' AND ') INTO v_join
      FROM unnest(r.cols) WITH ORDINALITY AS k(col, ord);
    EXECUTE format('SELECT count(*) FROM %s r WHERE %s AND NOT EXISTS (SELECT 1 FROM ingest.%I s WHERE %s)',
                   r.src, v_where, r.target || '_staging', v_join) INTO v_n;
    IF v_n > 0 THEN
      v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'dangling_reference', 'message',
        format('%s row(s) of %s reference public.%s rows that the prepared data does not have (%s)', v_n, r.src, r.target, r.conname)));
    END IF;
  END LOOP;

  -- the report ------------------------------------------------------------------------------------
  -- counts and revenue per product from the invoices' counts per description (_prep_inv_by_description)
  -- and the manual payments, the totals summed from those
  WITH per_product AS (
    SELECT u.product, sum(u.paid)::bigint AS paid, sum(u.settled)::bigint AS settled, sum(u.expired)::bigint AS expired,
           sum(u.pending)::bigint AS pending, sum(u.total)::bigint AS total, sum(u.manual)::bigint AS manual, sum(u.revenue) AS revenue
      FROM (SELECT coalesce(v_products ->> d.description, v_null_product) AS product,
                   sum(d.n) FILTER (WHERE d.status = 'paid') AS paid, sum(d.n) FILTER (WHERE d.status = 'settled') AS settled,
                   sum(d.n) FILTER (WHERE d.status = 'expired') AS expired, sum(d.n) FILTER (WHERE d.status = 'pending') AS pending,
                   sum(d.n) AS total, 0 AS manual,
                   sum(d.amount) FILTER (WHERE d.status IN ('paid', 'settled') AND d.in_revenue_currency) AS revenue
              FROM pg_temp._prep_inv_by_description d
             WHERE d.staged
             GROUP BY 1
            UNION ALL
            -- the manual payments: paid
            SELECT m.product, count(*), 0, 0, 0, count(*), count(*), sum(m.amount) FILTER (WHERE m.currency = 'PHP')
              FROM pg_temp._prep_manual m
             WHERE NOT m.taken AND m.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL')
             GROUP BY m.product) u
     GROUP BY u.product
  ), codes AS (
    SELECT p.code FROM pg_temp._prep_products p UNION SELECT pp.product FROM per_product pp
  ), by_product AS (
    SELECT c.code,
           jsonb_build_object(
             'paid', coalesce(pp.paid, 0), 'settled', coalesce(pp.settled, 0), 'expired', coalesce(pp.expired, 0),
             'pending', coalesce(pp.pending, 0), 'total', coalesce(pp.total, 0)) AS counts,
           coalesce(pp.revenue, 0) AS revenue
      FROM codes c LEFT JOIN per_product pp ON pp.product = c.code
  )
  SELECT jsonb_build_object(
    'transactions', jsonb_build_object(
      'total', (SELECT coalesce(sum(pp.total), 0) FROM per_product pp),
      'fromInvoices', (SELECT coalesce(sum(pp.total - pp.manual), 0) FROM per_product pp),
      'manual', (SELECT coalesce(sum(pp.manual), 0) FROM per_product pp),
      'withUser', v_with_user,
      'retained', v_retained,
      'byProduct', (SELECT jsonb_object_agg(b.code, b.counts) FROM by_product b)),
    'revenue', (SELECT jsonb_object_agg(b.code, b.revenue::numeric(20, 2)::text) FROM by_product b)
               || jsonb_build_object('total', (SELECT coalesce(sum(b.revenue), 0)::numeric(20, 2)::text FROM by_product b)),
    'profiles', (SELECT count(*) FROM ingest.unified_profiles_staging),
    'authUsers', (SELECT jsonb_build_object('existing', count(*) FILTER (WHERE u.existing), 'new', count(*) FILTER (WHERE NOT u.existing))
                    FROM ingest.users_staging u),
    'enrollments', (SELECT count(*) FROM ingest.enrollments_staging),
    'leads', v_leads,
    'manualPayments', (SELECT coalesce(sum(pp.manual), 0) FROM per_product pp),
    'canvaBuyers', (SELECT count(*) FROM pg_temp._prep_inv_emails i WHERE i.product = 'Canva' AND i.paid),
    'rejected', jsonb_build_object(
      'xendit', (SELECT count(*) FROM ingest.rejected_rows x WHERE x.source = 'xendit'),
      'systemeio', (SELECT count(*) FROM ingest.rejected_rows x WHERE x.source = 'systemeio')),
    'duplicates', v_duplicates,
    'invalidEmails', (SELECT count(*) FROM ingest.rejected_rows x
                       WHERE x.field IN ('email', 'payer_email') AND x.reason LIKE '%not a valid email%'),
    'blockingErrors', v_errors)
    INTO v_report;

  INSERT INTO ingest.validation_reports (run_id, report, blocking_errors)
  VALUES (v_run_id, v_report, jsonb_array_length(v_errors));

  -- FKs to production tables back, validated, last: adding one locks the referenced table (courses,
  -- …) against writes until the commit
  FOR r IN SELECT * FROM pg_temp._prep_constraints WHERE to_production ORDER BY tbl, conname LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    IF r.description IS NOT NULL THEN
      EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.tbl, r.description);
    END IF;
  END LOOP;

  IF v_own_run THEN
    UPDATE ingest.run_log
       SET status = 'succeeded', finished_at = clock_timestamp(),
           duration_ms = greatest(0, (extract(epoch FROM clock_timestamp() - v_started) * 1000)::int),
           counts = jsonb_build_object('profiles', v_report -> 'profiles', 'transactions', v_report #> '{transactions,total}',
                                       'enrollments', v_report -> 'enrollments', 'leads', v_report -> 'leads',
                                       'blocking_errors', jsonb_array_length(v_errors))
     WHERE id = v_run_id;
  END IF;
  RETURN v_report;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.validate_and_prepare_clean_data() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.validate_and_prepare_clean_data() IS 'Rebuilds ingest.*_staging from the raw Xendit/Systeme.io tables and the product catalog (docs/ingest.md rules); returns the validation report, also stored in ingest.validation_reports.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.cutover_checkpoint(step text)
RETURNS void
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF step = nullif(current_setting('ingest.fail_at', true), '') THEN
    RAISE EXCEPTION USING ERRCODE = 'UC007', MESSAGE = format('injected failure at step %s (ingest.fail_at)', step),
      HINT = 'code=injected_failure';
  END IF;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.cutover_checkpoint(text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.cutover_checkpoint(text) IS 'Raises UC007 when the setting ingest.fail_at names this step (failure injection for cutover and rollback tests).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.require_table(p_name text, p_sqlstate text, p_code text, p_message text)
RETURNS void
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF to_regclass(p_name) IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, HINT = 'code=' || p_code;
  END IF;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.require_table(text, text, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.require_table(text, text, text, text) IS 'Raises the given SQLSTATE (HINT code=<code>) when the named table does not exist (cutover and rollback checks).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.raise_listed(p_items text[], p_sqlstate text, p_code text, p_message text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF cardinality(p_items) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = p_sqlstate,
      MESSAGE = format(p_message, cardinality(p_items), array_to_string(p_items[1:8], '; ')),
      DETAIL = array_to_string(p_items, E'\n'), HINT = 'code=' || p_code;
  END IF;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.raise_listed(text[], text, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.raise_listed(text[], text, text, text) IS 'Raises the given SQLSTATE listing the items (first 8 in the message, all in DETAIL) when there are any (swap refusals).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.table_checksum(rel regclass)
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_order text;
  v_count bigint;
  v_sum text;
BEGIN
  SELECT string_agg(format('t.%I', a.attname), ', ' ORDER BY k.ord) INTO v_order
    FROM pg_catalog.pg_index i
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
   WHERE i.indrelid = rel AND i.indisprimary;
  EXECUTE format('SELECT count(*), md5(coalesce(string_agg(md5(t::text), '''' ORDER BY %s), '''')) FROM %s AS t',
                 coalesce(v_order, 't::text'), rel)
     INTO v_count, v_sum;
  RETURN jsonb_build_object('count', v_count, 'checksum', v_sum);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.table_checksum(regclass) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest.table_checksum(regclass) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.table_checksum(regclass) IS 'Row count and md5 checksum (md5 of the ordered per-row md5(row::text)) of a table.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.outside_dependents(tables regclass[], isolated boolean DEFAULT false)
RETURNS table (dependent text, referenced text, deptype text)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
WITH tabs AS (
  SELECT unnest(tables)::oid AS oid
), base AS (
  SELECT oid FROM tabs
  UNION SELECT c.reltoastrelid FROM pg_catalog.pg_class c WHERE c.oid IN (SELECT oid FROM tabs) AND c.reltoastrelid <> 0
  UNION SELECT d.objid FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
           AND d.refobjid IN (SELECT oid FROM tabs)
), rels AS (
  SELECT oid FROM base
  UNION SELECT i.indexrelid FROM pg_catalog.pg_index i WHERE i.indrelid IN (SELECT oid FROM base)
), types AS (
  SELECT c.reltype AS oid FROM pg_catalog.pg_class c WHERE c.oid IN (SELECT oid FROM rels) AND c.reltype <> 0
  UNION SELECT t.typarray FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class c ON c.reltype = t.oid
         WHERE c.oid IN (SELECT oid FROM rels) AND t.typarray <> 0
), cons AS (
  SELECT c.oid FROM pg_catalog.pg_constraint c WHERE c.conrelid IN (SELECT oid FROM tabs)
)
SELECT DISTINCT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid),
       pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid),
       d.deptype::text
  FROM pg_catalog.pg_depend d
 WHERE ((d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid IN (SELECT oid FROM rels))
     OR (d.refclassid = 'pg_catalog.pg_type'::regclass AND d.refobjid IN (SELECT oid FROM types))
     OR (isolated AND d.refclassid = 'pg_catalog.pg_constraint'::regclass AND d.refobjid IN (SELECT oid FROM cons)))
   AND NOT CASE d.classid
     WHEN 'pg_catalog.pg_class'::regclass THEN d.objid IN (SELECT oid FROM rels)
     WHEN 'pg_catalog.pg_type'::regclass THEN d.objid IN (SELECT oid FROM types)
     WHEN 'pg_catalog.pg_constraint'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_constraint c
        WHERE c.oid = d.objid AND c.conrelid IN (SELECT oid FROM tabs)
          AND (NOT isolated OR c.contype <> 'f' OR c.confrelid IN (SELECT oid FROM tabs)))
     WHEN 'pg_catalog.pg_trigger'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.oid = d.objid AND t.tgrelid IN (SELECT oid FROM rels))
     WHEN 'pg_catalog.pg_policy'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_policy p WHERE p.oid = d.objid AND p.polrelid IN (SELECT oid FROM tabs))
     WHEN 'pg_catalog.pg_attrdef'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_attrdef a WHERE a.oid = d.objid AND a.adrelid IN (SELECT oid FROM tabs))
     WHEN 'pg_catalog.pg_rewrite'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid AND r.ev_class IN (SELECT oid FROM rels))
     WHEN 'pg_catalog.pg_statistic_ext'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_statistic_ext s WHERE s.oid = d.objid AND s.stxrelid IN (SELECT oid FROM tabs))
     ELSE false
   END
 ORDER BY 1, 2
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.outside_dependents(regclass[], boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest.outside_dependents(regclass[], boolean) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.outside_dependents(regclass[], boolean) IS 'Objects outside the given tables that depend on them (pg_depend); empty = nothing follows them.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.structure_differences(a regclass, b regclass)
RETURNS text[]
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_out text[] := '{}'::text[];
  v_x text;
  v_y text;
BEGIN
  -- column order, when the names are the same (names and types are compared with everything else below)
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_x FROM pg_catalog.pg_attribute WHERE attrelid = a AND attnum > 0 AND NOT attisdropped;
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_y FROM pg_catalog.pg_attribute WHERE attrelid = b AND attnum > 0 AND NOT attisdropped;
  IF v_x IS DISTINCT FROM v_y
     AND (SELECT array_agg(attname ORDER BY attname) FROM pg_catalog.pg_attribute WHERE attrelid = a AND attnum > 0 AND NOT attisdropped)
       = (SELECT array_agg(attname ORDER BY attname) FROM pg_catalog.pg_attribute WHERE attrelid = b AND attnum > 0 AND NOT attisdropped) THEN
    v_out := v_out || format('column order: %s (%s), %s (%s)', a, v_x, b, v_y);
  END IF;
  -- constraints (NOT NULL ones of PostgreSQL 18 are covered by the columns), indexes, triggers, policies by name
  v_out := v_out || ARRAY(
    WITH x AS (
      SELECT format('column %I %s%s', attname, format_type(atttypid, atttypmod), CASE WHEN attnotnull THEN ' not null' ELSE '' END) AS item,
             attrelid AS rel
        FROM pg_catalog.pg_attribute WHERE attrelid IN (a, b) AND attnum > 0 AND NOT attisdropped
      UNION ALL
      SELECT 'constraint ' || quote_ident(conname) || ' (' || contype::text || ')', conrelid
        FROM pg_catalog.pg_constraint WHERE conrelid IN (a, b) AND contype IN ('p', 'u', 'f', 'c', 'x')
      UNION ALL
      SELECT 'index ' || quote_ident(c.relname), i.indrelid
        FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid WHERE i.indrelid IN (a, b)
      UNION ALL
      SELECT 'trigger ' || quote_ident(tgname), tgrelid
        FROM pg_catalog.pg_trigger WHERE tgrelid IN (a, b) AND NOT tgisinternal
      UNION ALL
      SELECT format('policy %I (%s, %s, %s)', p.polname, p.polcmd::text, CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END,
                    (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ',' ORDER BY 1) FROM unnest(p.polroles) AS r)),
             p.polrelid
        FROM pg_catalog.pg_policy p WHERE p.polrelid IN (a, b)
      UNION ALL
      SELECT format('table grant %s %s%s', CASE WHEN x.grantee = 0 THEN 'public' ELSE x.grantee::regrole::text END, x.privilege_type,
                    CASE WHEN x.is_grantable THEN ' with grant option' ELSE '' END), c.oid
        FROM pg_catalog.pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS x
       WHERE c.oid IN (a, b)
      UNION ALL
      SELECT format('column grant %I %s %s%s', at.attname, CASE WHEN x.grantee = 0 THEN 'public' ELSE x.grantee::regrole::text END,
                    x.privilege_type, CASE WHEN x.is_grantable THEN ' with grant option' ELSE '' END), at.attrelid
        FROM pg_catalog.pg_attribute at, aclexplode(at.attacl) AS x
       WHERE at.attrelid IN (a, b) AND at.attnum > 0 AND NOT at.attisdropped AND at.attacl IS NOT NULL
      UNION ALL
      SELECT format('owner %s, row level security %s%s', c.relowner::regrole, CASE WHEN c.relrowsecurity THEN 'on' ELSE 'off' END,
                    CASE WHEN c.relforcerowsecurity THEN ' (forced)' ELSE '' END), c.oid
        FROM pg_catalog.pg_class c WHERE c.oid IN (a, b)
    )
    SELECT CASE WHEN bool_or(rel = a) THEN format('%s lacks %s', b, item) ELSE format('%s has %s, which %s lacks', b, item, a) END
      FROM x GROUP BY item HAVING count(DISTINCT rel) = 1 ORDER BY 1);
  RETURN v_out;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.structure_differences(regclass, regclass) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest.structure_differences(regclass, regclass) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.structure_differences(regclass, regclass) IS 'Differences (columns, constraints, indexes, triggers, policies, RLS, owner, grants) that make table b not interchangeable with table a.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.restore_acl(rel regclass, acl aclitem[])
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_owner oid;
  r record;
BEGIN
  SELECT c.relowner INTO v_owner FROM pg_catalog.pg_class c WHERE c.oid = rel;
  FOR r IN
    SELECT DISTINCT x.grantee FROM pg_catalog.pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS x
     WHERE c.oid = rel AND x.grantee <> v_owner
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM %s', rel, CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END);
  END LOOP;
  FOR r IN SELECT x.grantee, x.privilege_type, x.is_grantable
             FROM aclexplode(CASE WHEN cardinality(acl) > 0 THEN acl ELSE acldefault('r', v_owner) END) AS x
            WHERE x.grantee <> v_owner LOOP
    EXECUTE format('GRANT %s ON %s TO %s%s', r.privilege_type, rel, CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END,
                   CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.restore_acl(regclass, aclitem[]) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.swap_production_tables(p_tables text[], p_in_schema text, p_in_suffix text, p_out_schema text, p_out_suffix text, p_isolate boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_n int := coalesce(array_length(p_tables, 1), 0);
  v_out oid[];
  v_in oid[];
  v_t text;
  v_state text;
  v_diff text[] := '{}'::text[];
  v_triggers jsonb;
  v_views jsonb;
  v_rebuild jsonb;
  v_rebuild_oids oid[];
  v_fks jsonb;
  v_policies jsonb;
  v_functions jsonb;
  v_pubs jsonb;
  v_detach jsonb;
  v_fk_report jsonb := '[]'::jsonb;
  v_warnings jsonb := '[]'::jsonb;
  v_bad text[];
  v_ok boolean;
  v_msg text;
  v_detail text;
  v_rel regclass;
  v_new regclass;
  v_started timestamptz := clock_timestamp();
  r jsonb;
  v_row record;
BEGIN
  SELECT array_agg(format('public.%I', u.t)::regclass::oid ORDER BY u.o),
         array_agg(format('%I.%I', p_in_schema, u.t || p_in_suffix)::regclass::oid ORDER BY u.o)
    INTO v_out, v_in
    FROM unnest(p_tables) WITH ORDINALITY AS u(t, o);

  -- 1. capture (the caller holds ACCESS EXCLUSIVE on both sets: nothing can start depending on them now)
  FOR v_i IN 1 .. v_n LOOP
    v_diff := v_diff || ingest.structure_differences(v_out[v_i]::regclass, v_in[v_i]::regclass);
  END LOOP;
  PERFORM ingest.raise_listed(v_diff, 'UC005', 'structure_mismatch',
                              'the incoming tables are not interchangeable with production (%s difference(s)): %s');

  SELECT jsonb_object_agg(u.t, coalesce((
           SELECT jsonb_object_agg(tg.tgname, tg.tgenabled::text) FROM pg_catalog.pg_trigger tg
            WHERE tg.tgrelid = u.oid AND NOT tg.tgisinternal), '{}'))
    INTO v_triggers
    FROM unnest(v_out, p_tables) AS u(oid, t);

  -- materialized views on the outgoing tables, and every view / MV that depends on one of them
  WITH RECURSIVE dep(oid, depth) AS (
    SELECT DISTINCT rw.ev_class, 1
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid
      JOIN pg_catalog.pg_class c ON c.oid = rw.ev_class
     WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
       AND d.refobjid = ANY (v_out) AND c.relkind = 'm'
    UNION ALL
    SELECT rw.ev_class, dep.depth + 1
      FROM dep
      JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = dep.oid
                                 AND d.classid = 'pg_catalog.pg_rewrite'::regclass
      JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid
     WHERE rw.ev_class <> dep.oid AND dep.depth < 32
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'oid', c.oid, 'kind', c.relkind::text, 'name', format('%I.%I', n.nspname, c.relname), 'depth', x.depth,
           'def', rtrim(pg_catalog.pg_get_viewdef(c.oid), E'; \n'), 'options', c.reloptions,
           'owner', c.relowner::regrole::text, 'acl', c.relacl::text[], 'populated', c.relispopulated,
           'comment', obj_description(c.oid, 'pg_class'),
           'columnComments', (SELECT jsonb_object_agg(a.attname, col_description(c.oid, a.attnum))
                                FROM pg_catalog.pg_attribute a
                               WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL),
           'indexes', (SELECT jsonb_agg(pg_catalog.pg_get_indexdef(i.indexrelid) ORDER BY i.indexrelid)
                         FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid))
         ORDER BY x.depth, c.oid), '[]'),
         coalesce(array_agg(c.oid), '{}')
    INTO v_rebuild, v_rebuild_oids
    FROM (SELECT dep.oid, max(dep.depth) AS depth FROM dep GROUP BY dep.oid) AS x
    JOIN pg_catalog.pg_class c ON c.oid = x.oid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace;

  -- plain views on the outgoing tables (not rebuilt above): replaced in place
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'name', format('%I.%I', n.nspname, c.relname),
           'def', rtrim(pg_catalog.pg_get_viewdef(c.oid), E'; \n'), 'options', c.reloptions) ORDER BY c.oid), '[]')
    INTO v_views
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'v' AND c.oid <> ALL (v_rebuild_oids)
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid
                  WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
                    AND d.refobjid = ANY (v_out) AND rw.ev_class = c.oid);

  -- foreign keys of other tables (the incoming ones included) that reference an outgoing table
  SELECT coalesce(jsonb_agg(jsonb_build_object('name', c.conname, 'rel', c.conrelid::int8,
           'def', pg_catalog.pg_get_constraintdef(c.oid)) ORDER BY c.conrelid, c.conname), '[]')
    INTO v_fks
    FROM pg_catalog.pg_constraint c
   WHERE c.contype = 'f' AND c.confrelid = ANY (v_out) AND c.conrelid <> ALL (v_out);

  -- policies of other tables (the incoming ones included) whose expressions read an outgoing table
  SELECT coalesce(jsonb_agg(jsonb_build_object('name', p.polname, 'rel', p.polrelid::int8,
           'qual', pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'check', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))
           ORDER BY p.polrelid, p.polname), '[]')
    INTO v_policies
    FROM pg_catalog.pg_policy p
   WHERE p.polrelid <> ALL (v_out)
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_policy'::regclass AND d.objid = p.oid
                    AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ANY (v_out));

  -- functions with SQL-standard bodies (BEGIN ATOMIC) bound to an outgoing table
  SELECT coalesce(jsonb_agg(pg_catalog.pg_get_functiondef(p.oid) ORDER BY p.oid), '[]')
    INTO v_functions
    FROM pg_catalog.pg_proc p
   WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
                    AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ANY (v_out));

  -- publication memberships (row filter and column list kept)
  SELECT coalesce(jsonb_agg(jsonb_build_object('pub', pb.pubname, 'table', u.t,
           'qual', pg_catalog.pg_get_expr(pr.prqual, pr.prrelid),
           'cols', (SELECT jsonb_agg(a.attname ORDER BY k.o)
                      FROM unnest(pr.prattrs::int2[]) WITH ORDINALITY AS k(num, o)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.num))), '[]')
    INTO v_pubs
    FROM pg_catalog.pg_publication_rel pr
    JOIN pg_catalog.pg_publication pb ON pb.oid = pr.prpubid
    JOIN unnest(v_out, p_tables) AS u(oid, t) ON u.oid = pr.prrelid;

  -- the outgoing tables' own foreign keys to tables that stay (detached from a backup). Recorded as
  -- structured data for the report and the registry only: rollback never reads them back, it takes
  -- the keys to restore from the catalog (the same keys on the production tables it replaces)
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', u.t, 'name', c.conname,
           'columns', (SELECT jsonb_agg(a.attname ORDER BY k.o) FROM unnest(c.conkey) WITH ORDINALITY AS k(num, o)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num),
           'referencedTable', c.confrelid::regclass::text,
           'referencedColumns', (SELECT jsonb_agg(a.attname ORDER BY k.o) FROM unnest(c.confkey) WITH ORDINALITY AS k(num, o)
                                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num),
           'onUpdate', CASE c.confupdtype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END, 'onDelete', CASE c.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END,
           'validated', c.convalidated) ORDER BY u.o, c.conname), '[]')
    INTO v_detach
    FROM pg_catalog.pg_constraint c
    JOIN unnest(v_out, p_tables) WITH ORDINALITY AS u(oid, t, o) ON u.oid = c.conrelid
   WHERE p_isolate AND c.contype = 'f' AND c.confrelid <> ALL (v_out);
  PERFORM ingest.cutover_checkpoint('capture');

  -- 2. move: outgoing first (their index names leave public), then incoming
  FOR v_i IN 1 .. v_n LOOP
    v_t := p_tables[v_i];
    IF p_out_suffix <> '' THEN
      EXECUTE format('ALTER TABLE public.%I RENAME TO %I', v_t, v_t || p_out_suffix);
    END IF;
    EXECUTE format('ALTER TABLE public.%I SET SCHEMA %I', v_t || p_out_suffix, p_out_schema);
  END LOOP;
  FOR v_i IN 1 .. v_n LOOP
    v_t := p_tables[v_i];
    EXECUTE format('ALTER TABLE %I.%I SET SCHEMA public', p_in_schema, v_t || p_in_suffix);
    IF p_in_suffix <> '' THEN
      EXECUTE format('ALTER TABLE public.%I RENAME TO %I', v_t || p_in_suffix, v_t);
    END IF;
  END LOOP;
  -- storage options follow the production table that a table replaces: the incoming one takes the
  -- outgoing one's (fillfactor, autovacuum settings, ...; its TOAST table's as toast.*) and none of
  -- its own (the staging tables are built with autovacuum off: nothing reads their rows before the
  -- cutover)
  FOR v_i IN 1 .. v_n LOOP
    -- the incoming table's options reset first, then the outgoing table's set (pg_options_to_table
    -- splits each name=value; a table without options gives no row, so no statement)
    FOR v_row IN
      SELECT CASE WHEN rel.oid = v_in[v_i] THEN 'RESET' ELSE 'SET' END AS verb,
             string_agg(CASE WHEN r.toast THEN 'toast.' ELSE '' END || quote_ident(o.option_name)
                        || CASE WHEN rel.oid = v_out[v_i] THEN ' = ' || quote_literal(o.option_value) ELSE '' END, ', ') AS options
        FROM unnest(ARRAY[v_in[v_i], v_out[v_i]]) WITH ORDINALITY AS rel(oid, ord)
        CROSS JOIN LATERAL (SELECT false AS toast, c.reloptions FROM pg_catalog.pg_class c WHERE c.oid = rel.oid
                            UNION ALL
                            SELECT true, t.reloptions FROM pg_catalog.pg_class c JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid
                             WHERE c.oid = rel.oid) r
        CROSS JOIN LATERAL pg_catalog.pg_options_to_table(r.reloptions) o
       GROUP BY rel.ord, rel.oid
       ORDER BY rel.ord
    LOOP
      EXECUTE format('ALTER TABLE %s %s (%s)', v_in[v_i]::regclass, v_row.verb, v_row.options);
    END LOOP;
  END LOOP;
  PERFORM ingest.cutover_checkpoint('move_tables');

  -- 3. triggers
  FOR v_i IN 1 .. v_n LOOP
    EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', v_out[v_i]::regclass);
    FOR v_row IN SELECT tg.tgname FROM pg_catalog.pg_trigger tg WHERE tg.tgrelid = v_in[v_i] AND NOT tg.tgisinternal ORDER BY tg.tgname LOOP
      v_state := coalesce(v_triggers -> p_tables[v_i] ->> v_row.tgname, 'O');
      EXECUTE format('ALTER TABLE %s %s TRIGGER %I', v_in[v_i]::regclass,
        CASE v_state WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE' END, v_row.tgname);
    END LOOP;
  END LOOP;
  PERFORM ingest.cutover_checkpoint('triggers');

  -- 4. views: the same text now binds to the tables in public
  FOR r IN SELECT value FROM jsonb_array_elements(v_views) LOOP
    EXECUTE format('CREATE OR REPLACE VIEW %s%s AS %s', r ->> 'name',
      CASE WHEN jsonb_typeof(r -> 'options') = 'array' AND jsonb_array_length(r -> 'options') > 0
           THEN ' WITH (' || (SELECT string_agg(format('%I = %L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
                                FROM jsonb_array_elements_text(r -> 'options') AS o) || ')' ELSE '' END,
      r ->> 'def');
  END LOOP;
  PERFORM ingest.cutover_checkpoint('views');

  -- 5. materialized views (and what depends on them): drop deepest first, re-create shallowest first
  FOR r IN SELECT value FROM jsonb_array_elements(v_rebuild) ORDER BY (value ->> 'depth')::int DESC, (value ->> 'oid')::int8 DESC LOOP
    EXECUTE format('DROP %s %s', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, r ->> 'name');
  END LOOP;
  FOR r IN SELECT value FROM jsonb_array_elements(v_rebuild) ORDER BY (value ->> 'depth')::int, (value ->> 'oid')::int8 LOOP
    EXECUTE format('CREATE %s %s%s AS %s%s', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, r ->> 'name',
      CASE WHEN jsonb_typeof(r -> 'options') = 'array' AND jsonb_array_length(r -> 'options') > 0
           THEN ' WITH (' || (SELECT string_agg(format('%I = %L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
                                FROM jsonb_array_elements_text(r -> 'options') AS o) || ')' ELSE '' END,
      r ->> 'def', CASE WHEN r ->> 'kind' = 'm' THEN ' WITH NO DATA' ELSE '' END);
    v_new := (r ->> 'name')::regclass;
    EXECUTE format('ALTER %s %s OWNER TO %s', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v_new, r ->> 'owner');
    PERFORM ingest.restore_acl(v_new, ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(r -> 'acl') = 'array' THEN r -> 'acl' ELSE '[]' END))::aclitem[]);
    IF r ->> 'comment' IS NOT NULL THEN
      EXECUTE format('COMMENT ON %s %s IS %L', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v_new, r ->> 'comment');
    END IF;
    FOR v_row IN SELECT key, value FROM jsonb_each_text(coalesce(nullif(r -> 'columnComments', 'null'), '{}')) LOOP
      EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', v_new, v_row.key, v_row.value);
    END LOOP;
    FOR v_row IN SELECT value FROM jsonb_array_elements_text(coalesce(nullif(r -> 'indexes', 'null'), '[]')) LOOP
      EXECUTE v_row.value;
    END LOOP;
  END LOOP;
  PERFORM ingest.cutover_checkpoint('materialized_views');

  -- 6. foreign keys of other tables: same name, now referencing the table in public
  FOR r IN SELECT value FROM jsonb_array_elements(v_fks) LOOP
    v_rel := (r ->> 'rel')::oid::regclass;
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', v_rel, r ->> 'name');
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', v_rel, r ->> 'name', regexp_replace(r ->> 'def', ' NOT VALID$', ''));
    -- always validated (also one that was NOT VALID: a previous swap may have left it so); a
    -- violation (rows of that table pointing at rows the new data lacks) keeps it NOT VALID: new
    -- writes are checked, the old rows are reported
    v_msg := NULL;
    BEGIN
      EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', v_rel, r ->> 'name');
      v_ok := true;
    EXCEPTION WHEN foreign_key_violation THEN
      GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
      v_msg := v_msg || coalesce(': ' || v_detail, '');
      v_ok := false;
      v_warnings := v_warnings || to_jsonb(format('foreign key %s on %s left NOT VALID: %s', r ->> 'name', v_rel, v_msg));
    END;
    v_fk_report := v_fk_report || jsonb_build_object('table', v_rel::text, 'name', r ->> 'name', 'validated', v_ok, 'error', v_msg);
  END LOOP;
  PERFORM ingest.cutover_checkpoint('foreign_keys');

  -- 7. policies, SQL-body functions, publications
  FOR r IN SELECT value FROM jsonb_array_elements(v_policies) LOOP
    EXECUTE format('ALTER POLICY %I ON %s%s%s', r ->> 'name', (r ->> 'rel')::oid::regclass,
                   coalesce(' USING (' || (r ->> 'qual') || ')', ''), coalesce(' WITH CHECK (' || (r ->> 'check') || ')', ''));
  END LOOP;
  FOR r IN SELECT value FROM jsonb_array_elements(v_functions) LOOP
    EXECUTE r #>> '{}';
  END LOOP;
  FOR r IN SELECT value FROM jsonb_array_elements(v_pubs) LOOP
    EXECUTE format('ALTER PUBLICATION %I DROP TABLE %I.%I', r ->> 'pub', p_out_schema, (r ->> 'table') || p_out_suffix);
    EXECUTE format('ALTER PUBLICATION %I ADD TABLE public.%I%s%s', r ->> 'pub', r ->> 'table',
      CASE WHEN jsonb_typeof(r -> 'cols') = 'array'
           THEN ' (' || (SELECT string_agg(quote_ident(c), ', ') FROM jsonb_array_elements_text(r -> 'cols') AS c) || ')' ELSE '' END,
      coalesce(' WHERE (' || (r ->> 'qual') || ')', ''));
  END LOOP;
  PERFORM ingest.cutover_checkpoint('policies');

  -- 8. a backup references nothing live: its foreign keys to other tables go (rollback re-adds them)
  FOR r IN SELECT value FROM jsonb_array_elements(v_detach) LOOP
    EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT %I', p_out_schema, (r ->> 'table') || p_out_suffix, r ->> 'name');
  END LOOP;
  IF p_isolate THEN
    PERFORM ingest.cutover_checkpoint('backup_foreign_keys');
  END IF;

  -- 9. nothing outside the outgoing tables may still depend on them
  SELECT array_agg(format('%s → %s', d.dependent, d.referenced))
    INTO v_bad
    FROM ingest.outside_dependents(v_out::regclass[], p_isolate) AS d;
  PERFORM ingest.raise_listed(v_bad, 'UC006', 'dependents_remain',
                              '%s object(s) outside still depend on the tables leaving production: %s');
  PERFORM ingest.cutover_checkpoint('verify');

  RETURN jsonb_build_object(
    'views', (SELECT coalesce(jsonb_agg(value -> 'name'), '[]') FROM jsonb_array_elements(v_views)),
    'materializedViews', (SELECT coalesce(jsonb_agg(jsonb_build_object('name', value -> 'name', 'kind', value -> 'kind',
                            'populated', value -> 'populated') ORDER BY (value ->> 'depth')::int), '[]')
                            FROM jsonb_array_elements(v_rebuild)),
    'foreignKeys', v_fk_report,
    'policies', (SELECT coalesce(jsonb_agg(jsonb_build_object('name', value -> 'name', 'table', (value ->> 'rel')::oid::regclass::text)), '[]')
                   FROM jsonb_array_elements(v_policies)),
    'functions', jsonb_array_length(v_functions),
    'publications', v_pubs,
    'detachedForeignKeys', v_detach,
    'warnings', v_warnings,
    'swapMs', round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.swap_production_tables(text[], text, text, text, text, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.swap_production_tables(text[], text, text, text, text, boolean) IS 'Moves public.<t> out and <in_schema>.<t><in_suffix> into production, re-pointing views, MVs, FKs, policies and triggers (cutover and rollback).';
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
  PERFORM public.rebuild_dashboard_rollups(); -- the rollups follow the swapped tables (docs/unified.md)
  PERFORM ingest.cutover_checkpoint('refresh');
  RETURN jsonb_build_object('refreshMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.refresh_after_swap(jsonb, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.refresh_after_swap(jsonb, boolean) IS 'Refreshes the materialized views a cutover or rollback re-created, rebuilds the dashboard rollups and marks the dashboard caches stale.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.lock_production(p_tables text[])
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_t1 timestamptz := clock_timestamp();
BEGIN
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(p_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  PERFORM ingest.cutover_checkpoint('lock');
  RETURN jsonb_build_object('lockMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.lock_production(text[]) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.lock_production(text[]) IS 'Locks the production tables of a cutover or rollback (ACCESS EXCLUSIVE) and passes the lock checkpoint.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.cutover_attempt(max_shrink numeric, force boolean, refresh_materialized_views boolean, compute_checksums boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_tables text[] := ARRAY['unified_profiles', 'transactions', 'enrollments', 'leads']::text[];
  v_t text;
  v_n bigint;
  v_staging jsonb := '{}'::jsonb;
  v_production jsonb := '{}'::jsonb;
  v_total bigint := 0;
  v_shrunk text[] := '{}'::text[];
  v_report record;
  v_blocking jsonb;
  v_users int := 0;
  v_stale_new bigint;
  v_stale_existing bigint;
  v_id text;
  v_schema text;
  v_swap jsonb;
  v_constraints jsonb := '[]'::jsonb;
  v_backup_tables jsonb;
  v_counts jsonb := '{}'::jsonb;
  v_checksums jsonb := '{}'::jsonb;
  v_cs jsonb;
  v_warnings jsonb := '[]'::jsonb;
  v_timings jsonb := '{}'::jsonb;
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
    PERFORM ingest.require_table(format('ingest.%I', v_t || '_staging'), 'UC004', 'staging_missing',
                                 format('staging table ingest.%I does not exist: run prepare first', v_t || '_staging'));
    PERFORM ingest.require_table(format('public.%I', v_t), 'UC014', 'production_missing', format('production table public.%I does not exist', v_t));
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
  v_timings := v_timings || ingest.lock_production(v_tables);

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
REVOKE ALL ON FUNCTION ingest.cutover_attempt(numeric, boolean, boolean, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.cutover_attempt(numeric, boolean, boolean, boolean) IS 'One attempt of public.launch_clean_production (internal).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.launch_clean_production(max_shrink numeric DEFAULT 0.10, force boolean DEFAULT false, lock_timeout_ms integer DEFAULT 5000, max_attempts integer DEFAULT 5, refresh_materialized_views boolean DEFAULT true, compute_checksums boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_attempt int := 0;
  v_result jsonb;
  v_msg text;
  v_started timestamptz := clock_timestamp();
BEGIN
  IF max_shrink IS NULL OR max_shrink < 0 OR max_shrink > 1 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('max_shrink must be a fraction between 0 and 1, got %s', max_shrink), HINT = 'code=invalid_option';
  END IF;
  
  IF lock_timeout_ms IS NULL OR lock_timeout_ms < 1 OR lock_timeout_ms > 600000 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('lock_timeout_ms must be between 1 and 600000, got %s', lock_timeout_ms), HINT = 'code=invalid_option';
  END IF;
  IF max_attempts IS NULL OR max_attempts < 1 OR max_attempts > 20 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('max_attempts must be between 1 and 20, got %s', max_attempts), HINT = 'code=invalid_option';
  END IF;
  -- SET LOCAL lock_timeout: every lock of the attempt (advisory, tables, views, referencing tables) waits at most this long
  PERFORM set_config('lock_timeout', lock_timeout_ms || 'ms', true);
  -- the catalog queries of the swap are planned as expensive: JIT-compiling them cost ~200 ms a call on
  -- PostgreSQL 15, more than running them. Back on (as it was) for the materialized-view refresh.
  PERFORM set_config('ingest.jit', current_setting('jit'), true);
  PERFORM set_config('jit', 'off', true);
  LOOP
    v_attempt := v_attempt + 1;
    BEGIN
      v_result := ingest.cutover_attempt(max_shrink, coalesce(force, false), coalesce(refresh_materialized_views, true), coalesce(compute_checksums, true));
      EXIT;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
      GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT;
      IF v_attempt >= max_attempts THEN
        RAISE EXCEPTION USING ERRCODE = '55P03',
          MESSAGE = format('cutover: could not take its locks in %s attempt(s) (lock_timeout %s ms): %s', v_attempt, lock_timeout_ms, v_msg),
          HINT = 'code=lock_timeout';
      END IF;
      -- 0.1 s, 0.2 s, 0.4 s … capped at 5 s, each between half and all of it
      PERFORM pg_sleep(least(0.1 * power(2, v_attempt - 1), 5) * (0.5 + random() / 2));
    END;
  END LOOP;
  RETURN v_result || jsonb_build_object('attempts', v_attempt,
    'timings', (v_result -> 'timings') || jsonb_build_object('totalMs', round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1)));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.launch_clean_production(numeric, boolean, integer, integer, boolean, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.launch_clean_production(numeric, boolean, integer, integer, boolean, boolean) IS 'Atomic cutover: staging (ingest.*_staging) becomes production, production is kept in ingest_backup_<id> and registered in ingest.backups. Returns { backupId, counts, … }.';
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
  v_counts jsonb := '{}'::jsonb;
  v_checksums jsonb := '{}'::jsonb;
  v_same_engine boolean;
  v_bad text[] := '{}'::text[];
  v_dropped text[];
  v_swap jsonb;
  v_fks jsonb := '[]'::jsonb;
  v_warnings jsonb := '[]'::jsonb;
  v_timings jsonb := '{}'::jsonb;
  v_ok boolean;
  v_msg text;
  v_detail text;
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
  IF v_tables IS DISTINCT FROM ARRAY['unified_profiles', 'transactions', 'enrollments', 'leads']::text[] THEN
    RAISE EXCEPTION USING ERRCODE = 'UC011',
      MESSAGE = format('backup %s lists the tables %s, not the swapped tables %s: the registry entry was altered, refusing it',
                       v_b.id, coalesce(nullif(left(array_to_string(ARRAY(SELECT quote_ident(x) FROM unnest(v_tables) AS x), ', '), 200), ''), 'none'),
                       array_to_string(ARRAY['unified_profiles', 'transactions', 'enrollments', 'leads']::text[], ', ')),
      HINT = 'code=verification_failed';
  END IF;
  FOREACH v_t IN ARRAY v_tables LOOP
    PERFORM ingest.require_table(format('%I.%I', v_schema, v_t), 'UC011', 'verification_failed',
                                 format('backup %s is incomplete: %I.%I does not exist', v_b.id, v_schema, v_t));
    PERFORM ingest.require_table(format('public.%I', v_t), 'UC014', 'production_missing', format('production table public.%I does not exist', v_t));
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

  v_timings := v_timings || ingest.lock_production(v_tables);

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
REVOKE ALL ON FUNCTION ingest.rollback_attempt(text, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.rollback_attempt(text, boolean) IS 'One attempt of public.rollback_migration (internal).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.rollback_migration(backup_id text, lock_timeout_ms integer DEFAULT 5000, max_attempts integer DEFAULT 5, refresh_materialized_views boolean DEFAULT true)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_attempt int := 0;
  v_result jsonb;
  v_msg text;
  v_started timestamptz := clock_timestamp();
BEGIN
  IF backup_id IS NULL OR backup_id !~ '^b[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008',
      MESSAGE = format('%s is not a backup id (expected %s)', coalesce(quote_literal(left(backup_id, 80)), 'NULL'), 'b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3'),
      HINT = 'code=invalid_backup_id';
  END IF;
  
  IF lock_timeout_ms IS NULL OR lock_timeout_ms < 1 OR lock_timeout_ms > 600000 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('lock_timeout_ms must be between 1 and 600000, got %s', lock_timeout_ms), HINT = 'code=invalid_option';
  END IF;
  IF max_attempts IS NULL OR max_attempts < 1 OR max_attempts > 20 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC013', MESSAGE = format('max_attempts must be between 1 and 20, got %s', max_attempts), HINT = 'code=invalid_option';
  END IF;
  -- SET LOCAL lock_timeout: every lock of the attempt (advisory, tables, views, referencing tables) waits at most this long
  PERFORM set_config('lock_timeout', lock_timeout_ms || 'ms', true);
  -- the catalog queries of the swap are planned as expensive: JIT-compiling them cost ~200 ms a call on
  -- PostgreSQL 15, more than running them. Back on (as it was) for the materialized-view refresh.
  PERFORM set_config('ingest.jit', current_setting('jit'), true);
  PERFORM set_config('jit', 'off', true);
  LOOP
    v_attempt := v_attempt + 1;
    BEGIN
      v_result := ingest.rollback_attempt(backup_id, coalesce(refresh_materialized_views, true));
      EXIT;
    EXCEPTION WHEN lock_not_available OR deadlock_detected THEN
      GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT;
      IF v_attempt >= max_attempts THEN
        RAISE EXCEPTION USING ERRCODE = '55P03',
          MESSAGE = format('rollback: could not take its locks in %s attempt(s) (lock_timeout %s ms): %s', v_attempt, lock_timeout_ms, v_msg),
          HINT = 'code=lock_timeout';
      END IF;
      -- 0.1 s, 0.2 s, 0.4 s … capped at 5 s, each between half and all of it
      PERFORM pg_sleep(least(0.1 * power(2, v_attempt - 1), 5) * (0.5 + random() / 2));
    END;
  END LOOP;
  RETURN v_result || jsonb_build_object('attempts', v_attempt,
    'timings', (v_result -> 'timings') || jsonb_build_object('totalMs', round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1)));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.rollback_migration(text, integer, integer, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.rollback_migration(text, integer, integer, boolean) IS 'Restores the production tables of a cutover backup (ingest.backups); current production returns to ingest.*_staging.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.lock_backup(p_backup_id text, p_staging_lock boolean)
RETURNS ingest.backups
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_b ingest.backups%ROWTYPE;
BEGIN
  IF p_backup_id IS NULL OR p_backup_id !~ '^b[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008',
      MESSAGE = format('%s is not a backup id (expected %s)', coalesce(quote_literal(left(p_backup_id, 80)), 'NULL'), 'b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3'),
      HINT = 'code=invalid_backup_id';
  END IF;
  IF p_staging_lock THEN
    PERFORM pg_advisory_xact_lock(hashtext('ingest.staging'));
  END IF;
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)), HINT = 'code=unknown_backup';
  END IF;
  RETURN v_b;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.lock_backup(text, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.seal_backup(p_backup_id text)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_t text;
  v_cs jsonb;
  v_counts jsonb := '{}'::jsonb;
  v_checksums jsonb := '{}'::jsonb;
BEGIN
  v_b := ingest.lock_backup(p_backup_id, false);
  IF v_b.sealed_at IS NOT NULL OR v_b.status <> 'active' THEN
    RETURN jsonb_build_object('backupId', v_b.id, 'counts', v_b.counts, 'checksums', v_b.checksums, 'sealedAt', v_b.sealed_at);
  END IF;
  FOR v_t IN SELECT e.value ->> 'name' FROM jsonb_array_elements(v_b.tables) WITH ORDINALITY AS e(value, o) ORDER BY e.o LOOP
    v_cs := ingest.table_checksum(format('%I.%I', v_b.schema_name, v_t)::regclass);
    v_counts := v_counts || jsonb_build_object(v_t, (v_cs ->> 'count')::bigint);
    v_checksums := v_checksums || jsonb_build_object(v_t, v_cs ->> 'checksum');
  END LOOP;
  UPDATE ingest.backups
     SET counts = v_counts, checksums = v_checksums, sealed_at = now(), pg_version = current_setting('server_version_num')::int
   WHERE id = v_b.id;
  RETURN jsonb_build_object('backupId', v_b.id, 'counts', v_counts, 'checksums', v_checksums, 'sealedAt', now());
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.seal_backup(text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.seal_backup(text) IS 'Computes and records the counts and checksums of a cutover backup (once).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.drop_backup(p_backup_id text)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_list text;
BEGIN
  v_b := ingest.lock_backup(p_backup_id, true);
  IF v_b.status <> 'active' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC010', MESSAGE = format('backup %s is %s, not active', v_b.id, v_b.status), HINT = 'code=backup_not_active';
  END IF;
  -- only the swapped tables' names, whatever the registry row says (DROP SCHEMA without CASCADE stops on anything else)
  SELECT string_agg(format('%I.%I', v_b.schema_name, t), ', ') INTO v_list
    FROM unnest(ARRAY['unified_profiles', 'transactions', 'enrollments', 'leads']::text[]) AS t
   WHERE to_regclass(format('%I.%I', v_b.schema_name, t)) IS NOT NULL;
  IF v_list IS NOT NULL THEN
    EXECUTE 'DROP TABLE ' || v_list;
  END IF;
  EXECUTE format('DROP SCHEMA IF EXISTS %I', v_b.schema_name);
  UPDATE ingest.backups SET status = 'dropped', dropped_at = now() WHERE id = v_b.id;
  RETURN jsonb_build_object('backupId', v_b.id, 'schemaName', v_b.schema_name, 'status', 'dropped');
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.drop_backup(text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.drop_backup(text) IS 'Drops the tables and schema of an active cutover backup and marks it dropped.';
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
REVOKE ALL ON FUNCTION learning.prepare_lesson_progress() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.prepare_lesson_progress() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.count_course_enrollments()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_deltas jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_object_agg(d.course_id, d.n) INTO v_deltas FROM (SELECT n.course_id, count(*) AS n FROM new_rows n GROUP BY n.course_id) d;
  ELSE
    SELECT jsonb_object_agg(d.course_id, -d.n) INTO v_deltas FROM (SELECT o.course_id, count(*) AS n FROM old_rows o GROUP BY o.course_id) d;
  END IF;
  IF v_deltas IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM learning.courses c WHERE c.id IN (SELECT k::uuid FROM jsonb_object_keys(v_deltas) k) ORDER BY c.id FOR NO KEY UPDATE;
  UPDATE learning.courses c SET enrollment_count = greatest(c.enrollment_count + (v_deltas ->> c.id::text)::integer, 0)
   WHERE c.id IN (SELECT k::uuid FROM jsonb_object_keys(v_deltas) k);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.count_course_enrollments() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.count_course_enrollments() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_count_courses_insert
AFTER INSERT ON learning.enrollments
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.count_course_enrollments();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_count_courses_delete
AFTER DELETE ON learning.enrollments
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.count_course_enrollments();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_course_stats()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF NEW.course_id IS NOT DISTINCT FROM OLD.course_id THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM learning.courses c WHERE c.id IN (OLD.course_id, NEW.course_id) ORDER BY c.id FOR NO KEY UPDATE;
  UPDATE learning.courses SET enrollment_count = greatest(enrollment_count - 1, 0) WHERE id = OLD.course_id;
  UPDATE learning.courses SET enrollment_count = enrollment_count + 1 WHERE id = NEW.course_id;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.update_course_stats() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.update_course_stats() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_update_course_stats
AFTER UPDATE OF COURSE_ID ON learning.enrollments
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
REVOKE ALL ON FUNCTION learning.update_user_last_access() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.update_user_last_access() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.course_progress(uuid, uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.course_progress(uuid, uuid) TO authenticated, service_role, unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.calculate_course_progress() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.calculate_course_progress() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.refresh_course_progress()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_courses uuid[];
  v_enrollment record;
  v_progress numeric(5, 2);
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.course_id) INTO v_courses FROM new_rows n;
  ELSE
    SELECT array_agg(DISTINCT o.course_id) INTO v_courses FROM old_rows o;
  END IF;
  FOR v_enrollment IN
    SELECT e.id, e.user_id, e.course_id FROM learning.enrollments e WHERE e.course_id = ANY (v_courses) ORDER BY e.id FOR UPDATE
  LOOP
    v_progress := learning.course_progress(v_enrollment.user_id, v_enrollment.course_id);
    UPDATE learning.enrollments e
       SET progress = v_progress,
           completed_at = CASE WHEN v_progress = 100 THEN coalesce(e.completed_at, now()) ELSE e.completed_at END,
           updated_at = now()
     WHERE e.id = v_enrollment.id AND e.progress IS DISTINCT FROM v_progress;
    IF v_progress = 100 THEN
      INSERT INTO learning.course_completions (user_id, course_id, completed_at, total_time_spent)
      SELECT v_enrollment.user_id, v_enrollment.course_id, now(), coalesce(sum(p.total_time_spent), 0)
        FROM learning.lesson_progress p
       WHERE p.user_id = v_enrollment.user_id AND p.course_id = v_enrollment.course_id
      ON CONFLICT (user_id, course_id) DO NOTHING;
    END IF;
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.refresh_course_progress() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.refresh_course_progress() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_lessons_refresh_progress_insert
AFTER INSERT ON learning.course_lessons
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.refresh_course_progress();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_lessons_refresh_progress_delete
AFTER DELETE ON learning.course_lessons
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.refresh_course_progress();
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
    PERFORM 1 FROM learning.courses c WHERE c.id = v_course FOR NO KEY UPDATE;
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
REVOKE ALL ON FUNCTION learning.update_course_rating() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.update_course_rating() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.refresh_course_statistics() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.refresh_course_statistics() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.refresh_course_statistics() IS 'Refreshes learning.course_statistics (CONCURRENTLY once populated).';
--> statement-breakpoint
ALTER FUNCTION learning.refresh_course_statistics() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.get_user_dashboard(uuid) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION learning.get_course_recommendations(uuid, integer) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.get_course_recommendations(uuid, integer) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.get_course_recommendations(uuid, integer) IS 'Recommended published courses for a user (not enrolled), best first; cold start: popular, well-rated, recent.';
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
REVOKE ALL ON FUNCTION learning.create_monthly_partition(regclass, date) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.create_monthly_partition(regclass, date) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.create_monthly_partition(regclass, date) IS 'Creates (idempotently) the monthly partition of a range-partitioned learning table for the UTC month of `month`; returns its qualified name.';
--> statement-breakpoint
ALTER FUNCTION learning.create_monthly_partition(regclass, date) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.ensure_monthly_partitions(table_name regclass, months_ahead integer DEFAULT 3)
RETURNS setof text
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
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
REVOKE ALL ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) IS 'Creates the partitions of the current UTC month and the next months_ahead (default 3) months; returns their names.';
--> statement-breakpoint
ALTER FUNCTION learning.ensure_monthly_partitions(regclass, integer) OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.encrypt_sensitive_data(text) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION learning.decrypt_sensitive_data(text) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION learning.database_health_check() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.database_health_check() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.database_health_check() IS 'Database size, active and slow (>30 s) queries, sizes of the learning tables, index usage per learning table; null where unavailable.';
--> statement-breakpoint
ALTER FUNCTION learning.database_health_check() OWNER TO unified_schema_monitor;
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
REVOKE ALL ON FUNCTION learning.quiz_answer_matches(text, jsonb, jsonb) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.quiz_answer_matches(text, jsonb, jsonb) TO authenticated, service_role, unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.lock_quiz_for_attempt(uuid, uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.lock_quiz_for_attempt(uuid, uuid) OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.open_quiz_attempt(learning.course_quizzes, uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.open_quiz_attempt(learning.course_quizzes, uuid) OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.start_quiz_attempt(uuid, uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.start_quiz_attempt(uuid, uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.start_quiz_attempt(uuid, uuid) IS 'Starts or resumes an attempt at a quiz (the time limit counts from started_at).';
--> statement-breakpoint
ALTER FUNCTION learning.start_quiz_attempt(uuid, uuid) OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) IS 'Scores and completes a quiz attempt; refuses past attempts_allowed or after time_limit; passed by passing_score.';
--> statement-breakpoint
ALTER FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refuse(p_sqlstate text, p_column text, p_table text, p_message text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, COLUMN = p_column, TABLE = p_table, SCHEMA = 'wolo';
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.refuse(text, text, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.refuse(text, text, text, text) TO authenticated, service_role, unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refuse(text, text, text, text) IS 'Raises the given wolo SQLSTATE with COLUMN, TABLE and SCHEMA set (the row triggers'' refusals).';
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
    PERFORM wolo.refuse('UW018', 'date_of_birth', TG_TABLE_NAME, format('date_of_birth %s is in the future', NEW.date_of_birth));
  END IF;
  IF NEW.date_of_birth > (today - interval '18 years')::date
     AND (NEW.guardian_user_id IS NULL OR NEW.relationship_type IS NULL) THEN
    PERFORM wolo.refuse('UW010', 'guardian_user_id', TG_TABLE_NAME, format('a minor (born %s) needs guardian_user_id and relationship_type', NEW.date_of_birth));
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.profiles_minor_guardian() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.profiles_minor_guardian() IS 'Trigger: a profile under 18 (business date) needs a guardian and a relationship type.';
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
      PERFORM wolo.refuse('UW011', 'status', TG_TABLE_NAME, format('a new pot is scheduled or open, not %s', NEW.status));
    END IF;
    IF NEW.raised_cfa <> 0 OR NEW.donor_count <> 0 THEN
      PERFORM wolo.refuse('UW013', 'raised_cfa', TG_TABLE_NAME, 'raised_cfa and donor_count are kept by the database');
    END IF;
    IF NEW.status = 'open' THEN
      NEW.actual_opened_at := coalesce(NEW.actual_opened_at, pg_catalog.now());
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.raised_cfa IS DISTINCT FROM OLD.raised_cfa OR NEW.donor_count IS DISTINCT FROM OLD.donor_count)
     AND pg_catalog.pg_trigger_depth() < 2 THEN
    PERFORM wolo.refuse('UW013', 'raised_cfa', TG_TABLE_NAME, format('raised_cfa and donor_count of pot %s are kept by the database', OLD.id));
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (('{"scheduled":["open"],"open":["funded","expired"],"funded":["closed"],"expired":["closed"],"closed":[]}'::jsonb -> OLD.status) ? NEW.status) THEN
      PERFORM wolo.refuse('UW011', 'status', TG_TABLE_NAME, format('pot %s cannot go from %s to %s (scheduled -> open -> funded | expired -> closed)', OLD.id, OLD.status, NEW.status));
    END IF;
    IF NEW.status = 'funded' AND NEW.raised_cfa < NEW.target_amount_cfa THEN
      PERFORM wolo.refuse('UW011', 'status', TG_TABLE_NAME, format('pot %s is not funded: %s of %s CFA raised', OLD.id, NEW.raised_cfa, NEW.target_amount_cfa));
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
REVOKE ALL ON FUNCTION wolo.pots_lifecycle() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.pots_lifecycle() IS 'Trigger: pot defaults (J-30 opening), lifecycle scheduled -> open -> funded | expired -> closed, read-only totals.';
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
      PERFORM wolo.refuse('UW016', 'pot_id', TG_TABLE_NAME, format('pot %s does not exist', NEW.pot_id));
    END IF;
    IF pot_status <> 'open' THEN
      PERFORM wolo.refuse('UW002', 'pot_id', TG_TABLE_NAME, format('pot %s is %s: only an open pot takes donations', NEW.pot_id, pot_status));
    END IF;
    IF NEW.is_anonymous AND NOT pot_allows_anonymous THEN
      PERFORM wolo.refuse('UW014', 'is_anonymous', TG_TABLE_NAME, format('pot %s does not take anonymous donations', NEW.pot_id));
    END IF;
    IF NEW.status NOT IN ('pending', 'succeeded') THEN
      PERFORM wolo.refuse('UW003', 'status', TG_TABLE_NAME, format('a new donation is pending (or succeeded, for a credit), not %s', NEW.status));
    END IF;
    IF NEW.status = 'succeeded' THEN
      NEW.confirmed_at := coalesce(NEW.confirmed_at, pg_catalog.now());
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.pot_id <> OLD.pot_id OR (NEW.amount_cfa <> OLD.amount_cfa AND OLD.status <> 'pending') THEN
    PERFORM wolo.refuse('UW017', 'amount_cfa', TG_TABLE_NAME, format('donation %s: pot_id and (once paying) amount_cfa cannot change', OLD.id));
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (('{"pending":["processing","succeeded","failed"],"processing":["succeeded","failed"],"succeeded":["refunded"],"failed":[],"refunded":[]}'::jsonb -> OLD.status) ? NEW.status) THEN
      PERFORM wolo.refuse('UW003', 'status', TG_TABLE_NAME, format('donation %s cannot go from %s to %s', OLD.id, OLD.status, NEW.status));
    END IF;
    IF NEW.status = 'refunded' THEN
      SELECT coalesce(sum(r.amount_cfa), 0) INTO refunded FROM wolo.refunds r WHERE r.donation_id = NEW.id;
      IF refunded <> NEW.amount_cfa THEN
        PERFORM wolo.refuse('UW003', 'status', TG_TABLE_NAME, format('donation %s is refunded only once its refunds total %s CFA (they total %s)', OLD.id, NEW.amount_cfa, refunded));
      END IF;
      NEW.refunded_at := coalesce(NEW.refunded_at, pg_catalog.now());
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.donations_guard() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.donations_guard() IS 'Trigger: donations only to open pots, status forward only, refunded only when fully refunded.';
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
      PERFORM wolo.refuse('UW017', 'amount_cfa', TG_TABLE_NAME, format('refund %s: donation_id and amount_cfa cannot change', OLD.id));
    END IF;
    RETURN NEW;
  END IF;
  SELECT d.status, d.amount_cfa INTO donation_status, donation_amount FROM wolo.donations d WHERE d.id = NEW.donation_id FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM wolo.refuse('UW016', 'donation_id', TG_TABLE_NAME, format('donation %s does not exist', NEW.donation_id));
  END IF;
  IF donation_status <> 'succeeded' THEN
    PERFORM wolo.refuse('UW004', 'donation_id', TG_TABLE_NAME, format('donation %s is %s: only a succeeded donation can be refunded', NEW.donation_id, donation_status));
  END IF;
  SELECT coalesce(sum(r.amount_cfa), 0) INTO refunded FROM wolo.refunds r WHERE r.donation_id = NEW.donation_id;
  IF refunded + NEW.amount_cfa > donation_amount THEN
    PERFORM wolo.refuse('UW005', 'amount_cfa', TG_TABLE_NAME, format('donation %s of %s CFA has %s CFA refunded: %s more is too much', NEW.donation_id, donation_amount, refunded, NEW.amount_cfa));
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.refunds_guard() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refunds_guard() IS 'Trigger: refunds only of succeeded donations, never more in total than the amount (donation row locked).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.pot_totals_refresh()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  affected uuid[] := '{}'::uuid[];
  pot uuid;
BEGIN
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
  FOR pot IN SELECT DISTINCT a FROM pg_catalog.unnest(affected) a WHERE a IS NOT NULL ORDER BY a LOOP
    PERFORM 1 FROM wolo.pots p WHERE p.id = pot FOR UPDATE;
    UPDATE wolo.pots p SET
      raised_cfa = t.raised,
      donor_count = t.donors,
      status = CASE WHEN p.status = 'open' AND t.raised >= p.target_amount_cfa THEN 'funded' ELSE p.status END
    FROM (
      SELECT coalesce(sum(d.amount_cfa - coalesce(rf.total, 0)) FILTER (WHERE d.status IN ('succeeded', 'refunded')), 0)::bigint AS raised,
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
REVOKE ALL ON FUNCTION wolo.pot_totals_refresh() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.pot_totals_refresh() IS 'Trigger on donations: keeps pots.raised_cfa (succeeded donations minus their refunds) and donor_count exact; funds an open pot that reached its target.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refund_pot_totals_refresh()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  affected uuid[] := '{}'::uuid[];
  pot uuid;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.amount_cfa = OLD.amount_cfa AND NEW.donation_id = OLD.donation_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    affected := affected || (SELECT d.pot_id FROM wolo.donations d WHERE d.id = NEW.donation_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    affected := affected || (SELECT d.pot_id FROM wolo.donations d WHERE d.id = OLD.donation_id);
  END IF;

  FOR pot IN SELECT DISTINCT a FROM pg_catalog.unnest(affected) a WHERE a IS NOT NULL ORDER BY a LOOP
    PERFORM 1 FROM wolo.pots p WHERE p.id = pot FOR UPDATE;
    UPDATE wolo.pots p SET
      raised_cfa = t.raised,
      donor_count = t.donors,
      status = CASE WHEN p.status = 'open' AND t.raised >= p.target_amount_cfa THEN 'funded' ELSE p.status END
    FROM (
      SELECT coalesce(sum(d.amount_cfa - coalesce(rf.total, 0)) FILTER (WHERE d.status IN ('succeeded', 'refunded')), 0)::bigint AS raised,
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
REVOKE ALL ON FUNCTION wolo.refund_pot_totals_refresh() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refund_pot_totals_refresh() IS 'Trigger on refunds: keeps the totals of the refunded donation''s pot exact (see pot_totals_refresh).';
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
      PERFORM wolo.refuse('UW017', 'sponsor_user_id', TG_TABLE_NAME, format('points_ledger %s: sponsor_user_id cannot change', OLD.id));
    END IF;
  END IF;
  IF delta >= 0 THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM wolo.users u WHERE u.id = NEW.sponsor_user_id FOR UPDATE;
  SELECT coalesce(sum(l.points_earned) FILTER (WHERE l.status = 'matured'), 0) - coalesce(sum(l.points_spent) FILTER (WHERE l.status <> 'revoked'), 0)
    INTO balance FROM wolo.points_ledger l WHERE l.sponsor_user_id = NEW.sponsor_user_id;
  IF balance + delta < 0 THEN
    PERFORM wolo.refuse('UW012', 'points', TG_TABLE_NAME, format('sponsor %s has %s points: %s is more than the balance', NEW.sponsor_user_id, balance, -delta));
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.points_ledger_guard() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.points_ledger_guard() IS 'Trigger: refuses a ledger row that would make the sponsor''s points balance negative (sponsor row locked).';
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
    BEGIN
      UPDATE wolo.donations d SET
        status = v_target,
        wave_transaction_id = coalesce(NULLIF(v_data ->> 'transaction_id', ''), d.wave_transaction_id),
        wave_notified_at = pg_catalog.now(),
        confirmed_at = CASE WHEN v_target = 'succeeded' THEN pg_catalog.now() ELSE d.confirmed_at END,
        failed_at = CASE WHEN v_target = 'failed' THEN pg_catalog.now() ELSE d.failed_at END,
        wave_webhook_data = payload
      WHERE d.id = v_donation;
    EXCEPTION WHEN unique_violation THEN
      -- Another donation holds this Wave transaction id (donations_wave_transaction_id_key): recorded
      -- as the event's error, the donation unchanged, instead of failing the whole delivery.
      v_error := pg_catalog.format('transaction_id %s is already recorded on another donation', v_data ->> 'transaction_id');
    END;
  END IF;
  UPDATE wolo.wave_webhook_events e
  SET donation_id = v_donation, processed_at = pg_catalog.now(), processing_error = v_error
  WHERE e.id = v_event;
  RETURN QUERY SELECT v_donation, (SELECT d.status FROM wolo.donations d WHERE d.id = v_donation), false;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.process_wave_webhook(jsonb) FROM PUBLIC, anon, authenticated, service_role;
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
  PERFORM wolo.require_user(refund_donation.by_user, 'refunding user', 'by_user');
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
REVOKE ALL ON FUNCTION wolo.refund_donation(uuid, integer, text, uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.refund_donation(uuid, integer, text, uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refund_donation(uuid, integer, text, uuid) IS 'Refunds a succeeded donation, never beyond its amount (also concurrently); service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.qr_codes_issue_check()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_pack wolo.packs%ROWTYPE;
  v_owner uuid;
  v_today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
  v_used bigint;
BEGIN
  IF NEW.status = 'cancelled' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status <> 'cancelled' AND NEW.pack_id = OLD.pack_id AND NEW.pot_id = OLD.pot_id THEN
    RETURN NEW;
  END IF;
  SELECT pk.* INTO v_pack FROM wolo.packs pk WHERE pk.id = NEW.pack_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key refuses it
  END IF;
  IF NOT v_pack.is_active THEN
    RAISE EXCEPTION 'pack % is not active: no code can be issued for it', v_pack.id
      USING ERRCODE = 'UW028', COLUMN = 'is_active', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_today < v_pack.available_from THEN
    RAISE EXCEPTION 'pack % is available from %', v_pack.id, v_pack.available_from
      USING ERRCODE = 'UW028', COLUMN = 'available_from', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_today > v_pack.available_until THEN
    RAISE EXCEPTION 'pack % was available until %', v_pack.id, v_pack.available_until
      USING ERRCODE = 'UW028', COLUMN = 'available_until', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_pack.total_available_quantity IS NOT NULL THEN
    SELECT count(*) INTO v_used
      FROM (SELECT 1 FROM wolo.qr_codes q WHERE q.pack_id = v_pack.id AND q.status <> 'cancelled' AND q.id <> NEW.id
            LIMIT v_pack.total_available_quantity) AS issued;
    IF v_used >= v_pack.total_available_quantity THEN
      RAISE EXCEPTION 'pack %: all % units are issued', v_pack.id, v_pack.total_available_quantity
        USING ERRCODE = 'UW027', COLUMN = 'total_available_quantity', TABLE = 'packs', SCHEMA = 'wolo';
    END IF;
  END IF;
  SELECT p.owner_user_id INTO v_owner FROM wolo.pots p WHERE p.id = NEW.pot_id;
  SELECT count(*) INTO v_used
    FROM (SELECT 1 FROM wolo.qr_codes q JOIN wolo.pots p ON p.id = q.pot_id
           WHERE q.pack_id = v_pack.id AND q.status <> 'cancelled' AND q.id <> NEW.id AND p.owner_user_id = v_owner
           LIMIT v_pack.max_redemptions_per_user) AS held;
  IF v_used >= v_pack.max_redemptions_per_user THEN
    RAISE EXCEPTION 'user % already holds % code(s) of pack %, its max_redemptions_per_user', v_owner, v_used, v_pack.id
      USING ERRCODE = 'UW027', COLUMN = 'max_redemptions_per_user', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.qr_codes_issue_check() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.qr_codes_issue_check() IS 'A QR code is issued only for an active pack within its availability dates and under its total and per-owner limits (UW028, UW027); the pack row is locked so concurrent issuers count each other.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER qr_codes_issue_check
BEFORE INSERT OR UPDATE OF PACK_ID, POT_ID, STATUS ON wolo.qr_codes
FOR EACH ROW
EXECUTE FUNCTION wolo.qr_codes_issue_check();
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
  v_partner_status text;
  v_result text;
  v_error text;
BEGIN
  SELECT p.status INTO v_partner_status FROM wolo.partners p WHERE p.id = redeem_qr.partner_id;
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
    IF v_partner_status IS DISTINCT FROM 'active' THEN
      RAISE EXCEPTION 'partner % is %, not active: it cannot redeem codes', redeem_qr.partner_id, v_partner_status
        USING ERRCODE = 'UW028', COLUMN = 'status', TABLE = 'partners', SCHEMA = 'wolo';
    END IF;
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
REVOKE ALL ON FUNCTION wolo.redeem_qr(text, uuid, jsonb) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.redeem_qr(text, uuid, jsonb) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.redeem_qr(text, uuid, jsonb) IS 'Redeems a QR code for a partner: success | invalid | already_used | expired | not_yet_valid | wrong_partner; every attempt logged; service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.require_user(p_user uuid, p_role text, p_column text)
RETURNS void
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  PERFORM 1 FROM wolo.users u WHERE u.id = p_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION '% % is not a WOLO user', p_role, p_user USING ERRCODE = 'UW016', COLUMN = p_column;
  END IF;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.require_user(uuid, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.require_user(uuid, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.require_user(uuid, text, text) IS 'Raises not_found (COLUMN = the given column) when the id is not a wolo.users row; service_role only.';
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
  PERFORM wolo.require_user(send_invitation.sponsor, 'sponsor', 'sponsor');
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
REVOKE ALL ON FUNCTION wolo.send_invitation(uuid, text, text, text, text) FROM PUBLIC, anon, authenticated, service_role;
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
  PERFORM wolo.require_user(accept_referral.user_id, 'user', 'user_id');
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
REVOKE ALL ON FUNCTION wolo.accept_referral(text, uuid) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION wolo.mature_points(timestamptz) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION wolo.points_balance(uuid) FROM PUBLIC, anon, authenticated, service_role;
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
  v_credit bigint;
  v_conversion uuid := pg_catalog.gen_random_uuid();
  v_donation uuid;
BEGIN
  IF convert_points.points IS NULL OR convert_points.points <= 0 THEN
    RAISE EXCEPTION 'points must be a positive number' USING ERRCODE = 'UW018', COLUMN = 'points';
  END IF;
  PERFORM wolo.require_user(convert_points.sponsor, 'sponsor', 'sponsor');
  SELECT (c.config_value #>> '{}')::numeric INTO v_rate FROM wolo.system_config c
  WHERE c.config_key = 'points_conversion_rate' AND pg_catalog.jsonb_typeof(c.config_value) = 'number';
  v_rate := coalesce(v_rate, 5);
  v_credit := pg_catalog.floor(convert_points.points * v_rate)::bigint;
  IF v_credit <= 0 THEN
    RAISE EXCEPTION '% points are worth less than one CFA franc at rate %', convert_points.points, v_rate USING ERRCODE = 'UW018', COLUMN = 'points';
  ELSIF v_credit > 2147483647 THEN
    RAISE EXCEPTION '% points are worth % CFA at rate %, more than one donation holds (% CFA)', convert_points.points, v_credit, v_rate, 2147483647
      USING ERRCODE = 'UW018', COLUMN = 'points';
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
REVOKE ALL ON FUNCTION wolo.convert_points(uuid, integer, uuid) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION wolo.open_due_pots(timestamptz) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.open_due_pots(timestamptz) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.open_due_pots(timestamptz) IS 'Opens scheduled pots whose scheduled_open_at has come; returns how many. Run it from a scheduler; service_role only.';
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
  IF pg_catalog.char_length(v_subject) > 500 THEN
    RAISE EXCEPTION 'the subject of template % rendered with data is % characters, more than %', t.template_key, pg_catalog.char_length(v_subject), 500
      USING ERRCODE = 'UW018', COLUMN = 'data';
  END IF;
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
REVOKE ALL ON FUNCTION wolo.enqueue_notification(uuid, text, text, jsonb, timestamptz) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION wolo.claim_notifications(integer) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION wolo.record_notification_result(uuid, boolean, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.record_notification_result(uuid, boolean, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.record_notification_result(uuid, boolean, text, text) IS 'Records a send attempt of a sending notification: delivered, pending again with exponential backoff, or failed after max_retries; keeps notification_analytics. service_role only.';
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
REVOKE ALL ON FUNCTION wolo.feature_enabled(text, uuid, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.feature_enabled(text, uuid, text) TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.feature_enabled(text, uuid, text) IS 'Whether flag_key is on for user_id / region: disabled or other environment → off; targeted groups or regions → on; else a deterministic md5 bucket below rollout_percentage.';
--> statement-breakpoint
ALTER FUNCTION wolo.feature_enabled(text, uuid, text) OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION wolo.system_config_validate() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.system_config_validate() IS 'Trigger: system_config values match data_type and validation_rules (min, max, minLength, maxLength, pattern, enum).';
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
REVOKE ALL ON FUNCTION wolo.audit_row_change() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.audit_row_change() IS 'Trigger: writes an audit_logs row (actor, action, resource, changed old/new values, personal data redacted).';
--> statement-breakpoint
ALTER FUNCTION wolo.audit_row_change() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.compute_partner_settlement(partner_id uuid, period_start date, period_end date)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_split numeric;
  v_count integer;
  v_revenue bigint;
  v_share bigint;
  v_id uuid;
  v_tz text := wolo.business_time_zone();
BEGIN
  IF compute_partner_settlement.period_start IS NULL OR compute_partner_settlement.period_end IS NULL
     OR compute_partner_settlement.period_end < compute_partner_settlement.period_start THEN
    RAISE EXCEPTION 'period_end must be on or after period_start' USING ERRCODE = 'UW018', COLUMN = 'period_end';
  END IF;
  SELECT p.revenue_split_percentage INTO v_split FROM wolo.partners p WHERE p.id = compute_partner_settlement.partner_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'partner % does not exist', compute_partner_settlement.partner_id USING ERRCODE = 'UW016', COLUMN = 'partner_id';
  END IF;
  SELECT count(*)::integer, coalesce(sum(coalesce(pk.discounted_price_cfa, pk.base_price_cfa)), 0)::bigint INTO v_count, v_revenue
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id
  WHERE q.redeemed_by_partner_id = compute_partner_settlement.partner_id AND q.status = 'redeemed'
    AND q.redeemed_at >= (compute_partner_settlement.period_start::timestamp AT TIME ZONE v_tz)
    AND q.redeemed_at < ((compute_partner_settlement.period_end + 1)::timestamp AT TIME ZONE v_tz);
  v_share := pg_catalog.floor(v_revenue * v_split / 100)::bigint;
  INSERT INTO wolo.partner_settlements AS s (partner_id, period_start, period_end, total_redemptions_count, total_revenue_cfa, partner_share_cfa, wolo_commission_cfa)
  VALUES (compute_partner_settlement.partner_id, compute_partner_settlement.period_start, compute_partner_settlement.period_end, v_count, v_revenue, v_share, v_revenue - v_share)
  ON CONFLICT ON CONSTRAINT partner_settlements_partner_id_period_start_period_end_key DO UPDATE SET
    total_redemptions_count = EXCLUDED.total_redemptions_count, total_revenue_cfa = EXCLUDED.total_revenue_cfa,
    partner_share_cfa = EXCLUDED.partner_share_cfa, wolo_commission_cfa = EXCLUDED.wolo_commission_cfa,
    status = 'pending', approved_by_user_id = NULL, approved_at = NULL
  WHERE s.status <> 'paid'
  RETURNING s.id INTO v_id;
  IF v_id IS NULL THEN
    RAISE EXCEPTION 'the settlement of partner % for % .. % is paid and cannot be recomputed', compute_partner_settlement.partner_id,
      compute_partner_settlement.period_start, compute_partner_settlement.period_end USING ERRCODE = 'UW024', COLUMN = 'period_start';
  END IF;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.compute_partner_settlement(uuid, date, date) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.compute_partner_settlement(uuid, date, date) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.compute_partner_settlement(uuid, date, date) IS 'Computes (or recomputes, unless paid) a partner''s settlement for a period: redemptions, revenue at pack prices, partner share and WOLO commission adding up exactly. service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.partner_settlements_no_overlap()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_start date;
  v_end date;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('wolo.partner_settlements'), pg_catalog.hashtext(NEW.partner_id::text));
  SELECT s.period_start, s.period_end INTO v_start, v_end
    FROM wolo.partner_settlements s
   WHERE s.partner_id = NEW.partner_id AND s.id <> NEW.id
     AND s.period_start <= NEW.period_end AND s.period_end >= NEW.period_start
     AND NOT (s.period_start = NEW.period_start AND s.period_end = NEW.period_end)
   ORDER BY s.period_start
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the period % .. % overlaps the settlement of partner % for % .. %: a redemption would be settled twice',
      NEW.period_start, NEW.period_end, NEW.partner_id, v_start, v_end
      USING ERRCODE = 'UW026', COLUMN = 'period_start';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.partner_settlements_no_overlap() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.partner_settlements_no_overlap() IS 'A partner''s settlement periods never overlap (no redemption settled twice); one writer per partner at a time.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.record_event(event_name text, event_category text, user_id uuid DEFAULT NULL, properties jsonb DEFAULT NULL, session_id text DEFAULT NULL, anonymous_id text DEFAULT NULL, platform text DEFAULT NULL, device_type text DEFAULT NULL, occurred_at timestamptz DEFAULT now())
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_caller uuid := (SELECT auth.uid());
  v_id uuid := pg_catalog.gen_random_uuid();
BEGIN
  IF v_caller IS NOT NULL AND record_event.user_id IS NOT NULL AND record_event.user_id <> v_caller THEN
    RAISE EXCEPTION 'a user records its own events only' USING ERRCODE = 'UW018', COLUMN = 'user_id';
  END IF;
  -- (under RLS a signed-in caller sees its own users row, the only one it may name)
  IF record_event.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM wolo.users u WHERE u.id = record_event.user_id) THEN
    RAISE EXCEPTION 'user % is not a WOLO user', record_event.user_id USING ERRCODE = 'UW016', COLUMN = 'user_id';
  END IF;
  IF v_caller IS NULL THEN
    INSERT INTO wolo.analytics_events (id, event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type, timestamp)
    VALUES (v_id, record_event.event_name, record_event.event_category, record_event.user_id, record_event.properties, record_event.session_id,
            record_event.anonymous_id, record_event.platform, record_event.device_type, coalesce(record_event.occurred_at, pg_catalog.now()));
  ELSE
    INSERT INTO wolo.analytics_events (id, event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type)
    VALUES (v_id, record_event.event_name, record_event.event_category, record_event.user_id, record_event.properties, record_event.session_id,
            record_event.anonymous_id, record_event.platform, record_event.device_type);
  END IF;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) IS 'Records an analytics event; a signed-in user records its own events only (and at now()).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.compute_daily_metrics(day date)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_tz text := wolo.business_time_zone();
  v_from timestamptz := compute_daily_metrics.day::timestamp AT TIME ZONE v_tz;
  v_to timestamptz := (compute_daily_metrics.day + 1)::timestamp AT TIME ZONE v_tz;
  v_amount bigint;
  v_count integer;
  v_donors integer;
  v_initiated integer;
  v_dau integer;
  v_revenue bigint;
  v_redeemed integer;
  v_pots integer;
BEGIN
  IF compute_daily_metrics.day IS NULL THEN
    RAISE EXCEPTION 'day is required' USING ERRCODE = 'UW018', COLUMN = 'day';
  END IF;
  SELECT coalesce(sum(d.amount_cfa), 0), count(*), count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone))
    INTO v_amount, v_count, v_donors
  FROM wolo.donations d
  WHERE d.status IN ('succeeded', 'refunded') AND d.confirmed_at >= v_from AND d.confirmed_at < v_to;
  SELECT count(*) INTO v_initiated FROM wolo.donations d WHERE d.initiated_at >= v_from AND d.initiated_at < v_to;
  INSERT INTO wolo.donation_analytics AS a (period_type, period_start, period_end, total_amount_cfa, transaction_count, unique_donors, average_donation_cfa, success_rate)
  VALUES ('daily', compute_daily_metrics.day, compute_daily_metrics.day, v_amount, v_count, v_donors,
          CASE WHEN v_count = 0 THEN 0 ELSE (v_amount / v_count)::integer END,
          CASE WHEN v_initiated = 0 THEN NULL ELSE least(1, round(v_count::numeric / v_initiated, 4)) END)
  ON CONFLICT (period_type, period_start, period_end) DO UPDATE SET
    total_amount_cfa = EXCLUDED.total_amount_cfa, transaction_count = EXCLUDED.transaction_count, unique_donors = EXCLUDED.unique_donors,
    average_donation_cfa = EXCLUDED.average_donation_cfa, success_rate = EXCLUDED.success_rate, created_at = pg_catalog.now();
  SELECT count(*) INTO v_dau FROM (
    SELECT e.user_id FROM wolo.analytics_events e WHERE e.user_id IS NOT NULL AND e.timestamp >= v_from AND e.timestamp < v_to
    UNION SELECT u.id FROM wolo.users u WHERE u.last_login_at >= v_from AND u.last_login_at < v_to
    UNION SELECT d.donor_user_id FROM wolo.donations d WHERE d.donor_user_id IS NOT NULL AND d.initiated_at >= v_from AND d.initiated_at < v_to
  ) active;
  SELECT count(*), coalesce(sum(coalesce(pk.discounted_price_cfa, pk.base_price_cfa)), 0) INTO v_redeemed, v_revenue
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id
  WHERE q.status = 'redeemed' AND q.redeemed_at >= v_from AND q.redeemed_at < v_to;
  SELECT count(*) INTO v_pots FROM wolo.pots p WHERE p.created_at >= v_from AND p.created_at < v_to;
  DELETE FROM wolo.business_metrics m WHERE m.metric_date = compute_daily_metrics.day AND m.dimensions IS NULL
    AND m.metric_type IN ('daily_active_users', 'donations', 'revenue', 'new_pots');
  INSERT INTO wolo.business_metrics (metric_date, metric_type, metric_value, metric_count) VALUES
    (compute_daily_metrics.day, 'daily_active_users', v_dau, v_dau),
    (compute_daily_metrics.day, 'donations', v_amount, v_count),
    (compute_daily_metrics.day, 'revenue', v_revenue, v_redeemed),
    (compute_daily_metrics.day, 'new_pots', v_pots, v_pots);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.compute_daily_metrics(date) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.compute_daily_metrics(date) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.compute_daily_metrics(date) IS 'Fills donation_analytics (daily) and business_metrics (daily_active_users, donations, revenue, new_pots) for a business day; idempotent. service_role only.';
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
REVOKE ALL ON FUNCTION wolo.purge_expired_data(timestamptz, integer) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.purge_expired_data(timestamptz, integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.purge_expired_data(timestamptz, integer) IS 'Retention (doc 003 §6): deletes sessions > 90 days, analytics events > 2 years, audit logs > 5 years, financial rows > 7 years, in batches; forgets accounts deleted > 30 days ago. service_role only.';
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
REVOKE ALL ON FUNCTION wolo.set_id_number(uuid, text) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION wolo.read_id_number(uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.read_id_number(uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.read_id_number(uuid) IS 'Decrypts the ID number (key from setting wolo.id_encryption_key). The user, an admin or service_role.';
--> statement-breakpoint
ALTER FUNCTION wolo.read_id_number(uuid) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.export_user_data(user_id uuid)
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_key text := nullif(pg_catalog.current_setting('wolo.id_encryption_key', true), '');
  v_uid uuid := export_user_data.user_id;
  v_id_number text;
BEGIN
  IF v_key IS NOT NULL THEN
    SELECT extensions.pgp_sym_decrypt(pg_catalog.decode(p.id_number, 'base64'), v_key) INTO v_id_number
    FROM wolo.profiles p WHERE p.user_id = v_uid AND p.id_number IS NOT NULL;
  END IF;
  RETURN pg_catalog.jsonb_build_object(
    'user', (SELECT pg_catalog.to_jsonb(u) FROM wolo.users u WHERE u.id = v_uid),
    'profile', (SELECT (pg_catalog.to_jsonb(p) - 'id_number' - 'id_hash')
                  || pg_catalog.jsonb_build_object('id_number', v_id_number, 'id_number_stored', p.id_number IS NOT NULL)
                FROM wolo.profiles p WHERE p.user_id = v_uid),
    'addresses', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a)) FROM wolo.user_addresses a WHERE a.user_id = v_uid), '[]'),
    'referrals', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r)) FROM wolo.referrals r WHERE r.sponsor_user_id = v_uid OR r.sponsored_user_id = v_uid), '[]'),
    'pots', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p)) FROM wolo.pots p WHERE p.owner_user_id = v_uid), '[]'),
    'donations_made', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'wave_webhook_data') FROM wolo.donations d WHERE d.donor_user_id = v_uid), '[]'),
    'donations_received', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', d.id, 'pot_id', d.pot_id, 'amount_cfa', d.amount_cfa, 'status', d.status,
        'initiated_at', d.initiated_at, 'donor_name', CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_name END, 'donation_message', d.donation_message))
      FROM wolo.donations d JOIN wolo.pots p ON p.id = d.pot_id WHERE p.owner_user_id = v_uid), '[]'),
    'points', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l)) FROM wolo.points_ledger l WHERE l.sponsor_user_id = v_uid), '[]'),
    'points_conversions', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c)) FROM wolo.points_conversions c WHERE c.sponsor_user_id = v_uid), '[]'),
    'notifications', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(n)) FROM wolo.notifications n WHERE n.user_id = v_uid), '[]'),
    'notification_preferences', (SELECT pg_catalog.to_jsonb(np) FROM wolo.notification_preferences np WHERE np.user_id = v_uid),
    'consent', (SELECT pg_catalog.jsonb_build_object('marketing_notifications', np.marketing_notifications, 'marketing_opt_in_at', np.marketing_opt_in_at,
                  'marketing_opt_in_source', np.marketing_opt_in_source) FROM wolo.notification_preferences np WHERE np.user_id = v_uid)
  );
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.export_user_data(uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.export_user_data(uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.export_user_data(uuid) IS 'Everything WOLO holds about one person, as JSON (the ID number decrypted when wolo.id_encryption_key is set). service_role only.';
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
REVOKE ALL ON FUNCTION wolo.forget_user(uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.forget_user(uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.forget_user(uuid) IS 'Erases or anonymises a person across the WOLO tables, keeping financial rows detached; idempotent. service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.subject_lookup(user_id uuid, email text, phone text)
RETURNS text
LANGUAGE plpgsql
IMMUTABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF num_nonnulls(subject_lookup.user_id, nullif(subject_lookup.email, ''), nullif(subject_lookup.phone, '')) <> 1 THEN
    RAISE EXCEPTION 'give exactly one of user_id, email, phone' USING ERRCODE = 'US001', COLUMN = 'subject';
  END IF;
  RETURN CASE WHEN subject_lookup.user_id IS NOT NULL THEN 'user_id' WHEN nullif(subject_lookup.email, '') IS NOT NULL THEN 'email' ELSE 'phone' END;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.subject_lookup(uuid, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.subject_lookup(uuid, text, text) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.subject_lookup(uuid, text, text) IS 'The kind of identifier a data-subject request gives (exactly one); US001 otherwise.';
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
REVOKE ALL ON FUNCTION subjects.mentions(text, text[]) FROM PUBLIC, anon, authenticated, service_role;
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
REVOKE ALL ON FUNCTION subjects.redact(text, text[]) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.redact(text, text[]) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.redact(text, text[]) IS 'The text with every occurrence of the needles (lower-cased identifiers), as a whole token, replaced by [erased].';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.resolve_subject(user_id uuid, email text, phone text)
RETURNS table(user_ids uuid[], emails text[], phones text[])
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_ids uuid[] := ARRAY[resolve_subject.user_id];
  v_emails text[] := ARRAY[pg_catalog.lower(nullif(resolve_subject.email, ''))];
  v_phones text[] := ARRAY[nullif(resolve_subject.phone, '')];
BEGIN
  v_ids := v_ids || ARRAY(SELECT t.id FROM public.unified_profiles t WHERE t.id = resolve_subject.user_id);
  IF NOT pg_catalog.has_column_privilege('anon', 'public.unified_profiles', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'public.unified_profiles', 'email', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM public.unified_profiles t WHERE pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'public.unified_profiles', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'public.unified_profiles', 'phone', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM public.unified_profiles t WHERE t.phone::text = resolve_subject.phone);
  END IF;
  v_ids := v_ids || ARRAY(SELECT t.id FROM learning.users t WHERE t.id = resolve_subject.user_id);
  IF NOT pg_catalog.has_column_privilege('anon', 'learning.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'learning.users', 'email', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM learning.users t WHERE pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'learning.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'learning.users', 'phone', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM learning.users t WHERE t.phone::text = resolve_subject.phone);
  END IF;
  v_ids := v_ids || ARRAY(SELECT t.id FROM wolo.users t WHERE t.id = resolve_subject.user_id);
  IF NOT pg_catalog.has_column_privilege('anon', 'wolo.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'wolo.users', 'email', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM wolo.users t WHERE pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'wolo.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'wolo.users', 'phone', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM wolo.users t WHERE t.phone::text = resolve_subject.phone);
  END IF;
  IF pg_catalog.has_table_privilege('auth.users', 'SELECT') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM auth.users t WHERE t.id = resolve_subject.user_id);
    IF NOT pg_catalog.has_column_privilege('anon', 'auth.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'auth.users', 'email', 'INSERT, UPDATE') THEN
      v_ids := v_ids || ARRAY(SELECT t.id FROM auth.users t WHERE pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email));
    END IF;
    IF NOT pg_catalog.has_column_privilege('anon', 'auth.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'auth.users', 'phone', 'INSERT, UPDATE') THEN
      v_ids := v_ids || ARRAY(SELECT t.id FROM auth.users t WHERE t.phone::text = resolve_subject.phone);
    END IF;
  END IF;
  v_ids := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_ids) AS x WHERE x IS NOT NULL ORDER BY 1);
  IF NOT pg_catalog.has_column_privilege('anon', 'public.unified_profiles', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'public.unified_profiles', 'email', 'INSERT, UPDATE') THEN
    v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM public.unified_profiles t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'public.unified_profiles', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'public.unified_profiles', 'phone', 'INSERT, UPDATE') THEN
    v_phones := v_phones || ARRAY(SELECT t.phone::text FROM public.unified_profiles t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'learning.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'learning.users', 'email', 'INSERT, UPDATE') THEN
    v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM learning.users t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'learning.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'learning.users', 'phone', 'INSERT, UPDATE') THEN
    v_phones := v_phones || ARRAY(SELECT t.phone::text FROM learning.users t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'wolo.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'wolo.users', 'email', 'INSERT, UPDATE') THEN
    v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM wolo.users t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'wolo.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'wolo.users', 'phone', 'INSERT, UPDATE') THEN
    v_phones := v_phones || ARRAY(SELECT t.phone::text FROM wolo.users t WHERE t.id = ANY (v_ids));
  END IF;
  IF pg_catalog.has_table_privilege('auth.users', 'SELECT') THEN
    IF NOT pg_catalog.has_column_privilege('anon', 'auth.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'auth.users', 'email', 'INSERT, UPDATE') THEN
      v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM auth.users t WHERE t.id = ANY (v_ids));
    END IF;
    IF NOT pg_catalog.has_column_privilege('anon', 'auth.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'auth.users', 'phone', 'INSERT, UPDATE') THEN
      v_phones := v_phones || ARRAY(SELECT t.phone::text FROM auth.users t WHERE t.id = ANY (v_ids));
    END IF;
  END IF;
  user_ids := v_ids;
  emails := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_emails) AS x WHERE x IS NOT NULL ORDER BY 1);
  phones := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_phones) AS x WHERE x IS NOT NULL ORDER BY 1);
  RETURN NEXT;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.resolve_subject(uuid, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.resolve_subject(uuid, text, text) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.resolve_subject(uuid, text, text) IS 'The user ids, emails and phones of one person, from the user tables of every domain.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.record_run(action text, lookup text, dry_run boolean, tables jsonb, total_rows bigint)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  INSERT INTO subjects.runs (db_role, login_role, jwt_sub, action, lookup, dry_run, found, total_rows, tables)
  VALUES (coalesce(nullif(pg_catalog.current_setting('role', true), ''), 'none'), session_user,
          nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
          record_run.action, record_run.lookup, record_run.dry_run, record_run.total_rows > 0, record_run.total_rows, record_run.tables);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.record_run(text, text, boolean, jsonb, bigint) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.record_run(text, text, boolean, jsonb, bigint) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.record_run(text, text, boolean, jsonb, bigint) IS 'Records a data-subject run in subjects.runs: who, what, counts per table; never the identifiers.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.export_document(items jsonb)
RETURNS jsonb
LANGUAGE sql
IMMUTABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
WITH i AS (
  SELECT x ->> 'domain' AS d, x ->> 'scope' AS s, x ->> 'table' AS tb, x - 'domain' - 'scope' AS item
  FROM pg_catalog.jsonb_array_elements(export_document.items) AS x
), t AS (
  SELECT i.d, i.s, i.tb, pg_catalog.jsonb_agg(i.item ORDER BY (i.item -> 'key')::text) AS rows FROM i GROUP BY i.d, i.s, i.tb
), plain AS (
  SELECT t.d, pg_catalog.jsonb_object_agg(t.tb, t.rows) AS o FROM t WHERE t.s IS NULL GROUP BY t.d
), per_brand AS (
  SELECT t.d, t.s, pg_catalog.jsonb_object_agg(t.tb, t.rows) AS o FROM t WHERE t.s IS NOT NULL GROUP BY t.d, t.s
), brands AS (
  SELECT b.d, pg_catalog.jsonb_build_object('brands', pg_catalog.jsonb_object_agg(b.s, b.o)) AS o FROM per_brand b GROUP BY b.d
), dom AS (
  SELECT coalesce(p.d, b.d) AS d, coalesce(p.o, '{}'::jsonb) || coalesce(b.o, '{}'::jsonb) AS o FROM plain p FULL JOIN brands b ON b.d = p.d
)
SELECT pg_catalog.jsonb_build_object(
  'found', pg_catalog.jsonb_array_length(export_document.items) > 0,
  'rows', pg_catalog.jsonb_array_length(export_document.items),
  'domains', coalesce((SELECT pg_catalog.jsonb_object_agg(dom.d, dom.o) FROM dom), '{}'::jsonb))
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.export_document(jsonb) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.export_document(jsonb) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.export_document(jsonb) IS 'Groups export items by domain and table (brand-scoped tables per brand).';
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
  v_staged_ids uuid[];
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
  v_staged_ids := v_user_ids;
  IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') THEN
    EXECUTE 'SELECT coalesce(pg_catalog.array_agg(s.id), ''{}'') FROM ingest.users_staging s WHERE pg_catalog.lower(s.email) = ANY ($1)'
      INTO v_staged_ids USING v_emails;
    v_staged_ids := v_user_ids || v_staged_ids;
  END IF;
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
  IF pg_catalog.to_regclass('auth.audit_log_entries') IS NOT NULL AND pg_catalog.has_table_privilege('auth.audit_log_entries', 'SELECT') THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE subjects.mentions(t.%I::text, $1)',
                   'auth', 'auth.audit_log_entries', 'mention:payload', 'auth', 'audit_log_entries', 'payload')
      INTO v_rows USING v_needles;
    v_items := v_items || v_rows;
  END IF;
  IF pg_catalog.to_regclass('ingest.enrollments_staging') IS NOT NULL THEN
    IF pg_catalog.has_table_privilege('ingest.enrollments_staging', 'SELECT') THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.enrollments_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY ($1) THEN ''userId:user_id'' END, CASE WHEN subjects.mentions(t.metadata::text, $4) THEN ''mention:metadata'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.enrollments_staging t WHERE (t.user_id = ANY ($1) OR subjects.mentions(t.metadata::text, $4))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  IF pg_catalog.to_regclass('ingest.leads_staging') IS NOT NULL THEN
    IF pg_catalog.has_table_privilege('ingest.leads_staging', 'SELECT') THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.leads_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY ($2) THEN ''email:email'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.leads_staging t WHERE (pg_catalog.lower(t.email) = ANY ($2))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  IF pg_catalog.to_regclass('ingest.unified_profiles_staging') IS NOT NULL THEN
    IF pg_catalog.has_table_privilege('ingest.unified_profiles_staging', 'SELECT') THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.unified_profiles_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY ($1) THEN ''userId:id'' END, CASE WHEN pg_catalog.lower(t.email) = ANY ($2) THEN ''email:email'' END, CASE WHEN t.phone::text = ANY ($3) THEN ''phone:phone'' END, CASE WHEN subjects.mentions(t.admin_metadata::text, $4) THEN ''mention:admin_metadata'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.unified_profiles_staging t WHERE (t.id = ANY ($1) OR pg_catalog.lower(t.email) = ANY ($2) OR t.phone::text = ANY ($3) OR subjects.mentions(t.admin_metadata::text, $4))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  IF pg_catalog.to_regclass('ingest.transactions_staging') IS NOT NULL THEN
    IF pg_catalog.has_table_privilege('ingest.transactions_staging', 'SELECT') THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.transactions_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY ($1) THEN ''userId:user_id'' END, CASE WHEN pg_catalog.lower(t.contact_email) = ANY ($2) THEN ''email:contact_email'' END, CASE WHEN subjects.mentions(t.metadata::text, $4) THEN ''mention:metadata'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.transactions_staging t WHERE (t.user_id = ANY ($1) OR pg_catalog.lower(t.contact_email) = ANY ($2) OR subjects.mentions(t.metadata::text, $4))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL THEN
    IF pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.users_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY ($1) THEN ''userId:id'' END, CASE WHEN pg_catalog.lower(t.email) = ANY ($2) THEN ''email:email'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.users_staging t WHERE (t.id = ANY ($1) OR pg_catalog.lower(t.email) = ANY ($2))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  SELECT coalesce(pg_catalog.jsonb_object_agg(c.tb, pg_catalog.jsonb_build_object('rows', c.n)), '{}'::jsonb) INTO v_counts
    FROM (SELECT x ->> 'table' AS tb, count(*) AS n FROM pg_catalog.jsonb_array_elements(v_items) AS x GROUP BY 1) c;
  PERFORM subjects.record_run('export', v_lookup, false, v_counts, pg_catalog.jsonb_array_length(v_items));
  RETURN subjects.export_document(v_items)
    || pg_catalog.jsonb_build_object('subject', pg_catalog.jsonb_build_object('user_ids', pg_catalog.to_jsonb(v_user_ids), 'emails', pg_catalog.to_jsonb(v_emails), 'phones', pg_catalog.to_jsonb(v_phones)));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.export_subject(uuid, text, text) FROM PUBLIC, anon, authenticated, service_role;
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
  v_staged_ids uuid[];
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
  -- the raw ingest tables' lock, shared, before any other: the erasure deletes raw rows (whose trigger
  -- takes it anyway), and taken later, with production rows already locked, it could wait for a prepare
  -- that waits for those rows' tables (its foreign keys to them), a deadlock (docs/ingest.md)
  PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext('ingest.raw'));
  v_lookup := subjects.subject_lookup(erase_subject.user_id, erase_subject.email, erase_subject.phone);
  SELECT r.user_ids, r.emails, r.phones INTO v_user_ids, v_emails, v_phones FROM subjects.resolve_subject(erase_subject.user_id, erase_subject.email, erase_subject.phone) r;
  -- what a JSON or text column is searched for: every identifier of the person, lower-cased
  v_needles := ARRAY(SELECT DISTINCT pg_catalog.lower(x) FROM pg_catalog.unnest(v_emails || v_phones || v_user_ids::text[]) AS x
                     WHERE pg_catalog.length(x) >= 6);
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.customers', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.conversations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.pots', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.donations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.donations t WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones))));
  v_staged_ids := v_user_ids;
  IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') THEN
    EXECUTE 'SELECT coalesce(pg_catalog.array_agg(s.id), ''{}'') FROM ingest.users_staging s WHERE pg_catalog.lower(s.email) = ANY ($1)'
      INTO v_staged_ids USING v_emails;
    v_staged_ids := v_user_ids || v_staged_ids;
  END IF;
  BEGIN
    -- the staged copies first: a cutover locks the staging tables before production's, and so does this
    -- ingest.enrollments_staging (staged)
    IF pg_catalog.to_regclass('ingest.enrollments_staging') IS NOT NULL THEN
      IF pg_catalog.has_table_privilege('ingest.enrollments_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.enrollments_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.enrollments_staging', 'DELETE') THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'DELETE FROM ingest.enrollments_staging t WHERE (t.user_id = ANY ($1))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        EXECUTE 'UPDATE ingest.enrollments_staging t SET metadata = subjects.redact(t.metadata::text, $4)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, $4))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_redacted := n_redacted + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.enrollments_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.enrollments_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- ingest.leads_staging (staged)
    IF pg_catalog.to_regclass('ingest.leads_staging') IS NOT NULL THEN
      IF pg_catalog.has_table_privilege('ingest.leads_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.leads_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.leads_staging', 'DELETE') THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'DELETE FROM ingest.leads_staging t WHERE (pg_catalog.lower(t.email) = ANY ($2))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.leads_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.leads_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- ingest.unified_profiles_staging (staged)
    IF pg_catalog.to_regclass('ingest.unified_profiles_staging') IS NOT NULL THEN
      IF pg_catalog.has_table_privilege('ingest.unified_profiles_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.unified_profiles_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.unified_profiles_staging', 'DELETE') THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'DELETE FROM ingest.unified_profiles_staging t WHERE (t.id = ANY ($1) OR pg_catalog.lower(t.email) = ANY ($2) OR t.phone::text = ANY ($3))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        EXECUTE 'UPDATE ingest.unified_profiles_staging t SET admin_metadata = subjects.redact(t.admin_metadata::text, $4)::jsonb WHERE true AND (subjects.mentions(t.admin_metadata::text, $4))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_redacted := n_redacted + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.unified_profiles_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.unified_profiles_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- ingest.transactions_staging (staged)
    IF pg_catalog.to_regclass('ingest.transactions_staging') IS NOT NULL THEN
      IF pg_catalog.has_table_privilege('ingest.transactions_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.transactions_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.transactions_staging', 'DELETE') THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'UPDATE ingest.transactions_staging t SET user_id = NULL, contact_email = NULL, metadata = subjects.redact(t.metadata::text, $4)::jsonb WHERE (t.user_id = ANY ($1) OR pg_catalog.lower(t.contact_email) = ANY ($2)) AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL OR subjects.mentions(t.metadata::text, $4))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        EXECUTE 'UPDATE ingest.transactions_staging t SET metadata = subjects.redact(t.metadata::text, $4)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, $4))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_redacted := n_redacted + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.transactions_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.transactions_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'retain', 'period', '7 years', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- ingest.users_staging (staged)
    IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL THEN
      IF pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.users_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.users_staging', 'DELETE') THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'DELETE FROM ingest.users_staging t WHERE (t.id = ANY ($1) OR pg_catalog.lower(t.email) = ANY ($2))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.users_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.users_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
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
    IF pg_catalog.has_table_privilege('auth.users', 'SELECT') AND pg_catalog.has_table_privilege('auth.users', 'UPDATE') AND pg_catalog.has_table_privilege('auth.users', 'DELETE') THEN
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
    IF pg_catalog.to_regclass('auth.identities') IS NOT NULL AND pg_catalog.has_table_privilege('auth.identities', 'SELECT') AND pg_catalog.has_table_privilege('auth.identities', 'DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'identities', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.identities', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.identities') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.identities', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.sessions') IS NOT NULL AND pg_catalog.has_table_privilege('auth.sessions', 'SELECT') AND pg_catalog.has_table_privilege('auth.sessions', 'DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'sessions', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.sessions', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.sessions') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.sessions', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.refresh_tokens', 'SELECT') AND pg_catalog.has_table_privilege('auth.refresh_tokens', 'DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'refresh_tokens', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.refresh_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.refresh_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL AND pg_catalog.has_table_privilege('auth.mfa_factors', 'SELECT') AND pg_catalog.has_table_privilege('auth.mfa_factors', 'DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'mfa_factors', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.mfa_factors', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.mfa_factors', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.one_time_tokens', 'SELECT') AND pg_catalog.has_table_privilege('auth.one_time_tokens', 'DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'one_time_tokens', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.one_time_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.one_time_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.flow_state') IS NOT NULL AND pg_catalog.has_table_privilege('auth.flow_state', 'SELECT') AND pg_catalog.has_table_privilege('auth.flow_state', 'DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'flow_state', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.flow_state', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.flow_state') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.flow_state', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.audit_log_entries') IS NOT NULL AND pg_catalog.has_table_privilege('auth.audit_log_entries', 'SELECT') AND pg_catalog.has_table_privilege('auth.audit_log_entries', 'UPDATE') THEN
      EXECUTE format('UPDATE %I.%I t SET %I = subjects.redact(t.%I::text, $1)::%s WHERE subjects.mentions(t.%I::text, $1)', 'auth', 'audit_log_entries', 'payload', 'payload', (SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.to_regclass('auth.audit_log_entries') AND a.attname = 'payload' AND NOT a.attisdropped), 'payload') USING v_needles;
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.audit_log_entries', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'redact', 'rows', 0, 'redacted', n, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.audit_log_entries') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.audit_log_entries', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'redact', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
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
REVOKE ALL ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) IS 'Erases one person in every domain by each table''s registry rule (delete, anonymise, retain detached); dry_run rolls back and reports the same. service_role only; recorded in subjects.runs.';
--> statement-breakpoint
ALTER FUNCTION subjects.erase_subject(uuid, text, text, boolean) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.record_refused_erasure(user_id uuid, email text, phone text, dry_run boolean, schema_name text, table_name text, constraint_name text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_lookup text := subjects.subject_lookup(record_refused_erasure.user_id, record_refused_erasure.email, record_refused_erasure.phone);
  v_table text;
  v_constraint text;
BEGIN
  SELECT n.nspname || '.' || t.relname, c.conname INTO v_table, v_constraint
    FROM pg_catalog.pg_constraint c
    JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
   WHERE c.contype = 'f' AND c.conname = record_refused_erasure.constraint_name
     AND t.relname = record_refused_erasure.table_name AND n.nspname = record_refused_erasure.schema_name;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no foreign key % on %.%', record_refused_erasure.constraint_name, record_refused_erasure.schema_name, record_refused_erasure.table_name
      USING ERRCODE = 'US002', COLUMN = 'constraint_name';
  END IF;
  PERFORM subjects.record_run('erase_refused', v_lookup, coalesce(record_refused_erasure.dry_run, false),
                              pg_catalog.jsonb_build_object(v_table, pg_catalog.jsonb_build_object('action', 'refused', 'constraint', v_constraint)), 0);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.record_refused_erasure(uuid, text, text, boolean, text, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.record_refused_erasure(uuid, text, text, boolean, text, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.record_refused_erasure(uuid, text, text, boolean, text, text, text) IS 'Records an erasure a foreign key refused (action erase_refused): the kind of lookup and the constraint, never the identifiers. service_role only.';
--> statement-breakpoint
ALTER FUNCTION subjects.record_refused_erasure(uuid, text, text, boolean, text, text, text) OWNER TO unified_schema_definer;
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
  RAISE WARNING 'subjects: no USAGE on schema auth for unified_schema_definer: the auth tables are skipped on this database (%)', SQLERRM;
END
$subjects$;
--> statement-breakpoint
REVOKE ALL ON subjects.runs FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA subjects TO service_role;
--> statement-breakpoint
GRANT SELECT ON subjects.runs TO service_role;

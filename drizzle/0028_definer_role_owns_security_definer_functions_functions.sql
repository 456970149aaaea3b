-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: unified definer role rights
-- changed: function public.refresh_dashboard_views()
-- changed: function public.sync_profile_data(jsonb, jsonb, boolean)
-- changed: function public.update_revenue_metrics()
-- changed: function public.handle_transaction_change()
-- changed: function public.mark_dashboard_caches_stale()
-- changed: function public.log_profile_update()
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
GRANT SELECT ON public.courses, public.unified_profiles, public.transactions, public.enrollments, public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION public.refresh_dashboard_views() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.refresh_dashboard_views() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.refresh_dashboard_views() IS 'Refreshes monthly_enrollments_mv, revenue_analysis_mv and marketing_source_mv (CONCURRENTLY once populated).';
--> statement-breakpoint
ALTER FUNCTION public.refresh_dashboard_views() OWNER TO unified_schema_definer;
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
  
  IF contacts IS NULL THEN
    contacts := '[]'::jsonb;
  ELSIF jsonb_typeof(contacts) <> 'array' THEN
    RAISE EXCEPTION 'sync_profile_data: contacts must be a JSON array, got %', jsonb_typeof(contacts) USING ERRCODE = '22023';
  END IF;
  SELECT e.ord - 1, e.v INTO v_bad_index, v_bad
    FROM jsonb_array_elements(contacts) WITH ORDINALITY AS e(v, ord)
   WHERE jsonb_typeof(e.v) <> 'object'
      OR NOT coalesce(lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$', false)
      OR coalesce(jsonb_typeof(e.v->'tags'), 'null') NOT IN ('array', 'string', 'null')
   ORDER BY e.ord LIMIT 1;
  IF FOUND THEN
    IF jsonb_typeof(v_bad) <> 'object' THEN
      RAISE EXCEPTION 'sync_profile_data: contacts[%] must be an object, got %', v_bad_index, jsonb_typeof(v_bad) USING ERRCODE = '22023';
    ELSIF coalesce(jsonb_typeof(v_bad->'tags'), 'null') NOT IN ('array', 'string', 'null') THEN
      RAISE EXCEPTION 'sync_profile_data: contacts[%].tags must be an array of strings or a comma-separated string', v_bad_index USING ERRCODE = '22023';
    END IF;
    RAISE EXCEPTION 'sync_profile_data: contacts[%].email is missing or not a valid email: %', v_bad_index, coalesce(coalesce(nullif(btrim(v_bad->>'email'), ''), nullif(btrim(v_bad#>>'{customer,email}'), ''), nullif(btrim(v_bad->>'payer_email'), ''), nullif(btrim(v_bad#>>'{customer,payer_email}'), '')), '(none)')
      USING ERRCODE = '22023';
  END IF;
  v_field := 'contacts';
  v_i := 0;
  FOR v_bad IN SELECT e.v FROM jsonb_array_elements(contacts) AS e(v) LOOP
    v_ts := (coalesce(nullif(btrim(v_bad->>'created_at'), ''), nullif(btrim(v_bad->>'createdAt'), ''), nullif(btrim(v_bad->>'registered_at'), '')))::timestamptz;
    v_ts := (coalesce(nullif(btrim(v_bad->>'paid_at'), ''), nullif(btrim(v_bad->>'paidAt'), '')))::timestamptz;
    v_i := v_i + 1;
  END LOOP;
  
  IF payments IS NULL THEN
    payments := '[]'::jsonb;
  ELSIF jsonb_typeof(payments) <> 'array' THEN
    RAISE EXCEPTION 'sync_profile_data: payments must be a JSON array, got %', jsonb_typeof(payments) USING ERRCODE = '22023';
  END IF;
  SELECT e.ord - 1, e.v INTO v_bad_index, v_bad
    FROM jsonb_array_elements(payments) WITH ORDINALITY AS e(v, ord)
   WHERE jsonb_typeof(e.v) <> 'object'
      OR NOT coalesce(lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$', false)
      OR coalesce(jsonb_typeof(e.v->'tags'), 'null') NOT IN ('array', 'string', 'null')
   ORDER BY e.ord LIMIT 1;
  IF FOUND THEN
    IF jsonb_typeof(v_bad) <> 'object' THEN
      RAISE EXCEPTION 'sync_profile_data: payments[%] must be an object, got %', v_bad_index, jsonb_typeof(v_bad) USING ERRCODE = '22023';
    ELSIF coalesce(jsonb_typeof(v_bad->'tags'), 'null') NOT IN ('array', 'string', 'null') THEN
      RAISE EXCEPTION 'sync_profile_data: payments[%].tags must be an array of strings or a comma-separated string', v_bad_index USING ERRCODE = '22023';
    END IF;
    RAISE EXCEPTION 'sync_profile_data: payments[%].email is missing or not a valid email: %', v_bad_index, coalesce(coalesce(nullif(btrim(v_bad->>'email'), ''), nullif(btrim(v_bad#>>'{customer,email}'), ''), nullif(btrim(v_bad->>'payer_email'), ''), nullif(btrim(v_bad#>>'{customer,payer_email}'), '')), '(none)')
      USING ERRCODE = '22023';
  END IF;
  v_field := 'payments';
  v_i := 0;
  FOR v_bad IN SELECT e.v FROM jsonb_array_elements(payments) AS e(v) LOOP
    v_ts := (coalesce(nullif(btrim(v_bad->>'created_at'), ''), nullif(btrim(v_bad->>'createdAt'), ''), nullif(btrim(v_bad->>'registered_at'), '')))::timestamptz;
    v_ts := (coalesce(nullif(btrim(v_bad->>'paid_at'), ''), nullif(btrim(v_bad->>'paidAt'), '')))::timestamptz;
    v_i := v_i + 1;
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
ALTER FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION public.update_revenue_metrics() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.update_revenue_metrics() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.update_revenue_metrics() IS 'Recomputes the revenue KPI cache (revenue_metrics) with previous-month values and changes.';
--> statement-breakpoint
ALTER FUNCTION public.update_revenue_metrics() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.handle_transaction_change()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_paid boolean := NEW.status IN ('paid', 'settled');
  v_was_paid boolean := TG_OP = 'UPDATE' AND OLD.status IN ('paid', 'settled');
  v_user_changed boolean := TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id;
  v_notify boolean := coalesce(nullif(current_setting('unified.suppress_notifications', true), ''), 'off') <> 'on';
  v_who text := coalesce(NEW.contact_email, NEW.user_id::text, 'an unknown buyer');
  v_payload jsonb := jsonb_build_object(
    'status', NEW.status, 'external_id', NEW.external_id, 'amount', NEW.amount,
    'currency', NEW.currency, 'transaction_type', NEW.transaction_type);
  v_course uuid;
  v_enrollment uuid;
  v_count integer;
BEGIN
  IF v_paid THEN
    IF NOT v_was_paid AND v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('payment_received', NEW.transaction_type || ' payment received',
              format('%s %s paid by %s', NEW.currency, NEW.amount, v_who), v_payload, NEW.id, NEW.user_id);
    END IF;
    IF v_was_paid AND (NOT v_user_changed OR NEW.user_id IS NULL) THEN
      RETURN NULL; -- paid -> settled: already handled; user unlinked (e.g. auth user deleted): nothing to enroll
    END IF;
    SELECT c.id INTO v_course FROM public.courses c WHERE c.transaction_type = NEW.transaction_type;
    IF v_course IS NULL THEN
      RETURN NULL; -- this product enrolls into no course (Canva, Other)
    END IF;
    IF NEW.user_id IS NULL OR NOT EXISTS (SELECT 1 FROM public.unified_profiles p WHERE p.id = NEW.user_id) THEN
      IF v_notify THEN
        INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
        VALUES ('enrollment_skipped', NEW.transaction_type || ' enrollment not created',
                CASE WHEN NEW.user_id IS NULL
                     THEN format('Payment by %s has no user_id: link it to a user to enroll them', v_who)
                     ELSE format('User %s has no unified profile yet: create it, then update the transaction', NEW.user_id) END,
                v_payload || jsonb_build_object('reason', CASE WHEN NEW.user_id IS NULL THEN 'no_user' ELSE 'no_profile' END),
                NEW.id, NEW.user_id);
      END IF;
      RETURN NULL;
    END IF;
    INSERT INTO public.enrollments (user_id, course_id, transaction_id, status, enrolled_at, metadata)
    VALUES (NEW.user_id, v_course, NEW.id, 'active', coalesce(NEW.paid_at, NEW.settled_at, now()),
            jsonb_build_object('source', 'after_transaction_insert', 'external_id', NEW.external_id))
    ON CONFLICT (user_id, course_id) WHERE status = 'active' DO NOTHING
    RETURNING id INTO v_enrollment;
    IF v_enrollment IS NOT NULL AND v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('enrollment_created', NEW.transaction_type || ' enrollment created',
              format('%s enrolled after payment %s', v_who, coalesce(NEW.external_id, NEW.id::text)),
              v_payload || jsonb_build_object('enrollment_id', v_enrollment, 'course_id', v_course), NEW.id, NEW.user_id);
    END IF;
  ELSIF NEW.status = 'refunded' AND (TG_OP = 'INSERT' OR OLD.status <> 'refunded') THEN
    UPDATE public.enrollments e
       SET status = 'refunded',
           metadata = e.metadata || jsonb_build_object('refunded_at', now(), 'refunded_by_transaction', NEW.id)
     WHERE e.transaction_id = NEW.id AND e.status IN ('active', 'pending');
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('payment_refunded', NEW.transaction_type || ' payment refunded',
              format('%s %s refunded to %s; %s enrollment(s) marked refunded', NEW.currency, NEW.amount, v_who, v_count),
              v_payload || jsonb_build_object('enrollments_refunded', v_count), NEW.id, NEW.user_id);
    END IF;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.handle_transaction_change() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION public.handle_transaction_change() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION public.mark_dashboard_caches_stale() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION public.log_profile_update() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION public.log_profile_update() OWNER TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ingest.backups, ingest.validation_reports FROM service_role;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function public.marketing_source_rollup_apply(uuid[], timestamptz[])
-- changed: function public.transactions_rollups()
-- changed: function public.enrollments_rollups()
-- changed: function public.unified_profiles_rollups()
-- changed: function public.leads_rollups()
-- changed: function public.rebuild_dashboard_rollups()
-- changed: function public.dashboard_rollups_on_truncate()
-- changed: grants on dashboard rollups
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
CREATE OR REPLACE FUNCTION public.marketing_source_rollup_apply(p_ids uuid[], p_new_payments timestamptz[] DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT 'u:' || i FROM unnest(p_ids) i) k(key) ORDER BY 1) l;
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
REVOKE ALL ON FUNCTION public.marketing_source_rollup_apply(uuid[], timestamptz[]) FROM PUBLIC;
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

    WITH d AS (
      SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month, t.transaction_type AS product, t.currency,
             coalesce(t.user_id::text, lower(t.contact_email)) AS customer,
             sum(t.sign * t.amount) AS revenue, sum(t.sign)::int AS n
        FROM (SELECT 1 AS sign, x.status, x.amount, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
       WHERE t.status IN ('paid', 'settled')
       GROUP BY 1, 2, 3, 4
    ), c AS (
      INSERT INTO public.revenue_analysis_rollup_by_customer AS r (month, product, currency, customer, transaction_count)
      SELECT d.month, d.product, d.currency, d.customer, d.n FROM d WHERE d.customer IS NOT NULL AND d.n <> 0
       ORDER BY 1, 2, 3, 4
      ON CONFLICT (month, product, currency, customer) DO UPDATE SET transaction_count = r.transaction_count + excluded.transaction_count
      RETURNING r.month, r.product, r.currency, r.transaction_count, r.xmax = 0 AS inserted
    ), payers AS (
      -- A new key (inserted: xmax = 0) is a new payer; a key down to 0 a lost one. Keys at 0 never
      -- outlive the statement that zeroed them (deleted below), so "updated" means it had some.
      SELECT c.month, c.product, c.currency,
             sum(CASE WHEN c.inserted THEN 1 WHEN c.transaction_count = 0 THEN -1 ELSE 0 END)::int AS delta
        FROM c
       GROUP BY 1, 2, 3
    ), g AS (
      SELECT d.month, d.product, d.currency, sum(d.revenue) AS revenue, sum(d.n)::int AS n FROM d GROUP BY 1, 2, 3
    )
    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT g.month, g.product, g.currency, g.revenue, g.n, coalesce(p.delta, 0)
      FROM g LEFT JOIN payers p USING (month, product, currency)
     WHERE g.n <> 0 OR g.revenue <> 0 OR coalesce(p.delta, 0) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE
      SET revenue = r.revenue + excluded.revenue,
          transaction_count = r.transaction_count + excluded.transaction_count,
          paying_customers = r.paying_customers + excluded.paying_customers;
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
                 FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status FROM new_rows x) t
                WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(array_agg(m.id), array_agg(m.at)) FROM (
      SELECT up.id, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS at
        FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
        JOIN public.unified_profiles up ON up.id = t.user_id
       WHERE t.status IN ('paid', 'settled') GROUP BY up.id
      UNION ALL
      SELECT up.id, min(coalesce(t.paid_at, t.settled_at, t.created_at))
        FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
        JOIN public.unified_profiles up ON lower(up.email) = lower(t.contact_email)
       WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL GROUP BY up.id
      UNION ALL
      SELECT l.id, min(coalesce(t.paid_at, t.settled_at, t.created_at))
        FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at FROM new_rows x) t
        JOIN public.leads l ON lower(l.email) = lower(t.contact_email)
       WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL GROUP BY l.id) m;
  ELSIF TG_OP = 'UPDATE' THEN

    WITH d AS (
      SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month, t.transaction_type AS product, t.currency,
             coalesce(t.user_id::text, lower(t.contact_email)) AS customer,
             sum(t.sign * t.amount) AS revenue, sum(t.sign)::int AS n
        FROM (SELECT 1 AS sign, x.status, x.amount, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at FROM new_rows x UNION ALL SELECT -1 AS sign, x.status, x.amount, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at FROM old_rows x) t
       WHERE t.status IN ('paid', 'settled')
       GROUP BY 1, 2, 3, 4
    ), c AS (
      INSERT INTO public.revenue_analysis_rollup_by_customer AS r (month, product, currency, customer, transaction_count)
      SELECT d.month, d.product, d.currency, d.customer, d.n FROM d WHERE d.customer IS NOT NULL AND d.n <> 0
       ORDER BY 1, 2, 3, 4
      ON CONFLICT (month, product, currency, customer) DO UPDATE SET transaction_count = r.transaction_count + excluded.transaction_count
      RETURNING r.month, r.product, r.currency, r.transaction_count, r.xmax = 0 AS inserted
    ), payers AS (
      -- A new key (inserted: xmax = 0) is a new payer; a key down to 0 a lost one. Keys at 0 never
      -- outlive the statement that zeroed them (deleted below), so "updated" means it had some.
      SELECT c.month, c.product, c.currency,
             sum(CASE WHEN c.inserted THEN 1 WHEN c.transaction_count = 0 THEN -1 ELSE 0 END)::int AS delta
        FROM c
       GROUP BY 1, 2, 3
    ), g AS (
      SELECT d.month, d.product, d.currency, sum(d.revenue) AS revenue, sum(d.n)::int AS n FROM d GROUP BY 1, 2, 3
    )
    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT g.month, g.product, g.currency, g.revenue, g.n, coalesce(p.delta, 0)
      FROM g LEFT JOIN payers p USING (month, product, currency)
     WHERE g.n <> 0 OR g.revenue <> 0 OR coalesce(p.delta, 0) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE
      SET revenue = r.revenue + excluded.revenue,
          transaction_count = r.transaction_count + excluded.transaction_count,
          paying_customers = r.paying_customers + excluded.paying_customers;
    DELETE FROM public.revenue_analysis_rollup_by_customer z
     USING (SELECT month, product, currency, customer FROM public.revenue_analysis_rollup_by_customer WHERE transaction_count = 0 FOR UPDATE SKIP LOCKED) k
     WHERE z.month = k.month AND z.product = k.product AND z.currency = k.currency AND z.customer = k.customer AND z.transaction_count = 0;
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
                 FROM (SELECT 1 AS sign, x.user_id, x.contact_email, x.status FROM new_rows x UNION ALL SELECT -1 AS sign, x.user_id, x.contact_email, x.status FROM old_rows x) t
                WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)) k(key) ORDER BY 1) l;
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

    WITH d AS (
      SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month, t.transaction_type AS product, t.currency,
             coalesce(t.user_id::text, lower(t.contact_email)) AS customer,
             sum(t.sign * t.amount) AS revenue, sum(t.sign)::int AS n
        FROM (SELECT -1 AS sign, x.status, x.amount, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at FROM old_rows x) t
       WHERE t.status IN ('paid', 'settled')
       GROUP BY 1, 2, 3, 4
    ), c AS (
      INSERT INTO public.revenue_analysis_rollup_by_customer AS r (month, product, currency, customer, transaction_count)
      SELECT d.month, d.product, d.currency, d.customer, d.n FROM d WHERE d.customer IS NOT NULL AND d.n <> 0
       ORDER BY 1, 2, 3, 4
      ON CONFLICT (month, product, currency, customer) DO UPDATE SET transaction_count = r.transaction_count + excluded.transaction_count
      RETURNING r.month, r.product, r.currency, r.transaction_count, r.xmax = 0 AS inserted
    ), payers AS (
      -- A new key (inserted: xmax = 0) is a new payer; a key down to 0 a lost one. Keys at 0 never
      -- outlive the statement that zeroed them (deleted below), so "updated" means it had some.
      SELECT c.month, c.product, c.currency,
             sum(CASE WHEN c.inserted THEN 1 WHEN c.transaction_count = 0 THEN -1 ELSE 0 END)::int AS delta
        FROM c
       GROUP BY 1, 2, 3
    ), g AS (
      SELECT d.month, d.product, d.currency, sum(d.revenue) AS revenue, sum(d.n)::int AS n FROM d GROUP BY 1, 2, 3
    )
    INSERT INTO public.revenue_analysis_rollup AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT g.month, g.product, g.currency, g.revenue, g.n, coalesce(p.delta, 0)
      FROM g LEFT JOIN payers p USING (month, product, currency)
     WHERE g.n <> 0 OR g.revenue <> 0 OR coalesce(p.delta, 0) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE
      SET revenue = r.revenue + excluded.revenue,
          transaction_count = r.transaction_count + excluded.transaction_count,
          paying_customers = r.paying_customers + excluded.paying_customers;
    DELETE FROM public.revenue_analysis_rollup_by_customer z
     USING (SELECT month, product, currency, customer FROM public.revenue_analysis_rollup_by_customer WHERE transaction_count = 0 FOR UPDATE SKIP LOCKED) k
     WHERE z.month = k.month AND z.product = k.product AND z.currency = k.currency AND z.customer = k.customer AND z.transaction_count = 0;
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
                 FROM (SELECT -1 AS sign, x.user_id, x.contact_email, x.status FROM old_rows x) t
                WHERE t.status IN ('paid', 'settled') AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)) k(key) ORDER BY 1) l;
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
REVOKE ALL ON FUNCTION public.transactions_rollups() FROM PUBLIC;
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
     USING (SELECT course_id, month, user_id FROM public.monthly_enrollments_rollup_by_student WHERE enrollments = 0 FOR UPDATE SKIP LOCKED) k
     WHERE z.course_id = k.course_id AND z.month = k.month AND z.user_id = k.user_id AND z.enrollments = 0;
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
     USING (SELECT course_id, month, user_id FROM public.monthly_enrollments_rollup_by_student WHERE enrollments = 0 FOR UPDATE SKIP LOCKED) k
     WHERE z.course_id = k.course_id AND z.month = k.month AND z.user_id = k.user_id AND z.enrollments = 0;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.enrollments_rollups() FROM PUBLIC;
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

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT 'e:' || lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x) p) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT p.id FROM (SELECT 1 AS sign, x.id FROM new_rows x) p
      UNION
      SELECT up.id FROM public.unified_profiles up WHERE lower(up.email) IN (SELECT lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x) p)
      UNION
      SELECT l.id FROM public.leads l WHERE lower(l.email) IN (SELECT lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x) p)));
  ELSIF TG_OP = 'UPDATE' THEN

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT 'e:' || lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x UNION ALL SELECT -1 AS sign, x.email FROM old_rows x) p) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT p.id FROM (SELECT 1 AS sign, x.id FROM new_rows x UNION ALL SELECT -1 AS sign, x.id FROM old_rows x) p
      UNION
      SELECT up.id FROM public.unified_profiles up WHERE lower(up.email) IN (SELECT lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x UNION ALL SELECT -1 AS sign, x.email FROM old_rows x) p)
      UNION
      SELECT l.id FROM public.leads l WHERE lower(l.email) IN (SELECT lower(p.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x UNION ALL SELECT -1 AS sign, x.email FROM old_rows x) p)));
  ELSE

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT 'e:' || lower(p.email) FROM (SELECT -1 AS sign, x.email FROM old_rows x) p) k(key) ORDER BY 1) l;
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
REVOKE ALL ON FUNCTION public.unified_profiles_rollups() FROM PUBLIC;
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

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT 'e:' || lower(l.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x) l) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(SELECT DISTINCT l.id FROM (SELECT 1 AS sign, x.id FROM new_rows x) l));
  ELSIF TG_OP = 'UPDATE' THEN

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT 'e:' || lower(l.email) FROM (SELECT 1 AS sign, x.email FROM new_rows x UNION ALL SELECT -1 AS sign, x.email FROM old_rows x) l) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(SELECT DISTINCT l.id FROM (SELECT 1 AS sign, x.id FROM new_rows x UNION ALL SELECT -1 AS sign, x.id FROM old_rows x) l));
  ELSE

    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) AS h FROM (SELECT 'e:' || lower(l.email) FROM (SELECT -1 AS sign, x.email FROM old_rows x) l) k(key) ORDER BY 1) l;
    PERFORM public.marketing_source_rollup_apply(ARRAY(SELECT DISTINCT l.id FROM (SELECT -1 AS sign, x.id FROM old_rows x) l));
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.leads_rollups() FROM PUBLIC;
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
  INSERT INTO public.revenue_analysis_rollup_by_customer (month, product, currency, customer, transaction_count)
  SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date, t.transaction_type, t.currency, coalesce(t.user_id::text, lower(t.contact_email)), count(*)
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
REVOKE ALL ON FUNCTION public.rebuild_dashboard_rollups() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION public.dashboard_rollups_on_truncate() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION public.dashboard_rollups_on_truncate() OWNER TO unified_schema_definer;
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

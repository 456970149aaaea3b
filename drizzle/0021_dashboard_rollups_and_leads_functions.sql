-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function public.marketing_source_rollup_apply(uuid[], timestamptz[])
-- new: function public.transactions_rollups()
-- new: function public.enrollments_rollups()
-- new: function public.unified_profiles_rollups()
-- new: function public.leads_rollups()
-- new: grants on public.leads
-- new: function public.rebuild_dashboard_rollups()
-- new: function public.dashboard_rollups_on_truncate()
-- new: trigger transactions_rollups_insert on public.transactions
-- new: trigger transactions_rollups_update on public.transactions
-- new: trigger transactions_rollups_delete on public.transactions
-- new: trigger transactions_rollups_truncate on public.transactions
-- new: trigger enrollments_rollups_insert on public.enrollments
-- new: trigger enrollments_rollups_update on public.enrollments
-- new: trigger enrollments_rollups_delete on public.enrollments
-- new: trigger enrollments_rollups_truncate on public.enrollments
-- new: trigger unified_profiles_rollups_insert on public.unified_profiles
-- new: trigger unified_profiles_rollups_update on public.unified_profiles
-- new: trigger unified_profiles_rollups_delete on public.unified_profiles
-- new: trigger unified_profiles_rollups_truncate on public.unified_profiles
-- new: trigger leads_rollups_insert on public.leads
-- new: trigger leads_rollups_update on public.leads
-- new: trigger leads_rollups_delete on public.leads
-- new: trigger leads_rollups_truncate on public.leads
-- new: grants on dashboard rollups
-- new: initial build of the dashboard rollups
-- changed: function ingest.create_staging_tables()
-- changed: function public.validate_and_prepare_clean_data()
-- changed: function ingest.cutover_attempt(numeric, boolean, boolean, boolean)
-- changed: function ingest.rollback_attempt(text, boolean)
-- changed: function ingest.drop_backup(text)
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
CREATE OR REPLACE TRIGGER transactions_rollups_insert
AFTER INSERT ON public.transactions
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.transactions_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER transactions_rollups_update
AFTER UPDATE ON public.transactions
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.transactions_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER transactions_rollups_delete
AFTER DELETE ON public.transactions
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.transactions_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER transactions_rollups_truncate
AFTER TRUNCATE ON public.transactions
FOR EACH STATEMENT
EXECUTE FUNCTION public.dashboard_rollups_on_truncate();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_rollups_insert
AFTER INSERT ON public.enrollments
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.enrollments_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_rollups_update
AFTER UPDATE ON public.enrollments
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.enrollments_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_rollups_delete
AFTER DELETE ON public.enrollments
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.enrollments_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_rollups_truncate
AFTER TRUNCATE ON public.enrollments
FOR EACH STATEMENT
EXECUTE FUNCTION public.dashboard_rollups_on_truncate();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER unified_profiles_rollups_insert
AFTER INSERT ON public.unified_profiles
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.unified_profiles_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER unified_profiles_rollups_update
AFTER UPDATE ON public.unified_profiles
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.unified_profiles_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER unified_profiles_rollups_delete
AFTER DELETE ON public.unified_profiles
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.unified_profiles_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER unified_profiles_rollups_truncate
AFTER TRUNCATE ON public.unified_profiles
FOR EACH STATEMENT
EXECUTE FUNCTION public.dashboard_rollups_on_truncate();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER leads_rollups_insert
AFTER INSERT ON public.leads
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.leads_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER leads_rollups_update
AFTER UPDATE ON public.leads
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.leads_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER leads_rollups_delete
AFTER DELETE ON public.leads
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION public.leads_rollups();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER leads_rollups_truncate
AFTER TRUNCATE ON public.leads
FOR EACH STATEMENT
EXECUTE FUNCTION public.dashboard_rollups_on_truncate();
--> statement-breakpoint
REVOKE ALL ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup, public.revenue_analysis_rollup_by_customer, public.monthly_enrollments_rollup_by_student, public.marketing_source_rollup_by_profile FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT SELECT ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup TO authenticated, service_role;
--> statement-breakpoint
SELECT public.rebuild_dashboard_rollups();
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ingest.backups, ingest.validation_reports FROM service_role;
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
  v_owner text;
  v_cols text;
  v_sql text;
  v_new text;
  v_acl aclitem[];
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
  );
  CREATE UNIQUE INDEX users_staging_email_key ON ingest.users_staging (lower(email));
  ALTER TABLE ingest.users_staging ENABLE ROW LEVEL SECURITY;
  REVOKE ALL ON ingest.users_staging FROM PUBLIC;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON ingest.users_staging TO service_role;
  END IF;
  COMMENT ON TABLE ingest.users_staging IS 'Auth users of the prepared data: existing = true keeps an auth.users id, false is inserted by the cutover.';

  -- 1. tables and columns
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
    EXECUTE pg_catalog.format('CREATE TABLE %s (%s)', v_dst, v_cols);

    SELECT c.relowner::regrole::text INTO v_owner FROM pg_catalog.pg_class c WHERE c.oid = v_src;
    EXECUTE pg_catalog.format('ALTER TABLE %s OWNER TO %s', v_dst, v_owner);

    -- keys and checks (their indexes take the constraint names)
    FOR r IN
      SELECT c.conname, pg_catalog.pg_get_constraintdef(c.oid) AS def
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_src AND c.contype IN ('p', 'u', 'x', 'c')
       ORDER BY c.contype <> 'p', c.conname
    LOOP
      EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_dst, r.conname, r.def);
    END LOOP;

    -- every other index, same name, same definition
    FOR r IN
      SELECT ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid) AS def
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
       WHERE i.indrelid = v_src
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                          WHERE c.conrelid = v_src AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
       ORDER BY ic.relname
    LOOP
      v_new := pg_catalog.replace(r.def, ' ON ' || v_src::text || ' USING ', ' ON ' || v_dst || ' USING ');
      IF v_new = r.def THEN
        RAISE EXCEPTION 'create_staging_tables: cannot retarget index % (%)', r.relname, r.def;
      END IF;
      EXECUTE v_new;
    END LOOP;

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

    -- triggers, created disabled
    FOR r IN
      SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def
        FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid = v_src AND NOT t.tgisinternal
       ORDER BY t.tgname
    LOOP
      v_new := pg_catalog.replace(r.def, ' ON ' || v_src::text || ' ', ' ON ' || v_dst || ' ');
      IF v_new = r.def THEN
        RAISE EXCEPTION 'create_staging_tables: cannot retarget trigger % (%)', r.tgname, r.def;
      END IF;
      EXECUTE v_new;
      EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER %I', v_dst, r.tgname);
    END LOOP;

    -- comments
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
       WHERE c.conrelid = v_src AND c.contype IN ('p', 'u', 'x', 'c')
      UNION ALL
      SELECT pg_catalog.format('INDEX ingest.%I', ic.relname), d.description
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = i.indexrelid AND d.objsubid = 0
       WHERE i.indrelid = v_src
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                          WHERE c.conrelid = v_src AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      UNION ALL
      SELECT pg_catalog.format('TRIGGER %I ON %s', t.tgname, v_dst), d.description
        FROM pg_catalog.pg_trigger t
        JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_trigger'::regclass AND d.objoid = t.oid
       WHERE t.tgrelid = v_src AND NOT t.tgisinternal
      UNION ALL
      SELECT pg_catalog.format('POLICY %I ON %s', p.polname, v_dst), d.description
        FROM pg_catalog.pg_policy p
        JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_policy'::regclass AND d.objoid = p.oid
       WHERE p.polrelid = v_src
    LOOP
      EXECUTE pg_catalog.format('COMMENT ON %s IS %L', r.target, r.description);
    END LOOP;
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
REVOKE ALL ON FUNCTION ingest.create_staging_tables() FROM PUBLIC;
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
  v_errors jsonb := '[]'::jsonb;
  v_report jsonb;
  v_n bigint;
  v_samples text;
  v_where text;
  v_join text;
  r record;
BEGIN
  IF v_run_id IS NULL THEN
    INSERT INTO ingest.run_log (kind, details) VALUES ('prepare', '{"via": "sql"}'::jsonb) RETURNING id INTO v_run_id;
    v_own_run := true;
  END IF;
  PERFORM set_config('work_mem', '128MB', true);

  -- empty, exact clones of the production tables (takes the staging advisory lock)
  PERFORM ingest.create_staging_tables();

  -- FKs to auth.users: new users do not exist before the cutover inserts them; re-added below
  DROP TABLE IF EXISTS pg_temp._prep_auth_fks, pg_temp._prep_indexes, pg_temp._prep_products, pg_temp._prep_desc, pg_temp._prep_inv,
    pg_temp._prep_contacts, pg_temp._prep_tags, pg_temp._prep_buyers, pg_temp._prep_persons, pg_temp._prep_tx;
  CREATE TEMP TABLE _prep_auth_fks ON COMMIT DROP AS
    SELECT c.conrelid::regclass::text AS tbl, c.conname, pg_catalog.pg_get_constraintdef(c.oid) AS def
      FROM pg_catalog.pg_constraint c
     WHERE c.contype = 'f' AND c.confrelid = 'auth.users'::regclass
       AND c.conrelid IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass);
  FOR r IN SELECT * FROM pg_temp._prep_auth_fks LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
  END LOOP;
  -- bulk load: the indexes that back no constraint are built once after the fill (same names and
  -- definitions) instead of being maintained row by row
  CREATE TEMP TABLE _prep_indexes ON COMMIT DROP AS
    SELECT ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid) AS def
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
     WHERE i.indrelid IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid);
  FOR r IN SELECT * FROM pg_temp._prep_indexes LOOP
    EXECUTE format('DROP INDEX ingest.%I', r.relname);
  END LOOP;

  -- the catalog, with each product's course
  CREATE TEMP TABLE _prep_products ON COMMIT DROP AS
    SELECT p.code, p.list_price, p.currency, p.buyer_tag, p.creates_profile, p.course_slug, c.id AS course_id, p.priority
      FROM ingest.products p
      LEFT JOIN public.courses c ON c.slug = p.course_slug;

  -- invoices: product by ingest.product_for (once per distinct description), normalized status
  CREATE TEMP TABLE _prep_desc ON COMMIT DROP AS
    SELECT d.description, ingest.product_for(d.description) AS product
      FROM (SELECT DISTINCT x.description FROM ingest.xendit_raw x WHERE x.description IS NOT NULL) d;
  CREATE TEMP TABLE _prep_inv ON COMMIT DROP AS
    SELECT x.id, x.external_id, lower(x.status) AS status, lower(x.status) IN ('paid', 'settled') AS is_paid,
           x.amount, x.currency, x.description, x.email_normalized AS email, x.created, x.updated, x.paid_at,
           x.payment_method, x.payment_channel, x.source_format,
           coalesce(d.product, v_null_product) AS product
      FROM ingest.xendit_raw x
      LEFT JOIN pg_temp._prep_desc d ON d.description = x.description;
  ANALYZE pg_temp._prep_inv;

  -- contacts merged per normalized email: names and phone from the latest registered contact having them
  CREATE TEMP TABLE _prep_contacts ON COMMIT DROP AS
    SELECT s.email_normalized AS email, count(*) AS n,
           (array_agg(s.first_name ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.first_name <> ''))[1] AS first_name,
           (array_agg(s.last_name ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.last_name <> ''))[1] AS last_name,
           (array_agg(s.phone ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.phone <> ''))[1] AS phone,
           (array_agg(s.id ORDER BY s.registered_at DESC NULLS LAST, s.id DESC))[1] AS systemeio_id,
           coalesce(min(s.registered_at), min(s.api_synced_at)) AS first_seen
      FROM ingest.systemeio_raw s
     GROUP BY s.email_normalized;
  ANALYZE pg_temp._prep_contacts;
  CREATE TEMP TABLE _prep_tags ON COMMIT DROP AS
    SELECT s.email_normalized AS email, array_agg(DISTINCT t.tag ORDER BY t.tag) AS tags
      FROM ingest.systemeio_raw s CROSS JOIN LATERAL unnest(s.tags) AS t(tag)
     WHERE btrim(t.tag) <> ''
     GROUP BY s.email_normalized;

  -- buyers of profile-creating products: a paid/settled invoice, or the product's buyer tag
  CREATE TEMP TABLE _prep_buyers ON COMMIT DROP AS
    SELECT b.email, b.product, bool_or(b.by_invoice) AS by_invoice
      FROM (
        SELECT i.email, i.product, true AS by_invoice
          FROM pg_temp._prep_inv i JOIN pg_temp._prep_products p ON p.code = i.product AND p.creates_profile
         WHERE i.is_paid AND i.email IS NOT NULL
        UNION ALL
        SELECT s.email_normalized, p.code, false
          FROM ingest.systemeio_raw s CROSS JOIN LATERAL unnest(s.tags) AS t(tag)
          JOIN pg_temp._prep_products p
            ON p.creates_profile AND p.buyer_tag IS NOT NULL AND lower(btrim(t.tag)) = lower(btrim(p.buyer_tag))
      ) b
     GROUP BY b.email, b.product;
  ANALYZE pg_temp._prep_buyers;
  CREATE TEMP TABLE _prep_persons ON COMMIT DROP AS
    SELECT DISTINCT b.email, (char_length(b.email) <= 320 AND b.email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$') AS email_ok FROM pg_temp._prep_buyers b;

  -- 1. auth users: an existing auth.users row with the same lower(email) keeps its id
  INSERT INTO ingest.users_staging (id, email, created_at, raw_user_meta_data, existing)
  SELECT coalesce(u.id, gen_random_uuid()), p.email,
         coalesce(u.created_at, least(c.first_seen, fi.first_invoice), now()),
         jsonb_strip_nulls(jsonb_build_object('first_name', c.first_name, 'last_name', c.last_name, 'source', 'ingest')),
         u.id IS NOT NULL
    FROM pg_temp._prep_persons p
    LEFT JOIN (SELECT DISTINCT ON (lower(au.email)) lower(au.email) AS email, au.id, au.created_at
                 FROM auth.users au WHERE au.email IS NOT NULL
                ORDER BY lower(au.email), au.created_at, au.id) u ON u.email = p.email
    LEFT JOIN pg_temp._prep_contacts c ON c.email = p.email
    LEFT JOIN (SELECT i.email, min(i.created) AS first_invoice FROM pg_temp._prep_inv i
                WHERE i.email IS NOT NULL GROUP BY i.email) fi ON fi.email = p.email
   WHERE p.email_ok;
  ANALYZE ingest.users_staging;

  -- 2. profiles (id = auth user id); Systeme.io wins for names, phone and tags. Fields only an
  --    admin sets (status, membership, affiliate, admin_metadata, source) survive from production.
  INSERT INTO ingest.unified_profiles_staging (id, email, first_name, last_name, phone, tags, acquisition_source, status,
                                               admin_metadata, systemeio_id, membership_level_id, affiliate_id, created_at, updated_at)
  SELECT u.id, u.email, c.first_name, c.last_name,
         CASE WHEN regexp_replace(c.phone, '[[:space:]().-]', '', 'g') ~ '^\+?[0-9]{7,15}$'
              THEN regexp_replace(c.phone, '[[:space:]().-]', '', 'g') END,
         coalesce(tg.tags, '{}'::text[]),
         coalesce(pp.acquisition_source, CASE WHEN c.email IS NULL THEN 'xendit' ELSE 'systemeio' END),
         coalesce(pp.status, 'active'), coalesce(pp.admin_metadata, '{}'::jsonb), c.systemeio_id,
         pp.membership_level_id, pp.affiliate_id, coalesce(pp.created_at, u.created_at), now()
    FROM ingest.users_staging u
    LEFT JOIN pg_temp._prep_contacts c ON c.email = u.email
    LEFT JOIN pg_temp._prep_tags tg ON tg.email = u.email
    LEFT JOIN public.unified_profiles pp ON pp.id = u.id;

  -- 2b. leads: contacts who are no buyer and have no paid invoice (the report's leads) with a valid
  --     email; a lead already in production keeps its id, source and created_at
  INSERT INTO ingest.leads_staging (id, email, first_name, last_name, tags, source, systemeio_id, first_seen_at, created_at, updated_at)
  SELECT coalesce(pl.id, gen_random_uuid()), c.email, c.first_name, c.last_name, coalesce(tg.tags, '{}'::text[]),
         coalesce(pl.source, 'systemeio'), c.systemeio_id, coalesce(c.first_seen, now()), coalesce(pl.created_at, now()), now()
    FROM pg_temp._prep_contacts c
    LEFT JOIN pg_temp._prep_tags tg ON tg.email = c.email
    LEFT JOIN public.leads pl ON lower(pl.email) = c.email
   WHERE NOT EXISTS (SELECT 1 FROM pg_temp._prep_buyers b WHERE b.email = c.email)
     AND NOT EXISTS (SELECT 1 FROM pg_temp._prep_inv i WHERE i.email = c.email AND i.is_paid)
     AND c.email IS NOT NULL AND (char_length(c.email) <= 320 AND c.email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$');

  -- 3. transactions: every invoice, plus one manual payment per tagged buyer without a paid invoice
  CREATE TEMP TABLE _prep_tx ON COMMIT DROP AS
    SELECT i.id AS external_id, i.email, i.product, i.status, i.is_paid, i.amount, i.currency, i.payment_method,
           i.payment_channel, i.created, i.updated, i.paid_at, i.external_id AS reference, i.description,
           i.source_format, false AS manual
      FROM pg_temp._prep_inv i
    UNION ALL
    SELECT 'manual-' || lower(p.code) || '-' || md5(b.email), b.email, b.product, 'paid', true, p.list_price, p.currency,
           'manual', NULL, c.first_seen, c.first_seen, c.first_seen, NULL, NULL, NULL, true
      FROM pg_temp._prep_buyers b
      JOIN pg_temp._prep_products p ON p.code = b.product
      LEFT JOIN pg_temp._prep_contacts c ON c.email = b.email
     WHERE NOT b.by_invoice AND p.list_price IS NOT NULL
       -- an invoice id that looks like a manual one (hostile data) keeps its id: no manual payment
       AND NOT EXISTS (SELECT 1 FROM pg_temp._prep_inv i WHERE i.id = 'manual-' || lower(p.code) || '-' || md5(b.email));
  ANALYZE pg_temp._prep_tx;

  INSERT INTO ingest.transactions_staging (id, user_id, amount, currency, status, transaction_type, payment_method, external_id,
                                           contact_email, metadata, paid_at, settled_at, created_at, updated_at)
  SELECT coalesce(pt.id, gen_random_uuid()), u.id, t.amount, t.currency, t.status,
         CASE WHEN t.product IN ('P2P', 'Canva', 'Other') THEN t.product ELSE 'Other' END,
         t.payment_method, t.external_id,
         CASE WHEN (char_length(t.email) <= 320 AND t.email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$') THEN t.email END,
         jsonb_strip_nulls(jsonb_build_object(
           'source', CASE WHEN t.manual THEN 'manual' ELSE 'xendit' END, 'product', t.product,
           'reference', t.reference, 'description', t.description, 'payment_channel', t.payment_channel,
           'source_format', t.source_format)),
         CASE WHEN t.is_paid THEN coalesce(t.paid_at, t.updated, t.created) END,
         CASE WHEN t.status = 'settled' THEN coalesce(t.updated, t.paid_at, t.created) END,
         coalesce(t.created, t.paid_at, now()), coalesce(t.updated, t.created, t.paid_at, now())
    FROM pg_temp._prep_tx t
    LEFT JOIN ingest.users_staging u ON u.email = t.email
    LEFT JOIN public.transactions pt ON pt.external_id = t.external_id
   WHERE t.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL');
  ANALYZE ingest.transactions_staging;

  -- 4. enrollments: one per buyer and course, linked to the earliest paid/settled transaction of the
  --    product (the manual one when there is no invoice); ids and last access survive from production
  INSERT INTO ingest.enrollments_staging (id, user_id, course_id, transaction_id, status, enrolled_at, last_accessed_at, metadata, updated_at)
  SELECT coalesce(pe.id, gen_random_uuid()), e.user_id, e.course_id, e.transaction_id, 'active', e.enrolled_at,
         pe.last_accessed_at, jsonb_build_object('source', 'ingest', 'product', e.product), now()
    FROM (SELECT DISTINCT ON (t.user_id, p.course_id) t.user_id, p.course_id, t.id AS transaction_id,
                 coalesce(t.paid_at, t.created_at) AS enrolled_at, p.code AS product
            FROM ingest.transactions_staging t
            JOIN pg_temp._prep_products p ON p.code = t.metadata ->> 'product' AND p.creates_profile AND p.course_id IS NOT NULL
           WHERE t.user_id IS NOT NULL AND t.status IN ('paid', 'settled')
           ORDER BY t.user_id, p.course_id, t.paid_at, t.created_at, t.id) e
    LEFT JOIN public.enrollments pe ON pe.user_id = e.user_id AND pe.course_id = e.course_id AND pe.status = 'active';

  FOR r IN SELECT * FROM pg_temp._prep_indexes ORDER BY relname LOOP
    EXECUTE r.def;
  END LOOP;

  -- FKs to auth.users back: validated when every staged user exists, NOT VALID otherwise
  FOR r IN SELECT * FROM pg_temp._prep_auth_fks LOOP
    IF EXISTS (SELECT 1 FROM ingest.users_staging WHERE NOT existing) THEN
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', r.tbl, r.conname, r.def);
    ELSE
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    END IF;
  END LOOP;

  -- blocking errors ------------------------------------------------------------------------------
  SELECT count(*), string_agg(x.id, ', ') FILTER (WHERE x.rn <= 5) INTO v_n, v_samples
    FROM (SELECT i.id, row_number() OVER (ORDER BY i.id) AS rn
            FROM pg_temp._prep_inv i JOIN pg_temp._prep_products p ON p.code = i.product AND p.creates_profile
           WHERE i.is_paid AND i.email IS NULL) x;
  IF v_n > 0 THEN
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'buyer_without_email', 'message',
      format('%s paid or settled invoice(s) of a product that grants an account have no payer email: the buyer gets no account or enrollment (invoices %s)', v_n, v_samples)));
  END IF;

  SELECT count(*), string_agg(x.email, ', ') FILTER (WHERE x.rn <= 5) INTO v_n, v_samples
    FROM (SELECT p.email, row_number() OVER (ORDER BY p.email) AS rn FROM pg_temp._prep_persons p WHERE NOT p.email_ok) x;
  IF v_n > 0 THEN
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'invalid_buyer_email', 'message',
      format('%s buyer email(s) are refused by the production email check: no auth user, profile or enrollment staged for them (%s)', v_n, v_samples)));
  END IF;

  SELECT count(*), string_agg(x.external_id, ', ') FILTER (WHERE x.rn <= 5) INTO v_n, v_samples
    FROM (SELECT t.external_id, row_number() OVER (ORDER BY t.external_id) AS rn FROM pg_temp._prep_tx t
           WHERE t.email IS NOT NULL AND NOT (char_length(t.email) <= 320 AND t.email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$')
             AND NOT EXISTS (SELECT 1 FROM pg_temp._prep_persons p WHERE p.email = t.email)) x;
  IF v_n > 0 THEN
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'invalid_contact_email', 'message',
      format('%s transaction(s) have a payer email the production email check refuses: staged without contact_email (%s)', v_n, v_samples)));
  END IF;

  SELECT count(*), string_agg(x.external_id || ' (' || x.currency || ')', ', ') FILTER (WHERE x.rn <= 5) INTO v_n, v_samples
    FROM (SELECT t.external_id, t.currency, row_number() OVER (ORDER BY t.external_id) AS rn FROM pg_temp._prep_tx t
           WHERE t.currency NOT IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL')) x;
  IF v_n > 0 THEN
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'unsupported_currency', 'message',
      format('%s transaction(s) have a currency production does not accept: not staged (%s)', v_n, v_samples)));
  END IF;

  SELECT count(*), string_agg(x.external_id || ' (' || x.currency || ')', ', ') FILTER (WHERE x.rn <= 5) INTO v_n, v_samples
    FROM (SELECT t.external_id, t.currency, row_number() OVER (ORDER BY t.external_id) AS rn FROM ingest.transactions_staging t
           WHERE t.status IN ('paid', 'settled') AND t.currency <> 'PHP') x;
  IF v_n > 0 THEN
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'non_php_revenue', 'message',
      format('%s paid or settled transaction(s) are not in PHP: left out of the revenue (no exchange rates) (%s)', v_n, v_samples)));
  END IF;

  SELECT count(*), string_agg(x.email, ', ') FILTER (WHERE x.rn <= 5) INTO v_n, v_samples
    FROM (SELECT b.email, row_number() OVER (ORDER BY b.email) AS rn
            FROM pg_temp._prep_buyers b JOIN pg_temp._prep_products p ON p.code = b.product
           WHERE NOT b.by_invoice AND p.list_price IS NOT NULL
             AND EXISTS (SELECT 1 FROM pg_temp._prep_inv i WHERE i.id = 'manual-' || lower(p.code) || '-' || md5(b.email))) x;
  IF v_n > 0 THEN
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'duplicate_external_id', 'message',
      format('%s manual payment id(s) are already used by an invoice: no manual payment staged for %s', v_n, v_samples)));
  END IF;

  SELECT count(*), string_agg(x.reference, ', ') FILTER (WHERE x.rn <= 5) INTO v_n, v_samples
    FROM (SELECT c.external_id AS reference, row_number() OVER (ORDER BY c.external_id) AS rn
            FROM ingest.xendit_raw c
           WHERE c.source_format = 'csv' AND c.external_id IS NOT NULL
             AND EXISTS (SELECT 1 FROM ingest.xendit_raw a WHERE a.source_format = 'api' AND a.external_id = c.external_id)) x;
  IF v_n > 0 THEN
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'duplicate_invoice', 'message',
      format('%s invoice(s) were loaded both from the API and from a CSV export (same external_id): their payments would count twice (%s)', v_n, v_samples)));
  END IF;

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
  WITH tx AS (
    SELECT t.metadata ->> 'product' AS product, t.status, t.amount, t.currency, t.user_id, t.metadata ->> 'source' = 'manual' AS manual
      FROM ingest.transactions_staging t
  ), codes AS (
    SELECT p.code FROM pg_temp._prep_products p UNION SELECT DISTINCT tx.product FROM tx
  ), by_product AS (
    SELECT c.code,
           jsonb_build_object(
             'paid', count(tx.*) FILTER (WHERE tx.status = 'paid'),
             'settled', count(tx.*) FILTER (WHERE tx.status = 'settled'),
             'expired', count(tx.*) FILTER (WHERE tx.status = 'expired'),
             'pending', count(tx.*) FILTER (WHERE tx.status = 'pending'),
             'total', count(tx.*)) AS counts,
           coalesce(sum(tx.amount) FILTER (WHERE tx.status IN ('paid', 'settled') AND tx.currency = 'PHP'), 0) AS revenue
      FROM codes c LEFT JOIN tx ON tx.product = c.code
     GROUP BY c.code
  )
  SELECT jsonb_build_object(
    'transactions', jsonb_build_object(
      'total', (SELECT count(*) FROM tx),
      'fromInvoices', (SELECT count(*) FROM tx WHERE NOT tx.manual),
      'manual', (SELECT count(*) FROM tx WHERE tx.manual),
      'withUser', (SELECT count(*) FROM tx WHERE tx.user_id IS NOT NULL),
      'byProduct', (SELECT jsonb_object_agg(b.code, b.counts) FROM by_product b)),
    'revenue', (SELECT jsonb_object_agg(b.code, b.revenue::numeric(20, 2)::text) FROM by_product b)
               || jsonb_build_object('total', (SELECT coalesce(sum(b.revenue), 0)::numeric(20, 2)::text FROM by_product b)),
    'profiles', (SELECT count(*) FROM ingest.unified_profiles_staging),
    'authUsers', (SELECT jsonb_build_object('existing', count(*) FILTER (WHERE u.existing), 'new', count(*) FILTER (WHERE NOT u.existing))
                    FROM ingest.users_staging u),
    'enrollments', (SELECT count(*) FROM ingest.enrollments_staging),
    'leads', (SELECT count(*) FROM pg_temp._prep_contacts c
               WHERE NOT EXISTS (SELECT 1 FROM pg_temp._prep_buyers b WHERE b.email = c.email)
                 AND NOT EXISTS (SELECT 1 FROM pg_temp._prep_inv i WHERE i.email = c.email AND i.is_paid)),
    'manualPayments', (SELECT count(*) FROM tx WHERE tx.manual),
    'canvaBuyers', (SELECT count(DISTINCT i.email) FROM pg_temp._prep_inv i WHERE i.product = 'Canva' AND i.is_paid AND i.email IS NOT NULL),
    'rejected', jsonb_build_object(
      'xendit', (SELECT count(*) FROM ingest.rejected_rows x WHERE x.source = 'xendit'),
      'systemeio', (SELECT count(*) FROM ingest.rejected_rows x WHERE x.source = 'systemeio')),
    'duplicates', (SELECT coalesce(sum(c.n - 1), 0) FROM pg_temp._prep_contacts c),
    'invalidEmails', (SELECT count(*) FROM ingest.rejected_rows x
                       WHERE x.field IN ('email', 'payer_email') AND x.reason LIKE '%not a valid email%'),
    'blockingErrors', v_errors)
    INTO v_report;

  INSERT INTO ingest.validation_reports (run_id, report, blocking_errors)
  VALUES (v_run_id, v_report, jsonb_array_length(v_errors));

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
REVOKE ALL ON FUNCTION public.validate_and_prepare_clean_data() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION public.validate_and_prepare_clean_data() IS 'Rebuilds ingest.*_staging from the raw Xendit/Systeme.io tables and the product catalog (docs/ingest.md rules); returns the validation report, also stored in ingest.validation_reports.';
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
  v_mv jsonb;
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
  v_t1 := clock_timestamp();
  IF refresh_materialized_views THEN
    
    PERFORM set_config('jit', coalesce(nullif(current_setting('ingest.jit', true), ''), current_setting('jit')), true);
    FOR v_mv IN SELECT value FROM jsonb_array_elements(v_swap -> 'materializedViews') LOOP
      IF v_mv ->> 'kind' = 'm' AND (v_mv ->> 'populated')::boolean THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', v_mv ->> 'name');
      END IF;
    END LOOP;
  END IF;
  
  IF to_regclass('public.dashboard_cache_status') IS NOT NULL THEN
    EXECUTE 'UPDATE public.dashboard_cache_status SET is_stale = true, stale_since = now()
              WHERE cache_name = ''revenue_metrics'' OR (cache_name = ''dashboard_views'' AND NOT $1)' USING refresh_materialized_views;
  END IF;
  PERFORM public.rebuild_dashboard_rollups(); -- the rollups follow the swapped tables (docs/unified.md)
  v_timings := v_timings || jsonb_build_object('refreshMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('refresh');

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
  v_mv jsonb;
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

  v_t1 := clock_timestamp();
  IF refresh_materialized_views THEN
    
    PERFORM set_config('jit', coalesce(nullif(current_setting('ingest.jit', true), ''), current_setting('jit')), true);
    FOR v_mv IN SELECT value FROM jsonb_array_elements(v_swap -> 'materializedViews') LOOP
      IF v_mv ->> 'kind' = 'm' AND (v_mv ->> 'populated')::boolean THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', v_mv ->> 'name');
      END IF;
    END LOOP;
  END IF;
  
  IF to_regclass('public.dashboard_cache_status') IS NOT NULL THEN
    EXECUTE 'UPDATE public.dashboard_cache_status SET is_stale = true, stale_since = now()
              WHERE cache_name = ''revenue_metrics'' OR (cache_name = ''dashboard_views'' AND NOT $1)' USING refresh_materialized_views;
  END IF;
  PERFORM public.rebuild_dashboard_rollups(); -- the rollups follow the swapped tables (docs/unified.md)
  v_timings := v_timings || jsonb_build_object('refreshMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('refresh');

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
  IF p_backup_id IS NULL OR p_backup_id !~ '^b[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008', MESSAGE = format('%s is not a backup id', coalesce(quote_literal(left(p_backup_id, 80)), 'NULL')),
      HINT = 'code=invalid_backup_id';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('ingest.staging'));
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)), HINT = 'code=unknown_backup';
  END IF;
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
REVOKE ALL ON FUNCTION ingest.drop_backup(text) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.drop_backup(text) IS 'Drops the tables and schema of an active cutover backup and marks it dropped.';

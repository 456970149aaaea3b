-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function public.transactions_rollups()
-- changed: function public.enrollments_rollups()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
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

    IF NOT EXISTS (SELECT 1 FROM (SELECT 1 AS sign, x.status FROM new_rows x) t WHERE t.status IN ('paid', 'settled')) THEN
      RETURN NULL;
    END IF;
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
     WHERE z.ctid = ANY (ARRAY(SELECT k.ctid FROM public.revenue_analysis_rollup_by_customer k WHERE k.transaction_count = 0 FOR UPDATE SKIP LOCKED));
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

    IF NOT EXISTS (SELECT 1 FROM (SELECT -1 AS sign, x.status FROM old_rows x) t WHERE t.status IN ('paid', 'settled')) THEN
      RETURN NULL;
    END IF;
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
     WHERE z.ctid = ANY (ARRAY(SELECT k.ctid FROM public.revenue_analysis_rollup_by_customer k WHERE k.transaction_count = 0 FOR UPDATE SKIP LOCKED));
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
REVOKE ALL ON FUNCTION public.enrollments_rollups() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION public.enrollments_rollups() OWNER TO unified_schema_definer;

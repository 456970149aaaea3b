-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function public.marketing_source_rollup_apply(uuid[], timestamptz[])
-- changed: function public.transactions_rollups()
-- changed: function public.unified_profiles_rollups()
-- changed: function public.leads_rollups()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
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
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
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
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
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
    PERFORM pg_catalog.pg_advisory_xact_lock(727001100, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & 255 AS h FROM (SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
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
REVOKE ALL ON FUNCTION public.leads_rollups() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION public.leads_rollups() OWNER TO unified_schema_definer;

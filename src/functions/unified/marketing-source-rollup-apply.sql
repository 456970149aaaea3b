BEGIN
  {{LOCK_PROFILES}}
  -- New payments that do not move anyone's first payment (each person's stored one is not later)
  -- change nothing: a returning payer's payment by email, the common case, skips the recompute
  -- below (a single-row INSERT of such a payment cost ~0.5 ms more than one by user id). Read
  -- after the locks, in a new statement: the stored rows are the current ones.
  IF p_new_payments IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM unnest(p_ids, p_new_payments) x(id, at)
        WHERE NOT EXISTS (SELECT 1 FROM {{BY_PROFILE}} b WHERE b.profile_id = x.id AND b.first_paid_at <= x.at)) THEN
    RETURN;
  END IF;
  -- A new statement, so a new snapshot: every write committed before the locks were granted.
  WITH p AS (
    SELECT up.id, up.created_at, lower(up.email) AS email,
           coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS source,
           {{PROFILE_COHORT}} AS cohort
      FROM public.unified_profiles up
     WHERE up.id = ANY (p_ids)
    UNION ALL
    SELECT l.id, l.first_seen_at, lower(l.email), coalesce(nullif(btrim(l.source), ''), 'unknown'), {{LEAD_COHORT}}
      FROM public.leads l
     WHERE l.id = ANY (p_ids) AND NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = lower(l.email))
  ), o AS (
    SELECT b.profile_id, b.acquisition_source, b.cohort_month, b.first_paid_at, b.first_payment_seconds
      FROM {{BY_PROFILE}} b WHERE b.profile_id = ANY (p_ids)
  ), g AS (
    SELECT x.id, min(x.at) AS at FROM unnest(p_ids, p_new_payments) x(id, at) GROUP BY 1
  ), f AS (
    -- Only new payments (an INSERT): the first payment is the earlier of the stored one and theirs.
    -- Otherwise (or without a stored row) recomputed from the person's paid rows, by index.
    SELECT p.*, CASE WHEN p_new_payments IS NOT NULL AND o.profile_id IS NOT NULL
                     THEN least(o.first_paid_at, g.at)
                     ELSE least(
                       (SELECT min({{REVENUE_AT}}) FROM public.transactions t WHERE t.user_id = p.id AND t.status IN ({{PAID}})),
                       (SELECT min({{REVENUE_AT}}) FROM public.transactions t
                         WHERE t.user_id IS NULL AND lower(t.contact_email) = p.email AND t.status IN ({{PAID}}))) END AS first_paid_at
      FROM p LEFT JOIN o ON o.profile_id = p.id LEFT JOIN g ON g.id = p.id
  ), n AS (
    SELECT f.id, f.source, f.cohort, f.first_paid_at,
           CASE WHEN f.first_paid_at IS NOT NULL THEN greatest(extract(epoch FROM f.first_paid_at - f.created_at), 0) END AS seconds
      FROM f
  ), stored AS (
    INSERT INTO {{BY_PROFILE}} AS b (profile_id, acquisition_source, cohort_month, first_paid_at, first_payment_seconds)
    SELECT n.id, n.source, n.cohort, n.first_paid_at, n.seconds FROM n ORDER BY 1
    ON CONFLICT (profile_id) DO UPDATE
      SET acquisition_source = excluded.acquisition_source, cohort_month = excluded.cohort_month,
          first_paid_at = excluded.first_paid_at, first_payment_seconds = excluded.first_payment_seconds
      -- an unchanged contribution is not rewritten (no new row version, no index entries)
      WHERE (b.acquisition_source, b.cohort_month, b.first_paid_at, b.first_payment_seconds)
            IS DISTINCT FROM (excluded.acquisition_source, excluded.cohort_month, excluded.first_paid_at, excluded.first_payment_seconds)
  ), gone AS (
    DELETE FROM {{BY_PROFILE}} b WHERE b.profile_id = ANY (p_ids) AND NOT EXISTS (SELECT 1 FROM n WHERE n.id = b.profile_id)
  ), delta AS (
    SELECT x.source, x.cohort, sum(x.sign)::int AS signups,
           sum(CASE WHEN x.seconds IS NOT NULL THEN x.sign ELSE 0 END)::int AS paying,
           sum(x.sign * coalesce(x.seconds, 0)) AS seconds
      FROM (SELECT 1 AS sign, n.source, n.cohort, n.seconds FROM n
            UNION ALL
            SELECT -1, o.acquisition_source, o.cohort_month, o.first_payment_seconds FROM o) x
     GROUP BY 1, 2
  )
  INSERT INTO {{ROLLUP}} AS r (acquisition_source, cohort_month, signups, paying_users, first_payment_seconds)
  SELECT d.source, d.cohort, d.signups, d.paying, d.seconds FROM delta d
   WHERE d.signups <> 0 OR d.paying <> 0 OR d.seconds <> 0
   ORDER BY 1, 2
  ON CONFLICT (acquisition_source, cohort_month) DO UPDATE
    SET signups = r.signups + excluded.signups,
        paying_users = r.paying_users + excluded.paying_users,
        first_payment_seconds = r.first_payment_seconds + excluded.first_payment_seconds;
END

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function public.set_updated_at()
-- new: function ingest.lock_production(text[])
-- new: learning definer role schema learning
-- new: learning definer role rights
-- new: owner of learning.lesson_activity_events
-- new: monitor role schema learning
-- new: wolo definer role rights
-- new: subjects definer role schema subjects
-- new: function subjects.subject_lookup(uuid, text, text)
-- new: function subjects.mentions(text, text[])
-- new: function subjects.redact(text, text[])
-- new: function subjects.resolve_subject(uuid, text, text)
-- new: function subjects.record_run(text, text, boolean, jsonb, bigint)
-- new: function subjects.export_document(jsonb)
-- new: function subjects.export_subject(uuid, text, text)
-- new: function subjects.erase_subject(uuid, text, text, boolean)
-- new: subjects definer role rights
-- new: subjects grants
-- changed: trigger customers_set_updated_at on crm.customers
-- changed: trigger conversations_set_updated_at on crm.conversations
-- changed: function public.marketing_source_rollup_apply(uuid[], timestamptz[])
-- changed: function public.transactions_rollups()
-- changed: function public.enrollments_rollups()
-- changed: function public.unified_profiles_rollups()
-- changed: function public.leads_rollups()
-- changed: function public.rebuild_dashboard_rollups()
-- changed: function public.dashboard_rollups_on_truncate()
-- changed: grants on dashboard rollups
-- changed: function ingest.cutover_attempt(numeric, boolean, boolean, boolean)
-- changed: function ingest.rollback_attempt(text, boolean)
-- changed: function learning.prepare_lesson_progress()
-- changed: function learning.update_course_stats()
-- changed: function learning.update_user_last_access()
-- changed: function learning.course_progress(uuid, uuid)
-- changed: function learning.calculate_course_progress()
-- changed: function learning.update_course_rating()
-- changed: function learning.refresh_course_statistics()
-- changed: function learning.create_monthly_partition(regclass, date)
-- changed: function learning.ensure_monthly_partitions(regclass, integer)
-- changed: function learning.database_health_check()
-- changed: function learning.quiz_answer_matches(text, jsonb, jsonb)
-- changed: function learning.lock_quiz_for_attempt(uuid, uuid)
-- changed: function learning.open_quiz_attempt(learning.course_quizzes, uuid)
-- changed: function learning.start_quiz_attempt(uuid, uuid)
-- changed: function learning.submit_quiz_attempt(uuid, uuid, jsonb)
-- changed: wolo grants
-- changed: trigger users_set_updated_at on wolo.users
-- changed: trigger profiles_set_updated_at on wolo.profiles
-- changed: trigger sponsor_daily_limits_set_updated_at on wolo.sponsor_daily_limits
-- changed: trigger sponsor_contact_batches_set_updated_at on wolo.sponsor_contact_batches
-- changed: trigger pots_set_updated_at on wolo.pots
-- changed: trigger donations_set_updated_at on wolo.donations
-- changed: trigger partners_set_updated_at on wolo.partners
-- changed: trigger packs_set_updated_at on wolo.packs
-- changed: trigger sponsor_campaigns_set_updated_at on wolo.sponsor_campaigns
-- changed: trigger partner_settlements_set_updated_at on wolo.partner_settlements
-- changed: trigger notification_templates_set_updated_at on wolo.notification_templates
-- changed: trigger notifications_set_updated_at on wolo.notifications
-- changed: trigger notification_preferences_set_updated_at on wolo.notification_preferences
-- changed: trigger ab_tests_set_updated_at on wolo.ab_tests
-- changed: trigger feature_flags_set_updated_at on wolo.feature_flags
-- changed: trigger system_config_set_updated_at on wolo.system_config
-- changed: function wolo.pot_totals_refresh()
-- changed: function wolo.refund_pot_totals_refresh()
-- changed: function wolo.feature_enabled(text, uuid, text)
-- changed: function wolo.audit_row_change()
-- changed: function wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz)
-- changed: function wolo.set_id_number(uuid, text)
-- changed: function wolo.read_id_number(uuid)
-- removed: function crm.set_updated_at()
-- removed: function wolo.set_updated_at()
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
REVOKE ALL ON FUNCTION public.set_updated_at() FROM PUBLIC;
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
CREATE OR REPLACE TRIGGER customers_set_updated_at
BEFORE UPDATE ON crm.customers
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER conversations_set_updated_at
BEFORE UPDATE ON crm.conversations
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
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
REVOKE ALL ON FUNCTION ingest.lock_production(text[]) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION ingest.rollback_attempt(text, boolean) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.rollback_attempt(text, boolean) IS 'One attempt of public.rollback_migration (internal).';
--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA learning TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.prepare_lesson_progress() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION learning.prepare_lesson_progress() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.update_course_stats() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION learning.update_course_stats() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.update_user_last_access() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning.course_progress(uuid, uuid) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning.calculate_course_progress() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION learning.calculate_course_progress() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.update_course_rating() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning.refresh_course_statistics() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.refresh_course_statistics() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.refresh_course_statistics() IS 'Refreshes learning.course_statistics (CONCURRENTLY once populated).';
--> statement-breakpoint
ALTER FUNCTION learning.refresh_course_statistics() OWNER TO unified_schema_definer;
--> statement-breakpoint
DO $own$
DECLARE
  r record;
BEGIN
  ALTER TABLE learning.lesson_activity_events OWNER TO unified_schema_definer;
  FOR r IN SELECT i.inhrelid::regclass AS rel FROM pg_catalog.pg_inherits i
            WHERE i.inhparent = 'learning.lesson_activity_events'::regclass ORDER BY 1 LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO %I', r.rel, 'unified_schema_definer');
  END LOOP;
END
$own$;
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
REVOKE ALL ON FUNCTION learning.create_monthly_partition(regclass, date) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) IS 'Creates the partitions of the current UTC month and the next months_ahead (default 3) months; returns their names.';
--> statement-breakpoint
ALTER FUNCTION learning.ensure_monthly_partitions(regclass, integer) OWNER TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA learning TO unified_schema_monitor;
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
REVOKE ALL ON FUNCTION learning.quiz_answer_matches(text, jsonb, jsonb) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning.lock_quiz_for_attempt(uuid, uuid) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning.open_quiz_attempt(learning.course_quizzes, uuid) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning.start_quiz_attempt(uuid, uuid) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) IS 'Scores and completes a quiz attempt; refuses past attempts_allowed or after time_limit; passed by passing_score.';
--> statement-breakpoint
ALTER FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) OWNER TO unified_schema_definer;
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
CREATE OR REPLACE TRIGGER users_set_updated_at
BEFORE UPDATE ON wolo.users
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER profiles_set_updated_at
BEFORE UPDATE ON wolo.profiles
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_daily_limits_set_updated_at
BEFORE UPDATE ON wolo.sponsor_daily_limits
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_contact_batches_set_updated_at
BEFORE UPDATE ON wolo.sponsor_contact_batches
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER pots_set_updated_at
BEFORE UPDATE ON wolo.pots
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_set_updated_at
BEFORE UPDATE ON wolo.donations
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER partners_set_updated_at
BEFORE UPDATE ON wolo.partners
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER packs_set_updated_at
BEFORE UPDATE ON wolo.packs
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_campaigns_set_updated_at
BEFORE UPDATE ON wolo.sponsor_campaigns
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER partner_settlements_set_updated_at
BEFORE UPDATE ON wolo.partner_settlements
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notification_templates_set_updated_at
BEFORE UPDATE ON wolo.notification_templates
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notifications_set_updated_at
BEFORE UPDATE ON wolo.notifications
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notification_preferences_set_updated_at
BEFORE UPDATE ON wolo.notification_preferences
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER ab_tests_set_updated_at
BEFORE UPDATE ON wolo.ab_tests
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER feature_flags_set_updated_at
BEFORE UPDATE ON wolo.feature_flags
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER system_config_set_updated_at
BEFORE UPDATE ON wolo.system_config
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
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
REVOKE ALL ON FUNCTION wolo.pot_totals_refresh() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION wolo.refund_pot_totals_refresh() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refund_pot_totals_refresh() IS 'Trigger on refunds: keeps the totals of the refunded donation''s pot exact (see pot_totals_refresh).';
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
  v_roles text[];
BEGIN
  IF v_caller IS NOT NULL AND feature_enabled.user_id IS DISTINCT FROM v_caller AND feature_enabled.user_id IS NOT NULL THEN
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
REVOKE ALL ON FUNCTION wolo.feature_enabled(text, uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.feature_enabled(text, uuid, text) TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.feature_enabled(text, uuid, text) IS 'Whether flag_key is on for user_id / region: disabled or other environment → off; targeted groups or regions → on; else a deterministic md5 bucket below rollout_percentage.';
--> statement-breakpoint
ALTER FUNCTION wolo.feature_enabled(text, uuid, text) OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION wolo.audit_row_change() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.audit_row_change() IS 'Trigger: writes an audit_logs row (actor, action, resource, changed old/new values, personal data redacted).';
--> statement-breakpoint
ALTER FUNCTION wolo.audit_row_change() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) IS 'Records an analytics event; a signed-in user records its own events only (and at now()).';
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
REVOKE ALL ON FUNCTION wolo.set_id_number(uuid, text) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION wolo.read_id_number(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.read_id_number(uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.read_id_number(uuid) IS 'Decrypts the ID number (key from setting wolo.id_encryption_key). The user, an admin or service_role.';
--> statement-breakpoint
ALTER FUNCTION wolo.read_id_number(uuid) OWNER TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA subjects TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION subjects.subject_lookup(uuid, text, text) FROM PUBLIC;
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
SELECT mentions.doc IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.unnest(mentions.needles) AS n WHERE pg_catalog.strpos(pg_catalog.lower(mentions.doc), n) > 0)
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.mentions(text, text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.mentions(text, text[]) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.mentions(text, text[]) IS 'Whether the text contains one of the needles (lower-cased), case-insensitively.';
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
  p integer;
BEGIN
  IF v IS NULL THEN
    RETURN NULL;
  END IF;
  FOREACH n IN ARRAY coalesce(redact.needles, '{}'::text[]) LOOP
    LOOP
      p := pg_catalog.strpos(pg_catalog.lower(v), n);
      EXIT WHEN p = 0;
      v := pg_catalog.overlay(v, '[erased]', p, pg_catalog.length(n));
    END LOOP;
  END LOOP;
  RETURN v;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.redact(text, text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.redact(text, text[]) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.redact(text, text[]) IS 'The text with every occurrence of the needles (lower-cased) replaced by [erased].';
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
  v_ids := v_ids || ARRAY(SELECT t.id FROM public.unified_profiles t WHERE t.id = resolve_subject.user_id OR pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email) OR t.phone::text = resolve_subject.phone);
  v_ids := v_ids || ARRAY(SELECT t.id FROM learning.users t WHERE t.id = resolve_subject.user_id OR pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email) OR t.phone::text = resolve_subject.phone);
  v_ids := v_ids || ARRAY(SELECT t.id FROM wolo.users t WHERE t.id = resolve_subject.user_id OR pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email) OR t.phone::text = resolve_subject.phone);
  IF pg_catalog.has_table_privilege('auth.users', 'SELECT') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM auth.users t WHERE t.id = resolve_subject.user_id OR pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email) OR t.phone::text = resolve_subject.phone);
  END IF;
  v_ids := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_ids) AS x WHERE x IS NOT NULL ORDER BY 1);
  v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM public.unified_profiles t WHERE t.id = ANY (v_ids));
  v_phones := v_phones || ARRAY(SELECT t.phone::text FROM public.unified_profiles t WHERE t.id = ANY (v_ids));
  v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM learning.users t WHERE t.id = ANY (v_ids));
  v_phones := v_phones || ARRAY(SELECT t.phone::text FROM learning.users t WHERE t.id = ANY (v_ids));
  v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM wolo.users t WHERE t.id = ANY (v_ids));
  v_phones := v_phones || ARRAY(SELECT t.phone::text FROM wolo.users t WHERE t.id = ANY (v_ids));
  IF pg_catalog.has_table_privilege('auth.users', 'SELECT') THEN
    v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM auth.users t WHERE t.id = ANY (v_ids));
    v_phones := v_phones || ARRAY(SELECT t.phone::text FROM auth.users t WHERE t.id = ANY (v_ids));
  END IF;
  user_ids := v_ids;
  emails := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_emails) AS x WHERE x IS NOT NULL ORDER BY 1);
  phones := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_phones) AS x WHERE x IS NOT NULL ORDER BY 1);
  RETURN NEXT;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.resolve_subject(uuid, text, text) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION subjects.record_run(text, text, boolean, jsonb, bigint) FROM PUBLIC;
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
REVOKE ALL ON FUNCTION subjects.export_document(jsonb) FROM PUBLIC;
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
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.conversations', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) THEN 'reference:customer_id->crm.customers' END, CASE WHEN t.customer_phone::text = ANY (v_phones) THEN 'phone:customer_phone' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.messages', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.conversation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.conversations'))::uuid[]) THEN 'reference:conversation_id->crm.conversations' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END, CASE WHEN subjects.mentions(t.content::text, v_needles) THEN 'mention:content' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.messages t WHERE (t.conversation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.conversations'))::uuid[]) OR subjects.mentions(t.metadata::text, v_needles) OR subjects.mentions(t.content::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.customers', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.admin_notifications', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END, CASE WHEN subjects.mentions(t.message::text, v_needles) THEN 'mention:message' END, CASE WHEN subjects.mentions(t.title::text, v_needles) THEN 'mention:title' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.admin_notifications t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.payload::text, v_needles) OR subjects.mentions(t.message::text, v_needles) OR subjects.mentions(t.title::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.profile_audit_log', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.profile_id = ANY (v_user_ids) THEN 'userId:profile_id' END, CASE WHEN subjects.mentions(t.old_values::text, v_needles) THEN 'mention:old_values' END, CASE WHEN subjects.mentions(t.new_values::text, v_needles) THEN 'mention:new_values' END, CASE WHEN t.actor_id = ANY (v_user_ids) THEN 'actor:actor_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.profile_audit_log t WHERE (t.profile_id = ANY (v_user_ids) OR subjects.mentions(t.old_values::text, v_needles) OR subjects.mentions(t.new_values::text, v_needles) OR t.actor_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.enrollments', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.enrollments t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.leads', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.leads t WHERE (pg_catalog.lower(t.email) = ANY (v_emails)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.affiliates', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.affiliates t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.unified_profiles', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.unified_profiles t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)));
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
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.courses', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.instructor_id = ANY (v_user_ids) THEN 'actor:instructor_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.courses t WHERE (t.instructor_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.content_versions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.created_by = ANY (v_user_ids) THEN 'actor:created_by' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.content_versions t WHERE (t.created_by = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.media_files', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.media_files t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_bookmarks', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_bookmarks t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_notes', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_notes t WHERE (t.user_id = ANY (v_user_ids)));
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
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.notifications', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) THEN 'email:recipient_identifier' END, CASE WHEN t.recipient_identifier::text = ANY (v_phones) THEN 'phone:recipient_identifier' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.notifications t WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.partner_staff', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('partner_id', t.partner_id, 'user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.partner_staff t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.partners', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.contact_email) = ANY (v_emails) THEN 'email:contact_email' END, CASE WHEN t.contact_phone::text = ANY (v_phones) THEN 'phone:contact_phone' END, CASE WHEN t.verified_by_user_id = ANY (v_user_ids) THEN 'actor:verified_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.partners t WHERE (pg_catalog.lower(t.contact_email) = ANY (v_emails) OR t.contact_phone::text = ANY (v_phones) OR t.verified_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.pot_invitations', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.invited_by_user_id = ANY (v_user_ids) THEN 'userId:invited_by_user_id' END, CASE WHEN pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) THEN 'email:recipient_identifier' END, CASE WHEN t.recipient_identifier::text = ANY (v_phones) THEN 'phone:recipient_identifier' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.pot_invitations t WHERE (t.invited_by_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.pots', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.owner_user_id = ANY (v_user_ids) THEN 'userId:owner_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids)));
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
  SELECT coalesce(pg_catalog.jsonb_object_agg(c.tb, pg_catalog.jsonb_build_object('rows', c.n)), '{}'::jsonb) INTO v_counts
    FROM (SELECT x ->> 'table' AS tb, count(*) AS n FROM pg_catalog.jsonb_array_elements(v_items) AS x GROUP BY 1) c;
  PERFORM subjects.record_run('export', v_lookup, false, v_counts, pg_catalog.jsonb_array_length(v_items));
  RETURN subjects.export_document(v_items)
    || pg_catalog.jsonb_build_object('subject', pg_catalog.jsonb_build_object('user_ids', pg_catalog.to_jsonb(v_user_ids), 'emails', pg_catalog.to_jsonb(v_emails), 'phones', pg_catalog.to_jsonb(v_phones)));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.export_subject(uuid, text, text) FROM PUBLIC;
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
  v_lookup := subjects.subject_lookup(erase_subject.user_id, erase_subject.email, erase_subject.phone);
  SELECT r.user_ids, r.emails, r.phones INTO v_user_ids, v_emails, v_phones FROM subjects.resolve_subject(erase_subject.user_id, erase_subject.email, erase_subject.phone) r;
  -- what a JSON or text column is searched for: every identifier of the person, lower-cased
  v_needles := ARRAY(SELECT DISTINCT pg_catalog.lower(x) FROM pg_catalog.unnest(v_emails || v_phones || v_user_ids::text[]) AS x
                     WHERE pg_catalog.length(x) >= 6);
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.customers', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.conversations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.pots', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.donations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.donations t WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones))));
  BEGIN
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
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_bookmarks', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_notes
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_notes t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
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
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.pot_invitations', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.pots
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.pots t SET title = '[forgotten]', description = NULL, cover_image_url = NULL, gallery_images = NULL WHERE (t.owner_user_id = ANY (v_user_ids)) AND (t.title IS DISTINCT FROM '[forgotten]' OR t.description IS NOT NULL OR t.cover_image_url IS NOT NULL OR t.gallery_images IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
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
    SELECT count(*) INTO n FROM wolo.referrals t WHERE t.sponsor_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
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
    IF pg_catalog.has_table_privilege('auth.users', 'SELECT, UPDATE, DELETE') THEN
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
    IF pg_catalog.to_regclass('auth.identities') IS NOT NULL AND pg_catalog.has_table_privilege('auth.identities', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'identities', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.identities', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.identities') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.identities', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.sessions') IS NOT NULL AND pg_catalog.has_table_privilege('auth.sessions', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'sessions', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.sessions', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.sessions') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.sessions', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.refresh_tokens', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'refresh_tokens', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.refresh_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.refresh_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL AND pg_catalog.has_table_privilege('auth.mfa_factors', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'mfa_factors', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.mfa_factors', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.mfa_factors', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.one_time_tokens', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'one_time_tokens', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.one_time_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.one_time_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF pg_catalog.to_regclass('auth.flow_state') IS NOT NULL AND pg_catalog.has_table_privilege('auth.flow_state', 'SELECT, DELETE') THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'flow_state', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.flow_state', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.flow_state') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.flow_state', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
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
REVOKE ALL ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) IS 'Erases one person in every domain by each table''s registry rule (delete, anonymise, retain detached); dry_run rolls back and reports the same. service_role only; recorded in subjects.runs.';
--> statement-breakpoint
ALTER FUNCTION subjects.erase_subject(uuid, text, text, boolean) OWNER TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA crm, public, ingest, learning, wolo, subjects TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, UPDATE, DELETE ON crm.conversations, crm.messages, crm.customers, public.admin_notifications, public.profile_audit_log, public.enrollments, public.leads, public.affiliates, public.unified_profiles, public.marketing_source_rollup_by_profile, public.monthly_enrollments_rollup_by_student, public.revenue_analysis_rollup_by_customer, public.transactions, ingest.systemeio_raw, ingest.xendit_raw, ingest.rejected_rows, ingest.backups, ingest.run_log, ingest.validation_reports, ingest.xendit_transactions_raw, learning.lesson_activity_events, learning.quiz_attempts, learning.course_purchases, learning.payment_transactions, learning.subscriptions, learning.courses, learning.content_versions, learning.media_files, learning.user_bookmarks, learning.user_notes, learning.user_addresses, learning.user_preferences, learning.user_roles, learning.users, learning.course_completions, learning.enrollments, learning.lesson_progress, learning.user_achievements, wolo.admin_sessions, wolo.audit_logs, wolo.feature_flags, wolo.system_config, wolo.ab_test_assignments, wolo.analytics_events, wolo.donations, wolo.refunds, wolo.wave_webhook_events, wolo.password_reset_tokens, wolo.user_sessions, wolo.users, wolo.notification_preferences, wolo.notifications, wolo.partner_staff, wolo.partners, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.user_addresses, wolo.partner_settlements, wolo.qr_redemption_logs, wolo.points_conversions, wolo.points_ledger, wolo.referrals, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits TO unified_schema_definer;
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
--> statement-breakpoint
REVOKE ALL ON subjects.runs FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA subjects TO service_role;
--> statement-breakpoint
GRANT SELECT ON subjects.runs TO service_role;
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo.set_updated_at();
--> statement-breakpoint
DROP FUNCTION IF EXISTS crm.set_updated_at();

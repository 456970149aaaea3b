ALTER TABLE "revenue_metrics" ALTER COLUMN "revenue_change_pct" SET DATA TYPE numeric;--> statement-breakpoint
CREATE VIEW "public"."marketing_source_view" WITH (security_invoker = true) AS (
WITH p AS (
  SELECT up.id, lower(up.email) AS email, up.created_at,
         coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS acquisition_source,
         date_trunc('month', up.created_at AT TIME ZONE public.business_time_zone())::date AS cohort_month
  FROM public.unified_profiles up
), paid_by_user AS (
  SELECT t.user_id, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NOT NULL
  GROUP BY t.user_id
), paid_by_email AS (
  SELECT lower(t.contact_email) AS email, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL AND t.contact_email IS NOT NULL
  GROUP BY lower(t.contact_email)
), per_profile AS (
  SELECT p.acquisition_source, p.cohort_month, p.created_at,
         least(u.first_paid_at, e.first_paid_at) AS first_paid_at
  FROM p
  LEFT JOIN paid_by_user u ON u.user_id = p.id
  LEFT JOIN paid_by_email e ON e.email = p.email
)
SELECT acquisition_source, cohort_month,
       count(*)::int AS signups,
       count(first_paid_at)::int AS paying_users,
       round(100.0 * count(first_paid_at) / count(*), 2)::numeric(5, 2) AS conversion_rate,
       round((avg(greatest(extract(epoch FROM first_paid_at - created_at), 0)) FILTER (WHERE first_paid_at IS NOT NULL) / 86400)::numeric, 1)::numeric(9, 1) AS avg_days_to_first_payment
FROM per_profile
GROUP BY acquisition_source, cohort_month);--> statement-breakpoint
CREATE VIEW "public"."monthly_enrollments_view" WITH (security_invoker = true) AS (
WITH e AS (
  SELECT en.course_id, en.user_id, en.status, date_trunc('month', en.enrolled_at AT TIME ZONE public.business_time_zone())::date AS month
  FROM public.enrollments en
), counts AS (
  SELECT course_id, month,
         count(*)::int AS enrollments,
         (count(*) FILTER (WHERE status = 'active'))::int AS active_enrollments,
         count(DISTINCT user_id)::int AS unique_students
  FROM e
  GROUP BY course_id, month
), span AS (
  SELECT course_id, min(month) AS first_month, (SELECT max(month) FROM counts) AS last_month
  FROM counts
  GROUP BY course_id
), dense AS (
  SELECT s.course_id, m.month::date AS month,
         coalesce(c.enrollments, 0) AS enrollments,
         coalesce(c.active_enrollments, 0) AS active_enrollments,
         coalesce(c.unique_students, 0) AS unique_students
  FROM span s
  CROSS JOIN LATERAL generate_series(s.first_month::timestamp, s.last_month::timestamp, interval '1 month') AS m(month)
  LEFT JOIN counts c ON c.course_id = s.course_id AND c.month = m.month::date
), growth AS (
  SELECT d.*, lag(d.enrollments, 1, 0) OVER (PARTITION BY d.course_id ORDER BY d.month) AS previous_month_enrollments
  FROM dense d
)
SELECT g.month, g.course_id, co.title AS course_title,
       g.enrollments, g.active_enrollments, g.unique_students,
       g.previous_month_enrollments::int AS previous_month_enrollments,
       (g.enrollments - g.previous_month_enrollments)::int AS growth,
       CASE WHEN g.previous_month_enrollments = 0 THEN NULL
            ELSE round(100.0 * (g.enrollments - g.previous_month_enrollments) / g.previous_month_enrollments, 2)
       END::numeric(14, 2) AS growth_pct
FROM growth g
JOIN public.courses co ON co.id = g.course_id);--> statement-breakpoint
CREATE VIEW "public"."revenue_analysis_view" WITH (security_invoker = true) AS (
SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month,
       t.transaction_type AS product,
       t.currency,
       sum(t.amount)::numeric(14, 2) AS revenue,
       count(*)::int AS transaction_count,
       round(avg(t.amount), 2)::numeric(14, 2) AS average_transaction_value,
       count(DISTINCT coalesce(t.user_id::text, lower(t.contact_email)))::int AS paying_customers
FROM public.transactions t
WHERE t.status IN ('paid', 'settled')
GROUP BY 1, 2, 3);--> statement-breakpoint
CREATE MATERIALIZED VIEW "public"."marketing_source_mv" AS (
WITH p AS (
  SELECT up.id, lower(up.email) AS email, up.created_at,
         coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS acquisition_source,
         date_trunc('month', up.created_at AT TIME ZONE public.business_time_zone())::date AS cohort_month
  FROM public.unified_profiles up
), paid_by_user AS (
  SELECT t.user_id, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NOT NULL
  GROUP BY t.user_id
), paid_by_email AS (
  SELECT lower(t.contact_email) AS email, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL AND t.contact_email IS NOT NULL
  GROUP BY lower(t.contact_email)
), per_profile AS (
  SELECT p.acquisition_source, p.cohort_month, p.created_at,
         least(u.first_paid_at, e.first_paid_at) AS first_paid_at
  FROM p
  LEFT JOIN paid_by_user u ON u.user_id = p.id
  LEFT JOIN paid_by_email e ON e.email = p.email
)
SELECT acquisition_source, cohort_month,
       count(*)::int AS signups,
       count(first_paid_at)::int AS paying_users,
       round(100.0 * count(first_paid_at) / count(*), 2)::numeric(5, 2) AS conversion_rate,
       round((avg(greatest(extract(epoch FROM first_paid_at - created_at), 0)) FILTER (WHERE first_paid_at IS NOT NULL) / 86400)::numeric, 1)::numeric(9, 1) AS avg_days_to_first_payment
FROM per_profile
GROUP BY acquisition_source, cohort_month);--> statement-breakpoint
CREATE MATERIALIZED VIEW "public"."monthly_enrollments_mv" AS (
WITH e AS (
  SELECT en.course_id, en.user_id, en.status, date_trunc('month', en.enrolled_at AT TIME ZONE public.business_time_zone())::date AS month
  FROM public.enrollments en
), counts AS (
  SELECT course_id, month,
         count(*)::int AS enrollments,
         (count(*) FILTER (WHERE status = 'active'))::int AS active_enrollments,
         count(DISTINCT user_id)::int AS unique_students
  FROM e
  GROUP BY course_id, month
), span AS (
  SELECT course_id, min(month) AS first_month, (SELECT max(month) FROM counts) AS last_month
  FROM counts
  GROUP BY course_id
), dense AS (
  SELECT s.course_id, m.month::date AS month,
         coalesce(c.enrollments, 0) AS enrollments,
         coalesce(c.active_enrollments, 0) AS active_enrollments,
         coalesce(c.unique_students, 0) AS unique_students
  FROM span s
  CROSS JOIN LATERAL generate_series(s.first_month::timestamp, s.last_month::timestamp, interval '1 month') AS m(month)
  LEFT JOIN counts c ON c.course_id = s.course_id AND c.month = m.month::date
), growth AS (
  SELECT d.*, lag(d.enrollments, 1, 0) OVER (PARTITION BY d.course_id ORDER BY d.month) AS previous_month_enrollments
  FROM dense d
)
SELECT g.month, g.course_id, co.title AS course_title,
       g.enrollments, g.active_enrollments, g.unique_students,
       g.previous_month_enrollments::int AS previous_month_enrollments,
       (g.enrollments - g.previous_month_enrollments)::int AS growth,
       CASE WHEN g.previous_month_enrollments = 0 THEN NULL
            ELSE round(100.0 * (g.enrollments - g.previous_month_enrollments) / g.previous_month_enrollments, 2)
       END::numeric(14, 2) AS growth_pct
FROM growth g
JOIN public.courses co ON co.id = g.course_id);--> statement-breakpoint
CREATE MATERIALIZED VIEW "public"."revenue_analysis_mv" AS (
SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month,
       t.transaction_type AS product,
       t.currency,
       sum(t.amount)::numeric(14, 2) AS revenue,
       count(*)::int AS transaction_count,
       round(avg(t.amount), 2)::numeric(14, 2) AS average_transaction_value,
       count(DISTINCT coalesce(t.user_id::text, lower(t.contact_email)))::int AS paying_customers
FROM public.transactions t
WHERE t.status IN ('paid', 'settled')
GROUP BY 1, 2, 3);
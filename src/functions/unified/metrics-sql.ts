import { METRIC_GRANULARITIES, PAID_STATUSES } from '../../schema/unified/constants.js';
import { sqlList } from '../../schema/_shared/index.js';
import { customerOf, month, revenueAt } from '../../views/unified.js';
import { defineDefinerFunction, defineFunction } from '../define.js';

const paid = sqlList(PAID_STATUSES);

/** The most periods one call may return (a day granularity over ~27 years). */
export const MAX_METRIC_PERIODS = 10_000;

/**
 * Enrollment statistics per period (day, week starting Monday, or month; calendar periods in the
 * business time zone) between two business-time-zone dates, both inclusive, for one course or all
 * (p_course_id NULL). Dense: one row per period, zeros included, so an empty range still returns
 * its periods. Only enrollments dated within [p_start, p_end] count, also in a partial first or
 * last period. SECURITY INVOKER: RLS applies (a user counts their own enrollments, an admin all).
 */
export const calculateEnrollmentMetricsFn = defineFunction(`public.calculate_enrollment_metrics(p_start date, p_end date, p_course_id uuid DEFAULT NULL, p_granularity text DEFAULT 'month') RETURNS table (
  period_start date,
  period_end date,
  course_id uuid,
  new_enrollments integer,
  active_enrollments integer,
  refunded_enrollments integer,
  unique_students integer,
  cumulative_enrollments integer
)`, {
  language: 'plpgsql', volatility: 'stable', searchPath: '', grantExecute: ['authenticated', 'service_role'],
  comment: 'Enrollment metrics per day/week/month (business time zone) for a date range and an optional course.',
  body: `
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
  IF p_granularity IS NULL OR p_granularity NOT IN (${sqlList(METRIC_GRANULARITIES)}) THEN
    RAISE EXCEPTION 'calculate_enrollment_metrics: p_granularity must be one of ${METRIC_GRANULARITIES.join(', ')}, got %', coalesce(p_granularity, 'NULL')
      USING ERRCODE = '22023';
  END IF;
  v_step := ('1 ' || p_granularity)::interval;
  v_first := date_trunc(p_granularity, p_start::timestamp);
  v_periods := CASE p_granularity
    WHEN 'day' THEN p_end - p_start + 1
    WHEN 'week' THEN (p_end - v_first::date) / 7 + 1
    ELSE (extract(year FROM p_end) - extract(year FROM v_first)) * 12 + extract(month FROM p_end) - extract(month FROM v_first) + 1 END;
  IF v_periods > ${MAX_METRIC_PERIODS} THEN
    RAISE EXCEPTION 'calculate_enrollment_metrics: % % periods requested, at most ${MAX_METRIC_PERIODS}', v_periods, p_granularity USING ERRCODE = '22023';
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
END`,
});

/**
 * Recomputes revenue_metrics from scratch (one statement, serialized by an advisory lock): per
 * business month, product (each transaction_type and 'all') and currency, the paid/settled revenue,
 * count, average and paying customers, with the previous month's values and the change. Months are
 * dense from a product's first paid month to the current month, so a month without sales reads 0
 * and the next month compares against 0. Clears the revenue_metrics stale flag and returns the rows.
 * SECURITY DEFINER (writes the cache table); executable by service_role only.
 */
export const updateRevenueMetricsFn = defineDefinerFunction('public.update_revenue_metrics() RETURNS setof public.revenue_metrics', { grantExecute: ['service_role'],
  comment: 'Recomputes the revenue KPI cache (revenue_metrics) with previous-month values and changes.',
  body: `
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
    SELECT ${month(revenueAt, 'v_tz')} AS month,
           t.transaction_type, t.currency, t.amount,
           ${customerOf} AS customer
    FROM public.transactions t
    WHERE t.status IN (${paid})
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
END`,
});

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function public.calculate_enrollment_metrics(date, date, uuid, text)
SET LOCAL check_function_bodies = off;
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
REVOKE ALL ON FUNCTION public.calculate_enrollment_metrics(date, date, uuid, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.calculate_enrollment_metrics(date, date, uuid, text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.calculate_enrollment_metrics(date, date, uuid, text) IS 'Enrollment metrics per day/week/month (business time zone) for a date range and an optional course.';

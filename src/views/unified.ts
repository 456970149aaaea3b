import { sql } from 'drizzle-orm';
import { date, integer, numeric, pgMaterializedView, pgView, text, uuid } from 'drizzle-orm/pg-core';
import { PAID_STATUSES, TRANSACTION_TYPES } from '../schema/unified/constants.js';
import { sqlList } from '../schema/_shared/index.js';

// The three dashboard views of doc 000, each declared twice from one SQL text: a live view
// (security_invoker, so the caller's RLS applies: a user sees aggregates of their own rows, an admin
// of everything) and a materialized counterpart `*_mv` for the dashboard, refreshed by
// `refresh_dashboard_views()` (CONCURRENTLY: each has a unique index, created in
// src/functions/unified/views.ts). The MV repeats the SQL instead of selecting from the view, so a
// changed view never blocks on (or silently drags along) its MV. Materialized views cannot have RLS:
// only service_role (and the owner) may read them; see docs/unified.md.
//
// Months are calendar months in the business time zone: `AT TIME ZONE public.business_time_zone()`.

const paid = sqlList(PAID_STATUSES);
/** When a payment counts: paid_at, else settled_at, else created_at (a paid row missing its timestamps). */
export const revenueAt = 'coalesce(t.paid_at, t.settled_at, t.created_at)';
/** Who a payment's customer is (paying_customers' distinct key): the user id, else the lower-cased contact email. */
export const customerOf = 'coalesce(t.user_id::text, lower(t.contact_email))';
/** The business-time-zone month of `ts`; `tz`: the zone's expression (a variable holding it, in a function that reads it once). */
export const month = (ts: string, tz = 'public.business_time_zone()') => `date_trunc('month', ${ts} AT TIME ZONE ${tz})::date`;

/**
 * The dense monthly series of a course (a 0 row for a month without enrollments) and its growth, as
 * the CTEs `dense` and `growth` over `span (course_id, first_month, last_month)` and `counts
 * (course_id, month, enrollments, active_enrollments, unique_students)`: the view below and the
 * dashboard's query over monthly_enrollments_rollup (src/functions/unified/dashboard.ts) share it.
 */
export const denseGrowthCtes = `dense AS (
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
)`;

/**
 * Monthly enrollments per course, dense (a month without enrollments is a 0 row between a course's
 * first month and the last month with any enrollment), with month-over-month growth.
 */
export const monthlyEnrollmentsSql = `
WITH e AS (
  SELECT en.course_id, en.user_id, en.status, ${month('en.enrolled_at')} AS month
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
), ${denseGrowthCtes}
SELECT g.month, g.course_id, co.title AS course_title,
       g.enrollments, g.active_enrollments, g.unique_students,
       g.previous_month_enrollments::int AS previous_month_enrollments,
       (g.enrollments - g.previous_month_enrollments)::int AS growth,
       CASE WHEN g.previous_month_enrollments = 0 THEN NULL
            ELSE round(100.0 * (g.enrollments - g.previous_month_enrollments) / g.previous_month_enrollments, 2)
       END::numeric(14, 2) AS growth_pct
FROM growth g
JOIN public.courses co ON co.id = g.course_id`;

/** Monthly revenue per product and currency: only paid and settled money counts. */
export const revenueAnalysisSql = `
SELECT ${month(revenueAt)} AS month,
       t.transaction_type AS product,
       t.currency,
       sum(t.amount)::numeric(14, 2) AS revenue,
       count(*)::int AS transaction_count,
       round(avg(t.amount), 2)::numeric(14, 2) AS average_transaction_value,
       count(DISTINCT ${customerOf})::int AS paying_customers
FROM public.transactions t
WHERE t.status IN (${paid})
GROUP BY 1, 2, 3`;

/**
 * Acquisition by source and monthly signup cohort: signups (profiles, and leads whose email has no
 * profile), how many of them ever paid (a paid or settled transaction with their user_id, or with no
 * user_id and their email as contact_email),
 * the conversion rate in percent and the average days from signup to first payment.
 */
export const marketingSourceSql = `
WITH p AS (
  SELECT up.id, lower(up.email) AS email, up.created_at,
         coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS acquisition_source,
         ${month('up.created_at')} AS cohort_month
  FROM public.unified_profiles up
  UNION ALL
  SELECT l.id, lower(l.email), l.first_seen_at,
         coalesce(nullif(btrim(l.source), ''), 'unknown'),
         ${month('l.first_seen_at')}
  FROM public.leads l
  WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = lower(l.email))
), paid_by_user AS (
  SELECT t.user_id, min(${revenueAt}) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN (${paid}) AND t.user_id IS NOT NULL
  GROUP BY t.user_id
), paid_by_email AS (
  SELECT lower(t.contact_email) AS email, min(${revenueAt}) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN (${paid}) AND t.user_id IS NULL AND t.contact_email IS NOT NULL
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
GROUP BY acquisition_source, cohort_month`;

const monthlyEnrollmentsColumns = () => ({
  /** First day of the business-time-zone month. */
  month: date('month', { mode: 'string' }).notNull(),
  courseId: uuid('course_id').notNull(),
  courseTitle: text('course_title').notNull(),
  enrollments: integer('enrollments').notNull(),
  activeEnrollments: integer('active_enrollments').notNull(),
  uniqueStudents: integer('unique_students').notNull(),
  previousMonthEnrollments: integer('previous_month_enrollments').notNull(),
  growth: integer('growth').notNull(),
  /** Percent change against the previous month; NULL when it had none. */
  growthPct: numeric('growth_pct', { precision: 14, scale: 2 }),
});

const revenueAnalysisColumns = () => ({
  month: date('month', { mode: 'string' }).notNull(),
  product: text('product', { enum: TRANSACTION_TYPES }).notNull(),
  currency: text('currency').notNull(),
  revenue: numeric('revenue', { precision: 14, scale: 2 }).notNull(),
  transactionCount: integer('transaction_count').notNull(),
  averageTransactionValue: numeric('average_transaction_value', { precision: 14, scale: 2 }).notNull(),
  payingCustomers: integer('paying_customers').notNull(),
});

const marketingSourceColumns = () => ({
  acquisitionSource: text('acquisition_source').notNull(),
  cohortMonth: date('cohort_month', { mode: 'string' }).notNull(),
  signups: integer('signups').notNull(),
  payingUsers: integer('paying_users').notNull(),
  /** paying_users / signups in percent. */
  conversionRate: numeric('conversion_rate', { precision: 5, scale: 2 }).notNull(),
  avgDaysToFirstPayment: numeric('avg_days_to_first_payment', { precision: 9, scale: 1 }),
});

export const monthlyEnrollmentsView = pgView('monthly_enrollments_view', monthlyEnrollmentsColumns())
  .with({ securityInvoker: true })
  .as(sql.raw(monthlyEnrollmentsSql));
export const revenueAnalysisView = pgView('revenue_analysis_view', revenueAnalysisColumns())
  .with({ securityInvoker: true })
  .as(sql.raw(revenueAnalysisSql));
export const marketingSourceView = pgView('marketing_source_view', marketingSourceColumns())
  .with({ securityInvoker: true })
  .as(sql.raw(marketingSourceSql));

export const monthlyEnrollmentsMv = pgMaterializedView('monthly_enrollments_mv', monthlyEnrollmentsColumns()).as(sql.raw(monthlyEnrollmentsSql));
export const revenueAnalysisMv = pgMaterializedView('revenue_analysis_mv', revenueAnalysisColumns()).as(sql.raw(revenueAnalysisSql));
export const marketingSourceMv = pgMaterializedView('marketing_source_mv', marketingSourceColumns()).as(sql.raw(marketingSourceSql));

export type MonthlyEnrollmentsRow = typeof monthlyEnrollmentsView.$inferSelect;
export type RevenueAnalysisRow = typeof revenueAnalysisView.$inferSelect;
export type MarketingSourceRow = typeof marketingSourceView.$inferSelect;

/** The materialized views, the live view each copies, and the columns of their unique index (REFRESH … CONCURRENTLY needs one). */
export const DASHBOARD_MATERIALIZED_VIEWS = [
  { mv: monthlyEnrollmentsMv, view: monthlyEnrollmentsView, key: ['course_id', 'month'] },
  { mv: revenueAnalysisMv, view: revenueAnalysisView, key: ['product', 'currency', 'month'] },
  { mv: marketingSourceMv, view: marketingSourceView, key: ['acquisition_source', 'cohort_month'] },
] as const;

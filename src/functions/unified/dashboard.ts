import { type Column, and, asc, eq, gt, gte, lte, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { dashboardCacheStatus } from '../../schema/unified/metrics.js';
import { TRANSACTION_TYPES } from '../../schema/unified/constants.js';
import { marketingSourceRollup, monthlyEnrollmentsRollup, revenueAnalysisRollup } from '../../schema/unified/rollups.js';
import {
  denseGrowthCtes,
  type MarketingSourceRow,
  type MonthlyEnrollmentsRow,
  marketingSourceMv,
  marketingSourceView,
  monthlyEnrollmentsMv,
  monthlyEnrollmentsView,
  type RevenueAnalysisRow,
  revenueAnalysisMv,
  revenueAnalysisView,
} from '../../views/unified.js';
import { businessMonthParam, fromBeforeTo, parseParams } from './params.js';

const common = {
  /** First month (inclusive): YYYY-MM, YYYY-MM-DD or a Date, in the business time zone. */
  from: businessMonthParam.optional(),
  /** Last month (inclusive). */
  to: businessMonthParam.optional(),
  /**
   * Read the materialized view (fast, as fresh as the last refresh_dashboard_views(); readable by
   * service_role only) instead of the live view (exact, RLS of the caller applies).
   */
  materialized: z.boolean().optional(),
  /**
   * Read the live view (exact, the caller's RLS applies: a user sees aggregates of their own rows).
   * Default: the real-time rollup (`*_rollup`, exact at every commit) when the caller may read it
   * (admins, service_role, the owner), otherwise the live view.
   */
  live: z.boolean().optional(),
};

/**
 * Whether the caller reads the rollups: a role that skips RLS (superuser, BYPASSRLS: service_role),
 * or an admin by the JWT claim. Everybody else gets the live view under their own RLS.
 */
async function readsRollups(db: Database, p: { live?: boolean; materialized?: boolean }): Promise<boolean> {
  if (p.live || p.materialized) return false;
  const [role] = await queryRows<{ skips_rls: boolean; may_ask: boolean }>(
    db,
    sql`select r.rolsuper or r.rolbypassrls as skips_rls, pg_catalog.has_function_privilege('public.is_admin()', 'execute') as may_ask
          from pg_catalog.pg_roles r where r.rolname = current_user`,
  );
  if (role?.skips_rls) return true;
  // A statement of its own: PostgreSQL checks EXECUTE on every function a query names when it starts
  // it, so a CASE cannot keep a role without the privilege (anon, crm_app) from failing on is_admin().
  if (!role?.may_ask) return false;
  const [admin] = await queryRows<{ ok: boolean }>(db, sql`select public.is_admin() as ok`);
  return admin?.ok === true;
}

/**
 * The optional filters of a dashboard read: `month` within `from`..`to` (inclusive), and
 * `column = value` for each pair whose value was given.
 */
function dashboardFilters(month: Column, p: { from?: string; to?: string }, ...equal: [Column, string | undefined][]): SQL | undefined {
  return and(p.from ? gte(month, p.from) : undefined, p.to ? lte(month, p.to) : undefined, ...equal.map(([c, v]) => (v ? eq(c, v) : undefined)));
}

const enrollmentsParams = z.object({ ...common, courseId: z.uuid({ error: 'must be a uuid' }).optional() }).strict().superRefine(fromBeforeTo);
export type MonthlyEnrollmentsParams = z.input<typeof enrollmentsParams>;

/** Monthly enrollments per course with month-over-month growth (monthly_enrollments_view / _mv). */
export async function getMonthlyEnrollments(db: Database, params: MonthlyEnrollmentsParams = {}): Promise<MonthlyEnrollmentsRow[]> {
  const p = parseParams(enrollmentsParams, params);
  if (await readsRollups(db, p)) return enrollmentsFromRollup(db, p);
  const v = p.materialized ? monthlyEnrollmentsMv : monthlyEnrollmentsView;
  return db.select().from(v).where(dashboardFilters(v.month, p, [v.courseId, p.courseId])).orderBy(asc(v.courseTitle), asc(v.courseId), asc(v.month));
}

/**
 * monthly_enrollments_view over monthly_enrollments_rollup: the same dense series (a course's months
 * from its first to the last month of any course) and growth, computed over the rollup's rows.
 */
async function enrollmentsFromRollup(db: Database, p: z.output<typeof enrollmentsParams>): Promise<MonthlyEnrollmentsRow[]> {
  const rows = await queryRows<Record<string, unknown>>(db, monthlyEnrollmentsRollupQuery(p));
  return rows.map((x) => ({
    month: String(x.month),
    courseId: String(x.course_id),
    courseTitle: String(x.course_title),
    enrollments: Number(x.enrollments),
    activeEnrollments: Number(x.active_enrollments),
    uniqueStudents: Number(x.unique_students),
    previousMonthEnrollments: Number(x.previous_month_enrollments),
    growth: Number(x.growth),
    growthPct: x.growth_pct === null ? null : String(x.growth_pct),
  }));
}

/** @internal The SQL getMonthlyEnrollments runs over the rollup (exported for EXPLAIN tests). */
export function monthlyEnrollmentsRollupQuery(params: MonthlyEnrollmentsParams = {}): SQL {
  const p = parseParams(enrollmentsParams, params);
  const r = monthlyEnrollmentsRollup;
  // With a course: that course's rows by the primary key; the last month of any course by the
  // partial month index. Without one the whole rollup is read (a row per course and month).
  return sql`with counts as (
          select ${r.courseId} as course_id, ${r.month} as month, ${r.enrollments} as enrollments,
                 ${r.activeEnrollments} as active_enrollments, ${r.uniqueStudents} as unique_students
            from ${r} where ${r.enrollments} > 0 ${p.courseId ? sql`and ${r.courseId} = ${p.courseId}` : sql``}
        ), span as (
          select course_id, min(month) as first_month,
                 (select max(${r.month}) from ${r} where ${r.enrollments} > 0) as last_month
            from counts group by course_id
        ), ${sql.raw(denseGrowthCtes)}
        select g.month::text as month, g.course_id, co.title as course_title, g.enrollments, g.active_enrollments, g.unique_students,
               g.previous_month_enrollments::int as previous_month_enrollments,
               (g.enrollments - g.previous_month_enrollments)::int as growth,
               (case when g.previous_month_enrollments = 0 then null
                     else round(100.0 * (g.enrollments - g.previous_month_enrollments) / g.previous_month_enrollments, 2) end)::numeric(14, 2)::text as growth_pct
          from growth g join public.courses co on co.id = g.course_id
         where true ${p.from ? sql`and g.month >= ${p.from}::date` : sql``} ${p.to ? sql`and g.month <= ${p.to}::date` : sql``}
         order by co.title, g.course_id, g.month`;
}

const revenueParams = z
  .object({
    ...common,
    product: z.enum(TRANSACTION_TYPES, { error: `must be one of ${TRANSACTION_TYPES.join(', ')}` }).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code like PHP' }).optional(),
  })
  .strict()
  .superRefine(fromBeforeTo);
export type MonthlyRevenueParams = z.input<typeof revenueParams>;

/** Monthly paid/settled revenue per product and currency (revenue_analysis_view / _mv). */
export async function getMonthlyRevenue(db: Database, params: MonthlyRevenueParams = {}): Promise<RevenueAnalysisRow[]> {
  const p = parseParams(revenueParams, params);
  if (await readsRollups(db, p)) return monthlyRevenueRollupQuery(db, p);
  const v = p.materialized ? revenueAnalysisMv : revenueAnalysisView;
  return db.select().from(v).where(dashboardFilters(v.month, p, [v.product, p.product], [v.currency, p.currency])).orderBy(asc(v.month), asc(v.product), asc(v.currency));
}

const marketingParams = z
  .object({ ...common, acquisitionSource: z.string().min(1, { error: 'must not be empty' }).optional() })
  .strict()
  .superRefine(fromBeforeTo);
export type MarketingSourcesParams = z.input<typeof marketingParams>;

/** Signups, paying users and conversion per acquisition source and monthly cohort (marketing_source_view / _mv). */
export async function getMarketingSources(db: Database, params: MarketingSourcesParams = {}): Promise<MarketingSourceRow[]> {
  const p = parseParams(marketingParams, params);
  if (await readsRollups(db, p)) return marketingSourcesRollupQuery(db, p);
  const v = p.materialized ? marketingSourceMv : marketingSourceView;
  return db.select().from(v).where(dashboardFilters(v.cohortMonth, p, [v.acquisitionSource, p.acquisitionSource])).orderBy(asc(v.acquisitionSource), asc(v.cohortMonth));
}

/** @internal The query getMonthlyRevenue runs over the rollup (exported for EXPLAIN tests). */
export function monthlyRevenueRollupQuery(db: Database, params: MonthlyRevenueParams = {}) {
  const p = parseParams(revenueParams, params);
  const r = revenueAnalysisRollup;
  return db
    .select({
      month: r.month,
      product: r.product,
      currency: r.currency,
      revenue: sql<string>`${r.revenue}::numeric(14, 2)`.mapWith(String),
      transactionCount: r.transactionCount,
      averageTransactionValue: sql<string>`round(${r.revenue} / ${r.transactionCount}, 2)::numeric(14, 2)`.mapWith(String),
      payingCustomers: r.payingCustomers,
    })
    .from(r)
    .where(and(gt(r.transactionCount, 0), dashboardFilters(r.month, p, [r.product, p.product], [r.currency, p.currency])))
    .orderBy(asc(r.month), asc(r.product), asc(r.currency));
}

/** @internal The query getMarketingSources runs over the rollup (exported for EXPLAIN tests). */
export function marketingSourcesRollupQuery(db: Database, params: MarketingSourcesParams = {}) {
  const p = parseParams(marketingParams, params);
  const r = marketingSourceRollup;
  return db
    .select({
      acquisitionSource: r.acquisitionSource,
      cohortMonth: r.cohortMonth,
      signups: r.signups,
      payingUsers: r.payingUsers,
      conversionRate: sql<string>`round(100.0 * ${r.payingUsers} / ${r.signups}, 2)::numeric(5, 2)`.mapWith(String),
      avgDaysToFirstPayment: sql<string | null>`case when ${r.payingUsers} > 0 then round(${r.firstPaymentSeconds} / ${r.payingUsers} / 86400, 1)::numeric(9, 1) end`,
    })
    .from(r)
    .where(and(gt(r.signups, 0), dashboardFilters(r.cohortMonth, p, [r.acquisitionSource, p.acquisitionSource])))
    .orderBy(asc(r.acquisitionSource), asc(r.cohortMonth));
}

export interface RefreshedView {
  viewName: string;
  refreshedConcurrently: boolean;
  durationMs: number;
}

/** refresh_dashboard_views(): refreshes the three materialized views (service_role). */
export async function refreshDashboardViews(db: Database): Promise<RefreshedView[]> {
  const rows = await queryRows<{ view_name: string; refreshed_concurrently: boolean; duration_ms: number }>(
    db,
    sql`select view_name, refreshed_concurrently, duration_ms::float8 as duration_ms from public.refresh_dashboard_views()`,
  );
  return rows.map((r) => ({ viewName: r.view_name, refreshedConcurrently: r.refreshed_concurrently, durationMs: Number(r.duration_ms) }));
}

/** Whether the dashboard caches are stale (dashboard_cache_status). */
export async function getDashboardCacheStatus(db: Database) {
  return db.select().from(dashboardCacheStatus).orderBy(asc(dashboardCacheStatus.cacheName));
}

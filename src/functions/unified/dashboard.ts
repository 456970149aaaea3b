import { and, asc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { dashboardCacheStatus } from '../../schema/unified/metrics.js';
import { TRANSACTION_TYPES } from '../../schema/unified/constants.js';
import {
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
};

const enrollmentsParams = z.object({ ...common, courseId: z.uuid({ error: 'must be a uuid' }).optional() }).strict().superRefine(fromBeforeTo);
export type MonthlyEnrollmentsParams = z.input<typeof enrollmentsParams>;

/** Monthly enrollments per course with month-over-month growth (monthly_enrollments_view / _mv). */
export async function getMonthlyEnrollments(db: Database, params: MonthlyEnrollmentsParams = {}): Promise<MonthlyEnrollmentsRow[]> {
  const p = parseParams(enrollmentsParams, params);
  const v = p.materialized ? monthlyEnrollmentsMv : monthlyEnrollmentsView;
  const where: (SQL | undefined)[] = [
    p.from ? gte(v.month, p.from) : undefined,
    p.to ? lte(v.month, p.to) : undefined,
    p.courseId ? eq(v.courseId, p.courseId) : undefined,
  ];
  return db.select().from(v).where(and(...where)).orderBy(asc(v.courseTitle), asc(v.courseId), asc(v.month));
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
  const v = p.materialized ? revenueAnalysisMv : revenueAnalysisView;
  const where: (SQL | undefined)[] = [
    p.from ? gte(v.month, p.from) : undefined,
    p.to ? lte(v.month, p.to) : undefined,
    p.product ? eq(v.product, p.product) : undefined,
    p.currency ? eq(v.currency, p.currency) : undefined,
  ];
  return db.select().from(v).where(and(...where)).orderBy(asc(v.month), asc(v.product), asc(v.currency));
}

const marketingParams = z
  .object({ ...common, acquisitionSource: z.string().min(1, { error: 'must not be empty' }).optional() })
  .strict()
  .superRefine(fromBeforeTo);
export type MarketingSourcesParams = z.input<typeof marketingParams>;

/** Signups, paying users and conversion per acquisition source and monthly cohort (marketing_source_view / _mv). */
export async function getMarketingSources(db: Database, params: MarketingSourcesParams = {}): Promise<MarketingSourceRow[]> {
  const p = parseParams(marketingParams, params);
  const v = p.materialized ? marketingSourceMv : marketingSourceView;
  const where: (SQL | undefined)[] = [
    p.from ? gte(v.cohortMonth, p.from) : undefined,
    p.to ? lte(v.cohortMonth, p.to) : undefined,
    p.acquisitionSource ? eq(v.acquisitionSource, p.acquisitionSource) : undefined,
  ];
  return db.select().from(v).where(and(...where)).orderBy(asc(v.acquisitionSource), asc(v.cohortMonth));
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

import { and, asc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { METRIC_GRANULARITIES, type MetricGranularity } from '../../schema/unified/constants.js';
import { REVENUE_PRODUCTS, type RevenueMetric, revenueMetrics } from '../../schema/unified/metrics.js';
import { MAX_METRIC_PERIODS } from './metrics-sql.js';
import { businessDateParam, businessMonthParam, fromBeforeTo, parseParams } from './params.js';

const enrollmentMetricsParams = z
  .object({
    /** First day (inclusive), YYYY-MM-DD or a Date, in the business time zone. */
    from: businessDateParam,
    /** Last day (inclusive). */
    to: businessDateParam,
    /** One course, or every course when omitted. */
    courseId: z.uuid({ error: 'must be a uuid' }).nullish(),
    granularity: z.enum(METRIC_GRANULARITIES, { error: `must be one of ${METRIC_GRANULARITIES.join(', ')}` }).default('month'),
  })
  .strict()
  .superRefine(fromBeforeTo)
  .superRefine((p, ctx) => {
    const days = (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 + 1;
    const periods = p.granularity === 'day' ? days : p.granularity === 'week' ? days / 7 : days / 28;
    if (periods > MAX_METRIC_PERIODS) ctx.addIssue({ code: 'custom', path: ['to'], message: `range is too long for ${p.granularity} periods (at most ${MAX_METRIC_PERIODS})` });
  });
export type EnrollmentMetricsParams = z.input<typeof enrollmentMetricsParams>;

export interface EnrollmentMetricsRow {
  /** First day of the period (business time zone), YYYY-MM-DD. */
  periodStart: string;
  /** First day after the period. */
  periodEnd: string;
  courseId: string | null;
  newEnrollments: number;
  /** Of the period's new enrollments, those still active. */
  activeEnrollments: number;
  refundedEnrollments: number;
  uniqueStudents: number;
  /** Running total of new enrollments since `from`. */
  cumulativeEnrollments: number;
  granularity: MetricGranularity;
}

/** calculate_enrollment_metrics(from, to, courseId, granularity): one row per period, zeros included. */
export async function calculateEnrollmentMetrics(db: Database, params: EnrollmentMetricsParams): Promise<EnrollmentMetricsRow[]> {
  const p = parseParams(enrollmentMetricsParams, params);
  const rows = await queryRows<{
    period_start: string;
    period_end: string;
    course_id: string | null;
    new_enrollments: number;
    active_enrollments: number;
    refunded_enrollments: number;
    unique_students: number;
    cumulative_enrollments: number;
  }>(
    db,
    sql`select period_start::text, period_end::text, course_id, new_enrollments, active_enrollments, refunded_enrollments, unique_students, cumulative_enrollments
        from public.calculate_enrollment_metrics(${p.from}::date, ${p.to}::date, ${p.courseId ?? null}::uuid, ${p.granularity}::text)`,
  );
  return rows.map((r) => ({
    periodStart: r.period_start,
    periodEnd: r.period_end,
    courseId: r.course_id,
    newEnrollments: Number(r.new_enrollments),
    activeEnrollments: Number(r.active_enrollments),
    refundedEnrollments: Number(r.refunded_enrollments),
    uniqueStudents: Number(r.unique_students),
    cumulativeEnrollments: Number(r.cumulative_enrollments),
    granularity: p.granularity,
  }));
}

/**
 * update_revenue_metrics(): recomputes the revenue KPI cache and returns its rows (service_role).
 * The call and the read run in one transaction, so the rows are the ones just computed.
 */
export async function updateRevenueMetrics(db: Database): Promise<RevenueMetric[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select count(*) from public.update_revenue_metrics()`);
    return tx.select().from(revenueMetrics).orderBy(asc(revenueMetrics.product), asc(revenueMetrics.currency), asc(revenueMetrics.periodStart));
  });
}

const revenueMetricsParams = z
  .object({
    from: businessMonthParam.optional(),
    to: businessMonthParam.optional(),
    product: z.enum(REVENUE_PRODUCTS, { error: `must be one of ${REVENUE_PRODUCTS.join(', ')}` }).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code like PHP' }).optional(),
  })
  .strict()
  .superRefine(fromBeforeTo);
export type RevenueMetricsParams = z.input<typeof revenueMetricsParams>;

/** Reads the revenue KPI cache (revenue_metrics) for a month range, product ('all' or a type) and currency. */
export async function getRevenueMetrics(db: Database, params: RevenueMetricsParams = {}): Promise<RevenueMetric[]> {
  const p = parseParams(revenueMetricsParams, params);
  const where: (SQL | undefined)[] = [
    p.from ? gte(revenueMetrics.periodStart, p.from) : undefined,
    p.to ? lte(revenueMetrics.periodStart, p.to) : undefined,
    p.product ? eq(revenueMetrics.product, p.product) : undefined,
    p.currency ? eq(revenueMetrics.currency, p.currency) : undefined,
  ];
  return db
    .select()
    .from(revenueMetrics)
    .where(and(...where))
    .orderBy(asc(revenueMetrics.product), asc(revenueMetrics.currency), asc(revenueMetrics.periodStart));
}

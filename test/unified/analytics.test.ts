import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { asServiceRole } from '../../src/rls.js';
import { calculateEnrollmentMetrics, getDashboardCacheStatus, getMarketingSources, getMonthlyEnrollments, getMonthlyRevenue, getRevenueMetrics, refreshDashboardViews, updateRevenueMetrics, ValidationError } from '../../src/unified.js';
import { engine, useDatabase } from '../helpers.js';
import { loadAnalyticsFixture } from './analytics-fixture.js';
import { resetUnified } from './fixtures.js';

const t = useDatabase();
let f: Awaited<ReturnType<typeof loadAnalyticsFixture>>;
beforeAll(async () => {
  await resetUnified(t.db);
  f = await loadAnalyticsFixture(t.db);
});

const pick = <T extends object, K extends keyof T>(rows: T[], keys: K[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])) as Pick<T, K>);

describe(`revenue_analysis_view (${engine})`, () => {
  // By hand: only paid/settled money, month of paid_at in Manila; t8 was refunded, pending/failed/expired never count.
  const expected = [
    { month: '2024-01-01', product: 'P2P', currency: 'PHP', revenue: '1000.00', transactionCount: 1, averageTransactionValue: '1000.00', payingCustomers: 1 },
    { month: '2024-02-01', product: 'Canva', currency: 'PHP', revenue: '500.00', transactionCount: 2, averageTransactionValue: '250.00', payingCustomers: 2 },
    { month: '2024-02-01', product: 'P2P', currency: 'PHP', revenue: '1500.00', transactionCount: 1, averageTransactionValue: '1500.00', payingCustomers: 1 },
    { month: '2024-03-01', product: 'Canva', currency: 'PHP', revenue: '250.00', transactionCount: 1, averageTransactionValue: '250.00', payingCustomers: 1 },
    { month: '2024-03-01', product: 'Other', currency: 'USD', revenue: '50.00', transactionCount: 1, averageTransactionValue: '50.00', payingCustomers: 1 },
  ];

  it('equals the hand-computed figures, with business-time-zone month boundaries', async () => {
    expect(await getMonthlyRevenue(t.db)).toEqual(expected);
  });

  it('filters by month range and product', async () => {
    expect(await getMonthlyRevenue(t.db, { from: '2024-02', to: '2024-02-29', product: 'P2P' })).toEqual([expected[2]]);
    // A Date is read as its business-time-zone month: 2024-01-31T20:00Z is February.
    expect(await getMonthlyRevenue(t.db, { from: new Date('2024-01-31T20:00:00Z'), to: '2024-02' })).toEqual(expected.slice(1, 3));
    expect(await getMonthlyRevenue(t.db, { from: '2030-01', to: '2030-12' })).toEqual([]);
  });

  it('validates its parameters with a ValidationError naming the field', async () => {
    const bad: [unknown, string][] = [
      [{ product: 'Ebook' }, 'product'],
      [{ from: '2024-13' }, 'from'],
      [{ from: '2024-02-30' }, 'from'],
      [{ from: '2024-03', to: '2024-01' }, 'to'],
      [{ currency: 'php' }, 'currency'],
      [{ nope: 1 }, 'params'],
    ];
    for (const [params, field] of bad) {
      const error = await getMonthlyRevenue(t.db, params as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe(`monthly_enrollments_view (${engine})`, () => {
  it('equals the hand-computed figures: dense months, growth against the previous calendar month', async () => {
    const rows = await getMonthlyEnrollments(t.db);
    const keys: (keyof (typeof rows)[number])[] = ['month', 'courseTitle', 'enrollments', 'activeEnrollments', 'previousMonthEnrollments', 'growth', 'growthPct'];
    expect(pick(rows, keys)).toEqual([
      { month: '2024-01-01', courseTitle: 'Canva Basics', enrollments: 1, activeEnrollments: 1, previousMonthEnrollments: 0, growth: 1, growthPct: null },
      { month: '2024-02-01', courseTitle: 'Canva Basics', enrollments: 0, activeEnrollments: 0, previousMonthEnrollments: 1, growth: -1, growthPct: '-100.00' },
      { month: '2024-03-01', courseTitle: 'Canva Basics', enrollments: 1, activeEnrollments: 1, previousMonthEnrollments: 0, growth: 1, growthPct: null },
      { month: '2024-04-01', courseTitle: 'Canva Basics', enrollments: 1, activeEnrollments: 1, previousMonthEnrollments: 1, growth: 0, growthPct: '0.00' },
      { month: '2024-01-01', courseTitle: 'Papers to Profits', enrollments: 1, activeEnrollments: 1, previousMonthEnrollments: 0, growth: 1, growthPct: null },
      { month: '2024-02-01', courseTitle: 'Papers to Profits', enrollments: 1, activeEnrollments: 1, previousMonthEnrollments: 1, growth: 0, growthPct: '0.00' },
      { month: '2024-03-01', courseTitle: 'Papers to Profits', enrollments: 1, activeEnrollments: 0, previousMonthEnrollments: 1, growth: 0, growthPct: '0.00' },
      { month: '2024-04-01', courseTitle: 'Papers to Profits', enrollments: 0, activeEnrollments: 0, previousMonthEnrollments: 1, growth: -1, growthPct: '-100.00' },
    ]);
    expect(await getMonthlyEnrollments(t.db, { courseId: f.p2pCourse, from: '2024-02', to: '2024-03' })).toHaveLength(2);
    await expect(getMonthlyEnrollments(t.db, { courseId: 'p2p' })).rejects.toMatchObject({ field: 'courseId' });
  });
});

describe(`marketing_source_view (${engine})`, () => {
  it('equals the hand-computed cohorts and conversion', async () => {
    expect(await getMarketingSources(t.db)).toEqual([
      // u1: signup Jan 10 02:00Z, first payment Jan 15 03:00Z = 5.04 days.
      { acquisitionSource: 'facebook', cohortMonth: '2024-01-01', signups: 1, payingUsers: 1, conversionRate: '100.00', avgDaysToFirstPayment: '5.0' },
      // u2 signed up Feb 1 01:00 Manila, paid 3 hours later.
      { acquisitionSource: 'facebook', cohortMonth: '2024-02-01', signups: 1, payingUsers: 1, conversionRate: '100.00', avgDaysToFirstPayment: '0.1' },
      // u4 (pending, failed) and u5 (expired, blank source) never paid.
      { acquisitionSource: 'unknown', cohortMonth: '2024-03-01', signups: 2, payingUsers: 0, conversionRate: '0.00', avgDaysToFirstPayment: null },
      // u3 paid by email (Canva, no user_id) before the signup date: clamped to 0 days; the refunded P2P does not count.
      { acquisitionSource: 'webinar', cohortMonth: '2024-02-01', signups: 1, payingUsers: 1, conversionRate: '100.00', avgDaysToFirstPayment: '0.0' },
    ]);
    expect(await getMarketingSources(t.db, { acquisitionSource: 'facebook', from: '2024-02' })).toHaveLength(1);
  });
});

describe(`materialized views (${engine})`, () => {
  it('refresh_dashboard_views() makes each MV equal its live view, concurrently once populated', async () => {
    const first = await refreshDashboardViews(t.db);
    expect(first.map((r) => r.viewName)).toEqual(['monthly_enrollments_mv', 'revenue_analysis_mv', 'marketing_source_mv']);
    expect(first.every((r) => r.refreshedConcurrently)).toBe(true); // populated at creation
    expect(await getMonthlyRevenue(t.db, { materialized: true })).toEqual(await getMonthlyRevenue(t.db));
    expect(await getMonthlyEnrollments(t.db, { materialized: true })).toEqual(await getMonthlyEnrollments(t.db));
    expect(await getMarketingSources(t.db, { materialized: true })).toEqual(await getMarketingSources(t.db));
    const status = await getDashboardCacheStatus(t.db);
    expect(status.find((s) => s.cacheName === 'dashboard_views')?.isStale).toBe(false);
  });

  it('an MV keeps its snapshot until refreshed; a refresh picks up the change', async () => {
    await refreshDashboardViews(t.db);
    await t.db.execute(sql`insert into public.transactions (amount, status, transaction_type, contact_email, paid_at) values (1, 'paid', 'Other', 'late@example.com', '2024-05-02T00:00:00Z')`);
    expect(await getMonthlyRevenue(t.db, { from: '2024-05', materialized: true })).toEqual([]);
    expect((await getDashboardCacheStatus(t.db)).every((s) => s.isStale)).toBe(true);
    await refreshDashboardViews(t.db);
    expect(await getMonthlyRevenue(t.db, { from: '2024-05', materialized: true })).toHaveLength(1);
    await t.db.execute(sql`delete from public.transactions where contact_email = 'late@example.com'`);
    await refreshDashboardViews(t.db);
  });

  it('the MVs have a unique index each (required by REFRESH … CONCURRENTLY)', async () => {
    const rows = await queryRows<{ indexname: string }>(t.db, sql`select indexname from pg_indexes where schemaname = 'public' and tablename like '%\\_mv' and indexdef like 'CREATE UNIQUE%' order by 1`);
    expect(rows.map((r) => r.indexname)).toEqual(['marketing_source_mv_key', 'monthly_enrollments_mv_key', 'revenue_analysis_mv_key']);
  });

  it('service_role may refresh and read them', async () => {
    const rows = await asServiceRole(t.db, async (tx) => {
      await tx.execute(sql`select * from public.refresh_dashboard_views()`);
      return queryRows(tx, sql`select * from public.revenue_analysis_mv`);
    });
    expect(rows).toHaveLength(5);
  });
});

describe(`calculate_enrollment_metrics (${engine})`, () => {
  it('monthly over all courses: dense periods, counts and running total', async () => {
    const rows = await calculateEnrollmentMetrics(t.db, { from: '2024-01-01', to: '2024-04-30' });
    expect(pick(rows, ['periodStart', 'periodEnd', 'courseId', 'newEnrollments', 'activeEnrollments', 'refundedEnrollments', 'uniqueStudents', 'cumulativeEnrollments'])).toEqual([
      { periodStart: '2024-01-01', periodEnd: '2024-02-01', courseId: null, newEnrollments: 2, activeEnrollments: 2, refundedEnrollments: 0, uniqueStudents: 1, cumulativeEnrollments: 2 },
      { periodStart: '2024-02-01', periodEnd: '2024-03-01', courseId: null, newEnrollments: 1, activeEnrollments: 1, refundedEnrollments: 0, uniqueStudents: 1, cumulativeEnrollments: 3 },
      { periodStart: '2024-03-01', periodEnd: '2024-04-01', courseId: null, newEnrollments: 2, activeEnrollments: 1, refundedEnrollments: 1, uniqueStudents: 1, cumulativeEnrollments: 5 },
      { periodStart: '2024-04-01', periodEnd: '2024-05-01', courseId: null, newEnrollments: 1, activeEnrollments: 1, refundedEnrollments: 0, uniqueStudents: 1, cumulativeEnrollments: 6 },
    ]);
  });

  it('one course; month boundary in Manila: January excludes the Feb 1 04:00 (Manila) enrollment', async () => {
    const p2p = await calculateEnrollmentMetrics(t.db, { from: '2024-01-01', to: '2024-04-30', courseId: f.p2pCourse });
    expect(p2p.map((r) => [r.newEnrollments, r.refundedEnrollments])).toEqual([[1, 0], [1, 0], [1, 1], [0, 0]]);
    const jan = await calculateEnrollmentMetrics(t.db, { from: '2024-01-01', to: '2024-01-31', courseId: f.p2pCourse });
    expect(jan.map((r) => r.newEnrollments)).toEqual([1]);
  });

  it('day and week granularity', async () => {
    const days = await calculateEnrollmentMetrics(t.db, { from: '2024-03-31', to: '2024-04-01', courseId: f.canvaCourse, granularity: 'day' });
    expect(days.map((r) => [r.periodStart, r.newEnrollments])).toEqual([['2024-03-31', 1], ['2024-04-01', 1]]);
    // Weeks start on Monday: 2024-01-29 holds the 2024-02-01 (Manila) P2P enrollment.
    const weeks = await calculateEnrollmentMetrics(t.db, { from: '2024-01-31', to: '2024-02-06', granularity: 'week' });
    expect(weeks.map((r) => [r.periodStart, r.periodEnd, r.newEnrollments])).toEqual([['2024-01-29', '2024-02-05', 1], ['2024-02-05', '2024-02-12', 0]]);
  });

  it('reads daily / Weekly / MONTHLY as day / week / month in SQL', async () => {
    for (const [given, expected] of [['daily', 3], ['Weekly', 1], [' MONTHLY ', 1], ['Day', 3]] as const) {
      const rows = await queryRows(t.db, sql`select * from public.calculate_enrollment_metrics('2024-02-01', '2024-02-03', null, ${given})`);
      expect(rows, given).toHaveLength(expected);
    }
  });

  it('an empty range returns its periods with zeros', async () => {
    const rows = await calculateEnrollmentMetrics(t.db, { from: '2020-01-01', to: '2020-03-31' });
    expect(rows.map((r) => [r.periodStart, r.newEnrollments, r.cumulativeEnrollments])).toEqual([['2020-01-01', 0, 0], ['2020-02-01', 0, 0], ['2020-03-01', 0, 0]]);
  });

  it('rejects bad parameters in TS (ValidationError) and in SQL (clear errors)', async () => {
    await expect(calculateEnrollmentMetrics(t.db, { from: '2024-02-01', to: '2024-01-01' })).rejects.toMatchObject({ field: 'to' });
    await expect(calculateEnrollmentMetrics(t.db, { from: '2024-01-01', to: '2024-02-01', granularity: 'year' as never })).rejects.toMatchObject({ field: 'granularity' });
    await expect(calculateEnrollmentMetrics(t.db, { from: '1900-01-01', to: '2024-02-01', granularity: 'day' })).rejects.toMatchObject({ field: 'to' });
    const sqlError = (q: ReturnType<typeof sql>) => queryRows(t.db, q).then(() => '', (e: unknown) => String((e as Error).cause ?? e));
    expect(await sqlError(sql`select * from public.calculate_enrollment_metrics('2024-02-01', '2024-01-01')`)).toMatch(/p_end \(2024-01-01\) is before p_start/);
    expect(await sqlError(sql`select * from public.calculate_enrollment_metrics('2024-01-01', '2024-02-01', null, 'year')`)).toMatch(/p_granularity must be one of day, week, month/);
  });
});

describe(`update_revenue_metrics (${engine})`, () => {
  it('computes monthly KPIs with the previous month and the change, cached for the dashboard', async () => {
    const all = await updateRevenueMetrics(t.db);
    expect(all.length).toBeGreaterThan(0);
    const fields = ['periodStart', 'revenue', 'transactionCount', 'averageValue', 'payingCustomers', 'previousRevenue', 'revenueChange', 'revenueChangePct', 'previousTransactionCount', 'transactionCountChange'] as const;
    const q1 = { from: '2024-01', to: '2024-04' };
    expect(pick(await getRevenueMetrics(t.db, { ...q1, product: 'all', currency: 'PHP' }), [...fields])).toEqual([
      { periodStart: '2024-01-01', revenue: '1000.00', transactionCount: 1, averageValue: '1000.00', payingCustomers: 1, previousRevenue: '0.00', revenueChange: '1000.00', revenueChangePct: null, previousTransactionCount: 0, transactionCountChange: 1 },
      { periodStart: '2024-02-01', revenue: '2000.00', transactionCount: 3, averageValue: '666.67', payingCustomers: 3, previousRevenue: '1000.00', revenueChange: '1000.00', revenueChangePct: '100.00', previousTransactionCount: 1, transactionCountChange: 2 },
      { periodStart: '2024-03-01', revenue: '250.00', transactionCount: 1, averageValue: '250.00', payingCustomers: 1, previousRevenue: '2000.00', revenueChange: '-1750.00', revenueChangePct: '-87.50', previousTransactionCount: 3, transactionCountChange: -2 },
      { periodStart: '2024-04-01', revenue: '0.00', transactionCount: 0, averageValue: null, payingCustomers: 0, previousRevenue: '250.00', revenueChange: '-250.00', revenueChangePct: '-100.00', previousTransactionCount: 1, transactionCountChange: -1 },
    ]);
    const p2p = await getRevenueMetrics(t.db, { ...q1, product: 'P2P' });
    expect(p2p.map((r) => [r.periodStart, r.revenue, r.revenueChangePct])).toEqual([
      ['2024-01-01', '1000.00', null],
      ['2024-02-01', '1500.00', '50.00'],
      ['2024-03-01', '0.00', '-100.00'],
      ['2024-04-01', '0.00', null],
    ]);
    const canva = await getRevenueMetrics(t.db, { ...q1, product: 'Canva' });
    expect(canva.map((r) => [r.periodStart, r.revenue, r.revenueChangePct])).toEqual([
      ['2024-02-01', '500.00', null],
      ['2024-03-01', '250.00', '-50.00'],
      ['2024-04-01', '0.00', '-100.00'],
    ]);
    // Currencies never add up: USD has its own rows.
    expect((await getRevenueMetrics(t.db, { ...q1, product: 'all', currency: 'USD' })).map((r) => [r.periodStart, r.revenue])).toEqual([
      ['2024-03-01', '50.00'],
      ['2024-04-01', '0.00'],
    ]);
    // Dense up to the current business month.
    const months = (await getRevenueMetrics(t.db, { product: 'all', currency: 'PHP' })).map((r) => r.periodStart);
    const now = new Date();
    expect(months.at(-1)).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Manila', year: 'numeric', month: '2-digit' }).format(now) + '-01');
    expect((await getDashboardCacheStatus(t.db)).find((s) => s.cacheName === 'revenue_metrics')?.isStale).toBe(false);
  });
});

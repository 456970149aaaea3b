import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { calculateEnrollmentMetrics, getMarketingSources, getMonthlyEnrollments, getMonthlyRevenue, getRevenueMetrics, refreshDashboardViews, updateRevenueMetrics } from '../../src/unified.js';
import { engine, useDatabase } from '../helpers.js';
import { resetUnified } from './fixtures.js';

const t = useDatabase();
beforeAll(async () => resetUnified(t.db));

describe(`unified on empty data (${engine})`, () => {
  it('views and materialized views return no rows', async () => {
    await refreshDashboardViews(t.db);
    for (const materialized of [false, true]) {
      expect(await getMonthlyEnrollments(t.db, { materialized })).toEqual([]);
      expect(await getMonthlyRevenue(t.db, { materialized })).toEqual([]);
      expect(await getMarketingSources(t.db, { materialized })).toEqual([]);
    }
  });

  it('update_revenue_metrics writes nothing and clears the stale flag', async () => {
    expect(await updateRevenueMetrics(t.db)).toEqual([]);
    expect(await getRevenueMetrics(t.db)).toEqual([]);
    const [row] = await queryRows<{ is_stale: boolean }>(t.db, sql`select is_stale from public.dashboard_cache_status where cache_name = 'revenue_metrics'`);
    expect(row!.is_stale).toBe(false);
  });

  it('calculate_enrollment_metrics returns zero periods', async () => {
    const rows = await calculateEnrollmentMetrics(t.db, { from: '2024-01-01', to: '2024-01-03', granularity: 'day' });
    expect(rows.map((r) => [r.periodStart, r.newEnrollments, r.uniqueStudents])).toEqual([
      ['2024-01-01', 0, 0],
      ['2024-01-02', 0, 0],
      ['2024-01-03', 0, 0],
    ]);
  });

  it('sync_profile_data with empty arrays counts nothing', async () => {
    const [row] = await queryRows(t.db, sql`select * from public.sync_profile_data('[]'::jsonb, '[]'::jsonb)`);
    expect(row).toEqual({ inserted: 0, updated: 0, unchanged: 0, skipped: 0, users_created: 0, transactions_linked: 0 });
  });
});

import type { PgTable } from 'drizzle-orm/pg-core';
import { defineDefinerTriggerFunction, defineTrigger } from '../define.js';

/**
 * Statement trigger function: marks the dashboard caches that read the changed table stale
 * (transactions: dashboard views and revenue metrics; enrollments, profiles: dashboard views).
 * `AND NOT is_stale` keeps it a read once the flag is set: concurrent writers do not queue on the row.
 */
export const markDashboardCachesStale = defineDefinerTriggerFunction('public.mark_dashboard_caches_stale()', {
  body: `
BEGIN
  UPDATE public.dashboard_cache_status s
     SET is_stale = true, stale_since = now()
   WHERE NOT s.is_stale
     AND (s.cache_name = 'dashboard_views' OR (s.cache_name = 'revenue_metrics' AND TG_TABLE_NAME = 'transactions'));
  RETURN NULL;
END`,
});

/**
 * The statement trigger that marks the dashboard caches stale when `table` changes; declared beside
 * each table (src/schema/unified/*.sql.ts).
 */
export function markCachesStaleTrigger(table: PgTable, name: string, events: ('insert' | 'update' | 'delete' | 'truncate')[]) {
  return defineTrigger({ name, table, timing: 'after', events, forEach: 'statement', function: markDashboardCachesStale });
}

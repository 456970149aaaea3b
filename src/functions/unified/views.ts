import { getMaterializedViewConfig } from 'drizzle-orm/pg-core';
import { DASHBOARD_MATERIALIZED_VIEWS } from '../../views/unified.js';
import { sqlList } from '../../schema/_shared/index.js';
import { defineDefinerFunction } from '../define.js';

/**
 * Refreshes the three dashboard materialized views: CONCURRENTLY (readers are never blocked) when
 * the view is populated, a plain REFRESH the first time. Clears the `dashboard_views` stale flag
 * unless a writer marked it stale after this refresh began. SECURITY DEFINER because REFRESH
 * requires ownership; executable by service_role only.
 */
export const refreshDashboardViewsFn = defineDefinerFunction('public.refresh_dashboard_views() RETURNS table (view_name text, refreshed_concurrently boolean, duration_ms numeric)', { grantExecute: ['service_role'],
  comment: 'Refreshes monthly_enrollments_mv, revenue_analysis_mv and marketing_source_mv (CONCURRENTLY once populated).',
  body: `
DECLARE
  v_name text;
  v_started timestamptz;
  v_begin timestamptz := clock_timestamp();
  v_populated boolean;
BEGIN
  FOREACH v_name IN ARRAY ARRAY[${sqlList(DASHBOARD_MATERIALIZED_VIEWS.map((v) => getMaterializedViewConfig(v.mv).name))}] LOOP
    v_started := clock_timestamp();
    SELECT c.relispopulated INTO v_populated FROM pg_catalog.pg_class c WHERE c.oid = ('public.' || v_name)::regclass;
    IF v_populated THEN
      EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY public.%I', v_name);
    ELSE
      EXECUTE format('REFRESH MATERIALIZED VIEW public.%I', v_name);
    END IF;
    view_name := v_name;
    refreshed_concurrently := v_populated;
    duration_ms := round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1);
    RETURN NEXT;
  END LOOP;
  UPDATE public.dashboard_cache_status s
     SET is_stale = false, stale_since = NULL, refreshed_at = now()
   WHERE s.cache_name = 'dashboard_views' AND (s.stale_since IS NULL OR s.stale_since <= v_begin);
END`,
});

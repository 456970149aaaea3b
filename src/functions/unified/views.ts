import { DASHBOARD_MATERIALIZED_VIEWS } from '../../views/unified.js';
import { DEFINER_ROLE, defineFunction, defineSql } from '../define.js';

const mvs = DASHBOARD_MATERIALIZED_VIEWS.map((v) => `public.${v.name}`).join(', ');
const views = DASHBOARD_MATERIALIZED_VIEWS.map((v) => `public.${v.view}`).join(', ');

/**
 * The unique index of each materialized view: REFRESH … CONCURRENTLY requires one, and it also
 * serves the dashboard's reads (course/product/source, then month). Re-applied after every
 * drizzle-kit migration, since a changed MV is dropped and re-created without its indexes.
 */
export const dashboardMvIndexes = defineSql({
  key: 'unique indexes of the dashboard materialized views',
  reapply: true,
  create: DASHBOARD_MATERIALIZED_VIEWS.map((v) => `CREATE UNIQUE INDEX IF NOT EXISTS ${v.name}_key ON public.${v.name} (${v.key.join(', ')})`),
  drop: DASHBOARD_MATERIALIZED_VIEWS.map((v) => `DROP INDEX IF EXISTS public.${v.name}_key`),
});

/**
 * Live views: readable by authenticated (security_invoker, so RLS narrows a user to their own rows
 * and lets admins see everything) and service_role. Materialized views cannot carry RLS, so only
 * service_role (and the owner) may read them; anon and authenticated are revoked explicitly because
 * Supabase's default privileges grant every new relation in public to them.
 */
export const dashboardViewGrants = defineSql({
  key: 'grants on unified views',
  reapply: true,
  create: [
    `REVOKE ALL ON ${views} FROM PUBLIC, anon, authenticated`,
    `GRANT SELECT ON ${views} TO authenticated, service_role`,
    `REVOKE ALL ON ${mvs} FROM PUBLIC, anon, authenticated`,
    `GRANT SELECT ON ${mvs} TO service_role`,
  ],
  drop: [`REVOKE ALL ON ${views}, ${mvs} FROM anon, authenticated, service_role`],
});

/**
 * Refreshes the three dashboard materialized views: CONCURRENTLY (readers are never blocked) when
 * the view is populated, a plain REFRESH the first time. Clears the `dashboard_views` stale flag
 * unless a writer marked it stale after this refresh began. SECURITY DEFINER because REFRESH
 * requires ownership; executable by service_role only.
 */
export const refreshDashboardViewsFn = defineFunction({
  schema: 'public',
  name: 'refresh_dashboard_views',
  returns: 'table (view_name text, refreshed_concurrently boolean, duration_ms numeric)',
  language: 'plpgsql',
  security: 'definer',
  owner: DEFINER_ROLE,
  searchPath: '',
  grantExecute: ['service_role'],
  comment: 'Refreshes monthly_enrollments_mv, revenue_analysis_mv and marketing_source_mv (CONCURRENTLY once populated).',
  body: `
DECLARE
  v_name text;
  v_started timestamptz;
  v_begin timestamptz := clock_timestamp();
  v_populated boolean;
BEGIN
  FOREACH v_name IN ARRAY ARRAY[${DASHBOARD_MATERIALIZED_VIEWS.map((v) => `'${v.name}'`).join(', ')}] LOOP
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

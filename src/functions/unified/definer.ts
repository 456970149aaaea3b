import { DASHBOARD_MATERIALIZED_VIEWS } from '../../views/unified.js';
import { DEFINER_AUTH_USAGE, DEFINER_ROLE, defineSql, qualifiedTableName } from '../define.js';

const mvs = DASHBOARD_MATERIALIZED_VIEWS.map((v) => qualifiedTableName(v.mv));
const mvViews = DASHBOARD_MATERIALIZED_VIEWS.map((v) => qualifiedTableName(v.view));

/**
 * What the unified domain's SECURITY DEFINER functions do, granted to their owner `DEFINER_ROLE` and
 * nothing more (its RLS policies are beside the tables: "the definer role acts for the package's
 * functions"; the grants below are what limits it):
 * - handle_transactions_inserted, handle_transactions_updated: read courses and profiles, write enrollments
 *   and admin notifications;
 * - mark_dashboard_caches_stale, log_profile_update: the cache status row, the profile audit log;
 * - sync_profile_data: reads and writes profiles, links transactions, creates auth users (below);
 * - refresh_dashboard_views: owns the dashboard materialized views (REFRESH needs ownership), so it
 *   reads what they read; update_revenue_metrics: rewrites revenue_metrics.
 * CREATE on schema public: PostgreSQL requires it of a function's new owner. Re-applied after every
 * drizzle-kit migration: a materialized view drizzle-kit re-creates comes back owned by the migrator.
 */
export const unifiedDefinerRights = defineSql({
  key: 'unified definer role rights',
  reapply: true,
  create: [
    `GRANT USAGE, CREATE ON SCHEMA public TO ${DEFINER_ROLE}`,
    DEFINER_AUTH_USAGE,
    `GRANT SELECT ON public.courses, public.unified_profiles, public.transactions, public.enrollments, public.leads, ${mvViews.join(', ')} TO ${DEFINER_ROLE}`,
    `GRANT INSERT, UPDATE ON public.enrollments, public.unified_profiles TO ${DEFINER_ROLE}`,
    `GRANT UPDATE (user_id) ON public.transactions TO ${DEFINER_ROLE}`,
    `GRANT INSERT ON public.admin_notifications, public.profile_audit_log TO ${DEFINER_ROLE}`,
    `GRANT SELECT, UPDATE ON public.dashboard_cache_status TO ${DEFINER_ROLE}`,
    `GRANT SELECT, INSERT, DELETE ON public.revenue_metrics TO ${DEFINER_ROLE}`,
    `GRANT EXECUTE ON FUNCTION public.sync_profile_merge(jsonb, jsonb) TO ${DEFINER_ROLE}`,
    // auth users: on Supabase auth.users belongs to supabase_auth_admin; the grant is made where the
    // migrating role may make it, otherwise sync_profile_data cannot create missing users there (warned)
    `DO $definer$
BEGIN
  IF has_table_privilege(current_user, 'auth.users', 'SELECT WITH GRANT OPTION')
     AND has_table_privilege(current_user, 'auth.users', 'INSERT WITH GRANT OPTION') THEN
    GRANT SELECT, INSERT ON auth.users TO ${DEFINER_ROLE};
  ELSE
    RAISE WARNING 'the migrating role cannot grant INSERT on auth.users to ${DEFINER_ROLE}: sync_profile_data(create_missing_users => true) will be refused on this database';
  END IF;
END
$definer$`,
    ...mvs.map((mv) => `ALTER MATERIALIZED VIEW ${mv} OWNER TO ${DEFINER_ROLE}`),
  ],
  drop: [
    ...mvs.map((mv) => `ALTER MATERIALIZED VIEW ${mv} OWNER TO CURRENT_USER`),
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${DEFINER_ROLE}`,
    `REVOKE ALL ON SCHEMA public FROM ${DEFINER_ROLE}`,
  ],
});

import { getTableName } from 'drizzle-orm';
import {
  affiliates,
  BUSINESS_TIME_ZONE,
  courses,
  DASHBOARD_CACHES,
  enrollments,
  membershipLevels,
  OWN_PROFILE_UPDATE_COLUMNS,
  P2P_COURSE,
  sqlList,
  sqlLiteral,
  transactions,
  unifiedProfiles,
} from '../../schema/unified/index.js';
import { defineFunction, defineSql, defineTrigger } from '../define.js';

/**
 * The business time zone in SQL (IMMUTABLE, inlined by the planner). Rendered from
 * BUSINESS_TIME_ZONE: change the constant and run db:generate, never edit it in the database.
 */
export const businessTimeZone = defineFunction({
  schema: 'public',
  name: 'business_time_zone',
  returns: 'text',
  language: 'sql',
  volatility: 'immutable',
  parallel: 'safe',
  searchPath: '',
  phase: 'pre',
  body: `SELECT ${sqlLiteral(BUSINESS_TIME_ZONE)}::text`,
  comment: 'The business time zone of every calendar bucket (months, weeks, days). Declared in src/schema/unified/constants.ts (BUSINESS_TIME_ZONE).',
});

/**
 * Whether the caller is an admin: an authenticated JWT whose `app_metadata.role` is `admin`.
 * app_metadata is writable only with the service role (users edit user_metadata), so a user
 * cannot grant it to themselves. Policies call it as `(select public.is_admin())`.
 */
export const isAdmin = defineFunction({
  schema: 'public',
  name: 'is_admin',
  returns: 'boolean',
  language: 'sql',
  volatility: 'stable',
  parallel: 'safe',
  searchPath: '',
  phase: 'pre',
  body: `SELECT coalesce((SELECT auth.jwt()) -> 'app_metadata' ->> 'role', '') = 'admin'`,
  grantExecute: ['authenticated', 'service_role'],
  comment: "True when the JWT claims carry app_metadata.role = 'admin' (set by the service role only).",
});

/** BEFORE UPDATE: keeps updated_at current on every unified table that has one. */
export const touchUpdatedAt = defineFunction({
  schema: 'public',
  name: 'unified_touch_updated_at',
  returns: 'trigger',
  language: 'plpgsql',
  searchPath: '',
  body: `
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END`,
});

const touchedTables = [unifiedProfiles, transactions, enrollments, courses, membershipLevels, affiliates];
export const touchTriggers = touchedTables.map((table) =>
  defineTrigger({
    name: `${getTableName(table)}_touch_updated_at`,
    table,
    timing: 'before',
    events: ['update'],
    forEach: 'row',
    function: touchUpdatedAt,
  }),
);

const tables = [
  'unified_profiles',
  'transactions',
  'enrollments',
  'courses',
  'membership_levels',
  'affiliates',
  'profile_audit_log',
  'admin_notifications',
  'revenue_metrics',
  'dashboard_cache_status',
].map((t) => `public.${t}`);

/**
 * Table privileges. First REVOKE ALL from anon and authenticated: Supabase's default privileges
 * grant ALL on new public tables to both, which would defeat the column-level UPDATE grant.
 * authenticated then reads what RLS lets it see and updates only its own contact fields.
 */
export const unifiedTableGrants = defineSql({
  key: 'grants on unified tables',
  reapply: true,
  create: [
    `REVOKE ALL ON ${tables.join(', ')} FROM PUBLIC, anon, authenticated`,
    `GRANT ALL ON ${tables.join(', ')} TO service_role`,
    `GRANT SELECT ON ${tables.join(', ')} TO authenticated`,
    `GRANT UPDATE (${OWN_PROFILE_UPDATE_COLUMNS.join(', ')}) ON public.unified_profiles TO authenticated`,
  ],
  drop: [`REVOKE ALL ON ${tables.join(', ')} FROM anon, authenticated, service_role`],
});

/** Reference rows: the P2P course (paid P2P transactions enroll into it) and one status row per cache. */
export const unifiedSeed = defineSql({
  key: 'unified reference rows',
  create: [
    `INSERT INTO public.courses (slug, title, transaction_type) VALUES (${sqlLiteral(P2P_COURSE.slug)}, ${sqlLiteral(P2P_COURSE.title)}, ${sqlLiteral(P2P_COURSE.transactionType)}) ON CONFLICT DO NOTHING`,
    `INSERT INTO public.dashboard_cache_status (cache_name) SELECT unnest(ARRAY[${sqlList(DASHBOARD_CACHES)}]) ON CONFLICT DO NOTHING`,
  ],
});

import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { BUSINESS_TIME_ZONE } from '../../schema/unified/constants.js';
import { sqlLiteral } from '../../schema/_shared/index.js';
import { defineFunction, defineTrigger, defineTriggerFunction } from '../define.js';

/**
 * `<schema>.business_time_zone()`: a domain's business time zone in SQL (IMMUTABLE, inlined by the
 * planner; a `pre` object, since defaults and views call it). Rendered from the domain's constant:
 * change the constant and run db:generate, never edit it in the database.
 */
export function defineBusinessTimeZone(def: { schema: string; zone: string; comment: string; grantExecute?: readonly string[] }) {
  return defineFunction(`${def.schema}.business_time_zone() RETURNS text`, { language: 'sql', volatility: 'immutable', parallel: 'safe', searchPath: '', phase: 'pre',
    body: `SELECT ${sqlLiteral(def.zone)}::text`,
    ...(def.grantExecute ? { grantExecute: def.grantExecute } : {}),
    comment: def.comment,
  });
}

/** The unified business time zone (BUSINESS_TIME_ZONE). */
export const businessTimeZone = defineBusinessTimeZone({
  schema: 'public',
  zone: BUSINESS_TIME_ZONE,
  comment: 'The business time zone of every calendar bucket (months, weeks, days). Declared in src/schema/unified/constants.ts (BUSINESS_TIME_ZONE).',
});

/**
 * Whether the caller is an admin: an authenticated JWT whose `app_metadata.role` is `admin`.
 * app_metadata is writable only with the service role (users edit user_metadata), so a user
 * cannot grant it to themselves. Policies call it as `(select public.is_admin())`.
 */
export const isAdmin = defineFunction('public.is_admin() RETURNS boolean', { language: 'sql', volatility: 'stable', parallel: 'safe', searchPath: '', phase: 'pre', grantExecute: ['authenticated', 'service_role'],
  body: `SELECT coalesce((SELECT auth.jwt()) -> 'app_metadata' ->> 'role', '') = 'admin'`,
  comment: "True when the JWT claims carry app_metadata.role = 'admin' (set by the service role only).",
});

/** BEFORE UPDATE: keeps updated_at current on every unified table that has one. */
export const touchUpdatedAt = defineTriggerFunction('public.unified_touch_updated_at()', {
  body: `
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END`,
});

/** The BEFORE UPDATE trigger that keeps `table.updated_at` current; declared beside each table (src/schema/unified/*.sql.ts). */
export function touchTrigger(table: PgTable) {
  return defineTrigger({
    name: `${getTableName(table)}_touch_updated_at`,
    table,
    timing: 'before',
    events: ['update'],
    forEach: 'row',
    function: touchUpdatedAt,
  });
}

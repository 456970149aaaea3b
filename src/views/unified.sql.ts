// SQL objects of the dashboard views (docs/conventions.md, "SQL objects bound to their table"):
// the materialized views' unique indexes and the views' grants, over the view objects.
import { getMaterializedViewConfig } from 'drizzle-orm/pg-core';
import { defineSql, qualifiedTableName, qualifiedTableNames } from '../functions/define.js';
import { DASHBOARD_MATERIALIZED_VIEWS } from './unified.js';

const mvs = qualifiedTableNames(DASHBOARD_MATERIALIZED_VIEWS.map((v) => v.mv));
const views = qualifiedTableNames(DASHBOARD_MATERIALIZED_VIEWS.map((v) => v.view));

/**
 * The unique index of each materialized view: REFRESH … CONCURRENTLY requires one, and it also
 * serves the dashboard's reads (course/product/source, then month). Re-applied after every
 * drizzle-kit migration, since a changed MV is dropped and re-created without its indexes.
 */
export const dashboardMvIndexes = defineSql({
  key: 'unique indexes of the dashboard materialized views',
  reapply: true,
  create: DASHBOARD_MATERIALIZED_VIEWS.map(
    (v) => `CREATE UNIQUE INDEX IF NOT EXISTS ${getMaterializedViewConfig(v.mv).name}_key ON ${qualifiedTableName(v.mv)} (${v.key.join(', ')})`,
  ),
  drop: DASHBOARD_MATERIALIZED_VIEWS.map((v) => `DROP INDEX IF EXISTS ${qualifiedTableName(v.mv)}_key`),
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

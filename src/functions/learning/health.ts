import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../db.js';
import { defineFunction, defineSql, MONITOR_ROLE } from '../define.js';

/**
 * Database health as JSON (doc 004, database_health_check), service_role only. SECURITY DEFINER,
 * owned by the monitor role (a member of pg_read_all_stats, no table privilege), so that
 * pg_stat_activity counts every session, not only the caller's; it returns numbers only.
 * Each section is computed on its own and becomes null where the engine lacks what it reads
 * (PGlite has no statistics collector views to speak of): nothing raises.
 * Fixed from the doc: table sizes and index usage cover schema `learning` (the doc read `public`),
 * keys are schema-qualified (json_object_agg keys must be unique), and index usage is per table
 * from pg_stat_user_tables: the doc read seq_scan from pg_stat_user_indexes, which has none.
 */
/** The monitor role may own a function in schema learning (ALTER … OWNER TO needs the new owner's CREATE). */
export const monitorSchema = defineSql({
  key: 'monitor role schema learning',
  create: [`GRANT USAGE, CREATE ON SCHEMA learning TO ${MONITOR_ROLE}`],
  drop: [`REVOKE ALL ON SCHEMA learning FROM ${MONITOR_ROLE}`],
});

export const databaseHealthCheckFn = defineFunction('learning.database_health_check() RETURNS json', { language: 'plpgsql', volatility: 'volatile', security: 'definer', owner: MONITOR_ROLE, searchPath: '', grantExecute: ['service_role'],
  comment: 'Database size, active and slow (>30 s) queries, sizes of the learning tables, index usage per learning table; null where unavailable.',
  body: `
DECLARE
  v_size bigint;
  v_active bigint;
  v_slow bigint;
  v_tables json;
  v_indexes json;
BEGIN
  BEGIN
    v_size := pg_catalog.pg_database_size(pg_catalog.current_database());
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_size := NULL;
  END;
  BEGIN
    SELECT count(*) FILTER (WHERE a.state = 'active'),
           count(*) FILTER (WHERE a.state = 'active' AND a.query_start < now() - interval '30 seconds')
      INTO v_active, v_slow
      FROM pg_catalog.pg_stat_activity a
     WHERE a.datname = pg_catalog.current_database();
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_active := NULL; v_slow := NULL;
  END;
  BEGIN
    SELECT json_object_agg(format('%I.%I', t.schemaname, t.tablename), pg_catalog.pg_total_relation_size(format('%I.%I', t.schemaname, t.tablename)::regclass))
      INTO v_tables
      FROM pg_catalog.pg_tables t
     WHERE t.schemaname = 'learning';
    v_tables := coalesce(v_tables, '{}'::json);
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_tables := NULL;
  END;
  BEGIN
    SELECT json_object_agg(format('%I.%I', s.schemaname, s.relname), round(100.0 * s.idx_scan / (s.seq_scan + s.idx_scan), 2))
      INTO v_indexes
      FROM pg_catalog.pg_stat_user_tables s
     WHERE s.schemaname = 'learning' AND coalesce(s.seq_scan, 0) + coalesce(s.idx_scan, 0) > 0;
    v_indexes := coalesce(v_indexes, '{}'::json);
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_indexes := NULL;
  END;
  RETURN json_build_object(
    'timestamp', now(),
    'database_size', v_size,
    'active_connections', v_active,
    'slow_queries', v_slow,
    'table_sizes', v_tables,
    'index_usage', v_indexes
  );
END`,
});

export interface DatabaseHealth {
  timestamp: string;
  database_size: number | null;
  active_connections: number | null;
  slow_queries: number | null;
  table_sizes: Record<string, number> | null;
  index_usage: Record<string, number> | null;
}

/** learning.database_health_check() (service_role, or the owner). */
export async function databaseHealthCheck(db: Pick<Database, 'execute'>): Promise<DatabaseHealth> {
  const [row] = await queryRows<{ h: DatabaseHealth | string }>(db, sql`select learning.database_health_check() as h`);
  const h = row!.h;
  return (typeof h === 'string' ? JSON.parse(h) : h) as DatabaseHealth;
}

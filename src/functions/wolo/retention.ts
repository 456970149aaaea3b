import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput } from '../../errors.js';
import { isStorableDate, STORABLE_DATE_MESSAGE } from '../../schema/_shared/index.js';
import { forgottenEmail } from '../../schema/wolo/constants.js';
import { defineFunction } from '../define.js';
import { woloSqlState as uw } from './errors.js';

type Db = Pick<Database, 'execute'>;

/**
 * Retention periods (doc 003 §6). A row is purged once it is strictly older than its period: a row
 * exactly at the limit stays. Financial rows go last-referenced-first (refunds before donations) and
 * a donation still referenced (refund, webhook event, points conversion) is kept.
 */
/** A deleted account (users.deleted_at) is forgotten (wolo.forget_user) once this long has passed. */
export const DELETED_USER_GRACE = '30 days';

export const RETENTION_RULES = [
  { table: 'user_sessions', column: 'created_at', period: '90 days', keep: null },
  { table: 'analytics_events', column: 'timestamp', period: '2 years', keep: null },
  { table: 'audit_logs', column: 'timestamp', period: '5 years', keep: null },
  { table: 'refunds', column: 'created_at', period: '7 years', keep: null },
  // A paid donation's payment history and the points applied to it: financial rows of their own,
  // purged before the donations, which they reference (RESTRICT) and would otherwise keep forever.
  { table: 'wave_webhook_events', column: 'created_at', period: '7 years', keep: null },
  { table: 'points_conversions', column: 'created_at', period: '7 years', keep: null },
  {
    table: 'donations',
    column: 'initiated_at',
    period: '7 years',
    keep: 'EXISTS (SELECT 1 FROM wolo.refunds r WHERE r.donation_id = x.id) OR EXISTS (SELECT 1 FROM wolo.wave_webhook_events w WHERE w.donation_id = x.id) OR EXISTS (SELECT 1 FROM wolo.points_conversions c WHERE c.donation_id = x.id)',
  },
  { table: 'partner_settlements', column: 'created_at', period: '7 years', keep: null },
  { table: 'points_ledger', column: 'created_at', period: '7 years', keep: null },
] as const;

const blocks = RETENTION_RULES.map(
  (r) => `
  n_total := 0;
  LOOP
    DELETE FROM wolo.${r.table} d WHERE d.id IN (
      SELECT x.id FROM wolo.${r.table} x
      WHERE x.${r.column} < purge_expired_data.now - interval '${r.period}'${r.keep ? ` AND NOT (${r.keep})` : ''}
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := '${r.table}'; deleted := n_total; RETURN NEXT;`,
).join('\n');

/**
 * Deletes what has outlived its retention period, in batches of batch_size rows (each batch a
 * short DELETE by id, so a large table is never scanned and locked in one statement); returns one
 * row per table with the number deleted. service_role only.
 */
export const purgeExpiredDataFn = defineFunction('wolo.purge_expired_data(now timestamptz DEFAULT now(), batch_size integer DEFAULT 1000) RETURNS table(table_name text, deleted bigint)', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
DECLARE
  n bigint;
  n_total bigint;
  v_user uuid;
BEGIN
  IF purge_expired_data.now IS NULL OR purge_expired_data.batch_size IS NULL OR purge_expired_data.batch_size < 1 THEN
    RAISE EXCEPTION 'now and a positive batch_size are required' USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'batch_size';
  END IF;
${blocks}
  -- Deleted accounts: forgotten 30 days after deleted_at (once: a forgotten account has no phone and a placeholder email).
  n_total := 0;
  FOR v_user IN
    SELECT u.id FROM wolo.users u
    WHERE u.deleted_at < purge_expired_data.now - interval '${DELETED_USER_GRACE}'
      AND NOT (u.phone IS NULL AND u.email = ${forgottenEmail('u.id')})
    ORDER BY u.deleted_at
  LOOP
    PERFORM wolo.forget_user(v_user);
    n_total := n_total + 1;
  END LOOP;
  table_name := 'users (forgotten)'; deleted := n_total; RETURN NEXT;
END`,
  comment: 'Retention (doc 003 §6): deletes sessions > 90 days, analytics events > 2 years, audit logs > 5 years, financial rows > 7 years, in batches; forgets accounts deleted > 30 days ago. service_role only.',
});

const purgeSchema = z.object({ now: z.date().refine(isStorableDate, STORABLE_DATE_MESSAGE).optional(), batchSize: z.number().int().min(1).max(100_000).optional() });
export type PurgeExpiredDataInput = z.input<typeof purgeSchema>;

/** Runs the retention purge; returns the number of rows deleted per table. */
export async function purgeExpiredData(db: Db, input: PurgeExpiredDataInput = {}): Promise<Record<string, number>> {
  const v = parseInput(purgeSchema, input);
  const rows = await queryRows<{ table_name: string; deleted: string | number }>(
    db,
    sql`select table_name, deleted from wolo.purge_expired_data(coalesce(${v.now ? v.now.toISOString() : null}::timestamptz, now()), ${v.batchSize ?? 1000}::int)`,
  );
  return Object.fromEntries(rows.map((r) => [r.table_name, Number(r.deleted)]));
}

export const retentionObjects = [purgeExpiredDataFn];

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput } from '../../errors.js';
import { isStorableDate, STORABLE_DATE_MESSAGE } from '../../schema/_shared/index.js';
import { defineFunction } from '../define.js';

type Db = Pick<Database, 'execute'>;

/** Opens the scheduled pots whose scheduled_open_at has come (the lifecycle trigger stamps actual_opened_at). */
export const openDuePotsFn = defineFunction('wolo.open_due_pots(now timestamptz DEFAULT now()) RETURNS integer', { language: 'sql', searchPath: '', grantExecute: ['service_role'],
  body: `
WITH opened AS (
  UPDATE wolo.pots p SET status = 'open', actual_opened_at = open_due_pots.now
  WHERE p.status = 'scheduled' AND p.scheduled_open_at <= open_due_pots.now
  RETURNING 1
)
SELECT count(*)::integer FROM opened`,
  comment: 'Opens scheduled pots whose scheduled_open_at has come; returns how many. Run it from a scheduler; service_role only.',
});

/** Opens the pots due at `now` (default: the database's now()); returns how many opened. */
export async function openDuePots(db: Db, now?: Date): Promise<number> {
  const at = parseInput(z.date().refine(isStorableDate, STORABLE_DATE_MESSAGE).optional(), now, 'now');
  const [row] = await queryRows<{ n: number }>(db, at ? sql`select wolo.open_due_pots(${at.toISOString()}::timestamptz) as n` : sql`select wolo.open_due_pots() as n`);
  return Number(row!.n);
}

export const potObjects = [openDuePotsFn];

import { type Database, queryRows } from '../../src/db.js';

/** A Xendit invoice as the Invoice API returns it (PAID P2P, ₱800), with `over` on top. */
export const invoice = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  external_id: `ext-${id}`,
  status: 'PAID',
  amount: 800,
  currency: 'PHP',
  description: 'Papers to Profits',
  payer_email: `${id}@example.com`,
  created: '2024-03-01T10:00:00Z',
  ...over,
});

/**
 * Runs `fn` while a trigger on `ingest.xendit_raw` refuses the row of `id` (as a constraint or a full
 * disk would refuse a row): `row <id> refused by the test`.
 */
export async function refusingRow<T>(db: Database, id: string, fn: () => Promise<T>): Promise<T> {
  await queryRows(
    db,
    `create function public.test_refuse_row() returns trigger language plpgsql as $$
     begin if new.id = '${id}' then raise exception 'row % refused by the test', new.id; end if; return new; end $$`,
  );
  await queryRows(db, 'create trigger test_refuse before insert on ingest.xendit_raw for each row execute function public.test_refuse_row()');
  try {
    return await fn();
  } finally {
    await queryRows(db, 'drop trigger test_refuse on ingest.xendit_raw');
    await queryRows(db, 'drop function public.test_refuse_row()');
  }
}

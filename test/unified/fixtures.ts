import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, execScript, queryRows } from '../../src/db.js';
import { authenticatedContext } from '../../src/testing/index.js';

/** Every auth user's email, so a user's JWT carries it (auth.email()) like a real token does. */
const emails = new Map<string, string>();

/** Inserts an auth user (as the test's superuser connection) and returns its id. */
export async function createAuthUser(db: Database, email: string, id: string = randomUUID()): Promise<string> {
  await db.execute(sql`insert into auth.users (id, email, aud, role) values (${id}, ${email}, 'authenticated', 'authenticated')`);
  emails.set(id, email);
  return id;
}

/** An auth user plus their unified profile. */
export async function createProfile(
  db: Database,
  email: string,
  extra: { firstName?: string; lastName?: string; phone?: string; acquisitionSource?: string; createdAt?: string; id?: string } = {},
): Promise<string> {
  const id = await createAuthUser(db, email, extra.id);
  await db.execute(sql`insert into public.unified_profiles (id, email, first_name, last_name, phone, acquisition_source, created_at)
    values (${id}, ${email}, ${extra.firstName ?? null}, ${extra.lastName ?? null}, ${extra.phone ?? null}, ${extra.acquisitionSource ?? null},
            coalesce(${extra.createdAt ?? null}::timestamptz, now()))`);
  return id;
}

export interface TxFixture {
  userId?: string | null;
  amount?: string;
  currency?: string;
  status?: string;
  type?: string;
  externalId?: string;
  contactEmail?: string | null;
  paidAt?: string | null;
  settledAt?: string | null;
  createdAt?: string;
}

/** The columns `transactionValues` fills, in its order. */
export const TRANSACTION_COLUMNS = sql`(user_id, amount, currency, status, transaction_type, external_id, contact_email, paid_at, settled_at, created_at)`;

/** One `( … )` row of `TRANSACTION_COLUMNS` for a fixture (defaults: a pending P2P payment of 100.00 PHP). */
export const transactionValues = (t: TxFixture): SQL =>
  sql`(${t.userId ?? null}::uuid, ${t.amount ?? '100.00'}::numeric, ${t.currency ?? 'PHP'}, ${t.status ?? 'pending'}, ${t.type ?? 'P2P'},
       ${t.externalId ?? `xnd_${randomUUID()}`}, ${t.contactEmail ?? null}, ${t.paidAt ?? null}::timestamptz, ${t.settledAt ?? null}::timestamptz,
       coalesce(${t.createdAt ?? null}::timestamptz, now()))`;

/** Inserts a transaction and returns its id. */
export async function createTransaction(db: Database, t: TxFixture = {}): Promise<string> {
  const [row] = await queryRows<{ id: string }>(db, sql`insert into public.transactions ${TRANSACTION_COLUMNS} values ${transactionValues(t)} returning id`);
  return row!.id;
}

/** The seeded P2P course's id. */
export async function p2pCourseId(db: Database): Promise<string> {
  const [row] = await queryRows<{ id: string }>(db, sql`select id from public.courses where transaction_type = 'P2P'`);
  return row!.id;
}

/** Contexts for expectAllowed / expectDenied, with the claims of a real access token (email included). */
export const userCtx = (id: string) => authenticatedContext({ id, email: emails.get(id), userMetadata: { full_name: 'Test User' } });
export const adminCtx = (id: string) => authenticatedContext({ id, email: emails.get(id), appMetadata: { role: 'admin' } });
export const anonCtx = { role: 'anon' };

/** Empties the unified tables (fixture data only; the seeded course and cache rows stay). */
export async function resetUnified(db: Database): Promise<void> {
  // DELETE, not TRUNCATE: on a few rows it is much faster (TRUNCATE swaps every table's and index's files).
  await execScript(
    db,
    `
    delete from public.enrollments; delete from public.admin_notifications; delete from public.profile_audit_log;
    delete from public.revenue_metrics; delete from public.transactions; delete from public.affiliates;
    delete from public.unified_profiles; delete from public.courses where transaction_type is distinct from 'P2P';
    delete from public.membership_levels; delete from auth.users`,
  );
}

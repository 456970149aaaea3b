import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, dbErrorCode, dbErrorMessage, queryRows } from '../../src/db.js';
import type { DbContext } from '../../src/rls.js';

/** Realistic Supabase claims for an authenticated user (sub, email, role, app_metadata). */
export const userCtx = (id: string, email = `${id.slice(0, 8)}@wolo.example`): DbContext => ({
  role: 'authenticated',
  claims: { sub: id, email, role: 'authenticated', aud: 'authenticated', app_metadata: { provider: 'phone', providers: ['phone'] }, user_metadata: {} },
});
export const anonCtx: DbContext = { role: 'anon', claims: { role: 'anon' } };
export const serviceCtx: DbContext = { role: 'service_role', claims: { role: 'service_role' } };

let phoneSeq = Math.floor(Math.random() * 1e6);
const nextPhone = () => `+22177${String(phoneSeq++ % 10_000_000).padStart(7, '0')}`;

/** An auth user and its wolo.users row (as the superuser/owner). */
export async function createUser(db: Database, opts: { roles?: string[]; id?: string } = {}): Promise<string> {
  const id = opts.id ?? randomUUID();
  const email = `${id.slice(0, 8)}@wolo.example`;
  await queryRows(db, sql`insert into auth.users (id, email) values (${id}, ${email})`);
  const roles = opts.roles ?? ['user'];
  await queryRows(
    db,
    sql`insert into wolo.users (id, email, phone, roles) values (${id}, ${email}, ${nextPhone()}, ${sql.raw(`ARRAY[${roles.map((r) => `'${r}'`).join(',')}]::text[]`)})`,
  );
  return id;
}

/** A pot of `owner`, open unless `status` says otherwise; birthday two months ahead. */
export async function createPot(
  db: Database,
  owner: string,
  opts: { target?: number; status?: 'scheduled' | 'open'; visibility?: string; allowAnonymous?: boolean } = {},
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date, status, visibility, allow_anonymous_donations)
        values (${owner}, 'Birthday', ${opts.target ?? 1_000_000}, (current_date + 60), ${opts.status ?? 'open'}, ${opts.visibility ?? 'private'}, ${opts.allowAnonymous ?? true})
        returning id`,
  );
  return row!.id;
}

/** A pending donation to `pot`. */
export async function createDonation(
  db: Database,
  pot: string,
  opts: { amount?: number; donor?: string | null; phone?: string | null; anonymous?: boolean; name?: string } = {},
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into wolo.donations (pot_id, donor_user_id, donor_phone, donor_name, amount_cfa, is_anonymous)
        values (${pot}, ${opts.donor ?? null}, ${opts.phone === undefined ? nextPhone() : opts.phone}, ${opts.name ?? 'Awa'}, ${opts.amount ?? 1000}, ${opts.anonymous ?? false})
        returning id`,
  );
  return row!.id;
}

let eventSeq = 0;
/** A Wave Checkout webhook body as Wave sends it. */
export function waveEvent(
  donationId: string,
  amount: number,
  opts: { type?: 'checkout.session.completed' | 'checkout.session.payment_failed'; paymentStatus?: string; currency?: string; eventId?: string; sessionId?: string } = {},
) {
  const type = opts.type ?? 'checkout.session.completed';
  const paymentStatus = opts.paymentStatus ?? (type === 'checkout.session.completed' ? 'succeeded' : 'cancelled');
  eventSeq++;
  return {
    id: opts.eventId ?? `AE_${randomUUID()}`,
    type,
    data: {
      id: opts.sessionId ?? `cos-${donationId.slice(0, 8)}-${eventSeq}`,
      amount: String(amount),
      checkout_status: paymentStatus === 'succeeded' ? 'complete' : 'open',
      client_reference: donationId,
      currency: opts.currency ?? 'XOF',
      payment_status: paymentStatus,
      transaction_id: `T${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`,
      when_completed: new Date().toISOString(),
      when_created: new Date().toISOString(),
    },
  };
}

/** The pot's stored totals and a recomputation from donations and refunds. */
export async function potTotals(db: Database, pot: string) {
  const [row] = await queryRows<{ raised: number; donors: number; status: string; expected_raised: number; expected_donors: number }>(
    db,
    sql`select p.raised_cfa as raised, p.donor_count as donors, p.status,
          (select coalesce(sum(d.amount_cfa), 0) from wolo.donations d where d.pot_id = p.id and d.status in ('succeeded', 'refunded'))
          - (select coalesce(sum(r.amount_cfa), 0) from wolo.refunds r join wolo.donations d on d.id = r.donation_id where d.pot_id = p.id and d.status in ('succeeded', 'refunded')) as expected_raised,
          (select count(distinct coalesce(d.donor_user_id::text, d.donor_phone)) from wolo.donations d where d.pot_id = p.id and d.status = 'succeeded') as expected_donors
        from wolo.pots p where p.id = ${pot}`,
  );
  return { raised: Number(row!.raised), donors: Number(row!.donors), status: row!.status, expectedRaised: Number(row!.expected_raised), expectedDonors: Number(row!.expected_donors) };
}

/** Expects `promise` to fail with SQLSTATE `code` (read under drizzle's wrapper). */
export async function expectSqlState(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error(`expected the operation to fail with SQLSTATE ${code}, but it succeeded`);
  const actual = dbErrorCode(error);
  if (actual !== code) throw new Error(`expected SQLSTATE ${code}, got ${actual}: ${dbErrorMessage(error)}`);
}

/** A partner, a pack of it, and an issued QR code on `pot` valid from `from` to `until` (defaults: now-1h .. now+30d). */
export async function createQr(db: Database, pot: string, opts: { partner?: string; from?: string; until?: string } = {}) {
  const partner =
    opts.partner ??
    (await queryRows<{ id: string }>(db, sql`insert into wolo.partners (name, type, revenue_split_percentage, status) values ('Cinema Dakar', 'cinema', 70, 'active') returning id`))[0]!.id;
  const [pack] = await queryRows<{ id: string }>(
    db,
    sql`insert into wolo.packs (name, description, category, base_price_cfa, partner_id) values ('Cinema for two', 'Two tickets', 'cinema', 10000, ${partner}) returning id`,
  );
  const code = `QR-${randomUUID()}`;
  const [qr] = await queryRows<{ id: string }>(
    db,
    sql`insert into wolo.qr_codes (pot_id, pack_id, code, redeemable_from, expires_at)
        values (${pot}, ${pack!.id}, ${code}, ${opts.from ?? sql`now() - interval '1 hour'`}, ${opts.until ?? sql`now() + interval '30 days'`}) returning id`,
  );
  return { partner, pack: pack!.id, qr: qr!.id, code };
}

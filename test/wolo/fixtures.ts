import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, dbErrorCode, dbErrorMessage, execScript, queryRows } from '../../src/db.js';
import { processWaveWebhook } from '../../src/functions/wolo/index.js';
import { asServiceRole } from '../../src/rls.js';
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

/**
 * An auth user and its wolo.users row (as the superuser/owner). The account holds the login identity
 * GoTrue has for the user (the phone as GoTrue stores it, digits only), as the rule on wolo.users
 * requires of what the user writes there themselves.
 */
export async function createUser(db: Database, opts: { roles?: string[]; id?: string } = {}): Promise<string> {
  const id = opts.id ?? randomUUID();
  const email = `${id.slice(0, 8)}@wolo.example`;
  const phone = nextPhone();
  await queryRows(db, sql`insert into auth.users (id, email, phone) values (${id}, ${email}, ${phone.slice(1)})`);
  const roles = opts.roles ?? ['user'];
  await queryRows(
    db,
    sql`insert into wolo.users (id, email, phone, roles) values (${id}, ${email}, ${phone}, ${sql.raw(`ARRAY[${roles.map((r) => `'${r}'`).join(',')}]::text[]`)})`,
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

/**
 * A partner, a pack of it, and an issued QR code on `pot` valid from `from` to `until` (defaults: now-1h .. now+30d).
 * With `pack` (and its `partner`), another code of that pack.
 */
export async function createQr(db: Database, pot: string, opts: { partner?: string; pack?: string; from?: string; until?: string } = {}) {
  const partner =
    opts.partner ??
    (await queryRows<{ id: string }>(db, sql`insert into wolo.partners (name, type, revenue_split_percentage, status) values ('Cinema Dakar', 'cinema', 70, 'active') returning id`))[0]!.id;
  const [pack] = opts.pack
    ? [{ id: opts.pack }]
    : await queryRows<{ id: string }>(
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

export type WoloWorldKey =
  | 'alice' | 'bob' | 'carol' | 'admin' | 'staffA' | 'guardian' | 'minor' | 'newcomer'
  | 'potPrivate' | 'potPublic' | 'potEmpty' | 'donationBob' | 'donationCarol' | 'partnerA' | 'partnerB' | 'packA' | 'packB' | 'packInactive'
  | 'qrA' | 'qrB' | 'addressAlice' | 'referral' | 'settlementA' | 'settlementB';

/**
 * A row in every wolo table, and the people around them: alice owns pots (private, public, scheduled)
 * and an address; bob and carol donated to her private pot (carol anonymously, both succeeded, bob's
 * partly refunded); staffA works for partnerA; guardian's minor has a profile; admin has the wolo
 * admin role; newcomer is an auth user without a wolo row. Used by the RLS tests and the RLS matrix.
 */
export async function seedWoloWorld(db: Database): Promise<Record<WoloWorldKey, string>> {
  const ids = {} as Record<WoloWorldKey, string>;
  for (const name of ['alice', 'bob', 'carol', 'staffA', 'guardian', 'minor'] as const) ids[name] = await createUser(db);
  ids.admin = await createUser(db, { roles: ['user', 'admin'] });
  ids.newcomer = (await queryRows<{ id: string }>(db, sql`insert into auth.users (email) values ('newcomer@wolo.example') returning id`))[0]!.id;
  ids.potPrivate = await createPot(db, ids.alice, { visibility: 'private' });
  ids.potPublic = await createPot(db, ids.alice, { visibility: 'public' });
  ids.potEmpty = await createPot(db, ids.alice, { status: 'scheduled' });
  ids.donationBob = await createDonation(db, ids.potPrivate, { donor: ids.bob, amount: 1000, name: 'Bob' });
  ids.donationCarol = await createDonation(db, ids.potPrivate, { donor: ids.carol, amount: 2000, anonymous: true, name: 'Carol' });
  await asServiceRole(db, async (tx) => {
    await processWaveWebhook(tx, waveEvent(ids.donationBob, 1000));
    await processWaveWebhook(tx, waveEvent(ids.donationCarol, 2000));
  });
  const a = await createQr(db, ids.potPrivate);
  const b = await createQr(db, ids.potPublic);
  Object.assign(ids, { partnerA: a.partner, packA: a.pack, qrA: a.qr, partnerB: b.partner, packB: b.pack, qrB: b.qr });
  await queryRows(db, sql`select wolo.redeem_qr(${a.code}, ${a.partner})`);
  await queryRows(db, sql`select wolo.redeem_qr(${b.code}, ${b.partner})`);
  ids.packInactive = (await queryRows<{ id: string }>(db, sql`insert into wolo.packs (name, description, category, base_price_cfa, partner_id, is_active) values ('Old', 'Retired', 'spa', 5000, ${a.partner}, false) returning id`))[0]!.id;
  ids.referral = (await queryRows<{ id: string }>(db, sql`select wolo.send_invitation(${ids.alice}, '+221770001111', null, 'Friend', 'Join!') as id`))[0]!.id;
  await queryRows(db, sql`select wolo.refund_donation(${ids.donationBob}, 100, 'user_request', ${ids.admin})`);
  const [addr] = await queryRows<{ id: string }>(db, sql`insert into wolo.user_addresses (user_id, city) values (${ids.alice}, 'Dakar') returning id`);
  ids.addressAlice = addr!.id;
  ids.settlementA = (await queryRows<{ id: string }>(db, sql`insert into wolo.partner_settlements (partner_id, period_start, period_end) values (${a.partner}, '2025-01-01', '2025-01-31') returning id`))[0]!.id;
  ids.settlementB = (await queryRows<{ id: string }>(db, sql`insert into wolo.partner_settlements (partner_id, period_start, period_end) values (${b.partner}, '2025-01-01', '2025-01-31') returning id`))[0]!.id;
  await execScript(
    db,
    `
    insert into wolo.partner_staff (partner_id, user_id, staff_role) values ('${a.partner}', '${ids.staffA}', 'manager');
    insert into wolo.profiles (user_id, full_name, date_of_birth) values ('${ids.alice}', 'Alice', '1990-01-01'), ('${ids.bob}', 'Bob', '1991-02-02');
    insert into wolo.profiles (user_id, full_name, date_of_birth, guardian_user_id, relationship_type) values ('${ids.minor}', 'Minor', current_date - 3650, '${ids.guardian}', 'parent');
    insert into wolo.notification_preferences (user_id) values ('${ids.alice}'), ('${ids.bob}');
    insert into wolo.points_ledger (sponsor_user_id, event_type, points_earned, status, matured_at) values ('${ids.alice}', 'referral_accepted', 100, 'matured', now());
    select wolo.convert_points('${ids.alice}', 10, '${ids.potPublic}');
    insert into wolo.user_sessions (user_id, token_hash, expires_at) values ('${ids.alice}', 'h', now() + interval '1 day');
    insert into wolo.password_reset_tokens (user_id, token_hash, expires_at) values ('${ids.alice}', 'h', now() + interval '1 day');
    insert into wolo.pot_invitations (pot_id, invited_by_user_id, invitation_method, recipient_identifier) values ('${ids.potPrivate}', '${ids.alice}', 'sms', '+221770002222');
    insert into wolo.pot_analytics (pot_id, snapshot_date) values ('${ids.potPrivate}', '2025-01-01');
    insert into wolo.sponsor_contact_batches (sponsor_user_id, start_position, end_position) values ('${ids.alice}', 0, 50);
    insert into wolo.donation_analytics (period_type, period_start, period_end) values ('daily', '2025-01-01', '2025-01-01');
    insert into wolo.sponsor_campaigns (sponsor_company_name, campaign_name, budget_cfa, starts_at, ends_at) values ('Orange', 'Draft', 1000, now(), now() + interval '1 day');
    insert into wolo.notification_templates (template_key, name, body_text) values ('welcome', 'Welcome', 'Hi');
    insert into wolo.notifications (user_id, recipient_identifier, template_id, channel, body) select '${ids.alice}', '+221770003333', id, 'sms', 'Hi' from wolo.notification_templates where template_key = 'welcome';
    insert into wolo.notification_analytics (date, template_key, channel) values ('2025-01-01', 'welcome', 'sms');
    insert into wolo.analytics_events (event_name, event_category, user_id) values ('pot_created', 'pot', '${ids.alice}');
    insert into wolo.business_metrics (metric_date, metric_type, metric_value) values ('2025-01-01', 'revenue', 10);
    insert into wolo.funnel_analytics (funnel_name, step_number, step_name, period_start, period_end) values ('f', 1, 's', '2025-01-01', '2025-01-31');
    insert into wolo.ab_tests (test_name, variants, traffic_allocation, primary_metric, start_date) values ('t', '{}', '{}', 'm', '2025-01-01');
    insert into wolo.ab_test_assignments (test_id, user_id, variant) select id, '${ids.alice}', 'a' from wolo.ab_tests where test_name = 't';
    insert into wolo.feature_flags (flag_key, name) values ('f', 'F');
    insert into wolo.system_config (config_key, config_value, data_type) values ('k', '1', 'number');
    insert into wolo.audit_logs (actor_type, action, resource_type) values ('system', 'x', 'pot');
    insert into wolo.system_health_checks (service_name, check_name, status) values ('db', 'ping', 'healthy');
    insert into wolo.admin_sessions (user_id, session_token_hash, ip_address, admin_level, expires_at) values ('${ids.admin}', 'h', '127.0.0.1', 'regular', now() + interval '1 hour');
    `,
  );  return ids;
}

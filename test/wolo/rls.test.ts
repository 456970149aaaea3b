import { type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { asServiceRole, type Tx } from '../../src/rls.js';
import { expectAllowed, expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { anonCtx, seedWoloWorld, userCtx, type WoloWorldKey, waveEvent } from './fixtures.js';

const t = useDatabase();
let ids = {} as Record<WoloWorldKey, string>;

const q = (query: ReturnType<typeof sql>) => (tx: Tx) => queryRows(tx, query);

beforeAll(async () => {
  ids = await seedWoloWorld(t.db);
});

const as = (who: keyof typeof ids) => userCtx(ids[who]);

type Who = WoloWorldKey | 'anon';
/**
 * Each case: a statement, who may run it (`expectAllowed`) and who may not (`expectDenied`). Every
 * attempt runs in its own rolled-back transaction, so one case's write cannot change another's outcome.
 */
const access = async (cases: [query: SQL, allowed: Who[], denied?: Who[]][]) => {
  for (const [query, allowed, denied = []] of cases) {
    for (const who of denied) await expectDenied(t.db, who === 'anon' ? anonCtx : as(who), q(query));
    for (const who of allowed) await expectAllowed(t.db, who === 'anon' ? anonCtx : as(who), q(query));
  }
};

describe(`wolo RLS (${engine})`, () => {
  it('users: a user reads and edits their own row, not its roles, not another row; admins read every row', async () => {
    await expectAllowed(t.db, as('alice'), q(sql`select id from wolo.users where id = ${ids.alice}`));
    await expectDenied(t.db, as('alice'), q(sql`select id from wolo.users where id = ${ids.bob}`));
    // the phone and email a user writes are their login identity (wolo.require_login_identity; test/wolo/login-identity.test.ts)
    const [alice] = await queryRows<{ phone: string }>(t.db, sql`select phone from auth.users where id = ${ids.alice}`);
    await expectAllowed(t.db, as('alice'), q(sql`update wolo.users set phone = ${`+${alice!.phone}`}, email = upper(email) where id = ${ids.alice} returning id`));
    await expectDenied(t.db, as('alice'), q(sql`update wolo.users set roles = array['user', 'admin'] where id = ${ids.alice} returning id`));
    await expectDenied(t.db, as('alice'), q(sql`update wolo.users set phone = '+221779999998' where id = ${ids.bob} returning id`));
    await expectAllowed(t.db, userCtx(ids.newcomer), q(sql`insert into wolo.users (id, email) values (${ids.newcomer}, 'newcomer@wolo.example') returning id`));
    await expectDenied(t.db, userCtx(ids.newcomer), q(sql`insert into wolo.users (id, email, roles) values (${ids.newcomer}, 'newcomer@wolo.example', array['admin']) returning id`));
    await expectDenied(t.db, userCtx(ids.newcomer), q(sql`insert into wolo.users (id, email) values (${ids.bob}, 'x@wolo.example') returning id`));
    const all = await expectAllowed(t.db, as('admin'), q(sql`select id from wolo.users`));
    expect(all.length).toBeGreaterThanOrEqual(7);
    await expectDenied(t.db, anonCtx, q(sql`select id from wolo.users`));
  });

  it('an inactive admin, or a user whose JWT claims admin, is not an admin', async () => {
    await expectDenied(t.db, { role: 'authenticated', claims: { sub: ids.bob, role: 'authenticated', app_metadata: { role: 'admin' } } }, q(sql`select id from wolo.users where id = ${ids.alice}`));
    await queryRows(t.db, sql`update wolo.users set is_active = false where id = ${ids.admin}`);
    try {
      await expectDenied(t.db, as('admin'), q(sql`select id from wolo.users where id = ${ids.alice}`));
    } finally {
      await queryRows(t.db, sql`update wolo.users set is_active = true where id = ${ids.admin}`);
    }
  });

  it("profiles: own profile read and edited; a guardian reads the minor's; others' profiles hidden; verification stamps not writable", async () => {
    await access([
      [sql`select user_id from wolo.profiles where user_id = ${ids.alice}`, ['alice'], ['bob', 'guardian']],
      [sql`select user_id from wolo.profiles where user_id = ${ids.minor}`, ['guardian']],
      [sql`update wolo.profiles set bio = 'hi' where user_id = ${ids.alice} returning user_id`, ['alice']],
      [sql`update wolo.profiles set bio = 'hacked' where user_id = ${ids.alice} returning user_id`, [], ['bob']],
      [sql`update wolo.profiles set id_verified_at = now() where user_id = ${ids.alice} returning user_id`, [], ['alice']],
      [sql`select user_id from wolo.profiles where user_id = ${ids.bob}`, ['admin']],
      [sql`select user_id from wolo.profiles`, [], ['anon']],
    ]);
  });

  it('addresses and notification preferences: own only', async () => {
    await expectAllowed(t.db, as('alice'), q(sql`select id from wolo.user_addresses where user_id = ${ids.alice}`));
    await expectDenied(t.db, as('bob'), q(sql`select id from wolo.user_addresses where user_id = ${ids.alice}`));
    await expectAllowed(t.db, as('bob'), q(sql`insert into wolo.user_addresses (user_id, city) values (${ids.bob}, 'Thiès') returning id`));
    await expectDenied(t.db, as('bob'), q(sql`insert into wolo.user_addresses (user_id, city) values (${ids.alice}, 'Thiès') returning id`));
    await expectAllowed(t.db, as('alice'), q(sql`update wolo.user_addresses set city = 'Saint-Louis' where id = ${ids.addressAlice} returning id`));
    await expectDenied(t.db, as('bob'), q(sql`update wolo.user_addresses set city = 'x' where id = ${ids.addressAlice} returning id`));
    await expectDenied(t.db, as('bob'), q(sql`delete from wolo.user_addresses where id = ${ids.addressAlice} returning id`));
    await expectAllowed(t.db, as('alice'), q(sql`delete from wolo.user_addresses where id = ${ids.addressAlice} returning id`));
    await expectAllowed(t.db, as('alice'), q(sql`update wolo.notification_preferences set sms_enabled = false where user_id = ${ids.alice} returning user_id`));
    await expectDenied(t.db, as('alice'), q(sql`update wolo.notification_preferences set sms_enabled = false where user_id = ${ids.bob} returning user_id`));
    await expectDenied(t.db, as('alice'), q(sql`select user_id from wolo.notification_preferences where user_id = ${ids.bob}`));
    await expectDenied(t.db, anonCtx, q(sql`select * from wolo.user_addresses`));
  });

  it('pots: public ones readable by anyone (anon too); owners manage theirs; totals are not writable by users', async () => {
    await access([
      [sql`select id from wolo.pots where id = ${ids.potPublic}`, ['anon', 'bob']],
      [sql`select id from wolo.pots where id = ${ids.potPrivate}`, ['alice', 'admin'], ['anon', 'bob']],
      [sql`update wolo.pots set title = 'Mes 30 ans' where id = ${ids.potPrivate} returning id`, ['alice']],
      [sql`update wolo.pots set title = 'x' where id = ${ids.potPublic} returning id`, [], ['bob', 'anon']],
      [sql`update wolo.pots set raised_cfa = 999999 where id = ${ids.potPrivate} returning id`, [], ['alice']],
      [sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date) values (${ids.bob}, 'Bob', 5000, current_date + 90) returning id`, ['bob']],
      [sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date) values (${ids.alice}, 'x', 5000, current_date + 90) returning id`, [], ['bob']],
      [sql`delete from wolo.pots where id = ${ids.potEmpty} returning id`, ['alice'], ['bob']],
    ]);
  });

  it('donations: donors read their own; pot owners read their pots’ donations through pot_donations, the anonymous donor hidden', async () => {
    await expectAllowed(t.db, as('bob'), q(sql`select id from wolo.donations where id = ${ids.donationBob}`));
    await expectDenied(t.db, as('bob'), q(sql`select id from wolo.donations where id = ${ids.donationCarol}`));
    // The owner has no row policy on the table itself (a policy cannot hide the donor column).
    await expectDenied(t.db, as('alice'), q(sql`select id from wolo.donations where pot_id = ${ids.potPrivate}`));
    const seen = await expectAllowed(
      t.db,
      as('alice'),
      q(sql`select id, donor_user_id, donor_name, is_anonymous from wolo.pot_donations where pot_id = ${ids.potPrivate} order by amount_cfa`),
    );
    expect(seen).toEqual([
      { id: ids.donationBob, donor_user_id: ids.bob, donor_name: 'Bob', is_anonymous: false },
      { id: ids.donationCarol, donor_user_id: null, donor_name: null, is_anonymous: true },
    ]);
    await expectDenied(t.db, as('bob'), q(sql`select id from wolo.pot_donations where pot_id = ${ids.potPrivate}`));
    await expectDenied(t.db, anonCtx, q(sql`select id from wolo.pot_donations`));
    await expectDenied(t.db, anonCtx, q(sql`select id from wolo.donations`));
    await expectAllowed(t.db, as('admin'), q(sql`select id from wolo.donations where id = ${ids.donationCarol}`));
    await expectDenied(t.db, as('bob'), q(sql`insert into wolo.donations (pot_id, amount_cfa) values (${ids.potPublic}, 100) returning id`));
    await expectAllowed(t.db, as('bob'), q(sql`select id from wolo.refunds where donation_id = ${ids.donationBob}`));
    await expectDenied(t.db, as('carol'), q(sql`select id from wolo.refunds where donation_id = ${ids.donationBob}`));
  });

  it("partner staff: their partner, packs, QR codes, redemption attempts and settlements; not another partner's", async () => {
    const staff = as('staffA');
    await expectAllowed(t.db, staff, q(sql`select id from wolo.partners where id = ${ids.partnerA}`));
    await expectDenied(t.db, staff, q(sql`select id from wolo.partners where id = ${ids.partnerB}`));
    await expectDenied(t.db, as('alice'), q(sql`select id from wolo.partners`));
    await expectAllowed(t.db, staff, q(sql`select id from wolo.packs where id = ${ids.packInactive}`));
    await expectDenied(t.db, as('alice'), q(sql`select id from wolo.packs where id = ${ids.packInactive}`));
    await expectAllowed(t.db, anonCtx, q(sql`select id from wolo.packs where id = ${ids.packA}`));
    await expectDenied(t.db, anonCtx, q(sql`select id from wolo.packs where id = ${ids.packInactive}`));
    await expectAllowed(t.db, staff, q(sql`update wolo.packs set description = 'Two seats' where id = ${ids.packA} returning id`));
    await expectDenied(t.db, staff, q(sql`update wolo.packs set description = 'x' where id = ${ids.packB} returning id`));
    await expectDenied(t.db, staff, q(sql`update wolo.packs set partner_id = ${ids.partnerB} where id = ${ids.packA} returning id`));
    await expectDenied(t.db, as('alice'), q(sql`update wolo.packs set description = 'x' where id = ${ids.packA} returning id`));
    await expectAllowed(t.db, staff, q(sql`select id from wolo.qr_codes where id = ${ids.qrA}`));
    await expectDenied(t.db, staff, q(sql`select id from wolo.qr_codes where id = ${ids.qrB}`));
    await expectAllowed(t.db, as('alice'), q(sql`select id from wolo.qr_codes where id = ${ids.qrA}`));
    await expectDenied(t.db, as('bob'), q(sql`select id from wolo.qr_codes`));
    await expectAllowed(t.db, staff, q(sql`select id from wolo.qr_redemption_logs where partner_id = ${ids.partnerA}`));
    await expectDenied(t.db, staff, q(sql`select id from wolo.qr_redemption_logs where partner_id = ${ids.partnerB}`));
    await expectAllowed(t.db, staff, q(sql`select id from wolo.partner_settlements where id = ${ids.settlementA}`));
    await expectDenied(t.db, staff, q(sql`select id from wolo.partner_settlements where id = ${ids.settlementB}`));
    await expectAllowed(t.db, staff, q(sql`select partner_id from wolo.partner_staff where user_id = ${ids.staffA}`));
    await expectDenied(t.db, as('alice'), q(sql`select partner_id from wolo.partner_staff`));
    await expectDenied(t.db, anonCtx, q(sql`select id from wolo.qr_codes`));
  });

  it('referrals and points: the sponsor reads theirs, nobody else does', async () => {
    for (const table of ['referrals', 'points_ledger', 'points_conversions', 'sponsor_daily_limits', 'sponsor_contact_batches'] as const) {
      await expectAllowed(t.db, as('alice'), q(sql`select id from ${sql.identifier('wolo')}.${sql.identifier(table)} where sponsor_user_id = ${ids.alice}`));
      await expectDenied(t.db, as('bob'), q(sql`select id from ${sql.identifier('wolo')}.${sql.identifier(table)} where sponsor_user_id = ${ids.alice}`));
      await expectDenied(t.db, anonCtx, q(sql`select id from ${sql.identifier('wolo')}.${sql.identifier(table)}`));
    }
    await expectAllowed(t.db, as('alice'), q(sql`select wolo.points_balance(${ids.alice}) as b`));
  });

  it('pot invitations and analytics: the pot owner reads them; others do not', async () => {
    for (const table of ['pot_invitations', 'pot_analytics'] as const) {
      await expectAllowed(t.db, as('alice'), q(sql`select id from ${sql.identifier('wolo')}.${sql.identifier(table)} where pot_id = ${ids.potPrivate}`));
      await expectDenied(t.db, as('bob'), q(sql`select id from ${sql.identifier('wolo')}.${sql.identifier(table)}`));
    }
    await expectAllowed(t.db, as('alice'), q(sql`select id from wolo.notifications where user_id = ${ids.alice}`));
    await expectDenied(t.db, as('bob'), q(sql`select id from wolo.notifications`));
  });

  const adminOnly = [
    'user_sessions', 'password_reset_tokens', 'wave_webhook_events', 'donation_analytics', 'sponsor_campaigns', 'notification_templates',
    'notification_analytics', 'analytics_events', 'business_metrics', 'funnel_analytics', 'ab_tests', 'ab_test_assignments', 'feature_flags',
    'system_config', 'audit_logs', 'system_health_checks', 'admin_sessions',
  ] as const;
  it('admin-only tables: admins read them; users see nothing; anon is refused', async () => {
    for (const table of adminOnly) {
      const from = sql`${sql.identifier('wolo')}.${sql.identifier(table)}`;
      await expectAllowed(t.db, as('admin'), q(sql`select 1 from ${from}`));
      await expectDenied(t.db, as('bob'), q(sql`select 1 from ${from}`));
      await expectDenied(t.db, anonCtx, q(sql`select 1 from ${from}`));
      await expectDenied(t.db, as('admin'), q(sql`delete from ${from} returning 1`));
    }
  });

  it('service_role reads every table', async () => {
    const tables = await queryRows<{ name: string }>(t.db, sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'wolo' and c.relkind = 'r'`);
    await asServiceRole(t.db, async (tx) => {
      for (const { name } of tables) {
        const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier('wolo')}.${sql.identifier(name)}`);
        expect(Number(row!.n), name).toBeGreaterThan(0);
      }
    });
  });

  it('money-moving functions: anon and authenticated get a permission error', async () => {
    const calls = [
      sql`select * from wolo.process_wave_webhook(${JSON.stringify(waveEvent(ids.donationBob, 1000))}::jsonb)`,
      sql`select wolo.refund_donation(${ids.donationBob}, 1, 'fraud', ${ids.admin})`,
      sql`select wolo.redeem_qr('x', ${ids.partnerA})`,
      sql`select wolo.send_invitation(${ids.alice}, '+221770009999', null, null, null)`,
      sql`select wolo.accept_referral('ABCDEF0123456789ABCD', ${ids.bob})`,
      sql`select wolo.mature_points()`,
      sql`select wolo.convert_points(${ids.alice}, 1, ${ids.potPublic})`,
      sql`select wolo.open_due_pots()`,
    ];
    for (const call of calls) {
      await expectDenied(t.db, anonCtx, q(call));
      await expectDenied(t.db, as('alice'), q(call));
      await expectDenied(t.db, as('admin'), q(call));
    }
  });
});

import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { woloObjects, woloTableList } from '../../src/functions/wolo/index.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { createPot, createUser, expectSqlState } from './fixtures.js';

const t = useDatabase();

/** The 37 tables of design doc 003 plus partner_staff. */
const DOCUMENT_TABLES = [
  'users', 'user_sessions', 'password_reset_tokens', 'profiles', 'user_addresses', 'referrals', 'points_ledger', 'points_conversions',
  'sponsor_daily_limits', 'sponsor_contact_batches', 'pots', 'pot_invitations', 'pot_analytics', 'donations', 'wave_webhook_events',
  'refunds', 'donation_analytics', 'packs', 'partners', 'sponsor_campaigns', 'qr_codes', 'partner_settlements', 'qr_redemption_logs',
  'notification_templates', 'notifications', 'notification_preferences', 'notification_analytics', 'analytics_events', 'business_metrics',
  'funnel_analytics', 'ab_tests', 'ab_test_assignments', 'feature_flags', 'system_config', 'audit_logs', 'system_health_checks', 'admin_sessions',
];

describe(`wolo schema (${engine})`, () => {
  it('has the 37 tables of the document plus partner_staff, each with RLS enabled', async () => {
    expect(DOCUMENT_TABLES).toHaveLength(37);
    const rows = await queryRows<{ name: string; rls: boolean }>(
      t.db,
      sql`select c.relname as name, c.relrowsecurity as rls from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'wolo' and c.relkind = 'r'`,
    );
    expect(rows.map((r) => r.name).sort()).toEqual([...DOCUMENT_TABLES, 'partner_staff'].sort());
    expect(rows.filter((r) => !r.rls)).toEqual([]);
    expect(woloTableList.map((tb) => getTableConfig(tb).name).sort()).toEqual(rows.map((r) => r.name).sort());
  });

  it('has every named function, and money-moving ones are executable by service_role only', async () => {
    const fns = woloObjects.filter((o) => o.key.startsWith('function ')).map((o) => o.key.slice('function '.length));
    for (const signature of fns) {
      const [row] = await queryRows<{ oid: string | null }>(t.db, sql`select to_regprocedure(${signature})::text as oid`);
      expect(row?.oid, signature).not.toBeNull();
    }
    const money = ['process_wave_webhook(jsonb)', 'refund_donation(uuid,integer,text,uuid)', 'redeem_qr(text,uuid,jsonb)', 'send_invitation(uuid,text,text,text,text)',
      'accept_referral(text,uuid)', 'mature_points(timestamp with time zone)', 'convert_points(uuid,integer,uuid)', 'open_due_pots(timestamp with time zone)'];
    for (const fn of money) {
      const [row] = await queryRows<{ anon: boolean; authed: boolean; service: boolean; pub: boolean }>(
        t.db,
        sql`select has_function_privilege('anon', ${`wolo.${fn}`}, 'execute') as anon, has_function_privilege('authenticated', ${`wolo.${fn}`}, 'execute') as authed,
                   has_function_privilege('service_role', ${`wolo.${fn}`}, 'execute') as service,
                   exists (select 1 from pg_proc p, aclexplode(p.proacl) a where p.oid = ${`wolo.${fn}`}::regprocedure and a.grantee = 0) as pub`,
      );
      expect(row, fn).toEqual({ anon: false, authed: false, service: true, pub: false });
    }
  });

  it('business_metrics and funnel_analytics collide on NULL dimensions / segment filters (NULLS NOT DISTINCT)', async () => {
    await queryRows(t.db, sql`insert into wolo.business_metrics (metric_date, metric_type, metric_value) values ('2025-01-01', 'revenue', 1)`);
    await expectDbError(queryRows(t.db, sql`insert into wolo.business_metrics (metric_date, metric_type, metric_value) values ('2025-01-01', 'revenue', 2)`), /business_metrics_metric_date_metric_type_dimensions_key/);
    await queryRows(t.db, sql`insert into wolo.funnel_analytics (funnel_name, step_number, step_name, period_start, period_end) values ('f', 1, 's', '2025-01-01', '2025-01-31')`);
    await expectDbError(
      queryRows(t.db, sql`insert into wolo.funnel_analytics (funnel_name, step_number, step_name, period_start, period_end) values ('f', 1, 's', '2025-01-01', '2025-01-31')`),
      /funnel_analytics_funnel_step_period_segment_key/,
    );
  });

  it('free text users write has a length limit (CHECK)', async () => {
    const owner = await createUser(t.db);
    await expectDbError(
      queryRows(t.db, sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date, description) values (${owner}, 'B', 5000, '2030-06-15', repeat('x', 5001))`),
      /pots_description_length_check/,
    );
    await expectDbError(queryRows(t.db, sql`insert into wolo.user_addresses (user_id, street_address) values (${owner}, repeat('x', 501))`), /user_addresses_street_address_length_check/);
  });

  it('ab_test_assignments needs a user or an anonymous id', async () => {
    const [test] = await queryRows<{ id: string }>(t.db, sql`insert into wolo.ab_tests (test_name, variants, traffic_allocation, primary_metric, start_date) values ('t1', '{}', '{}', 'm', '2025-01-01') returning id`);
    await expectDbError(queryRows(t.db, sql`insert into wolo.ab_test_assignments (test_id, variant) values (${test!.id}, 'a')`), /participant/);
    await queryRows(t.db, sql`insert into wolo.ab_test_assignments (test_id, variant, anonymous_id) values (${test!.id}, 'a', 'anon-1')`);
  });

  it('wolo.users.id is the auth user id; roles are checked against the known set', async () => {
    await expectDbError(queryRows(t.db, sql`insert into wolo.users (id, email) values (gen_random_uuid(), 'x@wolo.example')`), /users_id_fkey/);
    const id = await createUser(t.db);
    await expectDbError(queryRows(t.db, sql`update wolo.users set roles = array['root'] where id = ${id}`), /users_roles_check/);
    await queryRows(t.db, sql`delete from auth.users where id = ${id}`);
    expect(await queryRows(t.db, sql`select 1 from wolo.users where id = ${id}`)).toEqual([]);
  });

  it('a minor needs a guardian (trigger, checked at write time against the business date)', async () => {
    const minor = await createUser(t.db);
    const guardian = await createUser(t.db);
    const dob = sql`((now() at time zone 'Africa/Dakar')::date - interval '10 years')::date`;
    await expectSqlState(queryRows(t.db, sql`insert into wolo.profiles (user_id, full_name, date_of_birth) values (${minor}, 'Minor', ${dob})`), 'UW010');
    await queryRows(t.db, sql`insert into wolo.profiles (user_id, full_name, date_of_birth, guardian_user_id, relationship_type) values (${minor}, 'Minor', ${dob}, ${guardian}, 'parent')`);
    await expectSqlState(queryRows(t.db, sql`update wolo.profiles set guardian_user_id = null where user_id = ${minor}`), 'UW010');
    const adult = await createUser(t.db);
    await queryRows(t.db, sql`insert into wolo.profiles (user_id, full_name, date_of_birth) values (${adult}, 'Adult', '1990-05-01')`);
  });

  it('a pot opens J-30 before the birthday (midnight Africa/Dakar) by default; the document CHECK holds', async () => {
    const owner = await createUser(t.db);
    const [pot] = await queryRows<{ at: string; expected: string }>(
      t.db,
      sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date) values (${owner}, 'B', 5000, '2030-06-15')
          returning scheduled_open_at::text as at, ('2030-05-16 00:00'::timestamp at time zone 'Africa/Dakar')::text as expected`,
    );
    expect(pot!.at).toBe(pot!.expected);
    await expectDbError(
      queryRows(t.db, sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date, scheduled_open_at) values (${owner}, 'B', 5000, '2030-06-15', '2030-06-15T00:00:00Z')`),
      /check_open_before_birthday/,
    );
  });

  it('pot status moves only scheduled -> open -> funded | expired -> closed', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner, { status: 'scheduled', target: 5000 });
    const move = (to: string) => queryRows(t.db, sql`update wolo.pots set status = ${to} where id = ${pot}`);
    await expectSqlState(move('funded'), 'UW011');
    await expectSqlState(move('closed'), 'UW011');
    await move('open');
    await expectSqlState(move('scheduled'), 'UW011');
    await expectSqlState(move('funded'), 'UW011'); // not yet raised
    await move('expired');
    await expectSqlState(move('open'), 'UW011');
    await move('closed');
    const [row] = await queryRows<{ opened: unknown; closed: unknown }>(t.db, sql`select actual_opened_at as opened, closed_at as closed from wolo.pots where id = ${pot}`);
    expect(row!.opened).not.toBeNull();
    expect(row!.closed).not.toBeNull();
    await expectSqlState(queryRows(t.db, sql`update wolo.pots set raised_cfa = 10 where id = ${pot}`), 'UW013');
  });

  it('open_due_pots opens the scheduled pots whose time has come, and only those', async () => {
    const owner = await createUser(t.db);
    const due = await createPot(t.db, owner, { status: 'scheduled' });
    await queryRows(t.db, sql`update wolo.pots set scheduled_open_at = now() - interval '1 hour' where id = ${due}`);
    const later = await createPot(t.db, owner, { status: 'scheduled' });
    await queryRows(t.db, sql`update wolo.pots set scheduled_open_at = now() + interval '1 day' where id = ${later}`);
    const [n] = await queryRows<{ n: number }>(t.db, sql`select wolo.open_due_pots() as n`);
    expect(Number(n!.n)).toBeGreaterThanOrEqual(1);
    const rows = await queryRows<{ id: string; status: string }>(t.db, sql`select id, status from wolo.pots where id in (${due}, ${later})`);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [due]: 'open', [later]: 'scheduled' });
  });
});

import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { computeDailyMetrics, computePartnerSettlement, processWaveWebhook, recordEvent, redeemQr } from '../../src/functions/wolo/index.js';
import { asServiceRole, withContext } from '../../src/rls.js';
import { expectDenied } from '../../src/testing/index.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { anonCtx, createDonation, createPot, createQr, createUser, expectSqlState, userCtx, waveEvent } from './fixtures.js';

const t = useDatabase();

/** A partner with `split` %, and `n` codes of a pack priced `price`, redeemed at `at` (Dakar local time). */
async function redeemed(pot: string, partner: string | undefined, price: number, at: string[]) {
  let p = partner;
  for (const when of at) {
    const qr = await createQr(t.db, pot, p ? { partner: p, from: '2020-01-01T00:00:00Z' } : { from: '2020-01-01T00:00:00Z' });
    p = qr.partner;
    await queryRows(t.db, sql`update wolo.packs set base_price_cfa = ${price} where id = ${qr.pack}`);
    expect(await redeemQr(t.db, { code: qr.code, partnerId: p })).toBe('success');
    await queryRows(t.db, sql`update wolo.qr_codes set redeemed_at = (${when}::timestamp at time zone 'Africa/Dakar') where id = ${qr.qr}`);
  }
  return p!;
}

async function settlement(id: string) {
  const [row] = await queryRows<{ total_redemptions_count: number; total_revenue_cfa: number; partner_share_cfa: number; wolo_commission_cfa: number; status: string }>(
    t.db,
    sql`select total_redemptions_count, total_revenue_cfa, partner_share_cfa, wolo_commission_cfa, status from wolo.partner_settlements where id = ${id}`,
  );
  return row!;
}

describe(`partner settlements (${engine})`, () => {
  it('counts the period (inclusive, business dates), splits revenue into integers that add up exactly', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const partner = await redeemed(pot, undefined, 10_001, ['2026-01-01 00:00:00', '2026-01-15 12:00:00', '2026-01-31 23:59:59', '2026-02-01 00:00:00', '2025-12-31 23:59:59']);
    await queryRows(t.db, sql`update wolo.partners set revenue_split_percentage = 33.33 where id = ${partner}`);
    const id = await computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2026-01-01', periodEnd: '2026-01-31' });
    const s = await settlement(id);
    expect(s).toMatchObject({ total_redemptions_count: 3, total_revenue_cfa: 30_003, partner_share_cfa: 9_999, wolo_commission_cfa: 20_004, status: 'pending' });
    expect(s.partner_share_cfa + s.wolo_commission_cfa).toBe(s.total_revenue_cfa);
    // Recomputing finds the same row and new redemptions.
    await redeemed(pot, partner, 7, ['2026-01-20 10:00:00']);
    expect(await computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2026-01-01', periodEnd: '2026-01-31' })).toBe(id);
    const again = await settlement(id);
    expect(again).toMatchObject({ total_redemptions_count: 4, total_revenue_cfa: 30_010 });
    expect(again.partner_share_cfa + again.wolo_commission_cfa).toBe(30_010);
    // An empty period is a zero settlement.
    const empty = await settlement(await computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2025-06-01', periodEnd: '2025-06-30' }));
    expect(empty).toMatchObject({ total_redemptions_count: 0, total_revenue_cfa: 0, partner_share_cfa: 0, wolo_commission_cfa: 0 });
  });

  it('a paid settlement is never recomputed; bad periods and unknown partners are refused; service_role only', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const partner = await redeemed(pot, undefined, 5_000, ['2026-03-10 10:00:00']);
    const id = await computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2026-03-01', periodEnd: '2026-03-31' });
    await queryRows(t.db, sql`update wolo.partner_settlements set status = 'paid', paid_at = now(), payment_reference = 'WAVE-1' where id = ${id}`);
    await redeemed(pot, partner, 5_000, ['2026-03-11 10:00:00']);
    await expect(computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2026-03-01', periodEnd: '2026-03-31' })).rejects.toMatchObject({ code: 'settlement_paid' });
    expect(await settlement(id)).toMatchObject({ total_redemptions_count: 1, status: 'paid' });
    await expect(computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2026-03-31', periodEnd: '2026-03-01' })).rejects.toMatchObject({ field: 'periodEnd' });
    await expectSqlState(queryRows(t.db, sql`select wolo.compute_partner_settlement(${partner}, '2026-03-31', '2026-03-01')`), 'UW018');
    await expect(computePartnerSettlement(t.db, { partnerId: '00000000-0000-4000-8000-000000000000', periodStart: '2026-03-01', periodEnd: '2026-03-31' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expectDenied(t.db, userCtx(owner), (tx) => queryRows(tx, sql`select wolo.compute_partner_settlement(${partner}, '2026-04-01', '2026-04-30')`));
    await expectDenied(t.db, anonCtx, (tx) => queryRows(tx, sql`select wolo.compute_partner_settlement(${partner}, '2026-04-01', '2026-04-30')`));
  });

  it("a partner's periods never overlap: no redemption is settled twice (the function, direct writes, a changed period)", async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const partner = await redeemed(pot, undefined, 1_000, ['2026-01-15 10:00:00']);
    const jan = await computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2026-01-01', periodEnd: '2026-01-31' });
    // overlapping by one day at either end, inside, around: refused, naming the settlement it overlaps
    for (const [periodStart, periodEnd] of [['2026-01-31', '2026-02-27'], ['2025-12-01', '2026-01-01'], ['2026-01-10', '2026-01-20'], ['2025-12-01', '2026-03-01']] as const) {
      await expect(computePartnerSettlement(t.db, { partnerId: partner, periodStart, periodEnd })).rejects.toMatchObject({
        code: 'settlement_overlap',
        field: 'period_start',
        message: expect.stringContaining('2026-01-01 .. 2026-01-31'),
      });
    }
    await expectSqlState(
      queryRows(t.db, sql`insert into wolo.partner_settlements (partner_id, period_start, period_end) values (${partner}, '2026-01-15', '2026-02-14')`),
      'UW026',
    );
    // the adjacent periods, the same period again (recomputed) and another partner's same period pass
    const feb = await computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2026-02-01', periodEnd: '2026-02-28' });
    await computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2025-12-01', periodEnd: '2025-12-31' });
    expect(await computePartnerSettlement(t.db, { partnerId: partner, periodStart: '2026-01-01', periodEnd: '2026-01-31' })).toBe(jan);
    const other = await redeemed(pot, undefined, 1_000, ['2026-01-15 11:00:00']);
    await computePartnerSettlement(t.db, { partnerId: other, periodStart: '2026-01-10', periodEnd: '2026-01-20' });
    // moving a period onto another is refused; the row keeps its period
    await expectSqlState(queryRows(t.db, sql`update wolo.partner_settlements set period_start = '2026-01-31' where id = ${feb}`), 'UW026');
    await expectSqlState(queryRows(t.db, sql`update wolo.partner_settlements set partner_id = ${other} where id = ${jan}`), 'UW026');
    const [row] = await queryRows<{ period_start: string; partner_id: string }>(t.db, sql`select period_start::text, partner_id from wolo.partner_settlements where id = ${feb}`);
    expect(row).toEqual({ period_start: '2026-02-01', partner_id: partner });
    // approving or paying (no change of period) is not checked again
    await queryRows(t.db, sql`update wolo.partner_settlements set status = 'approved' where id = ${jan}`);
    expect(await settlement(jan)).toMatchObject({ total_redemptions_count: 1, status: 'approved' });
  });

  it.skipIf(engine !== 'postgres')(`two overlapping periods written at once: the second waits for the first and is refused ${POSTGRES_ONLY_RACE}`, async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const partner = await redeemed(pot, undefined, 1_000, ['2026-07-15 10:00:00']);
    const [a, b] = [0, 1].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      let second: Promise<unknown> | undefined;
      let settled = false;
      await a!.begin(async (tx) => {
        await tx`select wolo.compute_partner_settlement(${partner}, '2026-07-01', '2026-07-31')`;
        // the first has not committed: the second's SELECT alone would not see its row
        second = b!`select wolo.compute_partner_settlement(${partner}, '2026-07-15', '2026-08-14')`.finally(() => {
          settled = true;
        });
        second.catch(() => {});
        await new Promise((r) => setTimeout(r, 300));
        expect(settled).toBe(false); // waiting on the partner's lock
      });
      await expectSqlState(second!, 'UW026');
      const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.partner_settlements where partner_id = ${partner}`);
      expect(n!.n).toBe(1);
    } finally {
      await Promise.all([a!.end({ timeout: 5 }), b!.end({ timeout: 5 })]);
    }
  });

  it.skipIf(engine !== 'postgres')('concurrent computations of one period leave one settlement [PostgreSQL only: needs several connections]', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const partner = await redeemed(pot, undefined, 1_000, ['2026-05-05 10:00:00', '2026-05-06 10:00:00']);
    const cs = [0, 1, 2, 3].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      const ids = await Promise.all(cs.map((c) => c`select wolo.compute_partner_settlement(${partner}, '2026-05-01', '2026-05-31') as id`));
      expect(new Set(ids.map((r) => r[0]!.id)).size).toBe(1);
      const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.partner_settlements where partner_id = ${partner}`);
      expect(n!.n).toBe(1);
      expect(await settlement(ids[0]![0]!.id)).toMatchObject({ total_redemptions_count: 2, total_revenue_cfa: 2_000 });
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });
});

describe(`analytics (${engine})`, () => {
  it('record_event: a user records its own events only', async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const id = await recordEvent(t.db, { eventName: 'pot_viewed', eventCategory: 'engagement', userId: alice, properties: { pot: 'x' }, platform: 'web' });
    const [e] = await queryRows<{ user_id: string; properties: unknown }>(t.db, sql`select user_id, properties from wolo.analytics_events where id = ${id}`);
    expect(e).toEqual({ user_id: alice, properties: { pot: 'x' } });
    await expect(recordEvent(t.db, { eventName: '', eventCategory: 'x' })).rejects.toMatchObject({ field: 'eventName' });
    await expect(recordEvent(t.db, { eventName: 'a', eventCategory: 'x', platform: 'tv' as 'web' })).rejects.toMatchObject({ field: 'platform' });
    await expectSqlState(
      t.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('request.jwt.claims', ${JSON.stringify({ sub: alice, role: 'authenticated' })}, true)`);
        await tx.execute(sql`select wolo.record_event('x', 'y', ${bob})`);
      }),
      'UW018',
    );
    await expectDenied(t.db, anonCtx, (tx) => queryRows(tx, sql`select wolo.record_event('x', 'y')`));
  });

  it('record_event: an unknown user is not_found naming user_id (not the foreign key error); nothing is recorded', async () => {
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const error = await recordEvent(t.db, { eventName: 'view', eventCategory: 'pot', userId: ghost }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'not_found', field: 'user_id' });
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.analytics_events where user_id = ${ghost}`);
    expect(n!.n).toBe(0);
  });

  it('record_event runs as the signed-in caller (SECURITY INVOKER): own or anonymous events, stamped now(), never backdated', async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const ids = await withContext(t.db, userCtx(alice), async (tx) => {
      const [own] = await queryRows<{ id: string }>(tx, sql`select wolo.record_event('pot_viewed', 'engagement', ${alice}, null, null, null, 'web', null, '2001-01-01') as id`);
      const [anonymous] = await queryRows<{ id: string }>(tx, sql`select wolo.record_event('page_viewed', 'engagement') as id`);
      return [own!.id, anonymous!.id];
    });
    const rows = await queryRows<{ user_id: string | null; recent: boolean }>(
      t.db,
      sql`select user_id, timestamp > now() - interval '1 hour' as recent from wolo.analytics_events where id in (${ids[0]}, ${ids[1]}) order by event_name desc`,
    );
    expect(rows).toEqual([
      { user_id: alice, recent: true },
      { user_id: null, recent: true },
    ]);
    // the table itself: another user's event is refused by the policy, a timestamp by the column grant
    await expectDenied(t.db, userCtx(alice), (tx) =>
      queryRows(tx, sql`insert into wolo.analytics_events (event_name, event_category, user_id) values ('x', 'y', ${bob})`),
    );
    await expectDenied(t.db, userCtx(alice), (tx) =>
      queryRows(tx, sql`insert into wolo.analytics_events (event_name, event_category, user_id, timestamp) values ('x', 'y', ${alice}, '2001-01-01')`),
    );
  });

  it('compute_daily_metrics fills donation_analytics and business_metrics, idempotently', async () => {
    const [{ today }] = (await queryRows<{ today: string }>(t.db, sql`select ((now() at time zone 'Africa/Dakar')::date)::text as today`)) as [{ today: string }];
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const donor = await createUser(t.db);
    const d1 = await createDonation(t.db, pot, { amount: 5_000, donor });
    const d2 = await createDonation(t.db, pot, { amount: 2_000, donor });
    await createDonation(t.db, pot, { amount: 9_000 }); // stays pending
    for (const [d, amount] of [
      [d1, 5_000],
      [d2, 2_000],
    ] as const)
      await asServiceRole(t.db, (tx) => processWaveWebhook(tx, waveEvent(d, amount)));
    await recordEvent(t.db, { eventName: 'login', eventCategory: 'auth', userId: owner });
    const read = async () => {
      const da = await queryRows<{ total_amount_cfa: number; transaction_count: number; unique_donors: number; average_donation_cfa: number }>(
        t.db,
        sql`select total_amount_cfa::int, transaction_count, unique_donors, average_donation_cfa from wolo.donation_analytics where period_type = 'daily' and period_start = ${today}::date`,
      );
      const bm = await queryRows<{ metric_type: string; metric_value: string; metric_count: number }>(
        t.db,
        sql`select metric_type, metric_value::numeric::int::text as metric_value, metric_count from wolo.business_metrics where metric_date = ${today}::date and dimensions is null order by metric_type`,
      );
      return { da, bm: Object.fromEntries(bm.map((r) => [r.metric_type, Number(r.metric_value)])) };
    };
    await computeDailyMetrics(t.db, today);
    const first = await read();
    expect(first.da).toHaveLength(1);
    // Other tests in this file add to the same day: at least this test's own numbers.
    expect(first.da[0]!.total_amount_cfa).toBeGreaterThanOrEqual(7_000);
    expect(first.bm.donations).toBe(first.da[0]!.total_amount_cfa);
    expect(first.bm.daily_active_users).toBeGreaterThanOrEqual(2);
    expect(first.bm.new_pots).toBeGreaterThanOrEqual(1);
    expect(Object.keys(first.bm).sort()).toEqual(['daily_active_users', 'donations', 'new_pots', 'revenue']);
    await computeDailyMetrics(t.db, today);
    expect(await read()).toEqual(first);
    const d3 = await createDonation(t.db, pot, { amount: 1_000 });
    await asServiceRole(t.db, (tx) => processWaveWebhook(tx, waveEvent(d3, 1_000)));
    await computeDailyMetrics(t.db, today);
    const after = await read();
    expect(after.da).toHaveLength(1);
    expect(after.da[0]!.total_amount_cfa).toBe(first.da[0]!.total_amount_cfa + 1_000);
    expect(after.da[0]!.transaction_count).toBe(first.da[0]!.transaction_count + 1);
    await expect(computeDailyMetrics(t.db, '2026-13-01')).rejects.toMatchObject({ field: 'day' });
    await expectDenied(t.db, userCtx(owner), (tx) => queryRows(tx, sql`select wolo.compute_daily_metrics(current_date)`));
  });
});

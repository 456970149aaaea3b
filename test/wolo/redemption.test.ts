import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { redeemQr } from '../../src/functions/wolo/index.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { createPot, createQr, createUser } from './fixtures.js';

const t = useDatabase();

async function logs(qr: string) {
  return queryRows<{ validation_result: string }>(t.db, sql`select validation_result from wolo.qr_redemption_logs where qr_code_id = ${qr} order by attempt_timestamp, created_at`);
}

describe(`QR redemption (${engine})`, () => {
  it('success once, then already_used; every attempt is logged', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const { partner, code, qr } = await createQr(t.db, pot);
    expect(await redeemQr(t.db, { code, partnerId: partner, venue: { name: 'Sea Plaza' } })).toBe('success');
    expect(await redeemQr(t.db, { code, partnerId: partner })).toBe('already_used');
    expect((await logs(qr)).map((l) => l.validation_result)).toEqual(['success', 'already_used']);
    const [row] = await queryRows<{ status: string; redeemed_by_partner_id: string; venue: unknown }>(
      t.db,
      sql`select status, redeemed_by_partner_id, redeemed_at_venue as venue from wolo.qr_codes where id = ${qr}`,
    );
    expect(row).toMatchObject({ status: 'redeemed', redeemed_by_partner_id: partner, venue: { name: 'Sea Plaza' } });
  });

  it('invalid, wrong_partner, expired, not_yet_valid; the code is untouched and each attempt logged', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const a = await createQr(t.db, pot);
    const other = await createQr(t.db, pot);
    expect(await redeemQr(t.db, { code: 'NO-SUCH-CODE-123456', partnerId: a.partner })).toBe('invalid');
    const [invalid] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.qr_redemption_logs where attempted_code = 'NO-SUCH-CODE-123456' and validation_result = 'invalid' and qr_code_id is null`);
    expect(invalid!.n).toBe(1);
    expect(await redeemQr(t.db, { code: a.code, partnerId: other.partner })).toBe('wrong_partner');
    const expired = await createQr(t.db, pot, { partner: a.partner, from: '2020-01-01T00:00:00Z', until: '2020-02-01T00:00:00Z' });
    expect(await redeemQr(t.db, { code: expired.code, partnerId: a.partner })).toBe('expired');
    const future = await createQr(t.db, pot, { partner: a.partner, from: '2099-01-01T00:00:00Z', until: '2099-02-01T00:00:00Z' });
    expect(await redeemQr(t.db, { code: future.code, partnerId: a.partner })).toBe('not_yet_valid');
    await queryRows(t.db, sql`update wolo.qr_codes set status = 'cancelled' where id = ${other.qr}`);
    expect(await redeemQr(t.db, { code: other.code, partnerId: other.partner })).toBe('invalid');
    const [codes] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.qr_codes where id in (${a.qr}, ${expired.qr}, ${future.qr}) and status = 'issued'`);
    expect(codes!.n).toBe(3);
    expect((await logs(a.qr)).map((l) => l.validation_result)).toEqual(['wrong_partner']);
    expect((await logs(expired.qr)).map((l) => l.validation_result)).toEqual(['expired']);
    expect((await logs(future.qr)).map((l) => l.validation_result)).toEqual(['not_yet_valid']);
  });

  it('an unknown partner or a malformed partner id is refused, not logged as an attempt', async () => {
    await expect(redeemQr(t.db, { code: 'X', partnerId: 'nope' })).rejects.toMatchObject({ field: 'partnerId' });
    await expect(redeemQr(t.db, { code: 'X', partnerId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it("the pack's total_available_quantity and max_redemptions_per_user: past them the redemption is refused, naming the limit, nothing written", async () => {
    const [alice, bob, carol] = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    const first = await createQr(t.db, await createPot(t.db, alice));
    await queryRows(t.db, sql`update wolo.packs set total_available_quantity = 2, max_redemptions_per_user = 1 where id = ${first.pack}`);
    const again = await createQr(t.db, await createPot(t.db, alice), { partner: first.partner, pack: first.pack });
    const second = await createQr(t.db, await createPot(t.db, bob), { partner: first.partner, pack: first.pack });
    const third = await createQr(t.db, await createPot(t.db, carol), { partner: first.partner, pack: first.pack });
    expect(await redeemQr(t.db, { code: first.code, partnerId: first.partner })).toBe('success');
    // alice's second code of the pack: one redemption per user
    await expect(redeemQr(t.db, { code: again.code, partnerId: first.partner })).rejects.toMatchObject({
      code: 'redemption_limit_reached', field: 'max_redemptions_per_user', sqlState: 'UW027',
    });
    expect(await redeemQr(t.db, { code: second.code, partnerId: first.partner })).toBe('success');
    // two of two redeemed: carol's code finds none left
    await expect(redeemQr(t.db, { code: third.code, partnerId: first.partner })).rejects.toMatchObject({
      code: 'redemption_limit_reached', field: 'total_available_quantity', sqlState: 'UW027',
    });
    const [codes] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.qr_codes where id in (${again.qr}, ${third.qr}) and status = 'issued' and redeemed_at is null`);
    expect(codes!.n).toBe(2);
    expect(await logs(again.qr)).toEqual([]);
    expect(await logs(third.qr)).toEqual([]);
    // a larger allowance lets alice redeem her second code
    await queryRows(t.db, sql`update wolo.packs set total_available_quantity = 3, max_redemptions_per_user = 2 where id = ${first.pack}`);
    expect(await redeemQr(t.db, { code: again.code, partnerId: first.partner })).toBe('success');
  });

  it('an inactive pack, one outside available_from .. available_until, or a partner that is not active: refused, naming the field, nothing written', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const cases: [string, ReturnType<typeof sql>, string][] = [
      ['is_active', sql`update wolo.packs set is_active = false where id = `, 'is_active'],
      ['available_from', sql`update wolo.packs set available_from = current_date + 2, available_until = current_date + 30 where id = `, 'available_from'],
      ['available_until', sql`update wolo.packs set available_from = current_date - 30, available_until = current_date - 2 where id = `, 'available_until'],
      ['partner status', sql`update wolo.partners set status = 'suspended' where id = (select partner_id from wolo.packs where id = `, 'status'],
    ];
    for (const [label, update, field] of cases) {
      const qr = await createQr(t.db, pot);
      await queryRows(t.db, sql`${update}${qr.pack}${sql.raw(label === 'partner status' ? ')' : '')}`);
      await expect(redeemQr(t.db, { code: qr.code, partnerId: qr.partner }), label).rejects.toMatchObject({ code: 'pack_unavailable', field, sqlState: 'UW028' });
      const [row] = await queryRows<{ status: string }>(t.db, sql`select status from wolo.qr_codes where id = ${qr.qr}`);
      expect(row!.status, label).toBe('issued');
      expect(await logs(qr.qr), label).toEqual([]);
    }
    // the pack's last day still counts (business dates, inclusive)
    const today = await createQr(t.db, pot);
    await queryRows(t.db, sql`update wolo.packs set available_from = (now() at time zone wolo.business_time_zone())::date, available_until = (now() at time zone wolo.business_time_zone())::date where id = ${today.pack}`);
    expect(await redeemQr(t.db, { code: today.code, partnerId: today.partner })).toBe('success');
  });

  it.skipIf(engine !== 'postgres')('two concurrent redemptions of one code on separate connections: exactly one success [PostgreSQL only: a race needs several connections, PGlite has one]', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    for (let round = 0; round < 5; round++) {
      const { partner, code, qr } = await createQr(t.db, pot);
      const cs = [0, 1].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
      try {
        const results = await Promise.all(cs.map((c) => c`select wolo.redeem_qr(${code}, ${partner}) as r`));
        expect(results.map((r) => r[0]!.r).sort()).toEqual(['already_used', 'success']);
        expect((await logs(qr)).map((l) => l.validation_result).sort()).toEqual(['already_used', 'success']);
      } finally {
        await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
      }
    }
  });

  it.skipIf(engine !== 'postgres')(`the last unit of a pack redeemed on 6 connections at once: one success, the others refused ${POSTGRES_ONLY_RACE}`, async () => {
    for (let round = 0; round < 3; round++) {
      const first = await createQr(t.db, await createPot(t.db, await createUser(t.db)));
      await queryRows(t.db, sql`update wolo.packs set total_available_quantity = 1 where id = ${first.pack}`);
      const codes = [first.code];
      for (let i = 1; i < 6; i++) codes.push((await createQr(t.db, await createPot(t.db, await createUser(t.db)), { partner: first.partner, pack: first.pack })).code);
      const cs = codes.map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
      try {
        const results = await Promise.allSettled(cs.map((c, i) => c`select wolo.redeem_qr(${codes[i]!}, ${first.partner}) as r`));
        expect(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value[0]!.r] : []))).toEqual(['success']);
        expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as { code: string; column_name?: string }))).toEqual(
          Array.from({ length: 5 }, () => expect.objectContaining({ code: 'UW027', column_name: 'total_available_quantity' })),
        );
        const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.qr_codes where pack_id = ${first.pack} and status = 'redeemed'`);
        expect(n!.n).toBe(1);
      } finally {
        await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
      }
    }
  });

  it.skipIf(engine !== 'postgres')(`one user's codes of a pack redeemed on 5 connections at once: max_redemptions_per_user succeed ${POSTGRES_ONLY_RACE}`, async () => {
    for (let round = 0; round < 3; round++) {
      const owner = await createUser(t.db);
      const first = await createQr(t.db, await createPot(t.db, owner));
      await queryRows(t.db, sql`update wolo.packs set max_redemptions_per_user = 2 where id = ${first.pack}`);
      const codes = [first.code];
      for (let i = 1; i < 5; i++) codes.push((await createQr(t.db, await createPot(t.db, owner), { partner: first.partner, pack: first.pack })).code);
      const cs = codes.map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
      try {
        const results = await Promise.allSettled(cs.map((c, i) => c`select wolo.redeem_qr(${codes[i]!}, ${first.partner}) as r`));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
        expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as { code: string }).code)).toEqual(['UW027', 'UW027', 'UW027']);
        const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.qr_codes where pack_id = ${first.pack} and status = 'redeemed'`);
        expect(n!.n).toBe(2);
      } finally {
        await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
      }
    }
  });
});

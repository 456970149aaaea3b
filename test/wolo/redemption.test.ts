import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { databaseErrorOf } from '../../src/errors.js';
import { redeemQr } from '../../src/functions/wolo/index.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { createPot, createQr, createUser } from './fixtures.js';

const t = useDatabase();

async function logs(qr: string) {
  return queryRows<{ validation_result: string }>(t.db, sql`select validation_result from wolo.qr_redemption_logs where qr_code_id = ${qr} order by attempt_timestamp, created_at`);
}

/** Codes of a pack that are not cancelled. */
async function codesOf(pack: string) {
  const [row] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.qr_codes where pack_id = ${pack} and status <> 'cancelled'`);
  return row!.n;
}

/** SQLSTATE and column of a refused write, from drizzle's wrapper or the driver's error. */
function issueErrorOf(error: unknown) {
  const db = databaseErrorOf(error);
  return { code: db?.code, column: db?.column ?? db?.column_name };
}

/** The error a write that must fail failed with. */
async function issueError(promise: Promise<unknown>) {
  return promise.then(
    () => ({ code: 'none', column: undefined }),
    (e: unknown) => issueErrorOf(e),
  );
}

/** One code of `pack` issued on each pot at once, each on a connection of its own. */
async function raceIssues(pack: string, pots: string[]) {
  const cs = pots.map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
  try {
    return await Promise.allSettled(
      cs.map(
        (c, i) => c`insert into wolo.qr_codes (pot_id, pack_id, code, redeemable_from, expires_at)
                    values (${pots[i]!}, ${pack}, ${`QR-${randomUUID()}`}, now() - interval '1 hour', now() + interval '30 days')`,
      ),
    );
  } finally {
    await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
  }
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

  it("a code is issued only under the pack's total_available_quantity and max_redemptions_per_user (UW027 naming the limit, nothing written); cancelled codes free their unit", async () => {
    const [alice, bob, carol] = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    const first = await createQr(t.db, await createPot(t.db, alice));
    await queryRows(t.db, sql`update wolo.packs set total_available_quantity = 2, max_redemptions_per_user = 1 where id = ${first.pack}`);
    // alice's second code of the pack: one per owner
    expect(await issueError(createQr(t.db, await createPot(t.db, alice), { partner: first.partner, pack: first.pack }))).toEqual({ code: 'UW027', column: 'max_redemptions_per_user' });
    const second = await createQr(t.db, await createPot(t.db, bob), { partner: first.partner, pack: first.pack });
    // two of two issued: carol gets none
    expect(await issueError(createQr(t.db, await createPot(t.db, carol), { partner: first.partner, pack: first.pack }))).toEqual({ code: 'UW027', column: 'total_available_quantity' });
    expect(await codesOf(first.pack)).toBe(2);
    // issued codes are honoured: both redeem
    expect(await redeemQr(t.db, { code: first.code, partnerId: first.partner })).toBe('success');
    expect(await redeemQr(t.db, { code: second.code, partnerId: first.partner })).toBe('success');
    // a cancelled code gives its unit back; issuing it again counts it again
    await queryRows(t.db, sql`update wolo.packs set total_available_quantity = 3 where id = ${first.pack}`);
    const third = await createQr(t.db, await createPot(t.db, carol), { partner: first.partner, pack: first.pack });
    await queryRows(t.db, sql`update wolo.qr_codes set status = 'cancelled' where id = ${third.qr}`);
    const fourth = await createQr(t.db, await createPot(t.db, await createUser(t.db)), { partner: first.partner, pack: first.pack });
    expect(await issueError(queryRows(t.db, sql`update wolo.qr_codes set status = 'issued' where id = ${third.qr}`))).toEqual({ code: 'UW027', column: 'total_available_quantity' });
    expect(await redeemQr(t.db, { code: fourth.code, partnerId: first.partner })).toBe('success');
  });

  it('no code is issued for an inactive pack or outside available_from .. available_until (UW028 naming the field); a code issued before stays redeemable', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const cases: [string, ReturnType<typeof sql>][] = [
      ['is_active', sql`update wolo.packs set is_active = false where id = `],
      ['available_from', sql`update wolo.packs set available_from = current_date + 2, available_until = current_date + 30 where id = `],
      ['available_until', sql`update wolo.packs set available_from = current_date - 30, available_until = current_date - 2 where id = `],
    ];
    for (const [field, update] of cases) {
      const issued = await createQr(t.db, pot);
      await queryRows(t.db, sql`update wolo.packs set max_redemptions_per_user = 5 where id = ${issued.pack}`);
      await queryRows(t.db, sql`${update}${issued.pack}`);
      expect(await issueError(createQr(t.db, pot, { partner: issued.partner, pack: issued.pack })), field).toEqual({ code: 'UW028', column: field });
      expect(await codesOf(issued.pack), field).toBe(1);
      // the gift its donors paid for is honoured
      expect(await redeemQr(t.db, { code: issued.code, partnerId: issued.partner }), field).toBe('success');
    }
    // the pack's first and last day count (business dates, inclusive)
    const today = await createQr(t.db, pot);
    await queryRows(
      t.db,
      sql`update wolo.packs set max_redemptions_per_user = 5, available_from = (now() at time zone wolo.business_time_zone())::date, available_until = (now() at time zone wolo.business_time_zone())::date where id = ${today.pack}`,
    );
    const sameDay = await createQr(t.db, pot, { partner: today.partner, pack: today.pack });
    expect(await redeemQr(t.db, { code: sameDay.code, partnerId: today.partner })).toBe('success');
  });

  it('a partner that is not active redeems nothing: UW028 naming status, the code untouched, nothing logged', async () => {
    const qr = await createQr(t.db, await createPot(t.db, await createUser(t.db)));
    await queryRows(t.db, sql`update wolo.partners set status = 'suspended' where id = ${qr.partner}`);
    await expect(redeemQr(t.db, { code: qr.code, partnerId: qr.partner })).rejects.toMatchObject({ code: 'pack_unavailable', field: 'status', sqlState: 'UW028' });
    const [row] = await queryRows<{ status: string }>(t.db, sql`select status from wolo.qr_codes where id = ${qr.qr}`);
    expect(row!.status).toBe('issued');
    expect(await logs(qr.qr)).toEqual([]);
    await queryRows(t.db, sql`update wolo.partners set status = 'active' where id = ${qr.partner}`);
    expect(await redeemQr(t.db, { code: qr.code, partnerId: qr.partner })).toBe('success');
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

  it.skipIf(engine !== 'postgres')(`the last unit of a pack issued on 6 connections at once: one code, the others refused ${POSTGRES_ONLY_RACE}`, async () => {
    for (let round = 0; round < 3; round++) {
      const first = await createQr(t.db, await createPot(t.db, await createUser(t.db)));
      await queryRows(t.db, sql`update wolo.packs set total_available_quantity = 2 where id = ${first.pack}`);
      const pots = [];
      for (let i = 0; i < 6; i++) pots.push(await createPot(t.db, await createUser(t.db)));
      const results = await raceIssues(first.pack, pots);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.flatMap((r) => (r.status === 'rejected' ? [issueErrorOf(r.reason)] : []))).toEqual(
        Array.from({ length: 5 }, () => ({ code: 'UW027', column: 'total_available_quantity' })),
      );
      expect(await codesOf(first.pack)).toBe(2);
    }
  });

  it.skipIf(engine !== 'postgres')(`one owner's codes of a pack issued on 5 connections at once: max_redemptions_per_user of them ${POSTGRES_ONLY_RACE}`, async () => {
    for (let round = 0; round < 3; round++) {
      const owner = await createUser(t.db);
      const first = await createQr(t.db, await createPot(t.db, await createUser(t.db)));
      await queryRows(t.db, sql`update wolo.packs set max_redemptions_per_user = 2 where id = ${first.pack}`);
      const pots = [];
      for (let i = 0; i < 5; i++) pots.push(await createPot(t.db, owner));
      const results = await raceIssues(first.pack, pots);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(results.flatMap((r) => (r.status === 'rejected' ? [issueErrorOf(r.reason)] : []))).toEqual(
        Array.from({ length: 3 }, () => ({ code: 'UW027', column: 'max_redemptions_per_user' })),
      );
      expect(await codesOf(first.pack)).toBe(3);
    }
  });
});

import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { redeemQr } from '../../src/functions/wolo/index.js';
import { engine, useDatabase } from '../helpers.js';
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
});

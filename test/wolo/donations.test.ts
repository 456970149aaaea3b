import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { dbErrorCode, queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import { processWaveWebhook, refundDonation } from '../../src/functions/wolo/index.js';
import { asServiceRole } from '../../src/rls.js';
import { pots } from '../../src/schema/wolo/pots.js';
import { byUuid, engine, opposingParentWrites, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { createDonation, createPot, createUser, expectSqlState, potTotals, waveEvent } from './fixtures.js';

const t = useDatabase();

async function snapshot(pot: string) {
  return queryRows(
    t.db,
    sql`select (select json_agg(d order by d.id) from (select id, status, amount_cfa, wave_transaction_id, confirmed_at, failed_at from wolo.donations where pot_id = ${pot}) d) as donations,
               (select json_agg(p) from (select raised_cfa, donor_count, status from wolo.pots where id = ${pot}) p) as pot,
               (select count(*) from wolo.wave_webhook_events e join wolo.donations d on d.id = e.donation_id where d.pot_id = ${pot}) as events`,
  );
}

describe(`Wave webhooks (${engine})`, () => {
  it('a pot whose total passes 2^31-1 CFA: the webhook succeeds, raised_cfa holds the sum (bigint, read as a number), a redelivery is a duplicate', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner, { target: 2_147_483_647 });
    const first = await createDonation(t.db, pot, { amount: 2_000_000_000 });
    const second = await createDonation(t.db, pot, { amount: 2_000_000_000 });
    await asServiceRole(t.db, (tx) => processWaveWebhook(tx, waveEvent(first, 2_000_000_000)));
    const event = waveEvent(second, 2_000_000_000);
    expect(await asServiceRole(t.db, (tx) => processWaveWebhook(tx, event))).toMatchObject({ status: 'succeeded', duplicate: false });
    expect(await asServiceRole(t.db, (tx) => processWaveWebhook(tx, event))).toMatchObject({ status: 'succeeded', duplicate: true });
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 4_000_000_000, expectedRaised: 4_000_000_000, donors: 2, status: 'funded' });
    const [row] = await t.db.select({ raised: pots.raisedCfa }).from(pots).where(eq(pots.id, pot));
    expect(row!.raised).toBe(4_000_000_000);
  });

  it('a completed checkout takes a pending donation to succeeded and updates the pot; a redelivery changes nothing', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const donation = await createDonation(t.db, pot, { amount: 2500 });
    const event = waveEvent(donation, 2500);
    const first = await asServiceRole(t.db, (tx) => processWaveWebhook(tx, event));
    expect(first).toEqual({ donationId: donation, status: 'succeeded', duplicate: false });
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 2500, donors: 1, expectedRaised: 2500, expectedDonors: 1 });
    const before = await snapshot(pot);
    const again = await asServiceRole(t.db, (tx) => processWaveWebhook(tx, event));
    expect(again).toEqual({ donationId: donation, status: 'succeeded', duplicate: true });
    // The same outcome of the same checkout session under a new event id is a duplicate too.
    const renamed = await asServiceRole(t.db, (tx) => processWaveWebhook(tx, { ...event, id: `AE_${randomUUID()}` }));
    expect(renamed.duplicate).toBe(true);
    expect(await snapshot(pot)).toEqual(before);
  });

  it('moves forward only: processing then succeeded; a late processing or failed event is recorded and changes nothing', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const donation = await createDonation(t.db, pot, { amount: 1000 });
    const session = `cos-${randomUUID()}`;
    const processing = waveEvent(donation, 1000, { paymentStatus: 'processing', sessionId: session });
    const completed = waveEvent(donation, 1000, { sessionId: session });
    expect((await processWaveWebhook(t.db, processing)).status).toBe('processing');
    expect((await processWaveWebhook(t.db, completed)).status).toBe('succeeded');
    const late = waveEvent(donation, 1000, { type: 'checkout.session.payment_failed', sessionId: session });
    expect(await processWaveWebhook(t.db, late)).toEqual({ donationId: donation, status: 'succeeded', duplicate: false });
    const [row] = await queryRows<{ processing_error: string }>(t.db, sql`select processing_error from wolo.wave_webhook_events where wave_event_id = ${late.id}`);
    expect(row!.processing_error).toMatch(/out of order: the donation is succeeded, the event says failed/);
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 1000, donors: 1 });
  });

  it('out of order: a processing event after the completion is recorded, not applied', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const donation = await createDonation(t.db, pot, { amount: 700 });
    await processWaveWebhook(t.db, waveEvent(donation, 700));
    const processing = waveEvent(donation, 700, { paymentStatus: 'processing' });
    expect((await processWaveWebhook(t.db, processing)).status).toBe('succeeded');
    const [row] = await queryRows<{ processing_error: string }>(t.db, sql`select processing_error from wolo.wave_webhook_events where wave_event_id = ${processing.id}`);
    expect(row!.processing_error).toMatch(/out of order/);
  });

  it('a failed payment fails the donation; the pot does not move', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const donation = await createDonation(t.db, pot, { amount: 900 });
    expect((await processWaveWebhook(t.db, waveEvent(donation, 900, { type: 'checkout.session.payment_failed' }))).status).toBe('failed');
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 0, donors: 0 });
  });

  it('refuses an amount or currency that disagrees with the donation (recorded with the reason)', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const donation = await createDonation(t.db, pot, { amount: 1000 });
    for (const [event, reason] of [
      [waveEvent(donation, 999), /amount 999 does not match/],
      [waveEvent(donation, 1000, { currency: 'EUR' }), /currency EUR does not match/],
      [{ ...waveEvent(donation, 1000), data: { ...waveEvent(donation, 1000).data, amount: 'abc' } }, /amount abc does not match/],
    ] as const) {
      expect(await processWaveWebhook(t.db, event)).toEqual({ donationId: donation, status: 'pending', duplicate: false });
      const [row] = await queryRows<{ processing_error: string }>(t.db, sql`select processing_error from wolo.wave_webhook_events where wave_event_id = ${event.id}`);
      expect(row!.processing_error).toMatch(reason);
    }
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 0 });
  });

  it('an unknown client_reference is recorded; a malformed body is a ValidationError and writes nothing', async () => {
    const result = await processWaveWebhook(t.db, waveEvent(randomUUID(), 100));
    expect(result).toEqual({ donationId: null, status: null, duplicate: false });
    const err = await processWaveWebhook(t.db, { id: '', type: 'x', data: { id: 'cos' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('id');
    // The SQL refuses it too, with its SQLSTATE, mapped to a code.
    await expectSqlState(queryRows(t.db, sql`select * from wolo.process_wave_webhook('{"id": "AE_1"}'::jsonb)`), 'UW001');
  });

  it('donations to a pot that is not open are refused', async () => {
    const owner = await createUser(t.db);
    const scheduled = await createPot(t.db, owner, { status: 'scheduled' });
    await expectSqlState(createDonation(t.db, scheduled), 'UW002');
    const closedToAnon = await createPot(t.db, owner, { allowAnonymous: false });
    await expectSqlState(createDonation(t.db, closedToAnon, { anonymous: true }), 'UW014');
  });

  it('a pot becomes funded when raised_cfa reaches the target', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner, { target: 3000 });
    const a = await createDonation(t.db, pot, { amount: 2000 });
    const b = await createDonation(t.db, pot, { amount: 1000 });
    await processWaveWebhook(t.db, waveEvent(a, 2000));
    expect((await potTotals(t.db, pot)).status).toBe('open');
    await processWaveWebhook(t.db, waveEvent(b, 1000));
    expect(await potTotals(t.db, pot)).toMatchObject({ status: 'funded', raised: 3000, donors: 2 });
    await expectSqlState(createDonation(t.db, pot), 'UW002');
  });
});

describe(`refunds (${engine})`, () => {
  it('only a succeeded donation; never more than its amount; a full refund moves it to refunded; totals follow', async () => {
    const owner = await createUser(t.db);
    const admin = await createUser(t.db, { roles: ['admin'] });
    const pot = await createPot(t.db, owner);
    const donor = await createUser(t.db);
    const donation = await createDonation(t.db, pot, { amount: 5000, donor });
    const refund = (amountCfa: number) => refundDonation(t.db, { donationId: donation, amountCfa, reason: 'user_request', byUser: admin });
    await expect(refund(100)).rejects.toMatchObject({ code: 'refund_not_allowed' });
    await processWaveWebhook(t.db, waveEvent(donation, 5000));
    await refund(2000);
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 3000, donors: 1 });
    await expect(refund(3001)).rejects.toMatchObject({ code: 'refund_exceeds_amount', field: 'amount_cfa' });
    await refund(3000);
    const [d] = await queryRows<{ status: string }>(t.db, sql`select status from wolo.donations where id = ${donation}`);
    expect(d!.status).toBe('refunded');
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 0, donors: 0, expectedRaised: 0 });
    await expect(refund(1)).rejects.toMatchObject({ code: 'refund_not_allowed' });
    await expect(refundDonation(t.db, { donationId: donation, amountCfa: 0, reason: 'fraud', byUser: admin })).rejects.toMatchObject({ field: 'amountCfa' });
    await expect(refundDonation(t.db, { donationId: randomUUID(), amountCfa: 1, reason: 'fraud', byUser: admin })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an unknown refunding user is not_found naming by_user (not the foreign key error); nothing is written', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const donation = await createDonation(t.db, pot, { amount: 800 });
    await processWaveWebhook(t.db, waveEvent(donation, 800));
    const error = await refundDonation(t.db, { donationId: donation, amountCfa: 800, reason: 'fraud', byUser: randomUUID() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'not_found', field: 'by_user' });
    const [row] = await queryRows<{ status: string; refunds: number }>(
      t.db,
      sql`select d.status, (select count(*)::int from wolo.refunds r where r.donation_id = d.id) as refunds from wolo.donations d where d.id = ${donation}`,
    );
    expect(row).toEqual({ status: 'succeeded', refunds: 0 });
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 800, expectedRaised: 800 });
  });

  it('property: after random webhooks and refunds, pot totals equal a recomputation from donations and refunds', async () => {
    const owner = await createUser(t.db);
    const admin = await createUser(t.db, { roles: ['admin'] });
    const donors = [await createUser(t.db), await createUser(t.db), null];
    const phones = ['+221770000001', '+221770000002', null];
    type Op =
      | { kind: 'donate'; pot: number; amount: number; donor: number; phone: number }
      | { kind: 'event'; donation: number; status: 'processing' | 'succeeded' | 'cancelled'; wrongAmount: boolean; redeliver: boolean }
      | { kind: 'refund'; donation: number; amount: number };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('donate' as const), pot: fc.nat(1), amount: fc.integer({ min: 1, max: 5000 }), donor: fc.nat(2), phone: fc.nat(2) }),
      fc.record({ kind: fc.constant('event' as const), donation: fc.nat(20), status: fc.constantFrom('processing' as const, 'succeeded' as const, 'cancelled' as const), wrongAmount: fc.boolean(), redeliver: fc.boolean() }),
      fc.record({ kind: fc.constant('refund' as const), donation: fc.nat(20), amount: fc.integer({ min: 1, max: 5000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const pots = [await createPot(t.db, owner, { target: 10_000_000 }), await createPot(t.db, owner, { target: 10_000_000 })];
        const made: { id: string; amount: number }[] = [];
        for (const op of ops) {
          if (op.kind === 'donate') {
            const id = await createDonation(t.db, pots[op.pot]!, { amount: op.amount, donor: donors[op.donor], phone: phones[op.phone] });
            made.push({ id, amount: op.amount });
          } else if (made.length) {
            const d = made[op.donation % made.length]!;
            if (op.kind === 'event') {
              const type = op.status === 'cancelled' ? 'checkout.session.payment_failed' : 'checkout.session.completed';
              const event = waveEvent(d.id, op.wrongAmount ? d.amount + 1 : d.amount, { type, paymentStatus: op.status });
              await processWaveWebhook(t.db, event);
              if (op.redeliver) expect((await processWaveWebhook(t.db, event)).duplicate).toBe(true);
            } else {
              await refundDonation(t.db, { donationId: d.id, amountCfa: op.amount, reason: 'admin_action', byUser: admin }).catch((e: unknown) => {
                if (!(e instanceof ValidationError) || !['refund_not_allowed', 'refund_exceeds_amount'].includes(e.code)) throw e;
              });
            }
          }
        }
        for (const pot of pots) {
          const totals = await potTotals(t.db, pot);
          expect(totals.raised).toBe(totals.expectedRaised);
          expect(totals.donors).toBe(totals.expectedDonors);
        }
      }),
      { numRuns: engine === 'pglite' ? 15 : 30 },
    );
  });
});

describe.skipIf(engine !== 'postgres')('races on PostgreSQL [PostgreSQL only: a race needs several connections, PGlite has one]', () => {
  const clients = (n: number) => Array.from({ length: n }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));

  it('the same webhook delivered on 6 connections at once: processed once, 5 duplicates, totals exact', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const donation = await createDonation(t.db, pot, { amount: 1500 });
    const event = waveEvent(donation, 1500);
    const cs = clients(6);
    try {
      const rows = await Promise.all(cs.map((c) => c`select * from wolo.process_wave_webhook(${c.json(event)})`));
      expect(rows.map((r) => r[0]!.duplicate).filter((d) => !d)).toHaveLength(1);
      expect(await potTotals(t.db, pot)).toMatchObject({ raised: 1500, donors: 1, expectedRaised: 1500 });
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });

  it('concurrent webhooks for many donations of one pot: totals equal a recomputation', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner, { target: 10_000_000 });
    const ids = [];
    for (let i = 0; i < 24; i++) ids.push(await createDonation(t.db, pot, { amount: 100 + i }));
    const cs = clients(8);
    try {
      await Promise.all(ids.map((id, i) => cs[i % cs.length]!`select * from wolo.process_wave_webhook(${cs[0]!.json(waveEvent(id, 100 + i))})`));
      const totals = await potTotals(t.db, pot);
      expect(totals.raised).toBe(ids.reduce((s, _, i) => s + 100 + i, 0));
      expect(totals).toMatchObject({ raised: totals.expectedRaised, donors: 24, expectedDonors: 24 });
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });

  it('a completed and a failed event for one donation at once, over 20 rounds: one applies, the other is recorded out of order; totals exact', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner, { target: 10_000_000 });
    const [a, b] = clients(2);
    try {
      for (let i = 0; i < 20; i++) {
        const donation = await createDonation(t.db, pot, { amount: 700 });
        const completed = waveEvent(donation, 700);
        const failed = waveEvent(donation, 700, { type: 'checkout.session.payment_failed' });
        const [x, y] = i % 2 ? [a!, b!] : [b!, a!];
        const rows = await Promise.all([x`select * from wolo.process_wave_webhook(${x.json(completed)})`, y`select * from wolo.process_wave_webhook(${y.json(failed)})`]);
        const [d] = await queryRows<{ status: string }>(t.db, sql`select status from wolo.donations where id = ${donation}`);
        expect(['succeeded', 'failed']).toContain(d!.status);
        // both report the donation's final status; neither is a duplicate (two outcomes, two keys)
        expect(rows.map((r) => [r[0]!.status, r[0]!.duplicate])).toEqual([
          [d!.status, false],
          [d!.status, false],
        ]);
        const events = await queryRows<{ applied: boolean; error: string | null }>(
          t.db,
          sql`select processing_error is null as applied, processing_error as error from wolo.wave_webhook_events where donation_id = ${donation} order by processed_at`,
        );
        expect(events).toHaveLength(2);
        expect(events.filter((e) => e.applied)).toHaveLength(1);
        expect(events.find((e) => !e.applied)!.error).toMatch(/^out of order/);
      }
      const totals = await potTotals(t.db, pot);
      expect(totals).toMatchObject({ raised: totals.expectedRaised, donors: totals.expectedDonors });
    } finally {
      await Promise.all([a!.end({ timeout: 5 }), b!.end({ timeout: 5 })]);
    }
  });

  it('a refund racing the completion of its donation: refused while pending, allowed once succeeded, never half-written', async () => {
    const owner = await createUser(t.db);
    const admin = await createUser(t.db, { roles: ['admin'] });
    const pot = await createPot(t.db, owner, { target: 10_000_000 });
    const [a, b] = clients(2);
    let refunded = 0;
    try {
      for (let i = 0; i < 20; i++) {
        const donation = await createDonation(t.db, pot, { amount: 500 });
        const [webhook, refund] = await Promise.allSettled([
          a!`select * from wolo.process_wave_webhook(${a!.json(waveEvent(donation, 500))})`,
          b!`select wolo.refund_donation(${donation}, 500, 'fraud', ${admin})`,
        ]);
        expect(webhook.status).toBe('fulfilled');
        const [d] = await queryRows<{ status: string; refunds: number }>(
          t.db,
          sql`select d.status, (select count(*)::int from wolo.refunds r where r.donation_id = d.id) as refunds from wolo.donations d where d.id = ${donation}`,
        );
        if (refund.status === 'fulfilled') {
          refunded++;
          expect(d).toEqual({ status: 'refunded', refunds: 1 });
        } else {
          expect((refund.reason as { code: string }).code).toBe('UW004');
          expect(d).toEqual({ status: 'succeeded', refunds: 0 });
        }
      }
      const totals = await potTotals(t.db, pot);
      expect(totals).toMatchObject({ raised: totals.expectedRaised, donors: totals.expectedDonors });
      expect(totals.raised).toBe((20 - refunded) * 500);
    } finally {
      await Promise.all([a!.end({ timeout: 5 }), b!.end({ timeout: 5 })]);
    }
  });

  it('concurrent refunds of one donation never exceed its amount', async () => {
    const owner = await createUser(t.db);
    const admin = await createUser(t.db, { roles: ['admin'] });
    const pot = await createPot(t.db, owner);
    const donation = await createDonation(t.db, pot, { amount: 1000 });
    await processWaveWebhook(t.db, waveEvent(donation, 1000));
    const cs = clients(8);
    try {
      const results = await Promise.allSettled(cs.map((c) => c`select wolo.refund_donation(${donation}, 300, 'fraud', ${admin})`));
      const ok = results.filter((r) => r.status === 'fulfilled');
      expect(ok).toHaveLength(3);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('UW005');
      const [sum] = await queryRows<{ total: number }>(t.db, sql`select sum(amount_cfa)::int as total from wolo.refunds where donation_id = ${donation}`);
      expect(Number(sum!.total)).toBe(900);
      expect(await potTotals(t.db, pot)).toMatchObject({ raised: 100, expectedRaised: 100 });
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });
});

describe(`pot totals under multi-row writes (${engine})`, () => {
  /** Three open pots, ids ascending. */
  const threePots = async () => {
    const owner = await createUser(t.db);
    return byUuid([await createPot(t.db, owner, { target: 10_000_000 }), await createPot(t.db, owner, { target: 10_000_000 }), await createPot(t.db, owner, { target: 10_000_000 })]);
  };
  const holdPot = (pot: string) => (tx: postgres.TransactionSql) => tx`select 1 from wolo.pots where id = ${pot} for no key update`;
  const expectExact = async (pots: string[]) => {
    for (const pot of pots) {
      const totals = await potTotals(t.db, pot);
      expect(totals.raised, pot).toBe(totals.expectedRaised);
      expect(totals.donors, pot).toBe(totals.expectedDonors);
    }
  };

  it('property: after random multi-row inserts, updates and deletes of donations and refunds, every pot total equals a recount', async () => {
    const owner = await createUser(t.db);
    const admin = await createUser(t.db, { roles: ['admin'] });
    const donors = [await createUser(t.db), await createUser(t.db), null];
    const phones = ['+221770000011', '+221770000012', null];
    const uuids = (ids: string[]) => `{${ids.join(',')}}`;
    type Pick = number[];
    type Op =
      | { kind: 'insert'; rows: { pot: number; amount: number; succeeded: boolean; donor: number; phone: number }[] }
      | { kind: 'status'; to: 'processing' | 'succeeded' | 'failed'; pick: Pick }
      | { kind: 'donor'; phone: number; pick: Pick }
      | { kind: 'refund'; amount: number; pick: Pick }
      | { kind: 'refunded'; pick: Pick }
      | { kind: 'deleteDonations'; pick: Pick }
      | { kind: 'deleteRefunds'; pick: Pick };
    const pick = fc.array(fc.nat(30), { minLength: 1, maxLength: 5 });
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('insert' as const), rows: fc.array(fc.record({ pot: fc.nat(2), amount: fc.integer({ min: 1, max: 5000 }), succeeded: fc.boolean(), donor: fc.nat(2), phone: fc.nat(2) }), { minLength: 1, maxLength: 5 }) }), weight: 3 },
      fc.record({ kind: fc.constant('status' as const), to: fc.constantFrom('processing' as const, 'succeeded' as const, 'failed' as const), pick }),
      fc.record({ kind: fc.constant('donor' as const), phone: fc.nat(2), pick }),
      fc.record({ kind: fc.constant('refund' as const), amount: fc.integer({ min: 1, max: 2000 }), pick }),
      fc.record({ kind: fc.constant('refunded' as const), pick }),
      fc.record({ kind: fc.constant('deleteDonations' as const), pick }),
      fc.record({ kind: fc.constant('deleteRefunds' as const), pick }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
        const pots = [await createPot(t.db, owner, { target: 10_000_000 }), await createPot(t.db, owner, { target: 10_000_000 }), await createPot(t.db, owner, { target: 10_000_000 })];
        const chosen = async (table: 'donations' | 'refunds', indexes: Pick) => {
          const rows = await queryRows<{ id: string }>(
            t.db,
            table === 'donations'
              ? sql`select id from wolo.donations where pot_id = any (${uuids(pots)}::uuid[]) order by created_at, id`
              : sql`select r.id from wolo.refunds r join wolo.donations d on d.id = r.donation_id where d.pot_id = any (${uuids(pots)}::uuid[]) order by r.created_at, r.id`,
          );
          return rows.length ? uuids([...new Set(indexes.map((i) => rows[i % rows.length]!.id))]) : '{}';
        };
        for (const op of ops) {
          if (op.kind === 'insert') {
            const values = op.rows.map(
              (r) => sql`(${pots[r.pot]!}::uuid, ${donors[r.donor] ?? null}::uuid, ${phones[r.phone] ?? null}, ${r.amount}, ${r.succeeded ? 'succeeded' : 'pending'})`,
            );
            await t.db.execute(sql`insert into wolo.donations (pot_id, donor_user_id, donor_phone, amount_cfa, status) values ${sql.join(values, sql`, `)}`);
          } else if (op.kind === 'status') {
            const from = op.to === 'processing' ? ['pending'] : ['pending', 'processing'];
            await t.db.execute(sql`update wolo.donations set status = ${op.to} where id = any (${await chosen('donations', op.pick)}::uuid[]) and status = any (${`{${from.join(',')}}`}::text[])`);
          } else if (op.kind === 'donor') {
            await t.db.execute(sql`update wolo.donations set donor_phone = ${phones[op.phone] ?? null}, donor_user_id = null where id = any (${await chosen('donations', op.pick)}::uuid[])`);
          } else if (op.kind === 'refund') {
            // a refund of a donation that is not succeeded, or beyond its amount, refuses the whole statement
            await t.db
              .execute(sql`insert into wolo.refunds (donation_id, refunded_by_user_id, amount_cfa, reason)
                           select d.id, ${admin}, least(${op.amount}, d.amount_cfa), 'admin_action' from wolo.donations d where d.id = any (${await chosen('donations', op.pick)}::uuid[])`)
              .catch((e: unknown) => {
                if (!['UW004', 'UW005'].includes(dbErrorCode(e) ?? '')) throw e;
              });
          } else if (op.kind === 'refunded') {
            await t.db.execute(sql`update wolo.donations d set status = 'refunded' where d.id = any (${await chosen('donations', op.pick)}::uuid[]) and d.status = 'succeeded'
                                   and d.amount_cfa = (select coalesce(sum(r.amount_cfa), 0) from wolo.refunds r where r.donation_id = d.id)`);
          } else if (op.kind === 'deleteDonations') {
            await t.db.execute(sql`delete from wolo.donations d where d.id = any (${await chosen('donations', op.pick)}::uuid[]) and not exists (select 1 from wolo.refunds r where r.donation_id = d.id)`);
          } else {
            await t.db.execute(sql`delete from wolo.refunds where id = any (${await chosen('refunds', op.pick)}::uuid[])`);
          }
        }
        await expectExact(pots);
      }),
      { numRuns: engine === 'pglite' ? 15 : 30 },
    );
  });

  it.skipIf(engine !== 'postgres')(`two multi-row donation INSERTs into the same pots in opposite orders: both commit, totals exact ${POSTGRES_ONLY_RACE}`, async () => {
    const [lo, mid, hi] = await threePots();
    const insert = (c: postgres.Sql, order: string[], amount: number) =>
      c`insert into wolo.donations (pot_id, donor_phone, donor_name, amount_cfa, status)
        select p, '+2217700' || lpad((n + ${amount})::text, 5, '0'), 'Bulk', ${amount}, 'succeeded' from unnest(${order}::uuid[]) with ordinality as o(p, n) order by n`;
    const outcomes = await opposingParentWrites(t.handle.url!, { hold: holdPot(mid!), writeA: (c) => insert(c, [hi!, mid!, lo!], 1000), writeB: (c) => insert(c, [lo!, hi!], 2000) });
    expect(outcomes).toEqual(['committed', 'committed']);
    await expectExact([lo!, mid!, hi!]);
    expect((await potTotals(t.db, hi!)).raised).toBe(3000);
  });

  it.skipIf(engine !== 'postgres')(`two multi-row refund INSERTs over the same pots in opposite orders: both commit, totals exact ${POSTGRES_ONLY_RACE}`, async () => {
    const [lo, mid, hi] = await threePots();
    const admin = await createUser(t.db, { roles: ['admin'] });
    const donate = async (pot: string) =>
      (await queryRows<{ id: string }>(t.db, sql`insert into wolo.donations (pot_id, donor_phone, amount_cfa, status) values (${pot}, '+221770009999', 1000, 'succeeded') returning id`))[0]!.id;
    // each writer refunds its own donations (the refunds guard locks the donation row), in the same pots
    const mineA = [await donate(hi!), await donate(mid!), await donate(lo!)];
    const mineB = [await donate(lo!), await donate(hi!)];
    const refund = (c: postgres.Sql, donations: string[]) =>
      c`insert into wolo.refunds (donation_id, refunded_by_user_id, amount_cfa, reason)
        select d, ${admin}, 100, 'admin_action' from unnest(${donations}::uuid[]) with ordinality as o(d, n) order by n`;
    const outcomes = await opposingParentWrites(t.handle.url!, { hold: holdPot(mid!), writeA: (c) => refund(c, mineA), writeB: (c) => refund(c, mineB) });
    expect(outcomes).toEqual(['committed', 'committed']);
    await expectExact([lo!, mid!, hi!]);
    expect((await potTotals(t.db, hi!)).raised).toBe(2000 - 200);
  });
});

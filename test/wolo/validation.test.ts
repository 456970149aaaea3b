import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import {
  insertAbTestAssignmentSchema,
  insertDonationSchema,
  insertPotSchema,
  insertRefundSchema,
  insertUserSchema,
  POT_STATUSES,
  selectPotSchema,
  updatePotSchema,
  enqueueNotification,
  featureEnabled,
  processWaveWebhook,
  recordEvent,
  recordNotificationResult,
  redeemQr,
  sendInvitation,
  setIdNumber,
  WOLO_SQLSTATES,
} from '../../src/wolo.js';
import { engine, useDatabase } from '../helpers.js';
import { createDonation, createPot, createQr, createUser, waveEvent } from './fixtures.js';

const uuid = '11111111-1111-4111-8111-111111111111';

describe(`wolo validators (${engine})`, () => {
  it('mirror the CHECKs: positive CFA amounts, known statuses, phone and email formats', () => {
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 1000 }).success).toBe(true);
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 0 }).success).toBe(false);
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 10.5 }).success).toBe(false);
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 1000, status: 'paid' }).success).toBe(false);
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 1000, donorPhone: '77 123' }).success).toBe(false);
    expect(insertRefundSchema.safeParse({ donationId: uuid, refundedByUserId: uuid, amountCfa: 5, reason: 'whim' }).success).toBe(false);
    expect(insertUserSchema.safeParse({ id: uuid, email: 'a@b.sn', roles: ['user'] }).success).toBe(true);
    expect(insertUserSchema.safeParse({ id: uuid, email: 'not an email' }).success).toBe(false);
    expect(insertUserSchema.safeParse({ id: uuid, email: 'a@b.sn', roles: ['root'] }).success).toBe(false);
  });

  it('a pot may leave scheduled_open_at out (the database sets J-30); statuses are the lifecycle values', () => {
    const pot = { ownerUserId: uuid, title: 'Mes 30 ans', targetAmountCfa: 50000, birthdayDate: '2030-06-15' };
    expect(insertPotSchema.safeParse(pot).success).toBe(true);
    expect(insertPotSchema.safeParse({ ...pot, targetAmountCfa: -1 }).success).toBe(false);
    expect(updatePotSchema.safeParse({ status: 'funded' }).success).toBe(true);
    expect(updatePotSchema.safeParse({ status: 'cancelled' }).success).toBe(false);
    expect(selectPotSchema.shape.status.options).toEqual([...POT_STATUSES]);
    expect(insertAbTestAssignmentSchema.safeParse({ testId: uuid, variant: 'a', anonymousId: 'x' }).success).toBe(true);
  });

  it('every UW SQLSTATE has a distinct code', () => {
    const codes = Object.values(WOLO_SQLSTATES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const state of Object.keys(WOLO_SQLSTATES)) expect(state).toMatch(/^UW\d{3}$/);
  });
});

/**
 * Text PostgreSQL cannot store (a NUL, an unpaired UTF-16 surrogate) given to the money and queue
 * helpers: a ValidationError naming the field, before any query, never the driver's "invalid byte
 * sequence" / "unsupported Unicode escape sequence"; nothing is written.
 */
describe(`wolo helpers refuse unstorable text, naming the field (${engine})`, () => {
  const t = useDatabase();
  const counts = async () =>
    (
      await queryRows<Record<string, number>>(
        t.db,
        sql`select (select count(*)::int from wolo.referrals) as referrals, (select count(*)::int from wolo.qr_redemption_logs) as logs,
                   (select count(*)::int from wolo.wave_webhook_events) as events, (select count(*)::int from wolo.analytics_events) as analytics,
                   (select count(*)::int from wolo.notifications) as notifications`,
      )
    )[0];

  it.each(['nul', 'surrogate'])('%s: every helper throws ValidationError for the field, writes nothing', async (kind) => {
    const bad = kind === 'nul' ? 'a\u0000b' : 'a\uD800b';
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    const qr = await createQr(t.db, pot);
    const donation = await createDonation(t.db, pot);
    const before = await counts();
    const cases: [string, () => Promise<unknown>][] = [
      ['code', () => redeemQr(t.db, { code: bad, partnerId: qr.partner })],
      ['venue', () => redeemQr(t.db, { code: qr.code, partnerId: qr.partner, venue: { name: bad } })],
      ['invitedName', () => sendInvitation(t.db, { sponsor: owner, invitedPhone: '+221771234567', invitedName: bad })],
      ['message', () => sendInvitation(t.db, { sponsor: owner, invitedPhone: '+221771234567', message: bad })],
      ['payload', () => processWaveWebhook(t.db, { ...waveEvent(donation, 1000), id: `E${bad}` })],
      ['payload', () => processWaveWebhook(t.db, { ...waveEvent(donation, 1000), note: bad } as never)],
      ['eventName', () => recordEvent(t.db, { eventName: bad, eventCategory: 'pot' })],
      ['properties', () => recordEvent(t.db, { eventName: 'view', eventCategory: 'pot', properties: { [bad]: 1 } })],
      ['templateKey', () => enqueueNotification(t.db, { userId: owner, templateKey: bad, channel: 'email' })],
      ['data', () => enqueueNotification(t.db, { userId: owner, templateKey: 'pot.opened', channel: 'email', data: { name: bad } })],
      ['errorMessage', () => recordNotificationResult(t.db, { id: owner, delivered: false, errorMessage: bad })],
      ['flagKey', () => featureEnabled(t.db, { flagKey: bad })],
      ['idNumber', () => setIdNumber(t.db, { userId: owner, idNumber: `1234${bad}`, key: 'k'.repeat(32) })],
    ];
    for (const [field, call] of cases) {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${field}: ${String(error)}`).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field, String(error)).toBe(field);
    }
    expect(await counts()).toEqual(before);
  });
});

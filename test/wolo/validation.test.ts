import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import { asUser } from '../../src/rls.js';
import { jsonbBytes, TEXT_LIMITS } from '../../src/schema/_shared/index.js';
import {
  insertAbTestAssignmentSchema,
  insertPackSchema,
  updateProfileSchema,
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
import { engine, expectDbError, useDatabase } from '../helpers.js';
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

/** A JSON array of one string whose jsonb text is exactly `bytes` bytes (`["x…x"]`: the string and 4). */
const galleryOf = (bytes: number) => ['x'.repeat(bytes - 4)];
/** A JSON object whose jsonb text is exactly `bytes` bytes (`{"a": "x…x"}`: the string and 9); JSON.stringify's is one less. */
const docOf = (bytes: number) => ({ a: 'x'.repeat(bytes - 9) });
/** The first field a zod result refuses, or undefined. */
const refusedField = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.success ? undefined : String(r.error!.issues[0]!.path[0]));

describe(`wolo size limits: the CHECK and the validator say the same (${engine})`, () => {
  const t = useDatabase();
  const { jsonBytes: MAX, tags: TAGS, tag: TAG } = TEXT_LIMITS;

  it('a pot owner stores a gallery of TEXT_LIMITS.jsonBytes bytes, not one byte more (as authenticated)', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    expect(jsonbBytes(galleryOf(MAX))).toBe(MAX);
    const stored = await asUser(t.db, owner, (tx) => queryRows<{ n: number }>(tx, sql`update wolo.pots set gallery_images = ${JSON.stringify(galleryOf(MAX))}::jsonb where id = ${pot} returning octet_length(gallery_images::text) as n`));
    expect(stored).toEqual([{ n: MAX }]);
    await expectDbError(asUser(t.db, owner, (tx) => queryRows(tx, sql`update wolo.pots set gallery_images = ${JSON.stringify(galleryOf(MAX + 1))}::jsonb where id = ${pot}`)), /pots_gallery_images_size_check/);
    expect(updatePotSchema.safeParse({ galleryImages: galleryOf(MAX) }).success).toBe(true);
    expect(refusedField(updatePotSchema.safeParse({ galleryImages: galleryOf(MAX + 1) }))).toBe('galleryImages');
  });

  it('a profile\'s notification preferences: the validator measures jsonb\'s text (one byte over it is refused though JSON.stringify is at the limit)', async () => {
    const user = await createUser(t.db);
    await queryRows(t.db, sql`insert into wolo.profiles (user_id, full_name, date_of_birth) values (${user}, 'A B', '1990-01-01')`);
    expect(updateProfileSchema.safeParse({ notificationPreferences: docOf(MAX) }).success).toBe(true);
    expect(refusedField(updateProfileSchema.safeParse({ notificationPreferences: docOf(MAX + 1) }))).toBe('notificationPreferences');
    await asUser(t.db, user, (tx) => queryRows(tx, sql`update wolo.profiles set notification_preferences = ${JSON.stringify(docOf(MAX))}::jsonb where user_id = ${user}`));
    await expectDbError(
      asUser(t.db, user, (tx) => queryRows(tx, sql`update wolo.profiles set notification_preferences = ${JSON.stringify(docOf(MAX + 1))}::jsonb where user_id = ${user}`)),
      /profiles_notification_preferences_size_check/,
    );
  });

  it('a pack\'s marketing tags and texts: TEXT_LIMITS.tags tags of TEXT_LIMITS.tag characters, content-length terms', () => {
    const pack = { partnerId: uuid, name: 'Cinema', description: 'Two seats', category: 'cinema' as const, basePriceCfa: 1000 };
    const tags = Array.from({ length: TAGS }, () => 'x'.repeat(TAG));
    const ok = insertPackSchema.safeParse({ ...pack, marketingTags: tags, termsAndConditions: 'x'.repeat(TEXT_LIMITS.content) });
    expect(ok.error?.issues ?? []).toEqual([]);
    expect(refusedField(insertPackSchema.safeParse({ ...pack, marketingTags: [...tags, 'x'] }))).toBe('marketingTags');
    expect(refusedField(insertPackSchema.safeParse({ ...pack, marketingTags: ['x'.repeat(TAG + 1)] }))).toBe('marketingTags');
    expect(refusedField(insertPackSchema.safeParse({ ...pack, termsAndConditions: 'x'.repeat(TEXT_LIMITS.content + 1) }))).toBe('termsAndConditions');
  });

  it('recordEvent stores properties at the limit and refuses one byte more, naming properties, writing nothing', async () => {
    const count = async () => (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.analytics_events`))[0]!.n;
    const before = await count();
    await recordEvent(t.db, { eventName: 'pot_viewed', eventCategory: 'engagement', properties: docOf(MAX) });
    await expect(recordEvent(t.db, { eventName: 'pot_viewed', eventCategory: 'engagement', properties: docOf(MAX + 1) })).rejects.toMatchObject({ field: 'properties' });
    expect(await count()).toBe(before + 1);
  });
});

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import {
  acceptReferral,
  claimNotifications,
  computeDailyMetrics,
  computePartnerSettlement,
  convertPoints,
  DEVICE_TYPES,
  enqueueNotification,
  exportUserData,
  featureEnabled,
  forgetUser,
  maturePoints,
  NOTIFICATION_CHANNELS,
  openDuePots,
  PLATFORMS,
  pointsBalance,
  processWaveWebhook,
  purgeExpiredData,
  readIdNumber,
  recordEvent,
  recordNotificationResult,
  redeemQr,
  REFUND_REASONS,
  refundDonation,
  sendInvitation,
  setIdNumber,
} from '../../src/wolo.js';
import { engine, useDatabase } from '../helpers.js';
import { createDonation, createPot, createQr, createUser, seedWoloWorld, type WoloWorldKey, waveEvent } from '../wolo/fixtures.js';
import { TEXT_LIMITS } from '../../src/schema/_shared/index.js';
import { digest, expectCleanOrSuccess, expectRefused, extremeDates, FIVE_MB, hostileText, outcome, runs, unknownEnum, unstorableText, wrongType } from './fuzz.js';

const t = useDatabase();
const w = (table: string) => `wolo.${table}`;
const REDEMPTION = ['qr_codes', 'qr_redemption_logs'].map(w);
const REFERRALS = ['referrals', 'sponsor_daily_limits', 'points_ledger'].map(w);
const MONEY = ['donations', 'refunds', 'pots', 'points_ledger', 'points_conversions', 'wave_webhook_events'].map(w);
const NOTIFY = ['notifications', 'notification_analytics'].map(w);
const ANALYTICS = ['analytics_events', 'business_metrics', 'donation_analytics', 'partner_settlements'].map(w);
const PRIVACY = ['profiles', 'users', 'referrals', 'donations', 'notifications', 'audit_logs'].map(w);
const PROFILES = ['wolo.profiles'];

const KEY = 'fuzz-key-0123456789abcdef';
let ids: Record<WoloWorldKey, string>;
let users: string[];
let qrCodes: string[];
let referralCodes: string[];
let pending: string[];
let sending: string[];

/** A cyclic object: JSON.stringify throws on it. */
const cyclic = () => {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
};
/** JSON objects that are not JSON: a BigInt, a cycle (JSON.stringify throws a TypeError on both). */
const notJson = fc.oneof(
  fc.bigInt().map((n) => ({ n })),
  fc.constant(null).map(() => ({ nested: [{ big: 10n }] })),
  fc.constant(null).map(cyclic),
);
/**
 * The webhook body has no size limit (what Wave sends is kept whole), so a 5 MB string in it is stored:
 * the JSON generators keep to smaller strings. venue, properties and data are limited to
 * TEXT_LIMITS.jsonBytes as jsonb prints them (their columns' size CHECKs): `oversizedJsonObject`.
 */
const small = (a: fc.Arbitrary<string>) => a.filter((s) => s.length < 10_000);
/**
 * Objects over TEXT_LIMITS.jsonBytes: by a byte only in jsonb's text (`{"a": "x…"}` is one byte longer than
 * JSON.stringify's, which is at the limit), by a few bytes, or by megabytes.
 */
const oversizedJsonObject = fc.oneof(
  fc.integer({ min: 1, max: 3 }).map((over) => ({ a: 'x'.repeat(TEXT_LIMITS.jsonBytes - 9 + over) })),
  fc.constant(null).map(() => ({ a: FIVE_MB })),
);
/** Objects of up to TEXT_LIMITS.jsonBytes and just over it, as jsonb prints them: stored, or refused naming the field. */
const nearLimitJsonObject = fc.integer({ min: -2, max: 2 }).map((d) => ({ a: 'x'.repeat(TEXT_LIMITS.jsonBytes - 9 + d) }));
/** Objects of JSON with unstorable strings (values or keys), or not JSON at all. */
const badJsonObject = fc.oneof(
  small(unstorableText).map((s) => ({ note: s })),
  small(unstorableText).map((s) => ({ [s]: 1 })),
  fc.constant({ nested: [{ deep: 'a\u0000b' }] }),
  notJson,
);
/** Mixed JSON objects: ordinary JSON, hostile keys and values. */
const mixedJsonObject = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.dictionary(hostileText.filter((s) => s.length < 100), small(hostileText), { maxKeys: 2 }),
);
const notNull = wrongType.filter((v) => v !== null);
const notUuid = fc.oneof(hostileText, wrongType);
/** Instants a helper must refuse: past what JavaScript or PostgreSQL represents, invalid, or not Dates. */
const badInstant = fc.oneof(
  fc.constantFrom(new Date(8.64e15), new Date(-8.64e15), new Date(Number.NaN), new Date(-62135596800001), new Date(253402300800000)),
  fc.constantFrom('2026-01-01', 'tomorrow', 42, {}, null),
);
const someDate = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true });
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** YYYY-MM-DD strings PostgreSQL's date cannot take (or that are not dates at all). */
const badDay = fc.oneof(fc.constantFrom('0000-01-01', '2024-02-30', '2026-13-01', '99999-01-01', '2026-1-1', 'yesterday', '', '2026-01-01T00:00:00Z'), hostileText, wrongType);

beforeAll(async () => {
  ids = await seedWoloWorld(t.db);
  for (let i = 0; i < 4; i++) await createUser(t.db);
  users = (await queryRows<{ id: string }>(t.db, sql`select id from wolo.users order by id`)).map((r) => r.id);
  for (let i = 0; i < 4; i++) await createQr(t.db, ids.potPublic, { partner: i % 2 ? ids.partnerA : ids.partnerB });
  qrCodes = (await queryRows<{ code: string }>(t.db, sql`select code from wolo.qr_codes`)).map((r) => r.code);
  for (const sponsor of users.slice(0, 6)) await sendInvitation(t.db, { sponsor, invitedEmail: `${sponsor.slice(0, 8)}@friends.example` });
  referralCodes = (await queryRows<{ referral_code: string }>(t.db, sql`select referral_code from wolo.referrals`)).map((r) => r.referral_code);
  pending = [];
  for (let i = 0; i < 40; i++) pending.push(await createDonation(t.db, ids.potPublic, { amount: 1000 }));
  await queryRows(
    t.db,
    sql`insert into wolo.notification_templates (template_key, name, subject, body_text, channels, category) values
        ('pot.fuzz', 'Fuzz', 'Hello {{name}}', 'Your pot {{pot}}', ARRAY['email','sms','push']::varchar(20)[], 'transactional'),
        ('marketing.fuzz', 'Promo', null, 'Promo {{name}}', ARRAY['email']::varchar(20)[], 'marketing')`,
  );
  for (const user of users.slice(0, 8)) await enqueueNotification(t.db, { userId: user, templateKey: 'pot.fuzz', channel: 'push', data: { name: 'A', pot: 'B' }, asOf: new Date('2025-06-01T12:00:00Z') });
  sending = (await claimNotifications(t.db, 100)).map((r) => r.id as string);
  await setIdNumber(t.db, { userId: ids.alice, idNumber: 'SN-123456', key: KEY });
  await queryRows(t.db, sql`insert into wolo.points_ledger (sponsor_user_id, event_type, points_earned, status, matured_at) values (${ids.bob}, 'referral_accepted', 5000, 'matured', now())`);
}, 60_000);

const user = () => fc.oneof(fc.constantFrom(...users), fc.uuid());

describe(`wolo helpers, fuzzed (${engine})`, () => {
  it('redeemQr refuses unstorable, oversized, mistyped codes, partners and venues, naming the field, and writes nothing (1,000 cases)', async () => {
    const before = await digest(t.db, REDEMPTION);
    const bad = fc.oneof(
      fc.record({ field: fc.constant('code'), value: fc.oneof(unstorableText, wrongType, fc.constant('c'.repeat(1001))) }),
      fc.record({ field: fc.constant('partnerId'), value: notUuid }),
      fc.record({ field: fc.constant('venue'), value: fc.oneof(badJsonObject, oversizedJsonObject, notNull.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)))) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const input = { code: qrCodes[0], partnerId: ids.partnerA, [field]: value };
        await expectRefused(() => redeemQr(t.db, input as never), input, field);
      }),
      runs(1000),
    );
    expect(await digest(t.db, REDEMPTION)).toEqual(before);
  });

  it('redeemQr with any mix of values: a result, or refused with nothing written (100 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            code: fc.oneof(fc.constantFrom(...qrCodes), hostileText),
            partnerId: fc.oneof(fc.constantFrom(ids.partnerA, ids.partnerB), fc.uuid()),
            venue: fc.oneof(fc.constant(null), mixedJsonObject, nearLimitJsonObject),
          },
          { requiredKeys: ['code', 'partnerId'] },
        ),
        async (input) => {
          await expectCleanOrSuccess(t.db, REDEMPTION, () => redeemQr(t.db, input as never), input);
        },
      ),
      runs(100),
    );
  });

  it('sendInvitation / acceptReferral refuse every bad field, naming it, and write nothing (1,600 cases)', async () => {
    const before = await digest(t.db, REFERRALS);
    const bad = fc.oneof(
      fc.record({ field: fc.constant('sponsor'), value: notUuid }),
      fc.record({ field: fc.constant('invitedPhone'), value: fc.oneof(unstorableText, notNull, fc.constantFrom('123456', '+1234567890123456', '+221 77 000 11 22', '0x1234567')) }),
      fc.record({ field: fc.constant('invitedEmail'), value: fc.oneof(unstorableText, notNull, fc.constantFrom('not-an-email', "a'@b.c; drop", '', `${'a'.repeat(250)}@x.example`)) }),
      fc.record({ field: fc.constant('invitedName'), value: fc.oneof(unstorableText, notNull, fc.constant('n'.repeat(256))) }),
      fc.record({ field: fc.constant('message'), value: fc.oneof(unstorableText, notNull, fc.constant('m'.repeat(1001))) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const input = { sponsor: ids.alice, invitedPhone: '+221770009999', [field]: value };
        await expectRefused(() => sendInvitation(t.db, input as never), input, field);
      }),
      runs(1000),
    );
    await expectRefused(() => sendInvitation(t.db, { sponsor: ids.alice }), {}, 'invitedPhone');
    const badAccept = fc.oneof(
      fc.record({ field: fc.constant('referralCode'), value: fc.oneof(hostileText.filter((s) => !/^[0-9A-F]{20}$/i.test(s)), wrongType, fc.constantFrom('G'.repeat(20), 'A'.repeat(21))) }),
      fc.record({ field: fc.constant('userId'), value: notUuid }),
    );
    await fc.assert(
      fc.asyncProperty(badAccept, async ({ field, value }) => {
        const input = { referralCode: referralCodes[0], userId: ids.bob, [field]: value };
        await expectRefused(() => acceptReferral(t.db, input as never), input, field);
      }),
      runs(600),
    );
    expect(await digest(t.db, REFERRALS)).toEqual(before);
  });

  it('sendInvitation / acceptReferral with any mix of values: done, or refused with nothing written (200 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            sponsor: user(),
            invitedPhone: fc.oneof(fc.stringMatching(/^\+2217[0-9]{8}$/), hostileText, fc.constant(null)),
            invitedEmail: fc.oneof(fc.emailAddress(), hostileText, fc.constant(null)),
            invitedName: fc.oneof(hostileText, fc.constant(null)),
            message: hostileText,
          },
          { requiredKeys: ['sponsor'] },
        ),
        async (input) => {
          await expectCleanOrSuccess(t.db, REFERRALS, () => sendInvitation(t.db, input as never), input);
        },
      ),
      runs(100),
    );
    referralCodes = (await queryRows<{ referral_code: string }>(t.db, sql`select referral_code from wolo.referrals`)).map((r) => r.referral_code);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          referralCode: fc.oneof(fc.constantFrom(...referralCodes), fc.constantFrom(...referralCodes).map((c) => c.toLowerCase()), fc.stringMatching(/^[0-9A-F]{20}$/), hostileText),
          userId: user(),
        }),
        async (input) => {
          await expectCleanOrSuccess(t.db, REFERRALS, () => acceptReferral(t.db, input as never), input);
        },
      ),
      runs(100),
    );
  });

  it('convertPoints / refundDonation refuse every bad field, naming it, and write nothing (1,200 cases)', async () => {
    const before = await digest(t.db, MONEY);
    const badInt = fc.oneof(
      notNull.filter((v) => !(typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 2_147_483_647)),
      fc.constantFrom(0, -1, 1.5, 2_147_483_648, Number.MAX_SAFE_INTEGER, '10'),
    );
    const badConvert = fc.oneof(
      fc.record({ field: fc.constantFrom('sponsor', 'potId'), value: notUuid }),
      fc.record({ field: fc.constant('points'), value: badInt }),
    );
    await fc.assert(
      fc.asyncProperty(badConvert, async ({ field, value }) => {
        const input = { sponsor: ids.bob, points: 10, potId: ids.potPublic, [field]: value };
        await expectRefused(() => convertPoints(t.db, input as never), input, field);
      }),
      runs(600),
    );
    const badRefund = fc.oneof(
      fc.record({ field: fc.constantFrom('donationId', 'byUser'), value: notUuid }),
      fc.record({ field: fc.constant('amountCfa'), value: badInt }),
      fc.record({ field: fc.constant('reason'), value: fc.oneof(unknownEnum(REFUND_REASONS), wrongType) }),
    );
    await fc.assert(
      fc.asyncProperty(badRefund, async ({ field, value }) => {
        const input = { donationId: ids.donationCarol, amountCfa: 10, reason: 'fraud', byUser: ids.admin, [field]: value };
        await expectRefused(() => refundDonation(t.db, input as never), input, field);
      }),
      runs(600),
    );
    expect(await digest(t.db, MONEY)).toEqual(before);
  });

  it('convertPoints / refundDonation with any mix of values: done, or refused with nothing written (200 cases)', async () => {
    const amount = fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: -10, max: 2_147_483_647 }), wrongType);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          sponsor: fc.oneof(fc.constantFrom(ids.alice, ids.bob), user()),
          points: amount,
          potId: fc.oneof(fc.constantFrom(ids.potPublic, ids.potPrivate, ids.potEmpty), fc.uuid()),
        }),
        async (input) => {
          await expectCleanOrSuccess(t.db, MONEY, () => convertPoints(t.db, input as never), input);
        },
      ),
      runs(100),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          donationId: fc.oneof(fc.constantFrom(ids.donationBob, ids.donationCarol, ...pending.slice(0, 3)), fc.uuid()),
          amountCfa: amount,
          reason: fc.oneof(fc.constantFrom(...REFUND_REASONS), unknownEnum(REFUND_REASONS)),
          byUser: fc.oneof(fc.constant(ids.admin), user()),
        }),
        async (input) => {
          await expectCleanOrSuccess(t.db, MONEY, () => refundDonation(t.db, input as never), input);
        },
      ),
      runs(100),
    );
  });

  it('processWaveWebhook refuses malformed, unstorable and non-JSON bodies, naming the field, and writes nothing (1,200 cases)', async () => {
    const before = await digest(t.db, MONEY);
    const base = () => waveEvent(pending[0]!, 1000);
    const notStringOrNumber = notNull.filter((v) => typeof v !== 'number' && typeof v !== 'string');
    const bad = fc.oneof(
      fc.record({ field: fc.constant('payload'), path: fc.constant([]), value: wrongType }),
      fc.record({ field: fc.constantFrom('id', 'type'), path: fc.constant([]), value: fc.oneof(wrongType, fc.constant('')) }),
      fc.record({ field: fc.constant('id'), path: fc.constant([]), value: fc.constant('i'.repeat(101)) }),
      fc.record({ field: fc.constant('type'), path: fc.constant([]), value: fc.constant('t'.repeat(51)) }),
      fc.record({ field: fc.constant('data'), path: fc.constant([]), value: wrongType.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date))) }),
      fc.record({ field: fc.constant('data.id'), path: fc.constant(['data']), value: fc.oneof(wrongType, fc.constant('')) }),
      fc.record({ field: fc.constant('data.amount'), path: fc.constant(['data']), value: notStringOrNumber }),
      fc.record({ field: fc.constantFrom('data.currency', 'data.payment_status'), path: fc.constant(['data']), value: notNull.filter((v) => typeof v !== 'string') }),
      fc.record({ field: fc.constantFrom('data.client_reference', 'data.transaction_id'), path: fc.constant(['data']), value: notNull.filter((v) => typeof v !== 'string') }),
      fc.record({ field: fc.constant('payload'), path: fc.constant([]), value: badJsonObject.map((o) => ({ extra: o })) }),
      fc.record({ field: fc.constant('payload'), path: fc.constant(['data']), value: badJsonObject.map((o) => ({ extra: o })) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, path, value }) => {
        let input: Record<string, unknown> = base();
        if (field === 'payload' && path.length === 0 && (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date || Object.keys(value).length === 0)) input = value as never;
        else if (field === 'payload') input = path.length ? { ...input, data: { ...(input.data as object), ...(value as object) } } : { ...input, ...(value as object) };
        else if (path.length) input = { ...input, data: { ...(input.data as object), [field.slice(5)]: value } };
        else input = { ...input, [field]: value };
        await expectRefused(() => processWaveWebhook(t.db, input as never), input, field === 'payload' ? /^(payload|data|id|type)/ : field);
      }),
      runs(1200),
    );
    // A transaction_id longer than the column holds (it reached the UPDATE of the donation, 22001).
    const long = { ...base(), data: { ...base().data, transaction_id: 'T'.repeat(101) } };
    await expectRefused(() => processWaveWebhook(t.db, long), long, 'data.transaction_id');
    expect(await digest(t.db, MONEY)).toEqual(before);
  });

  it('processWaveWebhook with any mix of values: processed, or refused with nothing written (120 cases)', async () => {
    const donations = pending.slice(5);
    // Fixed: one Wave transaction id reported for two donations (donations_wave_transaction_id_key).
    const first = waveEvent(pending[3]!, 1000);
    const second = waveEvent(pending[4]!, 1000);
    second.data.transaction_id = first.data.transaction_id;
    // It was a raw 23505; now the second event is recorded with its processing_error and changes nothing.
    expect((await outcome(() => processWaveWebhook(t.db, first), first)).ok).toBe(true);
    expect(await processWaveWebhook(t.db, second)).toEqual({ donationId: pending[4], status: 'pending', duplicate: false });
    const [recorded] = await queryRows<{ processing_error: string }>(t.db, sql`select processing_error from wolo.wave_webhook_events where wave_event_id = ${second.id}`);
    expect(recorded!.processing_error).toMatch(/already recorded on another donation/);
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            id: fc.oneof(fc.uuid().map((u) => `AE_${u}`), hostileText),
            type: fc.oneof(fc.constantFrom('checkout.session.completed', 'checkout.session.payment_failed'), hostileText),
            data: fc.record(
              {
                id: fc.oneof(fc.uuid().map((u) => `cos-${u}`), small(hostileText)),
                amount: fc.oneof(fc.constantFrom('1000', '1000.00', 1000, '999'), small(hostileText), wrongType),
                currency: fc.oneof(fc.constant('XOF'), small(hostileText)),
                client_reference: fc.oneof(fc.constantFrom(...donations), fc.uuid(), small(hostileText), fc.constant(null)),
                payment_status: fc.oneof(fc.constantFrom('succeeded', 'processing', 'cancelled'), small(hostileText)),
                transaction_id: fc.oneof(fc.uuid().map((u) => `T${u}`), fc.constantFrom('T-SHARED-1', 'T-SHARED-2'), hostileText, fc.constant(null)),
                extra: fc.oneof(fc.jsonValue({ maxDepth: 2 }), notJson),
              },
              { requiredKeys: ['id', 'client_reference', 'amount', 'currency', 'payment_status'] },
            ),
            extra: fc.oneof(mixedJsonObject, notJson),
          },
          { requiredKeys: ['id', 'type', 'data'] },
        ),
        async (input) => {
          await expectCleanOrSuccess(t.db, MONEY, () => processWaveWebhook(t.db, input as never), input);
        },
      ),
      runs(120),
    );
  });

  it('enqueueNotification / recordNotificationResult / claimNotifications refuse every bad field, naming it, and write nothing (1,700 cases)', async () => {
    const before = await digest(t.db, NOTIFY);
    const bad = fc.oneof(
      fc.record({ field: fc.constant('userId'), value: notUuid }),
      fc.record({ field: fc.constant('templateKey'), value: fc.oneof(unstorableText, wrongType, fc.constantFrom('', 'k'.repeat(101))) }),
      fc.record({ field: fc.constant('channel'), value: fc.oneof(unknownEnum(NOTIFICATION_CHANNELS), wrongType) }),
      fc.record({ field: fc.constant('data'), value: fc.oneof(badJsonObject, oversizedJsonObject, wrongType.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)))) }),
      fc.record({ field: fc.constant('asOf'), value: badInstant }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const input = { userId: ids.alice, templateKey: 'pot.fuzz', channel: 'email', data: { name: 'Awa', pot: 'Fatou' }, [field]: value };
        await expectRefused(() => enqueueNotification(t.db, input as never), input, field);
      }),
      runs(1000),
    );
    const badResult = fc.oneof(
      fc.record({ field: fc.constant('id'), value: notUuid }),
      fc.record({ field: fc.constant('delivered'), value: wrongType.filter((v) => typeof v !== 'boolean') }),
      fc.record({ field: fc.constant('errorCode'), value: fc.oneof(unstorableText, notNull, fc.constant('e'.repeat(51))) }),
      fc.record({ field: fc.constant('errorMessage'), value: fc.oneof(unstorableText, notNull, fc.constant('e'.repeat(5001))) }),
    );
    await fc.assert(
      fc.asyncProperty(badResult, async ({ field, value }) => {
        const input = { id: sending[0], delivered: false, [field]: value };
        await expectRefused(() => recordNotificationResult(t.db, input as never), input, field);
      }),
      runs(500),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(wrongType.filter((v) => !(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10_000)), fc.constantFrom(0, -1, 10_001, 2.5)), async (batch) => {
        await expectRefused(() => claimNotifications(t.db, batch as never), { batch }, 'batch');
      }),
      runs(200),
    );
    expect(await digest(t.db, NOTIFY)).toEqual(before);
  });

  it('enqueueNotification / recordNotificationResult / claimNotifications with any mix of values: done, or refused with nothing written (250 cases)', async () => {
    const keys = ['pot.fuzz', 'marketing.fuzz', 'welcome'];
    // Fixed: a placeholder value that makes the rendered subject longer than its column (varchar(500)):
    // it was a raw 22001; now invalid_input naming data, nothing queued.
    const before = await digest(t.db, NOTIFY);
    for (const name of ['s'.repeat(495), 'é'.repeat(5001)]) {
      const input = { userId: ids.bob, templateKey: 'pot.fuzz', channel: 'email', data: { name, pot: 'P' }, asOf: new Date('2026-03-01T12:00:00Z') } as const;
      expect((await expectRefused(() => enqueueNotification(t.db, input), input, 'data')).code).toBe('invalid_input');
    }
    expect(await digest(t.db, NOTIFY)).toEqual(before);
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            userId: user(),
            templateKey: fc.oneof(fc.constantFrom(...keys), hostileText),
            channel: fc.oneof(fc.constantFrom(...NOTIFICATION_CHANNELS), unknownEnum(NOTIFICATION_CHANNELS)),
            data: fc.oneof(fc.record({ name: small(hostileText), pot: small(hostileText) }, { requiredKeys: [] }), mixedJsonObject, nearLimitJsonObject, notJson),
            asOf: fc.oneof(someDate, extremeDates),
          },
          { requiredKeys: ['userId', 'templateKey', 'channel'] },
        ),
        async (input) => {
          await expectCleanOrSuccess(t.db, NOTIFY, () => enqueueNotification(t.db, input as never), input);
        },
      ),
      runs(100),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            id: fc.oneof(fc.constantFrom(...sending), fc.uuid()),
            delivered: fc.oneof(fc.boolean(), wrongType),
            errorCode: fc.oneof(hostileText, fc.constant(null)),
            errorMessage: fc.oneof(hostileText, fc.constant(null)),
          },
          { requiredKeys: ['id', 'delivered'] },
        ),
        async (input) => {
          await expectCleanOrSuccess(t.db, NOTIFY, () => recordNotificationResult(t.db, input as never), input);
        },
      ),
      runs(100),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: -5, max: 20_000 }), wrongType), async (batch) => {
        await outcome(() => claimNotifications(t.db, batch as never), { batch });
      }),
      runs(50),
    );
  });

  it('recordEvent / computeDailyMetrics / computePartnerSettlement refuse every bad field, naming it, and write nothing (2,000 cases)', async () => {
    const before = await digest(t.db, ANALYTICS);
    const text = (max: number) => fc.oneof(unstorableText, notNull, fc.constant('x'.repeat(max + 1)));
    const bad = fc.oneof(
      fc.record({ field: fc.constant('eventName'), value: fc.oneof(text(100), fc.constant('')) }),
      fc.record({ field: fc.constant('eventCategory'), value: fc.oneof(text(50), fc.constant('')) }),
      fc.record({ field: fc.constantFrom('sessionId', 'anonymousId'), value: text(100) }),
      fc.record({ field: fc.constant('userId'), value: fc.oneof(hostileText, notNull) }),
      fc.record({ field: fc.constant('properties'), value: fc.oneof(badJsonObject, oversizedJsonObject, notNull.filter((v) => !(typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)))) }),
      fc.record({ field: fc.constant('platform'), value: fc.oneof(unknownEnum(PLATFORMS), notNull) }),
      fc.record({ field: fc.constant('deviceType'), value: fc.oneof(unknownEnum(DEVICE_TYPES), notNull) }),
      fc.record({ field: fc.constant('occurredAt'), value: badInstant }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const input = { eventName: 'pot_viewed', eventCategory: 'pot', userId: ids.alice, [field]: value };
        await expectRefused(() => recordEvent(t.db, input as never), input, field);
      }),
      runs(1000),
    );
    await fc.assert(
      fc.asyncProperty(badDay, async (day) => {
        await expectRefused(() => computeDailyMetrics(t.db, day as never), { day }, 'day');
      }),
      runs(400),
    );
    const badSettlement = fc.oneof(
      fc.record({ field: fc.constant('partnerId'), value: notUuid }),
      fc.record({ field: fc.constantFrom('periodStart', 'periodEnd'), value: badDay }),
    );
    await fc.assert(
      fc.asyncProperty(badSettlement, async ({ field, value }) => {
        const input = { partnerId: ids.partnerA, periodStart: '2026-02-01', periodEnd: '2026-02-28', [field]: value };
        await expectRefused(() => computePartnerSettlement(t.db, input as never), input, field);
      }),
      runs(600),
    );
    expect(await digest(t.db, ANALYTICS)).toEqual(before);
  });

  it('recordEvent / computeDailyMetrics / computePartnerSettlement with any mix of values: done, or refused with nothing written (260 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            eventName: hostileText,
            eventCategory: hostileText,
            userId: fc.oneof(user(), fc.constant(null)),
            properties: fc.oneof(mixedJsonObject, nearLimitJsonObject, notJson, fc.constant(null)),
            sessionId: hostileText,
            anonymousId: hostileText,
            platform: fc.oneof(fc.constantFrom(...PLATFORMS), unknownEnum(PLATFORMS)),
            deviceType: fc.oneof(fc.constantFrom(...DEVICE_TYPES), unknownEnum(DEVICE_TYPES)),
            occurredAt: fc.oneof(someDate, extremeDates),
          },
          { requiredKeys: ['eventName', 'eventCategory'] },
        ),
        async (input) => {
          await expectCleanOrSuccess(t.db, ANALYTICS, () => recordEvent(t.db, input as never), input);
        },
      ),
      runs(100),
    );
    const day = fc.oneof(someDate.map(isoDay), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), badDay);
    await fc.assert(
      fc.asyncProperty(day, async (d) => {
        await expectCleanOrSuccess(t.db, ANALYTICS, () => computeDailyMetrics(t.db, d as never), { day: d });
      }),
      runs(60),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ partnerId: fc.oneof(fc.constantFrom(ids.partnerA, ids.partnerB), fc.uuid()), periodStart: day, periodEnd: day }),
        async (input) => {
          await expectCleanOrSuccess(t.db, ANALYTICS, () => computePartnerSettlement(t.db, input as never), input);
        },
      ),
      runs(100),
    );
  });

  it('featureEnabled / pointsBalance: a result or a ValidationError naming the field, never a driver error (1,000 cases)', async () => {
    await queryRows(t.db, sql`update wolo.feature_flags set is_enabled = true, rollout_percentage = 50, target_regions = ARRAY['SN-DK'] where flag_key = 'f'`);
    const bad = fc.oneof(
      fc.record({ field: fc.constant('flagKey'), value: fc.oneof(unstorableText, wrongType, fc.constantFrom('', 'f'.repeat(101))) }),
      fc.record({ field: fc.constant('userId'), value: fc.oneof(hostileText, notNull) }),
      fc.record({ field: fc.constant('region'), value: fc.oneof(unstorableText, notNull, fc.constant('r'.repeat(101))) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const input = { flagKey: 'f', userId: ids.alice, [field]: value };
        await expectRefused(() => featureEnabled(t.db, input as never), input, field);
      }),
      runs(500),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ flagKey: fc.oneof(fc.constant('f'), hostileText, wrongType), userId: fc.oneof(user(), hostileText, fc.constant(null)), region: fc.oneof(fc.constant('SN-DK'), hostileText, fc.constant(null)) }, { requiredKeys: ['flagKey'] }),
        async (input) => {
          await outcome(() => featureEnabled(t.db, input as never), input);
        },
      ),
      runs(300),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(user(), hostileText, wrongType), async (sponsor) => {
        const result = await outcome(() => pointsBalance(t.db, sponsor as never), { sponsor });
        if (!result.ok) expect(result.error.field).toBe('sponsor');
      }),
      runs(200),
    );
  });

  it('setIdNumber / readIdNumber / exportUserData refuse every bad field, naming it, and write nothing (900 cases)', async () => {
    const before = await digest(t.db, PRIVACY);
    const key = fc.oneof(unstorableText.filter((s) => s.length >= 16), wrongType, fc.constantFrom('', 'short-key', 'k'.repeat(15)));
    const bad = fc.oneof(
      fc.record({ field: fc.constant('userId'), value: notUuid }),
      fc.record({ field: fc.constant('idNumber'), value: fc.oneof(unstorableText, wrongType, fc.constantFrom('', 'abc', 'n'.repeat(61))) }),
      fc.record({ field: fc.constant('key'), value: key }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const input = { userId: ids.alice, idNumber: 'SN-123456', key: KEY, [field]: value };
        await expectRefused(() => setIdNumber(t.db, input as never), input, field);
        if (field === 'idNumber') return;
        await expectRefused(() => readIdNumber(t.db, input as never), input, field);
        await expectRefused(() => exportUserData(t.db, input as never), input, field);
      }),
      runs(900),
    );
    expect(await digest(t.db, PRIVACY)).toEqual(before);
  });

  it('setIdNumber / readIdNumber / exportUserData with any mix of values: done, or refused with nothing written (200 cases)', async () => {
    const people = fc.oneof(fc.constantFrom(ids.alice, ids.bob, ids.minor, ids.carol), fc.uuid());
    const key = fc.oneof(fc.constant(KEY), fc.string({ minLength: 16, maxLength: 40 }), hostileText);
    // A wrong key on a stored ID number: a ValidationError naming the key (it was pgcrypto's 39000).
    const wrong = { userId: ids.alice, key: 'another-key-0123456789' };
    await expectRefused(() => readIdNumber(t.db, wrong), wrong, 'key');
    await expectRefused(() => exportUserData(t.db, wrong), wrong, 'key');
    await fc.assert(
      fc.asyncProperty(fc.record({ userId: people, key }), async (input) => {
        await outcome(() => readIdNumber(t.db, input as never), input);
        await outcome(() => exportUserData(t.db, input as never), input);
      }),
      runs(100),
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ userId: people, idNumber: fc.oneof(fc.stringMatching(/^[A-Z0-9-]{4,20}$/), hostileText), key }), async (input) => {
        await expectCleanOrSuccess(t.db, PROFILES, () => setIdNumber(t.db, input as never), input);
      }),
      runs(100),
    );
  });

  it('openDuePots / maturePoints / purgeExpiredData / forgetUser: done, or refused naming the field with nothing written (1,250 cases)', async () => {
    const TABLES = [...MONEY, ...PRIVACY, ...ANALYTICS, ...NOTIFY, 'wolo.user_sessions'];
    const before = await digest(t.db, TABLES);
    await fc.assert(
      fc.asyncProperty(badInstant.filter((v) => v !== null), async (now) => {
        await expectRefused(() => openDuePots(t.db, now as never), { now }, 'now');
        await expectRefused(() => maturePoints(t.db, now as never), { now }, 'now');
        await expectRefused(() => purgeExpiredData(t.db, { now } as never), { now }, 'now');
      }),
      runs(300),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(wrongType.filter((v) => !(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 100_000)), fc.constantFrom(0, -1, 100_001, 1.5)), async (batchSize) => {
        await expectRefused(() => purgeExpiredData(t.db, { batchSize } as never), { batchSize }, 'batchSize');
      }),
      runs(300),
    );
    await fc.assert(
      fc.asyncProperty(notUuid, async (userId) => {
        await expectRefused(() => forgetUser(t.db, userId as never), { userId }, 'userId');
      }),
      runs(300),
    );
    await fc.assert(
      fc.asyncProperty(fc.uuid(), async (userId) => {
        await expectRefused(() => forgetUser(t.db, userId), { userId }, 'user_id');
      }),
      runs(100),
    );
    expect(await digest(t.db, TABLES)).toEqual(before);
    const old = fc.date({ min: new Date('1990-01-01'), max: new Date('2010-01-01'), noInvalidDate: true });
    await fc.assert(
      fc.asyncProperty(fc.oneof(old, someDate, extremeDates), async (now) => {
        await expectCleanOrSuccess(t.db, ['wolo.pots'], () => openDuePots(t.db, now as never), { now });
        await expectCleanOrSuccess(t.db, ['wolo.points_ledger'], () => maturePoints(t.db, now as never), { now });
      }),
      runs(100),
    );
    const forgettable = await createUser(t.db);
    await createPot(t.db, forgettable);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(forgettable), fc.uuid(), hostileText), async (userId) => {
        await expectCleanOrSuccess(t.db, PRIVACY, () => forgetUser(t.db, userId as never), { userId });
      }),
      runs(50),
    );
    // Last: a purge at a far future instant deletes most of what the other properties wrote.
    await fc.assert(
      fc.asyncProperty(fc.record({ now: fc.oneof(old, extremeDates), batchSize: fc.oneof(fc.integer({ min: -1, max: 200_000 }), wrongType) }, { requiredKeys: [] }), async (input) => {
        await expectCleanOrSuccess(t.db, TABLES, () => purgeExpiredData(t.db, input as never), input);
      }),
      runs(100),
    );
  });
});

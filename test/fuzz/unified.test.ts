import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  calculateEnrollmentMetrics,
  getMarketingSources,
  getMonthlyEnrollments,
  getMonthlyRevenue,
  getRevenueMetrics,
  syncProfileData,
} from '../../src/unified.js';
import { engine, useDatabase } from '../helpers.js';
import { loadAnalyticsFixture } from '../unified/analytics-fixture.js';
import { resetUnified } from '../unified/fixtures.js';
import { digest, expectCleanOrSuccess, expectRefused, extremeDates, hostileText, outcome, runs, unknownEnum, unstorableText, wrongType } from './fuzz.js';

const t = useDatabase();
const TOUCHED = ['auth.users', 'public.unified_profiles', 'public.transactions', 'public.enrollments', 'public.profile_audit_log', 'public.admin_notifications'];
beforeAll(async () => {
  await resetUnified(t.db);
  await loadAnalyticsFixture(t.db);
});

let n = 0;
const email = () => `sync${n++}@fuzz.example`;

describe(`unified helpers, fuzzed (${engine})`, () => {
  it('syncProfileData: the inputs found by hand are refused, naming the field, and nothing is written', async () => {
    const before = await digest(t.db, TOUCHED);
    const cases: [Record<string, unknown>, string][] = [
      [{ payments: [{ email: email(), amount: -500 }] }, 'payments[0].amount'],
      [{ payments: [{ email: email(), amount: 'lots' }] }, 'payments[0].amount'],
      [{ payments: [{ email: email(), status: 'HACKED' }] }, 'payments[0].status'],
      [{ contacts: [{ email: email(), phone: 'abc' }] }, 'contacts[0].phone'],
      [{ contacts: [{ email: email(), acquisitionSource: 'x'.repeat(5 * 1024 * 1024) }] }, 'contacts[0].acquisitionSource'],
      [{ contacts: [{ email: email(), firstName: 'Ann\u0000' }] }, 'contacts[0].firstName'],
      [{ payments: [{ email: email(), lastName: 'Lee\u0000' }] }, 'payments[0].lastName'],
      [{ contacts: [{ email: email(), tags: ['ok', 'bad\u0000'] }] }, 'contacts[0].tags'],
      [{ contacts: [{ email: email(), createdAt: new Date(-8.64e15) }] }, 'contacts[0].createdAt'],
    ];
    for (const [params, field] of cases) await expectRefused(() => syncProfileData(t.db, params as never), params, field);
    expect(await digest(t.db, TOUCHED)).toEqual(before);
    // Accepted as before: a phone with separators, a status in any case, an amount as text.
    const ok = await syncProfileData(t.db, {
      contacts: [{ email: email(), phone: '+63 (917) 555-0101' }],
      payments: [{ email: email(), status: 'Paid', amount: '800.00' }],
    });
    expect(ok.inserted).toBe(2);
  });

  it('syncProfileData refuses every unstorable, oversized, mistyped or unknown value, naming the field (1,500 cases)', async () => {
    const before = await digest(t.db, TOUCHED);
    const bad = fc.oneof(
      fc.record({ list: fc.constant('contacts'), field: fc.constantFrom('firstName', 'lastName', 'acquisitionSource', 'phone', 'systemeioId'), value: fc.oneof(unstorableText, wrongType.filter((v) => v !== null && typeof v !== 'number')) }),
      fc.record({ list: fc.constant('contacts'), field: fc.constant('tags'), value: fc.oneof(fc.array(unstorableText, { minLength: 1, maxLength: 2 }), fc.constant(Array.from({ length: 101 }, (_, i) => `t${i}`))) }),
      fc.record({ list: fc.constantFrom('contacts', 'payments'), field: fc.constant('createdAt'), value: fc.constantFrom(new Date(-8.64e15), new Date(8.64e15), new Date(Number.NaN), 'yesterday', '+275760-09-13T00:00:00Z') }),
      fc.record({ list: fc.constant('payments'), field: fc.constant('status'), value: fc.oneof(unknownEnum(['paid', 'settled', 'pending', 'expired', 'failed', 'refunded']).filter((s) => !['PAID', 'SETTLED', 'PENDING', 'EXPIRED', 'FAILED', 'REFUNDED'].includes(s.toUpperCase())), wrongType.filter((v) => v !== null)) }),
      fc.record({ list: fc.constant('payments'), field: fc.constant('amount'), value: fc.oneof(fc.integer({ max: -1 }), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e12, 'lots', '-1', '1e3', '1.234', ''), fc.constant({})) }),
      fc.record({ list: fc.constantFrom('contacts', 'payments'), field: fc.constant('email'), value: fc.oneof(unstorableText, wrongType, fc.constantFrom('nope', "x'@y.z", '')) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ list, field, value }) => {
        const params = { [list]: [{ email: email(), [field]: value }] };
        await expectRefused(() => syncProfileData(t.db, params as never), params, `${list}[0].${field}`);
      }),
      runs(1500),
    );
    expect(await digest(t.db, TOUCHED)).toEqual(before);
  });

  it('syncProfileData with any mix of values: merged, or refused with nothing written (120 cases)', async () => {
    const person = fc.record(
      {
        email: fc.oneof(fc.constant(null).map(email), hostileText),
        firstName: hostileText,
        lastName: fc.oneof(hostileText, fc.constant(null)),
        phone: fc.oneof(fc.stringMatching(/^\+639[0-9]{9}$/), hostileText),
        tags: fc.oneof(fc.array(hostileText.filter((s) => s.length < 200), { maxLength: 3 }), hostileText),
        acquisitionSource: hostileText,
        createdAt: fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01') }), extremeDates),
      },
      { requiredKeys: ['email'] },
    );
    const payment = fc.record(
      {
        email: fc.oneof(fc.constant(null).map(email), hostileText),
        status: fc.oneof(fc.constantFrom('PAID', 'settled', 'EXPIRED'), hostileText),
        amount: fc.oneof(fc.double(), fc.integer(), hostileText),
        externalId: hostileText,
        paidAt: fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01') }), extremeDates),
      },
      { requiredKeys: ['email'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ contacts: fc.array(person, { maxLength: 2 }), payments: fc.array(payment, { maxLength: 2 }) }), async (params) => {
        await expectCleanOrSuccess(t.db, TOUCHED, () => syncProfileData(t.db, params as never), params);
      }),
      runs(120),
    );
  });

  it('dashboard and metrics parameters: rows or a ValidationError, never a driver error (1,500 cases)', async () => {
    const dateish = fc.oneof(extremeDates, hostileText, wrongType, fc.constantFrom('2024-01-01', '2024-03', '2024-02-30', '2024-13-01'));
    const params = fc.oneof(
      fc.record({ from: dateish, to: dateish, product: fc.oneof(hostileText, unknownEnum(['P2P', 'Canva', 'Other'])), currency: hostileText }, { requiredKeys: [] }),
      fc.record({ from: dateish, to: dateish, granularity: fc.oneof(unknownEnum(['day', 'week', 'month']), wrongType), courseId: fc.oneof(fc.uuid(), hostileText) }, { requiredKeys: [] }),
      fc.record({ source: hostileText, limit: wrongType, extra: hostileText }, { requiredKeys: [] }),
      wrongType,
    );
    const helpers = [getMonthlyRevenue, getMonthlyEnrollments, getMarketingSources, getRevenueMetrics, calculateEnrollmentMetrics] as ((db: never, p: never) => Promise<unknown>)[];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...helpers.keys()), params, async (i, p) => {
        await outcome(() => helpers[i]!(t.db as never, p as never), { helper: helpers[i]!.name, p });
      }),
      runs(1500),
    );
  });
});

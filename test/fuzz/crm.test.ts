import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, exportBrandData, findCustomer, findCustomers, searchCustomers, setCustomerStage, threadMessage } from '../../src/crm.js';
import { brandIds, customerSourceEnum, customerStageEnum } from '../../src/schema/crm/enums.js';
import { conversationId, customerId, seedBrands } from '../crm/fixtures.js';
import { engine, useDatabase } from '../helpers.js';
import { digest, expectCleanOrSuccess, expectRefused, extremeDates, hostileText, outcome, runs, unknownEnum, unstorableText, wrongType } from './fuzz.js';

const t = useDatabase();
const CRM = ['crm.customers', 'crm.conversations', 'crm.messages'];
beforeAll(() => seedBrands(t.db, 3));

const STAGES = customerStageEnum.enumValues;
const SOURCES = customerSourceEnum.enumValues;
let n = 0;
const freshEmail = () => `fuzz${n++}@gnymble.example`;

/** A field of createCustomer and values it must refuse. */
const badCustomerField = fc.oneof(
  fc.record({ field: fc.constantFrom('firstName', 'lastName', 'phone'), value: fc.oneof(unstorableText, wrongType.filter((v) => v !== null)) }),
  fc.record({ field: fc.constant('email'), value: fc.oneof(unstorableText, wrongType, fc.constantFrom('not-an-email', "a'@b.c; drop", '')) }),
  fc.record({ field: fc.constant('stage'), value: fc.oneof(unknownEnum(STAGES), wrongType) }),
  fc.record({ field: fc.constant('source'), value: fc.oneof(unknownEnum(SOURCES), wrongType) }),
  fc.record({
    field: fc.constant('tags'),
    value: fc.oneof(
      fc.array(unstorableText, { minLength: 1, maxLength: 2 }),
      fc.constant(Array.from({ length: 101 }, (_, i) => `t${i}`)),
      fc.constant(['a'.repeat(101)]),
      fc.constant(['two\nlines']),
      wrongType.filter((v) => v !== null && !Array.isArray(v)),
    ),
  }),
  fc.record({
    field: fc.constant('metadata'),
    value: fc.oneof(
      unstorableText.map((s) => ({ note: s })),
      unstorableText.map((s) => ({ [s]: 1 })),
      fc.constant({ big: 'y'.repeat(70_000) }),
      fc.constant({ nested: [{ deep: 'a\u0000b' }] }),
    ),
  }),
  fc.record({ field: fc.constantFrom('createdAt', 'trialStartedAt', 'subscribedAt'), value: fc.constantFrom(new Date(-8.64e15), new Date(Number.NaN), 'tomorrow', 42) }),
);

describe(`crm helpers, fuzzed (${engine})`, () => {
  it('createCustomer refuses every unstorable, oversized, mistyped or unknown value, naming the field, and writes nothing (1,500 cases)', async () => {
    const before = await digest(t.db, CRM);
    await fc.assert(
      fc.asyncProperty(badCustomerField, async ({ field, value }) => {
        const input = { email: freshEmail(), firstName: 'Ok', [field]: value };
        await expectRefused(() => createCustomer(t.db, 'gnymble', input as never), input, field);
      }),
      runs(1500),
    );
    expect(await digest(t.db, CRM)).toEqual(before);
  });

  it('createCustomer with any mix of values: created, or refused with nothing written (150 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            email: fc.oneof(fc.constant(null).map(freshEmail), hostileText),
            firstName: fc.oneof(hostileText, fc.constant(null)),
            lastName: hostileText,
            phone: fc.oneof(fc.stringMatching(/^\+1[0-9]{10}$/), hostileText),
            stage: fc.oneof(fc.constantFrom(...STAGES), unknownEnum(STAGES)),
            tags: fc.array(hostileText.filter((s) => s.length < 1000), { maxLength: 3 }),
            metadata: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(hostileText.filter((s) => s.length < 100), hostileText, { maxKeys: 2 })),
          },
          { requiredKeys: ['email'] },
        ),
        async (input) => {
          await expectCleanOrSuccess(t.db, CRM, () => createCustomer(t.db, 'gnymble', input as never), input);
        },
      ),
      runs(150),
    );
  });

  it('findCustomer / findCustomers / searchCustomers / setCustomerStage: a result or a ValidationError, never a driver error (4,000 cases)', async () => {
    const before = await digest(t.db, CRM);
    const by = fc.oneof(
      fc.record({ email: hostileText }),
      fc.record({ phone: hostileText }),
      fc.record({ id: fc.oneof(hostileText, fc.uuid()) }),
      fc.record({ email: wrongType }),
      fc.constant({}),
      fc.record({ id: fc.uuid(), email: fc.constant('a@b.co') }),
      wrongType,
    );
    await fc.assert(
      fc.asyncProperty(by, async (input) => {
        await outcome(() => findCustomer(t.db, 'gnymble', input as never), input);
      }),
      runs(1200),
    );
    const options = fc.record(
      {
        stage: fc.oneof(fc.constantFrom(...STAGES), unknownEnum(STAGES), wrongType),
        source: fc.oneof(fc.constantFrom(...SOURCES), unknownEnum(SOURCES)),
        before: fc.oneof(fc.record({ createdAt: extremeDates, id: fc.oneof(fc.uuid(), hostileText) }), wrongType),
        limit: fc.oneof(fc.integer({ min: -5, max: 2000 }), wrongType),
        extra: hostileText,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(options, async (input) => {
        await outcome(() => findCustomers(t.db, 'gnymble', input as never), input);
      }),
      runs(1000),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText, wrongType), fc.oneof(fc.integer({ min: -1, max: 600 }), wrongType, fc.constant(undefined)), async (query, limit) => {
        await outcome(() => searchCustomers(t.db, 'gnymble', query as never, { limit } as never), { query, limit });
      }),
      runs(1000),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(customerId('gnymble', 2)), fc.uuid(), hostileText, wrongType),
        fc.oneof(unknownEnum(STAGES), wrongType),
        fc.oneof(fc.constantFrom(...brandIds), unknownEnum(brandIds), wrongType),
        async (id, stage, brand) => {
          await expectRefused(() => setCustomerStage(t.db, brand as never, id as never, stage as never), { id, stage, brand }, /^(customerId|stage|brand)$/);
        },
      ),
      runs(800),
    );
    expect(await digest(t.db, CRM)).toEqual(before);
  });

  it('threadMessage refuses unstorable, oversized and mistyped messages naming the field, and writes nothing (1,500 cases)', async () => {
    const before = await digest(t.db, CRM);
    const bad = fc.oneof(
      fc.record({ field: fc.constant('content'), value: fc.oneof(unstorableText, fc.constant('z'.repeat(5001)), wrongType) }),
      fc.record({ field: fc.constant('direction'), value: fc.oneof(unknownEnum(['inbound', 'outbound']), wrongType) }),
      fc.record({ field: fc.constant('metadata'), value: fc.oneof(unstorableText.map((s) => ({ s })), fc.constant({ big: 'q'.repeat(70_000) })) }),
      fc.record({ field: fc.constant('mediaUrls'), value: fc.oneof(fc.array(unstorableText, { minLength: 1, maxLength: 2 }), fc.constant(Array.from({ length: 21 }, () => 'https://x.example/a.png'))) }),
      fc.record({ field: fc.constant('externalId'), value: fc.oneof(unstorableText, fc.constant('e'.repeat(256))) }),
      fc.record({ field: fc.constantFrom('sentAt', 'deliveredAt'), value: fc.constantFrom(new Date(-8.64e15), new Date(Number.NaN), 'soon', 1) }),
      fc.record({ field: fc.constant('conversationId'), value: fc.oneof(hostileText, wrongType) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const input = { conversationId: conversationId('gnymble', 1), direction: 'outbound', content: 'hello', [field]: value };
        await expectRefused(() => threadMessage(t.db, 'gnymble', input as never), input, field);
      }),
      runs(1500),
    );
    expect(await digest(t.db, CRM)).toEqual(before);
  });

  it('threadMessage with any mix of values: threaded, or refused with nothing written (150 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          conversationId: fc.oneof(fc.constant(conversationId('gnymble', 2)), fc.constant(conversationId('percymd', 1)), fc.uuid()),
          direction: fc.oneof(fc.constantFrom('inbound', 'outbound'), unknownEnum(['inbound', 'outbound'])),
          content: hostileText,
          metadata: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(hostileText.filter((s) => s.length < 100), hostileText, { maxKeys: 2 })),
          sentAt: fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01') }), extremeDates),
        }),
        async (input) => {
          await expectCleanOrSuccess(t.db, CRM, () => threadMessage(t.db, 'gnymble', input as never), input);
        },
      ),
      runs(150),
    );
  });

  it('exportBrandData refuses unknown brands and bad batch sizes before reading (400 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(unknownEnum(brandIds), wrongType, hostileText),
        fc.oneof(fc.constant(undefined), fc.record({ batchSize: fc.oneof(wrongType, fc.integer()) })),
        async (brand, options) => {
          const result = await outcome(() => exportBrandData(t.db, brand as never, undefined, options as never), { brand, options });
          expect(result.ok, `exported for brand ${String(brand)}`).toBe(false);
        },
      ),
      runs(300),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(wrongType, fc.integer({ min: -10, max: 20_000 }), fc.constant(null)), async (batchSize) => {
        await outcome(() => exportBrandData(t.db, 'gnymble', () => {}, { batchSize } as never), { batchSize });
      }),
      runs(100),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IngestError, ingestSystemeio, ingestXendit } from '../../src/ingest.js';
import { engine, useDatabase } from '../helpers.js';
import { digest, extremeDates, hostileText, INJECTIONS, runs, show, unstorableText, wrongType } from './fuzz.js';

const t = useDatabase();
const RAW = ['ingest.xendit_raw', 'ingest.systemeio_raw', 'ingest.rejected_rows'];

const hostileValue = fc.oneof(hostileText, wrongType.filter((v) => typeof v !== 'symbol' && typeof v !== 'function' && typeof v !== 'bigint'), extremeDates.map(String));

/** An invoice or contact with some fields replaced by hostile values, hostile extra keys, or not an object at all. */
const invoice = fc.oneof(
  fc.record({
    id: fc.oneof(fc.uuid(), hostileText),
    external_id: hostileValue,
    status: fc.oneof(fc.constantFrom('PAID', 'SETTLED', 'PENDING'), hostileValue),
    amount: fc.oneof(fc.integer({ min: 0, max: 100_000 }), hostileValue),
    currency: fc.oneof(fc.constant('PHP'), hostileValue),
    description: hostileValue,
    payer_email: fc.oneof(fc.emailAddress(), hostileValue),
    created: fc.oneof(fc.constant('2024-03-01T10:00:00Z'), hostileValue),
  }),
  fc.dictionary(fc.oneof(hostileText.filter((s) => s.length < 50), fc.constantFrom(...INJECTIONS)), hostileValue, { maxKeys: 3 }),
  unstorableText,
  wrongType.filter((v) => typeof v !== 'symbol' && typeof v !== 'function' && typeof v !== 'bigint'),
);
const contact = fc.oneof(
  fc.record({
    id: fc.oneof(fc.integer({ min: 1, max: 1e9 }), hostileValue),
    email: fc.oneof(fc.emailAddress(), hostileValue),
    firstName: hostileValue,
    registeredAt: fc.oneof(fc.constant('2024-01-01T00:00:00Z'), hostileValue),
    tags: fc.oneof(fc.array(hostileText.filter((s) => s.length < 200), { maxLength: 3 }), hostileValue),
  }),
  fc.dictionary(hostileText.filter((s) => s.length < 50), hostileValue, { maxKeys: 3 }),
  unstorableText,
);

/** A load either completes, with every record inserted/updated/unchanged or rejected with a reason, or fails whole with an IngestError. */
async function checkLoad(load: () => Promise<import('../../src/ingest.js').IngestResult>, records: unknown[]) {
  const before = await digest(t.db, RAW);
  try {
    const r = await load();
    expect(r.inserted + r.updated + r.unchanged + r.duplicates + r.rejected).toBe(r.total);
    expect(r.total).toBe(records.length);
    for (const x of r.rejections) expect(x.reason, show(records[x.position - 1])).toMatch(/\S/);
  } catch (error) {
    if (!(error instanceof IngestError)) {
      throw new Error(`raw error loading ${show(records)}: ${(error as Error)?.name}: ${String((error as Error)?.message).slice(0, 300)}`, { cause: error });
    }
    expect(await digest(t.db, RAW), 'a failed load left rows behind').toEqual(before);
  }
}

describe(`ingest loaders, fuzzed (${engine})`, () => {
  it('ingestXendit with hostile records: loaded or rejected one by one, never a driver error (100 loads)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(invoice, { minLength: 1, maxLength: 4 }), async (records) => {
        await checkLoad(() => ingestXendit(t.db, records, { log: false } as never), records);
      }),
      runs(100),
    );
  });

  it('ingestSystemeio with hostile records: loaded or rejected one by one, never a driver error (150 loads)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(contact, { minLength: 1, maxLength: 4 }), async (records) => {
        await checkLoad(() => ingestSystemeio(t.db, records, { log: false } as never), records);
      }),
      runs(150),
    );
  });
});

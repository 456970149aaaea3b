import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db.js';
import { ingestSystemeio, ingestXendit } from '../../src/ingest.js';
import { jsonbMd5, jsonbText, numericText } from '../../src/ingest/jsonb-text.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { invoice } from './fixtures.js';

const t = useDatabase();

/** What the server makes of each value: `payload::text` and `md5(payload::text)`. */
async function serverForms(values: unknown[]): Promise<{ text: string; md5: string }[]> {
  return queryRows<{ text: string; md5: string }>(
    t.db,
    `select e::text as text, md5(e::text) as md5 from jsonb_array_elements(${literal(JSON.stringify(values))}::jsonb) with ordinality as a(e, n) order by n`,
  );
}
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Every row of the raw table, every column, in id order. */
const xenditRows = () => queryRows(t.db, 'select *, api_synced_at::text as synced from ingest.xendit_raw order by id');
const systemeioRows = () => queryRows(t.db, 'select *, api_synced_at::text as synced from ingest.systemeio_raw order by id');

const SYNCED = '2026-01-02T03:04:05.000Z';
const SENTINEL = `insert into ingest.xendit_raw (id, status, amount, payload, content_hash) values ('~sentinel', 'PAID', 1, '{}', md5('{}'))`;

/**
 * Loads `records` twice from scratch: into the empty table (direct COPY) and into a table holding one
 * unrelated row (the merge path); returns both results and both sets of rows.
 */
async function bothPaths(records: unknown[], batchSize: number) {
  await queryRows(t.db, 'delete from ingest.xendit_raw');
  const direct = await ingestXendit(t.db, records, { batchSize, syncedAt: SYNCED, log: false });
  const directRows = await xenditRows();
  await queryRows(t.db, 'delete from ingest.xendit_raw');
  await queryRows(t.db, SENTINEL);
  const merged = await ingestXendit(t.db, records, { batchSize, syncedAt: SYNCED, log: false });
  await queryRows(t.db, "delete from ingest.xendit_raw where id = '~sentinel'");
  const mergedRows = await xenditRows();
  const counts = (r: typeof direct) => ({ ...r, runId: undefined, durationMs: undefined });
  return { direct: counts(direct), merged: counts(merged), directRows, mergedRows };
}

/** Payloads that stress the hash: keys in every order and script, numbers jsonb prints differently. */
const odd = (i: number) => ({
  zeta: i,
  a: 1e21,
  é: 'accent',
  '😀': 'emoji key',
  '\uFF5E': 'last BMP key',
  aa: [1.5e-7, -0, 5e-324, 1.7976931348623157e308, 0.1, -12.5e-10],
  ctrl: 'tab\there\u001f \u2028 "quoted" \\ back',
  nested: { b: { z: null, y: [true, false, {}, []] }, a: 'x' },
});

describe(`jsonb text computed in JavaScript (${engine})`, () => {
  it('equals the server’s payload::text and md5 for awkward values', async () => {
    const values = [odd(1), { '': 0, ' ': 1, a: { '': [] } }, { b: 1, a: 2, ab: 3, ba: 4, B: 5 }, [1e-7, 123456789012345680000, 1e300], 'x', 0, null];
    const server = await serverForms(values);
    values.forEach((v, i) => {
      const js = jsonbText(v)!;
      expect(js.text).toBe(server[i]!.text);
      expect(jsonbMd5(js.text)).toBe(server[i]!.md5);
      expect(js.compactLength).toBe(JSON.stringify(v).length);
    });
  });

  it('equals the server’s form for random JSON (property)', async () => {
    const values = fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 300, seed: 14 });
    const objects = fc.sample(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue({ maxDepth: 2 })), { numRuns: 100, seed: 15 });
    const all = [...values, ...objects].filter((v) => !JSON.stringify(v).includes('\\u0000') && !/\\ud[89a-f]/i.test(JSON.stringify(v)));
    const server = await serverForms(all);
    all.forEach((v, i) => {
      const js = jsonbText(v)!;
      expect({ v, text: js.text }).toEqual({ v, text: server[i]!.text });
      expect(js.compactLength).toBe(JSON.stringify(v).length);
    });
  });

  it('writes what JSON.stringify writes for values that are not plain data', () => {
    const when = new Date('2024-01-02T03:04:05.000Z');
    const notPlain = { b: when, a: undefined, c: [undefined, Number.NaN] };
    expect(jsonbText(notPlain)).toEqual({ text: '{"b": "2024-01-02T03:04:05.000Z", "c": [null, null]}', compactLength: JSON.stringify(notPlain).length });
    expect(() => jsonbText({ n: 1n })).toThrow(/BigInt/);
    expect(numericText('-1.25e-3')).toBe('-0.00125');
    expect(numericText('1.5e+22')).toBe('15000000000000000000000');
  });
});

describe(`raw load: rows written once into an empty table (${engine})`, () => {
  it('a first load by direct COPY equals the merge path row for row, content_hash included', async () => {
    const records: unknown[] = Array.from({ length: 40 }, (_, i) => (i % 3 ? invoice(`once_${i}`, { extra: odd(i) }) : invoice(`once_${i}`, { status: 'expired', amount: 12.5 })));
    records.push({ id: 'bad', status: 'PAID' }); // rejected on both paths
    const r = await bothPaths(records, 7);
    expect(r.direct).toMatchObject({ inserted: 40, updated: 0, unchanged: 0, duplicates: 0, rejected: 1, total: 41 });
    expect(r.direct).toEqual(r.merged);
    expect(r.directRows).toHaveLength(40);
    expect(r.directRows).toEqual(r.mergedRows);
    const [check] = await queryRows<{ bad: number }>(t.db, 'select count(*)::int as bad from ingest.xendit_raw where content_hash <> md5(payload::text)');
    expect(check!.bad).toBe(0);
  });

  it('duplicate ids in a first load fall back to the merge path with the same result', async () => {
    const records: unknown[] = [];
    for (let i = 0; i < 10; i++) records.push(invoice(`dup_${i}`)); // batch 1, written directly
    for (let i = 10; i < 19; i++) records.push(invoice(`dup_${i}`)); // written directly too, before …
    records.push(invoice('dup_3', { amount: 900 })); // … the first repeated id: from here on, merged
    for (let i = 19; i < 24; i++) records.push(invoice(`dup_${i}`));
    for (let i = 0; i < 1000; i++) records.push({ id: `dup_bad_${i}`, status: 'PAID' });
    records.push(invoice('dup_20', { amount: 1000 }), invoice('dup_20', { amount: 1100 }), invoice('dup_0'), invoice('dup_24'));
    const r = await bothPaths(records, 10);
    expect(r.direct).toMatchObject({ inserted: 25, updated: 0, unchanged: 0, duplicates: 4, rejected: 1000, total: 1029 });
    expect(r.direct).toEqual(r.merged);
    expect(r.directRows).toEqual(r.mergedRows);
    const amounts = await queryRows<{ id: string; amount: string }>(t.db, "select id, amount::text from ingest.xendit_raw where id in ('dup_3', 'dup_20', 'dup_0') order by id");
    expect(amounts).toEqual([
      { id: 'dup_0', amount: '800.00' },
      { id: 'dup_20', amount: '1100.00' },
      { id: 'dup_3', amount: '900.00' },
    ]);
  });

  it('a duplicate within one batch of a first load, and Systeme.io contacts, the same way', async () => {
    const records = [invoice('same_1'), invoice('same_2'), invoice('same_1', { amount: 5 })];
    const r = await bothPaths(records, 100);
    expect(r.direct).toMatchObject({ inserted: 2, duplicates: 1, updated: 0, unchanged: 0 });
    expect(r.direct).toEqual(r.merged);
    expect(r.directRows).toEqual(r.mergedRows);

    await queryRows(t.db, 'delete from ingest.systemeio_raw');
    const contacts = Array.from({ length: 12 }, (_, i) => ({ id: 700 + i, email: `c${i}@example.com`, tags: [{ id: 1, name: 'Canva' }], registeredAt: '2024-01-01T00:00:00+08:00' }));
    const first = await ingestSystemeio(t.db, contacts, { batchSize: 5, log: false });
    expect(first).toMatchObject({ inserted: 12, duplicates: 0 });
    const again = await ingestSystemeio(t.db, contacts, { batchSize: 5, log: false });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 12 });
    const [bad] = await queryRows<{ n: number }>(t.db, 'select count(*)::int as n from ingest.systemeio_raw where content_hash <> md5(payload::text)');
    expect(bad!.n).toBe(0);
    expect((await systemeioRows()).length).toBe(12);
  });

  it('a second identical load is a no-op, and a changed record is an update', async () => {
    await queryRows(t.db, 'delete from ingest.xendit_raw');
    const records = Array.from({ length: 25 }, (_, i) => invoice(`noop_${i}`, { extra: odd(i) }));
    expect(await ingestXendit(t.db, records, { batchSize: 6 })).toMatchObject({ inserted: 25 });
    const before = await xenditRows();
    expect(await ingestXendit(t.db, [...records].reverse(), { batchSize: 6 })).toMatchObject({ inserted: 0, updated: 0, unchanged: 25 });
    expect(await xenditRows()).toEqual(before);
    records[4] = invoice('noop_4', { extra: odd(5) });
    expect(await ingestXendit(t.db, records)).toMatchObject({ inserted: 0, updated: 1, unchanged: 24 });
  });

  it.skipIf(engine !== 'postgres')(`two first loads racing into the empty table: the second waits, then merges ${POSTGRES_ONLY_RACE}`, async () => {
    await queryRows(t.db, 'delete from ingest.xendit_raw');
    const other = await openDatabase({ url: t.handle.url!, max: 2 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let firstBatchSent!: () => void;
      const sent = new Promise<void>((resolve) => {
        firstBatchSent = resolve;
      });
      async function* slow() {
        for (let i = 0; i < 20; i++) {
          if (i === 10) {
            firstBatchSent();
            await gate;
          }
          yield invoice(`race_${i}`, { amount: 100 });
        }
      }
      // A: claims the empty table, writes its first batch, then waits for the gate.
      const a = ingestXendit(t.db, slow(), { batchSize: 5, log: false });
      await sent;
      // B: the same ids 10–29 with other amounts; must not slip in while A holds the table.
      const b = ingestXendit(other.db, Array.from({ length: 20 }, (_, i) => invoice(`race_${i + 10}`, { amount: 200 })), { batchSize: 5, log: false });
      await new Promise((r) => setTimeout(r, 300));
      const [seen] = await queryRows<{ n: number }>(t.db, "select count(*)::int as n from ingest.xendit_raw where id like 'race_%'");
      expect(seen!.n).toBe(0);
      release();
      const [ra, rb] = await Promise.all([a, b]);
      expect(ra).toMatchObject({ inserted: 20, updated: 0, duplicates: 0 });
      expect(rb).toMatchObject({ inserted: 10, updated: 10, unchanged: 0 });
      const rows = await queryRows<{ id: string; amount: string }>(t.db, "select id, amount::text from ingest.xendit_raw where id like 'race_%' order by id");
      expect(rows).toHaveLength(30);
      expect(rows.filter((r) => r.amount === '200.00')).toHaveLength(20);
      const [bad] = await queryRows<{ n: number }>(t.db, 'select count(*)::int as n from ingest.xendit_raw where content_hash <> md5(payload::text)');
      expect(bad!.n).toBe(0);
    } finally {
      await other.close();
    }
  });
});

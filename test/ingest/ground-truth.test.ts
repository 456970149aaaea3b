import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { ingestSystemeio, ingestXendit, listRuns } from '../../src/ingest.js';
import { sampleFiles, toSystemeioFlat, writeSampleData } from '../../src/ingest/generate-sample.js';
import { engine, useDatabase } from '../helpers.js';

const t = useDatabase();
const dir = mkdtempSync(join(tmpdir(), 'ingest-sample-'));
const data = writeSampleData(dir, { seed: 7, invoices: 400, contacts: 600 });
const gt = data.groundTruth;
const file = (name: keyof typeof sampleFiles) => join(dir, sampleFiles[name]);

async function reset(db: Database) {
  await queryRows(db, 'truncate ingest.xendit_raw, ingest.systemeio_raw, ingest.rejected_rows');
}

const xenditTyped =
  "select id, external_id, status, amount::text, currency, description, payer_email, email_normalized, created::text, updated::text, paid_at::text, payment_method, payment_channel from ingest.xendit_raw order by id";
const systemeioTyped = 'select id, email, email_normalized, first_name, last_name, tags, registered_at::text from ingest.systemeio_raw order by id';

async function rawAggregates(db: Database) {
  const byStatus = Object.fromEntries(
    (await queryRows<{ status: string; n: number }>(db, 'select status, count(*)::int as n from ingest.xendit_raw group by status')).map((r) => [r.status, r.n]),
  );
  const byProduct = Object.fromEntries(
    (await queryRows<{ p: string; n: number }>(db, 'select ingest.product_for(description) as p, count(*)::int as n from ingest.xendit_raw group by 1')).map((r) => [
      r.p,
      r.n,
    ]),
  );
  const revenue = Object.fromEntries(
    (
      await queryRows<{ p: string; total: string }>(
        db,
        "select ingest.product_for(description) as p, sum(amount)::text as total from ingest.xendit_raw where status in ('PAID','SETTLED') group by 1",
      )
    ).map((r) => [r.p, r.total]),
  );
  const [contacts] = await queryRows<{ rows: number; emails: number; p2p: number; canva: number; both: number }>(
    db,
    `select count(*)::int as rows, count(distinct email_normalized)::int as emails,
            count(*) filter (where 'PaidP2P' = any(tags))::int as p2p,
            count(*) filter (where 'Canva' = any(tags))::int as canva,
            count(*) filter (where tags @> array['PaidP2P','Canva'])::int as both
       from ingest.systemeio_raw`,
  );
  const rejected = Object.fromEntries(
    (await queryRows<{ source: string; n: number }>(db, 'select source, count(*)::int as n from ingest.rejected_rows group by source')).map((r) => [r.source, r.n]),
  );
  const [emails] = await queryRows<{ n: number }>(db, "select count(*)::int as n from ingest.rejected_rows where field in ('payer_email', 'email') and reason like '%not a valid email%'");
  return { byStatus, byProduct, revenue, contacts, rejected, invalidEmails: emails!.n };
}

function expectAggregates(agg: Awaited<ReturnType<typeof rawAggregates>>, options: { contactRows: number }) {
  expect(agg.byStatus).toEqual(gt.raw.xendit.byStatus);
  expect(agg.byProduct).toEqual(Object.fromEntries(Object.entries(gt.raw.xendit.byProduct).filter(([, n]) => n > 0)));
  // Raw revenue is the report's revenue without the manual payments (₱800 each, P2P).
  const manual = gt.expected.manualPayments * 800;
  expect(Number(agg.revenue.P2P)).toBeCloseTo(Number(gt.expected.revenue.P2P) - manual, 2);
  expect(agg.revenue.Canva).toBe(gt.expected.revenue.Canva);
  expect(agg.contacts).toEqual({
    rows: options.contactRows,
    emails: gt.raw.systemeio.distinctEmails,
    p2p: expect.any(Number),
    canva: expect.any(Number),
    both: expect.any(Number),
  });
  expect(agg.rejected).toEqual(gt.expected.rejected);
  expect(agg.invalidEmails).toBe(gt.expected.invalidEmails);
}

describe(`ingest matches the generator's ground truth (${engine})`, () => {
  beforeEach(() => reset(t.db));

  it('API-shaped files: counts, raw aggregates, rejected rows; a second load changes nothing', async () => {
    const x = await ingestXendit(t.db, file('xenditJson'));
    expect(x).toMatchObject({ ...gt.ingest.xendit, updated: 0, unchanged: 0 });
    const s = await ingestSystemeio(t.db, file('systemeioNdjson'));
    expect(s).toMatchObject({ ...gt.ingest.systemeio, updated: 0, unchanged: 0 });
    const agg = await rawAggregates(t.db);
    expectAggregates(agg, { contactRows: gt.raw.systemeio.rows });
    expect(agg.contacts).toMatchObject({ p2p: gt.raw.systemeio.tagged.PaidP2P, canva: gt.raw.systemeio.tagged.Canva, both: gt.raw.systemeio.tagged.both });

    const before = { x: await queryRows(t.db, `${xenditTyped.replace('from', ', content_hash, api_synced_at::text from')}`), s: await queryRows(t.db, systemeioTyped) };
    const x2 = await ingestXendit(t.db, file('xenditJson'));
    expect(x2).toMatchObject({ inserted: 0, updated: 0, unchanged: gt.ingest.xendit.inserted, rejected: gt.ingest.xendit.rejected });
    const s2 = await ingestSystemeio(t.db, file('systemeioNdjson'));
    expect(s2).toMatchObject({ inserted: 0, updated: 0, unchanged: gt.ingest.systemeio.inserted });
    expect(await queryRows(t.db, `${xenditTyped.replace('from', ', content_hash, api_synced_at::text from')}`)).toEqual(before.x);
    expect(await queryRows(t.db, systemeioTyped)).toEqual(before.s);
    expect((await rawAggregates(t.db)).rejected).toEqual(gt.expected.rejected);

    const runs = await listRuns(t.db, { kind: 'ingest_xendit', limit: 2 });
    expect(runs[0]).toMatchObject({ status: 'succeeded', counts: { inserted: 0, unchanged: gt.ingest.xendit.inserted, rejected: gt.ingest.xendit.rejected } });
    expect(runs[0]!.details).toMatchObject({ source: 'xendit', label: file('xenditJson') });
  });

  it('legacy CSV exports give the same raw data (ids derived from External ID / email)', async () => {
    const x = await ingestXendit(t.db, file('xenditCsv'));
    expect(x).toMatchObject({ ...gt.ingest.xendit, updated: 0, unchanged: 0 });
    const s = await ingestSystemeio(t.db, file('systemeioCsv'));
    expect(s).toMatchObject({ ...gt.ingest.systemeioCsv, updated: 0, unchanged: 0 });
    expectAggregates(await rawAggregates(t.db), { contactRows: gt.raw.systemeio.distinctEmails });
    const ids = await queryRows<{ id: string }>(t.db, "select id from ingest.xendit_raw where id not like 'csv:%' limit 1");
    expect(ids).toEqual([]);
    expect(await ingestXendit(t.db, file('xenditCsv'))).toMatchObject({ inserted: 0, updated: 0, unchanged: gt.ingest.xendit.inserted });
    expect(await ingestSystemeio(t.db, file('systemeioCsv'))).toMatchObject({ inserted: 0, updated: 0, unchanged: gt.ingest.systemeioCsv.inserted });
  });

  it('every input shape of the same invoices loads the same typed rows', async () => {
    await ingestXendit(t.db, file('xenditJson'));
    const expected = await queryRows(t.db, xenditTyped);
    const invoices = data.xenditInvoices;
    const ndjson = `${invoices.map((r) => JSON.stringify(r)).join('\n')}\n`;
    const pages = (size: number) => Array.from({ length: Math.ceil(invoices.length / size) }, (_, i) => invoices.slice(i * size, (i + 1) * size));
    const shapes: [string, () => Promise<unknown>][] = [
      ['NDJSON file', async () => {
        const f = join(dir, 'x.ndjson');
        writeFileSync(f, ndjson);
        return ingestXendit(t.db, f);
      }],
      ['NDJSON text without a hint', () => ingestXendit(t.db, { text: ndjson })],
      ['pretty-printed JSON array', () => ingestXendit(t.db, { text: JSON.stringify(invoices, null, 2) })],
      ['paged object in a file', async () => {
        const f = join(dir, 'page.json');
        writeFileSync(f, JSON.stringify({ data: invoices, has_more: false, links: [] }, null, 1));
        return ingestXendit(t.db, f);
      }],
      ['paged object', () => ingestXendit(t.db, { data: invoices, has_more: false })],
      ['byte stream', () => ingestXendit(t.db, { stream: [Buffer.from(ndjson.slice(0, 1001)), Buffer.from(ndjson.slice(1001))] })],
      ['async iterable', () =>
        ingestXendit(t.db, (async function* () {
          for (const r of invoices) yield r;
        })())],
      ['API pages, one call each (the sync)', async () => {
        for (const page of pages(64)) await ingestXendit(t.db, { data: page, has_more: true }, { log: false });
      }],
    ];
    for (const [name, load] of shapes) {
      await reset(t.db);
      await load();
      expect(await queryRows(t.db, xenditTyped), name).toEqual(expected);
    }
  });

  it("Systeme.io's API shape and the document's flattened shape give the same contacts", async () => {
    await ingestSystemeio(t.db, file('systemeioNdjson'));
    const api = await queryRows(t.db, systemeioTyped);
    await reset(t.db);
    const flat = toSystemeioFlat(data.systemeioContacts);
    const r = await ingestSystemeio(t.db, { text: JSON.stringify(flat) });
    expect(r).toMatchObject({ inserted: gt.ingest.systemeio.inserted, rejected: gt.ingest.systemeio.rejected });
    expect(await queryRows(t.db, systemeioTyped)).toEqual(api);
    // The shipped sample's ground truth is what it says it is (not regenerated with other options).
    const shipped = JSON.parse(readFileSync(new URL('../../sample-data/ground-truth.json', import.meta.url), 'utf8'));
    expect(shipped.sizes).toEqual({ invoices: 2000, contacts: 3500 });
  });
});

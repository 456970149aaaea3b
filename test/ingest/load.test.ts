import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from '../../src/db.js';
import { type IngestProgress, ingestSystemeio, ingestXendit } from '../../src/ingest.js';
import { ingestLimits } from '../../src/ingest/load.js';
import { invoice } from './fixtures.js';
import { engine, useDatabase } from '../helpers.js';

const t = useDatabase();

/** A full invoice: every field the raw table types. */
const fullInvoice = (id: string, over: Record<string, unknown> = {}) =>
  invoice(id, {
    description: 'Papers to Profits course',
    created: '2024-03-01T10:00:00.000Z',
    updated: '2024-03-01T10:05:00.000Z',
    paid_at: '2024-03-01T10:05:00.000Z',
    payment_method: 'EWALLET',
    payment_channel: 'GCASH',
    ...over,
  });

describe(`ingestXendit basics (${engine})`, () => {
  it('inserts, then finds everything unchanged, then updates only a changed record', async () => {
    const records = Array.from({ length: 30 }, (_, i) => fullInvoice(`basic_${i}`));
    const progress: IngestProgress[] = [];
    const first = await ingestXendit(t.db, records, { onProgress: (p) => progress.push(p), batchSize: 7 });
    expect(first).toMatchObject({ inserted: 30, updated: 0, unchanged: 0, rejected: 0, duplicates: 0, total: 30 });
    expect(progress.at(-1)).toMatchObject({ phase: 'done', read: 30, valid: 30 });
    expect(progress.filter((p) => p.phase === 'load').length).toBeGreaterThan(3);

    const hashes = await queryRows<{ id: string; content_hash: string; api_synced_at: string }>(
      t.db,
      "select id, content_hash, api_synced_at::text from ingest.xendit_raw where id like 'basic_%' order by id",
    );
    const second = await ingestXendit(t.db, records);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 30, rejected: 0 });
    expect(
      await queryRows(t.db, "select id, content_hash, api_synced_at::text from ingest.xendit_raw where id like 'basic_%' order by id"),
    ).toEqual(hashes);

    records[3] = fullInvoice('basic_3', { status: 'SETTLED' });
    const third = await ingestXendit(t.db, records);
    expect(third).toMatchObject({ inserted: 0, updated: 1, unchanged: 29 });
    const [row] = await queryRows<{ status: string; amount: string }>(t.db, "select status, amount::text from ingest.xendit_raw where id = 'basic_3'");
    expect(row).toEqual({ status: 'SETTLED', amount: '800.00' });
  });

  it('loads Systeme.io contacts of the API shape', async () => {
    const result = await ingestSystemeio(t.db, {
      items: [
        {
          id: 501,
          email: ' Ana@Example.com',
          registeredAt: '2024-01-01T00:00:00+08:00',
          tags: [{ id: 1, name: 'PaidP2P' }, { id: 2, name: 'Canva' }],
          fields: [
            { slug: 'first_name', value: 'Ana' },
            { slug: 'surname', value: 'Reyes' },
            { slug: 'phone_number', value: '+639170000000' },
          ],
        },
      ],
      hasMore: false,
    });
    expect(result).toMatchObject({ inserted: 1, rejected: 0 });
    const rows = await queryRows(t.db, "select id, email, email_normalized, first_name, last_name, phone, tags, registered_at::text from ingest.systemeio_raw where id = '501'");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: '501', email: 'Ana@Example.com', email_normalized: 'ana@example.com', first_name: 'Ana', last_name: 'Reyes', phone: '+639170000000', tags: ['PaidP2P', 'Canva'] });
  });

  it('reports progress in bytes for files, monotonically, ending at the file size', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ingest-progress-')), 'invoices.ndjson');
    writeFileSync(file, `${Array.from({ length: 2500 }, (_, i) => JSON.stringify(fullInvoice(`progress_${i}`))).join('\n')}\n`);
    const size = statSync(file).size;
    const seen: IngestProgress[] = [];
    const r = await ingestXendit(t.db, file, { batchSize: 500, onProgress: (p) => seen.push({ ...p }) });
    expect(r).toMatchObject({ inserted: 2500, total: 2500 });
    const loads = seen.filter((p) => p.phase === 'load');
    expect(loads.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.read).toBeGreaterThanOrEqual(seen[i - 1]!.read);
      expect(seen[i]!.bytesRead ?? 0).toBeGreaterThanOrEqual(seen[i - 1]!.bytesRead ?? 0);
    }
    expect(seen.at(-1)).toMatchObject({ phase: 'done', read: 2500, valid: 2500, rejected: 0, bytesRead: size, totalBytes: size });
  });
});

describe(`the raw table after a large load (${engine})`, () => {
  const contacts = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: 900_000 + from + i, email: `vacuum${from + i}@example.com`, registeredAt: '2024-01-01T00:00:00Z', tags: [] }));
  /** The table's pages now, and what the last VACUUM (ANALYZE) recorded: all-visible pages, statistics. */
  const state = async () => {
    const [row] = await queryRows<{ pages: number; all_visible: number; with_stats: boolean }>(
      t.db,
      `select (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages, c.relallvisible as all_visible,
              exists (select from pg_statistic s where s.starelid = c.oid) as with_stats
         from pg_class c where c.oid = 'ingest.systemeio_raw'::regclass`,
    );
    return row!;
  };
  const phases = (progress: IngestProgress[]) => [...new Set(progress.map((p) => p.phase))];

  const empty = async () => {
    await queryRows(t.db, 'delete from ingest.systemeio_raw');
    await queryRows(t.db, 'vacuum ingest.systemeio_raw'); // the deletes gone: the loads start from an empty table
  };

  it('a load of 100,000 rows or more is vacuumed and analyzed after its commit', async () => {
    await empty();
    const progress: IngestProgress[] = [];
    const on = await ingestSystemeio(t.db, contacts(0, ingestLimits.vacuumMinRows), { onProgress: (p) => progress.push(p) });
    expect(on.inserted).toBe(ingestLimits.vacuumMinRows);
    expect(phases(progress)).toEqual(['load', 'upsert', 'vacuum', 'done']);
    // the pages all-visible: the commit was flushed before the vacuum (the test server commits
    // asynchronously; without the flush, none were). PGlite left 3 of 3,692 pages unmarked in one
    // run (not investigated): all but 1 %
    const after = await state();
    expect(after.pages).toBeGreaterThan(0);
    expect(after.all_visible).toBeGreaterThanOrEqual(after.pages * 0.99);
    expect(after.with_stats).toBe(true);
    const [{ reltuples }] = (await queryRows<{ reltuples: number }>(t.db, "select reltuples::int as reltuples from pg_class where oid = 'ingest.systemeio_raw'::regclass")) as [
      { reltuples: number },
    ];
    expect(reltuples).toBe(ingestLimits.vacuumMinRows);
  });

  /**
   * `fn` run by a login role with service_role's grants and RLS bypass, but no owner's rights. On
   * PostgreSQL only: PGlite's loads COPY from its virtual file, which only a superuser may, and its
   * one user is one (so it may always vacuum).
   */
  const asWriterOnly = async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
    const role = `raw_writer_${randomBytes(4).toString('hex')}`;
    // BYPASSRLS is not inherited from service_role: the run log's policies would refuse the role
    await queryRows(t.db, `create role ${role} login password 'pw' bypassrls inherit in role service_role`);
    const url = new URL(t.handle.url!);
    url.username = role;
    url.password = 'pw';
    const writer = await openDatabase({ url: url.toString(), max: 1 });
    try {
      return await fn(writer.db);
    } finally {
      await writer.close();
      await queryRows(t.db, `drop owned by ${role}`);
      await queryRows(t.db, `drop role ${role}`);
    }
  };

  it.skipIf(engine === 'pglite')("a role that may write the raw rows but not vacuum the table (service_role's grants) leaves it to autovacuum", async () => {
    await empty();
    const progress: IngestProgress[] = [];
    const loaded = await asWriterOnly((db) => ingestSystemeio(db, contacts(0, ingestLimits.vacuumMinRows), { onProgress: (p) => progress.push(p) }));
    expect(loaded.inserted).toBe(ingestLimits.vacuumMinRows);
    // no vacuum phase: PostgreSQL would only have warned that it skipped the table
    expect(phases(progress)).toEqual(['load', 'upsert', 'done']);
    const left = await state();
    expect(left.all_visible).toBeLessThan(left.pages);
  });

  it('smaller loads, loads that write nothing and vacuum: false are left to autovacuum', async () => {
    await empty();
    // 1,500 rows: past autovacuum's insert threshold (1,000 by default), under vacuumMinRows
    let progress: IngestProgress[] = [];
    await ingestSystemeio(t.db, contacts(0, 1500), { onProgress: (p) => progress.push(p) });
    expect(phases(progress)).toEqual(['load', 'upsert', 'done']);
    // the same rows again: nothing written
    progress = [];
    expect((await ingestSystemeio(t.db, contacts(0, 1500), { onProgress: (p) => progress.push(p) })).unchanged).toBe(1500);
    expect(phases(progress)).toEqual(['load', 'upsert', 'done']);
    // 100,000 rows with vacuum: false
    progress = [];
    const off = await ingestSystemeio(t.db, contacts(1500, ingestLimits.vacuumMinRows), { vacuum: false, onProgress: (p) => progress.push(p) });
    expect(off.inserted).toBe(ingestLimits.vacuumMinRows);
    expect(phases(progress)).toEqual(['load', 'upsert', 'done']);
    const left = await state();
    expect(left.all_visible).toBeLessThan(left.pages);
  });
});

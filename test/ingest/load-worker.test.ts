import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { IngestError, type IngestOptions, type IngestProgress, ingestSystemeio, ingestXendit } from '../../src/ingest.js';
import { ingestLimits, loadsOnWorker } from '../../src/ingest/load.js';
import { openSource } from '../../src/ingest/sources.js';
import { engine, useDatabase } from '../helpers.js';
import { invoice, refusingRow } from './fixtures.js';

/**
 * The record loop on a worker thread (`IngestOptions.worker`, docs/ingest.md): the file is read,
 * validated and encoded on another thread and the chunks fed to the database here. Everything a
 * caller can see must be what the same load in this thread gives: counts, rows (hash and sync time
 * included), rejections and their stored rows, progress, errors, and nothing written on failure.
 */
const t = useDatabase();
const dir = mkdtempSync(join(tmpdir(), 'load-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SYNCED = '2026-01-02T03:04:05.000Z';
const SENTINEL = `insert into ingest.xendit_raw (id, status, amount, payload, content_hash) values ('~sentinel', 'PAID', 1, '{}', md5('{}'))`;

/**
 * 1,500 invoices with awkward text, every 37th invalid (a bad amount, a missing id), and three ids
 * repeated later in the file (the first ends direct mode; the later record wins).
 */
function invoicesFile(name: string): { file: string; records: unknown[] } {
  const records: unknown[] = [];
  for (let i = 0; i < 1500; i++) {
    const id = `wk_${String(i).padStart(5, '0')}`;
    if (i % 37 === 5) records.push(invoice(id, { amount: 'lots' }));
    else if (i % 37 === 11) records.push({ ...invoice(id), id: undefined });
    else records.push(invoice(id, { description: `tab\there\nline ñ € 😀 \\N #${i}`, note: { i, path: 'C:\\x' } }));
  }
  for (const i of [700, 3, 1200]) records.push(invoice(`wk_${String(i).padStart(5, '0')}`, { amount: 900 + i, status: 'EXPIRED' }));
  const file = join(dir, name);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  return { file, records };
}

const xenditRows = () => queryRows(t.db, 'select *, api_synced_at::text as synced from ingest.xendit_raw order by id');
const rejectedRows = () =>
  queryRows(t.db, "select record_id, position, line, field, reason, payload from ingest.rejected_rows where source = 'xendit' order by position");

/** One load with its progress reports, its result without timings, and what it left in the tables. */
async function loadXendit(file: string, options: IngestOptions) {
  await queryRows(t.db, 'delete from ingest.rejected_rows');
  const reports: IngestProgress[] = [];
  const result = await ingestXendit(t.db, file, { syncedAt: SYNCED, onProgress: (p) => reports.push({ ...p }), ...options });
  return { result: { ...result, runId: undefined, durationMs: undefined }, reports, rows: await xenditRows(), rejected: await rejectedRows() };
}

describe(`the record loop on a worker thread (${engine})`, () => {
  for (const path of ['direct', 'merge'] as const) {
    it(`loads a file exactly as in this thread: counts, rows, rejections, progress (${path} path)`, async () => {
      const { file } = invoicesFile(`mixed-${path}.ndjson`);
      const run = async (worker: boolean) => {
        await queryRows(t.db, 'delete from ingest.xendit_raw');
        if (path === 'merge') await queryRows(t.db, SENTINEL);
        // Small batches: many chunks, more than the worker may have in flight before it waits.
        const loaded = await loadXendit(file, { worker, batchSize: 40 });
        return { ...loaded, rows: loaded.rows.filter((r) => r.id !== '~sentinel') };
      };
      const here = await run(false);
      const there = await run(true);
      expect(there.result).toEqual(here.result);
      expect(there.result).toMatchObject({ total: 1503, rejected: 82, duplicates: 3, inserted: 1418 });
      expect(there.result.rejections.length).toBe(82);
      expect(there.rows).toEqual(here.rows);
      expect(there.rows.length).toBe(1418);
      // The later record of a repeated id won.
      expect(there.rows.find((r) => r.id === 'wk_00700')).toMatchObject({ status: 'EXPIRED', amount: '1600.00' });
      expect(there.rejected).toEqual(here.rejected);
      expect(there.rejected.length).toBe(82);
      // The same reports: the phases in order, counts that only grow, bytes up to the file's size.
      expect(there.reports.map((p) => p.phase)).toEqual(here.reports.map((p) => p.phase));
      expect(there.reports.map(({ bytesRead: _, ...p }) => p)).toEqual(here.reports.map(({ bytesRead: _, ...p }) => p));
      const last = there.reports.at(-1)!;
      expect(last).toMatchObject({ phase: 'done', read: 1503, valid: 1421, rejected: 82 });
      expect(last.bytesRead).toBe(last.totalBytes);
    });
  }

  it('loads contacts and a second identical load changes nothing', async () => {
    await queryRows(t.db, 'delete from ingest.systemeio_raw');
    const contacts = Array.from({ length: 600 }, (_, i) => ({
      id: 9000 + i,
      email: i % 50 === 7 ? 'not an email' : `w${i}@example.com`,
      tags: [{ id: 1, name: 'Canva' }],
      registeredAt: '2024-01-01T00:00:00+08:00',
    }));
    const file = join(dir, 'contacts.json');
    writeFileSync(file, JSON.stringify(contacts));
    const first = await ingestSystemeio(t.db, file, { worker: true, log: false, batchSize: 64 });
    expect(first).toMatchObject({ inserted: 588, rejected: 12, total: 600 });
    const [bad] = await queryRows<{ n: number }>(t.db, 'select count(*)::int as n from ingest.systemeio_raw where content_hash <> md5(payload::text)');
    expect(bad!.n).toBe(0);
    const again = await ingestSystemeio(t.db, file, { worker: true, log: false });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 588, rejected: 12 });
  });

  it('stores rejected rows in batches while the chunks go on, as in this thread', async () => {
    // Every other record invalid: three batches of 1,000 rejected rows between the chunks, each acknowledged.
    const records = Array.from({ length: 6000 }, (_, i) => invoice(`rj_${i}`, i % 2 ? { amount: `bad ${i}` } : {}));
    const file = join(dir, 'rejects.ndjson');
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
    const runs = [];
    for (const worker of [false, true]) {
      await queryRows(t.db, 'delete from ingest.xendit_raw');
      runs.push(await loadXendit(file, { worker, batchSize: 100, log: false }));
    }
    const [here, there] = runs;
    expect(there!.result).toEqual(here!.result);
    expect(there!.result).toMatchObject({ inserted: 3000, rejected: 3000, total: 6000 });
    expect(there!.rejected.length).toBe(3000);
    expect(there!.rejected).toEqual(here!.rejected);
    expect(there!.rows).toEqual(here!.rows);
  });

  it('refuses a malformed file with the same typed error as in this thread, writing nothing', async () => {
    const good = Array.from({ length: 300 }, (_, i) => JSON.stringify(invoice(`mf_${i}`)));
    const file = join(dir, 'malformed.ndjson');
    writeFileSync(file, [...good, '{"id": "mf_broken", "amount": ', ...good.slice(0, 5)].join('\n'));
    await queryRows(t.db, 'delete from ingest.xendit_raw');
    const errors: unknown[] = [];
    for (const worker of [false, true]) errors.push(await ingestXendit(t.db, file, { worker, log: false, batchSize: 50 }).catch((e: unknown) => e));
    const [here, there] = errors as IngestError[];
    expect(there).toBeInstanceOf(IngestError);
    expect(there!.code).toBe('parse_error');
    expect({ message: there!.message, line: there!.line, position: there!.position }).toEqual({ message: here!.message, line: here!.line, position: here!.position });
    expect(there!.line).toBe(301);
    expect(await xenditRows()).toEqual([]);
  });

  it("ends the load with the server's error when a row is refused, writing nothing", async () => {
    await queryRows(t.db, 'delete from ingest.xendit_raw');
    const { file } = invoicesFile('refused.ndjson');
    const error = await refusingRow(t.db, 'wk_01000', () => ingestXendit(t.db, file, { worker: true, log: false, batchSize: 40 }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(IngestError);
    expect((error as Error).message).toContain('row wk_01000 refused by the test');
    expect(await xenditRows()).toEqual([]);
    expect(await ingestXendit(t.db, file, { worker: true, log: false })).toMatchObject({ inserted: 1418 });
  });

  it('says so when a worker is asked for a source that is not a file', async () => {
    const error = await ingestXendit(t.db, [invoice('nf_1')], { worker: true, log: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ code: 'invalid_option', field: 'worker' });
    const missing = await ingestXendit(t.db, join(dir, 'no-such-file.ndjson'), { worker: true, log: false }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'source_error' });
    expect((missing as Error).message).toContain('no-such-file.ndjson');
    const bad = await ingestXendit(t.db, [invoice('nf_1')], { worker: 'yes' as unknown as boolean, log: false }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'invalid_option', field: 'worker' });
    const [n] = await queryRows<{ n: number }>(t.db, "select count(*)::int as n from ingest.xendit_raw where id = 'nf_1'");
    expect(n!.n).toBe(0);
  });

  it('is the default on PGlite for a file of 32 MB or more, and only there', () => {
    const limits = { maxValueChars: ingestLimits.maxValueChars, maxDepth: ingestLimits.maxDepth };
    const big = join(dir, 'big.ndjson');
    const small = join(dir, 'small.ndjson');
    // Sparse files: only their size is read to decide.
    writeFileSync(big, '');
    truncateSync(big, ingestLimits.workerMinBytes);
    writeFileSync(small, '');
    truncateSync(small, ingestLimits.workerMinBytes - 1);
    const onWorker = (source: Parameters<typeof openSource>[0], worker?: boolean) => loadsOnWorker(t.db, openSource(source, undefined, limits), { worker });
    expect(ingestLimits.workerMinBytes).toBe(32 * 1024 * 1024);
    expect(onWorker(big)).toBe(engine === 'pglite');
    expect(onWorker({ path: big })).toBe(engine === 'pglite');
    expect(onWorker(small)).toBe(false);
    expect(onWorker({ text: 'x'.repeat(100) })).toBe(false);
    expect(onWorker(big, false)).toBe(false);
    expect(onWorker(small, true)).toBe(true);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, type Engine, execScript } from '../src/db.js';
import { ingestSystemeio, ingestXendit, syncSystemeio, syncXendit } from '../src/ingest.js';
import { createTestDatabase } from '../src/testing/index.js';
import { startMockApi } from '../test/sync/mock-api.js';
import { type BenchSuite, timeMs } from './lib.js';

const TRUNCATE = 'truncate ingest.xendit_raw, ingest.systemeio_raw, ingest.xendit_transactions_raw, ingest.sync_state, ingest.rejected_rows, ingest.run_log cascade';

/**
 * API sync throughput: records per second pulled through the local mock API (100 per page, one
 * transaction per page with its cursor) into the raw tables, against `ingestXendit` /
 * `ingestSystemeio` loading the same records from a JSON file in one call. 100k records per source
 * (10k with --quick), on PGlite and PostgreSQL.
 */
export const sync: BenchSuite = {
  name: 'sync',
  async run(ctx) {
    const n = ctx.quick ? 10_000 : 100_000;
    const api = await startMockApi({ invoices: n, contacts: n, seed: 42 });
    const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
    const invoicesFile = join(dir, 'invoices.json');
    const contactsFile = join(dir, 'contacts.json');
    writeFileSync(invoicesFile, JSON.stringify(api.invoices));
    writeFileSync(contactsFile, JSON.stringify(api.contacts));
    const engines: { engine: Engine; serverUrl?: string }[] = [{ engine: 'pglite' }];
    if (ctx.pgServerUrl) engines.push({ engine: 'postgres', serverUrl: ctx.pgServerUrl });
    try {
      for (const { engine, serverUrl } of engines) {
        const handle = await createTestDatabase({ engine, serverUrl });
        const db: Database = handle.db;
        try {
          for (const source of ['xendit', 'systemeio'] as const) {
            await execScript(db, TRUNCATE);
            const fileMs = await timeMs(async () => {
              const r = source === 'xendit' ? await ingestXendit(db, invoicesFile) : await ingestSystemeio(db, contactsFile);
              if (r.inserted !== n) throw new Error(`file load inserted ${r.inserted}, expected ${n}`);
            });
            await execScript(db, TRUNCATE);
            let pages = 0;
            const syncMs = await timeMs(async () => {
              const r =
                source === 'xendit'
                  ? await syncXendit(db, { key: api.xenditKey, baseUrl: api.url, pageSize: 100, resources: ['invoices'] })
                  : await syncSystemeio(db, { key: api.systemeioKey, baseUrl: api.url, pageSize: 100 });
              if (r.inserted !== n || !r.complete) throw new Error(`sync inserted ${r.inserted}, expected ${n}`);
              pages = r.pages;
            });
            // An incremental run with nothing changed (Xendit: one request; Systeme.io: a full pass that writes nothing).
            const idleMs = await timeMs(() =>
              source === 'xendit'
                ? syncXendit(db, { key: api.xenditKey, baseUrl: api.url, pageSize: 100, resources: ['invoices'] })
                : syncSystemeio(db, { key: api.systemeioKey, baseUrl: api.url, pageSize: 100 }),
            );
            ctx.record({
              suite: 'sync',
              name: `${source} ${n} records`,
              engine,
              subject: `API sync through the local server (${pages} pages of 100)`,
              baseline: 'the same records from a JSON file',
              value: n / (syncMs / 1000),
              baselineValue: n / (fileMs / 1000),
              unit: 'records/s',
              higherIsBetter: true,
              extra: { syncMs: Math.round(syncMs), fileMs: Math.round(fileMs), idleRerunMs: Math.round(idleMs) },
            });
            ctx.log(`${engine} ${source}: re-run with nothing changed took ${Math.round(idleMs)} ms`);
          }
        } finally {
          await handle.close();
        }
      }
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { engine, migratedDataDir, runCli, useDatabase } from '../helpers.js';
import { type MockApi, startMockApi } from './mock-api.js';

const t = useDatabase();
const dir = mkdtempSync(join(tmpdir(), 'sync-cli-'));
let api: MockApi;
beforeAll(async () => {
  api = await startMockApi({ invoices: 70, transactions: 30, contacts: 45, seed: 9 });
});
afterAll(async () => {
  await api?.close();
});

/** Runs the CLI against this test's database: its URL on postgres, a migrated local folder on PGlite. */
const pgliteDir = join(dir, 'pglite');
beforeAll(async () => {
  if (engine === 'pglite') await migratedDataDir(pgliteDir);
});
const cli = (env: Record<string, string>, ...args: string[]) =>
  runCli([...(engine === 'postgres' ? ['--database-url', t.handle.url!] : ['--data-dir', pgliteDir]), ...args], {
    env: { XENDIT_SECRET_KEY: '', SYSTEMEIO_API_KEY: '', ...env },
  });

describe(`unified-schema sync (${engine})`, () => {
  it('syncs both APIs with --base-url and --page-size', async () => {
    const x = await cli({ XENDIT_SECRET_KEY: api.xenditKey }, 'sync', 'xendit', '--base-url', api.url, '--page-size', '20', '--json');
    expect(x.code, x.stderr).toBe(0);
    expect(JSON.parse(x.stdout)).toMatchObject({ source: 'xendit', complete: true, inserted: 100, records: 100 });
    const s = await cli({ SYSTEMEIO_API_KEY: api.systemeioKey }, 'sync', 'systemeio', '--base-url', api.url, '--page-size', '10');
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/systemeio: complete\n\s+45 records in 5 pages/);
    expect(s.stdout).toMatch(/inserted 45, updated 0, unchanged 0, rejected 0/);
  });

  // Split from the test above (same database and API) to keep each under the time limit on a loaded machine.
  it('then syncs only the changes; --since re-reads; status shows the state', async () => {
    api.change('xendit_invoices', 2);
    const again = await cli({ XENDIT_SECRET_KEY: api.xenditKey }, 'sync', 'xendit', '--base-url', api.url, '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ records: 2, updated: 2, inserted: 0 });

    const since = await cli({ XENDIT_SECRET_KEY: api.xenditKey }, 'sync', 'xendit', '--base-url', api.url, '--since', '2000-01-01', '--resources', 'invoices', '--json');
    expect(JSON.parse(since.stdout)).toMatchObject({ records: 70, unchanged: 70 });

    const status = await cli({}, 'sync', 'status');
    expect(status.stdout).toMatch(/systemeio_contacts\s+idle; high-water mark/);
    expect(status.stdout).toMatch(/xendit_invoices\s+idle; high-water mark \d{4}-/);
    if (engine === 'postgres') {
      const [row] = await queryRows<{ n: number }>(t.db, "select count(*)::int as n from ingest.run_log where kind like 'sync_%' and status = 'succeeded'");
      expect(row!.n).toBe(4);
    }
  });

  it('a wrong key exits 1 with a clear message and never prints the key; no key at all is explained', async () => {
    const key = 'xnd_development_CLI_WRONG_KEY_42';
    const r = await cli({ XENDIT_SECRET_KEY: key }, 'sync', 'xendit', '--base-url', api.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: Xendit rejected the API key \(HTTP 401 Unauthorized\): check the key passed to the sync or XENDIT_SECRET_KEY/);
    expect(r.stdout + r.stderr).not.toContain(key);
    const none = await cli({}, 'sync', 'systemeio', '--base-url', api.url);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/Systeme\.io: no API key: pass \{ key \} or set SYSTEMEIO_API_KEY/);
    const bad = await cli({}, 'sync', 'stripe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown source "stripe"/);
    const badSize = await cli({}, 'sync', 'xendit', '--page-size', 'ten');
    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toMatch(/--page-size <n>' argument 'ten' is invalid/);
  });
});

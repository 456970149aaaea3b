import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import { getSyncState, syncXendit } from '../../src/ingest.js';
import { engine, spawnCli, useDatabase } from '../helpers.js';
import { type MockApi, startMockApi } from './mock-api.js';

// A real process killed with SIGKILL in the middle of `unified-schema sync xendit`, then restarted.
// PostgreSQL only: an embedded PGlite lives in the test's own process and cannot be shared with a
// child (the in-process interruption tests in sync.test.ts run on both engines).
const t = useDatabase();
let api: MockApi;
const N = 200;

beforeEach(async () => {
  await execScript(t.db, 'truncate ingest.xendit_raw, ingest.sync_state, ingest.rejected_rows, ingest.run_log CASCADE');
  api = await startMockApi({ invoices: N, seed: 5 });
});
afterEach(async () => {
  await api.close();
});

async function fingerprint(): Promise<string> {
  const [row] = await queryRows<{ md5: string; n: number }>(
    t.db,
    `select md5(string_agg((to_jsonb(r) - 'api_synced_at')::text, '|' order by r.id)) as md5, count(*)::int as n from ingest.xendit_raw r`,
  );
  return `${row!.n}:${row!.md5}`;
}

describe(`sync killed mid-run (${engine})`, () => {
  it.skipIf(engine !== 'postgres')('a process killed after some pages resumes at the next page and ends with the same data', async () => {
    const common = { key: api.xenditKey, baseUrl: api.url, pageSize: 10, resources: ['invoices' as const] };
    await syncXendit(t.db, common);
    const uninterrupted = await fingerprint();
    await execScript(t.db, 'truncate ingest.xendit_raw, ingest.sync_state, ingest.rejected_rows, ingest.run_log CASCADE');
    api.resetLog();

    // Slow pages, so that the kill lands in the middle of the run.
    api.inject({ resource: 'xendit_invoices', kind: 'slow', delayMs: 150, times: 1000 });
    const child = spawnCli(['sync', 'xendit', '--database-url', t.handle.url!, '--base-url', api.url, '--page-size', '10', '--resources', 'invoices', '--no-progress'], {
      env: { XENDIT_SECRET_KEY: api.xenditKey },
    });
    let stderr = '';
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const exited = once(child, 'exit');
    const deadline = Date.now() + 45_000;
    while (api.requests.filter((q) => q.status === 200).length < 6 && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(child.exitCode, stderr).toBeNull();
    child.kill('SIGKILL');
    await exited;

    const state = await getSyncState(t.db, 'xendit_invoices');
    expect(state?.cursor).not.toBeNull();
    const committed = state!.pagesCommitted;
    expect(committed).toBeGreaterThanOrEqual(4);
    expect(committed).toBeLessThan(N / 10);
    // Exactly the committed pages are in the table: the page in flight was rolled back or never started.
    const [{ n }] = (await queryRows<{ n: number }>(t.db, 'select count(*)::int as n from ingest.xendit_raw')) as [{ n: number }];
    expect(n).toBe(committed * 10);
    expect(state!.cursor).toBe(api.invoices[committed * 10 - 1]!.id);
    // The killed run's log row stays `running`: the trace of a crash.
    expect((await queryRows<{ status: string }>(t.db, "select status from ingest.run_log where kind = 'sync_xendit'")).map((r) => r.status)).toEqual(['running']);

    api.clearFaults();
    api.resetLog();
    const r = await syncXendit(t.db, common);
    expect(r).toMatchObject({ resumed: true, complete: true, records: N - committed * 10, inserted: N - committed * 10 });
    expect(api.requests[0]!.query.last_invoice_id).toBe(api.invoices[committed * 10 - 1]!.id);
    expect(await fingerprint()).toBe(uninterrupted);
  });
});

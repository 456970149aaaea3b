import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import { getSyncState, SyncAbortedError, SyncAuthError, SyncHttpError, syncXendit } from '../../src/ingest.js';
import { engine, useDatabase } from '../helpers.js';
import { type MockApi, startMockApi } from './mock-api.js';

const t = useDatabase();
let api: MockApi;
const N = 230;

beforeEach(async () => {
  await execScript(t.db, 'truncate ingest.xendit_transactions_raw, ingest.sync_state, ingest.rejected_rows, ingest.run_log CASCADE');
  api = await startMockApi({ transactions: N, seed: 7 });
});
afterEach(async () => {
  await api.close();
});

const fast = { baseDelayMs: 5, maxDelayMs: 50, requestTimeoutMs: 3000 };
const sync = (over: Parameters<typeof syncXendit>[1] = {}) =>
  syncXendit(t.db, { key: api.xenditKey, baseUrl: api.url, resources: ['transactions'], pageSize: 20, ...fast, ...over });

/** The table as the API objects it holds, ordered by id. */
async function stored(): Promise<unknown[]> {
  const rows = await queryRows<{ payload: unknown }>(t.db, 'select payload from ingest.xendit_transactions_raw order by id');
  return rows.map((r) => r.payload);
}
const byId = (items: Record<string, unknown>[]) => [...items].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));

describe(`Xendit transactions sync (${engine})`, () => {
  it('a full sync loads exactly the generated records, page by page', async () => {
    const r = await sync();
    expect(r).toMatchObject({ complete: true, records: N, inserted: N, updated: 0, unchanged: 0, rejected: 0, retries: 0 });
    expect(r.pages).toBe(Math.ceil(N / 20));
    expect(await stored()).toEqual(byId(api.transactions));
    const [typed] = await queryRows<Record<string, unknown>>(
      t.db,
      `select id, type, currency, amount::text as amount, created = '${api.transactions[0]!.created}'::timestamptz as created_ok from ingest.xendit_transactions_raw where id = '${api.transactions[0]!.id}'`,
    );
    expect(typed).toMatchObject({ id: api.transactions[0]!.id, type: 'PAYMENT', currency: 'PHP', created_ok: true });
    expect(Number(typed!.amount)).toBe(api.transactions[0]!.amount);
    const state = await getSyncState(t.db, 'xendit_transactions');
    expect(state).toMatchObject({ cursor: null, runId: null, pagesCommitted: r.pages, recordsCommitted: N });
    expect(state?.highWaterMark?.toISOString()).toBe(api.transactions[N - 1]!.updated);
    // Every request asked for a page size the API accepts.
    expect(api.requests.every((q) => q.status === 200 && Number(q.query.limit) === 20)).toBe(true);
  });

  it('the next run asks only for records changed since the high-water mark', async () => {
    await sync();
    api.resetLog();
    const again = await sync();
    expect(again).toMatchObject({ records: 0, inserted: 0, updated: 0, complete: true });
    expect(api.served('xendit_transactions')).toBe(0);

    const changed = api.change('xendit_transactions', 5);
    const added = api.add('xendit_transactions', 3);
    api.resetLog();
    const r = await sync();
    expect(r).toMatchObject({ records: 8, inserted: 3, updated: 5, unchanged: 0, complete: true });
    expect(api.served('xendit_transactions')).toBe(8);
    // Incremental: asks for what changed after the stored cursor (an ISO instant), not from the start.
    expect(api.requests[0]!.query['updated[gte]']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await stored()).toEqual(byId(api.transactions));
    const rows = await queryRows<{ id: string; status: string }>(t.db, `select id, status from ingest.xendit_transactions_raw where id in (${changed.map((id) => `'${id}'`).join(',')})`);
    expect(rows.every((row) => row.status === 'VOIDED')).toBe(true);
    expect(added).toHaveLength(3);
  });

  it('the same records fetched twice change nothing', async () => {
    await sync();
    const before = await queryRows(t.db, 'select id, content_hash, api_synced_at from ingest.xendit_transactions_raw order by id');
    const r = await sync({ restart: true, since: '2000-01-01T00:00:00Z' });
    expect(r).toMatchObject({ records: N, inserted: 0, updated: 0, unchanged: N });
    expect(await queryRows(t.db, 'select id, content_hash, api_synced_at from ingest.xendit_transactions_raw order by id')).toEqual(before);
  });

  it('a run stopped after page 3 resumes at page 4 and ends with the same data', async () => {
    const controller = new AbortController();
    const error = await sync({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.pages === 3) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncAbortedError);
    expect((error as { result?: { pages: number } }).result?.pages).toBe(3);
    const mid = await getSyncState(t.db, 'xendit_transactions');
    expect(mid).toMatchObject({ cursor: api.transactions[59]!.id, pagesCommitted: 3, recordsCommitted: 60 });
    expect((await stored()).length).toBe(60);

    api.resetLog();
    const r = await sync();
    expect(r).toMatchObject({ resumed: true, complete: true, records: N - 60, inserted: N - 60 });
    expect(api.requests[0]!.query.after_id).toBe(api.transactions[59]!.id);
    expect(await stored()).toEqual(byId(api.transactions));
    expect(await getSyncState(t.db, 'xendit_transactions')).toMatchObject({ cursor: null, pagesCommitted: Math.ceil(N / 20) });
  });

  it('a connection dropped mid-page (retries exhausted) fails the run; the restart completes it', async () => {
    api.inject({ resource: 'xendit_transactions', kind: 'drop', at: 5, times: 100 });
    const error = await sync({ maxRetries: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as Error).message).toMatch(/^Xendit: GET http:\/\/127\.0\.0\.1:\d+\/transactions failed after 2 attempts/);
    expect((await stored()).length).toBe(80);
    api.clearFaults();
    const r = await sync();
    expect(r).toMatchObject({ resumed: true, complete: true, inserted: N - 80 });
    expect(await stored()).toEqual(byId(api.transactions));
  });

  it('429 and 500 are retried and counted', async () => {
    api.inject({ resource: 'xendit_transactions', kind: 'status', status: 429, at: 2, headers: { 'retry-after': '0.2' } });
    api.inject({ resource: 'xendit_transactions', kind: 'status', status: 500, at: 4 });
    api.inject({ resource: 'xendit_transactions', kind: 'slow', at: 6, delayMs: 300 });
    const r = await sync();
    expect(r).toMatchObject({ complete: true, inserted: N, retries: 2, rateLimited: 1 });
    expect(await stored()).toEqual(byId(api.transactions));
  });

  it('401 stops with a clear error naming Xendit, without the key, and writes nothing', async () => {
    const key = 'xnd_development_WRONG_SECRET_abcdef';
    const error = await syncXendit(t.db, { key, baseUrl: api.url, resources: ['transactions'], ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncAuthError);
    expect((error as Error).message).toMatch(/Xendit rejected the API key \(HTTP 401/);
    expect(String(error)).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
    expect(api.requests).toHaveLength(1);
    expect(await stored()).toEqual([]);
    expect(await getSyncState(t.db, 'xendit_transactions')).toBeUndefined();
  });

  it('takes the key from XENDIT_SECRET_KEY and refuses to run without one', async () => {
    const saved = process.env.XENDIT_SECRET_KEY;
    try {
      delete process.env.XENDIT_SECRET_KEY;
      await expect(syncXendit(t.db, { baseUrl: api.url, resources: ['transactions'] })).rejects.toThrow(/Xendit: no API key: pass \{ key \} or set XENDIT_SECRET_KEY/);
      process.env.XENDIT_SECRET_KEY = api.xenditKey;
      const r = await syncXendit(t.db, { baseUrl: api.url, resources: ['transactions'], pageSize: 50 });
      expect(r.inserted).toBe(N);
    } finally {
      if (saved === undefined) delete process.env.XENDIT_SECRET_KEY;
      else process.env.XENDIT_SECRET_KEY = saved;
    }
  });

  it('rejects invalid records without writing them', async () => {
    api.transactions[3]!.currency = 'pesos';
    api.transactions[4]!.amount = -5;
    const r = await sync();
    expect(r).toMatchObject({ inserted: N - 2, rejected: 2 });
    expect(r.resources[0]!.rejections.map((x) => x.id)).toEqual([api.transactions[3]!.id, api.transactions[4]!.id]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import { getSyncState, listRuns, SyncAbortedError, SyncAuthError, syncSystemeio, syncXendit } from '../../src/ingest.js';
import { engine, useDatabase } from '../helpers.js';
import { type MockApi, startMockApi } from './mock-api.js';

const t = useDatabase();
let api: MockApi;
const INVOICES = 240;
const TRANSACTIONS = 90;
const CONTACTS = 260;

beforeEach(async () => {
  await execScript(
    t.db,
    'truncate ingest.xendit_raw, ingest.systemeio_raw, ingest.xendit_transactions_raw, ingest.sync_state, ingest.rejected_rows, ingest.run_log CASCADE',
  );
  api = await startMockApi({ invoices: INVOICES, transactions: TRANSACTIONS, contacts: CONTACTS, seed: 11 });
});
afterEach(async () => {
  await api.close();
});

const fast = { baseDelayMs: 5, maxDelayMs: 50, requestTimeoutMs: 3000 };
const xendit = (over: Parameters<typeof syncXendit>[1] = {}) => syncXendit(t.db, { key: api.xenditKey, baseUrl: api.url, pageSize: 25, ...fast, ...over });
const systemeio = (over: Parameters<typeof syncSystemeio>[1] = {}) =>
  syncSystemeio(t.db, { key: api.systemeioKey, baseUrl: api.url, pageSize: 20, ...fast, ...over });

const sortById = (items: Record<string, unknown>[]) => [...items].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
async function payloads(table: string): Promise<unknown[]> {
  return (await queryRows<{ payload: unknown }>(t.db, `select payload from ${table} order by id`)).map((r) => r.payload);
}
/** A fingerprint of a raw table's content (every column but the sync time). */
async function fingerprint(table: string): Promise<string> {
  const [row] = await queryRows<{ md5: string; n: number }>(
    t.db,
    `select md5(coalesce(string_agg((to_jsonb(r) - 'api_synced_at')::text, '|' order by r.id), '')) as md5, count(*)::int as n from ${table} r`,
  );
  return `${row!.n}:${row!.md5}`;
}

describe(`syncXendit (${engine})`, () => {
  it('a full sync loads exactly the generated invoices and transactions, and records the run', async () => {
    const r = await xendit();
    expect(r).toMatchObject({ source: 'xendit', complete: true, records: INVOICES + TRANSACTIONS, inserted: INVOICES + TRANSACTIONS, rejected: 0, retries: 0 });
    expect(r.resources.map((x) => [x.resource, x.records])).toEqual([
      ['xendit_invoices', INVOICES],
      ['xendit_transactions', TRANSACTIONS],
    ]);
    expect(await payloads('ingest.xendit_raw')).toEqual(sortById(api.invoices));
    expect(await payloads('ingest.xendit_transactions_raw')).toEqual(sortById(api.transactions));
    // Typed columns come from the loader.
    const [inv] = await queryRows<Record<string, unknown>>(t.db, `select status, currency, payer_email from ingest.xendit_raw where id = '${api.invoices[0]!.id}'`);
    expect(inv).toEqual({ status: api.invoices[0]!.status, currency: 'PHP', payer_email: api.invoices[0]!.payer_email });

    const [run] = await listRuns(t.db, { kind: 'sync_xendit' });
    expect(run).toMatchObject({ status: 'succeeded', error: null, id: r.runLogId });
    expect(run!.counts).toMatchObject({ pages: r.pages, records: INVOICES + TRANSACTIONS, retries: 0, inserted: INVOICES + TRANSACTIONS });
    expect(run!.finishedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(run)).not.toContain(api.xenditKey);

    const state = await getSyncState(t.db, 'xendit_invoices');
    expect(state).toMatchObject({ cursor: null, recordsCommitted: INVOICES });
    expect(state!.highWaterMark!.toISOString()).toBe(api.invoices[INVOICES - 1]!.updated);
  });

  it('the next run asks only for what changed since the high-water mark', async () => {
    await xendit();
    api.resetLog();
    const idle = await xendit();
    expect(idle).toMatchObject({ records: 0, inserted: 0, updated: 0, complete: true });
    expect(api.served('xendit_invoices') + api.served('xendit_transactions')).toBe(0);
    expect(api.requests.find((q) => q.resource === 'xendit_invoices')!.query.updated_after).toBe(api.invoices[INVOICES - 1]!.updated);

    api.change('xendit_invoices', 6);
    api.add('xendit_invoices', 4);
    api.change('xendit_transactions', 2);
    api.resetLog();
    const r = await xendit();
    expect(r.resources.map((x) => [x.resource, x.records, x.inserted, x.updated])).toEqual([
      ['xendit_invoices', 10, 4, 6],
      ['xendit_transactions', 2, 0, 2],
    ]);
    expect(api.served('xendit_invoices')).toBe(10);
    expect(await payloads('ingest.xendit_raw')).toEqual(sortById(api.invoices));
  });

  it('a run stopped mid-way and restarted ends with the same data as an uninterrupted one', async () => {
    await xendit();
    const uninterrupted = [await fingerprint('ingest.xendit_raw'), await fingerprint('ingest.xendit_transactions_raw')];
    await execScript(t.db, 'truncate ingest.xendit_raw, ingest.xendit_transactions_raw, ingest.sync_state, ingest.rejected_rows, ingest.run_log CASCADE');

    // Stopped after page 4 of the invoices.
    const controller = new AbortController();
    const error = await xendit({ signal: controller.signal, onProgress: (p) => p.pages === 4 && controller.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncAbortedError);
    expect(await getSyncState(t.db, 'xendit_invoices')).toMatchObject({ cursor: api.invoices[99]!.id, pagesCommitted: 4 });
    expect((await queryRows(t.db, 'select 1 from ingest.xendit_raw')).length).toBe(100);
    const [failed] = await listRuns(t.db, { kind: 'sync_xendit' });
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.error).toMatch(/Xendit invoices sync aborted after 4 page/);

    // Then the connection drops on the first page after the resume, beyond the retries.
    api.resetLog();
    api.inject({ resource: 'xendit_invoices', kind: 'drop', at: 2, times: 5 });
    await expect(xendit({ maxRetries: 1 })).rejects.toThrow(/Xendit: GET .*\/v2\/invoices failed after 2 attempts/);
    expect(api.requests[0]!.query.last_invoice_id).toBe(api.invoices[99]!.id);
    expect(await getSyncState(t.db, 'xendit_invoices')).toMatchObject({ cursor: api.invoices[124]!.id, pagesCommitted: 5 });

    api.clearFaults();
    api.resetLog();
    const r = await xendit();
    expect(r).toMatchObject({ resumed: true, complete: true });
    expect(r.resources[0]).toMatchObject({ resumed: true, records: INVOICES - 125, inserted: INVOICES - 125 });
    expect(api.requests[0]!.query.last_invoice_id).toBe(api.invoices[124]!.id);
    expect([await fingerprint('ingest.xendit_raw'), await fingerprint('ingest.xendit_transactions_raw')]).toEqual(uninterrupted);
  });

  it('429 and 500 are retried and counted, in the result and the run log', async () => {
    api.inject({ resource: 'xendit_invoices', kind: 'status', status: 429, at: 2, headers: { 'retry-after': '0.2' } });
    api.inject({ resource: 'xendit_invoices', kind: 'status', status: 500, at: 5 });
    api.inject({ resource: 'xendit_transactions', kind: 'status', status: 429, at: 1, headers: { 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000)) } });
    const r = await xendit();
    expect(r).toMatchObject({ complete: true, inserted: INVOICES + TRANSACTIONS, retries: 3, rateLimited: 2 });
    const [run] = await listRuns(t.db, { kind: 'sync_xendit' });
    expect(run!.counts).toMatchObject({ retries: 3, rate_limited: 2 });
    expect(await payloads('ingest.xendit_raw')).toEqual(sortById(api.invoices));
  });

  it('401 stops with a clear error, never shows the key, and writes no data', async () => {
    const key = 'xnd_production_WRONGKEY_0123456789abcdef';
    const error = await syncXendit(t.db, { key, baseUrl: api.url, ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncAuthError);
    expect((error as Error).message).toMatch(/^Xendit rejected the API key \(HTTP 401 Unauthorized\)/);
    for (const text of [String(error), (error as Error).stack ?? '', JSON.stringify(error)]) expect(text).not.toContain(key);
    expect(api.requests).toHaveLength(1);
    for (const table of ['xendit_raw', 'xendit_transactions_raw', 'sync_state', 'rejected_rows']) {
      expect(await queryRows(t.db, `select 1 from ingest.${table}`), table).toEqual([]);
    }
    const runs = await queryRows<Record<string, unknown>>(t.db, 'select * from ingest.run_log');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ kind: 'sync_xendit', status: 'failed' });
    expect(JSON.stringify(runs)).not.toContain(key);
    expect(JSON.stringify(runs)).not.toContain(Buffer.from(`${key}:`).toString('base64'));
  });

  it('skips a default resource the API does not offer (404) with a warning', async () => {
    await api.close();
    api = await startMockApi({ invoices: 30, withoutTransactions: true });
    const r = await xendit();
    expect(r).toMatchObject({ complete: true, inserted: 30 });
    expect(r.warnings).toEqual([expect.stringMatching(/Xendit transactions: Xendit answered 404/)]);
    await expect(xendit({ resources: ['transactions'] })).rejects.toThrow(/HTTP 404/);
  });

  it('invalid invoices are rejected (attributed to the sync run), the rest load', async () => {
    api.invoices[2]!.amount = 'a lot';
    delete api.invoices[3]!.status;
    const r = await xendit({ resources: ['invoices'] });
    expect(r).toMatchObject({ inserted: INVOICES - 2, rejected: 2 });
    const rejected = await queryRows<{ record_id: string; run_id: number }>(t.db, 'select record_id, run_id from ingest.rejected_rows order by record_id');
    expect(rejected.map((x) => x.record_id)).toEqual([api.invoices[2]!.id, api.invoices[3]!.id]);
    expect(rejected.every((x) => Number(x.run_id) === r.runLogId)).toBe(true);
  });
});

describe(`syncSystemeio (${engine})`, () => {
  it('a full sync loads exactly the generated contacts', async () => {
    const r = await systemeio();
    expect(r).toMatchObject({ source: 'systemeio', complete: true, records: CONTACTS, inserted: CONTACTS, rejected: 0, pages: Math.ceil(CONTACTS / 20) });
    expect(await payloads('ingest.systemeio_raw')).toEqual(sortById(api.contacts));
    const [row] = await queryRows<{ email: string; tags: string[] }>(t.db, `select email, tags from ingest.systemeio_raw where id = '${api.contacts[0]!.id}'`);
    expect(row!.email).toBe(api.contacts[0]!.email);
    expect(row!.tags).toEqual((api.contacts[0]!.tags as { name: string }[]).map((x) => x.name));
    expect(api.requests.every((q) => q.query.limit === '20' && q.status === 200)).toBe(true);
    const [run] = await listRuns(t.db, { kind: 'sync_systemeio' });
    expect(run).toMatchObject({ status: 'succeeded' });
    expect(JSON.stringify(run)).not.toContain(api.systemeioKey);
  });

  it('the next run is a full pass that writes only what changed', async () => {
    await systemeio();
    const before = await queryRows<{ id: string; at: string }>(t.db, 'select id, api_synced_at::text as at from ingest.systemeio_raw order by id');
    const changed = api.change('systemeio_contacts', 5);
    api.add('systemeio_contacts', 3);
    const r = await systemeio();
    expect(r).toMatchObject({ records: CONTACTS + 3, inserted: 3, updated: 5, unchanged: CONTACTS - 5, complete: true });
    const after = await queryRows<{ id: string; at: string }>(t.db, 'select id, api_synced_at::text as at from ingest.systemeio_raw order by id');
    const touched = after.filter((a) => {
      const b = before.find((x) => x.id === a.id);
      return !b || b.at !== a.at;
    });
    expect(touched.map((x) => x.id).sort()).toEqual([...changed, ...api.contacts.slice(-3).map((c) => String(c.id))].sort());
  });

  it('resumes after an interruption; an explicit since filters by registeredAt', async () => {
    const controller = new AbortController();
    await expect(systemeio({ signal: controller.signal, onProgress: (p) => p.pages === 2 && controller.abort() })).rejects.toBeInstanceOf(SyncAbortedError);
    expect(await getSyncState(t.db, 'systemeio_contacts')).toMatchObject({ cursor: String(api.contacts[39]!.id) });
    api.resetLog();
    const r = await systemeio();
    expect(r).toMatchObject({ resumed: true, records: CONTACTS - 40, inserted: CONTACTS - 40 });
    expect(api.requests[0]!.query.startingAfter).toBe(String(api.contacts[39]!.id));
    expect(await payloads('ingest.systemeio_raw')).toEqual(sortById(api.contacts));

    await execScript(t.db, 'truncate ingest.systemeio_raw');
    const since = String(api.contacts[CONTACTS - 11]!.registeredAt);
    const filtered = await systemeio({ since });
    expect(filtered).toMatchObject({ records: CONTACTS, skipped: CONTACTS - 10, inserted: 10 });
  });

  it('a page slower than the timeout is retried and counted; a slow page within it just waits', async () => {
    api.inject({ resource: 'systemeio_contacts', kind: 'slow', at: 3, delayMs: 1500 });
    api.inject({ resource: 'systemeio_contacts', kind: 'slow', at: 6, delayMs: 150 });
    const r = await systemeio({ requestTimeoutMs: undefined, timeoutMs: 600 });
    expect(r).toMatchObject({ complete: true, inserted: CONTACTS, retries: 1, rateLimited: 0 });
    expect(await payloads('ingest.systemeio_raw')).toEqual(sortById(api.contacts));
  });

  it('401 names Systeme.io and writes no data', async () => {
    const key = 'sio_WRONG_KEY_zyxwvu987654';
    const error = await syncSystemeio(t.db, { key, baseUrl: api.url, ...fast }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncAuthError);
    expect((error as Error).message).toMatch(/^Systeme\.io rejected the API key \(HTTP 401/);
    expect(String(error)).not.toContain(key);
    expect(await queryRows(t.db, 'select 1 from ingest.systemeio_raw')).toEqual([]);
    expect(JSON.stringify(await queryRows(t.db, 'select * from ingest.run_log'))).not.toContain(key);
  });
});

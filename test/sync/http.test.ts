import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncAbortedError, SyncAuthError, SyncHttpError } from '../../src/ingest/sync/errors.js';
import { ApiClient, type ApiClientOptions, backoffDelay, type RetryEvent, rateLimitWaitMs } from '../../src/ingest/sync/http.js';
import { engine } from '../helpers.js';
import { type MockApi, startMockApi } from './mock-api.js';

let api: MockApi;
beforeAll(async () => {
  api = await startMockApi({ contacts: 30, transactions: 5 });
});
afterAll(async () => {
  await api?.close();
});

const client = (over: Partial<ApiClientOptions> = {}) =>
  new ApiClient({
    source: 'Systeme.io',
    baseUrl: api.url,
    headers: { 'x-api-key': api.systemeioKey },
    secrets: [api.systemeioKey],
    envVar: 'SYSTEMEIO_API_KEY',
    baseDelayMs: 5,
    maxDelayMs: 50,
    requestTimeoutMs: 2000,
    ...over,
  });

describe(`API client (${engine})`, () => {
  it('reads a page', async () => {
    const res = await client().getJson('/api/contacts', { limit: 10 });
    expect(res.status).toBe(200);
    expect((res.body as { items: unknown[] }).items).toHaveLength(10);
  });

  it('retries 500 and 503 with backoff and counts the retries', async () => {
    api.inject({ resource: 'systemeio_contacts', kind: 'status', status: 500 });
    api.inject({ resource: 'systemeio_contacts', kind: 'status', status: 503, at: 2 });
    const events: RetryEvent[] = [];
    const c = client({ onRetry: (e) => events.push(e) });
    const res = await c.getJson('/api/contacts', { limit: 10 });
    expect(res.status).toBe(200);
    expect(c.stats).toMatchObject({ retries: 2, rateLimited: 0, requests: 3 });
    expect(events.map((e) => [e.reason, e.status])).toEqual([
      ['server_error', 500],
      ['server_error', 503],
    ]);
  });

  it('honours 429 Retry-After (seconds) before retrying', async () => {
    api.clearFaults();
    api.inject({ resource: 'systemeio_contacts', kind: 'status', status: 429, headers: { 'retry-after': '0.3' } });
    const c = client();
    const t0 = Date.now();
    await c.getJson('/api/contacts', { limit: 10 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    expect(c.stats).toMatchObject({ retries: 1, rateLimited: 1 });
  });

  it('honours 429 with an X-RateLimit-Reset epoch', async () => {
    api.clearFaults();
    const reset = Math.ceil((Date.now() + 400) / 1000);
    api.inject({ resource: 'systemeio_contacts', kind: 'status', status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } });
    const c = client();
    await c.getJson('/api/contacts', { limit: 10 });
    expect(Date.now()).toBeGreaterThanOrEqual(reset * 1000 - 20);
    expect(c.stats.rateLimited).toBe(1);
  });

  it('fails clearly when a 429 asks for more than maxRateLimitWaitMs', async () => {
    api.clearFaults();
    api.inject({ resource: 'systemeio_contacts', kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    const error = await client({ maxRateLimitWaitMs: 1000 }).getJson('/api/contacts', { limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect((error as Error).message).toMatch(/Systeme\.io: rate limited .*3600 s/);
  });

  it('retries a connection dropped mid-body and a reset connection', async () => {
    api.clearFaults();
    api.inject({ resource: 'systemeio_contacts', kind: 'drop' });
    api.inject({ resource: 'systemeio_contacts', kind: 'reset', at: 2 });
    const events: RetryEvent[] = [];
    const c = client({ onRetry: (e) => events.push(e) });
    const res = await c.getJson('/api/contacts', { limit: 10 });
    expect((res.body as { items: unknown[] }).items).toHaveLength(10);
    expect(events.map((e) => e.reason)).toEqual(['network_error', 'network_error']);
  });

  it('times out a slow answer and retries it', async () => {
    api.clearFaults();
    api.inject({ resource: 'systemeio_contacts', kind: 'slow', delayMs: 600 });
    const events: RetryEvent[] = [];
    const c = client({ requestTimeoutMs: 200, onRetry: (e) => events.push(e) });
    await c.getJson('/api/contacts', { limit: 10 });
    expect(events.map((e) => e.reason)).toEqual(['timeout']);
  });

  it('gives up after maxRetries with the attempts in the error', async () => {
    api.clearFaults();
    api.inject({ resource: 'systemeio_contacts', kind: 'status', status: 502, times: 10 });
    const error = await client({ maxRetries: 2 }).getJson('/api/contacts', { limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncHttpError);
    expect(error).toMatchObject({ status: 502, attempts: 3 });
    expect((error as Error).message).toMatch(/failed after 3 attempts: .*HTTP 502/);
    api.clearFaults();
  });

  it('stops at once on 401, naming the source and not the key', async () => {
    const c = client({ headers: { 'x-api-key': 'sio_WRONGKEY_123456' }, secrets: ['sio_WRONGKEY_123456'] });
    const error = await c.getJson('/api/contacts', { limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncAuthError);
    expect((error as Error).message).toMatch(/^Systeme\.io rejected the API key \(HTTP 401/);
    expect((error as Error).message).toMatch(/SYSTEMEIO_API_KEY/);
    expect((error as Error).message).not.toContain('sio_WRONGKEY_123456');
    expect(c.stats.requests).toBe(1);
    expect(c.stats.retries).toBe(0);
  });

  it('does not retry other 4xx', async () => {
    const c = client();
    const error = await c.getJson('/api/contacts', { limit: 5000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SyncHttpError', status: 400 });
    expect(c.stats.requests).toBe(1);
  });

  it('stops waiting when the caller aborts', async () => {
    api.inject({ resource: 'systemeio_contacts', kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = Date.now();
    const error = await client({ signal: controller.signal }).getJson('/api/contacts', { limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncAbortedError);
    expect(Date.now() - t0).toBeLessThan(5000);
    api.clearFaults();
  });

  it('parses rate-limit headers and bounds backoff', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(rateLimitWaitMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(rateLimitWaitMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }), now)).toBe(5000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 3) }), now)).toBe(3000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': String(now + 1500) }), now)).toBe(1500);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': '7' }), now)).toBe(7000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-refill': '1' }), now)).toBe(1000);
    expect(rateLimitWaitMs(new Headers({}), now)).toBeUndefined();
    for (let retry = 1; retry < 20; retry++) {
      const d = backoffDelay(retry, 100, 5000);
      expect(d).toBeGreaterThanOrEqual(Math.min(5000, 100 * 2 ** (retry - 1)) / 2);
      expect(d).toBeLessThanOrEqual(5000);
    }
    expect(backoffDelay(1, 100, 5000, () => 0)).toBe(50);
    expect(backoffDelay(3, 100, 5000, () => 1)).toBe(400);
  });
});

describe(`API client redirects (${engine})`, () => {
  it('does not follow a redirect (the auth header must not travel) and does not retry it', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const c = client({ baseUrl: `http://127.0.0.1:${port}` });
      const error = await c.getJson('/api/contacts', { limit: 10 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SyncHttpError', status: 302 });
      expect((error as Error).message).toMatch(/redirects are not followed/);
      expect(c.stats.requests).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

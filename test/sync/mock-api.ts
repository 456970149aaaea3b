/**
 * A local stand-in for the two APIs the sync pulls from, on 127.0.0.1 (port 0), serving generated
 * data with the documented pagination:
 * - Xendit `GET /v2/invoices` (Basic auth, key as user name): `limit` 1–100, `last_invoice_id`,
 *   `created_after`, `updated_after`; a bare JSON array, ordered by (created, id).
 * - Xendit `GET /transactions` (Basic auth): `limit` 1–50, `after_id`, `updated[gte]`,
 *   `created[gte]`; `{ data, has_more, links }`, ordered by (created, id).
 * - Systeme.io `GET /api/contacts` (`X-API-Key`): `limit` 10–100, `startingAfter`; `{ items, hasMore }`,
 *   ordered by id.
 * Faults can be injected: any status (429 with Retry-After or X-RateLimit-Reset, 500, 401, …),
 * a slow answer, a connection dropped mid-body or before any byte.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type MockResource = 'xendit_invoices' | 'xendit_transactions' | 'systemeio_contacts';

export interface Fault {
  /** Which endpoint (default: any). */
  resource?: MockResource;
  /** Fire on the nth matching request from now (1 = the next one). */
  at?: number;
  /** How many consecutive matching requests it hits (default 1; Infinity = until cleared). */
  times?: number;
  kind: 'status' | 'slow' | 'drop' | 'reset';
  /** kind 'status': the status to answer. */
  status?: number;
  /** kind 'status': extra headers (Retry-After, X-RateLimit-Reset, …). */
  headers?: Record<string, string>;
  /** kind 'slow': delay before answering normally. */
  delayMs?: number;
}

export interface RequestLogEntry {
  resource: MockResource | 'unknown';
  path: string;
  query: Record<string, string>;
  status: number;
  /** Items in the answer (0 for errors). */
  items: number;
  fault?: Fault['kind'];
}

export type Json = Record<string, unknown>;

export interface MockApiOptions {
  invoices?: number;
  transactions?: number;
  contacts?: number;
  seed?: number;
  xenditKey?: string;
  systemeioKey?: string;
  /** Omit `/transactions` (answers 404), like an account without that API. */
  withoutTransactions?: boolean;
}

export interface MockApi {
  url: string;
  xenditKey: string;
  systemeioKey: string;
  invoices: Json[];
  transactions: Json[];
  contacts: Json[];
  requests: RequestLogEntry[];
  /** Queues a fault. */
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Items served per resource since the last reset. */
  served(resource: MockResource): number;
  resetLog(): void;
  /** Changes `count` existing records of a resource (and bumps `updated` for Xendit); returns their ids. */
  change(resource: MockResource, count: number): string[];
  /** Appends `count` new records; returns their ids. */
  add(resource: MockResource, count: number): string[];
  close(): Promise<void>;
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_TIME = Date.parse('2024-01-01T00:00:00.000Z');
const hex = (rand: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const FIRST = ['Ana', 'Ben', 'Carla', 'Dado', 'Ella', 'Faye', 'Gino', 'Hana', 'Ivan', 'Joy'];
const LAST = ['Reyes', 'Santos', 'Cruz', 'Bautista', 'Garcia', 'Mendoza', 'Torres', 'Flores'];
const PRODUCTS = [
  { description: 'Papers to Profits course', amount: 1000 },
  { description: 'Canva ebook', amount: 49 },
  { description: 'Papers to Profits course (installment)', amount: 250.5 },
];
const INVOICE_STATUSES = ['PAID', 'SETTLED', 'EXPIRED', 'PENDING'];

/** A Xendit invoice object as `GET /v2/invoices` returns it. */
export function makeInvoice(i: number, rand: () => number): Json {
  const created = new Date(BASE_TIME + i * 60_000).toISOString();
  const product = PRODUCTS[i % PRODUCTS.length]!;
  const status = INVOICE_STATUSES[Math.floor(rand() * INVOICE_STATUSES.length)]!;
  const first = FIRST[i % FIRST.length]!;
  const email = `buyer${i}@example.com`;
  const paid = status === 'PAID' || status === 'SETTLED';
  return {
    id: `inv_${String(i).padStart(8, '0')}${hex(rand, 8)}`,
    external_id: `order-${i}`,
    user_id: '5f8a0b1c2d3e4f5a6b7c8d9e',
    status,
    merchant_name: 'Graceful Homeschooling',
    amount: product.amount,
    payer_email: email,
    description: product.description,
    expiry_date: new Date(BASE_TIME + i * 60_000 + 86_400_000).toISOString(),
    invoice_url: `https://checkout.xendit.co/web/${i}`,
    currency: 'PHP',
    created,
    updated: created,
    ...(paid ? { paid_amount: product.amount, paid_at: created, payment_method: 'EWALLET', payment_channel: 'GCASH' } : {}),
    customer: { given_names: first, email },
    items: [{ name: product.description, quantity: 1, price: product.amount }],
  };
}

/** A Xendit transaction object as `GET /transactions` returns it. */
export function makeTransaction(i: number, rand: () => number): Json {
  const created = new Date(BASE_TIME + i * 45_000).toISOString();
  const product = PRODUCTS[i % PRODUCTS.length]!;
  return {
    id: `txn_${String(i).padStart(8, '0')}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 12)}`,
    product_id: `pr_${hex(rand, 24)}`,
    type: 'PAYMENT',
    status: rand() < 0.9 ? 'SUCCESS' : 'FAILED',
    channel_category: 'EWALLET',
    channel_code: 'GCASH',
    reference_id: `order-${i}`,
    account_identifier: null,
    currency: 'PHP',
    amount: product.amount,
    net_amount: Math.round(product.amount * 97) / 100,
    cashflow: 'MONEY_IN',
    settlement_status: 'SETTLED',
    business_id: '6279ce4495d10c9afc3171b8',
    created,
    updated: created,
    fee: { xendit_fee: 15, value_added_tax: 1.8, status: 'COMPLETED' },
  };
}

/** A Systeme.io contact object as `GET /api/contacts` returns it. */
export function makeContact(i: number, rand: () => number): Json {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[i % LAST.length]!;
  const tags = [{ id: 1, name: 'Lead' }];
  if (rand() < 0.4) tags.push({ id: 2, name: 'PaidP2P' });
  if (rand() < 0.3) tags.push({ id: 3, name: 'Canva' });
  return {
    id: 100_000 + i,
    email: `contact${i}@example.com`,
    registeredAt: new Date(BASE_TIME + i * 30_000).toISOString(),
    locale: 'en',
    sourceURL: 'https://gracefulhomeschooling.com/optin',
    unsubscribed: false,
    bounced: false,
    needsConfirmation: false,
    fields: [
      { fieldName: 'First name', slug: 'first_name', value: first },
      { fieldName: 'Surname', slug: 'surname', value: last },
    ],
    tags,
  };
}

interface Collection {
  items: Json[];
  /** id -> position in `items` (kept sorted by the API's order). */
  pos: Map<string, number>;
}

function collection(items: Json[]): Collection {
  return { items, pos: new Map(items.map((it, i) => [String(it.id), i])) };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function startMockApi(options: MockApiOptions = {}): Promise<MockApi> {
  const seed = options.seed ?? 1;
  const xenditKey = options.xenditKey ?? 'xnd_development_MOCKSECRET0123456789';
  const systemeioKey = options.systemeioKey ?? 'sio_MOCKAPIKEY_9876543210';
  const rand = prng(seed);
  const inv = collection(Array.from({ length: options.invoices ?? 0 }, (_, i) => makeInvoice(i, rand)));
  const txn = collection(Array.from({ length: options.transactions ?? 0 }, (_, i) => makeTransaction(i, rand)));
  const con = collection(Array.from({ length: options.contacts ?? 0 }, (_, i) => makeContact(i, rand)));
  const faults: (Fault & { seen: number })[] = [];
  const requests: RequestLogEntry[] = [];
  const servedCount = new Map<MockResource, number>();
  // Monotonic "server clock" for updated timestamps of changes: after everything generated.
  let clock = BASE_TIME + 10 * 365 * 86_400_000;
  const tick = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };

  const takeFault = (resource: MockResource | 'unknown'): Fault | undefined => {
    // Every matching fault counts the request, so `at` is relative to when each was injected.
    let hit: Fault | undefined;
    for (const f of faults) {
      if (f.resource && f.resource !== resource) continue;
      f.seen++;
      const at = f.at ?? 1;
      const times = f.times ?? 1;
      if (!hit && f.seen >= at && f.seen < at + times) hit = f;
    }
    return hit;
  };

  const page = (c: Collection, after: string | undefined, limit: number, keep: (it: Json) => boolean): { items: Json[]; more: boolean } => {
    let start = 0;
    if (after !== undefined) {
      const p = c.pos.get(after);
      if (p === undefined) return { items: [], more: false };
      start = p + 1;
    }
    const items: Json[] = [];
    let i = start;
    for (; i < c.items.length && items.length < limit; i++) if (keep(c.items[i]!)) items.push(c.items[i]!);
    let more = false;
    for (; i < c.items.length; i++) {
      if (keep(c.items[i]!)) {
        more = true;
        break;
      }
    }
    return { items, more };
  };

  const after = (field: string, value: string | undefined, strict: boolean) => {
    if (!value) return () => true;
    const t = Date.parse(value);
    return (it: Json) => {
      const v = Date.parse(String(it[field]));
      return strict ? v > t : v >= t;
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const resource: MockResource | 'unknown' =
      url.pathname === '/v2/invoices'
        ? 'xendit_invoices'
        : url.pathname === '/transactions' && !options.withoutTransactions
          ? 'xendit_transactions'
          : url.pathname === '/api/contacts'
            ? 'systemeio_contacts'
            : 'unknown';
    const log = (status: number, items = 0, fault?: Fault['kind']) => requests.push({ resource, path: url.pathname, query, status, items, fault });
    if (req.method !== 'GET' || resource === 'unknown') {
      log(404);
      return json(res, 404, { error_code: 'NOT_FOUND', message: 'not found' });
    }

    const fault = takeFault(resource);
    if (fault?.kind === 'reset') {
      log(0, 0, 'reset');
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const status = fault.status ?? 500;
      log(status, 0, 'status');
      return json(res, status, { error_code: status === 429 ? 'RATE_LIMIT_EXCEEDED' : 'SERVER_ERROR', message: `injected ${status}` }, fault.headers);
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));

    // Authentication.
    if (resource === 'systemeio_contacts') {
      if (req.headers['x-api-key'] !== systemeioKey) {
        log(401);
        return json(res, 401, { type: 'https://tools.ietf.org/html/rfc2616#section-10', title: 'An error occurred', detail: 'Unauthorized' });
      }
    } else {
      const auth = req.headers.authorization ?? '';
      const user = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString().split(':')[0] : undefined;
      if (user !== xenditKey) {
        log(401);
        return json(res, 401, { error_code: 'INVALID_API_KEY', message: 'API key is not authorized for this API service' });
      }
    }

    const limit = Number(query.limit ?? (resource === 'systemeio_contacts' ? 10 : 10));
    const [min, max] = resource === 'xendit_invoices' ? [1, 100] : resource === 'xendit_transactions' ? [1, 50] : [10, 100];
    if (!Number.isInteger(limit) || limit < min || limit > max) {
      log(400);
      return json(res, 400, { error_code: 'API_VALIDATION_ERROR', message: `limit must be between ${min} and ${max}` });
    }

    let body: unknown;
    let n: number;
    if (resource === 'xendit_invoices') {
      const upd = after('updated', query.updated_after, true);
      const cre = after('created', query.created_after, true);
      const p = page(inv, query.last_invoice_id, limit, (it) => upd(it) && cre(it));
      body = p.items;
      n = p.items.length;
    } else if (resource === 'xendit_transactions') {
      const upd = after('updated', query['updated[gte]'], false);
      const cre = after('created', query['created[gte]'], false);
      const p = page(txn, query.after_id, limit, (it) => upd(it) && cre(it));
      const last = p.items[p.items.length - 1];
      const next = new URLSearchParams({ ...query, after_id: String(last?.id ?? '') });
      body = { data: p.items, has_more: p.more, links: p.more ? [{ href: `/transactions?${next}`, method: 'GET', rel: 'next' }] : [] };
      n = p.items.length;
    } else {
      const p = page(con, query.startingAfter, limit, () => true);
      body = { items: p.items, hasMore: p.more };
      n = p.items.length;
    }
    servedCount.set(resource, (servedCount.get(resource) ?? 0) + n);

    if (fault?.kind === 'drop') {
      // Headers and half the body, then the connection goes away.
      const text = JSON.stringify(body);
      log(200, n, 'drop');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    log(200, n, fault?.kind);
    json(res, 200, body, { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '999' });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { message: String(error) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const byResource = (r: MockResource) => (r === 'xendit_invoices' ? inv : r === 'xendit_transactions' ? txn : con);

  return {
    url: `http://127.0.0.1:${port}`,
    xenditKey,
    systemeioKey,
    invoices: inv.items,
    transactions: txn.items,
    contacts: con.items,
    requests,
    inject: (fault) => faults.push({ ...fault, seen: 0 }),
    clearFaults: () => {
      faults.length = 0;
    },
    served: (r) => servedCount.get(r) ?? 0,
    resetLog: () => {
      requests.length = 0;
      servedCount.clear();
    },
    change(resource, count) {
      const c = byResource(resource);
      const ids: string[] = [];
      // Spread the changes over the list, deterministically.
      const step = Math.max(1, Math.floor(c.items.length / Math.max(1, count)));
      for (let k = 0; k < count && k * step < c.items.length; k++) {
        const it = c.items[k * step]!;
        if (resource === 'systemeio_contacts') {
          const tags = it.tags as { id: number; name: string }[];
          it.tags = [...tags, { id: 90 + k, name: `Changed${k}` }];
        } else {
          it.status = resource === 'xendit_invoices' ? 'SETTLED' : 'VOIDED';
          it.updated = tick();
        }
        ids.push(String(it.id));
      }
      return ids;
    },
    add(resource, count) {
      const c = byResource(resource);
      const ids: string[] = [];
      for (let k = 0; k < count; k++) {
        const i = c.items.length;
        const it = resource === 'xendit_invoices' ? makeInvoice(i, rand) : resource === 'xendit_transactions' ? makeTransaction(i, rand) : makeContact(i, rand);
        if (resource !== 'systemeio_contacts') {
          const t = tick();
          it.created = t;
          it.updated = t;
        }
        c.pos.set(String(it.id), c.items.length);
        c.items.push(it);
        ids.push(String(it.id));
      }
      return ids;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
}

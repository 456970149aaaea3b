import type { Database } from '../../db.js';
import { SyncHttpError, type SyncSourceName } from './errors.js';
import type { ResourceSpec } from './engine.js';
import type { ApiClient } from './http.js';
import { loadSystemeioContacts, loadXenditInvoices } from './loaders.js';
import { loadXenditTransactions } from './transactions-loader.js';

function asRecord(item: unknown): Record<string, unknown> | undefined {
  return item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
}

function idOf(item: unknown): string | undefined {
  const id = asRecord(item)?.id;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

function dateField(item: unknown, ...fields: string[]): Date | undefined {
  const r = asRecord(item);
  if (!r) return undefined;
  for (const f of fields) {
    const v = r[f];
    if (typeof v === 'string' || typeof v === 'number') {
      const d = new Date(v);
      if (Number.isFinite(d.getTime())) return d;
    }
  }
  return undefined;
}

/**
 * The items of a list response, whatever envelope it uses: a bare array (Xendit invoices), `data`
 * (Xendit transactions), `items` (Systeme.io). `hasMore` from `has_more` / `hasMore` when present.
 */
export function readPage(api: SyncSourceName, label: string, body: unknown): { items: unknown[]; hasMore?: boolean } {
  if (Array.isArray(body)) return { items: body };
  const r = asRecord(body);
  const items = r?.data ?? r?.items ?? r?.invoices;
  if (!Array.isArray(items)) throw new SyncHttpError(api, `${label}: the response is neither a list nor an object with data/items`);
  const hasMore = r?.has_more ?? r?.hasMore;
  return { items, hasMore: typeof hasMore === 'boolean' ? hasMore : undefined };
}

/**
 * Xendit invoices, `GET /v2/invoices`: `limit` (1–100), `last_invoice_id` = id of the previous
 * page's last invoice, `updated_after` for incremental runs. The response is a bare array; a page
 * shorter than `limit` is the last.
 */
export const xenditInvoices: ResourceSpec = {
  source: 'xendit_invoices',
  label: 'Xendit invoices',
  api: 'Xendit',
  pageSize: { min: 1, max: 100, default: 100 },
  serverSideSince: true,
  async fetchPage(client: ApiClient, { cursor, since, limit }) {
    const res = await client.getJson('/v2/invoices', { limit, last_invoice_id: cursor, updated_after: since?.toISOString() });
    return readPage('Xendit', 'Xendit invoices', res.body);
  },
  idOf,
  updatedOf: (item) => dateField(item, 'updated', 'created'),
  load: (tx: Database, items, ctx) => loadXenditInvoices(tx, items, ctx),
};

/**
 * Xendit transactions, `GET /transactions`: `limit` (1–50), `after_id` = id of the previous page's
 * last transaction, `updated[gte]` (since + 1 ms) for incremental runs; the response is `{ data, has_more, links }`.
 */
export const xenditTransactions: ResourceSpec = {
  source: 'xendit_transactions',
  label: 'Xendit transactions',
  api: 'Xendit',
  pageSize: { min: 1, max: 50, default: 50 },
  serverSideSince: true,
  async fetchPage(client: ApiClient, { cursor, since, limit }) {
    // `updated[gte]` is inclusive; Xendit timestamps have millisecond precision, so +1 ms asks for "after".
    const after = since ? new Date(since.getTime() + 1).toISOString() : undefined;
    const res = await client.getJson('/transactions', { limit, after_id: cursor, 'updated[gte]': after });
    return readPage('Xendit', 'Xendit transactions', res.body);
  },
  idOf,
  updatedOf: (item) => dateField(item, 'updated', 'created'),
  load: (tx: Database, items) => loadXenditTransactions(tx, items),
};

/**
 * Systeme.io contacts, `GET /api/contacts`: `limit` (10–100), `startingAfter` = id of the previous
 * page's last contact; the response is `{ items, hasMore }`. The API has no "changed since" filter
 * and a contact has no updated timestamp, so every automatic run is a full pass and the loader's
 * content hash makes it write only what changed.
 */
export const systemeioContacts: ResourceSpec = {
  source: 'systemeio_contacts',
  label: 'Systeme.io contacts',
  api: 'Systeme.io',
  pageSize: { min: 10, max: 100, default: 100 },
  serverSideSince: false,
  async fetchPage(client: ApiClient, { cursor, limit }) {
    const res = await client.getJson('/api/contacts', { limit, startingAfter: cursor });
    return readPage('Systeme.io', 'Systeme.io contacts', res.body);
  },
  idOf,
  updatedOf: (item) => dateField(item, 'updatedAt', 'updated_at', 'registeredAt', 'created_at'),
  load: (tx: Database, items, ctx) => loadSystemeioContacts(tx, items, ctx),
};

import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../db.js';
import { ingestSystemeio, ingestXendit } from '../load.js';
import type { IngestOptions, IngestResult } from '../types.js';
import type { LoadResult } from './transactions-loader.js';

type RawClient = unknown;

/**
 * The file ingest's loaders run their COPY and upsert in a transaction they open on `db.$client`
 * (PGlite's `transaction()` / postgres.js's `begin()`): handed a drizzle transaction, they would
 * open a second, independent one (postgres.js takes another pooled connection). The sync needs a
 * page's records and its cursor in ONE transaction, so it hands them a view of its own transaction
 * whose `$client` "opens" a transaction by running the callback in the current one. The raw
 * transaction client is drizzle's `tx.session.client` on both drivers.
 */
export function inCurrentTransaction(tx: Database): Database {
  const raw = (tx as unknown as { session?: { client?: RawClient } }).session?.client;
  if (!raw) throw new Error('inCurrentTransaction: expected a drizzle transaction');
  let client: RawClient;
  if (typeof raw === 'function' && typeof (raw as { unsafe?: unknown }).unsafe === 'function') {
    // postgres.js TransactionSql: begin(fn) runs fn on this transaction's connection.
    client = { begin: (fn: (t: RawClient) => unknown) => fn(raw) };
  } else {
    // PGlite Transaction: the loader checks `instanceof PGlite`, then calls transaction(fn).
    const fake = Object.create(PGlite.prototype) as { transaction: (fn: (t: RawClient) => unknown) => unknown };
    Object.defineProperty(fake, 'transaction', { value: (fn: (t: RawClient) => unknown) => fn(raw) });
    client = fake;
  }
  return new Proxy(tx as object, {
    get: (target, prop, receiver) => (prop === '$client' ? client : Reflect.get(target, prop, receiver)),
  }) as Database;
}

function toLoadResult(r: IngestResult): LoadResult {
  return {
    inserted: r.inserted,
    updated: r.updated,
    // A repeated id within a page is unchanged from the sync's point of view.
    unchanged: r.unchanged + r.duplicates,
    rejected: r.rejected,
    rejections: r.rejections.map((x) => ({ index: x.position - 1, id: x.recordId, reason: x.reason })),
  };
}

/** Options for the loader inside a sync run: no run-log row of its own; rejected rows attributed to the sync's run. */
function loaderOptions(runId: number | undefined, syncedAt: Date | undefined): IngestOptions {
  // vacuum: false: the page loads inside its transaction, where VACUUM cannot run; autovacuum keeps up
  return { log: false, vacuum: false, ...(runId ? { runId } : {}), ...(syncedAt ? { syncedAt } : {}), label: 'api sync' };
}

export interface PageLoadContext {
  /** The sync's run-log id (rejected rows point at it). */
  runId?: number;
  /** When the page was fetched: the loader's `api_synced_at` of new and changed rows. */
  fetchedAt?: Date;
}

/** One page of Xendit invoices through `ingestXendit`, inside the page's transaction. */
export async function loadXenditInvoices(tx: Database, items: unknown[], ctx: PageLoadContext = {}): Promise<LoadResult> {
  return toLoadResult(await ingestXendit(inCurrentTransaction(tx), items, loaderOptions(ctx.runId, ctx.fetchedAt)));
}

/** One page of Systeme.io contacts through `ingestSystemeio`, inside the page's transaction. */
export async function loadSystemeioContacts(tx: Database, items: unknown[], ctx: PageLoadContext = {}): Promise<LoadResult> {
  return toLoadResult(await ingestSystemeio(inCurrentTransaction(tx), items, loaderOptions(ctx.runId, ctx.fetchedAt)));
}

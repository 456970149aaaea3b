import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db.js';
import { SyncAbortedError, SyncConfigError, SyncConflictError, SyncHttpError, type SyncSourceName } from './errors.js';
import type { ApiClient } from './http.js';
import { type SyncSource, type SyncStateRow, syncState } from './schema.js';
import type { PageLoadContext } from './loaders.js';
import type { LoadCounts, LoadResult, Rejection } from './transactions-loader.js';

/** One API list endpoint: how to ask for a page, read it, and load its records. */
export interface ResourceSpec {
  source: SyncSource;
  /** For messages, e.g. "Xendit invoices". */
  label: string;
  api: SyncSourceName;
  pageSize: { min: number; max: number; default: number };
  /**
   * Whether the API filters by "changed since" (Xendit). Without it (Systeme.io) every automatic
   * run is a full pass, and an explicit `since` only filters client-side.
   */
  serverSideSince: boolean;
  fetchPage(client: ApiClient, args: { cursor: string | null; since: Date | null; limit: number }): Promise<{ items: unknown[]; hasMore?: boolean }>;
  /** The pagination cursor an item stands for (its id). */
  idOf(item: unknown): string | undefined;
  /** The timestamp the high-water mark follows (`updated`; Systeme.io: `registeredAt`). */
  updatedOf(item: unknown): Date | undefined;
  /** Loads a page inside the page's transaction. */
  load(tx: Database, items: unknown[], ctx: PageLoadContext): Promise<LoadResult>;
}

export interface ResourceResult extends LoadCounts {
  resource: SyncSource;
  /** Pages fetched and committed by this call (an empty last page counts). */
  pages: number;
  /** Records fetched by this call. */
  records: number;
  /** Records fetched but not loaded because they are older than an explicit `since` (client-side filter). */
  skipped: number;
  /** The run reached the end of the list (false: stopped by maxPages; the next call resumes). */
  complete: boolean;
  /** This call continued an interrupted run from its saved cursor. */
  resumed: boolean;
  /** The "changed since" filter the run used (null: full pass). */
  since: Date | null;
  /** The high-water mark after this call. */
  highWaterMark: Date | null;
  rejections: Rejection[];
}

export interface RunResourceOptions {
  pageSize?: number;
  /** Explicit "changed since"; default: the high-water mark of the last complete run. */
  since?: Date;
  /** Ignore a saved cursor and start from the first page. */
  restart?: boolean;
  /** Bound of the page loop (default 100 000). Stopping there leaves the cursor for the next call. */
  maxPages?: number;
  signal?: AbortSignal;
  /** The sync's run-log id, passed to the loader (rejected rows point at it). */
  runLogId?: number;
  /** After each committed page, with the running totals of this resource. */
  onPage?: (result: ResourceResult) => void;
}

export function emptyCounts(): LoadCounts {
  return { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
}

/** Reads the sync state of one source (undefined before its first run). */
export async function getSyncState(db: Database, source: SyncSource): Promise<SyncStateRow | undefined> {
  const [row] = await db.select().from(syncState).where(eq(syncState.source, source));
  return row;
}

/** Every source's sync state. */
export async function listSyncState(db: Database): Promise<SyncStateRow[]> {
  return db.select().from(syncState).orderBy(syncState.source);
}

/**
 * Forgets a source's cursor and high-water mark: the next run is a full pass from the first page.
 * Raw data is not touched.
 */
export async function resetSyncState(db: Database, source: SyncSource): Promise<void> {
  await db.delete(syncState).where(eq(syncState.source, source));
}

function clampPageSize(spec: ResourceSpec, requested: number | undefined): number {
  const n = requested ?? spec.pageSize.default;
  if (!Number.isInteger(n) || n < 1) throw new SyncConfigError(spec.api, 'pageSize', `${spec.label}: pageSize must be a positive integer, got ${requested}`);
  return Math.min(spec.pageSize.max, Math.max(spec.pageSize.min, n));
}

const maxDate = (a: Date | null | undefined, b: Date | null | undefined): Date | null => {
  if (!a) return b ?? null;
  if (!b) return a;
  return a.getTime() >= b.getTime() ? a : b;
};

/**
 * Pages through one list endpoint. Each page's records and the new cursor are committed in ONE
 * transaction (the loader runs inside it), so a run that dies after page N has committed exactly
 * pages 1..N and the next call resumes at N+1. The page that ends the list also clears the cursor
 * and moves the high-water mark, in the same transaction.
 */
export async function runResource(db: Database, client: ApiClient, spec: ResourceSpec, options: RunResourceOptions = {}): Promise<ResourceResult> {
  const limit = clampPageSize(spec, options.pageSize);
  const maxPages = options.maxPages ?? 100_000;
  const state = await getSyncState(db, spec.source);

  const explicitSince = options.since ?? null;
  const sameSince = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  const resumed =
    !options.restart && state?.cursor != null && (options.since === undefined || sameSince(explicitSince, state.runSince ?? null));
  let since: Date | null;
  if (resumed) since = state?.runSince ?? null;
  else if (explicitSince) since = explicitSince;
  else since = spec.serverSideSince ? (state?.highWaterMark ?? null) : null;

  let cursor: string | null = resumed ? (state?.cursor ?? null) : null;
  const runId = randomUUID();
  let claimed = false;
  const result: ResourceResult = {
    resource: spec.source,
    ...emptyCounts(),
    pages: 0,
    records: 0,
    skipped: 0,
    complete: false,
    resumed,
    since,
    highWaterMark: state?.highWaterMark ?? null,
    rejections: [],
  };

  for (let page = 0; page < maxPages; page++) {
    if (options.signal?.aborted) throw new SyncAbortedError(spec.api, `${spec.label} sync aborted after ${result.pages} page(s)`, { cause: options.signal.reason });
    const fetchedAt = new Date();
    const fetched = await spec.fetchPage(client, { cursor, since: spec.serverSideSince ? since : null, limit });
    const items = fetched.items;
    const nextCursor = items.length ? spec.idOf(items[items.length - 1]) : undefined;
    if (items.length && !nextCursor) throw new SyncHttpError(spec.api, `${spec.label}: the last item of a page has no id; cannot paginate`);
    if (items.length && nextCursor === cursor) {
      throw new SyncHttpError(spec.api, `${spec.label}: pagination did not advance (the page ends with the cursor it was asked to start after)`);
    }
    const done = items.length === 0 || fetched.hasMore === false || (fetched.hasMore === undefined && items.length < limit);

    let pageMax: Date | null = null;
    for (const item of items) pageMax = maxDate(pageMax, spec.updatedOf(item));
    // Systeme.io has no server-side filter: an explicit `since` filters here.
    const toLoad =
      !spec.serverSideSince && explicitSince
        ? items.filter((item) => {
            const u = spec.updatedOf(item);
            return !u || u.getTime() > explicitSince.getTime();
          })
        : items;

    const expectedCursor = cursor;
    const counts = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      // Claim the state row (or check that this run still holds it); the row lock serialises two runs.
      if (!claimed) {
        if (resumed && page === 0) {
          const rows = await tx
            .update(syncState)
            .set({ runId, updatedAt: sql`now()` })
            .where(and(eq(syncState.source, spec.source), eq(syncState.cursor, expectedCursor ?? '')))
            .returning({ source: syncState.source });
          if (!rows.length) throw new SyncConflictError(spec.api, `${spec.label}: the saved cursor changed under this run (another sync of the same source?)`);
        } else {
          await tx
            .insert(syncState)
            .values({ source: spec.source, runId, runStartedAt: sql`now()`, runSince: since, pagesCommitted: 0, recordsCommitted: 0 })
            .onConflictDoUpdate({
              target: syncState.source,
              set: { cursor: null, runId, runStartedAt: sql`now()`, runSince: since, runMaxUpdated: null, pagesCommitted: 0, recordsCommitted: 0, updatedAt: sql`now()` },
            });
        }
      } else {
        const rows = await tx
          .update(syncState)
          .set({ updatedAt: sql`now()` })
          .where(and(eq(syncState.source, spec.source), eq(syncState.runId, runId)))
          .returning({ source: syncState.source });
        if (!rows.length) throw new SyncConflictError(spec.api, `${spec.label}: another sync of the same source took over; this run stops`);
      }

      const loaded: LoadResult = toLoad.length ? await spec.load(tx, toLoad, { runId: options.runLogId, fetchedAt }) : { ...emptyCounts(), rejections: [] };

      const runMax = sql`greatest(${syncState.runMaxUpdated}, ${pageMax?.toISOString() ?? null}::timestamptz)`;
      const [after] = await tx
        .update(syncState)
        .set(
          done
            ? {
                cursor: null,
                runId: null,
                runMaxUpdated: runMax,
                pagesCommitted: sql`${syncState.pagesCommitted} + 1`,
                recordsCommitted: sql`${syncState.recordsCommitted} + ${items.length}`,
                highWaterMark: sql`greatest(${syncState.highWaterMark}, ${runMax})`,
                lastCompleteAt: sql`now()`,
                updatedAt: sql`now()`,
              }
            : {
                cursor: nextCursor,
                runMaxUpdated: runMax,
                pagesCommitted: sql`${syncState.pagesCommitted} + 1`,
                recordsCommitted: sql`${syncState.recordsCommitted} + ${items.length}`,
                updatedAt: sql`now()`,
              },
        )
        .where(and(eq(syncState.source, spec.source), eq(syncState.runId, runId)))
        .returning({ highWaterMark: syncState.highWaterMark });
      if (!after) throw new SyncConflictError(spec.api, `${spec.label}: another sync of the same source took over; this run stops`);
      return { loaded, highWaterMark: after.highWaterMark };
    });
    claimed = !done;

    result.pages++;
    result.records += items.length;
    result.skipped += items.length - toLoad.length;
    result.inserted += counts.loaded.inserted;
    result.updated += counts.loaded.updated;
    result.unchanged += counts.loaded.unchanged;
    result.rejected += counts.loaded.rejected;
    for (const r of counts.loaded.rejections) if (result.rejections.length < 20) result.rejections.push(r);
    result.highWaterMark = counts.highWaterMark;
    if (done) result.complete = true;
    options.onPage?.(result);
    if (done) break;
    cursor = nextCursor ?? null;
  }
  return result;
}

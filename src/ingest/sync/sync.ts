import type { Database } from '../../db.js';
import { redact, SyncConfigError, SyncError, SyncHttpError, type SyncSourceName, safeUrl } from './errors.js';
import { emptyCounts, type ResourceResult, type ResourceSpec, runResource } from './engine.js';
import { ApiClient, type RetryEvent, type RetryOptions } from './http.js';
import { finishRun, startRun } from '../run-log.js';
import type { IngestProgress } from '../types.js';
import type { SyncSource } from './schema.js';
import { systemeioContacts, xenditInvoices, xenditTransactions } from './sources.js';
import type { LoadCounts } from './transactions-loader.js';

export const XENDIT_DEFAULT_BASE_URL = 'https://api.xendit.co';
export const SYSTEMEIO_DEFAULT_BASE_URL = 'https://api.systeme.io';

/**
 * Progress after every committed page and every retry. It is the file ingest's `IngestProgress`
 * (phase, read, valid, rejected: the same callback drives the same progress bar) plus the sync's
 * own counters.
 */
export interface SyncProgress extends IngestProgress, LoadCounts {
  source: 'xendit' | 'systemeio';
  /** The list endpoint being paged. */
  resource: SyncSource;
  /** Pages committed by this run (all resources). */
  pages: number;
  /** Records fetched by this run (all resources); `read` is the same number. */
  records: number;
  retries: number;
  /** true once, at the end of a complete run (`phase: 'done'`). */
  done: boolean;
}

export interface SyncOptions extends RetryOptions {
  /** The API key (Xendit secret key / Systeme.io API key); default XENDIT_SECRET_KEY / SYSTEMEIO_API_KEY. */
  key?: string;
  /** Alias of `key`. */
  apiKey?: string;
  /** Alias of `key` (Xendit calls it the secret key). */
  secretKey?: string;
  /** Where XENDIT_SECRET_KEY / SYSTEMEIO_API_KEY is read when no key is given (default `process.env`; the CLI passes its own). */
  env?: Readonly<Record<string, string | undefined>>;
  /** API base URL (tests, proxies); default https://api.xendit.co / https://api.systeme.io. */
  baseUrl?: string;
  /** Records per page, clamped to the API's range (Xendit invoices 1–100, transactions 1–50, Systeme.io 10–100). */
  pageSize?: number;
  /**
   * Only records changed after this instant. Default: the high-water mark of the last complete
   * run (incremental). Xendit filters server-side; Systeme.io cannot, so there `since` filters
   * fetched contacts by `registeredAt` client-side and automatic runs are full passes.
   */
  since?: Date | string;
  /** Alias of `requestTimeoutMs`. */
  timeoutMs?: number;
  /** Ignore a saved cursor of an interrupted run and start from the first page. */
  restart?: boolean;
  /** Bound of each resource's page loop (default 100 000); stopping there keeps the cursor for the next run. */
  maxPages?: number;
  /** Stops the run between pages or mid-request; committed pages stay committed and the next run resumes. */
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  onRetry?: (event: RetryEvent) => void;
}

export type XenditResource = 'invoices' | 'transactions';

export interface XenditSyncOptions extends SyncOptions {
  /**
   * Which lists to sync (default both). With the default, a 404 on the first page of
   * `transactions` (an account or proxy without that API) is a warning, not a failure.
   */
  resources?: readonly XenditResource[];
}

export interface SyncResult extends LoadCounts {
  source: 'xendit' | 'systemeio';
  kind: 'sync_xendit' | 'sync_systemeio';
  /** Every resource reached the end of its list (false: stopped by maxPages; the next run resumes). */
  complete: boolean;
  /** At least one resource resumed an interrupted run. */
  resumed: boolean;
  pages: number;
  records: number;
  skipped: number;
  /** Retried requests (429, 5xx, timeouts, network errors). */
  retries: number;
  /** Of the retries, those answering 429. */
  rateLimited: number;
  requests: number;
  durationMs: number;
  resources: ResourceResult[];
  warnings: string[];
  /** Id of this run's `ingest.run_log` row. */
  runLogId?: number;
}

interface SourceConfig {
  source: 'xendit' | 'systemeio';
  api: SyncSourceName;
  kind: 'sync_xendit' | 'sync_systemeio';
  envVar: string;
  defaultBaseUrl: string;
  headers: (key: string) => Record<string, string>;
}

const XENDIT: SourceConfig = {
  source: 'xendit',
  api: 'Xendit',
  kind: 'sync_xendit',
  envVar: 'XENDIT_SECRET_KEY',
  defaultBaseUrl: XENDIT_DEFAULT_BASE_URL,
  // Basic auth: the secret key is the user name, the password is empty.
  headers: (key) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` }),
};

const SYSTEMEIO: SourceConfig = {
  source: 'systemeio',
  api: 'Systeme.io',
  kind: 'sync_systemeio',
  envVar: 'SYSTEMEIO_API_KEY',
  defaultBaseUrl: SYSTEMEIO_DEFAULT_BASE_URL,
  headers: (key) => ({ 'x-api-key': key }),
};

function resolveKey(cfg: SourceConfig, options: SyncOptions): string {
  const given = options.key ?? options.apiKey ?? options.secretKey;
  if (given !== undefined && (typeof given !== 'string' || given.trim() === '')) {
    throw new SyncConfigError(cfg.api, 'key', `${cfg.api}: the API key option is empty`);
  }
  const key = given ?? (options.env ?? process.env)[cfg.envVar];
  if (!key || key.trim() === '') {
    throw new SyncConfigError(cfg.api, 'key', `${cfg.api}: no API key: pass { key } or set ${cfg.envVar}`);
  }
  if (/[\r\n]/.test(key)) throw new SyncConfigError(cfg.api, 'key', `${cfg.api}: the API key contains a line break`);
  return key.trim();
}

function resolveSince(cfg: SourceConfig, since: SyncOptions['since']): Date | undefined {
  if (since === undefined || since === null) return undefined;
  const d = since instanceof Date ? since : typeof since === 'string' ? new Date(since) : new Date(Number.NaN);
  if (!Number.isFinite(d.getTime())) throw new SyncConfigError(cfg.api, 'since', `${cfg.api}: since must be a Date or an ISO 8601 timestamp`);
  return d;
}

function resolvePositiveInt(cfg: SourceConfig, field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new SyncConfigError(cfg.api, field, `${cfg.api}: ${field} must be a positive integer`);
  }
  return value;
}

async function runSync(db: Database, cfg: SourceConfig, specs: { spec: ResourceSpec; optional: boolean }[], options: SyncOptions): Promise<SyncResult> {
  const t0 = performance.now();
  const result: SyncResult = {
    source: cfg.source,
    kind: cfg.kind,
    ...emptyCounts(),
    complete: false,
    resumed: false,
    pages: 0,
    records: 0,
    skipped: 0,
    retries: 0,
    rateLimited: 0,
    requests: 0,
    durationMs: 0,
    resources: [],
    warnings: [],
  };
  let key: string | undefined;
  let runLogId: number | undefined;
  let client: ApiClient | undefined;
  let since: Date | undefined;
  const baseUrl = options.baseUrl ?? cfg.defaultBaseUrl;
  const done: ResourceResult[] = [];
  let current: ResourceResult | undefined;

  const totals = () => {
    const all = current && !done.includes(current) ? [...done, current] : done;
    const sum = (f: (r: ResourceResult) => number) => all.reduce((n, r) => n + f(r), 0);
    result.pages = sum((r) => r.pages);
    result.records = sum((r) => r.records);
    result.skipped = sum((r) => r.skipped);
    result.inserted = sum((r) => r.inserted);
    result.updated = sum((r) => r.updated);
    result.unchanged = sum((r) => r.unchanged);
    result.rejected = sum((r) => r.rejected);
    result.resumed = all.some((r) => r.resumed);
    result.resources = all.map((r) => ({ ...r, rejections: [...r.rejections] }));
    if (client) {
      result.retries = client.stats.retries;
      result.rateLimited = client.stats.rateLimited;
      result.requests = client.stats.requests;
    }
    result.durationMs = Math.round(performance.now() - t0);
  };
  const progress = (resource: SyncSource, isDone: boolean) => {
    if (!options.onProgress) return;
    totals();
    options.onProgress({
      source: cfg.source,
      resource,
      phase: isDone ? 'done' : 'load',
      read: result.records,
      valid: result.records - result.rejected,
      pages: result.pages,
      records: result.records,
      inserted: result.inserted,
      updated: result.updated,
      unchanged: result.unchanged,
      rejected: result.rejected,
      retries: result.retries,
      done: isDone,
    });
  };

  try {
    key = resolveKey(cfg, options);
    since = resolveSince(cfg, options.since);
    const pageSize = resolvePositiveInt(cfg, 'pageSize', options.pageSize);
    const maxPages = resolvePositiveInt(cfg, 'maxPages', options.maxPages);
    for (const field of ['maxRetries', 'baseDelayMs', 'maxDelayMs', 'maxRateLimitWaitMs', 'requestTimeoutMs', 'timeoutMs'] as const) {
      const v = options[field];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (field === 'maxRetries' && !Number.isInteger(v)))) {
        throw new SyncConfigError(cfg.api, field, `${cfg.api}: ${field} must be a non-negative ${field === 'maxRetries' ? 'integer' : 'number'}`);
      }
    }
    let currentResource: SyncSource = specs[0]!.spec.source;
    client = new ApiClient({
      maxRetries: options.maxRetries,
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.maxDelayMs,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs,
      requestTimeoutMs: options.requestTimeoutMs ?? options.timeoutMs,
      source: cfg.api,
      baseUrl,
      headers: cfg.headers(key),
      secrets: [key],
      envVar: cfg.envVar,
      signal: options.signal,
      onRetry: (e) => {
        options.onRetry?.(e);
        progress(currentResource, false);
      },
    });
    // The run-log row is written before the first request (autocommit), so a crash leaves a trace.
    runLogId = await startRun(db, cfg.kind, {
      source: cfg.source,
      baseUrl: safeUrl(baseUrl),
      since: since?.toISOString() ?? null,
      pageSize: pageSize ?? null,
      resources: specs.map((s) => s.spec.source),
    });
    result.runLogId = runLogId;
    let reachedEnd = true;
    for (const { spec, optional } of specs) {
      currentResource = spec.source;
      current = undefined;
      try {
        const r = await runResource(db, client, spec, {
          pageSize,
          since,
          restart: options.restart,
          maxPages,
          signal: options.signal,
          runLogId,
          onPage: (partial) => {
            current = partial;
            progress(spec.source, false);
          },
        });
        current = undefined;
        done.push(r);
        reachedEnd &&= r.complete;
      } catch (error) {
        // A default (not explicitly requested) resource the API does not offer: skip it with a warning.
        if (optional && error instanceof SyncHttpError && error.status === 404 && !current) {
          result.warnings.push(`${spec.label}: ${cfg.api} answered 404 for the list endpoint; skipped`);
          continue;
        }
        throw error;
      }
    }
    if (done.length === 0) throw new SyncHttpError(cfg.api, `${cfg.api}: no list endpoint could be synced`);
    totals();
    result.complete = reachedEnd;
    progress(specs[specs.length - 1]!.spec.source, true);
  } catch (error) {
    totals();
    const safe = toSafeError(cfg, error, key);
    if (runLogId !== undefined) {
      try {
        await finishRun(db, runLogId, { status: 'failed', durationMs: result.durationMs, counts: runCounts(result), error: safe.message, details: runDetails(result) });
      } catch {
        // The run log must not hide the sync's own error.
      }
    }
    (safe as SyncError & { result?: SyncResult }).result = result;
    throw safe;
  }
  try {
    await finishRun(db, runLogId!, { status: 'succeeded', durationMs: result.durationMs, counts: runCounts(result), error: null, details: runDetails(result) });
  } catch (error) {
    result.warnings.push(`run log not finished: ${redact(error instanceof Error ? error.message : String(error), [key])}`);
  }
  return result;
}

/** Any error as a SyncError whose message names the source and holds no key. */
function toSafeError(cfg: SourceConfig, error: unknown, key: string | undefined): SyncError {
  const secrets = [key];
  if (error instanceof SyncError) {
    const clean = redact(error.message, secrets);
    if (clean !== error.message) error.message = clean;
    if (error.stack) error.stack = redact(error.stack, secrets);
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError(cfg.api, `${cfg.api} sync failed: ${redact(message, secrets)}`, { cause: error });
}

/** The run log's counts: what the run did, as numbers. */
function runCounts(r: SyncResult): Record<string, number> {
  return {
    pages: r.pages,
    records: r.records,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    skipped: r.skipped,
    retries: r.retries,
    rate_limited: r.rateLimited,
    requests: r.requests,
  };
}

/** The run log's details: per resource, the filter, cursor progress and high-water mark. Never a key. */
function runDetails(r: SyncResult): Record<string, unknown> {
  return {
    complete: r.complete,
    resumed: r.resumed,
    warnings: r.warnings,
    resources: r.resources.map((x) => ({
      resource: x.resource,
      pages: x.pages,
      records: x.records,
      inserted: x.inserted,
      updated: x.updated,
      unchanged: x.unchanged,
      rejected: x.rejected,
      skipped: x.skipped,
      complete: x.complete,
      resumed: x.resumed,
      since: x.since?.toISOString() ?? null,
      highWaterMark: x.highWaterMark?.toISOString() ?? null,
      rejections: x.rejections,
    })),
  };
}

/**
 * Pulls Xendit invoices (`GET /v2/invoices`) into `ingest.xendit_raw` through the file ingest's
 * loader, and Xendit transactions (`GET /transactions`) into `ingest.xendit_transactions_raw`.
 * Incremental (only records updated after the last complete run's high-water mark), resumable
 * (a run stopped after page N continues at page N+1), retried politely, recorded in the run log.
 */
export async function syncXendit(db: Database, options: XenditSyncOptions = {}): Promise<SyncResult> {
  const explicit = options.resources !== undefined;
  const wanted = options.resources ?? ['invoices', 'transactions'];
  for (const r of wanted) {
    if (r !== 'invoices' && r !== 'transactions') throw new SyncConfigError('Xendit', 'resources', `Xendit: unknown resource "${String(r)}"`);
  }
  const specs: { spec: ResourceSpec; optional: boolean }[] = [];
  if (wanted.includes('invoices')) specs.push({ spec: xenditInvoices, optional: false });
  if (wanted.includes('transactions')) specs.push({ spec: xenditTransactions, optional: !explicit });
  if (!specs.length) throw new SyncConfigError('Xendit', 'resources', 'Xendit: resources is empty');
  return runSync(db, XENDIT, specs, options);
}

/**
 * Pulls Systeme.io contacts (`GET /api/contacts`) into `ingest.systemeio_raw` through the file
 * ingest's loader. Resumable like syncXendit; every automatic run is a full pass (the API has no
 * "changed since" filter) in which unchanged contacts are not written.
 */
export async function syncSystemeio(db: Database, options: SyncOptions = {}): Promise<SyncResult> {
  return runSync(db, SYSTEMEIO, [{ spec: systemeioContacts, optional: false }], options);
}

import { redact, SyncAbortedError, SyncAuthError, SyncConfigError, SyncHttpError, type SyncSourceName, safeUrl } from './errors.js';

/** How hard the client tries before giving up. Every loop is bounded by these. */
export interface RetryOptions {
  /** Retries after the first attempt, for 429, 5xx, timeouts and network errors (default 6). */
  maxRetries?: number;
  /** First backoff delay; doubled per retry, with jitter (default 500 ms). */
  baseDelayMs?: number;
  /** Upper bound of one backoff delay (default 30 s). */
  maxDelayMs?: number;
  /**
   * Longest wait a 429's Retry-After / X-RateLimit-Reset may ask for (default 120 s). A longer
   * request fails the run with a clear error instead of sleeping for an hour.
   */
  maxRateLimitWaitMs?: number;
  /** Timeout of one request, body included (default 30 s). */
  requestTimeoutMs?: number;
}

export type RetryReason = 'rate_limited' | 'server_error' | 'timeout' | 'network_error';

export interface RetryEvent {
  source: SyncSourceName;
  /** 1 for the first retry. */
  attempt: number;
  reason: RetryReason;
  status?: number;
  delayMs: number;
  /** Redacted description of what failed. */
  message: string;
}

export interface ApiClientOptions extends RetryOptions {
  source: SyncSourceName;
  baseUrl: string;
  /** Auth headers; their values are treated as secrets. */
  headers: Record<string, string>;
  /** Strings that must never appear in an error message (the key). */
  secrets: readonly string[];
  /** The environment variable that holds the key, named in auth errors. */
  envVar: string;
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
}

export interface ClientStats {
  requests: number;
  retries: number;
  /** Of the retries, those caused by 429. */
  rateLimited: number;
  /** Milliseconds spent waiting (backoff and rate limits). */
  waitedMs: number;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const DEFAULTS: Required<RetryOptions> = {
  maxRetries: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitWaitMs: 120_000,
  requestTimeoutMs: 30_000,
};

/** Sleeps `ms`, waking early (rejecting) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random = Math.random): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Milliseconds a response asks the client to wait, from `Retry-After` (seconds or HTTP date) or
 * `X-RateLimit-Reset` / `RateLimit-Reset` / `X-RateLimit-Refill` (Systeme.io) (seconds from now,
 * an epoch in seconds or ms, or an HTTP date).
 * `undefined` when the response says nothing.
 */
export function rateLimitWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const s = Number(retryAfter);
    if (Number.isFinite(s)) return Math.max(0, s * 1000);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const reset =
    headers.get('x-ratelimit-reset') ??
    headers.get('x-rate-limit-reset') ??
    headers.get('ratelimit-reset') ??
    // Systeme.io names its window end "refill".
    headers.get('x-ratelimit-refill');
  if (reset !== null && reset.trim() !== '') {
    const v = Number(reset);
    if (Number.isFinite(v)) {
      if (v > 1e12) return Math.max(0, v - now); // epoch milliseconds
      if (v > 1e9) return Math.max(0, v * 1000 - now); // epoch seconds
      return Math.max(0, v * 1000); // seconds from now
    }
    const at = Date.parse(reset);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return undefined;
}

function remainingIsZero(headers: Headers): boolean {
  const remaining = headers.get('x-ratelimit-remaining') ?? headers.get('x-rate-limit-remaining') ?? headers.get('ratelimit-remaining');
  return remaining !== null && Number(remaining) <= 0;
}

class Retryable extends Error {
  constructor(
    readonly reason: RetryReason,
    message: string,
    readonly status?: number,
    readonly waitMs?: number,
  ) {
    super(message);
  }
}

/**
 * A small JSON GET client over Node's global fetch: per-request timeout, bounded retries with
 * exponential backoff and jitter for 5xx/timeouts/network errors, 429 handled from the server's
 * Retry-After / X-RateLimit-* headers, a pause when X-RateLimit-Remaining reaches 0, 401/403 as
 * `SyncAuthError`. Error messages are redacted: the key never appears in them.
 */
export class ApiClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, waitedMs: 0 };
  private readonly opts: Required<RetryOptions>;
  private readonly base: string;
  /** Epoch ms before which the next request must not start (the server said the window is used up). */
  private notBefore = 0;

  constructor(private readonly options: ApiClientOptions) {
    this.opts = { ...DEFAULTS, ...definedOnly(options) };
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new SyncConfigError(options.source, 'baseUrl', `${options.source}: baseUrl is not a valid URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new SyncConfigError(options.source, 'baseUrl', `${options.source}: baseUrl must be http(s), got ${base.protocol}`);
    }
    this.base = options.baseUrl.replace(/\/+$/, '');
  }

  private redact(text: string): string {
    return redact(text, [...this.options.secrets, ...Object.values(this.options.headers)]);
  }

  private checkAbort(): void {
    if (this.options.signal?.aborted) {
      throw new SyncAbortedError(this.options.source, `${this.options.source} sync aborted`, { cause: this.options.signal.reason });
    }
  }

  private async wait(ms: number): Promise<void> {
    if (ms <= 0) return;
    this.stats.waitedMs += ms;
    try {
      await sleep(ms, this.options.signal);
    } catch (cause) {
      throw new SyncAbortedError(this.options.source, `${this.options.source} sync aborted`, { cause });
    }
  }

  /** `GET base + path ? query` and the parsed JSON body, retried as described on the class. */
  async getJson(path: string, query: Record<string, string | number | undefined | null> = {}): Promise<JsonResponse> {
    const url = new URL(this.base + (path.startsWith('/') ? path : `/${path}`));
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
    const { source } = this.options;
    const where = `GET ${safeUrl(url)}`;

    for (let attempt = 0; ; attempt++) {
      this.checkAbort();
      await this.wait(this.notBefore - Date.now());
      try {
        return await this.attempt(url, where);
      } catch (error) {
        if (!(error instanceof Retryable)) throw error;
        if (attempt >= this.opts.maxRetries) {
          throw new SyncHttpError(source, `${source}: ${where} failed after ${attempt + 1} attempts: ${error.message}`, error.status, attempt + 1, {
            cause: error,
          });
        }
        let delayMs: number;
        if (error.reason === 'rate_limited') {
          this.stats.rateLimited++;
          delayMs = error.waitMs ?? backoffDelay(attempt + 1, this.opts.baseDelayMs, this.opts.maxDelayMs);
          if (delayMs > this.opts.maxRateLimitWaitMs) {
            throw new SyncHttpError(
              source,
              `${source}: rate limited (HTTP 429) and asked to wait ${Math.ceil(delayMs / 1000)} s, more than the ${Math.ceil(this.opts.maxRateLimitWaitMs / 1000)} s allowed (maxRateLimitWaitMs); run the sync later`,
              429,
              attempt + 1,
            );
          }
        } else {
          delayMs = error.waitMs ?? backoffDelay(attempt + 1, this.opts.baseDelayMs, this.opts.maxDelayMs);
          delayMs = Math.min(delayMs, Math.max(this.opts.maxDelayMs, 0));
        }
        this.stats.retries++;
        this.options.onRetry?.({ source, attempt: attempt + 1, reason: error.reason, status: error.status, delayMs, message: error.message });
        await this.wait(delayMs);
      }
    }
  }

  private async attempt(url: URL, where: string): Promise<JsonResponse> {
    const { source } = this.options;
    this.stats.requests++;
    const timeout = AbortSignal.timeout(this.opts.requestTimeoutMs);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { headers: { accept: 'application/json', ...this.options.headers }, signal, redirect: 'manual' });
      text = await res.text();
    } catch (error) {
      if (this.options.signal?.aborted) {
        throw new SyncAbortedError(source, `${source} sync aborted`, { cause: this.options.signal.reason });
      }
      if (timeout.aborted) throw new Retryable('timeout', `${where} timed out after ${this.opts.requestTimeoutMs} ms`);
      throw new Retryable('network_error', `${where}: ${this.redact(describeNetworkError(error))}`);
    }

    const { status } = res;
    if (status === 401 || status === 403) throw new SyncAuthError(source, status, this.options.envVar);
    if (status === 429) throw new Retryable('rate_limited', `${where}: HTTP 429 Too Many Requests`, 429, rateLimitWaitMs(res.headers));
    if (status >= 500 || status === 408) {
      throw new Retryable('server_error', `${where}: HTTP ${status}`, status, status === 503 ? rateLimitWaitMs(res.headers) : undefined);
    }
    if (status >= 300 && status < 400) {
      // Not followed: the auth header must not go to another place.
      throw new SyncHttpError(source, `${source}: ${where} answered a redirect (HTTP ${status}); redirects are not followed, check baseUrl`, status);
    }
    if (status < 200 || status >= 300) {
      throw new SyncHttpError(source, `${source}: ${where} answered HTTP ${status}: ${this.redact(text.slice(0, 300))}`, status);
    }
    if (remainingIsZero(res.headers)) {
      const wait = rateLimitWaitMs(res.headers);
      if (wait !== undefined) this.notBefore = Date.now() + Math.min(wait, this.opts.maxRateLimitWaitMs);
    }
    let body: unknown;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      throw new SyncHttpError(source, `${source}: ${where} answered HTTP ${status} with a body that is not JSON`, status);
    }
    return { status, headers: res.headers, body };
  }
}

function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let i = 0; e && i < 4; i++) {
    if (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      parts.push(typeof code === 'string' ? `${e.message} (${code})` : e.message);
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join(': ') || 'network error';
}

function definedOnly(o: RetryOptions): RetryOptions {
  const out: RetryOptions = {};
  for (const k of Object.keys(DEFAULTS) as (keyof RetryOptions)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

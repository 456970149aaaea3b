import { UnifiedSchemaError } from '../../errors.js';
/**
 * Errors of the API sync. Every message names the source ("Xendit", "Systeme.io") and never the
 * API key: messages go through `redact()` before they are built, and the key is never part of a
 * URL (Xendit takes it as Basic auth, Systeme.io as a header).
 */

export type SyncSourceName = 'Xendit' | 'Systeme.io';

/** Any failure of the API sync; `code` says which kind (`sync_failed` for this base class). */
export class SyncError extends UnifiedSchemaError {
  override name = 'SyncError';
  /** Which API, e.g. "Xendit". */
  readonly source: SyncSourceName;
  constructor(source: SyncSourceName, message: string, options?: { cause?: unknown }) {
    super('sync_failed', message, options);
    this.source = source;
  }
}

/** Bad options: no key given and none in the environment, a bad `since`, page size or base URL. */
export class SyncConfigError extends SyncError {
  override name = 'SyncConfigError';
  override readonly code = 'sync_config';
  constructor(
    source: SyncSourceName,
    /** The option at fault, e.g. `key`, `since`, `pageSize`, `baseUrl`. */
    readonly field: string,
    message: string,
  ) {
    super(source, message);
  }
}

/** 401/403: the API refused the key. Never retried; nothing is written. */
export class SyncAuthError extends SyncError {
  override name = 'SyncAuthError';
  override readonly code = 'sync_auth';
  constructor(
    source: SyncSourceName,
    readonly status: number,
    readonly envVar: string,
  ) {
    super(
      source,
      `${source} rejected the API key (HTTP ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}): ` +
        `check the key passed to the sync or ${envVar}; the run stopped without retrying.`,
    );
  }
}

/** A response the sync cannot use: a 4xx other than 401/403/429, a body that is not the documented shape, or retries exhausted. */
export class SyncHttpError extends SyncError {
  override name = 'SyncHttpError';
  override readonly code = 'sync_http';
  constructor(
    source: SyncSourceName,
    message: string,
    /** HTTP status, when there was a response. */
    readonly status?: number,
    /** How many attempts were made. */
    readonly attempts = 1,
    options?: { cause?: unknown },
  ) {
    super(source, message, options);
  }
}

/** The caller's AbortSignal fired (or the run was stopped between pages). Committed pages stay committed. */
export class SyncAbortedError extends SyncError {
  override name = 'SyncAbortedError';
  override readonly code = 'sync_aborted';
}

/** Another run of the same source took over the sync state while this one was running. */
export class SyncConflictError extends SyncError {
  override name = 'SyncConflictError';
  override readonly code = 'sync_conflict';
}

/** Replaces every occurrence of each secret (and its Basic-auth encoding) in `text` with `***`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of [secret, Buffer.from(`${secret}:`).toString('base64'), encodeURIComponent(secret)]) {
      out = out.split(form).join('***');
    }
  }
  return out;
}

/** A URL without user info, query string or fragment: safe for logs. */
export function safeUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}

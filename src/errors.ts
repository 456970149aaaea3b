import type { z } from 'zod';

/**
 * The base of every error the package throws (docs/errors.md). `code` is stable and documented;
 * branch on it (or on the subclass), never on the message. When the database raised the error,
 * `sqlState` is its SQLSTATE and `cause` the driver's error.
 */
export class UnifiedSchemaError extends Error {
  override name = 'UnifiedSchemaError';
  readonly code: string;
  readonly sqlState: string | undefined;
  constructor(code: string, message: string, options: { cause?: unknown; sqlState?: string } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.sqlState = options.sqlState;
  }
}

/**
 * SQLSTATEs the package's own SQL raises: class `U` plus a domain letter (`UC` ingest/cutover,
 * `UR` crm, `UU` unified, `UW` wolo, `UL` learning, `US` subjects), three digits. Each domain
 * declares its codes once as `{ SQLSTATE: code }` and maps database errors with `fromDatabaseError`.
 */
export type SqlStateCodes = Readonly<Record<string, string>>;

/**
 * Bad input to any helper of the package: `field` names the input that was wrong (`from`,
 * `contacts[2].email`, `brand`), `code` says how (`invalid` by default; domains add their own, e.g.
 * crm's `conflict`, `opted_out`, `stage_order`). When the database refused the write, `cause` is its
 * error (so `dbErrorCode(error)` still gives the SQLSTATE). The message always starts with the field.
 */
export class ValidationError extends UnifiedSchemaError {
  override name = 'ValidationError';
  readonly issues: readonly z.core.$ZodIssue[];
  constructor(
    readonly field: string,
    message: string,
    options: { code?: string; issues?: readonly z.core.$ZodIssue[]; cause?: unknown; sqlState?: string } = {},
  ) {
    super(options.code ?? 'invalid', message.startsWith(`${field}:`) ? message : `${field}: ${message}`, options);
    this.issues = options.issues ?? [];
  }
}

/** The SQLSTATE of a database error, under drizzle's "Failed query" wrapper (any driver). */
function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The database's own message (not drizzle's "Failed query: …" wrapper). */
function messageOf(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (sqlStateOf(e) === (e as { code?: string }).code && (e as { message?: string }).message) return (e as { message: string }).message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Maps a database error to the package's error model by SQLSTATE (never by message text): a code
 * in `codes` becomes a ValidationError with that code (`field` from the error's COLUMN, or
 * `fallbackField`); any other error is returned unchanged so the caller rethrows it.
 */
export function fromDatabaseError(error: unknown, codes: SqlStateCodes, fallbackField = 'input'): unknown {
  const state = sqlStateOf(error);
  if (!state || !(state in codes)) return error;
  const column = (error as { cause?: { column?: string; column_name?: string } }).cause;
  const field = column?.column ?? column?.column_name ?? fallbackField;
  return new ValidationError(field, messageOf(error), { code: codes[state], cause: error, sqlState: state });
}

/** `['contacts', 2, 'email']` → `contacts[2].email`. */
export function fieldPath(path: readonly PropertyKey[], fallback = 'input'): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || fallback;
}

/** Parses `value` with a zod schema, or throws a ValidationError naming the first offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, fallbackField = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [first] = result.error.issues;
  throw new ValidationError(fieldPath(first?.path ?? [], fallbackField), first?.message ?? 'invalid', { issues: result.error.issues });
}

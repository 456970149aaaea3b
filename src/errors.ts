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
  /** What is wrong, without the field in front (`message` is `<field>: <reason>`). */
  readonly reason: string;
  /** Where below the input the fault is (`['contacts', 2, 'email']`), when known; `field` is its text. */
  readonly path: readonly PropertyKey[];
  constructor(
    readonly field: string,
    message: string,
    options: { code?: string; issues?: readonly z.core.$ZodIssue[]; path?: readonly PropertyKey[]; cause?: unknown; sqlState?: string } = {},
  ) {
    const prefixed = field !== '' && message.startsWith(`${field}:`);
    const reason = prefixed ? message.slice(field.length + 1).trimStart() : message;
    super(options.code ?? 'invalid', prefixed || !field ? message : `${field}: ${message}`, options);
    this.reason = reason;
    this.path = options.path ?? [];
    this.issues = options.issues ?? [];
  }
}

/** The driver's error under drizzle's "Failed query" wrapper (any driver): the first cause with a SQLSTATE. */
export function databaseErrorOf(error: unknown): { code: string; message?: string; column?: string; column_name?: string } | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as { code: string };
  }
  return undefined;
}

/**
 * Maps a database error to the package's error model by SQLSTATE (never by message text): a code
 * in `codes` becomes a ValidationError with that code (`field` from the error's COLUMN, or
 * `fallbackField`); any other error is returned unchanged so the caller rethrows it.
 */
export function fromDatabaseError(error: unknown, codes: SqlStateCodes, fallbackField = 'input'): unknown {
  const db = databaseErrorOf(error);
  if (!db || !(db.code in codes)) return error;
  const field = db.column ?? db.column_name ?? fallbackField;
  const message = db.message ?? (error instanceof Error ? error.message : String(error));
  return new ValidationError(field, message, { code: codes[db.code], cause: error, sqlState: db.code });
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

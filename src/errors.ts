import type { z } from 'zod';

/**
 * Bad input to any helper of the package: `field` names the input that was wrong (`from`,
 * `contacts[2].email`, `brand`), `code` says how (`invalid` by default; domains add their own, e.g.
 * crm's `conflict`, `opted_out`, `stage_order`). When the database refused the write, `cause` is its
 * error (so `dbErrorCode(error)` still gives the SQLSTATE). The message always starts with the field.
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly code: string;
  readonly issues: readonly z.core.$ZodIssue[];
  constructor(
    readonly field: string,
    message: string,
    options: { code?: string; issues?: readonly z.core.$ZodIssue[]; cause?: unknown } = {},
  ) {
    super(message.startsWith(`${field}:`) ? message : `${field}: ${message}`, { cause: options.cause });
    this.code = options.code ?? 'invalid';
    this.issues = options.issues ?? [];
  }
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

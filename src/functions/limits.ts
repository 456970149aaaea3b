import { ValidationError } from '../errors.js';

/** The constraint name of a database error (23514), wherever drizzle wrapped it. */
function constraintOf(error: unknown): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const c = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown };
    if (c.code === '23514') return String(c.constraint ?? c.constraint_name ?? '');
  }
  return undefined;
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A length or size CHECK of `checkLength` / `checkTags` / `checkJsonSize` (src/schema/_shared) that the
 * database raised, as the ValidationError the validator would have thrown (`code: 'too_long'`, the
 * field in camelCase, prefixed by `fieldPrefix`); undefined for any other error. The validators use
 * the same limits, so this only catches what their size estimate let through (jsonb's spacing).
 */
export function limitViolation(error: unknown, table: string, fieldPrefix = ''): ValidationError | undefined {
  const constraint = constraintOf(error);
  const m = constraint ? new RegExp(`^${table}_(.+)_(length|size)_check$`).exec(constraint) : null;
  if (!m) return undefined;
  const field = `${fieldPrefix}${camel(m[1]!)}`;
  return new ValidationError(field, `${field}: is too long (${constraint})`, { code: 'too_long', cause: error, sqlState: '23514' });
}

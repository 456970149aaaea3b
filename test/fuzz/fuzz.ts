import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { expect } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';

/**
 * Shared pieces of the fuzz suites (test/fuzz): hostile values, and the one assertion every case
 * makes: the helper either succeeds or throws a ValidationError naming a field; never a raw driver
 * error; and a refused call leaves the tables it touches exactly as they were.
 */

export const FIVE_MB = 'x'.repeat(5 * 1024 * 1024);

export const INJECTIONS = [
  "'; drop table crm.customers; --",
  "Robert'); DROP TABLE students;--",
  '$$; select pg_sleep(10); $$',
  "' or '1'='1",
  '%s%s%s%n',
  '\\',
  "\\'; select 1; --",
  '{"$ne": null}',
  '<script>alert(1)</script>',
  'E\'\\x00\'',
  ':(){ :|:& };:',
  '-- comment',
  '/* unterminated',
  '"quoted" & | ! <-> :*',
] as const;

/** Strings PostgreSQL cannot store as given, or over any limit: every one must be refused. */
export const unstorableText = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
  fc.constantFrom('\uD800', 'a\uDC00b', 'x\uD83D', '\uDFFFend'),
  fc.constantFrom(FIVE_MB, `${FIVE_MB}\u0000`),
);

/** Any string: ordinary, unicode, control characters, injections, and the unstorable ones. */
export const hostileText = fc.oneof(
  unstorableText,
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\t\n', 'a'.repeat(256), 'é'.repeat(5001)),
);

/** Values of the wrong type for a string or number field. */
export const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, Number.MAX_VALUE),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt(),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant(Symbol('s')),
  fc.constant(() => 1),
  fc.constant(new Date(Number.NaN)),
);

/** Instants at and past the ends of what JavaScript and PostgreSQL can represent. */
export const extremeDates = fc.oneof(
  fc.constantFrom(new Date(8.64e15), new Date(-8.64e15), new Date(Number.NaN), new Date(-62135596800001), new Date(253402300800000)),
  fc.constantFrom('0000-01-01', '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z', '2024-02-30', 'yesterday', ''),
  fc.date({ noInvalidDate: false }),
);

/** Unknown enum values: near misses, case changes, injection. */
export const unknownEnum = (known: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...known.map((k) => k.toUpperCase()), ...known.map((k) => ` ${k}`), 'HACKED', '', "lead'; --"),
    fc.string({ maxLength: 10 }).filter((s) => !known.includes(s)),
  );

/** count and an order-independent digest of each table: equal iff the tables hold the same rows. */
export async function digest(db: Database, tables: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await queryRows<{ n: number; d: string | null }>(
      db,
      sql.raw(`select count(*)::int as n, md5(string_agg(md5(t::text), '' order by md5(t::text))) as d from ${table} t`),
    );
    out[table] = `${row!.n}:${row!.d ?? ''}`;
  }
  return out;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: ValidationError };

/**
 * Runs one call and classifies it: success, or a ValidationError whose field is named. Anything
 * else (a driver error, a TypeError, a DrizzleQueryError) fails the test with the input shown.
 */
export async function outcome(call: () => Promise<unknown>, input: unknown): Promise<Outcome> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof ValidationError) {
      expect(error.field, `a ValidationError without a field for ${show(input)}`).toMatch(/^[A-Za-z]/);
      expect(error.message.startsWith(error.field)).toBe(true);
      return { ok: false, error };
    }
    const e = error as Error;
    throw new Error(`raw error for input ${show(input)}: ${e?.name}: ${String(e?.message ?? e).slice(0, 300)}`, { cause: error });
  }
}

/** A readable, bounded rendering of a fuzz input (5 MB strings shortened). */
export function show(value: unknown): string {
  try {
    return JSON.stringify(value, (_, v) =>
      typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length} chars)` : typeof v === 'bigint' ? `${v}n` : v === undefined ? '<undefined>' : v,
    ).slice(0, 400);
  } catch {
    // a cycle, or an object without a prototype around one
    try {
      return String(value).slice(0, 200);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
}

/**
 * One call that must be refused before anything is written: a ValidationError naming `field`
 * (exactly, or a path inside it such as `metadata.x` or `tags[2]`).
 */
export async function expectRefused(call: () => Promise<unknown>, input: unknown, field: string | RegExp): Promise<ValidationError> {
  const result = await outcome(call, input);
  expect(result.ok, `accepted ${show(input)}`).toBe(false);
  const error = (result as { error: ValidationError }).error;
  if (typeof field === 'string') expect(error.field === field || error.field.startsWith(`${field}.`) || error.field.startsWith(`${field}[`), `field ${error.field} for ${show(input)}`).toBe(true);
  else expect(error.field).toMatch(field);
  return error;
}

/**
 * A mixed case (valid or hostile): success, or a refusal that left `tables` unchanged.
 */
export async function expectCleanOrSuccess(db: Database, tables: readonly string[], call: () => Promise<unknown>, input: unknown): Promise<Outcome> {
  const before = await digest(db, tables);
  const result = await outcome(call, input);
  if (!result.ok) expect(await digest(db, tables), `a refused call changed the tables: ${show(input)}`).toEqual(before);
  return result;
}

/** fast-check settings: fixed seed in CI for reproducible failures, the given number of runs. */
export const runs = (numRuns: number) => ({ numRuns, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, endOnFailure: true });

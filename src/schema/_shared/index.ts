/**
 * The column and SQL-literal helpers every domain uses, declared once (docs/conventions.md).
 * Domains import them from here; nothing else in the package re-implements them.
 */
import { type BuildColumns, type BuildExtraConfigColumns, type SQL, sql } from 'drizzle-orm';
import { type PgColumnBuilderBase, type PgSchema, type PgTableExtraConfigValue, type PgTableFn, type PgTableWithColumns, check, pgPolicy, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { authenticatedRole, serviceRole } from 'drizzle-orm/supabase';

type Columns = Record<string, PgColumnBuilderBase>;
type ExtraConfig<TName extends string, TColumns extends Columns> = (t: BuildExtraConfigColumns<TName, TColumns, 'pg'>) => PgTableExtraConfigValue[];

/**
 * Every table of the package is declared with this: drizzle's `schema.table(name, columns, extraConfig)`
 * (`pgTable` for `'public'`) with row-level security enabled, so no table can be declared without it.
 * Its policies (and `definerPolicy()` where a definer function touches it) go in `extraConfig`; a table
 * only server-side jobs use says so with `serviceRolePolicy()` (a table with RLS on and no policy is
 * closed to every role but its owner and the BYPASSRLS roles, which no catalog reader can tell from a
 * forgotten policy: lint rls_enabled_no_policy). The type is
 * drizzle's own for `schema.table(…).enableRLS()`.
 *
 * `export const pots = rlsTable(wolo, 'pots', { id: uuid('id').primaryKey(), … }, (t) => [index(…), …]);`
 */
export function rlsTable<TName extends string, TColumns extends Columns>(
  schema: 'public',
  name: TName,
  columns: TColumns,
  extraConfig?: ExtraConfig<TName, TColumns>,
): Omit<PgTableWithColumns<{ name: TName; schema: undefined; columns: BuildColumns<TName, TColumns, 'pg'>; dialect: 'pg' }>, 'enableRLS'>;
export function rlsTable<TSchema extends string, TName extends string, TColumns extends Columns>(
  schema: PgSchema<TSchema>,
  name: TName,
  columns: TColumns,
  extraConfig?: ExtraConfig<TName, TColumns>,
): Omit<PgTableWithColumns<{ name: TName; schema: TSchema; columns: BuildColumns<TName, TColumns, 'pg'>; dialect: 'pg' }>, 'enableRLS'>;
export function rlsTable(schema: PgSchema | 'public', name: string, columns: Columns, extraConfig?: ExtraConfig<string, Columns>) {
  const table: PgTableFn<string | undefined> = schema === 'public' ? pgTable : schema.table;
  return table(name, columns, extraConfig).enableRLS();
}

/** timestamptz, returned as a Date. Every timestamp column of the package is one. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** created_at / updated_at, both NOT NULL DEFAULT now(); updated_at is kept by a BEFORE UPDATE trigger. */
export const timestamps = () => ({
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/**
 * The policy letting signed-in users (`authenticated`) read the rows `using` is true for, named by a
 * sentence saying who reads what: `readPolicy('owners read their pots', sql\`${t.ownerUserId} = ${authUid}\`)`.
 */
export const readPolicy = (name: string, using: SQL) => pgPolicy(name, { for: 'select', to: authenticatedRole, using });

/**
 * The policy of a table only server-side jobs use (the product catalog, the sync cursors): service_role
 * reads and writes every row. On Supabase it bypasses RLS anyway; the policy says so in the catalog
 * and holds where the role does not bypass it. anon and authenticated get no grant on such a table.
 */
export const serviceRolePolicy = () => pgPolicy('service_role manages the rows', { for: 'all', to: serviceRole, using: sql`true`, withCheck: sql`true` });

/** An SQL string literal: `it's` → `'it''s'`. Only for constants of the package, never for input. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `'a', 'b'` for an SQL IN list of constants. */
export function sqlList(values: readonly string[]): string {
  return values.map(sqlLiteral).join(', ');
}

/**
 * The one rule for status-like columns: a text column with a CHECK named `<table>_<column>_check`
 * listing the values of a TS `as const` tuple (the same tuple the validators use).
 *
 * `first`: values listed first. PostgreSQL hashes a long constant IN list in a query, but a CHECK
 * compares the value with the list's items one by one, in order: with the 170 ISO currencies in
 * alphabetical order every PHP row cost ~120 comparisons (2.1 s of 4.3 s for inserting 1.13M staged
 * transactions; docs/ingest.md). Putting the common value first changes the order only.
 */
export function checkIn(table: string, column: string, values: readonly string[], first: readonly string[] = []): ReturnType<typeof check> {
  const stray = first.find((v) => !values.includes(v));
  if (stray !== undefined) throw new Error(`checkIn(${table}, ${column}): first value ${JSON.stringify(stray)} is not one of the values`);
  const ordered = [...first, ...values.filter((v) => !first.includes(v))];
  return check(`${table}_${column}_check`, sql.raw(`${column} IN (${sqlList(ordered)})`));
}

/** `IN (…)` as an SQL fragment, for checks written with column references. */
export function inList(values: readonly string[]): SQL {
  return sql.raw(sqlList(values));
}

/**
 * Email, identical in PostgreSQL (ARE) and JavaScript: a local part, `@`, dot-separated labels and a
 * TLD of two or more letters. No spaces, so an untrimmed email is rejected. Identity is
 * case-insensitive in every domain: unique indexes are on `lower(email)`.
 */
export const EMAIL_PATTERN = "^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$";
export const EMAIL_MAX_LENGTH = 320;
/** EMAIL_PATTERN as a JavaScript RegExp: the one email rule of every validator and helper. */
export const EMAIL_REGEXP = new RegExp(EMAIL_PATTERN);
/** Phone: an optional `+` then 7 to 15 digits (E.164 length), no separators. */
export const PHONE_PATTERN = '^\\+?[0-9]{7,15}$';

/**
 * Length limits of text that takes user input: the CHECK constraints (`checkLength`, `checkTags`,
 * `checkJsonSize`) and the validators (`storableText`, `storableTags`, `storableJson`) read the same
 * numbers. A limit counts characters in SQL (char_length) and UTF-16 units in the validators, which is
 * never fewer: what the validator accepts, the CHECK accepts.
 */
export const TEXT_LIMITS = {
  /** first/last names */
  name: 200,
  /** short labels: acquisition sources, ids from other systems, campaign names, reasons */
  label: 255,
  /** one message's text (long SMS and chat messages; an MMS body) */
  content: 5000,
  /** one tag */
  tag: 100,
  /** tags per row */
  tags: 100,
  /** one URL */
  url: 2048,
  /** URLs per row */
  urls: 20,
  /** a JSON document (metadata), in bytes of its text form */
  jsonBytes: 65_536,
  // WOLO's free-text columns (a CHECK `<table>_<column>_length_check`, the same number in the validators)
  bio: 2000,
  streetAddress: 500,
  invitationMessage: 1000,
  potDescription: 5000,
  customMessage: 1000,
  donationMessage: 1000,
  reasonDescription: 2000,
  partnerNotes: 2000,
  packDescription: 5000,
  // learning's long texts (not in doc 004, which gives TEXT; docs/decisions.md)
  /** a long text body: a text lesson's content, in characters */
  document: 65_536,
  /** a content version's snapshot of a lesson, quiz or course (its texts and JSON documents), in bytes of its text form */
  snapshotBytes: 1_048_576,
} as const;

/** What a size CHECK of this module bounds, by the CHECK's SQL (`withStorage` reads it to give the validators the same limit). */
export type SizeLimit =
  | { readonly kind: 'length'; readonly column: string; readonly max: number }
  | { readonly kind: 'tags'; readonly column: string; readonly count: number; readonly length: number }
  | { readonly kind: 'json'; readonly column: string; readonly maxBytes: number };
const sizeLimits = new WeakMap<object, SizeLimit>();
/** The size limit a CHECK of `checkLength` / `checkTags` / `checkJsonSize` declares; undefined for any other CHECK. */
export const sizeLimitOf = (check: { readonly value: object }): SizeLimit | undefined => sizeLimits.get(check.value);
function sizeCheck(name: string, expression: string, limit: SizeLimit): ReturnType<typeof check> {
  const built = check(name, sql.raw(expression));
  sizeLimits.set(built.value, limit);
  return built;
}

/** `char_length(column) <= max`, named `<table>_<column>_length_check`. */
export function checkLength(table: string, column: string, max: number): ReturnType<typeof check> {
  return sizeCheck(`${table}_${column}_length_check`, `char_length(${column}) <= ${max}`, { kind: 'length', column, max });
}

/**
 * A text[] of at most `count` elements of at most `length` characters each, named
 * `<table>_<column>_length_check`. A CHECK cannot loop over an array, so the per-element limit is a
 * pattern over the elements joined by newlines (the validators refuse control characters in them).
 * The joined text's length is tested first: when it is at most `length` characters (nearly every
 * row), no element can be longer and the pattern is not evaluated. Same verdict for every array
 * (test/foundation/checks.test.ts); the pattern, a bounded repetition, costs ~1.4 µs a row and the
 * length ~0.1 µs (the CHECK over 283k staged profiles: 0.49 s → 0.05 s; docs/ingest.md).
 */
export function checkTags(table: string, column: string, count: number, length: number): ReturnType<typeof check> {
  return sizeCheck(`${table}_${column}_length_check`, tagsWithinLimits(column, count, length), { kind: 'tags', column, count, length });
}

/** The expression of `checkTags`, over any array expression `column`. */
export function tagsWithinLimits(column: string, count: number, length: number): string {
  const joined = `array_to_string(${column}, E'\\n')`;
  return `cardinality(${column}) <= ${count} AND (char_length(${joined}) <= ${length} OR ${joined} !~ '[^\\n]{${length + 1}}')`;
}

/** A JSON document of at most `maxBytes` bytes in its text form, named `<table>_<column>_size_check`. */
export function checkJsonSize(table: string, column: string, maxBytes: number): ReturnType<typeof check> {
  return sizeCheck(`${table}_${column}_size_check`, `octet_length(${column}::text) <= ${maxBytes}`, { kind: 'json', column, maxBytes });
}

/**
 * Whether PostgreSQL can store `s` as text unchanged: no NUL (text and jsonb refuse it) and no unpaired
 * UTF-16 surrogate (the drivers would silently replace it with U+FFFD).
 */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const STORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';
/** As isStorableText, and no control characters at all (tags: one line, no tabs). */
export const isOneLineText = (s: string) => isStorableText(s) && ![...s].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f');

/**
 * Every string of a JSON value (keys included) is storable text, and JSON.stringify can write the
 * value: no BigInt and no cycle (it throws a TypeError on both, past any validator).
 */
export function isStorableJson(value: unknown): boolean {
  return storableJson(value, new WeakSet());
}
function storableJson(value: unknown, path: WeakSet<object>): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (typeof value === 'bigint') return false;
  if (value && typeof value === 'object') {
    if (path.has(value)) return false;
    path.add(value);
    const ok = Array.isArray(value) ? value.every((v) => storableJson(v, path)) : Object.entries(value).every(([k, v]) => isStorableText(k) && storableJson(v, path));
    path.delete(value);
    return ok;
  }
  return true;
}
export const STORABLE_JSON_MESSAGE = 'must be JSON (no BigInt, no cycle) without NUL characters or unpaired UTF-16 surrogates';

/**
 * The size, in bytes, of a JSON value's text form. jsonb prints a little more (a space after `:` and
 * `,`, numbers in full), so a document just under the limit here can still fail checkJsonSize:
 * `jsonbBytes` is the size that CHECK measures.
 */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * The size, in bytes, of the text PostgreSQL prints for `value` stored as jsonb (what `checkJsonSize`
 * measures: `octet_length(column::text)`), for a value `isStorableJson` accepts: `": "` and `", "`
 * between members, each number as numeric prints it (`1e+21` → 22 digits, `1e-7` → `0.0000001`),
 * strings escaped as JSON.stringify escapes them. Never less than `jsonBytes`, so a document over
 * the limit there is refused without walking it. Checked against PostgreSQL in test/foundation/checks.test.ts.
 */
export function jsonbBytes(value: unknown): number {
  const text = JSON.stringify(value);
  if (text === undefined) return 0;
  return jsonbTextBytes(JSON.parse(text) as unknown);
}
function jsonbTextBytes(v: unknown): number {
  if (v === null) return 4;
  if (typeof v === 'boolean') return v ? 4 : 5;
  if (typeof v === 'number') return numericTextLength(JSON.stringify(v));
  if (typeof v === 'string') return Buffer.byteLength(JSON.stringify(v), 'utf8');
  if (Array.isArray(v)) return v.reduce((n: number, e) => n + jsonbTextBytes(e), 2 + 2 * Math.max(0, v.length - 1));
  const entries = Object.entries(v as Record<string, unknown>);
  return entries.reduce((n, [k, e]) => n + Buffer.byteLength(JSON.stringify(k), 'utf8') + 2 + jsonbTextBytes(e), 2 + 2 * Math.max(0, entries.length - 1));
}
/**
 * The length of numeric's text for a JSON number literal (`-1.25e-7`): numeric keeps the literal's
 * digits and scale (max(0, fraction digits - exponent)) and prints it without an exponent.
 */
function numericTextLength(literal: string): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(literal);
  if (!m) return literal.length;
  const [, sign = '', whole = '', fraction = '', exp = '0'] = m;
  const e = Number(exp);
  const scale = Math.max(0, fraction.length - e);
  // digits before the point: the literal's significant integer digits shifted by the exponent, at least one ("0")
  const digits = (whole + fraction).replace(/^0+/, '');
  const intDigits = Math.max(1, digits.length - fraction.length + e);
  const isZero = digits.length === 0;
  return (isZero ? 0 : sign.length) + (isZero ? 1 : intDigits) + (scale > 0 ? 1 + scale : 0);
}
/** What a validator says of a JSON document over `maxBytes` (the CHECK's number). */
export const jsonSizeMessage = (maxBytes: number) => `must be at most ${maxBytes} bytes as JSON (as PostgreSQL prints jsonb)`;

/** Instants the package stores: years 1 to 9999 (JavaScript reaches past PostgreSQL's 4713 BC; nobody means either). */
export const TIMESTAMP_MIN = new Date('0001-01-01T00:00:00.000Z');
export const TIMESTAMP_MAX = new Date('9999-12-31T23:59:59.999Z');
export const isStorableDate = (d: Date) => d.getTime() >= TIMESTAMP_MIN.getTime() && d.getTime() <= TIMESTAMP_MAX.getTime();
export const STORABLE_DATE_MESSAGE = 'must be a date between the years 1 and 9999';
/** A YYYY-MM-DD calendar date PostgreSQL's date takes: zod's iso.date() also accepts the year 0000, which it refuses. */
export const isStorableDay = (s: string) => s >= '0001-01-01';
/** `YYYY-MM-DD` naming a real day (no 2024-02-30, no month 13) of the years 1 to 9999. */
export const isCalendarDay = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && isStorableDay(s) && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s);

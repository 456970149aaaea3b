import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fieldPath, ValidationError } from '../errors.js';
import { rawLimits, type XenditStatus, xenditStatuses } from '../schema/ingest/raw.js';
import { jsonbText } from './jsonb-text.js';
import type { SourceRecord } from './sources.js';

/**
 * Validation and normalization of source records into the typed columns of the raw tables.
 * The zod schemas describe the API shapes (exported for the API sync); CSV rows are mapped to the
 * same shape first. Every refusal names the field: `amount: expected a number, got string`.
 */

// ---------------------------------------------------------------------------------------------
// Field checks: plain functions (the loader calls them directly, fast); the exported zod schemas
// wrap the very same functions, so both always agree.

/**
 * A field check failed: a ValidationError whose `path` is below the field (`[2, 'name']` for
 * `tags.2.name`); checkRecord puts the field's name in front.
 */
const fieldError = (reason: string, path: readonly (string | number)[] = []) => new ValidationError(fieldPath(path, ''), reason, { path });

type Check<T> = (value: unknown) => T;

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : v instanceof Date ? 'date' : typeof v);

/** Optional text: missing, null and blank are null; otherwise trimmed; longer than `max` is an error. */
function optText(max: number): Check<string | null> {
  return (v) => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw fieldError(`expected a string, got ${typeName(v)}`);
    if (v.length > max) throw fieldError(`longer than ${max} characters`);
    const t = v.trim();
    return t ? t : null;
  };
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The number written by the two ASCII digits at `i`. */
const twoDigits = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function monthLength(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/**
 * An ISO 8601 date or date-time (space or T; an offset or Z; no offset means UTC), as an ISO string
 * in UTC, or undefined when it is not one (including impossible dates like 2024-02-30).
 */
export function parseTimestamp(input: string): string | undefined {
  // Fast path: the APIs' own form (UTC, milliseconds) is its own ISO string when its fields make a
  // real date in range; checked by digits and calendar arithmetic (the Date round trip was 29 % of
  // the raw load's JavaScript). Anything else takes the general path below.
  if (input.length === 24 && CANONICAL.test(input)) {
    const year = twoDigits(input, 0) * 100 + twoDigits(input, 2);
    const month = twoDigits(input, 5);
    const day = twoDigits(input, 8);
    if (
      year >= 1900 &&
      year <= 2999 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= monthLength(year, month) &&
      twoDigits(input, 11) <= 23 &&
      twoDigits(input, 14) <= 59 &&
      twoDigits(input, 17) <= 59
    ) {
      return input;
    }
  }
  const m = TIMESTAMP.exec(input.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  let offsetMinutes = 0;
  if (off && off.toUpperCase() !== 'Z') {
    const om = /^([+-])(\d{2}):?(\d{2})?$/.exec(off)!;
    const oh = Number(om[2]);
    const omin = Number(om[3] ?? '0');
    if (oh > 14 || omin > 59) return undefined;
    offsetMinutes = (om[1] === '-' ? -1 : 1) * (oh * 60 + omin);
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return new Date(epoch).toISOString();
}

/** A timestamp: ISO 8601 string (or a Date from an API client); blank or missing is null. */
const checkTimestamp: Check<string | null> = (v) => {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw fieldError('is an invalid date');
    return v.toISOString();
  }
  if (typeof v !== 'string') throw fieldError(`expected an ISO 8601 date-time string, got ${typeName(v)}`);
  if (!v.trim()) return null;
  const iso = v.length <= 64 ? parseTimestamp(v) : undefined;
  if (!iso) throw fieldError(`${JSON.stringify(v.slice(0, 40))} is not an ISO 8601 date-time`);
  return iso;
};

/**
 * The raw layer's email check: RFC 5322's atext local part (what a source may legitimately send,
 * `o'brien+{x}@…` included), at most 254 characters. Deliberately wider than the package's rule
 * (EMAIL_PATTERN, src/schema/_shared), which prepare applies when it builds profiles: raw keeps what
 * the source sent, and a record is refused here only when it cannot be an address at all.
 */
const RAW_EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Trimmed; case kept. Matching uses `normalizeEmail`. */
export function isValidEmail(email: string): boolean {
  return email.length <= 254 && RAW_EMAIL.test(email);
}
/** The matching key of an email: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkEmail(required: boolean): Check<string | null> {
  return (v) => {
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) {
      if (!required) return null;
      throw fieldError('is required');
    }
    if (typeof v !== 'string') throw fieldError(`expected a string, got ${typeName(v)}`);
    const t = v.trim();
    if (t.length > rawLimits.email || !isValidEmail(t)) throw fieldError(`${JSON.stringify(t.slice(0, 60))} is not a valid email address`);
    return t;
  };
}

/** `UNPAID` (the legacy export's word) is the API's `PENDING`. */
const statusAliases: Record<string, XenditStatus> = { UNPAID: 'PENDING' };
const knownStatuses = new Set<string>(xenditStatuses);

const checkStatus: Check<XenditStatus> = (v) => {
  if (typeof v !== 'string') throw fieldError(v === undefined ? 'is required' : `expected a string, got ${typeName(v)}`);
  const s = v.trim().toUpperCase();
  const status = statusAliases[s] ?? (knownStatuses.has(s) ? (s as XenditStatus) : undefined);
  if (!status) throw fieldError(`${JSON.stringify(v.slice(0, 40))} is not one of ${xenditStatuses.join(', ')}`);
  return status;
};

const MAX_AMOUNT = 9_999_999_999.99;
/** Non-negative, at most 2 decimals, fits numeric(12,2); returned as a fixed-point string. */
const checkAmount: Check<string> = (v) => {
  if (typeof v !== 'number') throw fieldError(v === undefined ? 'is required' : `expected a number, got ${typeName(v)}`);
  if (!Number.isFinite(v) || v < 0 || v > MAX_AMOUNT) throw fieldError(`${v} is out of range (0 to ${MAX_AMOUNT})`);
  const cents = Math.round(v * 100);
  if (Math.abs(cents - v * 100) > 1e-6 * Math.max(1, Math.abs(v))) throw fieldError(`${v} has more than 2 decimal places`);
  return (cents / 100).toFixed(2);
};

const checkCurrency: Check<string> = (v) => {
  if (v === undefined || v === null || v === '') return 'PHP';
  if (typeof v !== 'string' || !/^[A-Za-z]{3}$/.test(v.trim())) {
    throw fieldError(`${JSON.stringify(typeof v === 'string' ? v.slice(0, 20) : typeName(v))} is not a 3-letter currency code`);
  }
  return v.trim().toUpperCase();
};

/** A record id: a non-empty string or a non-negative integer (Systeme.io's ids are numbers), as text. */
const checkId: Check<string> = (v) => {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string') {
    const t = v.trim();
    if (t && t.length <= rawLimits.id) return t;
    if (t) throw fieldError(`longer than ${rawLimits.id} characters`);
  }
  throw fieldError(v === undefined || v === null || typeof v === 'string' ? 'is required' : `expected a string or an integer, got ${typeName(v)}`);
};

/** Tag names (strings or `{ id, name }`), trimmed, blanks dropped, duplicates removed, order kept. */
const checkTags: Check<string[]> = (v) => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw fieldError(`expected an array of tags, got ${typeName(v)}`);
  if (v.length > rawLimits.tags) throw fieldError(`more than ${rawLimits.tags} tags`);
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const t: unknown = v[i];
    const isObj = typeof t === 'object' && t !== null && !Array.isArray(t);
    const name = typeof t === 'string' ? t : isObj ? (t as { name?: unknown }).name : undefined;
    if (typeof name !== 'string') throw fieldError(`expected a tag name (a string or { name }), got ${typeName(name ?? t)}`, isObj ? [i, 'name'] : [i]);
    if (name.length > rawLimits.tag) throw fieldError(`longer than ${rawLimits.tag} characters`, [i]);
    const trimmed = name.trim();
    if (trimmed && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
};

export interface CustomField {
  slug: string;
  value: string | null;
}

/** Systeme.io's custom fields `[{ slug, value }]`; values as trimmed text (blank → null). */
const checkCustomFields: Check<CustomField[] | null> = (v) => {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw fieldError(`expected an array of { slug, value }, got ${typeName(v)}`);
  if (v.length > 500) throw fieldError('more than 500 fields');
  const out: CustomField[] = [];
  for (let i = 0; i < v.length; i++) {
    const f: unknown = v[i];
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw fieldError(`expected { slug, value }, got ${typeName(f)}`, [i]);
    const { slug, value } = f as { slug?: unknown; value?: unknown };
    if (typeof slug !== 'string') throw fieldError(slug === undefined ? 'is required' : `expected a string, got ${typeName(slug)}`, [i, 'slug']);
    if (slug.length > 100) throw fieldError('longer than 100 characters', [i, 'slug']);
    if (value !== undefined && value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw fieldError(`expected a string, got ${typeName(value)}`, [i, 'value']);
    }
    const text = value === undefined || value === null ? null : String(value).trim() || null;
    out.push({ slug, value: text });
  }
  return out;
};

type FieldTable = readonly (readonly [string, Check<unknown>])[];

const xenditFields = [
  ['id', checkId],
  ['external_id', optText(rawLimits.externalId)],
  ['status', checkStatus],
  ['amount', checkAmount],
  ['currency', checkCurrency],
  ['description', optText(rawLimits.description)],
  ['payer_email', checkEmail(false)],
  ['created', checkTimestamp],
  ['updated', checkTimestamp],
  ['paid_at', checkTimestamp],
  ['payment_method', optText(rawLimits.paymentMethod)],
  ['payment_channel', optText(rawLimits.paymentMethod)],
] as const satisfies FieldTable;

const systemeioFields = [
  ['id', checkId],
  ['email', checkEmail(true)],
  ['registeredAt', checkTimestamp],
  ['created_at', checkTimestamp],
  ['first_name', optText(rawLimits.name)],
  ['last_name', optText(rawLimits.name)],
  ['phone', optText(rawLimits.phone)],
  ['tags', checkTags],
  ['fields', checkCustomFields],
] as const satisfies FieldTable;

type Checked<T extends FieldTable> = { [K in T[number] as K[0]]: ReturnType<K[1]> };

/** Runs a field table over a record; throws a ValidationError whose path starts with the field name. */
function checkRecord<T extends FieldTable>(table: T, record: Record<string, unknown>): Checked<T> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < table.length; i++) {
    const [name, check] = table[i]!;
    try {
      out[name] = check(record[name]);
    } catch (error) {
      if (error instanceof ValidationError) throw fieldError(error.reason, [name, ...(error.path as readonly (string | number)[])]);
      throw error;
    }
  }
  return out as Checked<T>;
}

function zodField<T>(check: Check<T>) {
  return z
    .unknown()
    .optional()
    .transform((v, ctx): T => {
      try {
        return check(v);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.reason, path: [...error.path] });
        return z.NEVER;
      }
    });
}

function zodRecord<T extends FieldTable>(table: T) {
  return z.looseObject(Object.fromEntries(table.map(([name, check]) => [name, zodField(check)]))) as unknown as z.ZodType<
    Checked<T> & Record<string, unknown>,
    Record<string, unknown>
  >;
}

/**
 * A Xendit invoice as the Invoice API returns it (`id`, `external_id`, `status`, `amount`,
 * `currency`, `description`, `payer_email`, `created`, `updated`, `paid_at`, `payment_method`,
 * `payment_channel`); other fields are allowed and kept in the payload. Output: the normalized values.
 */
export const xenditInvoiceInput = zodRecord(xenditFields);
export type XenditInvoiceInput = Record<string, unknown>;

/**
 * A Systeme.io contact: the Contacts API shape (`id`, `email`, `registeredAt`, `tags: [{ id, name }]`,
 * `fields: [{ slug, value }]`) or the document's flattened one (`first_name`, `last_name`,
 * `tags: string[]`, `created_at`). Other fields are allowed and kept in the payload.
 */
export const systemeioContactInput = zodRecord(systemeioFields);
export type SystemeioContactInput = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Normalized rows

/** A refused record: the field to blame (when one is) and why. */
export interface Rejection {
  recordId?: string;
  field?: string;
  reason: string;
}

export type Normalized = { ok: true; id: string; row: (string | null)[] } | { ok: false; rejection: Rejection };

function reject(field: string | undefined, message: string, recordId?: string): Normalized {
  return { ok: false, rejection: { recordId, field, reason: field ? `${field}: ${message}` : message } };
}

function fieldRejection(error: ValidationError, recordId: string | undefined): Normalized {
  return reject(error.path.length ? error.path.join('.') : undefined, error.reason, recordId);
}

function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string' && id.trim() && id.length <= rawLimits.id) return id.trim();
    if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  }
  return undefined;
}

/** Shared checks on the serialized payload: size, NUL characters and unpaired surrogates (jsonb refuses both). */
export function payloadProblem(payload: string, maxChars: number): string | undefined {
  if (payload.length > maxChars) return `record: larger than ${maxChars} characters`;
  // JSON.stringify escapes U+0000 and lone surrogates as \u…, and never escapes well-formed pairs.
  if (payload.includes('\\u')) {
    const m = /(?<!\\)(?:\\\\)*\\u(0000|d[89a-f][0-9a-f]{2}|d[c-f][0-9a-f]{2})/i.exec(payload);
    if (m) {
      return m[1] === '0000' ? 'record: contains a NUL character (\\u0000), which PostgreSQL text cannot store' : 'record: contains an unpaired UTF-16 surrogate';
    }
  }
  return undefined;
}

/**
 * The payload as jsonb's canonical text (what the server would print, so its md5 is the row's
 * content_hash: src/ingest/jsonb-text.ts); the size limit and the character checks apply to
 * JSON.stringify's output, as they always have.
 */
function serialize(value: unknown, maxChars: number): { payload: string } | { problem: string } {
  let jt: ReturnType<typeof jsonbText>;
  try {
    jt = jsonbText(value);
  } catch (error) {
    return { problem: `record: cannot be serialized as JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (jt === undefined) return { problem: 'record: cannot be serialized as JSON' };
  if (jt.compactLength > maxChars) return { problem: `record: larger than ${maxChars} characters` };
  // Escapes are written identically in both forms, but keys are ordered differently: the first
  // offending escape (which the reason names) is looked for in JSON.stringify's order.
  const problem = jt.text.includes('\\u') ? payloadProblem(JSON.stringify(value), maxChars) : undefined;
  return problem ? { problem } : { payload: jt.text };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// CSV headers are matched case-insensitively, ignoring spaces, underscores and dashes.
const headerKey = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

function csvGetter(row: Record<string, unknown>) {
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(row)) {
    const key = headerKey(k);
    if (typeof v === 'string' && v.trim() && !map.has(key)) map.set(key, v);
  }
  return (...names: string[]): string | undefined => {
    for (const n of names) {
      const v = map.get(n);
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

const CSV_AMOUNT = /^(?:₱|PHP)?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/i;

/** The legacy Xendit export ("External ID", "Status", "Amount", "Email", "Customer Email", …) in the API's shape. */
function xenditFromCsv(row: Record<string, unknown>): { value: Record<string, unknown> } | { rejection: Normalized } {
  const get = csvGetter(row);
  const externalId = get('external id');
  const id = get('id', 'invoice id', 'xendit id') ?? (externalId ? `csv:${externalId.trim()}` : undefined);
  if (!id) return { rejection: reject('id', 'is required (a CSV row needs an "ID" or "External ID" value)') };
  const amountText = get('amount');
  let amount: unknown;
  if (amountText !== undefined) {
    const m = CSV_AMOUNT.exec(amountText.trim());
    if (!m) return { rejection: reject('amount', `${JSON.stringify(amountText.slice(0, 40))} is not a number (column "Amount")`, id) };
    amount = Number(m[1]!.replaceAll(',', '') + (m[2] ?? ''));
  }
  return {
    value: {
      id,
      external_id: externalId,
      status: get('status'),
      amount,
      currency: get('currency'),
      description: get('description'),
      payer_email: get('email', 'payer email', 'customer email'),
      created: get('created', 'created date', 'created at', 'creation date', 'date created'),
      updated: get('updated', 'updated date', 'updated at'),
      paid_at: get('paid at', 'paid date', 'payment date', 'date paid'),
      payment_method: get('payment method'),
      payment_channel: get('payment channel', 'channel', 'bank code'),
    },
  };
}

/** The legacy Systeme.io export ("Email", "First name", "Last name", "Tag", "Date Registered") in the flattened shape. */
function systemeioFromCsv(row: Record<string, unknown>): Record<string, unknown> {
  const get = csvGetter(row);
  const tags = get('tag', 'tags');
  return {
    id: get('id', 'contact id'),
    email: get('email'),
    first_name: get('first name'),
    last_name: get('last name', 'surname'),
    phone: get('phone', 'phone number'),
    tags: tags ? tags.split(/[,;]/) : [],
    registeredAt: get('date registered', 'registered at', 'registered', 'created at'),
  };
}

/** The deterministic id of a Systeme.io CSV row (the export has no id): from the normalized email. */
export function systemeioCsvId(email: string): string {
  return `csv:${createHash('sha256').update(normalizeEmail(email)).digest('hex').slice(0, 32)}`;
}

export interface NormalizeOptions {
  maxPayloadChars: number;
}

/** Columns of ingest.xendit_raw that a load fills, in COPY order (payload and source_format last). */
export const xenditColumns = [
  'id',
  'external_id',
  'status',
  'amount',
  'currency',
  'description',
  'payer_email',
  'email_normalized',
  'created',
  'updated',
  'paid_at',
  'payment_method',
  'payment_channel',
  'payload',
  'source_format',
] as const;

export function normalizeXendit(rec: SourceRecord, opts: NormalizeOptions): Normalized {
  if (rec.undecodable) return reject(undefined, rec.undecodable);
  if (!isPlainObject(rec.value)) return reject(undefined, `record: expected an object, got ${typeName(rec.value)}`);
  let value: Record<string, unknown> = rec.value;
  let recordId = idOf(value);
  if (rec.format === 'csv') {
    const mapped = xenditFromCsv(value);
    if ('rejection' in mapped) return mapped.rejection;
    value = mapped.value;
    recordId = mapped.value.id as string;
  }
  let v: Checked<typeof xenditFields>;
  try {
    v = checkRecord(xenditFields, value);
  } catch (error) {
    if (error instanceof ValidationError) return fieldRejection(error, recordId);
    throw error;
  }
  const s = serialize(rec.value, opts.maxPayloadChars);
  if ('problem' in s) return reject(undefined, s.problem, v.id);
  return {
    ok: true,
    id: v.id,
    row: [
      v.id,
      v.external_id,
      v.status,
      v.amount,
      v.currency,
      v.description,
      v.payer_email,
      v.payer_email === null ? null : normalizeEmail(v.payer_email),
      v.created,
      v.updated,
      v.paid_at,
      v.payment_method,
      v.payment_channel,
      s.payload,
      rec.format,
    ],
  };
}

/** Columns of ingest.systemeio_raw that a load fills, in COPY order. */
export const systemeioColumns = [
  'id',
  'email',
  'email_normalized',
  'first_name',
  'last_name',
  'phone',
  'tags',
  'registered_at',
  'payload',
  'source_format',
] as const;

function fieldValue(fields: readonly CustomField[] | null, ...slugs: string[]): { index: number; value: string | null } | undefined {
  if (!fields) return undefined;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (slugs.includes(f.slug)) return { index: i, value: f.value };
  }
  return undefined;
}

/** A PostgreSQL array literal of text (`{"a","b"}`). */
export function textArrayLiteral(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out += `${i ? ',' : ''}"${v.includes('\\') || v.includes('"') ? v.replace(/[\\"]/g, '\\$&') : v}"`;
  }
  return `${out}}`;
}

/** A name or phone over its limit, blamed on the custom field it came from when it came from one. */
function lengthRejection(name: string, text: string | null, max: number, from: unknown, id: string): Normalized | undefined {
  if (!text || text.length <= max) return undefined;
  const field = typeof from === 'object' && from ? `fields.${(from as { index: number }).index}.value` : name;
  return reject(field, `longer than ${max} characters`, id);
}

export function normalizeSystemeio(rec: SourceRecord, opts: NormalizeOptions): Normalized {
  if (rec.undecodable) return reject(undefined, rec.undecodable);
  if (!isPlainObject(rec.value)) return reject(undefined, `record: expected an object, got ${typeName(rec.value)}`);
  let value: Record<string, unknown> = rec.value;
  let recordId = idOf(value);
  if (rec.format === 'csv') {
    value = systemeioFromCsv(value);
    recordId = (value.id as string | undefined) ?? undefined;
  }
  let input = value;
  if (rec.format === 'csv' && input.id === undefined) {
    const email = typeof input.email === 'string' ? input.email.trim() : '';
    // The id comes from the email: validate the email first so the reason names it.
    if (email && isValidEmail(email)) input = { ...input, id: systemeioCsvId(email) };
    else if (!email) return reject('email', 'is required', undefined);
    else return reject('email', `${JSON.stringify(email.slice(0, 60))} is not a valid email address`);
  }
  let v: Checked<typeof systemeioFields>;
  try {
    v = checkRecord(systemeioFields, input);
  } catch (error) {
    if (error instanceof ValidationError) return fieldRejection(error, recordId);
    throw error;
  }
  const first = v.first_name ?? fieldValue(v.fields, 'first_name');
  const last = v.last_name ?? fieldValue(v.fields, 'surname', 'last_name');
  const phone = v.phone ?? fieldValue(v.fields, 'phone_number', 'phone');
  const firstName = typeof first === 'string' || first === null ? first : (first?.value ?? null);
  const lastName = typeof last === 'string' || last === null ? last : (last?.value ?? null);
  const phoneValue = typeof phone === 'string' || phone === null ? phone : (phone?.value ?? null);
  const tooLong =
    lengthRejection('first_name', firstName, rawLimits.name, first, v.id) ??
    lengthRejection('last_name', lastName, rawLimits.name, last, v.id) ??
    lengthRejection('phone', phoneValue, rawLimits.phone, phone, v.id);
  if (tooLong) return tooLong;
  const s = serialize(rec.value, opts.maxPayloadChars);
  if ('problem' in s) return reject(undefined, s.problem, v.id);
  const email = v.email!;
  return {
    ok: true,
    id: v.id,
    row: [
      v.id,
      email,
      normalizeEmail(email),
      firstName,
      lastName,
      phoneValue,
      textArrayLiteral(v.tags),
      v.registeredAt ?? v.created_at,
      s.payload,
      rec.format,
    ],
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The stored form of a rejected record: strings over 1,000 characters cut, NUL and lone surrogates replaced. */
export function sanitizeForStorage(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    let s = value.length > 1000 ? `${value.slice(0, 1000)}…[${value.length - 1000} more characters]` : value;
    if (s.includes('\u0000')) s = s.replaceAll('\u0000', '\uFFFD');
    return s.replace(LONE_SURROGATE, '\uFFFD');
  }
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (depth > 32) return '[nested too deep]';
  if (Array.isArray(value)) {
    const out = value.slice(0, 1000).map((v) => sanitizeForStorage(v, depth + 1) ?? null);
    if (value.length > 1000) out.push(`…[${value.length - 1000} more items]`);
    return out;
  }
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if (n++ >= 1000) {
      out['…'] = 'more keys truncated';
      break;
    }
    const key = sanitizeForStorage(k) as string;
    const sv = sanitizeForStorage(v, depth + 1);
    if (sv !== undefined && typeof sv !== 'function' && typeof sv !== 'symbol') out[key] = sv;
  }
  return out;
}

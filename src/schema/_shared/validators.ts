/**
 * zod refinements every domain's validators share: a value the validator accepts is one PostgreSQL
 * stores as given (no driver error, nothing silently changed). `withStorage` derives them from a
 * drizzle table's column types, so a table's validators cannot forget one.
 */
import { getTableColumns, is, type Table } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import {
  isCalendarDay,
  isOneLineText,
  isStorableDate,
  isStorableJson,
  isStorableText,
  jsonBytes,
  jsonbBytes,
  jsonSizeMessage,
  type SizeLimit,
  sizeLimitOf,
  STORABLE_DATE_MESSAGE,
  STORABLE_TEXT_MESSAGE,
} from './index.js';

/** Text PostgreSQL can store unchanged (no NUL, no unpaired surrogate): a driver error otherwise. */
export const storable = <S extends z.ZodString>(s: S) => s.refine(isStorableText, STORABLE_TEXT_MESSAGE);
/** An instant of the years 1 to 9999 (timestamptz refuses or shifts the rest). */
export const date = (s: z.ZodDate) => s.refine(isStorableDate, STORABLE_DATE_MESSAGE);
/**
 * A jsonb value JSON.stringify keeps as given (no BigInt, NaN, function) holding storable text. drizzle-zod's
 * JSON schema takes null, which a NOT NULL column refuses (a nullable column accepts null before this runs).
 */
const jsonValue = z.json();
export const json = <S extends z.ZodType>(s: S) =>
  s
    .refine((v) => v !== null, { error: 'must not be null (leave it out for the default)' })
    .refine((v) => jsonValue.safeParse(v).success, { error: 'must be JSON (strings, finite numbers, booleans, null, arrays, objects)' })
    .refine(isStorableJson, STORABLE_TEXT_MESSAGE);
/**
 * A JSON document of at most `maxBytes` bytes as PostgreSQL prints jsonb: what `checkJsonSize` allows.
 * The cheap size first (JSON.stringify's, never more than jsonb's), then the exact one. A value
 * JSON.stringify cannot write (a BigInt, a cycle) passes here: zod runs every refinement, and the
 * storable-JSON one refuses it, naming the field.
 */
export const jsonWithin = (maxBytes: number) => (v: unknown) => v === null || v === undefined || !isStorableJson(v) || (jsonBytes(v) <= maxBytes && jsonbBytes(v) <= maxBytes);
/** A text[] `checkTags` allows: at most `count` elements of at most `length` characters, each one line (storable, no control character). */
const tagsWithin = (count: number, length: number) => (v: unknown) =>
  !Array.isArray(v) || (v.length <= count && v.every((e) => e === null || (typeof e === 'string' && e.length <= length && isOneLineText(e))));
/** A YYYY-MM-DD calendar date of the years 1 to 9999 (a date column in string mode). */
const day = (s: z.ZodString) => s.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date like 2024-01-31' }).refine(isCalendarDay, { error: 'must be a calendar date between the years 1 and 9999' });
type Refiner = (s: never) => z.ZodType;
/**
 * The table's own refinements, plus what every column of its type needs whatever the table: text and
 * varchar columns storable text, timestamptz columns the years 1-9999, jsonb columns storable JSON (and
 * not null when NOT NULL), string-mode date columns a real calendar day; and the limit of each size
 * CHECK the table declares (`checkLength`, `checkTags`, `checkJsonSize`): the same number, read from
 * the CHECK itself. Typed as the given refinements:
 * the added ones only narrow, they keep each field's type.
 */
export function withStorage<R extends object>(table: Table, own: R): R {
  const out: Record<string, Refiner> = { ...(own as Record<string, Refiner>) };
  const limits = new Map<string, SizeLimit>();
  if (is(table, PgTable)) for (const c of getTableConfig(table).checks) {
    const limit = sizeLimitOf(c);
    if (limit) limits.set(limit.column, limit);
  }
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const given = out[key];
    const type = column.columnType;
    const limit = limits.get(column.name);
    if (type === 'PgJsonb' || type === 'PgJson')
      out[key] = (s: never) => {
        const r = json(given ? given(s) : (s as z.ZodType));
        return limit?.kind === 'json' ? r.refine(jsonWithin(limit.maxBytes), { error: jsonSizeMessage(limit.maxBytes) }) : r;
      };
    else if (type === 'PgText' || type === 'PgVarchar' || type === 'PgDateString')
      out[key] = (s: never) => {
        const r = given ? given(s) : (s as z.ZodType);
        if (!(r instanceof z.ZodString)) return r;
        if (type === 'PgDateString') return day(r);
        return storable(limit?.kind === 'length' ? r.max(limit.max) : r);
      };
    else if (type === 'PgArray' && limit?.kind === 'tags')
      out[key] = (s: never) =>
        (given ? given(s) : (s as z.ZodType)).refine(tagsWithin(limit.count, limit.length), {
          error: `must be at most ${limit.count} items of at most ${limit.length} characters, one line each, ${STORABLE_TEXT_MESSAGE}`,
        });
    else if (type === 'PgTimestamp')
      out[key] = (s: never) => {
        const r = given ? given(s) : (s as z.ZodType);
        return r instanceof z.ZodDate ? date(r) : r;
      };
  }
  return out as R;
}

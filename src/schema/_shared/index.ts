/**
 * The column and SQL-literal helpers every domain uses, declared once (docs/conventions.md).
 * Domains import them from here; nothing else in the package re-implements them.
 */
import { type SQL, sql } from 'drizzle-orm';
import { check, timestamp } from 'drizzle-orm/pg-core';

/** timestamptz, returned as a Date. Every timestamp column of the package is one. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** created_at / updated_at, both NOT NULL DEFAULT now(); updated_at is kept by a BEFORE UPDATE trigger. */
export const timestamps = () => ({
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

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
 */
export function checkIn(table: string, column: string, values: readonly string[]): ReturnType<typeof check> {
  return check(`${table}_${column}_check`, sql.raw(`${column} IN (${sqlList(values)})`));
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

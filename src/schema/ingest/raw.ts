import { sql } from 'drizzle-orm';
import { check, index, jsonb, numeric, text, timestamp } from 'drizzle-orm/pg-core';
import { ingestSchema } from './schema.js';
import { inList, rlsTable } from '../_shared/index.js';

/** The statuses the Xendit Invoice API returns (the legacy export's UNPAID is loaded as PENDING). */
export const xenditStatuses = ['PENDING', 'PAID', 'SETTLED', 'EXPIRED'] as const;
export type XenditStatus = (typeof xenditStatuses)[number];

/** Where a raw row came from: the API's JSON shape (files or API pages) or a legacy CSV export. */
export const sourceFormats = ['api', 'csv'] as const;
export type SourceFormat = (typeof sourceFormats)[number];


/** Limits of the typed text columns; longer values are rejected (the record goes to rejected_rows). */
export const rawLimits = {
  id: 255,
  externalId: 255,
  description: 2000,
  email: 320,
  name: 200,
  phone: 50,
  paymentMethod: 100,
  tag: 100,
  tags: 200,
} as const;

/** One row per Xendit invoice, as the Invoice API returns it (or the legacy CSV export, normalized). */
export const xenditRaw = rlsTable(ingestSchema, 'xendit_raw', {
  /** The invoice id (`csv:<External ID>` for CSV rows without one). */
  id: text('id').primaryKey(),
  externalId: text('external_id'),
  status: text('status').$type<XenditStatus>().notNull(),
  amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
  currency: text('currency').notNull().default('PHP'),
  description: text('description'),
  /** Trimmed, case kept; `email_normalized` is the matching key. */
  payerEmail: text('payer_email'),
  emailNormalized: text('email_normalized'),
  created: timestamp('created', { withTimezone: true }),
  updated: timestamp('updated', { withTimezone: true }),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  paymentMethod: text('payment_method'),
  paymentChannel: text('payment_channel'),
  /** The record exactly as given (every field, documented or not). */
  payload: jsonb('payload').notNull(),
  /** md5 of the payload's canonical jsonb text: an unchanged record is not rewritten. */
  contentHash: text('content_hash').notNull(),
  apiSyncedAt: timestamp('api_synced_at', { withTimezone: true }).notNull().defaultNow(),
  sourceFormat: text('source_format').$type<SourceFormat>().notNull().default('api'),
}, (t) => [
  // prepare joins invoices to contacts and auth users by normalized email.
  index('xendit_raw_email_normalized_idx').on(t.emailNormalized),
  // the incremental API sync resumes from the newest `updated`.
  index('xendit_raw_updated_idx').on(t.updated),
  check('xendit_raw_status_check', sql`${t.status} in (${inList(xenditStatuses)})`),
  check('xendit_raw_amount_check', sql`${t.amount} >= 0`),
  check('xendit_raw_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  check('xendit_raw_source_format_check', sql`${t.sourceFormat} in (${inList(sourceFormats)})`),
  check('xendit_raw_email_normalized_check', sql`${t.emailNormalized} = lower(${t.emailNormalized})`),
]);

export type XenditRaw = typeof xenditRaw.$inferSelect; export type NewXenditRaw = typeof xenditRaw.$inferInsert;

/** One row per Systeme.io contact, as the Contacts API returns it (or the legacy CSV export). */
export const systemeioRaw = rlsTable(ingestSchema, 'systemeio_raw', {
  /** The contact id (`csv:<sha256 of the normalized email>` for CSV rows). */
  id: text('id').primaryKey(),
  /** Trimmed, case kept; `email_normalized` is the matching key. */
  email: text('email').notNull(),
  emailNormalized: text('email_normalized').notNull(),
  firstName: text('first_name'),
  lastName: text('last_name'),
  phone: text('phone'),
  /** Tag names, trimmed, duplicates removed, in the source's order. */
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  registeredAt: timestamp('registered_at', { withTimezone: true }),
  payload: jsonb('payload').notNull(),
  contentHash: text('content_hash').notNull(),
  apiSyncedAt: timestamp('api_synced_at', { withTimezone: true }).notNull().defaultNow(),
  sourceFormat: text('source_format').$type<SourceFormat>().notNull().default('api'),
}, (t) => [
  // prepare merges contacts by normalized email (Systeme.io wins for names and tags).
  index('systemeio_raw_email_normalized_idx').on(t.emailNormalized),
  // prepare finds buyer tags (PaidP2P, Canva) with `tags && array[...]`.
  index('systemeio_raw_tags_idx').using('gin', t.tags),
  check('systemeio_raw_source_format_check', sql`${t.sourceFormat} in (${inList(sourceFormats)})`),
  check('systemeio_raw_email_normalized_check', sql`${t.emailNormalized} = lower(${t.emailNormalized})`),
]);

export type SystemeioRaw = typeof systemeioRaw.$inferSelect; export type NewSystemeioRaw = typeof systemeioRaw.$inferInsert;

import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { ingestSchema } from '../../schema/ingest/schema.js';
import { rlsTable, serviceRolePolicy } from '../../schema/_shared/index.js';

/** The API list endpoints the sync pages through; one sync-state row each. */
export const syncSources = ['xendit_invoices', 'xendit_transactions', 'systemeio_contacts'] as const;
export type SyncSource = (typeof syncSources)[number];

/**
 * Where each API sync stands. Per source: the cursor of the last page committed (NULL when no run
 * is in progress), the filter and running maximum of the run in progress, and the high-water mark
 * of the last complete run (the next run asks only for records changed after it). The cursor is
 * updated in the same transaction as the page's records, so a run that dies after page N resumes
 * at page N+1.
 */
export const syncState = rlsTable(ingestSchema, 'sync_state', {
  source: text('source').primaryKey(),
  /** Last id of the last committed page of the run in progress (`last_invoice_id`, `after_id`, `startingAfter`). */
  cursor: text('cursor'),
  /** The run holding the cursor; a page commit of any other run fails (two runs at once). */
  runId: uuid('run_id'),
  runStartedAt: timestamp('run_started_at', { withTimezone: true }),
  /** The `since` filter of the run in progress, reused when it resumes. */
  runSince: timestamp('run_since', { withTimezone: true }),
  /** Largest `updated` seen by the run in progress so far. */
  runMaxUpdated: timestamp('run_max_updated', { withTimezone: true }),
  /** Pages and records committed by the run in progress (or the last run when it completed). */
  pagesCommitted: integer('pages_committed').notNull().default(0),
  recordsCommitted: integer('records_committed').notNull().default(0),
  /** Largest `updated` of the records seen up to the last complete run: the next run's `since`. */
  highWaterMark: timestamp('high_water_mark', { withTimezone: true }),
  lastCompleteAt: timestamp('last_complete_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('sync_state_source_check', sql`${t.source} in ('xendit_invoices', 'xendit_transactions', 'systemeio_contacts')`),
  check('sync_state_counts_check', sql`${t.pagesCommitted} >= 0 and ${t.recordsCommitted} >= 0`),
  check('sync_state_cursor_run_check', sql`${t.cursor} is null or ${t.runId} is not null`),
  serviceRolePolicy(),
]);

export type SyncStateRow = typeof syncState.$inferSelect; export type NewSyncStateRow = typeof syncState.$inferInsert;
export const selectSyncStateSchema = createSelectSchema(syncState);

/**
 * Xendit's List Transactions objects (`GET /transactions`), the shape design doc 001 gives
 * `xendit_raw`. The file ingest's `ingest.xendit_raw` holds invoices, so transactions get their own
 * raw table with the documented columns, the full API object and a content hash (a record fetched
 * twice with the same content changes nothing). Same conventions as `ingest.xendit_raw`: `payload`,
 * `content_hash` = md5 of the payload's jsonb text, `api_synced_at`.
 */
export const xenditTransactionsRaw = rlsTable(ingestSchema, 'xendit_transactions_raw', {
  id: text('id').primaryKey(),
  productId: text('product_id'),
  type: text('type'),
  status: text('status'),
  referenceId: text('reference_id'),
  currency: text('currency'),
  amount: numeric('amount', { precision: 20, scale: 4 }),
  created: timestamp('created', { withTimezone: true }),
  updated: timestamp('updated', { withTimezone: true }),
  businessId: text('business_id'),
  /** The API object exactly as received (every field, documented or not). */
  payload: jsonb('payload').notNull(),
  /** md5 of the payload's canonical jsonb text (as ingest.xendit_raw): an unchanged record is not rewritten. */
  contentHash: text('content_hash').notNull(),
  /** When this version of the record was stored (an unchanged re-fetch leaves it alone). */
  apiSyncedAt: timestamp('api_synced_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // Incremental consumers: "transactions changed since X".
  index('xendit_transactions_raw_updated_idx').on(t.updated),
  // Joining a transaction to its invoice / order reference.
  index('xendit_transactions_raw_reference_id_idx').on(t.referenceId),
  check('xendit_transactions_raw_amount_check', sql`${t.amount} is null or ${t.amount} >= 0`),
  check('xendit_transactions_raw_currency_check', sql`${t.currency} is null or ${t.currency} ~ '^[A-Z]{3}$'`),
]);

export type XenditTransactionRaw = typeof xenditTransactionsRaw.$inferSelect; export type NewXenditTransactionRaw = typeof xenditTransactionsRaw.$inferInsert;

export const insertXenditTransactionRawSchema = createInsertSchema(xenditTransactionsRaw, {
  id: (s) => s.min(1),
  currency: (s) => s.regex(/^[A-Z]{3}$/, 'currency must be a 3-letter upper-case ISO code'),
});
export const selectXenditTransactionRawSchema = createSelectSchema(xenditTransactionsRaw);

const isoDate = z
  .string()
  .refine((v) => Number.isFinite(Date.parse(v)), 'must be an ISO 8601 timestamp')
  .nullish();

/** One object of Xendit's `GET /transactions` `data` array, as the sync accepts it (unknown fields are kept in `payload`). */
export const xenditTransactionApiSchema = z.looseObject({
  id: z.string().min(1),
  product_id: z.string().nullish(),
  type: z.string().nullish(),
  status: z.string().nullish(),
  reference_id: z.string().nullish(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'currency must be a 3-letter upper-case ISO code')
    .nullish(),
  amount: z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d+)?$/, 'amount must be a non-negative decimal')]).nullish(),
  created: isoDate,
  updated: isoDate,
  business_id: z.string().nullish(),
});
export type XenditTransactionApi = z.infer<typeof xenditTransactionApiSchema>;

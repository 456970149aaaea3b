import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, numeric, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { authUid, authUsers } from 'drizzle-orm/supabase';
import { definerPolicy, isAdminSql } from './_shared.js';
import { CURRENCY_CODES, DEFAULT_CURRENCY, PAID_STATUSES, TRANSACTION_STATUSES, TRANSACTION_TYPES } from './constants.js';
import { checkIn, checkLength, EMAIL_MAX_LENGTH, EMAIL_PATTERN, readPolicy, rlsTable, sqlList, sqlLiteral, TEXT_LIMITS, timestamps, tstz } from '../_shared/index.js';

const paid = sql.raw(`status IN (${sqlList(PAID_STATUSES)})`);

/**
 * Payments, normalized from Xendit (the source of truth for money). `user_id` is the auth user when
 * known (P2P buyers); Canva buyers carry only `contact_email`.
 */
export const transactions = rlsTable('public', 'transactions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id'),
  amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
  currency: text('currency').notNull().default(DEFAULT_CURRENCY),
  status: text('status', { enum: TRANSACTION_STATUSES }).notNull().default('pending'),
  /** The product; `Other` when not classified. */
  transactionType: text('transaction_type', { enum: TRANSACTION_TYPES }).notNull().default('Other'),
  paymentMethod: text('payment_method'),
  externalId: text('external_id'),
  contactEmail: text('contact_email'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  paidAt: tstz('paid_at'),
  settledAt: tstz('settled_at'),
  expiresAt: tstz('expires_at'),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'transactions_user_id_fkey', columns: [t.userId], foreignColumns: [authUsers.id] }).onDelete('set null'),
  check('transactions_amount_check', sql`amount >= 0`),
  // ids and labels of other systems: the unique index on external_id also needs its values short
  checkLength('transactions', 'external_id', TEXT_LIMITS.label),
  checkLength('transactions', 'payment_method', TEXT_LIMITS.label),
  checkIn('transactions', 'currency', CURRENCY_CODES, [DEFAULT_CURRENCY]),
  check('transactions_status_check', sql.raw(`status IN (${sqlList(TRANSACTION_STATUSES)})`)),
  check('transactions_transaction_type_check', sql.raw(`transaction_type IN (${sqlList(TRANSACTION_TYPES)})`)),
  check(
    'transactions_contact_email_check',
    sql.raw(`char_length(contact_email) <= ${EMAIL_MAX_LENGTH} AND contact_email ~ ${sqlLiteral(EMAIL_PATTERN)}`),
  ),
  // Xendit id: idempotent upserts from the ingest (ON CONFLICT (external_id)).
  uniqueIndex('transactions_external_id_key').on(t.externalId),
  // RLS (user_id = auth.uid()) and "my payments" newest first.
  index('transactions_user_id_created_at_idx').on(t.userId, t.createdAt.desc()),
  // Matching Canva/unlinked payments to a profile by email (lower(contact_email) = $1).
  index('transactions_contact_email_idx').using('btree', sql`lower(${t.contactEmail})`),
  // Admin list filtered by status, newest first.
  index('transactions_status_created_at_idx').on(t.status, t.createdAt.desc()),
  // Admin list filtered by product over a created_at range.
  index('transactions_transaction_type_created_at_idx').on(t.transactionType, t.createdAt),
  // Paid money over a paid_at range: the payments paid between two dates (an admin's list, by
  // product too: P2P, Canva and Other are few enough to filter). The dashboard's revenue reads
  // revenue_analysis_rollup, so no (transaction_type, paid_at) index (dropped, migration 0084).
  index('transactions_paid_at_idx').on(t.paidAt).where(paid),
  // The expiry job: pending invoices past expires_at.
  index('transactions_expires_at_idx').on(t.expiresAt).where(sql`status = 'pending'`),
  readPolicy('users read their own transactions, admins every transaction', sql`${t.userId} = ${authUid} OR ${isAdminSql}`),
  definerPolicy(),
]);
export type Transaction = typeof transactions.$inferSelect; export type NewTransaction = typeof transactions.$inferInsert;

import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, inet, integer, jsonb, numeric, type PgTableExtraConfigValue, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { authUid } from 'drizzle-orm/supabase';
import { checkIn, checkLength, readPolicy, rlsTable, timestamps, tstz } from '../_shared/index.js';
import { DONATION_STATUSES, PERIOD_TYPES, PHONE_PATTERN, REFUND_REASONS, sqlLiteral, WAVE_REFUND_STATUSES , TEXT_LIMITS } from './constants.js';
import { users } from './identity.js';
import { pots } from './pots.js';
import { adminsRead, isWoloAdmin, wolo } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';

/**
 * Donations (doc 003 §3.5). Status moves forward only (pending → processing → succeeded | failed,
 * succeeded → refunded; `wolo.donations_status_guard`), only to an open pot at creation
 * (`wolo.donations_pot_open`). Donors read their own rows; pot owners read the donations to their
 * pots through the view `wolo.pot_donations`, which hides the donor of an anonymous donation.
 */
export const donations = rlsTable(wolo, 'donations', {
  id: uuid('id').primaryKey().defaultRandom(),
  potId: uuid('pot_id').notNull(),
  donorUserId: uuid('donor_user_id'),
  donorName: varchar('donor_name', { length: 255 }),
  donorPhone: varchar('donor_phone', { length: 20 }),
  amountCfa: integer('amount_cfa').notNull(),
  waveTransactionId: varchar('wave_transaction_id', { length: 100 }),
  wavePaymentUrl: text('wave_payment_url'),
  status: text('status', { enum: DONATION_STATUSES }).notNull().default('pending'),
  initiatedAt: tstz('initiated_at').notNull().defaultNow(),
  waveNotifiedAt: tstz('wave_notified_at'),
  confirmedAt: tstz('confirmed_at'),
  failedAt: tstz('failed_at'),
  refundedAt: tstz('refunded_at'),
  donationMessage: text('donation_message'),
  isAnonymous: boolean('is_anonymous').notNull().default(false),
  showAmount: boolean('show_amount').notNull().default(true),
  waveWebhookData: jsonb('wave_webhook_data').$type<Record<string, unknown>>(),
  ipAddress: inet('ip_address'),
  userAgent: text('user_agent'),
  riskScore: integer('risk_score').notNull().default(0),
  ...timestamps(),
}, (t): PgTableExtraConfigValue[] => [
  // RESTRICT: money never disappears with its pot.
  foreignKey({ name: 'donations_pot_id_fkey', columns: [t.potId], foreignColumns: [pots.id] }).onDelete('restrict'),
  // SET NULL: the money record outlives the donor's account.
  foreignKey({ name: 'donations_donor_user_id_fkey', columns: [t.donorUserId], foreignColumns: [users.id] }).onDelete('set null'),
  unique('donations_wave_transaction_id_key').on(t.waveTransactionId),
  check('donations_amount_cfa_check', sql`${t.amountCfa} > 0`),
  checkIn('donations', 'status', DONATION_STATUSES),
  checkLength('donations', 'donation_message', TEXT_LIMITS.donationMessage),
  check('donations_risk_score_check', sql`${t.riskScore} BETWEEN 0 AND 100`),
  check('donations_donor_phone_check', sql.raw(`donor_phone ~ ${sqlLiteral(PHONE_PATTERN)}`)),
  // The pot's donations (totals recomputation, owner view, foreign key), by status.
  index('idx_donations_pot_id').on(t.potId, t.status),
  // The donor policy.
  // FK lookups on delete of the referenced row (donor_user_id); not partial, so it is the FK's index.
  index('idx_donations_donor_user_id').on(t.donorUserId),
  // Donations by status (pending payments, admin lists); doc 003's index.
  index('idx_donations_status').on(t.status),
  // A Wave transaction's donation (webhook reconciliation); partial: only paid donations carry one.
  index('idx_donations_wave_transaction_id').on(t.waveTransactionId).where(sql`wave_transaction_id IS NOT NULL`),
  readPolicy('donors read their own donations, admins every donation', sql`${t.donorUserId} = ${authUid} OR ${isWoloAdmin}`),
  // the definer role's functions read or write it (src/functions/wolo/definer.ts)
  definerPolicy(),
]);
export type Donation = typeof donations.$inferSelect; export type NewDonation = typeof donations.$inferInsert;

/**
 * Every Wave webhook delivery that was not a duplicate, with what processing it did: idempotent on
 * `wave_event_id` and on `idempotency_key` (`<type>:<checkout session id>:<payment_status>`), so a
 * redelivery, even under another event id, changes nothing. `processing_error` says why an event
 * changed nothing (out of order, amount or currency mismatch, unknown donation).
 */
export const waveWebhookEvents = rlsTable(wolo, 'wave_webhook_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  waveEventId: varchar('wave_event_id', { length: 100 }).notNull(),
  eventType: varchar('event_type', { length: 50 }).notNull(),
  donationId: uuid('donation_id'),
  rawPayload: jsonb('raw_payload').$type<Record<string, unknown>>().notNull(),
  processedAt: tstz('processed_at'),
  processingError: text('processing_error'),
  idempotencyKey: varchar('idempotency_key', { length: 255 }),
  retryCount: integer('retry_count').notNull().default(0),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'wave_webhook_events_donation_id_fkey', columns: [t.donationId], foreignColumns: [donations.id] }).onDelete('restrict'),
  unique('wave_webhook_events_wave_event_id_key').on(t.waveEventId),
  unique('wave_webhook_events_idempotency_key_key').on(t.idempotencyKey),
  check('wave_webhook_events_retry_count_check', sql`${t.retryCount} >= 0`),
  // A donation's payment history; serves the foreign key.
  index('wave_webhook_events_donation_id_idx').on(t.donationId),
  adminsRead('wave_webhook_events'),
]);
export type WaveWebhookEvent = typeof waveWebhookEvents.$inferSelect; export type NewWaveWebhookEvent = typeof waveWebhookEvents.$inferInsert;

/** Refunds of a succeeded donation (`wolo.refund_donation`): never more in total than its amount. */
export const refunds = rlsTable(wolo, 'refunds', {
  id: uuid('id').primaryKey().defaultRandom(),
  donationId: uuid('donation_id').notNull(),
  refundedByUserId: uuid('refunded_by_user_id').notNull(),
  amountCfa: integer('amount_cfa').notNull(),
  reason: text('reason', { enum: REFUND_REASONS }).notNull(),
  reasonDescription: text('reason_description'),
  waveRefundId: varchar('wave_refund_id', { length: 100 }),
  waveRefundStatus: text('wave_refund_status', { enum: WAVE_REFUND_STATUSES }).notNull().default('pending'),
  processedAt: tstz('processed_at'),
  completedAt: tstz('completed_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'refunds_donation_id_fkey', columns: [t.donationId], foreignColumns: [donations.id] }).onDelete('restrict'),
  foreignKey({ name: 'refunds_refunded_by_user_id_fkey', columns: [t.refundedByUserId], foreignColumns: [users.id] }).onDelete('restrict'),
  check('refunds_amount_cfa_check', sql`${t.amountCfa} > 0`),
  checkIn('refunds', 'reason', REFUND_REASONS),
  checkLength('refunds', 'reason_description', TEXT_LIMITS.reasonDescription),
  checkIn('refunds', 'wave_refund_status', WAVE_REFUND_STATUSES),
  // A donation's refunds (the sum refund_donation checks, totals, foreign key).
  index('refunds_donation_id_idx').on(t.donationId),
  // The refunding admin's FK (ON DELETE) when that user is deleted.
  index('refunds_refunded_by_user_id_idx').on(t.refundedByUserId),
  readPolicy("donors read their donations' refunds, admins every refund", sql`${t.donationId} IN (select d.id from wolo.donations d where d.donor_user_id = ${authUid}) OR ${isWoloAdmin}`),
]);
export type Refund = typeof refunds.$inferSelect; export type NewRefund = typeof refunds.$inferInsert;

export const donationAnalytics = rlsTable(wolo, 'donation_analytics', {
  id: uuid('id').primaryKey().defaultRandom(),
  periodType: text('period_type', { enum: PERIOD_TYPES }).notNull(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  totalAmountCfa: bigint('total_amount_cfa', { mode: 'number' }).notNull().default(0),
  transactionCount: integer('transaction_count').notNull().default(0),
  uniqueDonors: integer('unique_donors').notNull().default(0),
  averageDonationCfa: integer('average_donation_cfa').notNull().default(0),
  successRate: numeric('success_rate', { precision: 5, scale: 4 }),
  regionBreakdown: jsonb('region_breakdown').$type<Record<string, number>>(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  unique('donation_analytics_period_type_period_start_period_end_key').on(t.periodType, t.periodStart, t.periodEnd),
  checkIn('donation_analytics', 'period_type', PERIOD_TYPES),
  check('donation_analytics_period_check', sql`${t.periodEnd} >= ${t.periodStart}`),
  check('donation_analytics_counts_check', sql`${t.totalAmountCfa} >= 0 AND ${t.transactionCount} >= 0 AND ${t.uniqueDonors} >= 0 AND ${t.averageDonationCfa} >= 0`),
  check('donation_analytics_success_rate_check', sql`${t.successRate} BETWEEN 0 AND 1`),
  adminsRead('donation_analytics'),
]);
export type DonationAnalytics = typeof donationAnalytics.$inferSelect; export type NewDonationAnalytics = typeof donationAnalytics.$inferInsert;

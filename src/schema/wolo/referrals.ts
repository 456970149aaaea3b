import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, numeric, type PgTableExtraConfigValue, text, unique, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { authUid } from 'drizzle-orm/supabase';
import { checkIn, checkLength, readPolicy, rlsTable, timestamps, tstz } from '../_shared/index.js';
import { BATCH_STATUSES, DAILY_INVITATION_LIMIT, EMAIL_PATTERN, PHONE_PATTERN, POINTS_EVENT_TYPES, POINTS_STATUSES, REFERRAL_CODE_PATTERN, REFERRAL_STATUSES, REFERRAL_VALIDITY_DAYS, SELECTION_METHODS, sqlLiteral, TEXT_LIMITS } from './constants.js';
import { donations } from './donations.js';
import { users } from './identity.js';
import { pots } from './pots.js';
import { isWoloAdmin, wolo } from './schema.js';

/** Today in the business time zone (Africa/Dakar), not the server's or the session's. */
export const businessToday = sql`((now() AT TIME ZONE wolo.business_time_zone())::date)`;
/** Midnight (business time zone) starting the business day `days` after today. */
const businessMidnightIn = (days: number) => sql.raw(`((((now() AT TIME ZONE wolo.business_time_zone())::date + ${days})::timestamp) AT TIME ZONE wolo.business_time_zone())`);

/** Daily invitation counter, one row per sponsor and business day (doc 003 §3.3). */
export const sponsorDailyLimits = rlsTable(wolo, 'sponsor_daily_limits', {
  id: uuid('id').primaryKey().defaultRandom(),
  sponsorUserId: uuid('sponsor_user_id').notNull(),
  limitDate: date('limit_date', { mode: 'string' }).notNull().default(businessToday),
  maxInvitationsPerDay: integer('max_invitations_per_day').notNull().default(DAILY_INVITATION_LIMIT),
  invitationsSentToday: integer('invitations_sent_today').notNull().default(0),
  currentBatchStart: integer('current_batch_start').notNull().default(0),
  preferredSelectionMethod: text('preferred_selection_method', { enum: SELECTION_METHODS }).notNull().default('batch'),
  lastResetAt: tstz('last_reset_at').notNull().defaultNow(),
  // The next business midnight (the document used the server's CURRENT_DATE).
  nextResetAt: tstz('next_reset_at').notNull().default(businessMidnightIn(1)),
  consecutiveActiveDays: integer('consecutive_active_days').notNull().default(0),
  totalLifetimeInvitations: integer('total_lifetime_invitations').notNull().default(0),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'sponsor_daily_limits_sponsor_user_id_fkey', columns: [t.sponsorUserId], foreignColumns: [users.id] }).onDelete('cascade'),
  // One row per sponsor per day; send_invitation's upsert target and the sponsor policy's index.
  unique('sponsor_daily_limits_sponsor_user_id_limit_date_key').on(t.sponsorUserId, t.limitDate),
  check('check_daily_limit', sql`${t.invitationsSentToday} <= ${t.maxInvitationsPerDay}`),
  check('sponsor_daily_limits_counts_check', sql`${t.invitationsSentToday} >= 0 AND ${t.maxInvitationsPerDay} >= 0 AND ${t.currentBatchStart} >= 0 AND ${t.consecutiveActiveDays} >= 0 AND ${t.totalLifetimeInvitations} >= 0`),
  checkIn('sponsor_daily_limits', 'preferred_selection_method', SELECTION_METHODS),
  readPolicy('sponsors read their own daily counters, admins every counter', sql`${t.sponsorUserId} = ${authUid} OR ${isWoloAdmin}`),
]);
export type SponsorDailyLimit = typeof sponsorDailyLimits.$inferSelect; export type NewSponsorDailyLimit = typeof sponsorDailyLimits.$inferInsert;

export const sponsorContactBatches = rlsTable(wolo, 'sponsor_contact_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  sponsorUserId: uuid('sponsor_user_id').notNull(),
  batchDate: date('batch_date', { mode: 'string' }).notNull().default(businessToday),
  batchNumber: integer('batch_number').notNull().default(1),
  startPosition: integer('start_position').notNull(),
  endPosition: integer('end_position').notNull(),
  status: text('status', { enum: BATCH_STATUSES }).notNull().default('pending'),
  selectedCount: integer('selected_count').notNull().default(0),
  sentCount: integer('sent_count').notNull().default(0),
  contactSnapshot: jsonb('contact_snapshot').$type<unknown[]>(),
  autoSelected: boolean('auto_selected').notNull().default(false),
  manualSelections: jsonb('manual_selections').$type<unknown[]>(),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'sponsor_contact_batches_sponsor_user_id_fkey', columns: [t.sponsorUserId], foreignColumns: [users.id] }).onDelete('cascade'),
  check('check_batch_positions', sql`${t.endPosition} > ${t.startPosition}`),
  check('check_batch_size', sql`${t.endPosition} - ${t.startPosition} <= ${sql.raw(String(DAILY_INVITATION_LIMIT))}`),
  check('sponsor_contact_batches_counts_check', sql`${t.startPosition} >= 0 AND ${t.batchNumber} >= 1 AND ${t.selectedCount} >= 0 AND ${t.sentCount} >= 0`),
  checkIn('sponsor_contact_batches', 'status', BATCH_STATUSES),
  // A sponsor's batches of a day (policy column, foreign key).
  index('sponsor_contact_batches_sponsor_user_id_batch_date_idx').on(t.sponsorUserId, t.batchDate),
  readPolicy('sponsors read their own contact batches, admins every batch', sql`${t.sponsorUserId} = ${authUid} OR ${isWoloAdmin}`),
]);
export type SponsorContactBatch = typeof sponsorContactBatches.$inferSelect; export type NewSponsorContactBatch = typeof sponsorContactBatches.$inferInsert;

/**
 * An invitation from a sponsor; written by `wolo.send_invitation` and `wolo.accept_referral`. A user is
 * sponsored once: at most one accepted referral per `sponsored_user_id` (`referrals_sponsored_user_id_key`).
 */
export const referrals = rlsTable(wolo, 'referrals', {
  id: uuid('id').primaryKey().defaultRandom(),
  sponsorUserId: uuid('sponsor_user_id').notNull(),
  referralCode: varchar('referral_code', { length: 20 }).notNull(),
  invitedPhone: varchar('invited_phone', { length: 20 }),
  invitedEmail: varchar('invited_email', { length: 255 }),
  invitedName: varchar('invited_name', { length: 255 }),
  invitationMessage: text('invitation_message'),
  status: text('status', { enum: REFERRAL_STATUSES }).notNull().default('sent'),
  sponsoredUserId: uuid('sponsored_user_id'),
  bothIdsCollected: boolean('both_ids_collected').notNull().default(false),
  sponsorIdVerified: boolean('sponsor_id_verified').notNull().default(false),
  sponsoredIdVerified: boolean('sponsored_id_verified').notNull().default(false),
  sentAt: tstz('sent_at').notNull().defaultNow(),
  acceptedAt: tstz('accepted_at'),
  // Valid through REFERRAL_VALIDITY_DAYS whole business days after the sending day (Africa/Dakar midnight).
  expiredAt: tstz('expired_at').notNull().default(businessMidnightIn(REFERRAL_VALIDITY_DAYS + 1)),
  createdAt: tstz('created_at').notNull().defaultNow(),
  // The document's ALTER TABLE additions.
  dailyLimitId: uuid('daily_limit_id'),
  batchId: uuid('batch_id'),
  invitationOrder: integer('invitation_order'),
}, (t) => [
  foreignKey({ name: 'referrals_sponsor_user_id_fkey', columns: [t.sponsorUserId], foreignColumns: [users.id] }).onDelete('restrict'),
  foreignKey({ name: 'referrals_sponsored_user_id_fkey', columns: [t.sponsoredUserId], foreignColumns: [users.id] }).onDelete('set null'),
  foreignKey({ name: 'referrals_daily_limit_id_fkey', columns: [t.dailyLimitId], foreignColumns: [sponsorDailyLimits.id] }).onDelete('set null'),
  foreignKey({ name: 'referrals_batch_id_fkey', columns: [t.batchId], foreignColumns: [sponsorContactBatches.id] }).onDelete('set null'),
  check('check_invitation_contact', sql`${t.invitedPhone} IS NOT NULL OR ${t.invitedEmail} IS NOT NULL`),
  checkIn('referrals', 'status', REFERRAL_STATUSES),
  checkLength('referrals', 'invitation_message', TEXT_LIMITS.invitationMessage),
  check('referrals_referral_code_check', sql.raw(`referral_code ~ ${sqlLiteral(REFERRAL_CODE_PATTERN)}`)),
  check('referrals_invited_phone_check', sql.raw(`invited_phone ~ ${sqlLiteral(PHONE_PATTERN)}`)),
  check('referrals_invited_email_check', sql.raw(`invited_email ~ ${sqlLiteral(EMAIL_PATTERN)}`)),
  check('referrals_invitation_order_check', sql`${t.invitationOrder} >= 1`),
  check('referrals_accepted_check', sql`(${t.status} = 'accepted') = (${t.acceptedAt} IS NOT NULL AND ${t.sponsoredUserId} IS NOT NULL)`),
  // The document's UNIQUE(referral_code) and idx_referrals_referral_code as one index: accept_referral's lookup.
  uniqueIndex('idx_referrals_referral_code').on(t.referralCode),
  // A sponsor's invitations (sponsor policy, foreign key).
  index('idx_referrals_sponsor_user_id').on(t.sponsorUserId),
  // Referrals by status (pending invitations that expire); doc 003's index.
  index('idx_referrals_status').on(t.status),
  // The invited user's referral (policy column, foreign key).
  // FK lookups on delete of the referenced row (sponsored_user_id); not partial, so it is the FK's index.
  index('referrals_sponsored_user_id_idx').on(t.sponsoredUserId),
  // One sponsor per user: a user's accepted referral (accept_referral's check); at most one, the first accepted.
  uniqueIndex('referrals_sponsored_user_id_key').on(t.sponsoredUserId).where(sql`status = 'accepted'`),
  // The daily-limit FK's ON DELETE SET NULL, and a day's referrals of a sponsor.
  index('referrals_daily_limit_id_idx').on(t.dailyLimitId),
  // The contact batch FK's ON DELETE SET NULL, and a batch's referrals.
  index('referrals_batch_id_idx').on(t.batchId),
  readPolicy('sponsors and invitees read their referrals, admins all', sql`${t.sponsorUserId} = ${authUid} OR ${t.sponsoredUserId} = ${authUid} OR ${isWoloAdmin}`),
]);
export type Referral = typeof referrals.$inferSelect; export type NewReferral = typeof referrals.$inferInsert;

/**
 * The sponsors' points. Earned rows start `pending` and mature after POINTS_MATURATION_DAYS
 * (`wolo.mature_points`); spent rows (`points_converted`) are written `matured` by convert_points.
 * Balance = Σ earned of matured rows − Σ spent of non-revoked rows (`wolo.points_balance`).
 */
export const pointsLedger = rlsTable(wolo, 'points_ledger', {
  id: uuid('id').primaryKey().defaultRandom(),
  sponsorUserId: uuid('sponsor_user_id').notNull(),
  referralId: uuid('referral_id'),
  eventType: text('event_type', { enum: POINTS_EVENT_TYPES }).notNull(),
  pointsEarned: integer('points_earned').notNull().default(0),
  pointsSpent: integer('points_spent').notNull().default(0),
  status: text('status', { enum: POINTS_STATUSES }).notNull().default('pending'),
  maturedAt: tstz('matured_at'),
  baseMultiplier: numeric('base_multiplier', { precision: 3, scale: 2 }).notNull().default('1.00'),
  sponsorBoostMultiplier: numeric('sponsor_boost_multiplier', { precision: 3, scale: 2 }).notNull().default('1.00'),
  description: text('description'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'points_ledger_sponsor_user_id_fkey', columns: [t.sponsorUserId], foreignColumns: [users.id] }).onDelete('restrict'),
  foreignKey({ name: 'points_ledger_referral_id_fkey', columns: [t.referralId], foreignColumns: [referrals.id] }).onDelete('restrict'),
  checkIn('points_ledger', 'event_type', POINTS_EVENT_TYPES),
  checkIn('points_ledger', 'status', POINTS_STATUSES),
  check('points_ledger_points_check', sql`${t.pointsEarned} >= 0 AND ${t.pointsSpent} >= 0 AND NOT (${t.pointsEarned} > 0 AND ${t.pointsSpent} > 0)`),
  check('points_ledger_multipliers_check', sql`${t.baseMultiplier} > 0 AND ${t.sponsorBoostMultiplier} > 0`),
  check('points_ledger_matured_check', sql`${t.status} <> 'matured' OR ${t.maturedAt} IS NOT NULL`),
  // A sponsor's balance (points_balance) and the sponsor policy.
  index('idx_points_ledger_sponsor_user_id').on(t.sponsorUserId),
  // Points by status (pending points that mature after 14 days); doc 003's index.
  index('idx_points_ledger_status').on(t.status),
  // mature_points: pending rows by age.
  index('points_ledger_pending_created_at_idx').on(t.createdAt).where(sql`status = 'pending'`),
  // FK lookups on delete of the referenced row (referral_id); not partial, so it is the FK's index.
  index('points_ledger_referral_id_idx').on(t.referralId),
  readPolicy('sponsors read their own points, admins every ledger', sql`${t.sponsorUserId} = ${authUid} OR ${isWoloAdmin}`),
]);
export type PointsLedgerEntry = typeof pointsLedger.$inferSelect; export type NewPointsLedgerEntry = typeof pointsLedger.$inferInsert;

/**
 * Points converted to a CFA credit on a pot (`wolo.convert_points`). The credit is a succeeded
 * donation (`donation_id`, a column the document lacks), so the pot's totals rule stays one rule.
 */
export const pointsConversions = rlsTable(wolo, 'points_conversions', {
  id: uuid('id').primaryKey().defaultRandom(),
  sponsorUserId: uuid('sponsor_user_id').notNull(),
  pointsConverted: integer('points_converted').notNull(),
  creditsIssued: integer('credits_issued').notNull(),
  conversionRate: numeric('conversion_rate', { precision: 10, scale: 4 }).notNull(),
  appliedToPotId: uuid('applied_to_pot_id'),
  donationId: uuid('donation_id'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t): PgTableExtraConfigValue[] => [
  foreignKey({ name: 'points_conversions_sponsor_user_id_fkey', columns: [t.sponsorUserId], foreignColumns: [users.id] }).onDelete('restrict'),
  foreignKey({ name: 'points_conversions_applied_to_pot_id_fkey', columns: [t.appliedToPotId], foreignColumns: [pots.id] }).onDelete('restrict'),
  foreignKey({ name: 'points_conversions_donation_id_fkey', columns: [t.donationId], foreignColumns: [donations.id] }).onDelete('restrict'),
  check('points_conversions_amounts_check', sql`${t.pointsConverted} > 0 AND ${t.creditsIssued} > 0 AND ${t.conversionRate} > 0`),
  // A sponsor's conversions (points_balance spent side); the pot and donation ones serve the FKs' ON DELETE.
  index('points_conversions_sponsor_user_id_idx').on(t.sponsorUserId),
  // The pot FK's ON DELETE, and the conversions applied to a pot.
  index('points_conversions_applied_to_pot_id_idx').on(t.appliedToPotId),
  // The donation FK's ON DELETE (the retention purge deletes old donations).
  index('points_conversions_donation_id_idx').on(t.donationId),
  readPolicy('sponsors read their own conversions, admins every conversion', sql`${t.sponsorUserId} = ${authUid} OR ${isWoloAdmin}`),
]);
export type PointsConversion = typeof pointsConversions.$inferSelect; export type NewPointsConversion = typeof pointsConversions.$inferInsert;

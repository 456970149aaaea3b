import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, inet, integer, jsonb, text, unique, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { authUid } from 'drizzle-orm/supabase';
import { checkIn, checkJsonSize, checkLength, readPolicy, rlsTable, timestamps, tstz } from '../_shared/index.js';
import { QR_STATUSES, REDEMPTION_RESULTS, SETTLEMENT_STATUSES , TEXT_LIMITS } from './constants.js';
import { users } from './identity.js';
import { packs, partners } from './packs.js';
import { pots } from './pots.js';
import { isWoloAdmin, myPartnerIds, wolo } from './schema.js';

/** The partners' packs, as a subquery for policies (runs under packs' RLS, which lets staff see them). */
const myPartnersPackIds = sql`(select pk.id from wolo.packs pk where pk.partner_id = ANY (${myPartnerIds}))`;

/** QR codes (doc 003 §3.7), redeemed by `wolo.redeem_qr` (row-locked: one success per code). */
export const qrCodes = rlsTable(wolo, 'qr_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  potId: uuid('pot_id').notNull(),
  packId: uuid('pack_id').notNull(),
  code: varchar('code', { length: 100 }).notNull(),
  qrImageUrl: varchar('qr_image_url', { length: 500 }),
  redeemableFrom: tstz('redeemable_from').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  status: text('status', { enum: QR_STATUSES }).notNull().default('issued'),
  redeemedAt: tstz('redeemed_at'),
  redeemedByPartnerId: uuid('redeemed_by_partner_id'),
  redeemedAtVenue: jsonb('redeemed_at_venue').$type<Record<string, unknown>>(),
  partnerNotes: text('partner_notes'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'qr_codes_pot_id_fkey', columns: [t.potId], foreignColumns: [pots.id] }).onDelete('restrict'),
  foreignKey({ name: 'qr_codes_pack_id_fkey', columns: [t.packId], foreignColumns: [packs.id] }).onDelete('restrict'),
  foreignKey({ name: 'qr_codes_redeemed_by_partner_id_fkey', columns: [t.redeemedByPartnerId], foreignColumns: [partners.id] }).onDelete('restrict'),
  check('check_valid_redemption_period', sql`${t.expiresAt} > ${t.redeemableFrom}`),
  checkIn('qr_codes', 'status', QR_STATUSES),
  checkLength('qr_codes', 'partner_notes', TEXT_LIMITS.partnerNotes),
  checkJsonSize('qr_codes', 'redeemed_at_venue', TEXT_LIMITS.jsonBytes),
  check('qr_codes_redeemed_check', sql`(${t.status} = 'redeemed') = (${t.redeemedAt} IS NOT NULL AND ${t.redeemedByPartnerId} IS NOT NULL)`),
  check('qr_codes_code_check', sql`char_length(${t.code}) >= 16`),
  // The document's UNIQUE(code) and idx_qr_codes_code as one index: redeem_qr's lookup.
  uniqueIndex('idx_qr_codes_code').on(t.code),
  // A pot's codes (owner policy, foreign key).
  index('idx_qr_codes_pot_id').on(t.potId),
  // Codes by status (active codes of a pack or pot); doc 003's index.
  index('idx_qr_codes_status').on(t.status),
  // Codes by expiry (expired codes); doc 003's index.
  index('idx_qr_codes_expires_at').on(t.expiresAt),
  // The partner staff policy (codes of the partner's packs), foreign key.
  index('qr_codes_pack_id_idx').on(t.packId),
  // FK lookups on delete of the referenced row (redeemed_by_partner_id); not partial, so it is the FK's index.
  index('qr_codes_redeemed_by_partner_id_idx').on(t.redeemedByPartnerId),
  readPolicy("pot owners and the pack's partner staff; admins all", sql`${t.packId} IN ${myPartnersPackIds} OR ${t.potId} IN (select p.id from wolo.pots p where p.owner_user_id = ${authUid}) OR ${isWoloAdmin}`),
]);
export type QrCode = typeof qrCodes.$inferSelect; export type NewQrCode = typeof qrCodes.$inferInsert;

export const partnerSettlements = rlsTable(wolo, 'partner_settlements', {
  id: uuid('id').primaryKey().defaultRandom(),
  partnerId: uuid('partner_id').notNull(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  totalRedemptionsCount: integer('total_redemptions_count').notNull().default(0),
  totalRevenueCfa: integer('total_revenue_cfa').notNull().default(0),
  partnerShareCfa: integer('partner_share_cfa').notNull().default(0),
  woloCommissionCfa: integer('wolo_commission_cfa').notNull().default(0),
  status: text('status', { enum: SETTLEMENT_STATUSES }).notNull().default('pending'),
  approvedByUserId: uuid('approved_by_user_id'),
  approvedAt: tstz('approved_at'),
  paymentReference: varchar('payment_reference', { length: 100 }),
  paidAt: tstz('paid_at'),
  invoiceUrl: varchar('invoice_url', { length: 500 }),
  receiptUrl: varchar('receipt_url', { length: 500 }),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'partner_settlements_partner_id_fkey', columns: [t.partnerId], foreignColumns: [partners.id] }).onDelete('restrict'),
  foreignKey({ name: 'partner_settlements_approved_by_user_id_fkey', columns: [t.approvedByUserId], foreignColumns: [users.id] }).onDelete('set null'),
  // One settlement per partner and period; serves the staff policy and the foreign key.
  unique('partner_settlements_partner_id_period_start_period_end_key').on(t.partnerId, t.periodStart, t.periodEnd),
  check('partner_settlements_period_check', sql`${t.periodEnd} >= ${t.periodStart}`),
  check(
    'partner_settlements_amounts_check',
    sql`${t.totalRedemptionsCount} >= 0 AND ${t.totalRevenueCfa} >= 0 AND ${t.partnerShareCfa} >= 0 AND ${t.woloCommissionCfa} >= 0 AND ${t.partnerShareCfa} + ${t.woloCommissionCfa} <= ${t.totalRevenueCfa}`,
  ),
  checkIn('partner_settlements', 'status', SETTLEMENT_STATUSES),
  // FK lookups on delete of the referenced row (approved_by_user_id); not partial, so it is the FK's index.
  index('partner_settlements_approved_by_user_id_idx').on(t.approvedByUserId),
  readPolicy("staff read their partner's settlements; admins all", sql`${t.partnerId} = ANY (${myPartnerIds}) OR ${isWoloAdmin}`),
]);
export type PartnerSettlement = typeof partnerSettlements.$inferSelect; export type NewPartnerSettlement = typeof partnerSettlements.$inferInsert;

/**
 * Every redemption attempt and its result. `qr_code_id` is NULL only for an `invalid` attempt whose
 * code matches no QR code (the document's NOT NULL could not log those); `attempted_code` and
 * `partner_id` (both not in the document) record what was scanned and by which partner.
 */
export const qrRedemptionLogs = rlsTable(wolo, 'qr_redemption_logs', {
  id: uuid('id').primaryKey().defaultRandom(),
  qrCodeId: uuid('qr_code_id'),
  attemptedCode: varchar('attempted_code', { length: 100 }).notNull(),
  partnerId: uuid('partner_id'),
  partnerUserId: uuid('partner_user_id'),
  attemptTimestamp: tstz('attempt_timestamp').notNull().defaultNow(),
  validationResult: text('validation_result', { enum: REDEMPTION_RESULTS }).notNull(),
  errorMessage: text('error_message'),
  ipAddress: inet('ip_address'),
  userAgent: text('user_agent'),
  venueContext: jsonb('venue_context').$type<Record<string, unknown>>(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'qr_redemption_logs_qr_code_id_fkey', columns: [t.qrCodeId], foreignColumns: [qrCodes.id] }).onDelete('restrict'),
  foreignKey({ name: 'qr_redemption_logs_partner_id_fkey', columns: [t.partnerId], foreignColumns: [partners.id] }).onDelete('set null'),
  foreignKey({ name: 'qr_redemption_logs_partner_user_id_fkey', columns: [t.partnerUserId], foreignColumns: [users.id] }).onDelete('set null'),
  checkIn('qr_redemption_logs', 'validation_result', REDEMPTION_RESULTS),
  checkJsonSize('qr_redemption_logs', 'venue_context', TEXT_LIMITS.jsonBytes),
  check('qr_redemption_logs_qr_code_id_check', sql`${t.qrCodeId} IS NOT NULL OR ${t.validationResult} = 'invalid'`),
  // A code's attempts (foreign key).
  index('qr_redemption_logs_qr_code_id_idx').on(t.qrCodeId),
  // The partner staff policy: the partner's attempts, newest first.
  index('qr_redemption_logs_partner_id_idx').on(t.partnerId, t.attemptTimestamp),
  // FK lookups on delete of the referenced row (partner_user_id); not partial, so it is the FK's index.
  index('qr_redemption_logs_partner_user_id_idx').on(t.partnerUserId),
  readPolicy("staff read their partner's attempts; admins all", sql`${t.partnerId} = ANY (${myPartnerIds}) OR ${isWoloAdmin}`),
]);
export type QrRedemptionLog = typeof qrRedemptionLogs.$inferSelect; export type NewQrRedemptionLog = typeof qrRedemptionLogs.$inferInsert;

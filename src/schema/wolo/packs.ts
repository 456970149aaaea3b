import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgPolicy, primaryKey, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { anonRole, authenticatedRole, authUid } from 'drizzle-orm/supabase';
import { checkIn, checkJsonSize, checkLength, checkTags, readPolicy, rlsTable, timestamps, tstz } from '../_shared/index.js';
import {
  CAMPAIGN_STATUSES,
  EMAIL_PATTERN,
  PACK_CATEGORIES,
  PARTNER_STAFF_ROLES,
  PARTNER_STATUSES,
  PARTNER_TYPES,
  PAYMENT_TERMS,
  PHONE_PATTERN,
  sqlLiteral,
  TEXT_LIMITS,
} from './constants.js';
import { users } from './identity.js';
import { adminsRead, isWoloAdmin, myPartnerIds, wolo } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';

/** Partner organizations (doc 003 §3.6). Their staff (wolo.partner_staff) read them. */
export const partners = rlsTable(wolo, 'partners', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 255 }).notNull(),
  type: text('type', { enum: PARTNER_TYPES }).notNull(),
  description: text('description'),
  contactName: varchar('contact_name', { length: 255 }),
  contactEmail: varchar('contact_email', { length: 255 }),
  contactPhone: varchar('contact_phone', { length: 20 }),
  businessRegistration: varchar('business_registration', { length: 100 }),
  taxId: varchar('tax_id', { length: 50 }),
  revenueSplitPercentage: numeric('revenue_split_percentage', { precision: 5, scale: 2 }).notNull(),
  paymentTerms: text('payment_terms', { enum: PAYMENT_TERMS }).notNull().default('monthly'),
  minimumPayoutCfa: integer('minimum_payout_cfa').notNull().default(10000),
  venues: jsonb('venues').$type<Record<string, unknown>[]>(),
  status: text('status', { enum: PARTNER_STATUSES }).notNull().default('pending'),
  verifiedAt: tstz('verified_at'),
  verifiedByUserId: uuid('verified_by_user_id'),
  autoApproveRedemptions: boolean('auto_approve_redemptions').notNull().default(false),
  notificationPreferences: jsonb('notification_preferences').$type<Record<string, unknown>>(),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'partners_verified_by_user_id_fkey', columns: [t.verifiedByUserId], foreignColumns: [users.id] }).onDelete('set null'),
  check('partners_revenue_split_percentage_check', sql`${t.revenueSplitPercentage} BETWEEN 0 AND 100`),
  check('partners_minimum_payout_cfa_check', sql`${t.minimumPayoutCfa} >= 0`),
  checkIn('partners', 'type', PARTNER_TYPES),
  checkIn('partners', 'payment_terms', PAYMENT_TERMS),
  checkIn('partners', 'status', PARTNER_STATUSES),
  checkJsonSize('partners', 'venues', TEXT_LIMITS.jsonBytes),
  checkJsonSize('partners', 'notification_preferences', TEXT_LIMITS.jsonBytes),
  check('partners_contact_email_check', sql.raw(`contact_email ~ ${sqlLiteral(EMAIL_PATTERN)}`)),
  check('partners_contact_phone_check', sql.raw(`contact_phone ~ ${sqlLiteral(PHONE_PATTERN)}`)),
  // FK lookups on delete of the referenced row (verified_by_user_id); not partial, so it is the FK's index.
  index('partners_verified_by_user_id_idx').on(t.verifiedByUserId),
  readPolicy('partner staff read their partner, admins every partner', sql`${t.id} = ANY (${myPartnerIds}) OR ${isWoloAdmin}`),
]);
export type Partner = typeof partners.$inferSelect; export type NewPartner = typeof partners.$inferInsert;

/**
 * Who may act for a partner (not in the document: it had no link between a partner and its staff).
 * Written by service_role (onboarding); read by the policies through `wolo_private.my_partner_ids()`.
 */
export const partnerStaff = rlsTable(wolo, 'partner_staff', {
  partnerId: uuid('partner_id').notNull(),
  userId: uuid('user_id').notNull(),
  staffRole: text('staff_role', { enum: PARTNER_STAFF_ROLES }).notNull().default('cashier'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ name: 'partner_staff_pkey', columns: [t.partnerId, t.userId] }),
  foreignKey({ name: 'partner_staff_partner_id_fkey', columns: [t.partnerId], foreignColumns: [partners.id] }).onDelete('cascade'),
  foreignKey({ name: 'partner_staff_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  checkIn('partner_staff', 'staff_role', PARTNER_STAFF_ROLES),
  // my_partner_ids(): the caller's partners.
  index('partner_staff_user_id_idx').on(t.userId),
  readPolicy('staff read their own partner links, admins every link', sql`${t.userId} = ${authUid} OR ${isWoloAdmin}`),
  // the definer role's functions read or write it (src/functions/wolo/definer.ts)
  definerPolicy(),
]);
export type PartnerStaff = typeof partnerStaff.$inferSelect; export type NewPartnerStaff = typeof partnerStaff.$inferInsert;

/** Reward packs (doc 003 §3.6). Active packs are a public catalogue; staff manage their partner's. */
export const packs = rlsTable(wolo, 'packs', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 255 }).notNull(),
  description: text('description').notNull(),
  category: text('category', { enum: PACK_CATEGORIES }).notNull(),
  basePriceCfa: integer('base_price_cfa').notNull(),
  discountedPriceCfa: integer('discounted_price_cfa'),
  isActive: boolean('is_active').notNull().default(true),
  availableFrom: date('available_from', { mode: 'string' }),
  availableUntil: date('available_until', { mode: 'string' }),
  maxRedemptionsPerUser: integer('max_redemptions_per_user').notNull().default(1),
  totalAvailableQuantity: integer('total_available_quantity'),
  imageUrl: varchar('image_url', { length: 500 }),
  galleryImages: jsonb('gallery_images').$type<string[]>(),
  partnerId: uuid('partner_id'),
  venueRestrictions: jsonb('venue_restrictions').$type<Record<string, unknown>>(),
  termsAndConditions: text('terms_and_conditions'),
  redemptionInstructions: text('redemption_instructions'),
  validityDays: integer('validity_days').notNull().default(90),
  seoTitle: varchar('seo_title', { length: 255 }),
  seoDescription: text('seo_description'),
  marketingTags: text('marketing_tags').array(),
  ...timestamps(),
}, (t) => [
  // RESTRICT: a partner with packs is suspended or terminated, not deleted.
  foreignKey({ name: 'packs_partner_id_fkey', columns: [t.partnerId], foreignColumns: [partners.id] }).onDelete('restrict'),
  check('packs_base_price_cfa_check', sql`${t.basePriceCfa} > 0`),
  check('packs_discounted_price_cfa_check', sql`${t.discountedPriceCfa} > 0 AND ${t.discountedPriceCfa} <= ${t.basePriceCfa}`),
  check('packs_quantities_check', sql`${t.maxRedemptionsPerUser} >= 1 AND ${t.totalAvailableQuantity} >= 0 AND ${t.validityDays} >= 1`),
  check('packs_availability_check', sql`${t.availableUntil} >= ${t.availableFrom}`),
  checkIn('packs', 'category', PACK_CATEGORIES),
  checkLength('packs', 'description', TEXT_LIMITS.packDescription),
  checkLength('packs', 'terms_and_conditions', TEXT_LIMITS.content),
  checkLength('packs', 'redemption_instructions', TEXT_LIMITS.content),
  checkLength('packs', 'seo_description', TEXT_LIMITS.label),
  checkTags('packs', 'marketing_tags', TEXT_LIMITS.tags, TEXT_LIMITS.tag),
  checkJsonSize('packs', 'gallery_images', TEXT_LIMITS.jsonBytes),
  checkJsonSize('packs', 'venue_restrictions', TEXT_LIMITS.jsonBytes),
  // The partner's packs (staff policy, foreign key).
  index('packs_partner_id_idx').on(t.partnerId),
  // The public catalogue by category.
  index('packs_active_category_idx').on(t.category).where(sql`is_active`),
  pgPolicy('anyone reads active packs', { for: 'select', to: anonRole, using: sql`${t.isActive}` }),
  readPolicy("active packs, staff their partner's; admins all", sql`${t.isActive} OR ${t.partnerId} = ANY (${myPartnerIds}) OR ${isWoloAdmin}`),
  pgPolicy("partner staff edit their partner's packs", {
    for: 'update',
    to: authenticatedRole,
    using: sql`${t.partnerId} = ANY (${myPartnerIds})`,
    withCheck: sql`${t.partnerId} = ANY (${myPartnerIds})`,
  }),
]);
export type Pack = typeof packs.$inferSelect; export type NewPack = typeof packs.$inferInsert;

export const sponsorCampaigns = rlsTable(wolo, 'sponsor_campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  sponsorCompanyName: varchar('sponsor_company_name', { length: 255 }).notNull(),
  campaignName: varchar('campaign_name', { length: 255 }).notNull(),
  description: text('description'),
  targetDemographics: jsonb('target_demographics').$type<Record<string, unknown>>(),
  packCategories: text('pack_categories').array(),
  pointsMultiplier: numeric('points_multiplier', { precision: 3, scale: 2 }).notNull().default('1.5'),
  budgetCfa: integer('budget_cfa').notNull(),
  spentCfa: integer('spent_cfa').notNull().default(0),
  startsAt: tstz('starts_at').notNull(),
  endsAt: tstz('ends_at').notNull(),
  status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
  impressions: integer('impressions').notNull().default(0),
  clicks: integer('clicks').notNull().default(0),
  conversions: integer('conversions').notNull().default(0),
  ...timestamps(),
}, (t) => [
  check('sponsor_campaigns_points_multiplier_check', sql`${t.pointsMultiplier} >= 1`),
  check('sponsor_campaigns_budget_check', sql`${t.budgetCfa} >= 0 AND ${t.spentCfa} >= 0`),
  check('sponsor_campaigns_period_check', sql`${t.endsAt} > ${t.startsAt}`),
  check('sponsor_campaigns_counts_check', sql`${t.impressions} >= 0 AND ${t.clicks} >= 0 AND ${t.conversions} >= 0`),
  checkIn('sponsor_campaigns', 'status', CAMPAIGN_STATUSES),
  // accept_referral: the active campaigns at a given time.
  index('sponsor_campaigns_active_idx').on(t.startsAt, t.endsAt).where(sql`status = 'active'`),
  adminsRead('sponsor_campaigns'),
]);
export type SponsorCampaign = typeof sponsorCampaigns.$inferSelect; export type NewSponsorCampaign = typeof sponsorCampaigns.$inferInsert;

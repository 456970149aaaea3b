import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, numeric, type PgTableExtraConfigValue, pgPolicy, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { anonRole, authenticatedRole, authUid } from 'drizzle-orm/supabase';
import { checkIn, checkJsonSize, checkLength, readPolicy, rlsTable, timestamps, tstz } from '../_shared/index.js';
import { INVITATION_METHODS, POT_STATUSES, POT_VISIBILITIES , TEXT_LIMITS } from './constants.js';
import { users } from './identity.js';
import { packs } from './packs.js';
import { referrals } from './referrals.js';
import { isWoloAdmin, wolo } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';

/**
 * Birthday pots (doc 003 §3.4). `raised_cfa` and `donor_count` (not in the document) are kept by
 * the trigger `wolo.pot_totals_refresh`; users have no privilege on them. Status moves only
 * scheduled → open → funded | expired → closed (`wolo.pots_lifecycle`). `scheduled_open_at` defaults
 * (by the same trigger, at creation) to J-30 before the birthday, midnight in Africa/Dakar.
 */
export const pots = rlsTable(wolo, 'pots', {
  id: uuid('id').primaryKey().defaultRandom(),
  ownerUserId: uuid('owner_user_id').notNull(),
  title: varchar('title', { length: 255 }).notNull(),
  description: text('description'),
  targetAmountCfa: integer('target_amount_cfa').notNull(),
  birthdayDate: date('birthday_date', { mode: 'string' }).notNull(),
  // NOT NULL after the BEFORE INSERT trigger fills it in (J-30).
  scheduledOpenAt: tstz('scheduled_open_at').notNull(),
  actualOpenedAt: tstz('actual_opened_at'),
  closedAt: tstz('closed_at'),
  status: text('status', { enum: POT_STATUSES }).notNull().default('scheduled'),
  visibility: text('visibility', { enum: POT_VISIBILITIES }).notNull().default('private'),
  preferredPackId: uuid('preferred_pack_id'),
  allowAnonymousDonations: boolean('allow_anonymous_donations').notNull().default(true),
  showDonorNames: boolean('show_donor_names').notNull().default(true),
  enableMessages: boolean('enable_messages').notNull().default(true),
  shareCount: integer('share_count').notNull().default(0),
  viewCount: integer('view_count').notNull().default(0),
  coverImageUrl: varchar('cover_image_url', { length: 500 }),
  galleryImages: jsonb('gallery_images').$type<string[]>(),
  createdFromReferralId: uuid('created_from_referral_id'),
  // Running totals (maintained by the database). bigint: a sum of integer donations can pass 2^31-1 (docs/decisions.md).
  raisedCfa: bigint('raised_cfa', { mode: 'number' }).notNull().default(0),
  donorCount: integer('donor_count').notNull().default(0),
  ...timestamps(),
}, (t): PgTableExtraConfigValue[] => [
  // RESTRICT: a pot holds money; close it instead of deleting the owner.
  foreignKey({ name: 'pots_owner_user_id_fkey', columns: [t.ownerUserId], foreignColumns: [users.id] }).onDelete('restrict'),
  foreignKey({ name: 'pots_preferred_pack_id_fkey', columns: [t.preferredPackId], foreignColumns: [packs.id] }).onDelete('set null'),
  foreignKey({ name: 'pots_created_from_referral_id_fkey', columns: [t.createdFromReferralId], foreignColumns: [referrals.id] }).onDelete('set null'),
  check('pots_target_amount_cfa_check', sql`${t.targetAmountCfa} > 0`),
  // The document's rule, with the birthday's eve taken in the business time zone (it cast a date
  // to timestamptz, which depends on each session's TimeZone).
  check('check_open_before_birthday', sql`${t.scheduledOpenAt} <= (((${t.birthdayDate} - 1)::timestamp) AT TIME ZONE wolo.business_time_zone())`),
  checkIn('pots', 'status', POT_STATUSES),
  checkIn('pots', 'visibility', POT_VISIBILITIES),
  checkLength('pots', 'description', TEXT_LIMITS.potDescription),
  checkJsonSize('pots', 'gallery_images', TEXT_LIMITS.jsonBytes),
  check('pots_counts_check', sql`${t.raisedCfa} >= 0 AND ${t.donorCount} >= 0 AND ${t.shareCount} >= 0 AND ${t.viewCount} >= 0`),
  check('pots_title_check', sql`char_length(btrim(${t.title})) > 0`),
  // The owner's pots (owner policy, foreign key).
  index('idx_pots_owner_user_id').on(t.ownerUserId),
  // Pots by lifecycle status (open_due_pots, admin lists); doc 003's index.
  index('idx_pots_status').on(t.status),
  // open_due_pots: scheduled pots whose opening time has come.
  index('idx_pots_scheduled_open_at').on(t.scheduledOpenAt),
  // Pots by birthday date (upcoming birthdays, the J-30 default opening); doc 003's index.
  index('idx_pots_birthday_date').on(t.birthdayDate),
  // The public-pot policy (anon, authenticated) and public listings.
  index('pots_public_idx').on(t.createdAt).where(sql`visibility = 'public'`),
  // FK lookups on delete of the referenced row (preferred_pack_id); not partial, so it is the FK's index.
  index('pots_preferred_pack_id_idx').on(t.preferredPackId),
  // FK lookups on delete of the referenced row (created_from_referral_id); not partial, so it is the FK's index.
  index('pots_created_from_referral_id_idx').on(t.createdFromReferralId),
  pgPolicy('anyone reads public pots', { for: 'select', to: anonRole, using: sql`${t.visibility} = 'public'` }),
  readPolicy('users read public pots and their own, admins every pot', sql`${t.visibility} = 'public' OR ${t.ownerUserId} = ${authUid} OR ${isWoloAdmin}`),
  pgPolicy('owners create their pots', { for: 'insert', to: authenticatedRole, withCheck: sql`${t.ownerUserId} = ${authUid}` }),
  pgPolicy('owners edit their pots', { for: 'update', to: authenticatedRole, using: sql`${t.ownerUserId} = ${authUid}`, withCheck: sql`${t.ownerUserId} = ${authUid}` }),
  pgPolicy('owners delete their pots', { for: 'delete', to: authenticatedRole, using: sql`${t.ownerUserId} = ${authUid}` }),
  // the definer role's functions read or write it (src/functions/wolo/definer.ts)
  definerPolicy(),
]);
export type Pot = typeof pots.$inferSelect; export type NewPot = typeof pots.$inferInsert;

/** The pots the caller owns, as a subquery for policies of child tables (runs under pots' RLS). */
const ownPotIds = sql`(select p.id from wolo.pots p where p.owner_user_id = ${authUid})`;

export const potInvitations = rlsTable(wolo, 'pot_invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  potId: uuid('pot_id').notNull(),
  invitedByUserId: uuid('invited_by_user_id').notNull(),
  invitationMethod: text('invitation_method', { enum: INVITATION_METHODS }).notNull(),
  recipientIdentifier: varchar('recipient_identifier', { length: 255 }).notNull(),
  customMessage: text('custom_message'),
  sentAt: tstz('sent_at').notNull().defaultNow(),
  openedAt: tstz('opened_at'),
  clickedAt: tstz('clicked_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'pot_invitations_pot_id_fkey', columns: [t.potId], foreignColumns: [pots.id] }).onDelete('cascade'),
  foreignKey({ name: 'pot_invitations_invited_by_user_id_fkey', columns: [t.invitedByUserId], foreignColumns: [users.id] }).onDelete('cascade'),
  checkIn('pot_invitations', 'invitation_method', INVITATION_METHODS),
  checkLength('pot_invitations', 'custom_message', TEXT_LIMITS.customMessage),
  // A pot's invitations (owner policy, foreign key).
  index('pot_invitations_pot_id_idx').on(t.potId),
  // The inviting user's FK, and forget_user's delete of the person's invitations.
  index('pot_invitations_invited_by_user_id_idx').on(t.invitedByUserId),
  readPolicy("owners read their pots' invitations, admins every invitation", sql`${t.potId} IN ${ownPotIds} OR ${t.invitedByUserId} = ${authUid} OR ${isWoloAdmin}`),
  pgPolicy('owners invite to their pots', {
    for: 'insert',
    to: authenticatedRole,
    withCheck: sql`${t.invitedByUserId} = ${authUid} AND ${t.potId} IN ${ownPotIds}`,
  }),
]);
export type PotInvitation = typeof potInvitations.$inferSelect; export type NewPotInvitation = typeof potInvitations.$inferInsert;

export const potAnalytics = rlsTable(wolo, 'pot_analytics', {
  id: uuid('id').primaryKey().defaultRandom(),
  potId: uuid('pot_id').notNull(),
  snapshotDate: date('snapshot_date', { mode: 'string' }).notNull(),
  // bigint like pots.raised_cfa, whose snapshot it is.
  totalRaisedCfa: bigint('total_raised_cfa', { mode: 'number' }).notNull().default(0),
  donorCount: integer('donor_count').notNull().default(0),
  viewCount: integer('view_count').notNull().default(0),
  shareCount: integer('share_count').notNull().default(0),
  conversionRate: numeric('conversion_rate', { precision: 5, scale: 4 }),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'pot_analytics_pot_id_fkey', columns: [t.potId], foreignColumns: [pots.id] }).onDelete('cascade'),
  // One snapshot per pot and day; serves the owner policy and the foreign key.
  unique('pot_analytics_pot_id_snapshot_date_key').on(t.potId, t.snapshotDate),
  check('pot_analytics_counts_check', sql`${t.totalRaisedCfa} >= 0 AND ${t.donorCount} >= 0 AND ${t.viewCount} >= 0 AND ${t.shareCount} >= 0`),
  check('pot_analytics_conversion_rate_check', sql`${t.conversionRate} BETWEEN 0 AND 1`),
  readPolicy("owners read their pots' analytics, admins every pot's", sql`${t.potId} IN ${ownPotIds} OR ${isWoloAdmin}`),
]);
export type PotAnalytics = typeof potAnalytics.$inferSelect; export type NewPotAnalytics = typeof potAnalytics.$inferInsert;

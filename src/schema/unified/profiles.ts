import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, numeric, pgPolicy, type PgTableExtraConfigValue, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUid, authUsers } from 'drizzle-orm/supabase';
import { checkJsonSize, checkLength, checkTags, EMAIL_MAX_LENGTH, EMAIL_PATTERN, PHONE_PATTERN, readPolicy, rlsTable, sqlList, sqlLiteral, TEXT_LIMITS, timestamps } from '../_shared/index.js';
import { definerPolicy, isAdminSql } from './_shared.js';
import { AFFILIATE_STATUSES, PROFILE_STATUSES } from './constants.js';

/** Membership tiers a profile may hold. */
export const membershipLevels = rlsTable('public', 'membership_levels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  description: text('description'),
  ...timestamps(),
}, (t) => [
  checkLength('membership_levels', 'name', TEXT_LIMITS.label),
  checkLength('membership_levels', 'description', TEXT_LIMITS.content),
  // Lookup by name (admin forms, imports); also keeps names distinct.
  uniqueIndex('membership_levels_name_key').on(t.name),
  readPolicy('authenticated users read membership levels', sql`true`),
]);
export type MembershipLevel = typeof membershipLevels.$inferSelect; export type NewMembershipLevel = typeof membershipLevels.$inferInsert;

/**
 * One row per person, merged from Systeme.io (names, tags) and Xendit (payments) by email.
 * `id` is the Supabase auth user's id (doc 001: unified_profiles_id_fkey).
 */
export const unifiedProfiles = rlsTable('public', 'unified_profiles', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  firstName: text('first_name'),
  lastName: text('last_name'),
  phone: text('phone'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  acquisitionSource: text('acquisition_source'),
  status: text('status', { enum: PROFILE_STATUSES }).notNull().default('active'),
  adminMetadata: jsonb('admin_metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  systemeioId: text('systemeio_id'),
  membershipLevelId: uuid('membership_level_id'),
  affiliateId: uuid('affiliate_id'),
  ...timestamps(),
  // Annotated: the circular reference with affiliates would otherwise make the inferred types circular.
}, (t): PgTableExtraConfigValue[] => [
  foreignKey({ name: 'unified_profiles_id_fkey', columns: [t.id], foreignColumns: [authUsers.id] }).onDelete('cascade'),
  foreignKey({ name: 'unified_profiles_membership_level_id_fkey', columns: [t.membershipLevelId], foreignColumns: [membershipLevels.id] }).onDelete('set null'),
  // The circular reference of doc 001: a profile points at its affiliate record, which points back.
  foreignKey({ name: 'fk_unified_profiles_affiliate_id', columns: [t.affiliateId], foreignColumns: [affiliates.id] }).onDelete('set null'),
  check('unified_profiles_email_check', sql.raw(`char_length(email) <= ${EMAIL_MAX_LENGTH} AND email ~ ${sqlLiteral(EMAIL_PATTERN)}`)),
  check('unified_profiles_phone_check', sql.raw(`phone ~ ${sqlLiteral(PHONE_PATTERN)}`)),
  check('unified_profiles_status_check', sql.raw(`status IN (${sqlList(PROFILE_STATUSES)})`)),
  checkLength('unified_profiles', 'first_name', TEXT_LIMITS.name),
  checkLength('unified_profiles', 'last_name', TEXT_LIMITS.name),
  checkLength('unified_profiles', 'acquisition_source', TEXT_LIMITS.label),
  checkLength('unified_profiles', 'systemeio_id', TEXT_LIMITS.label),
  checkTags('unified_profiles', 'tags', TEXT_LIMITS.tags, TEXT_LIMITS.tag),
  checkJsonSize('unified_profiles', 'admin_metadata', TEXT_LIMITS.jsonBytes),
  // Case-insensitive uniqueness and the email lookup of sync_profile_data / admin search (lower(email) = $1).
  uniqueIndex('unified_profiles_email_key').using('btree', sql`lower(${t.email})`),
  // Systeme.io contact id lookups during sync; one profile per contact.
  uniqueIndex('unified_profiles_systemeio_id_key').on(t.systemeioId),
  // marketing_source_view: signups per source and cohort month (source filter + created_at range).
  index('unified_profiles_acquisition_source_created_at_idx').on(t.acquisitionSource, t.createdAt),
  // Cohort/signup charts over a date range without a source filter.
  index('unified_profiles_created_at_idx').on(t.createdAt),
  // Admin list filtered by tag (tags @> ARRAY['x']).
  index('unified_profiles_tags_idx').using('gin', t.tags),
  // Admin list filtered by status (non-active profiles are few): partial.
  index('unified_profiles_status_idx').on(t.status).where(sql`status <> 'active'`),
  // FK lookups when a membership level or affiliate is deleted (ON DELETE SET NULL).
  index('unified_profiles_membership_level_id_idx').on(t.membershipLevelId),
  // The affiliate FK's ON DELETE SET NULL, and an affiliate's referred profiles.
  index('unified_profiles_affiliate_id_idx').on(t.affiliateId),
  // one permissive policy per role and action (docs/conventions.md): own row, or any row for an admin
  readPolicy('users read their own profile, admins every profile', sql`${t.id} = ${authUid} OR ${isAdminSql}`),
  // Which columns may change is decided by the column-level GRANT UPDATE (first_name, last_name, phone).
  pgPolicy('users update the contact fields of their own profile', {
    for: 'update',
    to: authenticatedRole,
    using: sql`${t.id} = ${authUid}`,
    withCheck: sql`${t.id} = ${authUid}`,
  }),
  definerPolicy(),
]);
export type UnifiedProfile = typeof unifiedProfiles.$inferSelect; export type NewUnifiedProfile = typeof unifiedProfiles.$inferInsert;

/** Affiliate accounts; `user_id` is the profile of the affiliate (doc 001: affiliates_user_id_fkey). */
export const affiliates = rlsTable('public', 'affiliates', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  code: text('code').notNull(),
  status: text('status', { enum: AFFILIATE_STATUSES }).notNull().default('pending'),
  commissionRate: numeric('commission_rate', { precision: 5, scale: 4 }).notNull().default('0'),
  ...timestamps(),
}, (t): PgTableExtraConfigValue[] => [
  foreignKey({ name: 'affiliates_user_id_fkey', columns: [t.userId], foreignColumns: [unifiedProfiles.id] }).onDelete('cascade'),
  check('affiliates_status_check', sql.raw(`status IN (${sqlList(AFFILIATE_STATUSES)})`)),
  check('affiliates_commission_rate_check', sql`commission_rate >= 0 AND commission_rate <= 1`),
  check('affiliates_code_check', sql`code ~ '^[A-Za-z0-9_-]{2,64}$'`),
  // One affiliate record per profile; serves the RLS policy (user_id = auth.uid()).
  uniqueIndex('affiliates_user_id_key').on(t.userId),
  // Referral links resolve the affiliate by code.
  uniqueIndex('affiliates_code_key').on(t.code),
  readPolicy('users read their own affiliate record, admins every record', sql`${t.userId} = ${authUid} OR ${isAdminSql}`),
]);
export type Affiliate = typeof affiliates.$inferSelect; export type NewAffiliate = typeof affiliates.$inferInsert;

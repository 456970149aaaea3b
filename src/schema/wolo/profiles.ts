import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, jsonb, pgPolicy, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUid } from 'drizzle-orm/supabase';
import { checkIn, checkJsonSize, checkLength, readPolicy, rlsTable, timestamps, tstz } from '../_shared/index.js';
import { ADDRESS_TYPES, WOLO_BUSINESS_TIME_ZONE, COUNTRY_PATTERN, ID_TYPES, RELATIONSHIP_TYPES, sqlLiteral , TEXT_LIMITS } from './constants.js';
import { users } from './identity.js';
import { isWoloAdmin, wolo } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';

/**
 * Profiles service (doc 003 §3.2). The document's `check_minor_has_guardian` called AGE(), which
 * depends on today's date (a row valid today is invalid tomorrow, and a dump may not restore); the
 * rule is enforced at write time by the trigger `wolo.profiles_minor_guardian` instead.
 */
export const profiles = rlsTable(wolo, 'profiles', {
  userId: uuid('user_id').primaryKey(),
  fullName: varchar('full_name', { length: 255 }).notNull(),
  dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
  locale: varchar('locale', { length: 10 }).notNull().default('fr-SN'),
  timezone: varchar('timezone', { length: 50 }).notNull().default(WOLO_BUSINESS_TIME_ZONE),
  avatarUrl: varchar('avatar_url', { length: 500 }),
  bio: text('bio'),
  // Guardian relationship (for minors < 18)
  guardianUserId: uuid('guardian_user_id'),
  relationshipType: text('relationship_type', { enum: RELATIONSHIP_TYPES }),
  // Identity verification
  // pgcrypto ciphertext (base64 of pgp_sym_encrypt), written only by wolo.set_id_number (part 2).
  idNumber: text('id_number'),
  idType: text('id_type', { enum: ID_TYPES }),
  idCountry: varchar('id_country', { length: 3 }),
  // Keyed hash (HMAC-SHA256, hex) of the normalised ID number, for duplicate detection.
  idHash: varchar('id_hash', { length: 255 }),
  idMediaUrl: varchar('id_media_url', { length: 500 }),
  idVerifiedAt: tstz('id_verified_at'),
  idVerifiedBy: uuid('id_verified_by'),
  // Privacy & preferences
  isProfilePublic: boolean('is_profile_public').notNull().default(true),
  allowContactBySponsors: boolean('allow_contact_by_sponsors').notNull().default(true),
  notificationPreferences: jsonb('notification_preferences')
    .$type<Record<string, boolean>>()
    .notNull()
    .default(sql`'{"email": true, "sms": true, "whatsapp": true}'::jsonb`),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'profiles_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  // RESTRICT: a guardian's account cannot vanish from under a minor's profile.
  foreignKey({ name: 'profiles_guardian_user_id_fkey', columns: [t.guardianUserId], foreignColumns: [users.id] }).onDelete('restrict'),
  foreignKey({ name: 'profiles_id_verified_by_fkey', columns: [t.idVerifiedBy], foreignColumns: [users.id] }).onDelete('set null'),
  checkIn('profiles', 'relationship_type', RELATIONSHIP_TYPES),
  checkIn('profiles', 'id_type', ID_TYPES),
  checkLength('profiles', 'bio', TEXT_LIMITS.bio),
  checkJsonSize('profiles', 'notification_preferences', TEXT_LIMITS.jsonBytes),
  check('profiles_id_country_check', sql.raw(`id_country ~ ${sqlLiteral(COUNTRY_PATTERN)}`)),
  check('profiles_guardian_not_self_check', sql`${t.guardianUserId} <> ${t.userId}`),
  check('profiles_full_name_check', sql`char_length(btrim(${t.fullName})) > 0`),
  // Age pyramids and birthday lookups.
  index('idx_profiles_date_of_birth').on(t.dateOfBirth),
  // A guardian's minors (the guardian policy filters on it).
  // FK lookups on delete of the referenced row (guardian_user_id); not partial, so it is the FK's index.
  index('idx_profiles_guardian_user_id').on(t.guardianUserId),
  // Serves the foreign key when a verifier is deleted.
  // Duplicate ID detection (wolo.set_id_number).
  index('profiles_id_hash_idx').on(t.idHash).where(sql`id_hash IS NOT NULL`),
  // FK lookups on delete of the referenced row (id_verified_by); not partial, so it is the FK's index.
  index('profiles_id_verified_by_idx').on(t.idVerifiedBy),
  readPolicy("own profile, a guardian's minor's; admins all", sql`${t.userId} = ${authUid} OR ${t.guardianUserId} = ${authUid} OR ${isWoloAdmin}`),
  pgPolicy('users create their own profile', { for: 'insert', to: authenticatedRole, withCheck: sql`${t.userId} = ${authUid}` }),
  pgPolicy('users edit their own profile', { for: 'update', to: authenticatedRole, using: sql`${t.userId} = ${authUid}`, withCheck: sql`${t.userId} = ${authUid}` }),
  // the definer role's functions read or write it (src/functions/wolo/definer.ts)
  definerPolicy(),
]);
export type Profile = typeof profiles.$inferSelect; export type NewProfile = typeof profiles.$inferInsert;

export const userAddresses = rlsTable(wolo, 'user_addresses', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  type: text('type', { enum: ADDRESS_TYPES }).notNull().default('primary'),
  streetAddress: text('street_address'),
  city: varchar('city', { length: 100 }),
  region: varchar('region', { length: 100 }),
  country: varchar('country', { length: 3 }).notNull().default('SEN'),
  postalCode: varchar('postal_code', { length: 10 }),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'user_addresses_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  checkIn('user_addresses', 'type', ADDRESS_TYPES),
  checkLength('user_addresses', 'street_address', TEXT_LIMITS.streetAddress),
  check('user_addresses_country_check', sql.raw(`country ~ ${sqlLiteral(COUNTRY_PATTERN)}`)),
  // A user's addresses (own-row policy, foreign key).
  index('user_addresses_user_id_idx').on(t.userId),
  readPolicy('users read their own addresses, admins every address', sql`${t.userId} = ${authUid} OR ${isWoloAdmin}`),
  pgPolicy('users add their own addresses', { for: 'insert', to: authenticatedRole, withCheck: sql`${t.userId} = ${authUid}` }),
  pgPolicy('users edit their own addresses', { for: 'update', to: authenticatedRole, using: sql`${t.userId} = ${authUid}`, withCheck: sql`${t.userId} = ${authUid}` }),
  pgPolicy('users delete their own addresses', { for: 'delete', to: authenticatedRole, using: sql`${t.userId} = ${authUid}` }),
]);
export type UserAddress = typeof userAddresses.$inferSelect; export type NewUserAddress = typeof userAddresses.$inferInsert;

import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, jsonb, pgPolicy, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUsers } from 'drizzle-orm/supabase';
import { authUid, checkIn, isAdminSql, timestamps, tstz, ownRowPolicies } from './_shared.js';
import { ADDRESS_TYPES, COUNTRY_PATTERN, EMAIL_MAX_LENGTH, EMAIL_PATTERN, LANGUAGE_PATTERN, PHONE_PATTERN, sqlLiteral, USER_STATUSES } from './constants.js';
import { learning } from './schema.js';
import { checkJsonSize, checkLength, readPolicy, rlsTable, TEXT_LIMITS } from '../_shared/index.js';

/**
 * A person on the platform (doc 004, "Enhanced user profile"). `id` is the auth user's id, so
 * `auth.uid()` is the key of every policy. `encrypted_ssn` holds ciphertext from
 * `learning.encrypt_sensitive_data` only.
 */
export const users = rlsTable(learning, 'users', {
  id: uuid('id').primaryKey(),
  email: varchar('email', { length: 255 }).notNull(),
  name: varchar('name', { length: 100 }).notNull(),
  firstName: varchar('first_name', { length: 50 }),
  lastName: varchar('last_name', { length: 50 }),
  phone: varchar('phone', { length: 20 }),
  dateOfBirth: date('date_of_birth', { mode: 'string' }),
  gender: varchar('gender', { length: 20 }),
  timezone: varchar('timezone', { length: 50 }).notNull().default('UTC'),
  language: varchar('language', { length: 10 }).notNull().default('en'),
  status: text('status', { enum: USER_STATUSES }).notNull().default('active'),
  emailVerified: boolean('email_verified').notNull().default(false),
  phoneVerified: boolean('phone_verified').notNull().default(false),
  bio: text('bio'),
  avatarUrl: text('avatar_url'),
  websiteUrl: text('website_url'),
  linkedinUrl: text('linkedin_url'),
  twitterUrl: text('twitter_url'),
  encryptedSsn: text('encrypted_ssn'),
  lastLoginAt: tstz('last_login_at'),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'users_id_fkey', columns: [t.id], foreignColumns: [authUsers.id] }).onDelete('cascade'),
  check('valid_email', sql.raw(`char_length(email) <= ${EMAIL_MAX_LENGTH} AND email ~ ${sqlLiteral(EMAIL_PATTERN)}`)),
  check('valid_phone', sql.raw(`phone ~ ${sqlLiteral(PHONE_PATTERN)}`)),
  check('users_language_check', sql.raw(`language ~ ${sqlLiteral(LANGUAGE_PATTERN)}`)),
  check('users_bio_check', sql`char_length(bio) <= 5000`),
  checkLength('users', 'avatar_url', TEXT_LIMITS.url),
  checkLength('users', 'website_url', TEXT_LIMITS.url),
  checkLength('users', 'linkedin_url', TEXT_LIMITS.url),
  checkLength('users', 'twitter_url', TEXT_LIMITS.url),
  checkIn('users', 'status', USER_STATUSES),
  // Sign-in and admin lookups by email, case-insensitive (doc: idx_users_email); also one account per email.
  uniqueIndex('idx_users_email').using('btree', sql`lower(${t.email})`),
  // Admin lists of active users (doc: idx_users_status).
  index('idx_users_status').on(t.status).where(sql`status = 'active'`),
  // Signup charts over a date range (doc: idx_users_created_at).
  index('idx_users_created_at').on(t.createdAt),
  readPolicy('users read their own profile and admins every profile', sql`${t.id} = ${authUid} OR ${isAdminSql}`),
  pgPolicy('users create their own profile', { for: 'insert', to: authenticatedRole, withCheck: sql`${t.id} = ${authUid}` }),
  // Which columns may change is decided by the column-level GRANT UPDATE (src/functions/learning/grants.ts).
  pgPolicy('users update their own profile', { for: 'update', to: authenticatedRole, using: sql`${t.id} = ${authUid}`, withCheck: sql`${t.id} = ${authUid}` }),
]);
export type User = typeof users.$inferSelect; export type NewUser = typeof users.$inferInsert;

/** Postal addresses; at most one default per user and type (a partial unique index, not the doc's invalid `UNIQUE … WHERE`). */
export const userAddresses = rlsTable(learning, 'user_addresses', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  type: varchar('type', { length: 20, enum: ADDRESS_TYPES }).notNull(),
  streetAddress: varchar('street_address', { length: 255 }),
  city: varchar('city', { length: 100 }),
  stateProvince: varchar('state_province', { length: 100 }),
  postalCode: varchar('postal_code', { length: 20 }),
  country: varchar('country', { length: 2 }),
  isDefault: boolean('is_default').notNull().default(false),
  /** Ciphertext from learning.encrypt_sensitive_data (doc: "Data Encryption"). */
  encryptedDetails: text('encrypted_details'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'user_addresses_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  checkIn('user_addresses', 'type', ADDRESS_TYPES),
  check('user_addresses_country_check', sql.raw(`country ~ ${sqlLiteral(COUNTRY_PATTERN)}`)),
  // ciphertext of the details (learning.encrypt_sensitive_data: armored, about 4/3 of the text plus a header),
  checkLength('user_addresses', 'encrypted_details', TEXT_LIMITS.document),
  // One default address per user and type.
  uniqueIndex('user_addresses_user_id_type_default_key').on(t.userId, t.type).where(sql`is_default`),
  // RLS (user_id = auth.uid()) and "my addresses".
  index('user_addresses_user_id_idx').on(t.userId),
  ...ownRowPolicies('addresses', t.userId),
]);
export type UserAddress = typeof userAddresses.$inferSelect; export type NewUserAddress = typeof userAddresses.$inferInsert;

/** Settings by category and key, one row each. */
export const userPreferences = rlsTable(learning, 'user_preferences', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  category: varchar('category', { length: 50 }).notNull(),
  key: varchar('key', { length: 100 }).notNull(),
  value: jsonb('value'),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'user_preferences_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  checkJsonSize('user_preferences', 'value', TEXT_LIMITS.jsonBytes),
  // A user's preferences by category (also RLS: user_id leads).
  uniqueIndex('user_preferences_user_id_category_key_key').on(t.userId, t.category, t.key),
  ...ownRowPolicies('preferences', t.userId),
]);
export type UserPreference = typeof userPreferences.$inferSelect; export type NewUserPreference = typeof userPreferences.$inferInsert;

/** RBAC roles (doc 004). Written by the service role; signed-in users read the active ones. */
export const roles = rlsTable(learning, 'roles', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 50 }).notNull(),
  description: text('description'),
  permissions: jsonb('permissions').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  // One role per name (the doc's UNIQUE name); a role looked up by name when it is assigned.
  uniqueIndex('roles_name_key').on(t.name),
  check('roles_permissions_check', sql`jsonb_typeof(permissions) = 'array'`),
  readPolicy('signed-in users read active roles', sql`${t.isActive} OR ${isAdminSql}`),
]);
export type Role = typeof roles.$inferSelect; export type NewRole = typeof roles.$inferInsert;

export const userRoles = rlsTable(learning, 'user_roles', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  roleId: uuid('role_id').notNull(),
  assignedAt: tstz('assigned_at').notNull().defaultNow(),
  assignedBy: uuid('assigned_by'),
  expiresAt: tstz('expires_at'),
}, (t) => [
  foreignKey({ name: 'user_roles_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  foreignKey({ name: 'user_roles_role_id_fkey', columns: [t.roleId], foreignColumns: [roles.id] }).onDelete('cascade'),
  foreignKey({ name: 'user_roles_assigned_by_fkey', columns: [t.assignedBy], foreignColumns: [users.id] }).onDelete('set null'),
  check('user_roles_expires_at_check', sql`expires_at IS NULL OR expires_at > assigned_at`),
  // A user's roles (RLS: user_id leads); one assignment per role.
  uniqueIndex('user_roles_user_id_role_id_key').on(t.userId, t.roleId),
  // The FKs' ON DELETE when a role or an assigning user is deleted.
  index('user_roles_role_id_idx').on(t.roleId),
  // The assigning user's FK (ON DELETE) when that user is deleted.
  index('user_roles_assigned_by_idx').on(t.assignedBy),
  readPolicy('users read their own role assignments and admins every one', sql`${t.userId} = ${authUid} OR ${isAdminSql}`),
]);
export type UserRole = typeof userRoles.$inferSelect; export type NewUserRole = typeof userRoles.$inferInsert;

import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, inet, jsonb, pgPolicy, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUid, authUsers } from 'drizzle-orm/supabase';
import { checkIn, checkJsonSize, readPolicy, rlsTable, TEXT_LIMITS, timestamps, tstz } from '../_shared/index.js';
import { AUTH_PROVIDERS, EMAIL_MAX_LENGTH, EMAIL_PATTERN, PHONE_PATTERN, sqlList, sqlLiteral, USER_ROLES } from './constants.js';
import { adminsRead, isWoloAdmin, wolo } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';

/**
 * Identity service (doc 003 §3.1). `id` is the auth user's id, so one person has one identity across
 * the apps of the database and policies read `auth.uid()`. `roles` is what `wolo_private.has_role()` reads;
 * users cannot change it (no column grant).
 */
export const users = rlsTable(wolo, 'users', {
  id: uuid('id').primaryKey(),
  phone: varchar('phone', { length: 20 }),
  email: varchar('email', { length: 255 }),
  authProvider: text('auth_provider', { enum: AUTH_PROVIDERS }).notNull().default('phone'),
  roles: text('roles').array().notNull().default(sql`ARRAY['user']::text[]`),
  isActive: boolean('is_active').notNull().default(true),
  ...timestamps(),
  lastLoginAt: tstz('last_login_at'),
  // Account deletion requested (part 2): wolo.purge_expired_data forgets the person 30 days later.
  deletedAt: tstz('deleted_at'),
}, (t) => [
  foreignKey({ name: 'users_id_fkey', columns: [t.id], foreignColumns: [authUsers.id] }).onDelete('cascade'),
  check('check_contact_method', sql`${t.phone} IS NOT NULL OR ${t.email} IS NOT NULL`),
  checkIn('users', 'auth_provider', AUTH_PROVIDERS),
  check('users_roles_check', sql.raw(`roles <@ ARRAY[${sqlList(USER_ROLES)}]::text[]`)),
  check('users_email_check', sql.raw(`char_length(email) <= ${Math.min(EMAIL_MAX_LENGTH, 255)} AND email ~ ${sqlLiteral(EMAIL_PATTERN)}`)),
  check('users_phone_check', sql.raw(`phone ~ ${sqlLiteral(PHONE_PATTERN)}`)),
  // The document's UNIQUE(phone) and idx_users_phone as one index: login by phone.
  uniqueIndex('idx_users_phone').on(t.phone).where(sql`phone IS NOT NULL`),
  // The document's UNIQUE(email) and idx_users_email as one index, case-insensitive: login by email.
  uniqueIndex('idx_users_email').using('btree', sql`lower(${t.email})`).where(sql`email IS NOT NULL`),
  // Admin lists by role (roles @> ARRAY['partner']).
  index('idx_users_roles').using('gin', t.roles),
  readPolicy('users read their own row, admins every row', sql`${t.id} = ${authUid} OR ${isWoloAdmin}`),
  // Which columns: the column grants (never roles or is_active).
  pgPolicy('users create their own row', { for: 'insert', to: authenticatedRole, withCheck: sql`${t.id} = ${authUid}` }),
  pgPolicy('users edit their own row', { for: 'update', to: authenticatedRole, using: sql`${t.id} = ${authUid}`, withCheck: sql`${t.id} = ${authUid}` }),
  // the definer role's functions read or write it (src/functions/wolo/definer.ts)
  definerPolicy(),
]);
export type User = typeof users.$inferSelect; export type NewUser = typeof users.$inferInsert;

export const userSessions = rlsTable(wolo, 'user_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  tokenHash: varchar('token_hash', { length: 255 }).notNull(),
  deviceInfo: jsonb('device_info').$type<Record<string, unknown>>(),
  ipAddress: inet('ip_address'),
  expiresAt: tstz('expires_at').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  isRevoked: boolean('is_revoked').notNull().default(false),
}, (t) => [
  foreignKey({ name: 'user_sessions_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  checkJsonSize('user_sessions', 'device_info', TEXT_LIMITS.jsonBytes),
  // Session lookup by token on every authenticated request.
  index('idx_user_sessions_token_hash').on(t.tokenHash),
  // A user's sessions (revoke all); serves the foreign key.
  index('idx_user_sessions_user_id').on(t.userId),
  adminsRead('user_sessions'),
]);
export type UserSession = typeof userSessions.$inferSelect; export type NewUserSession = typeof userSessions.$inferInsert;

export const passwordResetTokens = rlsTable(wolo, 'password_reset_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  tokenHash: varchar('token_hash', { length: 255 }).notNull(),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'password_reset_tokens_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  // Reset link lookup by token.
  index('password_reset_tokens_token_hash_idx').on(t.tokenHash),
  // Serves the foreign key (user deletion).
  index('password_reset_tokens_user_id_idx').on(t.userId),
  adminsRead('password_reset_tokens'),
]);
export type PasswordResetToken = typeof passwordResetTokens.$inferSelect; export type NewPasswordResetToken = typeof passwordResetTokens.$inferInsert;

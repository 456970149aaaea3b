import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, jsonb, text, uuid } from 'drizzle-orm/pg-core';
import { authUsers } from 'drizzle-orm/supabase';
import { definerPolicy, isAdminSql } from './_shared.js';
import { NOTIFICATION_TYPES } from './constants.js';
import { readPolicy, rlsTable, sqlList, tstz } from '../_shared/index.js';
import { transactions } from './transactions.js';

/**
 * Profile history written by the `after_profile_update` trigger: only the changed columns, old and
 * new values. `profile_id` has no foreign key on purpose: the history outlives a deleted profile.
 */
export const profileAuditLog = rlsTable('public', 'profile_audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  profileId: uuid('profile_id').notNull(),
  operation: text('operation').notNull().default('UPDATE'),
  changedColumns: text('changed_columns').array().notNull(),
  oldValues: jsonb('old_values').$type<Record<string, unknown>>().notNull(),
  newValues: jsonb('new_values').$type<Record<string, unknown>>().notNull(),
  /** auth.uid() of the JWT that made the change, when there was one. */
  actorId: uuid('actor_id'),
  /** The JWT role (authenticated, service_role) or, without a JWT, the database session user. */
  actorRole: text('actor_role'),
  changedAt: tstz('changed_at').notNull().defaultNow(),
}, (t) => [
  check('profile_audit_log_operation_check', sql`operation IN ('UPDATE')`),
  // A profile's history, newest first.
  index('profile_audit_log_profile_id_changed_at_idx').on(t.profileId, t.changedAt.desc()),
  readPolicy('admins read the profile audit log', isAdminSql),
  definerPolicy(),
]);
export type ProfileAuditEntry = typeof profileAuditLog.$inferSelect; export type NewProfileAuditEntry = typeof profileAuditLog.$inferInsert;

/** Admin alerts written by the transaction triggers (payments, refunds, enrollments). */
export const adminNotifications = rlsTable('public', 'admin_notifications', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  type: text('type', { enum: NOTIFICATION_TYPES }).notNull(),
  title: text('title').notNull(),
  message: text('message'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  transactionId: uuid('transaction_id'),
  userId: uuid('user_id'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  readAt: tstz('read_at'),
}, (t) => [
  foreignKey({ name: 'admin_notifications_transaction_id_fkey', columns: [t.transactionId], foreignColumns: [transactions.id] }).onDelete('set null'),
  foreignKey({ name: 'admin_notifications_user_id_fkey', columns: [t.userId], foreignColumns: [authUsers.id] }).onDelete('set null'),
  check('admin_notifications_type_check', sql.raw(`type IN (${sqlList(NOTIFICATION_TYPES)})`)),
  // The admin bell: unread notifications, newest first.
  index('admin_notifications_unread_idx').on(t.createdAt.desc()).where(sql`read_at IS NULL`),
  // A transaction's notifications; also the FK's ON DELETE SET NULL.
  index('admin_notifications_transaction_id_idx').on(t.transactionId),
  // The FK's ON DELETE SET NULL when an auth user is deleted.
  index('admin_notifications_user_id_idx').on(t.userId),
  readPolicy('admins read admin notifications', isAdminSql),
  definerPolicy(),
]);
export type AdminNotification = typeof adminNotifications.$inferSelect; export type NewAdminNotification = typeof adminNotifications.$inferInsert;

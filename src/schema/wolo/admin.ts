import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, inet, integer, jsonb, pgPolicy, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { authenticatedRole } from 'drizzle-orm/supabase';
import { checkIn, rlsTable, timestamps, tstz } from '../_shared/index.js';
import { ACTOR_TYPES, ADMIN_LEVELS, CONFIG_DATA_TYPES, ENVIRONMENTS, FLAG_TYPES, HEALTH_STATUSES, TERMINATION_REASONS } from './constants.js';
import { users } from './identity.js';
import { adminsRead, wolo } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';

// Admin service (doc 003 §3.10): tables only; flags, audit and retention logic are part 2.

export const featureFlags = rlsTable(wolo, 'feature_flags', {
  id: uuid('id').primaryKey().defaultRandom(),
  flagKey: varchar('flag_key', { length: 100 }).notNull(),
  name: varchar('name', { length: 255 }).notNull(),
  description: text('description'),
  isEnabled: boolean('is_enabled').notNull().default(false),
  flagType: text('flag_type', { enum: FLAG_TYPES }).notNull().default('boolean'),
  flagValue: jsonb('flag_value'),
  rolloutPercentage: integer('rollout_percentage').notNull().default(0),
  targetUserGroups: text('target_user_groups').array(),
  targetRegions: text('target_regions').array(),
  environment: text('environment', { enum: ENVIRONMENTS }).notNull().default('production'),
  createdByUserId: uuid('created_by_user_id'),
  lastModifiedByUserId: uuid('last_modified_by_user_id'),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'feature_flags_created_by_user_id_fkey', columns: [t.createdByUserId], foreignColumns: [users.id] }).onDelete('set null'),
  foreignKey({ name: 'feature_flags_last_modified_by_user_id_fkey', columns: [t.lastModifiedByUserId], foreignColumns: [users.id] }).onDelete('set null'),
  unique('feature_flags_flag_key_key').on(t.flagKey),
  check('feature_flags_rollout_percentage_check', sql`${t.rolloutPercentage} BETWEEN 0 AND 100`),
  checkIn('feature_flags', 'flag_type', FLAG_TYPES),
  checkIn('feature_flags', 'environment', ENVIRONMENTS),
  // FK lookups on delete of the referenced row (created_by_user_id); not partial, so it is the FK's index.
  index('feature_flags_created_by_user_id_idx').on(t.createdByUserId),
  // FK lookups on delete of the referenced row (last_modified_by_user_id); not partial, so it is the FK's index.
  index('feature_flags_last_modified_by_user_id_idx').on(t.lastModifiedByUserId),
  adminsRead('feature_flags'),
  // the definer role's functions read or write it (src/functions/wolo/definer.ts)
  definerPolicy(),
]);
export type FeatureFlag = typeof featureFlags.$inferSelect; export type NewFeatureFlag = typeof featureFlags.$inferInsert;

/** System configuration; `points_conversion_rate` (a JSON number) overrides the default rate. */
export const systemConfig = rlsTable(wolo, 'system_config', {
  id: uuid('id').primaryKey().defaultRandom(),
  configKey: varchar('config_key', { length: 100 }).notNull(),
  configValue: jsonb('config_value').notNull(),
  description: text('description'),
  dataType: text('data_type', { enum: CONFIG_DATA_TYPES }).notNull(),
  isSensitive: boolean('is_sensitive').notNull().default(false),
  validationRules: jsonb('validation_rules').$type<Record<string, unknown>>(),
  environment: text('environment', { enum: ENVIRONMENTS }).notNull().default('production'),
  lastModifiedByUserId: uuid('last_modified_by_user_id'),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'system_config_last_modified_by_user_id_fkey', columns: [t.lastModifiedByUserId], foreignColumns: [users.id] }).onDelete('set null'),
  unique('system_config_config_key_key').on(t.configKey),
  checkIn('system_config', 'data_type', CONFIG_DATA_TYPES),
  checkIn('system_config', 'environment', ENVIRONMENTS),
  check(
    'system_config_config_value_type_check',
    sql`jsonb_typeof(${t.configValue}) = CASE ${t.dataType} WHEN 'object' THEN 'object' WHEN 'array' THEN 'array' WHEN 'number' THEN 'number' WHEN 'boolean' THEN 'boolean' ELSE 'string' END`,
  ),
  // FK lookups on delete of the referenced row (last_modified_by_user_id); not partial, so it is the FK's index.
  index('system_config_last_modified_by_user_id_idx').on(t.lastModifiedByUserId),
  // Sensitive values (is_sensitive) are readable by service_role only (part 2, doc 003 §7).
  adminsRead('system_config'),
  pgPolicy('sensitive system config is not readable by authenticated', { as: 'restrictive', for: 'select', to: authenticatedRole, using: sql`NOT ${t.isSensitive}` }),
]);
export type SystemConfig = typeof systemConfig.$inferSelect; export type NewSystemConfig = typeof systemConfig.$inferInsert;

export const auditLogs = rlsTable(wolo, 'audit_logs', {
  id: uuid('id').primaryKey().defaultRandom(),
  actorUserId: uuid('actor_user_id'),
  actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
  actorIp: inet('actor_ip'),
  action: varchar('action', { length: 100 }).notNull(),
  resourceType: varchar('resource_type', { length: 50 }).notNull(),
  resourceId: uuid('resource_id'),
  oldValues: jsonb('old_values'),
  newValues: jsonb('new_values'),
  reason: text('reason'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>(),
  timestamp: tstz('timestamp').notNull().defaultNow(),
  requestId: varchar('request_id', { length: 100 }),
  userAgent: text('user_agent'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  // SET NULL: the audit trail outlives the actor's account.
  foreignKey({ name: 'audit_logs_actor_user_id_fkey', columns: [t.actorUserId], foreignColumns: [users.id] }).onDelete('set null'),
  checkIn('audit_logs', 'actor_type', ACTOR_TYPES),
  // FK lookups on delete of the referenced row (actor_user_id); not partial, so it is the FK's index.
  index('idx_audit_logs_actor_user_id').on(t.actorUserId),
  // The audit trail filtered by action (admin screens); doc 003's index.
  index('idx_audit_logs_action').on(t.action),
  // The audit trail over a time range (admin screens, the 5-year retention purge); doc 003's index.
  index('idx_audit_logs_timestamp').on(t.timestamp),
  adminsRead('audit_logs'),
  // the definer role's functions read or write it (src/functions/wolo/definer.ts)
  definerPolicy(),
]);
export type AuditLog = typeof auditLogs.$inferSelect; export type NewAuditLog = typeof auditLogs.$inferInsert;

export const systemHealthChecks = rlsTable(wolo, 'system_health_checks', {
  id: uuid('id').primaryKey().defaultRandom(),
  serviceName: varchar('service_name', { length: 100 }).notNull(),
  checkName: varchar('check_name', { length: 100 }).notNull(),
  status: text('status', { enum: HEALTH_STATUSES }).notNull(),
  responseTimeMs: integer('response_time_ms'),
  checkData: jsonb('check_data').$type<Record<string, unknown>>(),
  errorMessage: text('error_message'),
  checkedAt: tstz('checked_at').notNull().defaultNow(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  checkIn('system_health_checks', 'status', HEALTH_STATUSES),
  check('system_health_checks_response_time_ms_check', sql`${t.responseTimeMs} >= 0`),
  // A service's latest checks.
  index('system_health_checks_service_name_checked_at_idx').on(t.serviceName, t.checkName, t.checkedAt),
  adminsRead('system_health_checks'),
]);
export type SystemHealthCheck = typeof systemHealthChecks.$inferSelect; export type NewSystemHealthCheck = typeof systemHealthChecks.$inferInsert;

export const adminSessions = rlsTable(wolo, 'admin_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  sessionTokenHash: varchar('session_token_hash', { length: 255 }).notNull(),
  ipAddress: inet('ip_address').notNull(),
  userAgent: text('user_agent'),
  adminLevel: text('admin_level', { enum: ADMIN_LEVELS }).notNull(),
  permissionsGranted: text('permissions_granted').array(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  lastActivityAt: tstz('last_activity_at').notNull().defaultNow(),
  expiresAt: tstz('expires_at').notNull(),
  terminatedAt: tstz('terminated_at'),
  terminationReason: text('termination_reason', { enum: TERMINATION_REASONS }),
  isSuspicious: boolean('is_suspicious').notNull().default(false),
  securityFlags: jsonb('security_flags').$type<Record<string, unknown>>(),
}, (t) => [
  foreignKey({ name: 'admin_sessions_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  checkIn('admin_sessions', 'admin_level', ADMIN_LEVELS),
  checkIn('admin_sessions', 'termination_reason', TERMINATION_REASONS),
  // A user's sessions (session list, forced logout) and the FK's ON DELETE.
  index('admin_sessions_user_id_idx').on(t.userId),
  // Session lookup by token.
  index('admin_sessions_session_token_hash_idx').on(t.sessionTokenHash),
  adminsRead('admin_sessions'),
]);
export type AdminSession = typeof adminSessions.$inferSelect; export type NewAdminSession = typeof adminSessions.$inferInsert;

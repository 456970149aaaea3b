import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, inet, integer, jsonb, numeric, pgPolicy, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUid } from 'drizzle-orm/supabase';
import { checkIn, checkJsonSize, rlsTable, TEXT_LIMITS, timestamps, tstz } from '../_shared/index.js';
import { AB_TEST_STATUSES, COUNTRY_PATTERN, DEVICE_TYPES, PLATFORMS, sqlLiteral } from './constants.js';
import { users } from './identity.js';
import { adminsRead, wolo } from './schema.js';

// Analytics service (doc 003 §3.9): tables only; admins read them, service_role writes them.

export const analyticsEvents = rlsTable(wolo, 'analytics_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventName: varchar('event_name', { length: 100 }).notNull(),
  eventCategory: varchar('event_category', { length: 50 }).notNull(),
  userId: uuid('user_id'),
  sessionId: varchar('session_id', { length: 100 }),
  anonymousId: varchar('anonymous_id', { length: 100 }),
  properties: jsonb('properties').$type<Record<string, unknown>>(),
  timestamp: tstz('timestamp').notNull().defaultNow(),
  ipAddress: inet('ip_address'),
  userAgent: text('user_agent'),
  referrer: varchar('referrer', { length: 500 }),
  pageUrl: varchar('page_url', { length: 500 }),
  platform: text('platform', { enum: PLATFORMS }),
  deviceType: text('device_type', { enum: DEVICE_TYPES }),
  os: varchar('os', { length: 50 }),
  browser: varchar('browser', { length: 50 }),
  country: varchar('country', { length: 3 }),
  region: varchar('region', { length: 100 }),
  city: varchar('city', { length: 100 }),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'analytics_events_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('set null'),
  checkIn('analytics_events', 'platform', PLATFORMS),
  checkIn('analytics_events', 'device_type', DEVICE_TYPES),
  checkJsonSize('analytics_events', 'properties', TEXT_LIMITS.jsonBytes),
  check('analytics_events_country_check', sql.raw(`country ~ ${sqlLiteral(COUNTRY_PATTERN)}`)),
  // Event counts by name (funnels, compute_daily_metrics).
  index('idx_analytics_events_event_name').on(t.eventName),
  // A user's events (foreign key, privacy export).
  // FK lookups on delete of the referenced row (user_id); not partial, so it is the FK's index.
  index('idx_analytics_events_user_id').on(t.userId),
  // Events over a time range (compute_daily_metrics' day, the 2-year retention purge); doc 003's index.
  index('idx_analytics_events_timestamp').on(t.timestamp),
  adminsRead('analytics_events'),
  // wolo.record_event (SECURITY INVOKER) or the app: a user's own events or anonymous ones; the column
  // grant leaves out `timestamp` (the default, now()) and the enrichment columns
  pgPolicy('users record their own events', { for: 'insert', to: authenticatedRole, withCheck: sql`${t.userId} IS NULL OR ${t.userId} = ${authUid}` }),
]);
export type AnalyticsEvent = typeof analyticsEvents.$inferSelect; export type NewAnalyticsEvent = typeof analyticsEvents.$inferInsert;

/** `dimensions` may be NULL (the total): NULLS NOT DISTINCT, so two NULL-dimension rows of a day collide. */
export const businessMetrics = rlsTable(wolo, 'business_metrics', {
  id: uuid('id').primaryKey().defaultRandom(),
  metricDate: date('metric_date', { mode: 'string' }).notNull(),
  metricType: varchar('metric_type', { length: 50 }).notNull(),
  metricValue: numeric('metric_value', { precision: 15, scale: 4 }).notNull(),
  metricCount: integer('metric_count'),
  dimensions: jsonb('dimensions').$type<Record<string, unknown>>(),
  previousPeriodValue: numeric('previous_period_value', { precision: 15, scale: 4 }),
  periodOverPeriodChange: numeric('period_over_period_change', { precision: 8, scale: 4 }),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  unique('business_metrics_metric_date_metric_type_dimensions_key').on(t.metricDate, t.metricType, t.dimensions).nullsNotDistinct(),
  check('business_metrics_metric_count_check', sql`${t.metricCount} >= 0`),
  adminsRead('business_metrics'),
]);
export type BusinessMetric = typeof businessMetrics.$inferSelect; export type NewBusinessMetric = typeof businessMetrics.$inferInsert;

/** `segment_filters` may be NULL (no segment): NULLS NOT DISTINCT, as for business_metrics. */
export const funnelAnalytics = rlsTable(wolo, 'funnel_analytics', {
  id: uuid('id').primaryKey().defaultRandom(),
  funnelName: varchar('funnel_name', { length: 100 }).notNull(),
  stepNumber: integer('step_number').notNull(),
  stepName: varchar('step_name', { length: 100 }).notNull(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  usersEntered: integer('users_entered').notNull().default(0),
  usersCompleted: integer('users_completed').notNull().default(0),
  completionRate: numeric('completion_rate', { precision: 5, scale: 4 }),
  segmentFilters: jsonb('segment_filters').$type<Record<string, unknown>>(),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  unique('funnel_analytics_funnel_step_period_segment_key')
    .on(t.funnelName, t.stepNumber, t.periodStart, t.periodEnd, t.segmentFilters)
    .nullsNotDistinct(),
  check('funnel_analytics_step_number_check', sql`${t.stepNumber} >= 1`),
  check('funnel_analytics_period_check', sql`${t.periodEnd} >= ${t.periodStart}`),
  check('funnel_analytics_counts_check', sql`${t.usersEntered} >= 0 AND ${t.usersCompleted} >= 0 AND ${t.usersCompleted} <= ${t.usersEntered}`),
  check('funnel_analytics_completion_rate_check', sql`${t.completionRate} BETWEEN 0 AND 1`),
  adminsRead('funnel_analytics'),
]);
export type FunnelAnalytics = typeof funnelAnalytics.$inferSelect; export type NewFunnelAnalytics = typeof funnelAnalytics.$inferInsert;

export const abTests = rlsTable(wolo, 'ab_tests', {
  id: uuid('id').primaryKey().defaultRandom(),
  testName: varchar('test_name', { length: 100 }).notNull(),
  description: text('description'),
  variants: jsonb('variants').$type<Record<string, unknown>>().notNull(),
  trafficAllocation: jsonb('traffic_allocation').$type<Record<string, number>>().notNull(),
  primaryMetric: varchar('primary_metric', { length: 100 }).notNull(),
  secondaryMetrics: text('secondary_metrics').array(),
  startDate: date('start_date', { mode: 'string' }).notNull(),
  endDate: date('end_date', { mode: 'string' }),
  status: text('status', { enum: AB_TEST_STATUSES }).notNull().default('draft'),
  results: jsonb('results').$type<Record<string, unknown>>(),
  winnerVariant: varchar('winner_variant', { length: 50 }),
  confidenceLevel: numeric('confidence_level', { precision: 5, scale: 4 }),
  ...timestamps(),
}, (t) => [
  unique('ab_tests_test_name_key').on(t.testName),
  checkIn('ab_tests', 'status', AB_TEST_STATUSES),
  check('ab_tests_period_check', sql`${t.endDate} >= ${t.startDate}`),
  check('ab_tests_confidence_level_check', sql`${t.confidenceLevel} BETWEEN 0 AND 1`),
  adminsRead('ab_tests'),
]);
export type AbTest = typeof abTests.$inferSelect; export type NewAbTest = typeof abTests.$inferInsert;

/** A participant is a user or an anonymous visitor: at least one id (the document allowed neither). */
export const abTestAssignments = rlsTable(wolo, 'ab_test_assignments', {
  id: uuid('id').primaryKey().defaultRandom(),
  testId: uuid('test_id').notNull(),
  userId: uuid('user_id'),
  anonymousId: varchar('anonymous_id', { length: 100 }),
  variant: varchar('variant', { length: 50 }).notNull(),
  assignedAt: tstz('assigned_at').notNull().defaultNow(),
  ipAddress: inet('ip_address'),
  userAgent: text('user_agent'),
}, (t) => [
  foreignKey({ name: 'ab_test_assignments_test_id_fkey', columns: [t.testId], foreignColumns: [abTests.id] }).onDelete('cascade'),
  foreignKey({ name: 'ab_test_assignments_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  check('ab_test_assignments_participant_check', sql`${t.userId} IS NOT NULL OR ${t.anonymousId} IS NOT NULL`),
  // One assignment per test and participant (NULLs stay distinct here: the other id identifies the row).
  unique('ab_test_assignments_test_id_user_id_key').on(t.testId, t.userId),
  unique('ab_test_assignments_test_id_anonymous_id_key').on(t.testId, t.anonymousId),
  // FK lookups on delete of the referenced row (user_id); not partial, so it is the FK's index.
  index('ab_test_assignments_user_id_idx').on(t.userId),
  adminsRead('ab_test_assignments'),
]);
export type AbTestAssignment = typeof abTestAssignments.$inferSelect; export type NewAbTestAssignment = typeof abTestAssignments.$inferInsert;

import { sql } from 'drizzle-orm';
import { date, index, integer, numeric, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { readPolicy, rlsTable, tstz } from '../_shared/index.js';
import { definerPolicy, isAdminSql } from './_shared.js';
import { TRANSACTION_TYPES } from './constants.js';

// Real-time dashboard aggregates: the three dashboard views kept as tables, maintained at every
// commit by statement-level AFTER triggers with transition tables (src/functions/unified/rollups.ts),
// rebuilt set-based by cutover and rollback (`public.rebuild_dashboard_rollups()`). Writers add
// signed deltas with INSERT … ON CONFLICT DO UPDATE (commutative: concurrent writers serialize on
// the row, nothing is lost). A group whose rows all went away keeps a row of zeros: readers skip
// those (`transaction_count > 0`, `enrollments > 0`, `signups > 0`); a rebuild removes them.
// Admins (JWT admin claim) and service_role read the three rollups; the `_by_*` tables that make
// distinct counts and first payments incremental are readable by nobody but the definer role, which
// owns the maintaining functions (each table: one policy for it; its grants say which commands).

/** revenue_analysis_view per (month, product, currency); average = revenue / transaction_count. */
export const revenueAnalysisRollup = rlsTable('public', 'revenue_analysis_rollup', {
  month: date('month', { mode: 'string' }).notNull(),
  product: text('product', { enum: TRANSACTION_TYPES }).notNull(),
  currency: text('currency').notNull(),
  revenue: numeric('revenue').notNull(),
  transactionCount: integer('transaction_count').notNull(),
  payingCustomers: integer('paying_customers').notNull(),
}, (t) => [
  // getMonthlyRevenue: a month range, then product and currency (the view's order).
  primaryKey({ name: 'revenue_analysis_rollup_pkey', columns: [t.month, t.product, t.currency] }),
  readPolicy('admins read the revenue rollup', isAdminSql),
  definerPolicy(),
]);

/**
 * The customers (user id, else lower(contact_email)) with a paid transaction in each revenue group:
 * paying_customers' distinct count. A set, not a count of their payments: a payment of a known
 * payer changes nothing here (INSERT … ON CONFLICT DO NOTHING), and a key goes when its customer's
 * last paid row of the group does (checked against transactions by index). See docs/unified.md.
 */
export const revenueAnalysisRollupByCustomer = rlsTable('public', 'revenue_analysis_rollup_by_customer', {
  month: date('month', { mode: 'string' }).notNull(),
  product: text('product').notNull(),
  currency: text('currency').notNull(),
  customer: text('customer').notNull(),
}, (t) => [
  primaryKey({ name: 'revenue_analysis_rollup_by_customer_pkey', columns: [t.month, t.product, t.currency, t.customer] }),
  definerPolicy(),
]);

/** monthly_enrollments_view's counts per (course, month); the dense series and growth are computed on read. */
export const monthlyEnrollmentsRollup = rlsTable('public', 'monthly_enrollments_rollup', {
  courseId: uuid('course_id').notNull(),
  month: date('month', { mode: 'string' }).notNull(),
  enrollments: integer('enrollments').notNull(),
  activeEnrollments: integer('active_enrollments').notNull(),
  uniqueStudents: integer('unique_students').notNull(),
}, (t) => [
  // getMonthlyEnrollments: a course's months in order (the growth window's partition and order).
  primaryKey({ name: 'monthly_enrollments_rollup_pkey', columns: [t.courseId, t.month] }),
  // getMonthlyEnrollments: the last month of any course (every course's dense series ends there).
  index('monthly_enrollments_rollup_month_idx').on(t.month).where(sql`enrollments > 0`),
  readPolicy('admins read the enrollments rollup', isAdminSql),
  definerPolicy(),
]);

/** Enrollments per student and (course, month): unique_students' distinct count. */
export const monthlyEnrollmentsRollupByStudent = rlsTable('public', 'monthly_enrollments_rollup_by_student', {
  courseId: uuid('course_id').notNull(),
  month: date('month', { mode: 'string' }).notNull(),
  userId: uuid('user_id').notNull(),
  enrollments: integer('enrollments').notNull(),
}, (t) => [
  primaryKey({ name: 'monthly_enrollments_rollup_by_student_pkey', columns: [t.courseId, t.month, t.userId] }),
  // The rollup trigger deletes the keys it brought to 0 (they exist only until the end of its statement).
  index('monthly_enrollments_rollup_by_student_zero_idx').on(t.month).where(sql`enrollments = 0`),
  definerPolicy(),
]);

/** marketing_source_view per (source, cohort month); avg days = first_payment_seconds / paying_users / 86400. */
export const marketingSourceRollup = rlsTable('public', 'marketing_source_rollup', {
  acquisitionSource: text('acquisition_source').notNull(),
  cohortMonth: date('cohort_month', { mode: 'string' }).notNull(),
  signups: integer('signups').notNull(),
  payingUsers: integer('paying_users').notNull(),
  /** Sum over paying users of max(first payment − signup, 0) in seconds. */
  firstPaymentSeconds: numeric('first_payment_seconds').notNull(),
}, (t) => [
  // getMarketingSources: a source's cohorts in order.
  primaryKey({ name: 'marketing_source_rollup_pkey', columns: [t.acquisitionSource, t.cohortMonth] }),
  readPolicy('admins read the marketing source rollup', isAdminSql),
  definerPolicy(),
]);

/** Each profile's contribution to marketing_source_rollup (its first payment is a min: not additive). */
export const marketingSourceRollupByProfile = rlsTable('public', 'marketing_source_rollup_by_profile', {
  profileId: uuid('profile_id').primaryKey(),
  acquisitionSource: text('acquisition_source').notNull(),
  cohortMonth: date('cohort_month', { mode: 'string' }).notNull(),
  /** The profile's first paid or settled payment (by user id, or by email without one); NULL: never paid. */
  firstPaidAt: tstz('first_paid_at'),
  /** max(first payment − signup, 0) in seconds; NULL when the profile never paid. */
  firstPaymentSeconds: numeric('first_payment_seconds'),
}, () => [definerPolicy()]);

export type RevenueAnalysisRollup = typeof revenueAnalysisRollup.$inferSelect;
export type MonthlyEnrollmentsRollup = typeof monthlyEnrollmentsRollup.$inferSelect;
export type MarketingSourceRollup = typeof marketingSourceRollup.$inferSelect;

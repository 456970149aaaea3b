import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, numeric, primaryKey, text } from 'drizzle-orm/pg-core';
import { definerPolicy, isAdminSql } from './_shared.js';
import { DASHBOARD_CACHES, TRANSACTION_TYPES } from './constants.js';
import { readPolicy, rlsTable, sqlList, tstz } from '../_shared/index.js';

/** Products of revenue_metrics: each transaction_type plus `all`. */
export const REVENUE_PRODUCTS = ['all', ...TRANSACTION_TYPES] as const;
export type RevenueProduct = (typeof REVENUE_PRODUCTS)[number];

/**
 * Monthly revenue KPIs with the previous month's values and the change, written by
 * `update_revenue_metrics()` (a full recompute) and read by the dashboard. One row per business
 * month, product (`all` = every product) and currency (amounts in different currencies never add up).
 */
export const revenueMetrics = rlsTable('public', 'revenue_metrics', {
  /** First day of the calendar month in the business time zone. */
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  product: text('product', { enum: REVENUE_PRODUCTS }).notNull(),
  currency: text('currency').notNull(),
  revenue: numeric('revenue', { precision: 14, scale: 2 }).notNull(),
  transactionCount: integer('transaction_count').notNull(),
  averageValue: numeric('average_value', { precision: 14, scale: 2 }),
  payingCustomers: integer('paying_customers').notNull(),
  previousRevenue: numeric('previous_revenue', { precision: 14, scale: 2 }).notNull(),
  revenueChange: numeric('revenue_change', { precision: 14, scale: 2 }).notNull(),
  /** Percent change against the previous month; NULL when the previous month had no revenue. */
  revenueChangePct: numeric('revenue_change_pct'),
  previousTransactionCount: integer('previous_transaction_count').notNull(),
  transactionCountChange: integer('transaction_count_change').notNull(),
  previousAverageValue: numeric('previous_average_value', { precision: 14, scale: 2 }),
  computedAt: tstz('computed_at').notNull().defaultNow(),
}, (t) => [
  // Also the dashboard read: a product's months in a range (product, currency, period_start).
  primaryKey({ name: 'revenue_metrics_pkey', columns: [t.product, t.currency, t.periodStart] }),
  check('revenue_metrics_product_check', sql.raw(`product IN (${sqlList(REVENUE_PRODUCTS)})`)),
  readPolicy('admins read revenue metrics', isAdminSql),
  definerPolicy(),
]);
export type RevenueMetric = typeof revenueMetrics.$inferSelect; export type NewRevenueMetric = typeof revenueMetrics.$inferInsert;

/**
 * Whether each dashboard cache is stale: triggers set `is_stale` (only when not already set, so
 * concurrent writers do not queue on this row), the refresh functions clear it.
 */
export const dashboardCacheStatus = rlsTable('public', 'dashboard_cache_status', {
  cacheName: text('cache_name', { enum: DASHBOARD_CACHES }).primaryKey(),
  isStale: boolean('is_stale').notNull().default(true),
  staleSince: tstz('stale_since'),
  refreshedAt: tstz('refreshed_at'),
}, () => [
  check('dashboard_cache_status_cache_name_check', sql.raw(`cache_name IN (${sqlList(DASHBOARD_CACHES)})`)),
  readPolicy('admins read the dashboard cache status', isAdminSql),
  definerPolicy(),
]);
export type DashboardCacheStatus = typeof dashboardCacheStatus.$inferSelect;

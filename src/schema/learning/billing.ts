import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, numeric, pgPolicy, text, unique, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { anonRole, authenticatedRole } from 'drizzle-orm/supabase';
import { authUid, checkIn, currencyCheck, isAdminSql, timestamps, tstz } from './_shared.js';
import { courses } from './catalog.js';
import { BILLING_INTERVALS, DEFAULT_CURRENCY, PURCHASE_STATUSES, PURCHASE_TYPES, SUBSCRIPTION_STATUSES, TRANSACTION_STATUSES, TRANSACTION_TYPES } from './constants.js';
import { users } from './people.js';
import { learning } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';
import { readPolicy, rlsTable } from '../_shared/index.js';

const ownOrAdmin = (userId: unknown) => sql`${userId} = ${authUid} OR ${isAdminSql}`;

/** Subscription plans (public price list). Money is numeric(10,2) in `currency`. */
export const subscriptionPlans = rlsTable(learning, 'subscription_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 100 }).notNull(),
  description: text('description'),
  price: numeric('price', { precision: 10, scale: 2 }).notNull(),
  currency: varchar('currency', { length: 3 }).notNull().default(DEFAULT_CURRENCY),
  billingInterval: text('billing_interval', { enum: BILLING_INTERVALS }).notNull(),
  trialDays: integer('trial_days').notNull().default(0),
  features: jsonb('features').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** NULL = unlimited. */
  courseLimit: integer('course_limit'),
  isActive: boolean('is_active').notNull().default(true),
  isFeatured: boolean('is_featured').notNull().default(false),
  stripePriceId: varchar('stripe_price_id', { length: 100 }),
  ...timestamps(),
}, (t) => [
  check('subscription_plans_price_check', sql`price >= 0`),
  check('subscription_plans_trial_days_check', sql`trial_days >= 0`),
  check('subscription_plans_course_limit_check', sql`course_limit > 0`),
  currencyCheck('subscription_plans'),
  checkIn('subscription_plans', 'billing_interval', BILLING_INTERVALS),
  // Webhooks resolve a plan by its Stripe price.
  uniqueIndex('subscription_plans_stripe_price_id_key').on(t.stripePriceId),
  pgPolicy('everyone reads active plans', { for: 'select', to: anonRole, using: sql`${t.isActive}` }),
  readPolicy('signed-in users read active plans and admins every plan', sql`${t.isActive} OR ${isAdminSql}`),
]);
export type SubscriptionPlan = typeof subscriptionPlans.$inferSelect; export type NewSubscriptionPlan = typeof subscriptionPlans.$inferInsert;

/** A user's subscription; written by the billing webhook (service role); the user may set cancel_at_period_end. */
export const subscriptions = rlsTable(learning, 'subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  planId: uuid('plan_id').notNull(),
  status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull(),
  currentPeriodStart: tstz('current_period_start').notNull(),
  currentPeriodEnd: tstz('current_period_end').notNull(),
  cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
  canceledAt: tstz('canceled_at'),
  trialStart: tstz('trial_start'),
  trialEnd: tstz('trial_end'),
  stripeSubscriptionId: varchar('stripe_subscription_id', { length: 100 }),
  stripeCustomerId: varchar('stripe_customer_id', { length: 100 }),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'subscriptions_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  // RESTRICT: a plan with subscribers is deactivated (is_active), not deleted.
  foreignKey({ name: 'subscriptions_plan_id_fkey', columns: [t.planId], foreignColumns: [subscriptionPlans.id] }).onDelete('restrict'),
  checkIn('subscriptions', 'status', SUBSCRIPTION_STATUSES),
  check('valid_subscription_period', sql`current_period_end > current_period_start`),
  check('subscriptions_trial_check', sql`trial_end IS NULL OR trial_start IS NULL OR trial_end >= trial_start`),
  // Webhooks find a subscription by its Stripe id (doc: idx_subscriptions_stripe; the doc's UNIQUE makes it the same index).
  uniqueIndex('idx_subscriptions_stripe').on(t.stripeSubscriptionId),
  // A user's subscriptions by status (doc: idx_subscriptions_user_status); RLS (user_id); the user FK.
  index('idx_subscriptions_user_status').on(t.userId, t.status),
  // The plan FK's ON DELETE RESTRICT check.
  index('subscriptions_plan_id_idx').on(t.planId),
  readPolicy('users read their own subscriptions and admins every one', ownOrAdmin(t.userId)),
  // The column GRANT allows cancel_at_period_end only.
  pgPolicy('users cancel their own subscriptions at period end', { for: 'update', to: authenticatedRole, using: sql`${t.userId} = ${authUid}`, withCheck: sql`${t.userId} = ${authUid}` }),
]);
export type Subscription = typeof subscriptions.$inferSelect; export type NewSubscription = typeof subscriptions.$inferInsert;

/** One purchase of a course. A learner opens a pending one at checkout; the webhook (service role) completes it. */
export const coursePurchases = rlsTable(learning, 'course_purchases', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  courseId: uuid('course_id').notNull(),
  amount: numeric('amount', { precision: 10, scale: 2 }).notNull(),
  currency: varchar('currency', { length: 3 }).notNull().default(DEFAULT_CURRENCY),
  purchaseType: text('purchase_type', { enum: PURCHASE_TYPES }).notNull().default('one_time'),
  status: text('status', { enum: PURCHASE_STATUSES }).notNull().default('pending'),
  paymentMethod: varchar('payment_method', { length: 50 }),
  transactionId: varchar('transaction_id', { length: 100 }),
  stripePaymentIntentId: varchar('stripe_payment_intent_id', { length: 100 }),
  stripeInvoiceId: varchar('stripe_invoice_id', { length: 100 }),
  purchasedAt: tstz('purchased_at').notNull().defaultNow(),
  /** For time-limited access. */
  expiresAt: tstz('expires_at'),
}, (t) => [
  foreignKey({ name: 'course_purchases_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  // RESTRICT: purchases are financial records; a sold course is archived.
  foreignKey({ name: 'course_purchases_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('restrict'),
  check('course_purchases_amount_check', sql`amount >= 0`),
  check('course_purchases_expires_at_check', sql`expires_at IS NULL OR expires_at > purchased_at`),
  currencyCheck('course_purchases'),
  checkIn('course_purchases', 'status', PURCHASE_STATUSES),
  checkIn('course_purchases', 'purchase_type', PURCHASE_TYPES),
  // One purchase per user and course (doc UNIQUE); also the doc's idx_course_purchases_user_course, RLS (user_id) and the user FK.
  unique('course_purchases_user_id_course_id_key').on(t.userId, t.courseId),
  // Revenue of a course (course_statistics); the course FK.
  index('course_purchases_course_id_status_idx').on(t.courseId, t.status),
  // Webhooks find a purchase by its payment intent.
  uniqueIndex('course_purchases_stripe_payment_intent_id_key').on(t.stripePaymentIntentId),
  readPolicy('users read their own purchases and admins every one', ownOrAdmin(t.userId)),
  pgPolicy('users open pending purchases for themselves', {
    for: 'insert',
    to: authenticatedRole,
    withCheck: sql`${t.userId} = ${authUid} AND ${t.status} = 'pending'`,
  }),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type CoursePurchase = typeof coursePurchases.$inferSelect; export type NewCoursePurchase = typeof coursePurchases.$inferInsert;

/** Money movements (payments, refunds, chargebacks); kept when the user or the purchase goes (SET NULL). */
export const paymentTransactions = rlsTable(learning, 'payment_transactions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id'),
  subscriptionId: uuid('subscription_id'),
  coursePurchaseId: uuid('course_purchase_id'),
  amount: numeric('amount', { precision: 10, scale: 2 }).notNull(),
  currency: varchar('currency', { length: 3 }).notNull().default(DEFAULT_CURRENCY),
  transactionType: text('transaction_type', { enum: TRANSACTION_TYPES }).notNull(),
  status: text('status', { enum: TRANSACTION_STATUSES }).notNull(),
  paymentMethod: varchar('payment_method', { length: 50 }),
  paymentProvider: varchar('payment_provider', { length: 50 }).notNull().default('stripe'),
  externalTransactionId: varchar('external_transaction_id', { length: 100 }),
  externalInvoiceId: varchar('external_invoice_id', { length: 100 }),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'payment_transactions_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('set null'),
  foreignKey({ name: 'payment_transactions_subscription_id_fkey', columns: [t.subscriptionId], foreignColumns: [subscriptions.id] }).onDelete('set null'),
  foreignKey({ name: 'payment_transactions_course_purchase_id_fkey', columns: [t.coursePurchaseId], foreignColumns: [coursePurchases.id] }).onDelete('set null'),
  check('valid_amount', sql`amount > 0`),
  currencyCheck('payment_transactions'),
  checkIn('payment_transactions', 'transaction_type', TRANSACTION_TYPES),
  checkIn('payment_transactions', 'status', TRANSACTION_STATUSES),
  // A user's payment history, newest first (doc: idx_transactions_user_created); RLS (user_id); the user FK.
  index('idx_transactions_user_created').on(t.userId, t.createdAt),
  // The FKs' ON DELETE SET NULL.
  index('payment_transactions_subscription_id_idx').on(t.subscriptionId),
  // The course-purchase FK's ON DELETE SET NULL, and a purchase's payments.
  index('payment_transactions_course_purchase_id_idx').on(t.coursePurchaseId),
  // Webhooks are delivered more than once: one row per provider transaction.
  uniqueIndex('payment_transactions_provider_external_id_key').on(t.paymentProvider, t.externalTransactionId),
  readPolicy('users read their own transactions and admins every one', ownOrAdmin(t.userId)),
]);
export type PaymentTransaction = typeof paymentTransactions.$inferSelect; export type NewPaymentTransaction = typeof paymentTransactions.$inferInsert;

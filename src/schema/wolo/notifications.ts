import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, numeric, pgPolicy, text, time, unique, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUid } from 'drizzle-orm/supabase';
import { checkIn, checkJsonSize, readPolicy, rlsTable, TEXT_LIMITS, timestamps, tstz } from '../_shared/index.js';
import { DIGEST_FREQUENCIES, NOTIFICATION_CATEGORIES, NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES, sqlList } from './constants.js';
import { users } from './identity.js';
import { adminsRead, isWoloAdmin, wolo } from './schema.js';

// Notifications service (doc 003 §3.8): tables only; the sending logic is part 2.

export const notificationTemplates = rlsTable(wolo, 'notification_templates', {
  id: uuid('id').primaryKey().defaultRandom(),
  templateKey: varchar('template_key', { length: 100 }).notNull(),
  name: varchar('name', { length: 255 }).notNull(),
  description: text('description'),
  subject: varchar('subject', { length: 500 }),
  bodyText: text('body_text').notNull(),
  bodyHtml: text('body_html'),
  channels: varchar('channels', { length: 20 }).array().notNull().default(sql`ARRAY['email']::varchar(20)[]`),
  locale: varchar('locale', { length: 10 }).notNull().default('fr-SN'),
  variables: jsonb('variables').$type<Record<string, string>>(),
  isActive: boolean('is_active').notNull().default(true),
  version: integer('version').notNull().default(1),
  category: text('category', { enum: NOTIFICATION_CATEGORIES }).notNull().default('transactional'),
  ...timestamps(),
}, (t) => [
  check('notification_templates_channels_check', sql.raw(`channels <@ ARRAY[${sqlList(NOTIFICATION_CHANNELS)}]::varchar(20)[] AND cardinality(channels) > 0`)),
  check('notification_templates_version_check', sql`${t.version} >= 1`),
  checkIn('notification_templates', 'category', NOTIFICATION_CATEGORIES),
  // The document's UNIQUE(template_key) and idx_notification_templates_template_key as one index.
  uniqueIndex('idx_notification_templates_template_key').on(t.templateKey),
  adminsRead('notification_templates'),
]);
export type NotificationTemplate = typeof notificationTemplates.$inferSelect; export type NewNotificationTemplate = typeof notificationTemplates.$inferInsert;

export const notifications = rlsTable(wolo, 'notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id'),
  recipientIdentifier: varchar('recipient_identifier', { length: 255 }).notNull(),
  templateId: uuid('template_id').notNull(),
  channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
  subject: varchar('subject', { length: 500 }),
  body: text('body').notNull(),
  templateData: jsonb('template_data').$type<Record<string, unknown>>(),
  status: text('status', { enum: NOTIFICATION_STATUSES }).notNull().default('pending'),
  scheduledAt: tstz('scheduled_at').notNull().defaultNow(),
  sentAt: tstz('sent_at'),
  deliveredAt: tstz('delivered_at'),
  failedAt: tstz('failed_at'),
  provider: varchar('provider', { length: 50 }),
  providerMessageId: varchar('provider_message_id', { length: 255 }),
  providerResponse: jsonb('provider_response').$type<Record<string, unknown>>(),
  retryCount: integer('retry_count').notNull().default(0),
  maxRetries: integer('max_retries').notNull().default(3),
  nextRetryAt: tstz('next_retry_at'),
  errorMessage: text('error_message'),
  errorCode: varchar('error_code', { length: 50 }),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'notifications_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  foreignKey({ name: 'notifications_template_id_fkey', columns: [t.templateId], foreignColumns: [notificationTemplates.id] }).onDelete('restrict'),
  checkIn('notifications', 'channel', NOTIFICATION_CHANNELS),
  checkIn('notifications', 'status', NOTIFICATION_STATUSES),
  check('notifications_retries_check', sql`${t.retryCount} >= 0 AND ${t.maxRetries} >= 0`),
  checkJsonSize('notifications', 'template_data', TEXT_LIMITS.jsonBytes),
  // A user's notifications (own-row policy, foreign key).
  // FK lookups on delete of the referenced row (user_id); not partial, so it is the FK's index.
  index('idx_notifications_user_id').on(t.userId),
  // Notifications by delivery status (the sending queue, retries); doc 003's index.
  index('idx_notifications_status').on(t.status),
  // Notifications due to send (claim_notifications by scheduled time); doc 003's index.
  index('idx_notifications_scheduled_at').on(t.scheduledAt),
  // The template FK's ON DELETE, and a template's notifications (notification_analytics).
  index('notifications_template_id_idx').on(t.templateId),
  readPolicy('users read their own notifications, admins every notification', sql`${t.userId} = ${authUid} OR ${isWoloAdmin}`),
]);
export type Notification = typeof notifications.$inferSelect; export type NewNotification = typeof notifications.$inferInsert;

export const notificationPreferences = rlsTable(wolo, 'notification_preferences', {
  userId: uuid('user_id').primaryKey(),
  emailEnabled: boolean('email_enabled').notNull().default(true),
  smsEnabled: boolean('sms_enabled').notNull().default(true),
  whatsappEnabled: boolean('whatsapp_enabled').notNull().default(true),
  pushEnabled: boolean('push_enabled').notNull().default(true),
  referralNotifications: boolean('referral_notifications').notNull().default(true),
  potNotifications: boolean('pot_notifications').notNull().default(true),
  donationNotifications: boolean('donation_notifications').notNull().default(true),
  marketingNotifications: boolean('marketing_notifications').notNull().default(false),
  digestFrequency: text('digest_frequency', { enum: DIGEST_FREQUENCIES }).notNull().default('daily'),
  quietHoursStart: time('quiet_hours_start').default('22:00'),
  quietHoursEnd: time('quiet_hours_end').default('08:00'),
  // Marketing consent (doc 003 §7): when and where the user opted in; both set or both NULL.
  marketingOptInAt: tstz('marketing_opt_in_at'),
  marketingOptInSource: varchar('marketing_opt_in_source', { length: 100 }),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'notification_preferences_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  checkIn('notification_preferences', 'digest_frequency', DIGEST_FREQUENCIES),
  check('notification_preferences_marketing_opt_in_check', sql`(${t.marketingOptInAt} IS NULL) = (${t.marketingOptInSource} IS NULL)`),
  readPolicy("users read their own preferences; admins all", sql`${t.userId} = ${authUid} OR ${isWoloAdmin}`),
  pgPolicy('users create their own notification preferences', { for: 'insert', to: authenticatedRole, withCheck: sql`${t.userId} = ${authUid}` }),
  pgPolicy('users edit their own notification preferences', { for: 'update', to: authenticatedRole, using: sql`${t.userId} = ${authUid}`, withCheck: sql`${t.userId} = ${authUid}` }),
]);
export type NotificationPreferences = typeof notificationPreferences.$inferSelect; export type NewNotificationPreferences = typeof notificationPreferences.$inferInsert;

export const notificationAnalytics = rlsTable(wolo, 'notification_analytics', {
  id: uuid('id').primaryKey().defaultRandom(),
  date: date('date', { mode: 'string' }).notNull(),
  templateKey: varchar('template_key', { length: 100 }).notNull(),
  channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
  sentCount: integer('sent_count').notNull().default(0),
  deliveredCount: integer('delivered_count').notNull().default(0),
  failedCount: integer('failed_count').notNull().default(0),
  bounceCount: integer('bounce_count').notNull().default(0),
  openedCount: integer('opened_count').notNull().default(0),
  clickedCount: integer('clicked_count').notNull().default(0),
  deliveryRate: numeric('delivery_rate', { precision: 5, scale: 4 }),
  openRate: numeric('open_rate', { precision: 5, scale: 4 }),
  clickRate: numeric('click_rate', { precision: 5, scale: 4 }),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  unique('notification_analytics_date_template_key_channel_key').on(t.date, t.templateKey, t.channel),
  checkIn('notification_analytics', 'channel', NOTIFICATION_CHANNELS),
  check(
    'notification_analytics_counts_check',
    sql`${t.sentCount} >= 0 AND ${t.deliveredCount} >= 0 AND ${t.failedCount} >= 0 AND ${t.bounceCount} >= 0 AND ${t.openedCount} >= 0 AND ${t.clickedCount} >= 0`,
  ),
  check('notification_analytics_rates_check', sql`${t.deliveryRate} BETWEEN 0 AND 1 AND ${t.openRate} BETWEEN 0 AND 1 AND ${t.clickRate} BETWEEN 0 AND 1`),
  adminsRead('notification_analytics'),
]);
export type NotificationAnalytics = typeof notificationAnalytics.$inferSelect; export type NewNotificationAnalytics = typeof notificationAnalytics.$inferInsert;

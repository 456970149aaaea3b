import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, primaryKey, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { checkJsonSize, checkLength, checkTags, rlsTable, TEXT_LIMITS } from '../_shared/index.js';
import { customers } from './customers.js';
import { brandIdEnum, conversationStatusEnum, crm, messageDirectionEnum, messageStatusEnum } from './enums.js';
import { tstz } from '../_shared/index.js';
import { brandPolicies, currentBrandDefault } from './roles.js';

/** An SMS thread between one customer phone and one brand phone (doc 002, "SMS Conversation Threading"). */
export const conversations = rlsTable(crm, 'conversations', {
  id: uuid('id').notNull().default(sql`gen_random_uuid()`),
  brandId: brandIdEnum('brand_id').notNull().default(currentBrandDefault),
  customerId: uuid('customer_id').notNull(),
  // Phone numbers
  customerPhone: varchar('customer_phone', { length: 20 }).notNull(),
  brandPhone: varchar('brand_phone', { length: 20 }).notNull(),
  // Conversation state
  status: conversationStatusEnum('status').notNull().default('active'),
  campaignId: uuid('campaign_id'),
  campaignName: varchar('campaign_name', { length: 255 }),
  // Message tracking: maintained by crm.messages_track_conversation on every message insert.
  messageCount: integer('message_count').notNull().default(0),
  lastMessageAt: tstz('last_message_at'),
  lastInboundAt: tstz('last_inbound_at'),
  lastOutboundAt: tstz('last_outbound_at'),
  // Opt-out compliance: set by an inbound STOP keyword; outbound messages are then refused.
  optedOutAt: tstz('opted_out_at'),
  optOutReason: text('opt_out_reason'),
  // Metadata
  metadata: jsonb('metadata').$type<Record<string, unknown>>(),
  tags: text('tags').array(),
  // Audit
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ name: 'conversations_pkey', columns: [t.brandId, t.id] }),
  unique('conversations_brand_phones_unique').on(t.brandId, t.customerPhone, t.brandPhone),
  // The brand travels with the customer: a conversation can only belong to a customer of its own brand.
  // Deleting a customer (erasure request) deletes their conversations and, through them, their messages.
  foreignKey({
    name: 'conversations_brand_id_customer_id_fkey',
    columns: [t.brandId, t.customerId],
    foreignColumns: [customers.brandId, customers.id],
  }).onDelete('cascade'),
  check('conversations_message_count_check', sql`${t.messageCount} >= 0`),
  check('conversations_opt_out_reason_check', sql`${t.optOutReason} is null or ${t.optedOutAt} is not null`),
  checkLength('conversations', 'opt_out_reason', TEXT_LIMITS.label),
  checkTags('conversations', 'tags', TEXT_LIMITS.tags, TEXT_LIMITS.tag),
  checkJsonSize('conversations', 'metadata', TEXT_LIMITS.jsonBytes),
  // Counting a brand's conversations.
  index('idx_conversations_brand_id').on(t.brandId),
  // A customer's conversations; also serves the foreign key on customer delete.
  index('idx_conversations_customer_id').on(t.brandId, t.customerId),
  // Inbound SMS routing: the webhook knows only the two phone numbers, not yet the brand (service_role).
  index('idx_conversations_phones').on(t.customerPhone, t.brandPhone),
  // The brand's inbox, most recent activity first.
  index('idx_conversations_last_message').on(t.brandId, t.lastMessageAt.desc().nullsLast()),
  // Conversations of a brand by status (active campaigns, archived opt-outs).
  index('idx_conversations_status').on(t.brandId, t.status),
  ...brandPolicies(t.brandId),
]);

export type Conversation = typeof conversations.$inferSelect; export type NewConversation = typeof conversations.$inferInsert;

/**
 * One SMS of a conversation. Carries `brand_id` (the document forgot it), and its foreign key
 * includes it, so a message can never belong to another brand's conversation.
 */
export const messages = rlsTable(crm, 'messages', {
  id: uuid('id').notNull().default(sql`gen_random_uuid()`),
  brandId: brandIdEnum('brand_id').notNull().default(currentBrandDefault),
  conversationId: uuid('conversation_id').notNull(),
  // Message content
  direction: messageDirectionEnum('direction').notNull(),
  content: text('content').notNull(),
  mediaUrls: text('media_urls').array(),
  // Status tracking
  status: messageStatusEnum('status'),
  externalId: varchar('external_id', { length: 255 }), // Provider message ID
  // Timing
  sentAt: tstz('sent_at').notNull().defaultNow(),
  deliveredAt: tstz('delivered_at'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  // Metadata
  metadata: jsonb('metadata').$type<Record<string, unknown>>(),
}, (t) => [
  primaryKey({ name: 'messages_pkey', columns: [t.brandId, t.id] }),
  checkLength('messages', 'content', TEXT_LIMITS.content),
  checkTags('messages', 'media_urls', TEXT_LIMITS.urls, TEXT_LIMITS.url),
  checkJsonSize('messages', 'metadata', TEXT_LIMITS.jsonBytes),
  // Messages only exist for their conversation: deleting it deletes them.
  foreignKey({
    name: 'messages_brand_id_conversation_id_fkey',
    columns: [t.brandId, t.conversationId],
    foreignColumns: [conversations.brandId, conversations.id],
  }).onDelete('cascade'),
  // A thread in order (getThread); also serves the foreign key on conversation delete.
  index('idx_messages_conversation_id').on(t.brandId, t.conversationId, t.sentAt),
  // The brand's recent messages.
  index('idx_messages_sent_at').on(t.brandId, t.sentAt.desc().nullsFirst()),
  // The brand's inbound (or outbound) traffic.
  index('idx_messages_direction').on(t.brandId, t.direction),
  ...brandPolicies(t.brandId),
]);

export type Message = typeof messages.$inferSelect; export type NewMessage = typeof messages.$inferInsert;

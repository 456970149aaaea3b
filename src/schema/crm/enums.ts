import { pgSchema } from 'drizzle-orm/pg-core';

/** The crm domain's Postgres schema (design doc 002). */
export const crm = pgSchema('crm');

/** The brands. Every crm row belongs to exactly one; RLS isolates them (app.current_brand). */
export const brandIdEnum = crm.enum('brand_id', ['gnymble', 'percymd', 'percytext']);
export type BrandId = (typeof brandIdEnum.enumValues)[number];
export const brandIds: readonly BrandId[] = brandIdEnum.enumValues;

/** Customer lifecycle: lead → marketing → trial → active, then churned / dormant. */
export const customerStageEnum = crm.enum('customer_stage', ['lead', 'marketing', 'trial', 'active', 'churned', 'dormant']);
export type CustomerStage = (typeof customerStageEnum.enumValues)[number];

/** Source attribution. */
export const customerSourceEnum = crm.enum('customer_source', [
  'website',
  'sms_campaign',
  'email_campaign',
  'referral',
  'organic',
  'paid_ads',
  'social',
  'other',
]);
export type CustomerSource = (typeof customerSourceEnum.enumValues)[number];

/** active: can send; paused: temporarily stopped; completed: campaign finished; archived: opted out or inactive. */
export const conversationStatusEnum = crm.enum('conversation_status', ['active', 'paused', 'completed', 'archived']);
export type ConversationStatus = (typeof conversationStatusEnum.enumValues)[number];

export const messageDirectionEnum = crm.enum('message_direction', ['inbound', 'outbound']);
export type MessageDirection = (typeof messageDirectionEnum.enumValues)[number];

export const messageStatusEnum = crm.enum('message_status', ['pending', 'sent', 'delivered', 'failed', 'undelivered']);
export type MessageStatus = (typeof messageStatusEnum.enumValues)[number];

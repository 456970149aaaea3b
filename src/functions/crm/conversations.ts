import { and, desc, eq, lt } from 'drizzle-orm';
import { createInsertSchema } from 'drizzle-zod';
import { z } from 'zod';
import type { Database } from '../../db.js';
import type { Tx } from '../../rls.js';
import { type Conversation, conversations, type Message, messages } from '../../schema/crm/conversations.js';
import { customers } from '../../schema/crm/customers.js';
import type { BrandId } from '../../schema/crm/enums.js';
import { insertMessageSchema } from '../../schema/crm/validation.js';
import { parseBrand, parseInput, translateDbError, ValidationError, withBrand } from './brand.js';

const messageFields = insertMessageSchema.pick({
  direction: true,
  content: true,
  mediaUrls: true,
  status: true,
  externalId: true,
  sentAt: true,
  deliveredAt: true,
  metadata: true,
});
const conversationFields = createInsertSchema(conversations).pick({
  customerId: true,
  customerPhone: true,
  brandPhone: true,
  campaignId: true,
  campaignName: true,
});

// Into a known conversation.
const intoConversationSchema = messageFields.extend({ conversationId: z.uuid() }).strict();
// Into the conversation between these two numbers, opened for the customer when there is none.
const intoPhonesSchema = messageFields
  .extend({
    customerId: z.uuid(),
    brandPhone: conversationFields.shape.brandPhone,
    customerPhone: conversationFields.shape.customerPhone.optional(),
    campaignId: conversationFields.shape.campaignId,
    campaignName: conversationFields.shape.campaignName,
  })
  .strict();

/**
 * A message for threadMessage: either `conversationId`, or `customerId` + `brandPhone` (and
 * `customerPhone`, defaulting to the customer's phone) to find or open the conversation between
 * the two numbers.
 */
export type ThreadMessageInput = z.input<typeof intoConversationSchema> | z.input<typeof intoPhonesSchema>;

export interface ThreadedMessage {
  conversation: Conversation;
  message: Message;
}

async function findOrOpenConversation(
  tx: Tx,
  brand: BrandId,
  input: { customerId: string; brandPhone: string; customerPhone?: string; campaignId?: string | null; campaignName?: string | null },
): Promise<Conversation> {
  let customerPhone = input.customerPhone;
  if (customerPhone === undefined) {
    const [customer] = await tx
      .select({ phone: customers.phone })
      .from(customers)
      .where(and(eq(customers.brandId, brand), eq(customers.id, input.customerId)));
    if (!customer) throw new ValidationError('customerId', `customerId: brand ${brand} has no customer ${input.customerId}`);
    if (!customer.phone) throw new ValidationError('customerPhone', `customerPhone: customer ${input.customerId} has no phone; give customerPhone`);
    customerPhone = customer.phone;
  }
  // Get or create; ON CONFLICT DO NOTHING makes two concurrent first messages share one conversation.
  const [created] = await tx
    .insert(conversations)
    .values({
      brandId: brand,
      customerId: input.customerId,
      customerPhone,
      brandPhone: input.brandPhone,
      campaignId: input.campaignId,
      campaignName: input.campaignName,
    })
    .onConflictDoNothing({ target: [conversations.brandId, conversations.customerPhone, conversations.brandPhone] })
    .returning();
  if (created) return created;
  const [existing] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.brandId, brand), eq(conversations.customerPhone, customerPhone), eq(conversations.brandPhone, input.brandPhone)));
  if (!existing) throw new Error('conversation vanished between insert and select');
  if (existing.customerId !== input.customerId) {
    throw new ValidationError(
      'customerId',
      `customerId: the conversation between ${customerPhone} and ${input.brandPhone} belongs to customer ${existing.customerId}`,
      { code: 'conflict' },
    );
  }
  return existing;
}

/**
 * Threads one message (inbound or outbound) into its conversation of `brand`, opening the
 * conversation if needed, in one transaction. The database maintains the conversation's counters,
 * records an inbound STOP as an opt-out, and refuses an outbound message to an opted-out
 * conversation (ValidationError, `code: 'opted_out'`). Returns the message and the updated conversation.
 */
export async function threadMessage(db: Database, brand: BrandId, input: ThreadMessageInput): Promise<ThreadedMessage> {
  const b = parseBrand(brand);
  const parsed =
    input && typeof input === 'object' && 'conversationId' in input ? parseInput(intoConversationSchema, input) : parseInput(intoPhonesSchema, input);
  try {
    return await withBrand(db, b, async (tx) => {
      const conversation =
        'conversationId' in parsed
          ? (await tx.select().from(conversations).where(and(eq(conversations.brandId, b), eq(conversations.id, parsed.conversationId))))[0]
          : await findOrOpenConversation(tx, b, parsed);
      if (!conversation) throw new ValidationError('conversationId', `conversationId: brand ${b} has no conversation ${(parsed as { conversationId: string }).conversationId}`);
      const { direction, content, mediaUrls, status, externalId, sentAt, deliveredAt, metadata } = parsed;
      const [message] = await tx
        .insert(messages)
        .values({ brandId: b, conversationId: conversation.id, direction, content, mediaUrls, status, externalId, sentAt, deliveredAt, metadata })
        .returning();
      const [updated] = await tx.select().from(conversations).where(and(eq(conversations.brandId, b), eq(conversations.id, conversation.id)));
      return { conversation: updated!, message: message! };
    });
  } catch (error) {
    translateDbError(error, b);
  }
}

const threadOptionsSchema = z
  .object({
    limit: z.number().int().min(1).max(1000).default(100),
    /** Only messages sent before this instant (paging back through a long thread). */
    before: z.coerce.date().optional(),
  })
  .strict();
export type GetThreadOptions = z.input<typeof threadOptionsSchema>;

/** A conversation of `brand` and its latest messages in send order; null when the brand has no such conversation. */
export async function getThread(
  db: Database,
  brand: BrandId,
  conversationId: string,
  options: GetThreadOptions = {},
): Promise<{ conversation: Conversation; messages: Message[] } | null> {
  const b = parseBrand(brand);
  const id = parseInput(z.uuid(), conversationId, 'conversationId');
  const opts = parseInput(threadOptionsSchema, options, 'options');
  return withBrand(db, b, async (tx) => {
    const [conversation] = await tx.select().from(conversations).where(and(eq(conversations.brandId, b), eq(conversations.id, id)));
    if (!conversation) return null;
    const latest = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.brandId, b), eq(messages.conversationId, id), opts.before ? lt(messages.sentAt, opts.before) : undefined))
      .orderBy(desc(messages.sentAt), desc(messages.id))
      .limit(opts.limit);
    return { conversation, messages: latest.reverse() };
  });
}

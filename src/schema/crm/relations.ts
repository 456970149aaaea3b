import { relations } from 'drizzle-orm';
import { conversations, messages } from './conversations.js';
import { customers } from './customers.js';

// Relations for drizzle's relational queries; every join goes through the composite (brand_id, id) keys.
export const customersRelations = relations(customers, ({ many }) => ({ conversations: many(conversations) }));
export const conversationsRelations = relations(conversations, ({ one, many }) => ({
  customer: one(customers, { fields: [conversations.brandId, conversations.customerId], references: [customers.brandId, customers.id] }),
  messages: many(messages),
}));
export const messagesRelations = relations(messages, ({ one }) => ({
  conversation: one(conversations, { fields: [messages.brandId, messages.conversationId], references: [conversations.brandId, conversations.id] }),
}));

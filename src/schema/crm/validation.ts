import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';
import { EMAIL_REGEXP } from '../_shared/index.js';
import { conversations, messages } from './conversations.js';
import { customers } from './customers.js';
import { brandIdEnum } from './enums.js';

/** A brand name: one of the `crm.brand_id` enum's values. */
export const brandIdSchema = createSelectSchema(brandIdEnum);

// The CHECK constraints' rules, mirrored on the generated schemas.
type OptOut = { optOutReason?: string | null; optedOutAt?: Date | null };
const optOutConsistent = (v: OptOut) => v.optOutReason == null || v.optedOutAt != null;
// An update that leaves opted_out_at alone is checked against the stored value by the database.
const optOutUpdateConsistent = (v: OptOut) => !('optedOutAt' in v) || optOutConsistent(v);
const optOutMessage = { message: 'opt_out_reason needs opted_out_at', path: ['optOutReason'] };

export const selectCustomerSchema = createSelectSchema(customers);
// Not a CHECK in the database (the document has none): the helpers refuse an email that is not one.
const email = z.string().max(255).regex(EMAIL_REGEXP, { error: 'is not a valid email address' });
export const insertCustomerSchema = createInsertSchema(customers, { email });
export const updateCustomerSchema = createUpdateSchema(customers, { email: email.optional() });

export const selectConversationSchema = createSelectSchema(conversations);
export const insertConversationSchema = createInsertSchema(conversations, {
  messageCount: (s) => s.min(0),
}).refine(optOutConsistent, optOutMessage);
export const updateConversationSchema = createUpdateSchema(conversations, {
  messageCount: (s) => s.min(0),
}).refine(optOutUpdateConsistent, optOutMessage);

export const selectMessageSchema = createSelectSchema(messages);
export const insertMessageSchema = createInsertSchema(messages);
export const updateMessageSchema = createUpdateSchema(messages);

import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';
import { EMAIL_REGEXP } from '../_shared/index.js';
import { date, jsonWithin, storable } from '../_shared/validators.js';
import { conversations, messages } from './conversations.js';
import { customers } from './customers.js';
import { brandIdEnum } from './enums.js';
import {
  isOneLineText,
  isStorableJson,
  isStorableText,
  jsonSizeMessage,
  STORABLE_TEXT_MESSAGE,
  TEXT_LIMITS,
} from '../_shared/index.js';

/** A brand name: one of the `crm.brand_id` enum's values. */
export const brandIdSchema = createSelectSchema(brandIdEnum);

// The CHECK constraints' rules, mirrored on the generated schemas.
type OptOut = { optOutReason?: string | null; optedOutAt?: Date | null };
const optOutConsistent = (v: OptOut) => v.optOutReason == null || v.optedOutAt != null;
// An update that leaves opted_out_at alone is checked against the stored value by the database.
const optOutUpdateConsistent = (v: OptOut) => !('optedOutAt' in v) || optOutConsistent(v);
const optOutMessage = { message: 'opt_out_reason needs opted_out_at', path: ['optOutReason'] };

// Text the database can store, within the CHECKs' limits (src/schema/_shared TEXT_LIMITS).
const limited = (max: number) => <S extends z.ZodString>(s: S) => storable(s.max(max));
const oneLineList =
  (count: number, length: number) =>
  <S extends z.ZodArray<z.ZodString>>(s: S) =>
    s.max(count).refine((a) => a.every((x) => x.length <= length && isOneLineText(x)), `at most ${length} characters each, one line, ${STORABLE_TEXT_MESSAGE}`);
const metadata = <S extends z.ZodType<Record<string, unknown>>>(s: S) =>
  s
    .refine(isStorableJson, STORABLE_TEXT_MESSAGE)
    .refine(jsonWithin(TEXT_LIMITS.jsonBytes), jsonSizeMessage(TEXT_LIMITS.jsonBytes));
const tags = oneLineList(TEXT_LIMITS.tags, TEXT_LIMITS.tag);
const nullableDate = (s: z.ZodDate) => date(s).optional();
const auditDates = { createdAt: (s: z.ZodDate) => date(s).optional(), updatedAt: (s: z.ZodDate) => date(s).optional() };
// Nullable columns: optional as well (drizzle-zod types a refined column as given).
const customerText = {
  phone: (s: z.ZodString) => storable(s).optional(),
  firstName: (s: z.ZodString) => storable(s).optional(),
  lastName: (s: z.ZodString) => storable(s).optional(),
  tags: (s: z.ZodArray<z.ZodString>) => tags(s).optional(),
  metadata: (s: z.ZodType<Record<string, unknown>>) => metadata(s).optional(),
  ...auditDates,
  marketingQualifiedAt: nullableDate,
  trialStartedAt: nullableDate,
  subscribedAt: nullableDate,
  churnedAt: nullableDate,
} as const;
const conversationText = {
  customerPhone: (s: z.ZodString) => storable(s),
  brandPhone: (s: z.ZodString) => storable(s),
  campaignName: (s: z.ZodString) => storable(s).optional(),
  optOutReason: (s: z.ZodString) => limited(TEXT_LIMITS.label)(s).optional(),
  tags: (s: z.ZodArray<z.ZodString>) => tags(s).optional(),
  metadata: (s: z.ZodType<Record<string, unknown>>) => metadata(s).optional(),
  ...auditDates,
  lastMessageAt: nullableDate,
  lastInboundAt: nullableDate,
  lastOutboundAt: nullableDate,
  optedOutAt: nullableDate,
} as const;
const messageText = {
  content: (s: z.ZodString) => limited(TEXT_LIMITS.content)(s),
  mediaUrls: (s: z.ZodArray<z.ZodString>) => oneLineList(TEXT_LIMITS.urls, TEXT_LIMITS.url)(s).optional(),
  externalId: (s: z.ZodString) => storable(s).optional(),
  metadata: (s: z.ZodType<Record<string, unknown>>) => metadata(s).optional(),
  sentAt: (s: z.ZodDate) => date(s).optional(),
  deliveredAt: nullableDate,
  createdAt: (s: z.ZodDate) => date(s).optional(),
} as const;

export const selectCustomerSchema = createSelectSchema(customers);
// Not a CHECK in the database (the document has none): the helpers refuse an email that is not one.
const email = z.string().max(255).regex(EMAIL_REGEXP, { error: 'is not a valid email address' }).refine(isStorableText, STORABLE_TEXT_MESSAGE);
export const insertCustomerSchema = createInsertSchema(customers, { ...customerText, email });
export const updateCustomerSchema = createUpdateSchema(customers, { ...customerText, email: email.optional() });

export const selectConversationSchema = createSelectSchema(conversations);
export const insertConversationSchema = createInsertSchema(conversations, {
  ...conversationText,
  messageCount: (s) => s.min(0),
}).refine(optOutConsistent, optOutMessage);
export const updateConversationSchema = createUpdateSchema(conversations, {
  ...conversationText,
  messageCount: (s) => s.min(0),
}).refine(optOutUpdateConsistent, optOutMessage);

export const selectMessageSchema = createSelectSchema(messages);
export const insertMessageSchema = createInsertSchema(messages, messageText);
export const updateMessageSchema = createUpdateSchema(messages, messageText);

import { sql } from 'drizzle-orm';
import { index, jsonb, primaryKey, text, unique, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { checkJsonSize, checkTags, rlsTable, TEXT_LIMITS } from '../_shared/index.js';
import { brandIdEnum, crm, customerSourceEnum, customerStageEnum } from './enums.js';
import { tstz } from '../_shared/index.js';
import { brandPolicies, currentBrandDefault } from './roles.js';

/**
 * The full-text search document of a customer. The GIN index `idx_customers_search` and
 * `searchCustomers` both build it from here: the planner only uses an expression index for the
 * identical expression.
 */
export const customerSearchVector = (c: { firstName: unknown; lastName: unknown; email: unknown }) =>
  sql`to_tsvector('english', coalesce(${c.firstName}, '') || ' ' || coalesce(${c.lastName}, '') || ' ' || ${c.email})`;

/** One customer of one brand, from first contact to subscription (doc 002, "Customer Lifecycle Table"). */
export const customers = rlsTable(crm, 'customers', {
  id: uuid('id').notNull().default(sql`gen_random_uuid()`),
  brandId: brandIdEnum('brand_id').notNull().default(currentBrandDefault),
  // Identity
  email: varchar('email', { length: 255 }).notNull(),
  phone: varchar('phone', { length: 20 }),
  firstName: varchar('first_name', { length: 100 }),
  lastName: varchar('last_name', { length: 100 }),
  // Journey tracking: the *_at milestones are stamped by crm.customers_stage_guard.
  stage: customerStageEnum('stage').notNull().default('lead'),
  source: customerSourceEnum('source').notNull().default('website'),
  marketingQualifiedAt: tstz('marketing_qualified_at'),
  trialStartedAt: tstz('trial_started_at'),
  subscribedAt: tstz('subscribed_at'),
  churnedAt: tstz('churned_at'),
  // Metadata
  metadata: jsonb('metadata').$type<Record<string, unknown>>(),
  tags: text('tags').array(),
  // Audit
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  // The brand is part of every key (Citus-ready: distribute and co-locate by brand_id).
  primaryKey({ name: 'customers_pkey', columns: [t.brandId, t.id] }),
  checkTags('customers', 'tags', TEXT_LIMITS.tags, TEXT_LIMITS.tag),
  checkJsonSize('customers', 'metadata', TEXT_LIMITS.jsonBytes),
  // Email identity is case-insensitive (docs/conventions.md): one customer per brand and lower(email);
  // findCustomer({ email }) looks up by (brand_id, lower(email)) through it.
  uniqueIndex('customers_brand_email_unique').using('btree', t.brandId, sql`lower(${t.email})`),
  unique('customers_brand_phone_unique').on(t.brandId, t.phone),
  // Counting a brand's customers (index-only scan, smaller than the primary key).
  index('idx_customers_brand_id').on(t.brandId),
  // Cross-brand lookup of one person by email, lower(email) = lower($1) (crm_analytics, service_role); brand-scoped lookups use customers_brand_email_unique.
  index('idx_customers_email').using('btree', sql`lower(${t.email})`),
  // Brand funnel by stage (findCustomers({ stage }), customer_analytics).
  index('idx_customers_stage').on(t.brandId, t.stage),
  // Brand attribution by source.
  index('idx_customers_source').on(t.brandId, t.source),
  // Brand-scoped listing, newest first by a backward scan, id breaking ties for keyset paging (findCustomers, the benchmark).
  index('idx_customers_created_at').on(t.brandId, t.createdAt, t.id),
  // Full-text search on name and email (searchCustomers); RLS adds the brand filter on top.
  index('idx_customers_search').using('gin', customerSearchVector(t)),
  ...brandPolicies(t.brandId),
]);

export type Customer = typeof customers.$inferSelect; export type NewCustomer = typeof customers.$inferInsert;

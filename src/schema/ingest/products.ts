import { sql } from 'drizzle-orm';
import { boolean, check, integer, numeric, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ingestSchema } from './schema.js';
import { rlsTable, serviceRolePolicy } from '../_shared/index.js';

/**
 * The product catalog: which invoice description is which product (an ILIKE pattern, the lowest
 * `priority` wins, no match is `Other`), its list price, the Systeme.io tag that marks its buyers,
 * and what buying it grants. Product rules live here, not in code: `ingest.product_for(text)`
 * and part 2's prepare read them.
 */
export const products = rlsTable(ingestSchema, 'products', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** ILIKE pattern matched against the invoice description; null for the fallback (Other). */
  matchPattern: text('match_pattern'),
  priority: integer('priority').notNull(),
  listPrice: numeric('list_price', { precision: 12, scale: 2 }),
  currency: text('currency').notNull().default('PHP'),
  /** Systeme.io tag whose contacts are buyers of this product (PaidP2P for P2P). */
  buyerTag: text('buyer_tag'),
  /** Buyers get an auth user and a unified profile (P2P); otherwise transactions only (Canva). */
  createsProfile: boolean('creates_profile').notNull().default(false),
  /** Buyers are enrolled in this course (slug of public.courses); null: no enrollment. */
  courseSlug: text('course_slug'),
}, (t) => [
  // one rule per priority: the match is never ambiguous.
  uniqueIndex('products_priority_key').on(t.priority),
  check('products_code_check', sql`${t.code} ~ '^[A-Za-z][A-Za-z0-9_]{0,31}$'`),
  check('products_list_price_check', sql`${t.listPrice} is null or ${t.listPrice} >= 0`),
  check('products_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  serviceRolePolicy(),
]);

export type Product = typeof products.$inferSelect; export type NewProduct = typeof products.$inferInsert;

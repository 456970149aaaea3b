import { sql } from 'drizzle-orm';
import { bigint, numeric } from 'drizzle-orm/pg-core';
import { customerSearchVector, customers } from '../schema/crm/customers.js';
import { brandIdEnum, crm, customerSourceEnum, customerStageEnum } from '../schema/crm/enums.js';
import { currentBrand } from '../schema/crm/roles.js';

/**
 * Customers per brand, stage and source (doc 002, "Journey Analytics Views"), without the
 * document's `WHERE is_active = TRUE`: customers have no such column, and the stage dimension
 * already separates churned and dormant customers. security_invoker: the reader's policies apply,
 * so crm_app sees its brand's rows and crm_analytics every brand's.
 */
export const customerAnalytics = crm
  .view('customer_analytics', {
    brandId: brandIdEnum('brand_id').notNull(),
    stage: customerStageEnum('stage').notNull(),
    source: customerSourceEnum('source').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
    count30d: bigint('count_30d', { mode: 'number' }).notNull(),
    avgDaysToSubscription: numeric('avg_days_to_subscription'),
  })
  .with({ securityInvoker: true })
  .as(sql`select
  brand_id,
  stage,
  source,
  count(*) as count,
  count(*) filter (where created_at >= now() - interval '30 days') as count_30d,
  avg(extract(epoch from (subscribed_at - created_at)) / 86400)
    filter (where subscribed_at is not null) as avg_days_to_subscription
from crm.customers
group by brand_id, stage, source`);

export type CustomerAnalyticsRow = typeof customerAnalytics.$inferSelect;

/**
 * The search documents of the current brand's customers, for searchCustomers.
 *
 * Why a view, and why not security_invoker: under RLS, PostgreSQL evaluates a query's own
 * conditions only after the policies' conditions unless their operators are LEAKPROOF, and a
 * condition that must wait cannot be an index condition. `@@` (ts_match_vq) is not leakproof, so
 * a full-text query on crm.customers run as crm_app can never use idx_customers_search: it scans
 * the whole brand and computes to_tsvector per row (measured in bench/crm.ts). This view runs with
 * its owner's rights (the tables' owner, which RLS does not restrict: RLS is not forced) and
 * filters by the current brand itself, with the policies' very expression, so `document @@ q`
 * is pushed into it and served by the GIN index. With no brand set it returns nothing. Only
 * crm_app may read it, and searchCustomers joins its ids back to crm.customers under RLS.
 * Not a security_barrier view either (that would stop the push-down too): the brand filter
 * guards against application bugs, not against arbitrary SQL as crm_app (which could set
 * app.current_brand itself anyway); see docs/decisions.md.
 */
export const customerSearch = crm.view('customer_search').as((qb) =>
  qb
    .select({
      brandId: customers.brandId,
      id: customers.id,
      createdAt: customers.createdAt,
      document: sql<string>`${customerSearchVector(customers)}`.as('document'),
    })
    .from(customers)
    .where(sql`${customers.brandId} = ${currentBrand}`),
);

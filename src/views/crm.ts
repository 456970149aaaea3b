import { sql } from 'drizzle-orm';
import { bigint, numeric } from 'drizzle-orm/pg-core';
import { brandIdEnum, crm, customerSourceEnum, customerStageEnum } from '../schema/crm/enums.js';

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

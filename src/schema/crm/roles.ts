import { sql } from 'drizzle-orm';
import { type AnyPgColumn, pgPolicy, pgRole } from 'drizzle-orm/pg-core';

/**
 * The application role: sees and writes only the rows of the transaction's brand
 * (`app.current_brand`). NOLOGIN, no BYPASSRLS; created by src/functions/crm (roles are
 * cluster-wide), declared `.existing()` here so that policies can name it.
 */
export const crmAppRole = pgRole('crm_app').existing();

/** Cross-brand analytics: SELECT on every brand, nothing else. */
export const crmAnalyticsRole = pgRole('crm_analytics').existing();

/** The setting withBrand sets transaction-locally. */
export const BRAND_SETTING = 'app.current_brand';

/**
 * The transaction's brand, or NULL when none is set: missing-ok (no error when the setting was
 * never defined) and `''` (what a reset transaction-local setting reads as) treated as unset. Wrapped
 * in `(select …)` so it is evaluated once per statement (an init plan), not per row.
 */
export const currentBrand = sql`(select nullif(current_setting('app.current_brand', true), '')::crm.brand_id)`;

/**
 * The default of every `brand_id`: the transaction's brand, so an insert inside withBrand may leave
 * it out. NULL without a brand, which RLS (checked before NOT NULL) refuses for crm_app and the
 * NOT NULL constraint for roles that bypass RLS.
 */
export const currentBrandDefault = sql`nullif(current_setting('app.current_brand', true), '')::crm.brand_id`;

/**
 * The two policies of every crm table (one helper, in the spirit of drizzle's `crudPolicy`):
 * crm_app reads and writes only the current brand's rows (the brand read once per statement, inside
 * `(select …)`), crm_analytics reads every brand. `brandId` is the table's brand_id column.
 */
export function brandPolicies(brandId: AnyPgColumn) {
  return [
    pgPolicy('crm_app reads and writes only the current brand', {
      for: 'all',
      to: crmAppRole,
      using: sql`${brandId} = ${currentBrand}`,
      withCheck: sql`${brandId} = ${currentBrand}`,
    }),
    pgPolicy('crm_analytics reads every brand', { for: 'select', to: crmAnalyticsRole, using: sql`true` }),
  ];
}

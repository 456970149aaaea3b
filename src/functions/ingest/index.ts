import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../db.js';
import { ingestGrants } from '../../schema/ingest/grants.sql.js';
import { seedProducts } from '../../schema/ingest/products.sql.js';
import { systemeioRawWaitForPrepare, waitForPrepare, xenditRawWaitForPrepare } from '../../schema/ingest/raw.sql.js';
import { defineFunction, type SqlObject } from '../define.js';
import { cutoverObjects } from './cutover.js';
import { validateAndPrepareCleanDataFn } from './prepare-sql.js';
import { createStagingTablesFn, dressStagingTableFn, stagingSelectListFn } from './staging.js';

export * from './cutover.js';
export * from './cutover-swap.js';
export * from './prepare-sql.js';
export * from './staging.js';

/**
 * The product code of an invoice description: the matching rule with the lowest priority, else the
 * fallback rule (no pattern), else 'Other'. Reads the catalog, so it is STABLE, not IMMUTABLE.
 */
export const productFor = defineFunction('ingest.product_for(description text) RETURNS text', { language: 'sql', volatility: 'stable', parallel: 'safe', searchPath: '', grantExecute: ['service_role'],
  body: `
SELECT coalesce(
  (SELECT p.code FROM ingest.products p
    WHERE p.match_pattern IS NOT NULL AND description ILIKE p.match_pattern
    ORDER BY p.priority LIMIT 1),
  (SELECT p.code FROM ingest.products p WHERE p.match_pattern IS NULL ORDER BY p.priority LIMIT 1),
  'Other')`,
  comment: 'Product code (ingest.products) of an invoice description: lowest-priority matching ILIKE rule, else the fallback.',
});

export const ingestObjects: readonly SqlObject[] = [seedProducts, productFor, ingestGrants, waitForPrepare, xenditRawWaitForPrepare, systemeioRawWaitForPrepare, stagingSelectListFn, dressStagingTableFn, createStagingTablesFn, validateAndPrepareCleanDataFn, ...cutoverObjects];

/** Typed wrapper of `ingest.product_for(description)`. */
export async function productForDescription(db: Database, description: string | null): Promise<string> {
  const [row] = await queryRows<{ code: string }>(db, sql`select ingest.product_for(${description}) as code`);
  return row!.code;
}

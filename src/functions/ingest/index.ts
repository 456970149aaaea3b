import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../db.js';
import { defineFunction, defineSql, type SqlObject } from '../define.js';
import { cutoverObjects } from './cutover.js';
import { validateAndPrepareCleanDataFn } from './prepare-sql.js';
import { createStagingTablesFn } from './staging.js';

export * from './cutover.js';
export * from './cutover-swap.js';
export * from './prepare-sql.js';
export * from './staging.js';

/**
 * The product catalog's seed rules. P2P's list price is ₱800 (the document's implemented checklist,
 * which wins over its earlier ₱1,000-per-sale estimates); Canva keeps the document's ₱1,000 estimate.
 * ON CONFLICT DO NOTHING: prices or patterns an operator changed are never overwritten.
 */
export const seedProducts = defineSql({
  key: 'ingest products seed',
  create: [
    `INSERT INTO ingest.products (code, name, match_pattern, priority, list_price, currency, buyer_tag, creates_profile, course_slug) VALUES
  ('P2P', 'Papers to Profits', '%papers to profits%', 10, 800.00, 'PHP', 'PaidP2P', true, 'papers-to-profits'),
  ('Canva', 'Canva ebook', '%canva%', 20, 1000.00, 'PHP', 'Canva', false, NULL),
  ('Other', 'Other', NULL, 1000, NULL, 'PHP', NULL, false, NULL)
ON CONFLICT (code) DO NOTHING`,
  ],
  drop: [`DELETE FROM ingest.products WHERE code IN ('P2P', 'Canva', 'Other')`],
});

/**
 * The product code of an invoice description: the matching rule with the lowest priority, else the
 * fallback rule (no pattern), else 'Other'. Reads the catalog, so it is STABLE, not IMMUTABLE.
 */
export const productFor = defineFunction({
  schema: 'ingest',
  name: 'product_for',
  args: [{ name: 'description', type: 'text' }],
  returns: 'text',
  language: 'sql',
  volatility: 'stable',
  parallel: 'safe',
  searchPath: '',
  body: `
SELECT coalesce(
  (SELECT p.code FROM ingest.products p
    WHERE p.match_pattern IS NOT NULL AND description ILIKE p.match_pattern
    ORDER BY p.priority LIMIT 1),
  (SELECT p.code FROM ingest.products p WHERE p.match_pattern IS NULL ORDER BY p.priority LIMIT 1),
  'Other')`,
  grantExecute: ['service_role'],
  comment: 'Product code (ingest.products) of an invoice description: lowest-priority matching ILIKE rule, else the fallback.',
});

/**
 * Tables of the ingest schema that decide what the owner-rights cutover and rollback do: the backup
 * registry (which backup, which tables) and the validation reports (the blocking-errors gate). Only
 * the owner writes them (the cutover and prepare functions); service_role may read them.
 */
export const OWNER_WRITTEN_INGEST_TABLES = ['ingest.backups', 'ingest.validation_reports'] as const;

/**
 * Raw data holds customers' emails and payments: only service_role (server-side jobs) may read or
 * write it. anon and authenticated get nothing (no USAGE on the schema); RLS is enabled with no
 * policy as a second lock. Re-applied after every drizzle-kit migration so new tables are covered;
 * the owner-written tables are then taken back to SELECT (nothing the owner runs may be steered by
 * rows a non-owner wrote: docs/decisions.md, issue 10).
 */
export const ingestGrants = defineSql({
  key: 'ingest grants',
  reapply: true,
  create: [
    'GRANT USAGE ON SCHEMA ingest TO service_role',
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role',
    'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role',
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${OWNER_WRITTEN_INGEST_TABLES.join(', ')} FROM service_role`,
  ],
  drop: [
    'REVOKE ALL ON ALL TABLES IN SCHEMA ingest FROM service_role',
    'REVOKE ALL ON ALL SEQUENCES IN SCHEMA ingest FROM service_role',
    'REVOKE USAGE ON SCHEMA ingest FROM service_role',
  ],
});

export const ingestObjects: readonly SqlObject[] = [seedProducts, productFor, ingestGrants, createStagingTablesFn, validateAndPrepareCleanDataFn, ...cutoverObjects];

/** Typed wrapper of `ingest.product_for(description)`. */
export async function productForDescription(db: Database, description: string | null): Promise<string> {
  const [row] = await queryRows<{ code: string }>(db, sql`select ingest.product_for(${description}) as code`);
  return row!.code;
}

// SQL objects of the ingest products table (docs/conventions.md, "SQL objects bound to their table").
import { defineSql, qualifiedTableName } from '../../functions/define.js';
import { products } from './products.js';

/**
 * The product catalog's seed rules. P2P's list price is ₱800 (the document's implemented checklist,
 * which wins over its earlier ₱1,000-per-sale estimates); Canva keeps the document's ₱1,000 estimate.
 * ON CONFLICT DO NOTHING: prices or patterns an operator changed are never overwritten.
 */
export const seedProducts = defineSql({
  key: 'ingest products seed',
  create: [
    `INSERT INTO ${qualifiedTableName(products)} (code, name, match_pattern, priority, list_price, currency, buyer_tag, creates_profile, course_slug) VALUES
  ('P2P', 'Papers to Profits', '%papers to profits%', 10, 800.00, 'PHP', 'PaidP2P', true, 'papers-to-profits'),
  ('Canva', 'Canva ebook', '%canva%', 20, 1000.00, 'PHP', 'Canva', false, NULL),
  ('Other', 'Other', NULL, 1000, NULL, 'PHP', NULL, false, NULL)
ON CONFLICT (code) DO NOTHING`,
  ],
  drop: [`DELETE FROM ${qualifiedTableName(products)} WHERE code IN ('P2P', 'Canva', 'Other')`],
});


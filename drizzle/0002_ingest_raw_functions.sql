-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: ingest products seed
-- new: function ingest.product_for(text)
-- new: ingest grants
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
INSERT INTO ingest.products (code, name, match_pattern, priority, list_price, currency, buyer_tag, creates_profile, course_slug) VALUES
  ('P2P', 'Papers to Profits', '%papers to profits%', 10, 800.00, 'PHP', 'PaidP2P', true, 'papers-to-profits'),
  ('Canva', 'Canva ebook', '%canva%', 20, 1000.00, 'PHP', 'Canva', false, NULL),
  ('Other', 'Other', NULL, 1000, NULL, 'PHP', NULL, false, NULL)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.product_for(description text)
RETURNS text
LANGUAGE sql
STABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT coalesce(
  (SELECT p.code FROM ingest.products p
    WHERE p.match_pattern IS NOT NULL AND description ILIKE p.match_pattern
    ORDER BY p.priority LIMIT 1),
  (SELECT p.code FROM ingest.products p WHERE p.match_pattern IS NULL ORDER BY p.priority LIMIT 1),
  'Other')
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.product_for(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ingest.product_for(text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.product_for(text) IS 'Product code (ingest.products) of an invoice description: lowest-priority matching ILIKE rule, else the fallback.';
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: crm customers email case collisions guard
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
DO $guard$
DECLARE
  forced boolean;
  collisions text;
BEGIN
  SELECT relforcerowsecurity INTO forced FROM pg_class WHERE oid = to_regclass('crm.customers');
  IF forced IS NULL THEN
    RETURN;
  END IF;
  IF forced THEN
    ALTER TABLE crm.customers NO FORCE ROW LEVEL SECURITY;
  END IF;
  SELECT string_agg(format('%s %s (%s customers)', d.brand_id, d.email, d.n), '; ')
    INTO collisions
    FROM (SELECT c.brand_id, lower(c.email) AS email, count(*) AS n
            FROM crm.customers c GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 50) d;
  IF forced THEN
    ALTER TABLE crm.customers FORCE ROW LEVEL SECURITY;
  END IF;
  IF collisions IS NOT NULL THEN
    RAISE EXCEPTION 'crm.customers: emails are now case-insensitive (unique on brand_id, lower(email)) and these customers collide: %', collisions
      USING ERRCODE = 'unique_violation',
            HINT = 'merge or change the email of all but one customer of each pair, then migrate again';
  END IF;
END
$guard$;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- removed: function wolo.has_role(text)
-- removed: function wolo.my_partner_ids()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo.my_partner_ids();
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo.has_role(text);

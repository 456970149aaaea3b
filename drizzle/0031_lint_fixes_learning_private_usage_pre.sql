-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: schema learning_private
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS learning_private;
--> statement-breakpoint
REVOKE ALL ON SCHEMA learning_private FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT USAGE ON SCHEMA learning_private TO service_role;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: default privileges of the migrating role
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: role unified_schema_definer
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
DO $role$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'unified_schema_definer') THEN
    CREATE ROLE unified_schema_definer NOLOGIN NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $role$;
--> statement-breakpoint
GRANT unified_schema_definer TO CURRENT_USER;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function wolo.refuse(text, text, text, text)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refuse(p_sqlstate text, p_column text, p_table text, p_message text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, COLUMN = p_column, TABLE = p_table, SCHEMA = 'wolo';
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.refuse(text, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.refuse(text, text, text, text) TO authenticated, service_role, unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refuse(text, text, text, text) IS 'Raises the given wolo SQLSTATE with COLUMN, TABLE and SCHEMA set (the row triggers'' refusals).';

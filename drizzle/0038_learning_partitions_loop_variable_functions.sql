-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function learning.ensure_monthly_partitions(regclass, integer)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.ensure_monthly_partitions(table_name regclass, months_ahead integer DEFAULT 3)
RETURNS setof text
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL020', MESSAGE = 'ensure_monthly_partitions: months_ahead must be between 0 and 24';
  END IF;
  FOR i IN 0..months_ahead LOOP
    RETURN NEXT learning.create_monthly_partition(table_name, (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date);
  END LOOP;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) IS 'Creates the partitions of the current UTC month and the next months_ahead (default 3) months; returns their names.';
--> statement-breakpoint
ALTER FUNCTION learning.ensure_monthly_partitions(regclass, integer) OWNER TO unified_schema_definer;

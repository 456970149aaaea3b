-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function public.business_time_zone()
-- new: function public.is_admin()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.business_time_zone()
RETURNS text
LANGUAGE sql
IMMUTABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT 'Asia/Manila'::text
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION public.business_time_zone() IS 'The business time zone of every calendar bucket (months, weeks, days). Declared in src/schema/unified/constants.ts (BUSINESS_TIME_ZONE).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.is_admin()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT coalesce((SELECT auth.jwt()) -> 'app_metadata' ->> 'role', '') = 'admin'
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.is_admin() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.is_admin() TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.is_admin() IS 'True when the JWT claims carry app_metadata.role = ''admin'' (set by the service role only).';

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: schema wolo
-- new: function wolo.business_time_zone()
-- new: function wolo.has_role(text)
-- new: function wolo.my_partner_ids()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS wolo;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.business_time_zone()
RETURNS text
LANGUAGE sql
IMMUTABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT 'Africa/Dakar'::text
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.business_time_zone() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.business_time_zone() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.business_time_zone() IS 'The WOLO business time zone (Africa/Dakar). Declared in src/schema/wolo/constants.ts (WOLO_BUSINESS_TIME_ZONE).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.has_role(required_role text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM wolo.users u
    WHERE u.id = (SELECT auth.uid()) AND u.is_active
      AND (required_role = ANY (u.roles) OR (required_role = 'admin' AND 'super_admin' = ANY (u.roles))));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.has_role(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.has_role(text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.has_role(text) IS 'True when the caller''s wolo.users row is active and holds the role (super_admin counts as admin). Policies call it as (select wolo.has_role(''admin'')).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.my_partner_ids()
RETURNS uuid[]
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  RETURN coalesce((SELECT pg_catalog.array_agg(s.partner_id) FROM wolo.partner_staff s WHERE s.user_id = (SELECT auth.uid())), '{}'::uuid[]);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.my_partner_ids() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.my_partner_ids() TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.my_partner_ids() IS 'The partner ids the caller is staff of. Policies call it as (select wolo.my_partner_ids()).';

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: schema wolo_private
-- new: function wolo_private.has_role(text)
-- new: function wolo_private.my_partner_ids()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS wolo_private;
--> statement-breakpoint
REVOKE ALL ON SCHEMA wolo_private FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT USAGE ON SCHEMA wolo_private TO service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.has_role(required_role text)
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
REVOKE ALL ON FUNCTION wolo_private.has_role(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.has_role(text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.has_role(text) IS 'True when the caller''s wolo.users row is active and holds the role (super_admin counts as admin). Policies call it as (select wolo_private.has_role(''admin'')).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.my_partner_ids()
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
REVOKE ALL ON FUNCTION wolo_private.my_partner_ids() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.my_partner_ids() TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.my_partner_ids() IS 'The partner ids the caller is staff of. Policies call it as (select wolo_private.my_partner_ids()).';

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: wolo definer role schemas
-- changed: function wolo_private.has_role(text)
-- changed: function wolo_private.my_partner_ids()
-- changed: function wolo_private.pot_donation_rows()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA wolo, wolo_private TO unified_schema_definer;
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
ALTER FUNCTION wolo_private.has_role(text) OWNER TO unified_schema_definer;
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
--> statement-breakpoint
ALTER FUNCTION wolo_private.my_partner_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.pot_donation_rows()
RETURNS table (
    id uuid, pot_id uuid, donor_user_id uuid, donor_name varchar(255), is_anonymous boolean, amount_cfa integer,
    status text, donation_message text, confirmed_at timestamptz, created_at timestamptz)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  RETURN QUERY
    SELECT d.id, d.pot_id,
           CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_user_id END,
           CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_name END,
           d.is_anonymous, d.amount_cfa, d.status::text, d.donation_message, d.confirmed_at, d.created_at
      FROM wolo.donations d
     WHERE d.pot_id IN (SELECT p.id FROM wolo.pots p WHERE p.owner_user_id = (SELECT auth.uid()))
        OR (SELECT wolo_private.has_role('admin'));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo_private.pot_donation_rows() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.pot_donation_rows() TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.pot_donation_rows() IS 'The rows of wolo.pot_donations: donations to the caller''s pots (admins: all), anonymous donors blanked.';
--> statement-breakpoint
ALTER FUNCTION wolo_private.pot_donation_rows() OWNER TO unified_schema_definer;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo_private.pot_donation_rows()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
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

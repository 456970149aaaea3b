-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo.forget_user(uuid)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.forget_user(user_id uuid)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_uid uuid := forget_user.user_id;
  v_donations uuid[];
BEGIN
  PERFORM 1 FROM wolo.users u WHERE u.id = v_uid FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'user % does not exist', v_uid USING ERRCODE = 'UW016', COLUMN = 'user_id';
  END IF;
  DELETE FROM wolo.user_addresses x WHERE x.user_id = v_uid;
  DELETE FROM wolo.user_sessions x WHERE x.user_id = v_uid;
  DELETE FROM wolo.password_reset_tokens x WHERE x.user_id = v_uid;
  DELETE FROM wolo.notifications x WHERE x.user_id = v_uid;
  DELETE FROM wolo.notification_preferences x WHERE x.user_id = v_uid;
  DELETE FROM wolo.analytics_events x WHERE x.user_id = v_uid;
  DELETE FROM wolo.ab_test_assignments x WHERE x.user_id = v_uid;
  DELETE FROM wolo.pot_invitations x WHERE x.invited_by_user_id = v_uid;
  DELETE FROM wolo.partner_staff x WHERE x.user_id = v_uid;
  DELETE FROM wolo.admin_sessions x WHERE x.user_id = v_uid;
  DELETE FROM wolo.sponsor_daily_limits x WHERE x.sponsor_user_id = v_uid;
  DELETE FROM wolo.sponsor_contact_batches x WHERE x.sponsor_user_id = v_uid;
  v_donations := ARRAY(SELECT d.id FROM wolo.donations d WHERE d.donor_user_id = v_uid);
  UPDATE wolo.donations d SET donor_user_id = NULL, donor_name = NULL, donor_phone = NULL, donation_message = NULL, ip_address = NULL, user_agent = NULL
  WHERE d.donor_user_id = v_uid;
  UPDATE wolo.referrals r SET sponsored_user_id = NULL WHERE r.sponsored_user_id = v_uid;
  UPDATE wolo.pots p SET title = '[forgotten]', description = NULL WHERE p.owner_user_id = v_uid AND (p.title <> '[forgotten]' OR p.description IS NOT NULL);
  UPDATE wolo.profiles p SET full_name = '[forgotten]', bio = NULL, avatar_url = NULL, id_number = NULL, id_hash = NULL, id_media_url = NULL, id_type = NULL, id_country = NULL
  WHERE p.user_id = v_uid;
  UPDATE wolo.users u SET phone = NULL, email = 'forgotten-' || v_uid::text || '@wolo.invalid', is_active = false, last_login_at = NULL
  WHERE u.id = v_uid;
  -- The audit trail keeps who did what and when, not the person's old and new values.
  UPDATE wolo.audit_logs a SET old_values = NULL, new_values = NULL, metadata = NULL
  WHERE (a.resource_id = v_uid OR a.resource_id = ANY (v_donations) OR a.resource_id IN (SELECT p.id FROM wolo.pots p WHERE p.owner_user_id = v_uid))
    AND (a.old_values IS NOT NULL OR a.new_values IS NOT NULL OR a.metadata IS NOT NULL);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.forget_user(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.forget_user(uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.forget_user(uuid) IS 'Erases or anonymises a person across the WOLO tables, keeping financial rows detached; idempotent. service_role only.';

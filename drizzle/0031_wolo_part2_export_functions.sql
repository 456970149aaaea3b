-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo.export_user_data(uuid)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.export_user_data(user_id uuid)
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_key text := nullif(pg_catalog.current_setting('wolo.id_encryption_key', true), '');
  v_uid uuid := export_user_data.user_id;
  v_id_number text;
BEGIN
  IF v_key IS NOT NULL THEN
    SELECT extensions.pgp_sym_decrypt(pg_catalog.decode(p.id_number, 'base64'), v_key) INTO v_id_number
    FROM wolo.profiles p WHERE p.user_id = v_uid AND p.id_number IS NOT NULL;
  END IF;
  RETURN pg_catalog.jsonb_build_object(
    'user', (SELECT pg_catalog.to_jsonb(u) FROM wolo.users u WHERE u.id = v_uid),
    'profile', (SELECT (pg_catalog.to_jsonb(p) - 'id_number' - 'id_hash')
                  || pg_catalog.jsonb_build_object('id_number', v_id_number, 'id_number_stored', p.id_number IS NOT NULL)
                FROM wolo.profiles p WHERE p.user_id = v_uid),
    'addresses', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a)) FROM wolo.user_addresses a WHERE a.user_id = v_uid), '[]'),
    'referrals', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r)) FROM wolo.referrals r WHERE r.sponsor_user_id = v_uid OR r.sponsored_user_id = v_uid), '[]'),
    'pots', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p)) FROM wolo.pots p WHERE p.owner_user_id = v_uid), '[]'),
    'donations_made', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'wave_webhook_data') FROM wolo.donations d WHERE d.donor_user_id = v_uid), '[]'),
    'donations_received', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', d.id, 'pot_id', d.pot_id, 'amount_cfa', d.amount_cfa, 'status', d.status,
        'initiated_at', d.initiated_at, 'donor_name', CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_name END, 'donation_message', d.donation_message))
      FROM wolo.donations d JOIN wolo.pots p ON p.id = d.pot_id WHERE p.owner_user_id = v_uid), '[]'),
    'points', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l)) FROM wolo.points_ledger l WHERE l.sponsor_user_id = v_uid), '[]'),
    'points_conversions', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c)) FROM wolo.points_conversions c WHERE c.sponsor_user_id = v_uid), '[]'),
    'notifications', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(n)) FROM wolo.notifications n WHERE n.user_id = v_uid), '[]'),
    'notification_preferences', (SELECT pg_catalog.to_jsonb(np) FROM wolo.notification_preferences np WHERE np.user_id = v_uid),
    'consent', (SELECT pg_catalog.jsonb_build_object('marketing_notifications', np.marketing_notifications, 'marketing_opt_in_at', np.marketing_opt_in_at,
                  'marketing_opt_in_source', np.marketing_opt_in_source) FROM wolo.notification_preferences np WHERE np.user_id = v_uid)
  );
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.export_user_data(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.export_user_data(uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.export_user_data(uuid) IS 'Everything WOLO holds about one person, as JSON (the ID number decrypted when wolo.id_encryption_key is set). service_role only.';

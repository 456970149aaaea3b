-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo.purge_expired_data(timestamptz, integer)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.purge_expired_data(now timestamptz DEFAULT now(), batch_size integer DEFAULT 1000)
RETURNS table(table_name text, deleted bigint)
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  n bigint;
  n_total bigint;
BEGIN
  IF purge_expired_data.now IS NULL OR purge_expired_data.batch_size IS NULL OR purge_expired_data.batch_size < 1 THEN
    RAISE EXCEPTION 'now and a positive batch_size are required' USING ERRCODE = 'UW018', COLUMN = 'batch_size';
  END IF;

  n_total := 0;
  LOOP
    DELETE FROM wolo.user_sessions d WHERE d.id IN (
      SELECT x.id FROM wolo.user_sessions x
      WHERE x.created_at < purge_expired_data.now - interval '90 days'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'user_sessions'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.analytics_events d WHERE d.id IN (
      SELECT x.id FROM wolo.analytics_events x
      WHERE x.timestamp < purge_expired_data.now - interval '2 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'analytics_events'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.audit_logs d WHERE d.id IN (
      SELECT x.id FROM wolo.audit_logs x
      WHERE x.timestamp < purge_expired_data.now - interval '5 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'audit_logs'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.refunds d WHERE d.id IN (
      SELECT x.id FROM wolo.refunds x
      WHERE x.created_at < purge_expired_data.now - interval '7 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'refunds'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.donations d WHERE d.id IN (
      SELECT x.id FROM wolo.donations x
      WHERE x.initiated_at < purge_expired_data.now - interval '7 years' AND NOT (EXISTS (SELECT 1 FROM wolo.refunds r WHERE r.donation_id = x.id) OR EXISTS (SELECT 1 FROM wolo.wave_webhook_events w WHERE w.donation_id = x.id) OR EXISTS (SELECT 1 FROM wolo.points_conversions c WHERE c.donation_id = x.id))
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'donations'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.partner_settlements d WHERE d.id IN (
      SELECT x.id FROM wolo.partner_settlements x
      WHERE x.created_at < purge_expired_data.now - interval '7 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'partner_settlements'; deleted := n_total; RETURN NEXT;

  n_total := 0;
  LOOP
    DELETE FROM wolo.points_ledger d WHERE d.id IN (
      SELECT x.id FROM wolo.points_ledger x
      WHERE x.created_at < purge_expired_data.now - interval '7 years'
      LIMIT purge_expired_data.batch_size);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_total := n_total + n;
    EXIT WHEN n < purge_expired_data.batch_size;
  END LOOP;
  table_name := 'points_ledger'; deleted := n_total; RETURN NEXT;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.purge_expired_data(timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.purge_expired_data(timestamptz, integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.purge_expired_data(timestamptz, integer) IS 'Retention (doc 003 §6): deletes sessions > 90 days, analytics events > 2 years, audit logs > 5 years, financial rows > 7 years, in batches. service_role only.';

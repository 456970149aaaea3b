-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo.compute_partner_settlement(uuid, date, date)
-- new: function wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz)
-- new: function wolo.compute_daily_metrics(date)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.compute_partner_settlement(partner_id uuid, period_start date, period_end date)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_split numeric;
  v_count integer;
  v_revenue bigint;
  v_share bigint;
  v_id uuid;
  v_tz text := wolo.business_time_zone();
BEGIN
  IF compute_partner_settlement.period_start IS NULL OR compute_partner_settlement.period_end IS NULL
     OR compute_partner_settlement.period_end < compute_partner_settlement.period_start THEN
    RAISE EXCEPTION 'period_end must be on or after period_start' USING ERRCODE = 'UW018', COLUMN = 'period_end';
  END IF;
  SELECT p.revenue_split_percentage INTO v_split FROM wolo.partners p WHERE p.id = compute_partner_settlement.partner_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'partner % does not exist', compute_partner_settlement.partner_id USING ERRCODE = 'UW016', COLUMN = 'partner_id';
  END IF;
  SELECT count(*)::integer, coalesce(sum(coalesce(pk.discounted_price_cfa, pk.base_price_cfa)), 0)::bigint INTO v_count, v_revenue
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id
  WHERE q.redeemed_by_partner_id = compute_partner_settlement.partner_id AND q.status = 'redeemed'
    AND q.redeemed_at >= (compute_partner_settlement.period_start::timestamp AT TIME ZONE v_tz)
    AND q.redeemed_at < ((compute_partner_settlement.period_end + 1)::timestamp AT TIME ZONE v_tz);
  v_share := pg_catalog.floor(v_revenue * v_split / 100)::bigint;
  INSERT INTO wolo.partner_settlements AS s (partner_id, period_start, period_end, total_redemptions_count, total_revenue_cfa, partner_share_cfa, wolo_commission_cfa)
  VALUES (compute_partner_settlement.partner_id, compute_partner_settlement.period_start, compute_partner_settlement.period_end, v_count, v_revenue, v_share, v_revenue - v_share)
  ON CONFLICT ON CONSTRAINT partner_settlements_partner_id_period_start_period_end_key DO UPDATE SET
    total_redemptions_count = EXCLUDED.total_redemptions_count, total_revenue_cfa = EXCLUDED.total_revenue_cfa,
    partner_share_cfa = EXCLUDED.partner_share_cfa, wolo_commission_cfa = EXCLUDED.wolo_commission_cfa,
    status = 'pending', approved_by_user_id = NULL, approved_at = NULL
  WHERE s.status <> 'paid'
  RETURNING s.id INTO v_id;
  IF v_id IS NULL THEN
    RAISE EXCEPTION 'the settlement of partner % for % .. % is paid and cannot be recomputed', compute_partner_settlement.partner_id,
      compute_partner_settlement.period_start, compute_partner_settlement.period_end USING ERRCODE = 'UW024', COLUMN = 'period_start';
  END IF;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.compute_partner_settlement(uuid, date, date) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.compute_partner_settlement(uuid, date, date) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.compute_partner_settlement(uuid, date, date) IS 'Computes (or recomputes, unless paid) a partner''s settlement for a period: redemptions, revenue at pack prices, partner share and WOLO commission adding up exactly. service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.record_event(event_name text, event_category text, user_id uuid DEFAULT NULL, properties jsonb DEFAULT NULL, session_id text DEFAULT NULL, anonymous_id text DEFAULT NULL, platform text DEFAULT NULL, device_type text DEFAULT NULL, occurred_at timestamptz DEFAULT now())
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_caller uuid := (SELECT auth.uid());
  v_id uuid;
BEGIN
  IF v_caller IS NOT NULL AND record_event.user_id IS NOT NULL AND record_event.user_id <> v_caller THEN
    RAISE EXCEPTION 'a user records its own events only' USING ERRCODE = 'UW018', COLUMN = 'user_id';
  END IF;
  INSERT INTO wolo.analytics_events (event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type, timestamp)
  VALUES (record_event.event_name, record_event.event_category, record_event.user_id, record_event.properties, record_event.session_id,
          record_event.anonymous_id, record_event.platform, record_event.device_type,
          CASE WHEN v_caller IS NULL THEN coalesce(record_event.occurred_at, pg_catalog.now()) ELSE pg_catalog.now() END)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.record_event(text, text, uuid, jsonb, text, text, text, text, timestamptz) IS 'Records an analytics event; a signed-in user records its own events only (and at now()).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.compute_daily_metrics(day date)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_tz text := wolo.business_time_zone();
  v_from timestamptz := compute_daily_metrics.day::timestamp AT TIME ZONE v_tz;
  v_to timestamptz := (compute_daily_metrics.day + 1)::timestamp AT TIME ZONE v_tz;
  v_amount bigint;
  v_count integer;
  v_donors integer;
  v_initiated integer;
  v_dau integer;
  v_revenue bigint;
  v_redeemed integer;
  v_pots integer;
BEGIN
  IF compute_daily_metrics.day IS NULL THEN
    RAISE EXCEPTION 'day is required' USING ERRCODE = 'UW018', COLUMN = 'day';
  END IF;
  SELECT coalesce(sum(d.amount_cfa), 0), count(*), count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone))
    INTO v_amount, v_count, v_donors
  FROM wolo.donations d
  WHERE d.status IN ('succeeded', 'refunded') AND d.confirmed_at >= v_from AND d.confirmed_at < v_to;
  SELECT count(*) INTO v_initiated FROM wolo.donations d WHERE d.initiated_at >= v_from AND d.initiated_at < v_to;
  INSERT INTO wolo.donation_analytics AS a (period_type, period_start, period_end, total_amount_cfa, transaction_count, unique_donors, average_donation_cfa, success_rate)
  VALUES ('daily', compute_daily_metrics.day, compute_daily_metrics.day, v_amount, v_count, v_donors,
          CASE WHEN v_count = 0 THEN 0 ELSE (v_amount / v_count)::integer END,
          CASE WHEN v_initiated = 0 THEN NULL ELSE least(1, round(v_count::numeric / v_initiated, 4)) END)
  ON CONFLICT (period_type, period_start, period_end) DO UPDATE SET
    total_amount_cfa = EXCLUDED.total_amount_cfa, transaction_count = EXCLUDED.transaction_count, unique_donors = EXCLUDED.unique_donors,
    average_donation_cfa = EXCLUDED.average_donation_cfa, success_rate = EXCLUDED.success_rate, created_at = pg_catalog.now();
  SELECT count(*) INTO v_dau FROM (
    SELECT e.user_id FROM wolo.analytics_events e WHERE e.user_id IS NOT NULL AND e.timestamp >= v_from AND e.timestamp < v_to
    UNION SELECT u.id FROM wolo.users u WHERE u.last_login_at >= v_from AND u.last_login_at < v_to
    UNION SELECT d.donor_user_id FROM wolo.donations d WHERE d.donor_user_id IS NOT NULL AND d.initiated_at >= v_from AND d.initiated_at < v_to
  ) active;
  SELECT count(*), coalesce(sum(coalesce(pk.discounted_price_cfa, pk.base_price_cfa)), 0) INTO v_redeemed, v_revenue
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id
  WHERE q.status = 'redeemed' AND q.redeemed_at >= v_from AND q.redeemed_at < v_to;
  SELECT count(*) INTO v_pots FROM wolo.pots p WHERE p.created_at >= v_from AND p.created_at < v_to;
  DELETE FROM wolo.business_metrics m WHERE m.metric_date = compute_daily_metrics.day AND m.dimensions IS NULL
    AND m.metric_type IN ('daily_active_users', 'donations', 'revenue', 'new_pots');
  INSERT INTO wolo.business_metrics (metric_date, metric_type, metric_value, metric_count) VALUES
    (compute_daily_metrics.day, 'daily_active_users', v_dau, v_dau),
    (compute_daily_metrics.day, 'donations', v_amount, v_count),
    (compute_daily_metrics.day, 'revenue', v_revenue, v_redeemed),
    (compute_daily_metrics.day, 'new_pots', v_pots, v_pots);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.compute_daily_metrics(date) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.compute_daily_metrics(date) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.compute_daily_metrics(date) IS 'Fills donation_analytics (daily) and business_metrics (daily_active_users, donations, revenue, new_pots) for a business day; idempotent. service_role only.';

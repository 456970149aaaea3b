-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo.refuse(text, text, text, text)
-- new: function wolo.require_user(uuid, text, text)
-- changed: function ingest.raise_listed(text[], text, text, text)
-- changed: function wolo.profiles_minor_guardian()
-- changed: function wolo.pots_lifecycle()
-- changed: function wolo.donations_guard()
-- changed: function wolo.refunds_guard()
-- changed: function wolo.points_ledger_guard()
-- changed: function wolo.send_invitation(uuid, text, text, text, text)
-- changed: function wolo.accept_referral(text, uuid)
-- changed: function wolo.convert_points(uuid, integer, uuid)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.raise_listed(p_items text[], p_sqlstate text, p_code text, p_message text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF cardinality(p_items) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = p_sqlstate,
      MESSAGE = format(p_message, cardinality(p_items), array_to_string(p_items[1:8], '; ')),
      DETAIL = array_to_string(p_items, E'\n'), HINT = 'code=' || p_code;
  END IF;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.raise_listed(text[], text, text, text) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.raise_listed(text[], text, text, text) IS 'Raises the given SQLSTATE listing the items (first 8 in the message, all in DETAIL) when there are any (swap refusals).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refuse(p_sqlstate text, p_column text, p_table text, p_message text)
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, COLUMN = p_column, TABLE = p_table, SCHEMA = 'wolo';
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.refuse(text, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.refuse(text, text, text, text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refuse(text, text, text, text) IS 'Raises the given wolo SQLSTATE with COLUMN, TABLE and SCHEMA set (the row triggers'' refusals).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.profiles_minor_guardian()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
BEGIN
  IF NEW.date_of_birth > today THEN
    PERFORM wolo.refuse('UW018', 'date_of_birth', TG_TABLE_NAME, format('date_of_birth %s is in the future', NEW.date_of_birth));
  END IF;
  IF NEW.date_of_birth > (today - interval '18 years')::date
     AND (NEW.guardian_user_id IS NULL OR NEW.relationship_type IS NULL) THEN
    PERFORM wolo.refuse('UW010', 'guardian_user_id', TG_TABLE_NAME, format('a minor (born %s) needs guardian_user_id and relationship_type', NEW.date_of_birth));
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.profiles_minor_guardian() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.profiles_minor_guardian() IS 'Trigger: a profile under 18 (business date) needs a guardian and a relationship type.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.pots_lifecycle()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.scheduled_open_at IS NULL THEN
      NEW.scheduled_open_at := ((NEW.birthday_date - 30)::timestamp AT TIME ZONE wolo.business_time_zone());
    END IF;
    IF NEW.status NOT IN ('scheduled', 'open') THEN
      PERFORM wolo.refuse('UW011', 'status', TG_TABLE_NAME, format('a new pot is scheduled or open, not %s', NEW.status));
    END IF;
    IF NEW.raised_cfa <> 0 OR NEW.donor_count <> 0 THEN
      PERFORM wolo.refuse('UW013', 'raised_cfa', TG_TABLE_NAME, 'raised_cfa and donor_count are kept by the database');
    END IF;
    IF NEW.status = 'open' THEN
      NEW.actual_opened_at := coalesce(NEW.actual_opened_at, pg_catalog.now());
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.raised_cfa IS DISTINCT FROM OLD.raised_cfa OR NEW.donor_count IS DISTINCT FROM OLD.donor_count)
     AND pg_catalog.pg_trigger_depth() < 2 THEN
    PERFORM wolo.refuse('UW013', 'raised_cfa', TG_TABLE_NAME, format('raised_cfa and donor_count of pot %s are kept by the database', OLD.id));
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (('{"scheduled":["open"],"open":["funded","expired"],"funded":["closed"],"expired":["closed"],"closed":[]}'::jsonb -> OLD.status) ? NEW.status) THEN
      PERFORM wolo.refuse('UW011', 'status', TG_TABLE_NAME, format('pot %s cannot go from %s to %s (scheduled -> open -> funded | expired -> closed)', OLD.id, OLD.status, NEW.status));
    END IF;
    IF NEW.status = 'funded' AND NEW.raised_cfa < NEW.target_amount_cfa THEN
      PERFORM wolo.refuse('UW011', 'status', TG_TABLE_NAME, format('pot %s is not funded: %s of %s CFA raised', OLD.id, NEW.raised_cfa, NEW.target_amount_cfa));
    END IF;
    IF NEW.status = 'open' THEN
      NEW.actual_opened_at := coalesce(NEW.actual_opened_at, pg_catalog.now());
    ELSIF NEW.status = 'closed' THEN
      NEW.closed_at := coalesce(NEW.closed_at, pg_catalog.now());
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.pots_lifecycle() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.pots_lifecycle() IS 'Trigger: pot defaults (J-30 opening), lifecycle scheduled -> open -> funded | expired -> closed, read-only totals.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.donations_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  pot_status text;
  pot_allows_anonymous boolean;
  refunded bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT p.status, p.allow_anonymous_donations INTO pot_status, pot_allows_anonymous FROM wolo.pots p WHERE p.id = NEW.pot_id;
    IF NOT FOUND THEN
      PERFORM wolo.refuse('UW016', 'pot_id', TG_TABLE_NAME, format('pot %s does not exist', NEW.pot_id));
    END IF;
    IF pot_status <> 'open' THEN
      PERFORM wolo.refuse('UW002', 'pot_id', TG_TABLE_NAME, format('pot %s is %s: only an open pot takes donations', NEW.pot_id, pot_status));
    END IF;
    IF NEW.is_anonymous AND NOT pot_allows_anonymous THEN
      PERFORM wolo.refuse('UW014', 'is_anonymous', TG_TABLE_NAME, format('pot %s does not take anonymous donations', NEW.pot_id));
    END IF;
    IF NEW.status NOT IN ('pending', 'succeeded') THEN
      PERFORM wolo.refuse('UW003', 'status', TG_TABLE_NAME, format('a new donation is pending (or succeeded, for a credit), not %s', NEW.status));
    END IF;
    IF NEW.status = 'succeeded' THEN
      NEW.confirmed_at := coalesce(NEW.confirmed_at, pg_catalog.now());
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.pot_id <> OLD.pot_id OR (NEW.amount_cfa <> OLD.amount_cfa AND OLD.status <> 'pending') THEN
    PERFORM wolo.refuse('UW017', 'amount_cfa', TG_TABLE_NAME, format('donation %s: pot_id and (once paying) amount_cfa cannot change', OLD.id));
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT (('{"pending":["processing","succeeded","failed"],"processing":["succeeded","failed"],"succeeded":["refunded"],"failed":[],"refunded":[]}'::jsonb -> OLD.status) ? NEW.status) THEN
      PERFORM wolo.refuse('UW003', 'status', TG_TABLE_NAME, format('donation %s cannot go from %s to %s', OLD.id, OLD.status, NEW.status));
    END IF;
    IF NEW.status = 'refunded' THEN
      SELECT coalesce(sum(r.amount_cfa), 0) INTO refunded FROM wolo.refunds r WHERE r.donation_id = NEW.id;
      IF refunded <> NEW.amount_cfa THEN
        PERFORM wolo.refuse('UW003', 'status', TG_TABLE_NAME, format('donation %s is refunded only once its refunds total %s CFA (they total %s)', OLD.id, NEW.amount_cfa, refunded));
      END IF;
      NEW.refunded_at := coalesce(NEW.refunded_at, pg_catalog.now());
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.donations_guard() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.donations_guard() IS 'Trigger: donations only to open pots, status forward only, refunded only when fully refunded.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refunds_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  donation_status text;
  donation_amount integer;
  refunded bigint;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.amount_cfa <> OLD.amount_cfa OR NEW.donation_id <> OLD.donation_id THEN
      PERFORM wolo.refuse('UW017', 'amount_cfa', TG_TABLE_NAME, format('refund %s: donation_id and amount_cfa cannot change', OLD.id));
    END IF;
    RETURN NEW;
  END IF;
  SELECT d.status, d.amount_cfa INTO donation_status, donation_amount FROM wolo.donations d WHERE d.id = NEW.donation_id FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM wolo.refuse('UW016', 'donation_id', TG_TABLE_NAME, format('donation %s does not exist', NEW.donation_id));
  END IF;
  IF donation_status <> 'succeeded' THEN
    PERFORM wolo.refuse('UW004', 'donation_id', TG_TABLE_NAME, format('donation %s is %s: only a succeeded donation can be refunded', NEW.donation_id, donation_status));
  END IF;
  SELECT coalesce(sum(r.amount_cfa), 0) INTO refunded FROM wolo.refunds r WHERE r.donation_id = NEW.donation_id;
  IF refunded + NEW.amount_cfa > donation_amount THEN
    PERFORM wolo.refuse('UW005', 'amount_cfa', TG_TABLE_NAME, format('donation %s of %s CFA has %s CFA refunded: %s more is too much', NEW.donation_id, donation_amount, refunded, NEW.amount_cfa));
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.refunds_guard() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refunds_guard() IS 'Trigger: refunds only of succeeded donations, never more in total than the amount (donation row locked).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.points_ledger_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  delta bigint;
  balance bigint;
BEGIN
  delta := (CASE WHEN NEW.status = 'matured' THEN NEW.points_earned ELSE 0 END) - (CASE WHEN NEW.status <> 'revoked' THEN NEW.points_spent ELSE 0 END);
  IF TG_OP = 'UPDATE' THEN
    delta := delta - ((CASE WHEN OLD.status = 'matured' THEN OLD.points_earned ELSE 0 END) - (CASE WHEN OLD.status <> 'revoked' THEN OLD.points_spent ELSE 0 END));
    IF NEW.sponsor_user_id <> OLD.sponsor_user_id THEN
      PERFORM wolo.refuse('UW017', 'sponsor_user_id', TG_TABLE_NAME, format('points_ledger %s: sponsor_user_id cannot change', OLD.id));
    END IF;
  END IF;
  IF delta >= 0 THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM wolo.users u WHERE u.id = NEW.sponsor_user_id FOR UPDATE;
  SELECT coalesce(sum(l.points_earned) FILTER (WHERE l.status = 'matured'), 0) - coalesce(sum(l.points_spent) FILTER (WHERE l.status <> 'revoked'), 0)
    INTO balance FROM wolo.points_ledger l WHERE l.sponsor_user_id = NEW.sponsor_user_id;
  IF balance + delta < 0 THEN
    PERFORM wolo.refuse('UW012', 'points', TG_TABLE_NAME, format('sponsor %s has %s points: %s is more than the balance', NEW.sponsor_user_id, balance, -delta));
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.points_ledger_guard() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.points_ledger_guard() IS 'Trigger: refuses a ledger row that would make the sponsor''s points balance negative (sponsor row locked).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.require_user(p_user uuid, p_role text, p_column text)
RETURNS void
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  PERFORM 1 FROM wolo.users u WHERE u.id = p_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION '% % is not a WOLO user', p_role, p_user USING ERRCODE = 'UW016', COLUMN = p_column;
  END IF;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.require_user(uuid, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.require_user(uuid, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.require_user(uuid, text, text) IS 'Raises not_found (COLUMN = the given column) when the id is not a wolo.users row; service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.send_invitation(sponsor uuid, invited_phone text, invited_email text, invited_name text, message text)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
  v_limit uuid;
  v_order integer;
  v_hex text := pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
  v_id uuid;
BEGIN
  PERFORM wolo.require_user(send_invitation.sponsor, 'sponsor', 'sponsor');
  IF send_invitation.invited_phone IS NULL AND send_invitation.invited_email IS NULL THEN
    RAISE EXCEPTION 'an invitation needs invited_phone or invited_email' USING ERRCODE = 'UW018', COLUMN = 'invited_phone';
  END IF;
  INSERT INTO wolo.sponsor_daily_limits AS l
    (sponsor_user_id, limit_date, invitations_sent_today, total_lifetime_invitations, consecutive_active_days, next_reset_at)
  SELECT send_invitation.sponsor, v_today, 1, coalesce(prev.total_lifetime_invitations, 0) + 1,
         CASE WHEN prev.limit_date = v_today - 1 THEN prev.consecutive_active_days + 1 ELSE 1 END,
         ((v_today + 1)::timestamp AT TIME ZONE wolo.business_time_zone())
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (
    SELECT p.total_lifetime_invitations, p.limit_date, p.consecutive_active_days FROM wolo.sponsor_daily_limits p
    WHERE p.sponsor_user_id = send_invitation.sponsor AND p.limit_date < v_today
    ORDER BY p.limit_date DESC LIMIT 1
  ) prev ON true
  ON CONFLICT (sponsor_user_id, limit_date) DO UPDATE
    SET invitations_sent_today = l.invitations_sent_today + 1,
        total_lifetime_invitations = l.total_lifetime_invitations + 1
    WHERE l.invitations_sent_today < l.max_invitations_per_day
  RETURNING l.id, l.invitations_sent_today INTO v_limit, v_order;
  IF v_limit IS NULL THEN
    RAISE EXCEPTION 'sponsor % has used today''s invitations (business day % in %)', send_invitation.sponsor, v_today, wolo.business_time_zone()
      USING ERRCODE = 'UW006', COLUMN = 'sponsor', HINT = 'The counter resets at midnight in the business time zone.';
  END IF;
  INSERT INTO wolo.referrals (sponsor_user_id, referral_code, invited_phone, invited_email, invited_name, invitation_message, daily_limit_id, invitation_order)
  VALUES (send_invitation.sponsor,
          pg_catalog.upper(pg_catalog.substr(v_hex, 1, 12) || pg_catalog.substr(v_hex, 14, 3) || pg_catalog.substr(v_hex, 18, 5)),
          send_invitation.invited_phone, send_invitation.invited_email, send_invitation.invited_name, send_invitation.message, v_limit, v_order)
  RETURNING id INTO v_id;
  RETURN v_id;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.send_invitation(uuid, text, text, text, text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.send_invitation(uuid, text, text, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.send_invitation(uuid, text, text, text, text) IS 'Sends a referral invitation within the sponsor''s daily limit (Africa/Dakar day); returns the referral id; service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.accept_referral(referral_code text, user_id uuid)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_referral uuid;
  v_sponsor uuid;
  v_status text;
  v_expires timestamptz;
  v_boost numeric(3, 2);
  v_entry uuid;
BEGIN
  SELECT r.id, r.sponsor_user_id, r.status, r.expired_at INTO v_referral, v_sponsor, v_status, v_expires
  FROM wolo.referrals r WHERE r.referral_code = pg_catalog.upper(accept_referral.referral_code) FOR UPDATE;
  IF v_referral IS NULL THEN
    RAISE EXCEPTION 'no referral has code %', accept_referral.referral_code USING ERRCODE = 'UW007', COLUMN = 'referral_code';
  ELSIF v_status = 'accepted' THEN
    RAISE EXCEPTION 'referral % was already accepted', accept_referral.referral_code USING ERRCODE = 'UW009', COLUMN = 'referral_code';
  ELSIF v_status <> 'sent' OR v_expires <= pg_catalog.now() THEN
    RAISE EXCEPTION 'referral % has expired or was declined', accept_referral.referral_code USING ERRCODE = 'UW008', COLUMN = 'referral_code';
  ELSIF v_sponsor = accept_referral.user_id THEN
    RAISE EXCEPTION 'a sponsor cannot accept their own referral' USING ERRCODE = 'UW015', COLUMN = 'user_id';
  END IF;
  PERFORM wolo.require_user(accept_referral.user_id, 'user', 'user_id');
  UPDATE wolo.referrals r SET status = 'accepted', accepted_at = pg_catalog.now(), sponsored_user_id = accept_referral.user_id
  WHERE r.id = v_referral;
  SELECT coalesce(max(c.points_multiplier), 1.00) INTO v_boost FROM wolo.sponsor_campaigns c
  WHERE c.status = 'active' AND c.starts_at <= pg_catalog.now() AND pg_catalog.now() < c.ends_at;
  INSERT INTO wolo.points_ledger (sponsor_user_id, referral_id, event_type, points_earned, status, base_multiplier, sponsor_boost_multiplier, description)
  VALUES (v_sponsor, v_referral, 'referral_accepted', pg_catalog.round(100 * 1.00 * v_boost)::integer, 'pending', 1.00, v_boost, 'referral accepted')
  RETURNING id INTO v_entry;
  RETURN v_entry;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.accept_referral(text, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.accept_referral(text, uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.accept_referral(text, uuid) IS 'Accepts a referral once and credits the sponsor pending points (campaign boost applied); service_role only.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.convert_points(sponsor uuid, points integer, pot_id uuid)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_rate numeric(10, 4);
  v_credit integer;
  v_conversion uuid := pg_catalog.gen_random_uuid();
  v_donation uuid;
BEGIN
  IF convert_points.points IS NULL OR convert_points.points <= 0 THEN
    RAISE EXCEPTION 'points must be a positive number' USING ERRCODE = 'UW018', COLUMN = 'points';
  END IF;
  PERFORM wolo.require_user(convert_points.sponsor, 'sponsor', 'sponsor');
  SELECT (c.config_value #>> '{}')::numeric INTO v_rate FROM wolo.system_config c
  WHERE c.config_key = 'points_conversion_rate' AND pg_catalog.jsonb_typeof(c.config_value) = 'number';
  v_rate := coalesce(v_rate, 5);
  v_credit := pg_catalog.floor(convert_points.points * v_rate)::integer;
  IF v_credit <= 0 THEN
    RAISE EXCEPTION '% points are worth less than one CFA franc at rate %', convert_points.points, v_rate USING ERRCODE = 'UW018', COLUMN = 'points';
  END IF;
  INSERT INTO wolo.points_ledger (sponsor_user_id, event_type, points_spent, status, matured_at, description, metadata)
  VALUES (convert_points.sponsor, 'points_converted', convert_points.points, 'matured', pg_catalog.now(), 'converted to a pot credit',
          pg_catalog.jsonb_build_object('conversion_id', v_conversion, 'pot_id', convert_points.pot_id));
  INSERT INTO wolo.donations (pot_id, donor_user_id, amount_cfa, status)
  VALUES (convert_points.pot_id, convert_points.sponsor, v_credit, 'succeeded')
  RETURNING id INTO v_donation;
  INSERT INTO wolo.points_conversions (id, sponsor_user_id, points_converted, credits_issued, conversion_rate, applied_to_pot_id, donation_id)
  VALUES (v_conversion, convert_points.sponsor, convert_points.points, v_credit, v_rate, convert_points.pot_id, v_donation);
  RETURN v_conversion;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.convert_points(uuid, integer, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.convert_points(uuid, integer, uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.convert_points(uuid, integer, uuid) IS 'Converts matured points into a CFA credit on an open pot; never lets the balance go negative; service_role only.';

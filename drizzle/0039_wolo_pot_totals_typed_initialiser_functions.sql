-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function wolo.pot_totals_refresh()
-- changed: function wolo.refund_pot_totals_refresh()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.pot_totals_refresh()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  affected uuid[] := '{}'::uuid[];
  pot uuid;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.pot_id = OLD.pot_id AND NEW.status = OLD.status AND NEW.amount_cfa = OLD.amount_cfa
       AND NEW.donor_user_id IS NOT DISTINCT FROM OLD.donor_user_id AND NEW.donor_phone IS NOT DISTINCT FROM OLD.donor_phone THEN
      RETURN NULL;
    END IF;
    IF NOT (NEW.status IN ('succeeded', 'refunded') OR OLD.status IN ('succeeded', 'refunded')) THEN
      RETURN NULL;
    END IF;
    affected := ARRAY[NEW.pot_id, OLD.pot_id];
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.status NOT IN ('succeeded', 'refunded') THEN
      RETURN NULL;
    END IF;
    affected := ARRAY[NEW.pot_id];
  ELSE
    affected := ARRAY[OLD.pot_id];
  END IF;
  FOR pot IN SELECT DISTINCT a FROM pg_catalog.unnest(affected) a WHERE a IS NOT NULL ORDER BY a LOOP
    PERFORM 1 FROM wolo.pots p WHERE p.id = pot FOR UPDATE;
    UPDATE wolo.pots p SET
      raised_cfa = t.raised,
      donor_count = t.donors,
      status = CASE WHEN p.status = 'open' AND t.raised >= p.target_amount_cfa THEN 'funded' ELSE p.status END
    FROM (
      SELECT coalesce(sum(d.amount_cfa - coalesce(rf.total, 0)) FILTER (WHERE d.status IN ('succeeded', 'refunded')), 0)::integer AS raised,
             count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone)) FILTER (WHERE d.status = 'succeeded')::integer AS donors
      FROM wolo.donations d
      LEFT JOIN LATERAL (SELECT sum(r.amount_cfa) AS total FROM wolo.refunds r WHERE r.donation_id = d.id) rf ON d.status IN ('succeeded', 'refunded')
      WHERE d.pot_id = pot
    ) t
    WHERE p.id = pot
      AND (p.raised_cfa <> t.raised OR p.donor_count <> t.donors OR (p.status = 'open' AND t.raised >= p.target_amount_cfa));
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.pot_totals_refresh() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.pot_totals_refresh() IS 'Trigger on donations: keeps pots.raised_cfa (succeeded donations minus their refunds) and donor_count exact; funds an open pot that reached its target.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refund_pot_totals_refresh()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  affected uuid[] := '{}'::uuid[];
  pot uuid;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.amount_cfa = OLD.amount_cfa AND NEW.donation_id = OLD.donation_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    affected := affected || (SELECT d.pot_id FROM wolo.donations d WHERE d.id = NEW.donation_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    affected := affected || (SELECT d.pot_id FROM wolo.donations d WHERE d.id = OLD.donation_id);
  END IF;

  FOR pot IN SELECT DISTINCT a FROM pg_catalog.unnest(affected) a WHERE a IS NOT NULL ORDER BY a LOOP
    PERFORM 1 FROM wolo.pots p WHERE p.id = pot FOR UPDATE;
    UPDATE wolo.pots p SET
      raised_cfa = t.raised,
      donor_count = t.donors,
      status = CASE WHEN p.status = 'open' AND t.raised >= p.target_amount_cfa THEN 'funded' ELSE p.status END
    FROM (
      SELECT coalesce(sum(d.amount_cfa - coalesce(rf.total, 0)) FILTER (WHERE d.status IN ('succeeded', 'refunded')), 0)::integer AS raised,
             count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone)) FILTER (WHERE d.status = 'succeeded')::integer AS donors
      FROM wolo.donations d
      LEFT JOIN LATERAL (SELECT sum(r.amount_cfa) AS total FROM wolo.refunds r WHERE r.donation_id = d.id) rf ON d.status IN ('succeeded', 'refunded')
      WHERE d.pot_id = pot
    ) t
    WHERE p.id = pot
      AND (p.raised_cfa <> t.raised OR p.donor_count <> t.donors OR (p.status = 'open' AND t.raised >= p.target_amount_cfa));
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.refund_pot_totals_refresh() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refund_pot_totals_refresh() IS 'Trigger on refunds: keeps the totals of the refunded donation''s pot exact (see pot_totals_refresh).';

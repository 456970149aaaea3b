-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function wolo.partner_settlements_no_overlap()
-- new: trigger partner_settlements_no_overlap on wolo.partner_settlements
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.partner_settlements_no_overlap()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_start date;
  v_end date;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('wolo.partner_settlements'), pg_catalog.hashtext(NEW.partner_id::text));
  SELECT s.period_start, s.period_end INTO v_start, v_end
    FROM wolo.partner_settlements s
   WHERE s.partner_id = NEW.partner_id AND s.id <> NEW.id
     AND s.period_start <= NEW.period_end AND s.period_end >= NEW.period_start
     AND NOT (s.period_start = NEW.period_start AND s.period_end = NEW.period_end)
   ORDER BY s.period_start
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the period % .. % overlaps the settlement of partner % for % .. %: a redemption would be settled twice',
      NEW.period_start, NEW.period_end, NEW.partner_id, v_start, v_end
      USING ERRCODE = 'UW026', COLUMN = 'period_start';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.partner_settlements_no_overlap() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.partner_settlements_no_overlap() IS 'A partner''s settlement periods never overlap (no redemption settled twice); one writer per partner at a time.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER partner_settlements_no_overlap
BEFORE INSERT OR UPDATE OF PARTNER_ID, PERIOD_START, PERIOD_END ON wolo.partner_settlements
FOR EACH ROW
EXECUTE FUNCTION wolo.partner_settlements_no_overlap();

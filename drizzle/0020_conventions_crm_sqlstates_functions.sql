-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function crm.customers_stage_guard()
-- changed: function crm.messages_opt_out_guard()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION crm.customers_stage_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  funnel constant text[] := ARRAY['lead', 'marketing', 'trial', 'active'];
  refused text;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.stage IS NOT DISTINCT FROM OLD.stage THEN
      RETURN NEW;
    END IF;
    IF NEW.stage = 'lead' THEN
      refused := 'a customer never goes back to lead';
    ELSIF NEW.stage = 'churned'
          AND OLD.stage NOT IN ('trial', 'active')
          AND OLD.trial_started_at IS NULL AND OLD.subscribed_at IS NULL THEN
      refused := 'only a customer who started a trial or subscribed can churn';
    ELSIF OLD.stage::text = ANY (funnel) AND NEW.stage::text = ANY (funnel)
          AND pg_catalog.array_position(funnel, NEW.stage::text) < pg_catalog.array_position(funnel, OLD.stage::text) THEN
      refused := 'the funnel lead, marketing, trial, active only moves forward (leave it through dormant or churned)';
    END IF;
    IF refused IS NOT NULL THEN
      RAISE EXCEPTION 'customer % stage cannot change from % to %: %', OLD.id, OLD.stage, NEW.stage, refused
        USING ERRCODE = 'UR001', COLUMN = 'stage', TABLE = 'customers', SCHEMA = 'crm';
    END IF;
    IF OLD.stage = 'churned' AND NEW.stage IN ('marketing', 'trial', 'active') THEN
      NEW.churned_at := NULL;
    END IF;
  END IF;
  CASE NEW.stage
    WHEN 'marketing' THEN NEW.marketing_qualified_at := coalesce(NEW.marketing_qualified_at, pg_catalog.now());
    WHEN 'trial' THEN NEW.trial_started_at := coalesce(NEW.trial_started_at, pg_catalog.now());
    WHEN 'active' THEN NEW.subscribed_at := coalesce(NEW.subscribed_at, pg_catalog.now());
    WHEN 'churned' THEN NEW.churned_at := coalesce(NEW.churned_at, pg_catalog.now());
    ELSE NULL;
  END CASE;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION crm.customers_stage_guard() IS 'Trigger: stamps customer stage milestones and enforces the journey order (see docs/decisions.md).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION crm.messages_opt_out_guard()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  opted_out timestamptz;
  reason text;
BEGIN
  SELECT c.opted_out_at, c.opt_out_reason INTO opted_out, reason
  FROM crm.conversations c
  WHERE c.brand_id = NEW.brand_id AND c.id = NEW.conversation_id
  FOR UPDATE;
  IF opted_out IS NOT NULL THEN
    RAISE EXCEPTION 'outbound message refused: conversation % opted out at % (%)', NEW.conversation_id, opted_out, coalesce(reason, 'no reason recorded')
      USING ERRCODE = 'UR002', TABLE = 'messages', SCHEMA = 'crm',
            HINT = 'An inbound START or UNSTOP opts the conversation back in.';
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
COMMENT ON FUNCTION crm.messages_opt_out_guard() IS 'Trigger: refuses outbound messages to opted-out conversations.';

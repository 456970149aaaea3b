// SQL objects of the crm customers aggregate (docs/conventions.md, "SQL objects bound to their
// table"): updated_at (the shared public.set_updated_at) and the stage rule. Trigger functions are SECURITY INVOKER: under crm_app they
// see only the current brand, so a write aimed at another brand is refused by the policies' WITH
// CHECK, not by a trigger.
import { defineRowsGuard, defineTrigger, defineTriggerFunction } from '../../functions/define.js';
import { setUpdatedAtTrigger } from '../_shared/updated-at.sql.js';
import { customers } from './customers.js';
import { personalData } from '../_shared/personal-data.js';

export const customersSetUpdatedAt = setUpdatedAtTrigger(customers);

/**
 * Stage milestones and journey order (docs/decisions.md, "crm: stage rule").
 * Milestones: entering marketing, trial, active or churned stamps marketing_qualified_at,
 * trial_started_at, subscribed_at or churned_at with now() unless the row already carries one
 * (the first time counts; an import may supply its own). Coming back from churned to
 * marketing, trial or active clears churned_at.
 * Order, on updates only (inserts may start anywhere: imports):
 *   1. nothing goes back to lead;
 *   2. within the funnel lead → marketing → trial → active moves go forward only (skipping is fine);
 *      leaving it is done through dormant or churned;
 *   3. churned only after a trial or a subscription (stage trial/active, or trial_started_at or
 *      subscribed_at set);
 *   4. dormant is reachable from every stage; from churned or dormant a customer may re-enter
 *      marketing, trial or active.
 */
export const customersStageGuard = defineTriggerFunction('crm.customers_stage_guard()', {
  body: `
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
END`,
  comment: 'Trigger: stamps customer stage milestones and enforces the journey order (see docs/decisions.md).',
});

export const customersStageGuardTrigger = defineTrigger({ table: customers, timing: 'before', events: ['insert', 'update of stage'], forEach: 'row', function: customersStageGuard });

/**
 * Email identity is case-insensitive (docs/conventions.md): `customers_brand_email_unique` is on
 * (brand_id, lower(email)). Before that key replaces the case-sensitive one, this guard (phase
 * `pre`, so it runs before drizzle-kit's migration) refuses to migrate a database where customers
 * of one brand differ only in the case of their email, and lists them (23505, unique_violation).
 * Row security is lifted for the count only when FORCE would hide rows from the owner.
 */
export const customersEmailCaseGuard = defineRowsGuard({
  key: 'crm customers email case collisions guard',
  table: customers,
  list: `SELECT string_agg(format('%s %s (%s customers)', d.brand_id, d.email, d.n), '; ')
           FROM (SELECT c.brand_id, lower(c.email) AS email, count(*) AS n
                   FROM crm.customers c GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 50) d`,
  message: 'crm.customers: emails are now case-insensitive (unique on brand_id, lower(email)) and these customers collide',
  sqlState: 'unique_violation',
  hint: 'merge or change the email of all but one customer of each pair, then migrate again',
});

// Personal data (issue 17, docs/subjects.md): a customer record per brand, found by email or phone;
// deleted (its conversations and messages go with it). The export groups it per brand.
export const customersPersonalData = personalData(customers, {
  columns: ['email', 'phone', 'first_name', 'last_name', 'metadata', 'tags'],
  findBy: [
    { subject: 'email', column: 'email' },
    { subject: 'phone', column: 'phone' },
    { mention: 'metadata' },
  ],
  erase: { action: 'delete' },
  scope: 'brand_id',
});

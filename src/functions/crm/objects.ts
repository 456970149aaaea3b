import { conversations, customers, messages } from '../../schema/crm/index.js';
import { defineFunction, defineRole, defineSql, defineTrigger } from '../define.js';

/**
 * The crm domain's SQL objects: its two roles, FORCE ROW LEVEL SECURITY, grants, and the triggers
 * of doc 002's behaviour (stage milestones and order, conversation counters, opt-out compliance).
 * Trigger functions are SECURITY INVOKER: under crm_app they see only the current brand, so a write
 * aimed at another brand is refused by the policies' WITH CHECK, not by a trigger.
 */

/** The application role (no BYPASSRLS): one brand at a time, through withBrand. Grant it to your login role. */
export const crmAppRoleObject = defineRole({ name: 'crm_app', options: ['NOLOGIN', 'NOINHERIT'] });
/** Cross-brand analytics: SELECT only, every brand. */
export const crmAnalyticsRoleObject = defineRole({ name: 'crm_analytics', options: ['NOLOGIN', 'NOINHERIT'] });

/**
 * The role that runs the migrations may act as crm_app and crm_analytics (SET ROLE, which withBrand
 * does): where the application connects as that role (Supabase's `postgres`), withBrand works
 * without further setup. Other login roles need `GRANT crm_app TO <login role>`.
 */
export const crmRoleMembership = defineSql({
  key: 'crm role membership of the migrating role',
  create: ['GRANT crm_app TO CURRENT_USER', 'GRANT crm_analytics TO CURRENT_USER'],
});

const tables = ['crm.customers', 'crm.conversations', 'crm.messages'] as const;

/**
 * Privileges; the policies decide which rows. anon and authenticated get nothing on crm.
 * Re-applied after every drizzle-kit migration (a re-created view loses its grants).
 */
export const crmGrants = defineSql({
  key: 'crm grants',
  reapply: true,
  create: [
    'GRANT USAGE ON SCHEMA crm TO crm_app, crm_analytics, service_role',
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ${tables.join(', ')} TO crm_app, service_role`,
    `GRANT SELECT ON ${tables.join(', ')} TO crm_analytics`,
    'GRANT SELECT ON crm.customer_analytics TO crm_app, crm_analytics, service_role',
    // The current brand's search documents: for crm_app's searchCustomers only.
    'GRANT SELECT ON crm.customer_search TO crm_app',
  ],
  drop: [
    'REVOKE ALL ON crm.customer_search FROM crm_app',
    'REVOKE ALL ON crm.customer_analytics FROM crm_app, crm_analytics, service_role',
    `REVOKE ALL ON ${tables.join(', ')} FROM crm_app, crm_analytics, service_role`,
    'REVOKE USAGE ON SCHEMA crm FROM crm_app, crm_analytics, service_role',
  ],
});

/**
 * Email identity is case-insensitive (docs/conventions.md): `customers_brand_email_unique` is on
 * (brand_id, lower(email)). Before that key replaces the case-sensitive one, this guard (phase
 * `pre`, so it runs before drizzle-kit's migration) refuses to migrate a database where customers
 * of one brand differ only in the case of their email, and lists them (23505, unique_violation).
 * Row security is lifted for the count only when FORCE would hide rows from the owner.
 */
export const customersEmailCaseGuard = defineSql({
  key: 'crm customers email case collisions guard',
  phase: 'pre',
  create: [
    `DO $guard$
DECLARE
  forced boolean;
  collisions text;
BEGIN
  SELECT relforcerowsecurity INTO forced FROM pg_class WHERE oid = to_regclass('crm.customers');
  IF forced IS NULL THEN
    RETURN;
  END IF;
  IF forced THEN
    ALTER TABLE crm.customers NO FORCE ROW LEVEL SECURITY;
  END IF;
  SELECT string_agg(format('%s %s (%s customers)', d.brand_id, d.email, d.n), '; ')
    INTO collisions
    FROM (SELECT c.brand_id, lower(c.email) AS email, count(*) AS n
            FROM crm.customers c GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 50) d;
  IF forced THEN
    ALTER TABLE crm.customers FORCE ROW LEVEL SECURITY;
  END IF;
  IF collisions IS NOT NULL THEN
    RAISE EXCEPTION 'crm.customers: emails are now case-insensitive (unique on brand_id, lower(email)) and these customers collide: %', collisions
      USING ERRCODE = 'unique_violation',
            HINT = 'merge or change the email of all but one customer of each pair, then migrate again';
  END IF;
END
$guard$`,
  ],
});

/** updated_at = now() on every update that does not set it itself. */
export const setUpdatedAt = defineFunction({
  schema: 'crm',
  name: 'set_updated_at',
  returns: 'trigger',
  language: 'plpgsql',
  searchPath: '',
  body: `
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := pg_catalog.now();
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: keeps updated_at current on crm tables.',
});

export const customersSetUpdatedAt = defineTrigger({
  name: 'customers_set_updated_at',
  table: customers,
  timing: 'before',
  events: ['update'],
  forEach: 'row',
  function: setUpdatedAt,
});

export const conversationsSetUpdatedAt = defineTrigger({
  name: 'conversations_set_updated_at',
  table: conversations,
  timing: 'before',
  events: ['update'],
  forEach: 'row',
  function: setUpdatedAt,
});

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
export const customersStageGuard = defineFunction({
  schema: 'crm',
  name: 'customers_stage_guard',
  returns: 'trigger',
  language: 'plpgsql',
  searchPath: '',
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
        USING ERRCODE = 'check_violation', COLUMN = 'stage', TABLE = 'customers', SCHEMA = 'crm';
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

export const customersStageGuardTrigger = defineTrigger({
  name: 'customers_stage_guard',
  table: customers,
  timing: 'before',
  events: ['insert', 'update of stage'],
  forEach: 'row',
  function: customersStageGuard,
});

/**
 * SMS opt-out compliance: an outbound message to a conversation that opted out is refused. The
 * conversation row is locked (FOR UPDATE; the AFTER trigger updates it anyway), so an outbound
 * insert racing with an inbound STOP sees the opt-out once STOP commits.
 */
export const messagesOptOutGuard = defineFunction({
  schema: 'crm',
  name: 'messages_opt_out_guard',
  returns: 'trigger',
  language: 'plpgsql',
  searchPath: '',
  body: `
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
      USING ERRCODE = 'check_violation', TABLE = 'messages', SCHEMA = 'crm',
            HINT = 'An inbound START or UNSTOP opts the conversation back in.';
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: refuses outbound messages to opted-out conversations.',
});

export const messagesOptOutGuardTrigger = defineTrigger({
  name: 'messages_opt_out_guard',
  table: messages,
  timing: 'before',
  events: ['insert'],
  forEach: 'row',
  when: "NEW.direction = 'outbound'",
  function: messagesOptOutGuard,
});

/** Opt-out keywords (CTIA): an inbound message consisting of one of them opts the conversation out. */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const;
/** Opt-in keywords: an inbound message consisting of one of them opts the conversation back in. */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

const sqlList = (words: readonly string[]) => `ARRAY[${words.map((w) => `'${w}'`).join(', ')}]`;

/**
 * Keeps the conversation's counters in step with its messages, and records opt-outs: an inbound
 * message whose text, letters and digits only and upper-cased, is an opt-out keyword sets
 * opted_out_at (the message's sent_at), opt_out_reason and status archived; START/UNSTOP clears them.
 */
export const messagesTrackConversation = defineFunction({
  schema: 'crm',
  name: 'messages_track_conversation',
  returns: 'trigger',
  language: 'plpgsql',
  searchPath: '',
  body: `
DECLARE
  keyword text;
  opt_out boolean := false;
  opt_in boolean := false;
BEGIN
  IF NEW.direction = 'inbound' THEN
    keyword := pg_catalog.upper(pg_catalog.regexp_replace(NEW.content, '[^[:alnum:]]', '', 'g'));
    opt_out := keyword = ANY (${sqlList(OPT_OUT_KEYWORDS)});
    opt_in := keyword = ANY (${sqlList(OPT_IN_KEYWORDS)});
  END IF;
  UPDATE crm.conversations c SET
    message_count = c.message_count + 1,
    last_message_at = GREATEST(c.last_message_at, NEW.sent_at),
    last_inbound_at = CASE WHEN NEW.direction = 'inbound' THEN GREATEST(c.last_inbound_at, NEW.sent_at) ELSE c.last_inbound_at END,
    last_outbound_at = CASE WHEN NEW.direction = 'outbound' THEN GREATEST(c.last_outbound_at, NEW.sent_at) ELSE c.last_outbound_at END,
    opted_out_at = CASE WHEN opt_out THEN coalesce(c.opted_out_at, NEW.sent_at) WHEN opt_in THEN NULL ELSE c.opted_out_at END,
    opt_out_reason = CASE
      WHEN opt_out AND c.opted_out_at IS NULL THEN pg_catalog.format('inbound keyword %s (message %s)', keyword, NEW.id)
      WHEN opt_out THEN c.opt_out_reason
      WHEN opt_in THEN NULL
      ELSE c.opt_out_reason END,
    status = CASE
      WHEN opt_out THEN 'archived'::crm.conversation_status
      WHEN opt_in AND c.opted_out_at IS NOT NULL THEN 'active'::crm.conversation_status
      ELSE c.status END
  WHERE c.brand_id = NEW.brand_id AND c.id = NEW.conversation_id;
  RETURN NULL;
END`,
  comment: 'Trigger: maintains conversation message_count and last_*_at; records STOP opt-outs and START opt-ins.',
});

export const messagesTrackConversationTrigger = defineTrigger({
  name: 'messages_track_conversation',
  table: messages,
  timing: 'after',
  events: ['insert'],
  forEach: 'row',
  function: messagesTrackConversation,
});

/** In creation order: roles (pre), then RLS, grants, functions and their triggers (post). */
export const crmObjects = [
  crmAppRoleObject,
  crmAnalyticsRoleObject,
  crmRoleMembership,
  customersEmailCaseGuard,
  crmGrants,
  setUpdatedAt,
  customersSetUpdatedAt,
  conversationsSetUpdatedAt,
  customersStageGuard,
  customersStageGuardTrigger,
  messagesOptOutGuard,
  messagesOptOutGuardTrigger,
  messagesTrackConversation,
  messagesTrackConversationTrigger,
];

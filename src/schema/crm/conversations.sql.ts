// SQL objects of the crm conversations aggregate (conversations and their messages): updated_at,
// the conversation counters, opt-out compliance (docs/conventions.md, "SQL objects bound to their table").
import { defineTrigger, defineTriggerFunction } from '../../functions/define.js';
import { sqlList } from '../_shared/index.js';
import { setUpdatedAtTrigger } from '../_shared/updated-at.sql.js';
import { conversations, messages } from './conversations.js';
import { customersPersonalData } from './customers.sql.js';
import { personalData } from '../_shared/personal-data.js';

export const conversationsSetUpdatedAt = setUpdatedAtTrigger(conversations);

/**
 * SMS opt-out compliance: an outbound message to a conversation that opted out is refused. The
 * conversation row is locked (FOR UPDATE; the AFTER trigger updates it anyway), so an outbound
 * insert racing with an inbound STOP sees the opt-out once STOP commits.
 */
export const messagesOptOutGuard = defineTriggerFunction('crm.messages_opt_out_guard()', {
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
      USING ERRCODE = 'UR002', TABLE = 'messages', SCHEMA = 'crm',
            HINT = 'An inbound START or UNSTOP opts the conversation back in.';
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: refuses outbound messages to opted-out conversations.',
});

export const messagesOptOutGuardTrigger = defineTrigger({ table: messages, timing: 'before', events: ['insert'], forEach: 'row', when: "NEW.direction = 'outbound'", function: messagesOptOutGuard });

/** Opt-out keywords (CTIA): an inbound message consisting of one of them opts the conversation out. */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const;
/** Opt-in keywords: an inbound message consisting of one of them opts the conversation back in. */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

/**
 * Keeps the conversation's counters in step with its messages, and records opt-outs: an inbound
 * message whose text, letters and digits only and upper-cased, is an opt-out keyword sets
 * opted_out_at (the message's sent_at), opt_out_reason and status archived; START/UNSTOP clears them.
 */
export const messagesTrackConversation = defineTriggerFunction('crm.messages_track_conversation()', {
  body: `
DECLARE
  keyword text;
  opt_out boolean := false;
  opt_in boolean := false;
BEGIN
  IF NEW.direction = 'inbound' THEN
    keyword := pg_catalog.upper(pg_catalog.regexp_replace(NEW.content, '[^[:alnum:]]', '', 'g'));
    opt_out := keyword = ANY (ARRAY[${sqlList(OPT_OUT_KEYWORDS)}]);
    opt_in := keyword = ANY (ARRAY[${sqlList(OPT_IN_KEYWORDS)}]);
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

export const messagesTrackConversationTrigger = defineTrigger({ table: messages, timing: 'after', events: ['insert'], forEach: 'row', function: messagesTrackConversation });

// Personal data (issue 17, docs/subjects.md): the person's conversations (through their customer
// record, or by their phone) and their messages; deleted, per brand.
export const conversationsPersonalData = personalData(conversations, {
  columns: ['customer_phone', 'metadata', 'opt_out_reason'],
  findBy: [
    { reference: customersPersonalData, column: 'customer_id' },
    { subject: 'phone', column: 'customer_phone' },
    { mention: 'metadata' },
  ],
  erase: { action: 'delete' },
  scope: 'brand_id',
});
export const messagesPersonalData = personalData(messages, {
  columns: ['content', 'media_urls', 'metadata'],
  findBy: [{ reference: conversationsPersonalData, column: 'conversation_id' }, { mention: 'metadata' }, { mention: 'content' }],
  erase: { action: 'delete' },
  scope: 'brand_id',
});

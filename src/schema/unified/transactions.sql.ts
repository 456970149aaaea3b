// SQL objects of the unified transactions table (docs/conventions.md, "SQL objects bound to their table").
import { defineFunction, defineTrigger } from '../../functions/define.js';
import { touchTrigger } from '../../functions/unified/base.js';
import { markCachesStaleTrigger } from '../../functions/unified/triggers.js';
import { sqlList } from '../_shared/index.js';
import { PAID_STATUSES, SUPPRESS_NOTIFICATIONS_SETTING } from './constants.js';
import { transactions } from './transactions.js';

const paid = sqlList(PAID_STATUSES);

export const transactionsTouchUpdatedAt = touchTrigger(transactions);

/**
 * Row trigger function on transactions (INSERT, and UPDATE of status or user_id):
 * - becoming paid/settled: an admin notification; if a course declares this transaction_type
 *   (the seeded P2P course), an active enrollment for the buyer, idempotently (ON CONFLICT on the
 *   one-active-enrollment index); a buyer without user_id or without a profile gets an
 *   `enrollment_skipped` notification instead;
 * - becoming refunded: the enrollments this transaction created are marked `refunded` and admins
 *   are notified.
 * SECURITY DEFINER: whoever may write a transaction (service_role, the ingest) need not hold
 * privileges on enrollments and admin_notifications.
 */
export const handleTransactionChange = defineFunction({
  schema: 'public',
  name: 'handle_transaction_change',
  returns: 'trigger',
  language: 'plpgsql',
  security: 'definer',
  searchPath: '',
  grantExecute: [],
  body: `
DECLARE
  v_paid boolean := NEW.status IN (${paid});
  v_was_paid boolean := TG_OP = 'UPDATE' AND OLD.status IN (${paid});
  v_user_changed boolean := TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id;
  v_notify boolean := coalesce(nullif(current_setting('${SUPPRESS_NOTIFICATIONS_SETTING}', true), ''), 'off') <> 'on';
  v_who text := coalesce(NEW.contact_email, NEW.user_id::text, 'an unknown buyer');
  v_payload jsonb := jsonb_build_object(
    'status', NEW.status, 'external_id', NEW.external_id, 'amount', NEW.amount,
    'currency', NEW.currency, 'transaction_type', NEW.transaction_type);
  v_course uuid;
  v_enrollment uuid;
  v_count integer;
BEGIN
  IF v_paid THEN
    IF NOT v_was_paid AND v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('payment_received', NEW.transaction_type || ' payment received',
              format('%s %s paid by %s', NEW.currency, NEW.amount, v_who), v_payload, NEW.id, NEW.user_id);
    END IF;
    IF v_was_paid AND (NOT v_user_changed OR NEW.user_id IS NULL) THEN
      RETURN NULL; -- paid -> settled: already handled; user unlinked (e.g. auth user deleted): nothing to enroll
    END IF;
    SELECT c.id INTO v_course FROM public.courses c WHERE c.transaction_type = NEW.transaction_type;
    IF v_course IS NULL THEN
      RETURN NULL; -- this product enrolls into no course (Canva, Other)
    END IF;
    IF NEW.user_id IS NULL OR NOT EXISTS (SELECT 1 FROM public.unified_profiles p WHERE p.id = NEW.user_id) THEN
      IF v_notify THEN
        INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
        VALUES ('enrollment_skipped', NEW.transaction_type || ' enrollment not created',
                CASE WHEN NEW.user_id IS NULL
                     THEN format('Payment by %s has no user_id: link it to a user to enroll them', v_who)
                     ELSE format('User %s has no unified profile yet: create it, then update the transaction', NEW.user_id) END,
                v_payload || jsonb_build_object('reason', CASE WHEN NEW.user_id IS NULL THEN 'no_user' ELSE 'no_profile' END),
                NEW.id, NEW.user_id);
      END IF;
      RETURN NULL;
    END IF;
    INSERT INTO public.enrollments (user_id, course_id, transaction_id, status, enrolled_at, metadata)
    VALUES (NEW.user_id, v_course, NEW.id, 'active', coalesce(NEW.paid_at, NEW.settled_at, now()),
            jsonb_build_object('source', 'after_transaction_insert', 'external_id', NEW.external_id))
    ON CONFLICT (user_id, course_id) WHERE status = 'active' DO NOTHING
    RETURNING id INTO v_enrollment;
    IF v_enrollment IS NOT NULL AND v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('enrollment_created', NEW.transaction_type || ' enrollment created',
              format('%s enrolled after payment %s', v_who, coalesce(NEW.external_id, NEW.id::text)),
              v_payload || jsonb_build_object('enrollment_id', v_enrollment, 'course_id', v_course), NEW.id, NEW.user_id);
    END IF;
  ELSIF NEW.status = 'refunded' AND (TG_OP = 'INSERT' OR OLD.status <> 'refunded') THEN
    UPDATE public.enrollments e
       SET status = 'refunded',
           metadata = e.metadata || jsonb_build_object('refunded_at', now(), 'refunded_by_transaction', NEW.id)
     WHERE e.transaction_id = NEW.id AND e.status IN ('active', 'pending');
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('payment_refunded', NEW.transaction_type || ' payment refunded',
              format('%s %s refunded to %s; %s enrollment(s) marked refunded', NEW.currency, NEW.amount, v_who, v_count),
              v_payload || jsonb_build_object('enrollments_refunded', v_count), NEW.id, NEW.user_id);
    END IF;
  END IF;
  RETURN NULL;
END`,
});

export const afterTransactionInsert = defineTrigger({
  name: 'after_transaction_insert',
  table: transactions,
  timing: 'after',
  events: ['insert'],
  forEach: 'row',
  function: handleTransactionChange,
});

/** The same logic for status changes (pending -> paid, paid -> refunded) and late user links. */
export const afterTransactionUpdate = defineTrigger({
  name: 'after_transaction_update',
  table: transactions,
  timing: 'after',
  events: ['update of status, user_id'],
  forEach: 'row',
  when: 'OLD.status IS DISTINCT FROM NEW.status OR OLD.user_id IS DISTINCT FROM NEW.user_id',
  function: handleTransactionChange,
});

export const transactionsMarkCachesStale = markCachesStaleTrigger(transactions, 'transactions_mark_caches_stale', ['insert', 'update', 'delete', 'truncate']);

import { PAID_STATUSES, sqlList } from '../../schema/unified/constants.js';
import { enrollments, transactions, unifiedProfiles } from '../../schema/unified/index.js';
import { DEFINER_ROLE, defineFunction, defineTrigger } from '../define.js';

const paid = sqlList(PAID_STATUSES);

/**
 * Transaction-local setting that silences admin notifications (enrollments are still created), for
 * historical backfills: `select set_config('unified.suppress_notifications', 'on', true)`.
 */
export const SUPPRESS_NOTIFICATIONS_SETTING = 'unified.suppress_notifications';

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
  owner: DEFINER_ROLE,
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

/**
 * Statement trigger function: marks the dashboard caches that read the changed table stale
 * (transactions: dashboard views and revenue metrics; enrollments, profiles: dashboard views).
 * `AND NOT is_stale` keeps it a read once the flag is set: concurrent writers do not queue on the row.
 */
export const markDashboardCachesStale = defineFunction({
  schema: 'public',
  name: 'mark_dashboard_caches_stale',
  returns: 'trigger',
  language: 'plpgsql',
  security: 'definer',
  owner: DEFINER_ROLE,
  searchPath: '',
  grantExecute: [],
  body: `
BEGIN
  UPDATE public.dashboard_cache_status s
     SET is_stale = true, stale_since = now()
   WHERE NOT s.is_stale
     AND (s.cache_name = 'dashboard_views' OR (s.cache_name = 'revenue_metrics' AND TG_TABLE_NAME = 'transactions'));
  RETURN NULL;
END`,
});

export const staleTriggers = [
  defineTrigger({
    name: 'transactions_mark_caches_stale',
    table: transactions,
    timing: 'after',
    events: ['insert', 'update', 'delete', 'truncate'],
    forEach: 'statement',
    function: markDashboardCachesStale,
  }),
  defineTrigger({
    name: 'enrollments_mark_caches_stale',
    table: enrollments,
    timing: 'after',
    events: ['insert', 'update', 'delete', 'truncate'],
    forEach: 'statement',
    function: markDashboardCachesStale,
  }),
  // Profile updates are covered row by row by after_profile_update.
  defineTrigger({
    name: 'unified_profiles_mark_caches_stale',
    table: unifiedProfiles,
    timing: 'after',
    events: ['insert', 'delete', 'truncate'],
    forEach: 'statement',
    function: markDashboardCachesStale,
  }),
];

/**
 * after_profile_update: one audit row with the old and new values of the columns that changed
 * (updated_at ignored), the actor (auth.uid() and the JWT role, else the session user), and marks
 * the dashboard views stale. SECURITY DEFINER: a user updating their own phone cannot write the
 * audit log directly.
 */
export const logProfileUpdate = defineFunction({
  schema: 'public',
  name: 'log_profile_update',
  returns: 'trigger',
  language: 'plpgsql',
  security: 'definer',
  owner: DEFINER_ROLE,
  searchPath: '',
  grantExecute: [],
  body: `
DECLARE
  v_old jsonb := to_jsonb(OLD) - 'updated_at';
  v_new jsonb := to_jsonb(NEW) - 'updated_at';
  v_cols text[];
BEGIN
  SELECT array_agg(n.key ORDER BY n.key) INTO v_cols
    FROM jsonb_each(v_new) AS n(key, value)
   WHERE n.value IS DISTINCT FROM v_old -> n.key;
  IF v_cols IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO public.profile_audit_log (profile_id, operation, changed_columns, old_values, new_values, actor_id, actor_role)
  SELECT NEW.id, 'UPDATE', v_cols,
         jsonb_object_agg(k, v_old -> k), jsonb_object_agg(k, v_new -> k),
         (SELECT auth.uid()), coalesce((SELECT auth.role()), session_user::text)
    FROM unnest(v_cols) AS k;
  UPDATE public.dashboard_cache_status s
     SET is_stale = true, stale_since = now()
   WHERE s.cache_name = 'dashboard_views' AND NOT s.is_stale;
  RETURN NULL;
END`,
});

export const afterProfileUpdate = defineTrigger({
  name: 'after_profile_update',
  table: unifiedProfiles,
  timing: 'after',
  events: ['update'],
  forEach: 'row',
  when: 'OLD.* IS DISTINCT FROM NEW.*',
  function: logProfileUpdate,
});

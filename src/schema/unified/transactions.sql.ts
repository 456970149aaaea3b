// SQL objects of the unified transactions table (docs/conventions.md, "SQL objects bound to their table").
import { defineTrigger, defineTriggerFunction, sqlFile } from '../../functions/define.js';
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
export const handleTransactionChange = defineTriggerFunction({
  schema: 'public',
  name: 'handle_transaction_change',
  security: 'definer',
  grantExecute: [],
  body: sqlFile(import.meta.url, './handle-transaction-change.sql', { SUPPRESS_NOTIFICATIONS_SETTING, PAID_STATUSES: paid }),
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

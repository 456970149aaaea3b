// SQL objects of the unified transactions table (docs/conventions.md, "SQL objects bound to their table").
import { defineDefinerTriggerFunction, defineTrigger, sqlFile } from '../../functions/define.js';
import { touchTrigger } from '../../functions/unified/base.js';
import { markCachesStaleTrigger } from '../../functions/unified/triggers.js';
import { sqlList } from '../_shared/index.js';
import { PAID_STATUSES, SUPPRESS_NOTIFICATIONS_SETTING } from './constants.js';
import { transactions } from './transactions.js';
import { FINANCIAL_RETENTION, personalData } from '../_shared/personal-data.js';

const paid = sqlList(PAID_STATUSES);

export const transactionsTouchUpdatedAt = touchTrigger(transactions);

/**
 * Row trigger function on transactions, UPDATE of status or user_id only (an INSERT gets the same
 * outcome set-based from `handle_transactions_inserted()` below; this function reads OLD):
 * - becoming paid/settled: an admin notification; if a course declares this transaction_type
 *   (the seeded P2P course), an active enrollment for the buyer, idempotently (ON CONFLICT on the
 *   one-active-enrollment index); a buyer without user_id or without a profile gets an
 *   `enrollment_skipped` notification instead;
 * - becoming refunded: the enrollments this transaction created are marked `refunded` and admins
 *   are notified.
 * SECURITY DEFINER: whoever may write a transaction (service_role, the ingest) need not hold
 * privileges on enrollments and admin_notifications.
 */
export const handleTransactionChange = defineDefinerTriggerFunction('public.handle_transaction_change()', {
  body: sqlFile(import.meta.url, './handle-transaction-change.sql', { SUPPRESS_NOTIFICATIONS_SETTING, PAID_STATUSES: paid }),
});

/**
 * Statement trigger function on transactions (INSERT): what `handle_transaction_change()` does for each
 * inserted row, for all of them in one statement (notifications in the rows' order, the first payment
 * of a buyer and course enrolling). A 10,000-row INSERT enrolls its buyers with one INSERT into
 * enrollments, so the enrollments' own statement triggers fire once, not once per buyer.
 */
export const handleTransactionsInserted = defineDefinerTriggerFunction('public.handle_transactions_inserted()', {
  body: sqlFile(import.meta.url, './handle-transactions-inserted.sql', { SUPPRESS_NOTIFICATIONS_SETTING, PAID_STATUSES: paid }),
});

export const afterTransactionInsert = defineTrigger({
  name: 'after_transaction_insert',
  table: transactions,
  timing: 'after',
  events: ['insert'],
  forEach: 'statement',
  referencing: { newTable: 'new_rows' },
  function: handleTransactionsInserted,
});

/** The same logic for status changes (pending -> paid, paid -> refunded) and late user links. */
export const afterTransactionUpdate = defineTrigger({ name: 'after_transaction_update', table: transactions, timing: 'after', events: ['update of status, user_id'], forEach: 'row', when: 'OLD.status IS DISTINCT FROM NEW.status OR OLD.user_id IS DISTINCT FROM NEW.user_id', function: handleTransactionChange });

export const transactionsMarkCachesStale = markCachesStaleTrigger(transactions, 'transactions_mark_caches_stale', ['insert', 'update', 'delete', 'truncate']);

// Personal data (issue 17): a payment is a financial record, kept detached (amounts and dates stay).
export const transactionsPersonalData = personalData(transactions, {
  columns: ['user_id', 'contact_email', 'metadata'],
  findBy: [
    { subject: 'userId', column: 'user_id' },
    { subject: 'email', column: 'contact_email' },
    { mention: 'metadata' },
  ],
  erase: {
    action: 'retain',
    period: FINANCIAL_RETENTION,
    reason: 'a payment: accounting and tax records',
    set: { user_id: null, contact_email: null, metadata: { redact: true } },
  },
  note: 'external_id (the provider reference) stays: it identifies the payment, not the person',
});

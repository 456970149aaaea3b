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
 * The statement's rows for handle-transactions-written.sql, with what each asks for and its place. An
 * INSERT's rows in the statement's order. An UPDATE's rows whose status or user changed, paired with
 * their old version by id: the refunds first, then by created_at and id (an UPDATE's rows have no
 * order of their own; this one is the outcome of one UPDATE per row in that order).
 */
const insertedRows = `SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN (${paid}) AS received, r.status IN (${paid}) AS enroll, r.status = 'refunded' AS refund,
         row_number() OVER () AS pos
    FROM new_rows r`;
const updatedRows = `SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id, r.contact_email, r.paid_at, r.settled_at,
         r.status IN (${paid}) AND o.status NOT IN (${paid}) AS received,
         r.status IN (${paid}) AND (o.status NOT IN (${paid}) OR (o.user_id IS DISTINCT FROM r.user_id AND r.user_id IS NOT NULL)) AS enroll,
         r.status = 'refunded' AND o.status <> 'refunded' AS refund,
         row_number() OVER (ORDER BY r.status = 'refunded' AND o.status <> 'refunded' DESC, r.created_at, r.id) AS pos
    FROM new_rows r JOIN old_rows o ON o.id = r.id
   WHERE o.status IS DISTINCT FROM r.status OR o.user_id IS DISTINCT FROM r.user_id`;
const written = (rows: string) => sqlFile(import.meta.url, './handle-transactions-written.sql', { SUPPRESS_NOTIFICATIONS_SETTING, ROWS: rows });

/**
 * Statement trigger functions on transactions, one per event, from one body: doc 000's payment flow,
 * set-based (one INSERT of the statement's enrollments, one UPDATE of those its refunds end, one
 * INSERT of its notifications, so the enrollments' own statement triggers fire once a statement):
 * - a row becoming paid/settled notifies admins; if a course declares its transaction_type (the
 *   seeded P2P course), its buyer gets an active enrollment, idempotently (ON CONFLICT on the
 *   one-active-enrollment index), the first payment of a buyer and course in the statement
 *   enrolling; a buyer without user_id or profile gets an `enrollment_skipped` notification;
 * - a paid row getting a user enrolls them the same way;
 * - a row becoming refunded ends the enrollments it created and notifies admins; in one UPDATE the
 *   refunds go first (a buyer refunded and paying again for the same course stays enrolled).
 * Notifications come in the rows' order, each row's as one statement per row would write them.
 * SECURITY DEFINER: whoever may write a transaction (service_role, the ingest) need not hold
 * privileges on enrollments and admin_notifications.
 */
export const handleTransactionsInserted = defineDefinerTriggerFunction('public.handle_transactions_inserted()', { body: written(insertedRows) });
export const handleTransactionsUpdated = defineDefinerTriggerFunction('public.handle_transactions_updated()', { body: written(updatedRows) });

export const afterTransactionInsert = defineTrigger({
  name: 'after_transaction_insert',
  table: transactions,
  timing: 'after',
  events: ['insert'],
  forEach: 'statement',
  referencing: { newTable: 'new_rows' },
  function: handleTransactionsInserted,
});

/**
 * Status changes (pending -> paid, paid -> refunded) and late user links. Fires for every UPDATE
 * (a trigger with transition tables cannot name columns); a statement changing no row's status or
 * user returns after one test.
 */
export const afterTransactionUpdate = defineTrigger({
  name: 'after_transaction_update',
  table: transactions,
  timing: 'after',
  events: ['update'],
  forEach: 'statement',
  referencing: { newTable: 'new_rows', oldTable: 'old_rows' },
  function: handleTransactionsUpdated,
});

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

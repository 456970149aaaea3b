// Personal data of the learning billing aggregate (issue 17, docs/subjects.md, "Learning").
import { FINANCIAL_RETENTION, personalData } from '../_shared/personal-data.js';
import { coursePurchases, paymentTransactions, subscriptions } from './billing.js';

export const learningSubscriptionsPersonalData = personalData(subscriptions, {
  columns: ['user_id', 'stripe_customer_id', 'stripe_subscription_id'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
/** A purchase is the learner's access (user_id NOT NULL, cascades from the learner): deleted; the money is in payment_transactions. */
export const learningCoursePurchasesPersonalData = personalData(coursePurchases, {
  columns: ['user_id'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
/** The payment record: kept detached for the retention period (amounts, currency, dates, provider ids stay). */
export const learningPaymentTransactionsPersonalData = personalData(paymentTransactions, {
  columns: ['user_id', 'metadata'],
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'metadata' }],
  erase: {
    action: 'retain',
    period: FINANCIAL_RETENTION,
    reason: 'a payment: accounting and tax records',
    set: { user_id: null, metadata: { redact: true } },
  },
});

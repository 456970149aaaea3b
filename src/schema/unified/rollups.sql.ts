// Personal data of the dashboard rollups (issue 17, docs/subjects.md).
import { personalData } from '../_shared/personal-data.js';
import { marketingSourceRollupByProfile, monthlyEnrollmentsRollupByStudent, revenueAnalysisRollupByCustomer } from './rollups.js';

// The per-person rollup rows are maintained by the triggers of the tables they count: deleting the
// profile and enrollments and detaching the payments removes them. Processed late, after those
// triggers ran, so the rule only deletes what is left (nothing, when the triggers did their job).
export const marketingSourceRollupByProfilePersonalData = personalData(marketingSourceRollupByProfile, {
  columns: ['profile_id'],
  findBy: [{ subject: 'userId', column: 'profile_id' }],
  erase: { action: 'delete' },
  phase: 'late',
});
export const monthlyEnrollmentsRollupByStudentPersonalData = personalData(monthlyEnrollmentsRollupByStudent, {
  columns: ['user_id'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
  phase: 'late',
});
/** `customer` is the payer's user id, else their lower-cased email. */
export const revenueAnalysisRollupByCustomerPersonalData = personalData(revenueAnalysisRollupByCustomer, {
  columns: ['customer'],
  findBy: [
    { subject: 'email', column: 'customer' },
    { subject: 'userId', column: 'customer' },
  ],
  erase: { action: 'delete' },
  phase: 'late',
});

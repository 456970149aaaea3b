// Personal data of the unified leads table (issue 17, docs/subjects.md).
import { personalData } from '../_shared/personal-data.js';
import { leads } from './leads.js';

/** A lead is a contact who has not bought: found by email, deleted. */
export const leadsPersonalData = personalData(leads, {
  columns: ['email', 'first_name', 'last_name', 'tags', 'systemeio_id'],
  findBy: [{ subject: 'email', column: 'email' }],
  erase: { action: 'delete' },
});

// Personal data of the API sync's raw table (issue 17, docs/subjects.md, "Ingest").
import { personalData } from '../../schema/_shared/personal-data.js';
import { xenditTransactionsRaw } from './schema.js';

/** A raw Xendit transaction mentions the payer only inside its payload: redacted there. */
export const xenditTransactionsRawPersonalData = personalData(xenditTransactionsRaw, {
  columns: ['payload'],
  findBy: [{ mention: 'payload' }],
  erase: { action: 'delete' },
});

// Personal data of the raw ingest tables (issue 17, docs/subjects.md, "Ingest").
import { personalData } from '../_shared/personal-data.js';
import { systemeioRaw, xenditRaw } from './raw.js';

// Raw copies of what the providers sent: deleted (the provider keeps its original; production's
// transactions keep the financial record, detached). A payload mentioning the person in a row
// about someone else is redacted.
export const xenditRawPersonalData = personalData(xenditRaw, {
  columns: ['payer_email', 'email_normalized', 'description', 'payload'],
  findBy: [
    { subject: 'email', column: 'payer_email' },
    { subject: 'email', column: 'email_normalized' },
    { mention: 'payload' },
    { mention: 'description' },
  ],
  erase: { action: 'delete' },
});
export const systemeioRawPersonalData = personalData(systemeioRaw, {
  columns: ['email', 'email_normalized', 'first_name', 'last_name', 'phone', 'tags', 'payload'],
  findBy: [
    { subject: 'email', column: 'email' },
    { subject: 'email', column: 'email_normalized' },
    { subject: 'phone', column: 'phone' },
    { mention: 'payload' },
  ],
  erase: { action: 'delete' },
});

// Personal data of the ingest rejected rows (issue 17, docs/subjects.md, "Ingest").
import { personalData } from '../_shared/personal-data.js';
import { rejectedRows } from './rejected.js';

/** A rejected record is the raw record: its payload mentioning the person is redacted (the row, its line and reason stay). */
export const rejectedRowsPersonalData = personalData(rejectedRows, {
  columns: ['payload'],
  findBy: [{ mention: 'payload' }],
  erase: { action: 'delete' },
  note: 'the mention rule redacts: a rejected row is evidence of a load, kept without the person',
});

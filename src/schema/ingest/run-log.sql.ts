// Personal data in the ingest run log, validation reports and backups registry (issue 17, docs/subjects.md).
import { personalData } from '../_shared/personal-data.js';
import { backups } from './backups.js';
import { runLog } from './run-log.js';
import { validationReports } from './validation-reports.js';

// Documents about many records (a run's details, a validation report's samples): only the person's
// identifiers are redacted from them.
export const runLogPersonalData = personalData(runLog, {
  columns: ['error', 'details'],
  findBy: [{ mention: 'details' }, { mention: 'error' }],
  erase: { action: 'delete' },
});
export const validationReportsPersonalData = personalData(validationReports, {
  columns: ['report'],
  findBy: [{ mention: 'report' }],
  erase: { action: 'delete' },
});
export const backupsPersonalData = personalData(backups, {
  columns: ['details'],
  findBy: [{ mention: 'details' }],
  erase: { action: 'delete' },
});

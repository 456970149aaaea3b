import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';
import { BACKUP_ID_FORM, backupIdRegExp, backupStatuses, backups } from './backups.js';
import { products } from './products.js';
import { rawLimits, sourceFormats, systemeioRaw, xenditRaw, xenditStatuses } from './raw.js';
import { ingestSources, rejectedRows } from './rejected.js';
import { runKinds, runLog, runStatuses } from './run-log.js';
import { validationReports } from './validation-reports.js';

// Zod schemas from the tables (drizzle-zod), refined with their CHECK rules. Loading goes through
// ingestXendit / ingestSystemeio (src/ingest/records.ts validates the API shapes); these describe
// the rows themselves, for apps reading them and for part 2's writers.

const currency = (s: z.ZodString) => s.regex(/^[A-Z]{3}$/, 'must be a 3-letter upper-case currency code');
const money = (s: z.ZodString) => s.regex(/^\d{1,10}(\.\d{1,2})?$/, 'must be a non-negative amount with at most 2 decimals');
const lowerEmail = (s: z.ZodString) => s.max(rawLimits.email).refine((v) => v === v.toLowerCase(), 'must be lower-case (trimmed, lower-cased email)');

export const selectRunLogSchema = createSelectSchema(runLog, { kind: z.enum(runKinds), status: z.enum(runStatuses) });
export const insertRunLogSchema = createInsertSchema(runLog, {
  kind: z.enum(runKinds),
  status: z.enum(runStatuses).optional(),
  durationMs: (s) => s.int().nonnegative(),
});
export const updateRunLogSchema = createUpdateSchema(runLog, {
  kind: z.enum(runKinds).optional(),
  status: z.enum(runStatuses).optional(),
  durationMs: (s) => s.int().nonnegative(),
});

export const selectProductSchema = createSelectSchema(products);
export const insertProductSchema = createInsertSchema(products, {
  code: (s) => s.regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'must be a letter then up to 31 letters, digits or underscores'),
  listPrice: money,
  currency,
});
export const updateProductSchema = createUpdateSchema(products, {
  code: (s) => s.regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'must be a letter then up to 31 letters, digits or underscores'),
  listPrice: money,
  currency,
});

export const selectXenditRawSchema = createSelectSchema(xenditRaw, { status: z.enum(xenditStatuses), sourceFormat: z.enum(sourceFormats) });
export const insertXenditRawSchema = createInsertSchema(xenditRaw, {
  id: (s) => s.min(1).max(rawLimits.id),
  status: z.enum(xenditStatuses),
  amount: money,
  currency,
  emailNormalized: lowerEmail,
  sourceFormat: z.enum(sourceFormats).optional(),
});

export const selectSystemeioRawSchema = createSelectSchema(systemeioRaw, { sourceFormat: z.enum(sourceFormats) });
export const insertSystemeioRawSchema = createInsertSchema(systemeioRaw, {
  id: (s) => s.min(1).max(rawLimits.id),
  email: (s) => s.min(3).max(rawLimits.email),
  emailNormalized: lowerEmail,
  sourceFormat: z.enum(sourceFormats).optional(),
});

export const selectRejectedRowSchema = createSelectSchema(rejectedRows, { source: z.enum(ingestSources) });
export const selectValidationReportSchema = createSelectSchema(validationReports);
export const insertValidationReportSchema = createInsertSchema(validationReports, { blockingErrors: (s) => s.int().nonnegative() });

// The backup registry is written by the cutover function only; these describe its rows (and the
// CHECKs: id pattern, schema name derived from it, status set) for readers and tests.
const backupId = (s: z.ZodString) => s.regex(backupIdRegExp, `must be ${BACKUP_ID_FORM}`);
export const selectBackupSchema = createSelectSchema(backups, { id: backupId, status: z.enum(backupStatuses) });
export const insertBackupSchema = createInsertSchema(backups, { id: backupId, status: z.enum(backupStatuses).optional() }).refine(
  (b) => b.schemaName === `ingest_backup_${b.id}`,
  { message: 'must be ingest_backup_<id>', path: ['schemaName'] },
);

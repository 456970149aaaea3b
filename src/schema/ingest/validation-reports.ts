import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, jsonb, timestamp } from 'drizzle-orm/pg-core';
import { runLog } from './run-log.js';
import { ingestSchema } from './schema.js';
import { rlsTable } from '../_shared/index.js';

/** The counts of one product in the validation report, by normalized transaction status. */
export interface ProductStatusReport {
  paid: number;
  settled: number;
  expired: number;
  pending: number;
  total: number;
}

/** A problem that makes the prepared data unfit for production: cutover refuses unless forced. */
export interface BlockingError {
  code: string;
  message: string;
}

/**
 * What `prepare` / `public.validate_and_prepare_clean_data()` found and staged (docs/ingest.md,
 * "Validation report"). Money is a string with 2 decimals (PHP), keys of `byProduct` and `revenue`
 * are the catalog's product codes.
 */
export interface ValidationReport {
  transactions: {
    total: number;
    fromInvoices: number;
    manual: number;
    withUser: number;
    /**
     * Payments production keeps detached (their person erased) that the raw data no longer gives, staged
     * as they are; not in `total`, which counts the invoices and manual payments.
     */
    retained: number;
    byProduct: Record<string, ProductStatusReport>;
  };
  revenue: Record<string, string> & { total: string };
  profiles: number;
  authUsers: { existing: number; new: number };
  enrollments: number;
  leads: number;
  manualPayments: number;
  canvaBuyers: number;
  rejected: { xendit: number; systemeio: number };
  duplicates: number;
  invalidEmails: number;
  blockingErrors: BlockingError[];
}

/** One row per prepare: its report, and how many blocking errors it has (cutover reads the latest). */
export const validationReports = rlsTable(ingestSchema, 'validation_reports', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** The prepare run (ingest.run_log) that produced it. */
  runId: bigint('run_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  report: jsonb('report').$type<ValidationReport>().notNull(),
  blockingErrors: integer('blocking_errors').notNull().default(0),
}, (t) => [
  // a pruned run log keeps its reports.
  foreignKey({ name: 'validation_reports_run_id_fkey', columns: [t.runId], foreignColumns: [runLog.id] }).onDelete('set null'),
  // "the report of this run"; also the FK's delete action.
  index('validation_reports_run_id_idx').on(t.runId),
  // cutover and `status`: the latest report.
  index('validation_reports_created_at_idx').on(t.createdAt.desc()),
  check('validation_reports_blocking_errors_check', sql`${t.blockingErrors} >= 0`),
]);

export type ValidationReportRow = typeof validationReports.$inferSelect; export type NewValidationReportRow = typeof validationReports.$inferInsert;

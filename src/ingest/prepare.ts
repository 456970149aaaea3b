import { desc, sql } from 'drizzle-orm';
import { type Database, jsonValue, queryRows } from '../db.js';
import { PREPARE_RUN_ID_SETTING } from '../functions/ingest/prepare-sql.js';
import { RAW_LOCK_KEY } from '../schema/ingest/raw.sql.js';
import { type ValidationReport, type ValidationReportRow, validationReports } from '../schema/ingest/validation-reports.js';
import { recordRun } from './run-log.js';

export interface PrepareProgress {
  /**
   * `reading`: counting the raw rows (after waiting for the writers of the raw tables in flight);
   * `preparing`: the SQL function runs; `done`: report ready.
   */
  phase: 'reading' | 'preparing' | 'done';
  /** Raw invoices and contacts the preparation reads. */
  xenditRows?: number;
  systemeioRows?: number;
  report?: ValidationReport;
  durationMs: number;
}

export interface PrepareOptions {
  onProgress?: (progress: PrepareProgress) => void;
}

/**
 * Rebuilds the staging tables from the raw tables and the product catalog and returns the
 * validation report (`public.validate_and_prepare_clean_data()`, one transaction), recorded as a
 * `prepare` run in `ingest.run_log` and stored in `ingest.validation_reports`. Production is not
 * touched: `cutover` swaps the staging tables in. Pass the root database (the run log row is
 * written outside the work's transaction).
 */
export async function prepare(db: Database, options: PrepareOptions = {}): Promise<ValidationReport> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return recordRun(
    db,
    'prepare',
    async (run) => {
      let rows: { xenditRows: number; systemeioRows: number } = { xenditRows: 0, systemeioRows: 0 };
      const report = await db.transaction(async (tx) => {
        // the raw tables' lock first (the function takes it again): the counts are of the rows it reads,
        // once the loads, syncs and erasures in flight have committed (docs/ingest.md)
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${RAW_LOCK_KEY}))`);
        const [raw] = await queryRows<{ x: number | string; s: number | string }>(
          tx,
          'select (select count(*) from ingest.xendit_raw) as x, (select count(*) from ingest.systemeio_raw) as s',
        );
        rows = { xenditRows: Number(raw!.x), systemeioRows: Number(raw!.s) };
        options.onProgress?.({ phase: 'reading', ...rows, durationMs: elapsed() });
        run.addDetails(rows);
        options.onProgress?.({ phase: 'preparing', ...rows, durationMs: elapsed() });
        await tx.execute(sql`select set_config(${PREPARE_RUN_ID_SETTING}, ${String(run.id)}, true)`);
        const [row] = await queryRows<{ report: ValidationReport | string }>(tx, sql`select public.validate_and_prepare_clean_data() as report`);
        return jsonValue<ValidationReport>(row!.report);
      });
      run.setCounts({
        profiles: report.profiles,
        transactions: report.transactions.total,
        enrollments: report.enrollments,
        leads: report.leads,
        manual_payments: report.manualPayments,
        auth_users_new: report.authUsers.new,
        blocking_errors: report.blockingErrors.length,
      });
      run.addDetails({ blockingErrors: report.blockingErrors.map((e) => e.code) });
      options.onProgress?.({ phase: 'done', ...rows, report, durationMs: elapsed() });
      return report;
    },
    { details: {} },
  );
}

/** The newest stored validation report (what the last prepare found), or undefined. */
export async function latestValidationReport(db: Database): Promise<ValidationReportRow | undefined> {
  const [row] = await db.select().from(validationReports).orderBy(desc(validationReports.createdAt), desc(validationReports.id)).limit(1);
  return row ? { ...row, report: jsonValue<ValidationReport>(row.report) } : undefined;
}

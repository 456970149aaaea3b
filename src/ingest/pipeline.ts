import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, type Engine, execScript, type OpenedDatabase, openDatabase, queryRows } from '../db.js';
import { UnifiedSchemaError } from '../errors.js';
import { sqlLiteral } from '../schema/_shared/index.js';
import { getMarketingSources, getMonthlyEnrollments, getMonthlyRevenue, refreshDashboardViews } from '../functions/unified/dashboard.js';
import { migrate } from '../migrations/index.js';
import type { ValidationReport } from '../schema/ingest/validation-reports.js';
import { type CutoverResult, cutover as runCutover } from './cutover.js';
import { formatMoney, formatTable, formatValidationReport } from './format.js';
import { generateSampleData, sampleFiles } from './generate-sample.js';
import { ingestSystemeio, ingestXendit } from './load.js';
import { prepare } from './prepare.js';
import { recordRun } from './run-log.js';
import type { IngestProgress, IngestResult } from './types.js';

/** The sample data shipped with the package (`sample-data/` next to `src/` and `dist/`). */
export const defaultSampleDir = fileURLToPath(new URL('../../sample-data/', import.meta.url));

/** A progress display for one load (the CLI draws a bar on a TTY). */
export type ProgressFactory = (title: string, totalBytes: number | undefined) => { update: (p: IngestProgress) => void; stop: () => void };

export interface PipelineOptions {
  /** Folder with `xendit-invoices.json` and `systemeio-contacts.ndjson` (default: the shipped sample-data; generated in memory, same records, when absent). */
  sampleDir?: string;
  /** Run the cutover after prepare (default true). */
  cutover?: boolean;
  /** Passed to the cutover: swap although a table shrinks by more than the limit (never past blocking errors). */
  force?: boolean;
  /** Where lines go (default console.log). */
  out?: (line: string) => void;
  /** Progress display of the loads (default: none). */
  progress?: ProgressFactory;
}

export interface DashboardSummary {
  revenueByProduct: { product: string; currency: string; revenue: string; transactions: number }[];
  enrollmentsByCourse: { course: string; enrollments: number; active: number }[];
  marketingSources: { source: string; signups: number; payingUsers: number; conversionRate: string }[];
  months: { month: string; revenue: string; enrollments: number }[];
}

export interface PipelineResult {
  ingest: { xendit: IngestResult; systemeio: IngestResult };
  report: ValidationReport;
  /** The cutover's result, or why it did not run. */
  cutover: { ran: true; result: CutoverResult } | { ran: false; reason: string };
  dashboard: DashboardSummary;
  runId: number;
  durationMs: number;
}

/** Sources for the two loads: the files when present, else the same records generated in memory. */
function sampleSources(dir: string) {
  const xenditFile = join(dir, sampleFiles.xenditJson);
  const systemeioFile = join(dir, sampleFiles.systemeioNdjson);
  if (existsSync(xenditFile) && existsSync(systemeioFile)) {
    return {
      label: dir,
      xendit: { source: xenditFile as string | Record<string, unknown>[], bytes: statSync(xenditFile).size as number | undefined },
      systemeio: { source: systemeioFile as string | Record<string, unknown>[], bytes: statSync(systemeioFile).size as number | undefined },
    };
  }
  const data = generateSampleData();
  return {
    label: 'generated sample data (seed 1)',
    xendit: { source: data.xenditInvoices, bytes: undefined },
    systemeio: { source: data.systemeioContacts, bytes: undefined },
  };
}

const sumBy = <T>(rows: readonly T[], key: (r: T) => string, value: (r: T) => number) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + value(r));
  return m;
};

/** Reads the dashboard from the materialized views (refreshed just before) through the unified helpers. */
export async function dashboardSummary(db: Database): Promise<DashboardSummary> {
  const [revenue, enrollments, sources] = await Promise.all([
    getMonthlyRevenue(db, { materialized: true }),
    getMonthlyEnrollments(db, { materialized: true }),
    getMarketingSources(db, { materialized: true }),
  ]);
  const cents = (v: string) => Math.round(Number(v) * 100);
  const byProduct = new Map<string, { product: string; currency: string; cents: number; transactions: number }>();
  for (const r of revenue) {
    const k = `${r.product} ${r.currency}`;
    const e = byProduct.get(k) ?? { product: r.product, currency: r.currency, cents: 0, transactions: 0 };
    e.cents += cents(r.revenue);
    e.transactions += r.transactionCount;
    byProduct.set(k, e);
  }
  const byCourse = new Map<string, { course: string; enrollments: number; active: number }>();
  for (const r of enrollments) {
    const e = byCourse.get(r.courseId) ?? { course: r.courseTitle, enrollments: 0, active: 0 };
    e.enrollments += r.enrollments;
    e.active += r.activeEnrollments;
    byCourse.set(r.courseId, e);
  }
  const bySource = new Map<string, { source: string; signups: number; payingUsers: number }>();
  for (const r of sources) {
    const e = bySource.get(r.acquisitionSource) ?? { source: r.acquisitionSource, signups: 0, payingUsers: 0 };
    e.signups += r.signups;
    e.payingUsers += r.payingUsers;
    bySource.set(r.acquisitionSource, e);
  }
  const phpByMonth = sumBy(
    revenue.filter((r) => r.currency === 'PHP'),
    (r) => r.month,
    (r) => cents(r.revenue),
  );
  const enrolledByMonth = sumBy(
    enrollments,
    (r) => r.month,
    (r) => r.enrollments,
  );
  const months = [...new Set([...phpByMonth.keys(), ...enrolledByMonth.keys()])].sort().slice(-6);
  return {
    revenueByProduct: [...byProduct.values()].map((e) => ({ product: e.product, currency: e.currency, revenue: (e.cents / 100).toFixed(2), transactions: e.transactions })),
    enrollmentsByCourse: [...byCourse.values()],
    marketingSources: [...bySource.values()].map((e) => ({ ...e, conversionRate: conversionRate(e.payingUsers, e.signups) })),
    months: months.map((m) => ({ month: m.slice(0, 7), revenue: ((phpByMonth.get(m) ?? 0) / 100).toFixed(2), enrollments: enrolledByMonth.get(m) ?? 0 })),
  };
}

/** `conversionRate` of `payingUsers` over `signups`, in percent with one decimal (0.0 without signups). */
function conversionRate(payingUsers: number, signups: number): string {
  return signups ? ((100 * payingUsers) / signups).toFixed(1) : '0.0';
}

/** The sources' rows, then one for all of them together when there are several. */
function sourceRows(rows: DashboardSummary['marketingSources']): DashboardSummary['marketingSources'] {
  if (rows.length < 2) return rows;
  const signups = rows.reduce((s, r) => s + r.signups, 0);
  const payingUsers = rows.reduce((s, r) => s + r.payingUsers, 0);
  return [...rows, { source: 'all sources', signups, payingUsers, conversionRate: conversionRate(payingUsers, signups) }];
}

/** The dashboard summary as readable lines. */
export function formatDashboard(d: DashboardSummary): string[] {
  const lines = ['Dashboard (materialized views)'];
  if (!d.revenueByProduct.length && !d.enrollmentsByCourse.length) return [...lines, '  no paid transactions or enrollments in production yet'];
  lines.push(
    ...formatTable(
      ['Revenue by product', 'currency', 'transactions', 'revenue'],
      d.revenueByProduct.map((r) => [r.product, r.currency, r.transactions.toLocaleString('en-US'), formatMoney(r.revenue)]),
    ),
    '',
    ...formatTable(
      ['Enrollments by course', 'enrollments', 'active'],
      d.enrollmentsByCourse.map((r) => [r.course, r.enrollments.toLocaleString('en-US'), r.active.toLocaleString('en-US')]),
    ),
    '',
    ...formatTable(
      ['Acquisition source', 'signups', 'paying', 'conversion %'],
      sourceRows(d.marketingSources).map((r) => [r.source, r.signups.toLocaleString('en-US'), r.payingUsers.toLocaleString('en-US'), r.conversionRate]),
    ),
    ...(d.marketingSources.some((r) => r.source === 'xendit')
      ? ['  xendit: buyers first seen in a payment, with no Systeme.io contact: 100 % unless their payments were refunded']
      : []),
    '',
    ...formatTable(
      ['Last months', 'revenue (PHP)', 'enrollments'],
      d.months.map((r) => [r.month, formatMoney(r.revenue), r.enrollments.toLocaleString('en-US')]),
    ),
  );
  return lines;
}

/**
 * The main job on an open, migrated database: ingest the sample data (both sources), prepare,
 * print the validation report, cut over, refresh the dashboard materialized views and print the
 * dashboard summary. Recorded as a `pipeline` run. Re-runnable: a second run ingests nothing new,
 * prepares again and cuts over again.
 */
export async function runPipeline(db: Database, options: PipelineOptions = {}): Promise<PipelineResult> {
  const out = options.out ?? ((line: string) => console.log(line));
  const started = performance.now();
  const sources = sampleSources(options.sampleDir ?? defaultSampleDir);
  return recordRun(
    db,
    'pipeline',
    async (run) => {
      run.addDetails({ sample: sources.label });
      const load = async (name: 'xendit' | 'systemeio') => {
        const fn = name === 'xendit' ? ingestXendit : ingestSystemeio;
        const { source, bytes } = sources[name];
        const bar = options.progress?.(`ingest ${name}`, bytes);
        try {
          const result = await fn(db, source, { onProgress: (p) => bar?.update(p) });
          bar?.stop();
          out(
            `ingest ${name}: ${result.total} read, ${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected, ${result.duplicates} duplicate(s) (${result.durationMs} ms)`,
          );
          return result;
        } catch (error) {
          bar?.stop();
          throw error;
        }
      };
      out(`Sample data: ${sources.label}`);
      const xendit = await load('xendit');
      const systemeio = await load('systemeio');

      const prepared = performance.now();
      const report = await prepare(db);
      out(`prepare: staging rebuilt in ${Math.round(performance.now() - prepared)} ms`);
      out('');
      for (const line of formatValidationReport(report)) out(line);
      out('');

      let cutover: PipelineResult['cutover'];
      if (options.cutover === false) {
        cutover = { ran: false, reason: 'cutover disabled (--no-cutover): staging is prepared, production is unchanged' };
        out(`cutover: skipped: ${cutover.reason}`);
      } else {
        const result = await runCutover(db, { force: options.force });
        cutover = { ran: true, result };
        const c = result.counts;
        out(
          `cutover: staging swapped into production in ${result.durationMs} ms: ${c.unified_profiles} profiles, ${c.transactions} transactions, ${c.enrollments} enrollments; ${result.authUsersCreated} auth user(s) created`,
        );
        out(`  backup ${result.backupId} (previous production: ${Object.values(result.previousCounts).reduce((a, b) => a + b, 0)} rows); undo with: unified-schema rollback ${result.backupId}`);
        for (const w of result.warnings) out(`  warning: ${w}`);
      }

      const refreshed = await refreshDashboardViews(db);
      out(`dashboard views refreshed: ${refreshed.map((v) => `${v.viewName} ${v.durationMs} ms`).join(', ')}`);
      const dashboard = await dashboardSummary(db);
      out('');
      for (const line of formatDashboard(dashboard)) out(line);

      const durationMs = Math.round(performance.now() - started);
      run.setCounts({
        xendit_inserted: xendit.inserted,
        systemeio_inserted: systemeio.inserted,
        profiles: report.profiles,
        transactions: report.transactions.total,
        enrollments: report.enrollments,
        blocking_errors: report.blockingErrors.length,
        cutover: cutover.ran ? 1 : 0,
      });
      run.addDetails({ cutover: cutover.ran ? { backupId: cutover.result.backupId, counts: cutover.result.counts } : { skipped: cutover.reason } });
      return { ingest: { xendit, systemeio }, report, cutover, dashboard, runId: run.id, durationMs };
    },
    { details: { sample: sources.label } },
  );
}

export interface DemoOptions extends PipelineOptions {
  /**
   * PostgreSQL URL of a database for the demo (DATABASE_URL is never read: the demo runs on the
   * embedded PGlite unless a URL is given here). Requires `demoDatabase`.
   */
  databaseUrl?: string;
  /** The name of the server database, confirming it may hold demo data (must equal its `current_database()`). */
  demoDatabase?: string;
  /** Folder of the embedded database (default `.data/unified-schema`). */
  dataDir?: string;
}

/** The comment that marks a database as the demo's own (`COMMENT ON DATABASE`). */
export const DEMO_DATABASE_MARK = 'unified-schema demo database: holds generated sample data only';

/** Why the demo refused a database: `demo_database_required`, `demo_database_mismatch`, `not_a_demo_database`. */
export class DemoRefusedError extends UnifiedSchemaError {
  override name = 'DemoRefusedError';
}

/**
 * Makes sure the demo may write generated data into this database, and marks it: a database the
 * demo marked before, or a new one with no tables outside the system schemas. Anything else (a
 * database that holds tables the demo did not create) is refused before anything is written.
 * On a server, `demoDatabase` must name the database (a deliberate confirmation).
 */
export async function claimDemoDatabase(opened: OpenedDatabase, demoDatabase?: string): Promise<void> {
  const [info] = await queryRows<{ name: string; mark: string | null }>(
    opened.db,
    "select current_database() as name, shobj_description(d.oid, 'pg_database') as mark from pg_database d where d.datname = current_database()",
  );
  const name = info?.name ?? '?';
  if (opened.engine === 'postgres') {
    if (!demoDatabase) {
      throw new DemoRefusedError(
        'demo_database_required',
        `the demo writes generated data: on a server it runs only with --demo-database ${name} (the database's name, to confirm it is a demo database)`,
      );
    }
    if (demoDatabase !== name) {
      throw new DemoRefusedError('demo_database_mismatch', `--demo-database ${demoDatabase} does not name the database of the URL (${name})`);
    }
  }
  if (info?.mark === DEMO_DATABASE_MARK) return;
  const tables = await queryRows<{ name: string }>(
    opened.db,
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname !~ '^pg_(toast|temp_|toast_temp_)' order by 1 limit 4`,
  );
  if (tables.length) {
    const where = opened.engine === 'postgres' ? `database ${name}` : 'the embedded database';
    throw new DemoRefusedError(
      'not_a_demo_database',
      `${where} already holds tables the demo did not create (${tables.slice(0, 3).map((t) => t.name).join(', ')}${tables.length > 3 ? ', …' : ''}): the demo only runs on a new, empty database or one it created`,
    );
  }
  await execScript(
    opened.db,
    `do $$ begin execute format('comment on database %I is %L', current_database(), ${sqlLiteral(DEMO_DATABASE_MARK)}); end $$`,
  );
}

/**
 * The main job on an open database the demo may use (see `claimDemoDatabase`): migrates it, runs
 * the pipeline. The database stays open.
 */
export async function runDemoOn(
  opened: OpenedDatabase,
  options: PipelineOptions & { demoDatabase?: string; label?: string } = {},
): Promise<PipelineResult & { engine: Engine; migrationsApplied: number }> {
  const out = options.out ?? ((line: string) => console.log(line));
  await claimDemoDatabase(opened, options.demoDatabase);
  const applied = await migrate(opened.db);
  out(`Database: ${options.label ?? (opened.engine === 'postgres' ? 'PostgreSQL server' : 'embedded PGlite')}; ${applied.length} migration(s) applied`);
  const result = await runPipeline(opened.db, { ...options, out });
  out('');
  out(`Done in ${(result.durationMs / 1000).toFixed(1)} s (pipeline run #${result.runId}).`);
  return { ...result, engine: opened.engine, migrationsApplied: applied.length };
}

/**
 * What `npm start` (`unified-schema demo`) runs: opens the embedded PGlite in
 * `.data/unified-schema` (or the server database of `databaseUrl`, confirmed by `demoDatabase`),
 * checks that the demo may write there, migrates it, runs the main job, closes it.
 */
export async function runDemo(options: DemoOptions = {}): Promise<PipelineResult & { engine: Engine; migrationsApplied: number }> {
  const dataDir = options.dataDir ?? '.data/unified-schema';
  if (options.databaseUrl && !options.demoDatabase) {
    throw new DemoRefusedError('demo_database_required', 'the demo writes generated data: on a server it needs demoDatabase (the database name) as confirmation');
  }
  const opened = await openDatabase(options.databaseUrl ? { url: options.databaseUrl } : { dataDir, embedded: true });
  try {
    return await runDemoOn(opened, { ...options, label: opened.engine === 'postgres' ? `PostgreSQL database ${options.demoDatabase}` : `embedded PGlite in ${dataDir}` });
  } finally {
    await opened.close();
  }
}

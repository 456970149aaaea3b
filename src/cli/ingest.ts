import { statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { OpenedDatabase } from '../db.js';
import { formatValidationReport } from '../ingest/format.js';
import { IngestError, type IngestOptions, type IngestProgress, type IngestResult, ingestSystemeio, ingestXendit, listRuns, prepare } from '../ingest/index.js';
import { migrate, migrationStatus } from '../migrations/index.js';

type Open = () => Promise<OpenedDatabase>;

/**
 * Migrates the embedded database (a fresh local folder just works); on a server, refuses to load
 * into a database with pending migrations instead of migrating it behind the operator's back.
 */
export async function ensureMigrated(opened: OpenedDatabase): Promise<void> {
  if (opened.engine === 'pglite') {
    await migrate(opened.db);
    return;
  }
  const status = await migrationStatus(opened.db);
  if (!status.upToDate) throw new Error(`the database has ${status.pending.length} pending migration(s): run \`unified-schema migrate\` first`);
}

/** A progress bar on stderr when it is a terminal; nothing otherwise (logs, CI, pipes). */
export function progressBar(title: string, totalBytes: number | undefined) {
  if (!process.stderr.isTTY) return { update: (_: IngestProgress) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${title} |{bar}| {percentage}% | {read} records, {rejected} rejected | {phase}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes ?? 1, 0, { read: 0, rejected: 0, phase: 'load' });
  return {
    update(p: IngestProgress) {
      const value = p.phase === 'load' ? (p.bytesRead ?? 0) : (totalBytes ?? 1);
      bar.update(Math.min(value, totalBytes ?? 1), { read: p.read, rejected: p.rejected, phase: p.phase });
    },
    stop: () => bar.stop(),
  };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function printIngestResult(label: string, r: IngestResult, out: (line: string) => void = console.log): void {
  out(
    `${label}: ${r.total} record(s) read: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected, ${r.duplicates} duplicate(s) (${r.durationMs} ms${r.runId ? `, run ${r.runId}` : ''})`,
  );
  for (const x of r.rejections.slice(0, 10)) {
    out(`  rejected record ${x.position}${x.line ? ` (line ${x.line})` : ''}${x.recordId ? ` id ${x.recordId}` : ''}: ${x.reason}`);
  }
  if (r.rejected > 10) out(`  … ${r.rejected - 10} more in ingest.rejected_rows`);
}

/** `ingest xendit <file>` and `ingest systemeio <file>`. */
export function registerIngestCommands(program: Command, open: Open): void {
  const ingest = program
    .command('ingest')
    .description('load raw Xendit invoices or Systeme.io contacts (JSON array, NDJSON, paged API response or legacy CSV) into ingest.*_raw');
  for (const [name, fn, what] of [
    ['xendit', ingestXendit, 'Xendit invoices into ingest.xendit_raw'],
    ['systemeio', ingestSystemeio, 'Systeme.io contacts into ingest.systemeio_raw'],
  ] as const) {
    ingest
      .command(`${name} <file>`)
      .description(`load ${what}; invalid records go to ingest.rejected_rows, a malformed file loads nothing; idempotent`)
      .addOption(new Option('--format <format>', 'file format (default: from the extension, else the first character)').choices(['json', 'ndjson', 'csv']))
      .option('--batch-size <n>', 'rows per COPY batch', positiveInt)
      .option('--json', 'print the result as JSON')
      .action(async (file: string, opts: { format?: IngestOptions['format']; batchSize?: number; json?: boolean }) => {
        let size: number | undefined;
        try {
          size = statSync(file).size;
        } catch {
          size = undefined;
        }
        const opened = await open();
        const bar = progressBar(`ingest ${name}`, size);
        try {
          await ensureMigrated(opened);
          const result = await fn(opened.db, file, { format: opts.format, batchSize: opts.batchSize, onProgress: (p) => bar.update(p) });
          bar.stop();
          if (opts.json) console.log(JSON.stringify(result, null, 2));
          else printIngestResult(`ingest ${name} ${file}`, result);
        } catch (error) {
          bar.stop();
          if (error instanceof IngestError) throw new Error(`${error.message}${error.code === 'parse_error' ? ' (nothing was loaded)' : ''}`);
          throw error;
        } finally {
          await opened.close();
        }
      });
  }
}

/** `prepare`: rebuilds the staging tables and prints the validation report. */
export function registerPrepareCommand(program: Command, open: Open): void {
  program
    .command('prepare')
    .description(
      'rebuild the staging tables (ingest.*_staging) from the raw tables and the product catalog, and print the validation report; production is not touched',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const opened = await open();
      try {
        await ensureMigrated(opened);
        const tty = Boolean(process.stderr.isTTY) && !opts.json;
        const report = await prepare(opened.db, {
          onProgress: (p) => {
            if (tty && p.phase === 'preparing') process.stderr.write(`prepare: ${p.xenditRows} invoices, ${p.systemeioRows} contacts …\r`);
          },
        });
        if (tty) process.stderr.write('\x1b[2K');
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else for (const line of formatValidationReport(report)) console.log(line);
      } finally {
        await opened.close();
      }
    });
}

/** The newest runs of ingest.run_log (for `status`); nothing when the table does not exist yet. */
export async function printRecentRuns(opened: OpenedDatabase, limit = 10): Promise<void> {
  const { queryRows } = await import('../db.js');
  const [exists] = await queryRows<{ ok: boolean }>(opened.db, "select to_regclass('ingest.run_log') is not null as ok");
  if (!exists?.ok) return;
  const runs = await listRuns(opened.db, { limit });
  if (!runs.length) return;
  console.log('Recent runs:');
  for (const r of runs) {
    const counts = Object.entries(r.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(
      `  #${r.id} ${r.kind.padEnd(16)} ${r.status.padEnd(9)} ${r.startedAt.toISOString()}${r.durationMs !== null ? ` ${r.durationMs} ms` : ''}${counts ? `  ${counts}` : ''}${r.error ? `  error: ${r.error}` : ''}`,
    );
  }
}

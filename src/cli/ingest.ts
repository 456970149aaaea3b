import { statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { formatValidationReport } from '../ingest/format.js';
import type { PrepareProgress } from '../ingest/prepare.js';
import { IngestError, type IngestOptions, type IngestProgress, type IngestResult, ingestSystemeio, ingestXendit, prepare } from '../ingest/index.js';
import type { ProgressFactory } from '../ingest/pipeline.js';
import { CliError, type CliOutput, EXIT, globalOptions, openCliDatabase } from './common.js';

const noProgress = { update: (_: IngestProgress) => {}, stop: () => {} };

/** Progress bars on stderr for human output on a terminal; nothing otherwise (--json, logs, CI, pipes). */
export function progressBar(out: CliOutput): ProgressFactory {
  return (title, totalBytes) => {
    if (!out.interactive) return noProgress;
    const bar = new cliProgress.SingleBar(
      {
        // a terminal (isTTY): process.stderr or a stream like it
        stream: out.io.stderr as NodeJS.WritableStream,
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
  };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function printIngestResult(label: string, r: IngestResult, out: (line: string) => void): void {
  out(
    `${label}: ${r.total} record(s) read: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected, ${r.duplicates} duplicate(s) (${r.durationMs} ms${r.runId ? `, run ${r.runId}` : ''})`,
  );
  for (const x of r.rejections.slice(0, 10)) {
    out(`  rejected record ${x.position}${x.line ? ` (line ${x.line})` : ''}${x.recordId ? ` id ${x.recordId}` : ''}: ${x.reason}`);
  }
  if (r.rejected > 10) out(`  … ${r.rejected - 10} more in ingest.rejected_rows`);
}

/**
 * The exit status of a load: 1 when every record was rejected (nothing usable was in the file), or
 * with `strict` when any was; 0 otherwise.
 */
export function loadExitCode(r: IngestResult, strict = false): number {
  if (r.rejected > 0 && (strict || r.inserted + r.updated + r.unchanged + r.duplicates === 0)) return EXIT.failed;
  return EXIT.ok;
}

/** `ingest xendit <file>` and `ingest systemeio <file>`. */
export function registerIngestCommands(program: Command, out: CliOutput): void {
  const ingest = program
    .command('ingest')
    .description('load raw Xendit invoices or Systeme.io contacts (JSON array, NDJSON, paged API response or legacy CSV) into ingest.*_raw');
  for (const [name, fn, what] of [
    ['xendit', ingestXendit, 'Xendit invoices into ingest.xendit_raw'],
    ['systemeio', ingestSystemeio, 'Systeme.io contacts into ingest.systemeio_raw'],
  ] as const) {
    ingest
      .command(`${name} <file>`)
      .description(
        `load ${what}; invalid records go to ingest.rejected_rows, a malformed file loads nothing; idempotent. Exits 1 when every record was rejected (with --strict: when any was)`,
      )
      .addOption(new Option('--format <format>', 'file format (default: from the extension, else the first character)').choices(['json', 'ndjson', 'csv']))
      .option('--batch-size <n>', 'rows between progress reports (and per COPY on PGlite)', positiveInt)
      .option('--strict', 'exit 1 when any record was rejected')
      .action(async (file: string, cmd: { format?: IngestOptions['format']; batchSize?: number; strict?: boolean }, command: Command) => {
        const opts = globalOptions(command);
        const path = out.path(file);
        let size: number | undefined;
        try {
          size = statSync(path).size;
        } catch {
          throw new CliError('no_file', `${file}: no such file`);
        }
        const opened = await openCliDatabase(out, opts, { ready: true });
        const bar = progressBar(out)(`ingest ${name}`, size);
        try {
          const result = await fn(opened.db, path, { format: cmd.format, batchSize: cmd.batchSize, onProgress: (p) => bar.update(p) });
          bar.stop();
          if (opts.json) out.printJson(result);
          else printIngestResult(`ingest ${name} ${file}`, result, out.say);
          out.exitCode = loadExitCode(result, cmd.strict);
        } catch (error) {
          bar.stop();
          if (error instanceof IngestError) throw new CliError(error.code, `${error.message}${error.code === 'parse_error' ? ' (nothing was loaded)' : ''}`, { cause: error });
          throw error;
        } finally {
          await opened.close();
        }
      });
  }
}

/** Per-phase lines on a terminal (stderr): the SQL phase shows its elapsed seconds as it runs. */
function prepareProgress(out: CliOutput) {
  const enabled = out.interactive;
  const write = (text: string) => out.io.stderr.write(text);
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  return {
    update(p: PrepareProgress) {
      if (!enabled) return;
      if (p.phase === 'reading') write(`prepare: reading ${p.xenditRows ?? 0} invoices and ${p.systemeioRows ?? 0} contacts\n`);
      if (p.phase === 'preparing') {
        const line = () => write(`\rprepare: building the staging tables and the validation report … ${seconds()} s`);
        line();
        timer = setInterval(line, 1000);
        timer.unref();
      }
      if (p.phase === 'done') {
        stop();
        write(`\rprepare: staging built in ${(p.durationMs / 1000).toFixed(1)} s\x1b[K\n`);
      }
    },
    stop,
  };
}

/** `prepare`: rebuilds the staging tables and prints the validation report; exits 1 with blocking errors. */
export function registerPrepareCommand(program: Command, out: CliOutput): void {
  program
    .command('prepare')
    .description(
      'rebuild the staging tables (ingest.*_staging) from the raw tables and the product catalog, and print the validation report; production is not touched. ' +
        'Exits 1 when the report has blocking errors (cutover would refuse them)',
    )
    .action(async (_cmd, command: Command) => {
      const opts = globalOptions(command);
      const opened = await openCliDatabase(out, opts, { ready: true });
      const progress = prepareProgress(out);
      try {
        const report = await prepare(opened.db, { onProgress: progress.update });
        if (opts.json) out.printJson(report);
        else for (const line of formatValidationReport(report)) out.say(line);
        if (report.blockingErrors.length) out.exitCode = EXIT.failed;
      } finally {
        progress.stop();
        await opened.close();
      }
    });
}

import { type Command, InvalidArgumentError, Option } from 'commander';
import { listSyncState } from '../ingest/sync/engine.js';
import { type SyncResult, syncSystemeio, syncXendit, type XenditResource } from '../ingest/sync/sync.js';
import { CliError, type CliOutput, EXIT, globalOptions, openCliDatabase } from './common.js';
import { progressBar } from './ingest.js';

interface SyncCliOptions {
  since?: string;
  baseUrl?: string;
  pageSize?: number;
  resources?: XenditResource[];
  restart?: boolean;
  progress: boolean;
  maxRetries?: number;
}

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};
const nonNegativeInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
};
const isoDate = (value: string) => {
  if (!Number.isFinite(Date.parse(value))) throw new InvalidArgumentError('must be an ISO 8601 date or timestamp');
  return value;
};
const resourceList = (value: string): XenditResource[] => {
  const list = value.split(',').map((s) => s.trim());
  for (const r of list) if (r !== 'invoices' && r !== 'transactions') throw new InvalidArgumentError('a comma-separated list of invoices, transactions');
  return list as XenditResource[];
};

function printResult(out: CliOutput, r: SyncResult) {
  const lines = [
    `${r.source}: ${r.complete ? 'complete' : 'incomplete (stopped by --max-pages; the next run resumes)'}${r.resumed ? ', resumed an interrupted run' : ''}`,
    `  ${r.records} records in ${r.pages} pages, ${r.requests} requests, ${r.retries} retries (${r.rateLimited} rate limited), ${r.durationMs} ms`,
    `  inserted ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected}${r.skipped ? `, skipped ${r.skipped} (before --since)` : ''}`,
  ];
  for (const res of r.resources) {
    lines.push(`  ${res.resource}: ${res.records} records, since ${res.since?.toISOString() ?? '(full pass)'}, high-water mark ${res.highWaterMark?.toISOString() ?? '-'}`);
    for (const x of res.rejections) lines.push(`    rejected #${x.index}${x.id ? ` ${x.id}` : ''}: ${x.reason}`);
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  out.say(lines.join('\n'));
}

/**
 * `unified-schema sync xendit|systemeio|status`: pulls the API into the raw tables. The key comes
 * from XENDIT_SECRET_KEY / SYSTEMEIO_API_KEY only (a key on the command line would end up in shell
 * history and the process list).
 */
export function registerSyncCommand(program: Command, out: CliOutput): void {
  program
    .command('sync')
    .description('pull Xendit or Systeme.io through their APIs into the ingest raw tables (key from XENDIT_SECRET_KEY / SYSTEMEIO_API_KEY)')
    .addOption(new Option('--since <date>', 'only records changed after this instant (default: the last complete run)').argParser(isoDate))
    .option('--base-url <url>', 'API base URL (default: the public API)')
    .addOption(new Option('--page-size <n>', 'records per request (clamped to the API range)').argParser(positiveInt))
    .addOption(new Option('--resources <list>', 'xendit only: invoices,transactions (default both)').argParser(resourceList))
    .option('--restart', 'ignore the cursor of an interrupted run and start from the first page')
    .addOption(new Option('--max-retries <n>', 'retries per request for 429/5xx/network errors').argParser(nonNegativeInt))
    .option('--no-progress', 'no progress bar')
    .argument('<source>', 'xendit | systemeio | status (print the sync state)')
    .action(async (source: string, opts: SyncCliOptions, command: Command) => {
      if (!['xendit', 'systemeio', 'status'].includes(source)) {
        throw new CliError('usage', `unknown source "${source}": use xendit, systemeio or status`, { exitCode: EXIT.usage });
      }
      const global = globalOptions(command);
      const { db, close } = await openCliDatabase(out, global, { ready: true });
      try {
        if (source === 'status') {
          const states = await listSyncState(db);
          if (global.json) return out.printJson(states);
          for (const s of states) {
            out.say(
              `${s.source.padEnd(20)} ${s.cursor ? `interrupted after page ${s.pagesCommitted} (resumes after ${s.cursor})` : 'idle'}; ` +
                `high-water mark ${s.highWaterMark?.toISOString() ?? '-'}; last complete ${s.lastCompleteAt?.toISOString() ?? 'never'}`,
            );
          }
          return;
        }
        const controller = new AbortController();
        const onSigint = () => controller.abort(new Error('interrupted (SIGINT)'));
        process.once('SIGINT', onSigint);
        // The file ingest's bar (same IngestProgress callback); an API list has no known total.
        const bar = opts.progress ? progressBar(out)(`sync ${source}`, undefined) : { update: () => {}, stop: () => {} };
        const common = {
          since: opts.since,
          baseUrl: opts.baseUrl,
          pageSize: opts.pageSize,
          restart: opts.restart,
          maxRetries: opts.maxRetries,
          // the key: XENDIT_SECRET_KEY / SYSTEMEIO_API_KEY of the run's environment
          env: out.io.env,
          signal: controller.signal,
          onProgress: bar.update,
        };
        try {
          const result = source === 'xendit' ? await syncXendit(db, { ...common, resources: opts.resources }) : await syncSystemeio(db, common);
          bar.stop();
          if (global.json) out.printJson(result);
          else printResult(out, result);
        } catch (error) {
          bar.stop();
          if (controller.signal.aborted && !global.json) out.error('Interrupted: committed pages are kept; the next run resumes after the last one.');
          throw error;
        } finally {
          process.off('SIGINT', onSigint);
        }
      } finally {
        await close();
      }
    });
}

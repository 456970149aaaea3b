#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import type { OpenedDatabase } from '../db.js';
import { dbErrorMessage, queryRows } from '../db.js';
import { CutoverError } from '../ingest/cutover.js';
import { DemoRefusedError, runDemoOn } from '../ingest/pipeline.js';
import { listRuns } from '../ingest/run-log.js';
import { migrate, migrationStatus } from '../migrations/index.js';
import { CliError, DEFAULT_DATA_DIR, EXIT, globalOptions, openCliDatabase, printJson } from './common.js';
import { registerCutoverCommands } from './cutover.js';
import { registerDocsCommand } from './docs.js';
import { progressBar, registerIngestCommands, registerPrepareCommand } from './ingest.js';
import { registerSubjectCommands } from './subjects.js';
import { registerSyncCommand } from './sync.js';

export { DEFAULT_DATA_DIR, openCliDatabase };

/** Set by `main` before parsing: under --json commander's own messages are replaced by one JSON error. */
const mode = { json: false };
const oneLine = (message: string) => message.replace(/\n\(Did you mean (.+)\?\)/, ' (did you mean $1?)').trim();

export const program = new Command('unified-schema')
  .description('Schema-as-code for the shared PostgreSQL database: migrate, inspect and load it.')
  .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded PGlite in --data-dir; the demo never reads DATABASE_URL)')
  .option('--data-dir <dir>', 'folder of the embedded PGlite database (only `migrate` and `demo` create it)', DEFAULT_DATA_DIR)
  .option('--json', 'print one JSON document on stdout (errors as JSON on stderr)')
  .configureHelp({ showGlobalOptions: true })
  .showHelpAfterError('(run `unified-schema --help` for the commands and options)')
  // Before any subcommand is added: subcommands copy these settings when created.
  .configureOutput({
    writeErr: (str) => {
      if (!mode.json) process.stderr.write(str);
    },
    outputError: (str, write) => write(`${oneLine(str)}\n`),
  })
  .exitOverride()
  .addHelpText(
    'after',
    '\nExit status: 0 done; 1 refused or failed (also: `status` with pending migrations, `prepare` with blocking errors,\n' +
      'a load that rejected every record); 2 usage (unknown command or option, bad argument).',
  );

/** Human lines to stdout, unless --json (then the command prints one JSON document instead). */
const say = (json: boolean | undefined) => (line: string) => {
  if (!json) console.log(line);
};

/** Runs `fn` on the database, closing it whatever happens. */
async function using<T>(opened: OpenedDatabase, fn: (opened: OpenedDatabase) => Promise<T>): Promise<T> {
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}

async function statusOf(opened: OpenedDatabase) {
  const status = await migrationStatus(opened.db);
  const [hasLog] = await queryRows<{ ok: boolean }>(opened.db, "select to_regclass('ingest.run_log') is not null as ok");
  const runs = hasLog?.ok && status.upToDate ? await listRuns(opened.db, { limit: 10 }) : [];
  return { status, runs };
}

function printStatus({ status, runs }: Awaited<ReturnType<typeof statusOf>>) {
  for (const e of status.entries) console.log(`  ${e.state.padEnd(12)} ${e.tag}${e.appliedAt ? `  (${e.appliedAt.toISOString()})` : ''}`);
  console.log(status.upToDate ? 'Database is up to date.' : `${status.pending.length} migration(s) pending: run \`unified-schema migrate\`.`);
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

program
  .command('migrate')
  .description('apply pending migrations (safe to run from several processes at once); creates the embedded database in a new or empty --data-dir')
  .action(async (_opts, command: Command) => {
    const opts = globalOptions(command);
    await using(await openCliDatabase(opts, { create: true }), async (opened) => {
      const applied = await migrate(opened.db, { onApplied: (m) => say(opts.json)(`applied ${m.tag} (${m.durationMs} ms)`) });
      const state = await statusOf(opened);
      if (opts.json) return printJson({ applied, status: state.status });
      console.log(applied.length ? `Applied ${applied.length} migration(s).` : 'Nothing to apply.');
      printStatus({ ...state, runs: [] });
    });
  });

program
  .command('status')
  .description('list applied and pending migrations and the latest runs of ingest.run_log; exits 1 when migrations are pending')
  .action(async (_opts, command: Command) => {
    const opts = globalOptions(command);
    await using(await openCliDatabase(opts), async (opened) => {
      const state = await statusOf(opened);
      if (opts.json) printJson(state);
      else printStatus(state);
      if (!state.status.upToDate) process.exitCode = EXIT.failed;
    });
  });

registerIngestCommands(program);
registerPrepareCommand(program);

program
  .command('demo')
  .description(
    'the main job (`npm start`): migrate, ingest the shipped sample data, prepare, print the validation report, cut over, refresh the dashboard views and print a summary; re-runnable. ' +
      'Runs on the embedded database in --data-dir; on a server only with --database-url and --demo-database <name>, and only on a new empty database or one the demo created',
  )
  .option('--sample-dir <dir>', 'folder with xendit-invoices.json and systemeio-contacts.ndjson (default: the shipped sample-data)')
  .option('--demo-database <name>', 'with --database-url: the name of that database, confirming the demo may write generated data into it')
  .option('--no-cutover', 'stop after prepare: production stays unchanged')
  .option('--force', 'cut over although a table shrinks by more than 10 % (blocking errors still stop the cutover)')
  .action(async (cmd: { sampleDir?: string; demoDatabase?: string; cutover: boolean; force?: boolean }, command: Command) => {
    const opts = globalOptions(command);
    if (!opts.databaseUrl && cmd.demoDatabase) throw new CliError('usage', '--demo-database needs --database-url (the demo never reads DATABASE_URL)', { exitCode: EXIT.usage });
    if (opts.databaseUrl && !cmd.demoDatabase) {
      throw new DemoRefusedError(
        'demo_database_required',
        'the demo writes generated data: on a server it runs only with --demo-database <name> naming the database of --database-url',
      );
    }
    if (!opts.databaseUrl && process.env.DATABASE_URL && !opts.json) {
      console.error(`note: the demo ignores DATABASE_URL and runs on the embedded database in ${opts.dataDir}`);
    }
    await using(await openCliDatabase(opts, { create: true, env: false }), async (opened) => {
      const result = await runDemoOn(opened, {
        demoDatabase: cmd.demoDatabase,
        label: opened.engine === 'postgres' ? `PostgreSQL database ${cmd.demoDatabase}` : `embedded PGlite in ${opts.dataDir}`,
        sampleDir: cmd.sampleDir,
        cutover: cmd.cutover,
        force: cmd.force,
        out: say(opts.json),
        progress: opts.json ? undefined : progressBar,
      });
      if (opts.json) printJson(result);
    });
  });

registerSyncCommand(program);
registerCutoverCommands(program);
registerDocsCommand(program);
registerSubjectCommands(program);

/** The message of an error for humans: the database's own words under drizzle's "Failed query" wrapper. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message.startsWith('Failed query') ? dbErrorMessage(error) : error.message;
}

/** Runs the CLI on `argv`; resolves to the exit status (errors are printed, human or JSON). */
export async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  mode.json = json;
  if (argv.slice(2).length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok;
      if (error.code === 'commander.help') {
        // No command, only global options: the help (as bare `unified-schema`); under --json a usage error.
        if (!json) return EXIT.ok;
        printError('usage', 'no command given: run `unified-schema --help`');
        return EXIT.usage;
      }
      if (json) printError('usage', oneLine(error.message.replace(/^error: /, '')));
      return EXIT.usage;
    }
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'failed';
    const message = messageOf(error);
    if (json) printError(code, message);
    else {
      console.error(`error: ${message}`);
      // A cutover, rollback or backup refusal rolled its transaction back.
      const unchanged = error instanceof CutoverError ? '; nothing was changed' : '';
      if (error instanceof Error && code !== 'failed') console.error(`  (${error.name} code ${code}${unchanged})`);
    }
    return error instanceof CliError ? error.exitCode : EXIT.failed;
  }
}

function printError(code: string, message: string) {
  process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain || process.argv[1]?.endsWith('/unified-schema')) {
  main(process.argv).then((status) => {
    process.exitCode = status;
  });
}

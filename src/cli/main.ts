import { Command, CommanderError } from 'commander';
import type { OpenedDatabase } from '../db.js';
import { dbErrorMessage, queryRows } from '../db.js';
import { CutoverError } from '../ingest/cutover.js';
import { DemoRefusedError, runDemoOn } from '../ingest/pipeline.js';
import { listRuns } from '../ingest/run-log.js';
import { migrate, migrationStatus } from '../migrations/index.js';
import { CliError, type CliIo, CliOutput, DEFAULT_DATA_DIR, EXIT, globalOptions, openCliDatabase, processIo } from './common.js';
import { registerCutoverCommands } from './cutover.js';
import { registerDocsCommand } from './docs.js';
import { progressBar, registerIngestCommands, registerPrepareCommand } from './ingest.js';
import { registerSubjectCommands } from './subjects.js';
import { registerSyncCommand } from './sync.js';

export type { CliIo };
export { processIo };

const oneLine = (message: string) => message.replace(/\n\(Did you mean (.+)\?\)/, ' (did you mean $1?)').trim();

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

function printStatus(out: CliOutput, { status, runs }: Awaited<ReturnType<typeof statusOf>>) {
  for (const e of status.entries) out.say(`  ${e.state.padEnd(12)} ${e.tag}${e.appliedAt ? `  (${e.appliedAt.toISOString()})` : ''}`);
  out.say(status.upToDate ? 'Database is up to date.' : `${status.pending.length} migration(s) pending: run \`unified-schema migrate\`.`);
  if (!runs.length) return;
  out.say('Recent runs:');
  for (const r of runs) {
    const counts = Object.entries(r.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out.say(
      `  #${r.id} ${r.kind.padEnd(16)} ${r.status.padEnd(9)} ${r.startedAt.toISOString()}${r.durationMs !== null ? ` ${r.durationMs} ms` : ''}${counts ? `  ${counts}` : ''}${r.error ? `  error: ${r.error}` : ''}`,
    );
  }
}

/**
 * The CLI's commands, writing through `out`. A new program per run: commander keeps the parsed
 * options on the program, and runs in one process (the tests) may overlap.
 */
export function createProgram(out: CliOutput): Command {
  const program = new Command('unified-schema')
    .description('Schema-as-code for the shared PostgreSQL database: migrate, inspect and load it.')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the embedded PGlite in --data-dir; the demo never reads DATABASE_URL)')
    .option('--data-dir <dir>', 'folder of the embedded PGlite database (only `migrate` and `demo` create it)', DEFAULT_DATA_DIR)
    .option('--json', 'print one JSON document on stdout (errors as JSON on stderr)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run `unified-schema --help` for the commands and options)')
    // Before any subcommand is added: subcommands copy these settings when created.
    .configureOutput({
      writeOut: (str) => out.io.stdout.write(str),
      // under --json commander's own messages are replaced by one JSON error (see `main`)
      writeErr: (str) => {
        if (!out.json) out.io.stderr.write(str);
      },
      outputError: (str, write) => write(`${oneLine(str)}\n`),
    })
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit status: 0 done; 1 refused or failed (also: `status` with pending migrations, `prepare` with blocking errors,\n' +
        'a load that rejected every record); 2 usage (unknown command or option, bad argument).',
    );

  program
    .command('migrate')
    .description('apply pending migrations (safe to run from several processes at once); creates the embedded database in a new or empty --data-dir')
    .action(async (_opts, command: Command) => {
      const opts = globalOptions(command);
      await using(await openCliDatabase(out, opts, { create: true }), async (opened) => {
        const applied = await migrate(opened.db, { onApplied: (m) => out.say(`applied ${m.tag} (${m.durationMs} ms)`) });
        const state = await statusOf(opened);
        if (opts.json) return out.printJson({ applied, status: state.status });
        out.say(applied.length ? `Applied ${applied.length} migration(s).` : 'Nothing to apply.');
        printStatus(out, { ...state, runs: [] });
      });
    });

  program
    .command('status')
    .description('list applied and pending migrations and the latest runs of ingest.run_log; exits 1 when migrations are pending')
    .action(async (_opts, command: Command) => {
      const opts = globalOptions(command);
      await using(await openCliDatabase(out, opts), async (opened) => {
        const state = await statusOf(opened);
        if (opts.json) out.printJson(state);
        else printStatus(out, state);
        if (!state.status.upToDate) out.exitCode = EXIT.failed;
      });
    });

  registerIngestCommands(program, out);
  registerPrepareCommand(program, out);

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
      if (!opts.databaseUrl && out.io.env.DATABASE_URL && !opts.json) {
        out.error(`note: the demo ignores DATABASE_URL and runs on the embedded database in ${opts.dataDir}`);
      }
      await using(await openCliDatabase(out, opts, { create: true, env: false }), async (opened) => {
        const result = await runDemoOn(opened, {
          demoDatabase: cmd.demoDatabase,
          label: opened.engine === 'postgres' ? `PostgreSQL database ${cmd.demoDatabase}` : `embedded PGlite in ${opts.dataDir}`,
          sampleDir: cmd.sampleDir === undefined ? undefined : out.path(cmd.sampleDir),
          cutover: cmd.cutover,
          force: cmd.force,
          out: out.say,
          progress: progressBar(out),
        });
        if (opts.json) out.printJson(result);
      });
    });

  registerSyncCommand(program, out);
  registerCutoverCommands(program, out);
  registerDocsCommand(program, out);
  registerSubjectCommands(program, out);
  return program;
}

/** The message of an error for humans: the database's own words under drizzle's "Failed query" wrapper. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message.startsWith('Failed query') ? dbErrorMessage(error) : error.message;
}

/**
 * Runs the CLI on `args` (the arguments after the program name, `process.argv.slice(2)` in the bin)
 * with `io` (default: this process's streams, environment and folder) and resolves to the exit
 * status; errors are printed, human or JSON. Never exits the process, never sets `process.exitCode`.
 */
export async function main(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  const json = args.includes('--json');
  const out = new CliOutput(io, json);
  const program = createProgram(out);
  if (args.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return out.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok;
      if (error.code === 'commander.help') {
        // A command that needs a subcommand (`ingest`, `subject`) given none: its help, and a usage error.
        const group = args.find((a) => program.commands.some((c) => c.name() === a));
        if (group) {
          if (json) out.printError('usage', `${group} needs a subcommand: run \`unified-schema ${group} --help\``);
          return EXIT.usage;
        }
        // No command, only global options: the help (as bare `unified-schema`); under --json a usage error.
        if (!json) return EXIT.ok;
        out.printError('usage', 'no command given: run `unified-schema --help`');
        return EXIT.usage;
      }
      if (json) out.printError('usage', oneLine(error.message.replace(/^error: /, '')));
      return EXIT.usage;
    }
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'failed';
    const message = messageOf(error);
    if (json) out.printError(code, message);
    else {
      out.error(`error: ${message}`);
      // A cutover, rollback or backup refusal rolled its transaction back.
      const unchanged = error instanceof CutoverError ? '; nothing was changed' : '';
      if (error instanceof Error && code !== 'failed') out.error(`  (${error.name} code ${code}${unchanged})`);
    }
    return error instanceof CliError ? error.exitCode : EXIT.failed;
  }
}

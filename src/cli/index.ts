#!/usr/bin/env node
import { Command } from 'commander';
import { openDatabase } from '../db.js';
import { migrate, migrationStatus } from '../migrations/index.js';
import { runDemo } from '../ingest/pipeline.js';
import { registerCutoverCommands } from './cutover.js';
import { registerDocsCommand } from './docs.js';
import { printRecentRuns, progressBar, registerIngestCommands, registerPrepareCommand } from './ingest.js';
import { registerSyncCommand } from './sync.js';

/** The default local folder of the embedded database. */
export const DEFAULT_DATA_DIR = '.data/unified-schema';

export const program = new Command('unified-schema')
  .description('Schema-as-code for the shared PostgreSQL database: migrate, inspect and load it.')
  .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else an embedded PGlite)')
  .option('--data-dir <dir>', 'folder of the embedded PGlite database', DEFAULT_DATA_DIR)
  .showHelpAfterError();

/** Opens the database the global options name. */
export async function openFromOptions() {
  const opts = program.opts<{ databaseUrl?: string; dataDir: string }>();
  return openDatabase(opts.databaseUrl ? { url: opts.databaseUrl } : { dataDir: opts.dataDir });
}

async function printStatus(db: Awaited<ReturnType<typeof openDatabase>>['db']) {
  const status = await migrationStatus(db);
  for (const e of status.entries) console.log(`  ${e.state.padEnd(12)} ${e.tag}${e.appliedAt ? `  (${e.appliedAt.toISOString()})` : ''}`);
  console.log(status.upToDate ? 'Database is up to date.' : `${status.pending.length} migration(s) pending.`);
}

program
  .command('migrate')
  .description('apply pending migrations (safe to run from several processes at once)')
  .action(async () => {
    const { db, close } = await openFromOptions();
    try {
      const applied = await migrate(db, { onApplied: (m) => console.log(`applied ${m.tag} (${m.durationMs} ms)`) });
      console.log(applied.length ? `Applied ${applied.length} migration(s).` : 'Nothing to apply.');
      await printStatus(db);
    } finally {
      await close();
    }
  });

program
  .command('status')
  .description('list applied and pending migrations, and the latest runs of ingest.run_log')
  .action(async () => {
    const opened = await openFromOptions();
    try {
      await printStatus(opened.db);
      await printRecentRuns(opened);
    } finally {
      await opened.close();
    }
  });

registerIngestCommands(program, openFromOptions);
registerPrepareCommand(program, openFromOptions);

program
  .command('demo', { isDefault: true })
  .description(
    'the main job (`npm start`): migrate, ingest the shipped sample data, prepare, print the validation report, cut over, refresh the dashboard views and print a summary; re-runnable',
  )
  .option('--sample-dir <dir>', 'folder with xendit-invoices.json and systemeio-contacts.ndjson (default: the shipped sample-data)')
  .option('--no-cutover', 'stop after prepare: production stays unchanged')
  .option('--force', 'cut over even with blocking errors or a large shrink')
  .action(async (opts: { sampleDir?: string; cutover: boolean; force?: boolean }) => {
    const global = program.opts<{ databaseUrl?: string; dataDir: string }>();
    await runDemo({
      databaseUrl: global.databaseUrl,
      dataDir: global.dataDir,
      sampleDir: opts.sampleDir,
      cutover: opts.cutover,
      force: opts.force,
      progress: progressBar,
    });
  });

registerSyncCommand(program);
registerCutoverCommands(program);
registerDocsCommand(program);

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain || process.argv[1]?.endsWith('/unified-schema')) {
  program.parseAsync(process.argv).catch((error: unknown) => {
    console.error(error instanceof Error ? `error: ${error.message}` : error);
    process.exit(1);
  });
}

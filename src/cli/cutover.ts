import { type Command, InvalidArgumentError, Option } from 'commander';
import { SWAPPED_TABLES } from '../functions/ingest/staging.js';
import { type CutoverResult, cutover, dropBackup, listBackups } from '../ingest/cutover.js';
import { type RollbackResult, rollback } from '../ingest/rollback.js';
import { type CliOutput, globalOptions, openCliDatabase } from './common.js';

const percent = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new InvalidArgumentError('must be a percentage between 0 and 100');
  return n;
};
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};
const refreshChoice = new Option('--refresh <when>', 'refresh the re-created materialized views inside the transaction, after it, or not at all')
  .choices(['inside', 'after', 'none'])
  .default('inside');

interface Common {
  lockTimeout?: number;
  maxAttempts?: number;
  refresh?: 'inside' | 'after' | 'none';
}

/** `unified_profiles 12, transactions 30, enrollments 9`, in FK order (jsonb keeps its own key order). */
const order = SWAPPED_TABLES.map((s) => s.table as string);
const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
const table = (counts: Record<string, number | undefined> | null | undefined) =>
  counts
    ? Object.entries(counts)
        .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
        .map(([t, n]) => `${t} ${n ?? '?'}`)
        .join(', ')
    : '-';

function printCutover(out: CliOutput, r: CutoverResult) {
  const lines = [
    `cutover done: backup ${r.backupId} (schema ${r.schemaName})`,
    `  production now: ${table(r.counts)}`,
    `  backup (previous production): ${table(r.backupCounts)}`,
    `  auth users created: ${r.authUsersCreated}`,
    `  re-pointed: ${r.views.length} view(s), ${r.materializedViews.length} materialized view(s)${r.refreshed ? ' (refreshed)' : ' (NOT refreshed)'}, ${r.foreignKeys.length} foreign key(s), ${r.policies.length} policy(ies)`,
    `  swap ${r.timings.swapMs ?? '?'} ms, lock wait ${r.timings.lockMs ?? '?'} ms, MV refresh ${r.timings.refreshMs ?? '?'} ms, checksums ${r.timings.sealMs ?? '?'} ms, total ${r.durationMs} ms, ${r.attempts} attempt(s)`,
    `  undo: unified-schema rollback ${r.backupId}`,
  ];
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  out.say(lines.join('\n'));
}

function printRollback(out: CliOutput, r: RollbackResult) {
  const lines = [
    `rollback done: backup ${r.backupId} is production again`,
    `  restored: ${table(r.counts)} (${r.checksumsVerified ? 'counts and checksums verified' : 'counts verified'})`,
    `  the replaced production is kept in ${r.stagingTables.join(', ')}`,
    `  swap ${r.timings.swapMs ?? '?'} ms, MV refresh ${r.timings.refreshMs ?? '?'} ms, total ${r.durationMs} ms`,
  ];
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  out.say(lines.join('\n'));
}

/**
 * `unified-schema cutover [--force] [--max-shrink <pct>]`, `unified-schema rollback <backupId>` and
 * `unified-schema backups [--drop <backupId>]`.
 */
export function registerCutoverCommands(program: Command, out: CliOutput): void {
  program
    .command('cutover')
    .description('swap the prepared staging tables into production in one transaction, keeping the old tables as a backup (see `backups`, `rollback`)')
    .option('--force', 'cut over although a staging table is smaller than production by more than --max-shrink')
    .addOption(new Option('--max-shrink <pct>', 'largest accepted shrink of a table, in percent').argParser(percent).default(10))
    .addOption(new Option('--lock-timeout <ms>', 'lock_timeout of each attempt').argParser(positiveInt).default(5000))
    .addOption(new Option('--max-attempts <n>', 'attempts on lock timeouts (exponential backoff)').argParser(positiveInt).default(5))
    .addOption(refreshChoice)
    .action(async (opts: Common & { force?: boolean; maxShrink: number }, command: Command) => {
      const global = globalOptions(command);
      const opened = await openCliDatabase(out, global, { ready: true });
      try {
        const result = await cutover(opened.db, {
          force: opts.force ?? false,
          maxShrink: opts.maxShrink / 100,
          lockTimeoutMs: opts.lockTimeout,
          maxAttempts: opts.maxAttempts,
          refresh: opts.refresh,
        });
        if (global.json) out.printJson(result);
        else printCutover(out, result);
      } finally {
        await opened.close();
      }
    });

  program
    .command('rollback')
    .description('put the production tables of a cutover backup back (the current ones return to ingest.*_staging)')
    .argument('<backupId>', 'a backup id from `unified-schema backups`, e.g. b20250131_235959_a1b2c3')
    .addOption(new Option('--lock-timeout <ms>', 'lock_timeout of each attempt').argParser(positiveInt).default(5000))
    .addOption(new Option('--max-attempts <n>', 'attempts on lock timeouts (exponential backoff)').argParser(positiveInt).default(5))
    .addOption(refreshChoice)
    .action(async (backupId: string, opts: Common, command: Command) => {
      const global = globalOptions(command);
      const opened = await openCliDatabase(out, global, { ready: true });
      try {
        const result = await rollback(opened.db, backupId, { lockTimeoutMs: opts.lockTimeout, maxAttempts: opts.maxAttempts, refresh: opts.refresh });
        if (global.json) out.printJson(result);
        else printRollback(out, result);
      } finally {
        await opened.close();
      }
    });

  program
    .command('backups')
    .description('list the cutover backups (ingest.backups), newest first')
    .addOption(new Option('--status <status>', 'only active, restored or dropped backups').choices(['active', 'restored', 'dropped']))
    .option('--drop <backupId>', 'drop the tables of an active backup (it can no longer be rolled back to)')
    .action(async (opts: { status?: 'active' | 'restored' | 'dropped'; drop?: string }, command: Command) => {
      const global = globalOptions(command);
      const opened = await openCliDatabase(out, global, { ready: true });
      try {
        if (opts.drop) {
          const dropped = await dropBackup(opened.db, opts.drop);
          if (global.json) out.printJson(dropped);
          else out.say(`dropped backup ${dropped.backupId} (schema ${dropped.schemaName})`);
          return;
        }
        const list = await listBackups(opened.db, { status: opts.status });
        if (global.json) {
          out.printJson(list);
          return;
        }
        if (!list.length) {
          out.say('No backups: nothing has been cut over yet.');
          return;
        }
        for (const b of list) {
          out.say(`${b.id}  ${b.status.padEnd(8)}  ${b.createdAt.toISOString()}  ${table(b.counts)}${b.status === 'active' ? `  (rollback: unified-schema rollback ${b.id})` : ''}`);
        }
      } finally {
        await opened.close();
      }
    });
}

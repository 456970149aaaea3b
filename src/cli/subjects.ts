import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import { type ErasureReport, eraseSubject, exportSubject, type SubjectLookup } from '../subjects.js';
import { CliError, type CliOutput, EXIT, globalOptions, openCliDatabase } from './common.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `awa@example.com` → `{ email }`, a uuid → `{ userId }`, `+221…` / digits → `{ phone }`. */
export function lookupOf(identifier: string): SubjectLookup {
  if (UUID.test(identifier)) return { userId: identifier };
  if (/^\+?[0-9]+$/.test(identifier)) return { phone: identifier };
  return { email: identifier };
}

/** A bad identifier is a usage error (exit 2), with the helper's message. */
async function usingLookup<T>(identifier: string, fn: (lookup: SubjectLookup) => Promise<T>): Promise<T> {
  try {
    return await fn(lookupOf(identifier));
  } catch (error) {
    if (error instanceof ValidationError) throw new CliError('usage', `<identifier>: ${error.message}`, { cause: error, exitCode: EXIT.usage });
    throw error;
  }
}

function printErasure(out: CliOutput, report: ErasureReport): void {
  const changed = Object.entries(report.tables).filter(([, t]) => t.rows || t.redacted || t.cleared || t.kept);
  out.say(
    report.dryRun
      ? `Dry run: nothing was changed. The erasure would change ${report.totalRows} row(s):`
      : report.totalRows
        ? `Erased: ${report.totalRows} row(s) changed in one transaction:`
        : 'Nothing to erase: no personal data of this person is left.',
  );
  for (const [table, t] of changed) {
    const parts = [
      t.rows ? `${t.action}${t.period ? ` (kept ${t.period}, detached)` : ''} ${t.rows}` : null,
      t.redacted ? `redacted ${t.redacted}` : null,
      t.cleared ? `cleared ${t.cleared}` : null,
      t.kept ? `kept ${t.kept} (tombstone id)` : null,
    ].filter(Boolean);
    out.say(`  ${table.padEnd(40)} ${parts.join(', ')}`);
  }
  if (!report.dryRun && report.totalRows) out.say('Outside the database: delete the files in storage the export listed (docs/subjects.md).');
}

/**
 * `unified-schema subject export <identifier>` (prints the JSON document) and `unified-schema subject
 * erase <identifier> [--dry-run]`; the identifier is an email, an auth user id or a phone number.
 */
export function registerSubjectCommands(program: Command, out: CliOutput): void {
  const subject = program.command('subject').description('one person across every app: export or erase everything the database holds about them (docs/subjects.md)');

  subject
    .command('export')
    .description('print, as one JSON document, everything held about the person in every domain (grouped by domain and table, crm per brand)')
    .argument('<identifier>', 'the person: an email, an auth user id (uuid) or a phone number')
    .action(async (identifier: string, _opts: unknown, command: Command) => {
      const global = globalOptions(command);
      const opened = await openCliDatabase(out, global, { ready: true });
      try {
        out.printJson(await usingLookup(identifier, (lookup) => exportSubject(opened.db, lookup)));
      } finally {
        await opened.close();
      }
    });

  subject
    .command('erase')
    .description('erase the person in every domain in one transaction (delete, anonymise, or keep financial rows detached); idempotent')
    .argument('<identifier>', 'the person: an email, an auth user id (uuid) or a phone number')
    .option('--dry-run', 'do the erasure and roll it back: report what would change, change nothing')
    .action(async (identifier: string, opts: { dryRun?: boolean }, command: Command) => {
      const global = globalOptions(command);
      const opened = await openCliDatabase(out, global, { ready: true });
      try {
        const report = await usingLookup(identifier, (lookup) => eraseSubject(opened.db, lookup, { dryRun: opts.dryRun ?? false }));
        if (global.json) out.printJson(report);
        else printErasure(out, report);
      } finally {
        await opened.close();
      }
    });
}

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { UnifiedSchemaError } from '../errors.js';

export interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

export function readJournal(folder: string): JournalEntry[] {
  const file = join(folder, 'meta/_journal.json');
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { entries: JournalEntry[] }).entries;
}

/** drizzle-kit prints this, exits 0 and writes nothing when it needs to ask about a rename. */
export const TTY_PROMPT = /Interactive prompts require a TTY/i;

/** drizzle-kit failed or needs an interactive answer (`code: 'drizzle_kit_failed'`). */
export class DrizzleKitError extends UnifiedSchemaError {
  override readonly name = 'DrizzleKitError';
  constructor(message: string) {
    super('drizzle_kit_failed', message);
  }
}

/**
 * Runs `drizzle-kit generate` into `out` and returns the journal entries it added. Fails when
 * drizzle-kit needs an interactive answer (a possible rename): it would otherwise exit 0 having
 * written nothing.
 */
export function drizzleKitGenerate(opts: { cwd: string; out: string; name: string; custom?: boolean }): JournalEntry[] {
  const before = readJournal(opts.out).length;
  const bin = join(dirname(createRequire(import.meta.url).resolve('drizzle-kit')), 'bin.cjs');
  const args = [bin, 'generate', '--config', 'drizzle.config.ts', `--name=${opts.name}`];
  if (opts.custom) args.push('--custom');
  const run = spawnSync(process.execPath, args, {
    cwd: opts.cwd,
    // drizzle-kit prefixes "./" to `out`: an absolute path must be passed relative to cwd.
    env: { ...process.env, DRIZZLE_OUT: relative(opts.cwd, opts.out) || '.' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (TTY_PROMPT.test(output)) {
    throw new DrizzleKitError(
      'drizzle-kit needs to ask whether a table or column was renamed or created, and this is not a terminal. ' +
        'Run `npx drizzle-kit generate --name=<intent>` in an interactive terminal to answer, then `npm run db:generate` again.\n' +
        output,
    );
  }
  // drizzle-kit also exits 0 after printing an error (e.g. a missing snapshot): read the output.
  if (run.status !== 0 || /^\s*(\w*Error|Error:)|is malformed/m.test(output)) {
    throw new DrizzleKitError(`drizzle-kit generate failed (exit ${run.status}):\n${output}`);
  }
  return readJournal(opts.out).slice(before);
}

/**
 * `npm run db:check`: fails when src/ and drizzle/ disagree: a table, enum, view, policy or role
 * change drizzle-kit would still generate (including the rename prompt that exits 0 and writes
 * nothing without a terminal), or a function, trigger, role or grant in src/functions that no
 * migration creates yet, or a supabase-js `Database` type (src/supabase-types.ts) that no longer
 * matches the declared schema.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlObjects } from '../functions/index.js';
import * as schemaModule from '../schema/index.js';
import { DrizzleKitError, drizzleKitGenerate, readJournal } from './drizzle-kit.js';
import { readMigrations } from './migrate.js';
import { describeDiff, diffObjects, readState } from './sql-objects.js';
import { supabaseTypesDrift } from './supabase-types.js';

export interface DriftReport {
  ok: boolean;
  problems: string[];
}

export function checkDrift(cwd: string): DriftReport {
  const drizzleDir = join(cwd, 'drizzle');
  const problems: string[] = [];
  // Every journal entry has its file (readMigrations throws otherwise) and every .sql file is in the journal.
  const tags = new Set(readMigrations(drizzleDir).map((m) => m.tag));
  for (const f of readdirSync(drizzleDir).filter((f) => f.endsWith('.sql'))) {
    if (!tags.has(f.replace(/\.sql$/, ''))) problems.push(`drizzle/${f} is not in drizzle/meta/_journal.json (it would never be applied)`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'unified-schema-check-'));
  try {
    cpSync(drizzleDir, scratch, { recursive: true });
    const added = drizzleKitGenerate({ cwd, out: scratch, name: 'drift_check' });
    if (added.length) problems.push(`drizzle-kit would generate a migration for changes in src/schema (run npm run db:generate -- --name <intent>)`);
    if (readJournal(scratch).length !== readJournal(drizzleDir).length + added.length) problems.push('drizzle-kit changed the journal unexpectedly');
  } catch (error) {
    if (error instanceof DrizzleKitError) problems.push(error.message);
    else throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const diff = describeDiff(diffObjects(sqlObjects, readState(drizzleDir)));
  for (const line of diff) problems.push(`SQL object without a migration: ${line} (run npm run db:generate -- --name <intent>)`);
  const types = supabaseTypesDrift(cwd, schemaModule, sqlObjects);
  if (types) problems.push(types);
  return { ok: problems.length === 0, problems };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = checkDrift(process.cwd());
  if (report.ok) {
    console.log('db:check: drizzle/ matches src/ (schema and SQL objects).');
  } else {
    console.error('db:check: src/ and drizzle/ differ:');
    for (const p of report.problems) console.error(`  - ${p}`);
    process.exit(1);
  }
}

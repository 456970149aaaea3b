/**
 * `npm run db:generate -- --name <intent>`: drizzle-kit generate for tables, enums, views, policies
 * and roles, plus custom migrations for the SQL objects in src/functions that are new, changed or
 * removed: `<name>_pre` (roles, the auth shim, functions policies call) before drizzle-kit's
 * migration, `<name>_functions` (functions, triggers, grants) after it. Then the supabase-js
 * `Database` type (src/supabase-types.ts) from the same declarations.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sqlObjects } from '../functions/index.js';
import * as schemaModule from '../schema/index.js';
import { drizzleKitGenerate } from './drizzle-kit.js';
import { describeDiff, diffObjects, isEmpty, readState, renderMigration, writeState } from './sql-objects.js';
import { SUPABASE_TYPES_FILE, writeSupabaseTypes } from './supabase-types.js';

export function generate(opts: { cwd: string; name: string; out?: string }) {
  if (!/^[a-z0-9_]+$/.test(opts.name)) throw new Error(`--name "${opts.name}" must be snake_case: it names the migration's intent`);
  const out = opts.out ?? join(opts.cwd, 'drizzle');
  const state = readState(out);
  const written: string[] = [];
  const custom = (suffix: string, sql: string) => {
    const [entry] = drizzleKitGenerate({ cwd: opts.cwd, out, name: `${opts.name}_${suffix}`, custom: true });
    if (!entry) throw new Error('drizzle-kit generate --custom wrote no migration');
    writeFileSync(join(out, `${entry.tag}.sql`), sql);
    written.push(entry.tag);
  };
  const pre = diffObjects(sqlObjects, state, 'pre');
  if (!isEmpty(pre)) custom('pre', renderMigration(pre, sqlObjects));
  const schema = drizzleKitGenerate({ cwd: opts.cwd, out, name: opts.name });
  written.push(...schema.map((e) => e.tag));
  const post = diffObjects(sqlObjects, state, 'post');
  const reapply = schema.length ? sqlObjects.filter((o) => o.reapply && o.phase === 'post') : [];
  if (!isEmpty(post) || reapply.length) custom('functions', renderMigration(post, sqlObjects, reapply));
  writeState(out, sqlObjects);
  // The supabase-js Database type follows the declared schema (src/supabase-types.ts).
  const typesChanged = writeSupabaseTypes(opts.cwd, schemaModule, sqlObjects);
  return { written, objects: [...describeDiff(pre), ...describeDiff(post)], typesWritten: typesChanged ? SUPABASE_TYPES_FILE : null };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { name: { type: 'string', short: 'n' } } });
  if (!values.name) {
    console.error('usage: npm run db:generate -- --name <what_this_change_does>');
    process.exit(2);
  }
  try {
    const result = generate({ cwd: process.cwd(), name: values.name });
    if (!result.written.length) console.log('Nothing to generate: drizzle/ matches src/.');
    for (const tag of result.written) console.log(`wrote drizzle/${tag}.sql`);
    for (const line of result.objects) console.log(`  ${line}`);
    if (result.typesWritten) console.log(`wrote ${result.typesWritten}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

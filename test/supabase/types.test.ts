import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { integer, pgSchema, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { sqlObjects } from '../../src/functions/index.js';
import { defineFunction } from '../../src/functions/define.js';
import { renderSupabaseTypes, SUPABASE_TYPES_FILE, supabaseTypesDrift, writeSupabaseTypes } from '../../src/migrations/supabase-types.js';
import * as schemaModule from '../../src/schema/index.js';
import { engine } from '../helpers.js';

// The supabase-js Database type, compiled the way an app compiles it. Engine-independent, so it
// runs in the pglite project only.
const root = resolve(import.meta.dirname, '../..');
const fixtureDir = join(root, 'test/supabase/fixture');
const tsc = join(root, 'node_modules/.bin/tsc');

function compile(file: string) {
  const config = join(fixtureDir, `tsconfig.${file}.json`);
  writeFileSync(config, JSON.stringify({ extends: './tsconfig.json', include: [file] }));
  try {
    const r = spawnSync(tsc, ['-p', config], { cwd: root, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(config, { force: true });
  }
}

describe.skipIf(engine !== 'pglite')('supabase-js types (engine-independent: compiled once, in the pglite project)', () => {
  it('a typed client compiles, and every @ts-expect-error case in it is a type error', () => {
    const r = compile('client.ts');
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  it('without the @ts-expect-error directives, each of those lines fails to compile', () => {
    const source = readFileSync(join(fixtureDir, 'client.ts'), 'utf8').split('\n');
    const expected: number[] = [];
    const stripped = source.map((line, i) => {
      if (!line.trim().startsWith('// @ts-expect-error')) return line;
      expected.push(i + 2); // the guarded statement is on the next line (1-based)
      return '';
    });
    expect(expected.length).toBeGreaterThanOrEqual(14);
    const probe = join(fixtureDir, 'probe.generated.ts');
    writeFileSync(probe, stripped.join('\n'));
    try {
      const r = compile('probe.generated.ts');
      expect(r.code).not.toBe(0);
      const lines = [...r.out.matchAll(/probe\.generated\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1]));
      expect([...new Set(lines)].sort((a, b) => a - b)).toEqual(expected);
      // The errors say why: the unknown table, the missing column, the value outside the enum.
      expect(r.out).toContain("Property 'email' is missing");
      expect(r.out).toContain(`'"acme"' is not assignable`);
      expect(r.out).toContain("column 'emial' does not exist on 'unified_profiles'");
      expect(r.out).toContain("Property 'slug' is missing");
      expect(r.out).toContain(`'"gone"' is not assignable`);
    } finally {
      rmSync(probe, { force: true });
    }
  });

  it('the committed src/supabase-types.ts is what the declared schema renders', () => {
    expect(readFileSync(join(root, SUPABASE_TYPES_FILE), 'utf8')).toBe(renderSupabaseTypes(schemaModule, sqlObjects));
  });

  it('db:check fails on a stale src/supabase-types.ts, and what db:generate writes makes it pass', () => {
    const dir = mkdtempSync(join(tmpdir(), 'supabase-types-'));
    try {
      for (const f of ['src', 'drizzle', 'drizzle.config.ts', 'package.json', 'tsconfig.json']) cpSync(join(root, f), join(dir, f), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      const file = join(dir, SUPABASE_TYPES_FILE);
      writeFileSync(file, readFileSync(file, 'utf8').replace('email: string;', 'emial: string;'));
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/migrations/check.ts'], { cwd: dir, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(`${r.stdout}${r.stderr}`).toContain(`${SUPABASE_TYPES_FILE} does not match the declared schema`);
      expect(writeSupabaseTypes(dir, schemaModule, sqlObjects)).toBe(true);
      expect(supabaseTypesDrift(dir, schemaModule, sqlObjects)).toBeNull();
      expect(writeSupabaseTypes(dir, schemaModule, sqlObjects)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a schema the barrel starts exporting appears with its tables, views, enums and functions, with no code change', () => {
    const probe = pgSchema('probe_domain');
    const level = probe.enum('probe_level', ['low', 'high']);
    const items = probe.table('items', { id: integer('id').primaryKey(), label: text('label').notNull(), level: level('level') });
    const itemView = probe.view('item_labels', { label: text('label').notNull() }).existing();
    const fn = defineFunction('probe_domain.count_items(p_level probe_domain.probe_level) RETURNS table (n bigint, label text)', { language: 'sql', searchPath: "''",
      body: 'select 1::bigint, null::text',
    });
    const out = renderSupabaseTypes({ ...schemaModule, probe, level, items, itemView }, [...sqlObjects, fn]);
    const block = out.slice(out.indexOf('  probe_domain: {'));
    // Each column once, in the row; an insert must give the columns that are not null and have no default.
    expect(block).toContain('      items: Table<{ id: number; label: string; level: Database["probe_domain"]["Enums"]["probe_level"] | null }, "id" | "label">\n');
    expect(block).toContain('      item_labels: View<{ label: string }>\n');
    expect(block).toContain(
      '      count_items: { Args: { p_level: Database["probe_domain"]["Enums"]["probe_level"] }; Returns: { n: number | null; label: string | null }[] }\n',
    );
    expect(block).toContain('probe_level: "low" | "high"');
    // Every schema the package declares is there; Supabase's own auth schema is not.
    for (const s of ['public', 'crm', 'ingest']) expect(out).toContain(`\n  ${s}: {\n    Tables: {`);
    expect(out).not.toContain('\n  auth: {');
  });
});

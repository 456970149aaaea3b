import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engine } from '../helpers.js';

// db:check and db:generate on a scratch copy of the project, edited the way a developer would.
const root = resolve(import.meta.dirname, '../..');
const copies: string[] = [];
afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'db-check-'));
  copies.push(dir);
  for (const f of ['src', 'drizzle', 'drizzle.config.ts', 'package.json', 'tsconfig.json']) cpSync(join(root, f), join(dir, f), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function run(dir: string, script: 'check' | 'generate', ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `src/migrations/${script}.ts`, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

const TABLE = `
import { pgTable, text, integer } from 'drizzle-orm/pg-core';
export const driftProbe = pgTable('drift_probe', { id: integer('id').primaryKey(), label: text('label') });
`;

describe(`db:check (${engine})`, () => {
  it('passes on the repository as committed', () => {
    const r = run(copyProject(), 'check');
    expect(r.out).toContain('matches');
    expect(r.code).toBe(0);
  });

  // A table change that was not generated, then the same change generated: two tests, each running
  // drizzle-kit over the whole chain once or twice (~5 s a run on an idle 2-core machine, 7-9 s
  // beside the rest of the suite), so neither comes near the 30 s a test may take.
  function addProbeTable(): string {
    const dir = copyProject();
    writeFileSync(join(dir, 'src/schema/drift-probe.ts'), TABLE);
    appendFileSync(join(dir, 'src/schema/index.ts'), "export * from './drift-probe.js';\n");
    return dir;
  }

  it('fails on a table change that was not generated', () => {
    const before = run(addProbeTable(), 'check');
    expect(before.code).toBe(1);
    expect(before.out).toMatch(/drizzle-kit would generate a migration/);
  });

  it('passes once the table change is generated', () => {
    const dir = addProbeTable();
    const gen = run(dir, 'generate', '--name', 'add_drift_probe');
    expect(gen.code, gen.out).toBe(0);
    expect(gen.out).toMatch(/add_drift_probe\.sql/);
    const after = run(dir, 'check');
    expect(after.code, after.out).toBe(0);
    expect(after.out).toContain('matches');
  });

  it('fails on a function declared in src/functions without a migration', () => {
    const dir = copyProject();
    const registry = join(dir, 'src/functions/index.ts');
    // Prepend the probe to the registry, whatever domains have appended to it.
    const original = readFileSync(registry, 'utf8');
    const edited = original.replace(
      'export const sqlObjects: readonly SqlObject[] = [',
      `import { defineFunction } from './define.js';
export const sqlObjects: readonly SqlObject[] = [defineFunction('public.drift_probe() RETURNS int', { language: 'sql', searchPath: "''", body: 'select 1' }), `,
    );
    expect(edited).not.toBe(original);
    writeFileSync(registry, edited);
    const r = run(dir, 'check');
    expect(r.code).toBe(1);
    expect(r.out).toContain('function public.drift_probe()');
  });

  it("fails on drizzle-kit's rename prompt instead of passing on its exit code 0", () => {
    const dir = addProbeTable();
    expect(run(dir, 'generate', '--name', 'add_drift_probe').code).toBe(0);
    // Renaming a column makes drizzle-kit ask "created or renamed?", which needs a terminal.
    writeFileSync(join(dir, 'src/schema/drift-probe.ts'), TABLE.replace("label: text('label')", "title: text('title')"));
    const r = run(dir, 'check');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/rename/i);
  });
});

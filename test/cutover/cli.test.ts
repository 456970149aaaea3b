import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from '../../src/db.js';
import { createStagingTables } from '../../src/ingest.js';
import { migrate } from '../../src/migrations/index.js';
import type { TestDatabase } from '../../src/testing/index.js';
import { engine, freshDatabase } from '../helpers.js';
import { fillStaging, seedProduction } from './fixture.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cutover-cli-'));
let server: TestDatabase | undefined;

/** The CLI against this test's database: its URL on PostgreSQL, a folder on PGlite. */
async function cli(...args: string[]) {
  const target = engine === 'postgres' ? ['--database-url', server!.url!] : ['--data-dir', join(dir, 'pglite')];
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...target, ...args], { env: { ...process.env, DATABASE_URL: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs `fn` on the CLI's database (the PGlite folder must not be open while the CLI runs). */
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (engine === 'postgres') return fn(server!.db);
  const opened = await openDatabase({ dataDir: join(dir, 'pglite') });
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

beforeAll(async () => {
  if (engine === 'postgres') server = await freshDatabase();
  await withDb(async (db) => {
    if (engine === 'pglite') await migrate(db);
    await seedProduction(db);
    await createStagingTables(db);
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

// One story in steps, at most two CLI calls each (every call starts node, tsx and the database: ~3 s
// idle, ~10 s on a loaded 2-core machine; one test doing all eleven took 60–190 s on PGlite). Each step
// needs the previous one.
describe.sequential(`unified-schema cutover / rollback / backups (${engine})`, () => {
  let result: { backupId: string; counts: Record<string, number> };
  it('prints help for cutover and rollback', async () => {
    const help = await cli('cutover', '--help');
    expect(help.stdout).toMatch(/Usage: unified-schema cutover \[options\]/);
    expect(help.stdout).toMatch(/--force/);
    expect(help.stdout).toMatch(/--max-shrink <pct>/);
    expect(help.stdout).toMatch(/--database-url <url>/);
    expect((await cli('rollback', '--help')).stdout).toMatch(/Usage: unified-schema rollback \[options\] <backupId>/);
  });

  it('lists no backups and refuses empty staging', async () => {
    expect((await cli('backups')).stdout).toMatch(/No backups/);

    const empty = await cli('cutover');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/error: cutover: the staging tables are empty/);
    expect(empty.stderr).toMatch(/code empty_staging; nothing was changed/);
  });

  it('refuses a shrink beyond the default --max-shrink', async () => {
    await withDb((db) => fillStaging(db, { keep: 10, newUsers: 0 }));
    // 12 → 10 profiles is -16.7 %: refused at the default 10 %, accepted at 20 %
    const shrink = await cli('cutover');
    expect(shrink.code).toBe(1);
    expect(shrink.stderr).toMatch(/code shrink/);
  });

  it('cuts over with --max-shrink 20', async () => {
    const done = await cli('cutover', '--max-shrink', '20', '--json');
    expect(done.code, done.stderr).toBe(0);
    result = JSON.parse(done.stdout);
    expect(result.backupId).toMatch(/^b\d{8}_\d{6}_[0-9a-f]{6}$/);
    expect(result.counts).toMatchObject({ unified_profiles: 10 });
  });

  it('lists the backup', async () => {
    const list = await cli('backups');
    expect(list.stdout).toContain(`${result.backupId}  active`);
    expect(list.stdout).toContain(`rollback: unified-schema rollback ${result.backupId}`);
  });

  it('refuses hostile and unknown backup ids', async () => {

    const hostile = await cli('rollback', 'x; drop table transactions');
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toMatch(/is not a backup id/);
    expect(hostile.stderr).toMatch(/code invalid_backup_id/);
    const unknown = await cli('rollback', 'b20200101_000000_abcdef');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/code unknown_backup/);
  });

  it('rolls back to the backup', async () => {
    const back = await cli('rollback', result.backupId);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/rollback done: backup \S+ is production again/);
    expect(back.stdout).toMatch(/restored: unified_profiles 12, transactions 30, enrollments 9, leads 0 \(counts and checksums verified\)/);
    const [row] = await withDb((db) => queryRows<{ n: number }>(db, 'select count(*)::int as n from public.unified_profiles'));
    expect(row!.n).toBe(12);
  });

  it('lists the backup as restored', async () => {
    expect((await cli('backups', '--status', 'restored')).stdout).toContain(`${result.backupId}  restored`);
  });
});

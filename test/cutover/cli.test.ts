import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase, queryRows } from '../../src/db.js';
import { createStagingTables } from '../../src/ingest.js';
import { migrate } from '../../src/migrations/index.js';
import type { TestDatabase } from '../../src/testing/index.js';
import { engine, freshDatabase, runCli } from '../helpers.js';
import { fillStaging, seedProduction } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'cutover-cli-'));
let server: TestDatabase | undefined;

/** The CLI against this test's database: its URL on PostgreSQL, a folder on PGlite. */
const cli = (...args: string[]) => runCli([...(engine === 'postgres' ? ['--database-url', server!.url!] : ['--data-dir', join(dir, 'pglite')]), ...args]);

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

describe(`unified-schema cutover / rollback / backups (${engine})`, () => {
  let result: { backupId: string; counts: Record<string, number> };
  it('--help; no backups yet; refuses empty staging', async () => {
    const help = await cli('cutover', '--help');
    expect(help.stdout).toMatch(/Usage: unified-schema cutover \[options\]/);
    expect(help.stdout).toMatch(/--force/);
    expect(help.stdout).toMatch(/--max-shrink <pct>/);
    expect(help.stdout).toMatch(/--database-url <url>/);
    expect((await cli('backups')).stdout).toMatch(/No backups/);

    const empty = await cli('cutover');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/error: cutover: the staging tables are empty/);
    expect(empty.stderr).toMatch(/code empty_staging; nothing was changed/);
  });

  // Each step of the story is a test of its own (same database), to keep each under the time limit on a loaded machine.
  it('refuses a large shrink, then cuts over', async () => {
    await withDb((db) => fillStaging(db, { keep: 10, newUsers: 0 }));
    // 12 → 10 profiles is -16.7 %: refused at the default 10 %, accepted at 20 %
    const shrink = await cli('cutover');
    expect(shrink.code).toBe(1);
    expect(shrink.stderr).toMatch(/code shrink/);
    const done = await cli('cutover', '--max-shrink', '20', '--json');
    expect(done.code, done.stderr).toBe(0);
    result = JSON.parse(done.stdout);
    expect(result.backupId).toMatch(/^b\d{8}_\d{6}_[0-9a-f]{6}$/);
    expect(result.counts).toMatchObject({ unified_profiles: 10 });
  });

  it('lists the backup, refuses a hostile or unknown id', async () => {
    const list = await cli('backups');
    expect(list.stdout).toContain(`${result.backupId}  active`);
    expect(list.stdout).toContain(`rollback: unified-schema rollback ${result.backupId}`);

    const hostile = await cli('rollback', 'x; drop table transactions');
    expect(hostile.code).toBe(1);
    expect(hostile.stderr).toMatch(/is not a backup id/);
    expect(hostile.stderr).toMatch(/code invalid_backup_id/);
    const unknown = await cli('rollback', 'b20200101_000000_abcdef');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/code unknown_backup/);
  });

  it('rolls back, and refuses to drop the restored backup', async () => {
    const back = await cli('rollback', result.backupId);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/rollback done: backup \S+ is production again/);
    expect(back.stdout).toMatch(/restored: unified_profiles 12, transactions 30, enrollments 9, leads 0 \(counts and checksums verified\)/);
    expect((await cli('backups', '--status', 'restored')).stdout).toContain(`${result.backupId}  restored`);
    // a restored backup cannot be dropped: the refusal names the operation (not "cutover: …"), also as JSON
    const dropJson = await cli('backups', '--drop', result.backupId, '--json');
    expect(dropJson.code).toBe(1);
    expect(dropJson.stdout).toBe('');
    expect(JSON.parse(dropJson.stderr).error.message).toMatch(/^drop backup: /);
    const [row] = await withDb((db) => queryRows<{ n: number }>(db, 'select count(*)::int as n from public.unified_profiles'));
    expect(row!.n).toBe(12);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db.js';
import { engine, migratedDataDir, runCli, useDatabase } from '../helpers.js';
import { catalogScan, newPerson, seedPerson, seedWorld } from './fixture.js';

const t = useDatabase();
const dir = mkdtempSync(join(tmpdir(), 'subjects-cli-'));
const awa = newPerson('Awa');

/** This test's database: its URL on PostgreSQL, a migrated data dir on PGlite (the usual ways of the CLI). */
const target = () => (engine === 'postgres' ? ['--database-url', t.handle.url!] : ['--data-dir', dir]);

/** Runs `fn` on this test's database as the CLI sees it (the PGlite folder is opened only between CLI runs). */
async function onDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  if (engine === 'postgres') return fn(t.db);
  const opened = await openDatabase({ dataDir: dir, embedded: true });
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

beforeAll(async () => {
  if (engine === 'pglite') await migratedDataDir(dir);
  await onDatabase(async (db) => seedPerson(db, awa, await seedWorld(db)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`unified-schema subject (${engine})`, () => {
  it('subject export <email> prints the JSON document', async () => {
    const r = await runCli([...target(), 'subject', 'export', awa.email]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { found: boolean; domains: Record<string, unknown> };
    expect(doc.found).toBe(true);
    expect(Object.keys(doc.domains).sort()).toEqual(['auth', 'crm', 'ingest', 'learning', 'unified', 'wolo']);
  });

  it('subject erase <email> --dry-run changes nothing', async () => {
    const dry = await runCli([...target(), 'subject', 'erase', awa.email, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: nothing was changed\. The erasure would change \d+ row\(s\):/);
    expect(dry.stdout).toContain('crm.customers');
    expect((await onDatabase((db) => catalogScan(db, [awa.email]))).size).toBeGreaterThan(10);
  });

  it('subject erase <email> --json erases in every domain', async () => {
    const real = await runCli([...target(), '--json', 'subject', 'erase', awa.email]);
    expect(real.code).toBe(0);
    const report = JSON.parse(real.stdout) as { dryRun: boolean; totalRows: number };
    expect(report.dryRun).toBe(false);
    expect(report.totalRows).toBeGreaterThan(10);
    expect([...(await onDatabase((db) => catalogScan(db, [awa.email, awa.phone]))).keys()]).toEqual([]);
  });

  it('a bad identifier is a usage error (exit 2)', async () => {
    const bad = await runCli([...target(), '--json', 'subject', 'erase', 'not-an-email']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'usage' } });
  });
});

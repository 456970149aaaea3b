import { spawn } from 'node:child_process';
import postgres from 'postgres';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db.js';
import { defaultMigrationsFolder, MigrationError, migrate, migrationStatus, readMigrations } from '../../src/migrations/index.js';
import { engine, freshDatabase, POSTGRES_ONLY_RACE } from '../helpers.js';
import { pgliteSnapshotPath, type TestDatabase } from '../../src/testing/index.js';

const opened: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
});
async function fresh() {
  const d = await freshDatabase();
  opened.push(d);
  return d;
}

/** A scratch migrations folder: a journal and the given SQL files. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  cpSync(defaultMigrationsFolder, dir, { recursive: true });
  const journalFile = join(dir, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  for (const [tag, text] of Object.entries(files)) {
    journal.entries.push({ idx: journal.entries.length, version: '7', when: Date.now() + journal.entries.length, tag, breakpoints: true });
    writeFileSync(join(dir, `${tag}.sql`), text);
  }
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe(`migrate (${engine})`, () => {
  it('keys the cached test snapshot by each migration\'s name as well as its SQL (a renamed migration is a new snapshot)', () => {
    const sql = 'CREATE TABLE public.renamed_probe (x int);';
    const a = folder({ '9300_first_name': sql });
    const b = folder({ '9300_second_name': sql });
    const c = folder({ '9300_first_name': sql });
    expect(pgliteSnapshotPath(a)).not.toBe(pgliteSnapshotPath(b));
    expect(pgliteSnapshotPath(a)).toBe(pgliteSnapshotPath(c));
    expect(pgliteSnapshotPath(a)).not.toBe(pgliteSnapshotPath(folder({ '9300_first_name': `${sql} -- changed` })));
  });

  it('is a no-op on a migrated database and reports every migration applied', async () => {
    const { db } = await fresh();
    expect(await migrate(db)).toEqual([]);
    const status = await migrationStatus(db);
    expect(status.upToDate).toBe(true);
    expect(status.pending).toEqual([]);
    expect(status.applied.map((e) => e.tag)).toEqual(readMigrations().map((m) => m.tag));
  });

  it('applies each migration in its own transaction: a later one can use an enum value an earlier one added', async () => {
    const { db } = await fresh();
    const dir = folder({
      '9000_enum': 'CREATE TYPE public.mood AS ENUM (\'ok\');\n--> statement-breakpoint\nCREATE TABLE public.moods (m public.mood);',
      '9001_add_value': "ALTER TYPE public.mood ADD VALUE 'great';",
      '9002_use_value': "INSERT INTO public.moods VALUES ('great');",
    });
    const applied = await migrate(db, { migrationsFolder: dir });
    expect(applied.map((a) => a.tag)).toEqual(['9000_enum', '9001_add_value', '9002_use_value']);
    expect(await queryRows(db, 'select m::text from public.moods')).toEqual([{ m: 'great' }]);
    expect(await migrate(db, { migrationsFolder: dir })).toEqual([]);
  });

  it('refuses, naming the file, when an applied migration was edited by one byte', async () => {
    const { db } = await fresh();
    const dir = folder({});
    const first = readMigrations(dir)[0]!;
    writeFileSync(first.file, `${readFileSync(first.file, 'utf8')} `);
    const error = await migrate(db, { migrationsFolder: dir }).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.code).toBe('checksum_mismatch');
    expect(error.message).toContain(`${first.tag}.sql`);
    expect((await migrationStatus(db, { migrationsFolder: dir })).entries[0]!.state).toBe('modified');
  });

  it('refuses a pending migration that sorts before the last applied one', async () => {
    const { db } = await fresh();
    await migrate(db, { migrationsFolder: folder({ '9100_b': 'CREATE TABLE public.b (x int);' }) });
    // A branch merged later brings 9099_a, which sorts before the applied 9100_b.
    const dir = folder({ '9099_a': 'CREATE TABLE public.a (x int);', '9100_b': 'CREATE TABLE public.b (x int);' });
    const error = await migrate(db, { migrationsFolder: dir }).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.code).toBe('out_of_order');
    expect(error.message).toContain('9099_a.sql');
    expect(await queryRows(db, "select to_regclass('public.a') as t")).toEqual([{ t: null }]);
  });

  it('rolls back a failing migration whole and names the file and statement', async () => {
    const { db } = await fresh();
    const dir = folder({ '9200_bad': 'CREATE TABLE public.half (x int);\n--> statement-breakpoint\nSELECT no_such_column FROM public.half;' });
    const error = await migrate(db, { migrationsFolder: dir }).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.code).toBe('statement_failed');
    expect(error.message).toContain('9200_bad.sql');
    expect(error.message).toContain('statement 2 of 2');
    expect(await queryRows(db, "select to_regclass('public.half') as t")).toEqual([{ t: null }]);
    expect((await migrationStatus(db, { migrationsFolder: dir })).pending.map((p) => p.tag)).toEqual(['9200_bad']);
  });

  it.skipIf(engine !== 'postgres')(`concurrent callers apply every migration exactly once ${POSTGRES_ONLY_RACE}`, async () => {
    const d = await fresh();
    const dir = folder({ '9300_slow': 'CREATE TABLE public.once (x int);\n--> statement-breakpoint\nSELECT pg_sleep(0.2);\n--> statement-breakpoint\nINSERT INTO public.once VALUES (1);' });
    // Three processes, as three app instances starting at once.
    const script = `import { openDatabase } from './src/db.ts'; import { migrate } from './src/migrations/index.ts';
      const { db, close } = await openDatabase({ url: process.env.URL });
      const applied = await migrate(db, { migrationsFolder: process.env.DIR });
      console.log(JSON.stringify(applied.map((a) => a.tag))); await close();`;
    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
              env: { ...process.env, URL: d.url, DIR: dir },
              cwd: process.cwd(),
            });
            let out = '';
            child.stdout.on('data', (c) => (out += c));
            child.stderr.on('data', (c) => (out += c));
            child.on('exit', (code) => resolve({ code, out }));
          }),
      ),
    );
    for (const r of runs) expect(r.code, r.out).toBe(0);
    const tags = runs.flatMap((r) => JSON.parse(r.out.trim().split('\n').pop()!) as string[]);
    expect(tags).toEqual(['9300_slow']);
    expect(await queryRows(d.db, 'select count(*)::int as n from public.once')).toEqual([{ n: 1 }]);
    expect(await queryRows(d.db, "select count(*)::int as n from unified_schema.migrations where tag = '9300_slow'")).toEqual([{ n: 1 }]);
  });

  it('migrates a brand-new database from scratch (roles already exist on the server)', async () => {
    if (engine === 'pglite') {
      const { db, close } = await openDatabase({ embedded: true });
      try {
        const applied = await migrate(db);
        expect(applied.length).toBe(readMigrations().length);
        expect(await migrate(db)).toEqual([]);
      } finally {
        await close();
      }
      return;
    }
    // A second database on the same server: CREATE ROLE must be idempotent.
    const d = await fresh();
    const { db, close } = await openDatabase({ url: d.url });
    try {
      await db.execute('create database second_db_check');
    } finally {
      await close();
    }
    const url = d.url!.replace(/\/[^/]+$/, '/second_db_check');
    const second = await openDatabase({ url });
    try {
      expect((await migrate(second.db)).length).toBe(readMigrations().length);
    } finally {
      await second.close();
      const again = await openDatabase({ url: d.url });
      await again.db.execute('drop database second_db_check with (force)');
      await again.close();
    }
  });
});

describe(`migrate with a lost connection (${engine})`, () => {
  it.skipIf(engine === 'pglite')(
    'a backend terminated mid-way is a MigrationError connection_lost, and the next run completes (PostgreSQL only: an embedded PGlite has no connection to lose)',
    async () => {
      const d = await fresh();
      const admin = await openDatabase({ url: d.url, max: 1 });
      const dbName = `lost_conn_${process.pid}`;
      const url = d.url!.replace(/\/[^/]+$/, `/${dbName}`);
      await admin.db.execute(`create database ${dbName}`);
      const target = await openDatabase({ url });
      const locker = postgres(url, { max: 1, onnotice: () => {} });
      try {
        // the first five migrations applied: the database is half-migrated
        const half = mkdtempSync(join(tmpdir(), 'migrations-half-'));
        cpSync(defaultMigrationsFolder, half, { recursive: true });
        const journal = JSON.parse(readFileSync(join(half, 'meta/_journal.json'), 'utf8'));
        journal.entries = journal.entries.slice(0, 5);
        writeFileSync(join(half, 'meta/_journal.json'), JSON.stringify(journal));
        expect((await migrate(target.db, { migrationsFolder: half })).length).toBe(5);

        // another session holds the migrator's advisory lock; the migration waits on it and its
        // backend is terminated while it waits
        const reserved = await locker.reserve();
        await reserved`select pg_advisory_lock(727001042)`;
        const running = migrate(target.db).then(
          () => undefined,
          (e: unknown) => e,
        );
        let pid: number | undefined;
        for (let i = 0; i < 200 && pid === undefined; i++) {
          const rows = await queryRows<{ pid: number }>(
            admin.db,
            `select pid from pg_stat_activity where datname = '${dbName}' and wait_event_type = 'Lock' and wait_event = 'advisory'`,
          );
          pid = rows[0]?.pid;
          if (pid === undefined) await new Promise((r) => setTimeout(r, 50));
        }
        expect(pid, 'the migration never waited on the advisory lock').toBeDefined();
        await queryRows(admin.db, `select pg_terminate_backend(${pid})`);
        const error = await running;
        expect(error).toBeInstanceOf(MigrationError);
        expect((error as MigrationError).code).toBe('connection_lost');
        expect((error as MigrationError).message).toMatch(/connection to the database was lost/);
        await reserved`select pg_advisory_unlock(727001042)`;
        reserved.release();

        // the next run (postgres.js reconnects) applies the rest
        const applied = await migrate(target.db);
        expect(applied.length).toBe(readMigrations().length - 5);
        expect((await migrationStatus(target.db)).upToDate).toBe(true);
      } finally {
        await locker.end({ timeout: 5 });
        await target.close();
        await admin.db.execute(`drop database if exists ${dbName} with (force)`);
        await admin.close();
      }
    },
  );
});

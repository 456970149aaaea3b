import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db.js';
import { writeSampleData } from '../../src/ingest/generate-sample.js';
import { MIGRATIONS_TABLE } from '../../src/migrations/migrate.js';
import { type CliRun, emptyServerDatabase, engine, migratedDataDir, runCli, runCliProcess, useDatabase } from '../helpers.js';

const t = useDatabase();
const dir = mkdtempSync(join(tmpdir(), 'adopter-cli-'));
const pgliteDir = join(dir, 'pglite');
/** A folder of input files, not a database: nothing may be written into it. */
const files = join(dir, 'files');
mkdirSync(files);
writeFileSync(join(files, 'invoices.json'), '[]');
writeFileSync(join(files, 'notes.txt'), 'not a database');
const sample = writeSampleData(join(dir, 'sample'), { seed: 7, invoices: 40, contacts: 40 });

beforeAll(async () => {
  if (engine === 'pglite') await migratedDataDir(pgliteDir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** This test's database on the command line: its URL on PostgreSQL, the migrated folder on PGlite. */
const target = () => (engine === 'postgres' ? ['--database-url', t.handle.url!] : ['--data-dir', pgliteDir]);
const cli = (...args: string[]) => runCli([...target(), ...args]);
const jsonError = (r: CliRun) => JSON.parse(r.stderr) as { error: { code: string; message: string } };

/** A port on 127.0.0.1 nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Rows in the raw tables of this test's database (what a stray demo would fill). */
async function rawRows(): Promise<number> {
  if (engine === 'pglite') {
    const opened = await openDatabase({ dataDir: pgliteDir, embedded: true });
    try {
      const [r] = await queryRows<{ n: number }>(opened.db, 'select (select count(*) from ingest.xendit_raw) + (select count(*) from ingest.systemeio_raw) as n');
      return Number(r!.n);
    } finally {
      await opened.close();
    }
  }
  const [r] = await queryRows<{ n: number }>(t.db, 'select (select count(*) from ingest.xendit_raw) + (select count(*) from ingest.systemeio_raw) as n');
  return Number(r!.n);
}

describe(`the CLI as an adopter meets it (${engine})`, () => {
  // The other tests run the CLI's `main` in the test's process; these two run the bin itself.
  it('the bin: --help and a usage error, each in a process of its own, with its exit status', async () => {
    const [help, typo] = await Promise.all([runCliProcess(['--help']), runCliProcess(['migrat', '--json'])]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/Usage: unified-schema \[options\] \[command\]/);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(jsonError(typo).error.code).toBe('usage');
  });

  it('a command that needs a subcommand, given none, shows its help and is a usage error (exit 2)', async () => {
    for (const group of ['ingest', 'subject']) {
      const bare = await runCli([group]);
      expect(bare.code, group).toBe(2);
      expect(bare.stdout + bare.stderr).toMatch(new RegExp(`Usage: unified-schema ${group}`));
      const json = await runCli([group, '--json']);
      expect(json.code).toBe(2);
      expect(jsonError(json).error.code).toBe('usage');
    }
  });

  it('the bin: status --json on this database, end to end', async () => {
    const status = await runCliProcess([...target(), 'status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: { upToDate: true } });
  });

  it('bare: prints the help and exits 0, writing nothing even with DATABASE_URL set; a mistyped command is a usage error', async () => {
    const cwd = join(dir, 'cwd');
    mkdirSync(cwd);
    const env = { DATABASE_URL: engine === 'postgres' ? t.handle.url! : 'postgres://nobody@127.0.0.1:1/none' };
    const [bare, typo, typoJson] = await Promise.all([
      runCli([], { env, cwd }),
      runCli(['migrat'], { env, cwd }),
      runCli(['migrat', '--json'], { env, cwd }),
    ]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toMatch(/Usage: unified-schema \[options\] \[command\]/);
    expect(bare.stdout).toMatch(/Exit status: 0 done; 1 refused or failed/);
    expect(readdirSync(cwd)).toEqual([]); // no .data/ created
    expect(await rawRows()).toBe(0);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: unknown command 'migrat' \(did you mean migrate\?\)$/m);
    expect(typoJson.code).toBe(2);
    expect(typoJson.stdout).toBe('');
    expect(jsonError(typoJson)).toEqual({ error: { code: 'usage', message: "unknown command 'migrat' (did you mean migrate?)" } });
  });

  it('every subcommand help lists the global options; --force is described as what it does', async () => {
    const helps = await Promise.all([['cutover'], ['ingest', 'xendit'], ['sync'], ['demo']].map((c) => runCli([...c, '--help'])));
    for (const h of helps) {
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/Global Options:[\s\S]*--database-url <url>[\s\S]*--data-dir <dir>[\s\S]*--json/);
    }
    expect(helps[0]!.stdout).toMatch(/--force\s+cut over although a staging table is smaller/);
    expect(helps[3]!.stdout).toMatch(/--force\s+cut over although a table shrinks by more than 10 %\s+\(blocking errors\s+still stop the cutover\)/);
    expect(helps[3]!.stdout).not.toMatch(/even with blocking errors/);
  });

  it('the demo refuses a database it did not create, before writing anything', async () => {
    if (engine === 'postgres') {
      const name = new URL(t.handle.url!).pathname.slice(1);
      const [noFlag, wrongName, notDemo, envOnly] = await Promise.all([
        runCli(['--database-url', t.handle.url!, 'demo']),
        runCli(['--database-url', t.handle.url!, 'demo', '--demo-database', 'production']),
        runCli(['--database-url', t.handle.url!, 'demo', '--demo-database', name, '--json']),
        // DATABASE_URL alone never sends the demo to a server: it runs embedded, here refused by the folder
        runCli(['--data-dir', files, 'demo'], { env: { DATABASE_URL: t.handle.url! } }),
      ]);
      expect(noFlag.code).toBe(1);
      expect(noFlag.stderr).toMatch(/on a server it runs only with --demo-database <name>/);
      expect(wrongName.code).toBe(1);
      expect(wrongName.stderr).toMatch(new RegExp(`--demo-database production does not name the database of the URL \\(${name}\\)`));
      expect(notDemo.code).toBe(1);
      expect(notDemo.stdout).toBe('');
      expect(jsonError(notDemo).error.code).toBe('not_a_demo_database');
      expect(jsonError(notDemo).error.message).toMatch(new RegExp(`database ${name} already holds tables the demo did not create`));
      expect(envOnly.code).toBe(1);
      expect(envOnly.stderr).toMatch(/note: the demo ignores DATABASE_URL/);
      expect(envOnly.stderr).toMatch(/is not empty and is not a PGlite database/);
      const [mark] = await queryRows<{ mark: string | null }>(t.db, "select shobj_description(oid, 'pg_database') as mark from pg_database where datname = current_database()");
      expect(mark!.mark).toBeNull();
    } else {
      const [inFiles, notDemo] = await Promise.all([runCli(['--data-dir', files, 'demo']), runCli(['--data-dir', pgliteDir, 'demo'])]);
      expect(inFiles.code).toBe(1);
      expect(inFiles.stderr).toMatch(/is not empty and is not a PGlite database: refusing to create a database in it/);
      expect(readdirSync(files).sort()).toEqual(['invoices.json', 'notes.txt']);
      expect(notDemo.code).toBe(1);
      expect(notDemo.stderr).toMatch(/the embedded database already holds tables the demo did not create \(auth\.users, /);
    }
    expect(await rawRows()).toBe(0);
  });

  it('commands other than migrate and demo refuse a folder that is not a database and create nothing', async () => {
    const missing = join(dir, 'missing');
    const commands = [['status'], ['backups'], ['prepare'], ['cutover'], ['sync', 'status'], ['ingest', 'xendit', join(dir, 'sample', 'xendit-invoices.json')]];
    const runs = await Promise.all([
      ...commands.map((c) => runCli(['--data-dir', missing, '--json', ...c])),
      runCli(['--data-dir', files, 'status']),
      runCli(['--data-dir', files, 'migrate']),
    ]);
    for (const [i, r] of runs.slice(0, commands.length).entries()) {
      expect(r.code, commands[i]!.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      const e = jsonError(r).error;
      expect(e.code === 'no_database' || e.code === 'no_file', `${commands[i]!.join(' ')}: ${e.message}`).toBe(true);
    }
    expect(jsonError(runs[0]!).error.message).toMatch(/missing is not a database \(no such folder\): create one with `unified-schema migrate --data-dir /);
    expect(existsSync(missing)).toBe(false);
    const [status, migrateInFiles] = runs.slice(commands.length);
    expect(status!.code).toBe(1);
    expect(status!.stderr).toMatch(/files is not a database \(no PG_VERSION in it\)/);
    expect(migrateInFiles!.code).toBe(1);
    expect(migrateInFiles!.stderr).toMatch(/files is not empty and is not a PGlite database: refusing to create a database in it/);
    expect(readdirSync(files).sort()).toEqual(['invoices.json', 'notes.txt']);
  });

  // The URL cases exercise the server driver whatever the project: they run once, in the postgres project.
  const urlCase = it.skipIf(engine === 'pglite');
  /** Runs `commands` on `url`: each exits 1 with `pattern` and `code` on stderr and never prints the password. */
  async function expectUrlRefused(url: string, commands: string[][], pattern: RegExp, code: string) {
    const runs = await Promise.all(commands.map((c) => runCli(['--database-url', url, ...c])));
    for (const [i, r] of runs.entries()) {
      const what = `${commands[i]!.join(' ')} on ${url}`;
      expect(r.code, what).toBe(1);
      expect(r.stderr, what).toMatch(pattern);
      expect(r.stderr, what).toContain(`code ${code}`);
      expect(r.stderr + r.stdout, what).not.toContain('s3cret-pw');
      expect(r.stderr, what).not.toMatch(/Failed query/);
    }
  }
  const every = [['migrate'], ['status'], ['backups'], ['prepare'], ['sync', 'status'], ['demo', '--demo-database', 'app']];

  urlCase('a refused connection: every command reports it, password redacted', async () => {
    const port = await freePort();
    const pattern = new RegExp(`cannot connect to postgres://alice:\\*\\*\\*@127\\.0\\.0\\.1:${port}/app: connection refused: is PostgreSQL running there\\? \\(.*ECONNREFUSED`);
    await expectUrlRefused(`postgres://alice:s3cret-pw@127.0.0.1:${port}/app`, every, pattern, 'connection_failed');
  });

  urlCase('an unknown host, a mysql:// URL and a database that does not exist report their cause', async () => {
    await expectUrlRefused(
      'postgres://alice:s3cret-pw@db.unified-schema.invalid:5432/app',
      [['status'], ['ingest', 'xendit', join(dir, 'sample', 'xendit-invoices.json')]],
      /cannot connect to postgres:\/\/alice:\*\*\*@db\.unified-schema\.invalid:5432\/app: unknown host \(.*(ENOTFOUND|EAI_AGAIN)/,
      'connection_failed',
    );
    await expectUrlRefused(
      'mysql://root:s3cret-pw@127.0.0.1:3306/app',
      [['migrate'], ['cutover']],
      /mysql:\/\/root:\*\*\*@127\.0\.0\.1:3306\/app is not a PostgreSQL URL: expected postgres:\/\//,
      'invalid_url',
    );
    const noSuch = new URL(t.handle.url!);
    noSuch.pathname = '/no_such_database_here';
    noSuch.password = 's3cret-pw';
    await expectUrlRefused(
      noSuch.toString(),
      [['migrate'], ['status'], ['demo', '--demo-database', 'no_such_database_here']],
      /cannot connect to postgres:\/\/.*:\*\*\*@.*\/no_such_database_here: database "no_such_database_here" does not exist/,
      'connection_failed',
    );
  });

  urlCase('an IPv6 address in brackets: the command connects (postgres.js alone read the host as "[")', async () => {
    // the test server listens on 127.0.0.1; its IPv4-mapped IPv6 address reaches it over an IPv6 socket
    const v6 = new URL(t.handle.url!);
    v6.hostname = '[::ffff:127.0.0.1]';
    const r = await runCli(['--database-url', v6.toString(), '--json', 'status']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/ENOTFOUND/);
    const { db, close } = await openDatabase({ url: v6.toString(), max: 1 });
    try {
      expect(await queryRows<{ ok: number }>(db, sql`select 1 as ok`)).toEqual([{ ok: 1 }]);
    } finally {
      await close();
    }
    const port = await freePort();
    await expectUrlRefused(
      `postgres://alice:s3cret-pw@[::1]:${port}/app`,
      [['status']],
      new RegExp(`cannot connect to postgres://alice:\\*\\*\\*@\\[::1\\]:${port}/app: connection refused`),
      'connection_failed',
    );
  });

  it('exit codes: a load that rejected every record exits 1, some rejected exits 0 unless --strict', async () => {
    const bad = join(dir, 'all-rejected.ndjson');
    writeFileSync(bad, '{"id": "a1"}\n{"id": "a2", "status": "PAID"}\n');
    const allRejected = await cli('ingest', 'xendit', bad);
    expect(allRejected.code, allRejected.stderr).toBe(1);
    expect(allRejected.stdout).toMatch(/2 record\(s\) read: 0 inserted, 0 updated, 0 unchanged, 2 rejected/);
    const gt = sample.groundTruth.ingest.xendit;
    expect(gt.rejected).toBeGreaterThan(0);
    const csv = join(dir, 'sample', 'xendit-invoices.csv');
    const some = await cli('--json', 'ingest', 'xendit', csv);
    expect(some.code, some.stderr).toBe(0);
    expect(JSON.parse(some.stdout)).toMatchObject({ inserted: gt.inserted, rejected: gt.rejected });
    const strict = await cli('ingest', 'xendit', csv, '--strict');
    expect(strict.code).toBe(1);
  });

  it('exit codes: prepare with blocking errors exits 1 (as JSON and as text)', async () => {
    // the same invoices from the API file too: prepare reports duplicate_invoice, a blocking error
    expect((await cli('ingest', 'xendit', join(dir, 'sample', 'xendit-invoices.json'))).code).toBe(0);
    const prepared = await cli('prepare', '--json');
    expect(prepared.code).toBe(1);
    const report = JSON.parse(prepared.stdout) as { blockingErrors: { code: string }[] };
    expect(report.blockingErrors.map((e) => e.code)).toContain('duplicate_invoice');
    const human = await cli('prepare');
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/cutover refuses until they are fixed \(--force does not override them\)/);
  });

  describe('a database with a pending migration', () => {
    // The database's options on the command line, and how to drop it; made by the first test.
    let before: string[] = [];
    let cleanup = async () => {};
    afterAll(() => cleanup());

    it('status exits 1, other commands refuse it; --json documents parse', async () => {
      if (engine === 'postgres') {
        const empty = await emptyServerDatabase();
        before = ['--database-url', empty.url];
        cleanup = empty.drop;
      } else {
        // an embedded database migrated by an older version of the package: its last migration is pending
        const older = await migratedDataDir(join(dir, 'older'));
        const opened = await openDatabase({ dataDir: older, embedded: true });
        await opened.db.execute(sql.raw(`delete from ${MIGRATIONS_TABLE} where idx = (select max(idx) from ${MIGRATIONS_TABLE})`)).finally(() => opened.close());
        before = ['--data-dir', older];
      }
      // one CLI run at a time: two PGlite instances must never open the same folder
      const status = await runCli([...before, 'status', '--json']);
      expect(status.code).toBe(1);
      expect(JSON.parse(status.stdout).status.upToDate).toBe(false);
      const backups = await runCli([...before, 'backups']);
      expect(backups.code).toBe(1);
      expect(backups.stderr).toMatch(/pending migration\(s\): run `unified-schema migrate` first/);
    });

    // Split from the test above (same database) to keep each under the time limit on a loaded machine.
    it('migrate applies what is pending; then the other commands work', async () => {
      expect(before.length, 'the test above made the database').toBeGreaterThan(0);
      const migrated = await runCli([...before, 'migrate', '--json']);
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(JSON.parse(migrated.stdout)).toMatchObject({ status: { upToDate: true } });
      const sync = await runCli([...before, 'sync', 'status', '--json']);
      expect(sync.code, sync.stderr).toBe(0);
      expect(Array.isArray(JSON.parse(sync.stdout))).toBe(true);
    });
  });
});

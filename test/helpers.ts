import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type Database, dbErrorMessage, type OpenedDatabase, openDatabase, queryRows } from '../src/db.js';
import { defaultMigrationsFolder, migrate } from '../src/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'pglite' | 'postgres';
    pgUrl: string;
    pgliteSnapshot: string;
  }
}

export const engine = inject('engine');

/**
 * The skip note of a test that races several connections: `it.skipIf(engine !== 'postgres')(`… ${POSTGRES_ONLY_RACE}`)`.
 * On PGlite such a test would pass even with the lock it guards removed, so it is skipped, not run.
 */
export const POSTGRES_ONLY_RACE = '[PostgreSQL only: PGlite has a single connection, so nothing can race and the test would pass with the lock removed]';

/** A fresh migrated database on this project's engine. */
export function freshDatabase(): Promise<TestDatabase> {
  return createTestDatabase({
    engine,
    serverUrl: inject('pgUrl') || undefined,
    snapshotFile: inject('pgliteSnapshot') || undefined,
  });
}

/** One fresh database for the whole file: `const t = useDatabase(); … t.db`. */
export function useDatabase(): { readonly db: Database; readonly handle: TestDatabase } {
  let handle: TestDatabase | undefined;
  beforeAll(async () => {
    handle = await freshDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });
  return {
    get db() {
      if (!handle) throw new Error('database not ready: use it inside a test or hook');
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error('database not ready');
      return handle;
    },
  };
}

/** Expects `promise` to reject with a database error whose own message matches `pattern`. */
export async function expectDbError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the operation to fail').toBeDefined();
  expect(dbErrorMessage(error)).toMatch(pattern);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI's `main` in this process with `args`: no process start, no module loading per call.
 * Its environment is `env` only (nothing of this process's: DATABASE_URL unset unless given), relative
 * paths resolve against `cwd` (default this process's); never throws: `{ code, stdout, stderr }`.
 * The one CLI runner of the test suite; `runCliProcess` runs the bin itself.
 */
export async function runCli(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliRun> {
  // loaded on first use: the test files that do not run the CLI do not load it
  const { main } = await import('../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: {
      write: (text: string) => {
        stdout += text;
      },
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
      },
    },
    env: { ...options.env },
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}

/** The bin, src/cli/index.ts, through tsx. */
const CLI_BIN = fileURLToPath(new URL('../src/cli/index.ts', import.meta.url));

/**
 * Starts the bin as a child process (this process's environment, DATABASE_URL cleared, plus `env`);
 * stdout and stderr are pipes. For the tests of the bin's own wiring and of a killed process.
 */
export function spawnCli(args: readonly string[], options: { env?: Record<string, string | undefined> } = {}): ChildProcess {
  // tsx by its resolved location: the child's folder may be any
  return spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI_BIN, ...args], {
    env: { ...process.env, DATABASE_URL: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the bin in a child process to its end: `{ code, stdout, stderr }` as `runCli`. */
export async function runCliProcess(args: readonly string[], options: { env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const [code] = (await once(child, 'close')) as [number | null];
  return { code: code ?? 1, stdout, stderr };
}

/** Makes `dir` a migrated embedded database (from the suite's snapshot when there is one); returns `dir`. */
export async function migratedDataDir(dir: string): Promise<string> {
  const snapshot = inject('pgliteSnapshot');
  const opened = await openDatabase({ dataDir: dir, embedded: true, loadDataDir: snapshot ? new Blob([readFileSync(snapshot)]) : undefined });
  try {
    if (!snapshot) await migrate(opened.db);
  } finally {
    await opened.close();
  }
  return dir;
}

/** A new, empty database on the test PostgreSQL server (no template): `{ url, name, drop }`. */
export async function emptyServerDatabase(
  options: { owner?: { role: string; password: string } } = {},
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const serverUrl = inject('pgUrl');
  if (!serverUrl) throw new Error('emptyServerDatabase needs the postgres project');
  const name = `empty_${Math.random().toString(16).slice(2, 10)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}${options.owner ? ` owner ${options.owner.role}` : ''}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // with an owner: the URL logs in as that role
  if (options.owner) {
    url.username = options.owner.role;
    url.password = options.owner.password;
  }
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

/**
 * The package's migrations as they were before a change: a copy in `dir` of the migrations folder
 * whose journal stops before the first migration whose SQL contains `marker` (a text of the change,
 * such as its guard's message; regenerated merges may fold the change into a larger migration).
 * `tag` is that first migration's. Migrate an empty database with `folder`, add the rows the change
 * must handle, then migrate it with the package's folder.
 */
export function migrationsBefore(dir: string, marker: string): { folder: string; tag: string } {
  const folder = join(dir, 'before');
  cpSync(defaultMigrationsFolder, folder, { recursive: true });
  const journalFile = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => readFileSync(join(folder, `${e.tag}.sql`), 'utf8').includes(marker));
  expect(cut, `no migration contains ${JSON.stringify(marker)}`).toBeGreaterThan(0);
  const tag = journal.entries[cut]!.tag;
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalFile, JSON.stringify(journal));
  return { folder, tag };
}

/** An empty database on this project's engine (embedded PGlite, or a new one on the test server); `close` also drops it. */
export async function openEmptyDatabase(): Promise<OpenedDatabase> {
  if (engine === 'pglite') return openDatabase({ embedded: true });
  const server = await emptyServerDatabase();
  const opened = await openDatabase({ url: server.url, max: 2 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await server.drop();
    },
  };
}

type Settled = { status: 'fulfilled'; value: unknown } | { status: 'rejected'; reason: unknown };
const settle = (p: Promise<unknown>): Promise<Settled> =>
  p.then(
    (value) => ({ status: 'fulfilled' as const, value }),
    (reason: unknown) => ({ status: 'rejected' as const, reason }),
  );

/**
 * Two multi-row writes that touch the same parent rows in opposite orders, made to meet every time
 * (no timing): the parents are three rows, `lo < mid < hi` by id. A third connection holds `mid`
 * (`hold`, e.g. `SELECT … FOR NO KEY UPDATE`) while writer A (`writeA`: rows for hi, mid, lo, in that
 * order) starts and waits, then writer B (`writeB`: rows for lo, hi) starts and waits; then the holder
 * commits. A trigger locking parents in its rows' order deadlocks here (A holds hi and waits for lo,
 * B holds lo and waits for hi: 40P01 for one of them); one locking them in id order has A take lo
 * first, so B waits for A and both commit. Each `write` runs as one autocommitted statement on its
 * own connection. Returns the writers' outcomes, A's first: `'committed'` or the SQLSTATE that
 * refused it (`'40P01'` for a deadlock).
 */
export async function opposingParentWrites(
  url: string,
  steps: { hold: (tx: postgres.TransactionSql) => Promise<unknown>; writeA: (c: postgres.Sql) => Promise<unknown>; writeB: (c: postgres.Sql) => Promise<unknown> },
): Promise<string[]> {
  const [holder, a, b, observer] = Array.from({ length: 4 }, () => postgres(url, { max: 1, onnotice: () => {} }));
  const untilWaiting = async (pid: number, who: string) => {
    for (let i = 0; i < 2000; i++) {
      const [row] = await observer!`select wait_event_type from pg_stat_activity where pid = ${pid}`;
      if (row?.wait_event_type === 'Lock') return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`${who} never waited for a lock: the interleaving this race needs did not form`);
  };
  let release = () => {};
  const released = new Promise<void>((r) => (release = r));
  let holding: Promise<unknown> = Promise.resolve();
  try {
    const pidOf = async (c: postgres.Sql) => Number((await c`select pg_backend_pid() as pid`)[0]!.pid);
    const [pidA, pidB] = [await pidOf(a!), await pidOf(b!)];
    let held!: () => void;
    const isHeld = new Promise<void>((r) => (held = r));
    holding = holder!.begin(async (tx) => {
      await steps.hold(tx);
      held();
      await released;
    });
    await isHeld;
    const writingA = settle(steps.writeA(a!));
    await untilWaiting(pidA, 'writer A');
    const writingB = settle(steps.writeB(b!));
    await untilWaiting(pidB, 'writer B');
    release();
    await holding;
    return (await Promise.all([writingA, writingB])).map((r) =>
      r.status === 'fulfilled' ? 'committed' : String((r.reason as { code?: string }).code ?? r.reason),
    );
  } finally {
    release();
    await holding.catch(() => {});
    await Promise.all([holder, a, b, observer].map((c) => c!.end({ timeout: 5 })));
  }
}

/** `ids` sorted as PostgreSQL orders uuids (byte order, which is the order of their lowercase text). */
export const byUuid = (ids: readonly string[]): string[] => [...ids].map((id) => id.toLowerCase()).sort();

/**
 * Makes the PL/pgSQL statements `body` run inside the next `validate_and_prepare_clean_data()` of the
 * transaction `tx`, once, at the moment its work tables (unlogged tables of `ingest`, dropped before it
 * returns) still exist: from an event trigger on its `DROP VIEW` of `ingest._prep_lead_candidates`. The
 * body runs with search_path `searchPath`; it may write temporary tables `tx` made. Needs a superuser;
 * everything it creates belongs to `tx` (roll it back). Returns a check that the body ran.
 */
export async function whilePrepareWorkTablesExist(
  tx: Pick<Database, 'execute'>,
  body: string,
  searchPath = 'pg_catalog, pg_temp',
): Promise<() => Promise<boolean>> {
  await queryRows(tx, 'create temp table prepare_hook_ran (ran boolean)');
  await queryRows(
    tx,
    `create function public.test_while_prepare_work_tables_exist() returns event_trigger language plpgsql
       set search_path = ${searchPath} as $hook$
     begin
       if pg_catalog.to_regclass('ingest._prep_contacts') is null or exists (select 1 from pg_temp.prepare_hook_ran) then
         return;
       end if;
       insert into pg_temp.prepare_hook_ran values (true);
       ${body}
     end $hook$`,
  );
  await queryRows(
    tx,
    `create event trigger test_while_prepare_work_tables_exist on ddl_command_start when tag in ('DROP VIEW')
       execute function public.test_while_prepare_work_tables_exist()`,
  );
  return async () => (await queryRows(tx, 'select 1 from pg_temp.prepare_hook_ran')).length > 0;
}

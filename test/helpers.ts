import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type Database, dbErrorMessage, openDatabase } from '../src/db.js';
import { migrate } from '../src/migrations/index.js';
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

const execFileAsync = promisify(execFile);

/**
 * Runs the CLI (`src/cli/index.ts` through tsx) with `args`, DATABASE_URL cleared unless `env`
 * sets it; never throws: `{ code, stdout, stderr }`. The one CLI runner of the test suite.
 */
export async function runCli(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliRun> {
  const entry = new URL('../src/cli/index.ts', import.meta.url).pathname;
  // tsx by its resolved location: `cwd` may be any folder.
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', import.meta.resolve('tsx'), entry, ...args], {
      env: { ...process.env, DATABASE_URL: '', ...options.env },
      cwd: options.cwd,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
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

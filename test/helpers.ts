import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type Database, dbErrorMessage } from '../src/db.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'pglite' | 'postgres';
    pgUrl: string;
    pgliteSnapshot: string;
  }
}

export const engine = inject('engine');
const runFile = promisify(execFile);

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
 * The package's CLI (src/cli/index.ts through tsx) against one test database: `--database-url` on
 * PostgreSQL, `--data-dir <dataDir>` on PGlite (a folder of its own: the CLI cannot share an open
 * PGlite). `DATABASE_URL` is cleared, `env` added. Never throws: a failing run returns its exit code.
 */
export function cliRunner(target: () => { url?: string; dataDir: string }, env: Record<string, string> = {}) {
  return async (...args: string[]): Promise<CliRun> => {
    const { url, dataDir } = target();
    const flags = engine === 'postgres' ? ['--database-url', url!] : ['--data-dir', dataDir];
    try {
      const { stdout, stderr } = await runFile(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...flags, ...args], {
        env: { ...process.env, DATABASE_URL: '', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as CliRun;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
}

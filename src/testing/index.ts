import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Database, type Engine, openDatabase, queryRows } from '../db.js';
import { defaultMigrationsFolder, migrate, readMigrations } from '../migrations/migrate.js';
import { type DbContext, type Tx, withContext } from '../rls.js';
import { UnifiedSchemaError } from '../errors.js';

export { findPostgresBinaries, type PostgresServer, startPostgresServer } from './postgres-server.js';
// Test hooks of the domains (query builders, EXPLAIN, failure injection): here only, never in a domain entry.
export { customerListQuery, customerSearchQuery, explainSearchCustomers } from '../functions/crm/customers.js';
export { FAIL_AT_SETTING } from '../functions/ingest/cutover-swap.js';

export interface TestDatabaseOptions {
  /** Which engine; default: 'postgres' when `serverUrl` or TEST_DATABASE_URL is set, else 'pglite'. */
  engine?: Engine;
  /**
   * PostgreSQL only: a superuser URL of the server. Each test database is created there from a
   * migrated template database (CREATE DATABASE … TEMPLATE), and dropped by `close()`.
   */
  serverUrl?: string;
  /** PGlite only: a `dumpDataDir()` tarball of a migrated database to start from. */
  snapshotFile?: string;
  migrationsFolder?: string;
}

export interface TestDatabase {
  db: Database;
  engine: Engine;
  /** postgres only: the URL of this test database. */
  url?: string;
  close: () => Promise<void>;
}

let pgliteSnapshot: Promise<Blob> | undefined;

/** Migrates one PGlite per process and dumps it; every later test database loads the dump (~0.4 s, not a migrate). */
export async function pgliteMigratedSnapshot(migrationsFolder?: string): Promise<Blob> {
  pgliteSnapshot ??= (async () => {
    const { db, close } = await openDatabase({ embedded: true });
    try {
      await migrate(db, { migrationsFolder });
      const client = (db as unknown as { $client: { dumpDataDir: (c: 'none') => Promise<Blob> } }).$client;
      return await client.dumpDataDir('none');
    } finally {
      await close();
    }
  })();
  return pgliteSnapshot;
}

/** The template database's name: one per set of migrations, so a changed migration gets a new template. */
export function templateName(migrationsFolder = defaultMigrationsFolder): string {
  const digest = createHash('sha256');
  for (const m of readMigrations(migrationsFolder)) digest.update(m.hash);
  return `unified_schema_tpl_${digest.digest('hex').slice(0, 16)}`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates and migrates the template database on a server unless it exists. Safe to call concurrently. */
export async function ensureTemplate(serverUrl: string, migrationsFolder?: string): Promise<string> {
  const name = templateName(migrationsFolder);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(727001043)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      const building = `${name}_building`;
      await admin.unsafe(`drop database if exists ${building}`);
      await admin.unsafe(`create database ${building}`);
      const { db, close } = await openDatabase({ url: withDatabase(serverUrl, building), max: 1 });
      try {
        await migrate(db, { migrationsFolder });
      } finally {
        await close();
      }
      await admin.unsafe(`alter database ${building} rename to ${name}`);
    }
    await admin`select pg_advisory_unlock(727001043)`;
    return name;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * A fresh, migrated database for one test file: PGlite loaded from a migrated snapshot, or a new
 * PostgreSQL database copied from a migrated template. `close()` releases it (and drops the
 * PostgreSQL database).
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? process.env.TEST_DATABASE_URL;
  const engine = options.engine ?? (serverUrl ? 'postgres' : 'pglite');
  if (engine === 'pglite') {
    const snapshot = options.snapshotFile
      ? new Blob([readFileSync(options.snapshotFile)])
      : await pgliteMigratedSnapshot(options.migrationsFolder);
    const { db, close } = await openDatabase({ embedded: true, loadDataDir: snapshot });
    return { db, engine, close };
  }
  if (!serverUrl) throw new Error('createTestDatabase({ engine: "postgres" }) needs serverUrl or TEST_DATABASE_URL');
  const template = await ensureTemplate(serverUrl, options.migrationsFolder);
  const name = `unified_schema_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = withDatabase(serverUrl, name);
  const { db, close } = await openDatabase({ url, max: 4 });
  return {
    db,
    engine,
    url,
    close: async () => {
      await close();
      const drop = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await drop.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await drop.end({ timeout: 5 });
      }
    },
  };
}

/** Thrown when an RLS assertion would be meaningless: the acting role skips RLS. */
export class RlsHarnessError extends UnifiedSchemaError {
  override readonly name = 'RlsHarnessError';
  constructor(message: string) {
    super('rls_not_applied', message);
  }
}

/** Thrown when an RLS expectation does not hold. */
export class RlsAssertionError extends UnifiedSchemaError {
  override readonly name = 'RlsAssertionError';
  constructor(message: string) {
    super('rls_expectation_failed', message);
  }
}

/** Fails unless the transaction's current role is subject to RLS (not a superuser, no BYPASSRLS). */
export async function assertRlsApplies(tx: Pick<Database, 'execute'>): Promise<void> {
  const [role] = await queryRows<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>(
    tx,
    sql`select current_user, rolsuper, rolbypassrls from pg_catalog.pg_roles where rolname = current_user`,
  );
  if (!role || role.rolsuper || role.rolbypassrls) {
    throw new RlsHarnessError(
      `Refusing to assert RLS as role "${role?.current_user}": it is a ${role?.rolsuper ? 'superuser' : 'BYPASSRLS role'}, so every policy is skipped and the assertion would prove nothing. Act as anon, authenticated or an application role.`,
    );
  }
}

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super('rollback');
  }
}

/** Runs `op` in the context and always rolls back; refuses roles that skip RLS. */
async function attempt(db: Database, ctx: DbContext, op: (tx: Tx) => Promise<unknown>): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    await withContext(db, ctx, async (tx) => {
      await assertRlsApplies(tx);
      throw new Rollback(await op(tx));
    });
    throw new Error('unreachable');
  } catch (error) {
    if (error instanceof Rollback) return { ok: true, value: error.value };
    if (error instanceof RlsHarnessError) throw error;
    return { ok: false, error };
  }
}

const RLS_ERROR = /row-level security|permission denied|violates row-level/i;

function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  while (e instanceof Error) {
    parts.push(e.message);
    e = e.cause;
  }
  return parts.join(' | ');
}

function isEmptyResult(value: unknown): boolean {
  if (value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (value && typeof value === 'object') {
    const v = value as { rows?: unknown[]; count?: number; rowCount?: number; affectedRows?: number };
    if (Array.isArray(v.rows)) return v.rows.length === 0 && !(v.affectedRows && v.affectedRows > 0);
    if (typeof v.count === 'number') return v.count === 0;
    if (typeof v.rowCount === 'number') return v.rowCount === 0;
  }
  return false;
}

/**
 * Asserts that RLS lets `ctx` perform `op`: it must not raise a permission or policy error and must
 * return a non-empty result (rows, or a non-zero count). Rolled back afterwards. Returns op's result.
 */
export async function expectAllowed<T>(db: Database, ctx: DbContext, op: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await attempt(db, ctx, op);
  if (!result.ok) throw new RlsAssertionError(`expected ${ctx.role} to be allowed, but it failed: ${errorText(result.error)}`);
  if (isEmptyResult(result.value)) throw new RlsAssertionError(`expected ${ctx.role} to be allowed, but the operation saw or changed no rows`);
  return result.value as T;
}

/**
 * Asserts that RLS denies `op` to `ctx`: either it raises a permission / row-level security error,
 * or it sees or changes no rows (RLS filters rather than fails reads, updates and deletes). Any
 * other error fails the assertion, so a typo does not pass as "denied".
 */
export async function expectDenied(db: Database, ctx: DbContext, op: (tx: Tx) => Promise<unknown>): Promise<void> {
  const result = await attempt(db, ctx, op);
  if (result.ok) {
    if (!isEmptyResult(result.value)) throw new RlsAssertionError(`expected ${ctx.role} to be denied, but the operation returned ${JSON.stringify(result.value)?.slice(0, 200)}`);
    return;
  }
  const text = errorText(result.error);
  if (!RLS_ERROR.test(text)) throw new RlsAssertionError(`expected ${ctx.role} to be denied by RLS, but it failed for another reason: ${text}`);
}

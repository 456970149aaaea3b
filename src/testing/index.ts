import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { bracketedHosts, type Database, type Engine, openDatabase, pgliteExtensions, queryRows } from '../db.js';
import { defaultMigrationsFolder, migrate, readMigrations } from '../migrations/migrate.js';
import { type DbContext, type Tx, withContext } from '../rls.js';
import { UnifiedSchemaError } from '../errors.js';
import { extensionEntries, SNAPSHOT_MAKER_OPTIONS, SnapshotFs, type SnapshotEntry, TEST_INSTANCE_OPTIONS, untar } from './pglite-snapshot.js';

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

/**
 * The migrations' digest: one snapshot / template per set of migrations. A changed migration gets a new
 * one, and so does a renamed one: the database records each migration by its tag, so a snapshot made
 * under another name would read as "applied but missing" (seen when a regenerated migration kept its
 * SQL under a new name).
 */
function migrationsDigest(migrationsFolder = defaultMigrationsFolder): string {
  const digest = createHash('sha256');
  for (const m of readMigrations(migrationsFolder)) digest.update(`${m.tag}\0${m.hash}\0`);
  return digest.digest('hex').slice(0, 16);
}

/**
 * Where migrated PGlite snapshots are cached on disk, shared by every test file, worker and run:
 * UNIFIED_SCHEMA_CACHE_DIR, else node_modules/.cache/unified-schema of the current project, else the
 * OS temp dir.
 */
export function snapshotCacheDir(): string {
  if (process.env.UNIFIED_SCHEMA_CACHE_DIR) return process.env.UNIFIED_SCHEMA_CACHE_DIR;
  const modules = join(process.cwd(), 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'unified-schema') : join(tmpdir(), 'unified-schema-cache');
}

/**
 * The cached snapshot's file: keyed by the migrations' hashes, the PGlite version that wrote it and
 * how it was made (`wal1`: 1 MB WAL segments, see pglite-snapshot.ts).
 */
export function pgliteSnapshotPath(migrationsFolder?: string): string {
  return join(snapshotCacheDir(), `pglite-${PGLITE_VERSION}-wal1-${migrationsDigest(migrationsFolder)}.tar`);
}

const PGLITE_VERSION = (() => {
  try {
    const req = createRequire(import.meta.url);
    const pkg = req.resolve('@electric-sql/pglite').replace(/dist[\\/].*$/, 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

async function migrateAndDump(migrationsFolder?: string): Promise<Uint8Array> {
  const { db, close } = await openDatabase({ embedded: true, pglite: { ...(await pglitePrecompiled()), ...SNAPSHOT_MAKER_OPTIONS } });
  try {
    await migrate(db, { migrationsFolder });
    const client = (db as unknown as { $client: PGlite }).$client;
    // A checkpoint first: a loaded dump then starts without replaying the migration's WAL.
    await client.exec('checkpoint');
    return new Uint8Array(await (await client.dumpDataDir('none')).arrayBuffer());
  } finally {
    await close();
  }
}

const LOCK_STALE_MS = 120_000;

/**
 * The migrated snapshot file, made once per set of migrations and PGlite version and reused by
 * every later process. Safe when several processes ask at once: one takes a lock file (O_EXCL) and
 * migrates; the snapshot is written to a temp file and renamed, so nobody ever reads half a file;
 * the others wait for it (a lock older than two minutes is treated as left by a dead process).
 */
export async function ensurePgliteSnapshotFile(migrationsFolder?: string): Promise<string> {
  const file = pgliteSnapshotPath(migrationsFolder);
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  for (;;) {
    if (existsSync(file)) return file;
    let fd: number | undefined;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      const age = (() => {
        try {
          return Date.now() - statSync(lock).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if (age > LOCK_STALE_MS) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      if (existsSync(file)) return file;
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(tmp, await migrateAndDump(migrationsFolder));
      renameSync(tmp, file);
      return file;
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
}

let pgliteSnapshot: Promise<Blob> | undefined;

/**
 * The migrated PGlite snapshot (a `dumpDataDir()` tarball), read once per process from the on-disk
 * cache (made by the first process that needs it). Every test database loads it instead of migrating.
 */
export async function pgliteMigratedSnapshot(migrationsFolder?: string): Promise<Blob> {
  pgliteSnapshot ??= ensurePgliteSnapshotFile(migrationsFolder).then((file) => new Blob([readFileSync(file)]));
  return pgliteSnapshot;
}

const snapshotEntries = new Map<string, SnapshotEntry[]>();

/** A snapshot file's folders and files, parsed once per process and file. */
function pgliteSnapshotEntries(file: string): SnapshotEntry[] {
  let entries = snapshotEntries.get(file);
  if (!entries) {
    entries = untar(readFileSync(file));
    snapshotEntries.set(file, entries);
  }
  return entries;
}

let pgliteExtensionFiles: Promise<SnapshotEntry[]> | undefined;

let pgliteArtifacts: Promise<Pick<PGliteOptions, 'pgliteWasmModule' | 'initdbWasmModule' | 'fsBundle'>> | undefined;

/** PGlite's WASM modules compiled once per process and its file-system bundle read once, for every instance. */
function pglitePrecompiled() {
  pgliteArtifacts ??= (async () => {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    // Node has WebAssembly; the project's `lib` (no DOM) does not declare it as a value.
    const wasm = (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<NonNullable<PGliteOptions['pgliteWasmModule']>> } }).WebAssembly;
    const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
      wasm.compile(readFileSync(join(dist, 'pglite.wasm'))),
      wasm.compile(readFileSync(join(dist, 'initdb.wasm'))),
    ]);
    return { pgliteWasmModule, initdbWasmModule, fsBundle: new Blob([readFileSync(join(dist, 'pglite.data'))]) };
  })();
  return pgliteArtifacts;
}

/** One connection to the server for CREATE/DROP DATABASE (an IPv6 host in brackets too: see bracketedHosts). */
const adminClient = (serverUrl: string) => postgres(serverUrl, { max: 1, onnotice: () => {}, ...bracketedHosts(serverUrl) } as postgres.Options<Record<string, never>>);

/** The template database's name: one per set of migrations, so a changed migration gets a new template. */
export function templateName(migrationsFolder = defaultMigrationsFolder): string {
  return `unified_schema_tpl_${migrationsDigest(migrationsFolder)}`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates and migrates the template database on a server unless it exists. Safe to call concurrently. */
export async function ensureTemplate(serverUrl: string, migrationsFolder?: string): Promise<string> {
  const name = templateName(migrationsFolder);
  const admin = adminClient(serverUrl);
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

const serverTemplates = new Map<string, Promise<{ template: string; strategy: string }>>();

/**
 * The server's migrated template and the CREATE DATABASE strategy, looked up once per process and
 * server (each lookup opened a connection and took the advisory lock: ~20 ms of every call).
 * FILE_COPY (PostgreSQL 15+) copies the template's few MB of files; the default WAL_LOG strategy
 * reads and logs every block, which is slower for a small database.
 */
function serverTemplate(serverUrl: string, migrationsFolder?: string): Promise<{ template: string; strategy: string }> {
  const key = `${serverUrl}\n${migrationsFolder ?? ''}`;
  let found = serverTemplates.get(key);
  if (!found) {
    found = (async () => {
      const template = await ensureTemplate(serverUrl, migrationsFolder);
      const admin = adminClient(serverUrl);
      try {
        const [row] = await admin<{ v: number }[]>`select current_setting('server_version_num')::int as v`;
        return { template, strategy: (row?.v ?? 0) >= 150000 ? ' strategy file_copy' : '' };
      } finally {
        await admin.end({ timeout: 5 });
      }
    })();
    serverTemplates.set(key, found);
    found.catch(() => serverTemplates.delete(key));
  }
  return found;
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
    pgliteExtensionFiles ??= extensionEntries(pgliteExtensions);
    const [file, precompiled, installed] = await Promise.all([
      options.snapshotFile ?? ensurePgliteSnapshotFile(options.migrationsFolder),
      pglitePrecompiled(),
      pgliteExtensionFiles,
    ]);
    // Each instance gets its own copy of the snapshot's files and the extensions' files in its own
    // memory (SnapshotFs); postgres loads an extension's library when it is first used.
    const fs = new SnapshotFs(pgliteSnapshotEntries(file), installed);
    const { db, close } = await openDatabase({ embedded: true, pglite: { ...precompiled, ...TEST_INSTANCE_OPTIONS, fs, extensions: {} } });
    return { db, engine, close };
  }
  if (!serverUrl) throw new Error('createTestDatabase({ engine: "postgres" }) needs serverUrl or TEST_DATABASE_URL');
  const { template, strategy } = await serverTemplate(serverUrl, options.migrationsFolder);
  const name = `unified_schema_test_${randomBytes(6).toString('hex')}`;
  const admin = adminClient(serverUrl);
  try {
    await admin.unsafe(`create database ${name} template ${template}${strategy}`);
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
      const drop = adminClient(serverUrl);
      try {
        await drop.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await drop.end({ timeout: 5 });
      }
    },
  };
}

export interface TestUser {
  id: string;
  email?: string | null;
  /** app_metadata (only the server can set it): `{ role: 'admin' }` makes a unified admin. */
  appMetadata?: Record<string, unknown>;
  /** user_metadata (the user can edit it: never trusted by a policy). */
  userMetadata?: Record<string, unknown>;
}

/**
 * The context of a signed-in user with the claims a real Supabase access token carries (sub, email,
 * role, aud, app_metadata, user_metadata, session fields), so a policy that reads any of them
 * (e.g. `auth.email()`) is exercised by the tests the way it is in production.
 */
export function authenticatedContext(user: TestUser): DbContext {
  const now = Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000);
  return {
    role: 'authenticated',
    claims: {
      sub: user.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: user.email ?? `${user.id}@users.example.com`,
      phone: '',
      iat: now,
      exp: now + 3600,
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: now }],
      session_id: user.id.replace(/^.{8}/, '5e5510a0'),
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'], ...user.appMetadata },
      user_metadata: { email_verified: true, ...user.userMetadata },
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
async function attempt(
  db: Database,
  ctx: DbContext,
  op: (tx: Tx) => Promise<unknown>,
  bypassRls = false,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    await withContext(db, ctx, async (tx) => {
      if (!bypassRls) await assertRlsApplies(tx);
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

/** 42501 insufficient_privilege (a missing grant, or "new row violates row-level security policy"), anywhere in the cause chain. */
function isRlsError(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '42501') return true;
    if (e instanceof Error && RLS_ERROR.test(e.message)) return true;
  }
  return false;
}

function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  while (e instanceof Error) {
    parts.push(e.message);
    e = e.cause;
  }
  return parts.join(' | ');
}

/**
 * How many rows an operation saw or changed, from whatever it returned, on either driver:
 * - postgres.js (drizzle `execute` / a query builder without RETURNING): an array of rows that
 *   also carries `count`, the affected-row count (`[]` with `count: 3` after an UPDATE that changed 3 rows);
 * - PGlite: `{ rows, affectedRows }`;
 * - node-postgres style `{ rows, rowCount }`; a plain array of rows; a number (a count the op computed).
 * `undefined` when the value says nothing countable (then it counts as one result).
 */
function affectedRowCount(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) {
    const count = (value as { count?: unknown }).count;
    return Math.max(value.length, typeof count === 'number' ? count : 0);
  }
  if (value && typeof value === 'object') {
    const v = value as { rows?: unknown; count?: unknown; rowCount?: unknown; affectedRows?: unknown };
    const counts = [v.affectedRows, v.rowCount, v.count].filter((n): n is number => typeof n === 'number');
    if (Array.isArray(v.rows)) counts.push(v.rows.length);
    if (counts.length > 0) return Math.max(...counts);
  }
  return undefined;
}

function isEmptyResult(value: unknown): boolean {
  return affectedRowCount(value) === 0;
}

export type RlsOperation = 'select' | 'insert' | 'update' | 'delete';

/**
 * What an RLS case exercises, for the coverage report (docs/rls-coverage.md): the table(s) the
 * operation touches (`schema.table`), the operation, and the persona. The persona is derived from
 * the context where that is unambiguous (`anon`, `service_role`, `crm_analytics`, `crm_app:unset`,
 * `authenticated:admin`, or the role's name for other roles); it must be given for a signed-in
 * non-admin user (`authenticated:owner` on their own rows, `authenticated:other` on rows that are not
 * theirs) and for `crm_app` with a brand (`crm_app:brand` on its brand's rows, `crm_app:other_brand`).
 */
export interface RlsCase {
  table: string | readonly string[];
  operation: RlsOperation;
  persona?: string;
  /**
   * The role bypasses RLS (service_role): the case asserts its grants, not a policy. Without it the
   * harness refuses BYPASSRLS roles and superusers.
   */
  bypassRls?: boolean;
}

export interface RlsCaseRecord {
  tables: string[];
  operation: RlsOperation;
  persona: string;
  outcome: 'allowed' | 'denied';
  engine: Engine;
}

/** Where workers write their RLS case records (one JSON line per case); the test run's reporter reads them. */
export const RLS_COVERAGE_DIR_ENV = 'UNIFIED_SCHEMA_RLS_COVERAGE_DIR';

/** The persona of a context (see RlsCase). */
export function personaOf(ctx: DbContext, explicit?: string): string {
  if (explicit) return explicit;
  const appMetadata = ctx.claims?.app_metadata as { role?: unknown } | undefined;
  switch (ctx.role) {
    case 'authenticated':
      if (appMetadata?.role === 'admin') return 'authenticated:admin';
      throw new RlsHarnessError("an RLS case as a signed-in user must say its persona: 'authenticated:owner' (their own rows) or 'authenticated:other'");
    case 'crm_app':
      if (!ctx.settings?.['app.current_brand']) return 'crm_app:unset';
      throw new RlsHarnessError("an RLS case as crm_app with a brand must say its persona: 'crm_app:brand' (its own brand's rows) or 'crm_app:other_brand'");
    default:
      return ctx.role;
  }
}

function engineOf(db: Database): Engine {
  const client = (db as unknown as { $client?: { dumpDataDir?: unknown } }).$client;
  return typeof client?.dumpDataDir === 'function' ? 'pglite' : 'postgres';
}

function recordCase(db: Database, ctx: DbContext, rlsCase: RlsCase | undefined, outcome: RlsCaseRecord['outcome']): void {
  if (!rlsCase) return;
  const record: RlsCaseRecord = {
    tables: typeof rlsCase.table === 'string' ? [rlsCase.table] : [...rlsCase.table],
    operation: rlsCase.operation,
    persona: personaOf(ctx, rlsCase.persona),
    outcome,
    engine: engineOf(db),
  };
  const dir = process.env[RLS_COVERAGE_DIR_ENV];
  if (dir) appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
}

/**
 * Asserts that RLS lets `ctx` perform `op`: it must not raise a permission or policy error and must
 * return a non-empty result (rows, or a non-zero count). Rolled back afterwards. Returns op's result.
 * With `rlsCase`, the case is recorded for the RLS coverage report.
 */
export async function expectAllowed<T>(db: Database, ctx: DbContext, op: (tx: Tx) => Promise<T>, rlsCase?: RlsCase): Promise<T> {
  if (rlsCase) personaOf(ctx, rlsCase.persona);
  const result = await attempt(db, ctx, op, rlsCase?.bypassRls);
  if (!result.ok) throw new RlsAssertionError(`expected ${ctx.role} to be allowed, but it failed: ${errorText(result.error)}`);
  if (isEmptyResult(result.value)) throw new RlsAssertionError(`expected ${ctx.role} to be allowed, but the operation saw or changed no rows`);
  recordCase(db, ctx, rlsCase, 'allowed');
  return result.value as T;
}

/**
 * Asserts that RLS denies `op` to `ctx`: either it raises a permission / row-level security error
 * (42501), or it sees or changes no rows (RLS filters rather than fails reads, updates and deletes).
 * Any other error fails the assertion, so a typo does not pass as "denied". With `rlsCase`, the case
 * is recorded for the RLS coverage report.
 */
export async function expectDenied(db: Database, ctx: DbContext, op: (tx: Tx) => Promise<unknown>, rlsCase?: RlsCase): Promise<void> {
  if (rlsCase) personaOf(ctx, rlsCase.persona);
  const result = await attempt(db, ctx, op, rlsCase?.bypassRls);
  if (result.ok) {
    if (!isEmptyResult(result.value)) throw new RlsAssertionError(`expected ${ctx.role} to be denied, but the operation returned ${JSON.stringify(result.value)?.slice(0, 200)}`);
  } else if (!isRlsError(result.error)) {
    throw new RlsAssertionError(`expected ${ctx.role} to be denied by RLS, but it failed for another reason: ${errorText(result.error)}`);
  }
  recordCase(db, ctx, rlsCase, 'denied');
}

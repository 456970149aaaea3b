import { mkdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { type InferSelectModel, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { ValidationError } from './errors.js';
import * as schema from './schema/index.js';
import { databaseErrorOf } from './errors.js';

export type Schema = typeof schema;

/**
 * A drizzle database on either driver (PGlite or postgres.js). Every helper of this package takes
 * one of these first. Both drivers' databases are assignable to it.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** The PGlite extensions the schema needs; `gen_random_uuid()` is built in. */
export const pgliteExtensions = { citext, pg_trgm, pgcrypto } satisfies NonNullable<PGliteOptions['extensions']>;

export type Engine = 'pglite' | 'postgres';

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; defaults to DATABASE_URL. Without either, an embedded PGlite is opened. */
  url?: string;
  /** PGlite only: persist the database in this folder (in memory when omitted). */
  dataDir?: string;
  /** PGlite only: start from a `dumpDataDir()` tarball (used for fast test snapshots). */
  loadDataDir?: Blob | File;
  /** postgres.js only: pool size (default 10). */
  max?: number;
  /** Ignore DATABASE_URL and open PGlite even when it is set. */
  embedded?: boolean;
  /** PGlite only: precompiled WASM modules, file-system bundle, file system and start parameters (see createTestDatabase). */
  pglite?: Pick<PGliteOptions, 'pgliteWasmModule' | 'initdbWasmModule' | 'fsBundle' | 'fs' | 'startParams' | 'initDbStartParams' | 'extensions'>;
}

export interface OpenedDatabase {
  db: Database;
  engine: Engine;
  /** Closes the PGlite instance or ends the postgres.js pool. Always call it. */
  close: () => Promise<void>;
}

/**
 * Opens a database: postgres.js when `options.url` or DATABASE_URL is set, otherwise an embedded
 * PGlite (in memory, or persisted at `options.dataDir`) with every extension the schema needs.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const url = options.embedded ? undefined : (options.url ?? process.env.DATABASE_URL);
  if (url) {
    if (!/^postgres(ql)?:\/\//i.test(url)) {
      throw new ValidationError('url', `${redactUrl(url)} is not a PostgreSQL URL: expected postgres://user:password@host:port/database`);
    }
    // `socket` is a documented postgres.js option its type definitions omit.
    const client = postgres(url, { max: options.max ?? 10, onnotice: () => {}, socket: connectNoDelay, ...bracketedHosts(url) } as postgres.Options<
      Record<string, postgres.PostgresType>
    >);
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return { db, engine: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  if (options.dataDir && !options.dataDir.includes('://')) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...options.pglite,
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: options.pglite?.extensions ?? pgliteExtensions,
  });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    engine: 'pglite',
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

/**
 * The hosts and ports of a URL naming an IPv6 address in brackets (`postgres://app@[::1]:5432/main`, also
 * in a list of hosts), which postgres.js splits at the first colon (`[`: "getaddrinfo ENOTFOUND ["):
 * passed to it as lists, which it takes as they are (its runtime does; its type definitions say string).
 * Undefined for any other URL (postgres.js parses it).
 */
export function bracketedHosts(url: string): { host: string[]; port: number[] } | undefined {
  const authority = url.slice(url.indexOf('://') + 3).split(/[?/]/)[0] ?? '';
  const hosts = decodeURIComponent(authority.slice(authority.lastIndexOf('@') + 1));
  if (!hosts.includes('[')) return undefined;
  const host: string[] = [];
  const port: number[] = [];
  for (const entry of hosts.split(',')) {
    const m = /^(?:\[([^\]]*)\]|([^:]*))(?::(\d+))?$/.exec(entry);
    if (!m) throw new ValidationError('url', `${redactUrl(url)} has a host postgres.js cannot read: ${entry}`);
    host.push(m[1] ?? m[2] ?? 'localhost');
    port.push(Number(m[3] ?? 5432));
  }
  return { host, port };
}

/**
 * postgres.js leaves Nagle's algorithm on, so a small write that follows another (COPY data, then
 * its end) waits ~40 ms for the delayed ACK: each COPY took ~45 ms instead of ~3 ms. Connect the
 * socket ourselves with TCP_NODELAY. postgres.js treats a socket from this factory as connected and
 * still upgrades it to TLS when `ssl` is set.
 */
function connectNoDelay(options: { host: string[]; port: number[]; path?: string }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const host = options.host[0] ?? 'localhost';
    const socket = options.path ? connect(options.path) : connect({ host, port: options.port[0] ?? 5432, noDelay: true });
    socket.setNoDelay(true);
    (socket as Socket & { host?: string }).host = host;
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** The URL without its password (`postgres://app:***@db:5432/main`), for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
  }
}

/** Which driver a database runs on. */
export function engineOf(db: Database): Engine {
  const client = (db as unknown as { $client: unknown }).$client;
  return client instanceof PGlite ? 'pglite' : 'postgres';
}

/**
 * Runs raw SQL and returns its rows as an array on both drivers (PGlite returns `{ rows }`,
 * postgres.js an array).
 */
export async function queryRows<T = Record<string, unknown>>(db: Pick<Database, 'execute'>, query: SQL | string): Promise<T[]> {
  const result: unknown = await db.execute(typeof query === 'string' ? sql.raw(query) : query);
  if (Array.isArray(result)) return result as T[];
  const { rows = [], affectedRows } = result as { rows?: T[]; affectedRows?: number };
  // Like postgres.js's `count`: the affected-row count of a write without RETURNING (non-enumerable,
  // so rows still compare equal), which the RLS harness reads to tell "changed 3 rows" from "changed none".
  if (typeof affectedRows === 'number') Object.defineProperty(rows, 'count', { value: Math.max(affectedRows, rows.length), enumerable: false });
  return rows;
}

/**
 * The first rows of a registry table (run log, backups) in `orderBy` order, optionally `where`:
 * at most `limit` of them, clamped to 1..1000 (`fallback` when not given).
 */
export async function firstRows<T extends PgTable>(db: Database, table: T, where: SQL | undefined, orderBy: SQL[], limit: number | undefined, fallback: number): Promise<InferSelectModel<T>[]> {
  const n = Math.min(Math.max(Math.trunc(limit ?? fallback), 1), 1000);
  const rows = await db.select().from(table as PgTable).where(where).orderBy(...orderBy).limit(n);
  return rows as InferSelectModel<T>[];
}

/**
 * Runs a script of several SQL statements (no parameters) outside drizzle: PGlite's `exec`, or
 * postgres.js's simple-protocol `unsafe`.
 */
export async function execScript(db: Database, script: string): Promise<void> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof PGlite) await client.exec(script);
  else await (client as postgres.Sql).unsafe(script);
}

/** The database's own error message under drizzle's "Failed query: …" wrapper. */
export function dbErrorMessage(error: unknown): string {
  let e: unknown = error;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/** The SQLSTATE of a database error (e.g. `23505` unique_violation), wherever drizzle wrapped it. */
export function dbErrorCode(error: unknown): string | undefined {
  return databaseErrorOf(error)?.code;
}

/** A json/jsonb value from a query: postgres.js may hand it over as text, PGlite as the value. */
export function jsonValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

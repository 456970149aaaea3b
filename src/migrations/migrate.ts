import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Database, dbErrorMessage, queryRows } from '../db.js';
import { UnifiedSchemaError } from '../errors.js';

/** The migrations shipped with the package (`drizzle/` next to `dist/` and `src/`). */
export const defaultMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Where applied migrations are recorded. */
export const MIGRATIONS_TABLE = 'unified_schema.migrations';

/** One advisory lock key for every caller of migrate() on a database. */
const LOCK_KEY = 727_001_042;

export interface MigrationFile {
  /** Position in drizzle/meta/_journal.json. */
  index: number;
  /** File name without `.sql`, e.g. `0003_add_crm`. */
  tag: string;
  file: string;
  /** sha256 of the file's exact bytes. */
  hash: string;
  /** Statements, split on drizzle-kit's `--> statement-breakpoint`. */
  statements: string[];
  folderMillis: number;
}

export type MigrationErrorCode = 'checksum_mismatch' | 'out_of_order' | 'unknown_applied' | 'statement_failed' | 'missing_journal';

export class MigrationError extends UnifiedSchemaError {
  override readonly name = 'MigrationError';
  declare readonly code: MigrationErrorCode;
  constructor(
    code: MigrationErrorCode,
    /** The migration file the error is about. */
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

export interface MigrateOptions {
  /** Folder with drizzle-kit's output (`meta/_journal.json` and the `.sql` files). */
  migrationsFolder?: string;
  /**
   * lock_timeout for each migration's statements, in ms (default 10 000; 0 waits forever). A DDL
   * statement queued behind a long transaction otherwise blocks every query on its table. Set after
   * the advisory lock is taken, so callers waiting for another's migration are not cut short.
   */
  lockTimeoutMs?: number;
  /** Called after each migration is applied. */
  onApplied?: (migration: AppliedMigration) => void;
}

export interface AppliedMigration {
  tag: string;
  hash: string;
  durationMs: number;
}

export function readMigrations(folder: string = defaultMigrationsFolder): MigrationFile[] {
  const journalPath = `${folder}/meta/_journal.json`;
  if (!existsSync(journalPath)) {
    throw new MigrationError('missing_journal', journalPath, `No migrations journal at ${journalPath}`);
  }
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string; when: number }[] };
  return journal.entries.map((entry, index) => {
    const file = `${folder}/${entry.tag}.sql`;
    if (!existsSync(file)) throw new MigrationError('missing_journal', file, `Migration ${entry.tag} is in the journal but ${file} does not exist`);
    const text = readFileSync(file, 'utf8');
    return {
      index,
      tag: entry.tag,
      file,
      hash: createHash('sha256').update(text).digest('hex'),
      statements: text
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter((s) => s.length > 0 && !/^(--[^\n]*\n?)*$/.test(s)),
      folderMillis: entry.when,
    };
  });
}

interface AppliedRow {
  tag: string;
  hash: string;
  idx: number;
  applied_at: string | Date;
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

async function lock(tx: Tx) {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
}

async function ensureTable(db: Database) {
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.execute(sql.raw('CREATE SCHEMA IF NOT EXISTS unified_schema'));
    await tx.execute(
      sql.raw(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
        tag text PRIMARY KEY,
        hash text NOT NULL,
        idx integer NOT NULL,
        folder_millis bigint NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        duration_ms integer NOT NULL
      )`),
    );
  });
}

async function readApplied(db: Pick<Database, 'execute'>): Promise<AppliedRow[] | null> {
  const exists = await queryRows<{ t: string | null }>(db, sql`select to_regclass(${MIGRATIONS_TABLE})::text as t`);
  if (!exists[0]?.t) return null;
  return queryRows<AppliedRow>(db, sql.raw(`select tag, hash, idx, applied_at from ${MIGRATIONS_TABLE} order by idx`));
}

/** Refuses when an applied migration was edited or deleted, or a pending one sorts before the last applied. */
function verify(files: MigrationFile[], applied: AppliedRow[]) {
  const byTag = new Map(files.map((f) => [f.tag, f]));
  const appliedTags = new Set(applied.map((a) => a.tag));
  let lastApplied = -1;
  for (const row of applied) {
    const file = byTag.get(row.tag);
    if (!file) {
      throw new MigrationError(
        'unknown_applied',
        `${row.tag}.sql`,
        `Migration ${row.tag}.sql is applied in the database but missing from the migrations folder: the database is ahead of this package version`,
      );
    }
    if (file.hash !== row.hash) {
      throw new MigrationError(
        'checksum_mismatch',
        file.file,
        `Migration ${file.file} was edited after it was applied (checksum ${row.hash.slice(0, 12)}… in the database, ${file.hash.slice(0, 12)}… on disk). Write a new migration instead of editing an applied one.`,
      );
    }
    lastApplied = Math.max(lastApplied, file.index);
  }
  for (const file of files) {
    if (!appliedTags.has(file.tag) && file.index < lastApplied) {
      throw new MigrationError(
        'out_of_order',
        file.file,
        `Migration ${file.file} is pending but sorts before the last applied migration ${files[lastApplied]!.tag}: it would be applied out of order. Regenerate it after the applied ones.`,
      );
    }
  }
}

/**
 * Applies pending migrations. Safer than drizzle's migrator: an advisory lock serialises concurrent
 * callers (each migration is applied exactly once), each migration runs in its own transaction (a
 * later one may use an enum value an earlier one added), applied migrations are verified by
 * checksum, and an out-of-order pending migration is refused. Returns what it applied (nothing
 * when everything is applied already).
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<AppliedMigration[]> {
  const files = readMigrations(options.migrationsFolder);
  await ensureTable(db);
  verify(files, (await readApplied(db)) ?? []);
  const done: AppliedMigration[] = [];
  for (const file of files) {
    const result = await db.transaction(async (tx) => {
      await lock(tx);
      // Another process may have applied it while we waited for the lock: check again under it.
      const applied = (await readApplied(tx)) ?? [];
      if (applied.some((a) => a.tag === file.tag)) {
        verify(files, applied);
        return null;
      }
      verify(files, applied);
      const lockTimeout = options.lockTimeoutMs ?? 10_000;
      if (!Number.isInteger(lockTimeout) || lockTimeout < 0) throw new TypeError('lockTimeoutMs must be a whole number of milliseconds');
      await tx.execute(sql.raw(`SET LOCAL lock_timeout = ${lockTimeout}`));
      const started = performance.now();
      for (const [i, statement] of file.statements.entries()) {
        try {
          await tx.execute(sql.raw(statement));
        } catch (error) {
          const detail = dbErrorMessage(error);
          throw new MigrationError(
            'statement_failed',
            file.file,
            `Migration ${file.file} failed at statement ${i + 1} of ${file.statements.length}: ${detail}\n${statement.slice(0, 300)}`,
            { cause: error },
          );
        }
      }
      const durationMs = Math.round(performance.now() - started);
      await tx.execute(
        sql`insert into unified_schema.migrations (tag, hash, idx, folder_millis, duration_ms) values (${file.tag}, ${file.hash}, ${file.index}, ${file.folderMillis}, ${durationMs})`,
      );
      return { tag: file.tag, hash: file.hash, durationMs } satisfies AppliedMigration;
    });
    if (result) {
      done.push(result);
      options.onApplied?.(result);
    }
  }
  return done;
}

export type MigrationState = 'applied' | 'pending' | 'modified' | 'out-of-order' | 'missing-file';

export interface MigrationStatusEntry {
  tag: string;
  state: MigrationState;
  appliedAt: Date | null;
}

export interface MigrationStatus {
  applied: MigrationStatusEntry[];
  pending: MigrationStatusEntry[];
  /** True when every migration is applied and none is modified, missing or out of order. */
  upToDate: boolean;
  entries: MigrationStatusEntry[];
}

/** Lists applied and pending migrations with their state, without changing anything. */
export async function migrationStatus(db: Database, options: Pick<MigrateOptions, 'migrationsFolder'> = {}): Promise<MigrationStatus> {
  const files = readMigrations(options.migrationsFolder);
  const applied = (await readApplied(db)) ?? [];
  const appliedByTag = new Map(applied.map((a) => [a.tag, a]));
  const lastApplied = Math.max(-1, ...files.filter((f) => appliedByTag.has(f.tag)).map((f) => f.index));
  const entries: MigrationStatusEntry[] = files.map((f) => {
    const row = appliedByTag.get(f.tag);
    if (row) return { tag: f.tag, state: row.hash === f.hash ? 'applied' : 'modified', appliedAt: new Date(row.applied_at) };
    return { tag: f.tag, state: f.index < lastApplied ? 'out-of-order' : 'pending', appliedAt: null };
  });
  const known = new Set(files.map((f) => f.tag));
  for (const row of applied) {
    if (!known.has(row.tag)) entries.push({ tag: row.tag, state: 'missing-file', appliedAt: new Date(row.applied_at) });
  }
  return {
    entries,
    applied: entries.filter((e) => e.state !== 'pending' && e.state !== 'out-of-order'),
    pending: entries.filter((e) => e.state === 'pending' || e.state === 'out-of-order'),
    upToDate: entries.every((e) => e.state === 'applied'),
  };
}

import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { ingestSchema } from './schema.js';
import { rlsTable } from '../_shared/index.js';

/** `b` + UTC date and time of the cutover + 6 random hex digits, e.g. `b20250131_235959_a1b2c3`. */
export const BACKUP_ID_PATTERN = '^b[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$';
export const backupIdRegExp = new RegExp(BACKUP_ID_PATTERN);
/** How a backup id is written, for messages: what `BACKUP_ID_PATTERN` accepts. */
export const BACKUP_ID_FORM = 'b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3';

/** Why `value` is not a backup id (`<operation>: "<value>" is not a backup id (expected …)`), or undefined when it is one. */
export function backupIdProblem(value: unknown, operation: string): string | undefined {
  if (typeof value === 'string' && backupIdRegExp.test(value)) return undefined;
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : String(value);
  return `${operation}: ${shown} is not a backup id (expected ${BACKUP_ID_FORM})`;
}

export const backupStatuses = ['active', 'restored', 'dropped'] as const;
export type BackupStatus = (typeof backupStatuses)[number];

export const foreignKeyActions = ['no action', 'restrict', 'cascade', 'set null', 'set default'] as const;
export type ForeignKeyAction = (typeof foreignKeyActions)[number];

/**
 * A foreign key of a backup table to a table outside the backup, detached at cutover. A record for
 * people: rollback never reads it back (it re-derives the keys from the catalog), so nothing written
 * here is ever executed.
 */
export interface DetachedForeignKey {
  name: string;
  columns: string[];
  /** Schema-qualified, e.g. `auth.users`. */
  referencedTable: string;
  referencedColumns: string[];
  onUpdate: ForeignKeyAction;
  onDelete: ForeignKeyAction;
  validated: boolean;
}

/** One table of a backup, as the registry records it. */
export interface BackupTable {
  /** Production name (`public.<name>`), also its name inside the backup schema. */
  name: string;
  detachedForeignKeys: DetachedForeignKey[];
}

/**
 * The registry of cutover backups. A cutover moves the production tables, unchanged and under their
 * own names, into a schema of their own (`ingest_backup_<id>`) and records it here; rollback looks
 * the id up here and takes every schema and table name from this row (never from its argument).
 * `counts` and `checksums` (per table: `md5` over the rows' `md5(row::text)` in primary-key order)
 * are computed from the frozen backup tables: in the cutover transaction, or right after it by
 * `ingest.seal_backup()` (`sealed_at`). Row text is engine-specific: `pg_version` records the server
 * that computed them, and a rollback on another major version compares counts only.
 */
export const backups = rlsTable(ingestSchema, 'backups', {
  id: text('id').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  schemaName: text('schema_name').notNull(),
  tables: jsonb('tables').$type<BackupTable[]>().notNull(),
  /** Rows per backup table (`{ unified_profiles: 123, … }`); `{}` until sealed. */
  counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
  /** md5 per backup table; `{}` until sealed. */
  checksums: jsonb('checksums').$type<Record<string, string>>().notNull().default({}),
  status: text('status').$type<BackupStatus>().notNull().default('active'),
  sealedAt: timestamp('sealed_at', { withTimezone: true }),
  restoredAt: timestamp('restored_at', { withTimezone: true }),
  droppedAt: timestamp('dropped_at', { withTimezone: true }),
  /** server_version_num of the server that computed the checksums. */
  pgVersion: integer('pg_version'),
  /** What the cutover reported: new production counts, auth users created, warnings, timings. */
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [
  // one backup per schema; rollback finds the schema by the id, never the other way round.
  uniqueIndex('backups_schema_name_key').on(t.schemaName),
  // `unified-schema backups` and "the latest active backup": newest first.
  index('backups_created_at_idx').on(t.createdAt.desc()),
  check('backups_id_check', sql.raw(`id ~ '${BACKUP_ID_PATTERN}'`)),
  check('backups_schema_name_check', sql`schema_name = 'ingest_backup_' || id`),
  check('backups_status_check', sql.raw(`status in (${backupStatuses.map((s) => `'${s}'`).join(', ')})`)),
]);

export type Backup = typeof backups.$inferSelect; export type NewBackup = typeof backups.$inferInsert;

import { sql } from 'drizzle-orm';
import { type Database, jsonValue, queryRows } from '../../db.js';
import { sqlLiteral } from '../../schema/_shared/index.js';
import { DEFINER_ROLE, sqlFile, defineOwnerFunction } from '../define.js';

/**
 * The production tables prepare rebuilds and cutover swaps, in FK order, with their staging clones.
 * Every other table (auth.users, courses, membership_levels, affiliates, …) is left in place: the
 * clones' foreign keys to them point at them, foreign keys among these three point at the clones.
 */
export const SWAPPED_TABLES = [
  { table: 'unified_profiles', production: 'public.unified_profiles', staging: 'ingest.unified_profiles_staging' },
  { table: 'transactions', production: 'public.transactions', staging: 'ingest.transactions_staging' },
  { table: 'enrollments', production: 'public.enrollments', staging: 'ingest.enrollments_staging' },
  { table: 'leads', production: 'public.leads', staging: 'ingest.leads_staging' },
] as const;
export type SwappedTable = (typeof SWAPPED_TABLES)[number]['table'];

/** The auth users prepare decided on; cutover inserts those with `existing = false` into auth.users. */
export const USERS_STAGING = 'ingest.users_staging';

/** Advisory lock key (first int) shared by create_staging_tables and prepare: one rebuild at a time. */
export const STAGING_LOCK_KEY = 'ingest.staging';

const swappedList = SWAPPED_TABLES.map((t) => sqlLiteral(t.table)).join(', ');

/**
 * `ingest.dress_staging_table(p_table, p_keys)`: gives `ingest.<p_table>_staging`, whose columns must
 * be production's (same names, types, collations, in order; it raises otherwise), everything else
 * `public.<p_table>` has but foreign keys: defaults, NOT NULLs and CHECKs (one `ALTER TABLE`, so a
 * filled table is scanned once), owner, RLS enabled / forced, policies, table and column grants,
 * comments, and with `p_keys` its keys, other indexes and triggers (created disabled). Shared by
 * `create_staging_tables` (empty clones) and prepare, which makes `transactions_staging` by
 * `CREATE TABLE … AS` (its keys, indexes and triggers it builds itself after the fill). Only for
 * the tables prepare rebuilds; nobody but the owner's functions may run it.
 */
export const dressStagingTableFn = defineOwnerFunction('ingest.dress_staging_table(p_table text, p_keys boolean) RETURNS void', {
  comment:
    "Gives ingest.<table>_staging (production's columns) the defaults, NOT NULLs, CHECKs, owner, RLS, policies, grants, comments and, with p_keys, keys, indexes and disabled triggers of public.<table>.",
  body: sqlFile(import.meta.url, './dress-staging-table.sql', { SWAPPED_TABLES: swappedList }),
});

/**
 * `ingest.staging_select_list(p_table, p_exprs) → text`: the select list of a `CREATE TABLE … AS`
 * that makes `ingest.<p_table>_staging` with production's columns, in order, each cast to its type
 * (and collation): the expression `p_exprs` gives for it, else its default, else NULL. Raises on a
 * key that is no column, and on an identity or generated column (which `CREATE TABLE … AS` cannot
 * make). The expressions are the caller's own SQL: only the owner's functions may run it (prepare).
 */
export const stagingSelectListFn = defineOwnerFunction('ingest.staging_select_list(p_table text, p_exprs jsonb) RETURNS text', {
  comment:
    "The select list of a CREATE TABLE … AS making ingest.<table>_staging with production's columns in order, cast to their types: the given expression, else the default, else NULL.",
  volatility: 'stable',
  body: sqlFile(import.meta.url, './staging-select-list.sql', { SWAPPED_TABLES: swappedList }),
});

/**
 * `ingest.create_staging_tables()`: drops and re-creates, empty, `ingest.users_staging` and an exact
 * structural clone of each swapped production table, read from the catalog (never `CREATE TABLE …
 * LIKE`, which loses foreign keys, RLS, policies, triggers and grants, and renames indexes):
 * - columns with types, collations, defaults, identity, stored generated expressions, NOT NULL
 *   (PostgreSQL 18's named NOT NULL constraints keep their names);
 * - PRIMARY KEY / UNIQUE / EXCLUDE / CHECK constraints and every other index under the production
 *   names (index names are per schema, staging lives in `ingest`), from pg_get_constraintdef /
 *   pg_get_indexdef with the table substituted;
 * - foreign keys under the production names: to a sibling swapped table → its staging clone, to any
 *   other table → that table;
 * - owner, RLS enabled / forced, every policy, table and column grants, comments;
 * - every trigger, DISABLED: filling staging must not fire production logic (after_transaction_insert
 *   writes enrollments into public.enrollments). Cutover enables them after the swap.
 * - with autovacuum off (`autovacuum_enabled = false`): nobody reads the staged rows before the
 *   cutover, whose swap gives each table the storage options of the production table it replaces.
 * Returns `{ <staging table>: { columns, constraints, indexes, policies, triggers } }`.
 */
export const createStagingTablesFn = defineOwnerFunction('ingest.create_staging_tables() RETURNS jsonb', {
  comment:
    'Re-creates ingest.users_staging and empty exact clones (columns, constraints, indexes, FKs, RLS, policies, grants, disabled triggers) of public.unified_profiles, transactions, enrollments and leads.',
  body: sqlFile(import.meta.url, './create-staging-tables.sql', { DEFINER_ROLE, STAGING_LOCK_KEY: sqlLiteral(STAGING_LOCK_KEY), SWAPPED_TABLES: swappedList, STAGING_TABLE_NAMES: [...SWAPPED_TABLES.map((t) => t.staging), USERS_STAGING].map(sqlLiteral).join(', ') }),
});

export interface StagingTableSummary {
  columns: number;
  constraints: number;
  indexes: number;
  policies: number;
  triggers: number;
}

/**
 * Re-creates the staging tables, empty (typed wrapper of `ingest.create_staging_tables()`): the
 * structure cutover swaps into production. Run as the tables' owner or a superuser (it creates,
 * drops and re-owns tables).
 */
export async function createStagingTables(db: Database): Promise<Record<string, StagingTableSummary>> {
  const [row] = await queryRows<{ result: Record<string, StagingTableSummary> | string }>(db, sql`select ingest.create_staging_tables() as result`);
  return jsonValue(row!.result);
}

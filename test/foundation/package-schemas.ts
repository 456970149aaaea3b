import { is } from 'drizzle-orm';
import { getMaterializedViewConfig, getTableConfig, getViewConfig, PgMaterializedView, PgSchema, PgTable, PgView } from 'drizzle-orm/pg-core';
import { sqlObjects } from '../../src/functions/index.js';
import { MIGRATIONS_TABLE } from '../../src/migrations/index.js';
import * as schema from '../../src/schema/index.js';

/**
 * Every Postgres schema the package puts objects in, from the code itself: the schemas of the
 * drizzle tables, views and pgSchemas exported by the schema barrel, of the SQL functions in
 * `sqlObjects`, the migrations table's, and `auth` (the shim on PGlite and plain PostgreSQL). A new
 * domain (its barrel exported from src/schema/index.ts) is covered without touching this file.
 */
export function packageSchemas(): string[] {
  const names = new Set<string>(['public', 'auth', MIGRATIONS_TABLE.split('.')[0]!]);
  for (const value of Object.values(schema)) {
    if (is(value, PgTable)) names.add(getTableConfig(value).schema ?? 'public');
    else if (is(value, PgMaterializedView)) names.add(getMaterializedViewConfig(value).schema ?? 'public');
    else if (is(value, PgView)) names.add(getViewConfig(value).schema ?? 'public');
    else if (is(value, PgSchema)) names.add(value.schemaName);
  }
  for (const o of sqlObjects) {
    const def = (o as { definition?: { schema?: unknown } }).definition;
    if (typeof def?.schema === 'string') names.add(def.schema);
  }
  return [...names].sort();
}

/** `ARRAY['auth', 'crm', …]::text[]` of the package's schemas, for catalog queries. */
export const packageSchemasSql = () => `ARRAY[${packageSchemas().map((s) => `'${s}'`).join(', ')}]::text[]`;

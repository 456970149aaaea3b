/**
 * The `Database` type supabase-js reads (`createClient<Database>(…)`), rendered from the declared
 * schema: every table, view, materialized view and enum exported by the drizzle barrel
 * (src/schema/index.ts) and every function in src/functions. `npm run db:generate` writes it to
 * src/supabase-types.ts and `npm run db:check` fails when that file is stale.
 *
 * Nothing here names a domain: a schema appears as soon as the barrel exports a table, view or enum
 * in it. `auth` is left out (Supabase owns it; the package only shims it where it is missing).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { is } from 'drizzle-orm';
import {
  getMaterializedViewConfig,
  getTableConfig,
  getViewConfig,
  isPgEnum,
  isPgMaterializedView,
  isPgView,
  PgColumn,
  type PgEnum,
  PgTable,
} from 'drizzle-orm/pg-core';
import { type SqlFunction, type SqlObject, splitTopLevel } from '../functions/define.js';

/** Schemas whose objects are not the package's to type. */
const EXCLUDED_SCHEMAS = new Set(['auth']);

/** The file db:generate writes, relative to the project root. */
export const SUPABASE_TYPES_FILE = 'src/supabase-types.ts';

interface ColumnShape {
  name: string;
  /** TS type without null. */
  type: string;
  nullable: boolean;
  /** May be left out of an insert (nullable, default, generated). */
  optional: boolean;
  /** Generated always: cannot be written. */
  readOnly: boolean;
}

interface RelationShape {
  foreignKeyName: string;
  columns: string[];
  isOneToOne: boolean;
  referencedRelation: string;
  referencedColumns: string[];
}

interface SchemaShape {
  tables: Map<string, { columns: ColumnShape[]; relationships: RelationShape[] }>;
  views: Map<string, ColumnShape[]>;
  functions: Map<string, { args: string[]; returns: string[] }>;
  enums: Map<string, readonly string[]>;
}

const SCALARS: Record<string, string> = {
  boolean: 'boolean',
  bool: 'boolean',
  smallint: 'number',
  int2: 'number',
  integer: 'number',
  int: 'number',
  int4: 'number',
  bigint: 'number',
  int8: 'number',
  real: 'number',
  float4: 'number',
  'double precision': 'number',
  float8: 'number',
  numeric: 'number',
  decimal: 'number',
  serial: 'number',
  bigserial: 'number',
  json: 'Json',
  jsonb: 'Json',
  void: 'undefined',
};
const STRINGS =
  /^(text|character varying|varchar|character|char|bpchar|citext|uuid|date|time|timetz|timestamp|timestamptz|interval|bytea|inet|cidr|macaddr|tsvector|tsquery|name|money)\b/;

/** `numeric(14, 2)` → numeric; `timestamp with time zone` → timestamp; arrays handled by the caller. */
function baseType(sqlType: string): string {
  return sqlType
    .trim()
    .toLowerCase()
    .replace(/\(.*\)$/, '')
    .replace(/\s+with(out)? time zone$/, '')
    .trim();
}

const quoteKey = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k));
const arrayOf = (t: string) => (/^[A-Za-z]+$/.test(t) ? `${t}[]` : `(${t})[]`);
const literalUnion = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(' | ');

class Collector {
  readonly schemas = new Map<string, SchemaShape>();
  /** `schema.enum` of every declared enum. */
  readonly enumNames = new Set<string>();

  schema(name: string): SchemaShape {
    let s = this.schemas.get(name);
    if (!s) {
      s = { tables: new Map(), views: new Map(), functions: new Map(), enums: new Map() };
      this.schemas.set(name, s);
    }
    return s;
  }

  /** The TS type of an SQL type name as written in a function signature (`crm.brand_id`, `text[]`). */
  sqlTypeToTs(sqlType: string, defaultSchema: string): string {
    const t = sqlType.trim();
    if (t.endsWith('[]')) return arrayOf(this.sqlTypeToTs(t.slice(0, -2), defaultSchema));
    const base = baseType(t);
    const [schema, name] = base.includes('.') ? (base.split('.', 2) as [string, string]) : [defaultSchema, base];
    if (this.enumNames.has(`${schema}.${name}`)) return `Database[${JSON.stringify(schema)}]["Enums"][${JSON.stringify(name)}]`;
    if (!base.includes('.') && this.enumNames.has(`public.${base}`)) return `Database["public"]["Enums"][${JSON.stringify(base)}]`;
    const scalar = SCALARS[base];
    if (scalar) return scalar;
    if (STRINGS.test(base)) return 'string';
    return 'unknown';
  }

  columnType(column: PgColumn, schema: string): string {
    const c = column as PgColumn & { enum?: PgEnum<[string, ...string[]]>; baseColumn?: PgColumn; enumValues?: readonly string[] };
    if (c.columnType === 'PgArray' && c.baseColumn) return arrayOf(this.columnType(c.baseColumn, schema));
    if (c.enum) {
      const enumSchema = (c.enum as unknown as { schema?: string }).schema ?? 'public';
      return `Database[${JSON.stringify(enumSchema)}]["Enums"][${JSON.stringify(c.enum.enumName)}]`;
    }
    // text('status', { enum: VALUES }) backed by a CHECK: the same closed set.
    if (c.enumValues?.length) return literalUnion(c.enumValues);
    return this.sqlTypeToTs(c.getSQLType(), schema);
  }

  columnShape(column: PgColumn, schema: string): ColumnShape {
    const c = column as PgColumn & { generated?: { type?: string }; generatedIdentity?: { type?: string } };
    const readOnly = c.generated !== undefined || c.generatedIdentity?.type === 'always';
    return {
      name: c.name,
      type: this.columnType(c, schema),
      nullable: !c.notNull,
      optional: !c.notNull || c.hasDefault || readOnly || c.generatedIdentity !== undefined,
      readOnly,
    };
  }

  addTable(table: PgTable) {
    const config = getTableConfig(table);
    const schema = config.schema ?? 'public';
    if (EXCLUDED_SCHEMAS.has(schema)) return;
    const columns = config.columns.map((c) => this.columnShape(c, schema));
    // Column sets that identify a row: a one-to-one relationship when a foreign key covers one.
    const keys: string[][] = [];
    const pk = config.columns.filter((c) => c.primary).map((c) => c.name);
    if (pk.length) keys.push(pk);
    for (const p of config.primaryKeys) keys.push(p.columns.map((c) => c.name));
    for (const u of config.uniqueConstraints) keys.push(u.columns.map((c) => c.name));
    for (const c of config.columns) if (c.isUnique) keys.push([c.name]);
    for (const i of config.indexes) {
      if (!i.config.unique || i.config.where) continue;
      const names = i.config.columns.map((c) => (is(c, PgColumn) ? c.name : null));
      if (names.every((n): n is string => n !== null)) keys.push(names);
    }
    const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    const relationships = config.foreignKeys
      .map((fk): RelationShape => {
        const ref = fk.reference();
        const from = ref.columns.map((c) => c.name);
        return {
          foreignKeyName: fk.getName(),
          columns: from,
          isOneToOne: keys.some((k) => sameSet(k, from)),
          referencedRelation: getTableConfig(ref.foreignTable).name,
          referencedColumns: ref.foreignColumns.map((c) => c.name),
        };
      })
      .sort((a, b) => a.foreignKeyName.localeCompare(b.foreignKeyName));
    this.schema(schema).tables.set(config.name, { columns, relationships });
  }

  addView(schema: string | undefined, name: string, fields: Record<string, unknown>) {
    const s = schema ?? 'public';
    if (EXCLUDED_SCHEMAS.has(s)) return;
    const columns = Object.entries(fields).map(([key, field]): ColumnShape => {
      if (is(field, PgColumn)) return this.columnShape(field, s);
      // An SQL expression (`sql<T>\`…\`.as('name')`): its TS type parameter is not known at run time.
      const alias = (field as { fieldAlias?: string }).fieldAlias ?? key;
      return { name: alias, type: 'unknown', nullable: true, optional: true, readOnly: true };
    });
    this.schema(s).views.set(name, columns);
  }

  addEnum(e: PgEnum<[string, ...string[]]>) {
    const schema = (e as unknown as { schema?: string }).schema ?? 'public';
    if (EXCLUDED_SCHEMAS.has(schema)) return;
    this.enumNames.add(`${schema}.${e.enumName}`);
    this.schema(schema).enums.set(e.enumName, e.enumValues);
  }

  addFunction(fn: SqlFunction) {
    const def = fn.definition;
    if (EXCLUDED_SCHEMAS.has(def.schema) || !this.schemas.has(def.schema)) return;
    const returns = def.returns.trim();
    if (/^trigger$/i.test(returns) || /^event_trigger$/i.test(returns)) return; // not callable through rpc
    const args = (def.args ?? []).map((a) => `${quoteKey(a.name)}${a.default !== undefined ? '?' : ''}: ${this.sqlTypeToTs(a.type, def.schema)}`);
    const argType = args.length ? `{ ${args.join('; ')} }` : 'never';
    const entry = this.schema(def.schema).functions.get(def.name) ?? { args: [], returns: [] };
    entry.args.push(argType);
    entry.returns.push(this.returnType(returns, def.schema));
    this.schema(def.schema).functions.set(def.name, entry);
  }

  returnType(returns: string, schema: string): string {
    const table = /^table\s*\(([\s\S]*)\)$/i.exec(returns);
    if (table) {
      const cols = splitTopLevel(table[1] ?? '').map((col) => {
        const m = /^("?)([A-Za-z_][A-Za-z0-9_$]*)\1\s+([\s\S]+)$/.exec(col.trim());
        if (!m) return `[column: string]: unknown`;
        const type = this.sqlTypeToTs(m[3]!, schema);
        return `${quoteKey(m[2]!)}: ${type === 'unknown' ? type : `${type} | null`}`;
      });
      return `{ ${cols.join('; ')} }[]`;
    }
    const setof = /^setof\s+(.+)$/i.exec(returns);
    if (setof) {
      const target = setof[1]!.trim();
      const [s, n] = target.includes('.') ? (target.split('.', 2) as [string, string]) : [schema, target];
      const rel = this.schemas.get(s);
      if (rel?.tables.has(n)) return `Database[${JSON.stringify(s)}]["Tables"][${JSON.stringify(n)}]["Row"][]`;
      if (rel?.views.has(n)) return `Database[${JSON.stringify(s)}]["Views"][${JSON.stringify(n)}]["Row"][]`;
      return arrayOf(this.sqlTypeToTs(target, schema));
    }
    return this.sqlTypeToTs(returns, schema);
  }
}

/** `{ a: string; b?: number | null }`: the columns of a row, on one line. */
function renderRow(columns: ColumnShape[]): string {
  const fields = columns.map((c) => `${quoteKey(c.name)}: ${c.type}${c.nullable && c.type !== 'unknown' ? ' | null' : ''}`);
  return fields.length ? `{ ${fields.join('; ')} }` : '{}';
}

/** `"a" | "b"`, or `never` for no column. */
const keyUnion = (columns: ColumnShape[]) => (columns.length ? literalUnion(columns.map((c) => c.name)) : 'never');

function renderRelationships(rels: RelationShape[]): string {
  const items = rels.map(
    (r) =>
      `{ foreignKeyName: ${JSON.stringify(r.foreignKeyName)}; columns: ${JSON.stringify(r.columns)}; isOneToOne: ${r.isOneToOne}; referencedRelation: ${JSON.stringify(r.referencedRelation)}; referencedColumns: ${JSON.stringify(r.referencedColumns)} }`,
  );
  return `[${items.join(', ')}]`;
}

/**
 * One table as `Table<Row, Required, Generated, Relationships>` (src/supabase-shape.ts): its columns are
 * written once, in the row; `Insert` and `Update` are derived from it.
 */
function renderTable(t: { columns: ColumnShape[]; relationships: RelationShape[] }): string {
  const required = t.columns.filter((c) => !c.optional);
  const generated = t.columns.filter((c) => c.readOnly);
  const args = [renderRow(t.columns), keyUnion(required), keyUnion(generated), renderRelationships(t.relationships)];
  // Trailing defaults left out: `Table<Row, Required>` for a table with no generated column and no foreign key.
  while (args.length > 1 && args[args.length - 1] === (args.length === 4 ? '[]' : 'never')) args.pop();
  return `Table<${args.join(', ')}>`;
}

const sorted = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));

/**
 * Renders src/supabase-types.ts from a schema module (the drizzle barrel's exports) and the SQL
 * objects of src/functions.
 */
export function renderSupabaseTypes(schemaModule: Record<string, unknown>, objects: readonly SqlObject[]): string {
  const c = new Collector();
  const values = Object.values(schemaModule);
  // Enums first: columns and signatures refer to them.
  for (const v of values) if (isPgEnum(v)) c.addEnum(v as PgEnum<[string, ...string[]]>);
  for (const v of values) {
    if (is(v, PgTable)) c.addTable(v);
    else if (isPgView(v)) {
      const config = getViewConfig(v);
      c.addView(config.schema, config.name, config.selectedFields as Record<string, unknown>);
    } else if (isPgMaterializedView(v)) {
      const config = getMaterializedViewConfig(v);
      c.addView(config.schema, config.name, config.selectedFields as Record<string, unknown>);
    }
  }
  for (const o of objects) if ('definition' in o && 'signature' in o) c.addFunction(o as SqlFunction);
  // tables created in SQL (a partitioned table), described for the types (SqlObject.typesTable)
  for (const o of objects) if (o.typesTable) c.addTable(o.typesTable);

  const schemaBlocks = sorted(c.schemas).map(([schema, s]) => {
    const tables = sorted(s.tables).map(([name, t]) => `      ${quoteKey(name)}: ${renderTable(t)}`);
    const views = sorted(s.views).map(([name, cols]) => `      ${quoteKey(name)}: View<${renderRow(cols)}>`);
    const functions = sorted(s.functions).map(
      ([name, f]) => `      ${quoteKey(name)}: { Args: ${[...new Set(f.args)].join(' | ')}; Returns: ${[...new Set(f.returns)].join(' | ')} }`,
    );
    const enums = sorted(s.enums).map(([name, vals]) => `      ${quoteKey(name)}: ${literalUnion(vals)}`);
    const section = (title: string, items: string[]) =>
      `    ${title}: {\n${items.length ? items.join('\n') : '      [_ in never]: never'}\n    }`;
    return `  ${quoteKey(schema)}: {\n${section('Tables', tables)}\n${section('Views', views)}\n${section('Functions', functions)}\n${section('Enums', enums)}\n${section('CompositeTypes', [])}\n  }`;
  });

  return `// Generated by \`npm run db:generate\` from src/schema and src/functions: do not edit.
// \`npm run db:check\` fails when this file no longer matches the declared schema.
// The \`Database\` type of supabase-js (createClient<Database>(…)); import it from '@org/unified-schema/supabase'.

import type { Json, Table, View } from './supabase-shape.js';

export type { Json };

export type Database = {
  __InternalSupabase: {
    PostgrestVersion: "12"
  }
${schemaBlocks.join('\n')}
}
`;
}

/** Writes src/supabase-types.ts under `cwd`; returns whether its content changed. */
export function writeSupabaseTypes(cwd: string, schemaModule: Record<string, unknown>, objects: readonly SqlObject[]): boolean {
  const file = join(cwd, SUPABASE_TYPES_FILE);
  const text = renderSupabaseTypes(schemaModule, objects);
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text);
  return true;
}

/** A drift problem when src/supabase-types.ts under `cwd` is not what db:generate would write. */
export function supabaseTypesDrift(cwd: string, schemaModule: Record<string, unknown>, objects: readonly SqlObject[]): string | null {
  const file = join(cwd, SUPABASE_TYPES_FILE);
  if (!existsSync(file)) return `${SUPABASE_TYPES_FILE} is missing (run npm run db:generate -- --name <intent>)`;
  if (readFileSync(file, 'utf8') !== renderSupabaseTypes(schemaModule, objects))
    return `${SUPABASE_TYPES_FILE} does not match the declared schema (run npm run db:generate -- --name <intent>)`;
  return null;
}

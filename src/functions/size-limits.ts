// The guard that lets a migration add size CHECKs to tables that already hold rows
// (docs/conventions.md, "Columns"; docs/migration-lint.md).
import { getTableColumns, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { sizeLimitOf, sqlLiteral } from '../schema/_shared/index.js';
import * as schema from '../schema/index.js';
import { defineSql } from './define.js';

/** One size CHECK as the guard tests it: the table, the constraint's name, its expression, the row key. */
export interface SizeCheck {
  readonly table: string;
  readonly name: string;
  readonly expression: string;
  /** An SQL expression over alias `t` naming a row in the refusal (its primary key as text). */
  readonly key: string;
}

/** Every `checkLength` / `checkTags` / `checkJsonSize` CHECK of the tables drizzle-kit migrates. */
export function sizeChecks(): SizeCheck[] {
  const tables = new Set((Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable)));
  const out: SizeCheck[] = [];
  for (const table of tables) {
    const config = getTableConfig(table);
    const pk = Object.values(getTableColumns(table)).filter((c) => c.primary).map((c) => c.name);
    const keyColumns = pk.length ? pk : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? []);
    const key = keyColumns.length ? keyColumns.map((c) => `t.${c}::text`).join(` || ' ' || `) : 't.ctid::text';
    for (const check of config.checks) {
      if (!sizeLimitOf(check)) continue;
      const expression = check.value.queryChunks.map((c) => (c as { value?: string[] }).value?.join('') ?? '').join('');
      out.push({ table: `${config.schema ?? 'public'}.${config.name}`, name: check.name, expression, key });
    }
  }
  return out.sort((a, b) => a.table.localeCompare(b.table) || a.name.localeCompare(b.name));
}

/**
 * A DO block that refuses the migration, listing the rows (up to 20 keys per CHECK), when rows of an
 * existing table break a size CHECK the table does not have yet: adding the CHECK would fail on them
 * with PostgreSQL's bare "is violated by some row". A CHECK that exists already, a table or a column
 * that does not exist yet (created by the same migration, hence empty) is skipped. The rows are read
 * as the owner with row security lifted (NO FORCE for the count, as crm's email guard does).
 */
export function sizeChecksGuardBlock(checks: readonly SizeCheck[]): string {
  const values = checks.map((c) => `(${sqlLiteral(c.table)}, ${sqlLiteral(c.name)}, ${sqlLiteral(c.expression)}, ${sqlLiteral(c.key)})`).join(',\n      ');
  return `DO $guard$
DECLARE
  c record;
  rel regclass;
  forced boolean;
  found text;
  problems text := '';
BEGIN
  FOR c IN SELECT * FROM (VALUES
      ${values}) v(tbl, name, expr, key) LOOP
    rel := pg_catalog.to_regclass(c.tbl);
    CONTINUE WHEN rel IS NULL
      OR EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = rel AND k.conname = c.name);
    SELECT relforcerowsecurity INTO forced FROM pg_catalog.pg_class WHERE oid = rel;
    IF forced THEN
      EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', rel);
    END IF;
    BEGIN
      EXECUTE format('SELECT string_agg(s.k, %L) FROM (SELECT %s AS k FROM %s t WHERE NOT (%s) ORDER BY 1 LIMIT 20) s', ', ', c.key, rel, c.expr) INTO found;
    EXCEPTION WHEN undefined_column THEN
      found := NULL;
    END;
    IF forced THEN
      EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', rel);
    END IF;
    IF found IS NOT NULL THEN
      problems := problems || format('%s %s: %s; ', c.tbl, c.name, found);
    END IF;
  END LOOP;
  IF problems <> '' THEN
    RAISE EXCEPTION 'rows over the size limits these CHECKs add (table constraint: keys): %', problems
      USING ERRCODE = 'check_violation',
            HINT = 'shorten or clear those values (the limits are TEXT_LIMITS in src/schema/_shared), then migrate again';
  END IF;
END
$guard$`;
}

/**
 * Phase `pre`: runs before drizzle-kit's statements of the same migration. Its text lists every size
 * CHECK, so a new one makes `db:generate` run it again in the migration that adds that CHECK.
 */
export const sizeChecksGuard = defineSql({ key: 'size checks guard', phase: 'pre', create: [sizeChecksGuardBlock(sizeChecks())] });

import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import type { DbContext, Tx } from '../../src/rls.js';
import { expectAllowed, expectDenied, type RlsOperation } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { notApplicableReason, OPERATIONS, type PERSONAS } from './personas.js';

/**
 * The probe engine of the domain RLS matrices (wolo-matrix.test.ts, learning-matrix.test.ts): every
 * required cell of a table (persona × operation, the same rule as the coverage report) is probed once,
 * scoped to the table's rows, and asserted against the table's written contract through
 * expectAllowed / expectDenied with an RlsCase (so the coverage report sees it).
 *
 * Probes, each in a rolled-back transaction acting as the persona:
 * - select: `select … where <rows>`;
 * - update: those rows (by their key: a ctid would need a table-wide SELECT grant), a column the role
 *   may update set to itself;
 * - delete: those rows (service_role's with FK triggers off: its case checks a grant, and rows
 *   other tables reference must not decide it);
 * - insert: one of those rows is taken out first (as the connection's superuser, with FK triggers off, so
 *   nothing cascades) and the persona inserts it again (the columns its grants allow; the others take
 *   their defaults), so no unique or NOT NULL noise decides the outcome: the grants, the policies' WITH
 *   CHECK and the triggers do.
 */
export type Persona = (typeof PERSONAS)[number];

export interface TableContract {
  /** The rows the probes act on (a WHERE clause; default: every row). */
  rows?: string;
  /** Per persona, other rows (e.g. a learner's own rows where `rows` are an instructor's). */
  rowsFor?: Partial<Record<Persona, string>>;
  /** The column an update probe sets to itself (default: the first the role may update, not a key or status). */
  updateColumn?: string;
  /** What each persona may do (letters s, i, u, d); not listed: nothing. service_role: what its grants say. */
  allowed: Partial<Record<Persona, string>>;
}

const LETTER: Record<RlsOperation, string> = { select: 's', insert: 'i', update: 'u', delete: 'd' };
const SKIP_UPDATE = new Set(['id', 'status', 'created_at', 'updated_at']);

interface TableInfo {
  policies: string;
  /** Columns that may be written (not generated), with their identity kind. */
  columns: { name: string; identity: string }[];
  /** role -> columns it may insert / update */
  insertable: Map<string, string[]>;
  updatable: Map<string, string[]>;
  serviceGrants: Set<RlsOperation>;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Catalog facts about `tables` for `roles`: policy text, columns, column privileges, service_role grants. */
export async function tableInfo(db: Database, tables: string[], roles: string[]): Promise<Map<string, TableInfo>> {
  const info = new Map<string, TableInfo>();
  for (const table of tables) {
    const [schema, name] = table.split('.') as [string, string];
    const [{ policies }] = (await queryRows<{ policies: string }>(
      db,
      sql`select coalesce(string_agg(concat_ws(' ', qual, with_check), ' '), '') as policies from pg_policies where schemaname = ${schema} and tablename = ${name}`,
    )) as [{ policies: string }];
    const cols = await queryRows<{ name: string; identity: string }>(
      db,
      sql`select attname as name, attidentity as identity from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
    );
    const insertable = new Map<string, string[]>();
    const updatable = new Map<string, string[]>();
    for (const role of roles) {
      const privs = await queryRows<{ name: string; ins: boolean; upd: boolean }>(
        db,
        sql`select attname as name, has_column_privilege(${role}, ${table}::regclass, attnum, 'INSERT') as ins, has_column_privilege(${role}, ${table}::regclass, attnum, 'UPDATE') as upd
              from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
      );
      insertable.set(
        role,
        privs.filter((p) => p.ins).map((p) => p.name),
      );
      updatable.set(
        role,
        privs.filter((p) => p.upd).map((p) => p.name),
      );
    }
    const grants = await queryRows<{ op: RlsOperation }>(
      db,
      sql`select op from unnest(array['select','insert','update','delete']) op where has_table_privilege('service_role', ${table}, op)`,
    );
    info.set(table, { policies, columns: cols, insertable, updatable, serviceGrants: new Set(grants.map((g) => g.op)) });
  }
  return info;
}

/** Every table of `schema` with RLS enabled. */
// Partitions are left out: their names follow the calendar, no API role holds a grant on them (the
// lints test checks their RLS), and their rows are probed through the parent's contract.
export async function rlsTablesOf(db: Database, schema: string): Promise<string[]> {
  const rows = await queryRows<{ t: string }>(
    db,
    sql`select format('%s.%s', n.nspname, c.relname) as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = ${schema} and c.relrowsecurity and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
  );
  return rows.map((r) => r.t);
}

function probe(table: string, info: TableInfo, contract: TableContract, persona: Persona, role: string, operation: RlsOperation): (tx: Tx) => Promise<unknown> {
  const where = contract.rowsFor?.[persona] ?? contract.rows ?? 'true';
  const one = `(tableoid, ctid) = (select tableoid, ctid from ${table} where ${where} limit 1)`;
  switch (operation) {
    case 'select':
      return (tx) => queryRows(tx, sql.raw(`select 1 from ${table} where ${where}`));
    case 'delete':
      if (persona === 'service_role') {
        // Its case checks its grant, not a policy: rows that others reference must not decide it.
        return async (tx) => {
          await tx.execute(sql`select set_config('role', 'none', true)`);
          await tx.execute(sql`select set_config('session_replication_role', 'replica', true)`);
          await tx.execute(sql`select set_config('role', ${role}, true)`);
          return tx.execute(sql.raw(`delete from ${table} where ${where}`));
        };
      }
      return (tx) => tx.execute(sql.raw(`delete from ${table} where ${where}`));
    case 'update': {
      const allowed = info.updatable.get(role) ?? [];
      const col =
        contract.updateColumn ??
        allowed.find((c) => !SKIP_UPDATE.has(c)) ??
        allowed[0] ??
        info.columns.find((c) => c.identity === '' && !SKIP_UPDATE.has(c.name))?.name ??
        info.columns[0]!.name;
      return (tx) => tx.execute(sql.raw(`update ${table} set ${quoteIdent(col)} = ${quoteIdent(col)} where ${where}`));
    }
    case 'insert': {
      const granted = new Set(info.insertable.get(role) ?? []);
      // A role with no insertable column at all still tries the whole row: the denial must come from the grants.
      const cols = info.columns.filter((c) => granted.size === 0 || granted.has(c.name));
      const list = cols.map((c) => quoteIdent(c.name)).join(', ');
      const overriding = cols.some((c) => c.identity === 'a') ? ' overriding system value' : '';
      return async (tx) => {
        // As the connection's own (super)user: take the row out without cascading, then act as the persona again.
        await tx.execute(sql`select set_config('role', 'none', true)`);
        const [row] = await queryRows<{ j: string }>(tx, sql.raw(`select row_to_json(x)::text as j from ${table} x where ${where} limit 1`));
        if (!row) throw new Error(`insert probe on ${table}: no row matches ${where}`);
        await tx.execute(sql`select set_config('session_replication_role', 'replica', true)`);
        await tx.execute(sql.raw(`delete from ${table} where ${one}`));
        await tx.execute(sql`select set_config('session_replication_role', 'origin', true)`);
        await tx.execute(sql`select set_config('role', ${role}, true)`);
        return tx.execute(sql`${sql.raw(`insert into ${table} (${list})${overriding} select ${list} from json_populate_record(null::${table}, `)}${row.j}::json)`);
      };
    }
  }
}

/**
 * Probes every required cell of `table` (personas with a context in `contexts`) against `contract`;
 * fails listing every cell whose outcome differs. Returns the cells probed.
 */
export async function probeTable(
  db: Database,
  table: string,
  info: TableInfo,
  contract: TableContract,
  contexts: Partial<Record<Persona, DbContext>>,
): Promise<number> {
  const wrong: string[] = [];
  let probed = 0;
  for (const [persona, ctx] of Object.entries(contexts) as [Persona, DbContext][]) {
    for (const operation of OPERATIONS) {
      if (notApplicableReason(table, info.policies, persona, operation)) continue;
      const expectAllow = persona === 'service_role' ? info.serviceGrants.has(operation) : (contract.allowed[persona] ?? '').includes(LETTER[operation]);
      const op = probe(table, info, contract, persona, ctx.role, operation);
      const rlsCase = { table, operation, persona, bypassRls: persona === 'service_role' };
      probed++;
      try {
        if (expectAllow) await expectAllowed(db, ctx, op, rlsCase);
        else await expectDenied(db, ctx, op, rlsCase);
      } catch (error) {
        wrong.push(`${persona} ${operation}: ${(error as Error).message.slice(0, 300)}`);
      }
    }
  }
  expect(wrong, `${table}: cells against the contract`).toEqual([]);
  return probed;
}

/** The crm roles, required on every table (no crm grant reaches another domain's schema: their cases are denials). */
export const CRM_CONTEXTS: Partial<Record<Persona, DbContext>> = {
  'crm_app:brand': { role: 'crm_app', settings: { 'app.current_brand': 'gnymble' } },
  'crm_app:unset': { role: 'crm_app' },
  crm_analytics: { role: 'crm_analytics' },
};

/**
 * The suite of a domain's matrix: one test that every RLS table of `schema` has a contract (and every
 * contract a table), then one test per table probing its required cells. `seed` fills the database and
 * returns the fixture ids that `:name` in a contract's rows stands for; `contexts` gives each persona's
 * context for a table's contract.
 */
export function describeMatrix<C extends TableContract>(opts: {
  schema: string;
  contract: Record<string, C>;
  seed: (db: Database) => Promise<Record<string, string>>;
  contexts: (contract: C, ids: Record<string, string>) => Partial<Record<Persona, DbContext>>;
}): void {
  const t = useDatabase();
  let ids: Record<string, string> = {};
  let info: Map<string, TableInfo>;
  let tables: string[];
  beforeAll(async () => {
    ids = await opts.seed(t.db);
    tables = await rlsTablesOf(t.db, opts.schema);
    info = await tableInfo(t.db, tables, ['anon', 'authenticated', 'service_role', 'crm_app', 'crm_analytics']);
  });
  const bind = (where: string | undefined) =>
    where?.replace(/:(\w+)/g, (_, k: string) => {
      if (!ids[k]) throw new Error(`no fixture id ${k}`);
      return `'${ids[k]}'`;
    });

  describe(`RLS matrix: every persona × operation on the ${opts.schema} tables (${engine})`, () => {
    it(`every ${opts.schema} table with RLS has a contract, and every contract a table`, () => {
      expect(Object.keys(opts.contract).sort()).toEqual(tables);
    });

    it.each(Object.keys(opts.contract))('%s', async (table) => {
      const c = opts.contract[table]!;
      const bound: C = { ...c, rows: bind(c.rows), rowsFor: Object.fromEntries(Object.entries(c.rowsFor ?? {}).map(([p, w]) => [p, bind(w)])) };
      expect(await probeTable(t.db, table, info.get(table)!, bound, opts.contexts(c, ids))).toBeGreaterThan(0);
    });
  });
}

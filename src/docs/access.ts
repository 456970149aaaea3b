/**
 * The access matrix of a domain: for each role apps use × relation × operation, what grants and
 * row-level security allow, computed from the catalog (has_table_privilege, schema USAGE, role
 * membership, the policies that apply to the role and command) rather than from the source.
 */
import { sqlLiteral } from '../schema/_shared/index.js';
import { type Database, queryRows } from '../db.js';
import type { Catalog, PolicyInfo, RelationInfo } from './catalog.js';

export const OPERATIONS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
export type Operation = (typeof OPERATIONS)[number];

export type AccessStatus = 'all' | 'scoped' | 'denied';

export interface AccessCell {
  role: string;
  relation: string;
  operation: Operation;
  status: AccessStatus;
  /** Short text shown in the matrix: `all rows`, `own brand only`, `no grant`, … */
  label: string;
  /** What a scoped cell refuses, e.g. `denied across brands`. */
  denied: string | null;
  /** Why, in one sentence: the grant, the policies and their expressions. */
  reason: string;
  policies: string[];
}

export interface AccessMatrix {
  roles: string[];
  relations: string[];
  cells: AccessCell[];
}

/**
 * What a policy expression restricts rows to. A transaction setting named `app.current_<x>` (the
 * crm brand) scopes rows to the current <x>; `auth.uid()` to the caller's own rows.
 */
export function describeScope(expression: string): { label: string; denied: string } | null {
  const e = expression.trim();
  if (/^\(?\s*true\s*\)?$/i.test(e)) return null;
  const setting = /current_setting\('app\.current_([a-z_]+)'/i.exec(e);
  if (setting) {
    const what = setting[1]!.replace(/_/g, ' ');
    return { label: `own ${what} only`, denied: `denied across ${what}s` };
  }
  if (/auth\.uid\(\)/i.test(e)) {
    if (/is_admin\(\)/i.test(e)) return { label: 'own rows (admins: all)', denied: "denied on other users' rows unless admin" };
    return { label: 'own rows only', denied: "denied on other users' rows" };
  }
  return { label: 'rows the policy allows', denied: 'denied on other rows' };
}

const COMMAND_OF: Record<Operation, string> = { SELECT: 'SELECT', INSERT: 'INSERT', UPDATE: 'UPDATE', DELETE: 'DELETE' };

/** The expression a policy applies to an operation (INSERT checks WITH CHECK, else USING). */
function policyExpression(p: PolicyInfo, op: Operation): string | null {
  if (op === 'INSERT') return p.withCheck ?? p.using;
  if (op === 'UPDATE') return [p.using, p.withCheck].filter(Boolean).join(' AND ') || null;
  return p.using;
}

/**
 * The roles a matrix shows: every role named by a grant, a policy, a schema USAGE or an EXECUTE
 * grant in the package's schemas, except superusers and the objects' owners (they bypass RLS and
 * grants by design; the page says so).
 */
export function matrixRoles(catalog: Catalog): string[] {
  const names = new Set<string>();
  const owners = new Set<string>();
  for (const d of catalog.domains) {
    owners.add(d.owner);
    for (const r of d.usage) names.add(r);
    for (const rel of [...d.tables, ...d.views]) {
      owners.add(rel.owner);
      for (const g of rel.grants) names.add(g.grantee);
      for (const p of rel.policies) for (const r of p.roles) names.add(r);
    }
    for (const f of d.functions) for (const r of f.executableBy) names.add(r);
  }
  const roles = new Map(catalog.roles.map((r) => [r.name, r]));
  return [...names].filter((n) => roles.has(n) && !roles.get(n)?.superuser && !owners.has(n)).sort();
}

interface PrivilegeRow {
  role: string;
  relation: string;
  usage: boolean;
  owner: boolean;
  s: boolean;
  i: boolean;
  u: boolean;
  d: boolean;
  cs: boolean;
  ci: boolean;
  cu: boolean;
}

/** Computes the matrix of every relation of the catalog's domains for `roles`. */
export async function computeAccess(db: Database, catalog: Catalog, roles: readonly string[]): Promise<AccessMatrix> {
  const relations = catalog.domains.flatMap((d) => [...d.tables, ...d.views]);
  if (!roles.length || !relations.length) return { roles: [...roles], relations: [], cells: [] };
  const roleList = roles.map(sqlLiteral).join(', ');
  const relList = relations.map((r) => sqlLiteral(`${r.schema}.${r.name}`)).join(', ');
  const privileges = await queryRows<PrivilegeRow>(
    db,
    `SELECT r.rolname AS role, n.nspname || '.' || c.relname AS relation,
            pg_catalog.has_schema_privilege(r.oid, c.relnamespace, 'USAGE') AS usage,
            pg_catalog.pg_has_role(r.oid, c.relowner, 'USAGE') AS owner,
            pg_catalog.has_table_privilege(r.oid, c.oid, 'SELECT') AS s,
            pg_catalog.has_table_privilege(r.oid, c.oid, 'INSERT') AS i,
            pg_catalog.has_table_privilege(r.oid, c.oid, 'UPDATE') AS u,
            pg_catalog.has_table_privilege(r.oid, c.oid, 'DELETE') AS d,
            pg_catalog.has_any_column_privilege(r.oid, c.oid, 'SELECT') AS cs,
            pg_catalog.has_any_column_privilege(r.oid, c.oid, 'INSERT') AS ci,
            pg_catalog.has_any_column_privilege(r.oid, c.oid, 'UPDATE') AS cu
       FROM pg_catalog.pg_roles r
      CROSS JOIN pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE r.rolname IN (${roleList}) AND n.nspname || '.' || c.relname IN (${relList})`,
  );
  const policyRoles = [...new Set(relations.flatMap((r) => r.policies.flatMap((p) => p.roles)).filter((r) => r !== 'public'))];
  const membership = new Set<string>();
  if (policyRoles.length) {
    const rows = await queryRows<{ role: string; of: string }>(
      db,
      `SELECT r.rolname AS role, g.rolname AS of FROM pg_catalog.pg_roles r, pg_catalog.pg_roles g
        WHERE r.rolname IN (${roleList}) AND g.rolname IN (${policyRoles.map(sqlLiteral).join(', ')})
          AND pg_catalog.pg_has_role(r.oid, g.oid, 'USAGE')`,
    );
    for (const r of rows) membership.add(`${r.role}\u0000${r.of}`);
  }
  const roleInfo = new Map(catalog.roles.map((r) => [r.name, r]));
  const byKey = new Map(privileges.map((p) => [`${p.role}\u0000${p.relation}`, p]));
  const cells: AccessCell[] = [];
  // Tables first: a security_invoker view's cells follow the tables it reads.
  const ordered = [...relations].sort((a, b) => Number(a.kind.includes('view')) - Number(b.kind.includes('view')));
  for (const rel of ordered) {
    const relation = `${rel.schema}.${rel.name}`;
    for (const role of roles) {
      const p = byKey.get(`${role}\u0000${relation}`);
      if (!p) continue;
      const applies = (pol: PolicyInfo) => pol.roles.some((r) => r === 'public' || membership.has(`${role}\u0000${r}`));
      for (const op of OPERATIONS) {
        const c = cell(rel, role, op, p, roleInfo.get(role)?.bypassRls ?? false, applies);
        cells.push(rel.kind.includes('view') && op === 'SELECT' && c.status === 'all' ? viewCell(rel, c, cells) : c);
      }
    }
  }
  return { roles: [...roles], relations: relations.map((r) => `${r.schema}.${r.name}`), cells };
}

const isInvoker = (rel: RelationInfo) => rel.viewOptions.some((o) => /security_invoker\s*=\s*(true|on|1)/i.test(o));

/**
 * A readable view shows what its query lets through: a security_invoker view the caller's rights on
 * the tables it reads (the most restrictive of them), a view with its owner's rights whatever its
 * own WHERE clause keeps (a brand or auth.uid() filter in it scopes it like a policy would).
 */
function viewCell(rel: RelationInfo, c: AccessCell, earlier: readonly AccessCell[]): AccessCell {
  if (isInvoker(rel)) {
    const under = earlier.filter((e) => e.role === c.role && e.operation === 'SELECT' && rel.dependsOn.includes(e.relation));
    const denied = under.find((e) => e.status === 'denied');
    if (denied) return { ...c, status: 'denied', label: `denied by ${denied.relation}`, reason: `security_invoker view over ${denied.relation}: ${denied.reason}` };
    const scoped = under.find((e) => e.status === 'scoped');
    if (scoped)
      return { ...c, status: 'scoped', label: scoped.label, denied: scoped.denied, policies: scoped.policies, reason: `security_invoker view: the policies of ${scoped.relation} apply. ${scoped.reason}` };
    return c;
  }
  const scope = describeScope(rel.viewDefinition ?? 'true');
  if (scope && scope.label !== 'rows the policy allows')
    return { ...c, status: 'scoped', label: scope.label, denied: scope.denied, reason: `The view runs with its owner's rights and filters rows itself: ${scope.label}.` };
  return c;
}

function cell(rel: RelationInfo, role: string, op: Operation, p: PrivilegeRow, bypassRls: boolean, applies: (p: PolicyInfo) => boolean): AccessCell {
  const base = { role, relation: `${rel.schema}.${rel.name}`, operation: op, denied: null, policies: [] as string[] };
  const isView = rel.kind === 'view' || rel.kind === 'materialized view';
  if (isView && op !== 'SELECT' && rel.kind === 'materialized view') return { ...base, status: 'denied', label: 'read-only', reason: 'A materialized view cannot be written.' };
  if (!p.usage) return { ...base, status: 'denied', label: 'no schema usage', reason: `${role} has no USAGE on schema ${rel.schema}.` };
  const table = { SELECT: p.s, INSERT: p.i, UPDATE: p.u, DELETE: p.d }[op];
  const anyColumn = { SELECT: p.cs, INSERT: p.ci, UPDATE: p.cu, DELETE: false }[op];
  if (!table && !anyColumn) return { ...base, status: 'denied', label: 'no grant', reason: `${role} holds no ${op} privilege on ${base.relation}.` };
  const columns = table ? '' : ' (some columns only)';
  if (!rel.rls || isView) {
    const why = isView
      ? isInvoker(rel)
        ? 'security_invoker view: the underlying tables’ policies apply to the caller.'
        : 'view runs with its owner’s rights: its own query decides which rows it shows.'
      : 'row-level security is not enabled on this table.';
    return { ...base, status: columns ? 'scoped' : 'all', label: `all rows${columns}`, reason: `Granted ${op}; ${why}` };
  }
  if (bypassRls || (p.owner && !rel.forceRls))
    return { ...base, status: 'all', label: `all rows${columns}`, reason: `Granted ${op}; ${role} ${bypassRls ? 'has BYPASSRLS' : 'owns the table'}.` };
  const relevant = rel.policies.filter((pol) => (pol.command === 'ALL' || pol.command === COMMAND_OF[op]) && applies(pol));
  const permissive = relevant.filter((pol) => pol.permissive);
  const restrictive = relevant.filter((pol) => !pol.permissive);
  const policies = relevant.map((pol) => pol.name);
  if (!permissive.length)
    return { ...base, status: 'denied', label: 'no policy', policies, reason: `Granted ${op}, but row-level security is on and no policy lets ${role} ${op.toLowerCase()}.` };
  const scopes = permissive.map((pol) => describeScope(policyExpression(pol, op) ?? 'true'));
  const restricted = restrictive.length ? ` (restricted by ${restrictive.map((r) => `"${r.name}"`).join(', ')})` : '';
  const expressions = relevant.map((pol) => `"${pol.name}": ${policyExpression(pol, op) ?? 'true'}`).join('; ');
  if (scopes.some((s) => s === null) && !restrictive.length)
    return { ...base, status: columns ? 'scoped' : 'all', label: `all rows${columns}`, policies, reason: `Granted ${op}; policy ${expressions}.` };
  const scope = scopes.find((s) => s !== null) ?? { label: 'rows the policy allows', denied: 'denied on other rows' };
  return { ...base, status: 'scoped', label: `${scope.label}${columns}${restricted}`, denied: scope.denied, policies, reason: `Granted ${op}; policy ${expressions}.` };
}

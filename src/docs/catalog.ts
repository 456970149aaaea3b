/**
 * What the schema reference shows, read from a migrated database's catalog (pg_catalog only, the
 * same queries on PGlite and PostgreSQL 15): per domain (a Postgres schema the package declares)
 * its tables with columns, constraints, indexes, triggers, policies and grants; views and
 * materialized views; functions; enums. Objects created by extensions are left out.
 */
import { sqlLiteral } from '../schema/_shared/index.js';
import { type Database, queryRows } from '../db.js';

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  /** `stored` for a generated column, `always`/`by default` for an identity. */
  generated: string | null;
  comment: string | null;
}

export interface ConstraintInfo {
  name: string;
  /** primary key | unique | foreign key | check | exclusion */
  kind: string;
  definition: string;
  columns: string[];
  /** Foreign keys: `schema.table` and its columns. */
  references: { table: string; columns: string[] } | null;
  comment: string | null;
}

export interface IndexInfo {
  name: string;
  definition: string;
  unique: boolean;
  primary: boolean;
  /** The constraint this index implements (primary key, unique), if any. */
  constraint: string | null;
  /** COMMENT ON INDEX, else the comment beside its declaration in the source (see comments.ts). */
  comment: string | null;
}

export interface TriggerInfo {
  name: string;
  definition: string;
  function: string;
  enabled: boolean;
}

export interface PolicyInfo {
  name: string;
  /** ALL | SELECT | INSERT | UPDATE | DELETE */
  command: string;
  permissive: boolean;
  /** Role names; `public` for every role. */
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

export interface GrantInfo {
  grantee: string;
  privileges: string[];
  /** Column-level grants: `privilege (column)`. */
  columns: string[];
}

export interface RelationInfo {
  schema: string;
  name: string;
  /** table | partitioned table | view | materialized view */
  kind: string;
  owner: string;
  comment: string | null;
  columns: ColumnInfo[];
  constraints: ConstraintInfo[];
  indexes: IndexInfo[];
  triggers: TriggerInfo[];
  policies: PolicyInfo[];
  grants: GrantInfo[];
  rls: boolean;
  forceRls: boolean;
  /** Views: their query, options (security_invoker), the relations they read. */
  viewDefinition: string | null;
  viewOptions: string[];
  dependsOn: string[];
  /** Materialized views: whether populated, and the functions that refresh them. */
  populated: boolean | null;
  refreshedBy: string[];
}

export interface FunctionInfo {
  schema: string;
  name: string;
  /** `name(arg type, …)` */
  signature: string;
  identityArguments: string;
  arguments: string;
  returns: string;
  language: string;
  /** definer | invoker */
  security: string;
  volatility: string;
  /** The pinned search_path, or null when the function runs with the caller's. */
  searchPath: string | null;
  /** Roles that may EXECUTE it (`PUBLIC` when every role may). */
  executableBy: string[];
  comment: string | null;
  /** trigger functions are not called directly */
  isTrigger: boolean;
  source: string;
}

export interface EnumInfo {
  schema: string;
  name: string;
  values: string[];
  comment: string | null;
}

export interface RoleInfo {
  name: string;
  superuser: boolean;
  bypassRls: boolean;
  login: boolean;
  memberOf: string[];
}

export interface DomainCatalog {
  schema: string;
  comment: string | null;
  owner: string;
  /** Roles with USAGE on the schema. */
  usage: string[];
  tables: RelationInfo[];
  views: RelationInfo[];
  functions: FunctionInfo[];
  enums: EnumInfo[];
}

export interface Catalog {
  serverVersion: string;
  domains: DomainCatalog[];
  roles: RoleInfo[];
}

const KINDS: Record<string, string> = { r: 'table', p: 'partitioned table', v: 'view', m: 'materialized view' };
const CONSTRAINT_KINDS: Record<string, string> = { p: 'primary key', u: 'unique', f: 'foreign key', c: 'check', x: 'exclusion', t: 'trigger' };
const COMMANDS: Record<string, string> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };
const PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

/** Objects of an extension (pg_trgm's functions in public, citext's type) are not the package's. */
const notFromExtension = (classTable: string, oidExpr: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = '${classTable}'::regclass AND dep.objid = ${oidExpr} AND dep.deptype = 'e')`;

const toArray = (v: unknown): string[] => {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v ? JSON.parse(v) : [];
  return [];
};

/**
 * Reads the catalog of the given schemas (in that order). Run it as a role that can see every
 * object (the owner or a superuser): pg_get_expr and the ACLs are read as stored.
 */
export async function readCatalog(db: Database, schemas: readonly string[]): Promise<Catalog> {
  const list = schemas.map(sqlLiteral).join(', ') || "''";
  const q = <T>(text: string) => queryRows<T>(db, text);

  const [version] = await q<{ v: string }>('SELECT current_setting(\'server_version\') AS v');

  const nsRows = await q<{ schema: string; comment: string | null; owner: string; usage: string }>(`
    SELECT n.nspname AS schema, pg_catalog.obj_description(n.oid, 'pg_namespace') AS comment,
           pg_catalog.pg_get_userbyid(n.nspowner) AS owner,
           coalesce((SELECT json_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END)::text
                       FROM pg_catalog.aclexplode(n.nspacl) a WHERE a.privilege_type = 'USAGE' AND a.grantee <> n.nspowner), '[]') AS usage
      FROM pg_catalog.pg_namespace n WHERE n.nspname IN (${list})`);

  const relRows = await q<{
    oid: string;
    schema: string;
    name: string;
    kind: string;
    owner: string;
    comment: string | null;
    rls: boolean;
    force_rls: boolean;
    options: string;
    view_def: string | null;
    populated: boolean | null;
    depends: string;
  }>(`
    SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
           pg_catalog.pg_get_userbyid(c.relowner) AS owner,
           pg_catalog.obj_description(c.oid, 'pg_class') AS comment,
           c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls,
           coalesce(array_to_json(c.reloptions)::text, '[]') AS options,
           CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid, true) END AS view_def,
           CASE WHEN c.relkind = 'm' THEN c.relispopulated END AS populated,
           coalesce((SELECT json_agg(DISTINCT dn.nspname || '.' || dc.relname ORDER BY dn.nspname || '.' || dc.relname)::text
                       FROM pg_catalog.pg_rewrite rw
                       JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = rw.oid
                                                  AND d.refclassid = 'pg_catalog.pg_class'::regclass
                       JOIN pg_catalog.pg_class dc ON dc.oid = d.refobjid AND dc.oid <> c.oid
                       JOIN pg_catalog.pg_namespace dn ON dn.oid = dc.relnamespace
                      WHERE rw.ev_class = c.oid AND c.relkind IN ('v', 'm')), '[]') AS depends
      FROM pg_catalog.pg_class c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN (${list}) AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
       AND ${notFromExtension('pg_catalog.pg_class', 'c.oid')}
     ORDER BY n.nspname, c.relname`);
  const oids = relRows.map((r) => r.oid).join(', ') || '0';

  const colRows = await q<{ rel: string; name: string; type: string; notnull: boolean; def: string | null; generated: string; identity: string; comment: string | null }>(`
    SELECT a.attrelid::text AS rel, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS notnull, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS def,
           a.attgenerated::text AS generated, a.attidentity::text AS identity,
           pg_catalog.col_description(a.attrelid, a.attnum) AS comment
      FROM pg_catalog.pg_attribute a
      LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
     WHERE a.attrelid IN (${oids}) AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attrelid, a.attnum`);

  const conRows = await q<{ rel: string; name: string; kind: string; def: string; cols: string; ref_table: string | null; ref_cols: string; comment: string | null }>(`
    SELECT c.conrelid::text AS rel, c.conname AS name, c.contype::text AS kind, pg_catalog.pg_get_constraintdef(c.oid, true) AS def,
           coalesce((SELECT json_agg(a.attname ORDER BY k.i)::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n), '[]') AS cols,
           CASE WHEN c.contype = 'f' THEN fn.nspname || '.' || fc.relname END AS ref_table,
           coalesce((SELECT json_agg(a.attname ORDER BY k.i)::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n), '[]') AS ref_cols,
           pg_catalog.obj_description(c.oid, 'pg_constraint') AS comment
      FROM pg_catalog.pg_constraint c
      LEFT JOIN pg_catalog.pg_class fc ON fc.oid = c.confrelid
      LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
     WHERE c.conrelid IN (${oids}) AND c.contype <> 'n' -- PostgreSQL 18 lists NOT NULL here; the columns show it
     ORDER BY c.conrelid, CASE c.contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 WHEN 'f' THEN 2 ELSE 3 END, c.conname`);

  const idxRows = await q<{ rel: string; name: string; def: string; unique: boolean; primary: boolean; constraint: string | null; comment: string | null }>(`
    SELECT i.indrelid::text AS rel, ic.relname AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS def,
           i.indisunique AS unique, i.indisprimary AS primary,
           (SELECT c.conname FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid LIMIT 1) AS constraint,
           pg_catalog.obj_description(i.indexrelid, 'pg_class') AS comment
      FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
     WHERE i.indrelid IN (${oids})
     ORDER BY i.indrelid, ic.relname`);

  const trgRows = await q<{ rel: string; name: string; def: string; fn: string; enabled: boolean }>(`
    SELECT t.tgrelid::text AS rel, t.tgname AS name, pg_catalog.pg_get_triggerdef(t.oid, true) AS def,
           t.tgfoid::regproc::text AS fn, t.tgenabled <> 'D' AS enabled
      FROM pg_catalog.pg_trigger t
     WHERE t.tgrelid IN (${oids}) AND NOT t.tgisinternal
     ORDER BY t.tgrelid, t.tgname`);

  const polRows = await q<{ rel: string; name: string; cmd: string; permissive: boolean; roles: string; using: string | null; check: string | null }>(`
    SELECT p.polrelid::text AS rel, p.polname AS name, p.polcmd::text AS cmd, p.polpermissive AS permissive,
           (SELECT json_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(r) END ORDER BY 1)::text FROM unnest(p.polroles) r) AS roles,
           pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using,
           pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS check
      FROM pg_catalog.pg_policy p
     WHERE p.polrelid IN (${oids})
     ORDER BY p.polrelid, p.polname`);

  const grantRows = await q<{ rel: string; grantee: string; privilege: string; column: string | null }>(`
    SELECT c.oid::text AS rel, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END AS grantee,
           a.privilege_type AS privilege, NULL::text AS column
      FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
     WHERE c.oid IN (${oids}) AND a.grantee <> c.relowner
    UNION ALL
    SELECT att.attrelid::text, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END,
           a.privilege_type, att.attname::text
      FROM pg_catalog.pg_attribute att, pg_catalog.aclexplode(att.attacl) a
     WHERE att.attrelid IN (${oids}) AND att.attacl IS NOT NULL
     ORDER BY 1, 2, 3`);

  const fnRows = await q<{
    schema: string;
    name: string;
    identity: string;
    args: string;
    returns: string;
    language: string;
    definer: boolean;
    volatility: string;
    config: string;
    execute: string;
    comment: string | null;
    is_trigger: boolean;
    source: string;
  }>(`
    SELECT n.nspname AS schema, p.proname AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity,
           pg_catalog.pg_get_function_arguments(p.oid) AS args, pg_catalog.pg_get_function_result(p.oid) AS returns,
           l.lanname AS language, p.prosecdef AS definer, p.provolatile::text AS volatility,
           coalesce(array_to_json(p.proconfig)::text, '[]') AS config,
           coalesce((SELECT json_agg(DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(a.grantee) END)::text
                       FROM pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
                      WHERE a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner), '[]') AS execute,
           pg_catalog.obj_description(p.oid, 'pg_proc') AS comment,
           p.prorettype = 'pg_catalog.trigger'::regtype AS is_trigger,
           p.prosrc AS source
      FROM pg_catalog.pg_proc p
      JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
      JOIN pg_catalog.pg_language l ON l.oid = p.prolang
     WHERE n.nspname IN (${list}) AND p.prokind IN ('f', 'p') AND ${notFromExtension('pg_catalog.pg_proc', 'p.oid')}
     ORDER BY n.nspname, p.proname, 3`);

  const enumRows = await q<{ schema: string; name: string; values: string; comment: string | null }>(`
    SELECT n.nspname AS schema, t.typname AS name,
           (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder)::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) AS values,
           pg_catalog.obj_description(t.oid, 'pg_type') AS comment
      FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname IN (${list}) AND t.typtype = 'e' AND ${notFromExtension('pg_catalog.pg_type', 't.oid')}
     ORDER BY n.nspname, t.typname`);

  const roleRows = await q<{ name: string; superuser: boolean; bypass: boolean; login: boolean; member_of: string }>(`
    SELECT r.rolname AS name, r.rolsuper AS superuser, r.rolbypassrls AS bypass, r.rolcanlogin AS login,
           coalesce((SELECT json_agg(g.rolname ORDER BY g.rolname)::text FROM pg_catalog.pg_auth_members m
                       JOIN pg_catalog.pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid), '[]') AS member_of
      FROM pg_catalog.pg_roles r
     WHERE r.rolname !~ '^pg_'
     ORDER BY r.rolname`);

  const by = <T extends { rel: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.rel, [...(m.get(r.rel) ?? []), r]);
    return m;
  };
  const cols = by(colRows);
  const cons = by(conRows);
  const idxs = by(idxRows);
  const trgs = by(trgRows);
  const pols = by(polRows);
  const grants = by(grantRows);

  const functions: FunctionInfo[] = fnRows.map((f) => {
    const config = toArray(f.config);
    const sp = config.find((c) => c.startsWith('search_path='));
    return {
      schema: f.schema,
      name: f.name,
      signature: `${f.name}(${f.identity})`,
      identityArguments: f.identity,
      arguments: f.args,
      returns: f.returns,
      language: f.language,
      security: f.definer ? 'definer' : 'invoker',
      volatility: ({ i: 'immutable', s: 'stable', v: 'volatile' } as Record<string, string>)[f.volatility] ?? f.volatility,
      searchPath: sp ? sp.slice('search_path='.length) : null,
      executableBy: toArray(f.execute).sort(),
      comment: f.comment,
      isTrigger: f.is_trigger,
      source: f.source,
    };
  });

  const relations: RelationInfo[] = relRows.map((r) => {
    const qualified = `${r.schema}.${r.name}`;
    const grantMap = new Map<string, GrantInfo>();
    for (const g of grants.get(r.oid) ?? []) {
      const entry = grantMap.get(g.grantee) ?? { grantee: g.grantee, privileges: [], columns: [] };
      if (g.column) entry.columns.push(`${g.privilege} (${g.column})`);
      else entry.privileges.push(g.privilege);
      grantMap.set(g.grantee, entry);
    }
    for (const g of grantMap.values()) g.privileges.sort((a, b) => PRIVILEGES.indexOf(a) - PRIVILEGES.indexOf(b));
    // A materialized view's refresh function: one whose body runs REFRESH MATERIALIZED VIEW and
    // names the view (directly, or in the list of names its dynamic SQL refreshes).
    const refreshes = (src: string) => /REFRESH\s+MATERIALIZED\s+VIEW/i.test(src) && new RegExp(`\\b${r.name}\\b`).test(src);
    return {
      schema: r.schema,
      name: r.name,
      kind: KINDS[r.kind] ?? r.kind,
      owner: r.owner,
      comment: r.comment,
      columns: (cols.get(r.oid) ?? []).map((c) => ({
        name: c.name,
        type: c.type,
        nullable: !c.notnull,
        default: c.def,
        generated: c.generated === 's' ? 'stored' : c.identity === 'a' ? 'always' : c.identity === 'd' ? 'by default' : null,
        comment: c.comment,
      })),
      constraints: (cons.get(r.oid) ?? []).map((c) => ({
        name: c.name,
        kind: CONSTRAINT_KINDS[c.kind] ?? c.kind,
        definition: c.def,
        columns: toArray(c.cols),
        references: c.ref_table ? { table: c.ref_table, columns: toArray(c.ref_cols) } : null,
        comment: c.comment,
      })),
      indexes: (idxs.get(r.oid) ?? []).map((i) => ({
        name: i.name,
        definition: i.def,
        unique: i.unique,
        primary: i.primary,
        constraint: i.constraint,
        comment: i.comment,
      })),
      triggers: (trgs.get(r.oid) ?? []).map((t) => ({ name: t.name, definition: t.def, function: t.fn, enabled: t.enabled })),
      policies: (pols.get(r.oid) ?? []).map((p) => ({
        name: p.name,
        command: COMMANDS[p.cmd] ?? p.cmd,
        permissive: p.permissive,
        roles: toArray(p.roles),
        using: p.using,
        withCheck: p.check,
      })),
      grants: [...grantMap.values()].sort((a, b) => a.grantee.localeCompare(b.grantee)),
      rls: r.rls,
      forceRls: r.force_rls,
      viewDefinition: r.view_def,
      viewOptions: toArray(r.options),
      dependsOn: toArray(r.depends).filter((d) => d !== qualified),
      populated: r.populated,
      refreshedBy: r.kind === 'm' ? functions.filter((f) => refreshes(f.source)).map((f) => `${f.schema}.${f.signature}`) : [],
    };
  });

  const domains: DomainCatalog[] = schemas
    .map((schema): DomainCatalog | null => {
      const ns = nsRows.find((n) => n.schema === schema);
      if (!ns) return null;
      const rels = relations.filter((r) => r.schema === schema);
      return {
        schema,
        comment: ns.comment,
        owner: ns.owner,
        usage: toArray(ns.usage).sort(),
        tables: rels.filter((r) => r.kind === 'table' || r.kind === 'partitioned table'),
        views: rels.filter((r) => r.kind === 'view' || r.kind === 'materialized view'),
        functions: functions.filter((f) => f.schema === schema),
        enums: enumRows.filter((e) => e.schema === schema).map((e) => ({ schema: e.schema, name: e.name, values: toArray(e.values), comment: e.comment })),
      };
    })
    .filter((d): d is DomainCatalog => d !== null);

  return {
    serverVersion: version?.v ?? '',
    domains,
    roles: roleRows.map((r) => ({ name: r.name, superuser: r.superuser, bypassRls: r.bypass, login: r.login, memberOf: toArray(r.member_of) })),
  };
}

import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db.js';
import { asAnon } from '../../src/rls.js';
import { expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { packageSchemas } from './package-schemas.js';

/**
 * Supabase's database linter rules (splinter), as this project's own catalog checks over the migrated
 * schema, under the same names and meaning; written from the published rule descriptions, checked
 * on both engines. Each rule returns one line per finding and must return none. Scope: every schema
 * the package owns (derived from the code, so new domains are covered), except `auth`, which is
 * Supabase's on Supabase (splinter skips it too). docs/lints.md says what each rule means here.
 */
const schemas = packageSchemas().filter((s) => s !== 'auth');
const inSchemas = `ARRAY[${schemas.map((s) => `'${s}'`).join(', ')}]::text[]`;
/** The API roles: what a Supabase client (PostgREST, GraphQL) acts as. */
const API_ROLES = `ARRAY['anon', 'authenticated']`;
/**
 * Schemas an API role can reach: `public` (what Supabase exposes by default) and every package schema
 * on which anon or authenticated holds USAGE. Stricter than splinter's `pgrst.db_schemas` list.
 */
const exposed = `ARRAY(SELECT x.nspname::text FROM pg_catalog.pg_namespace x
   WHERE x.nspname = any (${inSchemas})
     AND (x.nspname = 'public' OR has_schema_privilege('anon', x.oid, 'USAGE') OR has_schema_privilege('authenticated', x.oid, 'USAGE')))`;
/** Objects that belong to an extension are the extension's, not the package's. */
const notExtensionMember = (classid: string, objid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '${classid}'::regclass AND e.objid = ${objid} AND e.deptype = 'e')`;

/** Policies of the package's tables with their expressions as the catalog prints them. */
const policies = `SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tbl, p.polname, p.polcmd, p.polpermissive, p.polroles,
         c.relrowsecurity, pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
    FROM pg_catalog.pg_policy p
    JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = any (${inSchemas})`;

describe(`splinter rules over the migrated schema (${engine})`, () => {
  const t = useDatabase();
  const findings = async (query: string) => (await queryRows<{ finding: string }>(t.db, query)).map((r) => r.finding);
  /** `schema.relation` of every relation (`c`) of the `in` schemas, not an extension's, matching `where`. */
  const relationsWhere = (inSchemaList: string, where: string) =>
    findings(`
        SELECT format('%I.%I', n.nspname, c.relname) AS finding
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = any (${inSchemaList}) AND ${where}
           AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}
         ORDER BY 1`);

  it('the rules look at every schema of the package', () => {
    expect(schemas).toEqual(expect.arrayContaining(['public', 'crm', 'ingest']));
  });

  it('auth_rls_initplan: every auth.<function>() and current_setting() in a policy is wrapped in (select …)', async () => {
    const rows = await queryRows<{ tbl: string; polname: string; qual: string | null; with_check: string | null }>(
      t.db,
      `${policies} AND c.relrowsecurity`,
    );
    // every call, not just one of them: the catalog prints a wrapped call as `( SELECT auth.uid() AS uid)`
    const call = /\b(auth\.(?:uid|jwt|role|email)|current_setting)\(/gi;
    const wrapped = /\bSELECT\s+(auth\.(?:uid|jwt|role|email)|current_setting)\(/gi;
    const bad = rows.flatMap((r) =>
      [r.qual, r.with_check]
        .filter((e): e is string => e !== null)
        .filter((e) => (e.match(call)?.length ?? 0) > (e.match(wrapped)?.length ?? 0))
        .map((e) => `${r.tbl} policy "${r.polname}": ${e}`),
    );
    expect(bad).toEqual([]);
  });

  it('multiple_permissive_policies: at most one permissive policy per table, role and action', async () => {
    expect(
      await findings(`
        WITH pol AS (${policies}),
        actions(cmd, action) AS (VALUES ('r', 'SELECT'), ('a', 'INSERT'), ('w', 'UPDATE'), ('d', 'DELETE'))
        SELECT format('%s: role %s, %s: %s', pol.tbl, r.rolname, a.action, string_agg(format('%I', pol.polname), ', ' ORDER BY pol.polname)) AS finding
          FROM pol
          JOIN actions a ON pol.polcmd = '*' OR pol.polcmd = a.cmd
          JOIN pg_catalog.pg_roles r ON r.oid = ANY (pol.polroles) OR pol.polroles = ARRAY[0::oid]
         WHERE pol.polpermissive AND r.rolname !~ '^pg_'
         GROUP BY pol.tbl, r.rolname, a.action
        HAVING count(*) > 1
         ORDER BY 1`),
    ).toEqual([]);
  });

  it('policy_exists_rls_disabled: no table has policies while its row level security is off', async () => {
    expect(await findings(`SELECT DISTINCT format('%s has policy %I but RLS is disabled', tbl, polname) AS finding FROM (${policies}) x WHERE NOT relrowsecurity`)).toEqual([]);
  });

  it('rls_enabled_no_policy: a table with RLS and no policy is one no role that holds a grant on it depends on', async () => {
    // Meaningful form: RLS on and no policy means "nobody but the owner and BYPASSRLS roles" (the
    // ingest tables, service_role only). A role without BYPASSRLS that holds a privilege on such a
    // table would get nothing: that is the mistake the rule is after.
    expect(
      await findings(`
        SELECT format('%I.%I: RLS on, no policy, yet %s holds %s', n.nspname, c.relname, r.rolname, x.privilege_type) AS finding
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) x
          JOIN pg_catalog.pg_roles r ON r.oid = x.grantee
         WHERE n.nspname = any (${inSchemas}) AND c.relkind IN ('r', 'p') AND c.relrowsecurity
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)
           AND x.grantee <> c.relowner AND NOT r.rolbypassrls AND NOT r.rolsuper
         ORDER BY 1`),
    ).toEqual([]);
  });

  it("rls_enabled_no_policy, splinter's own form: every table with RLS has a policy that says who gets its rows", async () => {
    // RLS with no policy refuses every row to every role without BYPASSRLS, silently; the tables that
    // mean that say so with a policy (service_role's, or the partitions' restrictive refusal)
    expect(
      await relationsWhere(inSchemas, "c.relkind = 'r' AND c.relrowsecurity AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)"),
    ).toEqual([]);
  });

  it('rls_disabled_in_public: every table an API role can reach has row level security', async () => {
    expect(await relationsWhere(exposed, "c.relkind IN ('r', 'p') AND NOT c.relrowsecurity")).toEqual([]);
  });

  it('security_definer_view: every view an API role can reach runs with the caller\'s rights (security_invoker)', async () => {
    expect(
      await relationsWhere(exposed, "c.relkind = 'v' AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'] OR c.reloptions @> ARRAY['security_invoker=on'], false)"),
    ).toEqual([]);
  });

  it('materialized_view_in_api: no materialized view an API role can reach is selectable by anon or authenticated', async () => {
    expect(
      await findings(`
        SELECT format('%I.%I selectable by %s', n.nspname, c.relname, r) AS finding
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          CROSS JOIN unnest(${API_ROLES}) AS r
         WHERE n.nspname = any (${exposed}) AND c.relkind = 'm' AND has_table_privilege(r, c.oid, 'SELECT')
         ORDER BY 1`),
    ).toEqual([]);
  });

  it('auth_users_exposed: no view an API role can read exposes auth.users', async () => {
    expect(
      await findings(`
        SELECT DISTINCT format('%I.%I reads auth.users', n.nspname, v.relname) AS finding
          FROM pg_catalog.pg_class v
          JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace
          JOIN pg_catalog.pg_rewrite rw ON rw.ev_class = v.oid
          JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = rw.oid
                                     AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = to_regclass('auth.users')
         WHERE n.nspname = any (${exposed}) AND v.relkind IN ('v', 'm')
           AND (has_table_privilege('anon', v.oid, 'SELECT') OR has_table_privilege('authenticated', v.oid, 'SELECT'))
         ORDER BY 1`),
    ).toEqual([]);
  });

  it('function_search_path_mutable: every function of the package pins its search_path', async () => {
    expect(
      await findings(`
        SELECT p.oid::regprocedure::text AS finding
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = any (${inSchemas}) AND p.prokind IN ('f', 'p')
           AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(p.proconfig, '{}')) AS cfg WHERE cfg LIKE 'search\\_path=%')
           AND ${notExtensionMember('pg_catalog.pg_proc', 'p.oid')}
         ORDER BY 1`),
    ).toEqual([]);
  });

  it('anon / authenticated_security_definer_function_executable: no SECURITY DEFINER function an API role can reach is executable by it', async () => {
    expect(
      await findings(`
        SELECT format('%s executable by %s', p.oid::regprocedure, r) AS finding
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
          CROSS JOIN unnest(${API_ROLES}) AS r
         WHERE n.nspname = any (${exposed}) AND p.prosecdef AND has_function_privilege(r, p.oid, 'EXECUTE')
           AND ${notExtensionMember('pg_catalog.pg_proc', 'p.oid')}
         ORDER BY 1`),
      // The definer bodies API roles reach (quiz attempts, feature flags, the ID number) live in
      // <schema>_private, which neither role holds USAGE on; the names clients call are SECURITY INVOKER
      // entries (docs/lints.md, "SECURITY DEFINER functions"; the test below calls both).
    ).toEqual([]);
  });

  it('the SECURITY DEFINER body behind an API entry cannot be named by a client; the entry answers for it', async () => {
    // every SECURITY DEFINER function an API role may execute, wherever it lives
    const executable = await queryRows<{ fn: string; schema: string; usage: boolean }>(
      t.db,
      `SELECT DISTINCT p.oid::regprocedure::text AS fn, n.nspname AS schema,
              has_schema_privilege('anon', n.oid, 'USAGE') OR has_schema_privilege('authenticated', n.oid, 'USAGE') AS usage
         FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
         CROSS JOIN unnest(${API_ROLES}) AS r
        WHERE n.nspname = any (${inSchemas}) AND p.prosecdef AND has_function_privilege(r, p.oid, 'EXECUTE')
        ORDER BY 1`,
    );
    expect(executable.filter((f) => f.usage || !f.schema.endsWith('_private'))).toEqual([]);
    expect(executable.map((f) => f.fn)).toEqual(expect.arrayContaining(['wolo_private.feature_enabled(text,uuid,text)', 'learning_private.submit_quiz_attempt(uuid,uuid,jsonb)']));
    const flag = "'no-such-flag'";
    await expectDenied(t.db, { role: 'anon' }, (tx) => tx.execute(sql.raw(`select wolo_private.feature_enabled(${flag})`)));
    expect(await asAnon(t.db, (tx) => queryRows<{ on: boolean }>(tx, `select wolo.feature_enabled(${flag}) as on`))).toEqual([{ on: false }]);
  });

  it('unindexed_foreign_keys: every foreign key has an index that starts with its columns', async () => {
    expect(
      await findings(`
        SELECT format('%s.%I (%s)', c.conrelid::regclass, c.conname,
                      (SELECT string_agg(quote_ident(a.attname), ', ') FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey))) AS finding
          FROM pg_catalog.pg_constraint c
          JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
         WHERE c.contype = 'f' AND n.nspname = any (${inSchemas})
           AND NOT EXISTS (
             SELECT 1 FROM pg_catalog.pg_index i
              WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
                AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey)
         ORDER BY 1`),
    ).toEqual([]);
  });

  it('duplicate_index: no two indexes of a table are the same index', async () => {
    expect(
      await findings(`
        SELECT format('%s: %s', i.indrelid::regclass, string_agg(i.indexrelid::regclass::text, ', ' ORDER BY i.indexrelid::regclass::text)) AS finding
          FROM pg_catalog.pg_index i
          JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = any (${inSchemas})
         GROUP BY i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
                  coalesce(pg_catalog.pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_catalog.pg_get_expr(i.indpred, i.indrelid), '')
        HAVING count(*) > 1
         ORDER BY 1`),
    ).toEqual([]);
  });

  it('no_primary_key: every table of the package has a primary key', async () => {
    expect(
      await relationsWhere(inSchemas, "c.relkind IN ('r', 'p') AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')"),
    ).toEqual([]);
  });

  it('extension_in_public: no extension is installed in schema public', async () => {
    expect(
      await findings(`SELECT e.extname AS finding FROM pg_catalog.pg_extension e WHERE e.extnamespace = 'public'::regnamespace ORDER BY 1`),
    ).toEqual([]);
  });

  it('rls_references_user_metadata: no policy trusts user_metadata (users can edit it)', async () => {
    expect(
      await findings(`SELECT format('%s policy %I', tbl, polname) AS finding FROM (${policies}) x
                       WHERE coalesce(qual, '') || coalesce(with_check, '') ~* 'user_metadata' ORDER BY 1`),
    ).toEqual([]);
  });

  it('rls_policy_always_true: no write policy for anon or authenticated is always true', async () => {
    const always = `IN ('true', '(true)', '1=1', '(1=1)')`;
    const norm = (e: string) => `regexp_replace(lower(coalesce(${e}, '')), '\\s', '', 'g')`;
    expect(
      await findings(`
        SELECT format('%s policy %I', tbl, polname) AS finding
          FROM (${policies}) x
         WHERE polpermissive AND polcmd IN ('a', 'w', 'd', '*')
           AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = ANY (${API_ROLES}) AND (r.oid = ANY (polroles) OR polroles = ARRAY[0::oid]))
           AND (${norm('qual')} ${always} OR ${norm('with_check')} ${always}
                OR (polcmd IN ('a', 'w', '*') AND with_check IS NULL AND (qual IS NULL OR ${norm('qual')} ${always})))
         ORDER BY 1`),
    ).toEqual([]);
  });

  it('fkey_to_auth_unique: no foreign key references an auth table by a unique key other than its primary key', async () => {
    expect(
      await findings(`
        SELECT format('%s.%I', c.conrelid::regclass, c.conname) AS finding
          FROM pg_catalog.pg_constraint c
          JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
          JOIN pg_catalog.pg_class rt ON rt.oid = c.confrelid
         WHERE c.contype = 'f' AND n.nspname = any (${inSchemas}) AND rt.relnamespace = to_regnamespace('auth')
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pk WHERE pk.conrelid = c.confrelid AND pk.contype = 'p' AND pk.conindid = c.conindid)
         ORDER BY 1`),
    ).toEqual([]);
  });
});

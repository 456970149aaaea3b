import { describe, expect, it } from 'vitest';
import { type Database, dbErrorCode, execScript, openDatabase, queryRows } from '../../src/db.js';
import { migrate } from '../../src/migrations/index.js';
import { asAnon, asUser } from '../../src/rls.js';
import { emptyServerDatabase, engine, useDatabase } from '../helpers.js';
import { packageSchemasSql } from './package-schemas.js';

/**
 * A Supabase project's `postgres` role has default privileges in schema public (`supabase db dump`
 * prints them): every table, sequence and function it creates there is granted to anon,
 * authenticated and service_role by name. Revoking from PUBLIC leaves those grants in place, so a
 * function or sequence the package creates in public was open to every API role on Supabase,
 * SECURITY DEFINER ones included (public.sync_profile_data creates users and profiles with the
 * definer role's rights), while the same migration on plain PostgreSQL or PGlite showed nothing.
 */
const SUPABASE_PUBLIC_DEFAULTS = `
DO $roles$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $roles$;
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
`;

/** What anon and authenticated may do with the package's functions, relations and sequences, one line each. */
async function apiRolePrivileges(db: Pick<Database, 'execute'>): Promise<string[]> {
  const rows = await queryRows<{ line: string }>(
    db,
    `with roles(role) as (values ('anon'), ('authenticated')),
          fns as (
            select r.role || ' EXECUTE ' || p.oid::regprocedure::text as line
              from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace cross join roles r
             where n.nspname = any (${packageSchemasSql()})
               and not exists (select 1 from pg_catalog.pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
               and has_function_privilege(r.role, p.oid, 'EXECUTE')),
          rels as (
            select r.role || ' ' || x.priv || ' ' || c.oid::regclass::text as line
              from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace cross join roles r
             cross join unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as x(priv)
             where n.nspname = any (${packageSchemasSql()}) and c.relkind in ('r', 'p', 'v', 'm', 'f')
               and (has_table_privilege(r.role, c.oid, x.priv)
                    or (x.priv in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') and has_any_column_privilege(r.role, c.oid, x.priv)))),
          seqs as (
            select r.role || ' ' || x.priv || ' ' || c.oid::regclass::text as line
              from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace cross join roles r
             cross join unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) as x(priv)
             where n.nspname = any (${packageSchemasSql()}) and c.relkind = 'S' and has_sequence_privilege(r.role, c.oid, x.priv))
     select line from fns union all select line from rels union all select line from seqs order by 1`,
  );
  return rows.map((r) => r.line);
}

/** A brand-new database with Supabase's default privileges in public, then every migration. */
async function migratedUnderSupabaseDefaults(): Promise<{ db: Database; close: () => Promise<void> }> {
  if (engine === 'pglite') {
    const opened = await openDatabase({ embedded: true });
    await execScript(opened.db, SUPABASE_PUBLIC_DEFAULTS);
    await migrate(opened.db);
    return opened;
  }
  const target = await emptyServerDatabase();
  const opened = await openDatabase({ url: target.url });
  try {
    await execScript(opened.db, SUPABASE_PUBLIC_DEFAULTS);
    await migrate(opened.db);
  } catch (error) {
    await opened.close();
    await target.drop();
    throw error;
  }
  return {
    db: opened.db,
    close: async () => {
      await opened.close();
      await target.drop();
    },
  };
}

describe(`Supabase's default privileges in public give the API roles nothing more (${engine})`, () => {
  const plain = useDatabase();

  it('anon and authenticated hold exactly what they hold on a database without those defaults; sync_profile_data and the identity sequences stay closed', async () => {
    const supa = await migratedUnderSupabaseDefaults();
    try {
      // the defaults are in place (a table or function made now would be granted), as on Supabase
      const [defaults] = await queryRows<{ n: number }>(
        supa.db,
        `select count(*)::int as n from pg_catalog.pg_default_acl a
          where a.defaclnamespace = 'public'::regnamespace and a.defaclobjtype in ('r', 'S', 'f')
            and exists (select 1 from pg_catalog.aclexplode(a.defaclacl) x where x.grantee = 'anon'::regrole)`,
      );
      expect(defaults).toEqual({ n: 3 });

      expect(await apiRolePrivileges(supa.db)).toEqual(await apiRolePrivileges(plain.db));

      // the concrete escalations: a SECURITY DEFINER writer of users and profiles, and setval on the
      // audit log's identity (a key collision would then fail every profile update)
      const refused = async (op: Promise<unknown>) => dbErrorCode(await op.then(() => undefined, (e: unknown) => e));
      const contacts = JSON.stringify([{ email: 'mallory@example.com', first_name: 'Mallory' }]);
      expect(await refused(asAnon(supa.db, (tx) => queryRows(tx, `select * from public.sync_profile_data('${contacts}'::jsonb)`)))).toBe('42501');
      expect(
        await refused(asUser(supa.db, '6f1c1f47-3a57-4d0e-9d43-0d6c1a7f2b11', (tx) => queryRows(tx, `select * from public.sync_profile_data('${contacts}'::jsonb)`))),
      ).toBe('42501');
      expect(await refused(asAnon(supa.db, (tx) => queryRows(tx, `select pg_catalog.setval('public.profile_audit_log_id_seq', 1)`)))).toBe('42501');
      expect(await queryRows(supa.db, `select count(*)::int as n from public.unified_profiles where email = 'mallory@example.com'`)).toEqual([{ n: 0 }]);
    } finally {
      await supa.close();
    }
  }, 180_000);
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, dbErrorCode, openDatabase, queryRows } from '../../src/db.js';
import { AUTH_SHIM_SQL } from '../../src/functions/auth/index.js';
import { DEFINER_ROLE } from '../../src/functions/define.js';
import { migrate } from '../../src/migrations/index.js';
import { asAnon, asUser } from '../../src/rls.js';
import { exportSubject } from '../../src/subjects.js';
import { startPostgresServer, type PostgresServer } from '../../src/testing/index.js';
import { engine } from '../helpers.js';

/**
 * A database whose `auth` schema is Supabase's, not the package's shim: the schema belongs to
 * `supabase_admin`, its tables and functions to `supabase_auth_admin`, and the migrating role
 * (`postgres`: NOSUPERUSER CREATEDB CREATEROLE BYPASSRLS, a member of the API roles and of
 * supabase_auth_admin) holds USAGE on it without the grant option. There `GRANT USAGE ON SCHEMA auth
 * TO unified_schema_definer` grants nothing (a warning), and every SECURITY DEFINER function that calls
 * `auth.uid()` failed for signed-in users with 42501 "permission denied for schema auth".
 *
 * Its own PostgreSQL server: the fix changes a role (cluster-wide: the definer role joins `anon`), which
 * must not leak into the databases of the other test files. PostgreSQL only: PGlite is one embedded
 * superuser session, with no login roles to migrate as.
 */
describe.skipIf(engine !== 'postgres')(`migrating where Supabase owns schema auth (${engine})`, () => {
  let server: PostgresServer;
  let db: Database;
  let close: () => Promise<void>;
  const ana = { id: randomUUID(), email: 'ana.owner@example.com', phone: '+221770000101' };
  const bea = { id: randomUUID(), email: 'bea.owner@example.com', phone: '+221770000102' };

  beforeAll(async () => {
    server = await startPostgresServer();
    const admin = postgres(server.url, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`
        create role supabase_admin nologin;
        create role supabase_auth_admin nologin noinherit;
        create role anon nologin noinherit;
        create role authenticated nologin noinherit;
        create role service_role nologin noinherit bypassrls;
        create role postgres_app login password 'pw' nosuperuser createdb createrole bypassrls;
        grant anon, authenticated, service_role, supabase_auth_admin to postgres_app;`);
      await admin.unsafe('create database app owner postgres_app');
    } finally {
      await admin.end({ timeout: 5 });
    }
    const appUrl = new URL(server.url);
    appUrl.pathname = '/app';
    const owner = postgres(appUrl.toString(), { max: 1, onnotice: () => {} });
    try {
      // GoTrue's tables and functions, then the ownership and grants Supabase's setup gives them
      await owner.unsafe(AUTH_SHIM_SQL);
      await owner.unsafe(`
        comment on schema auth is null;
        alter schema auth owner to supabase_admin;
        alter table auth.users owner to supabase_auth_admin;
        alter function auth.uid() owner to supabase_auth_admin;
        alter function auth.jwt() owner to supabase_auth_admin;
        alter function auth.role() owner to supabase_auth_admin;
        alter function auth.email() owner to supabase_auth_admin;
        grant all on schema auth to supabase_auth_admin;
        grant usage on schema auth to postgres_app;
        grant all on all tables in schema auth to postgres_app;`);
    } finally {
      await owner.end({ timeout: 5 });
    }
    appUrl.username = 'postgres_app';
    appUrl.password = 'pw';
    ({ db, close } = await openDatabase({ url: appUrl.toString() }));
    await migrate(db);
    await queryRows(db, sql`insert into auth.users (id, email, phone, aud, role) values
      (${ana.id}, ${ana.email}, ${ana.phone.slice(1)}, 'authenticated', 'authenticated'),
      (${bea.id}, ${bea.email}, ${bea.phone.slice(1)}, 'authenticated', 'authenticated')`);
    await queryRows(db, sql`insert into public.unified_profiles (id, email, first_name) values (${ana.id}, ${ana.email}, 'Ana')`);
  }, 120_000);

  afterAll(async () => {
    await close?.();
    await server?.stop();
  });

  const refusal = (op: Promise<unknown>) => op.then(() => null, (e: unknown) => dbErrorCode(e));

  it("gives the definer role USAGE on auth through anon, the API role with the fewest rights, and the schema stays Supabase's", async () => {
    const [row] = await queryRows<Record<string, unknown>>(
      db,
      `select pg_catalog.has_schema_privilege('${DEFINER_ROLE}', 'auth', 'USAGE') as usage,
              pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') as migrator_may_grant,
              pg_catalog.pg_has_role('${DEFINER_ROLE}', 'anon', 'MEMBER') as in_anon,
              pg_catalog.pg_has_role('${DEFINER_ROLE}', 'authenticated', 'MEMBER') as in_authenticated,
              pg_catalog.pg_has_role('${DEFINER_ROLE}', 'service_role', 'MEMBER') as in_service_role,
              (select r.rolinherit from pg_catalog.pg_roles r where r.rolname = '${DEFINER_ROLE}') as inherits,
              (select n.nspowner::regrole::text from pg_catalog.pg_namespace n where n.nspname = 'auth') as auth_owner`,
    );
    expect(row).toEqual({ usage: true, migrator_may_grant: false, in_anon: true, in_authenticated: false, in_service_role: false, inherits: true, auth_owner: 'supabase_admin' });
  });

  it('a signed-in user updates their profile (the audit trigger reads auth.uid() as the definer role)', async () => {
    const updated = await asUser(db, { id: ana.id, email: ana.email }, (tx) =>
      queryRows<{ first_name: string }>(tx, sql`update public.unified_profiles set first_name = 'Anna' where id = ${ana.id} returning first_name`),
    );
    expect(updated).toEqual([{ first_name: 'Anna' }]);
    const audit = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from public.profile_audit_log where profile_id = ${ana.id}`);
    expect(audit[0]!.n).toBeGreaterThan(0);
  });

  it("the login-identity triggers read auth.users: one's own email and phone pass, another's are refused", async () => {
    const me = { id: ana.id, email: ana.email };
    await asUser(db, me, (tx) => queryRows(tx, sql`insert into wolo.users (id, email, phone) values (${ana.id}, ${ana.email.toUpperCase()}, ${ana.phone})`));
    expect(await refusal(asUser(db, me, (tx) => queryRows(tx, sql`update wolo.users set email = ${bea.email} where id = ${ana.id}`)))).toBe('UW029');
    expect(
      await refusal(asUser(db, me, (tx) => queryRows(tx, sql`insert into learning.users (id, email, name, phone) values (${ana.id}, ${ana.email}, 'Ana', ${bea.phone})`))),
    ).toBe('UL021');
    await asUser(db, me, (tx) => queryRows(tx, sql`insert into learning.users (id, email, name, phone) values (${ana.id}, ${ana.email}, 'Ana', ${ana.phone})`));
  });

  it('the definer entries answer anon and signed-in users', async () => {
    expect(await asAnon(db, (tx) => queryRows(tx, `select wolo.feature_enabled('no_such_flag') as enabled`))).toEqual([{ enabled: false }]);
    expect(await asUser(db, { id: bea.id }, (tx) => queryRows(tx, `select wolo.feature_enabled('no_such_flag') as enabled`))).toEqual([{ enabled: false }]);
    expect(await asUser(db, { id: bea.id }, (tx) => queryRows(tx, `select count(*)::int as n from learning.course_lessons`))).toEqual([{ n: 0 }]);
  });

  it("exports a data subject's auth.users row", async () => {
    const exported = await exportSubject(db, { email: bea.email });
    const authRows = (exported.domains.auth as Record<string, { row: { id: string } }[]>)['auth.users'] ?? [];
    expect(authRows.map((r) => r.row.id)).toEqual([bea.id]);
  });
});

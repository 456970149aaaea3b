import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db.js';
import { DEFINER_ROLE } from '../../src/functions/define.js';
import { migrate, readMigrations } from '../../src/migrations/index.js';
import { emptyServerDatabase, engine } from '../helpers.js';
import { packageSchemasSql } from './package-schemas.js';

/**
 * On Supabase the role that migrates (`postgres`) is not a superuser: NOSUPERUSER CREATEDB CREATEROLE
 * BYPASSRLS. Every migration must work as such a role: extensions it may create (trusted ones), roles
 * it creates and joins, functions handed to the definer role (ALTER … OWNER TO needs membership in the
 * new owner and the new owner's CREATE on the schema), grants on what it owns.
 */
describe.skipIf(engine !== 'postgres')(`migrating as a non-superuser like Supabase's postgres (${engine})`, () => {
  it('applies every migration, and the SECURITY DEFINER functions still belong to the definer role', async () => {
    const role = `supa_postgres_${Math.random().toString(16).slice(2, 10)}`;
    const admin = postgres(inject('pgUrl'), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${role} login password 'pw' nosuperuser createdb createrole bypassrls`);
    const target = await emptyServerDatabase({ owner: { role, password: 'pw' } });
    const { db, close } = await openDatabase({ url: target.url });
    try {
      const [me] = await queryRows<{ rolsuper: boolean }>(db, 'select rolsuper from pg_roles where rolname = current_user');
      expect(me).toEqual({ rolsuper: false });
      const applied = await migrate(db);
      expect(applied.map((a) => a.tag)).toEqual(readMigrations().map((m) => m.tag));
      const notDefiner = await queryRows<{ fn: string; owner: string }>(
        db,
        `select p.oid::regprocedure::text as fn, p.proowner::regrole::text as owner
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where p.prosecdef and n.nspname = any (${packageSchemasSql()}) and p.proowner::regrole::text <> '${DEFINER_ROLE}'
          order by 1`,
      );
      // nothing SECURITY DEFINER is owned by the migrating role (which on plain PostgreSQL may be a superuser)
      expect(notDefiner.filter((r) => r.owner === role).map((r) => r.fn)).toEqual([]);
      expect(await migrate(db)).toEqual([]);
    } finally {
      await close();
      await target.drop();
      await admin.unsafe(`drop owned by ${role}`).catch(() => {});
      await admin.unsafe(`drop role if exists ${role}`).catch(() => {});
      await admin.end({ timeout: 5 });
    }
  }, 120_000);
});

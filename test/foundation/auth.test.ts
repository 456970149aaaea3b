import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { asAnon, asRole, asUser, withContext } from '../../src/rls.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';

const t = useDatabase();
const uid = '6f1c2a34-0000-4000-8000-000000000001';

describe(`auth shim (${engine})`, () => {
  it('creates the Supabase roles, service_role with BYPASSRLS', async () => {
    const roles = await queryRows<{ rolname: string; rolbypassrls: boolean; rolsuper: boolean }>(
      t.db,
      "select rolname, rolbypassrls, rolsuper from pg_roles where rolname in ('anon','authenticated','service_role') order by rolname",
    );
    expect(roles).toEqual([
      { rolname: 'anon', rolbypassrls: false, rolsuper: false },
      { rolname: 'authenticated', rolbypassrls: false, rolsuper: false },
      { rolname: 'service_role', rolbypassrls: true, rolsuper: false },
    ]);
  });

  it('auth.uid(), auth.jwt(), auth.role(), auth.email() read the transaction-local claims', async () => {
    const rows = await asUser(t.db, { id: uid, email: 'a@example.com', app_role: 'admin' }, (tx) =>
      queryRows(tx, 'select auth.uid()::text as uid, auth.role() as role, auth.email() as email, auth.jwt() ->> \'app_role\' as app_role, current_user::text as cu'),
    );
    expect(rows).toEqual([{ uid, role: 'authenticated', email: 'a@example.com', app_role: 'admin', cu: 'authenticated' }]);
    expect(await asAnon(t.db, (tx) => queryRows(tx, 'select auth.uid() as uid, current_user::text as cu'))).toEqual([{ uid: null, cu: 'anon' }]);
  });

  it('nothing leaks after the transaction: claims, settings and role reset', async () => {
    await withContext(t.db, { role: 'authenticated', claims: { sub: uid }, settings: { 'app.current_brand': 'gnymble' } }, async () => {});
    // Many times, so that a pooled connection that served the context is reused.
    for (let i = 0; i < 5; i++) {
      const [row] = await queryRows<Record<string, unknown>>(
        t.db,
        "select current_user::text as cu, auth.uid() as uid, nullif(current_setting('app.current_brand', true), '') as brand",
      );
      expect(row).toEqual({ cu: 'postgres', uid: null, brand: null });
    }
  });

  it('auth.users is not readable by anon or authenticated, and is by service_role', async () => {
    await expectDbError(asAnon(t.db, (tx) => queryRows(tx, 'select * from auth.users')), /permission denied/);
    await expectDbError(asUser(t.db, uid, (tx) => queryRows(tx, 'select * from auth.users')), /permission denied/);
    expect(await asRole(t.db, 'service_role', (tx) => queryRows(tx, 'select count(*)::int as n from auth.users'))).toEqual([{ n: 0 }]);
  });

  it('refuses a role name that is not an identifier', async () => {
    await expect(asRole(t.db, 'anon; drop table x', async () => 1)).rejects.toThrow(/not a valid role name/);
  });
});

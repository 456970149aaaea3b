import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import { asServiceRole, asUser, ContextError } from '../../src/rls.js';
import { engine, useDatabase } from '../helpers.js';

const t = useDatabase();

describe(`RLS context errors say what happened (${engine})`, () => {
  it('asUser with an id that is not a uuid is a ValidationError before any SQL', async () => {
    let ran = false;
    for (const user of ['42', 'not-a-uuid', { id: "x' or '1'='1" }]) {
      const error = await asUser(t.db, user, async () => {
        ran = true;
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(typeof user === 'string' ? 'userId' : 'user.id');
      expect((error as Error).message).toMatch(/is not a uuid/);
    }
    expect(ran).toBe(false);
    const id = '2f4a5c1e-8d3b-4c7a-9e6f-1a2b3c4d5e6f';
    const [row] = await asUser(t.db, id, (tx) => queryRows<{ uid: string }>(tx, 'select auth.uid()::text as uid'));
    expect(row!.uid).toBe(id);
  });

  // PGlite has one user, a superuser: a login role without membership exists only on a server.
  it.skipIf(engine === 'pglite')('asServiceRole as a login role without membership names the cause and the GRANT to run', async () => {
    const login = `app_login_${randomBytes(4).toString('hex')}`;
    await queryRows(t.db, `create role ${login} login password 'pw'`);
    const url = new URL(t.handle.url!);
    url.username = login;
    url.password = 'pw';
    const app = await openDatabase({ url: url.toString(), max: 1 });
    try {
      const error = await asServiceRole(app.db, async () => 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContextError);
      expect(error).toMatchObject({ code: 'role_not_granted', sqlState: '42501' });
      expect((error as Error).message).toMatch(/permission denied to set role "service_role"/);
      expect((error as Error).message).toMatch(/GRANT service_role TO <login role>/);
    } finally {
      await app.close();
      await queryRows(t.db, `drop role ${login}`);
    }
  });
});

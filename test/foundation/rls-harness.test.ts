import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import type { Tx } from '../../src/rls.js';
import { expectAllowed, expectDenied, RlsAssertionError, RlsHarnessError } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';

const t = useDatabase();
const alice = '00000000-0000-4000-8000-00000000000a';
const bob = '00000000-0000-4000-8000-00000000000b';

// A throwaway table with an owner-only policy, to exercise the harness itself.
beforeAll(async () => {
  await execScript(t.db, `
    create table public.harness_notes (owner uuid not null, body text not null);
    alter table public.harness_notes enable row level security;
    create policy harness_notes_owner on public.harness_notes for all to authenticated
      using (owner = (select auth.uid())) with check (owner = (select auth.uid()));
    grant select, insert, update, delete on public.harness_notes to authenticated, anon;
    insert into public.harness_notes values ('${alice}', 'alice note');
    create table public.harness_open (id int primary key, body text not null);
    alter table public.harness_open enable row level security;
    create policy harness_open_all on public.harness_open for all to authenticated using (true) with check (true);
    grant select, insert, update, delete on public.harness_open to authenticated;
    insert into public.harness_open values (1, 'one'), (2, 'two');`);
});

const user = (id: string) => ({ role: 'authenticated', claims: { sub: id } });
const select = (tx: Parameters<Parameters<typeof expectAllowed>[2]>[0]) => queryRows(tx, 'select * from public.harness_notes');

describe(`RLS harness (${engine})`, () => {
  it('an allowed read and a denied read', async () => {
    expect(await expectAllowed(t.db, user(alice), select)).toHaveLength(1);
    await expectDenied(t.db, user(bob), select);
  });

  it('a write the policy refuses is denied; a permitted one is allowed and rolled back', async () => {
    await expectDenied(t.db, user(bob), (tx) => tx.execute(sql`insert into public.harness_notes values (${alice}, 'forged')`));
    await expectAllowed(t.db, user(bob), (tx) => queryRows(tx, sql`insert into public.harness_notes values (${bob}, 'mine') returning *`));
    expect(await queryRows(t.db, 'select count(*)::int as n from public.harness_notes')).toEqual([{ n: 1 }]);
  });

  it('fails loudly when asked to assert as a superuser', async () => {
    await expect(expectDenied(t.db, { role: 'postgres' }, select)).rejects.toBeInstanceOf(RlsHarnessError);
    await expect(expectAllowed(t.db, { role: 'postgres' }, select)).rejects.toThrow(/superuser/);
  });

  it('fails loudly when asked to assert as a BYPASSRLS role', async () => {
    await expect(expectDenied(t.db, { role: 'service_role' }, select)).rejects.toThrow(/BYPASSRLS/);
  });

  it('expectAllowed fails when the policy hides the rows, expectDenied when they are visible', async () => {
    await expect(expectAllowed(t.db, user(bob), select)).rejects.toBeInstanceOf(RlsAssertionError);
    await expect(expectDenied(t.db, user(alice), select)).rejects.toBeInstanceOf(RlsAssertionError);
  });

  it('an unrelated error is not mistaken for a denial', async () => {
    await expect(expectDenied(t.db, user(bob), (tx) => queryRows(tx, 'select no_such_column from public.harness_notes'))).rejects.toThrow(
      /another reason/,
    );
  });

  // postgres.js returns [] with count = affected rows for a write without RETURNING; PGlite returns
  // { rows: [], affectedRows }. Either way a write that changed rows is not a denial.
  describe('a policy that allows everything never passes expectDenied', () => {
    const writes: [string, (tx: Tx) => Promise<unknown>][] = [
      ['insert without returning (sql)', (tx) => tx.execute(sql`insert into public.harness_open values (3, 'three')`)],
      ['update without returning (sql)', (tx) => tx.execute(sql`update public.harness_open set body = 'x'`)],
      ['delete without returning (sql)', (tx) => tx.execute(sql`delete from public.harness_open where id = 1`)],
      ['update without returning (queryRows)', (tx) => queryRows(tx, sql`update public.harness_open set body = 'y' where id = 2`)],
      ['select', (tx) => queryRows(tx, sql`select * from public.harness_open`)],
    ];
    for (const [name, op] of writes) {
      it(name, async () => {
        await expect(expectDenied(t.db, user(bob), op)).rejects.toBeInstanceOf(RlsAssertionError);
        await expectAllowed(t.db, user(bob), op);
      });
    }
  });

  it('a real denial without RETURNING passes: the write changed 0 rows, or raised 42501', async () => {
    await expectDenied(t.db, user(bob), (tx) => tx.execute(sql`update public.harness_notes set body = 'x'`));
    await expectDenied(t.db, user(bob), (tx) => tx.execute(sql`delete from public.harness_notes`));
    await expectDenied(t.db, user(bob), (tx) => tx.execute(sql`insert into public.harness_notes values (${alice}, 'forged')`));
    // anon has a grant but no policy: 0 rows; and no grant at all on harness_open: 42501.
    await expectDenied(t.db, { role: 'anon' }, (tx) => tx.execute(sql`update public.harness_notes set body = 'x'`));
    await expectDenied(t.db, { role: 'anon' }, (tx) => tx.execute(sql`insert into public.harness_open values (9, 'nine')`));
    expect(await queryRows(t.db, 'select body from public.harness_notes')).toEqual([{ body: 'alice note' }]);
  });
});

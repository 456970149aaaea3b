import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { dbErrorCode, queryRows } from '../../src/db.js';
import { asRole, asServiceRole } from '../../src/rls.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { createAuthUser, createProfile, createTransaction, resetUnified } from './fixtures.js';

const t = useDatabase();
beforeEach(async () => resetUnified(t.db));

interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  users_created: number;
  transactions_linked: number;
}
const sync = async (contacts: unknown, payments: unknown = [], create = true) => {
  const [row] = await queryRows<Counts>(t.db, sql`select * from public.sync_profile_data(${JSON.stringify(contacts)}::jsonb, ${JSON.stringify(payments)}::jsonb, ${create})`);
  return row!;
};
const profile = async (email: string) => {
  const [row] = await queryRows<Record<string, unknown>>(
    t.db,
    sql`select id, email, first_name, last_name, phone, tags, systemeio_id, acquisition_source, created_at from public.unified_profiles where lower(email) = lower(${email})`,
  );
  return row;
};

describe(`sync_profile_data (${engine})`, () => {
  it('empty input changes nothing and returns zero counts', async () => {
    expect(await sync([], [])).toEqual({ inserted: 0, updated: 0, unchanged: 0, skipped: 0, users_created: 0, transactions_linked: 0 });
    const [row] = await queryRows<Counts>(t.db, sql`select * from public.sync_profile_data(null, null)`);
    expect(row!.inserted).toBe(0);
  });

  it('inserts new contacts (creating auth users), then reports them unchanged on a re-run', async () => {
    const contacts = [
      { email: ' Alice@Example.com ', first_name: 'Alice', last_name: 'Reyes', phone: '0917 123 4567', tags: ['lead', 'p2p', 'lead'], systemeio_id: 101, created_at: '2024-01-10T00:00:00Z' },
      { email: 'bob@example.com', first_name: 'Bob', tags: 'webinar, lead' },
    ];
    expect(await sync(contacts)).toMatchObject({ inserted: 2, updated: 0, unchanged: 0, skipped: 0, users_created: 2 });
    const alice = await profile('alice@example.com');
    expect(alice).toMatchObject({ email: 'alice@example.com', first_name: 'Alice', phone: '09171234567', tags: ['lead', 'p2p'], systemeio_id: '101', acquisition_source: 'systemeio' });
    expect(new Date(alice!.created_at as string).toISOString()).toBe('2024-01-10T00:00:00.000Z');
    expect((await profile('bob@example.com'))!.tags).toEqual(['lead', 'webinar']);
    const [auth] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from auth.users u join public.unified_profiles p on p.id = u.id`);
    expect(auth!.n).toBe(2);
    expect(await sync(contacts)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, skipped: 0, users_created: 0 });
    expect(await queryRows(t.db, sql`select 1 from public.profile_audit_log`)).toHaveLength(0);
  });

  it('matches emails differing only in case and whitespace, and uses the existing auth user', async () => {
    const id = await createAuthUser(t.db, 'Carol@Example.COM');
    expect(await sync([{ email: 'carol@example.com', first_name: 'Carol' }, { email: ' CAROL@example.com', last_name: 'Cruz' }])).toMatchObject({
      inserted: 1,
      users_created: 0,
    });
    // The last contact for an email wins as a whole.
    expect(await profile('carol@example.com')).toMatchObject({ id, first_name: null, last_name: 'Cruz' });
    expect(await sync([{ email: 'CAROL@EXAMPLE.COM', first_name: 'Carol' }])).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from public.unified_profiles`);
    expect(n!.n).toBe(1);
  });

  it('Systeme.io wins for names and tags, the profile keeps what Systeme.io lacks, Xendit fills the rest', async () => {
    await createProfile(t.db, 'dan@example.com', { firstName: 'Daniel', lastName: 'Old', acquisitionSource: 'facebook' });
    await t.db.execute(sql`update public.unified_profiles set tags = array['old'] where email = 'dan@example.com'`);
    const counts = await sync(
      [{ email: 'dan@example.com', first_name: 'Dan', tags: ['new'], acquisition_source: 'webinar' }],
      [{ email: 'DAN@example.com', first_name: 'Xendit-Dan', last_name: 'Xendit-Last', phone: '+63 917 555 0000', status: 'PAID', amount: 1000 }],
    );
    expect(counts).toMatchObject({ inserted: 0, updated: 1 });
    expect(await profile('dan@example.com')).toMatchObject({
      first_name: 'Dan', // Systeme.io
      last_name: 'Old', // Systeme.io had none: the profile keeps its own
      phone: '+639175550000', // neither had one: Xendit's, normalized
      tags: ['new'], // Systeme.io replaces tags
      acquisition_source: 'facebook', // first touch kept
    });
  });

  it('a payer without a Systeme.io contact gets a profile from Xendit; unpaid invoices make no customer', async () => {
    const counts = await sync([], [
      { email: 'payer@example.com', first_name: 'Pay', status: 'SETTLED', paid_at: '2024-02-01T03:00:00Z' },
      { email: 'expired@example.com', first_name: 'Exp', status: 'EXPIRED' },
    ]);
    expect(counts).toMatchObject({ inserted: 1, skipped: 0, users_created: 1 });
    expect(await profile('payer@example.com')).toMatchObject({ first_name: 'Pay', acquisition_source: 'xendit' });
    expect(await profile('expired@example.com')).toBeUndefined();
  });

  it('without create_missing_users, an email with no auth user is skipped', async () => {
    await createAuthUser(t.db, 'known@example.com');
    expect(await sync([{ email: 'known@example.com' }, { email: 'unknown@example.com' }], [], false)).toMatchObject({ inserted: 1, skipped: 1, users_created: 0 });
  });

  it('links unlinked transactions by contact_email, which enrolls a paid P2P buyer', async () => {
    const tx = await createTransaction(t.db, { contactEmail: 'Linked@Example.com', status: 'paid' });
    await createTransaction(t.db, { contactEmail: 'other@example.com', status: 'paid' });
    const counts = await sync([{ email: 'linked@example.com', first_name: 'Lin' }]);
    expect(counts).toMatchObject({ inserted: 1, transactions_linked: 1 });
    const p = await profile('linked@example.com');
    expect(await queryRows(t.db, sql`select user_id from public.transactions where id = ${tx}`)).toEqual([{ user_id: p!.id }]);
    expect(await queryRows(t.db, sql`select status from public.enrollments where user_id = ${p!.id}`)).toEqual([{ status: 'active' }]);
  });

  it('updates write audit rows (after_profile_update) and only for changed profiles', async () => {
    await sync([{ email: 'e1@example.com', first_name: 'One' }, { email: 'e2@example.com', first_name: 'Two' }]);
    expect(await sync([{ email: 'e1@example.com', first_name: 'Uno' }, { email: 'e2@example.com', first_name: 'Two' }])).toMatchObject({ updated: 1, unchanged: 1 });
    const rows = await queryRows<{ changed_columns: string[] }>(t.db, sql`select changed_columns from public.profile_audit_log`);
    expect(rows).toEqual([{ changed_columns: ['first_name'] }]);
  });

  it('rejects bad input with a message naming the element and field, and writes nothing', async () => {
    const before = await queryRows(t.db, sql`select count(*)::int as n from auth.users`);
    const bad: [unknown, unknown, RegExp][] = [
      [{ email: 'x@example.com' }, [], /contacts must be a JSON array/],
      [[{ email: 'ok@example.com' }, { email: 'not an email' }], [], /contacts\[1\]\.email is missing or not a valid email/],
      [[{ first_name: 'no email' }], [], /contacts\[0\]\.email/],
      [['just a string'], [], /contacts\[0\] must be an object/],
      [[{ email: 'ok@example.com', tags: 5 }], [], /contacts\[0\]\.tags/],
      [[], [{ email: 'ok@example.com', paid_at: 'yesterday-ish' }], /payments\[0\]\.created_at or paid_at is not a timestamp/],
    ];
    for (const [contacts, payments, pattern] of bad) {
      await expectDbError(sync(contacts, payments), pattern);
    }
    const error = await sync([{ email: 'bad' }]).catch((e: unknown) => e);
    expect(dbErrorCode(error)).toBe('22023');
    expect(await queryRows(t.db, sql`select count(*)::int as n from auth.users`)).toEqual(before);
    expect(await queryRows(t.db, sql`select 1 from public.unified_profiles`)).toHaveLength(0);
  });

  it('accepts camelCase keys and raw Systeme.io / Xendit field names', async () => {
    const counts = await sync(
      [{ email: 'raw@example.com', firstName: 'Ray', id: 777, tags: [{ name: 'vip' }, { name: 'lead' }], source: 'tiktok' }],
      [{ payer_email: 'xen@example.com', status: 'PAID', paid_at: '2024-05-01T00:00:00Z', customer: { given_names: 'Xen', surname: 'Dit', mobile_number: '+639171230000' } }],
    );
    expect(counts).toMatchObject({ inserted: 2 });
    expect(await profile('raw@example.com')).toMatchObject({ first_name: 'Ray', systemeio_id: '777', tags: ['lead', 'vip'], acquisition_source: 'tiktok' });
    expect(await profile('xen@example.com')).toMatchObject({ first_name: 'Xen', last_name: 'Dit', phone: '+639171230000', acquisition_source: 'xendit' });
  });

  it('concurrent syncs of the same new emails do not collide (advisory lock)', async () => {
    const contacts = Array.from({ length: 20 }, (_, i) => ({ email: `race${i}@example.com`, first_name: `R${i}` }));
    const results = await Promise.all([sync(contacts), sync(contacts), sync(contacts.slice(5))]);
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(20);
    expect(results.reduce((n, r) => n + r.inserted + r.unchanged, 0)).toBe(55);
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from public.unified_profiles where email like 'race%'`);
    expect(n!.n).toBe(20);
  });

  it('is executable by service_role only', async () => {
    await asServiceRole(t.db, (tx) => tx.execute(sql`select * from public.sync_profile_data('[{"email":"svc@example.com"}]'::jsonb, '[]'::jsonb)`));
    for (const role of ['authenticated', 'anon']) {
      await expectDbError(
        asRole(t.db, role, (tx) => tx.execute(sql`select * from public.sync_profile_data('[]'::jsonb, '[]'::jsonb)`)),
        /permission denied for function sync_profile_data/,
      );
    }
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { exportUserData, forgetUser, readIdNumber, setIdNumber } from '../../src/functions/wolo/index.js';
import { withContext } from '../../src/rls.js';
import { expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { anonCtx, createDonation, createPot, createUser, expectSqlState, userCtx } from './fixtures.js';

const t = useDatabase();
const KEY = 'test-key-0123456789abcdef';

async function profile(user: string) {
  await queryRows(t.db, sql`insert into wolo.profiles (user_id, full_name, date_of_birth) values (${user}, 'Awa Ndiaye', '1990-05-01')`);
}

describe(`ID numbers (${engine})`, () => {
  it('stored as ciphertext that never contains the number, with a keyed hash; read back with the key', async () => {
    const alice = await createUser(t.db);
    await profile(alice);
    expect(await setIdNumber(t.db, { userId: alice, idNumber: '1 234 5678 90123', key: KEY })).toEqual([]);
    const [row] = await queryRows<{ id_number: string; id_hash: string }>(t.db, sql`select id_number, id_hash from wolo.profiles where user_id = ${alice}`);
    expect(row!.id_number).not.toContain('1234567890123');
    expect(Buffer.from(row!.id_number, 'base64').toString('latin1')).not.toContain('1234567890123');
    expect(row!.id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await readIdNumber(t.db, { userId: alice, key: KEY })).toBe('1234567890123');
    // A wrong key does not decrypt: a ValidationError naming the key, not pgcrypto's 39000.
    await expect(readIdNumber(t.db, { userId: alice, key: 'another-key-0123456789' })).rejects.toMatchObject({ code: 'decryption_failed', field: 'key' });
  });

  it('duplicate detection by keyed hash; a missing key is a clear error', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await profile(a);
    await profile(b);
    await setIdNumber(t.db, { userId: a, idNumber: 'SN-998877', key: KEY });
    expect(await setIdNumber(t.db, { userId: b, idNumber: 'sn-998877', key: KEY })).toEqual([a]);
    await expectSqlState(queryRows(t.db, sql`select wolo.set_id_number(${a}, 'SN-1111')`), 'UW025');
    await expect(setIdNumber(t.db, { userId: a, idNumber: 'SN-1111', key: 'short' })).rejects.toMatchObject({ field: 'key' });
    await expect(setIdNumber(t.db, { userId: a, idNumber: '!!!!', key: KEY })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('only the user (or an admin, or service_role) sets and reads; no direct column write for authenticated', async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    await profile(alice);
    const setAs = (who: string, target: string) =>
      withContext(t.db, userCtx(who), async (tx) => {
        await tx.execute(sql`select set_config('wolo.id_encryption_key', ${KEY}, true)`);
        return queryRows(tx, sql`select wolo.set_id_number(${target}, 'SN-424242') as d`);
      });
    expect(await setAs(alice, alice)).toHaveLength(1);
    await expectSqlState(setAs(bob, alice), '42501');
    await expectDenied(t.db, userCtx(alice), (tx) => queryRows(tx, sql`update wolo.profiles set id_number = 'clear' where user_id = ${alice} returning user_id`));
    await expectDenied(t.db, anonCtx, (tx) => queryRows(tx, sql`select wolo.read_id_number(${alice})`));
    // authenticated without a signed-in user (a token with no sub) acts for nobody
    const noSub = { role: 'authenticated', claims: { role: 'authenticated' } } as const;
    await expectSqlState(
      withContext(t.db, noSub, async (tx) => {
        await tx.execute(sql`select set_config('wolo.id_encryption_key', ${KEY}, true)`);
        return queryRows(tx, sql`select wolo.read_id_number(${alice}) as n`);
      }),
      '42501',
    );
    await expectSqlState(
      withContext(t.db, noSub, async (tx) => {
        await tx.execute(sql`select set_config('wolo.id_encryption_key', ${KEY}, true)`);
        return queryRows(tx, sql`select wolo.set_id_number(${alice}, 'SN-999999') as d`);
      }),
      '42501',
    );
    expect(await readIdNumber(t.db, { userId: alice, key: KEY })).toBe('SN-424242');
  });

  it('export_user_data: profile (ID decrypted only with the key), addresses, pots, donations made and received, consent; service_role only', async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    await profile(alice);
    await setIdNumber(t.db, { userId: alice, idNumber: 'SN-777888', key: KEY });
    await queryRows(t.db, sql`insert into wolo.user_addresses (user_id, city) values (${alice}, 'Dakar')`);
    await queryRows(
      t.db,
      sql`insert into wolo.notification_preferences (user_id, marketing_notifications, marketing_opt_in_at, marketing_opt_in_source) values (${alice}, true, now(), 'signup_form')`,
    );
    const pot = await createPot(t.db, alice);
    await createDonation(t.db, pot, { donor: bob, amount: 3000, name: 'Bob' });
    const bobPot = await createPot(t.db, bob);
    await createDonation(t.db, bobPot, { donor: alice, amount: 1500 });
    const withKey = (await exportUserData(t.db, { userId: alice, key: KEY })) as Record<string, any>;
    expect(withKey.profile).toMatchObject({ full_name: 'Awa Ndiaye', id_number: 'SN-777888', id_number_stored: true });
    expect(withKey.profile).not.toHaveProperty('id_hash');
    expect(withKey.addresses.map((a: { city: string }) => a.city)).toEqual(['Dakar']);
    expect(withKey.pots.map((p: { id: string }) => p.id)).toEqual([pot]);
    expect(withKey.donations_received).toMatchObject([{ amount_cfa: 3000, donor_name: 'Bob' }]);
    expect(withKey.donations_made).toMatchObject([{ amount_cfa: 1500, pot_id: bobPot }]);
    expect(withKey.consent).toMatchObject({ marketing_notifications: true, marketing_opt_in_source: 'signup_form' });
    const noKey = (await exportUserData(t.db, { userId: alice })) as Record<string, any>;
    expect(noKey.profile).toMatchObject({ id_number: null, id_number_stored: true });
    expect(JSON.stringify(noKey)).not.toContain('777888');
    await expectDenied(t.db, userCtx(alice), (tx) => queryRows(tx, sql`select wolo.export_user_data(${alice})`));
  });

  it('forget_user: nothing personal in the export afterwards, financial rows kept detached, idempotent; service_role only', async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    await profile(alice);
    await setIdNumber(t.db, { userId: alice, idNumber: 'SN-555666', key: KEY });
    await queryRows(t.db, sql`insert into wolo.user_addresses (user_id, city, street_address) values (${alice}, 'Dakar', '12 rue Carnot')`);
    await queryRows(t.db, sql`insert into wolo.notification_preferences (user_id, marketing_notifications, marketing_opt_in_at, marketing_opt_in_source) values (${alice}, true, now(), 'signup_form')`);
    await queryRows(t.db, sql`insert into wolo.analytics_events (event_name, event_category, user_id) values ('login', 'auth', ${alice})`);
    const pot = await createPot(t.db, alice);
    const bobPot = await createPot(t.db, bob);
    const made = await createDonation(t.db, bobPot, { donor: alice, amount: 1500, name: 'Awa Ndiaye', phone: '+221771239876' });
    await queryRows(t.db, sql`update wolo.pots set title = 'Fatou 18 ans' where id = ${pot}`);
    const [u] = await queryRows<{ email: string; phone: string }>(t.db, sql`select email, phone from wolo.users where id = ${alice}`);
    const before = JSON.stringify(await exportUserData(t.db, { userId: alice, key: KEY }));
    for (const secret of ['Awa Ndiaye', u!.email, u!.phone, 'SN-555666', '12 rue Carnot', 'signup_form']) expect(before).toContain(secret);
    await expectDenied(t.db, userCtx(alice), (tx) => queryRows(tx, sql`select wolo.forget_user(${alice})`));
    await forgetUser(t.db, alice);
    await forgetUser(t.db, alice);
    const after = JSON.stringify(await exportUserData(t.db, { userId: alice, key: KEY }));
    for (const secret of ['Awa Ndiaye', u!.email, u!.phone, 'SN-555666', '12 rue Carnot', 'signup_form', '771239876']) expect(after).not.toContain(secret);
    const [d] = await queryRows<{ donor_user_id: string | null; donor_name: string | null; donor_phone: string | null; amount_cfa: number; initiated_at: string }>(
      t.db,
      sql`select donor_user_id, donor_name, donor_phone, amount_cfa, initiated_at::text from wolo.donations where id = ${made}`,
    );
    expect(d).toMatchObject({ donor_user_id: null, donor_name: null, donor_phone: null, amount_cfa: 1500 });
    expect(d!.initiated_at).toBeTruthy();
    const [p] = await queryRows<{ title: string; owner_user_id: string }>(t.db, sql`select title, owner_user_id from wolo.pots where id = ${pot}`);
    expect(p!.title).toBe('[forgotten]');
    const [audit] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.audit_logs where coalesce(old_values::text, '') || coalesce(new_values::text, '') like '%Fatou 18 ans%'`);
    expect(audit!.n).toBe(0);
    await expect(forgetUser(t.db, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('forget_user: the referrals where the person was invited and those they sent keep no contact; an accepted one stays accepted', async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const [a] = await queryRows<{ email: string; phone: string }>(t.db, sql`select email, phone from wolo.users where id = ${alice}`);
    const referral = async (sponsor: string, contact: { phone?: string; email?: string; name: string }, accepted?: string) => {
      const [r] = await queryRows<{ id: string }>(
        t.db,
        sql`insert into wolo.referrals (sponsor_user_id, referral_code, invited_phone, invited_email, invited_name, invitation_message, status, sponsored_user_id, accepted_at)
            values (${sponsor}, upper(substr(md5(random()::text), 1, 20)), ${contact.phone ?? null}, ${contact.email ?? null}, ${contact.name}, ${`Hi ${contact.name}`},
                    ${accepted ? 'accepted' : 'sent'}, ${accepted ?? null}, ${accepted ? sql`now()` : null}) returning id`,
      );
      return r!.id;
    };
    // Bob invited Alice (accepted), and by email before she had an account; Alice invited Fatou
    const accepted = await referral(bob, { phone: a!.phone, name: 'Alice Diop' }, alice);
    await referral(bob, { email: a!.email.toUpperCase(), name: 'Alice D.' });
    await referral(alice, { phone: '+221779998877', email: 'friend@x.sn', name: 'Fatou' });
    await forgetUser(t.db, alice);
    await forgetUser(t.db, alice);
    const after = JSON.stringify(await exportUserData(t.db, { userId: alice, key: KEY }));
    for (const secret of ['Fatou', '779998877', 'friend@x.sn', 'Alice Diop', a!.phone, a!.email]) expect(after).not.toContain(secret);
    const [left] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from wolo.referrals where invited_name in ('Alice Diop', 'Alice D.', 'Fatou') or invited_phone in (${a!.phone}, '+221779998877') or lower(invited_email) in (${a!.email.toLowerCase()}, 'friend@x.sn')`,
    );
    expect(left!.n).toBe(0);
    const [kept] = await queryRows<{ status: string; sponsored_user_id: string }>(t.db, sql`select status, sponsored_user_id from wolo.referrals where id = ${accepted}`);
    expect(kept).toEqual({ status: 'accepted', sponsored_user_id: alice });
  });
});

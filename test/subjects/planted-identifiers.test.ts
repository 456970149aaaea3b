import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbErrorCode, queryRows } from '../../src/db.js';
import { asUser } from '../../src/rls.js';
import { eraseSubject, exportSubject } from '../../src/subjects.js';
import { engine, useDatabase } from '../helpers.js';
import { newPerson, seedPerson, seedWorld } from './fixture.js';

/**
 * A data-subject request by user id widens the person to the emails and phones their user rows
 * hold. Some of those columns the person writes themselves (their unified profile's phone,
 * learning.users' and wolo.users' email and phone): an identifier written there is a claim, not
 * proof. Before, Mallory could put Awa's phone and Binta's email in her own rows and then ask for
 * her own export (Awa's and Binta's auth accounts, CRM records and donations came with it) or her
 * own erasure (their auth accounts were anonymised: locked out); and Binta's request by email took
 * Mallory for Binta.
 */
describe(`data subjects: identifiers a user wrote into their own rows do not widen their request (${engine})`, () => {
  const t = useDatabase();
  const awa = newPerson('Awa');
  const binta = newPerson('Binta');
  const mallory = newPerson('Mallory');
  const authRow = (id: string) => queryRows<{ email: string | null; phone: string | null }>(t.db, sql`select email, phone from auth.users where id = ${id}`);

  beforeAll(async () => {
    const world = await seedWorld(t.db);
    await seedPerson(t.db, awa, world);
    // Binta: an auth account and a CRM record, no WOLO account (her email is free there)
    await queryRows(t.db, sql`insert into auth.users (id, email, aud, role) values (${binta.id}, ${binta.email}, 'authenticated', 'authenticated')`);
    await queryRows(t.db, sql`insert into crm.customers (brand_id, email, first_name, last_name) values ('gnymble'::crm.brand_id, ${binta.email}, 'Binta', 'Sow')`);
    // Mallory signs up (auth and unified rows are the backend's), then writes her own rows as herself
    await queryRows(t.db, sql`insert into auth.users (id, email, aud, role) values (${mallory.id}, ${mallory.email}, 'authenticated', 'authenticated')`);
    await queryRows(t.db, sql`insert into public.unified_profiles (id, email, first_name) values (${mallory.id}, ${mallory.email}, 'Mallory')`);
    await asUser(t.db, mallory.id, async (tx) => {
      await queryRows(tx, sql`update public.unified_profiles set phone = ${awa.phone} where id = ${mallory.id}`);
    });
    // learning.users and wolo.users now refuse an email or phone that is not the writer's login identity
    // (require_login_identity, below); rows she wrote before that rule still hold what she planted
    await queryRows(t.db, sql`insert into learning.users (id, email, name, phone) values (${mallory.id}, ${mallory.email}, 'Mallory', ${awa.phone})`);
    await queryRows(t.db, sql`insert into wolo.users (id, email) values (${mallory.id}, ${binta.email})`);
  });

  it("she can no longer write Awa's phone or Binta's email into her own rows", async () => {
    const planted = [
      // a changed value (digits only), the same phone: the rule compares digits
      sql`update learning.users set phone = ${awa.phone.replace(/[^0-9]/g, '')} where id = ${mallory.id}`,
      sql`update wolo.users set email = upper(${binta.email}) where id = ${mallory.id}`,
    ];
    for (const statement of planted) {
      const error = await asUser(t.db, mallory.id, (tx) => queryRows(tx, statement)).then(() => undefined, (e: unknown) => e);
      expect(['UL021', 'UW029']).toContain(dbErrorCode(error));
    }
  });

  it("her export by user id holds her own rows, not Awa's or Binta's", async () => {
    const doc = await exportSubject(t.db, { userId: mallory.id });
    expect(doc.subject.phones).not.toContain(awa.phone);
    expect(doc.subject.emails).not.toContain(binta.email.toLowerCase());
    const auth = (doc.domains.auth?.['auth.users'] ?? []) as { row: { id: string } }[];
    expect(auth.map((r) => r.row.id)).toEqual([mallory.id]);
    expect(doc.domains.crm).toBeUndefined();
    // still hers, found by her id: the rows holding what she planted
    const learning = (doc.domains.learning?.['learning.users'] ?? []) as { row: { id: string } }[];
    expect(learning.map((r) => r.row.id)).toEqual([mallory.id]);
  });

  it("Binta's export by her email does not take Mallory, who claimed that email, for Binta", async () => {
    const doc = await exportSubject(t.db, { email: binta.email });
    expect(doc.subject.user_ids).toEqual([binta.id]);
    const auth = (doc.domains.auth?.['auth.users'] ?? []) as { row: { id: string } }[];
    expect(auth.map((r) => r.row.id)).toEqual([binta.id]);
    // the row holding the claimed email is still found (it holds Binta's email), as a row, not as a person
    const wolo = (doc.domains.wolo?.['wolo.users'] ?? []) as { row: { id: string }; found_by: string[] }[];
    expect(wolo.map((r) => [r.row.id, r.found_by])).toEqual([[mallory.id, ['email:email']]]);
  });

  it("her erasure leaves Awa's and Binta's accounts and CRM records as they were", async () => {
    const before = { awa: await authRow(awa.id), binta: await authRow(binta.id) };
    const customers = () => queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from crm.customers where email in (${awa.email}, ${binta.email})`);
    const customersBefore = await customers();
    expect(customersBefore).toEqual([{ n: 3 }]);
    await eraseSubject(t.db, { userId: mallory.id });
    expect({ awa: await authRow(awa.id), binta: await authRow(binta.id) }).toEqual(before);
    expect(await customers()).toEqual(customersBefore);
    expect(await authRow(mallory.id)).toEqual([{ email: null, phone: null }]);
  });
});

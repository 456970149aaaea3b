import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import { fromDatabaseError, ValidationError } from '../../src/errors.js';
import { DEFINER_ROLE } from '../../src/functions/define.js';
import { forgetUser, WOLO_SQLSTATES } from '../../src/functions/wolo/index.js';
import { asServiceRole, type DbContext, withContext } from '../../src/rls.js';
import { expectAllowed, expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { expectSqlState, userCtx } from './fixtures.js';

/**
 * wolo.users holds the email and phone a person signs in with: what a signed-in user writes into
 * their own row is compared with their auth.users row (wolo.require_login_identity). Before, anyone
 * could claim someone else's email or phone (unique here: that person could never create their
 * account) and then ask to be forgotten, which wiped that person's invitations.
 */
const t = useDatabase();
let seq = Math.floor(Math.random() * 1e6);

/** An auth user only (no wolo.users row yet), with GoTrue's phone format (digits, no `+`). */
async function authUser(opts: { phone?: boolean } = {}) {
  const id = randomUUID();
  const email = `Login.${id.slice(0, 8)}@Wolo.example`;
  const phone = opts.phone === false ? null : `+22178${String(seq++ % 10_000_000).padStart(7, '0')}`;
  await queryRows(t.db, sql`insert into auth.users (id, email, phone) values (${id}, ${email}, ${phone?.slice(1) ?? null})`);
  return { id, email, phone: phone ?? '' };
}
const owner = (table = 'wolo.users', operation: 'insert' | 'update' = 'insert') => ({ table, operation, persona: 'authenticated:owner' }) as const;
const write = (ctx: DbContext, statement: ReturnType<typeof sql>) => withContext(t.db, ctx, (tx) => queryRows(tx, statement));
/** The refusal as an app maps it: a ValidationError naming the field. */
async function refusal(ctx: DbContext, statement: ReturnType<typeof sql>) {
  const error = await write(ctx, statement).then(
    () => undefined,
    (e: unknown) => e,
  );
  return fromDatabaseError(error, WOLO_SQLSTATES);
}

describe(`wolo.users: a user writes only their own login email and phone (${engine})`, () => {
  it('allowed: their own email in another case, their own phone with a +', async () => {
    const ana = await authUser();
    const rows = await expectAllowed(
      t.db,
      userCtx(ana.id),
      (tx) => queryRows(tx, sql`insert into wolo.users (id, email, phone) values (${ana.id}, ${ana.email.toUpperCase()}, ${ana.phone}) returning email, phone`),
      owner(),
    );
    expect(rows).toEqual([{ email: ana.email.toUpperCase(), phone: ana.phone }]);
    // expectAllowed rolls its attempt back: the row, written for the update below
    await write(userCtx(ana.id), sql`insert into wolo.users (id, email, phone) values (${ana.id}, ${ana.email}, ${ana.phone})`);
    await expectAllowed(t.db, userCtx(ana.id), (tx) => queryRows(tx, sql`update wolo.users set email = upper(email), phone = ${ana.phone.slice(1)} where id = ${ana.id} returning id`), owner('wolo.users', 'update'));
  });

  it("refused: someone else's email, a phone that is not theirs (UW029 naming the field), nothing written", async () => {
    const ana = await authUser();
    const bea = await authUser();
    const insert = (email: string | null, phone: string | null) => sql`insert into wolo.users (id, email, phone) values (${ana.id}, ${email}, ${phone}) returning id`;
    const byEmail = await refusal(userCtx(ana.id), insert(bea.email, null));
    expect(byEmail).toBeInstanceOf(ValidationError);
    expect(byEmail).toMatchObject({ code: 'not_login_identity', field: 'email', sqlState: 'UW029' });
    expect(await refusal(userCtx(ana.id), insert(ana.email, bea.phone))).toMatchObject({ code: 'not_login_identity', field: 'phone' });
    // a phone is compared by its digits, all of them
    expect(await refusal(userCtx(ana.id), insert(null, `${ana.phone}1`))).toMatchObject({ field: 'phone' });
    expect(await queryRows(t.db, sql`select id from wolo.users where id = ${ana.id}`)).toEqual([]);
    // bea's email is still free for her
    await expectAllowed(t.db, userCtx(bea.id), (tx) => queryRows(tx, sql`insert into wolo.users (id, email) values (${bea.id}, ${bea.email}) returning id`), owner());
    // an update to another person's contact, as refused as the insert
    await write(userCtx(ana.id), insert(ana.email, null));
    await expectSqlState(write(userCtx(ana.id), sql`update wolo.users set email = ${bea.email} where id = ${ana.id}`), 'UW029');
    await expectSqlState(write(userCtx(ana.id), sql`update wolo.users set phone = ${bea.phone} where id = ${ana.id}`), 'UW029');
  });

  it("another user's id: RLS refuses it whatever the email, so the refusal tells nothing about that user's email", async () => {
    const ana = await authUser();
    const bea = await authUser();
    for (const email of [bea.email, 'a.guess@wolo.example']) {
      await expectDenied(t.db, userCtx(ana.id), (tx) => queryRows(tx, sql`insert into wolo.users (id, email) values (${bea.id}, ${email}) returning id`), {
        table: 'wolo.users',
        operation: 'insert',
        persona: 'authenticated:other',
      });
    }
  });

  it('a user without a phone in auth may write none; the token claims do not stand in for auth.users', async () => {
    const cy = await authUser({ phone: false });
    const claimed: DbContext = { role: 'authenticated', claims: { sub: cy.id, role: 'authenticated', email: cy.email, phone: '221780000001' } };
    await expectSqlState(write(claimed, sql`insert into wolo.users (id, email, phone) values (${cy.id}, ${cy.email}, '+221780000001')`), 'UW029');
    await expectAllowed(t.db, claimed, (tx) => queryRows(tx, sql`insert into wolo.users (id, email) values (${cy.id}, ${cy.email}) returning id`), owner());
  });

  it('rows written before the rule keep working: an update that leaves email and phone as they were passes', async () => {
    const dee = await authUser();
    // written by the backend (or before the rule) with a contact that is not the login identity
    await queryRows(t.db, sql`insert into wolo.users (id, email, phone) values (${dee.id}, 'old.address@wolo.example', '+221700000009')`);
    await expectAllowed(
      t.db,
      userCtx(dee.id),
      (tx) => queryRows(tx, sql`update wolo.users set email = email, phone = phone, last_login_at = now() where id = ${dee.id} returning id`),
      owner('wolo.users', 'update'),
    );
    await expectSqlState(write(userCtx(dee.id), sql`update wolo.users set email = 'other.address@wolo.example' where id = ${dee.id}`), 'UW029');
  });

  it('service_role (the backend) writes any email and phone', async () => {
    const eve = await authUser();
    await expectAllowed(
      t.db,
      { role: 'service_role', claims: { role: 'service_role' } },
      (tx) => queryRows(tx, sql`insert into wolo.users (id, email, phone) values (${eve.id}, 'verified.elsewhere@wolo.example', '+221700000010') returning id`),
      { table: 'wolo.users', operation: 'insert', bypassRls: true },
    );
    await asServiceRole(t.db, (tx) => queryRows(tx, sql`update wolo.users set phone = '+221700000011' where id = ${eve.id}`));
  });

  it("where the definer role may not read auth.users, the signed-in user's token claims are the identity", async () => {
    const fay = await authUser();
    const claims = (email: string, phone: string): DbContext => ({ role: 'authenticated', claims: { sub: fay.id, role: 'authenticated', email, phone } });
    await execScript(t.db, `REVOKE SELECT ON auth.users FROM ${DEFINER_ROLE}`);
    try {
      await expectSqlState(write(claims(fay.email, fay.phone.slice(1)), sql`insert into wolo.users (id, email) values (${fay.id}, 'not.mine@wolo.example')`), 'UW029');
      await expectAllowed(
        t.db,
        claims(fay.email, fay.phone.slice(1)),
        (tx) => queryRows(tx, sql`insert into wolo.users (id, email, phone) values (${fay.id}, ${fay.email.toLowerCase()}, ${fay.phone}) returning id`),
        owner(),
      );
    } finally {
      await execScript(t.db, `GRANT SELECT ON auth.users TO ${DEFINER_ROLE}`);
    }
  });
});

describe(`wolo.forget_user: a planted email no longer wipes someone else's invitations (${engine})`, () => {
  it("Mallory cannot put Binta's email or phone in her account, so forgetting Mallory leaves Binta's invitations", async () => {
    const sponsor = await authUser();
    const mallory = await authUser();
    const binta = await authUser();
    await asServiceRole(t.db, (tx) => queryRows(tx, sql`insert into wolo.users (id, email, phone) values (${sponsor.id}, ${sponsor.email}, ${sponsor.phone})`));
    const invite = (phone: string | null, email: string | null) =>
      asServiceRole(t.db, async (tx) => (await queryRows<{ id: string }>(tx, sql`select wolo.send_invitation(${sponsor.id}, ${phone}, ${email}, 'Binta', 'Join!') as id`))[0]!.id);
    const byEmail = await invite(null, binta.email);
    const byPhone = await invite(binta.phone, null);

    // Mallory signs up as herself, then tries to claim Binta's contact
    await expectSqlState(write(userCtx(mallory.id), sql`insert into wolo.users (id, email) values (${mallory.id}, ${binta.email.toLowerCase()})`), 'UW029');
    await expectSqlState(write(userCtx(mallory.id), sql`insert into wolo.users (id, phone) values (${mallory.id}, ${binta.phone})`), 'UW029');
    await write(userCtx(mallory.id), sql`insert into wolo.users (id, email) values (${mallory.id}, ${mallory.email})`);
    await expectSqlState(write(userCtx(mallory.id), sql`update wolo.users set email = ${binta.email}, phone = ${binta.phone} where id = ${mallory.id}`), 'UW029');

    // she asks to be forgotten
    await asServiceRole(t.db, (tx) => forgetUser(tx, mallory.id));
    const referrals = await queryRows<{ id: string; invited_email: string | null; invited_phone: string | null; invited_name: string | null }>(
      t.db,
      sql`select id, invited_email, invited_phone, invited_name from wolo.referrals where id in (${byEmail}, ${byPhone}) order by invited_email nulls last`,
    );
    expect(referrals).toEqual([
      { id: byEmail, invited_email: binta.email, invited_phone: null, invited_name: 'Binta' },
      { id: byPhone, invited_email: null, invited_phone: binta.phone, invited_name: 'Binta' },
    ]);
  });
});

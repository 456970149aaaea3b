import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { fromDatabaseError, ValidationError } from '../../src/errors.js';
import { LEARNING_SQLSTATES } from '../../src/learning.js';
import { asServiceRole, type DbContext, withContext } from '../../src/rls.js';
import { expectAllowed } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { serviceCtx, userCtx } from './fixtures.js';

/**
 * learning.users holds the email (unique) and phone a learner signs in with: what a signed-in user
 * writes into their own profile is compared with their auth.users row (learning.require_login_identity).
 * Before, a learner could take someone else's email, who then could never create their profile.
 */
const t = useDatabase();
let seq = Math.floor(Math.random() * 1e6);

/** An auth user only (no learning.users row yet), with GoTrue's phone format (digits, no `+`). */
async function authUser() {
  const id = randomUUID();
  const email = `Learner.${id.slice(0, 8)}@School.example`;
  const phone = `+1555${String(seq++ % 10_000_000).padStart(7, '0')}`;
  await queryRows(t.db, sql`insert into auth.users (id, email, phone) values (${id}, ${email}, ${phone.slice(1)})`);
  return { id, email, phone };
}
const owner = (operation: 'insert' | 'update') => ({ table: 'learning.users', operation, persona: 'authenticated:owner' }) as const;
const write = (ctx: DbContext, statement: ReturnType<typeof sql>) => withContext(t.db, ctx, (tx) => queryRows(tx, statement));
/** The refusal as an app maps it: a ValidationError naming the field. */
async function refusal(ctx: DbContext, statement: ReturnType<typeof sql>) {
  const error = await write(ctx, statement).then(
    () => undefined,
    (e: unknown) => e,
  );
  return fromDatabaseError(error, LEARNING_SQLSTATES);
}

describe(`learning.users: a learner writes only their own login email and phone (${engine})`, () => {
  it('allowed: their own email in another case, their own phone with a +', async () => {
    const ana = await authUser();
    const insert = sql`insert into learning.users (id, email, name, phone) values (${ana.id}, ${ana.email.toLowerCase()}, 'Ana', ${ana.phone}) returning id`;
    await expectAllowed(t.db, userCtx(ana.id), (tx) => queryRows(tx, insert), owner('insert'));
    // expectAllowed rolls its attempt back: the row, written for the update below
    await write(userCtx(ana.id), insert);
    await expectAllowed(t.db, userCtx(ana.id), (tx) => queryRows(tx, sql`update learning.users set phone = ${ana.phone.slice(1)}, name = 'Ana B' where id = ${ana.id} returning id`), owner('update'));
  });

  it("refused: someone else's email, a phone that is not theirs (UL021 naming the field), nothing written", async () => {
    const ana = await authUser();
    const bea = await authUser();
    const insert = (email: string, phone: string | null) => sql`insert into learning.users (id, email, name, phone) values (${ana.id}, ${email}, 'Ana', ${phone}) returning id`;
    const byEmail = await refusal(userCtx(ana.id), insert(bea.email.toUpperCase(), null));
    expect(byEmail).toBeInstanceOf(ValidationError);
    expect(byEmail).toMatchObject({ code: 'not_login_identity', field: 'email', sqlState: 'UL021' });
    expect(await refusal(userCtx(ana.id), insert(ana.email, bea.phone))).toMatchObject({ code: 'not_login_identity', field: 'phone' });
    expect(await queryRows(t.db, sql`select id from learning.users where id = ${ana.id}`)).toEqual([]);
    // bea's email is still free for her
    await expectAllowed(t.db, userCtx(bea.id), (tx) => queryRows(tx, sql`insert into learning.users (id, email, name) values (${bea.id}, ${bea.email}, 'Bea') returning id`), owner('insert'));
    // the phone is the one contact a learner updates (email is not granted for update)
    await write(userCtx(ana.id), insert(ana.email, null));
    expect(await refusal(userCtx(ana.id), sql`update learning.users set phone = ${bea.phone} where id = ${ana.id}`)).toMatchObject({ field: 'phone', sqlState: 'UL021' });
  });

  it('rows written before the rule keep working; service_role writes any contact', async () => {
    const dee = await authUser();
    await expectAllowed(
      t.db,
      serviceCtx,
      (tx) => queryRows(tx, sql`insert into learning.users (id, email, name, phone) values (${dee.id}, 'imported@school.example', 'Dee', '+15550000001') returning id`),
      { table: 'learning.users', operation: 'insert', bypassRls: true },
    );
    await asServiceRole(t.db, (tx) => queryRows(tx, sql`insert into learning.users (id, email, name, phone) values (${dee.id}, 'imported@school.example', 'Dee', '+15550000001')`));
    await expectAllowed(t.db, userCtx(dee.id), (tx) => queryRows(tx, sql`update learning.users set phone = phone, name = 'Dee D' where id = ${dee.id} returning id`), owner('update'));
    expect(await refusal(userCtx(dee.id), sql`update learning.users set phone = '+15550000002' where id = ${dee.id}`)).toMatchObject({ field: 'phone' });
  });
});

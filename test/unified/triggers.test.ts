import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import postgres from 'postgres';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { asServiceRole, asUser } from '../../src/rls.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { createAuthUser, createProfile, createTransaction, p2pCourseId, resetUnified, TRANSACTION_COLUMNS, transactionValues, type TxFixture } from './fixtures.js';

const t = useDatabase();
beforeEach(async () => resetUnified(t.db));

const enrollmentsOf = (userId: string) =>
  queryRows<{ status: string; transaction_id: string; enrolled_at: Date | string; course_id: string }>(
    t.db,
    sql`select status, transaction_id, enrolled_at, course_id from public.enrollments where user_id = ${userId} order by enrolled_at`,
  );
const notifications = () => queryRows<{ type: string; transaction_id: string; payload: Record<string, unknown> }>(t.db, sql`select type, transaction_id, payload from public.admin_notifications order by id`);

/** Inserts the transactions with one INSERT statement, in order; returns their ids by external id. */
async function insertMany(db: Database, list: readonly TxFixture[]): Promise<Record<string, string>> {
  const rows = await queryRows<{ id: string; external_id: string }>(
    db,
    sql`insert into public.transactions ${TRANSACTION_COLUMNS} values ${sql.join(list.map(transactionValues), sql`, `)} returning id, external_id`,
  );
  return Object.fromEntries(rows.map((r) => [r.external_id, r.id]));
}

/** What the races leave: active enrollments, buyers enrolled, `enrollment_created` and `payment_received` notifications. */
const raceCounts = () =>
  queryRows<{ active: number; buyers: number; created: number; received: number }>(
    t.db,
    sql`select (select count(*)::int from public.enrollments where status = 'active') as active,
               (select count(distinct user_id)::int from public.enrollments) as buyers,
               (select count(*)::int from public.admin_notifications where type = 'enrollment_created') as created,
               (select count(*)::int from public.admin_notifications where type = 'payment_received') as received`,
  );

/** Enrollments and notifications with transactions named by external id, random ids left out. */
async function outcome(db: Database) {
  return {
    enrollments: await queryRows(
      db,
      sql`select e.user_id, e.course_id, t.external_id, e.status, e.enrolled_at::text, e.metadata - 'refunded_at' - 'refunded_by_transaction' as metadata, e.metadata ->> 'refunded_by_transaction' = e.transaction_id::text as refunded_by_its_payment
            from public.enrollments e join public.transactions t on t.id = e.transaction_id order by t.external_id, e.status`,
    ),
    notifications: await queryRows(
      db,
      sql`select n.type, n.title, n.message, n.payload - 'enrollment_id' as payload, t.external_id, n.user_id
            from public.admin_notifications n left join public.transactions t on t.id = n.transaction_id order by n.id`,
    ),
  };
}

describe(`after_transaction_insert / after_transaction_update (${engine})`, () => {
  it('a paid P2P transaction enrolls the buyer in the P2P course and notifies admins', async () => {
    const user = await createProfile(t.db, 'buyer@example.com');
    const tx = await createTransaction(t.db, { userId: user, status: 'paid', paidAt: '2024-03-05T10:00:00Z' });
    const rows = await enrollmentsOf(user);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'active', transaction_id: tx, course_id: await p2pCourseId(t.db) });
    expect(new Date(rows[0]!.enrolled_at).toISOString()).toBe('2024-03-05T10:00:00.000Z');
    expect((await notifications()).map((n) => n.type)).toEqual(['payment_received', 'enrollment_created']);
  });

  it('settled counts like paid; pending, failed and expired do not enroll', async () => {
    const a = await createProfile(t.db, 'a@example.com');
    const b = await createProfile(t.db, 'b@example.com');
    await createTransaction(t.db, { userId: a, status: 'settled' });
    for (const status of ['pending', 'failed', 'expired']) await createTransaction(t.db, { userId: b, status });
    expect(await enrollmentsOf(a)).toHaveLength(1);
    expect(await enrollmentsOf(b)).toHaveLength(0);
  });

  it('is idempotent: a second paid transaction, paid -> settled, or a repeated update keep one active enrollment', async () => {
    const user = await createProfile(t.db, 'twice@example.com');
    const tx = await createTransaction(t.db, { userId: user, status: 'paid' });
    await createTransaction(t.db, { userId: user, status: 'paid' });
    await t.db.execute(sql`update public.transactions set status = 'settled' where id = ${tx}`);
    await t.db.execute(sql`update public.transactions set status = 'settled' where id = ${tx}`);
    const rows = await enrollmentsOf(user);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.transaction_id).toBe(tx);
    // paid -> settled notifies nothing new: two payments received, one enrollment created.
    expect((await notifications()).map((n) => n.type).sort()).toEqual(['enrollment_created', 'payment_received', 'payment_received']);
  });

  it('pending -> paid enrolls on the update', async () => {
    const user = await createProfile(t.db, 'later@example.com');
    const tx = await createTransaction(t.db, { userId: user, status: 'pending' });
    expect(await enrollmentsOf(user)).toHaveLength(0);
    await t.db.execute(sql`update public.transactions set status = 'paid', paid_at = now() where id = ${tx}`);
    expect(await enrollmentsOf(user)).toHaveLength(1);
  });

  it('a refund marks the enrollment refunded and notifies; buying again enrolls again', async () => {
    const user = await createProfile(t.db, 'refund@example.com');
    const tx = await createTransaction(t.db, { userId: user, status: 'paid' });
    await t.db.execute(sql`update public.transactions set status = 'refunded' where id = ${tx}`);
    expect((await enrollmentsOf(user)).map((e) => e.status)).toEqual(['refunded']);
    const refund = (await notifications()).find((n) => n.type === 'payment_refunded');
    expect(refund?.transaction_id).toBe(tx);
    expect(refund?.payload.enrollments_refunded).toBe(1);
    await createTransaction(t.db, { userId: user, status: 'paid' });
    expect((await enrollmentsOf(user)).map((e) => e.status).sort()).toEqual(['active', 'refunded']);
  });

  it('a refund refunds only that payment\'s enrollment: the same user\'s other product stays active', async () => {
    await t.db.execute(sql`insert into public.courses (slug, title, transaction_type) values ('canva-pro', 'Canva Pro', 'Canva')`);
    const user = await createProfile(t.db, 'two-products@example.com');
    const p2p = await createTransaction(t.db, { userId: user, status: 'paid', type: 'P2P', paidAt: '2024-03-01T00:00:00Z' });
    const canva = await createTransaction(t.db, { userId: user, status: 'paid', type: 'Canva', paidAt: '2024-03-02T00:00:00Z' });
    expect((await enrollmentsOf(user)).map((e) => [e.transaction_id, e.status])).toEqual([
      [p2p, 'active'],
      [canva, 'active'],
    ]);
    await t.db.execute(sql`update public.transactions set status = 'refunded' where id = ${canva}`);
    expect((await enrollmentsOf(user)).map((e) => [e.transaction_id, e.status])).toEqual([
      [p2p, 'active'],
      [canva, 'refunded'],
    ]);
    expect((await notifications()).find((n) => n.type === 'payment_refunded')?.payload.enrollments_refunded).toBe(1);
  });

  it('enrolled_at is paid_at when a settled payment has both paid_at and a later settled_at', async () => {
    const user = await createProfile(t.db, 'settled@example.com');
    await createTransaction(t.db, { userId: user, status: 'settled', paidAt: '2024-05-01T08:00:00Z', settledAt: '2024-05-03T09:30:00Z' });
    const [row] = await enrollmentsOf(user);
    expect(new Date(row!.enrolled_at).toISOString()).toBe('2024-05-01T08:00:00.000Z');
  });

  it('Canva and Other payments notify but never enroll', async () => {
    const user = await createProfile(t.db, 'canva@example.com');
    await createTransaction(t.db, { userId: user, status: 'paid', type: 'Canva' });
    await createTransaction(t.db, { contactEmail: 'guest@example.com', status: 'paid', type: 'Canva' });
    await createTransaction(t.db, { userId: user, status: 'paid', type: 'Other' });
    expect(await enrollmentsOf(user)).toHaveLength(0);
    expect((await notifications()).map((n) => n.type)).toEqual(['payment_received', 'payment_received', 'payment_received']);
  });

  it('a paid P2P payment without a user or profile is reported, and enrolls once linked', async () => {
    const tx = await createTransaction(t.db, { contactEmail: 'nouser@example.com', status: 'paid' });
    const authOnly = await createAuthUser(t.db, 'authonly@example.com');
    await createTransaction(t.db, { userId: authOnly, status: 'paid' });
    const skipped = (await notifications()).filter((n) => n.type === 'enrollment_skipped').map((n) => n.payload.reason);
    expect(skipped).toEqual(['no_user', 'no_profile']);
    const user = await createProfile(t.db, 'nouser@example.com');
    await t.db.execute(sql`update public.transactions set user_id = ${user} where id = ${tx}`);
    expect(await enrollmentsOf(user)).toHaveLength(1);
  });

  it('deleting a buyer unlinks their paid transaction (SET NULL) without a spurious notification', async () => {
    const user = await createProfile(t.db, 'gone@example.com');
    const tx = await createTransaction(t.db, { userId: user, status: 'paid' });
    await t.db.execute(sql`delete from auth.users where id = ${user}`);
    expect(await queryRows(t.db, sql`select user_id, status from public.transactions where id = ${tx}`)).toEqual([{ user_id: null, status: 'paid' }]);
    expect((await notifications()).map((n) => n.type)).toEqual(['payment_received', 'enrollment_created']);
  });

  it('unified.suppress_notifications silences notifications for backfills but still enrolls', async () => {
    const user = await createProfile(t.db, 'bulk@example.com');
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('unified.suppress_notifications', 'on', true)`);
      await tx.execute(sql`insert into public.transactions (user_id, amount, status, transaction_type) values (${user}, 10, 'paid', 'P2P')`);
    });
    expect(await enrollmentsOf(user)).toHaveLength(1);
    expect(await notifications()).toHaveLength(0);
  });

  it('service_role inserting a paid transaction enrolls, and refunding it ends the enrollment (the triggers run with their owner rights)', async () => {
    const user = await createProfile(t.db, 'svc@example.com');
    await asServiceRole(t.db, (tx) => tx.execute(sql`insert into public.transactions (user_id, amount, status, transaction_type) values (${user}, 10, 'paid', 'P2P')`));
    expect((await enrollmentsOf(user)).map((e) => e.status)).toEqual(['active']);
    await asServiceRole(t.db, (tx) => tx.execute(sql`update public.transactions set status = 'refunded' where user_id = ${user}`));
    expect((await enrollmentsOf(user)).map((e) => e.status)).toEqual(['refunded']);
    expect((await notifications()).map((n) => n.type)).toEqual(['payment_received', 'enrollment_created', 'payment_refunded']);
  });

  it('one INSERT of many rows notifies and enrolls as row by row would, in the rows\' order', async () => {
    const a = await createProfile(t.db, 'multi-a@example.com');
    const authOnly = await createAuthUser(t.db, 'multi-authonly@example.com');
    const c = await createProfile(t.db, 'multi-c@example.com');
    const rows = await insertMany(t.db, [
      { userId: a, status: 'paid', paidAt: '2024-03-01T00:00:00Z', externalId: 'r1' },
      { contactEmail: 'guest@example.com', status: 'paid', externalId: 'r2' },
      { userId: a, status: 'settled', paidAt: '2024-02-01T00:00:00Z', externalId: 'r3' },
      { userId: a, status: 'paid', type: 'Canva', externalId: 'r4' },
      { userId: c, status: 'pending', externalId: 'r5' },
      { userId: authOnly, status: 'paid', externalId: 'r6' },
      { userId: c, status: 'refunded', externalId: 'r7' },
    ]);
    // a's first P2P payment in the statement enrolls (r1, though r3 was paid earlier), as row by row
    expect((await enrollmentsOf(a)).map((e) => [e.transaction_id, e.status])).toEqual([[rows.r1, 'active']]);
    expect(await enrollmentsOf(c)).toEqual([]);
    const seen = (await notifications()).map((n) => [n.type, Object.keys(rows).find((k) => rows[k] === n.transaction_id), n.payload.reason ?? n.payload.enrollments_refunded]);
    expect(seen).toEqual([
      ['payment_received', 'r1', undefined],
      ['enrollment_created', 'r1', undefined],
      ['payment_received', 'r2', undefined],
      ['enrollment_skipped', 'r2', 'no_user'],
      ['payment_received', 'r3', undefined],
      ['payment_received', 'r4', undefined],
      ['payment_received', 'r6', undefined],
      ['enrollment_skipped', 'r6', 'no_profile'],
      ['payment_refunded', 'r7', 0],
    ]);
  });

  it('property: one INSERT of many rows leaves the same enrollments and notifications as one INSERT per row', async () => {
    const ids = { a: '00000000-0000-4000-8000-00000000000a', b: '00000000-0000-4000-8000-00000000000b', authOnly: '00000000-0000-4000-8000-0000000000cc' };
    const setup = async () => {
      await resetUnified(t.db);
      await createProfile(t.db, 'prop-a@example.com', { id: ids.a });
      await createProfile(t.db, 'prop-b@example.com', { id: ids.b });
      await createAuthUser(t.db, 'prop-authonly@example.com', ids.authOnly);
      // b already holds an active P2P enrollment from an earlier payment
      await createTransaction(t.db, { userId: ids.b, status: 'paid', externalId: 'earlier', paidAt: '2023-12-01T00:00:00Z' });
    };
    const rowArb = fc.record({
      // a is drawn most: a statement holding several of a's payments is the case that tells row orders apart
      buyer: fc.constantFrom<keyof typeof ids | 'none'>('a', 'a', 'a', 'b', 'authOnly', 'none'),
      status: fc.constantFrom('paid', 'paid', 'settled', 'pending', 'refunded', 'failed'),
      type: fc.constantFrom('P2P', 'P2P', 'Canva'),
      // never null: a paid row without paid_at enrolls at now(), which differs between the two runs
      paidAt: fc.constantFrom('2024-01-05T00:00:00Z', '2024-02-05T00:00:00Z'),
      email: fc.constantFrom(null, 'payer@example.com'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 8 }), async (specs) => {
        const fixtures: TxFixture[] = specs.map((r, i) => ({
          userId: r.buyer === 'none' ? null : ids[r.buyer],
          status: r.status,
          type: r.type,
          paidAt: r.paidAt,
          contactEmail: r.email,
          externalId: `p${i}`,
          createdAt: '2024-01-01T00:00:00Z',
        }));
        await setup();
        await insertMany(t.db, fixtures);
        const together = await outcome(t.db);
        await setup();
        for (const f of fixtures) await createTransaction(t.db, f);
        expect(together).toEqual(await outcome(t.db));
      }),
      { numRuns: 16, seed: 14 },
    );
  });

  it('one UPDATE refunding a payment and paying another of the same buyer and course refunds first: the buyer stays enrolled', async () => {
    const buyer = await createProfile(t.db, 'refund-and-pay@example.com');
    const old = await createTransaction(t.db, { userId: buyer, status: 'paid', externalId: 'old', paidAt: '2024-01-05T00:00:00Z', createdAt: '2024-01-05T00:00:00Z' });
    // created earlier than the refunded row: by created_at alone it would come first
    const renewal = await createTransaction(t.db, { userId: buyer, status: 'pending', externalId: 'renewal', paidAt: '2024-03-05T00:00:00Z', createdAt: '2024-01-01T00:00:00Z' });
    const before = (await notifications()).length;
    await t.db.execute(sql`update public.transactions set status = case when id = ${old} then 'refunded' else 'paid' end where id in (${old}, ${renewal})`);
    expect((await enrollmentsOf(buyer)).map((e) => [e.transaction_id, e.status])).toEqual([
      [old, 'refunded'],
      [renewal, 'active'],
    ]);
    const added = (await notifications()).slice(before);
    expect(added.map((n) => [n.type, n.transaction_id])).toEqual([
      ['payment_refunded', old],
      ['payment_received', renewal],
      ['enrollment_created', renewal],
    ]);
    expect(added[0]!.payload.enrollments_refunded).toBe(1);
  });

  it('an UPDATE changing no status or user (an amount) notifies and enrolls nothing', async () => {
    const buyer = await createProfile(t.db, 'amount-only@example.com');
    await createTransaction(t.db, { userId: buyer, status: 'paid', externalId: 'a1' });
    const before = await outcome(t.db);
    await t.db.execute(sql`update public.transactions set amount = amount + 1, paid_at = paid_at`);
    expect(await outcome(t.db)).toEqual(before);
  });

  it('property: one UPDATE of many rows leaves the same enrollments and notifications as one UPDATE per row, refunds first', async () => {
    const ids = { a: '00000000-0000-4000-8000-00000000000a', b: '00000000-0000-4000-8000-00000000000b', authOnly: '00000000-0000-4000-8000-0000000000cc' };
    type Buyer = keyof typeof ids | 'none';
    const userOf = (b: Buyer) => (b === 'none' ? null : ids[b]);
    const rowArb = fc.record({
      buyer: fc.constantFrom<Buyer>('a', 'a', 'a', 'b', 'authOnly', 'none'),
      status: fc.constantFrom('paid', 'settled', 'pending', 'pending', 'refunded', 'failed'),
      type: fc.constantFrom('P2P', 'P2P', 'Canva'),
      paidAt: fc.constantFrom('2024-01-05T00:00:00Z', '2024-02-05T00:00:00Z'),
      email: fc.constantFrom(null, 'payer@example.com'),
      // what the UPDATE sets: a new status (or the same), and the buyer kept or changed
      newStatus: fc.constantFrom('paid', 'paid', 'settled', 'refunded', 'refunded', 'pending', 'expired'),
      newBuyer: fc.option(fc.constantFrom<Buyer>('a', 'b', 'authOnly', 'none'), { nil: undefined }),
    });
    const setup = async (specs: readonly { buyer: Buyer; status: string; type: string; paidAt: string; email: string | null }[]) => {
      await resetUnified(t.db);
      await createProfile(t.db, 'prop-a@example.com', { id: ids.a });
      await createProfile(t.db, 'prop-b@example.com', { id: ids.b });
      await createAuthUser(t.db, 'prop-authonly@example.com', ids.authOnly);
      // one row at a time, each created a second after the last (the UPDATE's order after the refunds)
      for (const [i, r] of specs.entries()) {
        await createTransaction(t.db, {
          userId: userOf(r.buyer),
          status: r.status,
          type: r.type,
          paidAt: r.paidAt,
          contactEmail: r.email,
          externalId: `p${i}`,
          createdAt: `2024-01-01T00:00:${String(10 + i)}Z`,
        });
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 8 }), async (specs) => {
        const values = sql.join(
          specs.map((r, i) => sql`(${`p${i}`}, ${r.newStatus}, ${userOf(r.newBuyer ?? r.buyer)}::uuid)`),
          sql`, `,
        );
        await setup(specs);
        await t.db.execute(sql`update public.transactions t set status = v.status, user_id = v.user_id
                                 from (values ${values}) v(external_id, status, user_id) where t.external_id = v.external_id`);
        const together = await outcome(t.db);
        await setup(specs);
        const order = await queryRows<{ external_id: string; status: string; user_id: string | null }>(
          t.db,
          sql`select v.external_id, v.status, v.user_id from public.transactions t join (values ${values}) v(external_id, status, user_id) on v.external_id = t.external_id
               order by v.status = 'refunded' and t.status <> 'refunded' desc, t.created_at, t.id`,
        );
        for (const o of order) {
          await t.db.execute(sql`update public.transactions set status = ${o.status}, user_id = ${o.user_id}::uuid where external_id = ${o.external_id}`);
        }
        expect(together).toEqual(await outcome(t.db));
      }),
      { numRuns: 16, seed: 15 },
    );
  });

  it.skipIf(engine !== 'postgres')(`concurrent INSERTs paying for the same buyers in other orders enroll each buyer once, without deadlock ${POSTGRES_ONLY_RACE}`, async () => {
    const buyers: string[] = [];
    for (let i = 0; i < 20; i++) buyers.push(await createProfile(t.db, `race-buyer${i}@example.com`));
    const clients = Array.from({ length: 4 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      const results = await Promise.allSettled(
        clients.map((c, w) =>
          c.begin(async (tx) => {
            // each writer pays for all the buyers in its own order (reversed, rotated): row by row,
            // two such statements would wait on each other's enrollments in opposite orders
            const order = buyers.map((_, i) => buyers[(w % 2 === 0 ? i + w * 5 : buyers.length - 1 - i + w * 5) % buyers.length]!);
            await tx`insert into public.transactions (user_id, amount, status, transaction_type, paid_at)
                     select u, 100, 'paid', 'P2P', timestamptz '2024-04-01Z' from unnest(${order}::uuid[]) u`;
            await tx`select pg_sleep(0.05)`;
          }),
        ),
      );
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
    } finally {
      await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
    }
    expect(await raceCounts()).toEqual([{ active: 20, buyers: 20, created: 20, received: 80 }]);
  });

  it.skipIf(engine !== 'postgres')(`concurrent UPDATEs paying for the same buyers in other orders enroll each buyer once, without deadlock ${POSTGRES_ONLY_RACE}`, async () => {
    const buyers: string[] = [];
    for (let i = 0; i < 20; i++) buyers.push(await createProfile(t.db, `race-update${i}@example.com`));
    // each writer's pending invoices for every buyer, written in its own order (reversed, rotated), so
    // that its UPDATE meets the buyers in that order
    const orders = [0, 1, 2, 3].map((w) => buyers.map((_, i) => buyers[(w % 2 === 0 ? i + w * 5 : buyers.length - 1 - i + w * 5) % buyers.length]!));
    for (const [w, order] of orders.entries()) {
      await t.db.execute(sql`insert into public.transactions (user_id, amount, status, transaction_type, external_id)
                             select u, 100, 'pending', 'P2P', ${`w${w}-`} || n from unnest(${`{${order.join(',')}}`}::uuid[]) with ordinality x(u, n)`);
    }
    const clients = Array.from({ length: 4 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      const results = await Promise.allSettled(
        clients.map((c, w) =>
          c.begin(async (tx) => {
            await tx`update public.transactions set status = 'paid', paid_at = timestamptz '2024-04-01Z' where external_id like ${`w${w}-%`}`;
            await tx`select pg_sleep(0.05)`;
          }),
        ),
      );
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
    } finally {
      await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
    }
    expect(await raceCounts()).toEqual([{ active: 20, buyers: 20, created: 20, received: 80 }]);
  });

  it.skipIf(engine !== 'postgres')(`a payment racing the deletion of its buyer's profile is recorded, the enrollment skipped (no foreign key error) ${POSTGRES_ONLY_RACE}`, async () => {
    const buyer = await createProfile(t.db, 'race-deleted@example.com');
    const [deleter, payer] = [0, 1].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      let paid: Promise<unknown> | undefined;
      let settled = false;
      await deleter!.begin(async (tx) => {
        await tx`delete from public.unified_profiles where id = ${buyer}`;
        // the payment's trigger finds the profile (the delete is not committed) and waits for it
        paid = payer!`insert into public.transactions (user_id, amount, status, transaction_type, paid_at, external_id)
                      values (${buyer}, 100, 'paid', 'P2P', timestamptz '2024-04-01Z', 'race-deleted')`.finally(() => {
          settled = true;
        });
        paid.catch(() => {});
        await new Promise((r) => setTimeout(r, 300));
        expect(settled).toBe(false);
      });
      await paid;
    } finally {
      await Promise.all([deleter!.end({ timeout: 5 }), payer!.end({ timeout: 5 })]);
    }
    const [tx] = await queryRows<{ id: string; status: string }>(t.db, sql`select id, status from public.transactions where external_id = 'race-deleted'`);
    expect(tx?.status).toBe('paid');
    expect(await enrollmentsOf(buyer)).toEqual([]);
    const mine = (await notifications()).filter((n) => n.transaction_id === tx!.id);
    expect(mine.map((n) => [n.type, n.payload.reason ?? null])).toEqual([
      ['payment_received', null],
      ['enrollment_skipped', 'no_profile'],
    ]);
  });

  it.skipIf(engine !== 'postgres')(`a profile deleted while its payment's enrollment is being written waits for it, then goes with it ${POSTGRES_ONLY_RACE}`, async () => {
    const buyer = await createProfile(t.db, 'race-deleted-after@example.com');
    const [payer, deleter] = [0, 1].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      let deleted: Promise<unknown> | undefined;
      await payer!.begin(async (tx) => {
        await tx`insert into public.transactions (user_id, amount, status, transaction_type, paid_at, external_id)
                 values (${buyer}, 100, 'paid', 'P2P', timestamptz '2024-04-01Z', 'race-deleted-after')`;
        deleted = deleter!`delete from public.unified_profiles where id = ${buyer}`;
        deleted.catch(() => {});
        await new Promise((r) => setTimeout(r, 200));
      });
      await deleted;
    } finally {
      await Promise.all([deleter!.end({ timeout: 5 }), payer!.end({ timeout: 5 })]);
    }
    // the delete ran after the payment committed: the profile and its enrollment (ON DELETE CASCADE) are gone, the payment stays
    expect(await enrollmentsOf(buyer)).toEqual([]);
    const [tx] = await queryRows<{ status: string }>(t.db, sql`select status from public.transactions where external_id = 'race-deleted-after'`);
    expect(tx?.status).toBe('paid');
  });

  it('writes mark the dashboard caches stale', async () => {
    await t.db.execute(sql`update public.dashboard_cache_status set is_stale = false, stale_since = null`);
    await createTransaction(t.db, {});
    const rows = await queryRows<{ cache_name: string; is_stale: boolean }>(t.db, sql`select cache_name, is_stale from public.dashboard_cache_status order by 1`);
    expect(rows).toEqual([
      { cache_name: 'dashboard_views', is_stale: true },
      { cache_name: 'revenue_metrics', is_stale: true },
    ]);
  });
});

describe(`after_profile_update (${engine})`, () => {
  it('writes one audit row with the old and new values of the changed columns only', async () => {
    const id = await createProfile(t.db, 'audit@example.com', { firstName: 'Ann', phone: '+639170000000' });
    await t.db.execute(sql`update public.dashboard_cache_status set is_stale = false`);
    await t.db.execute(sql`update public.unified_profiles set first_name = 'Anne', tags = array['vip'] where id = ${id}`);
    const rows = await queryRows<{ changed_columns: string[]; old_values: unknown; new_values: unknown; actor_role: string }>(
      t.db,
      sql`select changed_columns, old_values, new_values, actor_role from public.profile_audit_log where profile_id = ${id}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.changed_columns).toEqual(['first_name', 'tags']);
    expect(rows[0]!.old_values).toEqual({ first_name: 'Ann', tags: [] });
    expect(rows[0]!.new_values).toEqual({ first_name: 'Anne', tags: ['vip'] });
    const [status] = await queryRows<{ is_stale: boolean }>(t.db, sql`select is_stale from public.dashboard_cache_status where cache_name = 'dashboard_views'`);
    expect(status!.is_stale).toBe(true);
  });

  it('a no-op update writes nothing; a user editing their own phone is audited as them', async () => {
    const id = await createProfile(t.db, 'self@example.com', { firstName: 'Sam' });
    await t.db.execute(sql`update public.unified_profiles set first_name = 'Sam' where id = ${id}`);
    expect(await queryRows(t.db, sql`select 1 from public.profile_audit_log`)).toHaveLength(0);
    await asUser(t.db, id, (tx) => tx.execute(sql`update public.unified_profiles set phone = '+639171112222' where id = ${id}`));
    const rows = await queryRows<{ actor_id: string; actor_role: string; changed_columns: string[] }>(t.db, sql`select actor_id, actor_role, changed_columns from public.profile_audit_log`);
    expect(rows).toEqual([{ actor_id: id, actor_role: 'authenticated', changed_columns: ['phone'] }]);
  });
});

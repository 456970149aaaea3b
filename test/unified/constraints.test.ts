import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { CURRENCY_CODES, insertCourseSchema, insertLeadSchema, insertMembershipLevelSchema, insertTransactionSchema, insertUnifiedProfileSchema } from '../../src/unified.js';
import { TEXT_LIMITS } from '../../src/schema/_shared/index.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { createAuthUser, createProfile, createTransaction, resetUnified } from './fixtures.js';

const t = useDatabase();
beforeEach(async () => resetUnified(t.db));

describe(`unified constraints (${engine})`, () => {
  it('rejects bad emails on profiles and transactions, naming the constraint', async () => {
    const id = await createAuthUser(t.db, 'x@example.com');
    for (const bad of ['not-an-email', 'a@b', ' spaced@example.com', 'two@@example.com', 'a b@example.com']) {
      await expectDbError(t.db.execute(sql`insert into public.unified_profiles (id, email) values (${id}, ${bad})`), /unified_profiles_email_check/);
    }
    await expectDbError(createTransaction(t.db, { contactEmail: 'nope' }), /transactions_contact_email_check/);
    expect(insertUnifiedProfileSchema.safeParse({ id, email: 'not-an-email' }).success).toBe(false);
    expect(insertUnifiedProfileSchema.safeParse({ id, email: "o'brien+tag@mail.example.ph" }).success).toBe(true);
  });

  it('text columns taking outside input have the same length limit in the database and in the validator (leads, transactions, courses, membership levels)', async () => {
    const x = (n: number) => 'x'.repeat(n);
    const cases = [
      { table: 'leads', column: 'first_name', max: TEXT_LIMITS.name, schema: insertLeadSchema, field: 'firstName', row: { email: 'lead@example.com', firstSeenAt: new Date() } },
      { table: 'leads', column: 'systemeio_id', max: TEXT_LIMITS.label, schema: insertLeadSchema, field: 'systemeioId', row: { email: 'lead@example.com', firstSeenAt: new Date() } },
      { table: 'transactions', column: 'external_id', max: TEXT_LIMITS.label, schema: insertTransactionSchema, field: 'externalId', row: { amount: '1.00' } },
      { table: 'transactions', column: 'payment_method', max: TEXT_LIMITS.label, schema: insertTransactionSchema, field: 'paymentMethod', row: { amount: '1.00' } },
      { table: 'courses', column: 'title', max: TEXT_LIMITS.label, schema: insertCourseSchema, field: 'title', row: {} },
      { table: 'courses', column: 'description', max: TEXT_LIMITS.content, schema: insertCourseSchema, field: 'description', row: { title: 'T' } },
      { table: 'membership_levels', column: 'name', max: TEXT_LIMITS.label, schema: insertMembershipLevelSchema, field: 'name', row: {} },
    ] as const;
    for (const c of cases) {
      const parse = (v: string) => c.schema.safeParse({ ...c.row, [c.field]: v } as never);
      expect(parse(x(c.max)).success, `${c.table}.${c.column} at the limit`).toBe(true);
      const tooLong = parse(x(c.max + 1));
      expect(tooLong.success).toBe(false);
      expect(tooLong.error?.issues[0]?.path, `${c.table}.${c.column}`).toEqual([c.field]);
      expect(parse('a\u0000b').success, `${c.table}.${c.column} with a NUL`).toBe(false);
      // the database refuses what the validator refuses, naming the constraint
      const required: Record<string, string> = { leads: `email, first_seen_at`, transactions: 'amount', courses: 'title', membership_levels: 'name' };
      const values: Record<string, string> = { leads: `'l${c.column}@example.com', now()`, transactions: '1', courses: `'T'`, membership_levels: `'M${c.column}'` };
      const cols = required[c.table]!.split(', ').includes(c.column) ? required[c.table]! : `${required[c.table]}, ${c.column}`;
      const vals = required[c.table]!.split(', ').includes(c.column) ? `'${x(c.max + 1)}'` : `${values[c.table]}, '${x(c.max + 1)}'`;
      await expectDbError(t.db.execute(sql.raw(`insert into public.${c.table} (${cols}) values (${vals})`)), new RegExp(`${c.table}_${c.column}_length_check`));
    }
  });

  it('emails are unique case-insensitively', async () => {
    await createProfile(t.db, 'Alice@Example.com');
    // A second auth user (auth.users has its own case-insensitive email key) whose profile reuses the email in other case.
    const other = await createAuthUser(t.db, 'other@example.com');
    await expectDbError(t.db.execute(sql`insert into public.unified_profiles (id, email) values (${other}, 'alice@example.COM')`), /unified_profiles_email_key/);
    const rows = await queryRows(t.db, sql`select id from public.unified_profiles where lower(email) = lower(${'ALICE@example.com'})`);
    expect(rows).toHaveLength(1);
  });

  it('rejects bad phones and unknown profile statuses', async () => {
    const id = await createProfile(t.db, 'p@example.com');
    await expectDbError(t.db.execute(sql`update public.unified_profiles set phone = '0917-123-4567' where id = ${id}`), /unified_profiles_phone_check/);
    await t.db.execute(sql`update public.unified_profiles set phone = '+639171234567' where id = ${id}`);
    await expectDbError(t.db.execute(sql`update public.unified_profiles set status = 'zombie' where id = ${id}`), /unified_profiles_status_check/);
  });

  it('rejects negative amounts, unknown statuses, types and currencies', async () => {
    await expectDbError(createTransaction(t.db, { amount: '-0.01' }), /transactions_amount_check/);
    await expectDbError(createTransaction(t.db, { status: 'PAID' }), /transactions_status_check/);
    await expectDbError(createTransaction(t.db, { status: 'completed' }), /transactions_status_check/);
    await expectDbError(createTransaction(t.db, { type: 'Ebook' }), /transactions_transaction_type_check/);
    await expectDbError(createTransaction(t.db, { currency: 'XYZ' }), /transactions_currency_check/);
    await expectDbError(createTransaction(t.db, { currency: 'php' }), /transactions_currency_check/);
    await createTransaction(t.db, { amount: '0', currency: 'USD' });
    const good = { amount: '1500.50', transactionType: 'P2P' as const };
    expect(insertTransactionSchema.safeParse(good).success).toBe(true);
    expect(insertTransactionSchema.safeParse({ ...good, amount: '-1' }).success).toBe(false);
    expect(insertTransactionSchema.safeParse({ ...good, currency: 'XYZ' }).success).toBe(false);
    expect(insertTransactionSchema.safeParse({ ...good, status: 'completed' }).success).toBe(false);
    expect(CURRENCY_CODES).toContain('PHP');
  });

  it('defaults currency to PHP and keeps numeric precision', async () => {
    const id = await createTransaction(t.db, { amount: '1234567890.99', currency: undefined });
    const [row] = await queryRows<{ currency: string; amount: string }>(t.db, sql`select currency, amount::text from public.transactions where id = ${id}`);
    expect(row).toEqual({ currency: 'PHP', amount: '1234567890.99' });
    await expectDbError(createTransaction(t.db, { amount: '12345678901.00' }), /numeric field overflow/);
  });

  it('external_id is unique', async () => {
    await createTransaction(t.db, { externalId: 'xnd_1' });
    await expectDbError(createTransaction(t.db, { externalId: 'xnd_1' }), /transactions_external_id_key/);
  });

  it('allows one active enrollment per user and course', async () => {
    const user = await createProfile(t.db, 'e@example.com');
    const [course] = await queryRows<{ id: string }>(t.db, sql`insert into public.courses (slug, title) values ('intro', 'Intro') returning id`);
    const enroll = (status: string) => t.db.execute(sql`insert into public.enrollments (user_id, course_id, status) values (${user}, ${course!.id}, ${status})`);
    await enroll('active');
    await expectDbError(enroll('active'), /enrollments_user_id_course_id_active_key/);
    await enroll('refunded');
    await expectDbError(enroll('graduated'), /enrollments_status_check/);
  });

  it('foreign keys follow the chain of doc 001 with their ON DELETE', async () => {
    await expectDbError(t.db.execute(sql`insert into public.unified_profiles (id, email) values (gen_random_uuid(), 'ghost@example.com')`), /unified_profiles_id_fkey/);
    const user = await createProfile(t.db, 'chain@example.com');
    const tx = await createTransaction(t.db, { userId: user });
    const [aff] = await queryRows<{ id: string }>(t.db, sql`insert into public.affiliates (user_id, code) values (${user}, 'chain') returning id`);
    await t.db.execute(sql`update public.unified_profiles set affiliate_id = ${aff!.id} where id = ${user}`);
    // Deleting the auth user cascades to the profile (and its enrollments, affiliate) but keeps the money: user_id becomes NULL.
    await t.db.execute(sql`delete from auth.users where id = ${user}`);
    expect(await queryRows(t.db, sql`select 1 from public.unified_profiles where id = ${user}`)).toHaveLength(0);
    expect(await queryRows(t.db, sql`select 1 from public.affiliates where user_id = ${user}`)).toHaveLength(0);
    expect(await queryRows(t.db, sql`select user_id from public.transactions where id = ${tx}`)).toEqual([{ user_id: null }]);
  });

  it('updated_at moves on update', async () => {
    const id = await createProfile(t.db, 'u@example.com');
    await t.db.execute(sql`update public.unified_profiles set updated_at = '2000-01-01' , first_name = 'A' where id = ${id}`);
    const [row] = await queryRows<{ recent: boolean }>(t.db, sql`select updated_at > now() - interval '1 minute' as recent from public.unified_profiles where id = ${id}`);
    expect(row!.recent).toBe(true);
  });
});

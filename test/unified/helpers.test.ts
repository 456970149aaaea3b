import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import {
  BUSINESS_TIME_ZONE,
  businessDate,
  insertEnrollmentSchema,
  insertUnifiedProfileSchema,
  ownProfileUpdateSchema,
  type SyncProfileDataResult,
  syncProfileData,
  transactions,
  unifiedProfiles,
  updateTransactionSchema,
  ValidationError,
} from '../../src/unified.js';
import { engine, useDatabase } from '../helpers.js';
import { createProfile, createTransaction, resetUnified } from './fixtures.js';

const t = useDatabase();
beforeEach(async () => resetUnified(t.db));

describe(`syncProfileData wrapper (${engine})`, () => {
  it('maps camelCase inputs and returns typed counts', async () => {
    const result: SyncProfileDataResult = await syncProfileData(t.db, {
      contacts: [{ email: 'Wrap@Example.com', firstName: 'Wren', tags: ['a'], systemeioId: 42, createdAt: new Date('2024-01-01T00:00:00Z') }],
      payments: [{ email: 'payer@example.com', firstName: 'Pay', status: 'PAID', paidAt: '2024-02-01T00:00:00Z' }],
    });
    expect(result).toEqual({ inserted: 2, updated: 0, unchanged: 0, skipped: 0, usersCreated: 2, transactionsLinked: 0 });
    const [p] = await t.db.select().from(unifiedProfiles).where(eq(unifiedProfiles.email, 'wrap@example.com'));
    expect(p).toMatchObject({ firstName: 'Wren', tags: ['a'], systemeioId: '42', acquisitionSource: 'systemeio' });
    expect(p!.createdAt.toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  it('throws a ValidationError naming the element and field, and writes nothing', async () => {
    const cases: [Parameters<typeof syncProfileData>[1], string][] = [
      [{ contacts: [{ email: 'ok@example.com' }, { email: 'broken' }] }, 'contacts[1].email'],
      [{ contacts: [{ email: 'ok@example.com', tags: [1] as never }] }, 'contacts[0].tags'],
      [{ payments: [{ email: 'ok@example.com', paidAt: 'soon' }] }, 'payments[0].paidAt'],
      [{ contacts: [{ email: 'ok@example.com', shoeSize: 42 } as never] }, 'contacts[0]'],
      [{ contacts: 'nope' as never }, 'contacts'],
    ];
    for (const [params, field] of cases) {
      const error = await syncProfileData(t.db, params).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(await queryRows(t.db, sql`select 1 from public.unified_profiles`)).toHaveLength(0);
  });
});

describe(`validators and types (${engine})`, () => {
  it('drizzle-zod schemas carry the CHECK rules', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(insertUnifiedProfileSchema.safeParse({ id, email: 'a@example.com', phone: '0917-123' }).success).toBe(false);
    expect(insertUnifiedProfileSchema.safeParse({ id, email: 'a@example.com', status: 'zombie' }).success).toBe(false);
    expect(insertUnifiedProfileSchema.safeParse({ id, email: 'a@example.com', phone: '+639171234567', status: 'active' }).success).toBe(true);
    expect(updateTransactionSchema.safeParse({ status: 'refunded' }).success).toBe(true);
    expect(updateTransactionSchema.safeParse({ amount: '1.234' }).success).toBe(false);
    const enrolledAt = new Date('2024-01-02');
    expect(insertEnrollmentSchema.safeParse({ userId: id, courseId: id, enrolledAt, expiresAt: new Date('2024-01-01') }).success).toBe(false);
  });

  it('ownProfileUpdateSchema accepts only the contact fields a user may change', () => {
    expect(ownProfileUpdateSchema.safeParse({ firstName: 'A', phone: '+639170000000' }).success).toBe(true);
    expect(ownProfileUpdateSchema.safeParse({ email: 'x@example.com' }).success).toBe(false);
    expect(ownProfileUpdateSchema.safeParse({ status: 'active' }).success).toBe(false);
  });

  it('businessDate uses the business time zone', () => {
    expect(BUSINESS_TIME_ZONE).toBe('Asia/Manila');
    expect(businessDate(new Date('2024-01-31T20:00:00Z'))).toBe('2024-02-01');
    expect(businessDate(new Date('2024-01-31T15:59:59Z'))).toBe('2024-01-31');
  });

  it('the SQL business_time_zone() matches the TS constant', async () => {
    const [row] = await queryRows<{ tz: string }>(t.db, sql`select public.business_time_zone() as tz`);
    expect(row!.tz).toBe(BUSINESS_TIME_ZONE);
  });

  it('relations work with the relational query API', async () => {
    const user = await createProfile(t.db, 'rel@example.com');
    await createTransaction(t.db, { userId: user, status: 'paid' });
    const profile = await t.db.query.unifiedProfiles.findFirst({
      where: eq(unifiedProfiles.id, user),
      with: { enrollments: { with: { course: true, transaction: true } }, transactions: true },
    });
    expect(profile?.enrollments[0]?.course.slug).toBe('papers-to-profits');
    expect(profile?.transactions).toHaveLength(1);
    const [tx] = await t.db.select().from(transactions).where(eq(transactions.userId, user));
    expect(tx!.amount).toBe('100.00');
    expect(tx!.paidAt).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  insertAbTestAssignmentSchema,
  insertDonationSchema,
  insertPotSchema,
  insertRefundSchema,
  insertUserSchema,
  POT_STATUSES,
  selectPotSchema,
  updatePotSchema,
  WOLO_SQLSTATES,
} from '../../src/wolo.js';
import { engine } from '../helpers.js';

const uuid = '11111111-1111-4111-8111-111111111111';

describe(`wolo validators (${engine})`, () => {
  it('mirror the CHECKs: positive CFA amounts, known statuses, phone and email formats', () => {
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 1000 }).success).toBe(true);
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 0 }).success).toBe(false);
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 10.5 }).success).toBe(false);
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 1000, status: 'paid' }).success).toBe(false);
    expect(insertDonationSchema.safeParse({ potId: uuid, amountCfa: 1000, donorPhone: '77 123' }).success).toBe(false);
    expect(insertRefundSchema.safeParse({ donationId: uuid, refundedByUserId: uuid, amountCfa: 5, reason: 'whim' }).success).toBe(false);
    expect(insertUserSchema.safeParse({ id: uuid, email: 'a@b.sn', roles: ['user'] }).success).toBe(true);
    expect(insertUserSchema.safeParse({ id: uuid, email: 'not an email' }).success).toBe(false);
    expect(insertUserSchema.safeParse({ id: uuid, email: 'a@b.sn', roles: ['root'] }).success).toBe(false);
  });

  it('a pot may leave scheduled_open_at out (the database sets J-30); statuses are the lifecycle values', () => {
    const pot = { ownerUserId: uuid, title: 'Mes 30 ans', targetAmountCfa: 50000, birthdayDate: '2030-06-15' };
    expect(insertPotSchema.safeParse(pot).success).toBe(true);
    expect(insertPotSchema.safeParse({ ...pot, targetAmountCfa: -1 }).success).toBe(false);
    expect(updatePotSchema.safeParse({ status: 'funded' }).success).toBe(true);
    expect(updatePotSchema.safeParse({ status: 'cancelled' }).success).toBe(false);
    expect(selectPotSchema.shape.status.options).toEqual([...POT_STATUSES]);
    expect(insertAbTestAssignmentSchema.safeParse({ testId: uuid, variant: 'a', anonymousId: 'x' }).success).toBe(true);
  });

  it('every UW SQLSTATE has a distinct code', () => {
    const codes = Object.values(WOLO_SQLSTATES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const state of Object.keys(WOLO_SQLSTATES)) expect(state).toMatch(/^UW\d{3}$/);
  });
});

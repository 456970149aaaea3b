import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../src/db.js';
import { createProfile, createTransaction } from './fixtures.js';

/**
 * A small fixture whose dashboard figures are computed by hand in analytics.test.ts. Times are UTC;
 * the business time zone is Asia/Manila (UTC+8, no DST), so 2024-01-31T20:00Z is 2024-02-01 04:00.
 */
export async function loadAnalyticsFixture(db: Database) {
  const u1 = await createProfile(db, 'u1@example.com', { acquisitionSource: 'facebook', createdAt: '2024-01-10T02:00:00Z' });
  // 17:00Z on Jan 31 is Feb 1 01:00 in Manila: a February signup.
  const u2 = await createProfile(db, 'u2@example.com', { acquisitionSource: 'facebook', createdAt: '2024-01-31T17:00:00Z' });
  const u3 = await createProfile(db, 'u3@example.com', { acquisitionSource: 'webinar', createdAt: '2024-02-15T00:00:00Z' });
  const u4 = await createProfile(db, 'u4@example.com', { createdAt: '2024-03-01T00:00:00Z' });
  const u5 = await createProfile(db, 'u5@example.com', { acquisitionSource: ' ', createdAt: '2024-03-20T00:00:00Z' });

  // The trigger enrolls paid P2P buyers at paid_at.
  await createTransaction(db, { userId: u1, type: 'P2P', amount: '1000.00', status: 'paid', paidAt: '2024-01-15T03:00:00Z' });
  await createTransaction(db, { userId: u2, type: 'P2P', amount: '1500.00', status: 'settled', paidAt: '2024-01-31T20:00:00Z' }); // February
  await createTransaction(db, { contactEmail: 'U3@example.com', type: 'Canva', amount: '200.00', status: 'paid', paidAt: '2024-02-10T00:00:00Z' });
  await createTransaction(db, { userId: u1, type: 'Canva', amount: '300.00', status: 'paid', paidAt: '2024-02-20T00:00:00Z' });
  await createTransaction(db, { userId: u4, type: 'P2P', amount: '1000.00', status: 'pending' });
  await createTransaction(db, { userId: u4, type: 'P2P', amount: '1000.00', status: 'failed' });
  await createTransaction(db, { contactEmail: 'guest@example.com', type: 'Canva', amount: '250.00', status: 'paid', paidAt: '2024-02-29T16:30:00Z' }); // March 1 00:30 in Manila (2024 is a leap year)
  const refunded = await createTransaction(db, { userId: u3, type: 'P2P', amount: '2000.00', status: 'paid', paidAt: '2024-03-10T00:00:00Z' });
  await db.execute(sql`update public.transactions set status = 'refunded' where id = ${refunded}`);
  await createTransaction(db, { userId: u1, type: 'Other', amount: '50.00', currency: 'USD', status: 'paid', paidAt: '2024-03-05T00:00:00Z' });
  await createTransaction(db, { userId: u5, type: 'P2P', amount: '1200.00', status: 'expired' });

  const [course] = await queryRows<{ id: string }>(db, sql`insert into public.courses (slug, title) values ('canva-basics', 'Canva Basics') returning id`);
  const canva = course!.id;
  const enroll = (user: string, at: string) => db.execute(sql`insert into public.enrollments (user_id, course_id, enrolled_at) values (${user}, ${canva}, ${at})`);
  await enroll(u1, '2024-01-05T00:00:00Z');
  await enroll(u2, '2024-03-31T16:00:00Z'); // April 1 00:00 in Manila
  await enroll(u3, '2024-03-31T15:59:59Z'); // March 31 23:59:59 in Manila
  const [p2p] = await queryRows<{ id: string }>(db, sql`select id from public.courses where transaction_type = 'P2P'`);
  return { u1, u2, u3, u4, u5, canvaCourse: canva, p2pCourse: p2p!.id };
}

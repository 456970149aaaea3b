import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { getCourseStatistics, refreshCourseStatistics } from '../../src/learning.js';
import { asServiceRole, asUser } from '../../src/rls.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { createCourse, createLesson, createUser, enroll, setLessonStatus } from './fixtures.js';

const t = useDatabase();
const courses: string[] = [];
let draft: string;
let empty: string;

// Several enrollments, lessons, progress rows, ratings and purchases per course, in different
// proportions, so a join fan-out (the doc's single GROUP BY) would multiply every figure.
beforeAll(async () => {
  const instructor = await createUser(t.db, 'Teacher');
  const learners = await Promise.all(Array.from({ length: 6 }, (_, i) => createUser(t.db, `L${i}`)));
  for (let k = 0; k < 3; k++) {
    const c = await createCourse(t.db, { instructorId: instructor, price: '20', title: `C${k}` });
    courses.push(c);
    const lessons = await Promise.all(Array.from({ length: k + 2 }, () => createLesson(t.db, c)));
    const enrolled = learners.slice(0, 3 + k);
    for (const [i, u] of enrolled.entries()) {
      await enroll(t.db, u, c);
      // learner i completes i lessons (capped), one more in progress at 40 %
      for (const [j, l] of lessons.entries()) {
        if (j < i) await setLessonStatus(t.db, u, l, 'completed');
        else if (j === i) await setLessonStatus(t.db, u, l, 'in_progress', { percentage: '40' });
      }
      if (i % 2 === 0) {
        await t.db.execute(sql`insert into learning.course_purchases (user_id, course_id, amount, status) values (${u}, ${c}, ${`${10 + i}.50`}, 'completed')`);
      } else {
        await t.db.execute(sql`insert into learning.course_purchases (user_id, course_id, amount, status) values (${u}, ${c}, 99, 'refunded')`);
      }
    }
    // ratings on the completions that exist, plus some written directly
    await t.db.execute(sql`insert into learning.course_completions (user_id, course_id, rating) select u, ${c}, 1 + (abs(hashtext(u::text)) % 5)
      from unnest(${`{${enrolled.join(',')}}`}::uuid[]) u on conflict (user_id, course_id) do update set rating = excluded.rating`);
    await t.db.execute(sql`update learning.course_completions set rating = null where course_id = ${c} and user_id = ${enrolled[0]!}`);
  }
  // a purchase in another currency is not added to the course's revenue
  await t.db.execute(sql`insert into learning.course_purchases (user_id, course_id, amount, currency, status) values (${learners[5]!}, ${courses[0]!}, 500, 'EUR', 'completed')`);
  empty = await createCourse(t.db, { instructorId: instructor, title: 'Empty' });
  draft = await createCourse(t.db, { instructorId: instructor, status: 'draft' });
  await asServiceRole(t.db, (tx) => refreshCourseStatistics(tx as never));
});

async function alone(courseId: string) {
  const one = async (q: ReturnType<typeof sql>) => (await queryRows<{ v: string | null }>(t.db, q))[0]!.v;
  return {
    enrollmentCount: Number(await one(sql`select count(*)::text as v from learning.enrollments where course_id = ${courseId}`)),
    averageRating: await one(sql`select round(avg(rating), 2)::text as v from learning.course_completions where course_id = ${courseId}`),
    reviewCount: Number(await one(sql`select count(rating)::text as v from learning.course_completions where course_id = ${courseId}`)),
    avgCompletionRate: await one(sql`select round(avg(progress_percentage), 2)::text as v from learning.lesson_progress where course_id = ${courseId}`),
    totalRevenue: await one(sql`select coalesce(sum(amount), 0)::numeric(14, 2)::text as v from learning.course_purchases where course_id = ${courseId} and status = 'completed' and currency = 'USD'`),
    purchaseCount: Number(await one(sql`select count(*)::text as v from learning.course_purchases where course_id = ${courseId} and status = 'completed' and currency = 'USD'`)),
  };
}

describe(`learning.course_statistics (${engine})`, () => {
  it('equals each figure computed alone, per course (no join fan-out)', async () => {
    const stats = await asServiceRole(t.db, (tx) => getCourseStatistics(tx as never));
    for (const c of courses) {
      const row = stats.find((s) => s.id === c)!;
      const expected = await alone(c);
      expect({
        enrollmentCount: row.enrollmentCount,
        averageRating: row.averageRating,
        reviewCount: row.reviewCount,
        avgCompletionRate: row.avgCompletionRate,
        totalRevenue: row.totalRevenue,
        purchaseCount: row.purchaseCount,
      }).toEqual(expected);
      expect(expected.enrollmentCount).toBeGreaterThan(1);
      expect(expected.reviewCount).toBeGreaterThan(1);
      expect(expected.purchaseCount).toBeGreaterThan(1);
    }
    // The doc's single GROUP BY over the same fixture multiplies the revenue by the other joins' rows.
    const [doc] = await queryRows<{ total_revenue: string }>(
      t.db,
      sql`SELECT SUM(cp.amount)::numeric(14, 2)::text AS total_revenue
          FROM learning.courses c
          LEFT JOIN learning.enrollments e ON c.id = e.course_id
          LEFT JOIN learning.course_completions cc ON c.id = cc.course_id
          LEFT JOIN learning.lesson_progress lp ON lp.lesson_id IN (SELECT id FROM learning.course_lessons WHERE course_id = c.id)
          LEFT JOIN learning.course_purchases cp ON c.id = cp.course_id AND cp.status = 'completed'
          WHERE c.id = ${courses[2]!} GROUP BY c.id`,
    );
    expect(doc!.total_revenue).not.toBe((await alone(courses[2]!)).totalRevenue);
  });

  it('a published course without anything has zeros and nulls; drafts are left out', async () => {
    const [row] = await asServiceRole(t.db, (tx) => getCourseStatistics(tx as never, { courseId: empty }));
    expect(row).toMatchObject({ enrollmentCount: 0, averageRating: null, reviewCount: 0, avgCompletionRate: null, totalRevenue: '0.00', purchaseCount: 0 });
    expect(await asServiceRole(t.db, (tx) => getCourseStatistics(tx as never, { courseId: draft }))).toEqual([]);
  });

  it('refresh_course_statistics refreshes concurrently and sees new rows', async () => {
    const u = await createUser(t.db);
    await enroll(t.db, u, empty);
    await asServiceRole(t.db, (tx) => refreshCourseStatistics(tx as never));
    const [row] = await asServiceRole(t.db, (tx) => getCourseStatistics(tx as never, { courseId: empty }));
    expect(row!.enrollmentCount).toBe(1);
    const [idx] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from pg_indexes where schemaname = 'learning' and indexname = 'idx_course_statistics_id' and indexdef like 'CREATE UNIQUE%'`);
    expect(idx!.n).toBe(1);
  });

  it('is readable and refreshable by service_role only; no pg_cron job is scheduled where pg_cron is absent', async () => {
    const u = await createUser(t.db);
    await expectDbError(asUser(t.db, u, (tx) => tx.execute(sql`select * from learning.course_statistics`)), /permission denied/);
    await expectDbError(asUser(t.db, u, (tx) => tx.execute(sql`select learning.refresh_course_statistics()`)), /permission denied/);
    const [cron] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from pg_extension where extname = 'pg_cron'`);
    expect(cron!.n).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { insertCourseLessonSchema, insertCourseSchema, insertUserSchema, updateCourseLessonSchema, updateCourseSchema } from '../../src/learning.js';
import { asUser } from '../../src/rls.js';
import { TEXT_LIMITS } from '../../src/schema/_shared/index.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { course, createCourse, createLesson, createUser } from './fixtures.js';

const t = useDatabase();
let instructor: string;
beforeAll(async () => {
  instructor = await createUser(t.db, 'Instructor');
});

describe(`learning constraints and defaults (${engine})`, () => {
  it('a free course and a paid course both insert with the defaults (is_free follows price)', async () => {
    const [free] = await queryRows<{ id: string; is_free: boolean; price: string; currency: string; status: string; difficulty: string }>(
      t.db,
      sql`insert into learning.courses (title, slug, instructor_id) values ('Free', 'free-course', ${instructor}) returning id, is_free, price::text, currency, status, difficulty`,
    );
    expect(free).toMatchObject({ is_free: true, price: '0.00', currency: 'USD', status: 'draft', difficulty: 'beginner' });
    const [paid] = await queryRows<{ is_free: boolean; enrollment_count: number; average_rating: string }>(
      t.db,
      sql`insert into learning.courses (title, slug, instructor_id, price) values ('Paid', 'paid-course', ${instructor}, 49.90) returning is_free, enrollment_count, average_rating::text`,
    );
    expect(paid).toEqual({ is_free: false, enrollment_count: 0, average_rating: '0.00' });
    // is_free cannot contradict price: it is generated from it.
    await expectDbError(t.db.execute(sql`insert into learning.courses (title, slug, instructor_id, price, is_free) values ('X', 'x-course', ${instructor}, 10, true)`), /non-DEFAULT value into column "is_free"/);
    await t.db.execute(sql`update learning.courses set price = 5 where id = ${free!.id}`);
    expect((await course(t.db, free!.id)).is_free).toBe(false);
  });

  it('money is numeric(10,2) with a currency code CHECK; negative prices and unknown currencies are refused', async () => {
    await expectDbError(t.db.execute(sql`insert into learning.courses (title, slug, instructor_id, price) values ('N', 'neg', ${instructor}, -1)`), /valid_price/);
    await expectDbError(t.db.execute(sql`insert into learning.courses (title, slug, instructor_id, currency) values ('C', 'cur', ${instructor}, 'usd')`), /courses_currency_check/);
    await expectDbError(t.db.execute(sql`insert into learning.courses (title, slug, instructor_id, price) values ('B', 'big', ${instructor}, 100000000)`), /overflow/i);
    const [cols] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from information_schema.columns where table_schema = 'learning' and data_type = 'numeric'
          and column_name in ('price', 'original_price', 'amount') and (numeric_precision, numeric_scale) <> (10, 2)`,
    );
    expect(cols!.n).toBe(0);
  });

  it('every timestamp of the schema is timestamptz', async () => {
    const rows = await queryRows<{ table_name: string; column_name: string }>(
      t.db,
      sql`select table_name, column_name from information_schema.columns where table_schema = 'learning' and data_type like 'timestamp without%'`,
    );
    expect(rows).toEqual([]);
  });

  it('learning.users.id is the auth user id (foreign key to auth.users, cascading)', async () => {
    await expectDbError(t.db.execute(sql`insert into learning.users (id, email, name) values (${randomUUID()}, 'ghost@example.com', 'Ghost')`), /users_id_fkey/);
    const id = await createUser(t.db, 'Gone');
    await t.db.execute(sql`delete from auth.users where id = ${id}`);
    const rows = await queryRows(t.db, sql`select 1 from learning.users where id = ${id}`);
    expect(rows).toHaveLength(0);
  });

  it('one default address per user and type (partial unique index); non-default ones repeat', async () => {
    const u = await createUser(t.db, 'Addr');
    await t.db.execute(sql`insert into learning.user_addresses (user_id, type, is_default) values (${u}, 'billing', true), (${u}, 'billing', false), (${u}, 'billing', false), (${u}, 'shipping', true)`);
    await expectDbError(t.db.execute(sql`insert into learning.user_addresses (user_id, type, is_default) values (${u}, 'billing', true)`), /user_addresses_user_id_type_default_key/);
  });

  it('valid_quiz_score is NULL-safe: an open attempt has no score; a score needs no max_score but stays >= 0 and <= max_score', async () => {
    const u = await createUser(t.db, 'Quizzer');
    const c = await createCourse(t.db, { instructorId: instructor });
    const [q] = await queryRows<{ id: string }>(t.db, sql`insert into learning.course_quizzes (course_id, title) values (${c}, 'Q') returning id`);
    const attempt = (n: number, score: string | null, max: string | null) =>
      t.db.execute(sql`insert into learning.quiz_attempts (quiz_id, user_id, attempt_number, score, max_score) values (${q!.id}, ${u}, ${n}, ${score}, ${max})`);
    await attempt(1, null, null);
    await attempt(2, '3', null);
    await attempt(3, '3', '5');
    await expectDbError(attempt(4, '6', '5'), /valid_quiz_score/);
    await expectDbError(attempt(5, '-1', null), /valid_quiz_score/);
    await expectDbError(attempt(6, '-1', '5'), /valid_quiz_score/);
  });

  it('status-like columns take only their listed values', async () => {
    const u = await createUser(t.db, 'Status');
    const c = await createCourse(t.db, { instructorId: instructor });
    await expectDbError(t.db.execute(sql`insert into learning.enrollments (user_id, course_id, status) values (${u}, ${c}, 'done')`), /enrollments_status_check/);
    await expectDbError(t.db.execute(sql`update learning.courses set status = 'live' where id = ${c}`), /courses_status_check/);
    const l = await createLesson(t.db, c);
    await expectDbError(t.db.execute(sql`insert into learning.lesson_progress (user_id, lesson_id, status) values (${u}, ${l}, 'finished')`), /lesson_progress_status_check/);
  });

  it('subscription periods must end after they start; payments must be positive', async () => {
    const u = await createUser(t.db, 'Sub');
    const [plan] = await queryRows<{ id: string }>(t.db, sql`insert into learning.subscription_plans (name, price, billing_interval) values ('Pro', 19.99, 'monthly') returning id`);
    await expectDbError(
      t.db.execute(sql`insert into learning.subscriptions (user_id, plan_id, status, current_period_start, current_period_end) values (${u}, ${plan!.id}, 'active', now(), now() - interval '1 day')`),
      /valid_subscription_period/,
    );
    await expectDbError(t.db.execute(sql`insert into learning.payment_transactions (user_id, amount, transaction_type, status) values (${u}, 0, 'payment', 'completed')`), /valid_amount/);
  });

  it("a lesson's section belongs to the lesson's course", async () => {
    const a = await createCourse(t.db, { instructorId: instructor });
    const b = await createCourse(t.db, { instructorId: instructor });
    const [s] = await queryRows<{ id: string }>(t.db, sql`insert into learning.course_sections (course_id, title, order_index) values (${a}, 'S', 1) returning id`);
    await expectDbError(
      t.db.execute(sql`insert into learning.course_lessons (course_id, section_id, title, slug, order_index) values (${b}, ${s!.id}, 'L', 'l', 1)`),
      /course_lessons_section_id_fkey/,
    );
  });

  it('the full-text indexes exist and serve the search expression', async () => {
    const rows = await queryRows<{ indexname: string; indexdef: string }>(
      t.db,
      sql`select indexname, indexdef from pg_indexes where schemaname = 'learning' and indexname in ('idx_courses_search', 'idx_lessons_search') order by 1`,
    );
    expect(rows.map((r) => r.indexname)).toEqual(['idx_courses_search', 'idx_lessons_search']);
    for (const r of rows) expect(r.indexdef).toMatch(/USING gin \(to_tsvector/);
  });

  it('validators agree with the CHECKs', () => {
    expect(insertCourseSchema.safeParse({ title: 'T', slug: 'Bad Slug', instructorId: instructor }).success).toBe(false);
    expect(insertCourseSchema.safeParse({ title: 'T', slug: 'good-slug', instructorId: instructor, price: '10.50', currency: 'EUR' }).success).toBe(true);
    expect(insertCourseSchema.safeParse({ title: 'T', slug: 'good-slug', instructorId: instructor, currency: 'eur' }).success).toBe(false);
    expect(insertUserSchema.safeParse({ id: instructor, email: 'not an email', name: 'N' }).success).toBe(false);
    expect(insertUserSchema.safeParse({ id: instructor, email: 'a@example.com', name: 'x'.repeat(101) }).success).toBe(false);
  });
});

describe(`learning size limits: the CHECK and the validator say the same (${engine})`, () => {
  const refusedField = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.success ? undefined : String(r.error!.issues[0]!.path[0]));

  it('an instructor stores a lesson of TEXT_LIMITS.document characters, not one more (as authenticated); the validators agree', async () => {
    const courseId = await createCourse(t.db, { instructorId: instructor });
    const lesson = await createLesson(t.db, courseId);
    const max = TEXT_LIMITS.document;
    const stored = await asUser(t.db, instructor, (tx) => queryRows<{ n: number }>(tx, sql`update learning.course_lessons set content = ${'é'.repeat(max)} where id = ${lesson} returning char_length(content) as n`));
    expect(stored).toEqual([{ n: max }]);
    await expectDbError(asUser(t.db, instructor, (tx) => queryRows(tx, sql`update learning.course_lessons set content = ${'x'.repeat(max + 1)} where id = ${lesson}`)), /course_lessons_content_length_check/);
    expect(updateCourseLessonSchema.safeParse({ content: 'x'.repeat(max) }).success).toBe(true);
    expect(refusedField(updateCourseLessonSchema.safeParse({ content: 'x'.repeat(max + 1) }))).toBe('content');
    const base = { courseId, title: 'L', slug: 'l', orderIndex: 1 };
    expect(insertCourseLessonSchema.safeParse({ ...base, videoUrl: `https://v/${'x'.repeat(TEXT_LIMITS.url - 10)}` }).success).toBe(true);
    expect(refusedField(insertCourseLessonSchema.safeParse({ ...base, videoUrl: `https://v/${'x'.repeat(TEXT_LIMITS.url - 9)}` }))).toBe('videoUrl');
    expect(refusedField(insertCourseLessonSchema.safeParse({ ...base, attachments: [{ name: 'x'.repeat(TEXT_LIMITS.jsonBytes) }] }))).toBe('attachments');
  });

  it("a course's learning objectives: TEXT_LIMITS.jsonBytes bytes as jsonb prints them, in the database and the validator", async () => {
    const courseId = await createCourse(t.db, { instructorId: instructor });
    // ["x…", "y…"]: jsonb prints ", " between the items, JSON.stringify ","; the pair is at the limit as jsonb
    const half = (TEXT_LIMITS.jsonBytes - 8) / 2;
    const objectives = ['x'.repeat(half), 'y'.repeat(half)];
    await asUser(t.db, instructor, (tx) => queryRows(tx, sql`update learning.courses set learning_objectives = ${JSON.stringify(objectives)}::jsonb where id = ${courseId}`));
    const over = ['x'.repeat(half), 'y'.repeat(half + 1)];
    await expectDbError(asUser(t.db, instructor, (tx) => queryRows(tx, sql`update learning.courses set learning_objectives = ${JSON.stringify(over)}::jsonb where id = ${courseId}`)), /courses_learning_objectives_size_check/);
    expect(updateCourseSchema.safeParse({ learningObjectives: objectives }).success).toBe(true);
    // JSON.stringify's text of `over` is at the limit (one byte under jsonb's): the validator measures jsonb's
    expect(JSON.stringify(over).length).toBe(TEXT_LIMITS.jsonBytes);
    expect(refusedField(updateCourseSchema.safeParse({ learningObjectives: over }))).toBe('learningObjectives');
  });
});

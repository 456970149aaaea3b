import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { parseInput } from '../../src/errors.js';
import {
  contentVersions,
  coursePurchases,
  courseCompletions,
  courseLessons,
  courseSections,
  courses,
  createMonthlyPartition,
  decryptSensitiveData,
  ENROLLMENT_STATUSES,
  encryptSensitiveData,
  enrollments,
  ensureMonthlyPartitions,
  getCourseProgress,
  getCourseRecommendations,
  getCourseStatistics,
  getUserDashboard,
  insertContentVersionSchema,
  insertCourseLessonSchema,
  insertCoursePurchaseSchema,
  insertCourseSchema,
  insertCourseSectionSchema,
  insertMediaFileSchema,
  insertSubscriptionPlanSchema,
  insertSubscriptionSchema,
  insertCourseQuizSchema,
  insertQuizAttemptSchema,
  insertQuizQuestionSchema,
  insertUserAchievementSchema,
  insertUserAddressSchema,
  insertUserPreferenceSchema,
  insertUserRoleSchema,
  insertUserSchema,
  insertEnrollmentSchema,
  insertLessonProgressSchema,
  insertPaymentTransactionSchema,
  insertUserBookmarkSchema,
  insertUserNoteSchema,
  LESSON_PROGRESS_STATUSES,
  lessonProgress,
  mediaFiles,
  quizQuestions,
  PURCHASE_STATUSES,
  paymentTransactions,
  refreshCourseStatistics,
  startQuizAttempt,
  SUBSCRIPTION_STATUSES,
  submitQuizAttempt,
  subscriptions,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
  updateCourseCompletionSchema,
  updateCourseLessonSchema,
  updateCourseSchema,
  updateSubscriptionSchema,
  updateUserSchema,
  userAchievements,
  updateEnrollmentSchema,
  updateLessonProgressSchema,
  userBookmarks,
  userNotes,
  userPreferences,
  users,
  USER_STATUSES,
} from '../../src/learning.js';
import { TEXT_LIMITS } from '../../src/schema/_shared/index.js';
import { engine, useDatabase } from '../helpers.js';
import { createCourse, createLesson, createUser, enroll, setLessonStatus } from '../learning/fixtures.js';
import { digest, expectCleanOrSuccess, expectRefused, extremeDates, hostileText, outcome, runs, unknownEnum, unstorableText, wrongType } from './fuzz.js';

const t = useDatabase();
/** What the quiz helpers write (an attempt) or lock (the enrollment). */
const QUIZ = ['learning.quiz_attempts', 'learning.enrollments', 'learning.course_quizzes'];
/** Everything the read-only helpers could touch by mistake. */
const LEARNING = ['learning.users', 'learning.courses', 'learning.enrollments', 'learning.lesson_progress', 'learning.course_completions', 'learning.quiz_attempts'];
/** A partition is a row of pg_inherits: a refused partition call adds none. */
const PARTITIONS = ['pg_catalog.pg_inherits'];
const KEY = 'a-long-fuzz-key-0123456789';
/** What learners write directly (through RLS), checked by the exported validators first. */
const WRITTEN = ['learning.user_notes', 'learning.user_bookmarks', 'learning.course_completions', 'learning.enrollments', 'learning.lesson_progress', 'learning.courses'];
/** Checkout: the pending purchase a learner opens, the transaction the payment webhook records. */
const PAID = ['learning.course_purchases', 'learning.payment_transactions'];
/** What instructors, uploaders, the billing webhook and profile edits write, checked by the other validators. */
const AUTHORED = [
  'learning.users',
  'learning.courses',
  'learning.course_sections',
  'learning.course_lessons',
  'learning.media_files',
  'learning.subscriptions',
  'learning.user_achievements',
  'learning.content_versions',
  'learning.user_preferences',
  'learning.user_roles',
  'learning.user_addresses',
  'learning.course_quizzes',
  'learning.quiz_questions',
  'learning.quiz_attempts',
];

const f = {} as { learner: string; stranger: string; course: string; lessons: string[]; enrollment: string; completion: string; quiz: string; empty: string; closed: string; qs: string[]; plan: string; role: string };
beforeAll(async () => {
  const instructor = await createUser(t.db, 'Teacher');
  f.learner = await createUser(t.db, 'Learner');
  f.stranger = await createUser(t.db, 'Stranger');
  f.course = await createCourse(t.db, { instructorId: instructor });
  f.lessons = [await createLesson(t.db, f.course), await createLesson(t.db, f.course)];
  f.enrollment = await enroll(t.db, f.learner, f.course);
  await setLessonStatus(t.db, f.learner, f.lessons[0]!, 'completed');
  await setLessonStatus(t.db, f.learner, f.lessons[1]!, 'in_progress');
  const one = async (q: ReturnType<typeof sql>) => (await queryRows<{ id: string }>(t.db, q))[0]!.id;
  f.completion = await one(sql`insert into learning.course_completions (user_id, course_id) values (${f.learner}, ${f.course}) returning id`);
  // unlimited attempts, no time limit: a valid submission always succeeds
  f.quiz = await one(sql`insert into learning.course_quizzes (course_id, title, attempts_allowed) values (${f.course}, 'Quiz', null) returning id`);
  f.empty = await one(sql`insert into learning.course_quizzes (course_id, title, attempts_allowed) values (${f.course}, 'No questions', null) returning id`);
  f.closed = await one(sql`insert into learning.course_quizzes (course_id, title, is_active) values (${f.course}, 'Inactive', false) returning id`);
  const qs = await queryRows<{ id: string }>(
    t.db,
    sql`insert into learning.quiz_questions (quiz_id, question_text, question_type, points, order_index, options, correct_answer) values
      (${f.quiz}, 'Pick b', 'multiple_choice', 2, 1, '["a","b","c"]', '"b"'),
      (${f.quiz}, 'True?', 'true_false', 1, 2, null, 'true'),
      (${f.quiz}, 'Capital of France', 'short_answer', 1, 3, null, '["Paris"]'),
      (${f.quiz}, 'Discuss', 'essay', 5, 4, null, null)
      returning id`,
  );
  f.qs = qs.map((r) => r.id);
  f.plan = await one(sql`insert into learning.subscription_plans (name, price, billing_interval) values ('Monthly', 10, 'monthly') returning id`);
  f.role = await one(sql`insert into learning.roles (name) values ('fuzz-role') returning id`);
  await refreshCourseStatistics(t.db);
});

/** Strings zod takes for a uuid field but no row has, and hostile ones zod refuses. */
const anyUuidish = fc.oneof(fc.uuid(), hostileText, fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'));
/** Values of a uuid field that must be refused before the database. */
const badUuid = fc.oneof(
  wrongType,
  unstorableText,
  fc.constantFrom('', 'not-a-uuid', "'; drop table learning.users; --", '0000000-0000-0000-0000-000000000000', '{00000000-0000-0000-0000-000000000000}'),
);
/** Instants a timestamptz column must not be handed (outside the years 1-9999, invalid, not a Date). */
const badDate = fc.constantFrom(new Date(-8.64e15), new Date(8.64e15), new Date(Number.NaN), new Date(-62135596800001), new Date(253402300800000), 'tomorrow', '2024-01-01', 42);
/** Values a counter (integer, CHECK >= 0) must refuse. */
const badCount = fc.oneof(fc.integer({ max: -1 }), fc.constantFrom(1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '3', true));
/** Values a numeric(5,2) percentage (CHECK 0-100) must refuse. */
const badPercent = fc.oneof(fc.constantFrom('101', '-1', '100.001', '1000', 'abc', '1e2', '', ' 5', 'NaN'), fc.integer(), wrongType.filter((v) => v !== null));
/** Mixed values for a text column: ordinary, hostile, or unstorable. */
const anyText = fc.oneof(hostileText, wrongType);
const anyDate = fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), extremeDates);
const anyCount = fc.oneof(fc.integer({ min: -3, max: 100_000 }), badCount);

/** A JSON answer, hostile text included. */
const answer = fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileText.filter((s) => s.length < 10_000), fc.constantFrom('b', true, ['Paris'], '  paris '));

/**
 * Every case of `bad` (a validator of `base` by name, one field and a value for it) is refused by that
 * validator, on its valid row with the field replaced, with a ValidationError naming the field.
 */
async function expectValidatorsRefuse(
  bad: fc.Arbitrary<{ schema: string; field: string; value: unknown }>,
  base: Record<string, [unknown, Record<string, unknown>]>,
  cases: number,
) {
  await fc.assert(
    fc.asyncProperty(bad, async ({ schema, field, value }) => {
      const [validator, row] = base[schema]!;
      const input = { ...row, [field]: value };
      await expectRefused(async () => parseInput(validator as never, input), { schema, ...input }, field);
    }),
    runs(cases),
  );
}

describe(`learning helpers, fuzzed (${engine})`, () => {
  it('startQuizAttempt / submitQuizAttempt refuse every mistyped, malformed or unstorable value, naming the field, and write nothing (2,100 cases)', async () => {
    const before = await digest(t.db, QUIZ);
    const q = () => fc.constantFrom(...f.qs);
    const bad = fc.oneof(
      fc.record({ field: fc.constantFrom('quizId', 'userId'), value: badUuid }),
      fc.record({
        field: fc.constant('responses'),
        value: fc.oneof(
          // not an object keyed by question id
          wrongType.filter((v) => v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date),
          fc.constantFrom('{"a":1}', '[]'),
          // text PostgreSQL cannot store, in a value or a key
          fc.tuple(q(), unstorableText).map(([k, s]) => ({ [k]: s })),
          fc.tuple(q(), unstorableText).map(([k, s]) => ({ [k]: [{ deep: s }] })),
          unstorableText.filter((s) => s.length < 100).map((s) => ({ [s]: 'b' })),
          // not JSON at all
          fc.tuple(q(), fc.oneof(fc.bigInt(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY))).map(([k, v]) => ({ [k]: v })),
          // keys that are no question of the quiz (refused by the database, naming responses)
          fc.tuple(fc.oneof(fc.uuid(), hostileText.filter((s) => s.length > 0 && s.length < 100)), answer).map(([k, v]) => ({ [k]: v })),
        ),
      }),
      fc.record({ field: fc.constant('extra'), value: fc.oneof(hostileText, wrongType) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, fc.boolean(), async ({ field, value }, submit) => {
        if (field === 'responses' && !submit) return;
        const input = { quizId: f.quiz, userId: f.learner, responses: { [f.qs[0]!]: 'b' }, [field]: value };
        if (!submit) delete (input as Record<string, unknown>).responses;
        // the database names its columns (quiz_id, user_id) when it is the one refusing
        const named = field === 'quizId' ? /^(quizId|quiz_id)$/ : field === 'userId' ? /^(userId|user_id)$/ : field === 'extra' ? /^(params|extra)$/ : /^responses/;
        await expectRefused(() => (submit ? submitQuizAttempt(t.db, input as never) : startQuizAttempt(t.db, input as never)), input, named);
      }),
      runs(2100),
    );
    // well-formed ids of no quiz, an inactive quiz, a quiz without questions, a learner not enrolled
    const refusedByDatabase: [Record<string, unknown>, RegExp][] = [
      [{ quizId: '00000000-0000-0000-0000-000000000000', userId: f.learner }, /^quiz_id$/],
      [{ quizId: f.closed, userId: f.learner }, /^quiz_id$/],
      [{ quizId: f.quiz, userId: f.stranger }, /^user_id$/],
      [{ quizId: f.quiz, userId: '00000000-0000-0000-0000-000000000000' }, /^user_id$/],
    ];
    for (const [input, field] of refusedByDatabase) {
      await expectRefused(() => startQuizAttempt(t.db, input as never), input, field);
      await expectRefused(() => submitQuizAttempt(t.db, { ...input, responses: {} } as never), input, field);
    }
    await expectRefused(() => submitQuizAttempt(t.db, { quizId: f.empty, userId: f.learner, responses: {} }), 'quiz without questions', /^quiz_id$/);
    expect(await digest(t.db, QUIZ)).toEqual(before);
  });

  it('submitQuizAttempt / startQuizAttempt with any mix of values: scored, or refused with nothing written (100 cases)', async () => {
    let scored = 0;
    const responses = fc.oneof(
      fc.dictionary(fc.constantFrom(...f.qs), answer, { maxKeys: 4 }),
      fc.dictionary(fc.oneof(fc.constantFrom(...f.qs), hostileText.filter((s) => s.length < 100)), answer, { maxKeys: 3 }),
      fc.jsonValue({ maxDepth: 2 }),
      wrongType,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          quizId: fc.oneof({ arbitrary: fc.constant(f.quiz), weight: 4 }, fc.constantFrom(f.empty, f.closed), anyUuidish),
          userId: fc.oneof({ arbitrary: fc.constant(f.learner), weight: 4 }, fc.constant(f.stranger), anyUuidish),
          responses,
        }),
        fc.boolean(),
        async (input, submit) => {
          const call = submit ? () => submitQuizAttempt(t.db, input as never) : () => startQuizAttempt(t.db, { quizId: input.quizId, userId: input.userId } as never);
          const result = await expectCleanOrSuccess(t.db, QUIZ, call, input);
          if (result.ok) scored++;
          if (result.ok && submit) {
            const a = result.value as { percentage: string; completedAt: Date | null };
            expect(Number(a.percentage)).toBeGreaterThanOrEqual(0);
            expect(Number(a.percentage)).toBeLessThanOrEqual(100);
            expect(a.completedAt).not.toBeNull();
          }
        },
      ),
      runs(100),
    );
    expect(scored, 'no mixed case succeeded: the property tests refusals only').toBeGreaterThan(0);
  });

  it('getUserDashboard / getCourseRecommendations / getCourseProgress / getCourseStatistics: a result or a ValidationError naming the field, and nothing written (2,800 cases)', async () => {
    const before = await digest(t.db, LEARNING);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ userId: anyUuidish }), fc.record({ userId: fc.constant(f.learner), extra: hostileText }), wrongType, fc.constant({})), async (input) => {
        const r = await outcome(() => getUserDashboard(t.db, input as never), input);
        if (r.ok) expect(Array.isArray((r.value as { active_enrollments: unknown[] }).active_enrollments)).toBe(true);
      }),
      runs(600),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ userId: fc.oneof(fc.constant(f.stranger), anyUuidish), limit: fc.oneof(fc.integer({ min: -5, max: 200 }), wrongType, fc.constant(undefined)) }, { requiredKeys: ['userId'] }),
        async (input) => {
          const r = await outcome(() => getCourseRecommendations(t.db, input as never), input);
          if (r.ok) expect((r.value as unknown[]).length).toBeLessThanOrEqual(typeof input.limit === 'number' ? input.limit : 10);
        },
      ),
      runs(600),
    );
    await fc.assert(
      fc.asyncProperty(fc.record({ userId: fc.oneof(fc.constant(f.learner), anyUuidish, wrongType), courseId: fc.oneof(fc.constant(f.course), anyUuidish, wrongType) }), async (input) => {
        const r = await outcome(() => getCourseProgress(t.db, input as never), input);
        if (r.ok) expect(r.value).toBeGreaterThanOrEqual(0);
      }),
      runs(600),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.record({ courseId: fc.oneof(fc.constant(f.course), anyUuidish, wrongType) }), fc.constant(undefined), fc.constant({}), wrongType), async (input) => {
        await outcome(() => getCourseStatistics(t.db, input as never), input);
      }),
      runs(600),
    );
    // one field made invalid: the error names it
    await fc.assert(
      fc.asyncProperty(badUuid, fc.integer({ min: 0, max: 3 }), async (bad, which) => {
        const calls = [
          () => getUserDashboard(t.db, { userId: bad } as never),
          () => getCourseRecommendations(t.db, { userId: bad } as never),
          () => getCourseProgress(t.db, { userId: f.learner, courseId: bad } as never),
          () => getCourseStatistics(t.db, { courseId: bad } as never),
        ];
        await expectRefused(calls[which]!, { bad, which }, ['userId', 'userId', 'courseId', 'courseId'][which]!);
      }),
      runs(400),
    );
    expect(await digest(t.db, LEARNING)).toEqual(before);
  });

  it('encryptSensitiveData / decryptSensitiveData refuse short, mistyped and unstorable keys and data, naming the field (1,200 cases)', async () => {
    const bad = fc.oneof(
      fc.record({ field: fc.constant('key'), value: fc.oneof(wrongType, unstorableText.filter((s) => s.length < 100_000), fc.string({ maxLength: 15 })) }),
      fc.record({ field: fc.constant('data'), value: fc.oneof(wrongType, unstorableText.filter((s) => s.length < 100_000)) }),
      fc.record({ field: fc.constant('encrypted'), value: fc.oneof(wrongType, unstorableText.filter((s) => s.length < 100_000), fc.constantFrom('', 'not base64!', "'; select 1; --", 'aGVs\u0000bG8=')) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const decrypt = field === 'encrypted' || (field === 'key' && typeof value === 'number');
        const input = decrypt ? { encrypted: 'aGVsbG8=', key: KEY, [field]: value } : { data: 'secret', key: KEY, [field]: value };
        await expectRefused(() => (decrypt ? decryptSensitiveData(t.db, input as never) : encryptSensitiveData(t.db, input as never)), input, field);
      }),
      runs(1200),
    );
  });

  it('encryptSensitiveData then decryptSensitiveData gives back any storable text; any other ciphertext or key is decryption_failed (200 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText.filter((s) => s.length < 10_000), fc.oneof(fc.constant(KEY), hostileText.filter((s) => s.length >= 16 && s.length < 10_000)), async (data, key) => {
        const sealed = await outcome(() => encryptSensitiveData(t.db, { data, key }), { data, key });
        if (!sealed.ok) return;
        const opened = await outcome(() => decryptSensitiveData(t.db, { encrypted: sealed.value as string, key }), { data, key });
        expect(opened.ok && opened.value).toBe(data);
      }),
      runs(100),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileText, fc.base64String({ minLength: 4, maxLength: 200 })), fc.oneof(fc.constant(KEY), hostileText), async (encrypted, key) => {
        const r = await outcome(() => decryptSensitiveData(t.db, { encrypted, key }), { encrypted, key });
        if (!r.ok) expect(['invalid', 'decryption_failed']).toContain(r.error.code);
      }),
      runs(100),
    );
  });

  it('createMonthlyPartition / ensureMonthlyPartitions refuse bad tables, months and counts, naming the field, and create nothing (1,500 cases)', async () => {
    const before = await digest(t.db, PARTITIONS);
    const bad = fc.oneof(
      fc.record({
        field: fc.constant('table'),
        value: fc.oneof(
          wrongType,
          unstorableText,
          fc.constantFrom('', 'learning.users', 'learning.nope', 'pg_class', 'public.x', 'Learning.Lesson_Activity_Events', 'learning."lesson_activity_events"', "learning.x'; drop table learning.users; --", 'a.b.c', `learning.${'x'.repeat(64)}`),
        ),
      }),
      fc.record({
        field: fc.constant('month'),
        value: fc.oneof(
          wrongType.filter((v) => !(v instanceof Date)),
          extremeDates.filter((d) => !(d instanceof Date) || Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999),
          fc.constantFrom('2024-13', '2024-00', '2024-02-30', '2024-04-31', '0000-01', '0000-01-01', '2024-1-1', '2024/01/01', '2024-01-01T00:00:00Z', "2024-01'; --"),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async ({ field, value }) => {
        const input = { table: 'learning.lesson_activity_events', month: '2031-06', [field]: value };
        await expectRefused(() => createMonthlyPartition(t.db, input as never), input, field);
      }),
      runs(1200),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ field: fc.constant('table'), value: fc.oneof(wrongType.filter((v) => v !== undefined), fc.constantFrom('learning.users', 'learning.nope', "x'; --")) }),
          fc.record({ field: fc.constant('monthsAhead'), value: fc.oneof(wrongType.filter((v) => !(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 24)), fc.integer({ min: 25 }), fc.integer({ max: -1 }), fc.constantFrom(1.5, '3')) }),
        ),
        async ({ field, value }) => {
          const input = { [field]: value };
          await expectRefused(() => ensureMonthlyPartitions(t.db, input as never), input, field);
        },
      ),
      runs(300),
    );
    expect(await digest(t.db, PARTITIONS)).toEqual(before);
  });

  it('createMonthlyPartition with any mix of values: a partition, or refused with nothing created (100 cases)', async () => {
    let created = 0;
    const month = fc.oneof(
      { arbitrary: fc.date({ min: new Date('2032-01-01'), max: new Date('2033-12-31'), noInvalidDate: true }), weight: 2 },
      fc.date({ min: new Date('2032-01-01'), max: new Date('2033-12-31'), noInvalidDate: true }),
      fc.tuple(fc.integer({ min: 2032, max: 2033 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      extremeDates,
      hostileText,
    );
    const table = fc.oneof({ arbitrary: fc.constant('learning.lesson_activity_events'), weight: 3 }, fc.constant('lesson_activity_events'), fc.constantFrom('learning.users', 'learning.course_statistics'), hostileText);
    await fc.assert(
      fc.asyncProperty(fc.record({ table, month }), async (input) => {
        const r = await expectCleanOrSuccess(t.db, PARTITIONS, () => createMonthlyPartition(t.db, input as never), input);
        if (r.ok) created++;
        if (r.ok) expect(r.value).toMatch(/^learning\.lesson_activity_events_\d{4}_\d{2}$/);
      }),
      runs(100),
    );
    expect(created, 'no mixed case succeeded: the property tests refusals only').toBeGreaterThan(0);
  });
  it('the validators of what learners write (notes, bookmarks, ratings and reviews, enrollments, lesson progress) refuse every unstorable, oversized, mistyped or out-of-range value, naming the field (2,000 cases)', async () => {
    const before = await digest(t.db, WRITTEN);
    type Case = { schema: string; field: string; value: unknown };
    const bad: fc.Arbitrary<Case> = fc.oneof(
      fc.record({ schema: fc.constant('note'), field: fc.constant('content'), value: fc.oneof(unstorableText, fc.constantFrom('', 'n'.repeat(20_001)), wrongType) }),
      fc.record({ schema: fc.constantFrom('note', 'bookmark'), field: fc.constant('timestampInVideo'), value: badCount }),
      fc.record({ schema: fc.constantFrom('note', 'bookmark'), field: fc.constant('createdAt'), value: badDate }),
      fc.record({ schema: fc.constantFrom('note', 'bookmark'), field: fc.constantFrom('userId', 'lessonId'), value: badUuid }),
      fc.record({ schema: fc.constant('bookmark'), field: fc.constant('title'), value: fc.oneof(unstorableText, fc.constant('t'.repeat(201)), wrongType.filter((v) => v !== null)) }),
      fc.record({ schema: fc.constant('bookmark'), field: fc.constant('notes'), value: fc.oneof(unstorableText, fc.constant('n'.repeat(5001)), wrongType.filter((v) => v !== null)) }),
      fc.record({ schema: fc.constant('review'), field: fc.constant('rating'), value: fc.oneof(fc.constantFrom(0, 6, 2.5, -1, '5', Number.NaN), fc.integer({ min: 6 })) }),
      fc.record({ schema: fc.constant('review'), field: fc.constant('review'), value: fc.oneof(unstorableText, fc.constant('r'.repeat(10_001)), wrongType.filter((v) => v !== null)) }),
      fc.record({ schema: fc.constant('review'), field: fc.constant('certificateUrl'), value: fc.oneof(unstorableText.filter((v) => v.length < 100_000), wrongType.filter((v) => v !== null)) }),
      fc.record({ schema: fc.constant('review'), field: fc.constantFrom('finalScore', 'completionPercentage'), value: badPercent.filter((v) => v !== '101' && v !== '100.001') }),
      fc.record({ schema: fc.constant('review'), field: fc.constant('totalTimeSpent'), value: badCount }),
      fc.record({ schema: fc.constant('review'), field: fc.constant('completedAt'), value: badDate }),
      fc.record({ schema: fc.constantFrom('enrollment', 'enrollmentUpdate'), field: fc.constant('progress'), value: badPercent }),
      fc.record({ schema: fc.constantFrom('enrollment', 'enrollmentUpdate'), field: fc.constant('status'), value: fc.oneof(unknownEnum(ENROLLMENT_STATUSES), wrongType) }),
      fc.record({ schema: fc.constantFrom('enrollment', 'enrollmentUpdate'), field: fc.constantFrom('enrolledAt', 'completedAt', 'lastAccessedAt'), value: badDate }),
      fc.record({ schema: fc.constantFrom('progress', 'progressUpdate'), field: fc.constant('progressPercentage'), value: badPercent }),
      fc.record({ schema: fc.constantFrom('progress', 'progressUpdate'), field: fc.constant('status'), value: fc.oneof(unknownEnum(LESSON_PROGRESS_STATUSES), wrongType) }),
      fc.record({ schema: fc.constantFrom('progress', 'progressUpdate'), field: fc.constantFrom('totalTimeSpent', 'lastPosition', 'interactionCount', 'notesCount', 'bookmarksCount'), value: badCount }),
      fc.record({ schema: fc.constantFrom('progress', 'progressUpdate'), field: fc.constantFrom('startedAt', 'completedAt', 'lastAccessedAt', 'updatedAt'), value: badDate }),
    );
    const base: Record<string, [unknown, Record<string, unknown>]> = {
      note: [insertUserNoteSchema, { userId: f.learner, lessonId: f.lessons[0], content: 'A note' }],
      bookmark: [insertUserBookmarkSchema, { userId: f.learner, lessonId: f.lessons[0] }],
      review: [updateCourseCompletionSchema, { rating: 4 }],
      enrollment: [insertEnrollmentSchema, { userId: f.stranger, courseId: f.course }],
      enrollmentUpdate: [updateEnrollmentSchema, {}],
      progress: [insertLessonProgressSchema, { userId: f.learner, lessonId: f.lessons[0], courseId: f.course }],
      progressUpdate: [updateLessonProgressSchema, {}],
    };
    await expectValidatorsRefuse(bad, base, 2000);
    expect(await digest(t.db, WRITTEN)).toEqual(before);
  });

  it('what those validators accept, the database stores: a note, a bookmark, a rating, an enrollment or progress update written, or refused with nothing written (150 cases)', async () => {
    let written = 0;
    const writes = fc.oneof(
      fc.record({ kind: fc.constant('note' as const), content: anyText, timestampInVideo: anyCount, isPrivate: fc.oneof(fc.boolean(), wrongType), createdAt: anyDate }, { requiredKeys: ['kind', 'content'] }),
      fc.record({ kind: fc.constant('bookmark' as const), title: anyText, notes: anyText, timestampInVideo: anyCount, createdAt: anyDate }, { requiredKeys: ['kind'] }),
      fc.record(
        { kind: fc.constant('review' as const), rating: fc.oneof(fc.integer({ min: -1, max: 7 }), wrongType), review: anyText, wouldRecommend: fc.oneof(fc.boolean(), wrongType), finalScore: fc.oneof(fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/), badPercent) },
        { requiredKeys: ['kind', 'rating'] },
      ),
      fc.record(
        { kind: fc.constant('enrollment' as const), progress: fc.oneof(fc.stringMatching(/^\d{1,3}(\.\d{1,2})?$/), badPercent), status: fc.oneof(fc.constantFrom(...ENROLLMENT_STATUSES), unknownEnum(ENROLLMENT_STATUSES)), lastAccessedAt: anyDate },
        { requiredKeys: ['kind', 'lastAccessedAt'] },
      ),
      fc.record(
        {
          kind: fc.constant('progress' as const),
          progressPercentage: fc.oneof(fc.stringMatching(/^\d{1,3}(\.\d{1,2})?$/), badPercent),
          totalTimeSpent: anyCount,
          lastPosition: anyCount,
          startedAt: anyDate,
          lastAccessedAt: anyDate,
        },
        { requiredKeys: ['kind', 'lastPosition'] },
      ),
    );
    const write = async ({ kind, ...input }: { kind: string } & Record<string, unknown>) => {
      switch (kind) {
        case 'note':
          return t.db.insert(userNotes).values(parseInput(insertUserNoteSchema, { ...input, userId: f.learner, lessonId: f.lessons[1] }) as never);
        case 'bookmark':
          return t.db.insert(userBookmarks).values(parseInput(insertUserBookmarkSchema, { ...input, userId: f.learner, lessonId: f.lessons[1] }) as never);
        case 'review':
          return t.db.update(courseCompletions).set(parseInput(updateCourseCompletionSchema, input) as never).where(eq(courseCompletions.id, f.completion));
        case 'enrollment':
          return t.db.update(enrollments).set(parseInput(updateEnrollmentSchema, input) as never).where(eq(enrollments.id, f.enrollment));
        default:
          return t.db
            .update(lessonProgress)
            .set(parseInput(updateLessonProgressSchema, input) as never)
            .where(sql`${lessonProgress.userId} = ${f.learner} and ${lessonProgress.lessonId} = ${f.lessons[1]}`);
      }
    };
    await fc.assert(
      fc.asyncProperty(writes, async (input) => {
        const r = await expectCleanOrSuccess(t.db, WRITTEN, () => write(input as never), input);
        if (r.ok) written++;
      }),
      runs(150),
    );
    expect(written, 'no mixed case succeeded: the property tests refusals only').toBeGreaterThan(0);
  });
  it('payments: the purchase and transaction validators refuse every unstorable, oversized, mistyped or out-of-range value, naming the field (1,500 cases)', async () => {
    const before = await digest(t.db, PAID);
    const badMoney = fc.oneof(fc.constantFrom('-1', '1.234', '100000000', 'abc', '', '1e3', 'NaN'), fc.integer(), wrongType.filter((v) => v !== null));
    const bad = fc.oneof(
      fc.record({ schema: fc.constantFrom('purchase', 'transaction'), field: fc.constant('amount'), value: badMoney }),
      fc.record({ schema: fc.constantFrom('purchase', 'transaction'), field: fc.constant('currency'), value: fc.oneof(fc.constantFrom('usd', 'US', 'USDX', 'XXX', ''), wrongType) }),
      fc.record({ schema: fc.constantFrom('purchase', 'transaction'), field: fc.constant('paymentMethod'), value: fc.oneof(unstorableText, fc.constant('m'.repeat(51)), wrongType.filter((v) => v !== null)) }),
      fc.record({ schema: fc.constant('purchase'), field: fc.constantFrom('transactionId', 'stripePaymentIntentId', 'stripeInvoiceId'), value: fc.oneof(unstorableText, fc.constant('i'.repeat(101))) }),
      fc.record({ schema: fc.constant('purchase'), field: fc.constant('status'), value: fc.oneof(unknownEnum(PURCHASE_STATUSES), wrongType) }),
      fc.record({ schema: fc.constant('purchase'), field: fc.constantFrom('purchasedAt', 'expiresAt'), value: badDate }),
      fc.record({ schema: fc.constant('purchase'), field: fc.constant('expiresAt'), value: fc.constantFrom(new Date('2000-01-01'), new Date(Date.now() - 1000)) }),
      fc.record({ schema: fc.constant('purchase'), field: fc.constantFrom('userId', 'courseId'), value: badUuid }),
      fc.record({ schema: fc.constant('transaction'), field: fc.constantFrom('externalTransactionId', 'externalInvoiceId'), value: fc.oneof(unstorableText, fc.constant('e'.repeat(101))) }),
      fc.record({ schema: fc.constant('transaction'), field: fc.constant('transactionType'), value: fc.oneof(unknownEnum(TRANSACTION_TYPES), wrongType) }),
      fc.record({ schema: fc.constant('transaction'), field: fc.constant('status'), value: fc.oneof(unknownEnum(TRANSACTION_STATUSES), wrongType) }),
      fc.record({
        schema: fc.constant('transaction'),
        field: fc.constant('metadata'),
        value: fc.oneof(
          unstorableText.filter((v) => v.length < 100_000).map((v) => ({ note: v })),
          unstorableText.filter((v) => v.length < 100).map((v) => ({ [v]: 1 })),
          fc.bigInt().map((v) => ({ cents: v })),
          // null: the column is NOT NULL DEFAULT '{}' (found by the mixed property below)
          fc.constantFrom(null, { n: Number.NaN }, { nested: [{ deep: 'a\u0000b' }] }, { f: () => 1 }),
        ),
      }),
      fc.record({ schema: fc.constant('transaction'), field: fc.constant('createdAt'), value: badDate }),
    );
    const base: Record<string, [unknown, Record<string, unknown>]> = {
      purchase: [insertCoursePurchaseSchema, { userId: f.learner, courseId: f.course, amount: '30' }],
      transaction: [insertPaymentTransactionSchema, { userId: f.learner, amount: '30', transactionType: 'payment', status: 'completed' }],
    };
    await expectValidatorsRefuse(bad, base, 1500);
    expect(await digest(t.db, PAID)).toEqual(before);
  });

  it('payments: what the validators accept, the database stores: a pending purchase or a transaction written, or refused with nothing written (100 cases)', async () => {
    let written = 0;
    let n = 0;
    // Each field is valid four times in five (weights): with every field a coin toss, 2-6 of the 100
    // cases were valid throughout (six seeds), so about one run in 60 had none and failed the check
    // below (it did in CI); now 13-17 of 100 are.
    const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: invalid, weight: 1 });
    const money = mostly(fc.oneof(fc.stringMatching(/^\d{1,8}(\.\d{1,2})?$/), fc.constantFrom('0', '0.01', '99999999.99')), fc.constantFrom('-1', '1.234', 'abc'));
    const text = mostly(fc.string({ maxLength: 40 }), anyText);
    const writes = fc.oneof(
      fc.record(
        { kind: fc.constant('purchase' as const), amount: money, currency: mostly(fc.constantFrom('USD', 'EUR', 'PHP'), fc.constantFrom('usd', 'XXX')), paymentMethod: text, transactionId: text, purchasedAt: anyDate, expiresAt: anyDate },
        { requiredKeys: ['kind', 'amount'] },
      ),
      fc.record(
        {
          kind: fc.constant('transaction' as const),
          amount: money,
          transactionType: mostly(fc.constantFrom(...TRANSACTION_TYPES), unknownEnum(TRANSACTION_TYPES)),
          status: mostly(fc.constantFrom(...TRANSACTION_STATUSES), unknownEnum(TRANSACTION_STATUSES)),
          externalTransactionId: mostly(fc.string({ maxLength: 40 }), hostileText.filter((v) => v.length < 90)),
          metadata: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(hostileText.filter((v) => v.length < 100), hostileText, { maxKeys: 2 })),
          createdAt: anyDate,
        },
        { requiredKeys: ['kind', 'amount', 'transactionType', 'status'] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(writes, async ({ kind, ...input }) => {
        // one purchase per learner and course, one transaction per provider id: fresh keys each case
        const buyer = kind === 'purchase' ? await createUser(t.db, 'Buyer') : f.learner;
        const row: Record<string, unknown> = { ...input, userId: buyer };
        if (kind === 'purchase') row.courseId = f.course;
        if (typeof row.externalTransactionId === 'string') row.externalTransactionId = `${row.externalTransactionId}#${n++}`;
        const call = async () =>
          kind === 'purchase'
            ? t.db.insert(coursePurchases).values(parseInput(insertCoursePurchaseSchema, row) as never)
            : t.db.insert(paymentTransactions).values(parseInput(insertPaymentTransactionSchema, row) as never);
        const r = await expectCleanOrSuccess(t.db, PAID, call, { kind, ...row });
        if (r.ok) written++;
      }),
      runs(100),
    );
    expect(written, 'no mixed case succeeded: the property tests refusals only').toBeGreaterThan(0);
  });

  it('the other validators (profiles, addresses, preferences, roles, courses, sections, lessons, media, subscriptions, plans, achievements, content versions, quizzes, questions, attempts) refuse every unstorable, oversized, mistyped or out-of-range value and every cross-field CHECK violation, naming the field (2,000 cases)', async () => {
    const before = await digest(t.db, AUTHORED);
    type Case = { schema: string; field: string; value: unknown };
    const text = (max: number) => fc.oneof(unstorableText.filter((v) => v.length < 100_000), fc.constant('x'.repeat(max + 1)), wrongType.filter((v) => v !== null));
    const longText = fc.oneof(unstorableText.filter((v) => v.length < 100_000), wrongType.filter((v) => v !== null));
    const badMoney = fc.oneof(fc.constantFrom('-1', '1.234', '100000000', 'abc', '', '1e3', 'NaN'), fc.integer(), wrongType.filter((v) => v !== null));
    /** jsonb NOT NULL: null, BigInt, NaN, a function, or text with NUL / a lone surrogate, at any depth or in a key. */
    const badJson = fc.oneof(
      fc.constantFrom(null, { n: Number.NaN }, [{ deep: 'a\u0000b' }], { f: () => 1 }, ['\uD800']),
      fc.bigInt().map((v) => ({ v })),
      unstorableText.filter((v) => v.length < 100).map((v) => ({ [v]: 1 })),
    );
    /** badJson, or a document over `bytes` as jsonb prints it: by one byte (JSON.stringify's text is at the limit), or by a lot. */
    const badJsonOver = (bytes: number) => fc.oneof(badJson, fc.constantFrom({ a: 'x'.repeat(bytes - 8) }, { a: 'x'.repeat(bytes * 2) }));
    const L = TEXT_LIMITS;
    const badPositive = fc.oneof(fc.integer({ max: 0 }), fc.constantFrom(1.5, Number.NaN, 2 ** 31, '3', true));
    const bad: fc.Arbitrary<Case> = fc.oneof(
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constant('name'), value: text(100) }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constantFrom('firstName', 'lastName', 'timezone'), value: text(50) }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constant('bio'), value: text(5000) }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constantFrom('avatarUrl', 'websiteUrl', 'linkedinUrl', 'twitterUrl'), value: text(L.url) }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constant('encryptedSsn'), value: longText }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constant('email'), value: fc.oneof(fc.constantFrom('', 'a@b', 'a\u0000@b.co', 'no at.example.com'), wrongType) }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constant('phone'), value: fc.constantFrom('123', '+1234567890123456', 'phone', '12345\u00006789') }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constant('dateOfBirth'), value: fc.constantFrom('0000-01-01', '2024-02-30', '2024-13-01', '1999-1-1', 'yesterday', '', '10000-01-01', 42) }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constantFrom('lastLoginAt', 'createdAt'), value: badDate }),
      fc.record({ schema: fc.constantFrom('user', 'userUpdate'), field: fc.constant('status'), value: fc.oneof(unknownEnum(USER_STATUSES), wrongType) }),
      fc.record({ schema: fc.constant('address'), field: fc.constantFrom('city', 'stateProvince'), value: text(100) }),
      fc.record({ schema: fc.constant('address'), field: fc.constant('streetAddress'), value: text(255) }),
      fc.record({ schema: fc.constant('address'), field: fc.constant('country'), value: fc.constantFrom('us', 'USA', 'U\u0000', '') }),
      fc.record({ schema: fc.constant('preference'), field: fc.constant('category'), value: text(50) }),
      fc.record({ schema: fc.constant('preference'), field: fc.constant('key'), value: text(100) }),
      fc.record({ schema: fc.constant('preference'), field: fc.constant('value'), value: badJsonOver(L.jsonBytes).filter((v) => v !== null) }),
      fc.record({ schema: fc.constant('userRole'), field: fc.constant('expiresAt'), value: fc.oneof(badDate, fc.constantFrom(new Date('2000-01-01'), new Date(Date.now() - 1000))) }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constant('title'), value: text(200) }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constantFrom('description', 'shortDescription'), value: text(L.content) }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constantFrom('thumbnailUrl', 'previewVideoUrl'), value: text(L.url) }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constant('metaDescription'), value: text(L.label) }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constant('price'), value: badMoney }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constant('originalPrice'), value: fc.constantFrom('9.99', '0', '5') }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constant('averageRating'), value: fc.constantFrom('5.01', '6', '-1', '9.99', 'abc') }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constant('durationHours'), value: fc.constantFrom('0', '0.0', '-1', '1000', '1.25', 'abc') }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constantFrom('enrollmentCount', 'reviewCount'), value: badCount }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constantFrom('learningObjectives', 'requirements', 'targetAudience'), value: badJsonOver(L.jsonBytes) }),
      fc.record({ schema: fc.constantFrom('course', 'courseUpdate'), field: fc.constant('publishedAt'), value: badDate }),
      fc.record({ schema: fc.constant('section'), field: fc.constant('title'), value: text(200) }),
      fc.record({ schema: fc.constant('section'), field: fc.constant('description'), value: text(L.content) }),
      fc.record({ schema: fc.constant('section'), field: fc.constant('orderIndex'), value: badCount }),
      fc.record({ schema: fc.constantFrom('lesson', 'lessonUpdate'), field: fc.constant('title'), value: text(200) }),
      fc.record({ schema: fc.constantFrom('lesson', 'lessonUpdate'), field: fc.constant('content'), value: text(L.document) }),
      fc.record({ schema: fc.constantFrom('lesson', 'lessonUpdate'), field: fc.constant('videoUrl'), value: text(L.url) }),
      fc.record({ schema: fc.constantFrom('lesson', 'lessonUpdate'), field: fc.constantFrom('videoDuration', 'readingTime', 'orderIndex'), value: badCount }),
      fc.record({ schema: fc.constantFrom('lesson', 'lessonUpdate'), field: fc.constantFrom('attachments', 'externalLinks'), value: badJsonOver(L.jsonBytes) }),
      fc.record({ schema: fc.constantFrom('lesson', 'lessonUpdate'), field: fc.constant('videoQuality'), value: badJsonOver(L.jsonBytes).filter((v) => v !== null) }),
      fc.record({ schema: fc.constant('media'), field: fc.constantFrom('filename', 'originalFilename'), value: text(255) }),
      fc.record({ schema: fc.constant('media'), field: fc.constant('mimeType'), value: text(100) }),
      fc.record({ schema: fc.constant('media'), field: fc.constantFrom('filePath', 'cdnUrl'), value: text(L.url) }),
      fc.record({ schema: fc.constant('media'), field: fc.constantFrom('width', 'height'), value: badPositive }),
      // bigint: 2^31 is a size it stores
      fc.record({ schema: fc.constant('media'), field: fc.constant('fileSize'), value: fc.oneof(badPositive.filter((v) => v !== 2 ** 31), fc.constant(2 ** 53)) }),
      fc.record({ schema: fc.constant('media'), field: fc.constantFrom('duration', 'downloadCount'), value: badCount }),
      fc.record({ schema: fc.constant('media'), field: fc.constant('processedVariants'), value: badJsonOver(L.jsonBytes) }),
      fc.record({ schema: fc.constant('media'), field: fc.constant('cacheExpiresAt'), value: badDate }),
      fc.record({ schema: fc.constantFrom('subscription', 'subscriptionUpdate'), field: fc.constantFrom('currentPeriodStart', 'currentPeriodEnd', 'canceledAt', 'trialStart', 'trialEnd'), value: badDate }),
      fc.record({ schema: fc.constantFrom('subscription', 'subscriptionUpdate'), field: fc.constantFrom('stripeSubscriptionId', 'stripeCustomerId'), value: text(100) }),
      fc.record({ schema: fc.constantFrom('subscription', 'subscriptionUpdate'), field: fc.constant('status'), value: fc.oneof(unknownEnum(SUBSCRIPTION_STATUSES), wrongType) }),
      // valid_subscription_period, subscriptions_trial_check: the later end before the start
      fc.record({ schema: fc.constantFrom('subscription', 'subscriptionUpdate'), field: fc.constant('currentPeriodEnd'), value: fc.constantFrom(new Date('2025-12-31'), new Date('2026-01-01')) }),
      fc.record({ schema: fc.constantFrom('subscription', 'subscriptionUpdate'), field: fc.constant('trialEnd'), value: fc.constantFrom(new Date('2025-12-31'), new Date('2000-01-01')) }),
      fc.record({ schema: fc.constant('plan'), field: fc.constant('trialDays'), value: badCount }),
      fc.record({ schema: fc.constant('plan'), field: fc.constant('courseLimit'), value: badPositive }),
      fc.record({ schema: fc.constant('plan'), field: fc.constant('features'), value: badJson }),
      fc.record({ schema: fc.constant('achievement'), field: fc.constant('title'), value: text(200) }),
      fc.record({ schema: fc.constant('achievement'), field: fc.constant('achievementType'), value: text(50) }),
      fc.record({ schema: fc.constant('achievement'), field: fc.constant('description'), value: longText }),
      fc.record({ schema: fc.constant('achievement'), field: fc.constant('metadata'), value: badJson }),
      fc.record({ schema: fc.constant('achievement'), field: fc.constant('earnedAt'), value: badDate }),
      fc.record({ schema: fc.constant('version'), field: fc.constant('versionNumber'), value: badPositive }),
      fc.record({ schema: fc.constant('version'), field: fc.constant('contentData'), value: badJsonOver(L.snapshotBytes) }),
      fc.record({ schema: fc.constant('version'), field: fc.constant('changeSummary'), value: text(L.content) }),
      fc.record({ schema: fc.constant('quiz'), field: fc.constant('title'), value: text(200) }),
      fc.record({ schema: fc.constant('quiz'), field: fc.constantFrom('description', 'instructions'), value: text(L.content) }),
      fc.record({ schema: fc.constant('quiz'), field: fc.constantFrom('timeLimit', 'attemptsAllowed'), value: badPositive }),
      fc.record({ schema: fc.constant('quiz'), field: fc.constant('passingScore'), value: badPercent }),
      fc.record({ schema: fc.constant('question'), field: fc.constantFrom('questionText', 'explanation'), value: text(L.content) }),
      // numeric(5,2): 1000 overflows it
      fc.record({ schema: fc.constant('question'), field: fc.constant('points'), value: fc.constantFrom('1000', '-1', '1.234', 'abc', '99999999.99') }),
      fc.record({ schema: fc.constant('question'), field: fc.constant('orderIndex'), value: badCount }),
      fc.record({ schema: fc.constant('question'), field: fc.constant('options'), value: badJsonOver(L.jsonBytes).filter((v) => v !== null) }),
      // quiz_questions_correct_answer_check: an auto-scored question without an answer key
      fc.record({ schema: fc.constant('question'), field: fc.constant('correctAnswer'), value: fc.constantFrom(null, undefined) }),
      fc.record({ schema: fc.constant('attempt'), field: fc.constantFrom('attemptNumber'), value: badPositive }),
      fc.record({ schema: fc.constant('attempt'), field: fc.constant('timeTaken'), value: badCount }),
      fc.record({ schema: fc.constant('attempt'), field: fc.constant('percentage'), value: badPercent }),
      fc.record({ schema: fc.constant('attempt'), field: fc.constant('score'), value: fc.oneof(badMoney, fc.constantFrom('10.01', '11')) }),
      fc.record({ schema: fc.constant('attempt'), field: fc.constant('responses'), value: badJsonOver(L.jsonBytes) }),
      fc.record({ schema: fc.constant('attempt'), field: fc.constant('completedAt'), value: fc.oneof(badDate, fc.constantFrom(new Date('2025-12-31'))) }),
    );
    const start = new Date('2026-01-01');
    const base: Record<string, [unknown, Record<string, unknown>]> = {
      user: [insertUserSchema, { id: f.stranger, email: 'fuzz@example.com', name: 'Fuzz' }],
      userUpdate: [updateUserSchema, {}],
      address: [insertUserAddressSchema, { userId: f.learner, type: 'billing' }],
      preference: [insertUserPreferenceSchema, { userId: f.learner, category: 'ui', key: 'theme', value: 'dark' }],
      userRole: [insertUserRoleSchema, { userId: f.learner, roleId: f.role }],
      course: [insertCourseSchema, { title: 'Course', slug: 'course', instructorId: f.learner, price: '10' }],
      courseUpdate: [updateCourseSchema, { price: '10' }],
      section: [insertCourseSectionSchema, { courseId: f.course, title: 'Section', orderIndex: 1 }],
      lesson: [insertCourseLessonSchema, { courseId: f.course, title: 'Lesson', slug: 'lesson', orderIndex: 1 }],
      lessonUpdate: [updateCourseLessonSchema, {}],
      media: [insertMediaFileSchema, { filename: 'a.png', originalFilename: 'a.png', filePath: '/a.png', fileSize: 10, mimeType: 'image/png' }],
      subscription: [insertSubscriptionSchema, { userId: f.learner, planId: f.plan, status: 'active', currentPeriodStart: start, currentPeriodEnd: new Date('2026-02-01'), trialStart: start }],
      subscriptionUpdate: [updateSubscriptionSchema, { currentPeriodStart: start, trialStart: start }],
      plan: [insertSubscriptionPlanSchema, { name: 'Plan', price: '10', billingInterval: 'monthly' }],
      achievement: [insertUserAchievementSchema, { userId: f.learner, achievementType: 'streak', title: 'Streak' }],
      version: [insertContentVersionSchema, { contentId: f.course, contentType: 'course', versionNumber: 1, contentData: {} }],
      quiz: [insertCourseQuizSchema, { courseId: f.course, title: 'Quiz' }],
      question: [insertQuizQuestionSchema, { quizId: f.closed, questionText: 'Q?', questionType: 'true_false', orderIndex: 1, correctAnswer: true }],
      attempt: [insertQuizAttemptSchema, { quizId: f.quiz, userId: f.learner, attemptNumber: 1, maxScore: '10', startedAt: start }],
    };
    await expectValidatorsRefuse(bad, base, 2000);
    expect(await digest(t.db, AUTHORED)).toEqual(before);
  });

  it('what the other validators accept, the database stores: a profile edit, course, section, lesson, media file, subscription, achievement, content version, preference or quiz question written, or refused with nothing written (200 cases)', async () => {
    let written = 0;
    let n = 0;
    /** Unique keys made fresh per case (slug, order, preference key), so only the fuzzed values can be refused. */
    const fresh = (v: unknown) => (typeof v === 'string' ? `${v}-${++n}` : v);
    const freshOrder = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 100_000 ? v + 100_000 * ++n : v);
    // 5 MB strings stay in the refused property: stored in a text column, every later digest re-reads them (22 s a run)
    const anyText = fc.oneof(hostileText.filter((v) => v.length < 100_000), wrongType);
    const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.dictionary(hostileText.filter((v) => v.length < 100), hostileText.filter((v) => v.length < 100_000), { maxKeys: 2 }), fc.constant(null));
    const anySlug = fc.oneof(fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/), anyText);
    const anyNumeric = fc.oneof(fc.stringMatching(/^\d{1,4}(\.\d{1,3})?$/), fc.constantFrom('0', '5', '10', '99999999.99', '-1', 'abc'));
    const anyPositive = fc.oneof(fc.integer({ min: -2, max: 100_000 }), badCount);
    const writes = fc.oneof(
      fc.record(
        { kind: fc.constant('user' as const), name: anyText, bio: anyText, phone: fc.oneof(fc.stringMatching(/^\+?\d{7,15}$/), anyText), dateOfBirth: fc.oneof(fc.constantFrom('1990-05-17', '2000-02-29', '2001-02-29', '0000-01-01', '9999-12-31'), anyText), lastLoginAt: anyDate },
        { requiredKeys: ['kind', 'name'] },
      ),
      fc.record(
        { kind: fc.constant('course' as const), title: anyText, slug: anySlug, description: anyText, price: anyNumeric, originalPrice: anyNumeric, durationHours: fc.oneof(fc.stringMatching(/^\d{1,3}(\.\d)?$/), anyNumeric), learningObjectives: anyJson, publishedAt: anyDate },
        { requiredKeys: ['kind', 'title', 'slug'] },
      ),
      fc.record({ kind: fc.constant('section' as const), title: anyText, description: anyText, orderIndex: anyCount }, { requiredKeys: ['kind', 'title', 'orderIndex'] }),
      fc.record(
        { kind: fc.constant('lesson' as const), title: anyText, slug: anySlug, content: anyText, videoDuration: anyCount, readingTime: anyCount, orderIndex: anyCount, attachments: anyJson, videoQuality: anyJson },
        { requiredKeys: ['kind', 'title', 'slug', 'orderIndex'] },
      ),
      fc.record(
        { kind: fc.constant('media' as const), filename: anyText, filePath: anyText, fileSize: anyPositive, width: anyPositive, height: anyPositive, duration: anyCount, processedVariants: anyJson, cacheExpiresAt: anyDate },
        { requiredKeys: ['kind', 'filename', 'fileSize'] },
      ),
      fc.record(
        { kind: fc.constant('subscription' as const), status: fc.oneof(fc.constantFrom(...SUBSCRIPTION_STATUSES), unknownEnum(SUBSCRIPTION_STATUSES)), currentPeriodStart: anyDate, currentPeriodEnd: anyDate, trialStart: anyDate, trialEnd: anyDate, stripeSubscriptionId: anyText },
        { requiredKeys: ['kind', 'status', 'currentPeriodStart', 'currentPeriodEnd'] },
      ),
      fc.record({ kind: fc.constant('achievement' as const), achievementType: anyText, title: anyText, description: anyText, metadata: anyJson, earnedAt: anyDate }, { requiredKeys: ['kind', 'achievementType', 'title'] }),
      fc.record({ kind: fc.constant('version' as const), versionNumber: anyPositive, contentData: anyJson, changeSummary: anyText }, { requiredKeys: ['kind', 'versionNumber', 'contentData'] }),
      fc.record({ kind: fc.constant('preference' as const), category: anyText, key: anyText, value: anyJson }, { requiredKeys: ['kind', 'category', 'key'] }),
      fc.record(
        { kind: fc.constant('question' as const), questionText: anyText, questionType: fc.constantFrom('multiple_choice', 'true_false', 'short_answer', 'essay', 'other'), points: anyNumeric, orderIndex: anyCount, options: anyJson, correctAnswer: anyJson },
        { requiredKeys: ['kind', 'questionText', 'questionType', 'orderIndex'] },
      ),
    );
    const write = async ({ kind, ...input }: { kind: string } & Record<string, unknown>) => {
      switch (kind) {
        case 'user':
          return t.db.update(users).set(parseInput(updateUserSchema, input) as never).where(eq(users.id, f.stranger));
        case 'course':
          return t.db.insert(courses).values(parseInput(insertCourseSchema, { ...input, slug: fresh(input.slug), instructorId: f.learner }) as never);
        case 'section':
          return t.db.insert(courseSections).values(parseInput(insertCourseSectionSchema, { ...input, orderIndex: freshOrder(input.orderIndex), courseId: f.course }) as never);
        case 'lesson':
          return t.db.insert(courseLessons).values(parseInput(insertCourseLessonSchema, { ...input, slug: fresh(input.slug), courseId: f.course }) as never);
        case 'media':
          return t.db.insert(mediaFiles).values(parseInput(insertMediaFileSchema, { originalFilename: 'a.png', mimeType: 'image/png', filePath: '/a', ...input, userId: f.learner }) as never);
        case 'subscription':
          return t.db.insert(subscriptions).values(parseInput(insertSubscriptionSchema, { ...input, userId: f.learner, planId: f.plan }) as never);
        case 'achievement':
          return t.db.insert(userAchievements).values(parseInput(insertUserAchievementSchema, { ...input, userId: f.learner }) as never);
        case 'version':
          return t.db.insert(contentVersions).values(parseInput(insertContentVersionSchema, { ...input, contentId: crypto.randomUUID(), contentType: 'lesson' }) as never);
        case 'question':
          return t.db.insert(quizQuestions).values(parseInput(insertQuizQuestionSchema, { ...input, orderIndex: freshOrder(input.orderIndex), quizId: f.closed }) as never);
        default:
          return t.db.insert(userPreferences).values(parseInput(insertUserPreferenceSchema, { ...input, key: fresh(input.key), userId: f.learner }) as never);
      }
    };
    await fc.assert(
      fc.asyncProperty(writes, async (input) => {
        const r = await expectCleanOrSuccess(t.db, AUTHORED, () => write(input as never), input);
        if (r.ok) written++;
      }),
      runs(200),
    );
    expect(written, 'no mixed case succeeded: the property tests refusals only').toBeGreaterThan(0);
  });
});

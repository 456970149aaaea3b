import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import { startQuizAttempt, submitQuizAttempt } from '../../src/learning.js';
import { asUser } from '../../src/rls.js';
import { jsonbBytes, TEXT_LIMITS } from '../../src/schema/_shared/index.js';
import { engine, expectDbError, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { createCourse, createUser, enroll } from './fixtures.js';

const t = useDatabase();
let instructor: string;
let courseId: string;
beforeAll(async () => {
  instructor = await createUser(t.db, 'Teacher');
  courseId = await createCourse(t.db, { instructorId: instructor });
});

async function makeQuiz(opts: { attempts?: number | null; timeLimit?: number | null; passing?: string } = {}) {
  const [q] = await queryRows<{ id: string }>(
    t.db,
    sql`insert into learning.course_quizzes (course_id, title, attempts_allowed, time_limit, passing_score)
        values (${courseId}, 'Quiz', ${opts.attempts === undefined ? 3 : opts.attempts}, ${opts.timeLimit ?? null}, ${opts.passing ?? '70'}) returning id`,
  );
  const ids = await queryRows<{ id: string }>(
    t.db,
    sql`insert into learning.quiz_questions (quiz_id, question_text, question_type, points, order_index, options, correct_answer) values
      (${q!.id}, 'Pick b', 'multiple_choice', 2, 1, '["a","b","c"]', '"b"'),
      (${q!.id}, 'Pick a and c', 'multiple_choice', 2, 2, '["a","b","c"]', '["a","c"]'),
      (${q!.id}, 'True?', 'true_false', 1, 3, null, 'true'),
      (${q!.id}, 'Capital of France', 'short_answer', 1, 4, null, '["Paris"]'),
      (${q!.id}, 'Discuss', 'essay', 5, 5, null, null)
      returning id`,
  );
  return { quizId: q!.id, qs: ids.map((r) => r.id) };
}

async function expectCode(p: Promise<unknown>, code: string) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ValidationError);
  expect((e as ValidationError).code).toBe(code);
}

describe(`learning.submit_quiz_attempt (${engine})`, () => {
  it('scores against correct_answer (sets ignore order, short answers ignore case), leaves essays out, passes by passing_score', async () => {
    const { quizId, qs } = await makeQuiz();
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    const all = await asUser(t.db, u, (tx) =>
      submitQuizAttempt(tx, { quizId, userId: u, responses: { [qs[0]!]: 'b', [qs[1]!]: ['c', 'a'], [qs[2]!]: true, [qs[3]!]: '  paris ', [qs[4]!]: 'words' } }),
    );
    expect(all).toMatchObject({ attemptNumber: 1, score: '6.00', maxScore: '6.00', percentage: '100.00', passed: true });
    expect(all.completedAt).not.toBeNull();
    const half = await asUser(t.db, u, (tx) => submitQuizAttempt(tx, { quizId, userId: u, responses: { [qs[0]!]: 'b', [qs[1]!]: ['a'], [qs[2]!]: false } }));
    expect(half).toMatchObject({ attemptNumber: 2, score: '2.00', maxScore: '6.00', percentage: '33.33', passed: false });
  });

  it('refuses past attempts_allowed (UL013) and writes nothing', async () => {
    const { quizId, qs } = await makeQuiz({ attempts: 1 });
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    await submitQuizAttempt(t.db, { quizId, userId: u, responses: { [qs[0]!]: 'b' } });
    await expectCode(submitQuizAttempt(t.db, { quizId, userId: u, responses: { [qs[0]!]: 'b' } }), 'attempts_exhausted');
    const rows = await queryRows(t.db, sql`select 1 from learning.quiz_attempts where quiz_id = ${quizId} and user_id = ${u}`);
    expect(rows).toHaveLength(1);
  });

  it('refuses after the time limit of the started attempt (UL014)', async () => {
    const { quizId, qs } = await makeQuiz({ timeLimit: 10 });
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    const started = await startQuizAttempt(t.db, { quizId, userId: u });
    expect(started.completedAt).toBeNull();
    // resumed, not a second attempt, while within the limit
    expect((await startQuizAttempt(t.db, { quizId, userId: u })).id).toBe(started.id);
    await t.db.execute(sql`update learning.quiz_attempts set started_at = now() - interval '11 minutes' where id = ${started.id}`);
    await expectCode(submitQuizAttempt(t.db, { quizId, userId: u, responses: { [qs[0]!]: 'b' } }), 'time_limit_exceeded');
    // within the limit it is accepted
    await t.db.execute(sql`update learning.quiz_attempts set started_at = now() - interval '9 minutes' where id = ${started.id}`);
    const done = await submitQuizAttempt(t.db, { quizId, userId: u, responses: { [qs[0]!]: 'b' } });
    expect(done.id).toBe(started.id);
    expect(done.timeTaken).toBeGreaterThanOrEqual(9 * 60);
  });

  it('refuses another user, a learner not enrolled, an unknown quiz, unknown question ids', async () => {
    const { quizId, qs } = await makeQuiz();
    const u = await createUser(t.db);
    const stranger = await createUser(t.db);
    await enroll(t.db, u, courseId);
    await expectCode(asUser(t.db, stranger, (tx) => submitQuizAttempt(tx, { quizId, userId: u, responses: {} })), 'not_allowed');
    await expectCode(asUser(t.db, stranger, (tx) => submitQuizAttempt(tx, { quizId, userId: stranger, responses: {} })), 'not_enrolled');
    await expectCode(submitQuizAttempt(t.db, { quizId: instructor, userId: u, responses: {} }), 'quiz_not_found');
    await expectCode(submitQuizAttempt(t.db, { quizId, userId: u, responses: { [instructor]: 'b' } }), 'invalid_responses');
    await expectCode(submitQuizAttempt(t.db, { quizId, userId: u, responses: { [qs[0]!]: 'b', "x' or 1=1 --": 1 } }), 'invalid_responses');
  });

  it('responses PostgreSQL cannot store (a NUL, an unpaired surrogate) are a ValidationError naming responses; no attempt is written', async () => {
    const { quizId, qs } = await makeQuiz();
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    for (const bad of ['Par\u0000is', 'Par\uDC00is']) {
      const e = await submitQuizAttempt(t.db, { quizId, userId: u, responses: { [qs[3]!]: bad } }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ValidationError);
      expect(e).toMatchObject({ field: 'responses' });
    }
    const rows = await queryRows(t.db, sql`select 1 from learning.quiz_attempts where quiz_id = ${quizId} and user_id = ${u}`);
    expect(rows).toHaveLength(0);
  });

  it('responses of TEXT_LIMITS.jsonBytes bytes (as jsonb prints them) are stored; one byte more is a ValidationError naming responses, and the database refuses it too', async () => {
    const { quizId, qs } = await makeQuiz();
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    const essay = qs[4]!;
    const of = (bytes: number) => ({ [essay]: 'x'.repeat(bytes - jsonbBytes({ [essay]: '' })) });
    expect(jsonbBytes(of(TEXT_LIMITS.jsonBytes))).toBe(TEXT_LIMITS.jsonBytes);
    const e = await submitQuizAttempt(t.db, { quizId, userId: u, responses: of(TEXT_LIMITS.jsonBytes + 1) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e).toMatchObject({ field: 'responses' });
    expect(await queryRows(t.db, sql`select 1 from learning.quiz_attempts where quiz_id = ${quizId} and user_id = ${u}`)).toHaveLength(0);
    // through the API (the function itself, as the learner): the CHECK refuses what the wrapper would have
    await expectDbError(
      asUser(t.db, u, (tx) => queryRows(tx, sql`select * from learning.submit_quiz_attempt(${quizId}::uuid, ${u}::uuid, ${JSON.stringify(of(TEXT_LIMITS.jsonBytes + 1))}::jsonb)`)),
      /quiz_attempts_responses_size_check/,
    );
    const done = await asUser(t.db, u, (tx) => submitQuizAttempt(tx, { quizId, userId: u, responses: of(TEXT_LIMITS.jsonBytes) }));
    expect(done.responses).toEqual(of(TEXT_LIMITS.jsonBytes));
  });

  it('a learner cannot write attempts or read the answer key directly', async () => {
    const { quizId } = await makeQuiz();
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    const denied = await asUser(t.db, u, (tx) => tx.execute(sql`insert into learning.quiz_attempts (quiz_id, user_id, attempt_number, score, passed) values (${quizId}, ${u}, 1, 100, true)`)).catch(
      (e: unknown) => e,
    );
    expect(String((denied as Error).cause ?? denied)).toMatch(/permission denied/);
    const key = await asUser(t.db, u, (tx) => tx.execute(sql`select correct_answer from learning.quiz_questions where quiz_id = ${quizId}`)).catch((e: unknown) => e);
    expect(String((key as Error).cause ?? key)).toMatch(/permission denied/);
    const visible = await asUser(t.db, u, (tx) => queryRows(tx, sql`select id, question_text from learning.quiz_questions where quiz_id = ${quizId}`));
    expect(visible).toHaveLength(5);
  });

  it('a quiz without questions cannot be submitted (UL016)', async () => {
    const [q] = await queryRows<{ id: string }>(t.db, sql`insert into learning.course_quizzes (course_id, title) values (${courseId}, 'Empty') returning id`);
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    await expectCode(submitQuizAttempt(t.db, { quizId: q!.id, userId: u, responses: {} }), 'quiz_has_no_questions');
  });

  it('a quiz worth 1,000 points or more is scored: score and max_score hold the sum of its questions (each up to 999.99)', async () => {
    const [q] = await queryRows<{ id: string }>(t.db, sql`insert into learning.course_quizzes (course_id, title, passing_score) values (${courseId}, 'Final exam', 50) returning id`);
    const ids = await queryRows<{ id: string }>(
      t.db,
      sql`insert into learning.quiz_questions (quiz_id, question_text, question_type, points, order_index, correct_answer) values
        (${q!.id}, 'Part 1', 'true_false', 999.99, 1, 'true'), (${q!.id}, 'Part 2', 'true_false', 999.99, 2, 'true'), (${q!.id}, 'Part 3', 'true_false', 500, 3, 'true')
        returning id`,
    );
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    const attempt = await asUser(t.db, u, (tx) => submitQuizAttempt(tx, { quizId: q!.id, userId: u, responses: { [ids[0]!.id]: true, [ids[1]!.id]: true, [ids[2]!.id]: false } }));
    expect(attempt).toMatchObject({ attemptNumber: 1, score: '1999.98', maxScore: '2499.98', percentage: '80.00', passed: true });
  });

  it.skipIf(engine !== 'postgres')(`a timed quiz started on 6 connections at once, also after the first attempt ran out: one new attempt, the same to every caller ${POSTGRES_ONLY_RACE}`, async () => {
    const { quizId, qs } = await makeQuiz({ attempts: 3, timeLimit: 10 });
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    const clients = Array.from({ length: 6 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    const startAll = async () => {
      const rows = await Promise.all(clients.map((c) => c`select id, attempt_number from learning.start_quiz_attempt(${quizId}::uuid, ${u}::uuid)`));
      return rows.map((r) => `${r[0]!.attempt_number}:${r[0]!.id}`);
    };
    try {
      const first = await startAll();
      expect(new Set(first).size).toBe(1);
      expect(first[0]).toMatch(/^1:/);
      // The first attempt's time runs out (it stays open and counts): the next starts open attempt 2, once.
      await t.db.execute(sql`update learning.quiz_attempts set started_at = now() - interval '11 minutes' where quiz_id = ${quizId} and user_id = ${u}`);
      const second = await startAll();
      expect(new Set(second).size).toBe(1);
      expect(second[0]).toMatch(/^2:/);
      const done = await submitQuizAttempt(t.db, { quizId, userId: u, responses: { [qs[0]!]: 'b' } });
      expect(`${done.attemptNumber}:${done.id}`).toBe(second[0]);
    } finally {
      await Promise.all(clients.map((client) => client.end({ timeout: 5 })));
    }
    const rows = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from learning.quiz_attempts where quiz_id = ${quizId} and user_id = ${u}`);
    expect(rows[0]!.n).toBe(2);
  });

  it.skipIf(engine !== 'postgres')('concurrent submissions never exceed attempts_allowed (several connections)', async () => {
    const { quizId, qs } = await makeQuiz({ attempts: 2 });
    const u = await createUser(t.db);
    await enroll(t.db, u, courseId);
    const clients = Array.from({ length: 6 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    let refused = 0;
    try {
      const results = await Promise.allSettled(
        clients.map((client) =>
          client.begin(async (tx) => {
            await tx`select * from learning.submit_quiz_attempt(${quizId}::uuid, ${u}::uuid, ${tx.json({ [qs[0]!]: 'b' })})`;
            await tx`select pg_sleep(0.05)`;
          }),
        ),
      );
      for (const r of results) if (r.status === 'rejected') {
        expect((r.reason as { code?: string }).code).toBe('UL013');
        refused++;
      }
    } finally {
      await Promise.all(clients.map((client) => client.end({ timeout: 5 })));
    }
    expect(refused).toBe(4);
    const rows = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from learning.quiz_attempts where quiz_id = ${quizId} and user_id = ${u}`);
    expect(rows[0]!.n).toBe(2);
  });
});

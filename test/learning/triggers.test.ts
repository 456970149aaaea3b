import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { getCourseProgress } from '../../src/learning.js';
import { byUuid, engine, opposingParentWrites, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { course, createCourse, createLesson, createUser, enroll, enrollment, setLessonStatus } from './fixtures.js';

const t = useDatabase();
let instructor: string;
beforeAll(async () => {
  instructor = await createUser(t.db, 'Teacher');
});

const completions = async (userId: string, courseId: string) => {
  const rows = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from learning.course_completions where user_id = ${userId} and course_id = ${courseId}`);
  return rows[0]!.n;
};

describe(`learning triggers: courses.enrollment_count (${engine})`, () => {
  it('follows inserts, deletes and course changes of enrollments', async () => {
    const a = await createCourse(t.db, { instructorId: instructor });
    const b = await createCourse(t.db, { instructorId: instructor });
    const u1 = await createUser(t.db);
    const u2 = await createUser(t.db);
    await enroll(t.db, u1, a);
    const e2 = await enroll(t.db, u2, a);
    expect((await course(t.db, a)).enrollment_count).toBe(2);
    await t.db.execute(sql`update learning.enrollments set course_id = ${b} where id = ${e2}`);
    expect((await course(t.db, a)).enrollment_count).toBe(1);
    expect((await course(t.db, b)).enrollment_count).toBe(1);
    await t.db.execute(sql`update learning.enrollments set status = 'paused' where id = ${e2}`);
    expect((await course(t.db, b)).enrollment_count).toBe(1);
    await t.db.execute(sql`delete from learning.enrollments where course_id in (${a}, ${b})`);
    expect((await course(t.db, a)).enrollment_count).toBe(0);
    expect((await course(t.db, b)).enrollment_count).toBe(0);
  });

  it.skipIf(engine !== 'postgres')('counts every one of many concurrent enrollments (several connections)', async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const users = await Promise.all(Array.from({ length: 8 }, () => createUser(t.db)));
    const clients = users.map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      await Promise.all(
        clients.map((client, i) =>
          client.begin(async (tx) => {
            await tx`insert into learning.enrollments (user_id, course_id) values (${users[i]!}, ${c})`;
            await tx`select pg_sleep(0.05)`;
          }),
        ),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end({ timeout: 5 })));
    }
    expect((await course(t.db, c)).enrollment_count).toBe(8);
  });

  it.skipIf(engine !== 'postgres')(`two bulk enrollments into the same 12 courses in opposite orders, at once: both commit, every count exact ${POSTGRES_ONLY_RACE}`, async () => {
    const courses = await Promise.all(Array.from({ length: 12 }, () => createCourse(t.db, { instructorId: instructor })));
    const [team1, team2] = [await Promise.all(Array.from({ length: 3 }, () => createUser(t.db))), await Promise.all(Array.from({ length: 3 }, () => createUser(t.db)))];
    const clients = [0, 1].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      // One INSERT … SELECT each (an import job): rows, and so the count updates, in opposite course orders.
      await Promise.all(
        [team1, team2].map((team, i) =>
          clients[i]!.begin(async (tx) => {
            const order = i === 0 ? courses : [...courses].reverse();
            await tx`insert into learning.enrollments (user_id, course_id)
                     select u, c from unnest(${order}::uuid[]) with ordinality as o(c, n), unnest(${team}::uuid[]) as u order by o.n`;
            await tx`select pg_sleep(0.05)`;
          }),
        ),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end({ timeout: 5 })));
    }
    for (const c of courses) expect((await course(t.db, c)).enrollment_count).toBe(6);
  });
});

describe(`learning triggers: enrollment_count under multi-row course moves (${engine})`, () => {
  it.skipIf(engine !== 'postgres')(`two multi-row UPDATEs moving enrollments between the same courses in opposite orders: both commit, counts exact ${POSTGRES_ONLY_RACE}`, async () => {
    const [lo, mid, hi, top] = byUuid(await Promise.all([0, 1, 2, 3].map(() => createCourse(t.db, { instructorId: instructor }))));
    // Enrollments with ids chosen in ascending order: an UPDATE by primary key index visits them in that order.
    const placed = async (moves: [string, string][]) => {
      const ids = byUuid(moves.map(() => randomUUID()));
      for (const [i, [from]] of moves.entries()) {
        await t.db.execute(sql`insert into learning.enrollments (id, user_id, course_id) values (${ids[i]!}, ${await createUser(t.db)}, ${from})`);
      }
      return ids.map((id, i) => ({ id, to: moves[i]![1] }));
    };
    // A: top→hi (hi, top), mid→top (waits for mid, held), lo→top; B: lo→top (lo, then waits for top), hi→top.
    const movesA = await placed([[top!, hi!], [mid!, top!], [lo!, top!]]);
    const movesB = await placed([[lo!, top!], [hi!, top!]]);
    const move = (c: postgres.Sql, moves: { id: string; to: string }[]) =>
      c.begin((tx) => [
        tx`set local enable_seqscan = off`,
        tx`set local enable_bitmapscan = off`,
        tx`update learning.enrollments e set course_id = m.dest from unnest(${moves.map((m) => m.id)}::uuid[], ${moves.map((m) => m.to)}::uuid[]) as m(id, dest)
           where e.id = m.id and e.id = any (${moves.map((m) => m.id)}::uuid[])`,
      ]);
    const before = await Promise.all([lo!, mid!, hi!, top!].map(async (c) => (await course(t.db, c)).enrollment_count));
    expect(before).toEqual([2, 1, 1, 1]);
    const outcomes = await opposingParentWrites(t.handle.url!, {
      hold: (tx) => tx`select 1 from learning.courses where id = ${mid!} for no key update`,
      writeA: (c) => move(c, movesA),
      writeB: (c) => move(c, movesB),
    });
    expect(outcomes).toEqual(['committed', 'committed']);
    const after = await Promise.all([lo!, mid!, hi!, top!].map(async (c) => (await course(t.db, c)).enrollment_count));
    expect(after).toEqual([0, 0, 1, 4]);
  });

  it('property: after random multi-row inserts, course moves, other updates and deletes of enrollments, every enrollment_count equals a recount', async () => {
    const learners = await Promise.all(Array.from({ length: 6 }, () => createUser(t.db)));
    type Op =
      | { kind: 'insert'; users: number[]; course: number }
      | { kind: 'move'; users: number[]; from: number; to: number }
      | { kind: 'pause'; users: number[] }
      | { kind: 'delete'; users: number[]; course: number };
    const users = fc.array(fc.nat(5), { minLength: 1, maxLength: 5 });
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), users, course: fc.nat(2) }),
      fc.record({ kind: fc.constant('move' as const), users, from: fc.nat(2), to: fc.nat(2) }),
      fc.record({ kind: fc.constant('pause' as const), users }),
      fc.record({ kind: fc.constant('delete' as const), users, course: fc.nat(2) }),
    );
    const list = (ids: string[]) => `{${ids.join(',')}}`;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (ops) => {
        const courses = await Promise.all([0, 1, 2].map(() => createCourse(t.db, { instructorId: instructor })));
        const who = (op: { users: number[] }) => list(op.users.map((u) => learners[u]!));
        for (const op of ops) {
          if (op.kind === 'insert') {
            await t.db.execute(sql`insert into learning.enrollments (user_id, course_id) select distinct u, ${courses[op.course]!}::uuid from unnest(${who(op)}::uuid[]) u on conflict do nothing`);
          } else if (op.kind === 'move') {
            await t.db.execute(sql`update learning.enrollments e set course_id = ${courses[op.to]!}
                                   where e.course_id = ${courses[op.from]!} and e.user_id = any (${who(op)}::uuid[])
                                     and not exists (select 1 from learning.enrollments x where x.user_id = e.user_id and x.course_id = ${courses[op.to]!})`);
          } else if (op.kind === 'pause') {
            await t.db.execute(sql`update learning.enrollments set status = 'paused' where course_id = any (${list(courses)}::uuid[]) and user_id = any (${who(op)}::uuid[])`);
          } else {
            await t.db.execute(sql`delete from learning.enrollments where course_id = ${courses[op.course]!} and user_id = any (${who(op)}::uuid[])`);
          }
        }
        const rows = await queryRows<{ stored: number; recount: number }>(
          t.db,
          sql`select c.enrollment_count as stored, (select count(*)::int from learning.enrollments e where e.course_id = c.id) as recount
                from learning.courses c where c.id = any (${list(courses)}::uuid[])`,
        );
        for (const r of rows) expect(r.stored).toBe(r.recount);
      }),
      { numRuns: engine === 'pglite' ? 15 : 30 },
    );
  });
});

describe(`learning triggers: progress, last access, completion (${engine})`, () => {
  it('recomputes progress on insert and update of lesson progress and stamps last_accessed_at', async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const lessons = [await createLesson(t.db, c), await createLesson(t.db, c), await createLesson(t.db, c), await createLesson(t.db, c)];
    const u = await createUser(t.db);
    await enroll(t.db, u, c);
    expect((await enrollment(t.db, u, c))!.last_accessed_at).toBeNull();
    await setLessonStatus(t.db, u, lessons[0]!, 'completed');
    let e = await enrollment(t.db, u, c);
    expect(e!.progress).toBe('25.00');
    expect(e!.last_accessed_at).not.toBeNull();
    await setLessonStatus(t.db, u, lessons[1]!, 'in_progress');
    expect((await enrollment(t.db, u, c))!.progress).toBe('25.00');
    await setLessonStatus(t.db, u, lessons[1]!, 'completed');
    await setLessonStatus(t.db, u, lessons[2]!, 'completed');
    e = await enrollment(t.db, u, c);
    expect(e!.progress).toBe('75.00');
    expect(e!.completed_at).toBeNull();
    expect(await completions(u, c)).toBe(0);
    // a lesson marked not completed again lowers the progress
    await setLessonStatus(t.db, u, lessons[0]!, 'in_progress');
    expect((await enrollment(t.db, u, c))!.progress).toBe('50.00');
    // course_id of the progress row is the lesson's
    const [p] = await queryRows<{ course_id: string; started_at: unknown }>(t.db, sql`select course_id, started_at from learning.lesson_progress where user_id = ${u} and lesson_id = ${lessons[1]!}`);
    expect(p).toMatchObject({ course_id: c });
    expect(p!.started_at).not.toBeNull();
  });

  it('writes the course_completions row once at 100 %, also when completion repeats', async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const l1 = await createLesson(t.db, c);
    const l2 = await createLesson(t.db, c);
    const u = await createUser(t.db);
    await enroll(t.db, u, c);
    await setLessonStatus(t.db, u, l1, 'completed', { timeSpent: 100 });
    await setLessonStatus(t.db, u, l2, 'completed', { timeSpent: 50 });
    const first = await enrollment(t.db, u, c);
    expect(first!.progress).toBe('100.00');
    expect(first!.completed_at).not.toBeNull();
    expect(await completions(u, c)).toBe(1);
    const [row] = await queryRows<{ total_time_spent: number; completion_percentage: string }>(
      t.db,
      sql`select total_time_spent, completion_percentage::text from learning.course_completions where user_id = ${u} and course_id = ${c}`,
    );
    expect(row).toEqual({ total_time_spent: 150, completion_percentage: '100.00' });
    // completing again (down to 50 %, back to 100 %, the same status written twice) adds nothing
    await setLessonStatus(t.db, u, l2, 'in_progress');
    expect((await enrollment(t.db, u, c))!.progress).toBe('50.00');
    await setLessonStatus(t.db, u, l2, 'completed');
    await setLessonStatus(t.db, u, l2, 'completed');
    const again = await enrollment(t.db, u, c);
    expect(again!.progress).toBe('100.00');
    expect(new Date(again!.completed_at!).getTime()).toBe(new Date(first!.completed_at!).getTime());
    expect(await completions(u, c)).toBe(1);
  });

  it("follows the course's lessons: a lesson added or removed recomputes every enrollment; reaching 100 % that way completes the course", async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const lessons = [await createLesson(t.db, c), await createLesson(t.db, c), await createLesson(t.db, c), await createLesson(t.db, c)];
    const [u, v, idle] = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    for (const x of [u, v, idle]) await enroll(t.db, x, c);
    for (const l of lessons.slice(0, 3)) await setLessonStatus(t.db, u, l, 'completed'); // u: 3 of 4
    await setLessonStatus(t.db, v, lessons[3]!, 'completed'); // v: the lesson that goes away
    const progress = async () => Promise.all([u, v, idle].map(async (x) => (await enrollment(t.db, x, c))!.progress));
    expect(await progress()).toEqual(['75.00', '25.00', '0.00']);
    // the instructor removes the fourth lesson (its progress rows go with it)
    await queryRows(t.db, sql`delete from learning.course_lessons where id = ${lessons[3]!}`);
    expect(await progress()).toEqual(['100.00', '0.00', '0.00']);
    expect((await enrollment(t.db, u, c))!.completed_at).not.toBeNull();
    expect(await completions(u, c)).toBe(1);
    // a new lesson lowers the percentage (completed_at and the completion row stay: the first time counts)
    await createLesson(t.db, c);
    expect(await progress()).toEqual(['75.00', '0.00', '0.00']);
    expect((await enrollment(t.db, u, c))!.completed_at).not.toBeNull();
    expect(await completions(u, c)).toBe(1);
    for (const x of [u, v, idle]) expect((await enrollment(t.db, x, c))!.progress).toBe(String((await getCourseProgress(t.db, { userId: x, courseId: c })).toFixed(2)));
  });

  it("a progress row moved to another learner or to a lesson of another course recomputes both enrollments (the row's old and new learner and course)", async () => {
    const [a, b] = [await createCourse(t.db, { instructorId: instructor }), await createCourse(t.db, { instructorId: instructor })];
    const [a1, a2, b1] = [await createLesson(t.db, a), await createLesson(t.db, a), await createLesson(t.db, b)];
    const [u, v] = [await createUser(t.db), await createUser(t.db)];
    for (const x of [u, v]) for (const c of [a, b]) await enroll(t.db, x, c);
    await setLessonStatus(t.db, u, a1, 'completed');
    await setLessonStatus(t.db, u, a2, 'completed');
    expect((await enrollment(t.db, u, a))!.progress).toBe('100.00');
    // a service gives u's progress in a2 to v (status unchanged)
    await t.db.execute(sql`update learning.lesson_progress set user_id = ${v} where user_id = ${u} and lesson_id = ${a2}`);
    expect([(await enrollment(t.db, u, a))!.progress, (await enrollment(t.db, v, a))!.progress]).toEqual(['50.00', '50.00']);
    // and moves u's a1 row to course b's lesson
    await t.db.execute(sql`update learning.lesson_progress set lesson_id = ${b1} where user_id = ${u} and lesson_id = ${a1}`);
    expect([(await enrollment(t.db, u, a))!.progress, (await enrollment(t.db, u, b))!.progress]).toEqual(['0.00', '100.00']);
    expect(await completions(u, a)).toBe(1); // reached 100 % once: the first time counts
    expect(await completions(u, b)).toBe(1);
    expect(await completions(v, a)).toBe(0);
  });

  it("a deleted progress row lowers its enrollment's progress; completed_at and the completion row stay", async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const [l1, l2] = [await createLesson(t.db, c), await createLesson(t.db, c)];
    const [u, v] = [await createUser(t.db), await createUser(t.db)];
    for (const x of [u, v]) await enroll(t.db, x, c);
    for (const x of [u, v]) for (const l of [l1, l2]) await setLessonStatus(t.db, x, l, 'completed');
    const before = await enrollment(t.db, u, c);
    expect(before!.progress).toBe('100.00');
    // one statement deletes rows of two learners (as a service or an erasure would)
    await t.db.execute(sql`delete from learning.lesson_progress where lesson_id = ${l2} or (user_id = ${v} and lesson_id = ${l1})`);
    const after = await enrollment(t.db, u, c);
    expect([after!.progress, (await enrollment(t.db, v, c))!.progress]).toEqual(['50.00', '0.00']);
    expect(new Date(after!.completed_at!).getTime()).toBe(new Date(before!.completed_at!).getTime());
    expect(after!.last_accessed_at).toEqual(before!.last_accessed_at);
    expect(await completions(u, c)).toBe(1);
    for (const x of [u, v]) expect((await enrollment(t.db, x, c))!.progress).toBe(String((await getCourseProgress(t.db, { userId: x, courseId: c })).toFixed(2)));
  });

  it('a course without lessons does not divide by zero: progress 0', async () => {
    const empty = await createCourse(t.db, { instructorId: instructor });
    const u = await createUser(t.db);
    await enroll(t.db, u, empty);
    const [r] = await queryRows<{ p: string }>(t.db, sql`select learning.course_progress(${u}, ${empty})::text as p`);
    expect(r!.p).toBe('0.00');
    expect(await getCourseProgress(t.db, { userId: u, courseId: empty })).toBe(0);
    expect((await enrollment(t.db, u, empty))!.progress).toBe('0.00');
  });

  it('progress of a learner who is not enrolled changes no enrollment and writes no completion', async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const l = await createLesson(t.db, c);
    const u = await createUser(t.db);
    await setLessonStatus(t.db, u, l, 'completed');
    expect(await completions(u, c)).toBe(0);
    expect(await enrollment(t.db, u, c)).toBeUndefined();
  });

  it.skipIf(engine !== 'postgres')('concurrent progress updates of one learner end at the right percentage (several connections)', async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const lessons = await Promise.all(Array.from({ length: 5 }, () => createLesson(t.db, c)));
    const u = await createUser(t.db);
    await enroll(t.db, u, c);
    for (const l of lessons) await setLessonStatus(t.db, u, l, 'in_progress');
    const clients = lessons.map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      // Each transaction completes one lesson and stays open a moment: without the enrollment lock
      // every trigger would count only its own completed lesson and progress would end at 20 %.
      await Promise.all(
        clients.map((client, i) =>
          client.begin(async (tx) => {
            await tx`update learning.lesson_progress set status = 'completed' where user_id = ${u} and lesson_id = ${lessons[i]!}`;
            await tx`select pg_sleep(0.1)`;
          }),
        ),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end({ timeout: 5 })));
    }
    expect((await enrollment(t.db, u, c))!.progress).toBe('100.00');
    expect(await completions(u, c)).toBe(1);
  });
});

describe(`learning triggers: progress and last access under multi-row lesson_progress writes (${engine})`, () => {
  /** Three learners of one course with three lessons, enrolled with ids in ascending order (lo < mid < hi): the parents of opposingParentWrites. */
  const threeEnrollments = async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const lessons = [await createLesson(t.db, c), await createLesson(t.db, c), await createLesson(t.db, c)];
    const ids = byUuid([0, 1, 2].map(() => randomUUID()));
    const learners: string[] = [];
    for (const id of ids) {
      const u = await createUser(t.db);
      await t.db.execute(sql`insert into learning.enrollments (id, user_id, course_id) values (${id}, ${u}, ${c})`);
      learners.push(u);
    }
    const [lo, mid, hi] = learners as [string, string, string];
    return { c, lessons, lo, mid, hi, holdMid: (tx: postgres.TransactionSql) => tx`select 1 from learning.enrollments where id = ${ids[1]!} for no key update` };
  };
  const progressOf = async (c: string, users: string[]) => Promise.all(users.map(async (u) => (await enrollment(t.db, u, c))!.progress));

  it.skipIf(engine !== 'postgres')(`two multi-row lesson_progress INSERTs over the same enrollments in opposite orders: both commit, progress exact ${POSTGRES_ONLY_RACE}`, async () => {
    const { c, lessons, lo, mid, hi, holdMid } = await threeEnrollments();
    // One INSERT … SELECT each (an import of several learners' progress): rows in the given learner order.
    const record = (conn: postgres.Sql, lesson: string, order: string[]) =>
      conn`insert into learning.lesson_progress (user_id, lesson_id, status)
           select o.u, ${lesson}::uuid, 'completed' from unnest(${order}::uuid[]) with ordinality as o(u, n) order by o.n`;
    const outcomes = await opposingParentWrites(t.handle.url!, {
      hold: holdMid,
      writeA: (conn) => record(conn, lessons[0]!, [hi, mid, lo]),
      writeB: (conn) => record(conn, lessons[1]!, [lo, hi]),
    });
    expect(outcomes).toEqual(['committed', 'committed']);
    expect(await progressOf(c, [lo, mid, hi])).toEqual(['66.67', '33.33', '66.67']);
    for (const u of [lo, mid, hi]) expect((await enrollment(t.db, u, c))!.last_accessed_at).not.toBeNull();
  });

  it.skipIf(engine !== 'postgres')(`two multi-row UPDATEs of lesson_progress status over the same enrollments in opposite orders: both commit, progress and completion exact ${POSTGRES_ONLY_RACE}`, async () => {
    const { c, lessons, lo, mid, hi, holdMid } = await threeEnrollments();
    // Progress rows with ids chosen in ascending order: an UPDATE by primary key index visits them in that order.
    const placed = async (lesson: string, learners: string[]) => {
      const ids = byUuid(learners.map(() => randomUUID()));
      for (const [i, u] of learners.entries()) {
        await t.db.execute(sql`insert into learning.lesson_progress (id, user_id, lesson_id, status) values (${ids[i]!}, ${u}, ${lesson}, 'in_progress')`);
      }
      return ids;
    };
    // lo has completed the third lesson already: B's update completes its course.
    await setLessonStatus(t.db, lo, lessons[2]!, 'completed');
    const rowsA = await placed(lessons[0]!, [hi, mid, lo]);
    const rowsB = await placed(lessons[1]!, [lo, hi]);
    const complete = (conn: postgres.Sql, ids: string[]) =>
      conn.begin((tx) => [
        tx`set local enable_seqscan = off`,
        tx`set local enable_bitmapscan = off`,
        tx`update learning.lesson_progress set status = 'completed' where id = any (${ids}::uuid[])`,
      ]);
    const outcomes = await opposingParentWrites(t.handle.url!, {
      hold: holdMid,
      writeA: (conn) => complete(conn, rowsA),
      writeB: (conn) => complete(conn, rowsB),
    });
    expect(outcomes).toEqual(['committed', 'committed']);
    expect(await progressOf(c, [lo, mid, hi])).toEqual(['100.00', '33.33', '66.67']);
    expect((await enrollment(t.db, lo, c))!.completed_at).not.toBeNull();
    expect(await completions(lo, c)).toBe(1);
    expect(await completions(hi, c)).toBe(0);
  });

  it('property: after random multi-row inserts and updates of lesson_progress, every enrollment equals a recomputation (progress, completed_at, last_accessed_at, the one completion)', async () => {
    const learners = await Promise.all(Array.from({ length: 4 }, () => createUser(t.db)));
    const STATUSES = ['not_started', 'in_progress', 'completed'] as const;
    type Row = { user: number; lesson: number; status: (typeof STATUSES)[number]; time: number };
    type Op =
      | { kind: 'record'; rows: Row[]; upsert: boolean }
      | { kind: 'status'; users: number[]; lessons: number[]; status: (typeof STATUSES)[number] }
      | { kind: 'touch'; users: number[]; older: boolean }
      | { kind: 'move'; picks: { row: number; to: number }[] } // existing rows (by position) to other lessons, possibly of the other course
      | { kind: 'reassign'; picks: { row: number; to: number }[] }; // existing rows to another learner (to: how many learners further, never the same)
    const status = fc.constantFrom(...STATUSES);
    const users = fc.array(fc.nat(3), { minLength: 1, maxLength: 4 });
    const lesson = fc.nat(4); // 0–2: course A's three lessons, 3–4: course B's two
    const recordArb = fc.record({ kind: fc.constant('record' as const), rows: fc.array(fc.record({ user: fc.nat(3), lesson, status, time: fc.nat(100) }), { minLength: 1, maxLength: 12 }), upsert: fc.boolean() });
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      recordArb,
      fc.record({ kind: fc.constant('status' as const), users, lessons: fc.array(lesson, { minLength: 1, maxLength: 5 }), status }),
      fc.record({ kind: fc.constant('touch' as const), users, older: fc.boolean() }),
      fc.record({ kind: fc.constant('move' as const), picks: fc.array(fc.record({ row: fc.nat(19), to: lesson }), { minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('reassign' as const), picks: fc.array(fc.record({ row: fc.nat(19), to: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }) }),
    );
    // which of the 4 learners are enrolled in course A and in course B (the others write progress without an enrollment)
    const enrolledArb = fc.tuple(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }));
    const list = (ids: string[]) => `{${ids.join(',')}}`;
    const micros = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000000)::bigint::text`);
    await fc.assert(
      fc.asyncProperty(enrolledArb, recordArb, fc.array(opArb, { minLength: 1, maxLength: 10 }), async (enrolled, first, rest) => {
        const ops = [first, ...rest]; // progress rows to start from
        const courses = [await createCourse(t.db, { instructorId: instructor }), await createCourse(t.db, { instructorId: instructor })];
        const lessons = [...(await Promise.all([0, 1, 2].map(() => createLesson(t.db, courses[0]!)))), ...(await Promise.all([0, 1].map(() => createLesson(t.db, courses[1]!))))];
        for (const [ci, flags] of enrolled.entries()) for (const [u, yes] of flags.entries()) if (yes) await enroll(t.db, learners[u]!, courses[ci]!);
        // what every enrollment must hold, from the history of recomputations: the latest access seen, the first time at 100 %
        const model = new Map<string, { lastAccess: number | null; completedAt: number | null; completion: { at: number; time: number } | null }>();
        for (const op of ops) {
          await t.db.transaction(async (tx) => {
            if (op.kind === 'record') {
              const rows = [...new Map(op.rows.map((r) => [`${r.user}:${r.lesson}`, r])).values()]; // one row per learner and lesson in a statement
              const values = rows.map((r) => sql`(${learners[r.user]!}::uuid, ${lessons[r.lesson]!}::uuid, ${r.status}, ${r.time}::int)`);
              await tx.execute(sql`insert into learning.lesson_progress (user_id, lesson_id, status, total_time_spent) values ${sql.join(values, sql`, `)}
                                   on conflict (user_id, lesson_id) ${op.upsert ? sql`do update set status = excluded.status, total_time_spent = excluded.total_time_spent` : sql`do nothing`}`);
            } else if (op.kind === 'status') {
              await tx.execute(sql`update learning.lesson_progress set status = ${op.status}
                                   where user_id = any (${list(op.users.map((u) => learners[u]!))}::uuid[]) and lesson_id = any (${list(op.lessons.map((l) => lessons[l]!))}::uuid[])`);
            } else if (op.kind === 'touch') {
              // time spent only (status unchanged); older: last_accessed_at set back an hour, which the enrollment never follows
              await tx.execute(sql`update learning.lesson_progress
                                      set total_time_spent = total_time_spent + 5 ${op.older ? sql`, last_accessed_at = last_accessed_at - interval '1 hour'` : sql``}
                                    where user_id = any (${list(op.users.map((u) => learners[u]!))}::uuid[]) and course_id = any (${list(courses)}::uuid[])`);
            } else {
              // one UPDATE of several existing rows (a service correcting an import): each to another lesson or
              // learner, where no row holds that learner and lesson yet (nor an earlier pick of the statement)
              const existing = await queryRows<{ id: string; user_id: string; lesson_id: string }>(
                tx,
                sql`select id, user_id, lesson_id from learning.lesson_progress where course_id = any (${list(courses)}::uuid[]) order by id`,
              );
              const taken = new Set(existing.map((r) => `${r.user_id}:${r.lesson_id}`));
              const moves = new Map<string, { user: string; lesson: string }>();
              for (const pick of existing.length ? op.picks : []) {
                const r = existing[pick.row % existing.length]!;
                const dest =
                  op.kind === 'move'
                    ? { user: r.user_id, lesson: lessons[pick.to]! }
                    : { user: learners[(learners.indexOf(r.user_id) + pick.to) % learners.length]!, lesson: r.lesson_id };
                if (moves.has(r.id) || taken.has(`${dest.user}:${dest.lesson}`)) continue;
                taken.add(`${dest.user}:${dest.lesson}`);
                moves.set(r.id, dest);
              }
              if (moves.size) {
                const ids = [...moves.keys()];
                const column = op.kind === 'move' ? sql`lesson_id = m.lesson` : sql`user_id = m.usr`;
                await tx.execute(sql`update learning.lesson_progress p set ${column}
                                       from unnest(${list(ids)}::uuid[], ${list(ids.map((id) => moves.get(id)!.user))}::uuid[], ${list(ids.map((id) => moves.get(id)!.lesson))}::uuid[]) as m(id, usr, lesson)
                                      where p.id = m.id`);
              }
            }
            const rows = await queryRows<{
              user_id: string; course_id: string; progress: string; recount: string; by_function: string;
              completed_at: string | null; last_accessed_at: string | null; max_access: string | null; time_spent: number; now: string;
              completions: number; completion_at: string | null; completion_time: number | null;
            }>(
              tx,
              sql`select e.user_id, e.course_id, e.progress::text as progress,
                         coalesce(round(100.0 * (select count(*) from learning.lesson_progress p where p.user_id = e.user_id and p.course_id = e.course_id and p.status = 'completed')
                                        / nullif((select count(*) from learning.course_lessons l where l.course_id = e.course_id), 0), 2), 0)::numeric(5, 2)::text as recount,
                         learning.course_progress(e.user_id, e.course_id)::text as by_function,
                         ${micros('e.completed_at')} as completed_at, ${micros('e.last_accessed_at')} as last_accessed_at,
                         (select ${micros('max(p.last_accessed_at)')} from learning.lesson_progress p where p.user_id = e.user_id and p.course_id = e.course_id) as max_access,
                         (select coalesce(sum(p.total_time_spent), 0)::int from learning.lesson_progress p where p.user_id = e.user_id and p.course_id = e.course_id) as time_spent,
                         ${micros('now()')} as now,
                         (select count(*)::int from learning.course_completions cc where cc.user_id = e.user_id and cc.course_id = e.course_id) as completions,
                         (select ${micros('cc.completed_at')} from learning.course_completions cc where cc.user_id = e.user_id and cc.course_id = e.course_id) as completion_at,
                         (select cc.total_time_spent from learning.course_completions cc where cc.user_id = e.user_id and cc.course_id = e.course_id) as completion_time
                    from learning.enrollments e where e.course_id = any (${list(courses)}::uuid[])`,
            );
            for (const r of rows) {
              const key = `${r.user_id}:${r.course_id}`;
              const m = model.get(key) ?? { lastAccess: null, completedAt: null, completion: null };
              if (r.max_access !== null) m.lastAccess = Math.max(m.lastAccess ?? -Infinity, Number(r.max_access));
              if (m.completedAt === null && r.recount === '100.00') {
                m.completedAt = Number(r.now);
                m.completion = { at: Number(r.now), time: r.time_spent };
              }
              model.set(key, m);
              expect({ progress: r.progress, byFunction: r.by_function }, key).toEqual({ progress: r.recount, byFunction: r.recount });
              expect(r.last_accessed_at === null ? null : Number(r.last_accessed_at), key).toBe(m.lastAccess);
              expect(r.completed_at === null ? null : Number(r.completed_at), key).toBe(m.completedAt);
              expect(r.completions === 0 ? null : { at: Number(r.completion_at), time: r.completion_time }, key).toEqual(m.completion);
            }
            // a learner without an enrollment gets none, nor a completion
            const [strays] = await queryRows<{ n: number }>(
              tx,
              sql`select count(*)::int as n from learning.course_completions cc where cc.course_id = any (${list(courses)}::uuid[])
                    and not exists (select 1 from learning.enrollments e where e.user_id = cc.user_id and e.course_id = cc.course_id)`,
            );
            expect(strays!.n).toBe(0);
            expect(rows).toHaveLength(enrolled.flat().filter(Boolean).length);
          });
        }
      }),
      { numRuns: engine === 'pglite' ? 15 : 30 },
    );
  });
});

describe(`learning triggers: progress while the course's lessons change (${engine})`, () => {
  it.skipIf(engine !== 'postgres')(`learners complete lessons while the instructor adds and removes lessons, on 5 connections: every progress ends equal to course_progress ${POSTGRES_ONLY_RACE}`, async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const lessons = await Promise.all(Array.from({ length: 4 }, () => createLesson(t.db, c)));
    const learners = await Promise.all(Array.from({ length: 4 }, () => createUser(t.db)));
    for (const u of learners) {
      await enroll(t.db, u, c);
      for (const l of lessons.slice(0, 3)) await setLessonStatus(t.db, u, l, 'in_progress');
    }
    const clients = Array.from({ length: 5 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      // Each learner completes the three lessons they started, one transaction each held open a moment;
      // meanwhile the instructor removes the fourth lesson and adds two, each in a transaction held open.
      await Promise.all([
        ...learners.map((u, i) =>
          (async () => {
            for (const l of lessons.slice(0, 3))
              await clients[i]!.begin(async (tx) => {
                await tx`update learning.lesson_progress set status = 'completed' where user_id = ${u} and lesson_id = ${l}`;
                await tx`select pg_sleep(0.02)`;
              });
          })(),
        ),
        (async () => {
          const instructorTx = clients[4]!;
          await instructorTx.begin(async (tx) => {
            await tx`delete from learning.course_lessons where id = ${lessons[3]!}`;
            await tx`select pg_sleep(0.03)`;
          });
          for (let k = 0; k < 2; k++)
            await instructorTx.begin(async (tx) => {
              await tx`insert into learning.course_lessons (course_id, title, slug, order_index, content) values (${c}, 'Late', ${`late-${k}-${c}`}, ${1000 + k}, 'x')`;
              await tx`select pg_sleep(0.03)`;
            });
        })(),
      ]);
    } finally {
      await Promise.all(clients.map((client) => client.end({ timeout: 5 })));
    }
    for (const u of learners) {
      expect((await enrollment(t.db, u, c))!.progress).toBe('60.00'); // 3 of the 5 lessons now in the course
      expect(await getCourseProgress(t.db, { userId: u, courseId: c })).toBe(60);
    }
  });
});

describe(`learning triggers: average_rating and review_count (${engine})`, () => {
  it("follow completions' ratings (insert, update, delete; unrated completions do not count)", async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const [u1, u2, u3] = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    await t.db.execute(sql`insert into learning.course_completions (user_id, course_id, rating) values (${u1}, ${c}, 5), (${u2}, ${c}, 4), (${u3}, ${c}, null)`);
    expect(await course(t.db, c)).toMatchObject({ average_rating: '4.50', review_count: 2 });
    await t.db.execute(sql`update learning.course_completions set rating = 1 where user_id = ${u3} and course_id = ${c}`);
    expect(await course(t.db, c)).toMatchObject({ average_rating: '3.33', review_count: 3 });
    await t.db.execute(sql`delete from learning.course_completions where course_id = ${c} and rating >= 4`);
    expect(await course(t.db, c)).toMatchObject({ average_rating: '1.00', review_count: 1 });
    await t.db.execute(sql`delete from learning.course_completions where course_id = ${c}`);
    expect(await course(t.db, c)).toMatchObject({ average_rating: '0.00', review_count: 0 });
  });

  it.skipIf(engine !== 'postgres')(`two multi-row completion INSERTs into the same courses in opposite orders: both commit, ratings exact ${POSTGRES_ONLY_RACE}`, async () => {
    const [lo, mid, hi] = byUuid(await Promise.all([0, 1, 2].map(() => createCourse(t.db, { instructorId: instructor }))));
    const [a, b] = [await createUser(t.db), await createUser(t.db)];
    const complete = (c: postgres.Sql, user: string, order: string[], rating: number) =>
      c`insert into learning.course_completions (user_id, course_id, rating)
        select ${user}, o.c, ${rating} from unnest(${order}::uuid[]) with ordinality as o(c, n) order by o.n`;
    const outcomes = await opposingParentWrites(t.handle.url!, {
      hold: (tx) => tx`select 1 from learning.courses where id = ${mid!} for no key update`,
      writeA: (c) => complete(c, a, [hi!, mid!, lo!], 5),
      writeB: (c) => complete(c, b, [lo!, hi!], 2),
    });
    expect(outcomes).toEqual(['committed', 'committed']);
    expect(await course(t.db, lo!)).toMatchObject({ average_rating: '3.50', review_count: 2 });
    expect(await course(t.db, mid!)).toMatchObject({ average_rating: '5.00', review_count: 1 });
    expect(await course(t.db, hi!)).toMatchObject({ average_rating: '3.50', review_count: 2 });
  });

  it('property: after random multi-row inserts, updates and deletes of completions, every course rating equals a recount', async () => {
    const learners = await Promise.all(Array.from({ length: 6 }, () => createUser(t.db)));
    type Op =
      | { kind: 'insert'; rows: { user: number; course: number; rating: number | null }[] }
      | { kind: 'rate'; rating: number | null; users: number[] }
      | { kind: 'move'; from: number; to: number }
      | { kind: 'delete'; users: number[]; course: number };
    const users = fc.array(fc.nat(5), { minLength: 1, maxLength: 4 });
    const rating = fc.option(fc.integer({ min: 1, max: 5 }));
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), rows: fc.array(fc.record({ user: fc.nat(5), course: fc.nat(2), rating }), { minLength: 1, maxLength: 6 }) }),
      fc.record({ kind: fc.constant('rate' as const), rating, users }),
      fc.record({ kind: fc.constant('move' as const), from: fc.nat(2), to: fc.nat(2) }),
      fc.record({ kind: fc.constant('delete' as const), users, course: fc.nat(2) }),
    );
    const list = (ids: string[]) => `{${ids.join(',')}}`;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (ops) => {
        const courses = await Promise.all([0, 1, 2].map(() => createCourse(t.db, { instructorId: instructor })));
        for (const op of ops) {
          if (op.kind === 'insert') {
            const values = op.rows.map((r) => sql`(${learners[r.user]!}::uuid, ${courses[r.course]!}::uuid, ${r.rating}::int)`);
            await t.db.execute(sql`insert into learning.course_completions (user_id, course_id, rating) values ${sql.join(values, sql`, `)}
                                   on conflict (user_id, course_id) do update set rating = excluded.rating`).catch((e: unknown) => {
              // the same user and course twice in one statement
              if (!/cannot affect row a second time/.test(String((e as Error).message) + String((e as { cause?: Error }).cause?.message))) throw e;
            });
          } else if (op.kind === 'rate') {
            await t.db.execute(sql`update learning.course_completions set rating = ${op.rating}::int
                                   where course_id = any (${list(courses)}::uuid[]) and user_id = any (${list(op.users.map((u) => learners[u]!))}::uuid[])`);
          } else if (op.kind === 'move') {
            // moves the completions of learners not yet completed in the target course
            await t.db.execute(sql`update learning.course_completions cc set course_id = ${courses[op.to]!}
                                   where cc.course_id = ${courses[op.from]!} and not exists (select 1 from learning.course_completions x where x.user_id = cc.user_id and x.course_id = ${courses[op.to]!})`);
          } else {
            await t.db.execute(sql`delete from learning.course_completions where course_id = ${courses[op.course]!} and user_id = any (${list(op.users.map((u) => learners[u]!))}::uuid[])`);
          }
        }
        const rows = await queryRows<{ id: string; stored: string; count: number; recount: string; recount_n: number }>(
          t.db,
          sql`select c.id, c.average_rating::text as stored, c.review_count as count,
                     coalesce(round(avg(cc.rating), 2), 0)::numeric(3, 2)::text as recount, count(cc.rating)::int as recount_n
                from learning.courses c left join learning.course_completions cc on cc.course_id = c.id
               where c.id = any (${list(courses)}::uuid[]) group by c.id`,
        );
        for (const r of rows) expect({ rating: r.stored, count: r.count }, r.id).toEqual({ rating: r.recount, count: r.recount_n });
      }),
      { numRuns: engine === 'pglite' ? 15 : 30 },
    );
  });

  it.skipIf(engine !== 'postgres')('concurrent ratings all count (several connections)', async () => {
    const c = await createCourse(t.db, { instructorId: instructor });
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser(t.db)));
    await t.db.execute(sql`insert into learning.course_completions (user_id, course_id) select u, ${c} from unnest(${`{${users.join(',')}}`}::uuid[]) u`);
    const clients = users.map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      await Promise.all(
        clients.map((client, i) =>
          client.begin(async (tx) => {
            await tx`update learning.course_completions set rating = ${1 + (i % 5)} where user_id = ${users[i]!} and course_id = ${c}`;
            await tx`select pg_sleep(0.05)`;
          }),
        ),
      );
    } finally {
      await Promise.all(clients.map((client) => client.end({ timeout: 5 })));
    }
    // ratings 1,2,3,4,5,1 → 16 / 6
    expect(await course(t.db, c)).toMatchObject({ average_rating: '2.67', review_count: 6 });
  });
});

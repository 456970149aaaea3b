import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import {
  createMonthlyPartition,
  databaseHealthCheck,
  decryptSensitiveData,
  encryptSensitiveData,
  ensureMonthlyPartitions,
  getCourseRecommendations,
  getUserDashboard,
} from '../../src/learning.js';
import { asServiceRole, asUser, withContext } from '../../src/rls.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { createCategory, createCourse, createLesson, createUser, enroll, serviceCtx, setLessonStatus, userCtx } from './fixtures.js';

const t = useDatabase();
let instructor: string;
beforeAll(async () => {
  instructor = await createUser(t.db, 'Teacher');
});

async function rejects(p: Promise<unknown>): Promise<ValidationError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return e as ValidationError;
}

describe(`learning.get_user_dashboard (${engine})`, () => {
  it('returns the five most recently accessed active enrollments of published courses, newest first', async () => {
    const u = await createUser(t.db, 'Dash');
    const courses: string[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await createCourse(t.db, { instructorId: instructor, title: `C${i}` });
      courses.push(c);
      await enroll(t.db, u, c);
      await t.db.execute(sql`update learning.enrollments set last_accessed_at = now() - make_interval(hours => ${i}) where user_id = ${u} and course_id = ${c}`);
    }
    const draft = await createCourse(t.db, { instructorId: instructor, status: 'draft' });
    await enroll(t.db, u, draft);
    const paused = await createCourse(t.db, { instructorId: instructor });
    await enroll(t.db, u, paused, 'paused');
    const l = await createLesson(t.db, courses[0]!);
    await setLessonStatus(t.db, u, l, 'completed', { timeSpent: 321 });
    await t.db.execute(sql`insert into learning.user_achievements (user_id, achievement_type, title, earned_at) values (${u}, 'streak', 'Old', now() - interval '2 days'), (${u}, 'first', 'New', now())`);

    const d = await asUser(t.db, userCtx(u).claims.sub, (tx) => getUserDashboard(tx, { userId: u }));
    expect(d.user).toMatchObject({ id: u, name: 'Dash' });
    expect(d.user).not.toHaveProperty('encrypted_ssn');
    // courses[0] was accessed just now by the progress trigger, then C1..C4
    expect(d.active_enrollments.map((e) => e.course.title)).toEqual(['C0', 'C1', 'C2', 'C3', 'C4']);
    expect(d.active_enrollments[0]!.progress).toBe(100);
    expect(d.completed_courses).toBe(1);
    expect(d.total_study_time).toBe(321);
    expect(d.achievements.map((a) => a.title)).toEqual(['New', 'Old']);
  });

  it('a user with nothing gets empty lists; another user id gives nothing of that user (RLS)', async () => {
    const u = await createUser(t.db, 'Empty');
    const other = await createUser(t.db, 'Other');
    const c = await createCourse(t.db, { instructorId: instructor });
    await enroll(t.db, other, c);
    const mine = await asUser(t.db, u, (tx) => getUserDashboard(tx, { userId: u }));
    expect(mine).toMatchObject({ active_enrollments: [], completed_courses: 0, total_study_time: 0, achievements: [] });
    const theirs = await asUser(t.db, u, (tx) => getUserDashboard(tx, { userId: other }));
    expect(theirs).toMatchObject({ user: null, active_enrollments: [], completed_courses: 0 });
  });

  it('refuses a malformed user id with a ValidationError naming the field', async () => {
    const e = await rejects(getUserDashboard(t.db, { userId: 'nope' }));
    expect(e.field).toBe('userId');
  });
});

describe(`learning.get_course_recommendations (${engine})`, () => {
  it('recommends only published courses the user is not enrolled in, by category affinity, and respects the limit', async () => {
    const cat = await createCategory(t.db, 'Data');
    const other = await createCategory(t.db, 'Art');
    const u = await createUser(t.db, 'Rec');
    const taken = await createCourse(t.db, { instructorId: instructor, categoryId: cat });
    await enroll(t.db, u, taken);
    const sameCat = await createCourse(t.db, { instructorId: instructor, categoryId: cat });
    const otherCat = await createCourse(t.db, { instructorId: instructor, categoryId: other });
    const draft = await createCourse(t.db, { instructorId: instructor, categoryId: cat, status: 'draft' });
    const recs = await asUser(t.db, u, (tx) => getCourseRecommendations(tx, { userId: u, limit: 100 }));
    const ids = recs.map((r) => r.courseId);
    expect(ids).not.toContain(taken);
    expect(ids).not.toContain(draft);
    expect(ids.indexOf(sameCat)).toBeLessThan(ids.indexOf(otherCat));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < recs.length; i++) expect(recs[i - 1]!.relevanceScore).toBeGreaterThanOrEqual(recs[i]!.relevanceScore);
    const two = await asUser(t.db, u, (tx) => getCourseRecommendations(tx, { userId: u, limit: 2 }));
    expect(two).toHaveLength(2);
  });

  it('cold start: a user with no history gets popular, well-rated, recent courses; newer ranks above older', async () => {
    await t.db.execute(sql`update learning.courses set status = 'archived' where status = 'published'`);
    const u = await createUser(t.db, 'New');
    const old = await createCourse(t.db, { instructorId: instructor, publishedAt: new Date(Date.now() - 365 * 864e5).toISOString() });
    const recent = await createCourse(t.db, { instructorId: instructor });
    const popular = await createCourse(t.db, { instructorId: instructor, publishedAt: new Date(Date.now() - 365 * 864e5).toISOString() });
    const wellRated = await createCourse(t.db, { instructorId: instructor, publishedAt: new Date(Date.now() - 365 * 864e5).toISOString() });
    await t.db.execute(sql`update learning.courses set enrollment_count = 5000 where id = ${popular}`);
    await t.db.execute(sql`update learning.courses set average_rating = 4.9 where id = ${wellRated}`);
    const recs = await getCourseRecommendations(t.db, { userId: u });
    const ids = recs.map((r) => r.courseId);
    expect(ids).toHaveLength(4);
    expect(ids.indexOf(recent)).toBeLessThan(ids.indexOf(old));
    expect(ids.indexOf(popular)).toBeLessThan(ids.indexOf(old));
    expect(ids.indexOf(wellRated)).toBeLessThan(ids.indexOf(old));
    expect(ids.at(-1)).toBe(old);
  });

  it('refuses a limit outside 1..100', async () => {
    const e = await rejects(getCourseRecommendations(t.db, { userId: instructor, limit: 0 }));
    expect(e.field).toBe('limit');
  });
});

describe(`learning.create_monthly_partition / ensure_monthly_partitions (${engine})`, () => {
  it('the drizzle shape that types the activity log (supabase-js, the registry) is the table the SQL creates', async () => {
    const { lessonActivityEventsShape } = await import('../../src/schema/learning/activity.sql.js');
    const { getTableConfig } = await import('drizzle-orm/pg-core');
    const declared = getTableConfig(lessonActivityEventsShape).columns.map((c) => ({ name: c.name, type: c.getSQLType(), notNull: c.notNull, hasDefault: c.hasDefault }));
    const actual = await queryRows<{ name: string; type: string; notNull: boolean; hasDefault: boolean }>(
      t.db,
      sql`select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as "notNull", a.atthasdef as "hasDefault"
            from pg_attribute a where a.attrelid = 'learning.lesson_activity_events'::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    );
    const canonical = (type: string) => type.replace(/^timestamp with time zone$/, 'timestamptz');
    expect(declared.map((c) => ({ ...c, type: canonical(c.type) }))).toEqual(actual.map((c) => ({ ...c, type: canonical(c.type) })));
  });

  it.skipIf(engine !== 'postgres')('concurrent calls for the same new month all return it, none fails (several connections)', async () => {
    for (const month of ['2033-01-01', '2033-02-01', '2033-03-01']) {
      const clients = Array.from({ length: 4 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
      try {
        const names = await Promise.all(
          clients.map((client) =>
            client.begin(async (tx) => {
              await tx`select set_config('role', 'service_role', true)`;
              const [row] = await tx`select learning.create_monthly_partition('learning.lesson_activity_events'::regclass, ${month}::date) as name`;
              await tx`select pg_sleep(0.02)`;
              return row!.name as string;
            }),
          ),
        );
        expect(new Set(names)).toEqual(new Set([`learning.lesson_activity_events_${month.slice(0, 4)}_${month.slice(5, 7)}`]));
      } finally {
        await Promise.all(clients.map((c) => c.end()));
      }
    }
  });

  it('creates a month once (idempotent), routes rows into it, and keeps the next three months', async () => {
    const name = await asServiceRole(t.db, (tx) => createMonthlyPartition(tx, { table: 'learning.lesson_activity_events', month: '2030-02-17' }));
    expect(name).toBe('learning.lesson_activity_events_2030_02');
    const again = await asServiceRole(t.db, (tx) => createMonthlyPartition(tx, { table: 'learning.lesson_activity_events', month: '2030-02' }));
    expect(again).toBe(name);
    // reached only through the parent: one restrictive policy refusing every row, no grant to the API roles
    expect(await queryRows(t.db, sql`select permissive, roles::text, cmd, qual, with_check from pg_policies where schemaname = 'learning' and tablename = 'lesson_activity_events_2030_02'`)).toEqual([
      { permissive: 'RESTRICTIVE', roles: '{public}', cmd: 'ALL', qual: 'false', with_check: 'false' },
    ]);
    const c = await createCourse(t.db, { instructorId: instructor });
    const l = await createLesson(t.db, c);
    const u = await createUser(t.db);
    await t.db.execute(sql`insert into learning.lesson_activity_events (user_id, lesson_id, course_id, event_type, occurred_at) values (${u}, ${l}, ${c}, 'play', '2030-02-28T23:59:59Z')`);
    const [row] = await queryRows<{ part: string }>(t.db, sql`select tableoid::regclass::text as part from learning.lesson_activity_events where occurred_at = '2030-02-28T23:59:59Z'`);
    expect(row!.part).toBe('learning.lesson_activity_events_2030_02');
    // a month without a partition is refused, not silently kept
    await expectDbError(t.db.execute(sql`insert into learning.lesson_activity_events (user_id, lesson_id, course_id, event_type, occurred_at) values (${u}, ${l}, ${c}, 'play', '2031-07-01T00:00:00Z')`), /no partition/i);
    const ensured = await asServiceRole(t.db, (tx) => ensureMonthlyPartitions(tx));
    expect(ensured).toHaveLength(4);
    const now = new Date();
    const label = (d: Date) => `learning.lesson_activity_events_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(ensured[0]).toBe(label(now));
    expect(ensured[3]).toBe(label(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1))));
  });

  it('refuses injection and anything that is not a range-partitioned learning table (UL003), creating nothing', async () => {
    const before = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from pg_class`);
    // text that is no plain table name never reaches SQL
    for (const table of ['learning.lesson_activity_events; drop table learning.users; --', '"learning"."lesson_activity_events" cascade', "x') to ('y"]) {
      const e = await rejects(asServiceRole(t.db, (tx) => createMonthlyPartition(tx, { table, month: '2031-01' })));
      expect(e.field).toBe('table');
    }
    // names of other relations are refused by the function (UL003)
    for (const table of ['learning.lesson_activity_events_2030_02', 'learning.users', 'auth.users', 'no_such_table']) {
      const e = await rejects(asServiceRole(t.db, (tx) => createMonthlyPartition(tx, { table, month: '2031-01' })));
      expect(e.code).toBe('invalid_partition_target');
    }
    // straight SQL: the regclass cast itself refuses text that is not a relation name
    await expectDbError(
      asServiceRole(t.db, (tx) => tx.execute(sql`select learning.create_monthly_partition(${'learning.lesson_activity_events; drop table learning.users'}::regclass, '2031-01-01')`)),
      /invalid name syntax|does not exist|syntax/i,
    );
    const after = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from pg_class`);
    expect(after[0]!.n).toBe(before[0]!.n);
    const [users] = await queryRows<{ r: string | null }>(t.db, sql`select to_regclass('learning.users')::text as r`);
    expect(users!.r).toBe('learning.users');
  });

  it('only service_role may create partitions', async () => {
    const u = await createUser(t.db);
    await expectDbError(
      asUser(t.db, u, (tx) => tx.execute(sql`select learning.create_monthly_partition('learning.lesson_activity_events'::regclass, '2032-01-01')`)),
      /permission denied/,
    );
  });
});

describe(`learning.encrypt_sensitive_data / decrypt_sensitive_data (${engine})`, () => {
  const key = 'a-long-test-key-0123456789';
  it('round-trips with the key of the transaction; the key is not kept afterwards', async () => {
    const secret = 'SSN 123-45-6789';
    const cipher = await withContext(t.db, serviceCtx, (tx) => encryptSensitiveData(tx as never, { data: secret, key }));
    expect(cipher).not.toContain('123-45');
    const plain = await withContext(t.db, serviceCtx, (tx) => decryptSensitiveData(tx as never, { encrypted: cipher, key }));
    expect(plain).toBe(secret);
    const [s] = await queryRows<{ v: string | null }>(t.db, sql`select current_setting('learning.encryption_key', true) as v`);
    expect(s!.v ?? '').toBe('');
  });

  it('a missing key is a clear error (UL001); a wrong key is UL002', async () => {
    await expectDbError(
      withContext(t.db, serviceCtx, (tx) => tx.execute(sql`select learning.encrypt_sensitive_data('x')`)),
      /learning\.encryption_key is not set/,
    );
    const err = await withContext(t.db, serviceCtx, (tx) => tx.execute(sql`select learning.encrypt_sensitive_data('x')`)).catch((e: unknown) => e);
    expect((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code).toBe('UL001');
    const cipher = await encryptSensitiveData(t.db, { data: 'secret', key });
    const e = await rejects(decryptSensitiveData(t.db, { encrypted: cipher, key: 'another-key-of-16-chars' }));
    expect(e.code).toBe('decryption_failed');
  });

  it('text PostgreSQL cannot store (a NUL, an unpaired surrogate) is a ValidationError naming data or key, not a driver error', async () => {
    for (const bad of ['123\u000045', '123\uD800']) {
      expect(await rejects(encryptSensitiveData(t.db, { data: bad, key }))).toMatchObject({ field: 'data' });
      expect(await rejects(encryptSensitiveData(t.db, { data: 'secret', key: `${key}${bad}` }))).toMatchObject({ field: 'key' });
    }
  });

  it('is callable by service_role only', async () => {
    const u = await createUser(t.db);
    await expectDbError(
      asUser(t.db, u, (tx) => tx.execute(sql`select learning.encrypt_sensitive_data('x')`)),
      /permission denied/,
    );
  });
});

describe(`learning.database_health_check (${engine})`, () => {
  it('returns the documented keys; sections the engine cannot give are null, not errors', async () => {
    const h = await asServiceRole(t.db, (tx) => databaseHealthCheck(tx));
    expect(Object.keys(h).sort()).toEqual(['active_connections', 'database_size', 'index_usage', 'slow_queries', 'table_sizes', 'timestamp']);
    expect(h.table_sizes === null || typeof h.table_sizes['learning.courses'] === 'number').toBe(true);
    if (engine === 'postgres') {
      expect(h.database_size).toBeGreaterThan(0);
      expect(h.active_connections).toBeGreaterThanOrEqual(1);
      expect(h.table_sizes!['learning.courses']).toBeGreaterThan(0);
    }
  });

  it('is callable by service_role only', async () => {
    const u = await createUser(t.db);
    await expectDbError(asUser(t.db, u, (tx) => tx.execute(sql`select learning.database_health_check()`)), /permission denied/);
  });

  it.skipIf(engine !== 'postgres')('counts another role\'s active session, which service_role alone cannot see [PostgreSQL only: PGlite has one session]', async () => {
    const other = postgres(t.handle.url!, { max: 1, onnotice: () => {} });
    try {
      const busy = other`select pg_sleep(3)`.execute();
      await new Promise((r) => setTimeout(r, 500));
      // as service_role itself, another role's session shows no state
      const [own] = await asServiceRole(t.db, (tx) =>
        queryRows<{ n: number }>(tx, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active'`),
      );
      const h = await asServiceRole(t.db, (tx) => databaseHealthCheck(tx));
      expect(h.active_connections).toBeGreaterThan(own!.n);
      expect(h.active_connections).toBeGreaterThanOrEqual(2);
      await busy;
    } finally {
      await other.end({ timeout: 5 });
    }
  });
});

import { sql } from 'drizzle-orm';
import { type Database, execScript, openDatabase, queryRows } from '../src/db.js';
import { migrate } from '../src/migrations/index.js';
import { type BenchContext, type BenchSuite, percentile, timeMs } from './lib.js';

/**
 * The learning domain's read functions at scale (PostgreSQL 15): get_user_dashboard and
 * get_course_recommendations against the document's own versions (installed in a scratch schema
 * `doc004` of the bench database only), same data, same run, alternating calls. Quick size by
 * default; LEARNING_BENCH_FULL=1 for 100k users and 1M lesson_progress rows.
 */
const FULL = process.env.LEARNING_BENCH_FULL === '1';

interface Size {
  users: number;
  courses: number;
  lessonsPerCourse: number;
  enrollmentsPerUser: number;
  progressRows: number;
}
export const size = (): Size =>
  FULL
    ? { users: 100_000, courses: 2_000, lessonsPerCourse: 10, enrollmentsPerUser: 3, progressRows: 1_000_000 }
    : { users: 10_000, courses: 500, lessonsPerCourse: 10, enrollmentsPerUser: 3, progressRows: 100_000 };

/** Generated in the database with triggers off (session_replication_role = replica); the derived columns are then set in bulk. */
export async function load(db: Database, s: Size, log: (m: string) => void) {
  const start = performance.now();
  await execScript(
    db,
    `set session_replication_role = replica;
     insert into auth.users (id, email) select md5('u' || g)::uuid, 'u' || g || '@example.com' from generate_series(1, ${s.users}) g;
     insert into learning.users (id, email, name, created_at) select md5('u' || g)::uuid, 'u' || g || '@example.com', 'User ' || g, now() - (g % 900) * interval '1 day' from generate_series(1, ${s.users}) g;
     insert into learning.course_categories (id, name, slug) select md5('cat' || g)::uuid, 'Category ' || g, 'category-' || g from generate_series(1, 20) g;
     insert into learning.courses (id, title, slug, instructor_id, category_id, status, price, difficulty, average_rating, published_at, created_at)
       select md5('c' || g)::uuid, 'Course ' || g, 'course-' || g, md5('u' || (1 + g % 200))::uuid, md5('cat' || (1 + g % 20))::uuid,
              case when g % 10 = 0 then 'draft' else 'published' end, (g % 4) * 10, (array['beginner','intermediate','advanced'])[1 + g % 3],
              round((1 + (g * 37 % 400) / 100.0)::numeric, 2), now() - (g % 700) * interval '1 day', now() - (g % 700) * interval '1 day'
       from generate_series(1, ${s.courses}) g;
     insert into learning.course_lessons (id, course_id, title, slug, order_index)
       select md5('l' || c || '-' || j)::uuid, md5('c' || c)::uuid, 'Lesson ' || j, 'lesson-' || j, j
       from generate_series(1, ${s.courses}) c, generate_series(1, ${s.lessonsPerCourse}) j;
     insert into learning.enrollments (user_id, course_id, status, enrolled_at, last_accessed_at)
       select md5('u' || u)::uuid, md5('c' || (1 + (u * 7 + k * 131) % ${s.courses}))::uuid, case when k = 2 and u % 5 = 0 then 'cancelled' else 'active' end,
              now() - ((u + k) % 400) * interval '1 day', now() - ((u * 13 + k * 7) % 10000) * interval '1 minute'
       from generate_series(1, ${s.users}) u, generate_series(0, ${s.enrollmentsPerUser - 1}) k
       on conflict do nothing;
     insert into learning.lesson_progress (user_id, lesson_id, course_id, status, progress_percentage, total_time_spent, last_accessed_at)
       select e.user_id, l.id, e.course_id,
              case when j % 3 = 0 then 'in_progress' else 'completed' end, case when j % 3 = 0 then 50 else 100 end, 60 + j * 30, now()
       from (select user_id, course_id, row_number() over (order by user_id, course_id) as rn from learning.enrollments) e
       cross join generate_series(1, 4) j
       join learning.course_lessons l on l.course_id = e.course_id and l.order_index = j
       where (e.rn - 1) * 4 + j <= ${s.progressRows};
     insert into learning.user_achievements (user_id, achievement_type, title) select md5('u' || g)::uuid, 'first', 'First lesson' from generate_series(1, ${s.users}, 10) g;
     set session_replication_role = origin;
     update learning.courses c set enrollment_count = x.n from (select course_id, count(*) as n from learning.enrollments group by course_id) x where x.course_id = c.id;
     analyze;`,
  );
  const [counts] = await queryRows<{ users: number; enrollments: number; progress: number }>(
    db,
    sql`select (select count(*) from learning.users)::int as users, (select count(*) from learning.enrollments)::int as enrollments, (select count(*) from learning.lesson_progress)::int as progress`,
  );
  log(`loaded ${JSON.stringify(counts)} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return counts!;
}

/**
 * The document's functions, as printed, over the same tables (search_path learning). Only change
 * to the dashboard: PostgreSQL rejects its `ORDER BY e.last_accessed_at … LIMIT 5` beside json_agg
 * ("must appear in the GROUP BY clause"), so the ORDER BY moves inside json_agg (LIMIT 5 then limits
 * nothing: it returns every active enrollment, the bug docs/decisions.md describes).
 */
export const DOC_FUNCTIONS = `
create schema if not exists doc004;
create or replace function doc004.get_user_dashboard(p_user_id uuid) returns json language plpgsql set search_path = learning, public as $$
declare result json;
begin
  select json_build_object(
    'user', (select row_to_json(u.*) from users u where u.id = p_user_id),
    'active_enrollments', (
      select coalesce(json_agg(json_build_object('course', row_to_json(c.*), 'progress', e.progress, 'last_accessed', e.last_accessed_at)
                      order by e.last_accessed_at desc), '[]'::json)
      from enrollments e join courses c on e.course_id = c.id
      where e.user_id = p_user_id and e.status = 'active' and c.status = 'published'
      limit 5),
    'completed_courses', (select count(*) from course_completions cc where cc.user_id = p_user_id),
    'total_study_time', (select coalesce(sum(lp.total_time_spent), 0) from lesson_progress lp where lp.user_id = p_user_id),
    'achievements', (select coalesce(json_agg(row_to_json(ua.*) order by ua.earned_at desc), '[]'::json) from user_achievements ua where ua.user_id = p_user_id)
  ) into result;
  return result;
end $$;
create or replace function doc004.get_course_recommendations(p_user_id uuid, p_limit integer default 10)
returns table(course_id uuid, relevance_score decimal) language plpgsql set search_path = learning, public as $$
begin
  return query
  with user_preferences as (
    select c.category_id, c.difficulty, count(*) as interaction_count
    from enrollments e join courses c on e.course_id = c.id
    where e.user_id = p_user_id
    group by c.category_id, c.difficulty
  ),
  course_scores as (
    select c.id,
      (coalesce(up.interaction_count * 0.4, 0) + (c.average_rating / 5.0) * 0.3 + (log(c.enrollment_count + 1) / 10.0) * 0.2
       + (extract(epoch from now() - c.created_at) / (30 * 24 * 60 * 60)) * 0.1)::decimal as score
    from courses c left join user_preferences up on c.category_id = up.category_id
    where c.status = 'published' and c.id not in (select e.course_id from enrollments e where e.user_id = p_user_id)
  )
  select cs.id, cs.score from course_scores cs order by cs.score desc limit p_limit;
end $$;`;

async function compare(
  ctx: BenchContext,
  name: string,
  ours: (u: string) => Promise<unknown>,
  doc: (u: string) => Promise<unknown>,
  users: string[],
  extra: Record<string, unknown>,
) {
  const n = FULL ? 300 : 100;
  for (let i = 0; i < 10; i++) {
    await ours(users[i]!);
    await doc(users[i]!);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = users[(i * 7919) % users.length]!;
    // alternate the order so neither always runs on a warmer cache
    if (i % 2) {
      a.push(await timeMs(() => ours(u)));
      b.push(await timeMs(() => doc(u)));
    } else {
      b.push(await timeMs(() => doc(u)));
      a.push(await timeMs(() => ours(u)));
    }
  }
  for (const p of [50, 95]) {
    ctx.record({
      suite: 'learning', name: `${name} p${p}`, engine: 'postgres',
      subject: 'learning.' + name, baseline: "the document's version (doc004." + name + ')',
      value: percentile(a, p), baselineValue: percentile(b, p), unit: 'ms', extra: { ...extra, calls: n },
    });
  }
}

export const learningBench: BenchSuite = {
  name: 'learning',
  async run(ctx) {
    if (!ctx.pgServerUrl) {
      ctx.log('no PostgreSQL server: the learning bench runs on PostgreSQL 15 only');
      return;
    }
    const s = size();
    const name = `bench_learning_${process.pid}`;
    const admin = await openDatabase({ url: ctx.pgServerUrl, max: 1 });
    await admin.db.execute(sql.raw(`drop database if exists ${name}`));
    await admin.db.execute(sql.raw(`create database ${name}`));
    const target = await openDatabase({ url: ctx.pgServerUrl.replace(/\/[^/]*$/, `/${name}`), max: 2 });
    try {
      const db = target.db;
      await migrate(db);
      const counts = await load(db, s, ctx.log);
      await execScript(db, DOC_FUNCTIONS);
      const users = (await queryRows<{ id: string }>(db, sql`select id from learning.users order by md5(id::text) limit 2000`)).map((r) => r.id);
      const extra = { ...counts, courses: s.courses, size: FULL ? 'full' : 'quick' };
      // Both functions called the same way (superuser connection, so RLS costs neither).
      await compare(
        ctx,
        'get_user_dashboard',
        (u) => db.execute(sql`select learning.get_user_dashboard(${u}::uuid)`),
        (u) => db.execute(sql`select doc004.get_user_dashboard(${u}::uuid)`),
        users,
        extra,
      );
      await compare(
        ctx,
        'get_course_recommendations',
        (u) => db.execute(sql`select * from learning.get_course_recommendations(${u}::uuid, 10)`),
        (u) => db.execute(sql`select * from doc004.get_course_recommendations(${u}::uuid, 10)`),
        users,
        extra,
      );
    } finally {
      await target.close();
      await admin.db.execute(sql.raw(`drop database if exists ${name}`));
      await admin.close();
    }
  },
};

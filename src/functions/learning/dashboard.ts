import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import type { Course, User, UserAchievement } from '../../schema/learning/index.js';
import { defineFunction } from '../define.js';
import { mapLearningErrors, parseParams, uuidParam } from './params.js';

/**
 * A learner's dashboard as one JSON document (doc 004, get_user_dashboard). SECURITY INVOKER: the
 * caller's policies apply, so a learner asking for someone else's id gets nulls and empty lists.
 *
 * The doc put `ORDER BY … LIMIT 5` beside json_agg, which PostgreSQL rejects (or, were it
 * accepted, would limit the one aggregate row, not the enrollments): here the five most recently
 * accessed active enrollments are chosen in a LIMITed subquery and then aggregated in that order
 * (served by enrollments_user_id_last_accessed_at_idx). `user` leaves out encrypted_ssn.
 */
export const getUserDashboardFn = defineFunction('learning.get_user_dashboard(user_id uuid) RETURNS json', { language: 'plpgsql', volatility: 'stable', searchPath: '', grantExecute: ['authenticated', 'service_role'],
  comment: "A learner's dashboard: profile, the five most recently accessed active enrollments, completed courses, study time, achievements.",
  // plpgsql, not sql: PostgreSQL 15 plans a SQL-language function with a SET clause on every call;
  // plpgsql caches the plan (bench/learning.ts measured the difference).
  body: `
#variable_conflict use_column
BEGIN
  RETURN (SELECT json_build_object(
  'user', (SELECT to_jsonb(u) - 'encrypted_ssn' FROM learning.users u WHERE u.id = $1),
  'active_enrollments', coalesce((
    SELECT json_agg(json_build_object('course', row_to_json(r.c), 'progress', r.progress, 'last_accessed', r.last_accessed_at)
                    ORDER BY r.last_accessed_at DESC NULLS LAST, r.enrollment_id)
    FROM (
      SELECT c, e.id AS enrollment_id, e.progress, e.last_accessed_at
      FROM learning.enrollments e
      JOIN learning.courses c ON c.id = e.course_id
      WHERE e.user_id = $1 AND e.status = 'active' AND c.status = 'published'
      ORDER BY e.last_accessed_at DESC NULLS LAST, e.id
      LIMIT 5
    ) r
  ), '[]'::json),
  'completed_courses', (SELECT count(*) FROM learning.course_completions cc WHERE cc.user_id = $1),
  'total_study_time', (SELECT coalesce(sum(lp.total_time_spent), 0) FROM learning.lesson_progress lp WHERE lp.user_id = $1),
  'achievements', coalesce((
    SELECT json_agg(row_to_json(ua) ORDER BY ua.earned_at DESC, ua.id)
    FROM learning.user_achievements ua WHERE ua.user_id = $1
  ), '[]'::json)
));
END`,
});

/**
 * Published courses the user is not enrolled in (and does not teach), best first (doc 004,
 * get_course_recommendations). Score, as in the doc: 0.4 × the user's enrollments in the course's
 * category + 0.3 × rating/5 + 0.2 × log10(enrollments + 1)/10 + a recency term, which the doc made
 * grow with age; here it is 0.1 / (1 + age in 30-day months), so newer courses rank higher. The
 * doc's preferences were grouped by category *and* difficulty but joined on category only, which
 * repeated a course once per difficulty; here they are per category. A user with no enrollments
 * gets the popular, well-rated, recent courses. Ties: newer first, then id.
 */
export const getCourseRecommendationsFn = defineFunction('learning.get_course_recommendations(user_id uuid, "limit" integer DEFAULT 10) RETURNS table (course_id uuid, relevance_score numeric)', { language: 'plpgsql', volatility: 'stable', searchPath: '', grantExecute: ['authenticated', 'service_role'],
  comment: 'Recommended published courses for a user (not enrolled), best first; cold start: popular, well-rated, recent.',
  body: `
#variable_conflict use_column
BEGIN
  RETURN QUERY
WITH history AS (
  SELECT c.category_id, count(*) AS interaction_count
  FROM learning.enrollments e
  JOIN learning.courses c ON c.id = e.course_id
  WHERE e.user_id = $1 AND c.category_id IS NOT NULL
  GROUP BY c.category_id
)
SELECT s.id, s.score
FROM (
  SELECT c.id,
         coalesce(c.published_at, c.created_at) AS released_at,
         round((
           coalesce(h.interaction_count, 0) * 0.4::float8
           + (c.average_rating::float8 / 5) * 0.3
           + (log(c.enrollment_count + 1::float8) / 10) * 0.2
           + 0.1 / (1 + greatest(extract(epoch FROM now() - coalesce(c.published_at, c.created_at))::float8, 0) / (30 * 24 * 60 * 60))
         )::numeric, 6) AS score
  FROM learning.courses c
  LEFT JOIN history h ON h.category_id = c.category_id
  WHERE c.status = 'published'
    AND c.instructor_id IS DISTINCT FROM $1
    AND NOT EXISTS (SELECT 1 FROM learning.enrollments e WHERE e.user_id = $1 AND e.course_id = c.id)
) s
ORDER BY s.score DESC, s.released_at DESC, s.id
LIMIT greatest($2, 0);
END`,
});

export interface DashboardEnrollment {
  course: Record<string, unknown> & Pick<Course, 'id' | 'title'>;
  progress: number;
  last_accessed: string | null;
}
export interface UserDashboard {
  user: (Record<string, unknown> & Pick<User, 'id' | 'email' | 'name'>) | null;
  active_enrollments: DashboardEnrollment[];
  completed_courses: number;
  total_study_time: number;
  achievements: (Record<string, unknown> & Pick<UserAchievement, 'id' | 'title'>)[];
}

const dashboardParams = z.object({ userId: uuidParam }).strict();

/** learning.get_user_dashboard(user_id): the caller's policies apply (use asUser for a learner). */
export async function getUserDashboard(db: Pick<Database, 'execute'>, params: z.input<typeof dashboardParams>): Promise<UserDashboard> {
  const p = parseParams(dashboardParams, params);
  const [row] = await mapLearningErrors(() => queryRows<{ d: UserDashboard | string }>(db, sql`select learning.get_user_dashboard(${p.userId}::uuid) as d`));
  const d = row?.d;
  return (typeof d === 'string' ? JSON.parse(d) : d) as UserDashboard;
}

const recommendationParams = z
  .object({ userId: uuidParam, limit: z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).min(1, { error: 'must be at least 1' }).max(100, { error: 'must be at most 100' }).optional() })
  .strict();

export interface CourseRecommendation {
  courseId: string;
  relevanceScore: number;
}

/** learning.get_course_recommendations(user_id, limit): best first. */
export async function getCourseRecommendations(db: Pick<Database, 'execute'>, params: z.input<typeof recommendationParams>): Promise<CourseRecommendation[]> {
  const p = parseParams(recommendationParams, params);
  const rows = await mapLearningErrors(() =>
    queryRows<{ course_id: string; relevance_score: string | number }>(db, sql`select * from learning.get_course_recommendations(${p.userId}::uuid, ${p.limit ?? 10}::int)`),
  );
  return rows.map((r) => ({ courseId: r.course_id, relevanceScore: Number(r.relevance_score) }));
}

import { learningDefinerSchemas } from './definer.js';
import { defineDefinerFunction, defineSql, type SqlFunction } from '../define.js';

/**
 * RLS helpers of the learning domain. They live in schema `learning_private`, created before the
 * tables (policies call them, and drizzle-kit creates schema `learning` itself) and not exposed
 * by the API (anon and authenticated hold EXECUTE on the helpers but no USAGE on the schema: policies
 * call them, a client cannot): SECURITY DEFINER functions belong outside API-exposed schemas. Each returns the
 * set of ids the caller (auth.uid()) may reach; a policy tests `col IN (SELECT helper())`, which
 * PostgreSQL evaluates once per statement. Reading courses and enrollments with the owner's rights
 * is what keeps policies from recursing into each other's tables.
 */
export const learningPrivateSchema = defineSql({
  key: 'schema learning_private',
  phase: 'pre',
  // No USAGE for anon / authenticated: the policies still call the helpers (a policy stores the
  // function by oid; PostgreSQL checks USAGE on a schema only when a name is looked up, EXECUTE at
  // the call), but an API role cannot call them directly, and the schema is not reachable by the
  // API (lints anon/authenticated_security_definer_function_executable).
  create: [
    'CREATE SCHEMA IF NOT EXISTS learning_private',
    'REVOKE ALL ON SCHEMA learning_private FROM PUBLIC, anon, authenticated',
    'GRANT USAGE ON SCHEMA learning_private TO service_role',
  ],
  drop: ['DROP SCHEMA IF EXISTS learning_private'],
});

const helper = (name: string, comment: string, body: string): SqlFunction =>
  defineDefinerFunction(`learning_private.${name}() RETURNS setof uuid`, { language: 'sql', volatility: 'stable', parallel: 'safe', phase: 'pre', grantExecute: ['anon', 'authenticated', 'service_role'],
    comment,
    body,
  });

export const instructorCourseIds = helper(
  'instructor_course_ids',
  'Ids of the courses the caller (auth.uid()) teaches; for RLS policies.',
  'SELECT c.id FROM learning.courses c WHERE c.instructor_id = (SELECT auth.uid())',
);

export const enrolledCourseIds = helper(
  'enrolled_course_ids',
  'Ids of the courses the caller (auth.uid()) is actively enrolled in; for RLS policies.',
  "SELECT e.course_id FROM learning.enrollments e WHERE e.user_id = (SELECT auth.uid()) AND e.status = 'active'",
);

export const instructorLessonIds = helper(
  'instructor_lesson_ids',
  'Ids of the lessons of the courses the caller teaches; for RLS policies.',
  'SELECT l.id FROM learning.course_lessons l JOIN learning.courses c ON c.id = l.course_id WHERE c.instructor_id = (SELECT auth.uid())',
);

export const instructorQuizIds = helper(
  'instructor_quiz_ids',
  'Ids of the quizzes of the courses the caller teaches; for RLS policies.',
  'SELECT q.id FROM learning.course_quizzes q JOIN learning.courses c ON c.id = q.course_id WHERE c.instructor_id = (SELECT auth.uid())',
);

/**
 * A timed quiz's questions open with the caller's first attempt (learning.start_quiz_attempt): the
 * time limit runs from there, so questions read before it would make the limit meaningless.
 */
export const enrolledQuizIds = helper(
  'enrolled_quiz_ids',
  'Ids of the active quizzes of the courses the caller is actively enrolled in, a timed one once the caller started an attempt at it; for RLS policies.',
  `SELECT q.id FROM learning.course_quizzes q JOIN learning.enrollments e ON e.course_id = q.course_id
WHERE e.user_id = (SELECT auth.uid()) AND e.status = 'active' AND q.is_active
  AND (q.time_limit IS NULL
       OR EXISTS (SELECT 1 FROM learning.quiz_attempts a WHERE a.quiz_id = q.id AND a.user_id = (SELECT auth.uid())))`,
);

export const publishedCourseIds = helper(
  'published_course_ids',
  'Ids of the published courses; for the RLS policies of sections and preview lessons.',
  "SELECT c.id FROM learning.courses c WHERE c.status = 'published'",
);

/** Published courses the caller may enroll in without the service role: free ones and ones they bought (completed, unexpired purchase). */
export const enrollableCourseIds = helper(
  'enrollable_course_ids',
  'Ids of the published courses the caller may enroll in: free ones, and ones with a completed, unexpired purchase of theirs.',
  `SELECT c.id FROM learning.courses c
WHERE c.status = 'published'
  AND (c.is_free OR EXISTS (
    SELECT 1 FROM learning.course_purchases p
    WHERE p.course_id = c.id AND p.user_id = (SELECT auth.uid()) AND p.status = 'completed'
      AND (p.expires_at IS NULL OR p.expires_at > now())))`,
);

/** Policies call these: created in the `pre` migration, before the tables and policies. */
export const learningAccessObjects = [
  learningPrivateSchema,
  learningDefinerSchemas,
  instructorCourseIds,
  enrolledCourseIds,
  instructorLessonIds,
  instructorQuizIds,
  enrolledQuizIds,
  publishedCourseIds,
  enrollableCourseIds,
];

import { type SQL, sql } from 'drizzle-orm';
import { pgPolicy } from 'drizzle-orm/pg-core';
import { authenticatedRole, authUid as uid } from 'drizzle-orm/supabase';
import { CURRENCY_CODES, DEFAULT_CURRENCY } from './constants.js';
import { checkIn, readPolicy } from '../_shared/index.js';

export { authUid } from 'drizzle-orm/supabase';
export { checkIn, timestamps, tstz } from '../_shared/index.js';

/** `(select public.is_admin())`: the unified domain's admin check (JWT app_metadata.role = 'admin'), once per statement. */
export const isAdminSql = sql`(select public.is_admin())`;

// Sets of ids of the caller, from STABLE SECURITY DEFINER helpers in schema learning_private
// (src/functions/learning/access.ts). A policy tests `col IN (select …())`: the set is computed once
// per statement (a hashed subplan), and the helper reads courses/enrollments with its owner's
// rights, so no policy reads a table whose policy reads back (no recursion).

/** `<col> IN` the courses the caller teaches. */
export const inInstructorCourses = (col: unknown): SQL => sql`${col} IN (SELECT learning_private.instructor_course_ids())`;
/** `<col> IN` the courses the caller is actively enrolled in. */
export const inEnrolledCourses = (col: unknown): SQL => sql`${col} IN (SELECT learning_private.enrolled_course_ids())`;
/** `<col> IN` the lessons of the courses the caller teaches. */
export const inInstructorLessons = (col: unknown): SQL => sql`${col} IN (SELECT learning_private.instructor_lesson_ids())`;
/** `<col> IN` the quizzes of the courses the caller teaches. */
export const inInstructorQuizzes = (col: unknown): SQL => sql`${col} IN (SELECT learning_private.instructor_quiz_ids())`;
/** `<col> IN` the published courses (public catalog: sections, preview lessons). */
export const inPublishedCourses = (col: unknown): SQL => sql`${col} IN (SELECT learning_private.published_course_ids())`;

/** `<table>_currency_check`: an ISO 4217 code (the default currency compared first). */
export const currencyCheck = (table: string) => checkIn(table, 'currency', CURRENCY_CODES, [DEFAULT_CURRENCY]);

/**
 * A user's own rows (addresses, preferences, notes, bookmarks): they read, add, edit and delete them;
 * admins read them too (docs/learning.md: admins read everything). One policy per action, own-row and
 * admin folded with OR in the read (docs/conventions.md).
 */
export const ownRowPolicies = (what: string, userId: unknown) => {
  const own = sql`${userId} = ${uid}`;
  return [
    readPolicy(`users read their own ${what} and admins every one`, sql`${own} OR ${isAdminSql}`),
    pgPolicy(`users add their own ${what}`, { for: 'insert', to: authenticatedRole, withCheck: own }),
    pgPolicy(`users edit their own ${what}`, { for: 'update', to: authenticatedRole, using: own, withCheck: own }),
    pgPolicy(`users delete their own ${what}`, { for: 'delete', to: authenticatedRole, using: own }),
  ];
};

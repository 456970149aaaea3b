import { courseCompletions, courseLessons, coursePurchases, courseQuizzes, courses, enrollments, lessonProgress, quizAttempts, quizQuestions, users } from '../../schema/learning/index.js';
import { courseStatistics } from '../../views/learning.js';
import { DEFINER_AUTH_USAGE, DEFINER_ROLE, defineSql, qualifiedTableName, qualifiedTableNames } from '../define.js';

/**
 * The definer role may own the RLS helpers of schema learning_private (PostgreSQL requires CREATE on
 * the schema of a function's new owner). `pre`: those helpers are `pre` functions.
 */
export const learningDefinerSchemas = defineSql({
  key: 'learning definer role schemas',
  phase: 'pre',
  create: [`GRANT USAGE, CREATE ON SCHEMA learning_private TO ${DEFINER_ROLE}`],
  drop: [`REVOKE ALL ON SCHEMA learning_private FROM ${DEFINER_ROLE}`],
});

/**
 * The definer role may own functions and the activity log's partitions in schema learning: PostgreSQL
 * requires CREATE on the schema of a function's new owner, unless the migrating role is a superuser
 * (on Supabase it is not). First of the post objects: the trigger functions handed to the role follow.
 */
export const learningDefinerSchema = defineSql({
  key: 'learning definer role schema learning',
  create: [`GRANT USAGE, CREATE ON SCHEMA learning TO ${DEFINER_ROLE}`],
  drop: [`REVOKE ALL ON SCHEMA learning FROM ${DEFINER_ROLE}`],
});

/**
 * What the learning domain's SECURITY DEFINER functions do, granted to their owner `DEFINER_ROLE` and
 * nothing more (its policy `the definer role acts for the package functions` is beside each table
 * they touch; these grants limit the commands and columns):
 * - the learning_private id-set helpers: read courses, enrollments, lessons, quizzes, purchases;
 * - the triggers: a lesson's course (prepare_lesson_progress), the course stats columns
 *   (enrollment count, rating), the enrollment's progress, completion and last access, the one
 *   course_completions row; they lock the course or enrollment row (FOR UPDATE needs UPDATE rights);
 * - the quiz functions: quizzes, questions (the answer key), attempts: open one, score it;
 * - refresh_course_statistics: REFRESH needs ownership of learning.course_statistics, so the role
 *   owns it and reads what it reads (courses, enrollments, completions, progress, purchases);
 * Re-applied after every drizzle-kit migration: a materialized view drizzle-kit re-creates comes
 * back owned by the migrating role.
 */
export const learningDefinerRights = defineSql({
  key: 'learning definer role rights',
  reapply: true,
  create: [
    DEFINER_AUTH_USAGE,
    `GRANT SELECT ON ${qualifiedTableNames([courses, enrollments, courseLessons, courseQuizzes, coursePurchases, lessonProgress, courseCompletions, quizAttempts, quizQuestions])} TO ${DEFINER_ROLE}`,
    `GRANT UPDATE (enrollment_count, average_rating, review_count) ON ${qualifiedTableName(courses)} TO ${DEFINER_ROLE}`,
    `GRANT UPDATE (progress, completed_at, last_accessed_at, updated_at) ON ${qualifiedTableName(enrollments)} TO ${DEFINER_ROLE}`,
    `GRANT INSERT (user_id, course_id, completed_at, total_time_spent) ON ${qualifiedTableName(courseCompletions)} TO ${DEFINER_ROLE}`,
    `GRANT INSERT (quiz_id, user_id, attempt_number), UPDATE (completed_at, time_taken, score, max_score, percentage, passed, responses) ON ${qualifiedTableName(quizAttempts)} TO ${DEFINER_ROLE}`,
    // a new partition of lesson_activity_events clones the parent's foreign keys
    `GRANT REFERENCES ON ${qualifiedTableNames([users, courseLessons])} TO ${DEFINER_ROLE}`,
    `ALTER MATERIALIZED VIEW ${qualifiedTableName(courseStatistics)} OWNER TO ${DEFINER_ROLE}`,
  ],
  drop: [
    `ALTER MATERIALIZED VIEW ${qualifiedTableName(courseStatistics)} OWNER TO CURRENT_USER`,
    `REVOKE ALL ON ${qualifiedTableNames([courses, enrollments, courseLessons, courseQuizzes, coursePurchases, lessonProgress, courseCompletions, quizAttempts, quizQuestions, users])} FROM ${DEFINER_ROLE}`,
  ],
});

/**
 * The activity log (learning.lesson_activity_events) and its partitions belong to the definer role:
 * `CREATE TABLE … PARTITION OF` requires ownership of the parent, and create_monthly_partition (owned
 * by the definer role) secures each partition it makes (ALTER TABLE needs ownership). No function of
 * the definer role reads or writes the log's rows; clients reach them through the parent's policies.
 * Existing partitions (made by the migrating role) are handed over once.
 */
export const learningActivityLogOwner = defineSql({
  key: 'owner of learning.lesson_activity_events',
  create: [
    `DO $own$
DECLARE
  r record;
BEGIN
  ALTER TABLE learning.lesson_activity_events OWNER TO ${DEFINER_ROLE};
  FOR r IN SELECT i.inhrelid::regclass AS rel FROM pg_catalog.pg_inherits i
            WHERE i.inhparent = 'learning.lesson_activity_events'::regclass ORDER BY 1 LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO %I', r.rel, '${DEFINER_ROLE}');
  END LOOP;
END
$own$`,
  ],
  drop: [
    `DO $own$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT i.inhrelid::regclass AS rel FROM pg_catalog.pg_inherits i
            WHERE i.inhparent = 'learning.lesson_activity_events'::regclass ORDER BY 1 LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO CURRENT_USER', r.rel);
  END LOOP;
  ALTER TABLE learning.lesson_activity_events OWNER TO CURRENT_USER;
END
$own$`,
  ],
});

import { getTableName, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import {
  courseCompletions,
  courseLessons,
  courseQuizzes,
  courses,
  enrollments,
  lessonProgress,
  mediaFiles,
  subscriptionPlans,
  subscriptions,
  userNotes,
  userPreferences,
  users,
} from '../../schema/learning/index.js';
import { DEFINER_ROLE, defineDefinerTriggerFunction, defineFunction, defineTrigger } from '../define.js';
import { touchUpdatedAt } from '../unified/base.js';
import { parseParams, uuidParam } from './params.js';

// Trigger functions that write other tables than the one they fire on (courses' stats, the
// enrollment's progress, completions) are SECURITY DEFINER: the learner who records progress may
// not update courses or enrollments.progress themselves. All pin search_path = ''.

/** updated_at on every learning table that has one (the unified domain's generic BEFORE UPDATE function). */
export const learningTouchTriggers = [users, userPreferences, courses, courseLessons, courseQuizzes, enrollments, lessonProgress, subscriptionPlans, subscriptions, mediaFiles, userNotes].map((table) =>
  defineTrigger({ name: `${getTableName(table)}_touch_updated_at`, table, timing: 'before', events: ['update'], forEach: 'row', function: touchUpdatedAt }),
);

/**
 * BEFORE INSERT OR UPDATE on lesson_progress: copies the lesson's course_id (held to it by the
 * (lesson_id, course_id) foreign key), stamps started_at / completed_at on the status changes and
 * last_accessed_at on every write.
 */
export const prepareLessonProgressFn = defineDefinerTriggerFunction('learning.prepare_lesson_progress()', {
  body: `
BEGIN
  IF TG_OP = 'INSERT' OR NEW.lesson_id IS DISTINCT FROM OLD.lesson_id THEN
    SELECT l.course_id INTO NEW.course_id FROM learning.course_lessons l WHERE l.id = NEW.lesson_id;
  END IF;
  IF NEW.status <> 'not_started' AND NEW.started_at IS NULL THEN
    NEW.started_at := now();
  END IF;
  IF NEW.status = 'completed' AND NEW.completed_at IS NULL THEN
    NEW.completed_at := now();
  ELSIF NEW.status <> 'completed' THEN
    NEW.completed_at := NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.last_accessed_at IS NOT DISTINCT FROM OLD.last_accessed_at THEN
    NEW.last_accessed_at := now();
  END IF;
  RETURN NEW;
END`,
});
export const prepareLessonProgress = defineTrigger({ name: 'trigger_prepare_lesson_progress', table: lessonProgress, timing: 'before', events: ['insert', 'update'], forEach: 'row', function: prepareLessonProgressFn });

/**
 * courses.enrollment_count, by increments, not the doc's recount (two recounts racing would both
 * miss each other's uncommitted row): each writer locks the course rows, then adds to the committed
 * value, so concurrent enrollments all count. The course rows are locked in id order
 * (`ORDER BY … FOR NO KEY UPDATE` locks after sorting): a per-row trigger locked them in the
 * statement's row order, so two bulk enrollments into the same courses in opposite orders deadlocked.
 *
 * AFTER INSERT, UPDATE and DELETE: statement triggers with their transition tables, one signed
 * delta per course. An update counts only the enrollments whose course_id changed (−1 on the old
 * course, +1 on the new); it was a per-row trigger on UPDATE OF course_id (a transition table rules
 * out a column list), which locked each row's two courses in id order but the rows' courses in the
 * statement's row order, so two multi-row moves between the same courses in opposite orders deadlocked.
 */
export const countCourseEnrollmentsFn = defineDefinerTriggerFunction('learning.count_course_enrollments()', {
  body: `
DECLARE
  v_deltas jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_object_agg(d.course_id, d.n) INTO v_deltas FROM (SELECT n.course_id, count(*) AS n FROM new_rows n GROUP BY n.course_id) d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_object_agg(d.course_id, -d.n) INTO v_deltas FROM (SELECT o.course_id, count(*) AS n FROM old_rows o GROUP BY o.course_id) d;
  ELSE
    SELECT jsonb_object_agg(d.course_id, d.n) INTO v_deltas
      FROM (SELECT m.course_id, sum(m.delta) AS n
              FROM (SELECT n.course_id, 1 AS delta FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id WHERE n.course_id IS DISTINCT FROM o.course_id
                    UNION ALL
                    SELECT o.course_id, -1 FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE o.course_id IS DISTINCT FROM n.course_id) m
             GROUP BY m.course_id HAVING sum(m.delta) <> 0) d;
  END IF;
  IF v_deltas IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM learning.courses c WHERE c.id IN (SELECT k::uuid FROM jsonb_object_keys(v_deltas) k) ORDER BY c.id FOR NO KEY UPDATE;
  UPDATE learning.courses c SET enrollment_count = greatest(c.enrollment_count + (v_deltas ->> c.id::text)::integer, 0)
   WHERE c.id IN (SELECT k::uuid FROM jsonb_object_keys(v_deltas) k);
  RETURN NULL;
END`,
});
export const countCourseEnrollmentsOnInsert = defineTrigger({ name: 'enrollments_count_courses_insert', table: enrollments, timing: 'after', events: ['insert'], forEach: 'statement', referencing: { newTable: 'new_rows' }, function: countCourseEnrollmentsFn });
export const countCourseEnrollmentsOnUpdate = defineTrigger({ name: 'enrollments_count_courses_update', table: enrollments, timing: 'after', events: ['update'], forEach: 'statement', referencing: { oldTable: 'old_rows', newTable: 'new_rows' }, function: countCourseEnrollmentsFn });
export const countCourseEnrollmentsOnDelete = defineTrigger({ name: 'enrollments_count_courses_delete', table: enrollments, timing: 'after', events: ['delete'], forEach: 'statement', referencing: { oldTable: 'old_rows' }, function: countCourseEnrollmentsFn });

/** A course's percentage completed, numeric(5, 2), 0 for a course without lessons: one spelling for course_progress and the set-based recounts. */
const progressPercent = (done: string, total: string) => `coalesce(round(100.0 * ${done} / nullif(${total}, 0), 2), 0)::numeric(5, 2)`;

/** The one course_completions row of each enrollment `where` selects (alias e) that is at 100 %: written the first time only. */
const completeAtHundred = (where: string) => `INSERT INTO learning.course_completions (user_id, course_id, completed_at, total_time_spent)
  SELECT e.user_id, e.course_id, now(),
         coalesce((SELECT sum(p.total_time_spent) FROM learning.lesson_progress p WHERE p.user_id = e.user_id AND p.course_id = e.course_id), 0)
    FROM learning.enrollments e
   WHERE ${where} AND e.progress = 100
   ORDER BY e.id
  ON CONFLICT (user_id, course_id) DO NOTHING;`;

/**
 * A learner's progress in a course: the percentage of the course's lessons they completed, 0 for
 * a course without lessons (the doc divided by zero).
 */
export const courseProgressFn = defineFunction('learning.course_progress(user_id uuid, course_id uuid) RETURNS numeric', { language: 'sql', volatility: 'stable', searchPath: '', grantExecute: ['authenticated', 'service_role', DEFINER_ROLE],
  // and the definer role: update_enrollment_progress calls it for deleted progress rows
  comment: "Percent (0–100, 2 decimals) of a course's lessons the user completed; 0 when the course has no lessons.",
  body: `
SELECT ${progressPercent('done.n', 'total.n')}
FROM (SELECT count(*) AS n FROM learning.course_lessons l WHERE l.course_id = $2) total,
     (SELECT count(*) AS n FROM learning.lesson_progress p WHERE p.user_id = $1 AND p.course_id = $2 AND p.status = 'completed') done`,
});

/**
 * The enrollments a lesson_progress statement touched (doc: update_user_last_access and
 * calculate_course_progress, folded into one function): AFTER INSERT, UPDATE and DELETE statement
 * triggers with their transition tables.
 * - DELETE: the progress of the removed rows' enrollments is recomputed (a completed lesson's row
 *   deleted lowers it); completed_at and the completion row stay, as when a lesson is added.
 * - last_accessed_at: the latest last_accessed_at of the statement's rows of each enrollment, never
 *   going back (every written row: prepare_lesson_progress stamps it on each write);
 * - progress: recomputed for the enrollments of inserted rows and of updated rows whose status,
 *   lesson or learner changed (for such an update the row's old learner and course too: the lesson
 *   left that course or learner); the percentage of the course's lessons completed, as
 *   learning.course_progress computes it (0 for a course without lessons); the first time it reaches
 *   100, completed_at is stamped and the one course_completions row written (total_time_spent: the sum
 *   over the learner's progress rows in the course). A learner without an enrollment changes nothing.
 *
 * The enrollments are locked as one set in id order (`ORDER BY … FOR NO KEY UPDATE` locks after
 * sorting), then updated in one statement: the per-row triggers locked them in the statement's row
 * order, so two multi-row writes over the same enrollments in opposite orders (two imports of several
 * learners' progress) deadlocked. FOR NO KEY UPDATE is what the UPDATE takes anyway (see
 * update_course_rating for why not FOR UPDATE); refresh_course_progress locks enrollments in id order
 * too. Two transactions writing one learner's progress in a course still take turns, and the second
 * counts in a later statement, after the first committed (READ COMMITTED takes a new snapshot per
 * statement), so the last writer sees every completed lesson and the progress ends right.
 */
export const updateEnrollmentProgressFn = defineDefinerTriggerFunction('learning.update_enrollment_progress()', {
  body: `
DECLARE
  v_touched uuid[];
  v_recount uuid[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- progress rows removed (by the service, an erasure, a lesson that went away): the percentage only;
    -- completed_at and the completion row stay (the first time counts), last access is history
    PERFORM 1 FROM learning.enrollments e
      WHERE (e.user_id, e.course_id) IN (SELECT o.user_id, o.course_id FROM old_rows o)
      ORDER BY e.id FOR NO KEY UPDATE;
    UPDATE learning.enrollments e
       SET progress = k.progress
      FROM (SELECT r.id, learning.course_progress(r.user_id, r.course_id) AS progress
              FROM learning.enrollments r
             WHERE (r.user_id, r.course_id) IN (SELECT o.user_id, o.course_id FROM old_rows o)) k
     WHERE e.id = k.id AND e.progress IS DISTINCT FROM k.progress;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(e.id), array_agg(e.id) INTO v_touched, v_recount
      FROM learning.enrollments e
     WHERE (e.user_id, e.course_id) IN (SELECT n.user_id, n.course_id FROM new_rows n);
  ELSE
    SELECT array_agg(e.id), array_agg(e.id) FILTER (WHERE k.recount) INTO v_touched, v_recount
      FROM (SELECT r.user_id, r.course_id, bool_or(r.recount) AS recount
              FROM (SELECT n.user_id, n.course_id, (n.user_id, n.lesson_id, n.status) IS DISTINCT FROM (o.user_id, o.lesson_id, o.status) AS recount
                      FROM new_rows n JOIN old_rows o ON o.id = n.id
                    UNION ALL
                    SELECT o.user_id, o.course_id, true
                      FROM old_rows o JOIN new_rows n ON n.id = o.id
                     WHERE (n.user_id, n.lesson_id, n.status) IS DISTINCT FROM (o.user_id, o.lesson_id, o.status)) r
             GROUP BY r.user_id, r.course_id) k
      JOIN learning.enrollments e ON e.user_id = k.user_id AND e.course_id = k.course_id;
  END IF;
  IF v_touched IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM learning.enrollments e WHERE e.id = ANY (v_touched) ORDER BY e.id FOR NO KEY UPDATE;
  UPDATE learning.enrollments e
     SET last_accessed_at = greatest(e.last_accessed_at, k.last_access),
         progress = coalesce(k.progress, e.progress),
         completed_at = CASE WHEN k.progress = 100 THEN coalesce(e.completed_at, now()) ELSE e.completed_at END
    FROM (SELECT t.id, a.last_access,
                 CASE WHEN t.id = ANY (v_recount)
                      THEN ${progressPercent('coalesce(done.n, 0)', 'total.n')} END AS progress
            FROM learning.enrollments t
            LEFT JOIN (SELECT n.user_id, n.course_id, max(n.last_accessed_at) AS last_access FROM new_rows n GROUP BY n.user_id, n.course_id) a
                   ON a.user_id = t.user_id AND a.course_id = t.course_id
            LEFT JOIN (SELECT l.course_id, count(*) AS n FROM learning.course_lessons l
                        WHERE l.course_id IN (SELECT r.course_id FROM learning.enrollments r WHERE r.id = ANY (v_recount))
                        GROUP BY l.course_id) total ON total.course_id = t.course_id
            LEFT JOIN (SELECT p.user_id, p.course_id, count(*) AS n FROM learning.lesson_progress p
                        WHERE (p.user_id, p.course_id) IN (SELECT r.user_id, r.course_id FROM learning.enrollments r WHERE r.id = ANY (v_recount))
                          AND p.status = 'completed'
                        GROUP BY p.user_id, p.course_id) done ON done.user_id = t.user_id AND done.course_id = t.course_id
           WHERE t.id = ANY (v_touched)) k
   WHERE e.id = k.id
     AND (k.progress IS NOT NULL OR e.last_accessed_at IS NULL OR e.last_accessed_at < k.last_access);
  ${completeAtHundred('e.id = ANY (v_recount)')}
  RETURN NULL;
END`,
});
export const updateEnrollmentProgressOnInsert = defineTrigger({ name: 'lesson_progress_update_enrollments_insert', table: lessonProgress, timing: 'after', events: ['insert'], forEach: 'statement', referencing: { newTable: 'new_rows' }, function: updateEnrollmentProgressFn });
export const updateEnrollmentProgressOnUpdate = defineTrigger({ name: 'lesson_progress_update_enrollments_update', table: lessonProgress, timing: 'after', events: ['update'], forEach: 'statement', referencing: { oldTable: 'old_rows', newTable: 'new_rows' }, function: updateEnrollmentProgressFn });
export const updateEnrollmentProgressOnDelete = defineTrigger({ name: 'lesson_progress_update_enrollments_delete', table: lessonProgress, timing: 'after', events: ['delete'], forEach: 'statement', referencing: { oldTable: 'old_rows' }, function: updateEnrollmentProgressFn });

/**
 * AFTER INSERT and AFTER DELETE on course_lessons (one statement trigger each, with its transition
 * table): a lesson added or removed changes the percentage of every learner of the course, also of
 * those who never opened it, so update_enrollment_progress (which fires on lesson_progress only) is
 * not enough: a learner's progress stayed at 75 % after the one lesson they had left was removed.
 * Recomputes the enrollments of the affected courses, locked in id order and FOR NO KEY UPDATE (as
 * update_enrollment_progress locks them: the two never wait for each other in a cycle), in one set-based
 * UPDATE (it was one course_progress call and UPDATE per enrollment), and completes (as
 * update_enrollment_progress does, the first time only) those that reach 100 %.
 */
export const refreshCourseProgressFn = defineDefinerTriggerFunction('learning.refresh_course_progress()', {
  body: `
DECLARE
  v_courses uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.course_id) INTO v_courses FROM new_rows n;
  ELSE
    SELECT array_agg(DISTINCT o.course_id) INTO v_courses FROM old_rows o;
  END IF;
  PERFORM 1 FROM learning.enrollments e WHERE e.course_id = ANY (v_courses) ORDER BY e.id FOR NO KEY UPDATE;
  UPDATE learning.enrollments e
     SET progress = k.progress,
         completed_at = CASE WHEN k.progress = 100 THEN coalesce(e.completed_at, now()) ELSE e.completed_at END
    FROM (SELECT t.id, ${progressPercent('coalesce(done.n, 0)', 'total.n')} AS progress
            FROM learning.enrollments t
            LEFT JOIN (SELECT l.course_id, count(*) AS n FROM learning.course_lessons l
                        WHERE l.course_id = ANY (v_courses) GROUP BY l.course_id) total ON total.course_id = t.course_id
            LEFT JOIN (SELECT p.user_id, p.course_id, count(*) AS n FROM learning.lesson_progress p
                        WHERE p.course_id = ANY (v_courses) AND p.status = 'completed'
                        GROUP BY p.user_id, p.course_id) done ON done.user_id = t.user_id AND done.course_id = t.course_id
           WHERE t.course_id = ANY (v_courses)) k
   WHERE e.id = k.id AND e.progress IS DISTINCT FROM k.progress;
  ${completeAtHundred('e.course_id = ANY (v_courses)')}
  RETURN NULL;
END`,
});
export const refreshCourseProgressOnInsert = defineTrigger({ name: 'course_lessons_refresh_progress_insert', table: courseLessons, timing: 'after', events: ['insert'], forEach: 'statement', referencing: { newTable: 'new_rows' }, function: refreshCourseProgressFn });
export const refreshCourseProgressOnDelete = defineTrigger({ name: 'course_lessons_refresh_progress_delete', table: courseLessons, timing: 'after', events: ['delete'], forEach: 'statement', referencing: { oldTable: 'old_rows' }, function: refreshCourseProgressFn });

/**
 * courses.average_rating (0 without ratings, as the column's default) and review_count (completions
 * with a rating), per statement on course_completions: AFTER INSERT, UPDATE and DELETE statement
 * triggers with their transition tables collect the courses the statement's rows touch (an update
 * only where rating or course_id changed: a transition table rules out UPDATE OF columns), lock them
 * in id order (`ORDER BY … FOR NO KEY UPDATE` locks after sorting, as count_course_enrollments
 * does), then recount them in one UPDATE, a later statement, so concurrent ratings all count. A
 * per-row trigger locked the courses in the statement's row order, so two multi-row writes over the
 * same courses in opposite orders deadlocked. FOR NO KEY UPDATE (what the UPDATE takes anyway), not
 * FOR UPDATE, which also waits for every FOR KEY SHARE a foreign key check holds on the course (a
 * lesson being added), and so deadlocked a learner completing the course (enrollment locked, then
 * the course) against refresh_course_progress (course, then enrollments).
 */
export const updateCourseRatingFn = defineDefinerTriggerFunction('learning.update_course_rating()', {
  body: `
DECLARE
  v_courses uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.course_id) INTO v_courses FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.course_id) INTO v_courses FROM old_rows o;
  ELSE
    SELECT array_agg(DISTINCT v.course_id) INTO v_courses
      FROM new_rows n
      FULL JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.course_id), (o.course_id)) AS v(course_id)
     WHERE v.course_id IS NOT NULL
       AND (n.course_id, n.rating) IS DISTINCT FROM (o.course_id, o.rating);
  END IF;
  IF v_courses IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM learning.courses c WHERE c.id = ANY (v_courses) ORDER BY c.id FOR NO KEY UPDATE;
  UPDATE learning.courses c
     SET average_rating = coalesce(r.avg_rating, 0), review_count = r.n
    FROM (SELECT a.id, round(avg(cc.rating), 2) AS avg_rating, count(cc.rating)::int AS n
            FROM unnest(v_courses) AS a(id)
            LEFT JOIN learning.course_completions cc ON cc.course_id = a.id
           GROUP BY a.id) r
   WHERE c.id = r.id;
  RETURN NULL;
END`,
});
export const updateCourseRatingOnInsert = defineTrigger({ name: 'course_completions_update_course_rating_insert', table: courseCompletions, timing: 'after', events: ['insert'], forEach: 'statement', referencing: { newTable: 'new_rows' }, function: updateCourseRatingFn });
export const updateCourseRatingOnUpdate = defineTrigger({ name: 'course_completions_update_course_rating_update', table: courseCompletions, timing: 'after', events: ['update'], forEach: 'statement', referencing: { oldTable: 'old_rows', newTable: 'new_rows' }, function: updateCourseRatingFn });
export const updateCourseRatingOnDelete = defineTrigger({ name: 'course_completions_update_course_rating_delete', table: courseCompletions, timing: 'after', events: ['delete'], forEach: 'statement', referencing: { oldTable: 'old_rows' }, function: updateCourseRatingFn });

const progressParams = z.object({ userId: uuidParam, courseId: uuidParam }).strict();

/** learning.course_progress(user_id, course_id): percent of the course's lessons the user completed (0 for a course without lessons). */
export async function getCourseProgress(db: Pick<Database, 'execute'>, params: z.input<typeof progressParams>): Promise<number> {
  const p = parseParams(progressParams, params);
  const [row] = await queryRows<{ p: string }>(db, sql`select learning.course_progress(${p.userId}::uuid, ${p.courseId}::uuid)::text as p`);
  return Number(row!.p);
}

export const learningTriggerObjects = [
  ...learningTouchTriggers,
  prepareLessonProgressFn,
  prepareLessonProgress,
  countCourseEnrollmentsFn,
  countCourseEnrollmentsOnInsert,
  countCourseEnrollmentsOnUpdate,
  countCourseEnrollmentsOnDelete,
  courseProgressFn,
  updateEnrollmentProgressFn,
  updateEnrollmentProgressOnInsert,
  updateEnrollmentProgressOnUpdate,
  updateEnrollmentProgressOnDelete,
  refreshCourseProgressFn,
  refreshCourseProgressOnInsert,
  refreshCourseProgressOnDelete,
  updateCourseRatingFn,
  updateCourseRatingOnInsert,
  updateCourseRatingOnUpdate,
  updateCourseRatingOnDelete,
];

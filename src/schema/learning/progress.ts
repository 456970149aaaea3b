import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, numeric, pgPolicy, text, unique, uuid, varchar, boolean } from 'drizzle-orm/pg-core';
import { authenticatedRole } from 'drizzle-orm/supabase';
import { authUid, checkIn, inEnrolledCourses, inInstructorCourses, isAdminSql, timestamps, tstz } from './_shared.js';
import { courses } from './catalog.js';
import { ENROLLMENT_STATUSES, LESSON_PROGRESS_STATUSES } from './constants.js';
import { courseLessons } from './content.js';
import { users } from './people.js';
import { learning } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';
import { readPolicy, rlsTable } from '../_shared/index.js';

/** Who sees a learner's row of a course: the learner, the course instructor, admins. */
const learnerOrTeacher = (userId: unknown, courseId: unknown) => sql`${userId} = ${authUid} OR ${inInstructorCourses(courseId)} OR ${isAdminSql}`;

/**
 * A learner's enrollment in a course. The doc's functions read `status`, `progress`,
 * `last_accessed_at` and `updated_at`, which its own table lacked. `progress` (percent of the
 * course's lessons completed) and `last_accessed_at` are kept by triggers on lesson_progress;
 * `completed_at` is stamped when progress first reaches 100.
 */
export const enrollments = rlsTable(learning, 'enrollments', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  courseId: uuid('course_id').notNull(),
  status: text('status', { enum: ENROLLMENT_STATUSES }).notNull().default('active'),
  progress: numeric('progress', { precision: 5, scale: 2 }).notNull().default('0'),
  enrolledAt: tstz('enrolled_at').notNull().defaultNow(),
  completedAt: tstz('completed_at'),
  lastAccessedAt: tstz('last_accessed_at'),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'enrollments_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  // RESTRICT: a course with learners is archived, not deleted.
  foreignKey({ name: 'enrollments_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('restrict'),
  checkIn('enrollments', 'status', ENROLLMENT_STATUSES),
  check('enrollments_progress_check', sql`progress >= 0 AND progress <= 100`),
  // One enrollment per user and course (doc: unique_user_course_enrollment). It is also the doc's
  // idx_enrollments_user_course (same columns), RLS (user_id = auth.uid()) and the user FK.
  unique('unique_user_course_enrollment').on(t.userId, t.courseId),
  // Learners of a course by status (doc: idx_enrollments_course_status); instructor RLS; the course FK; enrollment_count.
  index('idx_enrollments_course_status').on(t.courseId, t.status),
  // get_user_dashboard: a user's five most recently accessed active enrollments.
  index('enrollments_user_id_last_accessed_at_idx').on(t.userId, t.lastAccessedAt.desc().nullsLast()).where(sql`status = 'active'`),
  readPolicy('enrollments: the learner, the course instructor, admins', learnerOrTeacher(t.userId, t.courseId)),
  // A learner enrolls themselves into a published course that is free or that they bought.
  pgPolicy('learners enroll in free or purchased published courses', {
    for: 'insert',
    to: authenticatedRole,
    withCheck: sql`${t.userId} = ${authUid} AND ${t.courseId} IN (SELECT learning_private.enrollable_course_ids())`,
  }),
  // The column GRANT allows status only; a learner may pause, cancel or resume, nothing else. Only an
  // enrollment the learner could have set themselves: a refunded or expired one (set by the payment
  // side) cannot be resumed, or a refund would keep the course open.
  pgPolicy('learners pause, cancel or resume their own enrollments', {
    for: 'update',
    to: authenticatedRole,
    using: sql`${t.userId} = ${authUid} AND ${t.status} IN ('active', 'paused', 'cancelled')`,
    withCheck: sql`${t.userId} = ${authUid} AND ${t.status} IN ('active', 'paused', 'cancelled')`,
  }),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type Enrollment = typeof enrollments.$inferSelect; export type NewEnrollment = typeof enrollments.$inferInsert;

/**
 * A learner's progress in one lesson. `course_id` is not in the doc: it is copied from the lesson
 * by a BEFORE INSERT trigger (and held to it by the (lesson_id, course_id) foreign key), so the
 * progress recompute, the instructor policy and course_statistics read a course's progress by
 * index instead of joining every lesson. Not partitioned: its unique key (user_id, lesson_id)
 * does not contain created_at (docs/decisions.md); lesson_activity_events is the partitioned log.
 */
export const lessonProgress = rlsTable(learning, 'lesson_progress', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  lessonId: uuid('lesson_id').notNull(),
  courseId: uuid('course_id').notNull(),
  status: text('status', { enum: LESSON_PROGRESS_STATUSES }).notNull().default('not_started'),
  progressPercentage: numeric('progress_percentage', { precision: 5, scale: 2 }).notNull().default('0'),
  /** Seconds. */
  totalTimeSpent: integer('total_time_spent').notNull().default(0),
  /** Seconds into the video. */
  lastPosition: integer('last_position').notNull().default(0),
  startedAt: tstz('started_at'),
  completedAt: tstz('completed_at'),
  lastAccessedAt: tstz('last_accessed_at').notNull().defaultNow(),
  interactionCount: integer('interaction_count').notNull().default(0),
  notesCount: integer('notes_count').notNull().default(0),
  bookmarksCount: integer('bookmarks_count').notNull().default(0),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'lesson_progress_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  foreignKey({ name: 'lesson_progress_lesson_id_fkey', columns: [t.lessonId, t.courseId], foreignColumns: [courseLessons.id, courseLessons.courseId] }).onDelete('cascade'),
  checkIn('lesson_progress', 'status', LESSON_PROGRESS_STATUSES),
  check('lesson_progress_progress_percentage_check', sql`progress_percentage >= 0 AND progress_percentage <= 100`),
  check('lesson_progress_counts_check', sql`total_time_spent >= 0 AND last_position >= 0 AND interaction_count >= 0 AND notes_count >= 0 AND bookmarks_count >= 0`),
  // One row per learner and lesson; also the doc's idx_lesson_progress_user (its prefix) and RLS (user_id = auth.uid()).
  unique('lesson_progress_user_id_lesson_id_key').on(t.userId, t.lessonId),
  // Progress of a lesson across learners (doc: idx_lesson_progress_lesson); FK lookups on delete of a lesson (the FK is (lesson_id, course_id)).
  index('idx_lesson_progress_lesson').on(t.lessonId, t.courseId),
  // A learner's progress by status (doc: idx_lesson_progress_user_status).
  index('idx_lesson_progress_user_status').on(t.userId, t.status),
  // The progress recompute: a learner's completed lessons of one course; also the dashboard's study time per course.
  index('lesson_progress_user_id_course_id_status_idx').on(t.userId, t.courseId, t.status),
  // course_statistics (average progress per course) and the instructor policy (course_id).
  index('lesson_progress_course_id_idx').on(t.courseId),
  readPolicy('progress: the learner, the course instructor, admins', learnerOrTeacher(t.userId, t.courseId)),
  pgPolicy('learners record progress in courses they are enrolled in', {
    for: 'insert',
    to: authenticatedRole,
    withCheck: sql`${t.userId} = ${authUid} AND ${inEnrolledCourses(t.courseId)}`,
  }),
  pgPolicy('learners update their own progress', {
    for: 'update',
    to: authenticatedRole,
    using: sql`${t.userId} = ${authUid}`,
    withCheck: sql`${t.userId} = ${authUid} AND ${inEnrolledCourses(t.courseId)}`,
  }),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type LessonProgress = typeof lessonProgress.$inferSelect; export type NewLessonProgress = typeof lessonProgress.$inferInsert;

/**
 * One row per learner and course, written once by the progress trigger when progress first reaches
 * 100 %. The learner adds a rating and review later (column GRANT UPDATE); triggers keep
 * courses.average_rating and review_count.
 */
export const courseCompletions = rlsTable(learning, 'course_completions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  courseId: uuid('course_id').notNull(),
  completedAt: tstz('completed_at').notNull().defaultNow(),
  completionPercentage: numeric('completion_percentage', { precision: 5, scale: 2 }).notNull().default('100'),
  /** Seconds. */
  totalTimeSpent: integer('total_time_spent').notNull().default(0),
  finalScore: numeric('final_score', { precision: 5, scale: 2 }),
  certificateIssued: boolean('certificate_issued').notNull().default(false),
  certificateUrl: text('certificate_url'),
  rating: integer('rating'),
  review: text('review'),
  wouldRecommend: boolean('would_recommend'),
}, (t) => [
  foreignKey({ name: 'course_completions_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  foreignKey({ name: 'course_completions_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('cascade'),
  check('course_completions_rating_check', sql`rating >= 1 AND rating <= 5`),
  check('course_completions_completion_percentage_check', sql`completion_percentage >= 0 AND completion_percentage <= 100`),
  check('course_completions_review_check', sql`char_length(review) <= 10000`),
  check('course_completions_total_time_spent_check', sql`total_time_spent >= 0`),
  // One completion per learner and course (the trigger's ON CONFLICT target); RLS (user_id).
  unique('course_completions_user_id_course_id_key').on(t.userId, t.courseId),
  // Ratings of a course (average_rating trigger, course_statistics); instructor RLS; the course FK.
  index('course_completions_course_id_idx').on(t.courseId),
  readPolicy('completions: the learner, the course instructor, admins', learnerOrTeacher(t.userId, t.courseId)),
  pgPolicy('learners rate and review their own completions', { for: 'update', to: authenticatedRole, using: sql`${t.userId} = ${authUid}`, withCheck: sql`${t.userId} = ${authUid}` }),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type CourseCompletion = typeof courseCompletions.$inferSelect; export type NewCourseCompletion = typeof courseCompletions.$inferInsert;

/** Badges a learner earned (read by get_user_dashboard; the doc never defines the table). Written by the service role. */
export const userAchievements = rlsTable(learning, 'user_achievements', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  achievementType: varchar('achievement_type', { length: 50 }).notNull(),
  title: varchar('title', { length: 200 }).notNull(),
  description: text('description'),
  courseId: uuid('course_id'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  earnedAt: tstz('earned_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'user_achievements_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  foreignKey({ name: 'user_achievements_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('set null'),
  // get_user_dashboard: a user's achievements, newest first; RLS (user_id).
  index('user_achievements_user_id_earned_at_idx').on(t.userId, t.earnedAt.desc()),
  // The course FK's ON DELETE SET NULL.
  index('user_achievements_course_id_idx').on(t.courseId),
  readPolicy('learners read their own achievements and admins all', sql`${t.userId} = ${authUid} OR ${isAdminSql}`),
]);
export type UserAchievement = typeof userAchievements.$inferSelect; export type NewUserAchievement = typeof userAchievements.$inferInsert;

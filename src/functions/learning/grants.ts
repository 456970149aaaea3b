import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import {
  contentVersions,
  courseCategories,
  courseCompletions,
  courseLessons,
  coursePurchases,
  courseQuizzes,
  courseResources,
  courseSections,
  courses,
  courseTagMappings,
  courseTags,
  enrollments,
  lessonProgress,
  mediaFiles,
  paymentTransactions,
  quizAttempts,
  quizQuestions,
  roles,
  subscriptionPlans,
  subscriptions,
  userAchievements,
  userAddresses,
  userBookmarks,
  userNotes,
  userPreferences,
  userRoles,
  users,
} from '../../schema/learning/index.js';
import { defineSql, qualifiedTableName } from '../define.js';

/** Every drizzle-managed table of the learning domain. */
export const learningTables: readonly PgTable[] = [
  users,
  userAddresses,
  userPreferences,
  roles,
  userRoles,
  courseCategories,
  courseTags,
  courses,
  courseTagMappings,
  courseSections,
  courseLessons,
  courseResources,
  courseQuizzes,
  quizQuestions,
  quizAttempts,
  enrollments,
  lessonProgress,
  courseCompletions,
  userAchievements,
  subscriptionPlans,
  subscriptions,
  coursePurchases,
  paymentTransactions,
  mediaFiles,
  contentVersions,
  userNotes,
  userBookmarks,
];

const q = qualifiedTableName;
const list = (tables: readonly PgTable[]) => tables.map(q).join(', ');
/** The columns of a table, minus some (for column-level grants). */
const columnsExcept = (table: PgTable, ...except: string[]) =>
  getTableConfig(table)
    .columns.map((c) => c.name)
    .filter((n) => !except.includes(n))
    .join(', ');

/** Columns of a users row the owner may write (not id, email, status, verification flags, timestamps). */
export const OWN_USER_COLUMNS = ['name', 'first_name', 'last_name', 'phone', 'date_of_birth', 'gender', 'timezone', 'language', 'bio', 'avatar_url', 'website_url', 'linkedin_url', 'twitter_url'] as const;
/** Columns of a course its instructor may write; the stats columns belong to the triggers, is_featured to admins via the service role. */
export const INSTRUCTOR_COURSE_COLUMNS = [
  'title', 'slug', 'short_description', 'description', 'category_id', 'price', 'original_price', 'currency', 'difficulty', 'language',
  'duration_hours', 'status', 'thumbnail_url', 'preview_video_url', 'meta_title', 'meta_description', 'learning_objectives',
  'requirements', 'target_audience', 'published_at',
] as const;
/** Columns of lesson_progress a learner writes (user_id and lesson_id only on insert; course_id is the trigger's). */
const PROGRESS_COLUMNS = ['status', 'progress_percentage', 'total_time_spent', 'last_position', 'started_at', 'completed_at', 'last_accessed_at', 'interaction_count', 'notes_count', 'bookmarks_count'];

/** Readable by anon (RLS narrows each to the public rows). */
const publicTables = [courseCategories, courseTags, courses, courseTagMappings, courseSections, courseLessons, subscriptionPlans, mediaFiles];
/** Rows the owner (or instructor) fully manages; RLS decides whose. */
const ownedTables = [userAddresses, userPreferences, userNotes, userBookmarks, mediaFiles, courseSections, courseLessons, courseResources, courseQuizzes, quizQuestions];

/**
 * Table privileges. RLS decides which rows; these decide which tables and columns:
 * learners never write stats, scores, progress totals, payments or correct answers
 * (quiz_questions.correct_answer is not even readable: submit_quiz_attempt scores with owner rights).
 */
export const learningTableGrants = defineSql({
  key: 'grants on learning tables',
  reapply: true,
  create: [
    'GRANT USAGE ON SCHEMA learning TO anon, authenticated, service_role',
    `REVOKE ALL ON ${list(learningTables)} FROM PUBLIC, anon, authenticated`,
    `GRANT ALL ON ${list(learningTables)} TO service_role`,
    `GRANT SELECT ON ${list(publicTables)} TO anon`,
    `GRANT SELECT ON ${list(learningTables.filter((t) => t !== quizQuestions))} TO authenticated`,
    `GRANT SELECT (${columnsExcept(quizQuestions, 'correct_answer')}) ON ${q(quizQuestions)} TO authenticated`,
    `GRANT INSERT, UPDATE, DELETE ON ${list(ownedTables)} TO authenticated`,
    `GRANT INSERT (id, email, ${OWN_USER_COLUMNS.join(', ')}), UPDATE (${OWN_USER_COLUMNS.join(', ')}) ON ${q(users)} TO authenticated`,
    `GRANT INSERT (instructor_id, ${INSTRUCTOR_COURSE_COLUMNS.join(', ')}), UPDATE (${INSTRUCTOR_COURSE_COLUMNS.join(', ')}), DELETE ON ${q(courses)} TO authenticated`,
    `GRANT INSERT, DELETE ON ${q(courseTagMappings)} TO authenticated`,
    `GRANT INSERT (user_id, course_id), UPDATE (status) ON ${q(enrollments)} TO authenticated`,
    `GRANT INSERT (user_id, lesson_id, ${PROGRESS_COLUMNS.join(', ')}), UPDATE (${PROGRESS_COLUMNS.join(', ')}) ON ${q(lessonProgress)} TO authenticated`,
    `GRANT UPDATE (rating, review, would_recommend) ON ${q(courseCompletions)} TO authenticated`,
    `GRANT UPDATE (cancel_at_period_end) ON ${q(subscriptions)} TO authenticated`,
    `GRANT INSERT (user_id, course_id, amount, currency, purchase_type, payment_method) ON ${q(coursePurchases)} TO authenticated`,
    `GRANT INSERT ON ${q(contentVersions)} TO authenticated`,
  ],
  drop: [`REVOKE ALL ON ${list(learningTables)} FROM anon, authenticated, service_role`],
});

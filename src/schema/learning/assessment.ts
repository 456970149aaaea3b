import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, numeric, pgPolicy, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { authenticatedRole } from 'drizzle-orm/supabase';
import { authUid, checkIn, inEnrolledCourses, inInstructorCourses, inInstructorQuizzes, isAdminSql, timestamps, tstz } from './_shared.js';
import { courses } from './catalog.js';
import { QUESTION_TYPES } from './constants.js';
import { courseLessons } from './content.js';
import { users } from './people.js';
import { learning } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';
import { checkJsonSize, checkLength, readPolicy, rlsTable, TEXT_LIMITS } from '../_shared/index.js';

/** Quizzes of a course (optionally of one lesson). Learners take them through learning.submit_quiz_attempt. */
export const courseQuizzes = rlsTable(learning, 'course_quizzes', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id').notNull(),
  lessonId: uuid('lesson_id'),
  title: varchar('title', { length: 200 }).notNull(),
  description: text('description'),
  instructions: text('instructions'),
  /** Minutes; NULL = no limit. */
  timeLimit: integer('time_limit'),
  /** NULL = unlimited. */
  attemptsAllowed: integer('attempts_allowed').default(1),
  passingScore: numeric('passing_score', { precision: 5, scale: 2 }).notNull().default('70.00'),
  randomizeQuestions: boolean('randomize_questions').notNull().default(false),
  showCorrectAnswers: boolean('show_correct_answers').notNull().default(true),
  isRequired: boolean('is_required').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'course_quizzes_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('cascade'),
  foreignKey({ name: 'course_quizzes_lesson_id_fkey', columns: [t.lessonId, t.courseId], foreignColumns: [courseLessons.id, courseLessons.courseId] }).onDelete('cascade'),
  check('course_quizzes_time_limit_check', sql`time_limit > 0`),
  check('course_quizzes_attempts_allowed_check', sql`attempts_allowed > 0`),
  check('course_quizzes_passing_score_check', sql`passing_score >= 0 AND passing_score <= 100`),
  checkLength('course_quizzes', 'description', TEXT_LIMITS.content),
  checkLength('course_quizzes', 'instructions', TEXT_LIMITS.content),
  // A course's quizzes; RLS (course_id); the course FK.
  index('course_quizzes_course_id_idx').on(t.courseId),
  // A lesson's quizzes; FK lookups on delete of a lesson (the FK is (course_id, lesson_id)).
  index('course_quizzes_lesson_id_course_id_idx').on(t.lessonId, t.courseId),
  readPolicy('learners, instructors and admins read quizzes', sql`${inEnrolledCourses(t.courseId)} OR ${inInstructorCourses(t.courseId)} OR ${isAdminSql}`),
  pgPolicy('instructors add quizzes to their own courses', { for: 'insert', to: authenticatedRole, withCheck: sql`${inInstructorCourses(t.courseId)} OR ${isAdminSql}` }),
  pgPolicy('instructors edit quizzes of their own courses', {
    for: 'update',
    to: authenticatedRole,
    using: sql`${inInstructorCourses(t.courseId)} OR ${isAdminSql}`,
    withCheck: sql`${inInstructorCourses(t.courseId)} OR ${isAdminSql}`,
  }),
  pgPolicy('instructors delete quizzes of their own courses', { for: 'delete', to: authenticatedRole, using: sql`${inInstructorCourses(t.courseId)} OR ${isAdminSql}` }),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type CourseQuiz = typeof courseQuizzes.$inferSelect; export type NewCourseQuiz = typeof courseQuizzes.$inferInsert;

/**
 * Questions. `correct_answer` is not granted to `authenticated` for reading (column privileges,
 * src/functions/learning/grants.ts): learners would read the answers; learning.submit_quiz_attempt
 * scores against it with its owner's rights.
 */
export const quizQuestions = rlsTable(learning, 'quiz_questions', {
  id: uuid('id').primaryKey().defaultRandom(),
  quizId: uuid('quiz_id').notNull(),
  questionText: text('question_text').notNull(),
  questionType: text('question_type', { enum: QUESTION_TYPES }).notNull(),
  explanation: text('explanation'),
  points: numeric('points', { precision: 5, scale: 2 }).notNull().default('1.00'),
  orderIndex: integer('order_index').notNull(),
  options: jsonb('options'),
  correctAnswer: jsonb('correct_answer'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'quiz_questions_quiz_id_fkey', columns: [t.quizId], foreignColumns: [courseQuizzes.id] }).onDelete('cascade'),
  checkIn('quiz_questions', 'question_type', QUESTION_TYPES),
  check('quiz_questions_points_check', sql`points >= 0`),
  // Auto-scored questions need an answer key.
  check('quiz_questions_correct_answer_check', sql`question_type = 'essay' OR correct_answer IS NOT NULL`),
  checkLength('quiz_questions', 'question_text', TEXT_LIMITS.content),
  checkLength('quiz_questions', 'explanation', TEXT_LIMITS.content),
  checkJsonSize('quiz_questions', 'options', TEXT_LIMITS.jsonBytes),
  checkJsonSize('quiz_questions', 'correct_answer', TEXT_LIMITS.jsonBytes),
  // A quiz's questions in order; RLS (quiz_id); the FK.
  unique('quiz_questions_quiz_id_order_index_key').on(t.quizId, t.orderIndex),
  readPolicy('learners, instructors and admins read quiz questions', sql`${t.quizId} IN (SELECT learning_private.enrolled_quiz_ids()) OR ${inInstructorQuizzes(t.quizId)} OR ${isAdminSql}`),
  pgPolicy('instructors add questions to their own quizzes', { for: 'insert', to: authenticatedRole, withCheck: sql`${inInstructorQuizzes(t.quizId)} OR ${isAdminSql}` }),
  pgPolicy('instructors edit questions of their own quizzes', {
    for: 'update',
    to: authenticatedRole,
    using: sql`${inInstructorQuizzes(t.quizId)} OR ${isAdminSql}`,
    withCheck: sql`${inInstructorQuizzes(t.quizId)} OR ${isAdminSql}`,
  }),
  pgPolicy('instructors delete questions of their own quizzes', { for: 'delete', to: authenticatedRole, using: sql`${inInstructorQuizzes(t.quizId)} OR ${isAdminSql}` }),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type QuizQuestion = typeof quizQuestions.$inferSelect; export type NewQuizQuestion = typeof quizQuestions.$inferInsert;

/**
 * Attempts, written only by learning.start_quiz_attempt / submit_quiz_attempt (a learner must not
 * write their own score). `valid_quiz_score` is NULL-safe: an open attempt has no score, and a
 * score without a max_score is still bounded below (the doc's check let any score pass when
 * max_score was NULL).
 */
export const quizAttempts = rlsTable(learning, 'quiz_attempts', {
  id: uuid('id').primaryKey().defaultRandom(),
  quizId: uuid('quiz_id').notNull(),
  userId: uuid('user_id').notNull(),
  attemptNumber: integer('attempt_number').notNull(),
  startedAt: tstz('started_at').notNull().defaultNow(),
  completedAt: tstz('completed_at'),
  /** Seconds. */
  timeTaken: integer('time_taken'),
  /**
   * Sums of the questions' points (each up to 999.99, numeric(5,2)): numeric(10,2), not the document's
   * DECIMAL(5,2), which refused the submission of any quiz worth 1,000 points or more.
   */
  score: numeric('score', { precision: 10, scale: 2 }),
  maxScore: numeric('max_score', { precision: 10, scale: 2 }),
  percentage: numeric('percentage', { precision: 5, scale: 2 }),
  passed: boolean('passed').notNull().default(false),
  responses: jsonb('responses').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
}, (t) => [
  foreignKey({ name: 'quiz_attempts_quiz_id_fkey', columns: [t.quizId], foreignColumns: [courseQuizzes.id] }).onDelete('cascade'),
  foreignKey({ name: 'quiz_attempts_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  check(
    'valid_quiz_score',
    sql`(score IS NULL OR (score >= 0 AND (max_score IS NULL OR score <= max_score))) AND (max_score IS NULL OR max_score >= 0)`,
  ),
  check('quiz_attempts_percentage_check', sql`percentage >= 0 AND percentage <= 100`),
  check('quiz_attempts_attempt_number_check', sql`attempt_number > 0`),
  check('quiz_attempts_completed_at_check', sql`completed_at IS NULL OR completed_at >= started_at`),
  check('quiz_attempts_time_taken_check', sql`time_taken >= 0`),
  // what submit_quiz_attempt stores of the learner's answers (its wrapper refuses more, naming responses),
  checkJsonSize('quiz_attempts', 'responses', TEXT_LIMITS.jsonBytes),
  // A learner's attempts at a quiz (attempt counting in submit_quiz_attempt); one row per attempt number.
  unique('quiz_attempts_quiz_id_user_id_attempt_number_key').on(t.quizId, t.userId, t.attemptNumber),
  // A learner's attempts (RLS: user_id = auth.uid()); the user FK.
  index('quiz_attempts_user_id_idx').on(t.userId),
  readPolicy('quiz attempts: the learner, the quiz instructor, admins', sql`${t.userId} = ${authUid} OR ${inInstructorQuizzes(t.quizId)} OR ${isAdminSql}`),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type QuizAttempt = typeof quizAttempts.$inferSelect; export type NewQuizAttempt = typeof quizAttempts.$inferInsert;

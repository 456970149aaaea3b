import { sql } from 'drizzle-orm';
import { bigint, boolean, check, foreignKey, index, integer, jsonb, pgPolicy, text, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { anonRole, authenticatedRole } from 'drizzle-orm/supabase';
import { checkIn, inEnrolledCourses, inInstructorCourses, inPublishedCourses, isAdminSql, timestamps, tstz } from './_shared.js';
import { courses } from './catalog.js';
import { LESSON_CONTENT_TYPES, SLUG_PATTERN, sqlLiteral } from './constants.js';
import { learning } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';
import { checkJsonSize, checkLength, readPolicy, rlsTable, TEXT_LIMITS } from '../_shared/index.js';

/** Who manages a course's content: its instructor and admins. */
const manages = (courseId: unknown) => sql`${inInstructorCourses(courseId)} OR ${isAdminSql}`;

/** Modules/chapters of a course. Visible with the published course (the syllabus is public). */
export const courseSections = rlsTable(learning, 'course_sections', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id').notNull(),
  title: varchar('title', { length: 200 }).notNull(),
  description: text('description'),
  orderIndex: integer('order_index').notNull(),
  isPreview: boolean('is_preview').notNull().default(false),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'course_sections_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('cascade'),
  check('course_sections_order_index_check', sql`order_index >= 0`),
  checkLength('course_sections', 'description', TEXT_LIMITS.content),
  // A course's syllabus in order; also RLS (course_id) and the FK's ON DELETE CASCADE.
  unique('course_sections_course_id_order_index_key').on(t.courseId, t.orderIndex),
  // Target of course_lessons' (course_id, section_id) foreign key: a lesson's section is of the lesson's course.
  unique('course_sections_id_course_id_key').on(t.id, t.courseId),
  pgPolicy('everyone reads the sections of published courses', { for: 'select', to: anonRole, using: inPublishedCourses(t.courseId) }),
  readPolicy('sections of published, enrolled or own courses', sql`${inPublishedCourses(t.courseId)} OR ${inEnrolledCourses(t.courseId)} OR ${manages(t.courseId)}`),
  pgPolicy('instructors add sections to their own courses', { for: 'insert', to: authenticatedRole, withCheck: manages(t.courseId) }),
  pgPolicy('instructors edit sections of their own courses', { for: 'update', to: authenticatedRole, using: manages(t.courseId), withCheck: manages(t.courseId) }),
  pgPolicy('instructors delete sections of their own courses', { for: 'delete', to: authenticatedRole, using: manages(t.courseId) }),
]);
export type CourseSection = typeof courseSections.$inferSelect; export type NewCourseSection = typeof courseSections.$inferInsert;

/** The full-text search document of a lesson (idx_lessons_search); the doc's version is NULL without content. */
export const lessonSearchVector = (l: { title: unknown; content: unknown }) => sql`to_tsvector('english'::regconfig, ${l.title} || ' ' || coalesce(${l.content}, ''))`;

/**
 * A lesson. `order_index` orders lessons within their section (the doc's UNIQUE (section_id,
 * order_index)); its later `unique_lesson_order UNIQUE (course_id, order_index)` contradicts that
 * (two sections could not both start at 1) and is not created (docs/decisions.md).
 */
export const courseLessons = rlsTable(learning, 'course_lessons', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id').notNull(),
  sectionId: uuid('section_id'),
  title: varchar('title', { length: 200 }).notNull(),
  slug: varchar('slug', { length: 200 }).notNull(),
  content: text('content'),
  contentType: text('content_type', { enum: LESSON_CONTENT_TYPES }).notNull().default('video'),
  videoUrl: text('video_url'),
  /** Seconds. */
  videoDuration: integer('video_duration'),
  videoQuality: jsonb('video_quality'),
  /** Minutes. */
  readingTime: integer('reading_time'),
  orderIndex: integer('order_index').notNull(),
  isPreview: boolean('is_preview').notNull().default(false),
  isDownloadable: boolean('is_downloadable').notNull().default(false),
  attachments: jsonb('attachments').notNull().default(sql`'[]'::jsonb`),
  externalLinks: jsonb('external_links').notNull().default(sql`'[]'::jsonb`),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'course_lessons_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('cascade'),
  // (course_id, section_id): the leading columns of idx_lessons_course_section_order, in that order (the
  // index serves the key's ON DELETE CASCADE; Supabase's linter compares the order too)
  foreignKey({ name: 'course_lessons_section_id_fkey', columns: [t.courseId, t.sectionId], foreignColumns: [courseSections.courseId, courseSections.id] }).onDelete('cascade'),
  checkIn('course_lessons', 'content_type', LESSON_CONTENT_TYPES),
  check('course_lessons_slug_check', sql.raw(`slug ~ ${sqlLiteral(SLUG_PATTERN)}`)),
  check('course_lessons_durations_check', sql`video_duration >= 0 AND reading_time >= 0`),
  check('course_lessons_order_index_check', sql`order_index >= 0`),
  checkLength('course_lessons', 'content', TEXT_LIMITS.document),
  checkLength('course_lessons', 'video_url', TEXT_LIMITS.url),
  checkJsonSize('course_lessons', 'video_quality', TEXT_LIMITS.jsonBytes),
  checkJsonSize('course_lessons', 'attachments', TEXT_LIMITS.jsonBytes),
  checkJsonSize('course_lessons', 'external_links', TEXT_LIMITS.jsonBytes),
  // Lesson pages resolve a lesson by course and slug.
  unique('course_lessons_course_id_slug_key').on(t.courseId, t.slug),
  unique('course_lessons_section_id_order_index_key').on(t.sectionId, t.orderIndex),
  // Target of the (lesson_id, course_id) foreign keys of quizzes and resources.
  unique('course_lessons_id_course_id_key').on(t.id, t.courseId),
  // A course's lessons in syllabus order; progress recompute counts a course's lessons; RLS (course_id); the course FK (doc: idx_lessons_course_section_order).
  index('idx_lessons_course_section_order').on(t.courseId, t.sectionId, t.orderIndex),
  // The section FK's ON DELETE CASCADE.
  index('course_lessons_section_id_idx').on(t.sectionId),
  // Full-text search in lessons (doc: idx_lessons_search).
  index('idx_lessons_search').using('gin', lessonSearchVector(t)),
  pgPolicy('everyone reads the preview lessons of published courses', { for: 'select', to: anonRole, using: sql`${t.isPreview} AND ${inPublishedCourses(t.courseId)}` }),
  readPolicy('lessons: enrolled learners, previews, instructors, admins', sql`(${t.isPreview} AND ${inPublishedCourses(t.courseId)}) OR ${inEnrolledCourses(t.courseId)} OR ${manages(t.courseId)}`),
  pgPolicy('instructors add lessons to their own courses', { for: 'insert', to: authenticatedRole, withCheck: manages(t.courseId) }),
  pgPolicy('instructors edit lessons of their own courses', { for: 'update', to: authenticatedRole, using: manages(t.courseId), withCheck: manages(t.courseId) }),
  pgPolicy('instructors delete lessons of their own courses', { for: 'delete', to: authenticatedRole, using: manages(t.courseId) }),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type CourseLesson = typeof courseLessons.$inferSelect; export type NewCourseLesson = typeof courseLessons.$inferInsert;

/** Downloadable materials of a course or one of its lessons: for enrolled learners, the instructor and admins. */
export const courseResources = rlsTable(learning, 'course_resources', {
  id: uuid('id').primaryKey().defaultRandom(),
  courseId: uuid('course_id').notNull(),
  lessonId: uuid('lesson_id'),
  title: varchar('title', { length: 200 }).notNull(),
  description: text('description'),
  fileUrl: text('file_url').notNull(),
  fileType: varchar('file_type', { length: 50 }),
  fileSize: bigint('file_size', { mode: 'number' }),
  downloadCount: integer('download_count').notNull().default(0),
  isDownloadable: boolean('is_downloadable').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'course_resources_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('cascade'),
  foreignKey({ name: 'course_resources_lesson_id_fkey', columns: [t.lessonId, t.courseId], foreignColumns: [courseLessons.id, courseLessons.courseId] }).onDelete('cascade'),
  check('course_resources_counts_check', sql`file_size >= 0 AND download_count >= 0`),
  checkLength('course_resources', 'description', TEXT_LIMITS.content),
  checkLength('course_resources', 'file_url', TEXT_LIMITS.url),
  // A course's materials; RLS (course_id); the course FK.
  index('course_resources_course_id_idx').on(t.courseId),
  // A lesson's materials; FK lookups on delete of a lesson (the FK is (course_id, lesson_id)).
  index('course_resources_lesson_id_course_id_idx').on(t.lessonId, t.courseId),
  readPolicy('learners, instructors and admins read course resources', sql`${inEnrolledCourses(t.courseId)} OR ${manages(t.courseId)}`),
  pgPolicy('instructors add resources to their own courses', { for: 'insert', to: authenticatedRole, withCheck: manages(t.courseId) }),
  pgPolicy('instructors edit resources of their own courses', { for: 'update', to: authenticatedRole, using: manages(t.courseId), withCheck: manages(t.courseId) }),
  pgPolicy('instructors delete resources of their own courses', { for: 'delete', to: authenticatedRole, using: manages(t.courseId) }),
]);
export type CourseResource = typeof courseResources.$inferSelect; export type NewCourseResource = typeof courseResources.$inferInsert;

import { sql } from 'drizzle-orm';
import { anonRole, authenticatedRole } from 'drizzle-orm/supabase';
import { boolean, check, foreignKey, index, integer, jsonb, numeric, pgPolicy, primaryKey, text, type PgTableExtraConfigValue, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { authUid, checkIn, currencyCheck, inInstructorCourses, isAdminSql, timestamps, tstz } from './_shared.js';
import { COURSE_DIFFICULTIES, COURSE_STATUSES, DEFAULT_CURRENCY, HEX_COLOR_PATTERN, LANGUAGE_PATTERN, SLUG_PATTERN, sqlLiteral } from './constants.js';
import { users } from './people.js';
import { learning } from './schema.js';
import { definerPolicy } from '../_shared/definer.js';
import { checkJsonSize, checkLength, readPolicy, rlsTable, TEXT_LIMITS } from '../_shared/index.js';

/** Category tree of the catalog (doc 004, "Categories and taxonomy"). Public. */
export const courseCategories = rlsTable(learning, 'course_categories', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 100 }).notNull(),
  slug: varchar('slug', { length: 100 }).notNull(),
  description: text('description'),
  parentId: uuid('parent_id'),
  iconUrl: text('icon_url'),
  color: varchar('color', { length: 7 }),
  sortOrder: integer('sort_order').notNull().default(0),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t): PgTableExtraConfigValue[] => [
  // A deleted parent leaves its children at the top level.
  foreignKey({ name: 'course_categories_parent_id_fkey', columns: [t.parentId], foreignColumns: [t.id] }).onDelete('set null'),
  check('course_categories_slug_check', sql.raw(`slug ~ ${sqlLiteral(SLUG_PATTERN)}`)),
  check('course_categories_color_check', sql.raw(`color ~ ${sqlLiteral(HEX_COLOR_PATTERN)}`)),
  check('course_categories_parent_id_check', sql`parent_id IS DISTINCT FROM id`),
  // One category per name (the doc's UNIQUE name); a category picked by name in admin screens.
  uniqueIndex('course_categories_name_key').on(t.name),
  // Category pages resolve a category by slug.
  uniqueIndex('course_categories_slug_key').on(t.slug),
  // Children of a category (tree navigation); also the FK's ON DELETE SET NULL.
  index('course_categories_parent_id_idx').on(t.parentId),
  pgPolicy('everyone reads active categories', { for: 'select', to: anonRole, using: sql`${t.isActive}` }),
  readPolicy('signed-in users read active categories and admins every one', sql`${t.isActive} OR ${isAdminSql}`),
]);
export type CourseCategory = typeof courseCategories.$inferSelect; export type NewCourseCategory = typeof courseCategories.$inferInsert;

export const courseTags = rlsTable(learning, 'course_tags', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: varchar('name', { length: 50 }).notNull(),
  slug: varchar('slug', { length: 50 }).notNull(),
  usageCount: integer('usage_count').notNull().default(0),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  check('course_tags_slug_check', sql.raw(`slug ~ ${sqlLiteral(SLUG_PATTERN)}`)),
  check('course_tags_usage_count_check', sql`usage_count >= 0`),
  // One tag per name (the doc's UNIQUE name); a tag looked up by name when courses are tagged.
  uniqueIndex('course_tags_name_key').on(t.name),
  // Tag pages resolve a tag by slug.
  uniqueIndex('course_tags_slug_key').on(t.slug),
  pgPolicy('everyone reads tags', { for: 'select', to: [anonRole, authenticatedRole], using: sql`true` }),
]);
export type CourseTag = typeof courseTags.$inferSelect; export type NewCourseTag = typeof courseTags.$inferInsert;

/**
 * The full-text search document of a course; the GIN index idx_courses_search and searchCourses
 * both build it here (the planner uses an expression index only for the identical expression).
 * The doc's `title || ' ' || description` is NULL for every course without a description.
 */
export const courseSearchVector = (c: { title: unknown; shortDescription: unknown; description: unknown }) =>
  sql`to_tsvector('english'::regconfig, ${c.title} || ' ' || coalesce(${c.shortDescription}, '') || ' ' || coalesce(${c.description}, ''))`;

/**
 * A course (doc 004, "Enhanced courses table"). `is_free` is generated from `price`, so the doc's
 * `course_price_consistency` (free ⇔ price 0) holds by construction and both a free course
 * (price defaults to 0) and a paid one insert with defaults. The stats columns are kept by triggers.
 */
export const courses = rlsTable(learning, 'courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: varchar('title', { length: 200 }).notNull(),
  slug: varchar('slug', { length: 200 }).notNull(),
  shortDescription: text('short_description'),
  description: text('description'),
  instructorId: uuid('instructor_id').notNull(),
  categoryId: uuid('category_id'),
  // Pricing
  price: numeric('price', { precision: 10, scale: 2 }).notNull().default('0'),
  originalPrice: numeric('original_price', { precision: 10, scale: 2 }),
  currency: varchar('currency', { length: 3 }).notNull().default(DEFAULT_CURRENCY),
  // Metadata
  difficulty: text('difficulty', { enum: COURSE_DIFFICULTIES }).notNull().default('beginner'),
  language: varchar('language', { length: 10 }).notNull().default('en'),
  durationHours: numeric('duration_hours', { precision: 4, scale: 1 }),
  // Status and visibility
  status: text('status', { enum: COURSE_STATUSES }).notNull().default('draft'),
  isFeatured: boolean('is_featured').notNull().default(false),
  isFree: boolean('is_free').generatedAlwaysAs(sql`price = 0`),
  // Media
  thumbnailUrl: text('thumbnail_url'),
  previewVideoUrl: text('preview_video_url'),
  // SEO
  metaTitle: varchar('meta_title', { length: 200 }),
  metaDescription: text('meta_description'),
  // Learning objectives
  learningObjectives: jsonb('learning_objectives').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  requirements: jsonb('requirements').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  targetAudience: jsonb('target_audience').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  // Stats (denormalized; kept by triggers, see src/functions/learning/triggers.ts)
  enrollmentCount: integer('enrollment_count').notNull().default(0),
  averageRating: numeric('average_rating', { precision: 3, scale: 2 }).notNull().default('0'),
  reviewCount: integer('review_count').notNull().default(0),
  completionRate: numeric('completion_rate', { precision: 5, scale: 2 }).notNull().default('0'),
  publishedAt: tstz('published_at'),
  ...timestamps(),
}, (t) => [
  // RESTRICT: an instructor with courses is not deleted silently; reassign or archive first.
  foreignKey({ name: 'courses_instructor_id_fkey', columns: [t.instructorId], foreignColumns: [users.id] }).onDelete('restrict'),
  foreignKey({ name: 'courses_category_id_fkey', columns: [t.categoryId], foreignColumns: [courseCategories.id] }).onDelete('set null'),
  check('valid_price', sql`price >= 0`),
  check('courses_original_price_check', sql`original_price IS NULL OR original_price >= price`),
  check('valid_rating', sql`average_rating >= 0 AND average_rating <= 5`),
  check('courses_counts_check', sql`enrollment_count >= 0 AND review_count >= 0`),
  check('courses_completion_rate_check', sql`completion_rate >= 0 AND completion_rate <= 100`),
  check('courses_duration_hours_check', sql`duration_hours > 0`),
  check('courses_slug_check', sql.raw(`slug ~ ${sqlLiteral(SLUG_PATTERN)}`)),
  check('courses_language_check', sql.raw(`language ~ ${sqlLiteral(LANGUAGE_PATTERN)}`)),
  currencyCheck('courses'),
  checkIn('courses', 'status', COURSE_STATUSES),
  checkIn('courses', 'difficulty', COURSE_DIFFICULTIES),
  checkLength('courses', 'short_description', TEXT_LIMITS.content),
  checkLength('courses', 'description', TEXT_LIMITS.content),
  checkLength('courses', 'thumbnail_url', TEXT_LIMITS.url),
  checkLength('courses', 'preview_video_url', TEXT_LIMITS.url),
  checkLength('courses', 'meta_description', TEXT_LIMITS.label),
  checkJsonSize('courses', 'learning_objectives', TEXT_LIMITS.jsonBytes),
  checkJsonSize('courses', 'requirements', TEXT_LIMITS.jsonBytes),
  checkJsonSize('courses', 'target_audience', TEXT_LIMITS.jsonBytes),
  // Course pages resolve a course by slug.
  uniqueIndex('courses_slug_key').on(t.slug),
  // The catalog: published courses, newest first (doc: idx_courses_status_published).
  index('idx_courses_status_published').on(t.status, t.publishedAt).where(sql`status = 'published'`),
  // Browse by category and difficulty (doc: idx_courses_category_difficulty); also the category FK.
  index('idx_courses_category_difficulty').on(t.categoryId, t.difficulty),
  // "My courses" of an instructor, RLS (instructor_id = auth.uid()) and the instructor FK (doc: idx_courses_instructor).
  index('idx_courses_instructor').on(t.instructorId),
  // The featured shelf (doc: idx_courses_featured).
  index('idx_courses_featured').on(t.isFeatured).where(sql`is_featured = true`),
  // Price filters and sorting (doc: idx_courses_price).
  index('idx_courses_price').on(t.price),
  // Category pages sorted by price or rating (doc: idx_courses_category_price_rating).
  index('idx_courses_category_price_rating').on(t.categoryId, t.price, t.averageRating),
  // Full-text search on title and descriptions (doc: idx_courses_search; searchCourses).
  index('idx_courses_search').using('gin', courseSearchVector(t)),
  pgPolicy('everyone reads published courses', { for: 'select', to: anonRole, using: sql`${t.status} = 'published'` }),
  readPolicy('courses: published to users, own to instructors, all to admins', sql`${t.status} = 'published' OR ${t.instructorId} = ${authUid} OR ${isAdminSql}`),
  pgPolicy('instructors create their own courses', { for: 'insert', to: authenticatedRole, withCheck: sql`${t.instructorId} = ${authUid} OR ${isAdminSql}` }),
  // Which columns may change is decided by the column-level GRANT UPDATE (the stats columns are the triggers').
  pgPolicy('instructors update their own courses and admins every one', {
    for: 'update',
    to: authenticatedRole,
    using: sql`${t.instructorId} = ${authUid} OR ${isAdminSql}`,
    withCheck: sql`${t.instructorId} = ${authUid} OR ${isAdminSql}`,
  }),
  // A published course has learners: instructors delete drafts only.
  pgPolicy('instructors delete their own drafts and admins any course', {
    for: 'delete',
    to: authenticatedRole,
    using: sql`(${t.instructorId} = ${authUid} AND ${t.status} = 'draft') OR ${isAdminSql}`,
  }),
  // the definer role's functions read or write it (src/functions/learning/definer.ts)
  definerPolicy(),
]);
export type Course = typeof courses.$inferSelect; export type NewCourse = typeof courses.$inferInsert;

export const courseTagMappings = rlsTable(learning, 'course_tag_mappings', {
  courseId: uuid('course_id').notNull(),
  tagId: uuid('tag_id').notNull(),
}, (t) => [
  primaryKey({ name: 'course_tag_mappings_pkey', columns: [t.courseId, t.tagId] }),
  foreignKey({ name: 'course_tag_mappings_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('cascade'),
  foreignKey({ name: 'course_tag_mappings_tag_id_fkey', columns: [t.tagId], foreignColumns: [courseTags.id] }).onDelete('cascade'),
  // Courses of a tag (tag pages); also the tag FK's ON DELETE CASCADE.
  index('course_tag_mappings_tag_id_idx').on(t.tagId),
  pgPolicy('everyone reads tag mappings', { for: 'select', to: [anonRole, authenticatedRole], using: sql`true` }),
  pgPolicy('instructors tag their own courses', { for: 'insert', to: authenticatedRole, withCheck: sql`${inInstructorCourses(t.courseId)} OR ${isAdminSql}` }),
  pgPolicy('instructors untag their own courses', { for: 'delete', to: authenticatedRole, using: sql`${inInstructorCourses(t.courseId)} OR ${isAdminSql}` }),
]);
export type CourseTagMapping = typeof courseTagMappings.$inferSelect; export type NewCourseTagMapping = typeof courseTagMappings.$inferInsert;

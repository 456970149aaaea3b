import { sql } from 'drizzle-orm';
import { check, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { definerPolicy } from './_shared.js';
import { COURSE_STATUSES, TRANSACTION_TYPES } from './constants.js';
import { checkLength, readPolicy, rlsTable, sqlList, TEXT_LIMITS, timestamps } from '../_shared/index.js';

/**
 * Courses users enroll in. `transaction_type`, when set, names the product whose paid transactions
 * enroll into this course (the `after_transaction_insert` trigger); the P2P course is seeded.
 */
export const courses = rlsTable('public', 'courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Optional URL key (lower-case words and dashes), unique when set. */
  slug: text('slug'),
  title: text('title').notNull(),
  description: text('description'),
  status: text('status', { enum: COURSE_STATUSES }).notNull().default('published'),
  transactionType: text('transaction_type', { enum: TRANSACTION_TYPES }),
  ...timestamps(),
}, (t) => [
  check('courses_status_check', sql.raw(`status IN (${sqlList(COURSE_STATUSES)})`)),
  checkLength('courses', 'slug', TEXT_LIMITS.label),
  checkLength('courses', 'title', TEXT_LIMITS.label),
  checkLength('courses', 'description', TEXT_LIMITS.content),
  check('courses_transaction_type_check', sql.raw(`transaction_type IN (${sqlList(TRANSACTION_TYPES)})`)),
  check('courses_slug_check', sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  // Course pages and imports resolve a course by slug.
  uniqueIndex('courses_slug_key').on(t.slug),
  // The enrollment trigger finds the course of a product; at most one course per product.
  uniqueIndex('courses_transaction_type_key').on(t.transactionType).where(sql`transaction_type IS NOT NULL`),
  // The catalog is not secret to signed-in users (enrollment lists show course titles); anon gets no grant.
  readPolicy('authenticated users read courses', sql`true`),
  definerPolicy(),
]);
export type Course = typeof courses.$inferSelect; export type NewCourse = typeof courses.$inferInsert;

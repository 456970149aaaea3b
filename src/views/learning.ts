import { sql } from 'drizzle-orm';
import { integer, numeric, uuid, varchar } from 'drizzle-orm/pg-core';
import { learning } from '../schema/learning/schema.js';

/**
 * Per published course: enrollments, ratings, average lesson progress and revenue (doc 004,
 * "Materialized Views for Analytics"). The doc joined enrollments, completions, progress and
 * purchases in one GROUP BY, so each count and sum was multiplied by the other tables' row counts;
 * here every figure is aggregated alone, per course, in its own subquery, then joined 1:1.
 *
 * - enrollment_count: enrollments of the course (any status; one per user and course).
 * - average_rating / review_count: over completions that carry a rating (NULL / 0 without any).
 * - avg_completion_rate: mean lesson_progress.progress_percentage over the course's progress rows.
 * - total_revenue / purchase_count: completed purchases in the course's currency (amounts in
 *   different currencies are never added).
 *
 * Refreshed by learning.refresh_course_statistics() (CONCURRENTLY; unique index
 * idx_course_statistics_id); readable by service_role only (a materialized view has no RLS).
 */
export const courseStatisticsSql = `
SELECT c.id,
       c.title,
       c.instructor_id,
       c.category_id,
       c.currency,
       coalesce(e.enrollment_count, 0)::int AS enrollment_count,
       r.average_rating::numeric(3, 2) AS average_rating,
       coalesce(r.review_count, 0)::int AS review_count,
       p.avg_completion_rate::numeric(5, 2) AS avg_completion_rate,
       coalesce(pu.total_revenue, 0)::numeric(14, 2) AS total_revenue,
       coalesce(pu.purchase_count, 0)::int AS purchase_count
FROM learning.courses c
LEFT JOIN (
  SELECT course_id, count(*) AS enrollment_count FROM learning.enrollments GROUP BY course_id
) e ON e.course_id = c.id
LEFT JOIN (
  SELECT course_id, avg(rating) AS average_rating, count(rating) AS review_count
  FROM learning.course_completions GROUP BY course_id
) r ON r.course_id = c.id
LEFT JOIN (
  SELECT course_id, avg(progress_percentage) AS avg_completion_rate FROM learning.lesson_progress GROUP BY course_id
) p ON p.course_id = c.id
LEFT JOIN (
  SELECT course_id, currency, sum(amount) AS total_revenue, count(*) AS purchase_count
  FROM learning.course_purchases WHERE status = 'completed' GROUP BY course_id, currency
) pu ON pu.course_id = c.id AND pu.currency = c.currency
WHERE c.status = 'published'`;

export const courseStatistics = learning
  .materializedView('course_statistics', {
    id: uuid('id').notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    instructorId: uuid('instructor_id').notNull(),
    categoryId: uuid('category_id'),
    currency: varchar('currency', { length: 3 }).notNull(),
    enrollmentCount: integer('enrollment_count').notNull(),
    averageRating: numeric('average_rating', { precision: 3, scale: 2 }),
    reviewCount: integer('review_count').notNull(),
    avgCompletionRate: numeric('avg_completion_rate', { precision: 5, scale: 2 }),
    totalRevenue: numeric('total_revenue', { precision: 14, scale: 2 }).notNull(),
    purchaseCount: integer('purchase_count').notNull(),
  })
  .as(sql.raw(courseStatisticsSql));
export type CourseStatisticsRow = typeof courseStatistics.$inferSelect;

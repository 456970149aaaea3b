import { sql } from 'drizzle-orm';
import { check, foreignKey, index, jsonb, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { authUid } from 'drizzle-orm/supabase';
import { definerPolicy, isAdminSql } from './_shared.js';
import { ENROLLMENT_STATUSES } from './constants.js';
import { readPolicy, rlsTable, sqlList, tstz } from '../_shared/index.js';
import { courses } from './courses.js';
import { unifiedProfiles } from './profiles.js';
import { transactions } from './transactions.js';

/** A user's access to a course, usually created by a paid transaction (after_transaction_insert). */
export const enrollments = rlsTable('public', 'enrollments', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  courseId: uuid('course_id').notNull(),
  transactionId: uuid('transaction_id'),
  status: text('status', { enum: ENROLLMENT_STATUSES }).notNull().default('active'),
  enrolledAt: tstz('enrolled_at').notNull().defaultNow(),
  expiresAt: tstz('expires_at'),
  lastAccessedAt: tstz('last_accessed_at'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'enrollments_user_id_fkey', columns: [t.userId], foreignColumns: [unifiedProfiles.id] }).onDelete('cascade'),
  // RESTRICT: deleting a course with enrollments is a mistake; archive it (status) instead.
  foreignKey({ name: 'enrollments_course_id_fkey', columns: [t.courseId], foreignColumns: [courses.id] }).onDelete('restrict'),
  // Deleting a transaction keeps the enrollment (history), unlinked.
  foreignKey({ name: 'enrollments_transaction_id_fkey', columns: [t.transactionId], foreignColumns: [transactions.id] }).onDelete('set null'),
  check('enrollments_status_check', sql.raw(`status IN (${sqlList(ENROLLMENT_STATUSES)})`)),
  check('enrollments_expires_at_check', sql`expires_at IS NULL OR expires_at > enrolled_at`),
  // One active enrollment per user and course (refunded/expired ones may repeat); the trigger's ON CONFLICT target.
  uniqueIndex('enrollments_user_id_course_id_active_key').on(t.userId, t.courseId).where(sql`status = 'active'`),
  // RLS (user_id = auth.uid()) and "my courses".
  index('enrollments_user_id_idx').on(t.userId),
  // monthly_enrollments_view / calculate_enrollment_metrics: enrollments of a course over an enrolled_at range.
  index('enrollments_course_id_enrolled_at_idx').on(t.courseId, t.enrolledAt),
  // calculate_enrollment_metrics without a course filter: enrolled_at range over all courses.
  index('enrollments_enrolled_at_idx').on(t.enrolledAt),
  // Dashboard counts per status (non-active ones; active ones use the partial unique index).
  index('enrollments_status_idx').on(t.status),
  // "Expiring soon": active enrollments by expires_at.
  index('enrollments_expires_at_idx').on(t.expiresAt).where(sql`status = 'active' AND expires_at IS NOT NULL`),
  // "Inactive learners": active enrollments by last access.
  index('enrollments_last_accessed_at_idx').on(t.courseId, t.lastAccessedAt).where(sql`status = 'active'`),
  // The refund trigger finds a transaction's enrollments; also the FK's ON DELETE SET NULL.
  index('enrollments_transaction_id_idx').on(t.transactionId),
  readPolicy('users read their own enrollments, admins every enrollment', sql`${t.userId} = ${authUid} OR ${isAdminSql}`),
  definerPolicy(),
]);
export type Enrollment = typeof enrollments.$inferSelect; export type NewEnrollment = typeof enrollments.$inferInsert;

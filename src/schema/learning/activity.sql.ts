// The lesson activity log's shape (for the registry and the supabase-js types) and its personal data
// (issue 17, docs/subjects.md, "Learning").
import { foreignKey, integer, jsonb, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { personalData } from '../_shared/personal-data.js';
import { tstz } from '../_shared/index.js';
import { ACTIVITY_EVENT_TYPES } from './constants.js';
import { courseLessons } from './content.js';
import { users } from './people.js';
import { learning } from './schema.js';

/**
 * `learning.lesson_activity_events` as a drizzle table, for what reads a table's shape: the
 * personal-data registry and the supabase-js `Database` type. The partitioned table itself is created
 * by src/functions/learning/partitions.ts (drizzle-kit cannot declare one), with these columns; this
 * object is never given to drizzle-kit (not in the schema barrel).
 */
export const lessonActivityEventsShape = learning.table(
  'lesson_activity_events',
  {
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    lessonId: uuid('lesson_id').notNull(),
    courseId: uuid('course_id').notNull(),
    eventType: text('event_type', { enum: ACTIVITY_EVENT_TYPES }).notNull(),
    positionSeconds: integer('position_seconds'),
    payload: jsonb('payload').notNull().default({}),
    occurredAt: tstz('occurred_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'lesson_activity_events_pkey', columns: [t.id, t.occurredAt] }),
    foreignKey({ name: 'lesson_activity_events_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
    foreignKey({ name: 'lesson_activity_events_lesson_id_fkey', columns: [t.lessonId, t.courseId], foreignColumns: [courseLessons.id, courseLessons.courseId] }).onDelete('cascade'),
  ],
);

/** A learner's activity events (every monthly partition, through the parent): deleted. */
export const learningLessonActivityEventsPersonalData = personalData(lessonActivityEventsShape, {
  columns: ['user_id', 'payload'],
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'payload' }],
  erase: { action: 'delete' },
});

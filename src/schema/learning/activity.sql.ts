// Personal data of the lesson activity log (issue 17, docs/subjects.md, "Learning").
import { jsonb, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { personalData } from '../_shared/personal-data.js';
import { tstz } from '../_shared/index.js';
import { learning } from './schema.js';

/**
 * The columns of `learning.lesson_activity_events` the registry reads. The partitioned table itself
 * is created by src/functions/learning/partitions.ts (drizzle-kit cannot declare one); this object is
 * never exported to drizzle-kit.
 */
const lessonActivityEvents = learning.table(
  'lesson_activity_events',
  {
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    payload: jsonb('payload').notNull(),
    occurredAt: tstz('occurred_at').notNull(),
  },
  (t) => [primaryKey({ name: 'lesson_activity_events_pkey', columns: [t.id, t.occurredAt] })],
);

/** A learner's activity events (every monthly partition, through the parent): deleted. */
export const learningLessonActivityEventsPersonalData = personalData(lessonActivityEvents, {
  columns: ['user_id', 'payload'],
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'payload' }],
  erase: { action: 'delete' },
});

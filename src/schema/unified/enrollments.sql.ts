// SQL objects of the unified enrollments table (docs/conventions.md, "SQL objects bound to their table").
import { touchTrigger } from '../../functions/unified/base.js';
import { markCachesStaleTrigger } from '../../functions/unified/triggers.js';
import { enrollments } from './enrollments.js';
import { personalData } from '../_shared/personal-data.js';

export const enrollmentsTouchUpdatedAt = touchTrigger(enrollments);
export const enrollmentsMarkCachesStale = markCachesStaleTrigger(enrollments, 'enrollments_mark_caches_stale', ['insert', 'update', 'delete', 'truncate']);

// Personal data (issue 17): a course access of the person.
export const enrollmentsPersonalData = personalData(enrollments, {
  columns: ['user_id', 'metadata'],
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'metadata' }],
  erase: { action: 'delete' },
});

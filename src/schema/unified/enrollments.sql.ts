// SQL objects of the unified enrollments table (docs/conventions.md, "SQL objects bound to their table").
import { touchTrigger } from '../../functions/unified/base.js';
import { markCachesStaleTrigger } from '../../functions/unified/triggers.js';
import { enrollments } from './enrollments.js';

export const enrollmentsTouchUpdatedAt = touchTrigger(enrollments);
export const enrollmentsMarkCachesStale = markCachesStaleTrigger(enrollments, 'enrollments_mark_caches_stale', ['insert', 'update', 'delete', 'truncate']);

// SQL objects of the unified courses table (docs/conventions.md, "SQL objects bound to their table").
import { defineSql, qualifiedTableName } from '../../functions/define.js';
import { touchTrigger } from '../../functions/unified/base.js';
import { sqlList, sqlLiteral } from '../_shared/index.js';
import { DASHBOARD_CACHES, P2P_COURSE } from './constants.js';
import { courses } from './courses.js';
import { dashboardCacheStatus } from './metrics.js';

export const coursesTouchUpdatedAt = touchTrigger(courses);

/** Reference rows: the P2P course (paid P2P transactions enroll into it) and one status row per cache. */
export const unifiedSeed = defineSql({
  key: 'unified reference rows',
  create: [
    `INSERT INTO ${qualifiedTableName(courses)} (slug, title, transaction_type) VALUES (${sqlLiteral(P2P_COURSE.slug)}, ${sqlLiteral(P2P_COURSE.title)}, ${sqlLiteral(P2P_COURSE.transactionType)}) ON CONFLICT DO NOTHING`,
    `INSERT INTO ${qualifiedTableName(dashboardCacheStatus)} (cache_name) SELECT unnest(ARRAY[${sqlList(DASHBOARD_CACHES)}]) ON CONFLICT DO NOTHING`,
  ],
});

import { affiliatesTouchUpdatedAt, membershipLevelsTouchUpdatedAt, unifiedProfilesMarkCachesStale, unifiedProfilesTouchUpdatedAt, afterProfileUpdate, logProfileUpdate } from '../../schema/unified/profiles.sql.js';
import { coursesTouchUpdatedAt, unifiedSeed } from '../../schema/unified/courses.sql.js';
import { enrollmentsMarkCachesStale, enrollmentsTouchUpdatedAt } from '../../schema/unified/enrollments.sql.js';
import { unifiedTableGrants } from '../../schema/unified/grants.sql.js';
import { afterTransactionInsert, afterTransactionUpdate, handleTransactionsInserted, handleTransactionsUpdated, transactionsMarkCachesStale, transactionsTouchUpdatedAt } from '../../schema/unified/transactions.sql.js';
import { dashboardMvIndexes, dashboardViewGrants } from '../../views/unified.sql.js';
import type { SqlObject } from '../define.js';
import { businessTimeZone, isAdmin, touchUpdatedAt } from './base.js';
import { unifiedDefinerRights } from './definer.js';
import { calculateEnrollmentMetricsFn, updateRevenueMetricsFn } from './metrics-sql.js';
import { syncProfileDataFn, syncProfileMerge } from './sync-sql.js';
import { rollupObjects } from './rollups.js';
import { markDashboardCachesStale } from './triggers.js';
import { refreshDashboardViewsFn } from './views.js';

/**
 * The unified domain's SQL objects, in creation order (appended to `sqlObjects`). Triggers, grants
 * and seeds are declared beside their tables (src/schema/unified/*.sql.ts, src/views/unified.sql.ts).
 */
export const unifiedObjects: readonly SqlObject[] = [
  // pre: policies and views call these
  businessTimeZone,
  isAdmin,
  // post
  touchUpdatedAt,
  unifiedProfilesTouchUpdatedAt,
  transactionsTouchUpdatedAt,
  enrollmentsTouchUpdatedAt,
  coursesTouchUpdatedAt,
  membershipLevelsTouchUpdatedAt,
  affiliatesTouchUpdatedAt,
  unifiedTableGrants,
  unifiedDefinerRights,
  unifiedSeed,
  dashboardMvIndexes,
  dashboardViewGrants,
  refreshDashboardViewsFn,
  syncProfileMerge,
  syncProfileDataFn,
  calculateEnrollmentMetricsFn,
  updateRevenueMetricsFn,
  handleTransactionsInserted,
  handleTransactionsUpdated,
  afterTransactionInsert,
  afterTransactionUpdate,
  markDashboardCachesStale,
  transactionsMarkCachesStale,
  enrollmentsMarkCachesStale,
  unifiedProfilesMarkCachesStale,
  logProfileUpdate,
  afterProfileUpdate,
  ...rollupObjects,
];

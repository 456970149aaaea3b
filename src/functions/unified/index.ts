import type { SqlObject } from '../define.js';
import { businessTimeZone, isAdmin, touchTriggers, touchUpdatedAt, unifiedSeed, unifiedTableGrants } from './base.js';
import { calculateEnrollmentMetricsFn, updateRevenueMetricsFn } from './metrics-sql.js';
import { syncProfileDataFn, syncProfileMerge } from './sync-sql.js';
import {
  afterProfileUpdate,
  afterTransactionInsert,
  afterTransactionUpdate,
  handleTransactionChange,
  logProfileUpdate,
  markDashboardCachesStale,
  staleTriggers,
} from './triggers.js';
import { rollupObjects } from './rollups.js';
import { dashboardMvIndexes, dashboardViewGrants, refreshDashboardViewsFn } from './views.js';

export * from './base.js';
export * from './dashboard.js';
export * from './metrics.js';
export * from './metrics-sql.js';
export * from './params.js';
export * from './rollups.js';
export * from './sync.js';
export * from './sync-sql.js';
export * from './triggers.js';
export * from './views.js';

/** The unified domain's SQL objects, in creation order (appended to `sqlObjects`). */
export const unifiedObjects: readonly SqlObject[] = [
  // pre: policies and views call these
  businessTimeZone,
  isAdmin,
  // post
  touchUpdatedAt,
  ...touchTriggers,
  unifiedTableGrants,
  unifiedSeed,
  dashboardMvIndexes,
  dashboardViewGrants,
  refreshDashboardViewsFn,
  syncProfileMerge,
  syncProfileDataFn,
  calculateEnrollmentMetricsFn,
  updateRevenueMetricsFn,
  handleTransactionChange,
  afterTransactionInsert,
  afterTransactionUpdate,
  markDashboardCachesStale,
  ...staleTriggers,
  logProfileUpdate,
  afterProfileUpdate,
  ...rollupObjects,
];

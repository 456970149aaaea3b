import { learningRequireLoginIdentity, learningRequireLoginIdentityTrigger } from '../../schema/learning/people.sql.js';
import type { SqlObject } from '../define.js';
import { learningAccessObjects } from './access.js';
import { learningDefinerRights, learningDefinerSchema } from './definer.js';
import { learningCryptoObjects, pgcryptoExtension } from './crypto.js';
import { getCourseRecommendationsFn, getUserDashboardFn } from './dashboard.js';
import { learningTableGrants } from './grants.js';
import { databaseHealthCheckFn, monitorSchema } from './health.js';
import { learningPartitionObjects } from './partitions.js';
import { learningQuizObjects } from './quiz.js';
import { courseStatisticsIndex, learningCronSchedule, refreshCourseStatisticsFn } from './statistics.js';
import { learningTriggerObjects } from './triggers.js';

/** The learning domain's SQL objects, in creation order (appended to `sqlObjects`). */
export const learningObjects: readonly SqlObject[] = [
  // pre: the RLS helpers policies call, pgcrypto
  ...learningAccessObjects,
  pgcryptoExtension,
  // post
  learningDefinerSchema,
  learningTableGrants,
  learningRequireLoginIdentity,
  learningRequireLoginIdentityTrigger,
  ...learningTriggerObjects,
  courseStatisticsIndex,
  learningDefinerRights,
  refreshCourseStatisticsFn,
  getUserDashboardFn,
  getCourseRecommendationsFn,
  ...learningPartitionObjects,
  ...learningCryptoObjects,
  monitorSchema,
  databaseHealthCheckFn,
  ...learningQuizObjects,
  learningCronSchedule,
];

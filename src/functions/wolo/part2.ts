// WOLO part 2 (issue #13): notifications, feature flags, audit, analytics, settlements, retention, privacy.
import { analyticsObjects } from './analytics.js';
import { auditObjects } from './audit.js';
import { flagObjects } from './flags.js';
import { notificationObjects } from './notifications.js';
import { privacyObjects } from './privacy.js';
import { retentionObjects } from './retention.js';
import { settlementObjects } from './settlements.js';

export * from './analytics.js';
export * from './audit.js';
export * from './flags.js';
export * from './notifications.js';
export * from './privacy.js';
export * from './retention.js';
export * from './settlements.js';

/** Part 2's SQL objects, appended to woloObjects (after part 1's tables, grants and functions). */
export const woloPart2Objects = [...notificationObjects, ...flagObjects, ...auditObjects, ...settlementObjects, ...analyticsObjects, ...retentionObjects, ...privacyObjects];

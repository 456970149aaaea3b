import type { SqlObject } from '../define.js';
import { businessTimeZone, isAdmin, touchTriggers, touchUpdatedAt, unifiedSeed, unifiedTableGrants } from './base.js';

export * from './base.js';

/** The unified domain's SQL objects, in creation order (appended to `sqlObjects`). */
export const unifiedObjects: readonly SqlObject[] = [
  businessTimeZone,
  isAdmin,
  touchUpdatedAt,
  ...touchTriggers,
  unifiedTableGrants,
  unifiedSeed,
];

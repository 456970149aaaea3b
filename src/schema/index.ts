// The one barrel drizzle-kit reads (drizzle.config.ts). Every domain's tables, enums, views,
// policies and roles are exported from here.
export * from './auth/index.js';
export * from './crm/index.js';
export * from '../views/crm.js';
export * from './unified/index.js';
export * from '../views/unified.js';
export * from './ingest/index.js';
export * from './wolo/index.js';

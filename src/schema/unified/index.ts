// The unified domain's tables (schema public), types, value sets and validators. Exported from the
// drizzle barrel (src/schema/index.ts) and from the `@org/unified-schema/unified` entry.
export * from './audit.js';
export * from './constants.js';
export * from './courses.js';
export * from './enrollments.js';
export * from './leads.js';
export * from './metrics.js';
export * from './profiles.js';
export * from './relations.js';
export * from './rollups.js';
export * from './transactions.js';
export * from './validation.js';

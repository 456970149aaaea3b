// The learning domain (design doc 004, the 7P Education platform), schema `learning`.
// Exported from the drizzle barrel (src/schema/index.ts) and from `@org/unified-schema/learning`.
export * from './assessment.js';
export * from './billing.js';
export * from './catalog.js';
export * from './constants.js';
export * from './content.js';
export * from './media.js';
export * from './people.js';
export * from './progress.js';
export * from './schema.js';
export * from './validation.js';

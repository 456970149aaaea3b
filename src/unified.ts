// Public entry `@org/unified-schema/unified`: tables, types, validators, views, function wrappers and
// query helpers of the unified domain.
export * from './functions/unified/index.js';
export * from './schema/unified/index.js';
export * from './views/unified.js';

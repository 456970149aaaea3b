// Public entry `@org/unified-schema/ingest`: tables, types, validators, views, function wrappers and
// query helpers of the ingest domain.
export * from './functions/ingest/index.js';
export * from './ingest/index.js';
export * from './schema/ingest/index.js';

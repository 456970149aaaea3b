// Public entry `@org/unified-schema/ingest`: tables, types, validators, views, function wrappers and
// query helpers of the ingest domain.
export * from './functions/ingest/index.js';
export * from './ingest/index.js';
export * from './schema/ingest/index.js';
// API sync (branch sync): syncXendit, syncSystemeio, the sync state and the transactions raw table.
export * from './ingest/sync/index.js';

export * from './backups.js';
export * from './products.js';
export * from './raw.js';
export * from './rejected.js';
export * from './run-log.js';
export * from './schema.js';
export * from './validation.js';
export * from './validation-reports.js';
// API sync tables (ingest.sync_state, ingest.xendit_transactions_raw), declared in src/ingest/sync.
export * from '../../ingest/sync/schema.js';

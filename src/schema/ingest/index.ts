export {};
// API sync tables (ingest.sync_state, ingest.xendit_transactions_raw), declared in src/ingest/sync.
export * from '../../ingest/sync/schema.js';

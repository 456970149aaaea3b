// API sync (design doc 001, "sync_raw_api_data"): Xendit and Systeme.io pulled through their list
// APIs into the ingest raw tables, incrementally and resumably.
export {
  SyncAbortedError,
  SyncAuthError,
  SyncConfigError,
  SyncConflictError,
  SyncError,
  SyncHttpError,
  type SyncSourceName,
} from './errors.js';
export { getSyncState, listSyncState, type ResourceResult, resetSyncState } from './engine.js';
export { backoffDelay, rateLimitWaitMs, type RetryEvent, type RetryOptions, type RetryReason } from './http.js';
export {
  SYSTEMEIO_DEFAULT_BASE_URL,
  type SyncOptions,
  type SyncProgress,
  type SyncResult,
  syncSystemeio,
  syncXendit,
  XENDIT_DEFAULT_BASE_URL,
  type XenditResource,
  type XenditSyncOptions,
} from './sync.js';
export { type LoadCounts, loadXenditTransactions, type Rejection } from './transactions-loader.js';

// Public entry `@org/unified-schema/ingest` (design doc 001): a named list, never `export *`
// (docs/conventions.md). SQL object definitions are reachable only through `sqlObjects`; the
// failure-injection setting only from `@org/unified-schema/testing`.
export { productForDescription } from './functions/ingest/index.js';
export { createStagingTables, type StagingTableSummary, SWAPPED_TABLES, type SwappedTable } from './functions/ingest/staging.js';
export {
  CUTOVER_STEPS,
  CutoverError,
  type CutoverErrorCode,
  type CutoverOptions,
  type CutoverResult,
  type CutoverStep,
  cutover,
  dropBackup,
  type ForeignKeyReport,
  getBackup,
  listBackups,
  outsideDependents,
  ROLLBACK_STEPS,
  RollbackError,
  type RollbackStep,
  type SwapTimings,
  sealBackup,
} from './ingest/cutover.js';
export { generateSampleData, type GroundTruth, type SampleData, type SampleOptions } from './ingest/generate-sample.js';
export { ingestSystemeio, ingestXendit } from './ingest/load.js';
export { type DashboardSummary, type DemoOptions, defaultSampleDir, type PipelineOptions, type PipelineResult, runDemo, runPipeline } from './ingest/pipeline.js';
export { latestValidationReport, type PrepareOptions, type PrepareProgress, prepare } from './ingest/prepare.js';
export { type SystemeioContactInput, systemeioContactInput, type XenditInvoiceInput, xenditInvoiceInput } from './ingest/records.js';
export { type RollbackOptions, type RollbackResult, rollback } from './ingest/rollback.js';
export { finishRun, lastRun, listRuns, type RecordRunOptions, type RunHandle, RunLogError, recordRun, startRun } from './ingest/run-log.js';
export { SyncAbortedError, SyncAuthError, SyncConfigError, SyncConflictError, SyncError, SyncHttpError, type SyncSourceName } from './ingest/sync/errors.js';
export { getSyncState, listSyncState, resetSyncState } from './ingest/sync/engine.js';
export {
  type NewSyncStateRow,
  type NewXenditTransactionRaw,
  type SyncSource,
  type SyncStateRow,
  selectSyncStateSchema,
  selectXenditTransactionRawSchema,
  insertXenditTransactionRawSchema,
  syncState,
  type XenditTransactionRaw,
  xenditTransactionsRaw,
} from './ingest/sync/schema.js';
export { type SyncOptions, type SyncProgress, type SyncResult, syncSystemeio, syncXendit, type XenditResource, type XenditSyncOptions } from './ingest/sync/sync.js';
export { type LoadCounts, loadXenditTransactions } from './ingest/sync/transactions-loader.js';
export {
  type FileFormat,
  IngestError,
  type IngestErrorCode,
  type IngestOptions,
  type IngestProgress,
  type IngestRejection,
  type IngestResult,
  type IngestSource,
} from './ingest/types.js';
export { type Backup, type BackupStatus, backups, type NewBackup } from './schema/ingest/backups.js';
export { type NewProduct, type Product, products } from './schema/ingest/products.js';
export { type NewSystemeioRaw, type NewXenditRaw, type SystemeioRaw, systemeioRaw, type XenditRaw, xenditRaw } from './schema/ingest/raw.js';
export { type NewRejectedRow, type RejectedRow, rejectedRows } from './schema/ingest/rejected.js';
export { type NewRunLogEntry, type RunKind, type RunLogEntry, type RunStatus, runLog } from './schema/ingest/run-log.js';
export {
  insertBackupSchema,
  insertProductSchema,
  insertRunLogSchema,
  insertSystemeioRawSchema,
  insertValidationReportSchema,
  insertXenditRawSchema,
  selectBackupSchema,
  selectProductSchema,
  selectRejectedRowSchema,
  selectRunLogSchema,
  selectSystemeioRawSchema,
  selectValidationReportSchema,
  selectXenditRawSchema,
  updateProductSchema,
  updateRunLogSchema,
} from './schema/ingest/validation.js';
export { type NewValidationReportRow, type ValidationReport, type ValidationReportRow, validationReports } from './schema/ingest/validation-reports.js';

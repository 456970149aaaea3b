export {
  CUTOVER_STEPS,
  CutoverError,
  type CutoverErrorCode,
  type CutoverOptions,
  type CutoverResult,
  type CutoverStep,
  cutover,
  cutoverOptionsSchema,
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
  toCutoverError,
} from './cutover.js';
export { ingestLimits, ingestSystemeio, ingestXendit } from './load.js';
export { formatMoney, formatTable, formatValidationReport } from './format.js';
export {
  type DashboardSummary,
  type DemoOptions,
  dashboardSummary,
  defaultSampleDir,
  formatDashboard,
  type PipelineOptions,
  type PipelineResult,
  type ProgressFactory,
  runDemo,
  runPipeline,
} from './pipeline.js';
export { latestValidationReport, type PrepareOptions, type PrepareProgress, prepare } from './prepare.js';
export {
  isValidEmail,
  normalizeEmail,
  parseTimestamp,
  type SystemeioContactInput,
  systemeioContactInput,
  systemeioCsvId,
  type XenditInvoiceInput,
  xenditInvoiceInput,
} from './records.js';
export { type RollbackOptions, type RollbackResult, rollback, rollbackOptionsSchema } from './rollback.js';
export { finishRun, lastRun, listRuns, numericFields, type RecordRunOptions, type RunHandle, RunLogError, recordRun, startRun } from './run-log.js';
export type { ApiPage, FileFormat, IngestErrorCode, IngestOptions, IngestProgress, IngestRejection, IngestResult, IngestSource } from './types.js';
export { IngestError } from './types.js';
export {
  type GroundTruth,
  generateSampleData,
  type ProductStatusCounts,
  type SampleData,
  type SampleOptions,
  sampleFiles,
  toSystemeioCsv,
  toSystemeioFlat,
  toXenditCsv,
  writeSampleData,
} from './generate-sample.js';

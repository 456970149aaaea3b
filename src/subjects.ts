// Public entry `@org/unified-schema/subjects` (issue 17): one person across every app. Export and
// erasure over all domains, driven by the personal-data registry declared beside each table
// (docs/subjects.md). A named list: what is not here is internal.
export {
  type ErasureReport,
  eraseSubject,
  exportSubject,
  SubjectError,
  type SubjectExport,
  type SubjectLookup,
  type SubjectOptions,
  type SubjectRow,
  type TableErasure,
} from './functions/subjects/api.js';
export { SUBJECTS_SQLSTATES } from './functions/subjects/objects.js';
export { personalDataRegistry } from './functions/subjects/registry.js';
export {
  ERASED,
  type ErasureRule,
  FINANCIAL_RETENTION,
  type Finder,
  type PersonalDataEntry,
  type PersonalDataSpec,
  type Replacement,
} from './schema/_shared/personal-data.js';
export { SUBJECT_ACTIONS, SUBJECT_LOOKUPS, type SubjectAction, type SubjectLookup as SubjectLookupKind } from './schema/subjects/constants.js';
export { type NewSubjectRun, type SubjectRun, subjectRuns } from './schema/subjects/audit.js';

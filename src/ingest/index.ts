// What the CLI imports from the ingest domain (src/cli/ingest.ts); the public entry is src/ingest.ts.
export { IngestError, type IngestOptions, type IngestProgress, type IngestResult, ingestSystemeio, ingestXendit, listRuns, prepare } from '../ingest.js';

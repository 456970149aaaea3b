// The ingest schema's privileges: every table of the schema, present and future (re-applied).
import { defineSql, qualifiedTableNames } from '../../functions/define.js';
import { backups } from './backups.js';
import { validationReports } from './validation-reports.js';

/**
 * Tables of the ingest schema that decide what the owner-rights cutover and rollback do: the backup
 * registry (which backup, which tables) and the validation reports (the blocking-errors gate). Only
 * the owner writes them (the cutover and prepare functions); service_role may read them.
 */
export const OWNER_WRITTEN_INGEST_TABLES = [backups, validationReports] as const;

/**
 * Raw data holds customers' emails and payments: only service_role (server-side jobs) may read or
 * write it. anon and authenticated get nothing (no USAGE on the schema); RLS is enabled with no
 * policy as a second lock. Re-applied after every drizzle-kit migration so new tables are covered;
 * the owner-written tables are then taken back to SELECT (nothing the owner runs may be steered by
 * rows a non-owner wrote: docs/decisions.md, issue 10).
 */
export const ingestGrants = defineSql({
  key: 'ingest grants',
  reapply: true,
  create: [
    'GRANT USAGE ON SCHEMA ingest TO service_role',
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role',
    'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role',
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${qualifiedTableNames(OWNER_WRITTEN_INGEST_TABLES)} FROM service_role`,
  ],
  drop: [
    'REVOKE ALL ON ALL TABLES IN SCHEMA ingest FROM service_role',
    'REVOKE ALL ON ALL SEQUENCES IN SCHEMA ingest FROM service_role',
    'REVOKE USAGE ON SCHEMA ingest FROM service_role',
  ],
});

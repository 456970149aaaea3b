// The ingest schema's privileges: every table of the schema, present and future (re-applied).
import { defineSql } from '../../functions/define.js';

/**
 * Raw data holds customers' emails and payments: only service_role (server-side jobs) may read or
 * write it. anon and authenticated get nothing (no USAGE on the schema); RLS is enabled with no
 * policy as a second lock. Re-applied after every drizzle-kit migration so new tables are covered.
 */
export const ingestGrants = defineSql({
  key: 'ingest grants',
  reapply: true,
  create: [
    'GRANT USAGE ON SCHEMA ingest TO service_role',
    'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role',
    'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role',
  ],
  drop: [
    'REVOKE ALL ON ALL TABLES IN SCHEMA ingest FROM service_role',
    'REVOKE ALL ON ALL SEQUENCES IN SCHEMA ingest FROM service_role',
    'REVOKE USAGE ON SCHEMA ingest FROM service_role',
  ],
});


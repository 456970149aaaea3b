// The unified tables' privileges, over the table objects (the policies, in the table files, decide which rows).
import { defineSql, qualifiedTableName, qualifiedTableNames } from '../../functions/define.js';
import { adminNotifications, profileAuditLog } from './audit.js';
import { courses } from './courses.js';
import { enrollments } from './enrollments.js';
import { dashboardCacheStatus, revenueMetrics } from './metrics.js';
import { affiliates, membershipLevels, unifiedProfiles } from './profiles.js';
import { transactions } from './transactions.js';
import { OWN_PROFILE_UPDATE_COLUMNS } from './validation.js';

const tables = qualifiedTableNames([
  unifiedProfiles,
  transactions,
  enrollments,
  courses,
  membershipLevels,
  affiliates,
  profileAuditLog,
  adminNotifications,
  revenueMetrics,
  dashboardCacheStatus,
]);

/**
 * The identity columns' sequences (PostgreSQL names them `<table>_<column>_seq`). Supabase's default
 * privileges grant ALL on new public sequences to anon and authenticated: UPDATE is setval, and a
 * sequence set back makes every insert of its table fail on the key (the profile audit log: every
 * profile update). An insert into an identity column needs no privilege on its sequence.
 */
const identitySequences = [adminNotifications, profileAuditLog].map((t) => `${qualifiedTableName(t)}_id_seq`).join(', ');

/**
 * Table privileges. First REVOKE ALL from anon and authenticated: Supabase's default privileges
 * grant ALL on new public tables to both, which would defeat the column-level UPDATE grant.
 * authenticated then reads what RLS lets it see and updates only its own contact fields.
 */
export const unifiedTableGrants = defineSql({
  key: 'grants on unified tables',
  reapply: true,
  create: [
    `REVOKE ALL ON ${tables} FROM PUBLIC, anon, authenticated`,
    `GRANT ALL ON ${tables} TO service_role`,
    `GRANT SELECT ON ${tables} TO authenticated`,
    `GRANT UPDATE (${OWN_PROFILE_UPDATE_COLUMNS.join(', ')}) ON ${qualifiedTableName(unifiedProfiles)} TO authenticated`,
    `REVOKE ALL ON SEQUENCE ${identitySequences} FROM PUBLIC, anon, authenticated`,
  ],
  drop: [`REVOKE ALL ON ${tables} FROM anon, authenticated, service_role`],
});


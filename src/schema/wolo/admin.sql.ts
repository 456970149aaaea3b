// Personal data of the WOLO admin service (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { personalData } from '../_shared/personal-data.js';
import { woloDonationsPersonalData } from './donations.sql.js';
import { adminSessions, auditLogs, featureFlags, systemConfig } from './admin.js';
import { woloPotsPersonalData } from './pots.sql.js';

export const woloFeatureFlagsPersonalData = personalData(featureFlags, {
  columns: ['created_by_user_id', 'last_modified_by_user_id'],
  findBy: [
    { actor: 'created_by_user_id', action: 'clear' },
    { actor: 'last_modified_by_user_id', action: 'clear' },
  ],
  erase: { action: 'delete' },
});
export const woloSystemConfigPersonalData = personalData(systemConfig, {
  columns: ['last_modified_by_user_id'],
  findBy: [{ actor: 'last_modified_by_user_id', action: 'clear' }],
  erase: { action: 'delete' },
});
export const woloAdminSessionsPersonalData = personalData(adminSessions, {
  columns: ['user_id', 'ip_address', 'user_agent'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
/**
 * The audit trail keeps who did what and when, not the person's values: rows about the person's
 * account, pots and donations lose their old/new values and metadata (also the rows the erasure's
 * own updates add: processed last); the person as actor is cleared with their IP and user agent.
 */
export const woloAuditLogsPersonalData = personalData(auditLogs, {
  columns: ['actor_user_id', 'actor_ip', 'old_values', 'new_values', 'metadata', 'user_agent'],
  findBy: [
    { subject: 'userId', column: 'resource_id' },
    { reference: woloPotsPersonalData, column: 'resource_id' },
    { reference: woloDonationsPersonalData, column: 'resource_id' },
    { mention: 'old_values' },
    { mention: 'new_values' },
    { mention: 'metadata' },
    { actor: 'actor_user_id', action: 'clear', set: { actor_user_id: null, actor_ip: null, user_agent: null } },
  ],
  erase: { action: 'anonymise', set: { old_values: null, new_values: null, metadata: null }, reason: 'the audit trail: who did what and when' },
  phase: 'late',
});

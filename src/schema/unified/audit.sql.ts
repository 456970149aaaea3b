// Personal data of the unified audit tables (issue 17, docs/subjects.md).
import { personalData } from '../_shared/personal-data.js';
import { adminNotifications, profileAuditLog } from './audit.js';

/** The old and new values of the person's profile: deleted with the profile (processed late: erasure may add rows). */
export const profileAuditLogPersonalData = personalData(profileAuditLog, {
  columns: ['profile_id', 'old_values', 'new_values', 'actor_id'],
  findBy: [
    { subject: 'userId', column: 'profile_id' },
    { mention: 'old_values' },
    { mention: 'new_values' },
    { actor: 'actor_id', action: 'clear' },
  ],
  erase: { action: 'delete' },
  phase: 'late',
});

/** Admin notifications about the person (a payment, a new profile): deleted; mentions elsewhere redacted. */
export const adminNotificationsPersonalData = personalData(adminNotifications, {
  columns: ['user_id', 'title', 'message', 'payload'],
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'payload' }, { mention: 'message' }, { mention: 'title' }],
  erase: { action: 'delete' },
  phase: 'late',
});

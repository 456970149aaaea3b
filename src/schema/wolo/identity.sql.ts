// Personal data of the WOLO identity service (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { personalData, USER_TABLE_IDENTITY } from '../_shared/personal-data.js';
import { forgottenEmail } from './constants.js';
import { passwordResetTokens, users, userSessions } from './identity.js';

/**
 * The WOLO account: a tombstone (pots, referrals, points and refunds reference it RESTRICT), its
 * contact replaced by `forgotten-<id>@wolo.invalid` (what wolo.purge_expired_data recognises), inactive.
 */
export const woloUsersPersonalData = personalData(users, {
  columns: ['phone', 'email', 'last_login_at'],
  ...USER_TABLE_IDENTITY,
  erase: {
    action: 'anonymise',
    set: { phone: null, email: { sql: forgottenEmail('t.id') }, is_active: false, last_login_at: null },
    reason: 'pots, referrals, points and refunds reference the account (RESTRICT)',
  },
});
export const woloUserSessionsPersonalData = personalData(userSessions, {
  columns: ['user_id', 'device_info', 'ip_address'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
export const woloPasswordResetTokensPersonalData = personalData(passwordResetTokens, {
  columns: ['user_id'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});

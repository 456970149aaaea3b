// Personal data of the WOLO identity service (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { woloSqlState } from '../../functions/wolo/errors.js';
import { loginIdentityGuard } from '../_shared/login-identity.sql.js';
import { personalData, USER_TABLE_IDENTITY } from '../_shared/personal-data.js';
import { forgottenEmail } from './constants.js';
import { passwordResetTokens, users, userSessions } from './identity.js';

/**
 * `wolo.require_login_identity` and its trigger on wolo.users: the email and phone a user writes into
 * their own account are their login identity (auth.users), `UW029 not_login_identity` otherwise. So no
 * one holds another person's email or phone here (unique: that person could never sign up), and what
 * wolo.forget_user and enqueue_notification match or send to by them is the person's.
 */
export const [woloRequireLoginIdentity, woloRequireLoginIdentityTrigger] = loginIdentityGuard(users, woloSqlState('not_login_identity'));

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

// Personal data of the learning people aggregate (issue 17, docs/subjects.md, "Learning").
import { loginIdentityGuard } from '../_shared/login-identity.sql.js';
import { personalData, USER_TABLE_IDENTITY } from '../_shared/personal-data.js';
import { learningSqlState } from './constants.js';
import { userAddresses, userPreferences, userRoles, users } from './people.js';

/**
 * `learning.require_login_identity` and its trigger on learning.users: the email and phone a learner
 * writes into their own profile are their login identity (auth.users), `UL021 not_login_identity`
 * otherwise (the email is unique: a claimed address would keep its owner from ever signing up).
 */
export const [learningRequireLoginIdentity, learningRequireLoginIdentityTrigger] = loginIdentityGuard(users, learningSqlState('not_login_identity'));

/**
 * The learner (keyed by the auth user id): deleted, which cascades to everything the learner owns
 * (enrollments, progress, notes, bookmarks, attempts, subscriptions, purchases). A person who is
 * the instructor of a course cannot be erased until the course has another instructor
 * (courses.instructor_id is RESTRICT): the erasure is refused with `blocked`.
 */
export const learningUsersPersonalData = personalData(users, {
  columns: ['email', 'name', 'first_name', 'last_name', 'phone', 'date_of_birth', 'gender', 'timezone', 'bio', 'avatar_url', 'website_url', 'linkedin_url', 'twitter_url', 'encrypted_ssn', 'email_verified', 'phone_verified'],
  ...USER_TABLE_IDENTITY,
  erase: { action: 'delete' },
});
export const learningUserAddressesPersonalData = personalData(userAddresses, {
  columns: ['street_address', 'city', 'state_province', 'postal_code', 'country', 'encrypted_details'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
export const learningUserPreferencesPersonalData = personalData(userPreferences, {
  columns: ['value'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
export const learningUserRolesPersonalData = personalData(userRoles, {
  columns: ['user_id', 'assigned_by'],
  findBy: [
    { subject: 'userId', column: 'user_id' },
    { actor: 'assigned_by', action: 'clear' },
  ],
  erase: { action: 'delete' },
});

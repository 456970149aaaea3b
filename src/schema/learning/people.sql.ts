// Personal data of the learning people aggregate (issue 17, docs/subjects.md, "Learning").
import { personalData, USER_TABLE_IDENTITY } from '../_shared/personal-data.js';
import { userAddresses, userPreferences, userRoles, users } from './people.js';

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

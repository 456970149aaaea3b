// Personal data of the auth users (issue 17, docs/subjects.md, "The auth user").
import { authUsers } from 'drizzle-orm/supabase';
import { personalData, USER_TABLE_IDENTITY } from '../_shared/personal-data.js';

/**
 * The person's sign-in account. Anonymised, not deleted: the WOLO tombstone account (kept while the
 * person's pots, referrals and points are, which reference it RESTRICT) cascades from it. Its
 * email and phone go, its metadata, password and tokens are blanked where the columns exist
 * (Supabase has more than the shim), and it is banned for good. Supabase's tables hanging off it
 * (identities, sessions, refresh tokens, MFA factors, one-time tokens, flow states) are deleted; its
 * audit log (`auth.audit_log_entries`) keeps its rows, with the person's identifiers redacted.
 */
export const authUsersPersonalData = personalData(authUsers, {
  columns: ['email', 'phone'],
  ...USER_TABLE_IDENTITY,
  erase: { action: 'anonymise', set: { email: null, phone: null }, reason: 'the WOLO tombstone account references it' },
  optionalSet: {
    raw_user_meta_data: { sql: "'{}'::jsonb" },
    raw_app_meta_data: { sql: "'{}'::jsonb" },
    encrypted_password: '',
    confirmation_token: '',
    recovery_token: '',
    email_change: '',
    email_change_token_new: '',
    email_change_token_current: '',
    phone_change: '',
    phone_change_token: '',
    reauthentication_token: '',
    banned_until: { sql: "'infinity'::timestamptz" },
  },
  dependents: [
    { table: 'auth.identities', column: 'user_id' },
    { table: 'auth.sessions', column: 'user_id' },
    { table: 'auth.refresh_tokens', column: 'user_id' },
    { table: 'auth.mfa_factors', column: 'user_id' },
    { table: 'auth.one_time_tokens', column: 'user_id' },
    { table: 'auth.flow_state', column: 'user_id' },
  ],
  // GoTrue's log of sign-ups, logins, token refreshes…: its payload names the actor (actor_id, actor_username)
  mentionedIn: [{ table: 'auth.audit_log_entries', column: 'payload' }],
  phase: 'late',
});

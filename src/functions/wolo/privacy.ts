import { sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { databaseErrorOf, parseInput, ValidationError } from '../../errors.js';
import { forgottenEmail } from '../../schema/wolo/constants.js';
import {
  abTestAssignments,
  adminSessions,
  analyticsEvents,
  notificationPreferences,
  notifications,
  partnerStaff,
  passwordResetTokens,
  potInvitations,
  sponsorContactBatches,
  sponsorDailyLimits,
  userAddresses,
  userSessions,
} from '../../schema/wolo/index.js';
import { defineDefinerFunction, defineFunction, defineSql, qualifiedTableName } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../../schema/_shared/index.js';

/** The transaction-local setting holding the ID encryption key (never stored in the database). */
export const WOLO_ID_KEY_SETTING = 'wolo.id_encryption_key';

/** pgcrypto in schema `extensions` (where Supabase keeps it); PGlite loads the contrib module. */
export const woloPgcrypto = defineSql({
  key: 'extension pgcrypto (wolo)',
  phase: 'pre',
  create: ['CREATE SCHEMA IF NOT EXISTS extensions', 'CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions'],
  drop: [],
});

const keyCheck = `
  v_key := nullif(pg_catalog.current_setting('${WOLO_ID_KEY_SETTING}', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION 'setting ${WOLO_ID_KEY_SETTING} is not set: the ID encryption key is given per transaction by the caller'
      USING ERRCODE = '${uw('encryption_key_missing')}', COLUMN = 'id_number';
  END IF;
  -- an API role (SET ROLE by PostgREST or the package's context helpers) acts for its signed-in user:
  -- the user itself or an admin; without a user (a token with no sub) for nobody. service_role and a
  -- connection of its own ('none': the owner, a server job) may name anyone.
  IF coalesce(nullif(pg_catalog.current_setting('role', true), ''), 'none') NOT IN ('service_role', 'none')
     AND (v_caller IS NULL OR (v_caller <> user_id AND NOT wolo_private.has_role('admin'))) THEN
    RAISE EXCEPTION 'only the user, an admin or service_role may do this' USING ERRCODE = '42501';
  END IF;`;

/**
 * Stores a person's ID number encrypted (pgp_sym_encrypt, base64) and its keyed hash (HMAC-SHA256 of
 * the upper-cased number without spaces) for duplicate detection; returns the other profiles holding
 * the same hash. The key comes from the transaction-local setting wolo.id_encryption_key.
 * SECURITY DEFINER: authenticated has no column grant on id_number / id_hash; the user itself (or an
 * admin, or service_role) may call it.
 */
export const setIdNumberFn = defineDefinerFunction('wolo.set_id_number(user_id uuid, id_number text) RETURNS uuid[]', { grantExecute: ['authenticated', 'service_role'],
  body: `
DECLARE
  v_key text;
  v_caller uuid := (SELECT auth.uid());
  v_norm text := pg_catalog.upper(pg_catalog.regexp_replace(coalesce(set_id_number.id_number, ''), '\\s', '', 'g'));
  v_hash text;
BEGIN
${keyCheck.replaceAll('user_id', 'set_id_number.user_id')}
  IF v_norm !~ '^[A-Z0-9-]{4,50}$' THEN
    RAISE EXCEPTION 'id_number must be 4 to 50 letters, digits or dashes' USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'id_number';
  END IF;
  v_hash := pg_catalog.encode(extensions.hmac(v_norm, v_key || ':id_hash', 'sha256'), 'hex');
  UPDATE wolo.profiles p SET id_number = pg_catalog.encode(extensions.pgp_sym_encrypt(v_norm, v_key), 'base64'), id_hash = v_hash
  WHERE p.user_id = set_id_number.user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'profile % does not exist', set_id_number.user_id USING ERRCODE = '${uw('not_found')}', COLUMN = 'user_id';
  END IF;
  RETURN coalesce((SELECT pg_catalog.array_agg(p.user_id) FROM wolo.profiles p WHERE p.id_hash = v_hash AND p.user_id <> set_id_number.user_id), '{}');
END`,
  comment: 'Stores the ID number encrypted (key from setting wolo.id_encryption_key) and its HMAC; returns other profiles with the same ID. The user, an admin or service_role.',
});

/** Decrypts a person's ID number (NULL when none); the user itself, an admin or service_role. */
export const readIdNumberFn = defineDefinerFunction('wolo.read_id_number(user_id uuid) RETURNS text', { volatility: 'stable', grantExecute: ['authenticated', 'service_role'],
  body: `
DECLARE
  v_key text;
  v_caller uuid := (SELECT auth.uid());
  v_cipher text;
BEGIN
${keyCheck.replaceAll('user_id', 'read_id_number.user_id')}
  SELECT p.id_number INTO v_cipher FROM wolo.profiles p WHERE p.user_id = read_id_number.user_id;
  IF v_cipher IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN extensions.pgp_sym_decrypt(pg_catalog.decode(v_cipher, 'base64'), v_key);
END`,
  comment: 'Decrypts the ID number (key from setting wolo.id_encryption_key). The user, an admin or service_role.',
});

type TxCapable = Pick<Database, 'transaction'>;
const keySchema = z.string().min(16, 'the key must be at least 16 characters').max(1024).refine(isStorableText, STORABLE_TEXT_MESSAGE);

/**
 * pgcrypto refuses a key that does not decrypt the stored ciphertext with SQLSTATE 39000 ("Wrong key
 * or corrupt data"): bad input (the key), so a ValidationError `decryption_failed` naming `key`, not
 * the driver's error. Anything else as the other WOLO wrappers map it.
 */
function decryptError(error: unknown, fallbackField: string): unknown {
  if (databaseErrorOf(error)?.code === '39000') {
    return new ValidationError('key', 'does not decrypt the stored ID number (wrong key or damaged ciphertext)', { code: 'decryption_failed', cause: error, sqlState: '39000' });
  }
  return woloError(error, fallbackField);
}

/** Stores `idNumber` encrypted with `key` (given per call, never stored); returns other users holding the same ID. */
export async function setIdNumber(db: TxCapable, input: { userId: string; idNumber: string; key: string }): Promise<string[]> {
  const v = parseInput(z.object({ userId: z.uuid(), idNumber: z.string().min(4).max(60).refine(isStorableText, STORABLE_TEXT_MESSAGE), key: keySchema }), input);
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config(${WOLO_ID_KEY_SETTING}, ${v.key}, true)`);
      const [row] = await queryRows<{ dups: string[] }>(tx, sql`select wolo.set_id_number(${v.userId}, ${v.idNumber}) as dups`);
      return row!.dups;
    });
  } catch (error) {
    throw woloError(error, 'idNumber');
  }
}

/** Decrypts the user's ID number with `key`; null when none is stored. */
export async function readIdNumber(db: TxCapable, input: { userId: string; key: string }): Promise<string | null> {
  const v = parseInput(z.object({ userId: z.uuid(), key: keySchema }), input);
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config(${WOLO_ID_KEY_SETTING}, ${v.key}, true)`);
      const [row] = await queryRows<{ id: string | null }>(tx, sql`select wolo.read_id_number(${v.userId}) as id`);
      return row!.id;
    });
  } catch (error) {
    throw decryptError(error, 'userId');
  }
}

/**
 * Everything WOLO holds about one person (doc 003 §7): account, profile (the ID number decrypted when
 * the caller gives the key in wolo.id_encryption_key, otherwise only whether one is stored),
 * addresses, referrals (as sponsor or sponsored), pots, donations made and received, points and
 * conversions, notifications, notification preferences and marketing consent. service_role only.
 */
export const exportUserDataFn = defineFunction('wolo.export_user_data(user_id uuid) RETURNS jsonb', { language: 'plpgsql', volatility: 'stable', searchPath: '', grantExecute: ['service_role'],
  body: `
DECLARE
  v_key text := nullif(pg_catalog.current_setting('${WOLO_ID_KEY_SETTING}', true), '');
  v_uid uuid := export_user_data.user_id;
  v_id_number text;
BEGIN
  IF v_key IS NOT NULL THEN
    SELECT extensions.pgp_sym_decrypt(pg_catalog.decode(p.id_number, 'base64'), v_key) INTO v_id_number
    FROM wolo.profiles p WHERE p.user_id = v_uid AND p.id_number IS NOT NULL;
  END IF;
  RETURN pg_catalog.jsonb_build_object(
    'user', (SELECT pg_catalog.to_jsonb(u) FROM wolo.users u WHERE u.id = v_uid),
    'profile', (SELECT (pg_catalog.to_jsonb(p) - 'id_number' - 'id_hash')
                  || pg_catalog.jsonb_build_object('id_number', v_id_number, 'id_number_stored', p.id_number IS NOT NULL)
                FROM wolo.profiles p WHERE p.user_id = v_uid),
    'addresses', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a)) FROM wolo.user_addresses a WHERE a.user_id = v_uid), '[]'),
    'referrals', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(r)) FROM wolo.referrals r WHERE r.sponsor_user_id = v_uid OR r.sponsored_user_id = v_uid), '[]'),
    'pots', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p)) FROM wolo.pots p WHERE p.owner_user_id = v_uid), '[]'),
    'donations_made', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'wave_webhook_data') FROM wolo.donations d WHERE d.donor_user_id = v_uid), '[]'),
    'donations_received', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', d.id, 'pot_id', d.pot_id, 'amount_cfa', d.amount_cfa, 'status', d.status,
        'initiated_at', d.initiated_at, 'donor_name', CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_name END, 'donation_message', d.donation_message))
      FROM wolo.donations d JOIN wolo.pots p ON p.id = d.pot_id WHERE p.owner_user_id = v_uid), '[]'),
    'points', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(l)) FROM wolo.points_ledger l WHERE l.sponsor_user_id = v_uid), '[]'),
    'points_conversions', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(c)) FROM wolo.points_conversions c WHERE c.sponsor_user_id = v_uid), '[]'),
    'notifications', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(n)) FROM wolo.notifications n WHERE n.user_id = v_uid), '[]'),
    'notification_preferences', (SELECT pg_catalog.to_jsonb(np) FROM wolo.notification_preferences np WHERE np.user_id = v_uid),
    'consent', (SELECT pg_catalog.jsonb_build_object('marketing_notifications', np.marketing_notifications, 'marketing_opt_in_at', np.marketing_opt_in_at,
                  'marketing_opt_in_source', np.marketing_opt_in_source) FROM wolo.notification_preferences np WHERE np.user_id = v_uid)
  );
END`,
  comment: 'Everything WOLO holds about one person, as JSON (the ID number decrypted when wolo.id_encryption_key is set). service_role only.',
});

/** Exports a person's WOLO data; give `key` to include the decrypted ID number. */
export async function exportUserData(db: TxCapable, input: { userId: string; key?: string }): Promise<Record<string, unknown>> {
  const v = parseInput(z.object({ userId: z.uuid(), key: keySchema.optional() }), input);
  try {
    return await db.transaction(async (tx) => {
      if (v.key) await tx.execute(sql`select set_config(${WOLO_ID_KEY_SETTING}, ${v.key}, true)`);
      const [row] = await queryRows<{ data: Record<string, unknown> }>(tx, sql`select wolo.export_user_data(${v.userId}) as data`);
      return row!.data;
    });
  } catch (error) {
    throw decryptError(error, 'userId');
  }
}

/** The placeholder written over a forgotten person's name and pot texts. */
export const FORGOTTEN = '[forgotten]';

/** The rows forget_user deletes: the person's rows of these tables, found by the column naming the person. */
const FORGET_USER_DELETES: readonly PgColumn[] = [
  userAddresses.userId,
  userSessions.userId,
  passwordResetTokens.userId,
  notifications.userId,
  notificationPreferences.userId,
  analyticsEvents.userId,
  abTestAssignments.userId,
  potInvitations.invitedByUserId,
  partnerStaff.userId,
  adminSessions.userId,
  sponsorDailyLimits.sponsorUserId,
  sponsorContactBatches.sponsorUserId,
];
const forgetUserDeletes = FORGET_USER_DELETES.map((c) => `  DELETE FROM ${qualifiedTableName(c.table)} x WHERE x.${c.name} = v_uid;`).join('\n');

/**
 * Erases a person (doc 003 §7, right to be forgotten), idempotently. Deleted: addresses, sessions,
 * reset tokens, notifications and preferences, analytics events, A/B assignments, pot invitations,
 * partner staff and admin sessions, sponsor limits and contact batches. Anonymised and kept (financial
 * rows for their retention period, detached from the person): donations made (donor id, name, phone,
 * message, IP, user agent cleared; amounts and dates kept), the profile (name, bio, media, ID
 * ciphertext and hash cleared), the account (contact replaced by forgotten-<id>@wolo.invalid,
 * inactive), the person's pots (title and description replaced), the referrals where they were invited
 * and those they sent (contact replaced by forgotten-<referral id>@wolo.invalid, name and message cleared);
 * the old/new values of audit rows about the person, their pots and donations are cleared.
 * service_role only.
 */
export const forgetUserFn = defineFunction('wolo.forget_user(user_id uuid) RETURNS void', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
DECLARE
  v_uid uuid := forget_user.user_id;
  v_email text;
  v_phone text;
  v_donations uuid[];
BEGIN
  SELECT u.email, u.phone INTO v_email, v_phone FROM wolo.users u WHERE u.id = v_uid FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'user % does not exist', v_uid USING ERRCODE = '${uw('not_found')}', COLUMN = 'user_id';
  END IF;
${forgetUserDeletes}
  v_donations := ARRAY(SELECT d.id FROM wolo.donations d WHERE d.donor_user_id = v_uid);
  UPDATE wolo.donations d SET donor_user_id = NULL, donor_name = NULL, donor_phone = NULL, donation_message = NULL, ip_address = NULL, user_agent = NULL
  WHERE d.donor_user_id = v_uid;
  -- Referrals stay (the sponsor's points and pots reference them; an accepted one keeps the tombstone
  -- account's id, referrals_accepted_check), without a contact: those where the person was invited
  -- (by account, email or phone) and those the person sent (the invitees' contacts came from them).
  UPDATE wolo.referrals r
     SET invited_phone = NULL, invited_email = ${forgottenEmail('r.id')}, invited_name = NULL, invitation_message = NULL
   WHERE (r.sponsored_user_id = v_uid OR r.sponsor_user_id = v_uid
          OR pg_catalog.lower(r.invited_email) = pg_catalog.lower(v_email) OR r.invited_phone = v_phone)
     AND (r.invited_phone IS NOT NULL OR r.invited_name IS NOT NULL OR r.invitation_message IS NOT NULL
          OR r.invited_email IS DISTINCT FROM ${forgottenEmail('r.id')});
  UPDATE wolo.pots p SET title = '${FORGOTTEN}', description = NULL WHERE p.owner_user_id = v_uid AND (p.title <> '${FORGOTTEN}' OR p.description IS NOT NULL);
  UPDATE wolo.profiles p SET full_name = '${FORGOTTEN}', bio = NULL, avatar_url = NULL, id_number = NULL, id_hash = NULL, id_media_url = NULL, id_type = NULL, id_country = NULL
  WHERE p.user_id = v_uid;
  UPDATE wolo.users u SET phone = NULL, email = ${forgottenEmail('v_uid')}, is_active = false, last_login_at = NULL
  WHERE u.id = v_uid;
  -- The audit trail keeps who did what and when, not the person's old and new values.
  UPDATE wolo.audit_logs a SET old_values = NULL, new_values = NULL, metadata = NULL
  WHERE (a.resource_id = v_uid OR a.resource_id = ANY (v_donations) OR a.resource_id IN (SELECT p.id FROM wolo.pots p WHERE p.owner_user_id = v_uid))
    AND (a.old_values IS NOT NULL OR a.new_values IS NOT NULL OR a.metadata IS NOT NULL);
END`,
  comment: 'Erases or anonymises a person across the WOLO tables, keeping financial rows detached; idempotent. service_role only.',
});

/** Forgets a person (idempotent). */
export async function forgetUser(db: Pick<Database, 'execute'>, userId: string): Promise<void> {
  const id = parseInput(z.uuid(), userId, 'userId');
  try {
    await queryRows(db, sql`select wolo.forget_user(${id})`);
  } catch (error) {
    throw woloError(error, 'userId');
  }
}

export const privacyObjects = [woloPgcrypto, setIdNumberFn, readIdNumberFn, exportUserDataFn, forgetUserFn];

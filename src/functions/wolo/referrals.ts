import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput } from '../../errors.js';
import {
  DEFAULT_POINTS_CONVERSION_RATE,
  EMAIL_PATTERN,
  PHONE_PATTERN,
  POINTS_CONVERSION_RATE_KEY,
  POINTS_MATURATION_DAYS,
  REFERRAL_ACCEPTED_POINTS,
  REFERRAL_CODE_PATTERN,
  sqlLiteral,
  TEXT_LIMITS,
} from '../../schema/wolo/constants.js';
import { defineFunction } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { referralsOneSponsorGuard } from '../../schema/wolo/referrals.sql.js';
import { isStorableDate, isStorableText, STORABLE_DATE_MESSAGE, STORABLE_TEXT_MESSAGE } from '../../schema/_shared/index.js';

type Db = Pick<Database, 'execute'>;

/** The largest amount_cfa (integer) a donation holds: a conversion's credit above it is refused. */
const INT4_MAX = 2_147_483_647;

/**
 * `wolo.require_user(id, role, column)`: raises not_found (COLUMN = `column`) with
 * '<role> <id> is not a WOLO user' when no wolo.users row has that id. The functions below check
 * their sponsor or user with it.
 */
export const requireUserFn = defineFunction('wolo.require_user(p_user uuid, p_role text, p_column text) RETURNS void', { language: 'plpgsql', volatility: 'stable', searchPath: '', grantExecute: ['service_role'],
  body: `
BEGIN
  PERFORM 1 FROM wolo.users u WHERE u.id = p_user;
  IF NOT FOUND THEN
    RAISE EXCEPTION '% % is not a WOLO user', p_role, p_user USING ERRCODE = '${uw('not_found')}', COLUMN = p_column;
  END IF;
END`,
  comment: 'Raises not_found (COLUMN = the given column) when the id is not a wolo.users row; service_role only.',
});

/**
 * Sends an invitation: counts it against the sponsor's day (Africa/Dakar) with one atomic upsert
 * whose DO UPDATE only applies below the day's limit (the row lock makes concurrent sends take
 * turns: exactly the limit succeed), stamps invitation_order, and draws an unguessable code (80
 * random bits of gen_random_uuid(), a CSPRNG; the unique index guards the astronomically rare clash).
 */
export const sendInvitationFn = defineFunction('wolo.send_invitation(sponsor uuid, invited_phone text, invited_email text, invited_name text, message text) RETURNS uuid', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
#variable_conflict use_column
DECLARE
  v_today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
  v_limit uuid;
  v_order integer;
  v_hex text := pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
  v_id uuid;
BEGIN
  PERFORM wolo.require_user(send_invitation.sponsor, 'sponsor', 'sponsor');
  IF send_invitation.invited_phone IS NULL AND send_invitation.invited_email IS NULL THEN
    RAISE EXCEPTION 'an invitation needs invited_phone or invited_email' USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'invited_phone';
  END IF;
  INSERT INTO wolo.sponsor_daily_limits AS l
    (sponsor_user_id, limit_date, invitations_sent_today, total_lifetime_invitations, consecutive_active_days, next_reset_at)
  SELECT send_invitation.sponsor, v_today, 1, coalesce(prev.total_lifetime_invitations, 0) + 1,
         CASE WHEN prev.limit_date = v_today - 1 THEN prev.consecutive_active_days + 1 ELSE 1 END,
         ((v_today + 1)::timestamp AT TIME ZONE wolo.business_time_zone())
  FROM (SELECT 1) one
  LEFT JOIN LATERAL (
    SELECT p.total_lifetime_invitations, p.limit_date, p.consecutive_active_days FROM wolo.sponsor_daily_limits p
    WHERE p.sponsor_user_id = send_invitation.sponsor AND p.limit_date < v_today
    ORDER BY p.limit_date DESC LIMIT 1
  ) prev ON true
  ON CONFLICT (sponsor_user_id, limit_date) DO UPDATE
    SET invitations_sent_today = l.invitations_sent_today + 1,
        total_lifetime_invitations = l.total_lifetime_invitations + 1
    WHERE l.invitations_sent_today < l.max_invitations_per_day
  RETURNING l.id, l.invitations_sent_today INTO v_limit, v_order;
  IF v_limit IS NULL THEN
    RAISE EXCEPTION 'sponsor % has used today''s invitations (business day % in %)', send_invitation.sponsor, v_today, wolo.business_time_zone()
      USING ERRCODE = '${uw('daily_limit_reached')}', COLUMN = 'sponsor', HINT = 'The counter resets at midnight in the business time zone.';
  END IF;
  INSERT INTO wolo.referrals (sponsor_user_id, referral_code, invited_phone, invited_email, invited_name, invitation_message, daily_limit_id, invitation_order)
  VALUES (send_invitation.sponsor,
          pg_catalog.upper(pg_catalog.substr(v_hex, 1, 12) || pg_catalog.substr(v_hex, 14, 3) || pg_catalog.substr(v_hex, 18, 5)),
          send_invitation.invited_phone, send_invitation.invited_email, send_invitation.invited_name, send_invitation.message, v_limit, v_order)
  RETURNING id INTO v_id;
  RETURN v_id;
END`,
  comment: "Sends a referral invitation within the sponsor's daily limit (Africa/Dakar day); returns the referral id; service_role only.",
});

/**
 * Accepts a referral once: refuses an unknown, expired, declined or already accepted code, a
 * sponsor accepting their own, and a user already sponsored (one accepted referral per user, the
 * first; concurrent acceptances of one user take turns on the user's row); credits the sponsor
 * REFERRAL_ACCEPTED_POINTS × base (1.00) × the highest multiplier of the sponsor campaigns active
 * now (1.00 without one), pending until mature_points. Returns the points_ledger entry.
 */
export const acceptReferralFn = defineFunction('wolo.accept_referral(referral_code text, user_id uuid) RETURNS uuid', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
#variable_conflict use_column
DECLARE
  v_referral uuid;
  v_sponsor uuid;
  v_status text;
  v_expires timestamptz;
  v_boost numeric(3, 2);
  v_entry uuid;
BEGIN
  SELECT r.id, r.sponsor_user_id, r.status, r.expired_at INTO v_referral, v_sponsor, v_status, v_expires
  FROM wolo.referrals r WHERE r.referral_code = pg_catalog.upper(accept_referral.referral_code) FOR UPDATE;
  IF v_referral IS NULL THEN
    RAISE EXCEPTION 'no referral has code %', accept_referral.referral_code USING ERRCODE = '${uw('referral_not_found')}', COLUMN = 'referral_code';
  ELSIF v_status = 'accepted' THEN
    RAISE EXCEPTION 'referral % was already accepted', accept_referral.referral_code USING ERRCODE = '${uw('referral_already_accepted')}', COLUMN = 'referral_code';
  ELSIF v_status <> 'sent' OR v_expires <= pg_catalog.now() THEN
    RAISE EXCEPTION 'referral % has expired or was declined', accept_referral.referral_code USING ERRCODE = '${uw('referral_expired')}', COLUMN = 'referral_code';
  ELSIF v_sponsor = accept_referral.user_id THEN
    RAISE EXCEPTION 'a sponsor cannot accept their own referral' USING ERRCODE = '${uw('self_referral')}', COLUMN = 'user_id';
  END IF;
  PERFORM wolo.require_user(accept_referral.user_id, 'user', 'user_id');
  -- A user is sponsored once: the first accepted referral wins. The user's row is locked first, so two
  -- codes accepted at once for one user take turns and the second, reading in a later statement (a
  -- fresh READ COMMITTED snapshot), sees the first; referrals_sponsored_user_id_key backs it for any writer.
  PERFORM 1 FROM wolo.users u WHERE u.id = accept_referral.user_id FOR NO KEY UPDATE;
  PERFORM 1 FROM wolo.referrals r WHERE r.sponsored_user_id = accept_referral.user_id AND r.status = 'accepted';
  IF FOUND THEN
    RAISE EXCEPTION 'user % is already sponsored: a user accepts one referral, the first', accept_referral.user_id
      USING ERRCODE = '${uw('user_already_sponsored')}', COLUMN = 'user_id';
  END IF;
  UPDATE wolo.referrals r SET status = 'accepted', accepted_at = pg_catalog.now(), sponsored_user_id = accept_referral.user_id
  WHERE r.id = v_referral;
  SELECT coalesce(max(c.points_multiplier), 1.00) INTO v_boost FROM wolo.sponsor_campaigns c
  WHERE c.status = 'active' AND c.starts_at <= pg_catalog.now() AND pg_catalog.now() < c.ends_at;
  INSERT INTO wolo.points_ledger (sponsor_user_id, referral_id, event_type, points_earned, status, base_multiplier, sponsor_boost_multiplier, description)
  VALUES (v_sponsor, v_referral, 'referral_accepted', pg_catalog.round(${REFERRAL_ACCEPTED_POINTS} * 1.00 * v_boost)::integer, 'pending', 1.00, v_boost, 'referral accepted')
  RETURNING id INTO v_entry;
  RETURN v_entry;
END`,
  comment: 'Accepts a referral once, for a user not yet sponsored, and credits the sponsor pending points (campaign boost applied); service_role only.',
});

/** Matures pending earned points older than POINTS_MATURATION_DAYS at `now`; returns how many rows matured. */
export const maturePointsFn = defineFunction('wolo.mature_points(now timestamptz DEFAULT now()) RETURNS integer', { language: 'sql', searchPath: '', grantExecute: ['service_role'],
  body: `
WITH matured AS (
  UPDATE wolo.points_ledger l SET status = 'matured', matured_at = mature_points.now
  WHERE l.status = 'pending' AND l.created_at <= mature_points.now - interval '${POINTS_MATURATION_DAYS} days'
  RETURNING 1
)
SELECT count(*)::integer FROM matured`,
  comment: 'Matures pending points older than the maturation delay (14 days); service_role only.',
});

/** Σ earned of matured rows − Σ spent of non-revoked rows. INVOKER: under RLS a user sees only their own ledger. */
export const pointsBalanceFn = defineFunction('wolo.points_balance(sponsor uuid) RETURNS integer', { language: 'sql', volatility: 'stable', searchPath: '', grantExecute: ['authenticated', 'service_role'],
  body: `
SELECT (coalesce(sum(l.points_earned) FILTER (WHERE l.status = 'matured'), 0)
      - coalesce(sum(l.points_spent) FILTER (WHERE l.status <> 'revoked'), 0))::integer
FROM wolo.points_ledger l WHERE l.sponsor_user_id = points_balance.sponsor`,
  comment: "A sponsor's spendable points: matured earned minus spent.",
});

/**
 * Converts points into a CFA credit on an open pot at the configured rate (system_config
 * points_conversion_rate, else the default): a spent ledger row (its guard trigger locks the sponsor
 * and refuses a negative balance, also concurrently), a succeeded donation from the sponsor to the
 * pot (so the pot's totals follow the one rule), and the points_conversions row linking them.
 */
export const convertPointsFn = defineFunction('wolo.convert_points(sponsor uuid, points integer, pot_id uuid) RETURNS uuid', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
#variable_conflict use_column
DECLARE
  v_rate numeric(10, 4);
  v_credit bigint;
  v_conversion uuid := pg_catalog.gen_random_uuid();
  v_donation uuid;
BEGIN
  IF convert_points.points IS NULL OR convert_points.points <= 0 THEN
    RAISE EXCEPTION 'points must be a positive number' USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'points';
  END IF;
  PERFORM wolo.require_user(convert_points.sponsor, 'sponsor', 'sponsor');
  SELECT (c.config_value #>> '{}')::numeric INTO v_rate FROM wolo.system_config c
  WHERE c.config_key = ${sqlLiteral(POINTS_CONVERSION_RATE_KEY)} AND pg_catalog.jsonb_typeof(c.config_value) = 'number';
  v_rate := coalesce(v_rate, ${DEFAULT_POINTS_CONVERSION_RATE});
  v_credit := pg_catalog.floor(convert_points.points * v_rate)::bigint;
  IF v_credit <= 0 THEN
    RAISE EXCEPTION '% points are worth less than one CFA franc at rate %', convert_points.points, v_rate USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'points';
  ELSIF v_credit > ${INT4_MAX} THEN
    RAISE EXCEPTION '% points are worth % CFA at rate %, more than one donation holds (% CFA)', convert_points.points, v_credit, v_rate, ${INT4_MAX}
      USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'points';
  END IF;
  INSERT INTO wolo.points_ledger (sponsor_user_id, event_type, points_spent, status, matured_at, description, metadata)
  VALUES (convert_points.sponsor, 'points_converted', convert_points.points, 'matured', pg_catalog.now(), 'converted to a pot credit',
          pg_catalog.jsonb_build_object('conversion_id', v_conversion, 'pot_id', convert_points.pot_id));
  INSERT INTO wolo.donations (pot_id, donor_user_id, amount_cfa, status)
  VALUES (convert_points.pot_id, convert_points.sponsor, v_credit, 'succeeded')
  RETURNING id INTO v_donation;
  INSERT INTO wolo.points_conversions (id, sponsor_user_id, points_converted, credits_issued, conversion_rate, applied_to_pot_id, donation_id)
  VALUES (v_conversion, convert_points.sponsor, convert_points.points, v_credit, v_rate, convert_points.pot_id, v_donation);
  RETURN v_conversion;
END`,
  comment: 'Converts matured points into a CFA credit on an open pot; never lets the balance go negative; service_role only.',
});

const phone = z.string().regex(new RegExp(PHONE_PATTERN), 'must be a phone number (+ and 7 to 15 digits)');
const email = z.string().max(255).regex(new RegExp(EMAIL_PATTERN), 'must be an email address').refine(isStorableText, STORABLE_TEXT_MESSAGE);
const sendSchema = z
  .object({
    sponsor: z.uuid(),
    invitedPhone: phone.nullish(),
    invitedEmail: email.nullish(),
    invitedName: z.string().max(255).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullish(),
    message: z.string().max(TEXT_LIMITS.invitationMessage).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullish(),
  })
  .refine((v) => v.invitedPhone != null || v.invitedEmail != null, { message: 'give invitedPhone or invitedEmail', path: ['invitedPhone'] });
export type SendInvitationInput = z.input<typeof sendSchema>;

/** Sends an invitation for `sponsor`; returns the referral id. Past the day's limit: ValidationError code `daily_limit_reached`. */
export async function sendInvitation(db: Db, input: SendInvitationInput): Promise<string> {
  const v = parseInput(sendSchema, input);
  try {
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`select wolo.send_invitation(${v.sponsor}, ${v.invitedPhone ?? null}, ${v.invitedEmail ?? null}, ${v.invitedName ?? null}, ${v.message ?? null}) as id`,
    );
    return row!.id;
  } catch (error) {
    throw woloError(error, 'sponsor');
  }
}

const acceptSchema = z.object({ referralCode: z.string().regex(new RegExp(REFERRAL_CODE_PATTERN, 'i'), 'is not a referral code'), userId: z.uuid() });

/**
 * Accepts a referral for `userId`; returns the sponsor's new (pending) points_ledger entry. A user
 * already sponsored (by an earlier accepted referral, any sponsor's): ValidationError code
 * `user_already_sponsored`, field `user_id`, nothing written.
 */
export async function acceptReferral(db: Db, input: { referralCode: string; userId: string }): Promise<string> {
  const v = parseInput(acceptSchema, input);
  try {
    const [row] = await queryRows<{ id: string }>(db, sql`select wolo.accept_referral(${v.referralCode}, ${v.userId}) as id`);
    return row!.id;
  } catch (error) {
    throw woloError(error, 'referralCode');
  }
}

/** Matures the points due at `now` (default: the database's now()); returns how many ledger rows matured. */
export async function maturePoints(db: Db, now?: Date): Promise<number> {
  const at = parseInput(z.date().refine(isStorableDate, STORABLE_DATE_MESSAGE).optional(), now, 'now');
  const [row] = await queryRows<{ n: number }>(db, at ? sql`select wolo.mature_points(${at.toISOString()}::timestamptz) as n` : sql`select wolo.mature_points() as n`);
  return Number(row!.n);
}

/** A sponsor's spendable points. */
export async function pointsBalance(db: Db, sponsor: string): Promise<number> {
  const id = parseInput(z.uuid(), sponsor, 'sponsor');
  const [row] = await queryRows<{ balance: number }>(db, sql`select wolo.points_balance(${id}) as balance`);
  return Number(row!.balance);
}

const convertSchema = z.object({ sponsor: z.uuid(), points: z.number().int().positive().max(INT4_MAX), potId: z.uuid() });

/** Converts points into a credit on an open pot; returns the points_conversions id. Codes: insufficient_points, pot_not_open, not_found, invalid_input (a credit under 1 or over 2,147,483,647 CFA). */
export async function convertPoints(db: Db, input: { sponsor: string; points: number; potId: string }): Promise<string> {
  const v = parseInput(convertSchema, input);
  try {
    const [row] = await queryRows<{ id: string }>(db, sql`select wolo.convert_points(${v.sponsor}, ${v.points}, ${v.potId}) as id`);
    return row!.id;
  } catch (error) {
    throw woloError(error, 'points');
  }
}

export const referralObjects = [referralsOneSponsorGuard, requireUserFn, sendInvitationFn, acceptReferralFn, maturePointsFn, pointsBalanceFn, convertPointsFn];

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput } from '../../errors.js';
import type { RedemptionResult } from '../../schema/wolo/constants.js';
import { defineFunction } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { isStorableJson, isStorableText, STORABLE_TEXT_MESSAGE } from '../../schema/_shared/index.js';

type Db = Pick<Database, 'execute'>;

/**
 * Redeems a QR code for a partner. The code's row is locked (FOR UPDATE), so of two concurrent
 * redemptions exactly one is `success` and the other sees `already_used`. Checks, in order:
 * unknown or cancelled code → invalid; the pack belongs to another partner → wrong_partner (before
 * anything else, so a partner learns nothing about other partners' codes); redeemed → already_used;
 * expired → expired; before redeemable_from → not_yet_valid. Every attempt is logged.
 * A code that passes them is then refused (an error, nothing written, not logged) when its pack cannot be
 * redeemed: see `wolo.require_redeemable_pack` below (UW028 pack_unavailable, UW027 redemption_limit_reached,
 * COLUMN naming the field). Locks: the code, then its pack (always in that order, so no deadlock).
 */
export const redeemQrFn = defineFunction('wolo.redeem_qr(code text, partner_id uuid, venue jsonb DEFAULT NULL) RETURNS text', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
#variable_conflict use_column
DECLARE
  v_qr uuid;
  v_status text;
  v_from timestamptz;
  v_expires timestamptz;
  v_pack_partner uuid;
  v_pack uuid;
  v_owner uuid;
  v_result text;
  v_error text;
BEGIN
  PERFORM 1 FROM wolo.partners p WHERE p.id = redeem_qr.partner_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'partner % does not exist', redeem_qr.partner_id USING ERRCODE = '${uw('not_found')}', COLUMN = 'partner_id';
  END IF;
  SELECT q.id, q.status, q.redeemable_from, q.expires_at, pk.partner_id, q.pack_id, p.owner_user_id
    INTO v_qr, v_status, v_from, v_expires, v_pack_partner, v_pack, v_owner
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id JOIN wolo.pots p ON p.id = q.pot_id
  WHERE q.code = redeem_qr.code
  FOR UPDATE OF q;
  IF v_qr IS NULL OR v_status = 'cancelled' THEN
    v_result := 'invalid';
    v_error := CASE WHEN v_qr IS NULL THEN 'no such code' ELSE 'the code was cancelled' END;
  ELSIF v_pack_partner IS DISTINCT FROM redeem_qr.partner_id THEN
    v_result := 'wrong_partner';
    v_error := 'the pack belongs to another partner';
  ELSIF v_status = 'redeemed' THEN
    v_result := 'already_used';
  ELSIF v_status = 'expired' OR pg_catalog.now() >= v_expires THEN
    v_result := 'expired';
  ELSIF pg_catalog.now() < v_from THEN
    v_result := 'not_yet_valid';
  ELSE
    PERFORM wolo.require_redeemable_pack(v_pack, v_owner);
    v_result := 'success';
    UPDATE wolo.qr_codes q SET status = 'redeemed', redeemed_at = pg_catalog.now(),
      redeemed_by_partner_id = redeem_qr.partner_id, redeemed_at_venue = redeem_qr.venue
    WHERE q.id = v_qr;
  END IF;
  INSERT INTO wolo.qr_redemption_logs (qr_code_id, attempted_code, partner_id, partner_user_id, validation_result, error_message, venue_context)
  VALUES (v_qr, pg_catalog.left(coalesce(redeem_qr.code, ''), 100), redeem_qr.partner_id,
          (SELECT u.id FROM wolo.users u WHERE u.id = (SELECT auth.uid())), v_result, v_error, redeem_qr.venue);
  RETURN v_result;
END`,
  comment: 'Redeems a QR code for a partner: success | invalid | already_used | expired | not_yet_valid | wrong_partner; every attempt logged; service_role only.',
});

/**
 * redeem_qr's pack checks, for a code that passed its own: locks the pack (FOR NO KEY UPDATE: it
 * serializes the pack's redemptions without blocking the foreign key checks of new codes), then refuses
 * a partner that is not active, an inactive pack, a business date outside available_from ..
 * available_until (UW028), and a redemption past total_available_quantity or past the pot owner's
 * max_redemptions_per_user (UW027, counted after the lock in a fresh READ COMMITTED snapshot, so a
 * concurrent redemption of the same pack is counted). COLUMN names the field.
 */
export const requireRedeemablePackFn = defineFunction('wolo.require_redeemable_pack(pack_id uuid, owner_user_id uuid) RETURNS void', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
DECLARE
  v_pack wolo.packs%ROWTYPE;
  v_partner_status text;
  v_today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
  v_used bigint;
BEGIN
  SELECT pk.* INTO v_pack FROM wolo.packs pk WHERE pk.id = require_redeemable_pack.pack_id FOR NO KEY UPDATE;
  SELECT pa.status INTO v_partner_status FROM wolo.partners pa WHERE pa.id = v_pack.partner_id;
  IF v_partner_status IS DISTINCT FROM 'active' THEN
    RAISE EXCEPTION 'partner % is %, not active: its packs cannot be redeemed', v_pack.partner_id, coalesce(v_partner_status, 'missing')
      USING ERRCODE = '${uw('pack_unavailable')}', COLUMN = 'status', TABLE = 'partners', SCHEMA = 'wolo';
  END IF;
  IF NOT v_pack.is_active THEN
    RAISE EXCEPTION 'pack % is not active', v_pack.id USING ERRCODE = '${uw('pack_unavailable')}', COLUMN = 'is_active', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_today < v_pack.available_from THEN
    RAISE EXCEPTION 'pack % is available from %', v_pack.id, v_pack.available_from USING ERRCODE = '${uw('pack_unavailable')}', COLUMN = 'available_from', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_today > v_pack.available_until THEN
    RAISE EXCEPTION 'pack % was available until %', v_pack.id, v_pack.available_until USING ERRCODE = '${uw('pack_unavailable')}', COLUMN = 'available_until', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_pack.total_available_quantity IS NOT NULL THEN
    SELECT count(*) INTO v_used FROM wolo.qr_codes q WHERE q.pack_id = v_pack.id AND q.status = 'redeemed';
    IF v_used >= v_pack.total_available_quantity THEN
      RAISE EXCEPTION 'pack %: all % units are redeemed', v_pack.id, v_pack.total_available_quantity
        USING ERRCODE = '${uw('redemption_limit_reached')}', COLUMN = 'total_available_quantity', TABLE = 'packs', SCHEMA = 'wolo';
    END IF;
  END IF;
  SELECT count(*) INTO v_used FROM wolo.qr_codes q JOIN wolo.pots p ON p.id = q.pot_id
  WHERE q.pack_id = v_pack.id AND q.status = 'redeemed' AND p.owner_user_id = require_redeemable_pack.owner_user_id;
  IF v_used >= v_pack.max_redemptions_per_user THEN
    RAISE EXCEPTION 'user % has redeemed pack % % time(s), its max_redemptions_per_user', require_redeemable_pack.owner_user_id, v_pack.id, v_used
      USING ERRCODE = '${uw('redemption_limit_reached')}', COLUMN = 'max_redemptions_per_user', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
END`,
  comment: "redeem_qr's pack checks (partner active, pack active and available, total and per-user limits); locks the pack; service_role only.",
});

const redeemSchema = z.object({
  code: z.string().max(1000).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  partnerId: z.uuid(),
  venue: z.record(z.string(), z.unknown()).refine(isStorableJson, STORABLE_TEXT_MESSAGE).nullable().optional(),
});
export type RedeemQrInput = z.input<typeof redeemSchema>;

/** Redeems a QR code for `partnerId`; the result says what happened (every attempt is logged). */
export async function redeemQr(db: Db, input: RedeemQrInput): Promise<RedemptionResult> {
  const v = parseInput(redeemSchema, input);
  try {
    const venue = v.venue == null ? null : JSON.stringify(v.venue);
    const [row] = await queryRows<{ result: RedemptionResult }>(db, sql`select wolo.redeem_qr(${v.code}, ${v.partnerId}, ${venue}::jsonb) as result`);
    return row!.result;
  } catch (error) {
    throw woloError(error, 'partnerId');
  }
}

export const redemptionObjects = [requireRedeemablePackFn, redeemQrFn];

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput } from '../../errors.js';
import type { RedemptionResult } from '../../schema/wolo/constants.js';
import { qrCodes } from '../../schema/wolo/redemption.js';
import { defineFunction, defineTrigger, defineTriggerFunction } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { isStorableJson, isStorableText, jsonSizeMessage, STORABLE_JSON_MESSAGE, STORABLE_TEXT_MESSAGE, TEXT_LIMITS } from '../../schema/_shared/index.js';
import { jsonWithin } from '../../schema/_shared/validators.js';

type Db = Pick<Database, 'execute'>;

/**
 * Redeems a QR code for a partner. The code's row is locked (FOR UPDATE), so of two concurrent
 * redemptions exactly one is `success` and the other sees `already_used`. Checks, in order:
 * unknown or cancelled code → invalid; the pack belongs to another partner → wrong_partner (before
 * anything else, so a partner learns nothing about other partners' codes); redeemed → already_used;
 * expired → expired; before redeemable_from → not_yet_valid. Every attempt is logged.
 * A code that passes them is then refused (UW028 pack_unavailable, COLUMN status, nothing written, not
 * logged) when the partner's status is not `active`: a suspended partner redeems nothing. The pack's
 * availability and limits were checked when the code was issued (`wolo.qr_codes_issue_check` below).
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
  v_partner_status text;
  v_result text;
  v_error text;
BEGIN
  SELECT p.status INTO v_partner_status FROM wolo.partners p WHERE p.id = redeem_qr.partner_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'partner % does not exist', redeem_qr.partner_id USING ERRCODE = '${uw('not_found')}', COLUMN = 'partner_id';
  END IF;
  SELECT q.id, q.status, q.redeemable_from, q.expires_at, pk.partner_id
    INTO v_qr, v_status, v_from, v_expires, v_pack_partner
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id
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
    IF v_partner_status IS DISTINCT FROM 'active' THEN
      RAISE EXCEPTION 'partner % is %, not active: it cannot redeem codes', redeem_qr.partner_id, v_partner_status
        USING ERRCODE = '${uw('pack_unavailable')}', COLUMN = 'status', TABLE = 'partners', SCHEMA = 'wolo';
    END IF;
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
 * A pack's availability and limits hold when a code is issued, not when it is redeemed: a code is a
 * gift its pot's donors have paid for, so a pack that is later deactivated, past its available_until or
 * sold out still honours the codes already issued (until each code's own expires_at). Before a code is
 * inserted (or moved to another pack or pot, or a cancelled one issued again), the pack row is locked (FOR
 * NO KEY UPDATE: issuers of one pack queue, the foreign key checks of other writers do not), then
 * refused: a pack that is not is_active, or today's business date (wolo.business_time_zone()) outside
 * available_from .. available_until, both days included (UW028 pack_unavailable); total_available_quantity
 * codes of the pack already issued or redeemed (not cancelled), or max_redemptions_per_user of them on the
 * pots of the same owner (UW027 redemption_limit_reached). The counts run after the lock in a fresh READ
 * COMMITTED snapshot, so two codes issued at once count each other; each count stops at its limit, so
 * issuing costs what the limit is, not what the pack has issued. COLUMN names the field.
 */
export const qrCodesIssueCheck = defineTriggerFunction('wolo.qr_codes_issue_check()', {
  body: `
DECLARE
  v_pack wolo.packs%ROWTYPE;
  v_owner uuid;
  v_today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
  v_used bigint;
BEGIN
  IF NEW.status = 'cancelled' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status <> 'cancelled' AND NEW.pack_id = OLD.pack_id AND NEW.pot_id = OLD.pot_id THEN
    RETURN NEW;
  END IF;
  SELECT pk.* INTO v_pack FROM wolo.packs pk WHERE pk.id = NEW.pack_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key refuses it
  END IF;
  IF NOT v_pack.is_active THEN
    RAISE EXCEPTION 'pack % is not active: no code can be issued for it', v_pack.id
      USING ERRCODE = '${uw('pack_unavailable')}', COLUMN = 'is_active', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_today < v_pack.available_from THEN
    RAISE EXCEPTION 'pack % is available from %', v_pack.id, v_pack.available_from
      USING ERRCODE = '${uw('pack_unavailable')}', COLUMN = 'available_from', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_today > v_pack.available_until THEN
    RAISE EXCEPTION 'pack % was available until %', v_pack.id, v_pack.available_until
      USING ERRCODE = '${uw('pack_unavailable')}', COLUMN = 'available_until', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  IF v_pack.total_available_quantity IS NOT NULL THEN
    SELECT count(*) INTO v_used
      FROM (SELECT 1 FROM wolo.qr_codes q WHERE q.pack_id = v_pack.id AND q.status <> 'cancelled' AND q.id <> NEW.id
            LIMIT v_pack.total_available_quantity) AS issued;
    IF v_used >= v_pack.total_available_quantity THEN
      RAISE EXCEPTION 'pack %: all % units are issued', v_pack.id, v_pack.total_available_quantity
        USING ERRCODE = '${uw('redemption_limit_reached')}', COLUMN = 'total_available_quantity', TABLE = 'packs', SCHEMA = 'wolo';
    END IF;
  END IF;
  SELECT p.owner_user_id INTO v_owner FROM wolo.pots p WHERE p.id = NEW.pot_id;
  SELECT count(*) INTO v_used
    FROM (SELECT 1 FROM wolo.qr_codes q JOIN wolo.pots p ON p.id = q.pot_id
           WHERE q.pack_id = v_pack.id AND q.status <> 'cancelled' AND q.id <> NEW.id AND p.owner_user_id = v_owner
           LIMIT v_pack.max_redemptions_per_user) AS held;
  IF v_used >= v_pack.max_redemptions_per_user THEN
    RAISE EXCEPTION 'user % already holds % code(s) of pack %, its max_redemptions_per_user', v_owner, v_used, v_pack.id
      USING ERRCODE = '${uw('redemption_limit_reached')}', COLUMN = 'max_redemptions_per_user', TABLE = 'packs', SCHEMA = 'wolo';
  END IF;
  RETURN NEW;
END`,
  comment: "A QR code is issued only for an active pack within its availability dates and under its total and per-owner limits (UW028, UW027); the pack row is locked so concurrent issuers count each other.",
});

export const qrCodesIssueCheckTrigger = defineTrigger({
  table: qrCodes,
  timing: 'before',
  events: ['insert', 'update of pack_id, pot_id, status'],
  forEach: 'row',
  function: qrCodesIssueCheck,
});

const redeemSchema = z.object({
  code: z.string().max(1000).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  partnerId: z.uuid(),
  // qr_codes_redeemed_at_venue_size_check's and qr_redemption_logs_venue_context_size_check's limit
  venue: z.record(z.string(), z.unknown()).refine(isStorableJson, STORABLE_JSON_MESSAGE).refine(jsonWithin(TEXT_LIMITS.jsonBytes), jsonSizeMessage(TEXT_LIMITS.jsonBytes)).nullable().optional(),
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

export const redemptionObjects = [qrCodesIssueCheck, qrCodesIssueCheckTrigger, redeemQrFn];

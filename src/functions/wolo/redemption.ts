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
 * sold out still honours the codes already issued (until each code's own expires_at). A code is issued
 * when it is inserted (not cancelled), moved to another pack or pot, or a cancelled one issued again.
 * Checked once per statement (AFTER INSERT and AFTER UPDATE statement triggers, with their transition
 * tables): the packs of the codes the statement issues are locked in id order (FOR NO KEY UPDATE:
 * issuers of one pack queue, the foreign key checks of other writers do not), then, in one query,
 * refused: a pack that is not is_active, or today's business date (wolo.business_time_zone()) outside
 * available_from .. available_until, both days included (UW028 pack_unavailable); more than
 * total_available_quantity codes of the pack issued or redeemed (not cancelled), or more than
 * max_redemptions_per_user of them on the pots of one owner of an issued code (UW027
 * redemption_limit_reached). The counts run after the lock in a fresh READ COMMITTED snapshot, so
 * they see this statement's codes and those of writers that committed meanwhile: two codes issued at
 * once count each other. Each count stops one past its limit, so issuing costs what the limit is, not
 * what the pack has issued. The first violation by pack id, then the order above (owners by id),
 * refuses the whole statement; COLUMN names the field. A row trigger locked the packs in the
 * statement's row order, so two multi-row writes over the same packs in opposite orders deadlocked.
 */
export const qrCodesIssueCheck = defineTriggerFunction('wolo.qr_codes_issue_check()', {
  body: `
DECLARE
  v_today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
  v_packs uuid[];
  v_pots uuid[];
  v_refusal record;
BEGIN
  -- The codes issued, as (pack, pot) pairs. An updated row whose id changed is matched to nothing: issued.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.pack_id), array_agg(n.pot_id) INTO v_packs, v_pots FROM new_rows n WHERE n.status <> 'cancelled';
  ELSE
    SELECT array_agg(n.pack_id), array_agg(n.pot_id) INTO v_packs, v_pots
      FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
     WHERE n.status <> 'cancelled'
       AND (o.id IS NULL OR o.status = 'cancelled' OR n.pack_id <> o.pack_id OR n.pot_id <> o.pot_id);
  END IF;
  IF v_packs IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM wolo.packs pk WHERE pk.id = ANY (v_packs) ORDER BY pk.id FOR NO KEY UPDATE;
  SELECT c.code, c.field, c.message INTO v_refusal
    FROM wolo.packs pk
    CROSS JOIN LATERAL (
      SELECT 1, NULL::uuid, '${uw('pack_unavailable')}', 'is_active', format('pack %s is not active: no code can be issued for it', pk.id)
       WHERE NOT pk.is_active
      UNION ALL
      SELECT 2, NULL, '${uw('pack_unavailable')}', 'available_from', format('pack %s is available from %s', pk.id, pk.available_from)
       WHERE v_today < pk.available_from
      UNION ALL
      SELECT 3, NULL, '${uw('pack_unavailable')}', 'available_until', format('pack %s was available until %s', pk.id, pk.available_until)
       WHERE v_today > pk.available_until
      UNION ALL
      SELECT 4, NULL, '${uw('redemption_limit_reached')}', 'total_available_quantity', format('pack %s: all %s units are issued', pk.id, pk.total_available_quantity)
       WHERE (SELECT count(*) FROM (SELECT 1 FROM wolo.qr_codes q WHERE q.pack_id = pk.id AND q.status <> 'cancelled'
                                    LIMIT coalesce(pk.total_available_quantity, 0) + 1) AS issued) > pk.total_available_quantity
      UNION ALL
      SELECT 5, h.owner, '${uw('redemption_limit_reached')}', 'max_redemptions_per_user',
             format('user %s already holds %s code(s) of pack %s, its max_redemptions_per_user', h.owner, pk.max_redemptions_per_user, pk.id)
        FROM (SELECT DISTINCT p.owner_user_id AS owner
                FROM ROWS FROM (pg_catalog.unnest(v_packs), pg_catalog.unnest(v_pots)) AS i(pack_id, pot_id) JOIN wolo.pots p ON p.id = i.pot_id
               WHERE i.pack_id = pk.id) AS h
       WHERE (SELECT count(*) FROM (SELECT 1 FROM wolo.qr_codes q JOIN wolo.pots p ON p.id = q.pot_id
                                     WHERE q.pack_id = pk.id AND q.status <> 'cancelled' AND p.owner_user_id = h.owner
                                     LIMIT pk.max_redemptions_per_user + 1) AS held) > pk.max_redemptions_per_user
    ) AS c(rank, owner, code, field, message)
   WHERE pk.id = ANY (v_packs)
   ORDER BY pk.id, c.rank, c.owner
   LIMIT 1;
  IF FOUND THEN
    PERFORM wolo.refuse(v_refusal.code, v_refusal.field, 'packs', v_refusal.message);
  END IF;
  RETURN NULL;
END`,
  comment: 'Statement trigger on qr_codes: a code is issued only for an active pack within its availability dates and under its total and per-owner limits (UW028, UW027); the packs are locked in id order, so concurrent issuers count each other and never deadlock.',
});

/** `qr_codes_issue_check_insert`, `qr_codes_issue_check_update` (every update: a trigger with transition tables takes no column list; the function keeps the rows that issue a code). */
export const qrCodesIssueCheckTriggers = [
  defineTrigger({ name: 'qr_codes_issue_check_insert', table: qrCodes, timing: 'after', events: ['insert'], forEach: 'statement', referencing: { newTable: 'new_rows' }, function: qrCodesIssueCheck }),
  defineTrigger({ name: 'qr_codes_issue_check_update', table: qrCodes, timing: 'after', events: ['update'], forEach: 'statement', referencing: { oldTable: 'old_rows', newTable: 'new_rows' }, function: qrCodesIssueCheck }),
];

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

export const redemptionObjects = [qrCodesIssueCheck, ...qrCodesIssueCheckTriggers, redeemQrFn];

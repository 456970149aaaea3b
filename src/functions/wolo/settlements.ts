import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput, ValidationError } from '../../errors.js';
import { partnerSettlements } from '../../schema/wolo/redemption.js';
import { defineFunction, defineTrigger, defineTriggerFunction } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { isStorableDay, STORABLE_DATE_MESSAGE } from '../../schema/_shared/index.js';

type Db = Pick<Database, 'execute'>;

/**
 * A partner's settlement for a period (doc 003 §3.7): the codes it redeemed from period_start to
 * period_end inclusive (business dates), revenue at the packs' prices (discounted_price_cfa, else
 * base_price_cfa), partner share = floor(revenue × revenue_split_percentage / 100) and WOLO's
 * commission = revenue − share, so the two add up exactly. One row per partner and period
 * (INSERT … ON CONFLICT, safe under concurrency); recomputing resets it to pending, but a paid
 * settlement is never recomputed (settlement_paid).
 */
export const computePartnerSettlementFn = defineFunction('wolo.compute_partner_settlement(partner_id uuid, period_start date, period_end date) RETURNS uuid', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
DECLARE
  v_split numeric;
  v_count integer;
  v_revenue bigint;
  v_share bigint;
  v_id uuid;
  v_tz text := wolo.business_time_zone();
BEGIN
  IF compute_partner_settlement.period_start IS NULL OR compute_partner_settlement.period_end IS NULL
     OR compute_partner_settlement.period_end < compute_partner_settlement.period_start THEN
    RAISE EXCEPTION 'period_end must be on or after period_start' USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'period_end';
  END IF;
  SELECT p.revenue_split_percentage INTO v_split FROM wolo.partners p WHERE p.id = compute_partner_settlement.partner_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'partner % does not exist', compute_partner_settlement.partner_id USING ERRCODE = '${uw('not_found')}', COLUMN = 'partner_id';
  END IF;
  SELECT count(*)::integer, coalesce(sum(coalesce(pk.discounted_price_cfa, pk.base_price_cfa)), 0)::bigint INTO v_count, v_revenue
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id
  WHERE q.redeemed_by_partner_id = compute_partner_settlement.partner_id AND q.status = 'redeemed'
    AND q.redeemed_at >= (compute_partner_settlement.period_start::timestamp AT TIME ZONE v_tz)
    AND q.redeemed_at < ((compute_partner_settlement.period_end + 1)::timestamp AT TIME ZONE v_tz);
  v_share := pg_catalog.floor(v_revenue * v_split / 100)::bigint;
  INSERT INTO wolo.partner_settlements AS s (partner_id, period_start, period_end, total_redemptions_count, total_revenue_cfa, partner_share_cfa, wolo_commission_cfa)
  VALUES (compute_partner_settlement.partner_id, compute_partner_settlement.period_start, compute_partner_settlement.period_end, v_count, v_revenue, v_share, v_revenue - v_share)
  ON CONFLICT ON CONSTRAINT partner_settlements_partner_id_period_start_period_end_key DO UPDATE SET
    total_redemptions_count = EXCLUDED.total_redemptions_count, total_revenue_cfa = EXCLUDED.total_revenue_cfa,
    partner_share_cfa = EXCLUDED.partner_share_cfa, wolo_commission_cfa = EXCLUDED.wolo_commission_cfa,
    status = 'pending', approved_by_user_id = NULL, approved_at = NULL
  WHERE s.status <> 'paid'
  RETURNING s.id INTO v_id;
  IF v_id IS NULL THEN
    RAISE EXCEPTION 'the settlement of partner % for % .. % is paid and cannot be recomputed', compute_partner_settlement.partner_id,
      compute_partner_settlement.period_start, compute_partner_settlement.period_end USING ERRCODE = '${uw('settlement_paid')}', COLUMN = 'period_start';
  END IF;
  RETURN v_id;
END`,
  comment: "Computes (or recomputes, unless paid) a partner's settlement for a period: redemptions, revenue at pack prices, partner share and WOLO commission adding up exactly. service_role only.",
});

const dateString = z.iso.date().refine(isStorableDay, STORABLE_DATE_MESSAGE);
const settlementSchema = z.object({ partnerId: z.uuid(), periodStart: dateString, periodEnd: dateString });
export type PartnerSettlementInput = z.input<typeof settlementSchema>;

/** Computes the partner's settlement for the period (inclusive business dates); returns its id. */
export async function computePartnerSettlement(db: Db, input: PartnerSettlementInput): Promise<string> {
  const v = parseInput(settlementSchema, input);
  if (v.periodEnd < v.periodStart) throw new ValidationError('periodEnd', 'periodEnd must be on or after periodStart', { code: 'invalid_input' });
  try {
    const [row] = await queryRows<{ id: string }>(db, sql`select wolo.compute_partner_settlement(${v.partnerId}, ${v.periodStart}::date, ${v.periodEnd}::date) as id`);
    return row!.id;
  } catch (error) {
    throw woloError(error, 'partnerId');
  }
}

/**
 * BEFORE INSERT or a change of partner or period: a partner's settlements never overlap, so no
 * redemption is counted in two of them (a code redeemed on 2026-01-15 would otherwise be paid out
 * by both 2026-01-01 .. 2026-01-31 and 2026-01-15 .. 2026-02-14). The same period again is the
 * unique key's case (compute_partner_settlement's upsert). One transaction at a time writes a
 * partner's settlements (an advisory lock per partner, held to the commit), so two overlapping
 * periods written at once cannot both pass: the second waits, then sees the first's row (READ
 * COMMITTED, as every API call runs; a REPEATABLE READ transaction whose snapshot was taken before
 * the first committed would not see it, so settle in READ COMMITTED).
 */
export const partnerSettlementsNoOverlap = defineTriggerFunction('wolo.partner_settlements_no_overlap()', {
  body: `
DECLARE
  v_start date;
  v_end date;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('wolo.partner_settlements'), pg_catalog.hashtext(NEW.partner_id::text));
  SELECT s.period_start, s.period_end INTO v_start, v_end
    FROM wolo.partner_settlements s
   WHERE s.partner_id = NEW.partner_id AND s.id <> NEW.id
     AND s.period_start <= NEW.period_end AND s.period_end >= NEW.period_start
     AND NOT (s.period_start = NEW.period_start AND s.period_end = NEW.period_end)
   ORDER BY s.period_start
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'the period % .. % overlaps the settlement of partner % for % .. %: a redemption would be settled twice',
      NEW.period_start, NEW.period_end, NEW.partner_id, v_start, v_end
      USING ERRCODE = '${uw('settlement_overlap')}', COLUMN = 'period_start';
  END IF;
  RETURN NEW;
END`,
  comment: "A partner's settlement periods never overlap (no redemption settled twice); one writer per partner at a time.",
});

export const partnerSettlementsNoOverlapTrigger = defineTrigger({
  table: partnerSettlements,
  timing: 'before',
  events: ['insert', 'update of partner_id, period_start, period_end'],
  forEach: 'row',
  function: partnerSettlementsNoOverlap,
});

export const settlementObjects = [computePartnerSettlementFn, partnerSettlementsNoOverlap, partnerSettlementsNoOverlapTrigger];

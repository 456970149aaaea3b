import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput } from '../../errors.js';
import { type DonationStatus, REFUND_REASONS, type RefundReason, WAVE_CURRENCY } from '../../schema/wolo/constants.js';
import { defineFunction, sqlFile } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { isStorableJson, STORABLE_JSON_MESSAGE } from '../../schema/_shared/index.js';

/** Any drizzle database or transaction (e.g. inside asServiceRole). */
type Db = Pick<Database, 'execute'>;

/**
 * Wave Checkout webhooks (see docs/wolo.md): records the event once, moves the donation forward
 * only, refuses a disagreeing amount or currency, and (through the totals trigger) keeps the pot's
 * totals exact. Returns (donation_id, status, duplicate).
 */
export const processWaveWebhookFn = defineFunction('wolo.process_wave_webhook(payload jsonb) RETURNS table (donation_id uuid, status text, duplicate boolean)', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: sqlFile(import.meta.url, './process-wave-webhook.sql', { INVALID_PAYLOAD: uw('invalid_payload'), CURRENCY: WAVE_CURRENCY }),
  comment: 'Processes a Wave Checkout webhook idempotently (wave_event_id, idempotency_key); service_role only.',
});

/**
 * Refunds part or all of a succeeded donation (the refunds guard trigger locks the donation and
 * refuses more than its amount); a full refund moves the donation to refunded. Returns the refund id.
 */
export const refundDonationFn = defineFunction('wolo.refund_donation(donation_id uuid, amount_cfa integer, reason text, by_user uuid) RETURNS uuid', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
#variable_conflict use_column
DECLARE
  v_refund uuid;
BEGIN
  PERFORM wolo.require_user(refund_donation.by_user, 'refunding user', 'by_user');
  INSERT INTO wolo.refunds (donation_id, refunded_by_user_id, amount_cfa, reason, processed_at)
  VALUES (refund_donation.donation_id, refund_donation.by_user, refund_donation.amount_cfa, refund_donation.reason, pg_catalog.now())
  RETURNING id INTO v_refund;
  UPDATE wolo.donations d SET status = 'refunded', refunded_at = pg_catalog.now()
  WHERE d.id = refund_donation.donation_id AND d.status = 'succeeded'
    AND d.amount_cfa = (SELECT sum(r.amount_cfa) FROM wolo.refunds r WHERE r.donation_id = d.id);
  RETURN v_refund;
END`,
  comment: 'Refunds a succeeded donation, never beyond its amount (also concurrently); service_role only.',
});

const waveWebhookSchema = z.looseObject({
  id: z.string().min(1).max(100),
  type: z.string().min(1).max(50),
  data: z.looseObject({
    id: z.string().min(1),
    amount: z.union([z.string(), z.number()]).optional(),
    currency: z.string().optional(),
    client_reference: z.string().nullable().optional(),
    payment_status: z.string().optional(),
    // wave_transaction_id is varchar(100): a longer one failed the donation's UPDATE (22001).
    transaction_id: z.string().max(100).nullable().optional(),
  }),
})
  // jsonb cannot hold a NUL or an unpaired surrogate anywhere in the body (a raw driver error otherwise),
  // and JSON.stringify throws on a BigInt or a cycle (a TypeError otherwise).
  .refine(isStorableJson, STORABLE_JSON_MESSAGE);
export type WaveWebhookPayload = z.input<typeof waveWebhookSchema>;
export interface WebhookResult {
  /** The donation the event is about; null when client_reference matches none. */
  donationId: string | null;
  /** The donation's status after processing. */
  status: DonationStatus | null;
  /** True when the event (or the same outcome under another event id) was processed before: nothing changed. */
  duplicate: boolean;
}

/**
 * Processes a Wave Checkout webhook body as Wave sent it (run it as service_role or the owner).
 * A malformed body is a ValidationError (`field: 'payload…'`); an amount, currency or order problem
 * is recorded in wave_webhook_events.processing_error and changes nothing.
 */
export async function processWaveWebhook(db: Db, payload: WaveWebhookPayload): Promise<WebhookResult> {
  parseInput(waveWebhookSchema, payload, 'payload');
  try {
    const [row] = await queryRows<{ donation_id: string | null; status: DonationStatus | null; duplicate: boolean }>(
      db,
      sql`select * from wolo.process_wave_webhook(${JSON.stringify(payload)}::jsonb)`,
    );
    return { donationId: row?.donation_id ?? null, status: row?.status ?? null, duplicate: row?.duplicate ?? false };
  } catch (error) {
    throw woloError(error, 'payload');
  }
}

const refundSchema = z.object({
  donationId: z.uuid(),
  amountCfa: z.number().int().positive().max(2_147_483_647),
  reason: z.enum(REFUND_REASONS),
  byUser: z.uuid(),
});
export type RefundDonationInput = { donationId: string; amountCfa: number; reason: RefundReason; byUser: string };

/** Refunds `amountCfa` of a succeeded donation; returns the refund id. Codes: refund_not_allowed, refund_exceeds_amount, not_found (donation, or `by_user`). */
export async function refundDonation(db: Db, input: RefundDonationInput): Promise<string> {
  const v = parseInput(refundSchema, input);
  try {
    const [row] = await queryRows<{ id: string }>(db, sql`select wolo.refund_donation(${v.donationId}, ${v.amountCfa}, ${v.reason}, ${v.byUser}) as id`);
    return row!.id;
  } catch (error) {
    throw woloError(error, 'donationId');
  }
}

export const donationObjects = [processWaveWebhookFn, refundDonationFn];

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput } from '../../errors.js';
import { COUNTED_DONATION_STATUSES, DEVICE_TYPES, PLATFORMS, sqlList } from '../../schema/wolo/constants.js';
import { defineFunction } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { isStorableDate, isStorableDay, isStorableJson, isStorableText, jsonSizeMessage, STORABLE_DATE_MESSAGE, STORABLE_JSON_MESSAGE, STORABLE_TEXT_MESSAGE, TEXT_LIMITS } from '../../schema/_shared/index.js';
import { jsonWithin } from '../../schema/_shared/validators.js';

type Db = Pick<Database, 'execute'>;

/** The business_metrics rows compute_daily_metrics writes (dimensions NULL: the day's total). */
export const DAILY_METRIC_TYPES = ['daily_active_users', 'donations', 'revenue', 'new_pots'] as const;

/**
 * Records an analytics event. SECURITY INVOKER: a signed-in caller inserts under the policy "users
 * record their own events" (user_id NULL or auth.uid()) with the column grant, which leaves out
 * `timestamp` (the default now(): a user cannot backdate events); service_role (no auth.uid()) may give
 * `occurred_at`. The id is drawn here, not read back: users cannot SELECT analytics_events (RETURNING
 * would need it).
 */
export const recordEventFn = defineFunction('wolo.record_event(event_name text, event_category text, user_id uuid DEFAULT NULL, properties jsonb DEFAULT NULL, session_id text DEFAULT NULL, anonymous_id text DEFAULT NULL, platform text DEFAULT NULL, device_type text DEFAULT NULL, occurred_at timestamptz DEFAULT now()) RETURNS uuid', { language: 'plpgsql', searchPath: '', grantExecute: ['authenticated', 'service_role'],
  body: `
DECLARE
  v_caller uuid := (SELECT auth.uid());
  v_id uuid := pg_catalog.gen_random_uuid();
BEGIN
  IF v_caller IS NOT NULL AND record_event.user_id IS NOT NULL AND record_event.user_id <> v_caller THEN
    RAISE EXCEPTION 'a user records its own events only' USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'user_id';
  END IF;
  -- (under RLS a signed-in caller sees its own users row, the only one it may name)
  IF record_event.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM wolo.users u WHERE u.id = record_event.user_id) THEN
    RAISE EXCEPTION 'user % is not a WOLO user', record_event.user_id USING ERRCODE = '${uw('not_found')}', COLUMN = 'user_id';
  END IF;
  IF v_caller IS NULL THEN
    INSERT INTO wolo.analytics_events (id, event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type, timestamp)
    VALUES (v_id, record_event.event_name, record_event.event_category, record_event.user_id, record_event.properties, record_event.session_id,
            record_event.anonymous_id, record_event.platform, record_event.device_type, coalesce(record_event.occurred_at, pg_catalog.now()));
  ELSE
    INSERT INTO wolo.analytics_events (id, event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type)
    VALUES (v_id, record_event.event_name, record_event.event_category, record_event.user_id, record_event.properties, record_event.session_id,
            record_event.anonymous_id, record_event.platform, record_event.device_type);
  END IF;
  RETURN v_id;
END`,
  comment: 'Records an analytics event; a signed-in user records its own events only (and at now()).',
});

/**
 * Fills donation_analytics (daily row) and business_metrics (DAILY_METRIC_TYPES, dimensions NULL)
 * for one business day; recomputing a day replaces its rows. Donations count when confirmed that
 * day in a counted status; success_rate = counted / initiated that day; daily active users = distinct
 * users with an analytics event, a login or a donation that day; revenue = pack prices of the codes
 * redeemed that day; new pots = pots created that day.
 */
export const computeDailyMetricsFn = defineFunction('wolo.compute_daily_metrics(day date) RETURNS void', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
DECLARE
  v_tz text := wolo.business_time_zone();
  v_from timestamptz := compute_daily_metrics.day::timestamp AT TIME ZONE v_tz;
  v_to timestamptz := (compute_daily_metrics.day + 1)::timestamp AT TIME ZONE v_tz;
  v_amount bigint;
  v_count integer;
  v_donors integer;
  v_initiated integer;
  v_dau integer;
  v_revenue bigint;
  v_redeemed integer;
  v_pots integer;
BEGIN
  IF compute_daily_metrics.day IS NULL THEN
    RAISE EXCEPTION 'day is required' USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'day';
  END IF;
  SELECT coalesce(sum(d.amount_cfa), 0), count(*), count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone))
    INTO v_amount, v_count, v_donors
  FROM wolo.donations d
  WHERE d.status IN (${sqlList(COUNTED_DONATION_STATUSES)}) AND d.confirmed_at >= v_from AND d.confirmed_at < v_to;
  SELECT count(*) INTO v_initiated FROM wolo.donations d WHERE d.initiated_at >= v_from AND d.initiated_at < v_to;
  INSERT INTO wolo.donation_analytics AS a (period_type, period_start, period_end, total_amount_cfa, transaction_count, unique_donors, average_donation_cfa, success_rate)
  VALUES ('daily', compute_daily_metrics.day, compute_daily_metrics.day, v_amount, v_count, v_donors,
          CASE WHEN v_count = 0 THEN 0 ELSE (v_amount / v_count)::integer END,
          CASE WHEN v_initiated = 0 THEN NULL ELSE least(1, round(v_count::numeric / v_initiated, 4)) END)
  ON CONFLICT (period_type, period_start, period_end) DO UPDATE SET
    total_amount_cfa = EXCLUDED.total_amount_cfa, transaction_count = EXCLUDED.transaction_count, unique_donors = EXCLUDED.unique_donors,
    average_donation_cfa = EXCLUDED.average_donation_cfa, success_rate = EXCLUDED.success_rate, created_at = pg_catalog.now();
  SELECT count(*) INTO v_dau FROM (
    SELECT e.user_id FROM wolo.analytics_events e WHERE e.user_id IS NOT NULL AND e.timestamp >= v_from AND e.timestamp < v_to
    UNION SELECT u.id FROM wolo.users u WHERE u.last_login_at >= v_from AND u.last_login_at < v_to
    UNION SELECT d.donor_user_id FROM wolo.donations d WHERE d.donor_user_id IS NOT NULL AND d.initiated_at >= v_from AND d.initiated_at < v_to
  ) active;
  SELECT count(*), coalesce(sum(coalesce(pk.discounted_price_cfa, pk.base_price_cfa)), 0) INTO v_redeemed, v_revenue
  FROM wolo.qr_codes q JOIN wolo.packs pk ON pk.id = q.pack_id
  WHERE q.status = 'redeemed' AND q.redeemed_at >= v_from AND q.redeemed_at < v_to;
  SELECT count(*) INTO v_pots FROM wolo.pots p WHERE p.created_at >= v_from AND p.created_at < v_to;
  DELETE FROM wolo.business_metrics m WHERE m.metric_date = compute_daily_metrics.day AND m.dimensions IS NULL
    AND m.metric_type IN (${sqlList(DAILY_METRIC_TYPES)});
  INSERT INTO wolo.business_metrics (metric_date, metric_type, metric_value, metric_count) VALUES
    (compute_daily_metrics.day, 'daily_active_users', v_dau, v_dau),
    (compute_daily_metrics.day, 'donations', v_amount, v_count),
    (compute_daily_metrics.day, 'revenue', v_revenue, v_redeemed),
    (compute_daily_metrics.day, 'new_pots', v_pots, v_pots);
END`,
  comment: 'Fills donation_analytics (daily) and business_metrics (daily_active_users, donations, revenue, new_pots) for a business day; idempotent. service_role only.',
});

const eventSchema = z.object({
  eventName: z.string().min(1).max(100).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  eventCategory: z.string().min(1).max(50).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  userId: z.uuid().nullable().optional(),
  // analytics_events_properties_size_check's limit
  properties: z.record(z.string(), z.unknown()).refine(isStorableJson, STORABLE_JSON_MESSAGE).refine(jsonWithin(TEXT_LIMITS.jsonBytes), jsonSizeMessage(TEXT_LIMITS.jsonBytes)).nullable().optional(),
  sessionId: z.string().max(100).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullable().optional(),
  anonymousId: z.string().max(100).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullable().optional(),
  platform: z.enum(PLATFORMS).nullable().optional(),
  deviceType: z.enum(DEVICE_TYPES).nullable().optional(),
  occurredAt: z.date().refine(isStorableDate, STORABLE_DATE_MESSAGE).optional(),
});
export type RecordEventInput = z.input<typeof eventSchema>;

/** Records an analytics event; returns its id. */
export async function recordEvent(db: Db, input: RecordEventInput): Promise<string> {
  const v = parseInput(eventSchema, input);
  try {
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`select wolo.record_event(${v.eventName}, ${v.eventCategory}, ${v.userId ?? null}::uuid, ${v.properties == null ? null : JSON.stringify(v.properties)}::jsonb,
            ${v.sessionId ?? null}::text, ${v.anonymousId ?? null}::text, ${v.platform ?? null}::text, ${v.deviceType ?? null}::text,
            coalesce(${v.occurredAt ? v.occurredAt.toISOString() : null}::timestamptz, now())) as id`,
    );
    return row!.id;
  } catch (error) {
    throw woloError(error, 'eventName');
  }
}

/** Computes the day's donation_analytics and business_metrics rows (replacing them). `day`: YYYY-MM-DD. */
export async function computeDailyMetrics(db: Db, day: string): Promise<void> {
  const d = parseInput(z.iso.date().refine(isStorableDay, STORABLE_DATE_MESSAGE), day, 'day');
  try {
    await queryRows(db, sql`select wolo.compute_daily_metrics(${d}::date)`);
  } catch (error) {
    throw woloError(error, 'day');
  }
}

export const analyticsObjects = [recordEventFn, computeDailyMetricsFn];

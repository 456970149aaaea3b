import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput, ValidationError } from '../../errors.js';
import { NOTIFICATION_CHANNELS } from '../../schema/wolo/index.js';
import { defineFunction, sqlFile } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { isStorableDate, isStorableJson, isStorableText, jsonSizeMessage, STORABLE_DATE_MESSAGE, STORABLE_JSON_MESSAGE, STORABLE_TEXT_MESSAGE, TEXT_LIMITS } from '../../schema/_shared/index.js';
import { jsonWithin } from '../../schema/_shared/validators.js';

type Db = Pick<Database, 'execute'>;

/** wolo.notifications.subject is varchar(500): a longer rendered subject is invalid_input naming `data`. */
const NOTIFICATION_SUBJECT_MAX = 500;

/** First retry after this many seconds, doubled on every further failure (60 s, 120 s, 240 s, …). */
export const NOTIFICATION_BACKOFF_SECONDS = 60;

/**
 * Renders and queues one notification (doc 003 §3.8). Order: the active template (not_found), the
 * channel it supports (channel_not_supported), the user's preferences (a disabled channel or event
 * type → NULL, nothing queued), marketing consent (consent_required), the placeholders
 * (missing_placeholder, naming it), the rendered subject's length (invalid_input, naming data), then scheduled_at moved out of the user's quiet hours in the
 * user's time zone (profile timezone, default the business time zone; quiet hours may span midnight).
 * The event type is the template key's prefix before the first '.' or '_' (referral, pot, donation).
 */
export const enqueueNotificationFn = defineFunction("wolo.enqueue_notification(user_id uuid, template_key text, channel text, data jsonb DEFAULT '{}'::jsonb, as_of timestamptz DEFAULT now()) RETURNS uuid", { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: sqlFile(import.meta.url, './enqueue-notification.sql', {
    NOT_FOUND: uw('not_found'),
    CHANNEL_NOT_SUPPORTED: uw('channel_not_supported'),
    CONSENT_REQUIRED: uw('consent_required'),
    MISSING_PLACEHOLDER: uw('missing_placeholder'),
    INVALID_INPUT: uw('invalid_input'),
    SUBJECT_MAX: NOTIFICATION_SUBJECT_MAX,
  }),
  comment:
    'Renders the active template with data ({{name}} placeholders) and queues it for the user on channel, outside quiet hours; NULL when the user disabled the channel or event type. service_role only.',
});

/** Claims up to `batch` due pending notifications for one sender worker (SKIP LOCKED: concurrent workers get disjoint rows). */
export const claimNotificationsFn = defineFunction('wolo.claim_notifications(batch integer) RETURNS setof wolo.notifications', { language: 'sql', searchPath: '', grantExecute: ['service_role'],
  body: `
UPDATE wolo.notifications n SET status = 'sending'
WHERE n.id IN (
  SELECT c.id FROM wolo.notifications c
  WHERE c.status = 'pending' AND c.scheduled_at <= pg_catalog.now() AND (c.next_retry_at IS NULL OR c.next_retry_at <= pg_catalog.now())
  ORDER BY c.scheduled_at, c.id
  LIMIT greatest(claim_notifications.batch, 0)
  FOR UPDATE SKIP LOCKED)
RETURNING n.*`,
  comment: 'Moves up to batch due pending notifications to sending and returns them; concurrent workers claim disjoint rows (FOR UPDATE SKIP LOCKED). service_role only.',
});

/**
 * The outcome of a send attempt of a claimed (sending) notification: delivered → delivered (sent_at,
 * delivered_at); otherwise pending again with next_retry_at = now + 60 s × 2^retry_count, and failed
 * once max_retries retries have failed. notification_analytics (business date, template, channel)
 * counts attempts (sent_count), deliveries and final failures.
 */
export const recordNotificationResultFn = defineFunction('wolo.record_notification_result(id uuid, delivered boolean, error_code text DEFAULT NULL, error_message text DEFAULT NULL) RETURNS text', { language: 'plpgsql', searchPath: '', grantExecute: ['service_role'],
  body: `
DECLARE
  n wolo.notifications;
  v_key text;
  v_status text;
  v_day date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
BEGIN
  SELECT * INTO n FROM wolo.notifications x WHERE x.id = record_notification_result.id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'notification % does not exist', record_notification_result.id USING ERRCODE = '${uw('not_found')}', COLUMN = 'id';
  END IF;
  IF n.status <> 'sending' THEN
    RAISE EXCEPTION 'notification % is %, not sending', n.id, n.status USING ERRCODE = '${uw('notification_status')}', COLUMN = 'id';
  END IF;
  SELECT nt.template_key INTO v_key FROM wolo.notification_templates nt WHERE nt.id = n.template_id;
  IF record_notification_result.delivered THEN
    v_status := 'delivered';
    UPDATE wolo.notifications x SET status = v_status, sent_at = coalesce(x.sent_at, pg_catalog.now()), delivered_at = pg_catalog.now(),
      next_retry_at = NULL, error_code = NULL, error_message = NULL
    WHERE x.id = n.id;
  ELSIF n.retry_count >= n.max_retries THEN
    v_status := 'failed';
    UPDATE wolo.notifications x SET status = v_status, failed_at = pg_catalog.now(), next_retry_at = NULL,
      error_code = pg_catalog.left(record_notification_result.error_code, 50), error_message = record_notification_result.error_message
    WHERE x.id = n.id;
  ELSE
    v_status := 'pending';
    UPDATE wolo.notifications x SET status = v_status, retry_count = n.retry_count + 1,
      next_retry_at = pg_catalog.now() + pg_catalog.make_interval(secs => ${NOTIFICATION_BACKOFF_SECONDS} * (2 ^ n.retry_count)),
      error_code = pg_catalog.left(record_notification_result.error_code, 50), error_message = record_notification_result.error_message
    WHERE x.id = n.id;
  END IF;
  INSERT INTO wolo.notification_analytics AS a (date, template_key, channel, sent_count, delivered_count, failed_count, delivery_rate)
  VALUES (v_day, v_key, n.channel, 1, CASE WHEN v_status = 'delivered' THEN 1 ELSE 0 END, CASE WHEN v_status = 'failed' THEN 1 ELSE 0 END,
          CASE WHEN v_status = 'delivered' THEN 1 ELSE 0 END)
  ON CONFLICT (date, template_key, channel) DO UPDATE SET
    sent_count = a.sent_count + 1,
    delivered_count = a.delivered_count + EXCLUDED.delivered_count,
    failed_count = a.failed_count + EXCLUDED.failed_count,
    delivery_rate = round((a.delivered_count + EXCLUDED.delivered_count)::numeric / (a.sent_count + 1), 4);
  RETURN v_status;
END`,
  comment: 'Records a send attempt of a sending notification: delivered, pending again with exponential backoff, or failed after max_retries; keeps notification_analytics. service_role only.',
});

const enqueueSchema = z.object({
  userId: z.uuid(),
  templateKey: z.string().min(1).max(100).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  channel: z.enum(NOTIFICATION_CHANNELS),
  // stored as template_data: notifications_template_data_size_check's limit
  data: z.record(z.string(), z.unknown()).refine(isStorableJson, STORABLE_JSON_MESSAGE).refine(jsonWithin(TEXT_LIMITS.jsonBytes), jsonSizeMessage(TEXT_LIMITS.jsonBytes)).default({}),
  asOf: z.date().refine(isStorableDate, STORABLE_DATE_MESSAGE).optional(),
});
export type EnqueueNotificationInput = z.input<typeof enqueueSchema>;

/** Queues a notification; null when the user turned the channel or event type off. */
export async function enqueueNotification(db: Db, input: EnqueueNotificationInput): Promise<string | null> {
  const v = parseInput(enqueueSchema, input);
  try {
    const asOf = v.asOf ? v.asOf.toISOString() : null;
    const [row] = await queryRows<{ id: string | null }>(
      db,
      sql`select wolo.enqueue_notification(${v.userId}, ${v.templateKey}, ${v.channel}, ${JSON.stringify(v.data)}::jsonb, coalesce(${asOf}::timestamptz, now())) as id`,
    );
    return row!.id;
  } catch (error) {
    const mapped = woloError(error, 'templateKey');
    // missing_placeholder names the placeholder (its COLUMN): a key of `data`, so the field is `data.<name>`.
    if (mapped instanceof ValidationError && mapped.code === 'missing_placeholder') {
      throw new ValidationError(`data.${mapped.field}`, mapped.reason, { code: mapped.code, cause: mapped.cause, sqlState: mapped.sqlState });
    }
    throw mapped;
  }
}

/** Claims up to `batch` due notifications for this worker (status sending); rows as the table's columns (snake_case). */
export async function claimNotifications(db: Db, batch: number): Promise<Record<string, unknown>[]> {
  const n = parseInput(z.number().int().min(1).max(10_000), batch, 'batch');
  return queryRows<Record<string, unknown>>(db, sql`select * from wolo.claim_notifications(${n}::int)`);
}

const resultSchema = z.object({
  id: z.uuid(),
  delivered: z.boolean(),
  errorCode: z.string().max(50).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullable().optional(),
  errorMessage: z.string().max(5000).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullable().optional(),
});
export type NotificationResultInput = z.input<typeof resultSchema>;

/** Records a send attempt; returns the notification's new status (delivered | pending | failed). */
export async function recordNotificationResult(db: Db, input: NotificationResultInput): Promise<'delivered' | 'pending' | 'failed'> {
  const v = parseInput(resultSchema, input);
  try {
    const [row] = await queryRows<{ status: 'delivered' | 'pending' | 'failed' }>(
      db,
      sql`select wolo.record_notification_result(${v.id}, ${v.delivered}, ${v.errorCode ?? null}, ${v.errorMessage ?? null}) as status`,
    );
    return row!.status;
  } catch (error) {
    throw woloError(error, 'id');
  }
}

export const notificationObjects = [enqueueNotificationFn, claimNotificationsFn, recordNotificationResultFn];

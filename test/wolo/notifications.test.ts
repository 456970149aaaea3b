import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { claimNotifications, enqueueNotification, recordNotificationResult } from '../../src/functions/wolo/index.js';
import { expectDenied } from '../../src/testing/index.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { anonCtx, createUser, expectSqlState, userCtx } from './fixtures.js';

const t = useDatabase();

async function template(opts: { channels?: string[]; category?: string; subject?: string; body?: string; prefix?: string } = {}) {
  const key = `${opts.prefix ?? 'pot'}.${randomUUID().slice(0, 8)}`;
  const channels = opts.channels ?? ['email', 'sms'];
  await queryRows(
    t.db,
    sql`insert into wolo.notification_templates (template_key, name, subject, body_text, channels, category)
        values (${key}, 'T', ${opts.subject ?? 'Hello {{name}}'}, ${opts.body ?? 'Your pot {{ pot }} raised {{amount}} CFA'},
                ${sql.raw(`ARRAY[${channels.map((c) => `'${c}'`).join(',')}]::varchar(20)[]`)}, ${opts.category ?? 'transactional'})`,
  );
  return key;
}

async function prefs(user: string, values: Record<string, unknown>) {
  const cols = Object.keys(values);
  await queryRows(t.db, sql`insert into wolo.notification_preferences (user_id) values (${user}) on conflict do nothing`);
  for (const c of cols) await queryRows(t.db, sql`update wolo.notification_preferences set ${sql.identifier(c)} = ${values[c] as string} where user_id = ${user}`);
}

async function notification(id: string) {
  const [row] = await queryRows<{ status: string; subject: string; body: string; scheduled_at: string; retry_count: number; next_retry_at: string | null; recipient_identifier: string }>(
    t.db,
    sql`select status, subject, body, scheduled_at::text as scheduled_at, retry_count, next_retry_at::text as next_retry_at, recipient_identifier from wolo.notifications where id = ${id}`,
  );
  return row!;
}

const data = { name: 'Awa', pot: 'Fatou 18', amount: 25000 };

describe(`notifications (${engine})`, () => {
  it('renders {{name}} placeholders (spaces allowed) into subject and body; the recipient follows the channel', async () => {
    const user = await createUser(t.db);
    const key = await template();
    const id = await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data, asOf: new Date('2026-03-01T12:00:00Z') });
    const n = await notification(id!);
    expect(n.subject).toBe('Hello Awa');
    expect(n.body).toBe('Your pot Fatou 18 raised 25000 CFA');
    expect(n.recipient_identifier).toMatch(/@wolo\.example$/);
    const sms = await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'sms', data, asOf: new Date('2026-03-01T12:00:00Z') });
    expect((await notification(sms!)).recipient_identifier).toMatch(/^\+221/);
  });

  it('a placeholder missing from data is an error naming it, and nothing is queued', async () => {
    const user = await createUser(t.db);
    const key = await template();
    const before = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.notifications where user_id = ${user}`);
    await expect(enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data: { name: 'Awa', pot: 'x' } })).rejects.toMatchObject({
      code: 'missing_placeholder',
      message: expect.stringContaining('amount'),
    });
    const after = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.notifications where user_id = ${user}`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('refuses a channel the template does not support, an unknown template, a bad channel name', async () => {
    const user = await createUser(t.db);
    const key = await template({ channels: ['email'] });
    await expect(enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'whatsapp', data })).rejects.toMatchObject({ code: 'channel_not_supported' });
    await expect(enqueueNotification(t.db, { userId: user, templateKey: 'pot.none', channel: 'email', data })).rejects.toMatchObject({ code: 'not_found' });
    await expect(enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'fax' as 'email', data })).rejects.toMatchObject({ field: 'channel' });
    await expectSqlState(queryRows(t.db, sql`select wolo.enqueue_notification(${user}, ${key}, 'whatsapp', '{}'::jsonb)`), 'UW019');
  });

  it('a disabled channel or event type returns null and queues nothing', async () => {
    const user = await createUser(t.db);
    const pot = await template({ prefix: 'pot' });
    const donation = await template({ prefix: 'donation' });
    await prefs(user, { sms_enabled: false, pot_notifications: false });
    expect(await enqueueNotification(t.db, { userId: user, templateKey: donation, channel: 'sms', data })).toBeNull();
    expect(await enqueueNotification(t.db, { userId: user, templateKey: pot, channel: 'email', data })).toBeNull();
    expect(await enqueueNotification(t.db, { userId: user, templateKey: donation, channel: 'email', data })).not.toBeNull();
    const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.notifications where user_id = ${user}`);
    expect(n!.n).toBe(1);
  });

  it('quiet hours spanning midnight, in the user time zone (default Africa/Dakar, UTC+0)', async () => {
    const user = await createUser(t.db);
    const key = await template();
    const at = async (iso: string) => (await notification((await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data, asOf: new Date(iso) }))!)).scheduled_at;
    // No preferences row: the defaults 22:00-08:00 apply.
    expect(await at('2026-03-01T23:30:00Z')).toBe('2026-03-02 08:00:00+00');
    expect(await at('2026-03-01T03:00:00Z')).toBe('2026-03-01 08:00:00+00');
    expect(await at('2026-03-01T12:00:00Z')).toBe('2026-03-01 12:00:00+00');
    expect(await at('2026-03-01T22:00:00Z')).toBe('2026-03-02 08:00:00+00');
    expect(await at('2026-03-01T08:00:00Z')).toBe('2026-03-01 08:00:00+00');
    // Profile in Asia/Tokyo (UTC+9): 23:30 Tokyo = 14:30 UTC → 08:00 Tokyo next day = 23:00 UTC.
    await queryRows(t.db, sql`insert into wolo.profiles (user_id, full_name, date_of_birth, timezone) values (${user}, 'Awa', '1990-01-01', 'Asia/Tokyo')`);
    expect(await at('2026-03-01T14:30:00Z')).toBe('2026-03-01 23:00:00+00');
    // Quiet hours inside one day (13:00-15:00 Tokyo).
    await prefs(user, { quiet_hours_start: '13:00', quiet_hours_end: '15:00' });
    expect(await at('2026-03-01T04:30:00Z')).toBe('2026-03-01 06:00:00+00');
    expect(await at('2026-03-01T14:30:00Z')).toBe('2026-03-01 14:30:00+00');
    // No quiet hours.
    await queryRows(t.db, sql`update wolo.notification_preferences set quiet_hours_start = null, quiet_hours_end = null where user_id = ${user}`);
    expect(await at('2026-03-01T14:30:00Z')).toBe('2026-03-01 14:30:00+00');
  });

  it('marketing needs the recorded opt-in with time and source', async () => {
    const user = await createUser(t.db);
    const key = await template({ category: 'marketing', prefix: 'promo' });
    await expect(enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data })).rejects.toMatchObject({ code: 'consent_required' });
    await prefs(user, { marketing_notifications: true });
    await expect(enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data })).rejects.toMatchObject({ code: 'consent_required' });
    // Opt-in time without its source is refused by the table.
    await expect(queryRows(t.db, sql`update wolo.notification_preferences set marketing_opt_in_at = now() where user_id = ${user}`)).rejects.toThrow();
    await queryRows(t.db, sql`update wolo.notification_preferences set marketing_opt_in_at = now(), marketing_opt_in_source = 'signup_form' where user_id = ${user}`);
    expect(await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data })).not.toBeNull();
  });

  it('claim, deliver; retry with exponential backoff until max_retries, then failed; analytics follow', async () => {
    const user = await createUser(t.db);
    const key = await template();
    const past = new Date(Date.now() - 3_600_000);
    await prefs(user, { quiet_hours_start: null, quiet_hours_end: null });
    const ok = await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data, asOf: past });
    const bad = await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data, asOf: past });
    const claimed = await claimNotifications(t.db, 1000);
    expect(claimed.map((c) => c.id)).toEqual(expect.arrayContaining([ok, bad]));
    expect(claimed.every((c) => c.status === 'sending')).toBe(true);
    expect(await recordNotificationResult(t.db, { id: ok!, delivered: true })).toBe('delivered');
    await expect(recordNotificationResult(t.db, { id: ok!, delivered: true })).rejects.toMatchObject({ code: 'notification_status' });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await recordNotificationResult(t.db, { id: bad!, delivered: false, errorCode: 'SMTP_421', errorMessage: 'try later' })).toBe('pending');
      const [r] = await queryRows<{ delay: number; retry_count: number }>(
        t.db,
        sql`select round(extract(epoch from next_retry_at - now()))::int as delay, retry_count from wolo.notifications where id = ${bad}`,
      );
      delays.push(r!.delay);
      expect(r!.retry_count).toBe(i + 1);
      // Not due yet: no worker claims it.
      expect((await claimNotifications(t.db, 1000)).map((c) => c.id)).not.toContain(bad);
      await queryRows(t.db, sql`update wolo.notifications set next_retry_at = now() - interval '1 second' where id = ${bad}`);
      expect((await claimNotifications(t.db, 1000)).map((c) => c.id)).toContain(bad);
    }
    expect(delays).toEqual([60, 120, 240]);
    expect(await recordNotificationResult(t.db, { id: bad!, delivered: false, errorCode: 'SMTP_550' })).toBe('failed');
    const n = await notification(bad!);
    expect(n.status).toBe('failed');
    const [a] = await queryRows<{ sent_count: number; delivered_count: number; failed_count: number; delivery_rate: string }>(
      t.db,
      sql`select sent_count, delivered_count, failed_count, delivery_rate::text from wolo.notification_analytics where template_key = ${key} and channel = 'email'`,
    );
    expect(a).toMatchObject({ sent_count: 5, delivered_count: 1, failed_count: 1, delivery_rate: '0.2000' });
  });

  it('a future scheduled_at is not claimed; users cannot run the queue functions', async () => {
    const user = await createUser(t.db);
    const key = await template();
    const later = await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data, asOf: new Date(Date.now() + 86_400_000) });
    expect((await claimNotifications(t.db, 1000)).map((c) => c.id)).not.toContain(later);
    await expectDenied(t.db, userCtx(user), (tx) => queryRows(tx, sql`select * from wolo.claim_notifications(1)`));
    await expectDenied(t.db, anonCtx, (tx) => queryRows(tx, sql`select * from wolo.claim_notifications(1)`));
    await expectDenied(t.db, userCtx(user), (tx) => queryRows(tx, sql`select wolo.enqueue_notification(${user}, ${key}, 'email', '{}'::jsonb)`));
  });

  it.skipIf(engine !== 'postgres')(`one send's result reported on 4 connections at once (a worker's retry after a timeout): recorded once, counted once ${POSTGRES_ONLY_RACE}`, async () => {
    const user = await createUser(t.db);
    await prefs(user, { quiet_hours_start: null, quiet_hours_end: null });
    const past = new Date(Date.now() - 60_000);
    const cs = [0, 1, 2, 3].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      for (const delivered of [true, false]) {
        const key = await template();
        const id = await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data, asOf: past });
        await queryRows(t.db, sql`update wolo.notifications set status = 'sending' where id = ${id}`);
        const results = await Promise.allSettled(cs.map((c) => c`select wolo.record_notification_result(${id}, ${delivered}, 'E1', 'x') as status`));
        expect(results.filter((r) => r.status === 'fulfilled').map((r) => r.value[0]!.status)).toEqual([delivered ? 'delivered' : 'pending']);
        for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('UW022');
        expect(await notification(id!)).toMatchObject({ status: delivered ? 'delivered' : 'pending', retry_count: delivered ? 0 : 1 });
        const [a] = await queryRows<{ sent_count: number; delivered_count: number }>(
          t.db,
          sql`select sent_count, delivered_count from wolo.notification_analytics where template_key = ${key} and channel = 'email'`,
        );
        expect(a).toEqual({ sent_count: 1, delivered_count: delivered ? 1 : 0 });
      }
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });

  it.skipIf(engine !== 'postgres')('4 concurrent workers claim disjoint batches [PostgreSQL only: needs several connections]', async () => {
    const user = await createUser(t.db);
    const key = await template();
    await prefs(user, { quiet_hours_start: null, quiet_hours_end: null });
    await queryRows(t.db, sql`update wolo.notifications set status = 'failed' where status in ('pending', 'sending')`);
    const past = new Date(Date.now() - 60_000);
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add((await enqueueNotification(t.db, { userId: user, templateKey: key, channel: 'email', data, asOf: past }))!);
    const workers = [0, 1, 2, 3].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      const claimed: string[][] = [[], [], [], []];
      await Promise.all(
        workers.map(async (w, i) => {
          for (;;) {
            const rows = await w.begin(async (tx) => {
              const r = await tx`select id from wolo.claim_notifications(7)`;
              await tx`select pg_sleep(0.005)`;
              return r;
            });
            if (rows.length === 0) break;
            claimed[i]!.push(...rows.map((r) => r.id as string));
          }
        }),
      );
      const all = claimed.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(new Set(all)).toEqual(ids);
      expect(claimed.filter((c) => c.length > 0).length).toBeGreaterThan(1);
    } finally {
      await Promise.all(workers.map((w) => w.end({ timeout: 5 })));
    }
  });
});

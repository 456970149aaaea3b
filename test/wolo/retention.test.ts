import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { purgeExpiredData } from '../../src/functions/wolo/index.js';
import { expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { anonCtx, createPot, createUser, userCtx } from './fixtures.js';

const t = useDatabase();
const NOW = '2026-06-01T00:00:00Z';

describe(`retention (${engine})`, () => {
  it('purges rows strictly older than their period, keeps a row exactly at the limit, in batches', async () => {
    const user = await createUser(t.db);
    const pot = await createPot(t.db, user);
    const at = (period: string, extra = '0 seconds') => sql.raw(`('${NOW}'::timestamptz - interval '${period}' - interval '${extra}')`);
    // Sessions: 25 expired (batch of 10 → 3 batches), one exactly at 90 days.
    for (let i = 0; i < 25; i++)
      await queryRows(t.db, sql`insert into wolo.user_sessions (user_id, token_hash, expires_at, created_at) values (${user}, ${`old${i}`}, now(), ${at('90 days', `${i + 1} seconds`)})`);
    await queryRows(t.db, sql`insert into wolo.user_sessions (user_id, token_hash, expires_at, created_at) values (${user}, 'limit', now(), ${at('90 days')})`);
    for (const [extra, name] of [
      ['1 second', 'old'],
      ['0 seconds', 'limit'],
    ] as const) {
      await queryRows(t.db, sql`insert into wolo.analytics_events (event_name, event_category, timestamp) values (${name}, 'retention', ${at('2 years', extra)})`);
      await queryRows(t.db, sql`insert into wolo.audit_logs (actor_type, action, resource_type, timestamp) values ('system', ${name}, 'retention', ${at('5 years', extra)})`);
      await queryRows(
        t.db,
        sql`insert into wolo.donations (pot_id, donor_phone, donor_name, amount_cfa, initiated_at) values (${pot}, '+221770000000', ${name}, 1000, ${at('7 years', extra)})`,
      );
    }
    const result = await purgeExpiredData(t.db, { now: new Date(NOW), batchSize: 10 });
    expect(result).toMatchObject({ user_sessions: 25, analytics_events: 1, audit_logs: 1, donations: 1, refunds: 0, partner_settlements: 0, points_ledger: 0 });
    const left = await queryRows<{ s: string[]; e: string[]; a: string[]; d: string[] }>(
      t.db,
      sql`select (select array_agg(token_hash) from wolo.user_sessions where user_id = ${user}) as s,
                 (select array_agg(event_name) from wolo.analytics_events where event_category = 'retention') as e,
                 (select array_agg(action) from wolo.audit_logs where resource_type = 'retention') as a,
                 (select array_agg(donor_name) from wolo.donations where pot_id = ${pot}) as d`,
    );
    expect(left[0]).toEqual({ s: ['limit'], e: ['limit'], a: ['limit'], d: ['limit'] });
    // Deleted accounts: forgotten once deleted_at is strictly more than 30 days old.
    const gone = await createUser(t.db);
    const recent = await createUser(t.db);
    await queryRows(t.db, sql`update wolo.users set deleted_at = ${at('30 days', '1 second')} where id = ${gone}`);
    await queryRows(t.db, sql`update wolo.users set deleted_at = ${at('30 days')} where id = ${recent}`);
    expect((await purgeExpiredData(t.db, { now: new Date(NOW) }))['users (forgotten)']).toBe(1);
    const accounts = await queryRows<{ id: string; phone: string | null; is_active: boolean }>(t.db, sql`select id, phone, is_active from wolo.users where id in (${gone}, ${recent})`);
    expect(accounts.find((a) => a.id === gone)).toMatchObject({ phone: null, is_active: false });
    expect(accounts.find((a) => a.id === recent)!.phone).not.toBeNull();
    // Running again deletes nothing.
    expect(Object.values(await purgeExpiredData(t.db, { now: new Date(NOW) })).every((n) => n === 0)).toBe(true);
  });

  it("a donation paid through Wave goes with its webhook events and applied points once all are past 7 years", async () => {
    const user = await createUser(t.db);
    const pot = await createPot(t.db, user);
    const at = (extra: string) => sql.raw(`('${NOW}'::timestamptz - interval '7 years' - interval '${extra}')`);
    const paid = async (name: string, extra: string, eventExtra = extra) => {
      const [d] = await queryRows<{ id: string }>(
        t.db,
        sql`insert into wolo.donations (pot_id, donor_phone, donor_name, amount_cfa, initiated_at) values (${pot}, '+221770000001', ${name}, 1000, ${at(extra)}) returning id`,
      );
      await queryRows(
        t.db,
        sql`insert into wolo.wave_webhook_events (wave_event_id, event_type, donation_id, raw_payload, created_at)
            values (${`AE_${name}_${Math.random()}`}, 'checkout.session.completed', ${d!.id}, '{"data":{"payment_status":"succeeded"}}', ${at(eventExtra)})`,
      );
      await queryRows(
        t.db,
        sql`insert into wolo.points_conversions (sponsor_user_id, points_converted, credits_issued, conversion_rate, applied_to_pot_id, donation_id, created_at)
            values (${user}, 10, 10, 1, ${pot}, ${d!.id}, ${at(eventExtra)})`,
      );
      return d!.id;
    };
    await paid('wave-old', '1 second');
    await paid('wave-limit', '0 seconds');
    // its event is younger than 7 years: the donation waits for it
    await paid('wave-late-event', '1 second', '-1 day');
    const result = await purgeExpiredData(t.db, { now: new Date(NOW) });
    expect(result).toMatchObject({ wave_webhook_events: 1, points_conversions: 1, donations: 1 });
    const left = await queryRows<{ donor_name: string }>(t.db, sql`select donor_name from wolo.donations where pot_id = ${pot} order by donor_name`);
    expect(left.map((r) => r.donor_name)).toEqual(['wave-late-event', 'wave-limit']);
  });

  it('only service_role runs the purge; bad input is a ValidationError', async () => {
    const user = await createUser(t.db);
    await expectDenied(t.db, userCtx(user), (tx) => queryRows(tx, sql`select * from wolo.purge_expired_data()`));
    await expectDenied(t.db, anonCtx, (tx) => queryRows(tx, sql`select * from wolo.purge_expired_data()`));
    await expect(purgeExpiredData(t.db, { batchSize: 0 })).rejects.toMatchObject({ field: 'batchSize' });
  });
});

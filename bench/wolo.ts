import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Database, openDatabase, queryRows } from '../src/db.js';
import { migrate } from '../src/migrations/index.js';
import type { BenchContext, BenchSuite } from './lib.js';

const CLIENTS = 8;

/** Runs `work(client, i)` for i in 0..n-1 on CLIENTS connections, each taking the next index; returns items/s. */
async function throughput(url: string, n: number, work: (c: postgres.Sql, i: number) => Promise<unknown>): Promise<number> {
  const clients = Array.from({ length: CLIENTS }, () => postgres(url, { max: 1, onnotice: () => {} }));
  try {
    await Promise.all(clients.map((c) => c`select 1`));
    let next = 0;
    const start = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        for (let i = next++; i < n; i = next++) await work(c, i);
      }),
    );
    return n / ((performance.now() - start) / 1000);
  } finally {
    await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
  }
}

/** `pots` open pots and `n` pending donations spread over them, plus a Wave event body for each donation. */
async function seedDonations(db: Database, n: number, pots: number) {
  const tag = randomUUID().slice(0, 8);
  const domain = `@${tag}.bench.example`;
  await queryRows(db, sql`insert into auth.users (id, email) select gen_random_uuid(), 'owner' || g || ${domain} from generate_series(1, ${pots}) g`);
  await queryRows(db, sql`insert into wolo.users (id, email) select id, email from auth.users where email like ${`%${domain}`}`);
  await queryRows(
    db,
    sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date, status)
        select id, ${tag}, 1000000000, current_date + 60, 'open' from wolo.users where email like ${`%${domain}`}`,
  );
  const rows = await queryRows<{ id: string; amount_cfa: number }>(
    db,
    sql`insert into wolo.donations (pot_id, donor_phone, amount_cfa)
        select p.id, '+2217' || lpad(g::text, 8, '0'), 500 + g % 1000
        from generate_series(1, ${n}) g join (select id, row_number() over () as k from wolo.pots where title = ${tag}) p on p.k = 1 + g % ${pots}
        returning id, amount_cfa`,
  );
  return rows.map((d) => ({
    id: d.id,
    event: {
      id: `AE_${randomUUID()}`,
      type: 'checkout.session.completed',
      data: { id: `cos-${randomUUID()}`, amount: String(d.amount_cfa), currency: 'XOF', client_reference: d.id, payment_status: 'succeeded', transaction_id: `T${randomUUID().slice(0, 18)}` },
    },
  }));
}

/**
 * `n` issued QR codes of one partner on one pot, each of a pack of its own: a pack's limits are checked
 * as each code is issued (wolo.qr_codes_issue_check), and a pack allows one code per owner by default.
 */
async function seedCodes(db: Database, n: number) {
  const [partner] = await queryRows<{ id: string }>(db, sql`insert into wolo.partners (name, type, revenue_split_percentage, status) values ('Bench', 'cinema', 70, 'active') returning id`);
  const codes = await queryRows<{ code: string }>(
    db,
    sql`with packs as (
          insert into wolo.packs (name, description, category, base_price_cfa, partner_id)
          select 'P' || i, 'P', 'cinema', 1000, ${partner!.id} from generate_series(1, ${n}) as i returning id)
        insert into wolo.qr_codes (pot_id, pack_id, code, redeemable_from, expires_at)
        select (select id from wolo.pots limit 1), packs.id, 'BENCH-' || gen_random_uuid(), now() - interval '1 day', now() + interval '30 days'
        from packs returning code`,
  );
  return { partner: partner!.id, codes: codes.map((c) => c.code) };
}

/** The webhook's work from the client, statement by statement in one transaction (the pot totals trigger still runs). */
async function webhookRowByRow(c: postgres.Sql, event: { id: string; type: string; data: Record<string, string> }) {
  await c.begin(async (tx) => {
    const key = `${event.type}:${event.data.id}:${event.data.payment_status}`;
    const [ev] = await tx`insert into wolo.wave_webhook_events (wave_event_id, event_type, raw_payload, idempotency_key)
      values (${event.id}, ${event.type}, ${tx.json(event)}, ${key}) on conflict do nothing returning id`;
    if (!ev) return;
    const [d] = await tx`select status, amount_cfa from wolo.donations where id = ${event.data.client_reference!} for update`;
    let error: string | null = null;
    if (!d) error = 'no donation';
    else if (event.data.currency !== 'XOF' || Number(event.data.amount) !== d.amount_cfa) error = 'mismatch';
    else if (d.status !== 'pending' && d.status !== 'processing') error = 'out of order';
    if (!error) {
      await tx`update wolo.donations set status = 'succeeded', wave_transaction_id = ${event.data.transaction_id!}, wave_notified_at = now(),
        confirmed_at = now(), wave_webhook_data = ${tx.json(event)} where id = ${event.data.client_reference!}`;
    }
    await tx`update wolo.wave_webhook_events set donation_id = ${d ? event.data.client_reference! : null}, processed_at = now(), processing_error = ${error} where id = ${ev.id}`;
  });
}

/** The redemption's work from the client, statement by statement in one transaction. */
async function redeemRowByRow(c: postgres.Sql, code: string, partner: string) {
  await c.begin(async (tx) => {
    const [q] = await tx`select q.id, q.status, q.redeemable_from, q.expires_at, pk.partner_id from wolo.qr_codes q join wolo.packs pk on pk.id = q.pack_id
      where q.code = ${code} for update of q`;
    let result = 'success';
    if (!q || q.status === 'cancelled') result = 'invalid';
    else if (q.partner_id !== partner) result = 'wrong_partner';
    else if (q.status === 'redeemed') result = 'already_used';
    else if (q.status === 'expired' || new Date(q.expires_at) <= new Date()) result = 'expired';
    else if (new Date(q.redeemable_from) > new Date()) result = 'not_yet_valid';
    if (result === 'success') await tx`update wolo.qr_codes set status = 'redeemed', redeemed_at = now(), redeemed_by_partner_id = ${partner} where id = ${q!.id}`;
    await tx`insert into wolo.qr_redemption_logs (qr_code_id, attempted_code, partner_id, validation_result) values (${q?.id ?? null}, ${code}, ${partner}, ${result})`;
  });
}

async function runOn(ctx: BenchContext, db: Database, url: string) {
  const n = ctx.quick ? 2_000 : 20_000;
  const pots = 200;
  const extra = { clients: CLIENTS, n, pots };

  const viaFunction = await seedDonations(db, n, pots);
  const fnRate = await throughput(url, n, (c, i) => c`select * from wolo.process_wave_webhook(${c.json(viaFunction[i]!.event)})`);
  const viaClient = await seedDonations(db, n, pots);
  const clientRate = await throughput(url, n, (c, i) => webhookRowByRow(c, viaClient[i]!.event as never));
  const [check] = await queryRows<{ bad: number }>(db, sql`select count(*)::int as bad from wolo.pots p where p.raised_cfa <> (select coalesce(sum(amount_cfa), 0) from wolo.donations d where d.pot_id = p.id and d.status = 'succeeded')`);
  ctx.log(`pots whose totals disagree with a recomputation after both runs: ${check!.bad}`);
  ctx.record({
    suite: 'wolo', name: `Wave webhooks, ${n} completed checkouts over ${pots} pots, ${CLIENTS} clients`, engine: 'postgres',
    subject: 'wolo.process_wave_webhook (one call each)', baseline: 'the same steps from the client, statement by statement in a transaction',
    value: fnRate, baselineValue: clientRate, unit: 'webhooks/s', higherIsBetter: true, extra,
  });

  const a = await seedCodes(db, n);
  const redeemRate = await throughput(url, n, (c, i) => c`select wolo.redeem_qr(${a.codes[i]!}, ${a.partner})`);
  const b = await seedCodes(db, n);
  const redeemClientRate = await throughput(url, n, (c, i) => redeemRowByRow(c, b.codes[i]!, b.partner));
  ctx.record({
    suite: 'wolo', name: `QR redemption, ${n} codes, ${CLIENTS} clients`, engine: 'postgres',
    subject: 'wolo.redeem_qr (one call each)', baseline: 'the same steps from the client, statement by statement in a transaction',
    value: redeemRate, baselineValue: redeemClientRate, unit: 'redemptions/s', higherIsBetter: true, extra: { clients: CLIENTS, n },
  });
}

export const woloBench: BenchSuite = {
  name: 'wolo',
  async run(ctx) {
    if (!ctx.pgServerUrl) {
      ctx.log('no PostgreSQL server: the wolo throughput figures need several connections (PostgreSQL only)');
      return;
    }
    const name = `bench_wolo_${process.pid}`;
    const admin = await openDatabase({ url: ctx.pgServerUrl, max: 1 });
    await admin.db.execute(sql.raw(`drop database if exists ${name}`));
    await admin.db.execute(sql.raw(`create database ${name}`));
    const url = ctx.pgServerUrl.replace(/\/[^/]*$/, `/${name}`);
    const target = await openDatabase({ url, max: 2 });
    try {
      await migrate(target.db);
      await runOn(ctx, target.db, url);
    } finally {
      await target.close();
      await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await admin.close();
    }
  },
};

import { sql } from 'drizzle-orm';
import { type Database, execScript, queryRows } from '../src/db.js';
import { asServiceRole, asUser, type Tx } from '../src/rls.js';
import { createTestDatabase } from '../src/testing/index.js';
import { getMarketingSources, getMonthlyEnrollments, getMonthlyRevenue } from '../src/unified.js';
import { type BenchContext, type BenchSuite, percentile, sample, timeMs } from './lib.js';

/**
 * The three dashboard reads at 100k and 1M transactions on PostgreSQL 15 (quick: 10k and 50k):
 * p50/p95 of each read through its typed helper, live view against materialized view, and live
 * view with RLS (an admin, and a regular user) against without (service_role, BYPASSRLS).
 * Rows are loaded with INSERT … SELECT generate_series, triggers and FK checks off
 * (session_replication_role = replica), then ANALYZEd and the MVs refreshed.
 */
export const unified: BenchSuite = {
  name: 'unified',
  async run(ctx) {
    if (!ctx.pgServerUrl) {
      ctx.log('no PostgreSQL server: the unified suite runs on PostgreSQL 15 only, skipped');
      return;
    }
    // UNIFIED_BENCH_SIZES=100000,1000000 overrides the sizes (e.g. one size at a time on a busy machine).
    const override = process.env.UNIFIED_BENCH_SIZES?.split(',').map(Number).filter((x) => Number.isInteger(x) && x > 0);
    const sizes = override?.length ? override : ctx.quick ? [10_000, 50_000] : [100_000, 1_000_000];
    for (const n of sizes) await runSize(ctx, ctx.pgServerUrl, n);
  },
};

/** The load statements, run in one transaction (SET LOCAL needs it). */
function loadStatements(transactions: number): string[] {
  const profiles = Math.max(1_000, Math.floor(transactions / 5));
  return `
SET LOCAL session_replication_role = replica;
SELECT setseed(0.42);
INSERT INTO auth.users (id, email, aud, role)
SELECT md5('user' || i)::uuid, 'user' || i || '@bench.example.com', 'authenticated', 'authenticated'
FROM generate_series(1, ${profiles}) AS i;
INSERT INTO public.unified_profiles (id, email, first_name, acquisition_source, tags, created_at, updated_at)
SELECT md5('user' || i)::uuid, 'user' || i || '@bench.example.com', 'User ' || i,
       (ARRAY['facebook', 'google', 'webinar', 'referral', 'tiktok', NULL])[1 + i % 6], ARRAY['lead'],
       timestamptz '2023-01-01 00:00+08' + random() * interval '730 days', now()
FROM generate_series(1, ${profiles}) AS i;
INSERT INTO public.courses (slug, title) SELECT 'bench-course-' || c, 'Bench course ' || c FROM generate_series(1, 4) AS c;
INSERT INTO public.transactions (user_id, amount, currency, status, transaction_type, payment_method, external_id, contact_email, paid_at, created_at, updated_at)
SELECT CASE WHEN x.r1 < 0.2 THEN NULL ELSE md5('user' || x.u)::uuid END,
       round((100 + x.r2 * 4900)::numeric, 2), 'PHP', x.status,
       CASE WHEN x.r3 < 0.5 THEN 'P2P' WHEN x.r3 < 0.9 THEN 'Canva' ELSE 'Other' END,
       'card', 'bench_' || x.i, 'user' || x.u || '@bench.example.com',
       CASE WHEN x.status IN ('paid', 'settled', 'refunded') THEN x.created + interval '1 hour' END,
       x.created, x.created
FROM (
  SELECT i, 1 + floor(random() * ${profiles})::int AS u, random() AS r1, random() AS r2, random() AS r3,
         (ARRAY['paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'settled', 'pending', 'expired', 'failed', 'refunded'])[1 + floor(random() * 11)::int] AS status,
         timestamptz '2023-01-01 00:00+08' + random() * interval '730 days' AS created
  FROM generate_series(1, ${transactions}) AS i
) AS x;
WITH c AS (SELECT array_agg(id ORDER BY slug) AS ids FROM public.courses)
INSERT INTO public.enrollments (user_id, course_id, status, enrolled_at, updated_at)
SELECT md5('user' || i)::uuid, c.ids[1 + (i + k) % 5],
       CASE WHEN k = 1 THEN 'expired' WHEN random() < 0.9 THEN 'active' ELSE 'refunded' END,
       timestamptz '2023-01-01 00:00+08' + random() * interval '730 days', now()
FROM c, generate_series(1, ${profiles}) AS i, generate_series(0, 1) AS k
WHERE k = 0 OR i % 3 = 0`
    .split(/;\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

async function load(db: Database, transactions: number) {
  await db.transaction(async (tx) => {
    for (const statement of loadStatements(transactions)) await tx.execute(sql.raw(statement));
  });
  // The load ran with triggers off (replica): build the rollups once, as cutover does.
  await db.execute(sql`select public.rebuild_dashboard_rollups()`);
  await execScript(db, 'ANALYZE auth.users, public.unified_profiles, public.transactions, public.enrollments, public.courses');
}

/** What a read goes through: the live view, the materialized view, or the helper's default (the rollup, for admins and service_role). */
type Source = 'live' | 'materialized' | 'rollup';
type Read = (tx: Tx | Database, source: Source) => Promise<unknown[]>;
const opts = (source: Source) => ({ live: source === 'live', materialized: source === 'materialized' });
const reads: { name: string; read: Read }[] = [
  { name: 'monthly enrollments', read: (db, s) => getMonthlyEnrollments(db as Database, { from: '2024-01', to: '2024-12', ...opts(s) }) },
  { name: 'monthly revenue', read: (db, s) => getMonthlyRevenue(db as Database, { from: '2024-01', to: '2024-12', ...opts(s) }) },
  { name: 'marketing sources', read: (db, s) => getMarketingSources(db as Database, opts(s)) },
];

async function runSize(ctx: BenchContext, serverUrl: string, n: number) {
  const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1_000}k`;
  const handle = await createTestDatabase({ engine: 'postgres', serverUrl });
  const { db } = handle;
  try {
    const loadMs = await timeMs(() => load(db, n));
    ctx.log(`${label}: loaded ${n} transactions in ${(loadMs / 1000).toFixed(1)} s`);
    const admin = { id: '00000000-0000-4000-8000-0000000000ad', app_metadata: { role: 'admin' } };
    const [user] = await queryRows<{ id: string }>(db, sql`select md5('user1')::uuid as id`);
    const userId = user!.id;
    const firstRefresh = await timeMs(() => db.execute(sql`select * from public.refresh_dashboard_views()`));
    const refresh = await timeMs(() => db.execute(sql`select * from public.refresh_dashboard_views()`));
    const samples = n >= 1_000_000 ? 7 : ctx.quick ? 5 : 15;
    let liveTotal = 0;
    for (const { name, read } of reads) {
      // Warm-up, then samples; every mode runs through the same withContext transaction wrapper.
      const modes = {
        live: () => asServiceRole(db, (tx) => read(tx, 'live')),
        materialized: () => asServiceRole(db, (tx) => read(tx, 'materialized')),
        adminRls: () => asUser(db, admin, (tx) => read(tx, 'live')),
        userRls: () => asUser(db, userId, (tx) => read(tx, 'live')),
        adminRollup: () => asUser(db, admin, (tx) => read(tx, 'rollup')),
      };
      const results: Record<string, number[]> = {};
      for (const [mode, fn] of Object.entries(modes)) {
        await fn();
        results[mode] = await sample(samples, fn);
      }
      const p = (mode: string, q: number) => percentile(results[mode]!, q);
      liveTotal += p('live', 50);
      const rec = (subject: string, mode: string, q: 50 | 95, baseline = 'live view, no RLS (service_role)') =>
        ctx.record({
          suite: 'unified',
          name: `${name} @${label}`,
          engine: 'postgres',
          subject: `${subject} p${q}`,
          baseline: `${baseline} p${q}`,
          value: p(mode, q),
          baselineValue: p('live', q),
          unit: 'ms',
          extra: { transactions: n, samples },
        });
      for (const q of [50, 95] as const) {
        rec('materialized view (service_role)', 'materialized', q);
        rec('live view with RLS as admin', 'adminRls', q);
        rec('live view with RLS as a user (own rows)', 'userRls', q);
        // The dashboard as admins read it (authenticated, admin claim, RLS on): rollup vs live view.
        ctx.record({
          suite: 'unified',
          name: `${name} @${label}`,
          engine: 'postgres',
          subject: `rollup with RLS as admin p${q}`,
          baseline: `live view with RLS as admin p${q}`,
          value: p('adminRollup', q),
          baselineValue: p('adminRls', q),
          unit: 'ms',
          extra: { transactions: n, samples },
        });
      }
    }
    ctx.record({
      suite: 'unified',
      name: `refresh @${label}`,
      engine: 'postgres',
      subject: 'refresh_dashboard_views() CONCURRENTLY',
      baseline: 'the three live reads (sum of p50)',
      value: refresh,
      baselineValue: liveTotal,
      unit: 'ms',
      extra: { transactions: n, firstRefreshMs: firstRefresh, loadMs },
    });
  } finally {
    await handle.close();
  }
}

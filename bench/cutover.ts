import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database, Engine, } from '../src/db.js';
import { createStagingTables, cutover, rollback } from '../src/ingest.js';
import { type BenchContext, type BenchSuite, timeMs, benchDatabase, } from './lib.js';

/**
 * Cutover at two sizes on both engines (full: 10k and 1M transactions; quick: 10k and 100k), with
 * profiles and enrollments at a fifth of that, in production and in staging alike. Reported:
 * the whole cutover() call, the swap alone (lock + moves + re-pointed dependents, the part that is
 * O(1) in the rows), the materialized-view refresh and the backup checksums separately, and the
 * rollback. Baseline, measured on the same data in the same run: the document's copy —
 * DELETE production, INSERT … SELECT the staging rows (triggers and FK checks off, the most
 * favourable form of it) and refresh the materialized views, in one transaction that is rolled back
 * so the cutover runs on the same state; and, at the smallest size, the same row by row (one
 * DELETE + INSERT per staging row).
 * Rows are generated with INSERT … SELECT generate_series, not through prepare.
 */
export const cutoverBench: BenchSuite = {
  name: 'cutover',
  async run(ctx) {
    const override = process.env.CUTOVER_BENCH_SIZES?.split(',').map(Number).filter((x) => Number.isInteger(x) && x > 0);
    const sizes = override?.length ? override : ctx.quick ? [10_000, 100_000] : [10_000, 1_000_000];
    // CUTOVER_BENCH_ENGINES=postgres runs one engine (e.g. the 1M size on PostgreSQL alone).
    const only = process.env.CUTOVER_BENCH_ENGINES?.split(',');
    const engines = (ctx.pgServerUrl ? (['pglite', 'postgres'] as Engine[]) : (['pglite'] as Engine[])).filter((e) => !only?.length || only.includes(e));
    const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-'));
    try {
      for (const engine of engines) for (const n of sizes) await runSize(ctx, engine, n, join(dir, `pglite-${n}`), n === sizes[0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Production (the `p` rows) and staging (the `s` rows) of the same shape and size. */
function fillStatements(n: number): string[] {
  const profiles = Math.max(100, Math.floor(n / 5));
  const users = (tag: string) => `md5('${tag}-user-' || i)::uuid`;
  const stmts: string[] = [
    'SET LOCAL session_replication_role = replica',
    `INSERT INTO auth.users (id, email, aud, role) SELECT ${users('p')}, 'p' || i || '@bench.example.com', 'authenticated', 'authenticated' FROM generate_series(1, ${profiles}) i`,
    `INSERT INTO auth.users (id, email, aud, role) SELECT ${users('s')}, 's' || i || '@bench.example.com', 'authenticated', 'authenticated' FROM generate_series(1, ${profiles}) i`,
  ];
  for (const [tag, schema, suffix] of [
    ['p', 'public', ''],
    ['s', 'ingest', '_staging'],
  ] as const) {
    stmts.push(
      `INSERT INTO ${schema}.unified_profiles${suffix} (id, email, first_name, acquisition_source, tags, created_at)
       SELECT ${users(tag)}, '${tag}' || i || '@bench.example.com', 'User ' || i, (ARRAY['facebook', 'google', 'webinar', NULL])[1 + i % 4], ARRAY['PaidP2P'],
              timestamptz '2023-01-01 00:00Z' + (i % 700 || ' days')::interval
         FROM generate_series(1, ${profiles}) i`,
      `INSERT INTO ${schema}.transactions${suffix} (id, user_id, amount, status, transaction_type, external_id, contact_email, paid_at, created_at)
       SELECT md5('${tag}-tx-' || i)::uuid, md5('${tag}-user-' || (1 + i % ${profiles}))::uuid, 800 + i % 500,
              (ARRAY['paid', 'paid', 'settled', 'expired', 'pending'])[1 + i % 5], (ARRAY['P2P', 'Canva', 'Other'])[1 + i % 3],
              '${tag}-tx-' || i, '${tag}' || (1 + i % ${profiles}) || '@bench.example.com',
              timestamptz '2023-01-01 00:00Z' + (i % 700 || ' days')::interval, timestamptz '2023-01-01 00:00Z' + (i % 700 || ' days')::interval
         FROM generate_series(1, ${n}) i`,
      `INSERT INTO ${schema}.enrollments${suffix} (user_id, course_id, transaction_id, status, enrolled_at)
       SELECT ${users(tag)}, (SELECT id FROM public.courses WHERE transaction_type = 'P2P'), md5('${tag}-tx-' || i)::uuid, 'active',
              timestamptz '2023-01-01 00:00Z' + (i % 700 || ' days')::interval
         FROM generate_series(1, ${profiles}) i`,
    );
  }
  return stmts;
}

class Rollback extends Error {}

/** The document's way, timed, then rolled back: empty production and copy staging into it. */
async function copyBaseline(db: Database, rowByRow: boolean): Promise<number> {
  let ms = 0;
  await db
    .transaction(async (tx) => {
      const started = performance.now();
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      if (rowByRow) {
        await tx.execute(
          sql.raw(`DO $$
DECLARE
  p public.unified_profiles%ROWTYPE;
  t public.transactions%ROWTYPE;
  e public.enrollments%ROWTYPE;
BEGIN
  FOR p IN SELECT * FROM ingest.unified_profiles_staging LOOP
    DELETE FROM public.unified_profiles WHERE id = p.id;
    INSERT INTO public.unified_profiles SELECT (p).*;
  END LOOP;
  FOR t IN SELECT * FROM ingest.transactions_staging LOOP
    DELETE FROM public.transactions WHERE id = t.id;
    INSERT INTO public.transactions SELECT (t).*;
  END LOOP;
  FOR e IN SELECT * FROM ingest.enrollments_staging LOOP
    DELETE FROM public.enrollments WHERE id = e.id;
    INSERT INTO public.enrollments SELECT (e).*;
  END LOOP;
  DELETE FROM public.enrollments x WHERE NOT EXISTS (SELECT 1 FROM ingest.enrollments_staging s WHERE s.id = x.id);
  DELETE FROM public.transactions x WHERE NOT EXISTS (SELECT 1 FROM ingest.transactions_staging s WHERE s.id = x.id);
  DELETE FROM public.unified_profiles x WHERE NOT EXISTS (SELECT 1 FROM ingest.unified_profiles_staging s WHERE s.id = x.id);
END $$`),
        );
      } else {
        await tx.execute(sql`DELETE FROM public.enrollments`);
        await tx.execute(sql`DELETE FROM public.transactions`);
        await tx.execute(sql`DELETE FROM public.unified_profiles`);
        await tx.execute(sql`INSERT INTO public.unified_profiles SELECT * FROM ingest.unified_profiles_staging`);
        await tx.execute(sql`INSERT INTO public.transactions SELECT * FROM ingest.transactions_staging`);
        await tx.execute(sql`INSERT INTO public.enrollments SELECT * FROM ingest.enrollments_staging`);
      }
      for (const mv of ['monthly_enrollments_mv', 'revenue_analysis_mv', 'marketing_source_mv']) await tx.execute(sql.raw(`REFRESH MATERIALIZED VIEW public.${mv}`));
      ms = performance.now() - started;
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return ms;
}

async function runSize(ctx: BenchContext, engine: Engine, n: number, dataDir: string, smallest: boolean) {
  const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1_000}k`;
  const handle = await benchDatabase(ctx, engine, dataDir);
  const { db } = handle;
  try {
    await createStagingTables(db);
    const loadMs = await timeMs(() =>
      db.transaction(async (tx) => {
        for (const s of fillStatements(n)) await tx.execute(sql.raw(s));
      }),
    );
    await db.execute(sql`ANALYZE`);
    await db.execute(sql`select * from public.refresh_dashboard_views()`);
    ctx.log(`${engine} ${label}: production and staging loaded in ${(loadMs / 1000).toFixed(1)} s`);

    const copyMs = await copyBaseline(db, false);
    const rowByRowMs = smallest ? await copyBaseline(db, true) : undefined;
    const result = await cutover(db, { force: true });
    const t = result.timings;
    const rollbackMs = await timeMs(() => rollback(db, result.backupId));
    const extra = { transactions: n, profiles: Math.max(100, Math.floor(n / 5)), timings: t, rollbackMs, loadMs, attempts: result.attempts };
    const baseline = 'the document\'s copy: DELETE + INSERT … SELECT + REFRESH, one transaction';
    ctx.record({ suite: 'cutover', name: `cutover @${label}`, engine, subject: 'cutover() total (swap, MV refresh, checksums)', baseline, value: result.durationMs, baselineValue: copyMs, unit: 'ms', extra });
    const swap = (t.lockMs ?? 0) + (t.swapMs ?? 0) + (t.registerMs ?? 0);
    ctx.record({ suite: 'cutover', name: `swap @${label}`, engine, subject: 'swap alone (lock, moves, re-pointed dependents): O(1) in rows', baseline, value: swap, baselineValue: copyMs, unit: 'ms', extra });
    ctx.record({ suite: 'cutover', name: `MV refresh @${label}`, engine, subject: 'materialized view refresh (inside the cutover transaction)', baseline, value: t.refreshMs ?? 0, baselineValue: copyMs, unit: 'ms', extra });
    ctx.record({ suite: 'cutover', name: `checksums @${label}`, engine, subject: 'backup counts + checksums (after the commit)', baseline, value: t.sealMs ?? 0, baselineValue: copyMs, unit: 'ms', extra });
    ctx.record({ suite: 'cutover', name: `rollback @${label}`, engine, subject: 'rollback() (checksum verification, swap, MV refresh)', baseline, value: rollbackMs, baselineValue: copyMs, unit: 'ms', extra });
    if (rowByRowMs !== undefined) {
      ctx.record({ suite: 'cutover', name: `row by row @${label}`, engine, subject: 'cutover() total', baseline: 'the document\'s row by row: DELETE + INSERT per staging row + REFRESH', value: result.durationMs, baselineValue: rowByRowMs, unit: 'ms', extra });
    }
  } finally {
    await handle.close();
  }
}

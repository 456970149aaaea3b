import { sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { createStagingTables, SWAPPED_TABLES } from '../../src/ingest.js';
import type { TestDatabase } from '../../src/testing/index.js';
import { freshDatabase } from '../helpers.js';

/** Deterministic uuid from a label (md5 → uuid), so both engines build the same rows. */
export const uid = (label: string) => `md5('${label}')::uuid`;

async function run(db: Database, statements: string[]) {
  await db.transaction(async (tx) => {
    for (const s of statements) await tx.execute(sql.raw(s));
  });
}

/**
 * Production before the cutover: `users` auth users with profiles (ids md5('old-user-<i>')), one
 * user without a profile, an affiliate (affiliates.user_id → unified_profiles), transactions
 * through the real triggers (paid P2P ones enroll and notify: admin_notifications.transaction_id →
 * transactions), and one more course.
 */
export async function seedProduction(db: Database, options: { users?: number; transactions?: number } = {}) {
  const users = options.users ?? 12;
  const txs = options.transactions ?? 30;
  await run(db, [
    `insert into auth.users (id, email, aud, role) select ${uid("old-user-' || i || '")}, 'old' || i || '@example.com', 'authenticated', 'authenticated' from generate_series(1, ${users + 1}) i`,
    `insert into public.unified_profiles (id, email, first_name, acquisition_source, created_at)
       select ${uid("old-user-' || i || '")}, 'old' || i || '@example.com', 'Old ' || i, (array['facebook', 'webinar', null])[1 + i % 3],
              timestamptz '2024-01-01 00:00Z' + (i || ' days')::interval
         from generate_series(1, ${users}) i`,
    `insert into public.courses (slug, title) values ('canva-basics', 'Canva Basics') on conflict do nothing`,
    `insert into public.affiliates (user_id, code, status) values (${uid('old-user-1')}, 'OLD1', 'active')`,
    `insert into public.transactions (user_id, amount, status, transaction_type, external_id, contact_email, paid_at, created_at)
       select ${uid("old-user-' || (1 + i % " + users + ") || '")}, 800 + i, (array['paid', 'settled', 'expired', 'pending'])[1 + i % 4],
              (array['P2P', 'Canva'])[1 + i % 2], 'old-tx-' || i, 'old' || (1 + i % ${users}) || '@example.com',
              case when i % 4 < 2 then timestamptz '2024-02-01 00:00Z' + (i || ' days')::interval end,
              timestamptz '2024-02-01 00:00Z' + (i || ' days')::interval
         from generate_series(1, ${txs}) i`,
    `insert into public.enrollments (user_id, course_id, status, enrolled_at)
       select ${uid("old-user-' || i || '")}, (select id from public.courses where slug = 'canva-basics'), 'active', timestamptz '2024-03-01 00:00Z' + (i || ' days')::interval
         from generate_series(1, ${users}) i where i % 2 = 0`,
  ]);
}

export interface StagingFixture {
  /** Profiles in staging: existing users 1..keep plus `newUsers` new ones. */
  profiles: number;
  transactions: number;
  enrollments: number;
  newUsers: number;
}

/**
 * Builds staging the way prepare leaves it, with plain INSERTs: `createStagingTables()` (exact
 * clones), `ingest.users_staging` (existing users keep their ids, new ones `existing = false`),
 * profiles for old users 1..`keep` and the new users, new transactions (new ids) and enrollments.
 * The new users are not in auth.users yet, so like prepare the staging keys to auth.users are
 * re-added NOT VALID after the load; the cutover validates them once it has inserted the users.
 */
export async function fillStaging(
  db: Database,
  options: { keep?: number; newUsers?: number; transactions?: number; validationReport?: { blockingErrors: number } | null } = {},
): Promise<StagingFixture> {
  const keep = options.keep ?? 12;
  const fresh = options.newUsers ?? 4;
  const txs = options.transactions ?? 36;
  await createStagingTables(db);
  const person = (i: string) => `case when ${i} <= ${keep} then ${uid("old-user-' || " + i + " || '")} else ${uid("new-user-' || " + i + " || '")} end`;
  const email = (i: string) => `case when ${i} <= ${keep} then 'old' || ${i} || '@example.com' else 'new' || ${i} || '@example.com' end`;
  const total = keep + fresh;
  await run(db, [
    // prepare's keys to auth.users: re-added NOT VALID once the rows are in (new users do not exist yet)
    'alter table ingest.unified_profiles_staging drop constraint unified_profiles_id_fkey',
    'alter table ingest.transactions_staging drop constraint transactions_user_id_fkey',
    `insert into ingest.users_staging (id, email, created_at, raw_user_meta_data, existing)
       select ${person('i')}, ${email('i')}, timestamptz '2024-05-01 00:00Z', jsonb_build_object('source', 'fixture'),
              exists (select 1 from auth.users u where u.id = ${person('i')})
         from generate_series(1, ${total}) i`,
    `insert into ingest.unified_profiles_staging (id, email, first_name, acquisition_source, tags, created_at)
       select ${person('i')}, ${email('i')}, 'New ' || i, (array['tiktok', 'google'])[1 + i % 2], array['PaidP2P'],
              timestamptz '2024-04-01 00:00Z' + (i || ' days')::interval
         from generate_series(1, ${total}) i`,
    `insert into ingest.transactions_staging (id, user_id, amount, status, transaction_type, external_id, contact_email, paid_at, created_at)
       select ${uid("new-tx-' || i || '")}, ${person(`(1 + i % ${total})`)}, 1000 + i, (array['paid', 'settled', 'expired'])[1 + i % 3],
              (array['P2P', 'Canva', 'Other'])[1 + i % 3], 'new-tx-' || i, ${email(`(1 + i % ${total})`)},
              case when i % 3 < 2 then timestamptz '2024-04-01 00:00Z' + (i || ' days')::interval end,
              timestamptz '2024-04-01 00:00Z' + (i || ' days')::interval
         from generate_series(1, ${txs}) i`,
    `insert into ingest.enrollments_staging (user_id, course_id, transaction_id, status, enrolled_at)
       select ${person('i')}, (select id from public.courses where transaction_type = 'P2P'), ${uid("new-tx-' || i || '")}, 'active',
              timestamptz '2024-04-15 00:00Z' + (i || ' days')::interval
         from generate_series(1, ${total}) i`,
    'alter table ingest.unified_profiles_staging add constraint unified_profiles_id_fkey foreign key (id) references auth.users (id) on delete cascade not valid',
    'alter table ingest.transactions_staging add constraint transactions_user_id_fkey foreign key (user_id) references auth.users (id) on delete set null not valid',
  ]);
  if (options.validationReport !== undefined) await setValidationReport(db, options.validationReport);
  return { profiles: total, transactions: txs, enrollments: total, newUsers: fresh };
}

/** Writes a validation report row when the table exists (prepare's, merged from ingest2); no-op otherwise. */
export async function setValidationReport(db: Database, report: { blockingErrors: number } | null): Promise<boolean> {
  const [exists] = await queryRows<{ ok: boolean }>(db, `select to_regclass('ingest.validation_reports') is not null as ok`);
  if (!exists?.ok) return false;
  if (report === null) {
    await queryRows(db, 'delete from ingest.validation_reports');
    return true;
  }
  const errors = Array.from({ length: report.blockingErrors }, (_, i) => ({ code: `fixture_${i}`, message: `blocking error ${i}` }));
  await queryRows(
    db,
    sql`insert into ingest.validation_reports (report, blocking_errors) values (${JSON.stringify({ blockingErrors: errors })}::jsonb, ${report.blockingErrors})`,
  );
  return true;
}

/** Row count and checksum per swapped production table, plus what the views and MVs show. */
export async function snapshot(db: Database) {
  const tables: Record<string, { count: number; checksum: string }> = {};
  for (const s of SWAPPED_TABLES) {
    const [row] = await queryRows<{ r: { count: number; checksum: string } | string }>(db, `select ingest.table_checksum('${s.production}') as r`);
    const r = typeof row!.r === 'string' ? JSON.parse(row!.r) : row!.r;
    tables[s.table] = { count: Number(r.count), checksum: r.checksum };
  }
  const views: Record<string, string> = {};
  for (const v of ['monthly_enrollments_view', 'revenue_analysis_view', 'marketing_source_view', 'monthly_enrollments_mv', 'revenue_analysis_mv', 'marketing_source_mv']) {
    const [row] = await queryRows<{ h: string }>(db, `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from public.${v} t`);
    views[v] = row!.h;
  }
  return { tables, views };
}

/** Rows per staging table (null when it does not exist). */
export async function stagingCounts(db: Database) {
  const out: Record<string, number | null> = {};
  for (const s of SWAPPED_TABLES) {
    const [exists] = await queryRows<{ ok: boolean }>(db, `select to_regclass('${s.staging}') is not null as ok`);
    if (!exists!.ok) out[s.table] = null;
    else out[s.table] = Number((await queryRows<{ n: number }>(db, `select count(*)::int as n from ${s.staging}`))[0]!.n);
  }
  return out;
}

/**
 * A fresh database for the enclosing describe block with production seeded (seedProduction), the
 * dashboard views refreshed unless `refresh: false`, and the staging tables filled when `staging`.
 */
export function useSeededDatabase(options: { refresh?: boolean; staging?: boolean } = {}): { readonly db: Database; readonly handle: TestDatabase } {
  let handle: TestDatabase | undefined;
  beforeAll(async () => {
    handle = await freshDatabase();
    await seedProduction(handle.db);
    if (options.refresh ?? true) await handle.db.execute(sql`select * from public.refresh_dashboard_views()`);
    if (options.staging) await fillStaging(handle.db);
  });
  afterAll(async () => handle?.close());
  return {
    get db() {
      if (!handle) throw new Error('database not ready: use it inside a test or hook');
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error('database not ready: use it inside a test or hook');
      return handle;
    },
  };
}

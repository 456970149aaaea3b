import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { cutover, getBackup, listBackups, listRuns, outsideDependents, rollback, SWAPPED_TABLES } from '../../src/ingest.js';
import { backupIdRegExp } from '../../src/schema/ingest/backups.js';
import { asServiceRole, asUser } from '../../src/rls.js';
import { expectAllowed, expectDenied, } from '../../src/testing/index.js';
import { getMarketingSources, getMonthlyEnrollments, getMonthlyRevenue } from '../../src/unified.js';
import { engine, expectDbError, } from '../helpers.js';
import { fillStaging, snapshot, stagingCounts, useSeededDatabase } from './fixture.js';

/**
 * Objects outside the given schema that depend on a table of it, straight from pg_depend (written
 * independently of ingest.outside_dependents): what the cutover must leave empty for its backup.
 */
async function dependentsFromOutside(db: Database, schema: string) {
  return queryRows<{ what: string; on: string }>(
    db,
    sql`with inside as (
          select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema}
          union select c.reltoastrelid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.reltoastrelid <> 0
          union select i.indexrelid from pg_index i where i.indrelid in (
            select c2.reltoastrelid from pg_class c2 join pg_namespace n2 on n2.oid = c2.relnamespace where n2.nspname = ${schema})
        ), inside_types as (
          select t.oid from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = ${schema}
        )
        select pg_describe_object(d.classid, d.objid, d.objsubid) as what, pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid) as on
          from pg_depend d
         where ((d.refclassid = 'pg_class'::regclass and d.refobjid in (select oid from inside))
             or (d.refclassid = 'pg_type'::regclass and d.refobjid in (select oid from inside_types))
             or (d.refclassid = 'pg_constraint'::regclass and d.refobjid in (
                   select co.oid from pg_constraint co where co.conrelid in (select oid from inside))))
           and not (d.classid = 'pg_class'::regclass and d.objid in (select oid from inside))
           and not (d.classid = 'pg_type'::regclass and d.objid in (select oid from inside_types))
           and not (d.classid = 'pg_constraint'::regclass and exists (
                 select 1 from pg_constraint co where co.oid = d.objid and co.conrelid in (select oid from inside)
                   and (co.contype <> 'f' or co.confrelid in (select oid from inside))))
           and not (d.classid = 'pg_trigger'::regclass and exists (select 1 from pg_trigger tg where tg.oid = d.objid and tg.tgrelid in (select oid from inside)))
           and not (d.classid = 'pg_policy'::regclass and exists (select 1 from pg_policy p where p.oid = d.objid and p.polrelid in (select oid from inside)))
           and not (d.classid = 'pg_attrdef'::regclass and exists (select 1 from pg_attrdef a where a.oid = d.objid and a.adrelid in (select oid from inside)))
           and not (d.classid = 'pg_rewrite'::regclass and exists (select 1 from pg_rewrite r where r.oid = d.objid and r.ev_class in (select oid from inside)))`,
  );
}

/** Index names, enabled triggers, policies, grants and RLS of the three production tables. */
async function productionSurface(db: Database) {
  const rel = SWAPPED_TABLES.map((s) => `'${s.production}'::regclass`).join(', ');
  return {
    indexes: await queryRows(db, `select indrelid::regclass::text as t, c.relname from pg_index i join pg_class c on c.oid = i.indexrelid where indrelid in (${rel}) order by 1, 2`),
    constraints: await queryRows(db, `select conrelid::regclass::text as t, conname, contype::text, convalidated from pg_constraint where conrelid in (${rel}) and contype <> 'n' order by 1, 2`),
    triggers: await queryRows(db, `select tgrelid::regclass::text as t, tgname, tgenabled::text from pg_trigger where tgrelid in (${rel}) and not tgisinternal order by 1, 2`),
    policies: await queryRows(db, `select tablename, policyname, cmd, roles::text from pg_policies where schemaname = 'public' and tablename in ('unified_profiles', 'transactions', 'enrollments') order by 1, 2`),
    grants: await queryRows(db, `select c.oid::regclass::text as t, c.relacl::text, c.relrowsecurity, c.relforcerowsecurity, c.relowner::regrole::text, c.reloptions::text, (select t.reloptions::text from pg_class t where t.oid = c.reltoastrelid) as toast_options from pg_class c where c.oid in (${rel}) order by 1`),
    columnGrants: await queryRows(db, `select attrelid::regclass::text as t, attname, attacl::text from pg_attribute where attrelid in (${rel}) and attacl is not null order by 1, 2`),
    views: await queryRows(db, `select c.oid::regclass::text as v, c.relkind::text, c.relacl::text, c.reloptions::text, c.relowner::regrole::text from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('v', 'm') order by 1`),
    mvIndexes: await queryRows(db, `select c.relname, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class m on m.oid = i.indrelid where m.relkind = 'm' order by 1`),
  };
}

const fetchAll = async (db: Database) => ({
  enrollments: await getMonthlyEnrollments(db, {}),
  revenue: await getMonthlyRevenue(db, {}),
  sources: await getMarketingSources(db, {}),
  enrollmentsMv: await getMonthlyEnrollments(db, { materialized: true }),
  revenueMv: await getMonthlyRevenue(db, { materialized: true }),
  sourcesMv: await getMarketingSources(db, { materialized: true }),
});

describe(`cutover and rollback (${engine})`, () => {
  const seeded = useSeededDatabase();
  let db: Database;
  beforeAll(() => {
    db = seeded.db;
  });

  it('swaps staging in, shows the new data everywhere, and rollback restores counts and checksums exactly', async () => {
    const before = await snapshot(db);
    const beforeReads = await fetchAll(db);
    const surface = await productionSurface(db);
    const staging = await fillStaging(db);

    const result = await cutover(db);
    expect(result.backupId).toMatch(backupIdRegExp);
    expect(result.schemaName).toBe(`ingest_backup_${result.backupId}`);
    expect(result.counts).toEqual({ unified_profiles: staging.profiles, transactions: staging.transactions, enrollments: staging.enrollments, leads: 0 });
    expect(result.authUsersCreated).toBe(staging.newUsers);
    expect(result.attempts).toBe(1);
    // the backup is the old production, exactly
    expect(result.backupCounts).toEqual(Object.fromEntries(Object.entries(before.tables).map(([k, v]) => [k, v.count])));
    expect(result.checksums).toEqual(Object.fromEntries(Object.entries(before.tables).map(([k, v]) => [k, v.checksum])));
    const registry = await getBackup(db, result.backupId);
    expect(registry).toMatchObject({ status: 'active', schemaName: result.schemaName, counts: result.backupCounts, checksums: result.checksums });
    expect(registry!.sealedAt).toBeInstanceOf(Date);
    expect(registry!.tables.map((t) => t.name)).toEqual(SWAPPED_TABLES.map((s) => s.table));

    // production now holds staging's rows; new auth users exist
    const after = await snapshot(db);
    expect(Object.fromEntries(Object.entries(after.tables).map(([k, v]) => [k, v.count]))).toEqual(result.counts);
    const [users] = await queryRows<{ n: number }>(db, `select count(*)::int as n from auth.users where email like 'new%@example.com'`);
    expect(users!.n).toBe(staging.newUsers);
    // views, materialized views and the typed helpers read the new tables
    const reads = await fetchAll(db);
    expect(reads.revenue.map((r) => r.month).every((m) => m >= '2024-04-01')).toBe(true);
    expect(beforeReads.revenue.some((r) => r.month < '2024-04-01')).toBe(true);
    expect(reads.revenue.reduce((s, r) => s + r.transactionCount, 0)).toBe(24); // paid + settled of 36
    expect(reads.sources.map((r) => r.acquisitionSource).sort()).toEqual(['google', 'tiktok']);
    expect(reads.revenueMv).toEqual(reads.revenue);
    expect(reads.enrollmentsMv).toEqual(reads.enrollments);
    expect(reads.sourcesMv).toEqual(reads.sources);
    // staging is gone (it is production now), the backup schema holds the old tables
    expect(await stagingCounts(db)).toEqual({ unified_profiles: null, transactions: null, enrollments: null, leads: null });
    const [old] = await queryRows<{ n: number }>(db, `select count(*)::int as n from ${result.schemaName}.transactions`);
    expect(old!.n).toBe(before.tables.transactions!.count);

    // nothing outside the backup depends on it: our own catalog query and the package's
    expect(await dependentsFromOutside(db, result.schemaName)).toEqual([]);
    expect(await outsideDependents(db, SWAPPED_TABLES.map((s) => `${result.schemaName}.${s.table}`), { isolated: true })).toEqual([]);
    // same indexes, constraints, triggers (enabled), policies, grants, views and MV indexes in public
    expect(await productionSurface(db)).toEqual(surface);

    const restored = await rollback(db, result.backupId);
    expect(restored.counts).toEqual(result.backupCounts);
    expect(restored.checksums).toEqual(result.checksums);
    expect(restored.checksumsVerified).toBe(true);
    expect(await snapshot(db)).toEqual(before);
    expect(await fetchAll(db)).toEqual(beforeReads);
    expect(await productionSurface(db)).toEqual(surface);
    expect(await getBackup(db, result.backupId)).toMatchObject({ status: 'restored' });
    const [schema] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_namespace where nspname = ${result.schemaName}`);
    expect(schema!.n).toBe(0);
    // the replaced production is staging again, whole, triggers disabled
    expect(await stagingCounts(db)).toEqual({ unified_profiles: staging.profiles, transactions: staging.transactions, enrollments: staging.enrollments, leads: 0 });
    const triggers = await queryRows<{ tgenabled: string }>(
      db,
      `select distinct tgenabled::text from pg_trigger where tgrelid in ('ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.unified_profiles_staging'::regclass) and not tgisinternal`,
    );
    expect(triggers).toEqual([{ tgenabled: 'D' }]);
    // staging keeps its own keys to auth.users, courses, … (their RI triggers live on those tables); nothing else may point at it
    const onStaging = (await dependentsFromOutside(db, 'ingest')).filter(
      (r) => r.on.includes('_staging') && !/^constraint \S+ on table ingest\.\w+_staging$/.test(r.what) && !/^constraint \S+ on table ingest\.\w+_staging$/.test(r.on),
    );
    expect(onStaging).toEqual([]);
    expect(await outsideDependents(db, SWAPPED_TABLES.map((s) => s.staging))).toEqual([]);

    const runs = await listRuns(db, { limit: 5 });
    expect(runs.slice(0, 2).map((r) => [r.kind, r.status])).toEqual([
      ['rollback', 'succeeded'],
      ['cutover', 'succeeded'],
    ]);
    expect(runs[1]!.details).toMatchObject({ backupId: result.backupId });
    expect(runs[1]!.counts).toMatchObject({ unified_profiles: staging.profiles, transactions: staging.transactions });

    // the kept staging can be cut over again (a retry), and rolled back again
    const again = await cutover(db);
    expect(again.backupId).not.toBe(result.backupId);
    expect(again.authUsersCreated).toBe(0);
    expect((await snapshot(db)).tables).toEqual(after.tables);
    expect(await listBackups(db, { status: 'active' })).toHaveLength(1);
    await rollback(db, again.backupId);
    expect(await snapshot(db)).toEqual(before);
  });

  it('every view, MV, foreign key, policy, grant, trigger and index applies to the new data', async () => {
    // dependents the package has never heard of: found in the catalog, not in a list
    await queryRows(db, `create view public.paid_transactions_test with (security_invoker = true) as select id, user_id, amount from public.transactions where status in ('paid', 'settled')`);
    await queryRows(db, `grant select on public.paid_transactions_test to authenticated`);
    await queryRows(db, `create materialized view public.profile_count_test as select count(*)::int as n, (select count(*)::int from public.enrollments) as e from public.unified_profiles`);
    await queryRows(db, `create unique index profile_count_test_key on public.profile_count_test (n)`);
    await queryRows(db, `comment on materialized view public.profile_count_test is 'test mv'`);
    await queryRows(db, `grant select on public.profile_count_test to service_role`);
    await queryRows(db, `create view public.profile_count_view_test as select n from public.profile_count_test`);
    await queryRows(db, `create table public.loyalty_test (user_id uuid primary key references public.unified_profiles (id) on delete cascade, points int not null default 0)`);
    await queryRows(db, `alter table public.loyalty_test enable row level security`);
    await queryRows(db, `grant select on public.loyalty_test to authenticated`);
    await queryRows(db, `create policy "buyers read loyalty" on public.loyalty_test for select to authenticated using (exists (select 1 from public.transactions t where t.user_id = loyalty_test.user_id and t.user_id = (select auth.uid())))`);
    await queryRows(db, `insert into public.loyalty_test (user_id) select id from public.unified_profiles where email in ('old1@example.com', 'old2@example.com')`);
    // storage options follow production; the staging tables are built with autovacuum off
    await queryRows(db, `alter table public.transactions set (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.05, toast.autovacuum_vacuum_scale_factor = 0.1)`);
    const surface = await productionSurface(db);
    await fillStaging(db);
    expect(await queryRows(db, `select c.oid::regclass::text as t, c.reloptions from pg_class c where c.oid in ('ingest.transactions_staging'::regclass, 'ingest.users_staging'::regclass) order by 1`)).toEqual([
      { t: 'ingest.transactions_staging', reloptions: ['autovacuum_enabled=false'] },
      { t: 'ingest.users_staging', reloptions: ['autovacuum_enabled=false'] },
    ]);
    const result = await cutover(db);
    expect(result.views).toEqual(expect.arrayContaining(['public.paid_transactions_test', 'public.monthly_enrollments_view']));
    expect(result.materializedViews.map((m) => m.name)).toEqual(expect.arrayContaining(['public.profile_count_test', 'public.profile_count_view_test', 'public.revenue_analysis_mv']));
    expect(result.policies).toEqual([{ name: 'buyers read loyalty', table: 'public.loyalty_test' }]);
    expect(result.foreignKeys.map((f) => [f.table, f.name, f.validated])).toEqual([
      ['public.admin_notifications', 'admin_notifications_transaction_id_fkey', false], // old notifications point at old transactions
      ['public.affiliates', 'affiliates_user_id_fkey', true],
      ['public.loyalty_test', 'loyalty_test_user_id_fkey', true],
    ]);
    expect(result.warnings.join('\n')).toMatch(/admin_notifications_transaction_id_fkey on public\.admin_notifications left NOT VALID/);
    expect(await dependentsFromOutside(db, result.schemaName)).toEqual([]);
    expect(await productionSurface(db)).toEqual(surface);
    expect(await queryRows(db, `select c.reloptions, t.reloptions as toast from pg_class c join pg_class t on t.oid = c.reltoastrelid where c.oid = 'public.transactions'::regclass`)).toEqual([
      { reloptions: ['fillfactor=90', 'autovacuum_vacuum_scale_factor=0.05'], toast: ['autovacuum_vacuum_scale_factor=0.1'] },
    ]);

    const newUser = (await queryRows<{ id: string }>(db, `select id from public.unified_profiles where email = 'new14@example.com'`))[0]!.id;
    const oldUser = (await queryRows<{ id: string }>(db, `select id from public.unified_profiles where email = 'old1@example.com'`))[0]!.id;
    // the test view and MV read the new tables
    const [v] = await queryRows<{ n: number }>(db, `select count(*)::int as n from public.paid_transactions_test`);
    expect(v!.n).toBe(24);
    const [mv] = await queryRows<{ n: number; e: number }>(db, `select n, e from public.profile_count_view_test join public.profile_count_test using (n)`);
    expect(mv).toEqual({ n: 16, e: 16 });
    expect((await queryRows(db, `select obj_description('public.profile_count_test'::regclass, 'pg_class') as c`))[0]).toEqual({ c: 'test mv' });

    // RLS on the new tables, as authenticated: own rows yes, others' no; the old data is gone
    await expectAllowed(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`select * from public.unified_profiles where id = ${newUser}`));
    await expectDenied(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`select * from public.unified_profiles where id <> ${newUser}`));
    await expectAllowed(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`select * from public.transactions where user_id = ${newUser}`));
    await expectDenied(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`select * from public.transactions where user_id <> ${newUser}`));
    await expectAllowed(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`select * from public.enrollments`));
    await expectAllowed(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`select * from public.paid_transactions_test`));
    await expectDenied(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`select * from public.paid_transactions_test where user_id <> ${newUser}`));
    // the column grant: own name yes, own email no
    await expectAllowed(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`update public.unified_profiles set first_name = 'Me' where id = ${newUser} returning id`));
    await expectDenied(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`update public.unified_profiles set email = 'me@example.com' where id = ${newUser} returning id`));
    await expectDenied(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`update public.unified_profiles set first_name = 'Me' where id <> ${newUser} returning id`));
    // the re-pointed policy of another table reads the new transactions
    await expectAllowed(db, { role: 'authenticated', claims: { sub: oldUser } }, (tx) => tx.execute(sql`select * from public.loyalty_test`));
    // MVs stay service_role only
    await expectDenied(db, { role: 'authenticated', claims: { sub: newUser } }, (tx) => tx.execute(sql`select * from public.revenue_analysis_mv`));
    const mvRows = await asServiceRole(db, (tx) => queryRows(tx as unknown as Database, sql`select * from public.revenue_analysis_mv`));
    expect(mvRows.length).toBeGreaterThan(0);

    // the trigger fires on the new production table: a paid P2P payment enrolls and notifies
    const [p2p] = await queryRows<{ id: string }>(db, `select id from public.courses where transaction_type = 'P2P'`);
    await queryRows(db, sql`delete from public.enrollments where user_id = ${newUser}`);
    await asServiceRole(db, (tx) =>
      tx.execute(sql`insert into public.transactions (user_id, amount, status, transaction_type, external_id, paid_at) values (${newUser}, 800, 'paid', 'P2P', 'after-cutover-1', now())`),
    );
    const enrolled = await queryRows(db, sql`select status from public.enrollments where user_id = ${newUser} and course_id = ${p2p!.id}`);
    expect(enrolled).toEqual([{ status: 'active' }]);
    const notes = await queryRows(db, `select type from admin_notifications n join public.transactions t on t.id = n.transaction_id where t.external_id = 'after-cutover-1' order by 1`);
    expect(notes).toEqual([{ type: 'enrollment_created' }, { type: 'payment_received' }]);

    // foreign keys of other tables and of the new tables point at the new rows
    await queryRows(db, sql`insert into public.affiliates (user_id, code) values (${newUser}, 'NEW14')`);
    await expectDbError(queryRows(db, `insert into public.affiliates (user_id, code) values (gen_random_uuid(), 'NOPE')`), /affiliates_user_id_fkey/);
    await expectDbError(queryRows(db, `insert into public.admin_notifications (type, title, transaction_id) values ('payment_received', 'x', gen_random_uuid())`), /admin_notifications_transaction_id_fkey/);
    await expectDbError(queryRows(db, sql`insert into public.loyalty_test (user_id) values (gen_random_uuid())`), /loyalty_test_user_id_fkey/);
    await expectDbError(queryRows(db, `insert into public.enrollments (user_id, course_id) values (gen_random_uuid(), (select id from public.courses limit 1))`), /enrollments_user_id_fkey/);
    // unique indexes under their production names
    await expectDbError(queryRows(db, `insert into public.transactions (amount, external_id) values (1, 'new-tx-1')`), /transactions_external_id_key/);
    await expectDbError(queryRows(db, `insert into public.unified_profiles (id, email) select id, upper(email) from auth.users where email = 'old20@example.com' or email = 'new13@example.com' limit 1`), /unified_profiles_email_key|unified_profiles_pkey/);
    // deleting an auth user cascades into the new production, not into the backup
    const [backupRows] = await queryRows<{ n: number }>(db, `select count(*)::int as n from ${result.schemaName}.unified_profiles`);
    await queryRows(db, `delete from auth.users where email = 'old2@example.com'`);
    expect(await queryRows(db, `select 1 from public.unified_profiles where email = 'old2@example.com'`)).toEqual([]);
    expect((await queryRows<{ n: number }>(db, `select count(*)::int as n from ${result.schemaName}.unified_profiles`))[0]).toEqual(backupRows);
    // the dashboard refresh (CONCURRENTLY, needs the re-created unique indexes) works
    const refreshed = await queryRows<{ refreshed_concurrently: boolean }>(db, `select * from public.refresh_dashboard_views()`);
    expect(refreshed.map((r) => r.refreshed_concurrently)).toEqual([true, true, true]);
    await asUser(db, newUser, (tx) => tx.execute(sql`select 1`));
  });

  it('works from SQL alone, and with the materialized views refreshed after the commit or left to the caller', async () => {
    await queryRows(db, 'drop view if exists public.profile_count_view_test');
    await queryRows(db, 'drop materialized view if exists public.profile_count_test');
    await queryRows(db, 'drop view if exists public.paid_transactions_test');
    const [active] = await listBackups(db, { status: 'active' });
    if (active) await rollback(db, active.id);
    await db.execute(sql`select * from public.refresh_dashboard_views()`);
    const before = await snapshot(db);
    await fillStaging(db);
    // the SQL function on its own: checksums inline, the registry complete at once
    const [row] = await queryRows<{ r: { backupId: string; counts: Record<string, number>; checksums: Record<string, string>; sealed: boolean } | string }>(
      db,
      'select public.launch_clean_production() as r',
    );
    const r = typeof row!.r === 'string' ? JSON.parse(row!.r) : row!.r;
    expect(r.backupId).toMatch(backupIdRegExp);
    expect(r.counts).toEqual({ unified_profiles: 16, transactions: 36, enrollments: 16, leads: 0 });
    expect(r.sealed).toBe(true);
    expect(r.checksums).toEqual(Object.fromEntries(Object.entries(before.tables).map(([k, v]) => [k, v.checksum])));
    expect(await getBackup(db, r.backupId)).toMatchObject({ status: 'active', checksums: r.checksums });
    const [back] = await queryRows<{ r: unknown }>(db, sql`select public.rollback_migration(${r.backupId}) as r`);
    const backResult = typeof back!.r === 'string' ? JSON.parse(back!.r) : back!.r;
    expect(backResult).toMatchObject({ backupId: r.backupId, checksums: r.checksums, checksumsVerified: true });
    expect(await snapshot(db)).toEqual(before);

    // refresh after the commit: same data in the MVs as inside
    const after = await cutover(db, { refresh: 'after' });
    expect(after.refreshed).toBe(true);
    expect(await getMonthlyRevenue(db, { materialized: true })).toEqual(await getMonthlyRevenue(db, {}));
    // refresh left to the caller: the MVs are unpopulated until refresh_dashboard_views() runs
    const restored = await rollback(db, after.backupId, { refresh: 'none' });
    expect(restored.refreshed).toBe(false);
    await expectDbError(queryRows(db, 'select * from public.revenue_analysis_mv'), /has not been populated/);
    const refreshed = await queryRows<{ refreshed_concurrently: boolean }>(db, 'select * from public.refresh_dashboard_views()');
    expect(refreshed.map((x) => x.refreshed_concurrently)).toEqual([false, false, false]);
    expect(await snapshot(db)).toEqual(before);
  });
});

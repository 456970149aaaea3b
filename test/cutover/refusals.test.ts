import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, dbErrorCode, dbErrorMessage, queryRows } from '../../src/db.js';
import {
  insertBackupSchema,
  CutoverError,
  createStagingTables,
  cutover,
  dropBackup,
  getBackup,
  listBackups,
  listRuns,
  RollbackError,
  rollback,
  sealBackup,
  SWAPPED_TABLES,
} from '../../src/ingest.js';
import { engine, expectDbError, POSTGRES_ONLY_RACE } from '../helpers.js';
import { fillStaging, setValidationReport, snapshot, stagingCounts, useSeededDatabase } from './fixture.js';

async function refusal(promise: Promise<unknown>): Promise<CutoverError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a refusal').toBeInstanceOf(CutoverError);
  return error as CutoverError;
}

describe(`cutover refusals (${engine})`, () => {
  const seeded = useSeededDatabase();
  let db: Database;
  beforeAll(() => {
    db = seeded.db;
  });

  it('refuses missing and empty staging', async () => {
    const before = await snapshot(db);
    await queryRows(db, `drop table if exists ingest.enrollments_staging, ingest.transactions_staging, ingest.unified_profiles_staging`);
    expect((await refusal(cutover(db))).code).toBe('staging_missing');
    await createStagingTables(db);
    const empty = await refusal(cutover(db, { force: true }));
    expect(empty.code).toBe('empty_staging');
    expect(empty.message).toMatch(/staging tables are empty/);
    expect(await snapshot(db)).toEqual(before);
    expect(await listBackups(db)).toEqual([]);
  });

  it('refuses when the latest validation report has blocking errors, even forced', async () => {
    await fillStaging(db);
    const before = await snapshot(db);
    expect(await setValidationReport(db, { blockingErrors: 2 })).toBe(true);
    const e = await refusal(cutover(db, { force: true }));
    expect(e.code).toBe('blocking_errors');
    expect(e.message).toMatch(/has 2 blocking error\(s\): fixture_0: blocking error 0; fixture_1/);
    expect(e.sqlState).toBe('UC001');
    // the SQL function refuses the same way
    await expectDbError(queryRows(db, 'select public.launch_clean_production(force => true)'), /blocking error/);
    expect(await snapshot(db)).toEqual(before);
    // a newer clean report lifts it
    await setValidationReport(db, { blockingErrors: 0 });
    const ok = await cutover(db);
    await rollback(db, ok.backupId);
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses a shrink beyond maxShrink unless forced or allowed', async () => {
    // production: 12 profiles, 30 transactions; staging: 5 profiles (-58 %), 10 transactions (-67 %)
    await fillStaging(db, { keep: 5, newUsers: 0, transactions: 10 });
    const before = await snapshot(db);
    const staging = await stagingCounts(db);
    const e = await refusal(cutover(db));
    expect(e.code).toBe('shrink');
    expect(e.message).toMatch(/smaller than production by more than 10%: unified_profiles: 12 → 5 rows \(-58\.3%\); transactions: 30 → 10 rows \(-66\.7%\)/);
    expect((await refusal(cutover(db, { maxShrink: 0.6 }))).message).toMatch(/more than 60%: transactions: 30 → 10/);
    expect(await snapshot(db)).toEqual(before);
    expect(await stagingCounts(db)).toEqual(staging);
    // a looser threshold (as a fraction or in percent) or force lets it through
    const loose = await cutover(db, { maxShrink: 70 });
    expect(loose.counts).toMatchObject({ unified_profiles: 5, transactions: 10 });
    await rollback(db, loose.backupId);
    const forced = await cutover(db, { force: true });
    expect(forced.warnings.join('\n')).toMatch(/forced past the shrink limit: unified_profiles: 12 → 5/);
    await rollback(db, forced.backupId);
    expect(await snapshot(db)).toEqual(before);
  });

  it('refuses bad options before doing anything', async () => {
    const runs = (await listRuns(db, { limit: 1000 })).length;
    for (const options of [{ maxShrink: -1 }, { maxShrink: 101 }, { lockTimeoutMs: 0 }, { maxAttempts: 50 }, { failAt: 'nowhere' }, { bogus: true }] as never[]) {
      const e = await refusal(cutover(db, options));
      expect(e.code).toBe('invalid_option');
    }
    expect((await listRuns(db, { limit: 1000 })).length).toBe(runs);
    await expectDbError(queryRows(db, 'select public.launch_clean_production(max_shrink => 2)'), /max_shrink must be a fraction between 0 and 1/);
    await expectDbError(queryRows(db, 'select public.launch_clean_production(lock_timeout_ms => 0)'), /lock_timeout_ms must be between/);
  });

  it('refuses staging that is not an exact clone of production, or stale against auth.users', async () => {
    await fillStaging(db);
    const before = await snapshot(db);
    await queryRows(db, 'alter table ingest.transactions_staging add column surprise text');
    let e = await refusal(cutover(db));
    expect(e.code).toBe('structure_mismatch');
    expect(e.message).toMatch(/\(1 difference\(s\)\): ingest\.transactions_staging has column surprise text, which public\.transactions lacks/);
    await fillStaging(db);
    await queryRows(db, `drop policy "users read their own transactions, admins every transaction" on ingest.transactions_staging`);
    e = await refusal(cutover(db));
    expect(e.message).toMatch(/ingest\.transactions_staging lacks policy "users read their own transactions, admins every transaction"/);
    await fillStaging(db);
    await queryRows(db, 'revoke select on ingest.enrollments_staging from authenticated');
    e = await refusal(cutover(db));
    expect(e.message).toMatch(/ingest\.enrollments_staging lacks table grant authenticated SELECT/);
    await fillStaging(db);
    await queryRows(db, 'alter table ingest.unified_profiles_staging disable row level security');
    expect((await refusal(cutover(db))).message).toMatch(/lacks owner \S+, row level security on/);
    // someone signed up with a staged new user's email since prepare
    await fillStaging(db, { newUsers: 5 });
    await queryRows(db, `insert into auth.users (id, email) values (gen_random_uuid(), 'NEW17@example.com')`);
    e = await refusal(cutover(db));
    expect(e.code).toBe('stale_staging');
    expect(e.message).toMatch(/1 new user\(s\) clash/);
    await queryRows(db, `delete from auth.users where email = 'NEW17@example.com'`);
    expect(await snapshot(db)).toEqual(before);
    expect(await listBackups(db, { status: 'active' })).toEqual([]);
  });
});

describe(`rollback refuses hostile and unknown backup ids (${engine})`, () => {
  const seeded = useSeededDatabase({ refresh: false, staging: true });
  let db: Database;
  let backupId: string;
  beforeAll(async () => {
    db = seeded.db;
    backupId = (await cutover(db)).backupId;
  });

  const hostile = [
    'x; drop table transactions',
    "'; --",
    "b20250101_000000_abcdef'; drop table public.transactions; --",
    'b20250101_000000_abcdef; drop schema public cascade',
    'ingest_backup_b20250101_000000_abcdef',
    '../../etc/passwd',
    'B20250101_000000_ABCDEF',
    `b${'9'.repeat(5000)}`,
    '',
  ];

  it.each(hostile.map((id) => [id.length > 60 ? `${id.slice(0, 40)}… (${id.length} characters)` : JSON.stringify(id), id]))('rollback(%s) is refused before anything is touched', async (_label, id) => {
    const before = await snapshot(db);
    const runs = (await listRuns(db, { limit: 1000 })).length;
    const e = await refusal(rollback(db, id));
    expect(e).toBeInstanceOf(RollbackError);
    expect(e.code).toBe('invalid_backup_id');
    // the SQL function, with the id as a parameter and spliced as a quoted literal
    const viaParam = await queryRows(db, sql`select public.rollback_migration(${id})`).catch((x: unknown) => x);
    expect(dbErrorCode(viaParam)).toBe('UC008');
    const literal = `'${id.replaceAll("'", "''")}'`;
    const viaLiteral = await queryRows(db, `select public.rollback_migration(${literal})`).catch((x: unknown) => x);
    expect(dbErrorCode(viaLiteral)).toBe('UC008');
    expect(await snapshot(db)).toEqual(before);
    expect((await listRuns(db, { limit: 1000 })).length).toBe(runs);
    expect(await getBackup(db, backupId)).toMatchObject({ status: 'active' });
    for (const s of SWAPPED_TABLES) expect((await queryRows(db, `select to_regclass('${s.production}') is not null as ok`))[0]).toEqual({ ok: true });
  });

  it('getBackup, sealBackup and dropBackup refuse a malformed id the same way, naming the operation and the expected form', async () => {
    const before = await snapshot(db);
    for (const [operation, call] of [
      ['get backup', (id: string) => getBackup(db, id)],
      ['seal backup', (id: string) => sealBackup(db, id)],
      ['drop backup', (id: string) => dropBackup(db, id)],
    ] as const) {
      const e = await refusal(call('nosuch'));
      expect(e).toBeInstanceOf(CutoverError);
      expect(e.code).toBe('invalid_backup_id');
      expect(e.message).toBe(`${operation}: "nosuch" is not a backup id (expected b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3)`);
      expect((await refusal(call(null as never))).message).toMatch(new RegExp(`^${operation}: null is not a backup id`));
    }
    expect((await refusal(rollback(db, 'nosuch'))).message).toBe('rollback: "nosuch" is not a backup id (expected b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3)');
    // the SQL functions, called directly (the owner's connection), say the same
    for (const fn of ['ingest.seal_backup', 'ingest.drop_backup', 'public.rollback_migration']) {
      const e = await queryRows(db, `select ${fn}('nosuch')`).catch((x: unknown) => x);
      expect(dbErrorCode(e), fn).toBe('UC008');
      expect(dbErrorMessage(e), fn).toBe(`'nosuch' is not a backup id (expected b<yyyymmdd>_<hhmmss>_<6 hex digits>, e.g. b20250131_235959_a1b2c3)`);
    }
    expect(await snapshot(db)).toEqual(before);
  });

  it('null and non-string ids are refused too', async () => {
    expect((await refusal(rollback(db, null as never))).code).toBe('invalid_backup_id');
    expect((await refusal(rollback(db, 42 as never))).code).toBe('invalid_backup_id');
    expect(dbErrorCode(await queryRows(db, 'select public.rollback_migration(null)').catch((x: unknown) => x))).toBe('UC008');
  });

  it('an unknown but well-formed id is refused by the registry lookup, with nothing changed', async () => {
    const before = await snapshot(db);
    const e = await refusal(rollback(db, 'b20200101_000000_abcdef'));
    expect(e.code).toBe('unknown_backup');
    expect(e.message).toMatch(/no backup 'b20200101_000000_abcdef' in ingest\.backups/);
    expect(await snapshot(db)).toEqual(before);
    const [run] = await listRuns(db, { kind: 'rollback', limit: 1 });
    expect(run).toMatchObject({ status: 'failed' });
  });

  it('the registry cannot hold a name the rollback would trust', async () => {
    // the zod schema says what the CHECKs say
    expect(insertBackupSchema.safeParse({ id: 'b20200101_000000_abcdef', schemaName: 'ingest_backup_b20200101_000000_abcdef', tables: [] }).success).toBe(true);
    expect(insertBackupSchema.safeParse({ id: 'b20200101_000000_abcdef', schemaName: 'public', tables: [] }).success).toBe(false);
    expect(insertBackupSchema.safeParse({ id: 'x; drop', schemaName: 'ingest_backup_x; drop', tables: [] }).success).toBe(false);
    await expectDbError(
      queryRows(db, `insert into ingest.backups (id, schema_name, tables) values ('b20200101_000000_abcdef', 'public', '[]')`),
      /backups_schema_name_check/,
    );
    await expectDbError(
      queryRows(db, `insert into ingest.backups (id, schema_name, tables) values ('x; drop', 'ingest_backup_x; drop', '[]')`),
      /backups_id_check/,
    );
    // the registry may only name the swapped tables (and is used through %I): a hostile name is refused
    await queryRows(
      db,
      `insert into ingest.backups (id, schema_name, tables, counts, checksums) values ('b20200101_000000_abcdef', 'ingest_backup_b20200101_000000_abcdef',
        '[{"name": "transactions; drop table public.courses", "detachedForeignKeys": []}]', '{}', '{}')`,
    );
    const e = await refusal(rollback(db, 'b20200101_000000_abcdef'));
    expect(e.code).toBe('verification_failed');
    expect(e.message).toMatch(/lists the tables "transactions; drop table public\.courses", not the swapped tables/);
    expect((await queryRows(db, `select to_regclass('public.courses') is not null as ok`))[0]).toEqual({ ok: true });
    await queryRows(db, `delete from ingest.backups where id = 'b20200101_000000_abcdef'`);
  });

  it('a restored or dropped backup cannot be rolled back again', async () => {
    await rollback(db, backupId);
    expect((await refusal(rollback(db, backupId))).code).toBe('backup_not_active');
    await fillStaging(db);
    const second = await cutover(db);
    const dropped = await dropBackup(db, second.backupId);
    expect(dropped).toMatchObject({ status: 'dropped', schemaName: second.schemaName });
    expect(await queryRows(db, sql`select 1 from pg_namespace where nspname = ${second.schemaName}`)).toEqual([]);
    expect((await refusal(rollback(db, second.backupId))).code).toBe('backup_not_active');
    expect(await getBackup(db, second.backupId)).toMatchObject({ status: 'dropped' });
  });
});

describe(`concurrent cutovers (${engine})`, () => {
  const seeded = useSeededDatabase({ refresh: false });
  let db: Database;
  beforeAll(() => {
    db = seeded.db;
  });

  it.skipIf(engine !== 'postgres')(`two at once: one wins, the other fails cleanly ${POSTGRES_ONLY_RACE}`, async () => {
    const staging = await fillStaging(db);
    const results = await Promise.allSettled([cutover(db), cutover(db)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(CutoverError);
    expect(['staging_missing', 'lock_timeout']).toContain((lost[0]!.reason as CutoverError).code);
    expect(await listBackups(db, { status: 'active' })).toHaveLength(1);
    expect((await snapshot(db)).tables.transactions!.count).toBe(staging.transactions);
    const [active] = await listBackups(db, { status: 'active' });
    await rollback(db, active!.id);
  });

  it.skipIf(engine !== 'postgres')('waits for a reader with lock_timeout and backoff, and gives up cleanly after maxAttempts', async () => {
    await fillStaging(db);
    const before = await snapshot(db);
    const other = postgres(seeded.handle.url!, { max: 1, onnotice: () => {} });
    try {
      // a long reader holds production: every attempt times out, nothing changes
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const locked = new Promise<void>((ready) => {
        void other.begin(async (tx) => {
          await tx`select count(*) from public.transactions`;
          ready();
          await held;
        });
      });
      await locked;
      const e = await refusal(cutover(db, { lockTimeoutMs: 100, maxAttempts: 2 }));
      expect(e.code).toBe('lock_timeout');
      expect(e.message).toMatch(/could not take its locks in 2 attempt\(s\) \(lock_timeout 100 ms\)/);
      expect(await snapshot(db)).toEqual(before);
      // released during the backoff: a later attempt succeeds
      setTimeout(release, 400);
      const ok = await cutover(db, { lockTimeoutMs: 150, maxAttempts: 8 });
      expect(ok.attempts).toBeGreaterThan(1);
      await rollback(db, ok.backupId);
      expect(await snapshot(db)).toEqual(before);
    } finally {
      await other.end({ timeout: 5 });
    }
  });
});

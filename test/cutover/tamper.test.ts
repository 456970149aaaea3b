import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, dbErrorCode, queryRows } from '../../src/db.js';
import { CutoverError, cutover, getBackup, rollback } from '../../src/ingest.js';
import { asServiceRole } from '../../src/rls.js';
import { engine, } from '../helpers.js';
import { fillStaging, snapshot, useSeededDatabase } from './fixture.js';

// Issue 10, section 1: rollback used to splice `ingest.backups.tables[*].detachedForeignKeys[*].definition`
// into ALTER TABLE … ADD CONSTRAINT, and service_role could write that table: a service key could
// make the operator's rollback run `ALTER ROLE service_role SUPERUSER`. These tests try it.

const ESCALATE = 'ALTER ROLE service_role SUPERUSER';
/** A second, independent witness: a table the payload creates if any of it runs. */
const WITNESS = 'CREATE TABLE public.tamper_witness ()';
const payload = `; ${ESCALATE}; ${WITNESS}; --`;

async function attackLanded(db: Database) {
  const [row] = await queryRows<{ superuser: boolean; witness: boolean }>(
    db,
    `select (select rolsuper from pg_catalog.pg_roles where rolname = 'service_role') as superuser,
            to_regclass('public.tamper_witness') is not null as witness`,
  );
  return row!;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the operation to fail').toBeDefined();
  return error;
}

/** The registry row as the superuser sees it (jsonb as text on both drivers). */
async function registryTables(db: Database, id: string): Promise<unknown[]> {
  const [row] = await queryRows<{ t: string }>(db, sql`select tables::text as t from ingest.backups where id = ${id}`);
  return JSON.parse(row!.t);
}

describe(`a tampered backup registry cannot make rollback run SQL (${engine})`, () => {
  const seeded = useSeededDatabase();
  let db: Database;
  beforeAll(() => {
    db = seeded.db;
  });

  it('service_role reads the backup registry and the validation reports but cannot write either', async () => {
    await fillStaging(db);
    const { backupId } = await cutover(db);
    const seen = await asServiceRole(db, (tx) => queryRows<{ id: string }>(tx, 'select id from ingest.backups'));
    expect(seen.map((r) => r.id)).toContain(backupId);
    const tables = JSON.stringify([{ name: 'unified_profiles', detachedForeignKeys: [{ name: 'x', definition: `CHECK (true)${payload}` }] }]);
    const writes = [
      sql`update ingest.backups set tables = ${tables}::jsonb where id = ${backupId}`,
      sql`update ingest.backups set details = '{}'::jsonb`,
      sql`insert into ingest.backups (id, schema_name, tables) values ('b20200101_000000_abcdef', 'ingest_backup_b20200101_000000_abcdef', ${tables}::jsonb)`,
      sql`delete from ingest.backups`,
      sql`truncate ingest.backups`,
      sql`insert into ingest.validation_reports (report, blocking_errors) values ('{}'::jsonb, 0)`,
      sql`update ingest.validation_reports set blocking_errors = 0`,
    ];
    for (const write of writes) {
      const error = await failure(asServiceRole(db, (tx) => queryRows(tx, write)));
      expect(dbErrorCode(error)).toBe('42501'); // insufficient_privilege
    }
    expect(await getBackup(db, backupId)).toMatchObject({ status: 'active' });
    await rollback(db, backupId);
    expect(await attackLanded(db)).toEqual({ superuser: false, witness: false });
  });

  it('payloads in every free-text field of the registry are never executed: rollback restores from the catalog', async () => {
    const before = await snapshot(db);
    const fksBefore = await queryRows(
      db,
      `select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def, convalidated
         from pg_constraint where contype = 'f' and conrelid in ('public.unified_profiles'::regclass, 'public.transactions'::regclass, 'public.enrollments'::regclass)
        order by 1, 2`,
    );
    await fillStaging(db);
    const { backupId } = await cutover(db);
    const tables = (await registryTables(db, backupId)) as { name: string; detachedForeignKeys: Record<string, unknown>[] }[];
    // the registry records the detached keys as structured data (no SQL text)
    const profiles = tables.find((t) => t.name === 'unified_profiles')!;
    expect(profiles.detachedForeignKeys).toContainEqual({
      name: 'unified_profiles_id_fkey',
      columns: ['id'],
      referencedTable: 'auth.users',
      referencedColumns: ['id'],
      onUpdate: 'no action',
      onDelete: 'cascade',
      validated: true,
    });
    // a tamperer (the superuser here: service_role can no longer write the table) puts the attack in
    // every field that is text: the old definition, each structured field, and an extra key
    const hostile = tables.map((t) => ({
      ...t,
      detachedForeignKeys: [
        ...t.detachedForeignKeys.map((fk) => ({
          ...fk,
          name: `${fk.name}" FOREIGN KEY (id) REFERENCES auth.users (id)${payload}`,
          definition: `FOREIGN KEY (id) REFERENCES auth.users(id)${payload}`,
          columns: [`id)${payload}`],
          referencedTable: `auth.users${payload}`,
          referencedColumns: [`id${payload}`],
          onUpdate: `cascade${payload}`,
          onDelete: `cascade${payload}`,
        })),
        { name: 'extra', definition: `CHECK (true)${payload}` },
      ],
    }));
    await queryRows(
      db,
      sql`update ingest.backups set tables = ${JSON.stringify(hostile)}::jsonb,
                 details = jsonb_build_object('warnings', jsonb_build_array(${payload}::text), 'foreignKeys', ${payload}::text)
           where id = ${backupId}`,
    );
    const restored = await rollback(db, backupId);
    expect(await attackLanded(db)).toEqual({ superuser: false, witness: false });
    // the keys came back from the catalog, exactly as they were
    expect(restored.foreignKeys.map((f) => f.name)).toEqual(expect.arrayContaining(['unified_profiles_id_fkey', 'transactions_user_id_fkey']));
    expect(await snapshot(db)).toEqual(before);
    expect(
      await queryRows(
        db,
        `select conrelid::regclass::text as t, conname, pg_get_constraintdef(oid) as def, convalidated
           from pg_constraint where contype = 'f' and conrelid in ('public.unified_profiles'::regclass, 'public.transactions'::regclass, 'public.enrollments'::regclass)
          order by 1, 2`,
      ),
    ).toEqual(fksBefore);
  });

  it('table names, counts and checksums that are not what the cutover wrote are refused; schema, id and status are held by CHECKs', async () => {
    await fillStaging(db);
    const { backupId, schemaName } = await cutover(db);
    const original = await registryTables(db, backupId);
    const refusedWith = async (tables: unknown, code: string, message: RegExp) => {
      await queryRows(db, sql`update ingest.backups set tables = ${JSON.stringify(tables)}::jsonb where id = ${backupId}`);
      const error = await failure(rollback(db, backupId));
      expect(error).toBeInstanceOf(CutoverError);
      expect((error as CutoverError).code).toBe(code);
      expect((error as CutoverError).message).toMatch(message);
      expect(await attackLanded(db)).toEqual({ superuser: false, witness: false });
    };
    const named = (name: string) => original.map((t, i) => (i === 0 ? { ...(t as object), name } : t));
    await refusedWith(named(`unified_profiles${payload}`), 'verification_failed', /the registry entry was altered/);
    await refusedWith(named('courses'), 'verification_failed', /not the swapped tables/);
    await refusedWith([...original, { name: 'courses', detachedForeignKeys: [] }], 'verification_failed', /not the swapped tables/);
    await refusedWith(original.slice(1), 'verification_failed', /not the swapped tables/);
    await refusedWith({ name: `unified_profiles${payload}` }, 'verification_failed', /lists the tables none/);
    await queryRows(db, sql`update ingest.backups set tables = ${JSON.stringify(original)}::jsonb where id = ${backupId}`);

    // counts and checksums are compared as values
    await queryRows(db, sql`update ingest.backups set checksums = jsonb_set(checksums, '{transactions}', to_jsonb(${payload}::text)) where id = ${backupId}`);
    const mismatch = await failure(rollback(db, backupId));
    expect((mismatch as CutoverError).code).toBe('verification_failed');
    await queryRows(db, sql`update ingest.backups set counts = jsonb_set(counts, '{transactions}', to_jsonb(${payload}::text)) where id = ${backupId}`);
    expect(((await failure(rollback(db, backupId))) as CutoverError).code).toBe('verification_failed');

    // the columns SQL is built from are held by CHECKs, for the owner too
    for (const write of [
      sql`update ingest.backups set schema_name = ${`public${payload}`} where id = ${backupId}`,
      sql`update ingest.backups set id = ${`${backupId}${payload}`}, schema_name = ${`${schemaName}${payload}`} where id = ${backupId}`,
      sql`update ingest.backups set status = ${`active${payload}`} where id = ${backupId}`,
    ]) {
      expect(dbErrorCode(await failure(queryRows(db, write)))).toBe('23514'); // check_violation
    }
    expect(await attackLanded(db)).toEqual({ superuser: false, witness: false });
  });
});


import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { CUTOVER_STEPS, CutoverError, cutover, listBackups, listRuns, ROLLBACK_STEPS, RollbackError, rollback } from '../../src/ingest.js';
import { engine, } from '../helpers.js';
import { snapshot, stagingCounts, useSeededDatabase } from './fixture.js';

/** Catalog state that a failed swap must leave as it was: schemas, relations per schema, constraints, triggers' states. */
async function catalogState(db: Database) {
  return {
    schemas: await queryRows(db, `select nspname from pg_namespace where nspname like 'ingest_backup_%' order by 1`),
    relations: await queryRows(
      db,
      `select n.nspname, c.relname, c.relkind::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'ingest') or n.nspname like 'ingest_backup_%' order by 1, 2`,
    ),
    constraints: await queryRows(
      db,
      `select conrelid::regclass::text as t, conname, confrelid::regclass::text as target, convalidated from pg_constraint
        where contype = 'f' and connamespace in ('public'::regnamespace, 'ingest'::regnamespace) order by 1, 2`,
    ),
    triggers: await queryRows(
      db,
      `select tgrelid::regclass::text as t, tgname, tgenabled::text from pg_trigger where not tgisinternal
        and tgrelid in (select oid from pg_class where relnamespace in ('public'::regnamespace, 'ingest'::regnamespace)) order by 1, 2`,
    ),
    views: await queryRows(db, `select c.oid::regclass::text as v, pg_get_viewdef(c.oid) as def from pg_class c where c.relkind in ('v', 'm') and c.relnamespace = 'public'::regnamespace order by 1`),
    authUsers: await queryRows(db, 'select count(*)::int as n from auth.users'),
  };
}

describe(`a failure at any step leaves production unchanged (${engine})`, () => {
  const seeded = useSeededDatabase({ staging: true });
  let db: Database;
  beforeAll(() => {
    db = seeded.db;
  });

  it.each(CUTOVER_STEPS)('cutover failing at %s', async (step) => {
    const before = await snapshot(db);
    const staging = await stagingCounts(db);
    const catalog = await catalogState(db);
    const error = await cutover(db, { failAt: step }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CutoverError);
    expect((error as CutoverError).code).toBe('injected_failure');
    expect((error as CutoverError).message).toContain(`injected failure at step ${step}`);
    expect(await snapshot(db)).toEqual(before);
    expect(await stagingCounts(db)).toEqual(staging);
    expect(await catalogState(db)).toEqual(catalog);
    expect(await listBackups(db)).toEqual([]);
    const [run] = await listRuns(db, { kind: 'cutover', limit: 1 });
    expect(run).toMatchObject({ status: 'failed' });
    expect(run!.error).toContain(step);
  });

  it.each(ROLLBACK_STEPS)('rollback failing at %s', async (step) => {
    // one real cutover, then every rollback step fails against it
    let [backup] = await listBackups(db, { status: 'active' });
    if (!backup) {
      await cutover(db);
      [backup] = await listBackups(db, { status: 'active' });
    }
    const before = await snapshot(db);
    const catalog = await catalogState(db);
    const backupRows = await queryRows(db, `select count(*)::int as n from ${backup!.schemaName}.transactions`);
    const error = await rollback(db, backup!.id, { failAt: step }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackError);
    expect((error as RollbackError).code).toBe('injected_failure');
    expect(await snapshot(db)).toEqual(before);
    expect(await catalogState(db)).toEqual(catalog);
    expect(await listBackups(db)).toMatchObject([{ id: backup!.id, status: 'active', counts: backup!.counts, checksums: backup!.checksums }]);
    expect(await queryRows(db, `select count(*)::int as n from ${backup!.schemaName}.transactions`)).toEqual(backupRows);
  });

  it('after all that, the rollback still restores the original production', async () => {
    const [backup] = await listBackups(db, { status: 'active' });
    const result = await rollback(db, backup!.id);
    expect(result.counts).toEqual(backup!.counts);
    expect(result.checksums).toEqual(backup!.checksums);
  });
});

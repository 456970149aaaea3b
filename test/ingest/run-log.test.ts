import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { finishRun, lastRun, listRuns, RunLogError, recordRun, startRun } from '../../src/ingest.js';
import { engine, useDatabase } from '../helpers.js';

const t = useDatabase();

describe(`ingest.run_log and recordRun (${engine})`, () => {
  it('records a successful run with its counts, duration and details', async () => {
    const result = await recordRun(
      t.db,
      'sync_xendit',
      async (run) => {
        expect(run.id).toBeGreaterThan(0);
        const [row] = await queryRows<{ status: string }>(t.db, `select status from ingest.run_log where id = ${run.id}`);
        expect(row!.status).toBe('running');
        run.addDetails({ cursor: '2024-03-01T00:00:00Z', pages: 3 });
        await new Promise((r) => setTimeout(r, 20));
        return { inserted: 5, updated: 1, note: 'ignored (not a number)' };
      },
      { details: { label: 'xendit api' } },
    );
    expect(result.inserted).toBe(5);
    const run = await lastRun(t.db, 'sync_xendit');
    expect(run).toMatchObject({
      kind: 'sync_xendit',
      status: 'succeeded',
      counts: { inserted: 5, updated: 1 },
      error: null,
      details: { label: 'xendit api', cursor: '2024-03-01T00:00:00Z', pages: 3 },
    });
    expect(run!.durationMs).toBeGreaterThanOrEqual(15);
    expect(run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());
  });

  it('records a failed run with the error and rethrows it', async () => {
    await expect(
      recordRun(t.db, 'prepare', async (run) => {
        run.setCounts({ staged: 3 });
        throw new Error('blocking: 2 invoices without email');
      }),
    ).rejects.toThrow('blocking: 2 invoices without email');
    const run = await lastRun(t.db, 'prepare');
    expect(run).toMatchObject({ status: 'failed', error: 'blocking: 2 invoices without email', counts: { staged: 3 } });
    expect(run!.finishedAt).toBeInstanceOf(Date);
    expect(await lastRun(t.db, 'prepare', { status: 'succeeded' })).toBeUndefined();
  });

  it('a database error inside a failed run is stored with the database message', async () => {
    await expect(recordRun(t.db, 'cutover', () => queryRows(t.db, 'select 1/0'))).rejects.toThrow();
    expect((await lastRun(t.db, 'cutover'))!.error).toMatch(/division by zero/);
  });

  it('startRun/finishRun for long jobs; unknown kinds are refused in TS and by the CHECK', async () => {
    const id = await startRun(t.db, 'sync_systemeio', { page: 1 });
    await finishRun(t.db, id, { status: 'succeeded', counts: { pages: 2 }, details: { page: 2 } });
    const [row] = await listRuns(t.db, { kind: 'sync_systemeio' });
    expect(row).toMatchObject({ id, status: 'succeeded', counts: { pages: 2 }, details: { page: 2 } });
    // Without a measured duration the database takes finished - started (whole ms).
    expect(Math.abs(row!.durationMs! - (row!.finishedAt!.getTime() - row!.startedAt.getTime()))).toBeLessThanOrEqual(1);
    const measured = await startRun(t.db, 'sync_systemeio');
    await finishRun(t.db, measured, { status: 'succeeded', durationMs: 1234.6 });
    expect((await listRuns(t.db, { kind: 'sync_systemeio' })).find((r) => r.id === measured)?.durationMs).toBe(1235);
    await expect(startRun(t.db, 'drop_everything' as never)).rejects.toBeInstanceOf(RunLogError);
    await expect(queryRows(t.db, "insert into ingest.run_log (kind) values ('nope')")).rejects.toThrow();
    await expect(queryRows(t.db, "insert into ingest.run_log (kind, status) values ('prepare', 'succeeded')")).rejects.toThrow();
    const all = await listRuns(t.db, { limit: 100 });
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort((a, b) => b - a));
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db.js';
import { type DemoOptions, defaultSampleDir, runDemo } from '../../src/ingest.js';
import { emptyServerDatabase, engine } from '../helpers.js';

const groundTruth = JSON.parse(readFileSync(join(defaultSampleDir, 'ground-truth.json'), 'utf8'));
const dataDir = mkdtempSync(join(tmpdir(), 'unified-demo-'));
let server: Awaited<ReturnType<typeof emptyServerDatabase>> | undefined;

afterAll(async () => {
  await server?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The database the demo runs on: a temp folder for PGlite (like `.data/unified-schema`), a new empty database on PostgreSQL. */
async function target(): Promise<DemoOptions> {
  if (engine === 'pglite') return { dataDir };
  server ??= await emptyServerDatabase();
  return { databaseUrl: server.url, demoDatabase: server.name };
}

describe(`the main job, npm start (${engine})`, () => {
  // The first run and the run again are two tests on the same database (each under the time limit on a loaded machine).
  const lines: string[] = [];
  let opts: DemoOptions & { out: (line: string) => void };
  let first: Awaited<ReturnType<typeof runDemo>>;

  it('migrates, ingests the shipped sample data, prepares, cuts over, refreshes and summarizes', async () => {
    opts = { ...(await target()), out: (l: string) => lines.push(l) };
    first = await runDemo(opts);
    expect(first.engine).toBe(engine);
    expect(first.ingest.xendit).toMatchObject(groundTruth.ingest.xendit);
    expect(first.ingest.systemeio).toMatchObject(groundTruth.ingest.systemeio);
    expect(first.report).toEqual(groundTruth.expected);
    const text = lines.join('\n');
    expect(text).toMatch(/Validation report/);
    expect(text).toMatch(/1,258,601\.00/);
    expect(text).toMatch(/Dashboard/);
    expect(text).not.toMatch(/"transactions":/); // a table, not raw JSON

    if (first.cutover.ran) {
      // production now holds the prepared data, and the dashboard reads it
      const php = Object.fromEntries(first.dashboard.revenueByProduct.filter((r) => r.currency === 'PHP').map((r) => [r.product, r.revenue]));
      for (const p of ['P2P', 'Canva', 'Other']) expect(php[p] ?? '0.00', p).toBe(groundTruth.expected.revenue[p]);
      expect(first.dashboard.enrollmentsByCourse.reduce((s, c) => s + c.enrollments, 0)).toBe(groundTruth.expected.enrollments);
      // signups are the profiles and the leads: conversion is paying people / everyone who signed up
      expect(first.dashboard.marketingSources.reduce((s, r) => s + r.signups, 0)).toBe(groundTruth.expected.profiles + groundTruth.expected.leads);
      const contacts = first.dashboard.marketingSources.find((r) => r.source === 'systemeio')!;
      expect(Number(contacts.conversionRate)).toBeGreaterThan(0);
      expect(Number(contacts.conversionRate)).toBeLessThan(100);
      // the printed table ends with every source together: all signups, all paying people
      const signups = groundTruth.expected.profiles + groundTruth.expected.leads;
      const paying = first.dashboard.marketingSources.reduce((s, r) => s + r.payingUsers, 0);
      const all = text.split('\n').find((l) => l.trim().startsWith('all sources'));
      expect(all?.trim().split(/\s{2,}/)).toEqual(['all sources', signups.toLocaleString('en-US'), paying.toLocaleString('en-US'), ((100 * paying) / signups).toFixed(1)]);
    } else {
      expect(text).toMatch(/cutover: skipped: .+/);
    }
  });

  it('runs again: nothing new to ingest, prepares and cuts over again; both runs are in the run log', async () => {
    expect(first, 'the test above ran the demo').toBeDefined();
    lines.length = 0;
    const second = await runDemo(opts);
    expect(second.migrationsApplied).toBe(0);
    expect(second.ingest.xendit).toMatchObject({ inserted: 0, updated: 0, unchanged: groundTruth.ingest.xendit.inserted });
    expect(second.ingest.systemeio).toMatchObject({ inserted: 0, updated: 0, unchanged: groundTruth.ingest.systemeio.inserted });
    const users = first.cutover.ran ? { existing: groundTruth.expected.profiles, new: 0 } : groundTruth.expected.authUsers;
    expect(second.report).toEqual({ ...groundTruth.expected, authUsers: users });
    expect(second.cutover.ran).toBe(first.cutover.ran);

    // both runs are in the run log
    const check = opts.databaseUrl ? await openDatabase({ url: opts.databaseUrl, max: 1 }) : await openDatabase({ dataDir });
    try {
      const runs = await queryRows<{ kind: string; status: string; n: number }>(
        check.db,
        `select kind, status, count(*)::int as n from ingest.run_log where kind in ('pipeline', 'prepare') group by 1, 2 order by 1`,
      );
      expect(runs).toEqual([
        { kind: 'pipeline', status: 'succeeded', n: 2 },
        { kind: 'prepare', status: 'succeeded', n: 2 },
      ]);
    } finally {
      await check.close();
    }
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { writeSampleData } from '../../src/ingest/generate-sample.js';
import { cliRunner, engine, useDatabase } from '../helpers.js';

const t = useDatabase();
const dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
const sample = writeSampleData(dir, { seed: 3, invoices: 120, contacts: 150 });

/** The CLI against this test's database (test/helpers.ts). */
const cli = cliRunner(() => ({ url: t.handle.url, dataDir: join(dir, 'pglite') }));

describe(`unified-schema ingest (${engine})`, () => {
  it('loads files, reports the counts and the first rejections, and status lists the runs', async () => {
    const gt = sample.groundTruth.ingest.xendit;
    const first = await cli('ingest', 'xendit', join(dir, 'xendit-invoices.csv'), '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ inserted: gt.inserted, rejected: gt.rejected, duplicates: gt.duplicates, unchanged: 0 });
    const second = await cli('ingest', 'xendit', join(dir, 'xendit-invoices.json'), '--batch-size', '50');
    expect(second.code, second.stderr).toBe(0);
    // The CSV derived its ids from External ID: the API file's invoices are new rows.
    expect(second.stdout).toMatch(new RegExp(`${gt.total} record\\(s\\) read: ${gt.inserted} inserted, 0 updated, 0 unchanged, ${gt.rejected} rejected`));
    expect(second.stdout).toMatch(/rejected record \d+ \(line \d+\)/);
    const status = await cli('status');
    expect(status.stdout).toMatch(/Recent runs:\n\s+#\d+ ingest_xendit\s+succeeded/);
    if (engine === 'postgres') {
      const [row] = await queryRows<{ n: number }>(t.db, 'select count(*)::int as n from ingest.xendit_raw');
      expect(row!.n).toBe(gt.inserted * 2);
    }
  });

  it('a malformed file exits 1 with the reason; bad arguments and --help behave', async () => {
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, '{"id": "a", "status": "PAID", "amount": 1}\n{"id": "b",\n');
    const r = await cli('ingest', 'xendit', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: malformed JSON: unexpected end of input inside the record starting at line 2 \(nothing was loaded\)/);
    const help = await cli('ingest', 'systemeio', '--help');
    expect(help.stdout).toMatch(/Usage: unified-schema ingest systemeio \[options\] <file>/);
    const wrong = await cli('ingest', 'xendit', bad, '--format', 'xml');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Allowed choices are json, ndjson, csv/);
  });
});

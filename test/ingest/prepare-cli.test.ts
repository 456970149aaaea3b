import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSampleData } from '../../src/ingest/generate-sample.js';
import { engine, migratedDataDir, runCli, useDatabase } from '../helpers.js';

const t = useDatabase();
const dir = mkdtempSync(join(tmpdir(), 'prepare-cli-'));
const sample = writeSampleData(dir, { seed: 5, invoices: 150, contacts: 200 });

/** Runs the CLI against this test's database: its URL on postgres, a migrated local folder on PGlite. */
const pgliteDir = join(dir, 'pglite');
beforeAll(async () => {
  if (engine === 'pglite') await migratedDataDir(pgliteDir);
});
const cli = (...args: string[]) => runCli([...(engine === 'postgres' ? ['--database-url', t.handle.url!] : ['--data-dir', pgliteDir]), ...args]);

describe(`unified-schema prepare (${engine})`, () => {
  it('loads both files; prepare --json prints the validation report, equal to the generator ground truth', async () => {
    expect((await cli('ingest', 'xendit', join(dir, 'xendit-invoices.json'))).code).toBe(0);
    expect((await cli('ingest', 'systemeio', join(dir, 'systemeio-contacts.ndjson'))).code).toBe(0);
    const json = await cli('prepare', '--json');
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(sample.groundTruth.expected);
  });

  // Split from the test above (same database) to keep each under the time limit on a loaded machine.
  it('prints the validation report as a table; status lists the run; --help everywhere', async () => {
    const table = await cli('prepare');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Validation report\n\s+Product\s+paid\s+settled\s+expired\s+pending\s+total\s+revenue \(PHP\)/);
    expect(table.stdout).toMatch(new RegExp(`Leads\\s+${sample.groundTruth.expected.leads.toLocaleString('en-US')}`));
    expect(table.stdout).toMatch(/Blocking errors\s+none/);
    const status = await cli('status');
    expect(status.stdout).toMatch(/#\d+ prepare\s+succeeded/);
    for (const command of [['prepare'], ['demo'], ['status']]) {
      const help = await cli(...command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`Usage: unified-schema ${command[0]} \\[options\\]`));
    }
    expect((await cli('--help')).stdout).toMatch(/--database-url <url>/);
  });
});

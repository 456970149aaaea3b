import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearSiteFolder, SITE_MARKER } from '../../src/docs/site.js';
import { engine, runCli } from '../helpers.js';

// `unified-schema docs --out <dir>` empties the folder it writes: only ever one of its own sites.
// File-system and argument checks: the same on both engines, run in the pglite project only.
describe.skipIf(engine !== 'pglite')('the schema reference folder (pglite project only: no database involved)', () => {
  const root = mkdtempSync(join(tmpdir(), 'docs-out-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  /** A folder like an app's project: source and package.json. */
  const project = (name: string) => {
    const dir = join(root, name);
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src/app.ts'), 'export {};\n');
    writeFileSync(join(dir, 'package.json'), '{}\n');
    return dir;
  };

  it('refuses, untouched, a non-empty folder that is not a site it wrote (a project, its cwd)', async () => {
    const dir = project('app');
    expect(() => clearSiteFolder(dir)).toThrow(expect.objectContaining({ code: 'not_a_site_folder' }));
    for (const out of [dir, '.']) {
      const run = await runCli(['--json', 'docs', '--out', out], { cwd: dir });
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stderr)).toMatchObject({ error: { code: 'not_a_site_folder' } });
    }
    expect(readdirSync(dir).sort()).toEqual(['package.json', 'src']);
    expect(readFileSync(join(dir, 'src/app.ts'), 'utf8')).toBe('export {};\n');
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expect(() => clearSiteFolder(file)).toThrow(/is a file/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('empties a missing, empty or earlier-site folder', () => {
    clearSiteFolder(join(root, 'missing'));
    const empty = join(root, 'empty');
    mkdirSync(empty);
    clearSiteFolder(empty);
    const earlier = join(root, 'site');
    mkdirSync(join(earlier, 'public/tables'), { recursive: true });
    writeFileSync(join(earlier, SITE_MARKER), '');
    writeFileSync(join(earlier, 'index.html'), '<html>');
    clearSiteFolder(earlier);
    expect(existsSync(earlier)).toBe(false);
  });

  it('a --database-url that does not connect is reported with its cause and the password hidden, and nothing is written', async () => {
    const out = join(root, 'never-written');
    for (const [url, code] of [
      ['postgres://app:s3cret@127.0.0.1:1/main', 'connection_failed'],
      ['mysql://app:s3cret@127.0.0.1/main', 'invalid_url'],
    ] as const) {
      const run = await runCli(['--json', '--database-url', url, 'docs', '--out', out]);
      expect(run.code).toBe(1);
      const { error } = JSON.parse(run.stderr) as { error: { code: string; message: string } };
      expect(error.code).toBe(code);
      expect(error.message).toContain('app:***@');
      expect(run.stderr).not.toContain('s3cret');
    }
    expect(existsSync(out)).toBe(false);
  });
});

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { engine } from '../helpers.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const examples = join(root, 'examples/readme');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The README's TypeScript blocks, each with the example file named in the comment line before it. */
function readmeBlocks(): { file: string | undefined; code: string }[] {
  const blocks: { file: string | undefined; code: string }[] = [];
  const re = /(?:<!-- example: (\S+) -->\n)?```ts\n([\s\S]*?)```/g;
  for (let m = re.exec(readme); m; m = re.exec(readme)) blocks.push({ file: m[1], code: m[2]! });
  return blocks;
}

// The snippets are compiled and run once, in the pglite project: they open an embedded database
// themselves, so running them again in the postgres project would test nothing new.
const once = it.skipIf(engine === 'postgres');

describe('the README snippets are files that compile and run', () => {
  it('every TypeScript block of the README is an example file, verbatim, and every example is in the README', () => {
    const blocks = readmeBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const b of blocks) {
      expect(b.file, `a \`\`\`ts block without its <!-- example: … --> line:\n${b.code.slice(0, 120)}`).toBeDefined();
      expect(b.code, b.file).toBe(readFileSync(join(root, b.file!), 'utf8'));
    }
    const files = readdirSync(examples).filter((f) => f.endsWith('.ts'));
    expect(blocks.map((b) => b.file).sort()).toEqual(files.map((f) => `examples/readme/${f}`).sort());
    expect(readme).toMatch(/npm install @org\/unified-schema drizzle-orm postgres @electric-sql\/pglite/);
  });

  once('they compile with strict TypeScript', async () => {
    const tsc = join(root, 'node_modules/.bin/tsc');
    const r = await run(tsc, ['-p', join(examples, 'tsconfig.json')]).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });

  // examples/readme/supabase.ts is compiled above but not run: supabase-js constructs a realtime client,
  // which needs a native WebSocket (Node 22) or the `ws` package on Node 20, and it talks to a server.
  for (const [file, output] of [
    ['quick-start.ts', /applied \d+ migration\(s\)\nprofiles visible to [0-9a-f-]+: 0\n/],
    ['crm.ts', /^found Grace\n$/],
    ['testing.ts', /^anon is denied\n$/],
  ] as const) {
    once(`${file} runs on an embedded database`, async () => {
      const { stdout } = await run(process.execPath, ['--import', import.meta.resolve('tsx'), join(examples, file)], {
        env: { ...process.env, DATABASE_URL: '', TSX_TSCONFIG_PATH: join(examples, 'tsconfig.json') },
      });
      expect(stdout).toMatch(output);
    });
  }
});

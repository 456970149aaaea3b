import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pgliteMigratedSnapshot } from '../../src/testing/index.js';

// Migrate one PGlite, dump it, and let every test file load the dump.
export default async function setup(project: TestProject) {
  const file = join(tmpdir(), `unified-schema-pglite-${process.pid}.tar`);
  const blob = await pgliteMigratedSnapshot();
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  project.provide('pgUrl', '');
  return () => rmSync(file, { force: true });
}

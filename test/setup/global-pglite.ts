import type { TestProject } from 'vitest/node';
import { ensurePgliteSnapshotFile } from '../../src/testing/index.js';

// The migrated PGlite snapshot from the on-disk cache (made once per set of migrations and PGlite
// version, reused by every file, worker and later run); every test file loads it.
export default async function setup(project: TestProject) {
  project.provide('pgliteSnapshot', await ensurePgliteSnapshotFile());
  project.provide('pgUrl', '');
}

import type { TestProject } from 'vitest/node';
import { ensureTemplate, findPostgresBinaries, startPostgresServer } from '../../src/testing/index.js';

// Start a throwaway PostgreSQL cluster (or use TEST_DATABASE_URL), migrate a template database
// once, and let every test file copy it. With CI=true a missing PostgreSQL fails the run.
export default async function setup(project: TestProject) {
  project.provide('pgliteSnapshot', '');
  if (process.env.TEST_DATABASE_URL) {
    await ensureTemplate(process.env.TEST_DATABASE_URL);
    project.provide('pgUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  if (!findPostgresBinaries()) {
    throw new Error('CI=true but PostgreSQL binaries (initdb, postgres) are missing: the postgres suites cannot run. .ci/run installs them with apt-get.');
  }
  const server = await startPostgresServer();
  console.log(`[postgres] ${server.version} on 127.0.0.1:${server.port}`);
  await ensureTemplate(server.url);
  project.provide('pgUrl', server.url);
  return () => server.stop();
}

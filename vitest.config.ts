import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { findPostgresBinaries } from './src/testing/postgres-server.js';

// RLS cases recorded by expectAllowed / expectDenied go here (workers inherit the variable); the
// coverage reporter reads them after the run and writes docs/rls-coverage.md (see docs/testing.md).
process.env.UNIFIED_SCHEMA_RLS_COVERAGE_DIR ??= mkdtempSync(join(tmpdir(), 'rls-coverage-'));

// Every suite runs twice: once on PGlite and once on a PostgreSQL 15 that the global setup starts
// (a throwaway cluster). Without PostgreSQL binaries the postgres project is left out with a
// warning, except under CI=true, where its global setup fails the run instead.
const havePostgres = Boolean(process.env.TEST_DATABASE_URL || findPostgresBinaries() || process.env.CI === 'true');
if (!havePostgres) console.warn('\n!! PostgreSQL binaries not found: the postgres project is NOT run (install postgresql to run it)\n');

// postgres.js: the suites run on the devDependency (the release new apps install); with
// UNIFIED_SCHEMA_TEST_POSTGRES_JS=3 they run on postgres.js 3 instead (the devDependency alias
// postgres-v3), the other major the peer range accepts. .ci/run runs the postgres project both ways.
const postgresJs3 = process.env.UNIFIED_SCHEMA_TEST_POSTGRES_JS === '3';
if (postgresJs3) console.warn('\n:: postgres.js 3 (postgres-v3) instead of the devDependency\n');

const project = (name: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name,
    globalSetup: [`./test/setup/global-${name}.ts`],
    provide: { engine: name },
  },
});

export default defineConfig({
  resolve: { alias: postgresJs3 ? [{ find: /^postgres$/, replacement: 'postgres-v3' }] : [] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/rls/coverage-reporter.ts'],
    projects: [project('pglite'), ...(havePostgres ? [project('postgres')] : [])],
  },
});

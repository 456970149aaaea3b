import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { engine } from '../helpers.js';

// The postgres.js major the suites run on: the devDependency (4), or 3 when the run asks for it
// (UNIFIED_SCHEMA_TEST_POSTGRES_JS=3, see vitest.config.ts): the second run of .ci/run must not quietly
// test the same driver twice. postgres.js 4 has the option `infer` (who types parameters); 3 has not.
describe(`postgres.js major (${engine})`, () => {
  it('is the one the run asked for', async () => {
    // never connects: the options are read, then the client is closed
    const sql = postgres('postgres://127.0.0.1:1/none', { max: 1 });
    try {
      expect('infer' in sql.options).toBe(process.env.UNIFIED_SCHEMA_TEST_POSTGRES_JS !== '3');
    } finally {
      await sql.end({ timeout: 0 });
    }
  });
});

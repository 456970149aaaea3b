/**
 * `npx tsx bench/prepare-profile.ts [n]`: the profile behind docs/ingest.md "prepare at scale".
 * Loads n invoices and n contacts (default 1,000,000, the bench's generators) into a scratch
 * database of a throwaway PostgreSQL 15 cluster, then runs prepare twice with auto_explain logging
 * every statement of the function above 100 ms (EXPLAIN ANALYZE, BUFFERS) and every temp file
 * (a sort or hash spilling to disk) into prepare-profile.log. Not part of `npm run bench`.
 */
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, queryRows } from '../src/db.js';
import { ingestSystemeio, ingestXendit, prepare } from '../src/ingest.js';
import { createTestDatabase, startPostgresServer } from '../src/testing/index.js';
import { contact, invoice, writeNdjson } from './prepare.js';

const n = Number(process.argv[2] ?? 1_000_000);
const logFile = process.env.PROFILE_LOG ?? 'prepare-profile.log';
const explain = process.env.PROFILE_EXPLAIN !== '0';
writeFileSync(logFile, '');
const server = await startPostgresServer({ log: (line) => appendFileSync(logFile, line) });
const dir = mkdtempSync(join(tmpdir(), 'prepare-profile-'));
try {
  const t = await createTestDatabase({ engine: 'postgres', serverUrl: server.url });
  const invoices = join(dir, 'invoices.ndjson');
  const contacts = join(dir, 'contacts.ndjson');
  await writeNdjson(invoices, n, invoice);
  await writeNdjson(contacts, n, contact);
  await ingestXendit(t.db, invoices, { log: false });
  await ingestSystemeio(t.db, contacts, { log: false });
  const [{ name }] = (await queryRows<{ name: string }>(t.db, 'select current_database() as name')) as [{ name: string }];
  const settings = explain
    ? [
        "session_preload_libraries = 'auto_explain'",
        "auto_explain.log_min_duration = '100ms'",
        'auto_explain.log_analyze = on',
        'auto_explain.log_buffers = on',
        'auto_explain.log_nested_statements = on',
        'log_temp_files = 0',
      ]
    : ['log_temp_files = 0'];
  for (const s of settings) await t.db.execute(`alter database "${name}" set ${s}`);
  const profiled = await openDatabase({ url: t.url, max: 2 });
  try {
    for (const label of ['first', 'again']) {
      appendFileSync(logFile, `\n===== prepare ${label} =====\n`);
      const started = performance.now();
      const report = await prepare(profiled.db);
      const ms = performance.now() - started;
      console.log(`prepare ${label} ${n}+${n}: ${Math.round(ms)} ms (${report.profiles} profiles, ${report.transactions.total} transactions, ${report.enrollments} enrollments, ${report.leads} leads)`);
      appendFileSync(logFile, `===== prepare ${label}: ${Math.round(ms)} ms =====\n`);
    }
  } finally {
    await profiled.close();
    await t.close();
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

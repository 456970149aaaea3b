/**
 * `npx tsx bench/prepare-profile.ts [n]`: the profile behind docs/ingest-performance.md "prepare at scale".
 * Loads n invoices and n contacts (default 1,000,000, the bench's generators) into a scratch
 * database of a throwaway PostgreSQL 15 cluster, then runs prepare (twice by default) with
 * auto_explain logging the function's statements and every temp file (a sort or hash spilling to
 * disk) into prepare-profile.log. Not part of `npm run bench`.
 *
 * - `PROFILE_EXPLAIN=1` (default): EXPLAIN ANALYZE + BUFFERS of every statement above 100 ms
 *   (per-node timing inflates the total); `duration`: every statement's duration without ANALYZE
 *   (cheap), summarized per run on stdout, the gaps between statements being utility work (index
 *   builds, constraints, DDL); `0`: plain timings.
 * - `PROFILE_BASELINE=<file>`: a `CREATE OR REPLACE FUNCTION public.validate_and_prepare_clean_data()`
 *   (e.g. the function of an older commit): the runs alternate baseline / current on the same data
 *   and the same machine minute (paired), and each run's report and staging fingerprint (the rows
 *   without their random ids) must equal the first run's.
 * - `PROFILE_ROUNDS=<k>`: rounds (default 2; with a baseline one round = baseline then current).
 * - `PROFILE_AUTOVACUUM=off`: no autovacuum in the cluster (how much of a run is the vacuum of the
 *   rows the load or the previous run wrote, working alongside it). Autovacuum's runs and the
 *   checkpoints are logged either way.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase, queryRows } from '../src/db.js';
import { validateAndPrepareCleanDataFn } from '../src/functions/ingest/prepare-sql.js';
import { ingestSystemeio, ingestXendit, prepare } from '../src/ingest.js';
import { createTestDatabase, startPostgresServer } from '../src/testing/index.js';
import { contact, invoice, writeNdjson } from './prepare.js';

const n = Number(process.argv[2] ?? 1_000_000);
const logFile = process.env.PROFILE_LOG ?? 'prepare-profile.log';
const mode = process.env.PROFILE_EXPLAIN ?? '1';
const baselineFile = process.env.PROFILE_BASELINE;
const rounds = Number(process.env.PROFILE_ROUNDS ?? 2);

/** The staged rows without their random ids (users are named by email), one md5 per table. */
const FINGERPRINT = `
select
  (select md5(string_agg(row(u.email, u.created_at, u.raw_user_meta_data, u.existing)::text, ',' order by u.email)) from ingest.users_staging u) as users,
  (select md5(string_agg(row(p.email, p.first_name, p.last_name, p.phone, p.tags, p.acquisition_source, p.status, p.admin_metadata,
                             p.systemeio_id, p.membership_level_id, p.affiliate_id, p.created_at)::text, ',' order by p.email)) from ingest.unified_profiles_staging p) as profiles,
  (select md5(string_agg(row(t.external_id, u.email, t.amount, t.currency, t.status, t.transaction_type, t.payment_method, t.contact_email,
                             t.metadata, t.paid_at, t.settled_at, t.created_at)::text, ',' order by t.external_id))
     from ingest.transactions_staging t left join ingest.users_staging u on u.id = t.user_id) as transactions,
  (select md5(string_agg(row(u.email, e.course_id, t.external_id, e.status, e.enrolled_at, e.last_accessed_at, e.metadata)::text, ',' order by u.email, e.course_id))
     from ingest.enrollments_staging e join ingest.users_staging u on u.id = e.user_id join ingest.transactions_staging t on t.id = e.transaction_id) as enrollments,
  (select md5(string_agg(row(l.email, l.first_name, l.last_name, l.tags, l.source, l.systemeio_id, l.first_seen_at)::text, ',' order by l.email)) from ingest.leads_staging l) as leads`;

interface Statement {
  end: number;
  ms: number;
  text: string;
}

/** Statement durations logged by auto_explain in `log` (text format, default log_line_prefix %m). */
function statements(log: string): Statement[] {
  const out: Statement[] = [];
  const re = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) UTC \[\d+\] LOG:\s+duration: ([\d.]+) ms\s+plan:\n\s*Query Text: ([^\n]*)/gm;
  for (const m of log.matchAll(re)) out.push({ end: Date.parse(`${m[1]!.replace(' ', 'T')}Z`), ms: Number(m[2]), text: m[3]!.trim() });
  return out;
}

/** The run's statements above 250 ms, and the unlogged stretches between them (utility statements). */
function summarize(log: string): string {
  const all = statements(log);
  const top = all.find((s) => /validate_and_prepare_clean_data/.test(s.text));
  // statements nested in another logged one (an INSERT's RI queries) are part of that one's time
  const contains = (o: Statement, s: Statement) => o !== s && o.end - o.ms <= s.end - s.ms && s.end <= o.end;
  const inner = all.filter((s) => s !== top && !all.some((o) => o !== top && contains(o, s))).sort((a, b) => a.end - b.end);
  const rows: string[] = [];
  let covered = top ? top.end - top.ms : (inner[0]?.end ?? 0) - (inner[0]?.ms ?? 0);
  for (const s of inner) {
    const start = s.end - s.ms;
    if (start - covered > 250) rows.push(`  ${String(Math.round(start - covered)).padStart(6)} ms  (utility statements before) ${s.text.slice(0, 70)}`);
    if (s.ms > 250) rows.push(`  ${String(Math.round(s.ms)).padStart(6)} ms  ${s.text.slice(0, 90)}`);
    covered = Math.max(covered, s.end);
  }
  if (top && top.end - covered > 250) rows.push(`  ${String(Math.round(top.end - covered)).padStart(6)} ms  (utility statements at the end)`);
  if (top) rows.push(`  ${String(Math.round(top.ms)).padStart(6)} ms  the function in all`);
  return rows.join('\n');
}

writeFileSync(logFile, '');
const server = await startPostgresServer({ log: (line) => appendFileSync(logFile, line) });
const dir = mkdtempSync(join(tmpdir(), 'prepare-profile-'));
try {
  const t = await createTestDatabase({ engine: 'postgres', serverUrl: server.url });
  // what autovacuum and the checkpointer do beside prepare, in the same log
  await t.db.execute('alter system set log_autovacuum_min_duration = 0');
  await t.db.execute('alter system set log_checkpoints = on');
  if (process.env.PROFILE_AUTOVACUUM === 'off') await t.db.execute('alter system set autovacuum = off');
  await t.db.execute('select pg_reload_conf()');
  const invoices = join(dir, 'invoices.ndjson');
  const contacts = join(dir, 'contacts.ndjson');
  await writeNdjson(invoices, n, invoice);
  await writeNdjson(contacts, n, contact);
  await ingestXendit(t.db, invoices, { log: false });
  await ingestSystemeio(t.db, contacts, { log: false });
  const [{ name }] = (await queryRows<{ name: string }>(t.db, 'select current_database() as name')) as [{ name: string }];
  const explain =
    mode === 'duration'
      ? ["auto_explain.log_min_duration = '50ms'", 'auto_explain.log_analyze = off']
      : mode === '0'
        ? []
        : ["auto_explain.log_min_duration = '100ms'", 'auto_explain.log_analyze = on', 'auto_explain.log_buffers = on'];
  const settings = explain.length
    ? ["session_preload_libraries = 'auto_explain'", ...explain, 'auto_explain.log_nested_statements = on', 'log_temp_files = 0']
    : ['log_temp_files = 0'];
  for (const s of settings) await t.db.execute(`alter database "${name}" set ${s}`);
  const variants: { label: string; create: string | null }[] = baselineFile
    ? [
        { label: 'baseline', create: readFileSync(baselineFile, 'utf8') },
        { label: 'current', create: validateAndPrepareCleanDataFn.create[0]! },
      ]
    : [{ label: 'current', create: null }];
  const profiled = await openDatabase({ url: t.url, max: 2 });
  let reference: { report: string; fingerprint: string } | null = null;
  const check = async (db: Database, label: string, report: unknown): Promise<void> => {
    const [fp] = await queryRows<Record<string, string>>(db, FINGERPRINT);
    const seen = { report: JSON.stringify(report), fingerprint: JSON.stringify(fp) };
    if (!reference) reference = seen;
    else if (seen.report !== reference.report || seen.fingerprint !== reference.fingerprint) {
      console.log(`!! ${label}: report or staged rows differ from the first run\n${seen.report}\n${reference.report}\n${seen.fingerprint}\n${reference.fingerprint}`);
      process.exitCode = 1;
    }
  };
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const v of variants) {
        if (v.create) await profiled.db.execute(v.create);
        const label = `${v.label} #${round}`;
        const logStart = readFileSync(logFile, 'utf8').length;
        appendFileSync(logFile, `\n===== prepare ${label} =====\n`);
        const load = loadavg()[0]!.toFixed(2);
        const started = performance.now();
        const report = await prepare(profiled.db);
        const ms = performance.now() - started;
        console.log(`prepare ${label} ${n}+${n}: ${Math.round(ms)} ms (load ${load} before, ${loadavg()[0]!.toFixed(2)} after; ${report.profiles} profiles, ${report.transactions.total} transactions, ${report.enrollments} enrollments, ${report.leads} leads)`);
        appendFileSync(logFile, `===== prepare ${label}: ${Math.round(ms)} ms =====\n`);
        if (mode === 'duration') {
          await new Promise((r) => setTimeout(r, 500)); // the server's stderr reaches the log
          console.log(summarize(readFileSync(logFile, 'utf8').slice(logStart)));
        }
        if (baselineFile || rounds > 1) await check(profiled.db, label, report);
      }
    }
  } finally {
    await profiled.close();
    await t.close();
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}

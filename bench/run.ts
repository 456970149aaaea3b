/**
 * `npm run bench [-- --quick] [-- --only <suite>]`: runs the suites in bench/suites.ts on PGlite and on
 * a throwaway PostgreSQL 15 cluster, prints every figure as a ratio against its baseline measured
 * in the same run, and writes them to bench/results/ (latest.json, latest.md and a dated copy).
 * Never part of `npm test`.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findPostgresBinaries, startPostgresServer } from '../src/testing/index.js';
import type { BenchContext, BenchRecord } from './lib.js';
import { suites } from './suites.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string', multiple: true } } });
const records: BenchRecord[] = [];
const server = findPostgresBinaries() ? await startPostgresServer() : undefined;
if (!server) console.warn('PostgreSQL binaries not found: PostgreSQL figures are skipped.');
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toPrecision(3));
const ctx: BenchContext = {
  pgServerUrl: server?.url,
  quick: values.quick ?? false,
  log: (m) => console.log(`  ${m}`),
  record: ({ higherIsBetter, ...r }) => {
    const ratio = higherIsBetter ? r.value / r.baselineValue : r.baselineValue / r.value;
    const rec = { ...r, ratio };
    records.push(rec);
    console.log(
      `  [${r.engine}] ${r.name}: ${r.subject} ${fmt(r.value)} ${r.unit} vs ${r.baseline} ${fmt(r.baselineValue)} ${r.unit} → ${ratio.toFixed(2)}x`,
    );
    return rec;
  },
};
try {
  for (const suite of suites) {
    if (values.only?.length && !values.only.includes(suite.name)) continue;
    console.log(`\n${suite.name}`);
    await suite.run(ctx);
  }
} finally {
  await server?.stop();
}
mkdirSync('bench/results', { recursive: true });
// One file per suite (its latest run), so running one suite never erases another's figures, and a
// summary of all of them in bench/results/README.md.
const at = new Date().toISOString();
for (const suite of new Set(records.map((r) => r.suite))) {
  const doc = { at, node: process.version, postgres: server?.version ?? null, quick: ctx.quick, records: records.filter((r) => r.suite === suite) };
  writeFileSync(`bench/results/${suite}.json`, `${JSON.stringify(doc, null, 2)}\n`);
}
const all = readdirSync('bench/results')
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(`bench/results/${f}`, 'utf8')) as { at: string; quick: boolean; records: BenchRecord[] });
const md = [
  '# Benchmark results',
  '',
  'Written by `npm run bench`: each suite\'s latest run. Ratio > 1 means the subject beats the baseline measured in the same run.',
  '',
  '| suite | run | engine | what | value | baseline | ratio |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...all.flatMap((d) =>
    d.records.map(
      (r) =>
        `| ${r.suite} | ${d.at.slice(0, 16)}${d.quick ? ' quick' : ''} | ${r.engine} | ${r.name}: ${r.subject} | ${fmt(r.value)} ${r.unit} | ${r.baseline}: ${fmt(r.baselineValue)} ${r.unit} | ${r.ratio.toFixed(2)}x |`,
    ),
  ),
  '',
].join('\n');
writeFileSync('bench/results/README.md', md);
console.log('\nWritten to bench/results/<suite>.json and bench/results/README.md');

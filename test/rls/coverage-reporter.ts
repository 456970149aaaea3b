import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { openDatabase, queryRows } from '../../src/db.js';
import { pgliteMigratedSnapshot, RLS_COVERAGE_DIR_ENV, type RlsCaseRecord } from '../../src/testing/index.js';
import { notApplicableReason, OPERATIONS, PERSONAS } from './personas.js';

interface RlsTable {
  table: string;
  policies: string;
}

/** Every table with RLS enabled, from the migrated catalog, with the text of its policies. */
async function rlsTables(): Promise<RlsTable[]> {
  const { db, close } = await openDatabase({ embedded: true, loadDataDir: await pgliteMigratedSnapshot() });
  try {
    return await queryRows<RlsTable>(
      db,
      `select format('%s.%s', n.nspname, c.relname) as table,
              coalesce((select string_agg(concat_ws(' ', p.qual, p.with_check), ' ') from pg_policies p
                         where p.schemaname = n.nspname and p.tablename = c.relname), '') as policies
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relrowsecurity and c.relkind in ('r', 'p') and not c.relispartition
          and n.nspname not in ('auth', 'unified_schema', 'information_schema') and n.nspname !~ '^pg_'
        order by 1`,
    );
  } finally {
    await close();
  }
}

export interface Cell {
  table: string;
  persona: string;
  operation: string;
  notApplicable?: string;
  outcomes: Map<string, Set<string>>; // engine -> outcomes
}

export function coverage(tables: RlsTable[], records: RlsCaseRecord[], engines: string[]) {
  const cells: Cell[] = [];
  for (const { table, policies } of tables) {
    for (const persona of PERSONAS) {
      for (const operation of OPERATIONS) {
        const notApplicable = notApplicableReason(table, policies, persona, operation);
        cells.push({ table, persona, operation, notApplicable, outcomes: new Map() });
      }
    }
  }
  const byKey = new Map(cells.map((c) => [`${c.table}|${c.persona}|${c.operation}`, c]));
  const stray: RlsCaseRecord[] = [];
  for (const r of records) {
    for (const table of r.tables) {
      const cell = byKey.get(`${table}|${r.persona}|${r.operation}`);
      if (!cell) {
        stray.push(r);
        continue;
      }
      if (!cell.outcomes.has(r.engine)) cell.outcomes.set(r.engine, new Set());
      cell.outcomes.get(r.engine)!.add(r.outcome);
    }
  }
  const required = cells.filter((c) => !c.notApplicable);
  const covered = required.filter((c) => engines.every((e) => c.outcomes.has(e)));
  return { cells, required, covered, stray, percent: required.length ? (100 * covered.length) / required.length : 100 };
}

function render(result: ReturnType<typeof coverage>, engines: string[]): string {
  const mark = (c: Cell, outcome: string) =>
    engines
      .filter((e) => c.outcomes.get(e)?.has(outcome))
      .map((e) => (e === 'pglite' ? 'L' : 'P'))
      .join('') || '·';
  const lines = [
    '# RLS coverage',
    '',
    'Written by the test run (test/rls/coverage-reporter.ts) from the cases `expectAllowed` / `expectDenied`',
    'recorded; do not edit. Tables: every table with RLS enabled in the migrated catalog. Personas and',
    'not-applicable cells: test/rls/personas.ts (see docs/testing.md). A cell is covered when a case ran on',
    `every engine of the run (${engines.join(', ')}).`,
    '',
    `**Coverage: ${result.covered.length} / ${result.required.length} required cells = ${result.percent.toFixed(1)} %**`,
    '',
    'Each cell: `allowed / denied`, with the engines where that outcome ran (L = PGlite, P = PostgreSQL, · = none);',
    '`n/a` = not applicable (reason below the table); **missing** = required and not covered.',
    '',
  ];
  const tables = [...new Set(result.cells.map((c) => c.table))];
  for (const table of tables) {
    const cells = result.cells.filter((c) => c.table === table);
    lines.push(`## ${table}`, '', `| persona | ${OPERATIONS.join(' | ')} |`, `|---|${OPERATIONS.map(() => '---').join('|')}|`);
    const reasons = new Map<string, string>();
    for (const persona of PERSONAS) {
      const row = OPERATIONS.map((op) => {
        const c = cells.find((x) => x.persona === persona && x.operation === op)!;
        if (c.notApplicable) {
          reasons.set(persona, c.notApplicable);
          return 'n/a';
        }
        const text = `${mark(c, 'allowed')} / ${mark(c, 'denied')}`;
        return engines.every((e) => c.outcomes.has(e)) ? text : `**missing** ${text}`;
      });
      lines.push(`| ${persona} | ${row.join(' | ')} |`);
    }
    lines.push('');
    for (const [persona, reason] of reasons) lines.push(`- ${persona}: n/a (${reason})`);
    if (reasons.size) lines.push('');
  }
  if (result.stray.length) {
    lines.push('## Cases outside the matrix', '', 'Recorded for a table without RLS or a persona not in test/rls/personas.ts:', '');
    for (const r of new Set(result.stray.map((s) => `${s.tables.join(', ')} ${s.persona} ${s.operation}`))) lines.push(`- ${r}`);
    lines.push('');
  }
  return lines.join('\n');
}

function allTestFiles(root: string): string[] {
  return (readdirSync(join(root, 'test'), { recursive: true }) as string[]).filter((f) => f.endsWith('.test.ts')).map((f) => join('test', f));
}

/**
 * Writes docs/rls-coverage.md after a run of the whole suite (a filtered run only prints the figure), and
 * under CI=true fails the run when a required cell is not covered.
 */
export default class RlsCoverageReporter implements Reporter {
  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const dir = process.env[RLS_COVERAGE_DIR_ENV];
    if (!dir) return;
    const root = process.cwd();
    const records: RlsCaseRecord[] = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) =>
        readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as RlsCaseRecord),
      );
    rmSync(dir, { recursive: true, force: true });
    const engines = [...new Set(testModules.map((m) => m.project.name))].sort();
    // Complete: every test file was part of the run. A failing test cannot inflate the figure (only
    // assertions that passed are recorded), so a run with failures still writes the report.
    const ran = new Set(testModules.map((m) => relative(root, m.moduleId)));
    // RLS_COVERAGE_WRITE=1 writes it from a partial run too (e.g. only test/rls), for a quick refresh.
    const complete = allTestFiles(root).every((f) => ran.has(f)) || process.env.RLS_COVERAGE_WRITE === '1';
    const result = coverage(await rlsTables(), records, engines);
    const summary = `RLS coverage: ${result.covered.length}/${result.required.length} required cells (${result.percent.toFixed(1)} %) on ${engines.join(' + ')}`;
    if (complete) {
      writeFileSync(join(root, 'docs/rls-coverage.md'), `${render(result, engines)}`);
      console.log(`\n${summary}; written to docs/rls-coverage.md`);
    } else {
      console.log(`\n${summary} (a partial run: docs/rls-coverage.md left as it was)`);
    }
    if (process.env.CI === 'true' && complete && result.percent < 100) {
      const missing = result.required.filter((c) => !engines.every((e) => c.outcomes.has(e)));
      throw new Error(
        `${summary}: below 100 %. Missing: ${missing
          .slice(0, 20)
          .map((c) => `${c.table} ${c.persona} ${c.operation}`)
          .join('; ')}${missing.length > 20 ? ` … (${missing.length})` : ''}`,
      );
    }
  }
}

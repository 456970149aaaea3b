import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, type Engine, openDatabase } from '../src/db.js';
import { migrate } from '../src/migrations/index.js';
import { createTestDatabase } from '../src/testing/index.js';

/** One measured figure against a baseline measured in the same run. */
export interface BenchRecord {
  suite: string;
  name: string;
  engine: Engine;
  /** What was measured, e.g. "fresh database from snapshot". */
  subject: string;
  /** What it is compared with, e.g. "migrate a fresh PGlite". */
  baseline: string;
  value: number;
  baselineValue: number;
  unit: string;
  /** baselineValue / value for times (higher is better: "x times faster"), value / baselineValue for rates. */
  ratio: number;
  extra?: Record<string, unknown>;
}

export interface BenchContext {
  /** Superuser URL of the benchmark's PostgreSQL server, when one is running. */
  pgServerUrl?: string;
  /** Smaller sizes for a quick run (`npm run bench -- --quick`). */
  quick: boolean;
  record(r: Omit<BenchRecord, 'ratio'> & { higherIsBetter?: boolean }): BenchRecord;
  log(message: string): void;
}

export interface BenchSuite {
  name: string;
  run(ctx: BenchContext): Promise<void>;
}

/** Milliseconds `fn` takes. */
export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs `fn` `n` times and returns the durations in ms. */
export async function sample(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await timeMs(fn));
  return out;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export const median = (values: number[]) => percentile(values, 50);

/**
 * Of pairs measured side by side (`values[i]` against `baselines[i]`, both higher-is-better rates),
 * the pair whose ratio is the median of the pairs' ratios (the lower middle for an even count): its
 * own value and baseline, so a recorded figure never sets one pair's subject against another pair's
 * baseline (the pairing is there to cancel the machine's drift between pairs). Also every pair's
 * ratio, and the ratio of the two medians for comparison with runs that recorded that.
 */
export function medianPair(values: number[], baselines: number[]): { value: number; baselineValue: number; pairRatios: number[]; ratioOfMedians: number } {
  if (!values.length || values.length !== baselines.length) throw new Error(`bench: medianPair needs pairs, got ${values.length} values and ${baselines.length} baselines`);
  const ratios = values.map((v, i) => v / baselines[i]!);
  const at = ratios.indexOf(median(ratios));
  const round = (r: number) => Math.round(r * 100) / 100;
  return { value: values[at]!, baselineValue: baselines[at]!, pairRatios: ratios.map(round), ratioOfMedians: round(median(values) / median(baselines)) };
}

/**
 * A migrated database for a benchmark: a fresh PostgreSQL test database, or PGlite in the folder
 * `dataDir` as the main job runs it (PGlite's in-memory filesystem slows down as tables grow, which
 * would bench the filesystem: docs/ingest.md); `close()` removes the folder.
 */
export async function benchDatabase(ctx: BenchContext, engine: Engine, dataDir: string): Promise<{ db: Database; close: () => Promise<void> }> {
  if (engine === 'postgres') return createTestDatabase({ engine, serverUrl: ctx.pgServerUrl });
  const opened = await openDatabase({ embedded: true, dataDir });
  await migrate(opened.db);
  return {
    db: opened.db,
    close: async () => {
      await opened.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `run` on PGlite, then on PostgreSQL when the run has a server, with a scratch folder removed afterwards. */
export async function onEachEngine(ctx: BenchContext, name: string, run: (engine: Engine, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  try {
    await run('pglite', dir);
    if (ctx.pgServerUrl) await run('postgres', dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The memory of the PostgreSQL processes serving `database` at this moment (Linux, a server on this
 * machine): the private (anonymous) resident memory of its backends and of their parallel workers,
 * where sorts and hashes live, plus the dynamic shared memory segments (`/dev/shm/PostgreSQL.*`),
 * where parallel hash joins keep their tables. The shared buffer pool, fixed by the server's
 * settings, is not counted; autovacuum workers are not either. Undefined when /proc is not readable.
 */
export function serverMemoryBytes(database: string): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const titles = new Map<number, string>();
  for (const pid of pids) {
    const title = readProc(`/proc/${pid}/cmdline`);
    if (title.startsWith('postgres: ')) titles.set(Number(pid), title.replace(/\0/g, ' '));
  }
  const backends = new Set<number>();
  for (const [pid, title] of titles) if (title.includes(` ${database} `) && !title.includes('autovacuum')) backends.add(pid);
  let bytes = 0;
  for (const [pid, title] of titles) {
    const leader = /parallel worker for PID (\d+)/.exec(title);
    if (!backends.has(pid) && !(leader && backends.has(Number(leader[1])))) continue;
    const anon = /RssAnon:\s+(\d+) kB/.exec(readProc(`/proc/${pid}/status`));
    if (anon) bytes += Number(anon[1]) * 1024;
  }
  try {
    for (const f of readdirSync('/dev/shm')) {
      if (!f.startsWith('PostgreSQL.')) continue;
      try {
        bytes += statSync(join('/dev/shm', f)).size;
      } catch {
        // a segment released between the listing and the stat
      }
    }
  } catch {
    // no /dev/shm: segments of another kind (sysv, mmap) are not counted
  }
  return bytes;
}

/**
 * The peak of {@link serverMemoryBytes} while `fn` runs, sampled every `everyMs`, and the value
 * before it started; undefined when the server's processes cannot be read.
 */
export async function peakServerMemory(database: string, fn: () => Promise<unknown>, everyMs = 100): Promise<{ beforeBytes: number; peakBytes: number } | undefined> {
  const beforeBytes = serverMemoryBytes(database);
  if (beforeBytes === undefined) {
    await fn();
    return undefined;
  }
  let peakBytes = beforeBytes;
  const timer = setInterval(() => {
    peakBytes = Math.max(peakBytes, serverMemoryBytes(database) ?? 0);
  }, everyMs);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return { beforeBytes, peakBytes };
}

/** The size of an embedded PGlite's WebAssembly memory, which only grows: its high-water mark so far. */
export function pgliteMemoryBytes(db: Database): number | undefined {
  const client = (db as unknown as { $client?: { mod?: { HEAPU8?: Uint8Array } } }).$client;
  return client?.mod?.HEAPU8?.length;
}

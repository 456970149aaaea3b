import type { Engine } from '../src/db.js';

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

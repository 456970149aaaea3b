import { and, desc, eq, sql } from 'drizzle-orm';
import { type Database, dbErrorMessage, listNewest } from '../db.js';
import { type RunKind, type RunLogEntry, type RunStatus, runKinds, runLog } from '../schema/ingest/run-log.js';
import { UnifiedSchemaError } from '../errors.js';

/** What `fn` receives inside `recordRun`: the run's id and setters for what it reports. */
export interface RunHandle {
  readonly id: number;
  readonly kind: RunKind;
  /** Replaces the counts written when the run finishes (default: the result's numeric fields). */
  setCounts(counts: Record<string, number>): void;
  /** Merged into the run's `details` when it finishes (also on failure). */
  addDetails(details: Record<string, unknown>): void;
}

export interface RecordRunOptions<T> {
  /** Written with the `running` row (e.g. `{ file }`, `{ cursor }`). */
  details?: Record<string, unknown>;
  /** Counts from the result; default: its top-level numeric fields. */
  counts?: (result: T) => Record<string, number>;
}

/** A run-log call with a bad argument (`code: 'invalid_run'`). */
export class RunLogError extends UnifiedSchemaError {
  override readonly name = 'RunLogError';
  constructor(message: string) {
    super('invalid_run', message);
  }
}

function checkKind(kind: string): asserts kind is RunKind {
  if (!(runKinds as readonly string[]).includes(kind)) throw new RunLogError(`kind "${kind}" must be one of ${runKinds.join(', ')}`);
}

/** Top-level numeric fields of a result (`{ inserted, updated, … }`), the default counts. */
export function numericFields(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/**
 * Writes a `running` row to `ingest.run_log` and returns its id. Autocommit: pass the root database,
 * not a transaction, or the row disappears with a rollback.
 */
export async function startRun(db: Database, kind: RunKind, details: Record<string, unknown> = {}): Promise<number> {
  checkKind(kind);
  const [row] = await db.insert(runLog).values({ kind, status: 'running', details }).returning({ id: runLog.id });
  return row!.id;
}

/** Finishes a run: status, finished_at, duration, counts, error; `details` are merged into the row's. */
export async function finishRun(
  db: Database,
  id: number,
  outcome: { status: Exclude<RunStatus, 'running'>; durationMs?: number; counts?: Record<string, number>; error?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  const durationMs = outcome.durationMs === undefined ? null : Math.max(0, Math.round(outcome.durationMs));
  await db
    .update(runLog)
    .set({
      status: outcome.status,
      finishedAt: sql`clock_timestamp()`,
      durationMs: durationMs ?? sql`greatest(0, (extract(epoch from clock_timestamp() - ${runLog.startedAt}) * 1000)::int)`,
      counts: outcome.counts ?? {},
      error: outcome.error ?? null,
      details: sql`${runLog.details} || ${JSON.stringify(outcome.details ?? {})}::jsonb`,
    })
    .where(eq(runLog.id, id));
}

/**
 * Runs `fn` as one run of `kind`: writes the `running` row first, times `fn`, and finishes the row
 * as `succeeded` (with counts) or `failed` (with the error's message), then returns `fn`'s result or
 * rethrows its error. Pass the root database (see `startRun`).
 */
export async function recordRun<T>(db: Database, kind: RunKind, fn: (run: RunHandle) => Promise<T>, options: RecordRunOptions<T> = {}): Promise<T> {
  const id = await startRun(db, kind, options.details);
  let counts: Record<string, number> | undefined;
  const details: Record<string, unknown> = {};
  const handle: RunHandle = {
    id,
    kind,
    setCounts: (c) => {
      counts = { ...c };
    },
    addDetails: (d) => {
      Object.assign(details, d);
    },
  };
  const started = performance.now();
  let result: T;
  try {
    result = await fn(handle);
  } catch (error) {
    await finishRun(db, id, { status: 'failed', durationMs: performance.now() - started, counts, error: dbErrorMessage(error), details });
    throw error;
  }
  await finishRun(db, id, {
    status: 'succeeded',
    durationMs: performance.now() - started,
    counts: counts ?? (options.counts ? options.counts(result) : numericFields(result)),
    details,
  });
  return result;
}

/** The newest runs, optionally of one kind. */
export async function listRuns(db: Database, options: { kind?: RunKind; limit?: number } = {}): Promise<RunLogEntry[]> {
  if (options.kind) checkKind(options.kind);
  return listNewest(db, runLog, { at: runLog.startedAt, id: runLog.id, where: [runLog.kind, options.kind || undefined], limit: options.limit, defaultLimit: 20 });
}

/** The newest run of `kind` (optionally with `status`), e.g. the last successful sync. */
export async function lastRun(db: Database, kind: RunKind, options: { status?: RunStatus } = {}): Promise<RunLogEntry | undefined> {
  checkKind(kind);
  const [row] = await db
    .select()
    .from(runLog)
    .where(and(eq(runLog.kind, kind), options.status ? eq(runLog.status, options.status) : undefined))
    .orderBy(desc(runLog.startedAt), desc(runLog.id))
    .limit(1);
  return row;
}

import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, text, timestamp } from 'drizzle-orm/pg-core';
import { ingestSchema } from './schema.js';
import { inList, rlsTable } from '../_shared/index.js';

/** What a run did. The API sync records `sync_*`; the main job `pipeline`. */
export const runKinds = ['ingest_xendit', 'ingest_systemeio', 'sync_xendit', 'sync_systemeio', 'prepare', 'cutover', 'rollback', 'pipeline'] as const;
export type RunKind = (typeof runKinds)[number];

export const runStatuses = ['running', 'succeeded', 'failed'] as const;
export type RunStatus = (typeof runStatuses)[number];


/**
 * One row per ingest, sync, prepare, cutover, rollback and pipeline run: written as `running`
 * before the work starts (so a crash leaves a trace), finished with counts, duration and the error.
 */
export const runLog = rlsTable(ingestSchema, 'run_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  kind: text('kind').$type<RunKind>().notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  durationMs: integer('duration_ms'),
  status: text('status').$type<RunStatus>().notNull().default('running'),
  counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
  error: text('error'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [
  // "the last (successful) run of this kind": the API sync's incremental cursor, `status`, part 2's checks.
  index('run_log_kind_started_at_idx').on(t.kind, t.startedAt.desc()),
  check('run_log_kind_check', sql`${t.kind} in (${inList(runKinds)})`),
  check('run_log_status_check', sql`${t.status} in (${inList(runStatuses)})`),
  check('run_log_duration_ms_check', sql`${t.durationMs} is null or ${t.durationMs} >= 0`),
  check('run_log_finished_check', sql`(${t.status} = 'running') = (${t.finishedAt} is null)`),
]);

export type RunLogEntry = typeof runLog.$inferSelect; export type NewRunLogEntry = typeof runLog.$inferInsert;

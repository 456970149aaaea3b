import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, jsonb, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { runLog } from './run-log.js';
import { ingestSchema } from './schema.js';
import { rlsTable } from '../_shared/index.js';

export const ingestSources = ['xendit', 'systemeio'] as const;
export type IngestSourceName = (typeof ingestSources)[number];

/**
 * Records an ingest refused (wrong type, missing id, invalid email, too long, …), with the reason
 * naming the field. The rest of the input loads. Unique per (source, payload): re-ingesting the same
 * bad file adds nothing.
 */
export const rejectedRows = rlsTable(ingestSchema, 'rejected_rows', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** The run that first saw this record. */
  runId: bigint('run_id', { mode: 'number' }),
  source: text('source').$type<IngestSourceName>().notNull(),
  sourceFormat: text('source_format').notNull(),
  /** The record's id when it had a usable one. */
  recordId: text('record_id'),
  /** 1-based index of the record in its input. */
  position: integer('position').notNull(),
  /** 1-based line in the file where the record starts (files only). */
  line: integer('line'),
  /** The offending field (`amount`, `tags.2.name`, …), null when the record as a whole is wrong. */
  field: text('field'),
  reason: text('reason').notNull(),
  /** The record as given; strings longer than 1,000 characters are truncated. */
  payload: jsonb('payload').notNull(),
  payloadHash: text('payload_hash').notNull(),
  rejectedAt: timestamp('rejected_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // a run's log row may be pruned; its rejected rows stay.
  foreignKey({ name: 'rejected_rows_run_id_fkey', columns: [t.runId], foreignColumns: [runLog.id] }).onDelete('set null'),
  // re-ingesting the same bad record adds nothing (ON CONFLICT DO NOTHING).
  uniqueIndex('rejected_rows_source_payload_hash_key').on(t.source, t.payloadHash),
  // the FK's delete action and "what did this run reject".
  index('rejected_rows_run_id_idx').on(t.runId),
  check('rejected_rows_source_check', sql`${t.source} in ('xendit', 'systemeio')`),
]);

export type RejectedRow = typeof rejectedRows.$inferSelect; export type NewRejectedRow = typeof rejectedRows.$inferInsert;

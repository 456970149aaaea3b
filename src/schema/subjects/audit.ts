import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgPolicy, text } from 'drizzle-orm/pg-core';
import { serviceRole } from 'drizzle-orm/supabase';
import { checkIn, rlsTable, tstz } from '../_shared/index.js';
import { definerRole } from '../unified/_shared.js';
import { SUBJECT_ACTIONS, SUBJECT_LOOKUPS, type SubjectAction, type SubjectLookup } from './constants.js';
import { subjectsSchema } from './schema.js';

/**
 * One row per data-subject run (export, erasure, dry run), written by the `subjects` functions in
 * the run's transaction: when, who (the database role, the JWT's `sub` when there is one), what,
 * and per table the counts, never the person's data (no email, phone, name or user id: `lookup` is
 * the kind of identifier given). service_role reads it; nobody writes it but the functions.
 */
export const subjectRuns = rlsTable(subjectsSchema, 'runs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  ranAt: tstz('ran_at').notNull().defaultNow(),
  /** `current_setting('role')` of the caller (service_role), and the login role (`session_user`). */
  dbRole: text('db_role').notNull(),
  loginRole: text('login_role').notNull(),
  /** The `sub` claim of the caller's JWT (the operator, not the person), when there is one. */
  jwtSub: text('jwt_sub'),
  action: text('action').$type<SubjectAction>().notNull(),
  lookup: text('lookup').$type<SubjectLookup>().notNull(),
  dryRun: boolean('dry_run').notNull().default(false),
  /** Whether any row was found. */
  found: boolean('found').notNull(),
  /** Rows found (export) or changed (erase) in all. */
  totalRows: integer('total_rows').notNull(),
  /** `{ "<schema.table>": { "action": …, "rows": n, … } }`: counts only. */
  tables: jsonb('tables').$type<Record<string, Record<string, unknown>>>().notNull(),
}, (t) => [
  // "the latest runs" (compliance review), newest first.
  index('runs_ran_at_idx').on(t.ranAt.desc()),
  checkIn('runs', 'action', SUBJECT_ACTIONS),
  checkIn('runs', 'lookup', SUBJECT_LOOKUPS),
  pgPolicy('service_role reads the data-subject runs', { for: 'select', to: serviceRole, using: sql`true` }),
  pgPolicy('the definer role records data-subject runs', { for: 'insert', to: definerRole, withCheck: sql`true` }),
]);
export type SubjectRun = typeof subjectRuns.$inferSelect; export type NewSubjectRun = typeof subjectRuns.$inferInsert;

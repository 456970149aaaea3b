import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { lessonActivityEventsShape } from '../../schema/learning/activity.sql.js';
import { ACTIVITY_EVENT_TYPES, sqlList } from '../../schema/learning/constants.js';
import { learningActivityLogOwner } from './definer.js';
import { defineDefinerFunction, defineSql } from '../define.js';
import { mapLearningErrors, parseParams } from './params.js';
import { isCalendarDay, isStorableDate, STORABLE_DATE_MESSAGE, TEXT_LIMITS } from '../../schema/_shared/index.js';
import { sizeChecksGuardBlock } from '../size-limits.js';

/**
 * The high-volume, append-only log of lesson activity (plays, pauses, seeks, views), partitioned
 * by month of `occurred_at` (UTC months). drizzle-kit cannot declare a partitioned table, so it is
 * created here. The doc partitioned lesson_progress by created_at, which PostgreSQL refuses: a
 * partitioned table's unique keys must contain the partition key, and lesson_progress is keyed by
 * (user_id, lesson_id) (docs/decisions.md). Old months are detached or dropped as a whole.
 * There is no DEFAULT partition: a row for a month without a partition is refused (loudly)
 * instead of landing where a later CREATE … PARTITION OF would have to move it.
 */
export const lessonActivityEventsTable = defineSql({
  key: 'table learning.lesson_activity_events',
  // its columns for the supabase-js Database type (the same as the CREATE TABLE below)
  typesTable: lessonActivityEventsShape,
  create: [
    `CREATE TABLE IF NOT EXISTS learning.lesson_activity_events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  lesson_id uuid NOT NULL,
  course_id uuid NOT NULL,
  event_type text NOT NULL,
  position_seconds integer,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lesson_activity_events_pkey PRIMARY KEY (id, occurred_at),
  CONSTRAINT lesson_activity_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES learning.users (id) ON DELETE CASCADE,
  CONSTRAINT lesson_activity_events_lesson_id_fkey FOREIGN KEY (lesson_id, course_id) REFERENCES learning.course_lessons (id, course_id) ON DELETE CASCADE,
  CONSTRAINT lesson_activity_events_event_type_check CHECK (event_type IN (${sqlList(ACTIVITY_EVENT_TYPES)})),
  CONSTRAINT lesson_activity_events_position_seconds_check CHECK (position_seconds >= 0)
) PARTITION BY RANGE (occurred_at)`,
    // A learner's recent activity (RLS: user_id); the user FK.
    'CREATE INDEX IF NOT EXISTS lesson_activity_events_user_id_occurred_at_idx ON learning.lesson_activity_events (user_id, occurred_at DESC)',
    // A lesson's activity (instructor analytics); the lesson FK's ON DELETE CASCADE.
    'CREATE INDEX IF NOT EXISTS lesson_activity_events_lesson_id_idx ON learning.lesson_activity_events (lesson_id, course_id)',
    // Instructor RLS (course_id).
    'CREATE INDEX IF NOT EXISTS lesson_activity_events_course_id_idx ON learning.lesson_activity_events (course_id)',
    'ALTER TABLE learning.lesson_activity_events ENABLE ROW LEVEL SECURITY',
    'DROP POLICY IF EXISTS "activity: the learner, the course instructor, admins" ON learning.lesson_activity_events',
    `CREATE POLICY "activity: the learner, the course instructor, admins" ON learning.lesson_activity_events
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR course_id IN (SELECT learning_private.instructor_course_ids()) OR (SELECT public.is_admin()))`,
    'DROP POLICY IF EXISTS "learners log their own activity in their courses" ON learning.lesson_activity_events',
    `CREATE POLICY "learners log their own activity in their courses" ON learning.lesson_activity_events
  FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()) AND course_id IN (SELECT learning_private.enrolled_course_ids()))`,
    'REVOKE ALL ON learning.lesson_activity_events FROM PUBLIC, anon, authenticated',
    'GRANT SELECT, INSERT ON learning.lesson_activity_events TO authenticated',
    'GRANT ALL ON learning.lesson_activity_events TO service_role',
  ],
  drop: ['DROP TABLE IF EXISTS learning.lesson_activity_events'],
});

/**
 * Creates the partition of `table_name` for the (UTC) month containing `month` and returns its
 * name; returns the existing one when it is already there (idempotent, also under concurrent
 * calls: they are serialized by a transaction-scoped advisory lock per partitioned table).
 * Injection-safe: the table arrives as a regclass (an existing relation, resolved by the cast, never
 * spliced as text), must be a range-partitioned table of schema `learning`, and every
 * identifier and literal of the dynamic DDL is quoted with %I / %L. SECURITY DEFINER (creating a
 * partition needs ownership); service_role only. Each partition gets RLS, one restrictive policy that
 * refuses every row, and no API-role grant: it is reached through the parent, whose policies apply.
 */
/**
 * `lesson_activity_events_payload_size_check`: a payload of at most TEXT_LIMITS.jsonBytes, the limit of
 * every JSON document learners write (docs/conventions.md, "Columns"). Added here, not in the CREATE
 * TABLE above, so a database that has the table gets it too: after the guard listing any event over it,
 * when missing. On the parent, so every partition has it (and create_monthly_partition's new ones).
 */
const activityPayloadCheck = {
  table: 'learning.lesson_activity_events',
  name: 'lesson_activity_events_payload_size_check',
  expression: `octet_length(payload::text) <= ${TEXT_LIMITS.jsonBytes}`,
  key: `t.id::text || ' ' || t.occurred_at::text`,
};
export const lessonActivityPayloadSizeCheck = defineSql({
  key: 'check learning.lesson_activity_events payload size',
  create: [
    sizeChecksGuardBlock([activityPayloadCheck]),
    `DO $check$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = 'learning.lesson_activity_events'::regclass AND conname = '${activityPayloadCheck.name}') THEN
    ALTER TABLE learning.lesson_activity_events ADD CONSTRAINT ${activityPayloadCheck.name} CHECK (${activityPayloadCheck.expression});
  END IF;
END
$check$`,
  ],
  drop: [`ALTER TABLE learning.lesson_activity_events DROP CONSTRAINT IF EXISTS ${activityPayloadCheck.name}`],
});

export const createMonthlyPartitionFn = defineDefinerFunction('learning.create_monthly_partition(table_name regclass, month date) RETURNS text', { grantExecute: ['service_role'],
  comment: 'Creates (idempotently) the monthly partition of a range-partitioned learning table for the UTC month of `month`; returns its qualified name.',
  body: `
DECLARE
  v_schema name;
  v_table name;
  v_start timestamptz;
  v_end timestamptz;
  v_name text;
  v_existing oid;
BEGIN
  IF table_name IS NULL OR month IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = 'create_monthly_partition: table_name and month are required';
  END IF;
  SELECT n.nspname, c.relname INTO v_schema, v_table
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_partitioned_table p ON p.partrelid = c.oid
   WHERE c.oid = table_name AND p.partstrat = 'r' AND p.partnatts = 1;
  IF v_table IS NULL OR v_schema <> 'learning' THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003',
      MESSAGE = format('create_monthly_partition: %s is not a range-partitioned table of schema learning', table_name);
  END IF;
  v_start := date_trunc('month', month::timestamp) AT TIME ZONE 'UTC';
  v_end := (date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
  v_name := v_table || '_' || to_char(date_trunc('month', month::timestamp), 'YYYY_MM');
  IF octet_length(v_name) > 63 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = format('create_monthly_partition: partition name %s is longer than 63 bytes', v_name);
  END IF;
  -- One call at a time per partitioned table, until the caller's commit: concurrent callers for the
  -- same month otherwise both ALTER / REVOKE the new partition, and the second fails with "tuple
  -- concurrently updated" (the catalog row the first changed). The next caller then finds it.
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('learning.create_monthly_partition'), pg_catalog.hashtext(table_name::text));
  SELECT c.oid INTO v_existing
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = v_schema AND c.relname = v_name;
  IF v_existing IS NOT NULL THEN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = v_existing AND i.inhparent = table_name) THEN
      RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = format('create_monthly_partition: %I.%I exists and is not a partition of %s', v_schema, v_name, table_name);
    END IF;
  ELSE
    BEGIN
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)', v_schema, v_name, v_schema, v_table, v_start, v_end);
    EXCEPTION WHEN duplicate_table THEN
      NULL; -- created meanwhile by a concurrent call
    END;
  END IF;
  -- A partition is a table of its own: reached directly (not through the parent) the parent's RLS
  -- does not apply. So RLS on (forced when the parent's is) with no policy, and no grant to the API
  -- roles: rows are read and written through the parent only (lint rls_disabled_in_public). Also
  -- for a partition that exists already (one made before this rule converges on the next call);
  -- ALTER only when needed (it locks the partition).
  IF NOT (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = format('%I.%I', v_schema, v_name)::regclass) THEN
    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', v_schema, v_name);
  END IF;
  IF (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = table_name)
     AND NOT (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = format('%I.%I', v_schema, v_name)::regclass) THEN
    EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', v_schema, v_name);
  END IF;
  EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM PUBLIC, anon, authenticated', v_schema, v_name);
  -- and that rule said in the catalog: one restrictive policy refusing every row to every role that
  -- does not bypass RLS (what RLS with no policy means, spelt out: lint rls_enabled_no_policy)
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = format('%I.%I', v_schema, v_name)::regclass) THEN
    EXECUTE format('CREATE POLICY %I ON %I.%I AS RESTRICTIVE FOR ALL TO PUBLIC USING (false) WITH CHECK (false)',
                   'rows are read and written through ' || v_table, v_schema, v_name);
  END IF;
  RETURN format('%I.%I', v_schema, v_name);
END`,
});

/**
 * Keeps the partitions of the current UTC month and the next `months_ahead` (default 3) created;
 * returns their names. Run daily (pg_cron where installed, otherwise the application's scheduler).
 */
export const ensureMonthlyPartitionsFn = defineDefinerFunction('learning.ensure_monthly_partitions(table_name regclass, months_ahead integer DEFAULT 3) RETURNS setof text', { grantExecute: ['service_role'],
  comment: 'Creates the partitions of the current UTC month and the next months_ahead (default 3) months; returns their names.',
  body: `
BEGIN
  IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL020', MESSAGE = 'ensure_monthly_partitions: months_ahead must be between 0 and 24';
  END IF;
  FOR i IN 0..months_ahead LOOP
    RETURN NEXT learning.create_monthly_partition(table_name, (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date);
  END LOOP;
END`,
});

/** The partitions of this month and the next three, created with the table. */
export const lessonActivityInitialPartitions = defineSql({
  key: 'initial partitions of learning.lesson_activity_events',
  create: [
    "SELECT learning.ensure_monthly_partitions('learning.lesson_activity_events'::regclass, 3)",
    // partitions made before create_monthly_partition secured them (RLS, no API-role grant, the
    // refusing policy): each is passed through it again (its name ends in the month, YYYY_MM)
    `-- again whenever what it secures changes (last: the refusing policy)
SELECT learning.create_monthly_partition(i.inhparent::regclass, pg_catalog.to_date(pg_catalog.right(c.relname::text, 7), 'YYYY_MM'))
       FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'learning.lesson_activity_events'::regclass
      ORDER BY c.relname`,
  ],
});

/** A qualified or plain relation name; the database resolves it (regclass) and checks it is a partitioned learning table. */
const relationName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/, { error: 'must be a table name like learning.lesson_activity_events (lower-case, unquoted)' });
const monthParam = z.union([
  z.date({ error: 'must be a valid Date or YYYY-MM / YYYY-MM-DD' }).refine(isStorableDate, STORABLE_DATE_MESSAGE),
  z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, { error: 'must be YYYY-MM or YYYY-MM-DD' }).refine((m) => isCalendarDay(m.length === 7 ? `${m}-01` : m), { error: 'must be a real date of the years 1 to 9999' }),
]);

const createParams = z.object({ table: relationName, month: monthParam }).strict();

function monthStart(m: Date | string): string {
  if (m instanceof Date) return `${String(m.getUTCFullYear()).padStart(4, '0')}-${String(m.getUTCMonth() + 1).padStart(2, '0')}-01`;
  return m.length === 7 ? `${m}-01` : m;
}

/** learning.create_monthly_partition(table, month): the partition's qualified name (service_role). */
export async function createMonthlyPartition(db: Pick<Database, 'execute'>, params: z.input<typeof createParams>): Promise<string> {
  const p = parseParams(createParams, params);
  const [row] = await mapLearningErrors(
    () => queryRows<{ name: string }>(db, sql`select learning.create_monthly_partition(to_regclass(${p.table}), ${monthStart(p.month)}::date) as name`),
    'table',
  );
  return row!.name;
}

const ensureParams = z.object({ table: relationName.optional(), monthsAhead: z.number().int().min(0).max(24).optional() }).strict();

/** learning.ensure_monthly_partitions(table, months_ahead): names of the partitions now present (service_role). */
export async function ensureMonthlyPartitions(db: Pick<Database, 'execute'>, params: z.input<typeof ensureParams> = {}): Promise<string[]> {
  const p = parseParams(ensureParams, params);
  const rows = await mapLearningErrors(
    () =>
      queryRows<{ name: string }>(
        db,
        sql`select learning.ensure_monthly_partitions(to_regclass(${p.table ?? 'learning.lesson_activity_events'}), ${p.monthsAhead ?? 3}) as name`,
      ),
    'table',
  );
  return rows.map((r) => r.name);
}

export const learningPartitionObjects = [lessonActivityEventsTable, lessonActivityPayloadSizeCheck, learningActivityLogOwner, createMonthlyPartitionFn, ensureMonthlyPartitionsFn, lessonActivityInitialPartitions];

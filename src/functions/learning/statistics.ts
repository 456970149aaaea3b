import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../db.js';
import { courseStatistics, type CourseStatisticsRow } from '../../views/learning.js';
import { defineDefinerFunction, defineSql } from '../define.js';
import { parseParams, uuidParam } from './params.js';

/**
 * The unique index REFRESH … CONCURRENTLY needs (doc: idx_course_statistics_id); it also serves
 * reads of one course. Re-applied after every drizzle-kit migration: a changed materialized view is
 * dropped and re-created without its indexes and grants.
 */
export const courseStatisticsIndex = defineSql({
  key: 'unique index of learning.course_statistics',
  reapply: true,
  create: [
    'CREATE UNIQUE INDEX IF NOT EXISTS idx_course_statistics_id ON learning.course_statistics (id)',
    // A materialized view has no RLS and carries revenue: service_role only.
    'REVOKE ALL ON learning.course_statistics FROM PUBLIC, anon, authenticated',
    'GRANT SELECT ON learning.course_statistics TO service_role',
  ],
  drop: ['DROP INDEX IF EXISTS learning.idx_course_statistics_id'],
});

/**
 * Refreshes course_statistics: CONCURRENTLY (readers never blocked) once it is populated, a plain
 * REFRESH the first time (CONCURRENTLY refuses an unpopulated view). SECURITY DEFINER because
 * REFRESH requires ownership; service_role only.
 */
export const refreshCourseStatisticsFn = defineDefinerFunction('learning.refresh_course_statistics() RETURNS void', { grantExecute: ['service_role'],
  comment: 'Refreshes learning.course_statistics (CONCURRENTLY once populated).',
  body: `
BEGIN
  IF (SELECT c.relispopulated FROM pg_catalog.pg_class c WHERE c.oid = 'learning.course_statistics'::regclass) THEN
    REFRESH MATERIALIZED VIEW CONCURRENTLY learning.course_statistics;
  ELSE
    REFRESH MATERIALIZED VIEW learning.course_statistics;
  END IF;
END`,
});

/** The pg_cron jobs of the learning domain: name, schedule, command. */
export const LEARNING_CRON_JOBS = [
  { name: 'learning-refresh-course-stats', schedule: '0 */4 * * *', command: 'SELECT learning.refresh_course_statistics()' },
  { name: 'learning-activity-partitions', schedule: '0 3 * * *', command: "SELECT learning.ensure_monthly_partitions('learning.lesson_activity_events'::regclass, 3)" },
] as const;

const dollar = (s: string) => `$cmd$${s}$cmd$`;

/**
 * Schedules the jobs where the pg_cron extension is installed (Supabase, servers that preload it);
 * elsewhere (PGlite, plain servers) it does nothing and fails nothing. Dynamic SQL, so the `cron`
 * schema is never referenced where it does not exist. cron.schedule(name, …) replaces a job of
 * the same name, so re-running is idempotent.
 */
export const learningCronSchedule = defineSql({
  key: 'pg_cron schedules of the learning domain',
  create: [
    `DO $cron$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
${LEARNING_CRON_JOBS.map((j) => `    EXECUTE 'SELECT cron.schedule($1, $2, $3)' USING '${j.name}', '${j.schedule}', ${dollar(j.command)};`).join('\n')}
  END IF;
END
$cron$`,
  ],
  drop: [
    `DO $cron$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
${LEARNING_CRON_JOBS.map((j) => `    EXECUTE 'SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = $1' USING '${j.name}';`).join('\n')}
  END IF;
END
$cron$`,
  ],
});

/** Refreshes learning.course_statistics (service_role, or the owner). */
export async function refreshCourseStatistics(db: Database): Promise<void> {
  await db.execute(sql`select learning.refresh_course_statistics()`);
}

const statisticsParams = z.object({ courseId: uuidParam.optional() }).strict();

/** Rows of learning.course_statistics, optionally of one course (service_role, or the owner). */
export async function getCourseStatistics(db: Database, params: z.input<typeof statisticsParams> = {}): Promise<CourseStatisticsRow[]> {
  const p = parseParams(statisticsParams, params);
  const q = db.select().from(courseStatistics);
  return p.courseId ? q.where(eq(courseStatistics.id, p.courseId)) : q.orderBy(courseStatistics.id);
}

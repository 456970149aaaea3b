import { createHash } from 'node:crypto';
import { sqlList, sqlLiteral } from '../../schema/_shared/index.js';
import { BUSINESS_TIME_ZONE, PAID_STATUSES } from '../../schema/unified/constants.js';
import { enrollments, leads, transactions, unifiedProfiles } from '../../schema/unified/index.js';
import {
  marketingSourceRollup,
  marketingSourceRollupByProfile,
  monthlyEnrollmentsRollup,
  monthlyEnrollmentsRollupByStudent,
  revenueAnalysisRollup,
  revenueAnalysisRollupByCustomer,
} from '../../schema/unified/rollups.js';
import { customerOf, month, revenueAt } from '../../views/unified.js';
import { DEFINER_ROLE, defineDefinerFunction, defineDefinerTriggerFunction, defineFunction, defineSql, defineTrigger, qualifiedTableName, type SqlFunction, sqlFile } from '../define.js';

// The dashboard rollups' maintenance (tables in src/schema/unified/rollups.ts). One statement-level
// AFTER trigger per event and table, with transition tables: each statement's rows are aggregated
// into signed deltas (+1 for NEW rows, −1 for OLD rows) and added with INSERT … ON CONFLICT DO
// UPDATE, so concurrent writers commute. Distinct counts keep a per-key table: unique students a
// multiplicity per key (a transition 0 → n adds one, n → 0 removes one); paying customers the set of
// keys, checked against transactions when a key loses rows (payersDelta: a known payer's payment, the
// common write, then costs one index probe instead of an update). The marketing rollup depends on each person's
// first payment (a min, not additive): the people a statement touches are locked (transaction
// advisory locks on the buckets of `u:<id>` / `e:<email>`, ROLLUP_LOCK_BUCKETS), then recomputed
// from their own rows by index, in a later statement whose snapshot sees every write committed
// before the lock was granted.

const paid = sqlList(PAID_STATUSES);
const q = qualifiedTableName;
const REVENUE = q(revenueAnalysisRollup);
const REVENUE_BY_CUSTOMER = q(revenueAnalysisRollupByCustomer);
const ENROLLMENTS = q(monthlyEnrollmentsRollup);
const ENROLLMENTS_BY_STUDENT = q(monthlyEnrollmentsRollupByStudent);
const MARKETING = q(marketingSourceRollup);
const MARKETING_BY_PROFILE = q(marketingSourceRollupByProfile);

/** First key of the advisory locks that serialize recomputing one person's first payment. */
export const ROLLUP_LOCK_CLASS = 727001100;

/** The rows of a statement, signed: `sign` is +1 for new rows and −1 for old rows. */
type Source = (columns: string) => string;
const insertRows: Source = (c) => `SELECT 1 AS sign, ${c} FROM new_rows x`;
const deleteRows: Source = (c) => `SELECT -1 AS sign, ${c} FROM old_rows x`;
const updateRows: Source = (c) => `${insertRows(c)} UNION ALL ${deleteRows(c)}`;

/**
 * A trigger body running `statements(rows, removes)` with the transition tables the firing event
 * has; `removes`: the event can take rows away (UPDATE, DELETE).
 */
function perEvent(statements: (rows: Source, removes: boolean) => string): string {
  return `
BEGIN
  IF TG_OP = 'INSERT' THEN
${statements(insertRows, false)}
  ELSIF TG_OP = 'UPDATE' THEN
${statements(updateRows, true)}
  ELSE
${statements(deleteRows, true)}
  END IF;
  RETURN NULL;
END`;
}

/** The paid rows of the customer of the per-customer key `d` (user id, else lower(contact_email)) in its group, by index. */
const paidRowsOfKey = (byUser: boolean) => `SELECT 1 FROM public.transactions t
                          WHERE ${byUser ? 't.user_id = d.user_id' : 't.user_id IS NULL AND lower(t.contact_email) = d.customer'}
                            AND t.status IN (${paid}) AND t.transaction_type = d.product AND t.currency = d.currency
                            AND ${month(revenueAt)} = d.month`;

/** Revenue and transaction count deltas per group (month, product, currency). */
const revenueDelta = (rows: Source) => `
    INSERT INTO ${REVENUE} AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT ${month(revenueAt)}, t.transaction_type, t.currency, sum(t.sign * t.amount), sum(t.sign)::int, 0
      FROM (${rows('x.status, x.amount, x.transaction_type, x.currency, x.paid_at, x.settled_at, x.created_at')}) t
     WHERE t.status IN (${paid})
     GROUP BY 1, 2, 3
    HAVING sum(t.sign) <> 0 OR sum(t.sign * t.amount) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE
      SET revenue = r.revenue + excluded.revenue,
          transaction_count = r.transaction_count + excluded.transaction_count;`;

/**
 * paying_customers' deltas. The distinct count is kept as the set of keys (month, product, currency,
 * customer) with a paid row: a key whose customer got a paid row is added (ON CONFLICT DO NOTHING: a
 * known payer's payment, the common write, costs one index probe), one that only lost paid rows goes
 * when no paid row of its customer is left in its group (read from transactions by index). Runs under
 * the customers' locks, in a statement of its own (a new snapshot): a removal and a concurrent payment
 * of the same customer are serialized, and the later one reads the other's committed rows.
 */
const payersDelta = (rows: Source, removes: boolean) => `
    WITH d AS (
      SELECT ${month(revenueAt)} AS month, t.transaction_type AS product, t.currency,
             ${customerOf} AS customer, t.user_id, bool_or(t.sign > 0) AS added
        FROM (${rows('x.status, x.transaction_type, x.currency, x.user_id, x.contact_email, x.paid_at, x.settled_at, x.created_at')}) t
       WHERE t.status IN (${paid}) AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)
       GROUP BY 1, 2, 3, 4, 5
    ), added AS (
      INSERT INTO ${REVENUE_BY_CUSTOMER} AS r (month, product, currency, customer)
      SELECT d.month, d.product, d.currency, d.customer FROM d WHERE d.added
       ORDER BY 1, 2, 3, 4
      ON CONFLICT (month, product, currency, customer) DO NOTHING
      RETURNING r.month, r.product, r.currency, 1 AS delta
    )${
      removes
        ? `, gone AS (
      DELETE FROM ${REVENUE_BY_CUSTOMER} r USING d
       WHERE NOT d.added
         AND r.month = d.month AND r.product = d.product AND r.currency = d.currency AND r.customer = d.customer
         AND NOT EXISTS (${paidRowsOfKey(true)})
         AND NOT (d.user_id IS NULL AND EXISTS (${paidRowsOfKey(false)}))
      RETURNING r.month, r.product, r.currency, -1 AS delta
    )`
        : ''
    }
    INSERT INTO ${REVENUE} AS r (month, product, currency, revenue, transaction_count, paying_customers)
    SELECT p.month, p.product, p.currency, 0, 0, sum(p.delta)::int
      FROM (SELECT * FROM added${removes ? ' UNION ALL SELECT * FROM gone' : ''}) p
     GROUP BY 1, 2, 3
    HAVING sum(p.delta) <> 0
     ORDER BY 1, 2, 3
    ON CONFLICT (month, product, currency) DO UPDATE SET paying_customers = r.paying_customers + excluded.paying_customers;`;

const enrollmentsDelta = (rows: Source, removes: boolean) => `
    WITH d AS (
      SELECT e.course_id, ${month('e.enrolled_at')} AS month, e.user_id,
             sum(e.sign)::int AS n, sum(CASE WHEN e.status = 'active' THEN e.sign ELSE 0 END)::int AS active
        FROM (${rows('x.course_id, x.enrolled_at, x.user_id, x.status')}) e
       GROUP BY 1, 2, 3
    ), s AS (
      INSERT INTO ${ENROLLMENTS_BY_STUDENT} AS r (course_id, month, user_id, enrollments)
      SELECT d.course_id, d.month, d.user_id, d.n FROM d WHERE d.n <> 0
       ORDER BY 1, 2, 3
      ON CONFLICT (course_id, month, user_id) DO UPDATE SET enrollments = r.enrollments + excluded.enrollments
      RETURNING r.course_id, r.month, r.enrollments, r.xmax = 0 AS inserted
    ), students AS (
      SELECT s.course_id, s.month, sum(CASE WHEN s.inserted THEN 1 WHEN s.enrollments = 0 THEN -1 ELSE 0 END)::int AS delta
        FROM s
       GROUP BY 1, 2
    ), g AS (
      SELECT d.course_id, d.month, sum(d.n)::int AS n, sum(d.active)::int AS active FROM d GROUP BY 1, 2
    )
    INSERT INTO ${ENROLLMENTS} AS r (course_id, month, enrollments, active_enrollments, unique_students)
    SELECT g.course_id, g.month, g.n, g.active, coalesce(s.delta, 0)
      FROM g LEFT JOIN students s USING (course_id, month)
     WHERE g.n <> 0 OR g.active <> 0 OR coalesce(s.delta, 0) <> 0
     ORDER BY 1, 2
    ON CONFLICT (course_id, month) DO UPDATE
      SET enrollments = r.enrollments + excluded.enrollments,
          active_enrollments = r.active_enrollments + excluded.active_enrollments,
          unique_students = r.unique_students + excluded.unique_students;${removes ? dropZeros(ENROLLMENTS_BY_STUDENT, 'enrollments') : ''}`;

/**
 * Deletes the per-key rows this transaction brought to 0 (partial index on the zero rows); rows
 * another transaction zeroed are locked by it and skipped: it deletes them itself. By their tuple
 * ids (one TID scan): a join of the table with its locked zero rows was planned as a nested loop
 * (the zero rows' statistics say there are none) that locked them all again per row, quadratic: a
 * 10,000-row refund spent 34 s in it (docs/unified.md). The rows deleted are this transaction's own
 * (locked by its upsert until the commit, and at 0 when locked here), so their ids cannot change in
 * between. No second `= 0` test: with one, the planner read the zero rows' index again and tested
 * every id against the whole array (8,000 zero rows: 0.35 s); without it, the ids are fetched.
 */
export const dropZeros = (table: string, count: string) => `
    DELETE FROM ${table} z
     WHERE z.ctid = ANY (ARRAY(SELECT k.ctid FROM ${table} k WHERE k.${count} = 0 FOR UPDATE SKIP LOCKED));`;

/**
 * How many advisory locks the rollups use: a key (`u:<id>`, `e:<email>`) locks its bucket, the low
 * bits of its hash. One lock per key made a statement touching many people take as many locks, held
 * to the commit: updating 10,000 profiles' emails took ~30,000 and failed with "out of shared
 * memory" (the lock table holds max_locks_per_transaction × max_connections, 12,800 on the test
 * cluster, fewer on a small Supabase instance). A transaction now holds at most this many, whatever
 * it writes. Two writers of different people share a bucket with probability 1/256: the second waits
 * for the first's commit. A power of two: the bucket is the hash masked with it minus one.
 */
export const ROLLUP_LOCK_BUCKETS = 256;

/** Takes the advisory locks of the keys `keys` (a query of one text column): their buckets, in a fixed order. */
const lockKeys = (keys: string) =>
  `PERFORM pg_catalog.pg_advisory_xact_lock(${ROLLUP_LOCK_CLASS}, l.h) FROM (SELECT DISTINCT pg_catalog.hashtext(k.key) & ${ROLLUP_LOCK_BUCKETS - 1} AS h FROM (${keys}) k(key) ORDER BY 1) l;`;

/**
 * `marketing_source_rollup_apply(ids)`: locks the given profiles (`u:<id>`), then recomputes their
 * contributions (source, cohort, seconds to first payment) from their own rows by index, stores them
 * in marketing_source_rollup_by_profile and adds the difference to marketing_source_rollup.
 * Profiles that no longer exist lose their contribution.
 */
export const marketingSourceRollupApply = defineFunction('public.marketing_source_rollup_apply(p_ids uuid[], p_new_payments timestamptz[] DEFAULT NULL) RETURNS void', { language: 'plpgsql', searchPath: '', grantExecute: [DEFINER_ROLE],
  // SECURITY INVOKER: the rollup trigger functions (run as the definer role) call it.
  // One plan a session: with custom plans (the default for a statement reading its arguments) its
  // main statement was planned at every call, 0.55 ms for one id (a single-row INSERT into
  // transactions cost 0.7–1.3 ms more with the rollups, 0.2–0.4 ms with this), and for 2,000 ids the
  // custom plan's estimate passed jit_above_cost: 1.1 s of JIT compiling for 70 ms of work (docs/unified.md).
  settings: { plan_cache_mode: 'force_generic_plan' },
  comment: "Recomputes the given profiles' contributions to marketing_source_rollup (called by the rollup triggers).",
  body: sqlFile(import.meta.url, './marketing-source-rollup-apply.sql', {
    LOCK_PROFILES: lockKeys(`SELECT 'u:' || i FROM unnest(p_ids) i`),
    BY_PROFILE: MARKETING_BY_PROFILE,
    ROLLUP: MARKETING,
    PROFILE_COHORT: month('up.created_at'),
    LEAD_COHORT: month('l.first_seen_at'),
    REVENUE_AT: revenueAt,
    PAID: paid,
  }),
});

/** Transactions: revenue deltas, then (under the customers' locks) paying customers and the people whose first payment may have moved. */
export const transactionsRollups = defineDefinerTriggerFunction('public.transactions_rollups()', {
  // The rollups are written by whoever writes transactions (service_role, the ingest): none of them
  // may write the rollup tables directly. Owned by the definer role (its rights: rollupGrants).
  body: perEvent(
    // Every figure here counts paid and settled rows only: a statement without one (a pending
    // invoice written, an expired one updated) changes nothing, and skips the rest. An INSERT adds
    // each paid row to its group's count, so it wrote a group row if and only if it had one (FOUND):
    // that spares single-row INSERTs a statement. An UPDATE or DELETE with paid rows can leave every
    // group's figures as they were (a payment moved to another customer): it is tested first.
    (rows, removes) => `${
      removes
        ? `
    IF NOT EXISTS (SELECT 1 FROM (${rows('x.status')}) t WHERE t.status IN (${paid})) THEN
      RETURN NULL;
    END IF;`
        : ''
    }${revenueDelta(rows)}${
      removes
        ? ''
        : `
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;`
    }
    ${lockKeys(`SELECT CASE WHEN t.user_id IS NOT NULL THEN 'u:' || t.user_id ELSE 'e:' || lower(t.contact_email) END
                 FROM (${rows('x.user_id, x.contact_email, x.status')}) t
                WHERE t.status IN (${paid}) AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)`)}${payersDelta(rows, removes)}
    ${
      removes
        ? `PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT up.id FROM public.unified_profiles up
       WHERE up.id IN (SELECT t.user_id FROM (${rows('x.user_id, x.status')}) t WHERE t.status IN (${paid}))
      UNION
      SELECT up.id FROM public.unified_profiles up
       WHERE lower(up.email) IN (SELECT lower(t.contact_email) FROM (${rows('x.user_id, x.contact_email, x.status')}) t
                                  WHERE t.status IN (${paid}) AND t.user_id IS NULL)
      UNION
      SELECT l.id FROM public.leads l
       WHERE lower(l.email) IN (SELECT lower(t.contact_email) FROM (${rows('x.user_id, x.contact_email, x.status')}) t
                                 WHERE t.status IN (${paid}) AND t.user_id IS NULL)));`
        : `PERFORM public.marketing_source_rollup_apply(array_agg(m.id), array_agg(m.at)) FROM (
      -- A payer by user id whose stored first payment is not later than the new ones changes
      -- nothing (a returning customer's payment, the common case): left out, under the u:<id> lock
      -- taken above, so the stored row read here is the current one.
      SELECT up.id, min(${revenueAt}) AS at
        FROM (${rows('x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at')}) t
        JOIN public.unified_profiles up ON up.id = t.user_id
       WHERE t.status IN (${paid}) GROUP BY up.id
      HAVING NOT EXISTS (SELECT 1 FROM ${MARKETING_BY_PROFILE} b WHERE b.profile_id = up.id AND b.first_paid_at <= min(${revenueAt}))
      UNION ALL
      SELECT up.id, min(${revenueAt})
        FROM (${rows('x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at')}) t
        JOIN public.unified_profiles up ON lower(up.email) = lower(t.contact_email)
       WHERE t.status IN (${paid}) AND t.user_id IS NULL GROUP BY up.id
      UNION ALL
      SELECT l.id, min(${revenueAt})
        FROM (${rows('x.user_id, x.contact_email, x.status, x.paid_at, x.settled_at, x.created_at')}) t
        JOIN public.leads l ON lower(l.email) = lower(t.contact_email)
       WHERE t.status IN (${paid}) AND t.user_id IS NULL GROUP BY l.id) m
    HAVING count(*) > 0;`
    }`,
  ),
});

/** Enrollments: count deltas per (course, month) and student. */
export const enrollmentsRollups = defineDefinerTriggerFunction('public.enrollments_rollups()', {
  body: perEvent(enrollmentsDelta),
});

/** Profiles: the touched people (and whoever else held their old or new email) are recomputed. */
export const unifiedProfilesRollups = defineDefinerTriggerFunction('public.unified_profiles_rollups()', {
  body: perEvent(
    (rows) => `
    ${lockKeys(`SELECT 'e:' || lower(p.email) FROM (${rows('x.email')}) p`)}
    PERFORM public.marketing_source_rollup_apply(ARRAY(
      SELECT p.id FROM (${rows('x.id')}) p
      UNION
      SELECT up.id FROM public.unified_profiles up WHERE lower(up.email) IN (SELECT lower(p.email) FROM (${rows('x.email')}) p)
      UNION
      SELECT l.id FROM public.leads l WHERE lower(l.email) IN (SELECT lower(p.email) FROM (${rows('x.email')}) p)));`,
  ),
});

/** Leads: the touched leads are recomputed (a lead whose email has a profile counts nowhere). */
export const leadsRollups = defineDefinerTriggerFunction('public.leads_rollups()', {
  body: perEvent(
    (rows) => `
    ${lockKeys(`SELECT 'e:' || lower(l.email) FROM (${rows('x.email')}) l`)}
    PERFORM public.marketing_source_rollup_apply(ARRAY(SELECT DISTINCT l.id FROM (${rows('x.id')}) l));`,
  ),
});

/**
 * `rebuild_dashboard_rollups()`: recomputes the three rollups (and their per-key tables) from the
 * base tables, set-based, in the caller's transaction. Cutover and rollback call it after the swap;
 * TRUNCATE of a base table calls it. SECURITY DEFINER, owned by the definer role (the only role that
 * may write the rollups); executable by service_role.
 */
export const rebuildDashboardRollupsFn = defineDefinerFunction('public.rebuild_dashboard_rollups() RETURNS void', { grantExecute: ['service_role'],
  comment: 'Recomputes revenue_analysis_rollup, monthly_enrollments_rollup and marketing_source_rollup from the base tables.',
  body: `
BEGIN
  TRUNCATE ${REVENUE}, ${REVENUE_BY_CUSTOMER}, ${ENROLLMENTS}, ${ENROLLMENTS_BY_STUDENT}, ${MARKETING}, ${MARKETING_BY_PROFILE};
  INSERT INTO ${REVENUE_BY_CUSTOMER} (month, product, currency, customer)
  SELECT ${month(revenueAt)}, t.transaction_type, t.currency, ${customerOf}
    FROM public.transactions t
   WHERE t.status IN (${paid}) AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL)
   GROUP BY 1, 2, 3, 4;
  INSERT INTO ${REVENUE} (month, product, currency, revenue, transaction_count, paying_customers)
  SELECT ${month(revenueAt)}, t.transaction_type, t.currency, sum(t.amount), count(*),
         count(DISTINCT ${customerOf})
    FROM public.transactions t
   WHERE t.status IN (${paid})
   GROUP BY 1, 2, 3;
  INSERT INTO ${ENROLLMENTS_BY_STUDENT} (course_id, month, user_id, enrollments)
  SELECT e.course_id, ${month('e.enrolled_at')}, e.user_id, count(*) FROM public.enrollments e GROUP BY 1, 2, 3;
  INSERT INTO ${ENROLLMENTS} (course_id, month, enrollments, active_enrollments, unique_students)
  SELECT e.course_id, ${month('e.enrolled_at')}, count(*), count(*) FILTER (WHERE e.status = 'active'), count(DISTINCT e.user_id)
    FROM public.enrollments e GROUP BY 1, 2;
  WITH u AS (
    SELECT t.user_id, min(${revenueAt}) AS first_paid_at FROM public.transactions t
     WHERE t.status IN (${paid}) AND t.user_id IS NOT NULL GROUP BY 1
  ), e AS (
    SELECT lower(t.contact_email) AS email, min(${revenueAt}) AS first_paid_at FROM public.transactions t
     WHERE t.status IN (${paid}) AND t.user_id IS NULL AND t.contact_email IS NOT NULL GROUP BY 1
  )
  INSERT INTO ${MARKETING_BY_PROFILE} (profile_id, acquisition_source, cohort_month, first_paid_at, first_payment_seconds)
  SELECT p.id, coalesce(nullif(btrim(p.acquisition_source), ''), 'unknown'), ${month('p.created_at')},
         least(u.first_paid_at, e.first_paid_at),
         CASE WHEN least(u.first_paid_at, e.first_paid_at) IS NOT NULL
              THEN greatest(extract(epoch FROM least(u.first_paid_at, e.first_paid_at) - p.created_at), 0) END
    FROM (SELECT up.id, up.email, up.acquisition_source, up.created_at FROM public.unified_profiles up
          UNION ALL
          SELECT l.id, l.email, l.source, l.first_seen_at FROM public.leads l
           WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = lower(l.email))) p
    LEFT JOIN u ON u.user_id = p.id
    LEFT JOIN e ON e.email = lower(p.email);
  INSERT INTO ${MARKETING} (acquisition_source, cohort_month, signups, paying_users, first_payment_seconds)
  SELECT b.acquisition_source, b.cohort_month, count(*), count(b.first_payment_seconds), coalesce(sum(b.first_payment_seconds), 0)
    FROM ${MARKETING_BY_PROFILE} b GROUP BY 1, 2;
END`,
});

/** TRUNCATE has no transition tables: the rollups are rebuilt. */
export const rollupsOnTruncate = defineDefinerTriggerFunction('public.dashboard_rollups_on_truncate()', {
  body: `
BEGIN
  PERFORM public.rebuild_dashboard_rollups();
  RETURN NULL;
END`,
});

const tableTriggers = (table: typeof transactions | typeof enrollments | typeof unifiedProfiles | typeof leads, prefix: string, fn: SqlFunction) => [
  defineTrigger({ name: `${prefix}_rollups_insert`, table, timing: 'after', events: ['insert'], forEach: 'statement', referencing: { newTable: 'new_rows' }, function: fn }),
  defineTrigger({
    name: `${prefix}_rollups_update`,
    table,
    timing: 'after',
    events: ['update'],
    forEach: 'statement',
    referencing: { newTable: 'new_rows', oldTable: 'old_rows' },
    function: fn,
  }),
  defineTrigger({ name: `${prefix}_rollups_delete`, table, timing: 'after', events: ['delete'], forEach: 'statement', referencing: { oldTable: 'old_rows' }, function: fn }),
  defineTrigger({ name: `${prefix}_rollups_truncate`, table, timing: 'after', events: ['truncate'], forEach: 'statement', function: rollupsOnTruncate }),
];

export const rollupTriggers = [
  ...tableTriggers(transactions, 'transactions', transactionsRollups),
  ...tableTriggers(enrollments, 'enrollments', enrollmentsRollups),
  ...tableTriggers(unifiedProfiles, 'unified_profiles', unifiedProfilesRollups),
  ...tableTriggers(leads, 'leads', leadsRollups),
];

const readable = [REVENUE, ENROLLMENTS, MARKETING].join(', ');
const internal = [REVENUE_BY_CUSTOMER, ENROLLMENTS_BY_STUDENT, MARKETING_BY_PROFILE].join(', ');

/**
 * The rollups are read by admins (RLS policy on the JWT admin claim) and service_role; the per-key
 * tables by nobody but the definer role, which owns the functions maintaining them (the triggers and
 * rebuild_dashboard_rollups run as it): it reads the base tables (granted in
 * src/functions/unified/definer.ts), writes and truncates the rollups, and calls the invoker helper.
 */
export const rollupGrants = defineSql({
  key: 'grants on dashboard rollups',
  reapply: true,
  create: [
    `REVOKE ALL ON ${readable}, ${internal} FROM PUBLIC, anon, authenticated, service_role`,
    `GRANT SELECT ON ${readable} TO authenticated, service_role`,
    `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ${readable}, ${internal} TO ${DEFINER_ROLE}`,
  ],
  drop: [`REVOKE ALL ON ${readable} FROM authenticated, service_role`, `REVOKE ALL ON ${readable}, ${internal} FROM ${DEFINER_ROLE}`],
});

/** Leads: service_role writes them (prepare, cutover run as the owner); authenticated reads what RLS lets it (admins). */
export const leadsGrants = defineSql({
  key: 'grants on public.leads',
  reapply: true,
  create: [
    `REVOKE ALL ON ${q(leads)} FROM PUBLIC, anon, authenticated`,
    `GRANT ALL ON ${q(leads)} TO service_role`,
    `GRANT SELECT ON ${q(leads)} TO authenticated`,
  ],
  drop: [`REVOKE ALL ON ${q(leads)} FROM authenticated, service_role`],
});

/**
 * What the rollup tables hold depends on the business time zone (their months) and on the functions
 * computing them (what counts as paid, a payment's month, a cohort): a digest of those functions'
 * definitions. Changing either leaves the figures already stored computed the old way.
 */
const rollupsDefinition = createHash('sha256')
  .update(JSON.stringify([marketingSourceRollupApply, transactionsRollups, enrollmentsRollups, unifiedProfilesRollups, leadsRollups, rebuildDashboardRollupsFn].map((f) => f.create)))
  .digest('hex')
  .slice(0, 16);

/**
 * Fills the rollups of a database migrated with data already in it, and refills them whenever what
 * they hold changes: the statement names the business time zone and the definition above, so the
 * migration db:generate writes for a new zone (which replaces `public.business_time_zone()`) or a new
 * rule in the maintaining functions (a fix of one included: the figures its bug left go too) runs it
 * again, after the functions. Without that, the rollups kept the old months and rules, and later
 * writes added their deltas by the new ones (docs/unified.md).
 */
export const rollupsInitialBuild = defineSql({
  key: 'initial build of the dashboard rollups',
  create: [
    `SELECT public.rebuild_dashboard_rollups(), ${sqlLiteral(BUSINESS_TIME_ZONE)}::text AS business_time_zone, ${sqlLiteral(rollupsDefinition)}::text AS definition`,
  ],
});

export const rollupObjects = [
  marketingSourceRollupApply,
  transactionsRollups,
  enrollmentsRollups,
  unifiedProfilesRollups,
  leadsRollups,
  leadsGrants,
  rebuildDashboardRollupsFn,
  rollupsOnTruncate,
  ...rollupTriggers,
  rollupGrants,
  rollupsInitialBuild,
];

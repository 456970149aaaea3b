import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { DEFINER_ROLE, MONITOR_ROLE } from '../../src/functions/index.js';
import { engine, useDatabase } from '../helpers.js';
import { packageSchemas, packageSchemasSql } from './package-schemas.js';

/** The roles apps use without owning anything. */
const APP_ROLES = ['anon', 'authenticated', 'crm_app'] as const;
type AppRole = (typeof APP_ROLES)[number];

/** The id-set helpers of the learning policies (learning_private), executable by anon and authenticated alike. */
const LEARNING_POLICY_HELPERS = [
  'enrollable_course_ids()',
  'enrolled_course_ids()',
  'enrolled_quiz_ids()',
  'instructor_course_ids()',
  'instructor_lesson_ids()',
  'instructor_quiz_ids()',
  'published_course_ids()',
];

/**
 * Every function an app role may EXECUTE in the package's schemas, reviewed: per schema, per role,
 * `name(identity arguments)`. A domain adds its schema's entry when it grants a function to one of
 * these roles (a schema missing here means "none"); anything else executable is a failure. Functions
 * of extensions are not the package's and are left out.
 */
const REVIEWED: Record<string, Partial<Record<AppRole, readonly string[]>>> = {
  // the auth shim's claim readers: every policy calls them, as whoever is asking
  auth: {
    anon: ['email()', 'jwt()', 'role()', 'uid()'],
    authenticated: ['email()', 'jwt()', 'role()', 'uid()'],
    crm_app: ['email()', 'jwt()', 'role()', 'uid()'],
  },
  public: {
    // read by the security-invoker analytics views and policies of every caller
    anon: ['business_time_zone()'],
    authenticated: [
      'business_time_zone()',
      // the dashboard metrics, computed under the caller's RLS
      'calculate_enrollment_metrics(p_start date, p_end date, p_course_id uuid, p_granularity text)',
      // the admin check the unified policies call
      'is_admin()',
    ],
    crm_app: ['business_time_zone()'],
  },
  crm: {},
  ingest: {},
  unified_schema: {},
  learning: {
    authenticated: [
      // the learner's API: SECURITY INVOKER, run under the caller's policies
      'course_progress(user_id uuid, course_id uuid)',
      'get_course_recommendations(user_id uuid, "limit" integer)',
      'get_user_dashboard(user_id uuid)',
      // pure scoring of one answer (no table read), used by submit_quiz_attempt and the app
      'quiz_answer_matches(question_type text, correct_answer jsonb, response jsonb)',
      // quiz attempts: SECURITY INVOKER entries of the definer bodies in learning_private (they write rows learners may not write directly); see docs/lints.md
      'start_quiz_attempt(quiz_id uuid, user_id uuid)',
      'submit_quiz_attempt(quiz_id uuid, user_id uuid, responses jsonb)',
    ],
  },
  // the id-set helpers the learning policies call, as whoever is asking (anon reads published courses),
  // and the SECURITY DEFINER bodies of the quiz entries (no USAGE on the schema: reached only through learning.*)
  learning_private: {
    anon: LEARNING_POLICY_HELPERS,
    authenticated: [
      ...LEARNING_POLICY_HELPERS,
      'start_quiz_attempt(quiz_id uuid, user_id uuid)',
      'submit_quiz_attempt(quiz_id uuid, user_id uuid, responses jsonb)',
    ],
  },
  // the role and partner checks the wolo policies and views call (no USAGE on the schema: not callable directly)
  // and the SECURITY DEFINER bodies of wolo's entries (feature_enabled, the ID number), reached only through wolo.*
  wolo_private: {
    anon: ['feature_enabled(flag_key text, user_id uuid, region text)'],
    authenticated: [
      'feature_enabled(flag_key text, user_id uuid, region text)',
      'has_role(required_role text)',
      'my_partner_ids()',
      'pot_donation_rows()',
      'read_id_number(user_id uuid)',
      'set_id_number(user_id uuid, id_number text)',
    ],
  },
  wolo: {
    // read by wolo's views and policies of every caller
    // feature flags are asked before sign-in too (anonymous users are in the rollout by region)
    anon: ['business_time_zone()', 'feature_enabled(flag_key text, user_id uuid, region text)'],
    authenticated: [
      'business_time_zone()',
      'feature_enabled(flag_key text, user_id uuid, region text)',
      // a sponsor's balance: SECURITY INVOKER, the ledger's policies show a user only their own rows
      'points_balance(sponsor uuid)',
      // part 2: the ID number goes in and out only through these (each refuses another user's id unless admin)
      'read_id_number(user_id uuid)',
      'record_event(event_name text, event_category text, user_id uuid, properties jsonb, session_id text, anonymous_id text, platform text, device_type text, occurred_at timestamp with time zone)',
      // the row triggers' one RAISE (profiles, pots, donations, refunds, points_ledger), as whoever writes the row: raises, reads nothing
      'refuse(p_sqlstate text, p_column text, p_table text, p_message text)',
      'set_id_number(user_id uuid, id_number text)',
    ],
  },
};

/**
 * SECURITY DEFINER functions owned by another NOLOGIN role than the definer role, each with its reason
 * (docs/lints.md, "SECURITY DEFINER functions"). None is owned by the migrating role.
 * - learning.database_health_check: counts every session of pg_stat_activity, which needs the
 *   privileges of pg_read_all_stats; the definer role is NOINHERIT (a membership gives it nothing), so
 *   the monitor role (INHERIT, member of pg_read_all_stats, no table privilege) owns it.
 */
const OTHER_DEFINER_OWNERS: Readonly<Record<string, string>> = {
  'learning.database_health_check()': MONITOR_ROLE,
};

describe(`least privilege (${engine})`, () => {
  const t = useDatabase();

  it('a function the migrating role creates later is closed to PUBLIC until granted', async () => {
    await queryRows(t.db, 'create function public.default_privileges_probe() returns int language sql as $$ select 1 $$');
    try {
      const [row] = await queryRows<{ public_execute: boolean; anon: boolean; owner_is_me: boolean }>(
        t.db,
        `select exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) x
                         where x.grantee = 0 and x.privilege_type = 'EXECUTE') as public_execute,
                has_function_privilege('anon', p.oid, 'EXECUTE') as anon,
                p.proowner = (select oid from pg_roles where rolname = current_user) as owner_is_me
           from pg_proc p where p.oid = 'public.default_privileges_probe()'::regprocedure`,
      );
      expect(row).toEqual({ public_execute: false, anon: false, owner_is_me: true });
      // and a grant still opens it to the role named
      await queryRows(t.db, 'grant execute on function public.default_privileges_probe() to anon');
      expect(await queryRows(t.db, `select has_function_privilege('anon', 'public.default_privileges_probe()', 'EXECUTE') as ok`)).toEqual([{ ok: true }]);
    } finally {
      await queryRows(t.db, 'drop function public.default_privileges_probe()');
    }
  });

  it.each([DEFINER_ROLE, MONITOR_ROLE])('a function the owner role %s creates is closed to PUBLIC until granted', async (role) => {
    // by effect: the role creates a function (CREATE on public given for this rolled-back transaction only)
    const rolledBack = new Error('rolled back');
    let seen: unknown;
    await t.db
      .transaction(async (tx) => {
        await queryRows(tx, `grant create on schema public to ${role}`);
        await queryRows(tx, `set local role ${role}`);
        await queryRows(tx, 'create function public.owner_default_privileges_probe() returns int language sql as $$ select 1 $$');
        await queryRows(tx, 'reset role');
        [seen] = await queryRows(
          tx,
          `select p.proowner::regrole::text as owner,
                  exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) x
                           where x.grantee = 0 and x.privilege_type = 'EXECUTE') as public_execute,
                  has_function_privilege('anon', p.oid, 'EXECUTE') as anon,
                  has_function_privilege('authenticated', p.oid, 'EXECUTE') as authenticated
             from pg_proc p where p.oid = 'public.owner_default_privileges_probe()'::regprocedure`,
        );
        throw rolledBack;
      })
      .catch((e: unknown) => {
        if (e !== rolledBack) throw e;
      });
    expect(seen).toEqual({ owner: role, public_execute: false, anon: false, authenticated: false });
  });

  it('the definer role writes in the ingest tables only what erasure writes: never the backup registry or the reports beyond their redacted text', async () => {
    const [row] = await queryRows<Record<string, boolean>>(
      t.db,
      `select has_table_privilege('${DEFINER_ROLE}', 'ingest.backups', 'DELETE') as backups_delete,
              has_column_privilege('${DEFINER_ROLE}', 'ingest.backups', 'status', 'UPDATE') as backups_status,
              has_column_privilege('${DEFINER_ROLE}', 'ingest.backups', 'tables', 'UPDATE') as backups_tables,
              has_column_privilege('${DEFINER_ROLE}', 'ingest.backups', 'details', 'UPDATE') as backups_details,
              has_column_privilege('${DEFINER_ROLE}', 'ingest.validation_reports', 'blocking_errors', 'UPDATE') as reports_blocking,
              has_column_privilege('${DEFINER_ROLE}', 'ingest.validation_reports', 'report', 'UPDATE') as reports_report,
              has_table_privilege('${DEFINER_ROLE}', 'ingest.xendit_raw', 'DELETE') as raw_delete,
              has_column_privilege('${DEFINER_ROLE}', 'ingest.xendit_raw', 'amount', 'UPDATE') as raw_amount`,
    );
    expect(row).toEqual({
      backups_delete: false, backups_status: false, backups_tables: false, backups_details: true,
      reports_blocking: false, reports_report: true, raw_delete: true, raw_amount: false,
    });
  });

  it('the functions anon, authenticated and crm_app can execute are exactly the reviewed list', async () => {
    const rows = await queryRows<{ role: AppRole; schema: string; fn: string }>(
      t.db,
      `select r.role, n.nspname as schema, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as fn
         from pg_proc p
         join pg_namespace n on n.oid = p.pronamespace
         cross join unnest(ARRAY[${APP_ROLES.map((r) => `'${r}'`).join(', ')}]) as r(role)
        where n.nspname = any (${packageSchemasSql()})
          and not exists (select 1 from pg_depend d
                           where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
          and has_function_privilege(r.role, p.oid, 'EXECUTE')
        order by 1, 2, 3`,
    );
    // one line per grant, `schema role fn`: a failure shows exactly what differs
    const actual = rows.map((r) => `${r.schema} ${r.role} ${r.fn}`).sort();
    const expected = packageSchemas()
      .flatMap((schema) => APP_ROLES.flatMap((role) => (REVIEWED[schema]?.[role] ?? []).map((fn) => `${schema} ${role} ${fn}`)))
      .sort();
    expect(actual).toEqual(expected);
  });

  it('every SECURITY DEFINER function is owned by the NOLOGIN definer role (not a superuser, no BYPASSRLS), which the migrating role is a member of', async () => {
    const owners = await queryRows<{ fn: string; owner: string }>(
      t.db,
      `select p.oid::regprocedure::text as fn, p.proowner::regrole::text as owner
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prosecdef and n.nspname = any (${packageSchemasSql()})
        order by 1`,
    );
    expect(owners.length).toBeGreaterThan(0);
    expect(owners.filter((o) => o.owner !== (OTHER_DEFINER_OWNERS[o.fn] ?? DEFINER_ROLE))).toEqual([]);
    expect(Object.keys(OTHER_DEFINER_OWNERS).filter((fn) => !owners.some((o) => o.fn === fn))).toEqual([]);
    const [role] = await queryRows(
      t.db,
      `select rolcanlogin, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolinherit,
              pg_has_role(current_user, oid, 'MEMBER') as migrator_is_member
         from pg_roles where rolname = '${DEFINER_ROLE}'`,
    );
    expect(role).toEqual({
      rolcanlogin: false,
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolinherit: false,
      migrator_is_member: true,
    });
    // the materialized views (dashboards, learning.course_statistics) belong to it too: REFRESH needs ownership
    expect(
      await queryRows(
        t.db,
        `select c.oid::regclass::text as mv from pg_class c where c.relkind = 'm' and c.relowner::regrole::text <> '${DEFINER_ROLE}'
            and c.relnamespace::regnamespace::text = any (${packageSchemasSql()})`,
      ),
    ).toEqual([]);
    // and of the tables only the activity log and its partitions (CREATE TABLE … PARTITION OF needs the parent's owner)
    const owned = await queryRows<{ rel: string; partition: boolean }>(
      t.db,
      `select c.oid::regclass::text as rel, c.relispartition as partition from pg_class c
        where c.relkind in ('r', 'p') and c.relowner::regrole::text = '${DEFINER_ROLE}' order by 1`,
    );
    expect(owned.filter((o) => !o.partition).map((o) => o.rel)).toEqual(['learning.lesson_activity_events']);
    expect(owned.filter((o) => o.partition).every((o) => o.rel.startsWith('learning.lesson_activity_events_'))).toBe(true);
    expect(owned.filter((o) => o.partition).length).toBeGreaterThanOrEqual(4);
  });

  it('the monitor role: NOLOGIN, INHERIT, member of pg_read_all_stats, owns one function and no relation, holds no table privilege', async () => {
    const [role] = await queryRows(
      t.db,
      `select rolcanlogin, rolsuper, rolbypassrls, rolinherit, pg_has_role(current_user, oid, 'MEMBER') as migrator_is_member
         from pg_roles where rolname = '${MONITOR_ROLE}'`,
    );
    expect(role).toEqual({ rolcanlogin: false, rolsuper: false, rolbypassrls: false, rolinherit: true, migrator_is_member: true });
    const owns = await queryRows<{ fn: string }>(t.db, `select oid::regprocedure::text as fn from pg_proc where proowner::regrole::text = '${MONITOR_ROLE}'`);
    expect(owns.map((o) => o.fn)).toEqual(Object.keys(OTHER_DEFINER_OWNERS).filter((fn) => OTHER_DEFINER_OWNERS[fn] === MONITOR_ROLE));
    expect(await queryRows(t.db, `select oid::regclass::text from pg_class where relowner::regrole::text = '${MONITOR_ROLE}'`)).toEqual([]);
    expect(
      await queryRows(t.db, `select table_schema, table_name from information_schema.role_table_grants where grantee = '${MONITOR_ROLE}'`),
    ).toEqual([]);
    if (engine === 'postgres') {
      // the test server's migrating role is a superuser, so the grant is made (a managed server may refuse it: docs/lints.md)
      const [m] = await queryRows<{ stats: boolean }>(t.db, `select pg_has_role('${MONITOR_ROLE}', 'pg_read_all_stats', 'USAGE') as stats`);
      expect(m).toEqual({ stats: true });
    }
  });

  it('no SECURITY DEFINER function of the package is executable by PUBLIC', async () => {
    const rows = await queryRows<{ fn: string }>(
      t.db,
      `select p.oid::regprocedure::text as fn
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where p.prosecdef and n.nspname = any (${packageSchemasSql()})
          and exists (select 1 from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) x where x.grantee = 0)`,
    );
    expect(rows).toEqual([]);
  });
});

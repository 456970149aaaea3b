import { DEFINER_ROLE, defineRole, defineSql, MONITOR_ROLE } from './define.js';

/**
 * Least privilege by default: a function the migrating role creates from now on is closed to
 * PUBLIC until a `grantExecute` opens it to named roles. `FOR ROLE CURRENT_USER` (the role running
 * the migration), not `IN SCHEMA …`: the per-schema form can only add to the built-in default, it
 * cannot revoke PUBLIC's EXECUTE, so it would change nothing. Per database (pg_default_acl).
 * Functions created before this ran keep their ACL; every one of those says who may execute it.
 */
export const defaultPrivileges = defineSql({
  key: 'default privileges of the migrating role',
  phase: 'pre',
  create: ['ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC'],
  drop: ['ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER GRANT EXECUTE ON FUNCTIONS TO PUBLIC'],
});

/**
 * The owner of the package's SECURITY DEFINER functions: NOLOGIN, NOINHERIT, not a superuser, no
 * BYPASSRLS. Granted to the migrating role (CURRENT_USER) so it can make the role a function's owner
 * and still replace the function later: on Supabase `postgres` is not a superuser and needs that.
 * On Supabase it also becomes INHERIT and a member of `anon`, its one way to USAGE on schema auth
 * (`DEFINER_AUTH_USAGE` in define.ts).
 */
export const definerRole = defineRole({ name: DEFINER_ROLE, options: ['NOLOGIN', 'NOINHERIT'], grantTo: ['CURRENT_USER'] });

/**
 * The owner of `learning.database_health_check`: it counts every session of pg_stat_activity, which
 * needs the privileges of `pg_read_all_stats`. A separate role because the definer role is NOINHERIT
 * (its memberships give it nothing) and should not read server statistics. Where the migrating role
 * may not grant `pg_read_all_stats` (a managed server), the grant is skipped with a notice and the
 * health check counts the sessions the role can see.
 */
export const monitorRole = defineRole({ name: MONITOR_ROLE, options: ['NOLOGIN', 'INHERIT'], grantTo: ['CURRENT_USER'] });
export const monitorStatistics = defineSql({
  key: 'monitor role reads server statistics',
  phase: 'pre',
  create: [
    `DO $monitor$ BEGIN\n  GRANT pg_read_all_stats TO ${MONITOR_ROLE};\nEXCEPTION WHEN insufficient_privilege OR undefined_object THEN\n  RAISE NOTICE 'unified_schema_monitor: pg_read_all_stats not granted (%), database_health_check counts only the sessions it can see', SQLERRM;\nEND $monitor$`,
  ],
  drop: [`DO $monitor$ BEGIN\n  REVOKE pg_read_all_stats FROM ${MONITOR_ROLE};\nEXCEPTION WHEN insufficient_privilege OR undefined_object THEN NULL;\nEND $monitor$`],
});

/**
 * The same default for the roles that own the package's objects (issue 10: "the role that migrates,
 * or owns the package's objects"): a function created by the definer or the monitor role (by a
 * member that SET ROLE to it, or a future migration that creates a function as its owner) is closed
 * to PUBLIC until granted. The migrating role is a member of both (`grantTo`), which ALTER DEFAULT
 * PRIVILEGES FOR ROLE requires.
 */
export const ownerRolesDefaultPrivileges = defineSql({
  key: 'default privileges of the roles owning package objects',
  phase: 'pre',
  create: [DEFINER_ROLE, MONITOR_ROLE].map((r) => `ALTER DEFAULT PRIVILEGES FOR ROLE ${r} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`),
  drop: [DEFINER_ROLE, MONITOR_ROLE].map((r) => `ALTER DEFAULT PRIVILEGES FOR ROLE ${r} GRANT EXECUTE ON FUNCTIONS TO PUBLIC`),
});

export const privilegeObjects = [defaultPrivileges, definerRole, monitorRole, monitorStatistics, ownerRolesDefaultPrivileges];

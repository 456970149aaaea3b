import { DEFINER_ROLE, defineRole, defineSql } from './define.js';

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
 */
export const definerRole = defineRole({ name: DEFINER_ROLE, options: ['NOLOGIN', 'NOINHERIT'], grantTo: ['CURRENT_USER'] });

export const privilegeObjects = [defaultPrivileges, definerRole];

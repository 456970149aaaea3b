/**
 * The roles apps use, declared `.existing()` for drizzle-kit (policies name them); they are created
 * idempotently by the SQL objects in src/functions/auth, because roles are cluster-wide.
 * `auth.users` is referenced by foreign keys through drizzle-orm/supabase's `authUsers`, which is
 * deliberately not exported from the schema barrel (drizzle-kit would emit CREATE TABLE auth.users).
 */
export { anonRole, authenticatedRole, serviceRole } from 'drizzle-orm/supabase';

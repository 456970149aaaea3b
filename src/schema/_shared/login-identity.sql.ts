// The login-identity rule of every domain's user table (docs/decisions.md, "a user's own account row
// holds only their own login email and phone"): one builder, one trigger function per table's schema.
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { anonRole, authenticatedRole } from 'drizzle-orm/supabase';
import { DEFINER_AUTH_USAGE, DEFINER_ROLE, defineDefinerTriggerFunction, defineSql, defineTrigger, type SqlFunction, type SqlTrigger } from '../../functions/define.js';

/** The roles whose writes are a user's own claims (the API roles a signed-in or anonymous client acts as). */
const CLAIMING_ROLES = [anonRole.name, authenticatedRole.name] as const;

/**
 * The definer role reads the caller's login email and phone in `auth.users` (only these columns).
 * On Supabase the table belongs to supabase_auth_admin: the grant is made where the migrating role may
 * make it; elsewhere the trigger reads the signed-in user's token claims instead (below).
 */
export const loginIdentityRights = defineSql({
  key: 'definer role reads login identities',
  create: [
    DEFINER_AUTH_USAGE,
    `DO $login$
BEGIN
  GRANT SELECT (id, email, phone) ON auth.users TO ${DEFINER_ROLE};
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'the migrating role cannot grant SELECT on auth.users to ${DEFINER_ROLE}: the login-identity triggers compare with the token''s claims on this database (%)', SQLERRM;
END
$login$`,
  ],
  drop: [],
});

/**
 * The rule on a user table with `id` (the auth user's id), `email` and `phone` columns: an email or
 * phone that `anon` or `authenticated` writes into a row (INSERT, or an UPDATE that changes it) must
 * be the writer's own login identity in `auth.users`: the email compared case-insensitively, the phone
 * by its digits (GoTrue stores `221770000001`, the tables `+221770000001`). NULL passes; a value an
 * UPDATE leaves as it was passes (rows written before the rule keep working); service_role, the owner
 * and the package's definer functions are trusted (the trigger's WHEN: `current_user` is the writer
 * there, the function runs as its owner). Refused: `sqlState` with COLUMN `email` or `phone`, TABLE
 * and SCHEMA. A row whose id is not the writer's (`auth.uid()`) is not checked: it is not their own
 * account, and RLS refuses it (every write policy on these tables is `id = auth.uid()`); checking it
 * would tell the writer whether a guessed email is that user's. Without a signed-in user (no `sub`)
 * the identity is empty: any email or phone is refused.
 *
 * SECURITY DEFINER: the API roles cannot read auth.users. Where the definer role may not either (a
 * Supabase project whose migrating role could not grant it), the claims of the signed-in user's
 * token (`email`, `phone`, issued by GoTrue) are the identity.
 *
 * Returns the trigger function `<schema>.require_login_identity()` and the trigger
 * `<table>_require_login_identity` (BEFORE INSERT OR UPDATE OF email, phone).
 */
export function loginIdentityGuard(table: PgTable, sqlState: string): [SqlFunction, SqlTrigger] {
  if (!/^U[A-Z][0-9]{3}$/.test(sqlState)) throw new Error(`loginIdentityGuard: ${sqlState} is not a package SQLSTATE (U + domain letter + three digits)`);
  const { schema = 'public', name, columns } = getTableConfig(table);
  for (const c of ['id', 'email', 'phone']) if (!columns.some((x) => x.name === c)) throw new Error(`loginIdentityGuard(${schema}.${name}): no column ${c}`);
  const fn = defineDefinerTriggerFunction(`${schema}.require_login_identity()`, {
    body: `
DECLARE
  v_uid uuid := (SELECT auth.uid());
  v_email_new boolean;
  v_phone_new boolean;
  v_email text;
  v_phone text;
  v_claims jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    v_email_new := NEW.email IS NOT NULL;
    v_phone_new := NEW.phone IS NOT NULL;
  ELSE
    v_email_new := NEW.email IS NOT NULL AND NEW.email IS DISTINCT FROM OLD.email;
    v_phone_new := NEW.phone IS NOT NULL AND NEW.phone IS DISTINCT FROM OLD.phone;
  END IF;
  -- another user's row: RLS refuses it (every write policy is id = auth.uid()); checked here, the
  -- outcome would tell the writer whether a guess is that user's email
  IF NOT (v_email_new OR v_phone_new) OR NEW.id IS DISTINCT FROM coalesce(v_uid, NEW.id) THEN
    RETURN NEW;
  END IF;
  IF pg_catalog.has_column_privilege('auth.users', 'id', 'SELECT')
     AND pg_catalog.has_column_privilege('auth.users', 'email', 'SELECT')
     AND pg_catalog.has_column_privilege('auth.users', 'phone', 'SELECT') THEN
    SELECT a.email, a.phone INTO v_email, v_phone FROM auth.users a WHERE a.id = v_uid;
  ELSE
    v_claims := nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb;
    v_email := v_claims ->> 'email';
    v_phone := v_claims ->> 'phone';
  END IF;
  IF v_email_new AND pg_catalog.lower(NEW.email) IS DISTINCT FROM pg_catalog.lower(nullif(v_email, '')) THEN
    RAISE EXCEPTION 'email must be the email address this account signs in with'
      USING ERRCODE = '${sqlState}', COLUMN = 'email', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
  END IF;
  IF v_phone_new AND pg_catalog.regexp_replace(NEW.phone, '[^0-9]', '', 'g')
       IS DISTINCT FROM nullif(pg_catalog.regexp_replace(v_phone, '[^0-9]', '', 'g'), '') THEN
    RAISE EXCEPTION 'phone must be the phone number this account signs in with'
      USING ERRCODE = '${sqlState}', COLUMN = 'phone', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
  END IF;
  RETURN NEW;
END`,
    comment: `Trigger: an email or phone anon or authenticated writes into ${schema}.${name} is the writer's own login identity (auth.users); ${sqlState} otherwise.`,
  });
  const trigger = defineTrigger({
    name: `${name}_require_login_identity`,
    table,
    timing: 'before',
    events: ['insert', 'update of email, phone'],
    forEach: 'row',
    when: `CURRENT_USER IN (${CLAIMING_ROLES.map((r) => `'${r}'`).join(', ')})`,
    function: fn,
  });
  return [fn, trigger];
}

import { anonRole, authenticatedRole, serviceRole } from 'drizzle-orm/supabase';
import { defineRole, defineSql } from '../define.js';

/**
 * Supabase-compatible auth shim. On Supabase the real `auth` schema exists and nothing here runs;
 * on PGlite and plain PostgreSQL it creates `auth.users` and the `auth.uid()`, `auth.jwt()`,
 * `auth.role()`, `auth.email()` functions that read the same `request.jwt.claims` settings
 * PostgREST sets. The schema carries a marker comment, so a later change to the shim re-applies
 * only where the shim (not Supabase) owns the schema.
 */
export const AUTH_SHIM_MARKER = 'unified-schema auth shim';

/**
 * Supabase's three roles, created where they do not exist. Their one TS name each is drizzle's
 * `anonRole`, `authenticatedRole`, `serviceRole` (drizzle-orm/supabase, what policies name).
 */
const authRoles = [
  defineRole({ name: anonRole.name, options: ['NOLOGIN', 'NOINHERIT'] }),
  defineRole({ name: authenticatedRole.name, options: ['NOLOGIN', 'NOINHERIT'] }),
  defineRole({ name: serviceRole.name, options: ['NOLOGIN', 'NOINHERIT', 'BYPASSRLS'] }),
];

/** auth.uid(), auth.role(), auth.email(): one claim of the JWT each, read the way PostgREST sets them. */
const claimFunctions = (
  [
    ['uid', 'sub', 'uuid'],
    ['role', 'role', 'text'],
    ['email', 'email', 'text'],
  ] as const
)
  .map(
    ([fn, claim, type]) => `CREATE OR REPLACE FUNCTION auth.${fn}() RETURNS ${type} LANGUAGE sql STABLE SET search_path = '' AS $f$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim.${claim}', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> '${claim}'
  )::${type}
$f$;`,
  )
  .join('\n');

/** The shim's DDL (exported for tests that build an `auth` schema owned by other roles, as Supabase's is). */
export const AUTH_SHIM_SQL = `
CREATE SCHEMA IF NOT EXISTS auth;
COMMENT ON SCHEMA auth IS '${AUTH_SHIM_MARKER}';
CREATE TABLE IF NOT EXISTS auth.users (
  instance_id uuid,
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token varchar(255),
  recovery_sent_at timestamptz,
  email_change varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  raw_user_meta_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_super_admin boolean,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  phone text,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_anonymous boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email_partial_key ON auth.users (lower(email)) WHERE email IS NOT NULL;
CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE SET search_path = '' AS $f$
  SELECT coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$f$;
${claimFunctions}
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT ALL ON auth.users TO service_role;
`;

/** Runs the shim only where there is no `auth` schema, or where the schema is the shim's own. */
export const authShim = defineSql({
  key: 'auth shim',
  phase: 'pre',
  create: [
    `DO $shim$
BEGIN
  IF to_regnamespace('auth') IS NULL
     OR obj_description(to_regnamespace('auth'), 'pg_namespace') = '${AUTH_SHIM_MARKER}' THEN
    EXECUTE ${dollarLiteral(AUTH_SHIM_SQL)};
  END IF;
END
$shim$`,
  ],
});

function dollarLiteral(s: string): string {
  return `$body$${s}$body$`;
}

/** In registry order: roles first, then the shim that grants to them. */
export const authObjects = [...authRoles, authShim];

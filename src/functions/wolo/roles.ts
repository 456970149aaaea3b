import { WOLO_BUSINESS_TIME_ZONE } from '../../schema/wolo/constants.js';
import { woloDefinerSchemas } from './definer.js';
import { defineDefinerFunction, defineSql } from '../define.js';
import { defineBusinessTimeZone } from '../unified/base.js';

/**
 * The `pre` objects of the WOLO domain: the schema itself and the helpers its policies, defaults and
 * CHECKs call, which must exist before drizzle-kit's migration creates the tables and policies.
 */
export const woloSchemaObject = defineSql({
  key: 'schema wolo',
  phase: 'pre',
  create: ['CREATE SCHEMA IF NOT EXISTS wolo'],
  drop: ['DROP SCHEMA IF EXISTS wolo'],
});

/**
 * The SECURITY DEFINER helpers of the wolo policies and views live here, outside the API: anon and
 * authenticated hold EXECUTE on them but no USAGE on the schema, so policies and security_invoker
 * views call them (a stored expression names the function by oid; USAGE is checked only when a name
 * is looked up) while a client cannot (lints anon/authenticated_security_definer_function_executable).
 */
export const woloPrivateSchemaObject = defineSql({
  key: 'schema wolo_private',
  phase: 'pre',
  create: ['CREATE SCHEMA IF NOT EXISTS wolo_private', 'REVOKE ALL ON SCHEMA wolo_private FROM PUBLIC, anon, authenticated', 'GRANT USAGE ON SCHEMA wolo_private TO service_role'],
  drop: ['DROP SCHEMA IF EXISTS wolo_private'],
});

/** The business time zone in SQL (IMMUTABLE, inlined), rendered from WOLO_BUSINESS_TIME_ZONE. */
export const woloBusinessTimeZone = defineBusinessTimeZone({
  schema: 'wolo',
  zone: WOLO_BUSINESS_TIME_ZONE,
  grantExecute: ['anon', 'authenticated', 'service_role'],
  comment: 'The WOLO business time zone (Africa/Dakar). Declared in src/schema/wolo/constants.ts (WOLO_BUSINESS_TIME_ZONE).',
});

/**
 * Whether the caller (auth.uid()) is an active WOLO user holding `required_role` (super_admin also
 * counts as admin). SECURITY DEFINER so that a policy calling it does not recurse into the users
 * table's own RLS; it reads only the caller's own row. plpgsql, so it can be created before the table.
 */
export const woloHasRole = defineDefinerFunction('wolo_private.has_role(required_role text) RETURNS boolean', { volatility: 'stable', phase: 'pre', grantExecute: ['authenticated', 'service_role'],
  body: `
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM wolo.users u
    WHERE u.id = (SELECT auth.uid()) AND u.is_active
      AND (required_role = ANY (u.roles) OR (required_role = 'admin' AND 'super_admin' = ANY (u.roles))));
END`,
  comment: "True when the caller's wolo.users row is active and holds the role (super_admin counts as admin). Policies call it as (select wolo_private.has_role('admin')).",
});

/** The partners the caller is staff of (wolo.partner_staff); SECURITY DEFINER for the same reason as has_role. */
export const woloMyPartnerIds = defineDefinerFunction('wolo_private.my_partner_ids() RETURNS uuid[]', { volatility: 'stable', phase: 'pre', grantExecute: ['authenticated', 'service_role'],
  body: `
BEGIN
  RETURN coalesce((SELECT pg_catalog.array_agg(s.partner_id) FROM wolo.partner_staff s WHERE s.user_id = (SELECT auth.uid())), '{}'::uuid[]);
END`,
  comment: 'The partner ids the caller is staff of. Policies call it as (select wolo_private.my_partner_ids()).',
});

/**
 * The rows of the view wolo.pot_donations: the donations to the caller's pots (admins: every pot),
 * with the donor blanked when the donation is anonymous. SECURITY DEFINER because pot owners have no
 * row policy on wolo.donations (a policy cannot hide columns); its WHERE clause is the access rule.
 * The view itself is security_invoker (lint security_definer_view) and only calls this function;
 * this schema gives API roles no USAGE, so the view is the only way in. plpgsql (not checked at
 * creation), so it can be created before the table.
 */
export const woloPotDonationRows = defineDefinerFunction(`wolo_private.pot_donation_rows() RETURNS table (
    id uuid, pot_id uuid, donor_user_id uuid, donor_name varchar(255), is_anonymous boolean, amount_cfa integer,
    status text, donation_message text, confirmed_at timestamptz, created_at timestamptz)`, {
  volatility: 'stable', phase: 'pre', grantExecute: ['authenticated', 'service_role'],
  body: `
BEGIN
  RETURN QUERY
    SELECT d.id, d.pot_id,
           CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_user_id END,
           CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_name END,
           d.is_anonymous, d.amount_cfa, d.status::text, d.donation_message, d.confirmed_at, d.created_at
      FROM wolo.donations d
     WHERE d.pot_id IN (SELECT p.id FROM wolo.pots p WHERE p.owner_user_id = (SELECT auth.uid()))
        OR (SELECT wolo_private.has_role('admin'));
END`,
  comment: "The rows of wolo.pot_donations: donations to the caller's pots (admins: all), anonymous donors blanked.",
});

export const woloPreObjects = [woloSchemaObject, woloPrivateSchemaObject, woloDefinerSchemas, woloBusinessTimeZone, woloHasRole, woloMyPartnerIds, woloPotDonationRows];

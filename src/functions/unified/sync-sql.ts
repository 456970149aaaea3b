import { PAID_STATUSES } from '../../schema/unified/constants.js';
import { EMAIL_PATTERN, PHONE_PATTERN, sqlList, sqlLiteral } from '../../schema/_shared/index.js';
import { defineDefinerFunction, defineFunction, sqlFile } from '../define.js';

/**
 * The keys each input field is read from, first non-empty wins: the documented snake_case name,
 * its camelCase form, and the raw Systeme.io / Xendit API names, so raw API objects can be passed.
 */
export const SYNC_FIELD_ALIASES = {
  email: ['email', 'payer_email'],
  first_name: ['first_name', 'firstName', 'given_names'],
  last_name: ['last_name', 'lastName', 'surname'],
  phone: ['phone', 'phone_number', 'mobile_number'],
  tags: ['tags'],
  systemeio_id: ['systemeio_id', 'systemeioId', 'id'],
  acquisition_source: ['acquisition_source', 'acquisitionSource', 'source'],
  created_at: ['created_at', 'createdAt', 'registered_at'],
  paid_at: ['paid_at', 'paidAt'],
  status: ['status'],
} as const;
type Field = keyof typeof SYNC_FIELD_ALIASES;

/** The first non-empty trimmed text among a field's aliases; Xendit nests the customer under `customer`. */
const raw = (v: string, field: Field) => {
  const paths = SYNC_FIELD_ALIASES[field].flatMap((k) => [`${v}->>'${k}'`, ...(['first_name', 'last_name', 'phone', 'email'].includes(field) ? [`${v}#>>'{customer,${k}}'`] : [])]);
  return `coalesce(${paths.map((p) => `nullif(btrim(${p}), '')`).join(', ')})`;
};
const email = (v: string) => `lower(${raw(v, 'email')})`;
const text = (v: string, field: Field) => raw(v, field);
/** Strips spaces, dots, dashes and parentheses; a phone that still is not `+digits` becomes NULL. */
const phone = (v: string) =>
  `(SELECT CASE WHEN x ~ ${sqlLiteral(PHONE_PATTERN)} THEN x END FROM (SELECT regexp_replace(${raw(v, 'phone')}, '[[:space:]().-]', '', 'g') AS x) AS ph)`;
/** Tags: an array of strings or of objects with a `name` (Systeme.io), or a comma-separated string. */
const tags = (v: string) => `CASE jsonb_typeof(${v}->'tags')
      WHEN 'array' THEN ARRAY(
        SELECT DISTINCT btrim(coalesce(x->>'name', x#>>'{}')) FROM jsonb_array_elements(${v}->'tags') AS x
        WHERE btrim(coalesce(x->>'name', x#>>'{}')) <> '' ORDER BY 1)
      WHEN 'string' THEN ARRAY(SELECT DISTINCT btrim(x) FROM unnest(string_to_array(${v}->>'tags', ',')) AS x WHERE btrim(x) <> '' ORDER BY 1)
    END`;
const ts = (v: string, field: 'created_at' | 'paid_at') => `(${raw(v, field)})::timestamptz`;

/**
 * The merge input of sync_profile_data, one row per normalized email (lower(btrim(email))):
 * the last contact for the email (Systeme.io) and the last paid payment (Xendit) side by side.
 * Payments whose status is given and is not paid/settled are ignored (an expired invoice does
 * not make a customer). Internal: no EXECUTE grant.
 */
export const syncProfileMerge = defineFunction(`public.sync_profile_merge(contacts jsonb, payments jsonb) RETURNS table (
  email text,
  has_contact boolean,
  first_name text,
  last_name text,
  phone text,
  tags text[],
  systemeio_id text,
  acquisition_source text,
  contact_created_at timestamptz,
  has_payment boolean,
  payment_first_name text,
  payment_last_name text,
  payment_phone text,
  first_paid_at timestamptz
)`, {
  language: 'sql', volatility: 'stable', searchPath: '', grantExecute: [],
  body: `
WITH c AS (
  SELECT DISTINCT ON (${email('e.v')})
    ${email('e.v')} AS email,
    ${text('e.v', 'first_name')} AS first_name,
    ${text('e.v', 'last_name')} AS last_name,
    ${phone('e.v')} AS phone,
    ${tags('e.v')} AS tags,
    ${text('e.v', 'systemeio_id')} AS systemeio_id,
    ${text('e.v', 'acquisition_source')} AS acquisition_source,
    ${ts('e.v', 'created_at')} AS created_at
  FROM jsonb_array_elements(coalesce(contacts, '[]'::jsonb)) WITH ORDINALITY AS e(v, ord)
  ORDER BY ${email('e.v')}, e.ord DESC
), p_all AS (
  SELECT ${email('e.v')} AS email, e.ord,
    ${text('e.v', 'first_name')} AS first_name,
    ${text('e.v', 'last_name')} AS last_name,
    ${phone('e.v')} AS phone,
    coalesce(${ts('e.v', 'paid_at')}, ${ts('e.v', 'created_at')}) AS paid_at
  FROM jsonb_array_elements(coalesce(payments, '[]'::jsonb)) WITH ORDINALITY AS e(v, ord)
  WHERE coalesce(lower(${raw('e.v', 'status')}), 'paid') IN (${sqlList(PAID_STATUSES)})
), p AS (
  SELECT DISTINCT ON (pa.email) pa.email, pa.first_name, pa.last_name, pa.phone,
         min(pa.paid_at) OVER (PARTITION BY pa.email) AS first_paid_at
  FROM p_all pa
  ORDER BY pa.email, pa.ord DESC
)
SELECT coalesce(c.email, p.email), c.email IS NOT NULL, c.first_name, c.last_name, c.phone, c.tags,
       c.systemeio_id, c.acquisition_source, c.created_at,
       p.email IS NOT NULL, p.first_name, p.last_name, p.phone, p.first_paid_at
FROM c
FULL JOIN p ON p.email = c.email`,
});

/**
 * Merges Systeme.io contacts and Xendit payments into unified_profiles by email (trimmed,
 * case-insensitive), in one transaction (serialized by an advisory lock):
 * - names, phone: Systeme.io wins, then the profile's current value, then Xendit's customer data;
 * - tags: a contact that carries tags replaces them (Systeme.io wins); otherwise they stay;
 * - systemeio_id from the contact; acquisition_source keeps the first known (first touch), else the
 *   contact's, else 'systemeio' / 'xendit'; created_at becomes the earliest known date;
 * - Xendit wins for payments: payment facts stay in transactions; unlinked transactions
 *   (user_id NULL) whose contact_email matches are linked to the profile, which fires the
 *   enrollment logic of after_transaction_update.
 * A new profile needs an auth user: an existing one with that email, or (create_missing_users)
 * a new one; otherwise the email is counted as skipped. Unchanged profiles are not written.
 * Inputs are jsonb arrays of objects; see docs/unified.md for the fields. Returns one row of counts.
 */
export const syncProfileDataFn = defineDefinerFunction(`public.sync_profile_data(contacts jsonb, payments jsonb DEFAULT '[]'::jsonb, create_missing_users boolean DEFAULT true) RETURNS table (
  inserted integer,
  updated integer,
  unchanged integer,
  skipped integer,
  users_created integer,
  transactions_linked integer
)`, {
  grantExecute: ['service_role'],
  comment: 'Merges Systeme.io contacts and Xendit payments (jsonb arrays) into unified_profiles by email; returns counts.',
  body: sqlFile(import.meta.url, './sync-profile-data.sql', { EMAIL_PATTERN: sqlLiteral(EMAIL_PATTERN) }),
});

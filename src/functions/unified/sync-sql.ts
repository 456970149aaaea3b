import { EMAIL_PATTERN, PAID_STATUSES, PHONE_PATTERN, sqlList, sqlLiteral } from '../../schema/unified/constants.js';
import { DEFINER_ROLE, defineFunction } from '../define.js';

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
export const syncProfileMerge = defineFunction({
  schema: 'public',
  name: 'sync_profile_merge',
  args: [
    { name: 'contacts', type: 'jsonb' },
    { name: 'payments', type: 'jsonb' },
  ],
  returns: `table (
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
)`,
  language: 'sql',
  volatility: 'stable',
  searchPath: '',
  grantExecute: [],
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

const checkArray = (name: string) => `
  IF ${name} IS NULL THEN
    ${name} := '[]'::jsonb;
  ELSIF jsonb_typeof(${name}) <> 'array' THEN
    RAISE EXCEPTION 'sync_profile_data: ${name} must be a JSON array, got %', jsonb_typeof(${name}) USING ERRCODE = '22023';
  END IF;
  SELECT e.ord - 1, e.v INTO v_bad_index, v_bad
    FROM jsonb_array_elements(${name}) WITH ORDINALITY AS e(v, ord)
   WHERE jsonb_typeof(e.v) <> 'object'
      OR NOT coalesce(${email('e.v')} ~ ${sqlLiteral(EMAIL_PATTERN)}, false)
      OR coalesce(jsonb_typeof(e.v->'tags'), 'null') NOT IN ('array', 'string', 'null')
   ORDER BY e.ord LIMIT 1;
  IF FOUND THEN
    IF jsonb_typeof(v_bad) <> 'object' THEN
      RAISE EXCEPTION 'sync_profile_data: ${name}[%] must be an object, got %', v_bad_index, jsonb_typeof(v_bad) USING ERRCODE = '22023';
    ELSIF coalesce(jsonb_typeof(v_bad->'tags'), 'null') NOT IN ('array', 'string', 'null') THEN
      RAISE EXCEPTION 'sync_profile_data: ${name}[%].tags must be an array of strings or a comma-separated string', v_bad_index USING ERRCODE = '22023';
    END IF;
    RAISE EXCEPTION 'sync_profile_data: ${name}[%].email is missing or not a valid email: %', v_bad_index, coalesce(${raw('v_bad', 'email')}, '(none)')
      USING ERRCODE = '22023';
  END IF;
  v_field := '${name}';
  v_i := 0;
  FOR v_bad IN SELECT e.v FROM jsonb_array_elements(${name}) AS e(v) LOOP
    v_ts := ${ts('v_bad', 'created_at')};
    v_ts := ${ts('v_bad', 'paid_at')};
    v_i := v_i + 1;
  END LOOP;`;

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
export const syncProfileDataFn = defineFunction({
  schema: 'public',
  name: 'sync_profile_data',
  args: [
    { name: 'contacts', type: 'jsonb' },
    { name: 'payments', type: 'jsonb', default: "'[]'::jsonb" },
    { name: 'create_missing_users', type: 'boolean', default: 'true' },
  ],
  returns: `table (
  inserted integer,
  updated integer,
  unchanged integer,
  skipped integer,
  users_created integer,
  transactions_linked integer
)`,
  language: 'plpgsql',
  security: 'definer',
  owner: DEFINER_ROLE,
  searchPath: '',
  grantExecute: ['service_role'],
  comment: 'Merges Systeme.io contacts and Xendit payments (jsonb arrays) into unified_profiles by email; returns counts.',
  body: `
#variable_conflict use_column
DECLARE
  v_bad jsonb;
  v_bad_index bigint;
  v_field text;
  v_i integer;
  v_ts timestamptz;
  v_total integer;
  v_existing integer;
  v_inserted integer;
  v_updated integer;
  v_users integer := 0;
  v_linked integer;
BEGIN
  ${checkArray('contacts')}
  ${checkArray('payments')}
  v_field := NULL;
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('public.sync_profile_data'));

  SELECT count(*)::int, (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = m.email)))::int
    INTO v_total, v_existing
    FROM public.sync_profile_merge(contacts, payments) AS m;

  IF create_missing_users THEN
    INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    SELECT '00000000-0000-0000-0000-000000000000'::uuid, gen_random_uuid(), 'authenticated', 'authenticated', m.email,
           '{"provider": "email", "providers": ["email"]}'::jsonb,
           jsonb_build_object('created_by', 'sync_profile_data'), now(), now()
      FROM public.sync_profile_merge(contacts, payments) AS m
     WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = m.email)
       AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE lower(u.email) = m.email);
    GET DIAGNOSTICS v_users = ROW_COUNT;
  END IF;

  INSERT INTO public.unified_profiles (id, email, first_name, last_name, phone, tags, systemeio_id, acquisition_source, created_at)
  SELECT u.id, m.email,
         coalesce(m.first_name, m.payment_first_name),
         coalesce(m.last_name, m.payment_last_name),
         coalesce(m.phone, m.payment_phone),
         coalesce(m.tags, '{}'::text[]),
         m.systemeio_id,
         coalesce(m.acquisition_source, CASE WHEN m.has_contact THEN 'systemeio' ELSE 'xendit' END),
         coalesce(least(m.contact_created_at, m.first_paid_at), now())
    FROM public.sync_profile_merge(contacts, payments) AS m
    JOIN auth.users u ON lower(u.email) = m.email
   WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = m.email)
  ON CONFLICT DO NOTHING;
  GET DIAGNOSTICS v_inserted = ROW_COUNT;

  WITH m AS (SELECT * FROM public.sync_profile_merge(contacts, payments)),
  target AS (
    SELECT up.id,
           coalesce(m.first_name, up.first_name, m.payment_first_name) AS first_name,
           coalesce(m.last_name, up.last_name, m.payment_last_name) AS last_name,
           coalesce(m.phone, up.phone, m.payment_phone) AS phone,
           coalesce(m.tags, up.tags) AS tags,
           coalesce(m.systemeio_id, up.systemeio_id) AS systemeio_id,
           coalesce(up.acquisition_source, m.acquisition_source, CASE WHEN m.has_contact THEN 'systemeio' ELSE 'xendit' END) AS acquisition_source,
           least(up.created_at, m.contact_created_at, m.first_paid_at) AS created_at
      FROM m
      JOIN public.unified_profiles up ON lower(up.email) = m.email
  )
  UPDATE public.unified_profiles up
     SET first_name = t.first_name, last_name = t.last_name, phone = t.phone, tags = t.tags,
         systemeio_id = t.systemeio_id, acquisition_source = t.acquisition_source, created_at = t.created_at
    FROM target t
   WHERE up.id = t.id
     AND (up.first_name, up.last_name, up.phone, up.tags, up.systemeio_id, up.acquisition_source, up.created_at)
         IS DISTINCT FROM (t.first_name, t.last_name, t.phone, t.tags, t.systemeio_id, t.acquisition_source, t.created_at);
  GET DIAGNOSTICS v_updated = ROW_COUNT;

  UPDATE public.transactions t
     SET user_id = up.id
    FROM public.sync_profile_merge(contacts, payments) AS m
    JOIN public.unified_profiles up ON lower(up.email) = m.email
   WHERE t.user_id IS NULL AND lower(t.contact_email) = m.email;
  GET DIAGNOSTICS v_linked = ROW_COUNT;

  inserted := v_inserted;
  updated := v_updated;
  unchanged := v_existing - v_updated;
  skipped := v_total - v_existing - v_inserted;
  users_created := v_users;
  transactions_linked := v_linked;
  RETURN NEXT;
EXCEPTION
  WHEN invalid_datetime_format OR datetime_field_overflow THEN
    IF v_field IS NULL THEN
      RAISE;
    END IF;
    RAISE EXCEPTION 'sync_profile_data: %[%].created_at or paid_at is not a timestamp (%)', v_field, v_i, SQLERRM USING ERRCODE = '22007';
END`,
});

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function public.sync_profile_merge(jsonb, jsonb)
-- changed: function public.sync_profile_data(jsonb, jsonb, boolean)
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
REVOKE ALL ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status TO service_role;
--> statement-breakpoint
GRANT SELECT ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status TO authenticated;
--> statement-breakpoint
GRANT UPDATE (first_name, last_name, phone) ON public.unified_profiles TO authenticated;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS monthly_enrollments_mv_key ON public.monthly_enrollments_mv (course_id, month);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS revenue_analysis_mv_key ON public.revenue_analysis_mv (product, currency, month);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS marketing_source_mv_key ON public.marketing_source_mv (acquisition_source, cohort_month);
--> statement-breakpoint
REVOKE ALL ON public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view TO authenticated, service_role;
--> statement-breakpoint
REVOKE ALL ON public.monthly_enrollments_mv, public.revenue_analysis_mv, public.marketing_source_mv FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.monthly_enrollments_mv, public.revenue_analysis_mv, public.marketing_source_mv TO service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.sync_profile_merge(contacts jsonb, payments jsonb)
RETURNS table (
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
)
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
WITH c AS (
  SELECT DISTINCT ON (lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))))
    lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) AS email,
    coalesce(nullif(btrim(e.v->>'first_name'), ''), nullif(btrim(e.v#>>'{customer,first_name}'), ''), nullif(btrim(e.v->>'firstName'), ''), nullif(btrim(e.v#>>'{customer,firstName}'), ''), nullif(btrim(e.v->>'given_names'), ''), nullif(btrim(e.v#>>'{customer,given_names}'), '')) AS first_name,
    coalesce(nullif(btrim(e.v->>'last_name'), ''), nullif(btrim(e.v#>>'{customer,last_name}'), ''), nullif(btrim(e.v->>'lastName'), ''), nullif(btrim(e.v#>>'{customer,lastName}'), ''), nullif(btrim(e.v->>'surname'), ''), nullif(btrim(e.v#>>'{customer,surname}'), '')) AS last_name,
    (SELECT CASE WHEN x ~ '^\+?[0-9]{7,15}$' THEN x END FROM (SELECT regexp_replace(coalesce(nullif(btrim(e.v->>'phone'), ''), nullif(btrim(e.v#>>'{customer,phone}'), ''), nullif(btrim(e.v->>'phone_number'), ''), nullif(btrim(e.v#>>'{customer,phone_number}'), ''), nullif(btrim(e.v->>'mobile_number'), ''), nullif(btrim(e.v#>>'{customer,mobile_number}'), '')), '[[:space:]().-]', '', 'g') AS x) AS ph) AS phone,
    CASE jsonb_typeof(e.v->'tags')
      WHEN 'array' THEN ARRAY(
        SELECT DISTINCT btrim(coalesce(x->>'name', x#>>'{}')) FROM jsonb_array_elements(e.v->'tags') AS x
        WHERE btrim(coalesce(x->>'name', x#>>'{}')) <> '' ORDER BY 1)
      WHEN 'string' THEN ARRAY(SELECT DISTINCT btrim(x) FROM unnest(string_to_array(e.v->>'tags', ',')) AS x WHERE btrim(x) <> '' ORDER BY 1)
    END AS tags,
    coalesce(nullif(btrim(e.v->>'systemeio_id'), ''), nullif(btrim(e.v->>'systemeioId'), ''), nullif(btrim(e.v->>'id'), '')) AS systemeio_id,
    coalesce(nullif(btrim(e.v->>'acquisition_source'), ''), nullif(btrim(e.v->>'acquisitionSource'), ''), nullif(btrim(e.v->>'source'), '')) AS acquisition_source,
    (coalesce(nullif(btrim(e.v->>'created_at'), ''), nullif(btrim(e.v->>'createdAt'), ''), nullif(btrim(e.v->>'registered_at'), '')))::timestamptz AS created_at
  FROM jsonb_array_elements(coalesce(contacts, '[]'::jsonb)) WITH ORDINALITY AS e(v, ord)
  ORDER BY lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))), e.ord DESC
), p_all AS (
  SELECT lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) AS email, e.ord,
    coalesce(nullif(btrim(e.v->>'first_name'), ''), nullif(btrim(e.v#>>'{customer,first_name}'), ''), nullif(btrim(e.v->>'firstName'), ''), nullif(btrim(e.v#>>'{customer,firstName}'), ''), nullif(btrim(e.v->>'given_names'), ''), nullif(btrim(e.v#>>'{customer,given_names}'), '')) AS first_name,
    coalesce(nullif(btrim(e.v->>'last_name'), ''), nullif(btrim(e.v#>>'{customer,last_name}'), ''), nullif(btrim(e.v->>'lastName'), ''), nullif(btrim(e.v#>>'{customer,lastName}'), ''), nullif(btrim(e.v->>'surname'), ''), nullif(btrim(e.v#>>'{customer,surname}'), '')) AS last_name,
    (SELECT CASE WHEN x ~ '^\+?[0-9]{7,15}$' THEN x END FROM (SELECT regexp_replace(coalesce(nullif(btrim(e.v->>'phone'), ''), nullif(btrim(e.v#>>'{customer,phone}'), ''), nullif(btrim(e.v->>'phone_number'), ''), nullif(btrim(e.v#>>'{customer,phone_number}'), ''), nullif(btrim(e.v->>'mobile_number'), ''), nullif(btrim(e.v#>>'{customer,mobile_number}'), '')), '[[:space:]().-]', '', 'g') AS x) AS ph) AS phone,
    coalesce((coalesce(nullif(btrim(e.v->>'paid_at'), ''), nullif(btrim(e.v->>'paidAt'), '')))::timestamptz, (coalesce(nullif(btrim(e.v->>'created_at'), ''), nullif(btrim(e.v->>'createdAt'), ''), nullif(btrim(e.v->>'registered_at'), '')))::timestamptz) AS paid_at
  FROM jsonb_array_elements(coalesce(payments, '[]'::jsonb)) WITH ORDINALITY AS e(v, ord)
  WHERE coalesce(lower(coalesce(nullif(btrim(e.v->>'status'), ''))), 'paid') IN ('paid', 'settled')
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
FULL JOIN p ON p.email = c.email
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.sync_profile_merge(jsonb, jsonb) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.sync_profile_data(contacts jsonb, payments jsonb DEFAULT '[]'::jsonb, create_missing_users boolean DEFAULT true)
RETURNS table (
  inserted integer,
  updated integer,
  unchanged integer,
  skipped integer,
  users_created integer,
  transactions_linked integer
)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
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
  
  IF contacts IS NULL THEN
    contacts := '[]'::jsonb;
  ELSIF jsonb_typeof(contacts) <> 'array' THEN
    RAISE EXCEPTION 'sync_profile_data: contacts must be a JSON array, got %', jsonb_typeof(contacts) USING ERRCODE = '22023';
  END IF;
  SELECT e.ord - 1, e.v INTO v_bad_index, v_bad
    FROM jsonb_array_elements(contacts) WITH ORDINALITY AS e(v, ord)
   WHERE jsonb_typeof(e.v) <> 'object'
      OR NOT coalesce(lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$', false)
      OR coalesce(jsonb_typeof(e.v->'tags'), 'null') NOT IN ('array', 'string', 'null')
   ORDER BY e.ord LIMIT 1;
  IF FOUND THEN
    IF jsonb_typeof(v_bad) <> 'object' THEN
      RAISE EXCEPTION 'sync_profile_data: contacts[%] must be an object, got %', v_bad_index, jsonb_typeof(v_bad) USING ERRCODE = '22023';
    ELSIF coalesce(jsonb_typeof(v_bad->'tags'), 'null') NOT IN ('array', 'string', 'null') THEN
      RAISE EXCEPTION 'sync_profile_data: contacts[%].tags must be an array of strings or a comma-separated string', v_bad_index USING ERRCODE = '22023';
    END IF;
    RAISE EXCEPTION 'sync_profile_data: contacts[%].email is missing or not a valid email: %', v_bad_index, coalesce(coalesce(nullif(btrim(v_bad->>'email'), ''), nullif(btrim(v_bad#>>'{customer,email}'), ''), nullif(btrim(v_bad->>'payer_email'), ''), nullif(btrim(v_bad#>>'{customer,payer_email}'), '')), '(none)')
      USING ERRCODE = '22023';
  END IF;
  v_field := 'contacts';
  v_i := 0;
  FOR v_bad IN SELECT e.v FROM jsonb_array_elements(contacts) AS e(v) LOOP
    v_ts := (coalesce(nullif(btrim(v_bad->>'created_at'), ''), nullif(btrim(v_bad->>'createdAt'), ''), nullif(btrim(v_bad->>'registered_at'), '')))::timestamptz;
    v_ts := (coalesce(nullif(btrim(v_bad->>'paid_at'), ''), nullif(btrim(v_bad->>'paidAt'), '')))::timestamptz;
    v_i := v_i + 1;
  END LOOP;
  
  IF payments IS NULL THEN
    payments := '[]'::jsonb;
  ELSIF jsonb_typeof(payments) <> 'array' THEN
    RAISE EXCEPTION 'sync_profile_data: payments must be a JSON array, got %', jsonb_typeof(payments) USING ERRCODE = '22023';
  END IF;
  SELECT e.ord - 1, e.v INTO v_bad_index, v_bad
    FROM jsonb_array_elements(payments) WITH ORDINALITY AS e(v, ord)
   WHERE jsonb_typeof(e.v) <> 'object'
      OR NOT coalesce(lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$', false)
      OR coalesce(jsonb_typeof(e.v->'tags'), 'null') NOT IN ('array', 'string', 'null')
   ORDER BY e.ord LIMIT 1;
  IF FOUND THEN
    IF jsonb_typeof(v_bad) <> 'object' THEN
      RAISE EXCEPTION 'sync_profile_data: payments[%] must be an object, got %', v_bad_index, jsonb_typeof(v_bad) USING ERRCODE = '22023';
    ELSIF coalesce(jsonb_typeof(v_bad->'tags'), 'null') NOT IN ('array', 'string', 'null') THEN
      RAISE EXCEPTION 'sync_profile_data: payments[%].tags must be an array of strings or a comma-separated string', v_bad_index USING ERRCODE = '22023';
    END IF;
    RAISE EXCEPTION 'sync_profile_data: payments[%].email is missing or not a valid email: %', v_bad_index, coalesce(coalesce(nullif(btrim(v_bad->>'email'), ''), nullif(btrim(v_bad#>>'{customer,email}'), ''), nullif(btrim(v_bad->>'payer_email'), ''), nullif(btrim(v_bad#>>'{customer,payer_email}'), '')), '(none)')
      USING ERRCODE = '22023';
  END IF;
  v_field := 'payments';
  v_i := 0;
  FOR v_bad IN SELECT e.v FROM jsonb_array_elements(payments) AS e(v) LOOP
    v_ts := (coalesce(nullif(btrim(v_bad->>'created_at'), ''), nullif(btrim(v_bad->>'createdAt'), ''), nullif(btrim(v_bad->>'registered_at'), '')))::timestamptz;
    v_ts := (coalesce(nullif(btrim(v_bad->>'paid_at'), ''), nullif(btrim(v_bad->>'paidAt'), '')))::timestamptz;
    v_i := v_i + 1;
  END LOOP;
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
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.sync_profile_data(jsonb, jsonb, boolean) IS 'Merges Systeme.io contacts and Xendit payments (jsonb arrays) into unified_profiles by email; returns counts.';

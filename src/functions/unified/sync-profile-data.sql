#variable_conflict use_column
DECLARE
  v_bad jsonb;
  v_input jsonb;
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

  contacts := coalesce(contacts, '[]'::jsonb);
  payments := coalesce(payments, '[]'::jsonb);
  -- Both inputs are checked whole before anything is written; v_field and v_i name the element a
  -- timestamp error (handled at the end) comes from.
  FOREACH v_field IN ARRAY ARRAY['contacts', 'payments'] LOOP
    v_input := CASE v_field WHEN 'contacts' THEN contacts ELSE payments END;
    IF jsonb_typeof(v_input) <> 'array' THEN
      RAISE EXCEPTION 'sync_profile_data: % must be a JSON array, got %', v_field, jsonb_typeof(v_input) USING ERRCODE = '22023';
    END IF;
    SELECT e.ord - 1, e.v INTO v_bad_index, v_bad
      FROM jsonb_array_elements(v_input) WITH ORDINALITY AS e(v, ord)
     WHERE jsonb_typeof(e.v) <> 'object'
        OR NOT coalesce(lower(coalesce(nullif(btrim(e.v->>'email'), ''), nullif(btrim(e.v#>>'{customer,email}'), ''), nullif(btrim(e.v->>'payer_email'), ''), nullif(btrim(e.v#>>'{customer,payer_email}'), ''))) ~ {{EMAIL_PATTERN}}, false)
        OR coalesce(jsonb_typeof(e.v->'tags'), 'null') NOT IN ('array', 'string', 'null')
     ORDER BY e.ord LIMIT 1;
    IF FOUND THEN
      IF jsonb_typeof(v_bad) <> 'object' THEN
        RAISE EXCEPTION 'sync_profile_data: %[%] must be an object, got %', v_field, v_bad_index, jsonb_typeof(v_bad) USING ERRCODE = '22023';
      ELSIF coalesce(jsonb_typeof(v_bad->'tags'), 'null') NOT IN ('array', 'string', 'null') THEN
        RAISE EXCEPTION 'sync_profile_data: %[%].tags must be an array of strings or a comma-separated string', v_field, v_bad_index USING ERRCODE = '22023';
      END IF;
      RAISE EXCEPTION 'sync_profile_data: %[%].email is missing or not a valid email: %', v_field, v_bad_index, coalesce(coalesce(nullif(btrim(v_bad->>'email'), ''), nullif(btrim(v_bad#>>'{customer,email}'), ''), nullif(btrim(v_bad->>'payer_email'), ''), nullif(btrim(v_bad#>>'{customer,payer_email}'), '')), '(none)')
        USING ERRCODE = '22023';
    END IF;
    v_i := 0;
    FOR v_bad IN SELECT e.v FROM jsonb_array_elements(v_input) AS e(v) LOOP
      v_ts := (coalesce(nullif(btrim(v_bad->>'created_at'), ''), nullif(btrim(v_bad->>'createdAt'), ''), nullif(btrim(v_bad->>'registered_at'), '')))::timestamptz;
      v_ts := (coalesce(nullif(btrim(v_bad->>'paid_at'), ''), nullif(btrim(v_bad->>'paidAt'), '')))::timestamptz;
      v_i := v_i + 1;
    END LOOP;
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

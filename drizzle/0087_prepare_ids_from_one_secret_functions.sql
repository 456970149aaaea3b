-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function public.validate_and_prepare_clean_data()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.validate_and_prepare_clean_data()
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
SET work_mem = '128MB'
SET hash_mem_multiplier = '1'
SET maintenance_work_mem = '256MB'
SET jit = off
AS $fn$
DECLARE
  v_run_id bigint := nullif(current_setting('ingest.run_id', true), '')::bigint;
  v_own_run boolean := false;
  v_started timestamptz := clock_timestamp();
  v_null_product text := ingest.product_for(NULL);
  v_products jsonb;
  v_buyer_tag_patterns text[];
  v_manual_ids boolean;
  v_csv_invoices boolean;
  v_paid_without_email boolean;
  v_duplicates numeric;
  v_exprs jsonb;
  v_product_sql text;
  v_null_contact bigint;
  v_with_user bigint;
  v_check_inv_emails boolean;
  v_non_php boolean;
  v_parallel_tuple_cost text := current_setting('parallel_tuple_cost');
  v_statistics_target text := current_setting('default_statistics_target');
  -- the secret the new rows' ids are made from (prepare-sql.ts, stagedIdSql): drawn once, kept in this
  -- variable only and handed to the statements built below as a bound parameter
  v_seed text := gen_random_uuid()::text;
  v_errors jsonb := '[]'::jsonb;
  v_report jsonb;
  v_n bigint;
  v_leads bigint;
  v_retained bigint;
  v_where text;
  v_join text;
  r record;
BEGIN
  -- the raw tables as they are once the writers in flight (loads, syncs, erasures) have committed, and
  -- as they stay to the commit: every statement writing them waits for this lock (ingest.wait_for_prepare),
  -- so the report, the work tables and the staged rows all read the same raw rows. Taken first, so that
  -- prepare holds no other lock while it waits for those writers (nor do erasures: they take it first too).
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ingest.raw'));
  IF v_run_id IS NULL THEN
    INSERT INTO ingest.run_log (kind, details) VALUES ('prepare', '{"via": "sql"}'::jsonb) RETURNING id INTO v_run_id;
    v_own_run := true;
  END IF;
  -- work_mem, hash_mem_multiplier, maintenance_work_mem and jit are the function's own settings
  -- (prepare-sql.ts): PostgreSQL gives the caller's back when it returns or fails

  -- empty, exact clones of the production tables (takes the staging advisory lock)
  PERFORM ingest.create_staging_tables();

  -- bulk load: keys and indexes are built once after the fill (same names, definitions and comments)
  -- instead of being maintained row by row (random uuid primary keys), foreign keys checked once
  -- (one anti-join each) instead of by a per-row RI query. Those to auth.users come back NOT VALID
  -- when new users do not exist before the cutover inserts them; those to production tables
  -- (enrollments → courses: one RI query per enrollment) come back last, just before the commit,
  -- as adding one locks the referenced table against writes until then.
  -- the catalog snapshots of an earlier prepare in this transaction (dropped at its commit); checked
  -- first so that a session without them gets no "does not exist, skipping" notice per name
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_class c
              WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() AND c.relname LIKE '\_prep\_%') THEN
    DROP TABLE IF EXISTS pg_temp._prep_constraints, pg_temp._prep_indexes, pg_temp._prep_triggers;
  END IF;
  CREATE TEMP TABLE _prep_constraints ON COMMIT DROP AS
    SELECT c.conrelid::regclass::text AS tbl, c.conname, c.contype, pg_catalog.pg_get_constraintdef(c.oid) AS def,
           c.confrelid = 'auth.users'::regclass AS to_auth,
           c.contype = 'f' AND c.confrelid <> 'auth.users'::regclass AND c.confrelid NOT IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass, 'ingest.users_staging'::regclass) AS to_production,
           pg_catalog.obj_description(c.oid, 'pg_constraint') AS description
      FROM pg_catalog.pg_constraint c
     WHERE c.contype IN ('f', 'p', 'u') AND c.conrelid IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass, 'ingest.users_staging'::regclass);
  -- foreign keys first: they depend on the keys they reference
  FOR r IN SELECT * FROM pg_temp._prep_constraints ORDER BY contype <> 'f', tbl, conname LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
  END LOOP;
  CREATE TEMP TABLE _prep_indexes ON COMMIT DROP AS
    SELECT ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid) AS def
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
     WHERE i.indrelid IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass, 'ingest.users_staging'::regclass)
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid);
  FOR r IN SELECT * FROM pg_temp._prep_indexes LOOP
    EXECUTE format('DROP INDEX ingest.%I', r.relname);
  END LOOP;

  -- triggers (created disabled): dropped during the fill and created again after it, because a
  -- trigger with transition tables makes every INSERT keep its rows in a tuplestore even while the
  -- trigger is disabled (1M transactions: a 320 MB temp file)
  CREATE TEMP TABLE _prep_triggers ON COMMIT DROP AS
    SELECT t.tgrelid::regclass::text AS tbl, t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def, t.tgenabled,
           pg_catalog.obj_description(t.oid, 'pg_trigger') AS description
      FROM pg_catalog.pg_trigger t
     WHERE t.tgrelid IN ('ingest.unified_profiles_staging'::regclass, 'ingest.transactions_staging'::regclass, 'ingest.enrollments_staging'::regclass, 'ingest.leads_staging'::regclass) AND NOT t.tgisinternal;
  FOR r IN SELECT * FROM pg_temp._prep_triggers LOOP
    EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, r.tbl);
  END LOOP;

  -- The work tables (ingest._prep_*) are unlogged tables of this transaction, dropped at the end of
  -- the function: nobody else ever sees them (made and dropped before the commit; a failed prepare
  -- rolls both back) and they write no WAL, as temporary tables did. Unlike those, they go through the
  -- shared buffer pool rather than the session's temp_buffers (8 MB by default: every later scan of
  -- a 100 MB temporary table read it back from the operating system page by page), and parallel
  -- workers can read them (a statement reading a temporary table runs in one process). At 1M + 1M
  -- (docs/ingest-performance.md, eleventh pass), five paired runs: the users insert 1.35-1.94 ->
  -- 1.22-1.36 s, leads 2.65-3.53 -> 2.16-2.78 s, enrollments 2.39-3.44 -> 2.08-3.36 s.
  -- the catalog, with each product's course
  CREATE UNLOGGED TABLE ingest._prep_products WITH (autovacuum_enabled = false) AS
    SELECT p.code, p.list_price, p.currency, p.buyer_tag, p.creates_profile, p.course_slug, c.id AS course_id, p.priority,
           jsonb_object(ARRAY['source', 'product'], ARRAY['ingest', p.code]) AS enrollment_metadata
      FROM ingest.products p
      LEFT JOIN public.courses c ON c.slug = p.course_slug;

  -- The raw tables' statistics, sampled when they have none: right after a load, before autovacuum
  -- has analyzed a table, the planner knows nothing of it. It then plans the two aggregates of the
  -- invoices for a few hundred groups (1M invoices: _prep_inv_by_description in one process, 0.78 s
  -- instead of 0.38 s with a worker; _prep_inv_emails with a hash per process, 1.6 s instead of
  -- 0.74 s), and the joins on the emails of several contacts without knowing that nearly every email
  -- is distinct. Only the columns those statements group and join on are sampled (~0.2 s for the
  -- invoices, 0.15 s for the contacts' emails; a whole-table ANALYZE 0.35 s each); a column list
  -- leaves autovacuum's own ANALYZE of the table due. SKIP_LOCKED: when autovacuum is working on a
  -- table (it does right after a load), waiting would last deadlock_timeout and then cancel that
  -- vacuum; the statistics are only a help (they do not decide how the contacts' emails are grouped:
  -- in the email index's order once the table's pages are all-visible, by a hash after a sequential
  -- scan before), so this prepare goes on without them and PostgreSQL says so in a warning.
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stats st
                  WHERE st.schemaname = 'ingest' AND st.tablename = 'xendit_raw' AND st.attname = 'description') THEN
    ANALYZE (SKIP_LOCKED) ingest.xendit_raw (description, status, currency, email_normalized, id);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stats st
                  WHERE st.schemaname = 'ingest' AND st.tablename = 'systemeio_raw' AND st.attname = 'email_normalized') THEN
    ANALYZE (SKIP_LOCKED) ingest.systemeio_raw (email_normalized);
  END IF;
  -- the invoices per description, status and currency, counted by parallel workers (a SELECT INTO
  -- never runs in parallel: PL/pgSQL asks it for at most two rows): the keys of the product map, the
  -- report's counts and revenue, and what the blocking checks below need to know exists
  CREATE UNLOGGED TABLE ingest._prep_inv_by_description WITH (autovacuum_enabled = false) AS
    SELECT x.description, lower(x.status) AS status, x.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL') AS staged,
           x.currency = 'PHP' AS in_revenue_currency, count(*) AS n, sum(x.amount) AS amount,
           bool_or(x.id LIKE 'manual-%') AS manual_ids, bool_or(x.source_format = 'csv') AS csv,
           count(*) FILTER (WHERE x.email_normalized IS NULL) AS n_without_email
      FROM ingest.xendit_raw x
     GROUP BY 1, 2, 3, 4;
  -- product by ingest.product_for once per distinct description: a jsonb map (a plpgsql value, not a
  -- temporary table, so that the statements reading xendit_raw with it run in parallel)
  SELECT jsonb_object_agg(d.description, ingest.product_for(d.description)) INTO v_products
    FROM (SELECT DISTINCT i.description FROM ingest._prep_inv_by_description i WHERE i.description IS NOT NULL) d;
  -- whether any invoice id looks like a manual payment's (hostile data; see _prep_manual), any invoice
  -- came from a CSV export, any paid invoice of a product that grants an account has no email: the
  -- blocking checks that look for these read the invoices only when there is something to find
  SELECT coalesce(bool_or(i.manual_ids), false), coalesce(bool_or(i.csv), false),
         coalesce(bool_or(i.n_without_email > 0 AND i.status IN ('paid', 'settled')
                          AND coalesce(v_products ->> i.description, v_null_product) IN (SELECT p.code FROM ingest._prep_products p WHERE p.creates_profile)), false)
    INTO v_manual_ids, v_csv_invoices, v_paid_without_email
    FROM ingest._prep_inv_by_description i;
  -- contacts merged per normalized email: names and phone from the latest registered contact having
  -- them; tags distinct, sorted and non-blank (NULL when none). Nearly every email has one contact:
  -- _prep_contacts starts as one row per contact, its values taken as they are, made by parallel
  -- workers (a projection: no sort or grouping of the 1M emails, which took the process merging the
  -- groups ~2 s); the emails of several contacts (_prep_dup_emails, from the email index) are then
  -- replaced by one merged row each. A contact with at most one tag takes it as it is (or none when
  -- blank); only the others (tags_merge) go through the unnesting, sorting aggregate below.
  -- The work tables' statistics steer only this function's joins (which side is hashed, hash or
  -- merge): a 3,000-row sample (target 10) tells them that as well as the default 30,000 rows, in
  -- an eighth of the time (the five ANALYZEs of work tables: 0.41 s -> 0.07 s at 1M + 1M). The
  -- staging tables' statistics go to production with the swap: those are sampled at the server's
  -- own target (v_statistics_target), restored around their ANALYZEs and before the return.
  PERFORM set_config('default_statistics_target', '10', true);
  -- Before the low parallel_tuple_cost below: with it, the planner gathers the 1M emails from a
  -- worker and hashes them in one process (0.7 s at 1M contacts) instead of grouping them in the
  -- email index's order (0.22 s).
  CREATE UNLOGGED TABLE ingest._prep_dup_emails WITH (autovacuum_enabled = false) AS
    SELECT s.email_normalized AS email, count(*) AS n
      FROM ingest.systemeio_raw s
     GROUP BY s.email_normalized
    HAVING count(*) > 1;
  -- From here to the transactions, the statements that read regular tables (xendit_raw, systemeio_raw,
  -- users_staging) evaluate per-row expressions (product map, email check, buyer-tag filter, new
  -- ids, metadata) that cost more than handing a row over from a parallel worker, which the
  -- planner's default parallel_tuple_cost does not see (1M invoices, 2 cores: _prep_inv_emails
  -- 1.24 s in one process, 0.86 s with a worker; the invoices' staged rows 2.1 s -> 1.2 s). The inserts in between
  -- run in one process: PostgreSQL 15 never runs an INSERT … SELECT in parallel.
  PERFORM set_config('parallel_tuple_cost', '0.001', true);
  -- the invoices per payer email and product (first invoice, paid or not), from xendit_raw: buyers,
  -- users, leads and the report read these ~500k rows instead of the 1M invoices (those are read
  -- once more, after the users, to make transactions_staging). Workers scan the invoices and map
  -- each one's product.
  CREATE UNLOGGED TABLE ingest._prep_inv_emails WITH (autovacuum_enabled = false) AS
    SELECT x.email_normalized AS email, coalesce(v_products ->> x.description, v_null_product) AS product,
           min(x.created) AS first_invoice, bool_or(lower(x.status) IN ('paid', 'settled')) AS paid
      FROM ingest.xendit_raw x
     WHERE x.email_normalized IS NOT NULL
     GROUP BY 1, 2;
  ANALYZE ingest._prep_inv_emails (email, product, paid);

  -- LIKE patterns of the non-blank buyer tags (lowercased, trimmed, LIKE's wildcards escaped): a
  -- contact whose lowercased tags, joined, contain none of them has no buyer tag (a blank buyer tag
  -- is matched on its own, below)
  SELECT coalesce(array_agg(DISTINCT '%' || replace(replace(replace(lower(btrim(p.buyer_tag)), '\', '\\'), '%', '\%'), '_', '\_') || '%'), '{}')
    INTO v_buyer_tag_patterns
    FROM ingest._prep_products p WHERE p.creates_profile AND btrim(p.buyer_tag) <> '';
  -- email_ok is production's email CHECK (users, profiles and leads reuse it); tag_buyer whether any
  -- of the contact's tags may be a buyer tag (a cheap filter without false negatives: only those
  -- contacts' tags are matched against the catalog's buyer tags, exactly, in _prep_buyers). The
  -- workers evaluate both (parallel_tuple_cost is low, above). new_id is the id of the lead or new
  -- auth user the contact may become, made here by the workers (the leads and users inserts run in
  -- one process each) from the run's secret and the contact's id.
  CREATE UNLOGGED TABLE ingest._prep_contacts WITH (autovacuum_enabled = false) AS
    SELECT s.email_normalized AS email,
           char_length(s.email_normalized) <= 320 AND s.email_normalized ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$' AS email_ok,
           lower(array_to_string(s.tags, ' ')) LIKE ANY (v_buyer_tag_patterns) AS tag_buyer,
           nullif(s.first_name, '') AS first_name, nullif(s.last_name, '') AS last_name, nullif(s.phone, '') AS phone,
           s.id AS systemeio_id, coalesce(s.registered_at, s.api_synced_at) AS first_seen,
           CASE WHEN cardinality(s.tags) <= 1 AND btrim(array_to_string(s.tags, '')) <> '' THEN s.tags END AS tags,
           cardinality(s.tags) > 1 AS tags_merge,
           OVERLAY(OVERLAY(pg_catalog.md5(v_seed || 'c' || s.id) PLACING '4' FROM 13 FOR 1) PLACING '8' FROM 17 FOR 1)::uuid AS new_id
      FROM ingest.systemeio_raw s;
  -- the report's duplicates: the contacts of an email beyond its first
  SELECT coalesce(sum(d.n - 1), 0) INTO v_duplicates FROM ingest._prep_dup_emails d;
  IF v_duplicates > 0 THEN
    DELETE FROM ingest._prep_contacts c USING ingest._prep_dup_emails d WHERE c.email = d.email;
    -- the first non-empty value in (registered_at DESC NULLS LAST, id DESC) order; tags merged below
    INSERT INTO ingest._prep_contacts (email, email_ok, tag_buyer, first_name, last_name, phone, systemeio_id, first_seen, tags, tags_merge, new_id)
    SELECT s.email_normalized,
           char_length(s.email_normalized) <= 320 AND s.email_normalized ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$',
           bool_or(lower(array_to_string(s.tags, ' ')) LIKE ANY (v_buyer_tag_patterns)),
           (array_agg(s.first_name ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.first_name <> ''))[1],
           (array_agg(s.last_name ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.last_name <> ''))[1],
           (array_agg(s.phone ORDER BY s.registered_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.phone <> ''))[1],
           (array_agg(s.id ORDER BY s.registered_at DESC NULLS LAST, s.id DESC))[1],
           coalesce(min(s.registered_at), min(s.api_synced_at)), NULL, true, OVERLAY(OVERLAY(pg_catalog.md5(v_seed || 'd' || s.email_normalized) PLACING '4' FROM 13 FOR 1) PLACING '8' FROM 17 FOR 1)::uuid
      FROM ingest.systemeio_raw s
     WHERE s.email_normalized IN (SELECT d.email FROM ingest._prep_dup_emails d)
     GROUP BY s.email_normalized;
  END IF;
  ANALYZE ingest._prep_contacts (email, tags_merge);
  UPDATE ingest._prep_contacts c
     SET tags = m.tags
    FROM (SELECT s.email_normalized AS email, array_agg(DISTINCT t.tag ORDER BY t.tag) AS tags
            FROM ingest.systemeio_raw s CROSS JOIN LATERAL unnest(s.tags) AS t(tag)
           WHERE btrim(t.tag) <> '' AND s.email_normalized IN (SELECT d.email FROM ingest._prep_contacts d WHERE d.tags_merge)
           GROUP BY s.email_normalized) m
   WHERE c.email = m.email;

  -- buyers of profile-creating products: a paid/settled invoice, or the product's buyer tag
  CREATE UNLOGGED TABLE ingest._prep_buyers WITH (autovacuum_enabled = false) AS
    SELECT b.email, b.product, bool_or(b.by_invoice) AS by_invoice
      FROM (
        SELECT i.email, i.product, true AS by_invoice
          FROM ingest._prep_inv_emails i JOIN ingest._prep_products p ON p.code = i.product AND p.creates_profile
         WHERE i.paid
        UNION ALL
        -- the tags unnested once: _prep_contacts has every email's distinct non-blank tags
        SELECT tg.email, p.code, false
          FROM ingest._prep_contacts tg CROSS JOIN LATERAL unnest(tg.tags) AS t(tag)
          JOIN ingest._prep_products p
            ON p.creates_profile AND p.buyer_tag IS NOT NULL AND lower(btrim(t.tag)) = lower(btrim(p.buyer_tag))
         WHERE tg.tag_buyer
        UNION ALL
        -- a blank buyer tag matches blank tags, which _prep_contacts leaves out (not read otherwise)
        SELECT s.email_normalized, p.code, false
          FROM ingest.systemeio_raw s CROSS JOIN LATERAL unnest(s.tags) AS t(tag)
          JOIN ingest._prep_products p
            ON p.creates_profile AND btrim(p.buyer_tag) = '' AND btrim(t.tag) = ''
         WHERE EXISTS (SELECT 1 FROM ingest._prep_products bp WHERE bp.creates_profile AND btrim(bp.buyer_tag) = '')
      ) b
     GROUP BY b.email, b.product;
  ANALYZE ingest._prep_buyers (email, product, by_invoice);
  -- the persons with their merged contact (and tags), joined once here: users, profiles and manual
  -- payments read these ~300k rows instead of hashing the 1M contacts again each
  CREATE UNLOGGED TABLE ingest._prep_persons WITH (autovacuum_enabled = false) AS
    SELECT p.email, coalesce(c.email_ok, char_length(p.email) <= 320 AND p.email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$') AS email_ok,
           c.email IS NOT NULL AS has_contact, c.first_name, c.last_name,
           -- the phone without its separators, stripped once (the profile keeps it when it is a number)
           regexp_replace(c.phone, '[[:space:]().-]', '', 'g') AS phone_digits, c.systemeio_id,
           c.first_seen, c.tags, c.new_id
      -- the ~300k persons hashed and the 1M contacts streamed past them (not the other way round)
      FROM ingest._prep_contacts c
      RIGHT JOIN (SELECT DISTINCT b.email FROM ingest._prep_buyers b) p ON c.email = p.email;
  ANALYZE ingest._prep_persons (email, email_ok);

  -- 1. auth users: an existing auth.users row with the same lower(email) keeps its id; a new one
  --    takes its contact's new_id (a buyer known only from invoices: one made from the email)
  INSERT INTO ingest.users_staging (id, email, created_at, raw_user_meta_data, existing)
  SELECT coalesce(u.id, p.new_id, OVERLAY(OVERLAY(pg_catalog.md5(v_seed || 'u' || p.email) PLACING '4' FROM 13 FOR 1) PLACING '8' FROM 17 FOR 1)::uuid), p.email,
         coalesce(u.created_at, least(p.first_seen, fi.first_invoice), now()),
         jsonb_strip_nulls(jsonb_object(ARRAY['first_name', 'last_name', 'source'], ARRAY[p.first_name, p.last_name, 'ingest'])),
         u.id IS NOT NULL
    FROM ingest._prep_persons p
    LEFT JOIN (SELECT DISTINCT ON (lower(au.email)) lower(au.email) AS email, au.id, au.created_at
                 FROM auth.users au WHERE au.email IS NOT NULL
                ORDER BY lower(au.email), au.created_at, au.id) u ON u.email = p.email
    LEFT JOIN (SELECT i.email, min(i.first_invoice) AS first_invoice FROM ingest._prep_inv_emails i
                WHERE i.email IN (SELECT pe.email FROM ingest._prep_persons pe WHERE pe.email_ok) GROUP BY i.email) fi
      ON fi.email = p.email
   WHERE p.email_ok;
  -- statistics of the columns the later joins read; a column list leaves the table's own (full)
  -- ANALYZE due to autovacuum, for after the cutover
  PERFORM set_config('default_statistics_target', v_statistics_target, true);
  ANALYZE ingest.users_staging (id, email);
  PERFORM set_config('default_statistics_target', '10', true);

  -- 2. profiles (id = auth user id); Systeme.io wins for names, phone and tags. Fields only an
  --    admin sets (status, membership, affiliate, admin_metadata, source) survive from production.
  --    Made by CREATE TABLE … AS, as transactions_staging below (its joins run in parallel workers;
  --    an INSERT … SELECT runs in one process), then dressed as production's table.
  v_exprs := jsonb_build_object(
    'id', 'u.id',
    'email', 'u.email',
    'first_name', 'c.first_name',
    'last_name', 'c.last_name',
    'phone', pg_catalog.format('CASE WHEN c.phone_digits ~ %L THEN c.phone_digits END', '^\+?[0-9]{7,15}$'),
    -- at most production's number of tags: the first ones in sort order (too_many_tags below)
    'tags', pg_catalog.format('CASE WHEN cardinality(c.tags) > %1$s THEN c.tags[1:%1$s] ELSE coalesce(c.tags, %2$L::text[]) END', 100, '{}'),
    'acquisition_source', pg_catalog.format('coalesce(pp.acquisition_source, CASE WHEN c.has_contact THEN %L ELSE %L END)', 'systemeio', 'xendit'),
    'status', pg_catalog.format('coalesce(pp.status, %L)', 'active'),
    'admin_metadata', pg_catalog.format('coalesce(pp.admin_metadata, %L::jsonb)', '{}'),
    'systemeio_id', 'c.systemeio_id',
    'membership_level_id', 'pp.membership_level_id',
    'affiliate_id', 'pp.affiliate_id',
    'created_at', 'coalesce(pp.created_at, u.created_at)',
    'updated_at', 'now()');
  DROP TABLE ingest.unified_profiles_staging;
  EXECUTE pg_catalog.format(
    'CREATE TABLE ingest.unified_profiles_staging WITH (autovacuum_enabled = false) AS SELECT %s
       FROM ingest.users_staging u
       LEFT JOIN ingest._prep_persons c ON c.email = u.email
       LEFT JOIN public.unified_profiles pp ON pp.id = u.id', ingest.staging_select_list('unified_profiles', v_exprs));
  PERFORM ingest.dress_staging_table('unified_profiles', false);

  -- 2b. leads: contacts who are no buyer and have no paid invoice (the report's leads) with a valid
  --     email; a lead already in production keeps its id, source and created_at. The report counts
  --     the leads with an invalid email too: the few such contacts are counted apart, not every
  --     candidate twice. (A view, dropped with the tables it reads at the end.)
  --     A buyer by invoice has a paid invoice (the first test); a buyer by tag has tag_buyer set, or
  --     any contact is one when the catalog has a blank buyer tag: only those are looked up among
  --     the buyers (~200k of the 1M contacts instead of every contact without a paid invoice).
  CREATE VIEW ingest._prep_lead_candidates AS
    SELECT c.* FROM ingest._prep_contacts c
     WHERE NOT EXISTS (SELECT 1 FROM ingest._prep_inv_emails i WHERE i.email = c.email AND i.paid)
       AND NOT ((c.tag_buyer OR EXISTS (SELECT 1 FROM ingest._prep_products bp WHERE bp.creates_profile AND btrim(bp.buyer_tag) = ''))
                AND EXISTS (SELECT 1 FROM ingest._prep_buyers b WHERE b.email = c.email));
  v_exprs := jsonb_build_object(
    'id', 'coalesce(pl.id, c.new_id)',
    'email', 'c.email',
    'first_name', 'c.first_name',
    'last_name', 'c.last_name',
    'tags', pg_catalog.format('coalesce(c.tags, %L::text[])', '{}'),
    'source', pg_catalog.format('coalesce(pl.source, %L)', 'systemeio'),
    'systemeio_id', 'c.systemeio_id',
    'first_seen_at', 'coalesce(c.first_seen, now())',
    'created_at', 'coalesce(pl.created_at, now())',
    'updated_at', 'now()');
  DROP TABLE ingest.leads_staging;
  EXECUTE pg_catalog.format(
    'CREATE TABLE ingest.leads_staging WITH (autovacuum_enabled = false) AS SELECT %s
       FROM ingest._prep_lead_candidates c
       LEFT JOIN public.leads pl ON lower(pl.email) = c.email
      WHERE c.email_ok', ingest.staging_select_list('leads', v_exprs));
  GET DIAGNOSTICS v_leads = ROW_COUNT;
  PERFORM ingest.dress_staging_table('leads', false);
  v_leads := v_leads + (SELECT count(*) FROM ingest._prep_lead_candidates c WHERE c.email_ok IS NOT TRUE);

  -- 3. transactions: every invoice in a staged currency, then one manual payment per tagged buyer
  --    without a paid invoice. transactions_staging itself is made from the invoices by CREATE TABLE
  --    … AS, whose query parallel workers run (an INSERT … SELECT runs in one process in PostgreSQL
  --    15): product by the jsonb map of the descriptions, normalized status, production's email
  --    CHECK, each invoice's staged user and transaction id (a production transaction with the same
  --    external id keeps its id) and its metadata. Its columns are production's, in order, cast to
  --    their types, read from the catalog (ingest.staging_select_list: a column without an
  --    expression here takes its default); ingest.dress_staging_table then adds the defaults, NOT
  --    NULLs and CHECKs (one scan), RLS, policies, grants and comments, and the keys, indexes and
  --    triggers come back with the other tables' below. The last statement run with the low
  --    parallel_tuple_cost set above.
  -- the product map and the fallback product are parameters ($1, $2), never text of the statement:
  -- the map's keys are invoice descriptions, written by whoever loads the raw invoices
  v_product_sql := 'coalesce($1 ->> x.description, $2)';
  v_exprs := jsonb_build_object(
    'id', pg_catalog.format('coalesce(pt.id, %s)', 'OVERLAY(OVERLAY(pg_catalog.md5($3 || ''t'' || x.id) PLACING ''4'' FROM 13 FOR 1) PLACING ''8'' FROM 17 FOR 1)::uuid'),
    'user_id', 'u.id',
    'amount', 'x.amount',
    'currency', 'x.currency',
    'status', 'lower(x.status)',
    'transaction_type', pg_catalog.format('CASE WHEN %1$s = ANY (%2$L::text[]) THEN %1$s ELSE %3$L END', v_product_sql, ARRAY['P2P', 'Canva', 'Other'], 'Other'),
    'payment_method', 'x.payment_method',
    'external_id', 'x.id',
    'contact_email', pg_catalog.format('CASE WHEN char_length(x.email_normalized) <= %s AND x.email_normalized ~ %L THEN x.email_normalized END',
                                       320, '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'),
    -- jsonb_object over text arrays: the same object as jsonb_build_object of these text values,
    -- without its per-argument type lookups (2.5x faster per row on PostgreSQL 15)
    'metadata', pg_catalog.format('jsonb_strip_nulls(jsonb_object(%L::text[], ARRAY[%L, %s, x.external_id, x.description, x.payment_channel, x.source_format]))',
                                  ARRAY['source', 'product', 'reference', 'description', 'payment_channel', 'source_format'], 'xendit', v_product_sql),
    'paid_at', pg_catalog.format('CASE WHEN lower(x.status) = ANY (%L::text[]) THEN coalesce(x.paid_at, x.updated, x.created) END', ARRAY['paid', 'settled']),
    'settled_at', pg_catalog.format('CASE WHEN lower(x.status) = %L THEN coalesce(x.updated, x.paid_at, x.created) END', 'settled'),
    'created_at', 'coalesce(x.created, x.paid_at, now())',
    'updated_at', 'coalesce(x.updated, x.created, x.paid_at, now())');
  -- its keys, indexes and triggers were dropped above; its foreign keys and those referencing it too
  DROP TABLE ingest.transactions_staging;
  EXECUTE pg_catalog.format(
    'CREATE TABLE ingest.transactions_staging WITH (autovacuum_enabled = false) AS SELECT %s
       FROM ingest.xendit_raw x
       LEFT JOIN ingest.users_staging u ON u.email = x.email_normalized
       LEFT JOIN public.transactions pt ON pt.external_id = x.id
      WHERE x.currency = ANY (%L::text[])', ingest.staging_select_list('transactions', v_exprs), ARRAY['AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL'])
    USING v_products, v_null_product, v_seed;
  PERFORM set_config('parallel_tuple_cost', v_parallel_tuple_cost, true);
  -- the staged invoices without a payer email (their contact_email is NULL) and with a user: an
  -- invoice whose email production refuses is staged without it, so more NULLs than invoices
  -- without an email means there are such invoices for the check below to name
  SELECT count(*) FILTER (WHERE t.contact_email IS NULL), count(*) FILTER (WHERE t.user_id IS NOT NULL)
    INTO v_null_contact, v_with_user
    FROM ingest.transactions_staging t;
  v_check_inv_emails := v_null_contact > (SELECT coalesce(sum(i.n_without_email), 0) FROM ingest._prep_inv_by_description i WHERE i.staged);
  v_non_php := EXISTS (SELECT 1 FROM ingest._prep_inv_by_description i WHERE i.in_revenue_currency IS NOT TRUE);
  PERFORM ingest.dress_staging_table('transactions', false);

  CREATE UNLOGGED TABLE ingest._prep_manual WITH (autovacuum_enabled = false) AS
    SELECT m.*,
           -- an invoice id that looks like a manual one (hostile data) keeps its id: no manual payment,
           -- a blocking error (duplicate_external_id) instead; looked up only when any invoice id
           -- looks like one (counted in _prep_inv_by_description)
           v_manual_ids AND EXISTS (SELECT 1 FROM ingest.xendit_raw x WHERE x.id = m.external_id) AS taken,
           coalesce(pt.id, OVERLAY(OVERLAY(pg_catalog.md5(v_seed || 'm' || m.external_id) PLACING '4' FROM 13 FOR 1) PLACING '8' FROM 17 FOR 1)::uuid) AS new_id, u.id AS user_id,
           jsonb_strip_nulls(jsonb_object(ARRAY['source', 'product'], ARRAY['manual', m.product])) AS metadata
      FROM (SELECT 'manual-' || lower(p.code) || '-' || md5(b.email) AS external_id, b.email, b.product, p.list_price AS amount,
                   p.currency, c.first_seen, c.email_ok
              FROM ingest._prep_buyers b
              JOIN ingest._prep_products p ON p.code = b.product
              JOIN ingest._prep_persons c ON c.email = b.email
             WHERE NOT b.by_invoice AND p.list_price IS NOT NULL
            -- kept a subquery: flattened, its md5 was computed twice a row (the join key and the output)
            OFFSET 0) m
      LEFT JOIN ingest.users_staging u ON u.email = m.email
      LEFT JOIN public.transactions pt ON pt.external_id = m.external_id;
  ANALYZE ingest._prep_manual (external_id, email, product, currency, taken);
  -- the manual payments: paid when the contact was first seen
  INSERT INTO ingest.transactions_staging (id, user_id, amount, currency, status, transaction_type, payment_method, external_id,
                                           contact_email, metadata, paid_at, created_at, updated_at)
  SELECT m.new_id, m.user_id, m.amount, m.currency, 'paid',
         CASE WHEN m.product IN ('P2P', 'Canva', 'Other') THEN m.product ELSE 'Other' END,
         'manual', m.external_id, CASE WHEN m.email_ok THEN m.email END, m.metadata,
         m.first_seen, coalesce(m.first_seen, now()), coalesce(m.first_seen, now())
    FROM ingest._prep_manual m
   WHERE NOT m.taken AND m.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL');
  v_with_user := v_with_user + (SELECT count(*) FROM ingest._prep_manual m
                                 WHERE NOT m.taken AND m.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL') AND m.user_id IS NOT NULL);
  -- 3c. payments production keeps detached (no user, no email: their person was erased, docs/subjects.md)
  --     that the raw data no longer gives (the erasure deleted the raw invoice, or the contact whose tag
  --     made a manual payment): staged as they are, so that no cutover drops a financial record it must
  --     keep for FINANCIAL_RETENTION. Read through the user_id index (its NULL entries).
  INSERT INTO ingest.transactions_staging
  SELECT pt.* FROM public.transactions pt
   WHERE pt.user_id IS NULL AND pt.contact_email IS NULL
     AND NOT EXISTS (SELECT 1 FROM ingest.xendit_raw x WHERE x.id = pt.external_id AND x.currency = ANY (ARRAY['AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL']))
     AND NOT EXISTS (SELECT 1 FROM ingest._prep_manual m WHERE m.external_id = pt.external_id AND NOT m.taken AND m.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL'));
  GET DIAGNOSTICS v_retained = ROW_COUNT;
  PERFORM set_config('default_statistics_target', v_statistics_target, true);
  ANALYZE ingest.transactions_staging (id, user_id, status);

  -- 4. enrollments: one per buyer and course, linked to the earliest paid/settled transaction of the
  --    product (the manual one when there is no invoice); ids and last access survive from production
  --    (CREATE TABLE … AS: workers read and sort the paid transactions; the metadata is one object per
  --    product, made once in _prep_products rather than once a row)
  v_exprs := jsonb_build_object(
    'id', pg_catalog.format('coalesce(pe.id, %s)', 'OVERLAY(OVERLAY(pg_catalog.md5($1 || ''e'' || e.user_id || e.course_id) PLACING ''4'' FROM 13 FOR 1) PLACING ''8'' FROM 17 FOR 1)::uuid'),
    'user_id', 'e.user_id',
    'course_id', 'e.course_id',
    'transaction_id', 'e.transaction_id',
    'status', pg_catalog.format('%L', 'active'),
    'enrolled_at', 'e.enrolled_at',
    'last_accessed_at', 'pe.last_accessed_at',
    'metadata', 'e.metadata',
    'updated_at', 'now()');
  DROP TABLE ingest.enrollments_staging;
  -- the workers' sorted rows gathered in order (Gather Merge) rather than sorted in this process
  PERFORM set_config('parallel_tuple_cost', '0.001', true);
  EXECUTE pg_catalog.format(
    'CREATE TABLE ingest.enrollments_staging WITH (autovacuum_enabled = false) AS SELECT %s
       FROM (SELECT DISTINCT ON (t.user_id, p.course_id) t.user_id, p.course_id, t.id AS transaction_id,
                    coalesce(t.paid_at, t.created_at) AS enrolled_at, p.enrollment_metadata AS metadata
               FROM ingest.transactions_staging t
               JOIN ingest._prep_products p ON p.code = t.metadata ->> %L AND p.creates_profile AND p.course_id IS NOT NULL
              WHERE t.user_id IS NOT NULL AND t.status = ANY (%L::text[])
              ORDER BY t.user_id, p.course_id, t.paid_at, t.created_at, t.id) e
       LEFT JOIN public.enrollments pe ON pe.user_id = e.user_id AND pe.course_id = e.course_id AND pe.status = %L',
    ingest.staging_select_list('enrollments', v_exprs), 'product', ARRAY['paid', 'settled'], 'active')
    USING v_seed;
  PERFORM set_config('parallel_tuple_cost', v_parallel_tuple_cost, true);
  PERFORM ingest.dress_staging_table('enrollments', false);

  -- keys and indexes, built from the filled tables
  FOR r IN SELECT * FROM pg_temp._prep_constraints WHERE contype <> 'f' ORDER BY tbl, contype, conname LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    IF r.description IS NOT NULL THEN
      EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.tbl, r.description);
    END IF;
  END LOOP;
  FOR r IN SELECT * FROM pg_temp._prep_indexes ORDER BY relname LOOP
    EXECUTE r.def;
  END LOOP;

  FOR r IN SELECT * FROM pg_temp._prep_triggers ORDER BY tbl, tgname LOOP
    EXECUTE r.def;
    EXECUTE format('ALTER TABLE %s %s TRIGGER %I', r.tbl,
                   CASE r.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE' END,
                   r.tgname);
    IF r.description IS NOT NULL THEN
      EXECUTE format('COMMENT ON TRIGGER %I ON %s IS %L', r.tgname, r.tbl, r.description);
    END IF;
  END LOOP;

  -- FKs among staging and to auth.users back: validated (one anti-join each), except those to
  -- auth.users while staged users are new
  FOR r IN SELECT * FROM pg_temp._prep_constraints WHERE contype = 'f' AND NOT to_production ORDER BY tbl, conname LOOP
    IF r.to_auth AND EXISTS (SELECT 1 FROM ingest.users_staging WHERE NOT existing) THEN
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', r.tbl, r.conname, r.def);
    ELSE
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    END IF;
    IF r.description IS NOT NULL THEN
      EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.tbl, r.description);
    END IF;
  END LOOP;

  -- blocking errors ------------------------------------------------------------------------------
  -- One row per offending item and check (ord = the check's place in the report), then one message per
  -- check that found something: the count and the first 5 items in their sort order.
  WITH tx_hits AS MATERIALIZED (
    -- checks 3-5 in one pass over the invoices and the manual payments: a cheap filter first, the
    -- checks on what it keeps. The invoices are read only when some are not in the revenue currency
    -- or some staged one lost a refused email (v_non_php, v_check_inv_emails above); an invoice in a
    -- currency production refuses is not in the revenue currency either.
    SELECT t.external_id, t.currency,
           t.email IS NOT NULL AND NOT t.email_ok
             AND NOT EXISTS (SELECT 1 FROM ingest._prep_persons p WHERE p.email = t.email) AS bad_email,
           t.currency NOT IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL') AS unsupported,
           t.is_paid AS is_paid
      FROM (SELECT x.id AS external_id, x.currency, x.email_normalized AS email,
                   char_length(x.email_normalized) <= 320 AND x.email_normalized ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$' AS email_ok,
                   lower(x.status) IN ('paid', 'settled') AS is_paid
              FROM ingest.xendit_raw x
             WHERE v_non_php OR v_check_inv_emails
            UNION ALL
            SELECT m.external_id, m.currency, m.email, m.email_ok, true
              FROM ingest._prep_manual m
             WHERE NOT m.taken) t
     WHERE (v_check_inv_emails AND t.email IS NOT NULL AND NOT t.email_ok) OR t.currency <> 'PHP'
  ), found (ord, sort_key, item) AS (
    SELECT 1, x.id, x.id
      FROM ingest.xendit_raw x
      JOIN ingest._prep_products p ON p.code = coalesce(v_products ->> x.description, v_null_product) AND p.creates_profile
     WHERE v_paid_without_email AND lower(x.status) IN ('paid', 'settled') AND x.email_normalized IS NULL
    UNION ALL
    SELECT 2, p.email, p.email FROM ingest._prep_persons p WHERE NOT p.email_ok
    UNION ALL
    SELECT 3, h.external_id, h.external_id FROM tx_hits h WHERE h.bad_email
    UNION ALL
    SELECT 4, h.external_id, h.external_id || ' (' || h.currency || ')' FROM tx_hits h WHERE h.unsupported
    UNION ALL
    SELECT 5, h.external_id, h.external_id || ' (' || h.currency || ')' FROM tx_hits h
     WHERE h.is_paid AND NOT h.unsupported AND h.currency <> 'PHP'
    UNION ALL
    SELECT 6, m.email, m.email FROM ingest._prep_manual m WHERE m.taken
    UNION ALL
    SELECT 7, c.external_id, c.external_id
      FROM ingest.xendit_raw c
     WHERE v_csv_invoices AND c.source_format = 'csv' AND c.external_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM ingest.xendit_raw a WHERE a.source_format = 'api' AND a.external_id = c.external_id)
    UNION ALL
    -- a buyer's tags (one contact's, or several contacts' merged) over production's limit for a profile
    SELECT 8, p.email, p.email || ' (' || cardinality(p.tags) || ')' FROM ingest._prep_persons p
     WHERE p.email_ok AND cardinality(p.tags) > 100
  ), ranked AS (
    SELECT f.ord, f.item, row_number() OVER (PARTITION BY f.ord ORDER BY f.sort_key) AS rn FROM found f
  ), per_check AS (
    SELECT k.ord, count(*) AS n, string_agg(k.item, ', ' ORDER BY k.rn) FILTER (WHERE k.rn <= 5) AS samples
      FROM ranked k GROUP BY k.ord
  )
  SELECT v_errors || coalesce(jsonb_agg(jsonb_build_object('code', m.code, 'message', format(m.message, c.n, c.samples)) ORDER BY c.ord), '[]'::jsonb)
    INTO v_errors
    FROM per_check c
    JOIN (VALUES
      (1, 'buyer_without_email', '%s paid or settled invoice(s) of a product that grants an account have no payer email: the buyer gets no account or enrollment (invoices %s)'),
      (2, 'invalid_buyer_email', '%s buyer email(s) are refused by the production email check: no auth user, profile or enrollment staged for them (%s)'),
      (3, 'invalid_contact_email', '%s transaction(s) have a payer email the production email check refuses: staged without contact_email (%s)'),
      (4, 'unsupported_currency', '%s transaction(s) have a currency production does not accept: not staged (%s)'),
      (5, 'non_php_revenue', '%s paid or settled transaction(s) are not in PHP: left out of the revenue (no exchange rates) (%s)'),
      (6, 'duplicate_external_id', '%s manual payment id(s) are already used by an invoice: no manual payment staged for %s'),
      (7, 'duplicate_invoice', '%s invoice(s) were loaded both from the API and from a CSV export (same external_id): their payments would count twice (%s)'),
      (8, 'too_many_tags', '%s buyer(s) have more than 100 distinct tags, the most a profile keeps: their profile is staged with the first 100 in sort order (%s)')
    ) AS m (ord, code, message) ON m.ord = c.ord;

  FOR r IN
    SELECT p.code FROM ingest._prep_products p
     WHERE p.list_price IS NULL AND EXISTS (SELECT 1 FROM ingest._prep_buyers b WHERE b.product = p.code AND NOT b.by_invoice)
  LOOP
    SELECT count(*) INTO v_n FROM ingest._prep_buyers b WHERE b.product = r.code AND NOT b.by_invoice;
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'manual_price_missing', 'message',
      format('%s contact(s) are tagged as %s buyers without a paid invoice, but the catalog has no list_price for %s: no manual payment staged', v_n, r.code, r.code)));
  END LOOP;

  FOR r IN
    SELECT p.code, p.course_slug FROM ingest._prep_products p
     WHERE p.creates_profile AND p.course_slug IS NOT NULL AND p.course_id IS NULL
       AND EXISTS (SELECT 1 FROM ingest._prep_buyers b WHERE b.product = p.code)
  LOOP
    v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'course_missing', 'message',
      format('the course %L of product %s is not in public.courses: its buyers get no enrollment', r.course_slug, r.code)));
  END LOOP;

  -- rows of other tables that reference production rows the prepared data no longer has: the
  -- cutover could not re-point their foreign keys
  FOR r IN
    SELECT c.conname, c.conrelid::regclass::text AS src, t.relname AS target,
           ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(att, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att ORDER BY k.ord) AS cols,
           ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(att, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att ORDER BY k.ord) AS refcols
      FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_class t ON t.oid = c.confrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_catalog.pg_class s ON s.oid = c.conrelid
      JOIN pg_catalog.pg_namespace sn ON sn.oid = s.relnamespace
     WHERE c.contype = 'f' AND n.nspname = 'public' AND t.relname IN ('unified_profiles', 'transactions', 'enrollments', 'leads')
       AND NOT (sn.nspname = 'public' AND s.relname IN ('unified_profiles', 'transactions', 'enrollments', 'leads'))
       AND sn.nspname <> 'ingest'
     ORDER BY c.conname
  LOOP
    SELECT string_agg(format('r.%I IS NOT NULL', col), ' AND ') INTO v_where FROM unnest(r.cols) AS col;
    SELECT string_agg(format('s.%I = r.%I', r.refcols[k.ord], k.col), ' AND ') INTO v_join
      FROM unnest(r.cols) WITH ORDINALITY AS k(col, ord);
    EXECUTE format('SELECT count(*) FROM %s r WHERE %s AND NOT EXISTS (SELECT 1 FROM ingest.%I s WHERE %s)',
                   r.src, v_where, r.target || '_staging', v_join) INTO v_n;
    IF v_n > 0 THEN
      v_errors := v_errors || jsonb_build_array(jsonb_build_object('code', 'dangling_reference', 'message',
        format('%s row(s) of %s reference public.%s rows that the prepared data does not have (%s)', v_n, r.src, r.target, r.conname)));
    END IF;
  END LOOP;

  -- the report ------------------------------------------------------------------------------------
  -- counts and revenue per product from the invoices' counts per description (_prep_inv_by_description)
  -- and the manual payments, the totals summed from those
  WITH per_product AS (
    SELECT u.product, sum(u.paid)::bigint AS paid, sum(u.settled)::bigint AS settled, sum(u.expired)::bigint AS expired,
           sum(u.pending)::bigint AS pending, sum(u.total)::bigint AS total, sum(u.manual)::bigint AS manual, sum(u.revenue) AS revenue
      FROM (SELECT coalesce(v_products ->> d.description, v_null_product) AS product,
                   sum(d.n) FILTER (WHERE d.status = 'paid') AS paid, sum(d.n) FILTER (WHERE d.status = 'settled') AS settled,
                   sum(d.n) FILTER (WHERE d.status = 'expired') AS expired, sum(d.n) FILTER (WHERE d.status = 'pending') AS pending,
                   sum(d.n) AS total, 0 AS manual,
                   sum(d.amount) FILTER (WHERE d.status IN ('paid', 'settled') AND d.in_revenue_currency) AS revenue
              FROM ingest._prep_inv_by_description d
             WHERE d.staged
             GROUP BY 1
            UNION ALL
            -- the manual payments: paid
            SELECT m.product, count(*), 0, 0, 0, count(*), count(*), sum(m.amount) FILTER (WHERE m.currency = 'PHP')
              FROM ingest._prep_manual m
             WHERE NOT m.taken AND m.currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL')
             GROUP BY m.product) u
     GROUP BY u.product
  ), codes AS (
    SELECT p.code FROM ingest._prep_products p UNION SELECT pp.product FROM per_product pp
  ), by_product AS (
    SELECT c.code,
           jsonb_build_object(
             'paid', coalesce(pp.paid, 0), 'settled', coalesce(pp.settled, 0), 'expired', coalesce(pp.expired, 0),
             'pending', coalesce(pp.pending, 0), 'total', coalesce(pp.total, 0)) AS counts,
           coalesce(pp.revenue, 0) AS revenue
      FROM codes c LEFT JOIN per_product pp ON pp.product = c.code
  )
  SELECT jsonb_build_object(
    'transactions', jsonb_build_object(
      'total', (SELECT coalesce(sum(pp.total), 0) FROM per_product pp),
      'fromInvoices', (SELECT coalesce(sum(pp.total - pp.manual), 0) FROM per_product pp),
      'manual', (SELECT coalesce(sum(pp.manual), 0) FROM per_product pp),
      'withUser', v_with_user,
      'retained', v_retained,
      'byProduct', (SELECT jsonb_object_agg(b.code, b.counts) FROM by_product b)),
    'revenue', (SELECT jsonb_object_agg(b.code, b.revenue::numeric(20, 2)::text) FROM by_product b)
               || jsonb_build_object('total', (SELECT coalesce(sum(b.revenue), 0)::numeric(20, 2)::text FROM by_product b)),
    'profiles', (SELECT count(*) FROM ingest.unified_profiles_staging),
    'authUsers', (SELECT jsonb_build_object('existing', count(*) FILTER (WHERE u.existing), 'new', count(*) FILTER (WHERE NOT u.existing))
                    FROM ingest.users_staging u),
    'enrollments', (SELECT count(*) FROM ingest.enrollments_staging),
    'leads', v_leads,
    'manualPayments', (SELECT coalesce(sum(pp.manual), 0) FROM per_product pp),
    'canvaBuyers', (SELECT count(*) FROM ingest._prep_inv_emails i WHERE i.product = 'Canva' AND i.paid),
    'rejected', jsonb_build_object(
      'xendit', (SELECT count(*) FROM ingest.rejected_rows x WHERE x.source = 'xendit'),
      'systemeio', (SELECT count(*) FROM ingest.rejected_rows x WHERE x.source = 'systemeio')),
    'duplicates', v_duplicates,
    'invalidEmails', (SELECT count(*) FROM ingest.rejected_rows x
                       WHERE x.field IN ('email', 'payer_email') AND x.reason LIKE '%not a valid email%'),
    'blockingErrors', v_errors)
    INTO v_report;

  INSERT INTO ingest.validation_reports (run_id, report, blocking_errors)
  VALUES (v_run_id, v_report, jsonb_array_length(v_errors));

  -- FKs to production tables back, validated, last: adding one locks the referenced table (courses,
  -- …) against writes until the commit
  FOR r IN SELECT * FROM pg_temp._prep_constraints WHERE to_production ORDER BY tbl, conname LOOP
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.conname, r.def);
    IF r.description IS NOT NULL THEN
      EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, r.tbl, r.description);
    END IF;
  END LOOP;

  IF v_own_run THEN
    UPDATE ingest.run_log
       SET status = 'succeeded', finished_at = clock_timestamp(),
           duration_ms = greatest(0, (extract(epoch FROM clock_timestamp() - v_started) * 1000)::int),
           counts = jsonb_build_object('profiles', v_report -> 'profiles', 'transactions', v_report #> '{transactions,total}',
                                       'enrollments', v_report -> 'enrollments', 'leads', v_report -> 'leads',
                                       'blocking_errors', jsonb_array_length(v_errors))
     WHERE id = v_run_id;
  END IF;
  -- the work tables: made in this transaction and dropped before its commit, nobody else ever sees them
  DROP VIEW ingest._prep_lead_candidates;
  DROP TABLE ingest._prep_products, ingest._prep_inv_by_description, ingest._prep_inv_emails, ingest._prep_dup_emails,
    ingest._prep_contacts, ingest._prep_buyers, ingest._prep_persons, ingest._prep_manual;
  RETURN v_report;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.validate_and_prepare_clean_data() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.validate_and_prepare_clean_data() IS 'Rebuilds ingest.*_staging from the raw Xendit/Systeme.io tables and the product catalog (docs/ingest.md rules); returns the validation report, also stored in ingest.validation_reports.';

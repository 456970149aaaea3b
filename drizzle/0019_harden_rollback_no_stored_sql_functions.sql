-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: ingest grants
-- changed: function ingest.swap_production_tables(text[], text, text, text, text, boolean)
-- changed: function ingest.cutover_attempt(numeric, boolean, boolean, boolean)
-- changed: function ingest.rollback_attempt(text, boolean)
-- changed: function ingest.drop_backup(text)
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ingest.backups, ingest.validation_reports FROM service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.swap_production_tables(p_tables text[], p_in_schema text, p_in_suffix text, p_out_schema text, p_out_suffix text, p_isolate boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_n int := coalesce(array_length(p_tables, 1), 0);
  v_out oid[];
  v_in oid[];
  v_i int;
  v_t text;
  v_state text;
  v_diff text[] := '{}';
  v_triggers jsonb;
  v_views jsonb;
  v_rebuild jsonb;
  v_rebuild_oids oid[];
  v_fks jsonb;
  v_policies jsonb;
  v_functions jsonb;
  v_pubs jsonb;
  v_detach jsonb;
  v_fk_report jsonb := '[]';
  v_warnings jsonb := '[]';
  v_bad text[];
  v_ok boolean;
  v_msg text;
  v_detail text;
  v_rel regclass;
  v_new regclass;
  v_started timestamptz := clock_timestamp();
  r jsonb;
  v_row record;
BEGIN
  SELECT array_agg(format('public.%I', u.t)::regclass::oid ORDER BY u.o),
         array_agg(format('%I.%I', p_in_schema, u.t || p_in_suffix)::regclass::oid ORDER BY u.o)
    INTO v_out, v_in
    FROM unnest(p_tables) WITH ORDINALITY AS u(t, o);

  -- 1. capture (the caller holds ACCESS EXCLUSIVE on both sets: nothing can start depending on them now)
  FOR v_i IN 1 .. v_n LOOP
    v_diff := v_diff || ingest.structure_differences(v_out[v_i]::regclass, v_in[v_i]::regclass);
  END LOOP;
  IF cardinality(v_diff) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC005',
      MESSAGE = format('the incoming tables are not interchangeable with production (%s difference(s)): %s',
                       cardinality(v_diff), array_to_string(v_diff[1:8], '; ')),
      DETAIL = array_to_string(v_diff, E'\n'), HINT = 'code=structure_mismatch';
  END IF;

  SELECT jsonb_object_agg(u.t, coalesce((
           SELECT jsonb_object_agg(tg.tgname, tg.tgenabled::text) FROM pg_catalog.pg_trigger tg
            WHERE tg.tgrelid = u.oid AND NOT tg.tgisinternal), '{}'))
    INTO v_triggers
    FROM unnest(v_out, p_tables) AS u(oid, t);

  -- materialized views on the outgoing tables, and every view / MV that depends on one of them
  WITH RECURSIVE dep(oid, depth) AS (
    SELECT DISTINCT rw.ev_class, 1
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid
      JOIN pg_catalog.pg_class c ON c.oid = rw.ev_class
     WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
       AND d.refobjid = ANY (v_out) AND c.relkind = 'm'
    UNION ALL
    SELECT rw.ev_class, dep.depth + 1
      FROM dep
      JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = dep.oid
                                 AND d.classid = 'pg_catalog.pg_rewrite'::regclass
      JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid
     WHERE rw.ev_class <> dep.oid AND dep.depth < 32
  )
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'oid', c.oid, 'kind', c.relkind::text, 'name', format('%I.%I', n.nspname, c.relname), 'depth', x.depth,
           'def', rtrim(pg_catalog.pg_get_viewdef(c.oid), E'; \n'), 'options', c.reloptions,
           'owner', c.relowner::regrole::text, 'acl', c.relacl::text[], 'populated', c.relispopulated,
           'comment', obj_description(c.oid, 'pg_class'),
           'columnComments', (SELECT jsonb_object_agg(a.attname, col_description(c.oid, a.attnum))
                                FROM pg_catalog.pg_attribute a
                               WHERE a.attrelid = c.oid AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NOT NULL),
           'indexes', (SELECT jsonb_agg(pg_catalog.pg_get_indexdef(i.indexrelid) ORDER BY i.indexrelid)
                         FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid))
         ORDER BY x.depth, c.oid), '[]'),
         coalesce(array_agg(c.oid), '{}')
    INTO v_rebuild, v_rebuild_oids
    FROM (SELECT dep.oid, max(dep.depth) AS depth FROM dep GROUP BY dep.oid) AS x
    JOIN pg_catalog.pg_class c ON c.oid = x.oid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace;

  -- plain views on the outgoing tables (not rebuilt above): replaced in place
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'name', format('%I.%I', n.nspname, c.relname),
           'def', rtrim(pg_catalog.pg_get_viewdef(c.oid), E'; \n'), 'options', c.reloptions) ORDER BY c.oid), '[]')
    INTO v_views
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind = 'v' AND c.oid <> ALL (v_rebuild_oids)
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite rw ON rw.oid = d.objid
                  WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
                    AND d.refobjid = ANY (v_out) AND rw.ev_class = c.oid);

  -- foreign keys of other tables (the incoming ones included) that reference an outgoing table
  SELECT coalesce(jsonb_agg(jsonb_build_object('name', c.conname, 'rel', c.conrelid::int8,
           'def', pg_catalog.pg_get_constraintdef(c.oid)) ORDER BY c.conrelid, c.conname), '[]')
    INTO v_fks
    FROM pg_catalog.pg_constraint c
   WHERE c.contype = 'f' AND c.confrelid = ANY (v_out) AND c.conrelid <> ALL (v_out);

  -- policies of other tables (the incoming ones included) whose expressions read an outgoing table
  SELECT coalesce(jsonb_agg(jsonb_build_object('name', p.polname, 'rel', p.polrelid::int8,
           'qual', pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'check', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid))
           ORDER BY p.polrelid, p.polname), '[]')
    INTO v_policies
    FROM pg_catalog.pg_policy p
   WHERE p.polrelid <> ALL (v_out)
     AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_policy'::regclass AND d.objid = p.oid
                    AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ANY (v_out));

  -- functions with SQL-standard bodies (BEGIN ATOMIC) bound to an outgoing table
  SELECT coalesce(jsonb_agg(pg_catalog.pg_get_functiondef(p.oid) ORDER BY p.oid), '[]')
    INTO v_functions
    FROM pg_catalog.pg_proc p
   WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid
                    AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = ANY (v_out));

  -- publication memberships (row filter and column list kept)
  SELECT coalesce(jsonb_agg(jsonb_build_object('pub', pb.pubname, 'table', u.t,
           'qual', pg_catalog.pg_get_expr(pr.prqual, pr.prrelid),
           'cols', (SELECT jsonb_agg(a.attname ORDER BY k.o)
                      FROM unnest(pr.prattrs::int2[]) WITH ORDINALITY AS k(num, o)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.num))), '[]')
    INTO v_pubs
    FROM pg_catalog.pg_publication_rel pr
    JOIN pg_catalog.pg_publication pb ON pb.oid = pr.prpubid
    JOIN unnest(v_out, p_tables) AS u(oid, t) ON u.oid = pr.prrelid;

  -- the outgoing tables' own foreign keys to tables that stay (detached from a backup). Recorded as
  -- structured data for the report and the registry only: rollback never reads them back, it takes
  -- the keys to restore from the catalog (the same keys on the production tables it replaces)
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', u.t, 'name', c.conname,
           'columns', (SELECT jsonb_agg(a.attname ORDER BY k.o) FROM unnest(c.conkey) WITH ORDINALITY AS k(num, o)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.num),
           'referencedTable', c.confrelid::regclass::text,
           'referencedColumns', (SELECT jsonb_agg(a.attname ORDER BY k.o) FROM unnest(c.confkey) WITH ORDINALITY AS k(num, o)
                                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num),
           'onUpdate', CASE c.confupdtype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END, 'onDelete', CASE c.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END,
           'validated', c.convalidated) ORDER BY u.o, c.conname), '[]')
    INTO v_detach
    FROM pg_catalog.pg_constraint c
    JOIN unnest(v_out, p_tables) WITH ORDINALITY AS u(oid, t, o) ON u.oid = c.conrelid
   WHERE p_isolate AND c.contype = 'f' AND c.confrelid <> ALL (v_out);
  PERFORM ingest.cutover_checkpoint('capture');

  -- 2. move: outgoing first (their index names leave public), then incoming
  FOR v_i IN 1 .. v_n LOOP
    v_t := p_tables[v_i];
    IF p_out_suffix <> '' THEN
      EXECUTE format('ALTER TABLE public.%I RENAME TO %I', v_t, v_t || p_out_suffix);
    END IF;
    EXECUTE format('ALTER TABLE public.%I SET SCHEMA %I', v_t || p_out_suffix, p_out_schema);
  END LOOP;
  FOR v_i IN 1 .. v_n LOOP
    v_t := p_tables[v_i];
    EXECUTE format('ALTER TABLE %I.%I SET SCHEMA public', p_in_schema, v_t || p_in_suffix);
    IF p_in_suffix <> '' THEN
      EXECUTE format('ALTER TABLE public.%I RENAME TO %I', v_t || p_in_suffix, v_t);
    END IF;
  END LOOP;
  PERFORM ingest.cutover_checkpoint('move_tables');

  -- 3. triggers
  FOR v_i IN 1 .. v_n LOOP
    EXECUTE format('ALTER TABLE %s DISABLE TRIGGER USER', v_out[v_i]::regclass);
    FOR v_row IN SELECT tg.tgname FROM pg_catalog.pg_trigger tg WHERE tg.tgrelid = v_in[v_i] AND NOT tg.tgisinternal ORDER BY tg.tgname LOOP
      v_state := coalesce(v_triggers -> p_tables[v_i] ->> v_row.tgname, 'O');
      EXECUTE format('ALTER TABLE %s %s TRIGGER %I', v_in[v_i]::regclass,
        CASE v_state WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE' END, v_row.tgname);
    END LOOP;
  END LOOP;
  PERFORM ingest.cutover_checkpoint('triggers');

  -- 4. views: the same text now binds to the tables in public
  FOR r IN SELECT value FROM jsonb_array_elements(v_views) LOOP
    EXECUTE format('CREATE OR REPLACE VIEW %s%s AS %s', r ->> 'name',
      CASE WHEN jsonb_typeof(r -> 'options') = 'array' AND jsonb_array_length(r -> 'options') > 0
           THEN ' WITH (' || (SELECT string_agg(format('%I = %L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
                                FROM jsonb_array_elements_text(r -> 'options') AS o) || ')' ELSE '' END,
      r ->> 'def');
  END LOOP;
  PERFORM ingest.cutover_checkpoint('views');

  -- 5. materialized views (and what depends on them): drop deepest first, re-create shallowest first
  FOR r IN SELECT value FROM jsonb_array_elements(v_rebuild) ORDER BY (value ->> 'depth')::int DESC, (value ->> 'oid')::int8 DESC LOOP
    EXECUTE format('DROP %s %s', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, r ->> 'name');
  END LOOP;
  FOR r IN SELECT value FROM jsonb_array_elements(v_rebuild) ORDER BY (value ->> 'depth')::int, (value ->> 'oid')::int8 LOOP
    EXECUTE format('CREATE %s %s%s AS %s%s', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, r ->> 'name',
      CASE WHEN jsonb_typeof(r -> 'options') = 'array' AND jsonb_array_length(r -> 'options') > 0
           THEN ' WITH (' || (SELECT string_agg(format('%I = %L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
                                FROM jsonb_array_elements_text(r -> 'options') AS o) || ')' ELSE '' END,
      r ->> 'def', CASE WHEN r ->> 'kind' = 'm' THEN ' WITH NO DATA' ELSE '' END);
    v_new := (r ->> 'name')::regclass;
    EXECUTE format('ALTER %s %s OWNER TO %s', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v_new, r ->> 'owner');
    PERFORM ingest.restore_acl(v_new, ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(r -> 'acl') = 'array' THEN r -> 'acl' ELSE '[]' END))::aclitem[]);
    IF r ->> 'comment' IS NOT NULL THEN
      EXECUTE format('COMMENT ON %s %s IS %L', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v_new, r ->> 'comment');
    END IF;
    FOR v_row IN SELECT key, value FROM jsonb_each_text(coalesce(nullif(r -> 'columnComments', 'null'), '{}')) LOOP
      EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', v_new, v_row.key, v_row.value);
    END LOOP;
    FOR v_row IN SELECT value FROM jsonb_array_elements_text(coalesce(nullif(r -> 'indexes', 'null'), '[]')) LOOP
      EXECUTE v_row.value;
    END LOOP;
  END LOOP;
  PERFORM ingest.cutover_checkpoint('materialized_views');

  -- 6. foreign keys of other tables: same name, now referencing the table in public
  FOR r IN SELECT value FROM jsonb_array_elements(v_fks) LOOP
    v_rel := (r ->> 'rel')::oid::regclass;
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', v_rel, r ->> 'name');
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s NOT VALID', v_rel, r ->> 'name', regexp_replace(r ->> 'def', ' NOT VALID$', ''));
    -- always validated (also one that was NOT VALID: a previous swap may have left it so); a
    -- violation (rows of that table pointing at rows the new data lacks) keeps it NOT VALID: new
    -- writes are checked, the old rows are reported
    v_msg := NULL;
    BEGIN
      EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', v_rel, r ->> 'name');
      v_ok := true;
    EXCEPTION WHEN foreign_key_violation THEN
      GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
      v_msg := v_msg || coalesce(': ' || v_detail, '');
      v_ok := false;
      v_warnings := v_warnings || to_jsonb(format('foreign key %s on %s left NOT VALID: %s', r ->> 'name', v_rel, v_msg));
    END;
    v_fk_report := v_fk_report || jsonb_build_object('table', v_rel::text, 'name', r ->> 'name', 'validated', v_ok, 'error', v_msg);
  END LOOP;
  PERFORM ingest.cutover_checkpoint('foreign_keys');

  -- 7. policies, SQL-body functions, publications
  FOR r IN SELECT value FROM jsonb_array_elements(v_policies) LOOP
    EXECUTE format('ALTER POLICY %I ON %s%s%s', r ->> 'name', (r ->> 'rel')::oid::regclass,
                   coalesce(' USING (' || (r ->> 'qual') || ')', ''), coalesce(' WITH CHECK (' || (r ->> 'check') || ')', ''));
  END LOOP;
  FOR r IN SELECT value FROM jsonb_array_elements(v_functions) LOOP
    EXECUTE r #>> '{}';
  END LOOP;
  FOR r IN SELECT value FROM jsonb_array_elements(v_pubs) LOOP
    EXECUTE format('ALTER PUBLICATION %I DROP TABLE %I.%I', r ->> 'pub', p_out_schema, (r ->> 'table') || p_out_suffix);
    EXECUTE format('ALTER PUBLICATION %I ADD TABLE public.%I%s%s', r ->> 'pub', r ->> 'table',
      CASE WHEN jsonb_typeof(r -> 'cols') = 'array'
           THEN ' (' || (SELECT string_agg(quote_ident(c), ', ') FROM jsonb_array_elements_text(r -> 'cols') AS c) || ')' ELSE '' END,
      coalesce(' WHERE (' || (r ->> 'qual') || ')', ''));
  END LOOP;
  PERFORM ingest.cutover_checkpoint('policies');

  -- 8. a backup references nothing live: its foreign keys to other tables go (rollback re-adds them)
  FOR r IN SELECT value FROM jsonb_array_elements(v_detach) LOOP
    EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT %I', p_out_schema, (r ->> 'table') || p_out_suffix, r ->> 'name');
  END LOOP;
  IF p_isolate THEN
    PERFORM ingest.cutover_checkpoint('backup_foreign_keys');
  END IF;

  -- 9. nothing outside the outgoing tables may still depend on them
  SELECT array_agg(format('%s → %s', d.dependent, d.referenced))
    INTO v_bad
    FROM ingest.outside_dependents(v_out::regclass[], p_isolate) AS d;
  IF cardinality(v_bad) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC006',
      MESSAGE = format('%s object(s) outside still depend on the tables leaving production: %s',
                       cardinality(v_bad), array_to_string(v_bad[1:8], '; ')),
      DETAIL = array_to_string(v_bad, E'\n'), HINT = 'code=dependents_remain';
  END IF;
  PERFORM ingest.cutover_checkpoint('verify');

  RETURN jsonb_build_object(
    'views', (SELECT coalesce(jsonb_agg(value -> 'name'), '[]') FROM jsonb_array_elements(v_views)),
    'materializedViews', (SELECT coalesce(jsonb_agg(jsonb_build_object('name', value -> 'name', 'kind', value -> 'kind',
                            'populated', value -> 'populated') ORDER BY (value ->> 'depth')::int), '[]')
                            FROM jsonb_array_elements(v_rebuild)),
    'foreignKeys', v_fk_report,
    'policies', (SELECT coalesce(jsonb_agg(jsonb_build_object('name', value -> 'name', 'table', (value ->> 'rel')::oid::regclass::text)), '[]')
                   FROM jsonb_array_elements(v_policies)),
    'functions', jsonb_array_length(v_functions),
    'publications', v_pubs,
    'detachedForeignKeys', v_detach,
    'warnings', v_warnings,
    'swapMs', round((extract(epoch FROM clock_timestamp() - v_started) * 1000)::numeric, 1));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.swap_production_tables(text[], text, text, text, text, boolean) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.swap_production_tables(text[], text, text, text, text, boolean) IS 'Moves public.<t> out and <in_schema>.<t><in_suffix> into production, re-pointing views, MVs, FKs, policies and triggers (cutover and rollback).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.cutover_attempt(max_shrink numeric, force boolean, refresh_materialized_views boolean, compute_checksums boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_tables text[] := ARRAY['unified_profiles', 'transactions', 'enrollments']::text[];
  v_t text;
  v_n bigint;
  v_staging jsonb := '{}';
  v_production jsonb := '{}';
  v_total bigint := 0;
  v_shrunk text[] := '{}';
  v_report record;
  v_blocking jsonb;
  v_users int := 0;
  v_stale_new bigint;
  v_stale_existing bigint;
  v_id text;
  v_schema text;
  v_swap jsonb;
  v_constraints jsonb := '[]';
  v_backup_tables jsonb;
  v_counts jsonb := '{}';
  v_checksums jsonb := '{}';
  v_cs jsonb;
  v_warnings jsonb := '[]';
  v_timings jsonb := '{}';
  v_t0 timestamptz := clock_timestamp();
  v_t1 timestamptz;
  v_def text;
  v_prod regclass;
  v_mv jsonb;
  v_stage regclass;
  r record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('ingest.staging'));

  -- checks: staging present, latest validation report, non-empty, no shrink beyond max_shrink
  FOREACH v_t IN ARRAY v_tables LOOP
    IF to_regclass(format('ingest.%I', v_t || '_staging')) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC004', MESSAGE = format('staging table ingest.%I does not exist: run prepare first', v_t || '_staging'),
        HINT = 'code=staging_missing';
    END IF;
    IF to_regclass(format('public.%I', v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC014', MESSAGE = format('production table public.%I does not exist', v_t), HINT = 'code=production_missing';
    END IF;
  END LOOP;
  IF to_regclass('ingest.validation_reports') IS NOT NULL THEN
    EXECUTE 'SELECT id, blocking_errors, report FROM ingest.validation_reports ORDER BY created_at DESC, id DESC LIMIT 1' INTO v_report;
    IF v_report.blocking_errors > 0 THEN
      v_blocking := coalesce(v_report.report -> 'blockingErrors', '[]');
      RAISE EXCEPTION USING ERRCODE = 'UC001',
        MESSAGE = format('the latest validation report (%s) has %s blocking error(s): %s', v_report.id, v_report.blocking_errors,
                         coalesce((SELECT string_agg(coalesce(e ->> 'code', '?') || ': ' || coalesce(e ->> 'message', ''), '; ')
                                     FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v_blocking) = 'array' THEN v_blocking ELSE '[]' END) AS e), 'see the report')),
        DETAIL = v_blocking::text, HINT = 'code=blocking_errors';
    END IF;
    IF v_report IS NULL THEN
      v_warnings := v_warnings || '"no validation report: prepare has not run (staging filled by hand?)"'::jsonb;
    END IF;
  ELSE
    v_warnings := v_warnings || '"ingest.validation_reports does not exist: no validation report checked"'::jsonb;
  END IF;
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('ingest.%I', t || '_staging'), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  FOREACH v_t IN ARRAY v_tables LOOP
    EXECUTE format('SELECT count(*) FROM ingest.%I', v_t || '_staging') INTO v_n;
    v_staging := v_staging || jsonb_build_object(v_t, v_n);
    v_total := v_total + v_n;
    -- production is counted without its lock (it stays readable and writable until the swap): the
    -- shrink check needs no exactness; the backup's exact counts are taken from the frozen backup
    EXECUTE format('SELECT count(*) FROM public.%I', v_t) INTO v_n;
    v_production := v_production || jsonb_build_object(v_t, v_n);
    IF v_n > 0 AND (v_staging ->> v_t)::numeric < v_n * (1 - max_shrink) THEN
      v_shrunk := v_shrunk || format('%s: %s → %s rows (-%s%%)', v_t, v_n, v_staging ->> v_t,
                                     round(100 * (1 - (v_staging ->> v_t)::numeric / v_n), 1));
    END IF;
  END LOOP;
  IF v_total = 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC002', MESSAGE = 'the staging tables are empty: run prepare first (cutover never empties production)',
      HINT = 'code=empty_staging';
  END IF;
  IF cardinality(v_shrunk) > 0 THEN
    IF NOT force THEN
      RAISE EXCEPTION USING ERRCODE = 'UC003',
        MESSAGE = format('staging is smaller than production by more than %s%%: %s (force to cut over anyway)',
                         trim_scale(round(max_shrink * 100, 1)), array_to_string(v_shrunk, '; ')),
        HINT = 'code=shrink';
    END IF;
    v_warnings := v_warnings || to_jsonb('forced past the shrink limit: ' || array_to_string(v_shrunk, '; '));
  END IF;
  v_timings := v_timings || jsonb_build_object('checksMs', round((extract(epoch FROM clock_timestamp() - v_t0) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('checks');

  -- auth users prepare decided to create (existing = false). One that exists already with the same
  -- id and email was created by an earlier cutover of this staging (rolled back, then retried): kept.
  -- Refused when auth.users moved since prepare: a new user's email taken by another id (or its id by
  -- another email), or a user prepare found that is gone.
  v_t1 := clock_timestamp();
  IF to_regclass('ingest.users_staging') IS NOT NULL THEN
    LOCK TABLE ingest.users_staging IN SHARE MODE;
    SELECT count(*) FILTER (WHERE NOT s.existing AND EXISTS (
             SELECT 1 FROM auth.users u
              WHERE (u.id = s.id) <> (lower(u.email) IS NOT DISTINCT FROM lower(s.email))
                AND (u.id = s.id OR lower(u.email) = lower(s.email)))),
           count(*) FILTER (WHERE s.existing AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = s.id))
      INTO v_stale_new, v_stale_existing
      FROM ingest.users_staging s;
    IF v_stale_new + v_stale_existing > 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'UC012',
        MESSAGE = format('auth.users changed since prepare: %s new user(s) clash with another auth user''s id or email, %s existing user(s) are gone: run prepare again',
                         v_stale_new, v_stale_existing),
        HINT = 'code=stale_staging';
    END IF;
    INSERT INTO auth.users (instance_id, id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    SELECT '00000000-0000-0000-0000-000000000000'::uuid, s.id, 'authenticated', 'authenticated', s.email,
           '{"provider": "email", "providers": ["email"]}'::jsonb, s.raw_user_meta_data, s.created_at, now()
      FROM ingest.users_staging s
     WHERE NOT s.existing AND NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = s.id);
    GET DIAGNOSTICS v_users = ROW_COUNT;
  END IF;
  v_timings := v_timings || jsonb_build_object('authUsersMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('auth_users');

  -- staging's own constraints, before production is locked: a foreign key production has and staging
  -- lacks is added (siblings → their clones), and every NOT VALID one (prepare may add its keys to
  -- auth.users NOT VALID before the users exist) is validated. O(rows): a scan per constraint.
  v_t1 := clock_timestamp();
  FOREACH v_t IN ARRAY v_tables LOOP
    v_prod := format('public.%I', v_t)::regclass;
    v_stage := format('ingest.%I', v_t || '_staging')::regclass;
    FOR r IN
      SELECT c.conname, pg_get_constraintdef(c.oid) AS def, c.confrelid
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_prod AND c.contype = 'f'
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint s WHERE s.conrelid = v_stage AND s.conname = c.conname)
       ORDER BY c.conname
    LOOP
      v_def := r.def;
      FOR v_k IN 1 .. cardinality(v_tables) LOOP
        IF r.confrelid = format('public.%I', v_tables[v_k])::regclass THEN
          v_def := replace(r.def, format(' REFERENCES public.%I(', v_tables[v_k]), format(' REFERENCES ingest.%I(', v_tables[v_k] || '_staging'));
        END IF;
      END LOOP;
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s%s', v_stage, r.conname, v_def,
                     CASE WHEN v_def LIKE '% NOT VALID' THEN '' ELSE ' NOT VALID' END);
      v_constraints := v_constraints || jsonb_build_object('table', v_stage::text, 'name', r.conname, 'action', 'added');
    END LOOP;
    FOR r IN
      SELECT s.conname FROM pg_catalog.pg_constraint s
       WHERE s.conrelid = v_stage AND NOT s.convalidated
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = v_prod AND c.conname = s.conname AND NOT c.convalidated)
       ORDER BY s.conname
    LOOP
      EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', v_stage, r.conname);
      v_constraints := v_constraints || jsonb_build_object('table', v_stage::text, 'name', r.conname, 'action', 'validated');
    END LOOP;
  END LOOP;
  v_timings := v_timings || jsonb_build_object('stagingConstraintsMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('staging_constraints');

  -- lock production: from here to COMMIT, readers and writers of these tables wait (O(1) work, plus the MV refresh)
  v_t1 := clock_timestamp();
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  v_timings := v_timings || jsonb_build_object('lockMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('lock');

  v_id := 'b' || to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYYMMDD_HH24MISS') || '_' || substr(md5(gen_random_uuid()::text), 1, 6);
  v_schema := 'ingest_backup_' || v_id;
  EXECUTE format('CREATE SCHEMA %I', v_schema);
  EXECUTE format('COMMENT ON SCHEMA %I IS %L', v_schema, 'cutover backup ' || v_id || ': production tables before the cutover (see ingest.backups)');
  v_swap := ingest.swap_production_tables(v_tables, 'ingest', '_staging', v_schema, '', true);
  v_timings := v_timings || jsonb_build_object('swapMs', v_swap -> 'swapMs');

  -- register the backup; counts and checksums of the frozen backup now, or later by ingest.seal_backup()
  v_t1 := clock_timestamp();
  SELECT jsonb_agg(jsonb_build_object('name', t,
           'detachedForeignKeys', coalesce((SELECT jsonb_agg(d - 'table')
                                              FROM jsonb_array_elements(v_swap -> 'detachedForeignKeys') AS d WHERE d ->> 'table' = t), '[]'))
           ORDER BY o)
    INTO v_backup_tables
    FROM unnest(v_tables) WITH ORDINALITY AS u(t, o);
  IF compute_checksums THEN
    FOREACH v_t IN ARRAY v_tables LOOP
      v_cs := ingest.table_checksum(format('%I.%I', v_schema, v_t)::regclass);
      v_counts := v_counts || jsonb_build_object(v_t, (v_cs ->> 'count')::bigint);
      v_checksums := v_checksums || jsonb_build_object(v_t, v_cs ->> 'checksum');
    END LOOP;
  END IF;
  INSERT INTO ingest.backups (id, schema_name, tables, counts, checksums, status, sealed_at, pg_version, details)
  VALUES (v_id, v_schema, v_backup_tables, v_counts, v_checksums, 'active',
          CASE WHEN compute_checksums THEN now() END,
          CASE WHEN compute_checksums THEN current_setting('server_version_num')::int END,
          jsonb_build_object('counts', v_staging, 'previousCounts', v_production, 'authUsersCreated', v_users,
                             'stagingConstraints', v_constraints, 'foreignKeys', v_swap -> 'foreignKeys',
                             'warnings', v_warnings || (v_swap -> 'warnings')));
  v_timings := v_timings || jsonb_build_object('registerMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('register');

  -- materialized views: refreshed inside the transaction by default, so no reader ever sees one unpopulated
  v_t1 := clock_timestamp();
  IF refresh_materialized_views THEN
    
    PERFORM set_config('jit', coalesce(nullif(current_setting('ingest.jit', true), ''), current_setting('jit')), true);
    FOR v_mv IN SELECT value FROM jsonb_array_elements(v_swap -> 'materializedViews') LOOP
      IF v_mv ->> 'kind' = 'm' AND (v_mv ->> 'populated')::boolean THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', v_mv ->> 'name');
      END IF;
    END LOOP;
  END IF;
  
  IF to_regclass('public.dashboard_cache_status') IS NOT NULL THEN
    EXECUTE 'UPDATE public.dashboard_cache_status SET is_stale = true, stale_since = now()
              WHERE cache_name = ''revenue_metrics'' OR (cache_name = ''dashboard_views'' AND NOT $1)' USING refresh_materialized_views;
  END IF;
  v_timings := v_timings || jsonb_build_object('refreshMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('refresh');

  RETURN jsonb_build_object(
    'backupId', v_id,
    'schemaName', v_schema,
    'counts', v_staging,
    'previousCounts', v_production,
    'backupCounts', CASE WHEN compute_checksums THEN v_counts END,
    'checksums', CASE WHEN compute_checksums THEN v_checksums END,
    'sealed', compute_checksums,
    'authUsersCreated', v_users,
    'stagingConstraints', v_constraints,
    'views', v_swap -> 'views',
    'materializedViews', v_swap -> 'materializedViews',
    'refreshed', refresh_materialized_views,
    'foreignKeys', v_swap -> 'foreignKeys',
    'policies', v_swap -> 'policies',
    'detachedForeignKeys', v_swap -> 'detachedForeignKeys',
    'warnings', v_warnings || (v_swap -> 'warnings'),
    'timings', v_timings);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.cutover_attempt(numeric, boolean, boolean, boolean) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.cutover_attempt(numeric, boolean, boolean, boolean) IS 'One attempt of public.launch_clean_production (internal).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.rollback_attempt(p_backup_id text, refresh_materialized_views boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_tables text[];
  v_schema text;
  v_t text;
  v_cs jsonb;
  v_counts jsonb := '{}';
  v_checksums jsonb := '{}';
  v_same_engine boolean;
  v_bad text[] := '{}';
  v_dropped text[];
  v_swap jsonb;
  v_fks jsonb := '[]';
  v_warnings jsonb := '[]';
  v_timings jsonb := '{}';
  v_ok boolean;
  v_msg text;
  v_detail text;
  v_t0 timestamptz := clock_timestamp();
  v_t1 timestamptz;
  v_mv jsonb;
  r record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('ingest.staging'));

  -- checks: every name below comes from the registry row, never from the argument
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)),
      HINT = 'code=unknown_backup';
  END IF;
  IF v_b.status <> 'active' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC010', MESSAGE = format('backup %s is %s, not active', v_b.id, v_b.status), HINT = 'code=backup_not_active';
  END IF;
  v_schema := v_b.schema_name;
  -- the registry is read for names only, and only names the package knows: the swapped tables, in
  -- their order (schema_name is ingest_backup_<id> by its CHECK)
  SELECT array_agg(e.value ->> 'name' ORDER BY e.o) INTO v_tables
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(v_b.tables) = 'array' THEN v_b.tables ELSE '[]' END) WITH ORDINALITY AS e(value, o);
  IF v_tables IS DISTINCT FROM ARRAY['unified_profiles', 'transactions', 'enrollments']::text[] THEN
    RAISE EXCEPTION USING ERRCODE = 'UC011',
      MESSAGE = format('backup %s lists the tables %s, not the swapped tables %s: the registry entry was altered, refusing it',
                       v_b.id, coalesce(nullif(left(array_to_string(ARRAY(SELECT quote_ident(x) FROM unnest(v_tables) AS x), ', '), 200), ''), 'none'),
                       array_to_string(ARRAY['unified_profiles', 'transactions', 'enrollments']::text[], ', ')),
      HINT = 'code=verification_failed';
  END IF;
  FOREACH v_t IN ARRAY v_tables LOOP
    IF to_regclass(format('%I.%I', v_schema, v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC011', MESSAGE = format('backup %s is incomplete: %I.%I does not exist', v_b.id, v_schema, v_t),
        HINT = 'code=verification_failed';
    END IF;
    IF to_regclass(format('public.%I', v_t)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'UC014', MESSAGE = format('production table public.%I does not exist', v_t), HINT = 'code=production_missing';
    END IF;
  END LOOP;
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('%I.%I', v_schema, t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  PERFORM ingest.cutover_checkpoint('checks');

  -- the backup still holds what was registered (a backup never sealed is sealed now)
  v_t1 := clock_timestamp();
  v_same_engine := v_b.pg_version IS NULL OR v_b.pg_version / 10000 = current_setting('server_version_num')::int / 10000;
  FOREACH v_t IN ARRAY v_tables LOOP
    v_cs := ingest.table_checksum(format('%I.%I', v_schema, v_t)::regclass);
    v_counts := v_counts || jsonb_build_object(v_t, (v_cs ->> 'count')::bigint);
    v_checksums := v_checksums || jsonb_build_object(v_t, v_cs ->> 'checksum');
    IF v_b.sealed_at IS NOT NULL THEN
      -- compared as text: a registry value that is not a number is a mismatch, not a cast error
      IF (v_b.counts ->> v_t) IS DISTINCT FROM (v_cs ->> 'count') THEN
        v_bad := v_bad || format('%s: %s rows, registered %s', v_t, v_cs ->> 'count', coalesce(v_b.counts ->> v_t, 'none'));
      ELSIF v_same_engine AND (v_b.checksums ->> v_t) IS DISTINCT FROM (v_cs ->> 'checksum') THEN
        v_bad := v_bad || format('%s: checksum %s, registered %s', v_t, v_cs ->> 'checksum', coalesce(v_b.checksums ->> v_t, 'none'));
      END IF;
    END IF;
  END LOOP;
  IF cardinality(v_bad) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UC011', MESSAGE = format('backup %s does not match its registry entry: %s', v_b.id, array_to_string(v_bad, '; ')),
      HINT = 'code=verification_failed';
  END IF;
  IF NOT v_same_engine THEN
    v_warnings := v_warnings || to_jsonb(format('checksums were computed by server version %s: counts verified only', v_b.pg_version));
  END IF;
  IF v_b.sealed_at IS NULL THEN
    v_warnings := v_warnings || '"the backup was never sealed: counts and checksums computed now"'::jsonb;
  END IF;
  v_timings := v_timings || jsonb_build_object('verifyMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('verify_backup');

  -- staging rebuilt since the cutover (prepare ran again) is derived data: it makes room for production
  SELECT array_agg(format('ingest.%I', t || '_staging')) INTO v_dropped
    FROM unnest(v_tables) AS t WHERE to_regclass(format('ingest.%I', t || '_staging')) IS NOT NULL;
  IF cardinality(v_dropped) > 0 THEN
    EXECUTE 'DROP TABLE ' || array_to_string(v_dropped, ', ');
  END IF;

  -- the backup's detached foreign keys come back (NOT VALID, then validated; a failure is reported,
  -- not fatal). Taken from the catalog, never from the registry (a table service_role could once
  -- write): each foreign key of the production table being replaced to a table outside the swap that
  -- the backup table lacks, as pg_get_constraintdef prints it. The incoming tables passed the
  -- structure check against production at cutover, so these are the keys that were detached.
  v_t1 := clock_timestamp();
  FOR r IN
    SELECT u.t AS tbl, c.conname AS name, pg_catalog.pg_get_constraintdef(c.oid) AS def, c.convalidated AS validated
      FROM unnest(v_tables) WITH ORDINALITY AS u(t, o)
      JOIN pg_catalog.pg_constraint c ON c.conrelid = format('public.%I', u.t)::regclass AND c.contype = 'f'
     WHERE c.confrelid <> ALL (ARRAY(SELECT format('public.%I', x)::regclass::oid FROM unnest(v_tables) AS x))
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint b
                        WHERE b.conrelid = format('%I.%I', v_schema, u.t)::regclass AND b.conname = c.conname)
     ORDER BY u.o, c.conname
  LOOP
    EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s NOT VALID', v_schema, r.tbl, r.name, regexp_replace(r.def, ' NOT VALID$', ''));
    v_ok := r.validated;
    v_msg := NULL;
    IF v_ok THEN
      BEGIN
        EXECUTE format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', v_schema, r.tbl, r.name);
      EXCEPTION WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
        v_msg := v_msg || coalesce(': ' || v_detail, '');
        v_ok := false;
        v_warnings := v_warnings || to_jsonb(format('foreign key %s on public.%s left NOT VALID: %s', r.name, r.tbl, v_msg));
      END;
    END IF;
    v_fks := v_fks || jsonb_build_object('table', 'public.' || r.tbl, 'name', r.name, 'validated', v_ok, 'error', v_msg);
  END LOOP;
  v_timings := v_timings || jsonb_build_object('backupForeignKeysMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('backup_foreign_keys');

  v_t1 := clock_timestamp();
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(v_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  v_timings := v_timings || jsonb_build_object('lockMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('lock');

  -- production goes back to staging (kept for a retry, triggers disabled), the backup returns
  v_swap := ingest.swap_production_tables(v_tables, v_schema, '', 'ingest', '_staging', false);
  v_timings := v_timings || jsonb_build_object('swapMs', v_swap -> 'swapMs');
  EXECUTE format('DROP SCHEMA %I', v_schema);

  UPDATE ingest.backups
     SET status = 'restored', restored_at = now(),
         counts = CASE WHEN sealed_at IS NULL THEN v_counts ELSE counts END,
         checksums = CASE WHEN sealed_at IS NULL THEN v_checksums ELSE checksums END,
         pg_version = coalesce(pg_version, current_setting('server_version_num')::int),
         sealed_at = coalesce(sealed_at, now()),
         details = details || jsonb_build_object('rollback', jsonb_build_object('at', now(), 'foreignKeys', v_swap -> 'foreignKeys',
                                                 'backupForeignKeys', v_fks, 'warnings', v_warnings || (v_swap -> 'warnings')))
   WHERE id = v_b.id;
  PERFORM ingest.cutover_checkpoint('register');

  v_t1 := clock_timestamp();
  IF refresh_materialized_views THEN
    
    PERFORM set_config('jit', coalesce(nullif(current_setting('ingest.jit', true), ''), current_setting('jit')), true);
    FOR v_mv IN SELECT value FROM jsonb_array_elements(v_swap -> 'materializedViews') LOOP
      IF v_mv ->> 'kind' = 'm' AND (v_mv ->> 'populated')::boolean THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', v_mv ->> 'name');
      END IF;
    END LOOP;
  END IF;
  
  IF to_regclass('public.dashboard_cache_status') IS NOT NULL THEN
    EXECUTE 'UPDATE public.dashboard_cache_status SET is_stale = true, stale_since = now()
              WHERE cache_name = ''revenue_metrics'' OR (cache_name = ''dashboard_views'' AND NOT $1)' USING refresh_materialized_views;
  END IF;
  v_timings := v_timings || jsonb_build_object('refreshMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
  PERFORM ingest.cutover_checkpoint('refresh');

  RETURN jsonb_build_object(
    'backupId', v_b.id,
    'schemaName', v_schema,
    'counts', v_counts,
    'checksums', v_checksums,
    'checksumsVerified', v_b.sealed_at IS NOT NULL AND v_same_engine,
    'stagingTables', (SELECT jsonb_agg(format('ingest.%I', t || '_staging')) FROM unnest(v_tables) AS t),
    'droppedStaging', coalesce(to_jsonb(v_dropped), '[]'),
    'views', v_swap -> 'views',
    'materializedViews', v_swap -> 'materializedViews',
    'refreshed', refresh_materialized_views,
    'foreignKeys', (v_swap -> 'foreignKeys') || v_fks,
    'policies', v_swap -> 'policies',
    'warnings', v_warnings || (v_swap -> 'warnings'),
    'timings', v_timings);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.rollback_attempt(text, boolean) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.rollback_attempt(text, boolean) IS 'One attempt of public.rollback_migration (internal).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest.drop_backup(p_backup_id text)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_b ingest.backups%ROWTYPE;
  v_list text;
BEGIN
  IF p_backup_id IS NULL OR p_backup_id !~ '^b[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC008', MESSAGE = format('%s is not a backup id', coalesce(quote_literal(left(p_backup_id, 80)), 'NULL')),
      HINT = 'code=invalid_backup_id';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('ingest.staging'));
  SELECT * INTO v_b FROM ingest.backups b WHERE b.id = p_backup_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UC009', MESSAGE = format('no backup %s in ingest.backups', quote_literal(p_backup_id)), HINT = 'code=unknown_backup';
  END IF;
  IF v_b.status <> 'active' THEN
    RAISE EXCEPTION USING ERRCODE = 'UC010', MESSAGE = format('backup %s is %s, not active', v_b.id, v_b.status), HINT = 'code=backup_not_active';
  END IF;
  -- only the swapped tables' names, whatever the registry row says (DROP SCHEMA without CASCADE stops on anything else)
  SELECT string_agg(format('%I.%I', v_b.schema_name, t), ', ') INTO v_list
    FROM unnest(ARRAY['unified_profiles', 'transactions', 'enrollments']::text[]) AS t
   WHERE to_regclass(format('%I.%I', v_b.schema_name, t)) IS NOT NULL;
  IF v_list IS NOT NULL THEN
    EXECUTE 'DROP TABLE ' || v_list;
  END IF;
  EXECUTE format('DROP SCHEMA IF EXISTS %I', v_b.schema_name);
  UPDATE ingest.backups SET status = 'dropped', dropped_at = now() WHERE id = v_b.id;
  RETURN jsonb_build_object('backupId', v_b.id, 'schemaName', v_b.schema_name, 'status', 'dropped');
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ingest.drop_backup(text) FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION ingest.drop_backup(text) IS 'Drops the tables and schema of an active cutover backup and marks it dropped.';

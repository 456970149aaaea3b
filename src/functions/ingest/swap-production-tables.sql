DECLARE
  v_n int := coalesce(array_length(p_tables, 1), 0);
  v_out oid[];
  v_in oid[];
  v_t text;
  v_state text;
  v_diff text[] := '{}'::text[];
  v_triggers jsonb;
  v_views jsonb;
  v_rebuild jsonb;
  v_rebuild_oids oid[];
  v_fks jsonb;
  v_policies jsonb;
  v_functions jsonb;
  v_pubs jsonb;
  v_detach jsonb;
  v_fk_report jsonb := '[]'::jsonb;
  v_warnings jsonb := '[]'::jsonb;
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
  PERFORM ingest.raise_listed(v_diff, 'UC005', 'structure_mismatch',
                              'the incoming tables are not interchangeable with production (%s difference(s)): %s');

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
  -- storage options follow the production table that a table replaces: the incoming one takes the
  -- outgoing one's (fillfactor, autovacuum settings, ...; its TOAST table's as toast.*) and none of
  -- its own (the staging tables are built with autovacuum off: nothing reads their rows before the
  -- cutover)
  FOR v_i IN 1 .. v_n LOOP
    -- the incoming table's options reset first, then the outgoing table's set (pg_options_to_table
    -- splits each name=value; a table without options gives no row, so no statement)
    FOR v_row IN
      SELECT CASE WHEN rel.oid = v_in[v_i] THEN 'RESET' ELSE 'SET' END AS verb,
             string_agg(CASE WHEN r.toast THEN 'toast.' ELSE '' END || quote_ident(o.option_name)
                        || CASE WHEN rel.oid = v_out[v_i] THEN ' = ' || quote_literal(o.option_value) ELSE '' END, ', ') AS options
        FROM unnest(ARRAY[v_in[v_i], v_out[v_i]]) WITH ORDINALITY AS rel(oid, ord)
        CROSS JOIN LATERAL (SELECT false AS toast, c.reloptions FROM pg_catalog.pg_class c WHERE c.oid = rel.oid
                            UNION ALL
                            SELECT true, t.reloptions FROM pg_catalog.pg_class c JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid
                             WHERE c.oid = rel.oid) r
        CROSS JOIN LATERAL pg_catalog.pg_options_to_table(r.reloptions) o
       GROUP BY rel.ord, rel.oid
       ORDER BY rel.ord
    LOOP
      EXECUTE format('ALTER TABLE %s %s (%s)', v_in[v_i]::regclass, v_row.verb, v_row.options);
    END LOOP;
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
  PERFORM ingest.raise_listed(v_bad, 'UC006', 'dependents_remain',
                              '%s object(s) outside still depend on the tables leaving production: %s');
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

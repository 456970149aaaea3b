DECLARE
  v_src regclass;
  v_unknown text;
  v_list text;
BEGIN
  IF p_table IS NULL OR p_table NOT IN ({{SWAPPED_TABLES}}) THEN
    RAISE EXCEPTION 'staging_select_list: % is not one of the tables prepare rebuilds', p_table;
  END IF;
  v_src := pg_catalog.format('public.%I', p_table)::regclass;
  SELECT pg_catalog.string_agg(k.key, ', ' ORDER BY k.key) INTO v_unknown
    FROM jsonb_object_keys(p_exprs) AS k(key)
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = v_src AND a.attname = k.key AND a.attnum > 0 AND NOT a.attisdropped);
  IF v_unknown IS NOT NULL THEN
    RAISE EXCEPTION 'staging_select_list: % has no column(s) %', v_src, v_unknown;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped AND (a.attidentity <> '' OR a.attgenerated <> '')) THEN
    RAISE EXCEPTION 'staging_select_list: % has an identity or generated column, which CREATE TABLE … AS cannot make', v_src;
  END IF;
  SELECT pg_catalog.string_agg(pg_catalog.format('(%s)::%s%s AS %I',
           coalesce(p_exprs ->> a.attname::text, pg_catalog.pg_get_expr(d.adbin, d.adrelid), 'NULL'),
           pg_catalog.format_type(a.atttypid, a.atttypmod),
           CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation
                THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END,
           a.attname), ', ' ORDER BY a.attnum)
    INTO v_list
    FROM pg_catalog.pg_attribute a
    JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped;
  RETURN v_list;
END

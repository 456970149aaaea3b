DECLARE
  v_src regclass;
  v_dst text;
  v_owner text;
  v_alter text;
  v_diff text;
  v_new text;
  v_acl aclitem[];
  r record;
BEGIN
  IF p_table IS NULL OR p_table NOT IN ({{SWAPPED_TABLES}}) THEN
    RAISE EXCEPTION 'dress_staging_table: % is not one of the tables prepare rebuilds', p_table;
  END IF;
  v_src := pg_catalog.format('public.%I', p_table)::regclass;
  v_dst := pg_catalog.format('ingest.%I', p_table || '_staging');

  -- the staging table must have production's columns: same names, types, collations, in order
  -- (made by create_staging_tables, or by prepare's CREATE TABLE … AS from the catalog)
  SELECT pg_catalog.string_agg(pg_catalog.format('%s: %s / %s', coalesce(s.attname, d.attname),
           coalesce(pg_catalog.format_type(s.atttypid, s.atttypmod) || ' ' || s.attcollation::regcollation::text, 'missing'),
           coalesce(pg_catalog.format_type(d.atttypid, d.atttypmod) || ' ' || d.attcollation::regcollation::text, 'missing')), ', ')
    INTO v_diff
    FROM (SELECT a.attname, a.atttypid, a.atttypmod, a.attcollation, row_number() OVER (ORDER BY a.attnum) AS pos
            FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped) s
    FULL JOIN (SELECT a.attname, a.atttypid, a.atttypmod, a.attcollation, row_number() OVER (ORDER BY a.attnum) AS pos
                 FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_dst::regclass AND a.attnum > 0 AND NOT a.attisdropped) d
      ON d.pos = s.pos
   WHERE (s.attname, s.atttypid, s.atttypmod, s.attcollation) IS DISTINCT FROM (d.attname, d.atttypid, d.atttypmod, d.attcollation);
  IF v_diff IS NOT NULL THEN
    RAISE EXCEPTION 'dress_staging_table: the columns of % differ from %''s (production / staging): %', v_dst, v_src, v_diff;
  END IF;

  -- the defaults and NOT NULLs the table lacks (CREATE TABLE … AS makes none; create_staging_tables
  -- makes them with the columns, and identity and generated columns) and the CHECKs, in one ALTER
  -- TABLE: a filled table is scanned once for all of them
  SELECT pg_catalog.string_agg(x.cmd, ', ' ORDER BY x.ord, x.attnum, x.conname)
    INTO v_alter
    FROM (
      SELECT 1 AS ord, a.attnum, ''::name AS conname,
             pg_catalog.format('ALTER COLUMN %I SET DEFAULT %s', a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid)) AS cmd
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        JOIN pg_catalog.pg_attribute da ON da.attrelid = v_dst::regclass AND da.attname = a.attname
       WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity = '' AND a.attgenerated = ''
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attrdef dd WHERE dd.adrelid = da.attrelid AND dd.adnum = da.attnum)
      UNION ALL
      -- PostgreSQL 18 records NOT NULL as named constraints (contype 'n'); 15 has none
      SELECT 2, a.attnum, '',
             CASE WHEN nn.conname IS NOT NULL THEN pg_catalog.format('ADD CONSTRAINT %I NOT NULL %I', nn.conname, a.attname)
                  ELSE pg_catalog.format('ALTER COLUMN %I SET NOT NULL', a.attname) END
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_attribute da ON da.attrelid = v_dst::regclass AND da.attname = a.attname
        LEFT JOIN pg_catalog.pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey = ARRAY[a.attnum]
       WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND NOT da.attnotnull
      UNION ALL
      SELECT 3, 0, c.conname, pg_catalog.format('ADD CONSTRAINT %I %s', c.conname, pg_catalog.pg_get_constraintdef(c.oid))
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_src AND c.contype = 'c'
    ) x;
  IF v_alter IS NOT NULL THEN
    EXECUTE pg_catalog.format('ALTER TABLE %s %s', v_dst, v_alter);
  END IF;

  SELECT c.relowner::regrole::text INTO v_owner FROM pg_catalog.pg_class c WHERE c.oid = v_src;
  EXECUTE pg_catalog.format('ALTER TABLE %s OWNER TO %s', v_dst, v_owner);

  IF p_keys THEN
    -- keys (their indexes take the constraint names), every other index, then the triggers (created
    -- disabled): same name, same definition, with the table name after ON replaced (an index
    -- definition goes on with ' USING ', a trigger's with ' ')
    FOR r IN
      SELECT c.conname, pg_catalog.pg_get_constraintdef(c.oid) AS def
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_src AND c.contype IN ('p', 'u', 'x')
       ORDER BY c.contype <> 'p', c.conname
    LOOP
      EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_dst, r.conname, r.def);
    END LOOP;
    FOR r IN
      SELECT 'index' AS kind, ic.relname AS name, pg_catalog.pg_get_indexdef(i.indexrelid) AS def, ' USING ' AS after_table
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
       WHERE i.indrelid = v_src
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                          WHERE c.conrelid = v_src AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      UNION ALL
      SELECT 'trigger', t.tgname, pg_catalog.pg_get_triggerdef(t.oid), ' '
        FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid = v_src AND NOT t.tgisinternal
       ORDER BY kind, name
    LOOP
      v_new := pg_catalog.replace(r.def, ' ON ' || v_src::text || r.after_table, ' ON ' || v_dst || r.after_table);
      IF v_new = r.def THEN
        RAISE EXCEPTION 'dress_staging_table: cannot retarget % % (%)', r.kind, r.name, r.def;
      END IF;
      EXECUTE v_new;
      IF r.kind = 'trigger' THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER %I', v_dst, r.name);
      END IF;
    END LOOP;
  END IF;

  -- RLS and policies
  IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = v_src) THEN
    EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_dst);
  END IF;
  IF (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = v_src) THEN
    EXECUTE pg_catalog.format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', v_dst);
  END IF;
  FOR r IN
    SELECT p.polname, p.polpermissive, p.polcmd,
           (SELECT pg_catalog.string_agg(CASE WHEN x.role = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(ro.rolname) END, ', ' ORDER BY x.ord)
              FROM unnest(p.polroles) WITH ORDINALITY AS x(role, ord)
              LEFT JOIN pg_catalog.pg_roles ro ON ro.oid = x.role) AS roles,
           pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS qual,
           pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
      FROM pg_catalog.pg_policy p
     WHERE p.polrelid = v_src
     ORDER BY p.polname
  LOOP
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s',
      r.polname, v_dst,
      CASE WHEN r.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
      CASE r.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
      r.roles,
      coalesce(' USING (' || r.qual || ')', ''),
      coalesce(' WITH CHECK (' || r.with_check || ')', ''));
  END LOOP;

  -- grants: clear what CREATE TABLE (and default privileges) gave, then the production ACL
  SELECT c.relacl INTO v_acl FROM pg_catalog.pg_class c WHERE c.oid = v_src;
  IF v_acl IS NOT NULL THEN
    FOR r IN
      SELECT DISTINCT x.grantee
        FROM pg_catalog.pg_class c,
             pg_catalog.aclexplode(coalesce(c.relacl, pg_catalog.acldefault('r', c.relowner))) x
       WHERE c.oid = v_dst::regclass
    LOOP
      EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM %s', v_dst,
        CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END);
    END LOOP;
    FOR r IN SELECT x.grantee, x.privilege_type, x.is_grantable FROM pg_catalog.aclexplode(v_acl) x LOOP
      EXECUTE pg_catalog.format('GRANT %s ON %s TO %s%s', r.privilege_type, v_dst,
        CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END,
        CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
  END IF;
  FOR r IN
    SELECT a.attname, x.grantee, x.privilege_type, x.is_grantable
      FROM pg_catalog.pg_attribute a, pg_catalog.aclexplode(a.attacl) x
     WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
  LOOP
    EXECUTE pg_catalog.format('GRANT %s (%I) ON %s TO %s%s', r.privilege_type, r.attname, v_dst,
      CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END,
      CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;

  -- comments (of the keys, indexes and triggers only when they were made here)
  FOR r IN
    SELECT 'TABLE ' || v_dst AS target, d.description
      FROM pg_catalog.pg_description d
     WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = v_src AND d.objsubid = 0
    UNION ALL
    SELECT pg_catalog.format('COLUMN %s.%I', v_dst, a.attname), d.description
      FROM pg_catalog.pg_description d
      JOIN pg_catalog.pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid
     WHERE d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = v_src AND d.objsubid > 0
    UNION ALL
    SELECT pg_catalog.format('CONSTRAINT %I ON %s', c.conname, v_dst), d.description
      FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_constraint'::regclass AND d.objoid = c.oid
     WHERE c.conrelid = v_src AND (c.contype = 'c' OR (p_keys AND c.contype IN ('p', 'u', 'x')))
    UNION ALL
    SELECT pg_catalog.format('INDEX ingest.%I', ic.relname), d.description
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = i.indexrelid AND d.objsubid = 0
     WHERE p_keys AND i.indrelid = v_src
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                        WHERE c.conrelid = v_src AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
    UNION ALL
    SELECT pg_catalog.format('TRIGGER %I ON %s', t.tgname, v_dst), d.description
      FROM pg_catalog.pg_trigger t
      JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_trigger'::regclass AND d.objoid = t.oid
     WHERE p_keys AND t.tgrelid = v_src AND NOT t.tgisinternal
    UNION ALL
    SELECT pg_catalog.format('POLICY %I ON %s', p.polname, v_dst), d.description
      FROM pg_catalog.pg_policy p
      JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_policy'::regclass AND d.objoid = p.oid
     WHERE p.polrelid = v_src
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON %s IS %L', r.target, r.description);
  END LOOP;
END

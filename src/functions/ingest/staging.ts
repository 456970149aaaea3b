import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../db.js';
import { defineFunction, quoteLiteral } from '../define.js';

/**
 * The production tables prepare rebuilds and cutover swaps, in FK order, with their staging clones.
 * Every other table (auth.users, courses, membership_levels, affiliates, …) is left in place: the
 * clones' foreign keys to them point at them, foreign keys among these three point at the clones.
 */
export const SWAPPED_TABLES = [
  { table: 'unified_profiles', production: 'public.unified_profiles', staging: 'ingest.unified_profiles_staging' },
  { table: 'transactions', production: 'public.transactions', staging: 'ingest.transactions_staging' },
  { table: 'enrollments', production: 'public.enrollments', staging: 'ingest.enrollments_staging' },
  { table: 'leads', production: 'public.leads', staging: 'ingest.leads_staging' },
] as const;
export type SwappedTable = (typeof SWAPPED_TABLES)[number]['table'];

/** The auth users prepare decided on; cutover inserts those with `existing = false` into auth.users. */
export const USERS_STAGING = 'ingest.users_staging';

/** Advisory lock key (first int) shared by create_staging_tables and prepare: one rebuild at a time. */
export const STAGING_LOCK_KEY = 'ingest.staging';

const swappedList = SWAPPED_TABLES.map((t) => quoteLiteral(t.table)).join(', ');

/**
 * `ingest.create_staging_tables()`: drops and re-creates, empty, `ingest.users_staging` and an exact
 * structural clone of each swapped production table, read from the catalog (never `CREATE TABLE …
 * LIKE`, which loses foreign keys, RLS, policies, triggers and grants, and renames indexes):
 * - columns with types, collations, defaults, identity, stored generated expressions, NOT NULL
 *   (PostgreSQL 18's named NOT NULL constraints keep their names);
 * - PRIMARY KEY / UNIQUE / EXCLUDE / CHECK constraints and every other index under the production
 *   names (index names are per schema, staging lives in `ingest`), from pg_get_constraintdef /
 *   pg_get_indexdef with the table substituted;
 * - foreign keys under the production names: to a sibling swapped table → its staging clone, to any
 *   other table → that table;
 * - owner, RLS enabled / forced, every policy, table and column grants, comments;
 * - every trigger, DISABLED: filling staging must not fire production logic (after_transaction_insert
 *   writes enrollments into public.enrollments). Cutover enables them after the swap.
 * Returns `{ <staging table>: { columns, constraints, indexes, policies, triggers } }`.
 */
export const createStagingTablesFn = defineFunction({
  schema: 'ingest',
  name: 'create_staging_tables',
  returns: 'jsonb',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  comment:
    'Re-creates ingest.users_staging and empty exact clones (columns, constraints, indexes, FKs, RLS, policies, grants, disabled triggers) of public.unified_profiles, transactions, enrollments and leads.',
  body: `
DECLARE
  v_tables text[] := ARRAY[${swappedList}];
  v_t text;
  v_src regclass;
  v_dst text;
  v_owner text;
  v_cols text;
  v_sql text;
  v_new text;
  v_acl aclitem[];
  v_result jsonb := '{}'::jsonb;
  r record;
BEGIN
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext(${quoteLiteral(STAGING_LOCK_KEY)}));

  -- One statement: the foreign keys among the staging tables do not decide the order. No CASCADE:
  -- anything else depending on a staging table is unexpected and must stop the rebuild.
  DROP TABLE IF EXISTS ${SWAPPED_TABLES.map((t) => t.staging).join(', ')}, ingest.users_staging;

  CREATE TABLE ingest.users_staging (
    id uuid CONSTRAINT users_staging_pkey PRIMARY KEY,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    raw_user_meta_data jsonb NOT NULL DEFAULT '{}'::jsonb,
    existing boolean NOT NULL DEFAULT false
  );
  CREATE UNIQUE INDEX users_staging_email_key ON ingest.users_staging (lower(email));
  ALTER TABLE ingest.users_staging ENABLE ROW LEVEL SECURITY;
  REVOKE ALL ON ingest.users_staging FROM PUBLIC;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
    GRANT SELECT, INSERT, UPDATE, DELETE ON ingest.users_staging TO service_role;
  END IF;
  COMMENT ON TABLE ingest.users_staging IS 'Auth users of the prepared data: existing = true keeps an auth.users id, false is inserted by the cutover.';

  -- 1. tables and columns
  FOREACH v_t IN ARRAY v_tables LOOP
    v_src := pg_catalog.format('public.%I', v_t)::regclass;
    v_dst := pg_catalog.format('ingest.%I', v_t || '_staging');
    SELECT pg_catalog.string_agg(
             pg_catalog.format('%I %s', a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))
             || CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation
                     THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
             || CASE
                  WHEN a.attidentity = 'a' THEN ' GENERATED ALWAYS AS IDENTITY'
                  WHEN a.attidentity = 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY'
                  WHEN a.attgenerated = 's' THEN ' GENERATED ALWAYS AS (' || pg_catalog.pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                  WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid)
                  ELSE '' END
             || CASE WHEN NOT a.attnotnull THEN ''
                     WHEN nn.conname IS NOT NULL THEN pg_catalog.format(' CONSTRAINT %I NOT NULL', nn.conname)
                     ELSE ' NOT NULL' END,
             ', ' ORDER BY a.attnum)
      INTO v_cols
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      -- PostgreSQL 18 records NOT NULL as named constraints (contype 'n'); 15 has none.
      LEFT JOIN pg_catalog.pg_constraint nn ON nn.conrelid = a.attrelid AND nn.contype = 'n' AND nn.conkey = ARRAY[a.attnum]
     WHERE a.attrelid = v_src AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE pg_catalog.format('CREATE TABLE %s (%s)', v_dst, v_cols);

    SELECT c.relowner::regrole::text INTO v_owner FROM pg_catalog.pg_class c WHERE c.oid = v_src;
    EXECUTE pg_catalog.format('ALTER TABLE %s OWNER TO %s', v_dst, v_owner);

    -- keys and checks (their indexes take the constraint names)
    FOR r IN
      SELECT c.conname, pg_catalog.pg_get_constraintdef(c.oid) AS def
        FROM pg_catalog.pg_constraint c
       WHERE c.conrelid = v_src AND c.contype IN ('p', 'u', 'x', 'c')
       ORDER BY c.contype <> 'p', c.conname
    LOOP
      EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_dst, r.conname, r.def);
    END LOOP;

    -- every other index, same name, same definition
    FOR r IN
      SELECT ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid) AS def
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
       WHERE i.indrelid = v_src
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                          WHERE c.conrelid = v_src AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
       ORDER BY ic.relname
    LOOP
      v_new := pg_catalog.replace(r.def, ' ON ' || v_src::text || ' USING ', ' ON ' || v_dst || ' USING ');
      IF v_new = r.def THEN
        RAISE EXCEPTION 'create_staging_tables: cannot retarget index % (%)', r.relname, r.def;
      END IF;
      EXECUTE v_new;
    END LOOP;

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

    -- triggers, created disabled
    FOR r IN
      SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid) AS def
        FROM pg_catalog.pg_trigger t
       WHERE t.tgrelid = v_src AND NOT t.tgisinternal
       ORDER BY t.tgname
    LOOP
      v_new := pg_catalog.replace(r.def, ' ON ' || v_src::text || ' ', ' ON ' || v_dst || ' ');
      IF v_new = r.def THEN
        RAISE EXCEPTION 'create_staging_tables: cannot retarget trigger % (%)', r.tgname, r.def;
      END IF;
      EXECUTE v_new;
      EXECUTE pg_catalog.format('ALTER TABLE %s DISABLE TRIGGER %I', v_dst, r.tgname);
    END LOOP;

    -- comments
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
       WHERE c.conrelid = v_src AND c.contype IN ('p', 'u', 'x', 'c')
      UNION ALL
      SELECT pg_catalog.format('INDEX ingest.%I', ic.relname), d.description
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_class'::regclass AND d.objoid = i.indexrelid AND d.objsubid = 0
       WHERE i.indrelid = v_src
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                          WHERE c.conrelid = v_src AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
      UNION ALL
      SELECT pg_catalog.format('TRIGGER %I ON %s', t.tgname, v_dst), d.description
        FROM pg_catalog.pg_trigger t
        JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_trigger'::regclass AND d.objoid = t.oid
       WHERE t.tgrelid = v_src AND NOT t.tgisinternal
      UNION ALL
      SELECT pg_catalog.format('POLICY %I ON %s', p.polname, v_dst), d.description
        FROM pg_catalog.pg_policy p
        JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_policy'::regclass AND d.objoid = p.oid
       WHERE p.polrelid = v_src
    LOOP
      EXECUTE pg_catalog.format('COMMENT ON %s IS %L', r.target, r.description);
    END LOOP;
  END LOOP;

  -- 2. foreign keys, once every referenced key exists: siblings → their clones, others unchanged
  FOREACH v_t IN ARRAY v_tables LOOP
    v_src := pg_catalog.format('public.%I', v_t)::regclass;
    v_dst := pg_catalog.format('ingest.%I', v_t || '_staging');
    FOR r IN
      SELECT c.conname, pg_catalog.pg_get_constraintdef(c.oid) AS def, c.confrelid::regclass::text AS target,
             ct.relname AS target_name, ctn.nspname AS target_schema, c.oid
        FROM pg_catalog.pg_constraint c
        JOIN pg_catalog.pg_class ct ON ct.oid = c.confrelid
        JOIN pg_catalog.pg_namespace ctn ON ctn.oid = ct.relnamespace
       WHERE c.conrelid = v_src AND c.contype = 'f'
       ORDER BY c.conname
    LOOP
      v_sql := r.def;
      IF r.target_schema = 'public' AND r.target_name = ANY (v_tables) THEN
        v_sql := pg_catalog.replace(r.def, ' REFERENCES ' || r.target || '(',
                   ' REFERENCES ' || pg_catalog.format('ingest.%I', r.target_name || '_staging') || '(');
        IF v_sql = r.def THEN
          RAISE EXCEPTION 'create_staging_tables: cannot retarget foreign key % (%)', r.conname, r.def;
        END IF;
      END IF;
      EXECUTE pg_catalog.format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_dst, r.conname, v_sql);
      IF obj_description(r.oid, 'pg_constraint') IS NOT NULL THEN
        EXECUTE pg_catalog.format('COMMENT ON CONSTRAINT %I ON %s IS %L', r.conname, v_dst, obj_description(r.oid, 'pg_constraint'));
      END IF;
    END LOOP;
  END LOOP;

  -- summary of what was built
  FOREACH v_t IN ARRAY v_tables LOOP
    v_dst := pg_catalog.format('ingest.%I', v_t || '_staging');
    v_result := v_result || jsonb_build_object(v_dst, jsonb_build_object(
      'columns', (SELECT count(*) FROM pg_catalog.pg_attribute a WHERE a.attrelid = v_dst::regclass AND a.attnum > 0 AND NOT a.attisdropped),
      'constraints', (SELECT count(*) FROM pg_catalog.pg_constraint c WHERE c.conrelid = v_dst::regclass AND c.contype <> 'n'),
      'indexes', (SELECT count(*) FROM pg_catalog.pg_index i WHERE i.indrelid = v_dst::regclass),
      'policies', (SELECT count(*) FROM pg_catalog.pg_policy p WHERE p.polrelid = v_dst::regclass),
      'triggers', (SELECT count(*) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = v_dst::regclass AND NOT t.tgisinternal)));
  END LOOP;
  RETURN v_result;
END`,
});

export interface StagingTableSummary {
  columns: number;
  constraints: number;
  indexes: number;
  policies: number;
  triggers: number;
}

/**
 * Re-creates the staging tables, empty (typed wrapper of `ingest.create_staging_tables()`): the
 * structure cutover swaps into production. Run as the tables' owner or a superuser (it creates,
 * drops and re-owns tables).
 */
export async function createStagingTables(db: Database): Promise<Record<string, StagingTableSummary>> {
  const [row] = await queryRows<{ result: Record<string, StagingTableSummary> | string }>(db, sql`select ingest.create_staging_tables() as result`);
  const result = row!.result;
  return typeof result === 'string' ? JSON.parse(result) : result;
}

import { defineFunction } from '../define.js';

/** A foreign key's action letter (pg_constraint.confupdtype / confdeltype) as its SQL words; anything else is NULL. */
const fkAction = (letter: string) =>
  `CASE ${letter} WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict' WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' END`;

/**
 * ` WITH (name = 'value', …)` from a relation's captured reloptions (a jsonb array of `name=value`),
 * each name quoted with %I and each value with %L; '' when there are none.
 */
const withOptions = (options: string) => `CASE WHEN jsonb_typeof(${options}) = 'array' AND jsonb_array_length(${options}) > 0
           THEN ' WITH (' || (SELECT string_agg(format('%I = %L', split_part(o, '=', 1), substr(o, strpos(o, '=') + 1)), ', ')
                                FROM jsonb_array_elements_text(${options}) AS o) || ')' ELSE '' END`;

// The generic table swap behind cutover and rollback, in SQL: every object that followed the OIDs of
// the tables leaving production is found in the catalog (pg_depend, pg_rewrite, pg_constraint,
// pg_policy, pg_proc, pg_publication_rel), captured as text BEFORE the move (with search_path ''
// every name prints schema-qualified, `public.transactions`), and re-applied after it, when the same
// text binds to the tables that arrived. Nothing here names a view, a foreign key or a policy.
//
// What it executes comes from the catalog of the same call (pg_get_viewdef, pg_get_constraintdef,
// pg_get_expr, pg_get_indexdef, pg_get_functiondef, aclexplode) and lives only in local variables:
// never from a table, so no role that can write a table can make the owner run its text. Names go
// through %I (or print through regclass/regrole, which quote), option values through %L, keywords
// come from CASE over catalog letters. What the swap returns about detached foreign keys is a
// record for people: rollback re-derives the keys from the catalog (docs/decisions.md, issue 10).

/**
 * SQLSTATEs the cutover and rollback functions raise, and the `code` the TS wrappers give them.
 * Custom classes (`UC…`) so a caller can tell a refusal from a database error.
 */
export const CUTOVER_SQLSTATES = {
  UC001: 'blocking_errors',
  UC002: 'empty_staging',
  UC003: 'shrink',
  UC004: 'staging_missing',
  UC005: 'structure_mismatch',
  UC006: 'dependents_remain',
  UC007: 'injected_failure',
  UC008: 'invalid_backup_id',
  UC009: 'unknown_backup',
  UC010: 'backup_not_active',
  UC011: 'verification_failed',
  UC012: 'stale_staging',
  UC013: 'invalid_option',
  UC014: 'production_missing',
  '55P03': 'lock_timeout',
  '23503': 'invalid_staging',
  '23505': 'invalid_staging',
  '23514': 'invalid_staging',
} as const;
export type CutoverErrorCode = (typeof CUTOVER_SQLSTATES)[keyof typeof CUTOVER_SQLSTATES] | 'database_error';

/** The transaction-local setting that makes a step fail (tests): `set_config('ingest.fail_at', '<step>', true)`. */
export const FAIL_AT_SETTING = 'ingest.fail_at';

/**
 * `ingest.cutover_checkpoint(step)`: called after each step of cutover and rollback; raises
 * `UC007` when the transaction-local setting `ingest.fail_at` names that step. The raise rolls the
 * whole transaction back, which is what the failure-injection tests check.
 */
export const cutoverCheckpointFn = defineFunction({
  schema: 'ingest',
  name: 'cutover_checkpoint',
  args: [{ name: 'step', type: 'text' }],
  returns: 'void',
  language: 'plpgsql',
  volatility: 'stable',
  searchPath: '',
  grantExecute: [],
  comment: "Raises UC007 when the setting ingest.fail_at names this step (failure injection for cutover and rollback tests).",
  body: `
BEGIN
  IF step = nullif(current_setting('${FAIL_AT_SETTING}', true), '') THEN
    RAISE EXCEPTION USING ERRCODE = 'UC007', MESSAGE = format('injected failure at step %s (${FAIL_AT_SETTING})', step),
      HINT = 'code=injected_failure';
  END IF;
END`,
});

/**
 * `ingest.table_checksum(rel)` → `{ count, checksum }`: md5 over the rows' own md5 (`md5(t::text)`),
 * concatenated in primary-key order (row text if there is none). Hashing each row first keeps the
 * aggregate at 32 bytes per row (a plain `string_agg(t::text)` hits the 1 GB text limit near 3M rows).
 * Row text is the engine's output format: compare checksums within one PostgreSQL major version.
 */
export const tableChecksumFn = defineFunction({
  schema: 'ingest',
  name: 'table_checksum',
  args: [{ name: 'rel', type: 'regclass' }],
  returns: 'jsonb',
  language: 'plpgsql',
  volatility: 'stable',
  searchPath: '',
  grantExecute: ['service_role'],
  comment: 'Row count and md5 checksum (md5 of the ordered per-row md5(row::text)) of a table.',
  body: `
DECLARE
  v_order text;
  v_count bigint;
  v_sum text;
BEGIN
  SELECT string_agg(format('t.%I', a.attname), ', ' ORDER BY k.ord) INTO v_order
    FROM pg_catalog.pg_index i
    CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
   WHERE i.indrelid = rel AND i.indisprimary;
  EXECUTE format('SELECT count(*), md5(coalesce(string_agg(md5(t::text), '''' ORDER BY %s), '''')) FROM %s AS t',
                 coalesce(v_order, 't::text'), rel)
     INTO v_count, v_sum;
  RETURN jsonb_build_object('count', v_count, 'checksum', v_sum);
END`,
});

/**
 * `ingest.outside_dependents(tables regclass[], isolated boolean)`: every object OUTSIDE the given
 * tables (and their indexes, TOAST tables, owned sequences, row types, constraints, triggers,
 * policies, defaults) that depends on one of them, from pg_depend. Empty means the tables can move
 * or be dropped without anything else following them. With `isolated`, the tables' own foreign keys
 * to other tables count as outside dependents too (a cutover backup must not reference live tables).
 */
export const outsideDependentsFn = defineFunction({
  schema: 'ingest',
  name: 'outside_dependents',
  args: [
    { name: 'tables', type: 'regclass[]' },
    { name: 'isolated', type: 'boolean', default: 'false' },
  ],
  returns: 'table (dependent text, referenced text, deptype text)',
  language: 'sql',
  volatility: 'stable',
  searchPath: '',
  grantExecute: ['service_role'],
  comment: 'Objects outside the given tables that depend on them (pg_depend); empty = nothing follows them.',
  body: `
WITH tabs AS (
  SELECT unnest(tables)::oid AS oid
), base AS (
  SELECT oid FROM tabs
  UNION SELECT c.reltoastrelid FROM pg_catalog.pg_class c WHERE c.oid IN (SELECT oid FROM tabs) AND c.reltoastrelid <> 0
  UNION SELECT d.objid FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
           AND d.refobjid IN (SELECT oid FROM tabs)
), rels AS (
  SELECT oid FROM base
  UNION SELECT i.indexrelid FROM pg_catalog.pg_index i WHERE i.indrelid IN (SELECT oid FROM base)
), types AS (
  SELECT c.reltype AS oid FROM pg_catalog.pg_class c WHERE c.oid IN (SELECT oid FROM rels) AND c.reltype <> 0
  UNION SELECT t.typarray FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class c ON c.reltype = t.oid
         WHERE c.oid IN (SELECT oid FROM rels) AND t.typarray <> 0
), cons AS (
  SELECT c.oid FROM pg_catalog.pg_constraint c WHERE c.conrelid IN (SELECT oid FROM tabs)
)
SELECT DISTINCT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid),
       pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid),
       d.deptype::text
  FROM pg_catalog.pg_depend d
 WHERE ((d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid IN (SELECT oid FROM rels))
     OR (d.refclassid = 'pg_catalog.pg_type'::regclass AND d.refobjid IN (SELECT oid FROM types))
     OR (isolated AND d.refclassid = 'pg_catalog.pg_constraint'::regclass AND d.refobjid IN (SELECT oid FROM cons)))
   AND NOT CASE d.classid
     WHEN 'pg_catalog.pg_class'::regclass THEN d.objid IN (SELECT oid FROM rels)
     WHEN 'pg_catalog.pg_type'::regclass THEN d.objid IN (SELECT oid FROM types)
     WHEN 'pg_catalog.pg_constraint'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_constraint c
        WHERE c.oid = d.objid AND c.conrelid IN (SELECT oid FROM tabs)
          AND (NOT isolated OR c.contype <> 'f' OR c.confrelid IN (SELECT oid FROM tabs)))
     WHEN 'pg_catalog.pg_trigger'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.oid = d.objid AND t.tgrelid IN (SELECT oid FROM rels))
     WHEN 'pg_catalog.pg_policy'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_policy p WHERE p.oid = d.objid AND p.polrelid IN (SELECT oid FROM tabs))
     WHEN 'pg_catalog.pg_attrdef'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_attrdef a WHERE a.oid = d.objid AND a.adrelid IN (SELECT oid FROM tabs))
     WHEN 'pg_catalog.pg_rewrite'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid AND r.ev_class IN (SELECT oid FROM rels))
     WHEN 'pg_catalog.pg_statistic_ext'::regclass THEN EXISTS (
       SELECT 1 FROM pg_catalog.pg_statistic_ext s WHERE s.oid = d.objid AND s.stxrelid IN (SELECT oid FROM tabs))
     ELSE false
   END
 ORDER BY 1, 2`,
});

/**
 * `ingest.structure_differences(a, b)`: what would make table `b` behave differently from table `a`
 * in production: columns (name, type, NOT NULL, order), constraints and indexes by name, user
 * triggers by name, policies (name, command, roles, permissive), RLS enabled/forced, owner, table
 * and column grants. Empty array = interchangeable. Expressions are not compared (they print the
 * tables' own names, which differ between a table and its clone).
 */
export const structureDifferencesFn = defineFunction({
  schema: 'ingest',
  name: 'structure_differences',
  args: [
    { name: 'a', type: 'regclass' },
    { name: 'b', type: 'regclass' },
  ],
  returns: 'text[]',
  language: 'plpgsql',
  volatility: 'stable',
  searchPath: '',
  grantExecute: ['service_role'],
  comment: 'Differences (columns, constraints, indexes, triggers, policies, RLS, owner, grants) that make table b not interchangeable with table a.',
  body: `
DECLARE
  v_out text[] := '{}';
  v_x text;
  v_y text;
BEGIN
  -- column order, when the names are the same (names and types are compared with everything else below)
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_x FROM pg_catalog.pg_attribute WHERE attrelid = a AND attnum > 0 AND NOT attisdropped;
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO v_y FROM pg_catalog.pg_attribute WHERE attrelid = b AND attnum > 0 AND NOT attisdropped;
  IF v_x IS DISTINCT FROM v_y
     AND (SELECT array_agg(attname ORDER BY attname) FROM pg_catalog.pg_attribute WHERE attrelid = a AND attnum > 0 AND NOT attisdropped)
       = (SELECT array_agg(attname ORDER BY attname) FROM pg_catalog.pg_attribute WHERE attrelid = b AND attnum > 0 AND NOT attisdropped) THEN
    v_out := v_out || format('column order: %s (%s), %s (%s)', a, v_x, b, v_y);
  END IF;
  -- constraints (NOT NULL ones of PostgreSQL 18 are covered by the columns), indexes, triggers, policies by name
  v_out := v_out || ARRAY(
    WITH x AS (
      SELECT format('column %I %s%s', attname, format_type(atttypid, atttypmod), CASE WHEN attnotnull THEN ' not null' ELSE '' END) AS item,
             attrelid AS rel
        FROM pg_catalog.pg_attribute WHERE attrelid IN (a, b) AND attnum > 0 AND NOT attisdropped
      UNION ALL
      SELECT 'constraint ' || quote_ident(conname) || ' (' || contype::text || ')', conrelid
        FROM pg_catalog.pg_constraint WHERE conrelid IN (a, b) AND contype IN ('p', 'u', 'f', 'c', 'x')
      UNION ALL
      SELECT 'index ' || quote_ident(c.relname), i.indrelid
        FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid WHERE i.indrelid IN (a, b)
      UNION ALL
      SELECT 'trigger ' || quote_ident(tgname), tgrelid
        FROM pg_catalog.pg_trigger WHERE tgrelid IN (a, b) AND NOT tgisinternal
      UNION ALL
      SELECT format('policy %I (%s, %s, %s)', p.polname, p.polcmd::text, CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END,
                    (SELECT string_agg(CASE WHEN r = 0 THEN 'public' ELSE r::regrole::text END, ',' ORDER BY 1) FROM unnest(p.polroles) AS r)),
             p.polrelid
        FROM pg_catalog.pg_policy p WHERE p.polrelid IN (a, b)
      UNION ALL
      SELECT format('table grant %s %s%s', CASE WHEN x.grantee = 0 THEN 'public' ELSE x.grantee::regrole::text END, x.privilege_type,
                    CASE WHEN x.is_grantable THEN ' with grant option' ELSE '' END), c.oid
        FROM pg_catalog.pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS x
       WHERE c.oid IN (a, b)
      UNION ALL
      SELECT format('column grant %I %s %s%s', at.attname, CASE WHEN x.grantee = 0 THEN 'public' ELSE x.grantee::regrole::text END,
                    x.privilege_type, CASE WHEN x.is_grantable THEN ' with grant option' ELSE '' END), at.attrelid
        FROM pg_catalog.pg_attribute at, aclexplode(at.attacl) AS x
       WHERE at.attrelid IN (a, b) AND at.attnum > 0 AND NOT at.attisdropped AND at.attacl IS NOT NULL
      UNION ALL
      SELECT format('owner %s, row level security %s%s', c.relowner::regrole, CASE WHEN c.relrowsecurity THEN 'on' ELSE 'off' END,
                    CASE WHEN c.relforcerowsecurity THEN ' (forced)' ELSE '' END), c.oid
        FROM pg_catalog.pg_class c WHERE c.oid IN (a, b)
    )
    SELECT CASE WHEN bool_or(rel = a) THEN format('%s lacks %s', b, item) ELSE format('%s has %s, which %s lacks', b, item, a) END
      FROM x GROUP BY item HAVING count(DISTINCT rel) = 1 ORDER BY 1);
  RETURN v_out;
END`,
});

/**
 * `ingest.restore_acl(rel, acl)`: makes a re-created relation's grants exactly `acl` (the captured
 * `relacl`): revokes whatever CREATE and default privileges gave to anyone but the owner, then
 * grants each captured entry.
 */
export const restoreAclFn = defineFunction({
  schema: 'ingest',
  name: 'restore_acl',
  args: [
    { name: 'rel', type: 'regclass' },
    { name: 'acl', type: 'aclitem[]' },
  ],
  returns: 'void',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  body: `
DECLARE
  v_owner oid;
  r record;
BEGIN
  SELECT c.relowner INTO v_owner FROM pg_catalog.pg_class c WHERE c.oid = rel;
  FOR r IN
    SELECT DISTINCT x.grantee FROM pg_catalog.pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) AS x
     WHERE c.oid = rel AND x.grantee <> v_owner
  LOOP
    EXECUTE format('REVOKE ALL ON %s FROM %s', rel, CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END);
  END LOOP;
  FOR r IN SELECT x.grantee, x.privilege_type, x.is_grantable
             FROM aclexplode(CASE WHEN cardinality(acl) > 0 THEN acl ELSE acldefault('r', v_owner) END) AS x
            WHERE x.grantee <> v_owner LOOP
    EXECUTE format('GRANT %s ON %s TO %s%s', r.privilege_type, rel, CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE r.grantee::regrole::text END,
                   CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
END`,
});

/**
 * `ingest.swap_production_tables(tables, in_schema, in_suffix, out_schema, out_suffix, isolate)`:
 * the O(1) swap both cutover and rollback run, once the caller holds the locks. For each name T:
 * `public.T` leaves for `out_schema.T||out_suffix` and `in_schema.T||in_suffix` becomes `public.T`
 * (ALTER TABLE … SET SCHEMA / RENAME: catalog updates, no row is read). Indexes, constraints, owned
 * sequences and row types move with their table; index and constraint names already match because
 * the incoming tables are exact clones. Then every dependent that followed the old OIDs is re-pointed
 * from text captured before the move:
 * - triggers: the outgoing tables' user triggers are disabled, the incoming ones take the enabled
 *   state the outgoing trigger of the same name had (new ones: enabled);
 * - views: CREATE OR REPLACE VIEW with the captured definition and options (security_invoker…);
 *   grants, owner and comments stay on the view (same OID);
 * - materialized views, and every view or MV that depends on one: dropped (deepest first) and
 *   re-created WITH NO DATA (shallowest first) with owner, grants, comments and indexes; returned in
 *   `materializedViews` for the caller to refresh;
 * - foreign keys of other tables to the outgoing ones: dropped and re-added under the same name NOT
 *   VALID, then validated in a subtransaction; one that fails stays NOT VALID and is reported;
 * - policies (ALTER POLICY … USING / WITH CHECK), SQL-standard function bodies (CREATE OR REPLACE)
 *   and publication memberships that referenced the outgoing tables;
 * - with `isolate` (cutover): the outgoing tables' foreign keys to other tables are dropped and
 *   returned (`detachedForeignKeys`), so a backup neither blocks nor follows live deletes.
 * Last, `ingest.outside_dependents` must find nothing depending on the outgoing tables, else UC006.
 * Refuses (UC005) when an incoming table is not interchangeable with the production one.
 */
export const swapProductionTablesFn = defineFunction({
  schema: 'ingest',
  name: 'swap_production_tables',
  args: [
    { name: 'p_tables', type: 'text[]' },
    { name: 'p_in_schema', type: 'text' },
    { name: 'p_in_suffix', type: 'text' },
    { name: 'p_out_schema', type: 'text' },
    { name: 'p_out_suffix', type: 'text' },
    { name: 'p_isolate', type: 'boolean' },
  ],
  returns: 'jsonb',
  language: 'plpgsql',
  searchPath: '',
  grantExecute: [],
  comment: 'Moves public.<t> out and <in_schema>.<t><in_suffix> into production, re-pointing views, MVs, FKs, policies and triggers (cutover and rollback).',
  body: `
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
      DETAIL = array_to_string(v_diff, E'\\n'), HINT = 'code=structure_mismatch';
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
           'def', rtrim(pg_catalog.pg_get_viewdef(c.oid), E'; \\n'), 'options', c.reloptions,
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
           'def', rtrim(pg_catalog.pg_get_viewdef(c.oid), E'; \\n'), 'options', c.reloptions) ORDER BY c.oid), '[]')
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
           'onUpdate', ${fkAction('c.confupdtype')}, 'onDelete', ${fkAction('c.confdeltype')},
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
      ${withOptions("r -> 'options'")},
      r ->> 'def');
  END LOOP;
  PERFORM ingest.cutover_checkpoint('views');

  -- 5. materialized views (and what depends on them): drop deepest first, re-create shallowest first
  FOR r IN SELECT value FROM jsonb_array_elements(v_rebuild) ORDER BY (value ->> 'depth')::int DESC, (value ->> 'oid')::int8 DESC LOOP
    EXECUTE format('DROP %s %s', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, r ->> 'name');
  END LOOP;
  FOR r IN SELECT value FROM jsonb_array_elements(v_rebuild) ORDER BY (value ->> 'depth')::int, (value ->> 'oid')::int8 LOOP
    EXECUTE format('CREATE %s %s%s AS %s%s', CASE WHEN r ->> 'kind' = 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, r ->> 'name',
      ${withOptions("r -> 'options'")},
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
      DETAIL = array_to_string(v_bad, E'\\n'), HINT = 'code=dependents_remain';
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
END`,
});

export const cutoverSwapObjects = [cutoverCheckpointFn, tableChecksumFn, outsideDependentsFn, structureDifferencesFn, restoreAclFn, swapProductionTablesFn];

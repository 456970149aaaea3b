import { defineFunction, sqlFile, defineOwnerFunction } from '../define.js';

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
export const cutoverCheckpointFn = defineOwnerFunction('ingest.cutover_checkpoint(step text) RETURNS void', { volatility: 'stable',
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
 * `ingest.require_table(name, sqlstate, code, message)`: raises `sqlstate` with `message` and
 * `HINT = 'code=<code>'` when `to_regclass(name)` finds no relation. The "this table must exist"
 * check of cutover and rollback (staging, backup and production tables).
 */
export const requireTableFn = defineOwnerFunction('ingest.require_table(p_name text, p_sqlstate text, p_code text, p_message text) RETURNS void', { volatility: 'stable',
  comment: 'Raises the given SQLSTATE (HINT code=<code>) when the named table does not exist (cutover and rollback checks).',
  body: `
BEGIN
  IF to_regclass(p_name) IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, HINT = 'code=' || p_code;
  END IF;
END`,
});

/**
 * `ingest.raise_listed(items, sqlstate, code, message)`: when `items` is not empty, raises `sqlstate`
 * with `format(message, <how many>, <the first 8 joined by '; '>)`, every item (one a line) as DETAIL
 * and `HINT = 'code=<code>'`. The swap's refusals that list what is wrong.
 */
export const raiseListedFn = defineOwnerFunction('ingest.raise_listed(p_items text[], p_sqlstate text, p_code text, p_message text) RETURNS void', {
  comment: 'Raises the given SQLSTATE listing the items (first 8 in the message, all in DETAIL) when there are any (swap refusals).',
  body: `
BEGIN
  IF cardinality(p_items) > 0 THEN
    RAISE EXCEPTION USING ERRCODE = p_sqlstate,
      MESSAGE = format(p_message, cardinality(p_items), array_to_string(p_items[1:8], '; ')),
      DETAIL = array_to_string(p_items, E'\\n'), HINT = 'code=' || p_code;
  END IF;
END`,
});

/**
 * `ingest.table_checksum(rel)` → `{ count, checksum }`: md5 over the rows' own md5 (`md5(t::text)`),
 * concatenated in primary-key order (row text if there is none). Hashing each row first keeps the
 * aggregate at 32 bytes per row (a plain `string_agg(t::text)` hits the 1 GB text limit near 3M rows).
 * Row text is the engine's output format: compare checksums within one PostgreSQL major version.
 */
export const tableChecksumFn = defineFunction('ingest.table_checksum(rel regclass) RETURNS jsonb', { language: 'plpgsql', volatility: 'stable', searchPath: '', grantExecute: ['service_role'],
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
export const outsideDependentsFn = defineFunction('ingest.outside_dependents(tables regclass[], isolated boolean DEFAULT false) RETURNS table (dependent text, referenced text, deptype text)', { language: 'sql', volatility: 'stable', searchPath: '', grantExecute: ['service_role'],
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
export const structureDifferencesFn = defineFunction('ingest.structure_differences(a regclass, b regclass) RETURNS text[]', { language: 'plpgsql', volatility: 'stable', searchPath: '', grantExecute: ['service_role'],
  comment: 'Differences (columns, constraints, indexes, triggers, policies, RLS, owner, grants) that make table b not interchangeable with table a.',
  body: `
DECLARE
  v_out text[] := '{}'::text[];
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
export const restoreAclFn = defineOwnerFunction('ingest.restore_acl(rel regclass, acl aclitem[]) RETURNS void', {
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
 * - storage options: the incoming table takes the outgoing one's reloptions, and none of its own (the
 *   staging tables are built with autovacuum off);
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
export const swapProductionTablesFn = defineOwnerFunction('ingest.swap_production_tables(p_tables text[], p_in_schema text, p_in_suffix text, p_out_schema text, p_out_suffix text, p_isolate boolean) RETURNS jsonb', {
  comment: 'Moves public.<t> out and <in_schema>.<t><in_suffix> into production, re-pointing views, MVs, FKs, policies and triggers (cutover and rollback).',
  body: sqlFile(import.meta.url, './swap-production-tables.sql'),
});

/**
 * `ingest.refresh_after_swap(swap, refresh)`: after a cutover's or rollback's swap, refreshes (when
 * `refresh`) the re-created materialized views that were populated before, in dependency order, with
 * JIT back as it was, and marks the unified dashboard caches stale (the data under them changed
 * wholesale; the dashboard views only when they were not refreshed), then passes the `refresh`
 * checkpoint. Returns `{ refreshMs }`. `swap` is the result of ingest.swap_production_tables in the
 * same transaction (names from the catalog). Owner only.
 */
export const refreshAfterSwapFn = defineOwnerFunction('ingest.refresh_after_swap(p_swap jsonb, p_refresh boolean) RETURNS jsonb', {
  comment: 'Refreshes the materialized views a cutover or rollback re-created, rebuilds the dashboard rollups and marks the dashboard caches stale.',
  body: `
DECLARE
  v_mv jsonb;
  v_t1 timestamptz := clock_timestamp();
BEGIN
  IF p_refresh THEN
    PERFORM set_config('jit', coalesce(nullif(current_setting('ingest.jit', true), ''), current_setting('jit')), true);
    FOR v_mv IN SELECT value FROM jsonb_array_elements(p_swap -> 'materializedViews') LOOP
      IF v_mv ->> 'kind' = 'm' AND (v_mv ->> 'populated')::boolean THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', v_mv ->> 'name');
      END IF;
    END LOOP;
  END IF;
  IF to_regclass('public.dashboard_cache_status') IS NOT NULL THEN
    EXECUTE 'UPDATE public.dashboard_cache_status SET is_stale = true, stale_since = now()
              WHERE cache_name = ''revenue_metrics'' OR (cache_name = ''dashboard_views'' AND NOT $1)' USING p_refresh;
  END IF;
  PERFORM public.rebuild_dashboard_rollups(); -- the rollups follow the swapped tables (docs/unified.md)
  PERFORM ingest.cutover_checkpoint('refresh');
  RETURN jsonb_build_object('refreshMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
END`,
});

/**
 * `ingest.lock_production(tables)`: the `lock` step of a cutover and a rollback, right before the swap:
 * ACCESS EXCLUSIVE on `public.<table>` of each name (from here to COMMIT, readers and writers of these
 * tables wait), then the `lock` checkpoint. Returns `{ lockMs }` for the caller's timings.
 */
export const lockProductionFn = defineOwnerFunction('ingest.lock_production(p_tables text[]) RETURNS jsonb', {
  comment: 'Locks the production tables of a cutover or rollback (ACCESS EXCLUSIVE) and passes the lock checkpoint.',
  body: `
DECLARE
  v_t1 timestamptz := clock_timestamp();
BEGIN
  EXECUTE 'LOCK TABLE ' || (SELECT string_agg(format('public.%I', t), ', ') FROM unnest(p_tables) AS t) || ' IN ACCESS EXCLUSIVE MODE';
  PERFORM ingest.cutover_checkpoint('lock');
  RETURN jsonb_build_object('lockMs', round((extract(epoch FROM clock_timestamp() - v_t1) * 1000)::numeric, 1));
END`,
});

export const cutoverSwapObjects = [cutoverCheckpointFn, requireTableFn, raiseListedFn, tableChecksumFn, outsideDependentsFn, structureDifferencesFn, restoreAclFn, swapProductionTablesFn, refreshAfterSwapFn, lockProductionFn];

/**
 * The `subjects` SQL functions (issue 17, docs/subjects.md), generated from the personal-data
 * registry: `subjects.export_subject` and `subjects.erase_subject`, SECURITY DEFINER owned by the
 * package's definer role (NOLOGIN, no BYPASSRLS), executable by service_role only, plus their
 * owner-only helpers and the definer's grants and RLS policies on exactly the registry's tables.
 */
import { getTableConfig } from 'drizzle-orm/pg-core';
import { anonRole, authenticatedRole } from 'drizzle-orm/supabase';
import { sqlLiteral } from '../../schema/_shared/index.js';
import type { PersonalDataEntry, Replacement } from '../../schema/_shared/personal-data.js';
import { backups } from '../../schema/ingest/backups.js';
import { RAW_LOCK_KEY } from '../../schema/ingest/raw.sql.js';
import { usersStagingPersonalData } from '../../schema/ingest/staging.sql.js';
import { SWAPPED_TABLES } from '../ingest/staging.js';
import { subjectRuns } from '../../schema/subjects/audit.js';
import { DEFINER_AUTH_USAGE, DEFINER_ROLE, defineDefinerFunction, defineFunction, defineSql, qualifiedTableName } from '../define.js';
import { personalDataRegistry } from './registry.js';
import { captureRefsSql, domainOf, DYNAMIC_VARS, erasureOrder, eraseSteps, exportItemsSql, primarySql, referencedEntries, STATIC_VARS, updateSql } from './sql.js';

/** The SQLSTATEs of the subjects functions (class `US`, docs/errors.md). */
export const SUBJECTS_SQLSTATES = {
  US001: 'invalid_subject',
  US002: 'unknown_constraint',
} as const;
/** Raised and caught inside erase_subject to roll a dry run back; never reaches a caller. */
const DRY_RUN_ROLLBACK = 'US900';

const V = STATIC_VARS;
const indent = (s: string, n = 2) => s.replace(/^/gm, ' '.repeat(n));
const RUNS = qualifiedTableName(subjectRuns);
const BACKUPS = qualifiedTableName(backups);

/** Exactly one of user id, email, phone: returns the lookup's kind (`email`, `user_id`, `phone`). */
export const subjectLookupFn = defineFunction('subjects.subject_lookup(user_id uuid, email text, phone text) RETURNS text', { language: 'plpgsql', volatility: 'immutable', searchPath: '', grantExecute: [DEFINER_ROLE],
  body: `
BEGIN
  IF num_nonnulls(subject_lookup.user_id, nullif(subject_lookup.email, ''), nullif(subject_lookup.phone, '')) <> 1 THEN
    RAISE EXCEPTION 'give exactly one of user_id, email, phone' USING ERRCODE = 'US001', COLUMN = 'subject';
  END IF;
  RETURN CASE WHEN subject_lookup.user_id IS NOT NULL THEN 'user_id' WHEN nullif(subject_lookup.email, '') IS NOT NULL THEN 'email' ELSE 'phone' END;
END`,
  comment: 'The kind of identifier a data-subject request gives (exactly one); US001 otherwise.',
});

/**
 * An identifier as a whole token of a text, case-insensitively (a regular expression over the
 * needle, every character but letters and digits escaped): not preceded by a letter, digit or one
 * of `._%+'-` (an email's local part), not followed by a letter, digit, `_`, `-` or a dot and a
 * letter or digit (a longer domain). So `ann@example.com` is found in `"email":"ann@example.com"`
 * and at the end of a sentence, never inside `joann@example.com`; `+22170123456` never inside
 * `+221701234567`.
 */
const token = (needle: string) =>
  String.raw`'(?<![[:alnum:]._%+''-])' || pg_catalog.regexp_replace(${needle}, '([^[:alnum:]])', '\\\1', 'g') || '(?![[:alnum:]_-]|\.[[:alnum:]])'`;

/** Whether a document's text contains one of the needles (lower-cased identifiers) as a whole token. */
export const mentionsFn = defineFunction('subjects.mentions(doc text, needles text[]) RETURNS boolean', { language: 'sql', volatility: 'immutable', parallel: 'safe', searchPath: '', grantExecute: [DEFINER_ROLE],
  // strpos first: the regular expression runs only on the documents that contain the needle at all
  body: `SELECT mentions.doc IS NOT NULL AND EXISTS (
  SELECT 1 FROM pg_catalog.unnest(mentions.needles) AS n
   WHERE pg_catalog.strpos(pg_catalog.lower(mentions.doc), n) > 0
     AND pg_catalog.lower(mentions.doc) ~ (${token('n')}))`,
  comment: 'Whether the text contains one of the needles (lower-cased identifiers) as a whole token, case-insensitively.',
});

/** Every occurrence of a needle in the text, as a whole token, replaced by `[erased]`, case-insensitively. */
export const redactFn = defineFunction('subjects.redact(doc text, needles text[]) RETURNS text', { language: 'plpgsql', volatility: 'immutable', searchPath: '', grantExecute: [DEFINER_ROLE],
  body: `
DECLARE
  v text := redact.doc;
  n text;
BEGIN
  IF v IS NULL THEN
    RETURN NULL;
  END IF;
  FOREACH n IN ARRAY coalesce(redact.needles, '{}'::text[]) LOOP
    IF pg_catalog.strpos(pg_catalog.lower(v), n) > 0 THEN
      v := pg_catalog.regexp_replace(v, ${token('n')}, '[erased]', 'gi');
    END IF;
  END LOOP;
  RETURN v;
END`,
  comment: 'The text with every occurrence of the needles (lower-cased identifiers), as a whole token, replaced by [erased].',
});

const identities = personalDataRegistry.filter((e): e is PersonalDataEntry & { identity: NonNullable<PersonalDataEntry['identity']> } => Boolean(e.identity));

/**
 * A table the definer role may lack rights on (auth's, on Supabase, where they belong to
 * supabase_auth_admin and the migration could not grant them): its statements run only when the
 * rights are there. PL/pgSQL plans a statement when it first runs it, so a skipped one is never
 * checked for permissions.
 */
/**
 * Whether the definer role holds every one of `privileges` (comma-separated) on the table:
 * `has_table_privilege(t, 'SELECT, DELETE')` alone is true when it holds any one of them. USAGE on
 * the table's schema first (a CASE, in parentheses for PL/pgSQL's IF: evaluated in that order), then whether the table exists: naming a
 * table of a schema the role may not use is itself refused (42501, by to_regclass too), so without it
 * the table counts as one it has no rights on; a missing table (GoTrue's older versions) as well.
 */
const hasPrivileges = (table: string, privileges: string) =>
  `(CASE WHEN pg_catalog.has_schema_privilege(${sqlLiteral(table.split('.')[0]!)}, 'USAGE') THEN pg_catalog.to_regclass(${sqlLiteral(table)}) IS NOT NULL AND ${privileges
    .split(',')
    .map((p) => `pg_catalog.has_table_privilege(${sqlLiteral(table)}, ${sqlLiteral(p.trim())})`)
    .join(' AND ')} ELSE false END)`;
export const guarded = (e: PersonalDataEntry) => e.schema === 'auth';
const guard = (e: PersonalDataEntry, privileges: string, body: string, otherwise?: string) =>
  guarded(e)
    ? `IF ${hasPrivileges(e.qualifiedName, privileges)} THEN\n${indent(body)}\n${otherwise ? `ELSE\n${indent(otherwise)}\n` : ''}END IF;`
    : body;

/**
 * Whether no API role may write the column (INSERT or UPDATE), read from the catalog when the run
 * starts: an email or phone a user wrote into their own row (their unified profile's phone,
 * learning.users' and wolo.users' email and phone) is a claim, not proof, and must not widen their
 * request to the rows of the person who really holds it.
 */
const notSelfWritten = (table: string, column: string) =>
  [anonRole.name, authenticatedRole.name]
    .map((role) => `NOT pg_catalog.has_column_privilege(${sqlLiteral(role)}, ${sqlLiteral(table)}, ${sqlLiteral(column)}, 'INSERT, UPDATE')`)
    .join(' AND ');
const proven = (e: (typeof identities)[number], column: string, statement: string) => `IF ${notSelfWritten(e.qualifiedName, column)} THEN\n  ${statement}\nEND IF;`;
const resolveIds = identities
  .map((e) => {
    const i = e.identity;
    const ids = (where: string) => `v_ids := v_ids || ARRAY(SELECT t.${i.userId} FROM ${e.qualifiedName} t WHERE ${where});`;
    const lines = [ids(`t.${i.userId} = resolve_subject.user_id`)];
    if (i.email) lines.push(proven(e, i.email, ids(`pg_catalog.lower(t.${i.email}) = pg_catalog.lower(resolve_subject.email)`)));
    if (i.phone) lines.push(proven(e, i.phone, ids(`t.${i.phone}::text = resolve_subject.phone`)));
    return guard(e, 'SELECT', lines.join('\n'));
  })
  .join('\n');
const resolveAttrs = identities
  .map((e) => {
    const i = e.identity;
    const lines = [];
    if (i.email) lines.push(proven(e, i.email, `v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.${i.email}) FROM ${e.qualifiedName} t WHERE t.${i.userId} = ANY (v_ids));`));
    if (i.phone) lines.push(proven(e, i.phone, `v_phones := v_phones || ARRAY(SELECT t.${i.phone}::text FROM ${e.qualifiedName} t WHERE t.${i.userId} = ANY (v_ids));`));
    return guard(e, 'SELECT', lines.join('\n'));
  })
  .join('\n');

/**
 * Who the person is: the user ids of every user table (auth.users, unified_profiles, wolo.users,
 * learning.users, the entries with `identity`) matching the given id, or the given email or phone in
 * a column no API role may write, plus the given id; then every email and phone those user rows hold
 * in such columns, plus the given ones (one round: an email found on a user row is not searched for
 * further users).
 */
export const resolveSubjectFn = defineFunction('subjects.resolve_subject(user_id uuid, email text, phone text) RETURNS table(user_ids uuid[], emails text[], phones text[])', { language: 'plpgsql', volatility: 'stable', searchPath: '', grantExecute: [DEFINER_ROLE],
  body: `
DECLARE
  v_ids uuid[] := ARRAY[resolve_subject.user_id];
  v_emails text[] := ARRAY[pg_catalog.lower(nullif(resolve_subject.email, ''))];
  v_phones text[] := ARRAY[nullif(resolve_subject.phone, '')];
BEGIN
${indent(resolveIds)}
  v_ids := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_ids) AS x WHERE x IS NOT NULL ORDER BY 1);
${indent(resolveAttrs)}
  user_ids := v_ids;
  emails := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_emails) AS x WHERE x IS NOT NULL ORDER BY 1);
  phones := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_phones) AS x WHERE x IS NOT NULL ORDER BY 1);
  RETURN NEXT;
END`,
  comment: 'The user ids, emails and phones of one person, from the user tables of every domain.',
});

/** One audit row per run: counts only (never the person's identifiers). */
export const recordRunFn = defineFunction('subjects.record_run(action text, lookup text, dry_run boolean, tables jsonb, total_rows bigint) RETURNS void', { language: 'plpgsql', searchPath: '', grantExecute: [DEFINER_ROLE],
  body: `
BEGIN
  INSERT INTO ${RUNS} (db_role, login_role, jwt_sub, action, lookup, dry_run, found, total_rows, tables)
  VALUES (coalesce(nullif(pg_catalog.current_setting('role', true), ''), 'none'), session_user,
          nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub',
          record_run.action, record_run.lookup, record_run.dry_run, record_run.total_rows > 0, record_run.total_rows, record_run.tables);
END`,
  comment: 'Records a data-subject run in subjects.runs: who, what, counts per table; never the identifiers.',
});

/** The export's document: items grouped by domain and table; brand-scoped tables per brand. */
export const exportDocumentFn = defineFunction('subjects.export_document(items jsonb) RETURNS jsonb', { language: 'sql', volatility: 'immutable', searchPath: '', grantExecute: [DEFINER_ROLE],
  body: `
WITH i AS (
  SELECT x ->> 'domain' AS d, x ->> 'scope' AS s, x ->> 'table' AS tb, x - 'domain' - 'scope' AS item
  FROM pg_catalog.jsonb_array_elements(export_document.items) AS x
), t AS (
  SELECT i.d, i.s, i.tb, pg_catalog.jsonb_agg(i.item ORDER BY (i.item -> 'key')::text) AS rows FROM i GROUP BY i.d, i.s, i.tb
), plain AS (
  SELECT t.d, pg_catalog.jsonb_object_agg(t.tb, t.rows) AS o FROM t WHERE t.s IS NULL GROUP BY t.d
), per_brand AS (
  SELECT t.d, t.s, pg_catalog.jsonb_object_agg(t.tb, t.rows) AS o FROM t WHERE t.s IS NOT NULL GROUP BY t.d, t.s
), brands AS (
  SELECT b.d, pg_catalog.jsonb_build_object('brands', pg_catalog.jsonb_object_agg(b.s, b.o)) AS o FROM per_brand b GROUP BY b.d
), dom AS (
  SELECT coalesce(p.d, b.d) AS d, coalesce(p.o, '{}'::jsonb) || coalesce(b.o, '{}'::jsonb) AS o FROM plain p FULL JOIN brands b ON b.d = p.d
)
SELECT pg_catalog.jsonb_build_object(
  'found', pg_catalog.jsonb_array_length(export_document.items) > 0,
  'rows', pg_catalog.jsonb_array_length(export_document.items),
  'domains', coalesce((SELECT pg_catalog.jsonb_object_agg(dom.d, dom.o) FROM dom), '{}'::jsonb))`,
  comment: 'Groups export items by domain and table (brand-scoped tables per brand).',
});

const DECLARE = `
  v_lookup text;
  v_user_ids uuid[];
  v_emails text[];
  v_phones text[];
  v_needles text[];
  v_refs jsonb := '{}'::jsonb;
  v_staged_ids uuid[];`;

const RESOLVE = (fn: string) => `
  v_lookup := subjects.subject_lookup(${fn}.user_id, ${fn}.email, ${fn}.phone);
  SELECT r.user_ids, r.emails, r.phones INTO v_user_ids, v_emails, v_phones FROM subjects.resolve_subject(${fn}.user_id, ${fn}.email, ${fn}.phone) r;
  -- what a JSON or text column is searched for: every identifier of the person, lower-cased
  v_needles := ARRAY(SELECT DISTINCT pg_catalog.lower(x) FROM pg_catalog.unnest(v_emails || v_phones || v_user_ids::text[]) AS x
                     WHERE pg_catalog.length(x) >= 6);
${referencedEntries(personalDataRegistry)
  .map((e) => `  ${captureRefsSql(e, V)}`)
  .join('\n')}`;


function splitName(qualified: string): [string, string] {
  const [schema, name] = qualified.split('.');
  return [schema!, name!];
}

/**
 * Ingest's staging tables (docs/subjects.md, "Ingest's raw and staging tables"): what a prepare staged and
 * no cutover has swapped in yet, which a cutover would bring into production. The clone of each production
 * table prepare rebuilds follows that table's entry; `ingest.users_staging` has its own. They exist only
 * between a prepare and a cutover, so each statement is an EXECUTE of constant text (no name or value
 * from data; the person's ids are parameters) that runs only when its table exists. The user ids include
 * the staged new users' (`v_staged_ids`), whom production does not know yet.
 */
const stagedEntries: readonly PersonalDataEntry[] = [
  ...erasureOrder(personalDataRegistry.filter((e) => SWAPPED_TABLES.some((t) => t.production === e.qualifiedName))).map((e) => {
    if (e.optionalSet || e.dependents?.length || e.mentionedIn?.length) throw new Error(`${e.qualifiedName}: a staged clone's entry cannot have optionalSet, dependents or mentionedIn`);
    return { ...e, schema: 'ingest', name: `${e.name}_staging`, qualifiedName: `ingest.${e.name}_staging` };
  }),
  usersStagingPersonalData,
];
const STAGED_USING = `USING v_staged_ids, v_emails, v_phones, v_needles`;
const STAGED_IDS = `
  v_staged_ids := v_user_ids;
  IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') THEN
    EXECUTE 'SELECT coalesce(pg_catalog.array_agg(s.id), ''{}'') FROM ingest.users_staging s WHERE pg_catalog.lower(s.email) = ANY ($1)'
      INTO v_staged_ids USING v_emails;
    v_staged_ids := v_user_ids || v_staged_ids;
  END IF;`;
/** Runs `body` when the staged table exists (and the definer role may use it, else reports it skipped). */
const whenStaged = (e: PersonalDataEntry, privileges: string, body: string, skipped?: string) => `IF pg_catalog.to_regclass(${sqlLiteral(e.qualifiedName)}) IS NOT NULL THEN
  IF ${hasPrivileges(e.qualifiedName, privileges)} THEN
${indent(body, 4)}
${skipped ? `  ELSE
${indent(skipped, 4)}
` : ''}  END IF;
END IF;`;
const stagedExportBlocks = stagedEntries.map((e) =>
  whenStaged(e, 'SELECT', `EXECUTE ${sqlLiteral(exportItemsSql(e, DYNAMIC_VARS))} INTO v_rows ${STAGED_USING};
v_items := v_items || v_rows;`),
);

/**
 * The export of a table that exists on some databases only (an entry's `dependents` and `mentionedIn`):
 * its rows matching `where` (`$1`, bound to `using`), found by `foundBy`, when it exists and may be read.
 */
function optionalTableExport(e: PersonalDataEntry, table: string, column: string, where: string, foundBy: string, using: string): string {
  const [s, t] = splitName(table);
  const item = `'domain', %L, 'table', %L, 'scope', NULL, 'key', NULL, 'found_by', pg_catalog.jsonb_build_array(%L), 'row', pg_catalog.to_jsonb(t)`;
  return `IF ${hasPrivileges(table, 'SELECT')} THEN
  EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(${item.replaceAll("'", "''")})), ''[]''::jsonb) FROM %I.%I t WHERE ${where}',
                 ${sqlLiteral(domainOf(e))}, ${sqlLiteral(table)}, ${sqlLiteral(foundBy)}, ${sqlLiteral(s)}, ${sqlLiteral(t)}, ${sqlLiteral(column)})
    INTO v_rows USING ${using};
  v_items := v_items || v_rows;
END IF;`;
}

const exportBlocks = personalDataRegistry.flatMap((e) => [
  guard(e, 'SELECT', `v_items := v_items || (${exportItemsSql(e, V)});`),
  ...(e.dependents ?? []).map((d) => optionalTableExport(e, d.table, d.column, 't.%I::text = ANY ($1)', `userId:${d.column}`, 'v_user_ids::text[]')),
  ...(e.mentionedIn ?? []).map((m) => optionalTableExport(e, m.table, m.column, 'subjects.mentions(t.%I::text, $1)', `mention:${m.column}`, 'v_needles')),
]);

/**
 * `subjects.export_subject(user_id, email, phone) → jsonb`: everything held about the person, as
 * `{ found, rows, subject: { user_ids, emails, phones }, domains: { <domain>: { <schema.table>: [ { key,
 * found_by, row } ] } } }`, crm's tables per brand (`domains.crm.brands.<brand>`). Recorded in subjects.runs.
 */
export const exportSubjectFn = defineDefinerFunction('subjects.export_subject(user_id uuid, email text, phone text) RETURNS jsonb', { grantExecute: ['service_role'],
  body: `
DECLARE${DECLARE}
  v_items jsonb := '[]'::jsonb;
  v_rows jsonb;
  v_counts jsonb;
BEGIN${RESOLVE('export_subject')}${STAGED_IDS}
${indent([...exportBlocks, ...stagedExportBlocks].join('\n'))}
  SELECT coalesce(pg_catalog.jsonb_object_agg(c.tb, pg_catalog.jsonb_build_object('rows', c.n)), '{}'::jsonb) INTO v_counts
    FROM (SELECT x ->> 'table' AS tb, count(*) AS n FROM pg_catalog.jsonb_array_elements(v_items) AS x GROUP BY 1) c;
  PERFORM subjects.record_run('export', v_lookup, false, v_counts, pg_catalog.jsonb_array_length(v_items));
  RETURN subjects.export_document(v_items)
    || pg_catalog.jsonb_build_object('subject', pg_catalog.jsonb_build_object('user_ids', pg_catalog.to_jsonb(v_user_ids), 'emails', pg_catalog.to_jsonb(v_emails), 'phones', pg_catalog.to_jsonb(v_phones)));
END`,
  comment: 'Everything held about one person in every domain, as one JSON document (grouped by domain and table, crm per brand). service_role only; recorded in subjects.runs.',
});

const ruleInfo = (e: PersonalDataEntry) =>
  e.erase.action === 'retain'
    ? `'action', 'retain', 'period', ${sqlLiteral(e.erase.period)}`
    : `'action', ${sqlLiteral(e.erase.action)}`;

function optionalSetSql(e: PersonalDataEntry): string {
  const [s, t] = splitName(e.qualifiedName);
  const key = e.key[0]!;
  return Object.entries(e.optionalSet ?? {})
    .map(([column, value]) => {
      const expr = valueSql(value);
      return `IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = ${sqlLiteral(e.qualifiedName)}::regclass AND a.attname = ${sqlLiteral(column)} AND NOT a.attisdropped) THEN
  EXECUTE format('UPDATE %I.%I t SET %I = ${expr.replaceAll("'", "''")} WHERE t.%I = ANY ($1)', ${sqlLiteral(s)}, ${sqlLiteral(t)}, ${sqlLiteral(column)}, ${sqlLiteral(key)}) USING v_ids;
END IF;`;
    })
    .join('\n');
}

function valueSql(value: Replacement): string {
  if (value === null) return 'NULL';
  if (typeof value === 'object' && 'sql' in value) return value.sql;
  if (typeof value === 'object') throw new Error('optionalSet cannot redact');
  return typeof value === 'string' ? sqlLiteral(value) : String(value);
}

/**
 * One entry's erasure, its counts and its line of the report. `staged`: a staging table's, each statement an
 * EXECUTE of its constant text with the person's ids (staged new users' included) as parameters.
 */
function eraseLines(e: PersonalDataEntry, staged: boolean): string[] {
  const lines = ['n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;'];
  for (const step of eraseSteps(e, staged ? DYNAMIC_VARS : V)) {
    const target = `n_${step.field}`;
    if (staged) lines.push(step.count ? `EXECUTE ${sqlLiteral(step.sql)} INTO n ${STAGED_USING};` : `EXECUTE ${sqlLiteral(step.sql)} ${STAGED_USING};\nGET DIAGNOSTICS n = ROW_COUNT;`);
    else if (step.count) lines.push(`${step.sql.replace(/^SELECT count\(\*\)/, 'SELECT count(*) INTO n')};`);
    else if (step.field === 'rows' && e.optionalSet && e.erase.action !== 'delete') {
      lines.push(`WITH u AS (${updateSql(e, e.erase.set, primarySql(e, 't', V), 't', V)} RETURNING t.${e.key[0]})
SELECT coalesce(pg_catalog.array_agg(u.${e.key[0]}), '{}') INTO v_ids FROM u;
n := pg_catalog.cardinality(v_ids);`);
      lines.push(optionalSetSql(e));
    } else lines.push(`${step.sql};`, 'GET DIAGNOSTICS n = ROW_COUNT;');
    lines.push(`${target} := ${target} + n;`);
  }
  lines.push(
    `v_report := v_report || pg_catalog.jsonb_build_object(${sqlLiteral(e.qualifiedName)}, pg_catalog.jsonb_build_object('domain', ${sqlLiteral(domainOf(e))}, ${ruleInfo(e)}, 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));`,
    'v_total := v_total + n_rows + n_redacted + n_cleared;',
  );
  return lines;
}
const skippedLine = (e: PersonalDataEntry) =>
  `v_report := v_report || pg_catalog.jsonb_build_object(${sqlLiteral(e.qualifiedName)}, pg_catalog.jsonb_build_object('domain', ${sqlLiteral(domainOf(e))}, ${ruleInfo(e)}, 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));`;

const stagedEraseBlocks = stagedEntries.map((e) => `-- ${e.qualifiedName} (staged)\n${whenStaged(e, 'SELECT, UPDATE, DELETE', eraseLines(e, true).join('\n'), skippedLine(e))}`);

/** The column's type, for casting its redacted text back (a table outside the package's schema: from the catalog). */
const columnTypeOf = (table: string, column: string) =>
  `(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.to_regclass(${sqlLiteral(table)}) AND a.attname = ${sqlLiteral(column)} AND NOT a.attisdropped)`;

/** A `mentionedIn` table's erasure: the person's identifiers redacted from `column`, the rows kept. */
function mentionedInErase(e: PersonalDataEntry, m: { table: string; column: string }): string {
  const [s, t] = splitName(m.table);
  const line = (redacted: string, skipped: string) =>
    `v_report := v_report || pg_catalog.jsonb_build_object(${sqlLiteral(m.table)}, pg_catalog.jsonb_build_object('domain', ${sqlLiteral(domainOf(e))}, 'action', 'redact', 'rows', 0, 'redacted', ${redacted}, 'cleared', 0, 'kept', 0${skipped}));`;
  return `IF ${hasPrivileges(m.table, 'SELECT, UPDATE')} THEN
  EXECUTE format('UPDATE %I.%I t SET %I = subjects.redact(t.%I::text, $1)::%s WHERE subjects.mentions(t.%I::text, $1)', ${sqlLiteral(s)}, ${sqlLiteral(t)}, ${sqlLiteral(m.column)}, ${sqlLiteral(m.column)}, ${columnTypeOf(m.table, m.column)}, ${sqlLiteral(m.column)}) USING v_needles;
  GET DIAGNOSTICS n = ROW_COUNT;
  ${line('n', '')}
  v_total := v_total + n;
ELSIF pg_catalog.to_regclass(${sqlLiteral(m.table)}) IS NOT NULL THEN
  ${line('0', ", 'skipped', 'no privilege'")}
END IF;`;
}

const eraseBlocks = erasureOrder(personalDataRegistry).map((e) => {
  const lines = eraseLines(e, false);
  const skipped = skippedLine(e);
  const body = [guard(e, 'SELECT, UPDATE, DELETE', lines.join('\n'), skipped)];
  for (const d of e.dependents ?? []) {
    const [s, t] = splitName(d.table);
    body.push(`IF ${hasPrivileges(d.table, 'SELECT, DELETE')} THEN
  EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', ${sqlLiteral(s)}, ${sqlLiteral(t)}, ${sqlLiteral(d.column)}) USING v_user_ids::text[];
  GET DIAGNOSTICS n = ROW_COUNT;
  v_report := v_report || pg_catalog.jsonb_build_object(${sqlLiteral(d.table)}, pg_catalog.jsonb_build_object('domain', ${sqlLiteral(domainOf(e))}, 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
  v_total := v_total + n;
ELSIF pg_catalog.to_regclass(${sqlLiteral(d.table)}) IS NOT NULL THEN
  v_report := v_report || pg_catalog.jsonb_build_object(${sqlLiteral(d.table)}, pg_catalog.jsonb_build_object('domain', ${sqlLiteral(domainOf(e))}, 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
END IF;`);
  }
  for (const m of e.mentionedIn ?? []) body.push(mentionedInErase(e, m));
  return `-- ${e.qualifiedName}\n${body.join('\n')}`;
});

/**
 * `subjects.erase_subject(user_id, email, phone, dry_run) → jsonb`: applies every registry entry's
 * rule in one transaction (the caller's), returns `{ dry_run, found, total_rows, tables: { <schema.table>:
 * { domain, action, period?, rows, redacted, cleared, kept } } }`. A dry run does exactly the same
 * work inside a subtransaction it then rolls back, so its report is the real run's. Idempotent: a
 * second run finds nothing left to change (rows 0). Recorded in subjects.runs.
 */
export const eraseSubjectFn = defineDefinerFunction('subjects.erase_subject(user_id uuid, email text, phone text, dry_run boolean) RETURNS jsonb', { grantExecute: ['service_role'],
  body: `
DECLARE${DECLARE}
  v_report jsonb := '{}'::jsonb;
  v_backups jsonb;
  v_total bigint := 0;
  v_ids uuid[];
  n bigint;
  n_rows bigint;
  n_redacted bigint;
  n_cleared bigint;
  n_kept bigint;
BEGIN
  -- the raw ingest tables' lock, shared, before any other: the erasure deletes raw rows (whose trigger
  -- takes it anyway), and taken later, with production rows already locked, it could wait for a prepare
  -- that waits for those rows' tables (its foreign keys to them), a deadlock (docs/ingest.md)
  PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext(${sqlLiteral(RAW_LOCK_KEY)}));${RESOLVE('erase_subject')}${STAGED_IDS}
  BEGIN
    -- the staged copies first: a cutover locks the staging tables before production's, and so does this
${indent([...stagedEraseBlocks, ...eraseBlocks].join('\n'), 4)}
    IF coalesce(erase_subject.dry_run, false) THEN
      RAISE EXCEPTION 'dry run: rolled back' USING ERRCODE = '${DRY_RUN_ROLLBACK}';
    END IF;
  EXCEPTION WHEN SQLSTATE '${DRY_RUN_ROLLBACK}' THEN
    NULL;
  END;
  PERFORM subjects.record_run('erase', v_lookup, coalesce(erase_subject.dry_run, false), v_report, v_total);
  -- cutover backups are frozen copies of production from before a cutover: not rewritten (docs/subjects.md)
  SELECT coalesce(pg_catalog.jsonb_agg(b.id ORDER BY b.id), '[]'::jsonb) INTO v_backups FROM ${BACKUPS} b WHERE b.status = 'active';
  RETURN pg_catalog.jsonb_build_object('dry_run', coalesce(erase_subject.dry_run, false), 'found', v_total > 0 OR pg_catalog.cardinality(v_user_ids) > 0,
                                       'total_rows', v_total, 'tables', v_report, 'active_backups', v_backups);
END`,
  comment: 'Erases one person in every domain by each table\'s registry rule (delete, anonymise, retain detached); dry_run rolls back and reports the same. service_role only; recorded in subjects.runs.',
});

/** Functions the registry tables' CHECKs and SECURITY INVOKER triggers call, as whoever writes the row. */
const TABLE_FUNCTIONS = ['wolo.business_time_zone()'];

/**
 * What erasure writes in an entry's table: DELETE when a row about the person is deleted (a subject or
 * reference finder under the delete rule), UPDATE of the columns its rule, mentions and actor finders
 * overwrite. Export only reads.
 */
export function erasureRights(e: PersonalDataEntry): { delete: boolean; update: string[] } {
  const finds = e.findBy.some((f) => 'subject' in f || 'reference' in f);
  const update = new Set<string>();
  if (finds && e.erase.action !== 'delete') for (const c of Object.keys(e.erase.set)) update.add(c);
  for (const f of e.findBy) {
    if ('mention' in f) update.add(f.mention);
    else if ('actor' in f && f.action === 'clear') for (const c of Object.keys(f.set ?? { [f.actor]: null })) update.add(c);
  }
  return { delete: finds && e.erase.action === 'delete', update: [...update].sort() };
}

/**
 * The ingest schema's registry tables get exactly `erasureRights`, column by column: no other SECURITY
 * DEFINER function touches them, and two of them (the backup registry, the validation reports) steer
 * what the owner-rights cutover and rollback do (issue 10: only the owner writes them). The tables
 * of the other schemas keep SELECT, UPDATE, DELETE: the definer role's rights there are the union of
 * what several domains' functions need (docs/decisions.md).
 */
const narrowed = (e: PersonalDataEntry) => e.schema === 'ingest';
/** The registry's tables, each once. */
const registryTables = [...new Set(personalDataRegistry.filter((e) => e.schema !== 'auth' && !narrowed(e)).map((e) => e.qualifiedName))];
const narrowedGrants = personalDataRegistry.filter(narrowed).flatMap((e) => {
  const r = erasureRights(e);
  return [
    `REVOKE UPDATE, DELETE ON ${e.qualifiedName} FROM ${DEFINER_ROLE}`,
    `GRANT SELECT${r.delete ? ', DELETE' : ''} ON ${e.qualifiedName} TO ${DEFINER_ROLE}`,
    ...(r.update.length ? [`GRANT UPDATE (${r.update.join(', ')}) ON ${e.qualifiedName} TO ${DEFINER_ROLE}`] : []),
  ];
});
const registrySchemas = [...new Set(personalDataRegistry.map((e) => e.schema)), 'subjects'];
const DEFINER_POLICY = 'the definer role erases and exports data subjects';
/** Tables whose drizzle declaration already gives the definer role a policy (unified's definerPolicy). */
const hasDefinerPolicy = (e: PersonalDataEntry) =>
  getTableConfig(e.table).policies.some((p) => [p.to ?? []].flat().some((r) => (typeof r === 'string' ? r : (r as { name?: string }).name) === DEFINER_ROLE));

/**
 * What the subjects functions do, granted to their owner (the definer role) and nothing more:
 * SELECT, UPDATE, DELETE on the registry's tables (in schema ingest only the columns and rows
 * erasure writes: `erasureRights`), one RLS policy there (the role has no
 * BYPASSRLS), USAGE on their schemas, INSERT on subjects.runs; auth's tables where the migrating role
 * may grant them (on Supabase they belong to supabase_auth_admin: warned otherwise). Re-applied after
 * every drizzle-kit migration (a re-created table loses its grants).
 */
export const subjectsDefinerRights = defineSql({
  key: 'subjects definer role rights',
  reapply: true,
  create: [
    `GRANT USAGE ON SCHEMA ${registrySchemas.filter((s) => s !== 'auth').join(', ')} TO ${DEFINER_ROLE}`,
    `GRANT SELECT, UPDATE, DELETE ON ${registryTables.join(', ')} TO ${DEFINER_ROLE}`,
    ...narrowedGrants,
    `GRANT INSERT ON ${RUNS} TO ${DEFINER_ROLE}`,
    // called by the CHECK constraints and invoker triggers of the tables it updates (wolo.pots' opening rule)
    `GRANT EXECUTE ON FUNCTION ${TABLE_FUNCTIONS.join(', ')} TO ${DEFINER_ROLE}`,
    ...personalDataRegistry
      .filter((e) => e.schema !== 'auth' && !hasDefinerPolicy(e))
      .flatMap((e) => [
        `DROP POLICY IF EXISTS "${DEFINER_POLICY}" ON ${e.qualifiedName}`,
        `CREATE POLICY "${DEFINER_POLICY}" ON ${e.qualifiedName} AS PERMISSIVE FOR ALL TO ${DEFINER_ROLE} USING (true) WITH CHECK (true)`,
      ]),
    DEFINER_AUTH_USAGE,
    `DO $subjects$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[${personalDataRegistry
    .filter((e) => e.schema === 'auth')
    .flatMap((e) => [e.qualifiedName, ...(e.dependents ?? []).map((d) => d.table), ...(e.mentionedIn ?? []).map((m) => m.table)])
    .map(sqlLiteral)
    .join(', ')}] LOOP
    CONTINUE WHEN pg_catalog.to_regclass(t) IS NULL;
    BEGIN
      EXECUTE format('GRANT SELECT, UPDATE, DELETE ON %s TO ${DEFINER_ROLE}', pg_catalog.to_regclass(t));
      -- Supabase may enable RLS on auth's tables: the definer role gets its one policy there too
      IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(t)) THEN
        EXECUTE format('DROP POLICY IF EXISTS %I ON %s', ${sqlLiteral(DEFINER_POLICY)}, pg_catalog.to_regclass(t));
        EXECUTE format('CREATE POLICY %I ON %s AS PERMISSIVE FOR ALL TO ${DEFINER_ROLE} USING (true) WITH CHECK (true)', ${sqlLiteral(DEFINER_POLICY)}, pg_catalog.to_regclass(t));
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'the migrating role cannot give ${DEFINER_ROLE} rights on %: subjects.erase_subject skips it on this database (%)', t, SQLERRM;
    END;
  END LOOP;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'subjects: ${DEFINER_ROLE} has no rights on auth''s tables: the auth tables are skipped on this database (%)', SQLERRM;
END
$subjects$`,
  ],
  drop: [
    ...personalDataRegistry.filter((e) => e.schema !== 'auth' && !hasDefinerPolicy(e)).map((e) => `DROP POLICY IF EXISTS "${DEFINER_POLICY}" ON ${e.qualifiedName}`),
    // not public's tables: unified's own definer functions keep their rights there (src/functions/unified/definer.ts)
    `REVOKE SELECT, UPDATE, DELETE ON ${[...registryTables.filter((t) => !t.startsWith('public.')), ...personalDataRegistry.filter(narrowed).map((e) => e.qualifiedName)].join(', ')} FROM ${DEFINER_ROLE}`,
  ],
});

/** service_role reads the audit of runs (RLS: its select policy); nobody else has any right on it. */
export const subjectsGrants = defineSql({
  key: 'subjects grants',
  reapply: true,
  create: [`REVOKE ALL ON ${RUNS} FROM PUBLIC`, `GRANT USAGE ON SCHEMA subjects TO service_role`, `GRANT SELECT ON ${RUNS} TO service_role`],
  drop: [`REVOKE ALL ON ${RUNS} FROM service_role`],
});

/**
 * The definer role owns the subjects functions: PostgreSQL requires CREATE on the schema of a
 * function's new owner unless the migrating role is a superuser (on Supabase it is not). First, before
 * the functions are handed over.
 */
export const subjectsDefinerSchema = defineSql({
  key: 'subjects definer role schema subjects',
  create: [`GRANT USAGE, CREATE ON SCHEMA subjects TO ${DEFINER_ROLE}`],
  drop: [`REVOKE ALL ON SCHEMA subjects FROM ${DEFINER_ROLE}`],
});

/**
 * `subjects.record_refused_erasure(user_id, email, phone, dry_run, schema_name, table_name, constraint_name)`:
 * the audit row of an erasure a foreign key refused (`erase_refused`), which the refusal rolled back
 * with everything else. eraseSubject() calls it in a transaction of its own after the refusal. What
 * it records is the lookup's kind and the refusing constraint, and only a foreign key the catalog has:
 * no text of the caller's reaches the row (the identifiers are read for their kind only).
 */
export const recordRefusedErasureFn = defineDefinerFunction(
  'subjects.record_refused_erasure(user_id uuid, email text, phone text, dry_run boolean, schema_name text, table_name text, constraint_name text) RETURNS void',
  { grantExecute: ['service_role'],
  body: `
DECLARE
  v_lookup text := subjects.subject_lookup(record_refused_erasure.user_id, record_refused_erasure.email, record_refused_erasure.phone);
  v_table text;
  v_constraint text;
BEGIN
  SELECT n.nspname || '.' || t.relname, c.conname INTO v_table, v_constraint
    FROM pg_catalog.pg_constraint c
    JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
   WHERE c.contype = 'f' AND c.conname = record_refused_erasure.constraint_name
     AND t.relname = record_refused_erasure.table_name AND n.nspname = record_refused_erasure.schema_name;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no foreign key % on %.%', record_refused_erasure.constraint_name, record_refused_erasure.schema_name, record_refused_erasure.table_name
      USING ERRCODE = 'US002', COLUMN = 'constraint_name';
  END IF;
  PERFORM subjects.record_run('erase_refused', v_lookup, coalesce(record_refused_erasure.dry_run, false),
                              pg_catalog.jsonb_build_object(v_table, pg_catalog.jsonb_build_object('action', 'refused', 'constraint', v_constraint)), 0);
END`,
  comment: 'Records an erasure a foreign key refused (action erase_refused): the kind of lookup and the constraint, never the identifiers. service_role only.',
});

export const subjectsObjects = [
  subjectsDefinerSchema,
  subjectLookupFn,
  mentionsFn,
  redactFn,
  resolveSubjectFn,
  recordRunFn,
  exportDocumentFn,
  exportSubjectFn,
  eraseSubjectFn,
  recordRefusedErasureFn,
  subjectsDefinerRights,
  subjectsGrants,
];

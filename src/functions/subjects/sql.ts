/**
 * SQL generated from the personal-data registry (docs/subjects.md): the finder predicates and the
 * erasure statements of every entry, spliced into the bodies of `subjects.export_subject` and
 * `subjects.erase_subject`. Every table and column name comes from a drizzle table object of the
 * package and every constant from a registry declaration (never from a caller); the person's
 * identifiers are PL/pgSQL variables (static SQL) or `$n` parameters (backup tables, `EXECUTE … USING`).
 */
import { sqlLiteral } from '../../schema/_shared/index.js';
import type { Finder, PersonalDataEntry, Replacement } from '../../schema/_shared/personal-data.js';

/** Where the person's identifiers are: PL/pgSQL variables, or parameters of a dynamic statement. */
export interface SubjectVars {
  userIds: string;
  emails: string;
  phones: string;
  needles: string;
  /** The keys of the referenced entries' rows, captured before anything changed (`{ "crm.customers": [...] }`). */
  refs: string | null;
}
export const STATIC_VARS: SubjectVars = { userIds: 'v_user_ids', emails: 'v_emails', phones: 'v_phones', needles: 'v_needles', refs: 'v_refs' };
/** `EXECUTE … USING v_user_ids, v_emails, v_phones, v_needles` (backup tables: no references). */
export const DYNAMIC_VARS: SubjectVars = { userIds: '$1', emails: '$2', phones: '$3', needles: '$4', refs: null };

const col = (alias: string, name: string) => `${alias}.${name}`;
const mentions = (expr: string, v: SubjectVars) => `subjects.mentions(${expr}::text, ${v.needles})`;

/** The domain of a schema: how the export groups tables. */
export function domainOf(entry: PersonalDataEntry): string {
  return entry.schema === 'public' ? 'unified' : entry.schema;
}

/** The SQL type of a column, for casting a redacted text back. */
function columnType(entry: PersonalDataEntry, name: string): string {
  const c = Object.values(entry.table).find((x) => (x as { name?: unknown })?.name === name) as { getSQLType?: () => string } | undefined;
  return c?.getSQLType?.() ?? 'text';
}

/** One finder as a predicate over the row alias `a`. */
export function finderSql(entry: PersonalDataEntry, f: Finder, a: string, v: SubjectVars): string {
  if ('subject' in f) {
    // a text column holding a user id (a rollup's `customer`) is compared as text
    if (f.subject === 'userId') return `${col(a, f.column)} = ANY (${v.userIds}${columnType(entry, f.column) === 'uuid' ? '' : '::text[]'})`;
    if (f.subject === 'email') return `pg_catalog.lower(${col(a, f.column)}) = ANY (${v.emails})`;
    return `${col(a, f.column)}::text = ANY (${v.phones})`;
  }
  if ('reference' in f) {
    if (!v.refs) throw new Error(`${entry.qualifiedName}: a reference finder needs the captured keys`);
    return `${col(a, f.column)} = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(${v.refs} -> ${sqlLiteral(f.reference.qualifiedName)}))::uuid[])`;
  }
  if ('mention' in f) return mentions(col(a, f.mention), v);
  return `${col(a, f.actor)} = ANY (${v.userIds})`;
}

/** What a finder is called in the export's `found_by` (`email:contact_email`, `reference:crm.customers`). */
export function finderLabel(f: Finder): string {
  if ('subject' in f) return `${f.subject}:${f.column}`;
  if ('reference' in f) return `reference:${f.column}->${f.reference.qualifiedName}`;
  if ('mention' in f) return `mention:${f.mention}`;
  return `actor:${f.actor}`;
}

const isPrimary = (f: Finder) => 'subject' in f || 'reference' in f;

/** The rows the table's rule applies to: about the person, or belonging to a row that is. */
export function primarySql(entry: PersonalDataEntry, a: string, v: SubjectVars): string {
  const parts = entry.findBy.filter(isPrimary).map((f) => finderSql(entry, f, a, v));
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/** Every row the export shows: any finder. */
export function anySql(entry: PersonalDataEntry, a: string, v: SubjectVars): string {
  return `(${entry.findBy.map((f) => finderSql(entry, f, a, v)).join(' OR ')})`;
}

/** `column = <replacement>` and the predicate "the column still differs from it". */
function assignment(entry: PersonalDataEntry, name: string, value: Replacement, a: string, v: SubjectVars): { set: string; differs: string } {
  if (value === null) return { set: `${name} = NULL`, differs: `${col(a, name)} IS NOT NULL` };
  if (typeof value === 'object' && 'redact' in value) {
    const type = columnType(entry, name);
    return { set: `${name} = subjects.redact(${col(a, name)}::text, ${v.needles})::${type}`, differs: mentions(col(a, name), v) };
  }
  const expr = typeof value === 'object' ? `(${value.sql})` : typeof value === 'string' ? sqlLiteral(value) : String(value);
  return { set: `${name} = ${expr}`, differs: `${col(a, name)} IS DISTINCT FROM ${expr}` };
}

export function updateSql(entry: PersonalDataEntry, set: Readonly<Record<string, Replacement>>, where: string, a: string, v: SubjectVars, table = entry.qualifiedName): string {
  const parts = Object.entries(set).map(([name, value]) => assignment(entry, name, value, a, v));
  return `UPDATE ${table} ${a} SET ${parts.map((p) => p.set).join(', ')} WHERE ${where} AND (${parts.map((p) => p.differs).join(' OR ')})`;
}

/** A counted step of the erasure: the statement and what its row count means in the report. */
export interface EraseStep {
  sql: string;
  /** Report field the row count is added to. */
  field: 'rows' | 'redacted' | 'cleared' | 'kept';
  /** `count`: the statement is a SELECT count(*) (nothing is changed). */
  count?: boolean;
}

/**
 * The erasure of one entry, in order: the rule over the rows about the person, then the redaction of
 * mentions in the rows left, then the person's actor columns in other people's rows.
 */
export function eraseSteps(entry: PersonalDataEntry, v: SubjectVars, table = entry.qualifiedName): EraseStep[] {
  const a = 't';
  const steps: EraseStep[] = [];
  const primary = primarySql(entry, a, v);
  if (primary !== 'false') {
    steps.push({
      sql: entry.erase.action === 'delete' ? `DELETE FROM ${table} ${a} WHERE ${primary}` : updateSql(entry, entry.erase.set, primary, a, v, table),
      field: 'rows',
    });
  }
  for (const f of entry.findBy) {
    if ('mention' in f) steps.push({ sql: updateSql(entry, { [f.mention]: { redact: true } }, 'true', a, v, table), field: 'redacted' });
  }
  for (const f of entry.findBy) {
    if (!('actor' in f)) continue;
    const where = `${col(a, f.actor)} = ANY (${v.userIds})`;
    if (f.action === 'keep') steps.push({ sql: `SELECT count(*) FROM ${table} ${a} WHERE ${where}`, field: 'kept', count: true });
    else steps.push({ sql: updateSql(entry, f.set ?? { [f.actor]: null }, where, a, v, table), field: 'cleared' });
  }
  return steps;
}

/** The export's items of one entry: `{ domain, table, scope, key, found_by, row }` per row found. */
export function exportItemsSql(entry: PersonalDataEntry, v: SubjectVars, table = entry.qualifiedName, label = entry.qualifiedName): string {
  const a = 't';
  const key = `pg_catalog.jsonb_build_object(${entry.key.map((k) => `${sqlLiteral(k)}, ${col(a, k)}`).join(', ')})`;
  const foundBy = `pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[${entry.findBy
    .map((f) => `CASE WHEN ${finderSql(entry, f, a, v)} THEN ${sqlLiteral(finderLabel(f))} END`)
    .join(', ')}]::text[], NULL))`;
  const scope = entry.scope ? `${col(a, entry.scope)}::text` : 'NULL::text';
  return `SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', ${sqlLiteral(domainOf(entry))}, 'table', ${sqlLiteral(label)}, 'scope', ${scope}, 'key', ${key}, 'found_by', ${foundBy}, 'row', pg_catalog.to_jsonb(${a}))), '[]'::jsonb) FROM ${table} ${a} WHERE ${anySql(entry, a, v)}`;
}

/**
 * The entries other entries find rows through, each after the entries it references itself: their
 * keys are captured in this order, before anything changes (`v_refs`).
 */
export function referencedEntries(entries: readonly PersonalDataEntry[]): PersonalDataEntry[] {
  const out: PersonalDataEntry[] = [];
  const visit = (e: PersonalDataEntry, path: PersonalDataEntry[]) => {
    if (out.includes(e)) return;
    if (path.includes(e)) throw new Error(`personal-data registry: reference cycle through ${e.qualifiedName}`);
    for (const f of e.findBy) if ('reference' in f) visit(f.reference, [...path, e]);
    out.push(e);
  };
  for (const e of entries) for (const f of e.findBy) if ('reference' in f) visit(f.reference, []);
  for (const e of out) refKey(e);
  return out;
}

/** The uuid column other entries reference an entry's rows by: its key, or `id` in a composite (brand, id) key. */
function refKey(entry: PersonalDataEntry): string {
  const key = entry.key.length === 1 ? entry.key[0]! : entry.key.includes('id') ? 'id' : '';
  if (!key || columnType(entry, key) !== 'uuid') throw new Error(`${entry.qualifiedName}: an entry others reference needs a uuid key (or an id in its key)`);
  return key;
}

/** `v_refs := v_refs || { "<table>": [keys of the rows about the person] }` for one referenced entry. */
export function captureRefsSql(entry: PersonalDataEntry, v: SubjectVars): string {
  return `${v.refs} := ${v.refs} || pg_catalog.jsonb_build_object(${sqlLiteral(entry.qualifiedName)}, (SELECT coalesce(pg_catalog.jsonb_agg(t.${refKey(entry)}), '[]'::jsonb) FROM ${entry.qualifiedName} t WHERE ${primarySql(entry, 't', v)}));`;
}

/**
 * The entries in the order erasure applies them: an entry found through a reference before the entry
 * it references (its rows are found through rows that must still be there), `late` entries last.
 */
export function erasureOrder(entries: readonly PersonalDataEntry[]): PersonalDataEntry[] {
  const out: PersonalDataEntry[] = [];
  const visiting = new Set<PersonalDataEntry>();
  const visit = (e: PersonalDataEntry) => {
    if (out.includes(e)) return;
    if (visiting.has(e)) throw new Error(`personal-data registry: reference cycle through ${e.qualifiedName}`);
    visiting.add(e);
    // whatever (of the same phase) references e goes first: its report then counts its own rows, not e's cascade
    for (const other of entries) if (other.phase === e.phase && other.findBy.some((f) => 'reference' in f && f.reference === e)) visit(other);
    visiting.delete(e);
    out.push(e);
  };
  for (const e of entries.filter((x) => x.phase !== 'late')) visit(e);
  for (const e of entries.filter((x) => x.phase === 'late')) visit(e);
  return out;
}

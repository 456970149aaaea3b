/**
 * The personal-data registry (issue 17, docs/subjects.md): beside each table, which of its columns
 * hold personal data, how its rows are found from a person, and what erasure does to them. One
 * declaration per table, `personalData(table, { … })`, collected into one list
 * (`personalDataRegistry`, src/functions/subjects/registry.ts) from which the `subjects` SQL
 * functions are generated.
 */
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';

/**
 * A value an erasure writes into a column: `null`, a constant, `{ sql }` (an SQL expression of the
 * package over the row, alias `t`, e.g. `'forgotten-' || t.id::text || '@wolo.invalid'`), or
 * `{ redact: true }`: every occurrence of the person's email, phone or user id in the column's text
 * (a JSON document, a message) replaced by `[erased]`, the rest kept.
 */
export type Replacement = null | string | number | boolean | { readonly sql: string } | { readonly redact: true };

/**
 * How rows of the table are found from a person, once the person is resolved to their user ids,
 * emails and phones (docs/subjects.md, "Who is the person"):
 * - `subject`: the row is about the person (by `userId`, `email` (case-insensitive) or `phone`):
 *   the table's rule applies to it;
 * - `reference`: the row belongs to a row of another entry that is found (a conversation of the
 *   person's customer record): the table's rule applies to it;
 * - `mention`: a JSON or text column mentions the person's email, phone or user id: the occurrences
 *   are redacted, the row stays;
 * - `actor`: the person acted on someone else's row (verified it, approved it): `clear` sets the
 *   column to NULL; `keep` leaves a NOT NULL reference (the id of the person's tombstone account).
 */
export type Finder =
  | { readonly subject: 'userId' | 'email' | 'phone'; readonly column: string }
  | { readonly reference: PersonalDataEntry; readonly column: string }
  | { readonly mention: string }
  | { readonly actor: string; readonly action: 'clear' | 'keep'; readonly set?: Readonly<Record<string, Replacement>> };

/**
 * What erasure does to the rows a `subject` or `reference` finder found:
 * - `delete`;
 * - `anonymise`: the columns in `set` are overwritten, the row stays (a tombstone others reference);
 * - `retain`: a financial or legal record kept for `period` (amounts and dates stay), detached: `set`
 *   clears every link and identifier of the person.
 */
export type ErasureRule =
  | { readonly action: 'delete' }
  | { readonly action: 'anonymise'; readonly set: Readonly<Record<string, Replacement>>; readonly reason?: string }
  | { readonly action: 'retain'; readonly period: string; readonly reason: string; readonly set: Readonly<Record<string, Replacement>> };

export interface PersonalDataSpec {
  /** The columns holding personal data (SQL names), the catalog check's reference. */
  readonly columns: readonly string[];
  readonly findBy: readonly Finder[];
  readonly erase: ErasureRule;
  /** The brand (tenant) column: the export groups the table's rows per value (crm). */
  readonly scope?: string;
  /** The table identifies people: the person is resolved through these columns (user tables). */
  readonly identity?: { readonly userId: string; readonly email?: string; readonly phone?: string };
  /**
   * `late`: processed after every other entry (tables triggers write during the erasure: audit logs,
   * rollups maintained from other tables).
   */
  readonly phase?: 'late';
  /** Columns that may exist on some databases only (Supabase's auth.users): set when present. */
  readonly optionalSet?: Readonly<Record<string, Replacement>>;
  /**
   * Tables that exist on some databases only (Supabase's `auth.identities`, `auth.sessions`, …):
   * their rows whose `column` holds one of the person's user ids are exported and deleted with this
   * entry's rows, when the table exists.
   */
  readonly dependents?: readonly { readonly table: string; readonly column: string }[];
  /**
   * Tables that exist on some databases only and are about many people (Supabase's
   * `auth.audit_log_entries`): their rows whose `column` (text, json or jsonb) mentions the person are
   * exported, and the mentions redacted (the rows stay), when the table exists.
   */
  readonly mentionedIn?: readonly { readonly table: string; readonly column: string }[];
  /** One line on what is not obvious. */
  readonly note?: string;
}

export interface PersonalDataEntry extends PersonalDataSpec {
  readonly table: PgTable;
  readonly schema: string;
  readonly name: string;
  /** `schema.name` */
  readonly qualifiedName: string;
  /** Primary-key columns (the export's `key` of a row). */
  readonly key: readonly string[];
  readonly kind: 'personal-data';
}

const PERIOD = /^[1-9][0-9]* (days|months|years)$/;

/**
 * Declares the personal data of one table. Every column named (personal columns, finder columns,
 * replacements) must exist, a NULL replacement needs a nullable column and a retention period reads
 * like `7 years`: a mistake fails at import, so every test run checks the whole registry.
 */
export function personalData(table: PgTable, spec: PersonalDataSpec): PersonalDataEntry {
  const config = getTableConfig(table);
  const schema = config.schema ?? 'public';
  const qualifiedName = `${schema}.${config.name}`;
  const columns = new Map(config.columns.map((c) => [c.name, c]));
  const pk = config.columns.filter((c) => c.primary).map((c) => c.name);
  const key = pk.length ? pk : (config.primaryKeys[0]?.columns.map((c) => c.name) ?? []);
  const fail = (message: string): never => {
    throw new Error(`personalData(${qualifiedName}): ${message}`);
  };
  const column = (name: string, what: string) => columns.get(name) ?? fail(`${what} "${name}" is not a column`);
  const checkSet = (set: Readonly<Record<string, Replacement>>, what: string) => {
    for (const [name, value] of Object.entries(set)) {
      const c = column(name, what);
      if (value === null && c.notNull) fail(`${what} sets NOT NULL column "${name}" to NULL`);
    }
  };
  for (const c of spec.columns) column(c, 'personal column');
  if (!spec.findBy.length) fail('no finder: how is a row found from a person?');
  for (const f of spec.findBy) {
    if ('subject' in f) column(f.column, 'finder');
    else if ('reference' in f) column(f.column, 'reference');
    else if ('mention' in f) column(f.mention, 'mention');
    else {
      const c = column(f.actor, 'actor');
      if (f.action === 'clear' && c.notNull && !f.set) fail(`actor "${f.actor}" is NOT NULL: use action 'keep'`);
      if (f.set) checkSet(f.set, 'actor');
    }
  }
  if (spec.erase.action !== 'delete') checkSet(spec.erase.set, spec.erase.action);
  if (spec.erase.action === 'retain' && !PERIOD.test(spec.erase.period)) fail(`retention period "${spec.erase.period}" must read like "7 years"`);
  if (spec.scope) column(spec.scope, 'scope');
  if (spec.identity) for (const c of Object.values(spec.identity)) if (c) column(c, 'identity');
  if (!key.length) fail('no primary key');
  return { ...spec, table, schema, name: config.name, qualifiedName, key, kind: 'personal-data' };
}

/** Whether a module export is a registry entry (the collector gathers them from each declaring module). */
export function isPersonalDataEntry(value: unknown): value is PersonalDataEntry {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'personal-data';
}

/**
 * How long a detached financial row (a payment, a donation, a refund) is kept: doc 003 §6's seven
 * years, used by every domain (docs/subjects.md, "Retention").
 */
export const FINANCIAL_RETENTION = '7 years';
/** The text erasure writes over a kept row's personal text (WOLO's `FORGOTTEN`). */
export const ERASED = '[forgotten]';

/**
 * A user table's person columns (`id`, `email`, `phone`): they resolve the person (`identity`) and find
 * the person's row (`findBy`). Spread into the spec of each domain's user table:
 * `personalData(users, { columns, ...USER_TABLE_IDENTITY, erase })`.
 */
export const USER_TABLE_IDENTITY = {
  identity: { userId: 'id', email: 'email', phone: 'phone' },
  findBy: [
    { subject: 'userId', column: 'id' },
    { subject: 'email', column: 'email' },
    { subject: 'phone', column: 'phone' },
  ],
} as const satisfies Pick<PersonalDataSpec, 'identity' | 'findBy'>;

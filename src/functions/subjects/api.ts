import { sql } from 'drizzle-orm';
import { type Database, dbErrorCode, dbErrorMessage, jsonValue, queryRows } from '../../db.js';
import { databaseErrorOf, fromDatabaseError, UnifiedSchemaError, ValidationError } from '../../errors.js';
import { asRole } from '../../rls.js';
import { EMAIL_MAX_LENGTH, EMAIL_REGEXP, PHONE_PATTERN } from '../../schema/_shared/index.js';
import { SUBJECTS_SQLSTATES } from './objects.js';

/** Who the request is about: exactly one of an email, an auth user id, a phone. */
export type SubjectLookup = { email: string } | { userId: string } | { phone: string };

export interface SubjectOptions {
  /** Recorded as the run's `jwt_sub` in subjects.runs: who asked (an operator's id), never the person. */
  actor?: string;
}

/**
 * A data-subject request that cannot run: `blocked` (a row the rules keep still needs the person,
 * e.g. an instructor's courses: reassign them first; `cause` is the database's error).
 */
export class SubjectError extends UnifiedSchemaError {
  override name = 'SubjectError';
  /** When the audit row of the refusal (`subjects.runs`, `erase_refused`) could not be written: why. */
  auditError?: unknown;
  constructor(code: 'blocked', message: string, options: { cause?: unknown; sqlState?: string } = {}) {
    super(code, message, options);
  }
}

/** One row the export found: its primary key, the finders that matched (`email:email`, `reference:…`) and the row. */
export interface SubjectRow {
  key: Record<string, unknown>;
  found_by: string[];
  row: Record<string, unknown>;
}

/**
 * `exportSubject`'s document: `domains.<domain>.<schema.table>` lists the rows found; brand-scoped
 * tables (crm) are under `domains.crm.brands.<brand>.<schema.table>`.
 */
export interface SubjectExport {
  found: boolean;
  rows: number;
  subject: { user_ids: string[]; emails: string[]; phones: string[] };
  domains: Record<string, Record<string, unknown>>;
}

/** What erasure did (or, for a dry run, would do) to one table. */
export interface TableErasure {
  domain: string;
  /** The table's rule: `delete`, `anonymise`, `retain` (detached, kept for `period`). */
  action: 'delete' | 'anonymise' | 'retain';
  period?: string;
  /** Rows the rule deleted, anonymised or detached. */
  rows: number;
  /** Rows of others whose JSON or text mentioned the person: the mention redacted. */
  redacted: number;
  /** Rows of others where the person was the actor: the link cleared. */
  cleared: number;
  /** Rows of others still naming the person's (tombstone) account id, kept (a NOT NULL RESTRICT reference). */
  kept: number;
  /** Set when the definer role lacks the rights on the table (auth's on Supabase when they could not be granted): nothing was done there. */
  skipped?: 'no privilege';
}

export interface ErasureReport {
  dryRun: boolean;
  /** Whether anything belonged to the person (a user id, a row). */
  found: boolean;
  /** rows + redacted + cleared over every table: 0 when there was nothing left to erase. */
  totalRows: number;
  tables: Record<string, TableErasure>;
  /**
   * Active cutover backups (`ingest.backups`): frozen copies of production from before a cutover,
   * which erasure does not rewrite (rollback verifies their checksums). A rollback to one would bring
   * the person back: drop them when their rollback window closes (`unified-schema backups --drop`),
   * or erase again after a rollback (docs/subjects.md, "Cutover backups").
   */
  activeBackups: string[];
}

const PHONE_REGEXP = new RegExp(PHONE_PATTERN);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `{ email }` | `{ userId }` | `{ phone }` → the SQL arguments, or a ValidationError naming the field. */
export function subjectArgs(lookup: SubjectLookup): { userId: string | null; email: string | null; phone: string | null } {
  if (typeof lookup !== 'object' || lookup === null) throw new ValidationError('subject', 'give one of { email }, { userId }, { phone }');
  const keys = Object.keys(lookup).filter((k) => (lookup as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || !['email', 'userId', 'phone'].includes(keys[0]!)) {
    throw new ValidationError('subject', `give exactly one of email, userId, phone (got ${keys.join(', ') || 'none'})`);
  }
  const value = (lookup as Record<string, unknown>)[keys[0]!];
  if ('email' in lookup) {
    if (typeof value !== 'string' || value.length > EMAIL_MAX_LENGTH || !EMAIL_REGEXP.test(value)) throw new ValidationError('email', 'is not an email address');
    return { userId: null, email: value, phone: null };
  }
  if ('userId' in lookup) {
    if (typeof value !== 'string' || !UUID.test(value)) throw new ValidationError('userId', 'is not a uuid');
    return { userId: value, email: null, phone: null };
  }
  if (typeof value !== 'string' || !PHONE_REGEXP.test(value)) throw new ValidationError('phone', 'is not a phone number (+ and 7 to 15 digits)');
  return { userId: null, email: null, phone: value };
}

function subjectError(error: unknown): unknown {
  const mapped = fromDatabaseError(error, SUBJECTS_SQLSTATES, 'subject');
  if (mapped !== error) return mapped;
  const code = dbErrorCode(error);
  // foreign_key_violation, restrict_violation: a kept row still references what the rule deletes
  if (code === '23503' || code === '23001') {
    return new SubjectError('blocked', `erasure refused, nothing changed: ${dbErrorMessage(error)} (a row kept by its rule still needs the person; see docs/subjects.md)`, {
      cause: error,
      sqlState: code,
    });
  }
  return error;
}

/** Runs `fn` in one transaction as service_role (`ContextError` `role_not_granted` when the login role may not). */
async function runAsServiceRole<T>(db: Database, options: SubjectOptions, fn: (tx: Pick<Database, 'execute'>) => Promise<T>): Promise<T> {
  try {
    return await asRole(db, 'service_role', fn, options.actor ? { sub: options.actor } : undefined);
  } catch (error) {
    throw subjectError(error);
  }
}

/**
 * Everything the database holds about one person, in every domain, as one document grouped by
 * domain and table (crm per brand), each row with its key and how it was found (docs/subjects.md).
 * Runs `subjects.export_subject` as service_role; recorded in subjects.runs (counts only).
 */
export async function exportSubject(db: Database, lookup: SubjectLookup, options: SubjectOptions = {}): Promise<SubjectExport> {
  const a = subjectArgs(lookup);
  return runAsServiceRole(db, options, async (tx) => {
    const [row] = await queryRows<{ doc: unknown }>(tx, sql`select subjects.export_subject(${a.userId}::uuid, ${a.email}::text, ${a.phone}::text) as doc`);
    return jsonValue<SubjectExport>(row!.doc);
  });
}

/**
 * Erases one person in every domain, in one transaction, by each table's registry rule (delete,
 * anonymise, or keep detached for the retention period); `dryRun` does the same work and rolls it
 * back, reporting the same counts. Idempotent: a second run reports `totalRows: 0`. Runs
 * `subjects.erase_subject` as service_role; recorded in subjects.runs (counts only).
 */
export async function eraseSubject(db: Database, lookup: SubjectLookup, options: SubjectOptions & { dryRun?: boolean } = {}): Promise<ErasureReport> {
  const a = subjectArgs(lookup);
  if (options.dryRun !== undefined && typeof options.dryRun !== 'boolean') throw new ValidationError('dryRun', 'must be a boolean');
  try {
    return await runAsServiceRole(db, options, async (tx) => {
      const [row] = await queryRows<{ report: unknown }>(
        tx,
        sql`select subjects.erase_subject(${a.userId}::uuid, ${a.email}::text, ${a.phone}::text, ${options.dryRun ?? false}::boolean) as report`,
      );
      const r = jsonValue<{ dry_run: boolean; found: boolean; total_rows: number; tables: Record<string, TableErasure>; active_backups: string[] }>(row!.report);
      return { dryRun: r.dry_run, found: r.found, totalRows: Number(r.total_rows), tables: r.tables, activeBackups: r.active_backups };
    });
  } catch (error) {
    if (error instanceof SubjectError && error.code === 'blocked') await recordRefusal(db, options, a, error);
    throw error;
  }
}

/**
 * The audit row of a refused erasure (`erase_refused`), which the refusal rolled back with the rest:
 * written in a transaction of its own, naming the refusing foreign key (never the person). When it
 * cannot be written, the refusal is still what the caller gets; the failure is its `auditError`.
 */
async function recordRefusal(db: Database, options: SubjectOptions & { dryRun?: boolean }, a: ReturnType<typeof subjectArgs>, refusal: SubjectError): Promise<void> {
  // postgres.js names the fields schema_name / table_name / constraint_name, PGlite schema / table / constraint
  const e = (databaseErrorOf(refusal.cause) ?? {}) as Record<string, unknown>;
  const field = (...names: string[]) => names.map((n) => e[n]).find((v): v is string => typeof v === 'string') ?? null;
  try {
    await runAsServiceRole(db, options, (tx) =>
      queryRows(
        tx,
        sql`select subjects.record_refused_erasure(${a.userId}::uuid, ${a.email}::text, ${a.phone}::text, ${options.dryRun ?? false}::boolean,
                                                   ${field('schema_name', 'schema')}::text, ${field('table_name', 'table')}::text, ${field('constraint_name', 'constraint')}::text)`,
      ),
    );
  } catch (auditError) {
    refusal.auditError = auditError;
  }
}

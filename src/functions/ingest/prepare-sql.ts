import { CURRENCY_CODES, DEFAULT_CURRENCY, PAID_STATUSES, TRANSACTION_TYPES } from '../../schema/unified/constants.js';
import { EMAIL_MAX_LENGTH, EMAIL_PATTERN, PHONE_PATTERN, sqlList, sqlLiteral, TEXT_LIMITS } from '../../schema/_shared/index.js';
import { sqlFile, defineOwnerFunction } from '../define.js';
import { RAW_LOCK_KEY } from '../../schema/ingest/raw.sql.js';
import { SWAPPED_TABLES, USERS_STAGING } from './staging.js';

/** Transaction-local setting through which `prepare()` hands its run id to the SQL function. */
export const PREPARE_RUN_ID_SETTING = 'ingest.run_id';

/** At most this many example ids or emails are quoted in a blocking error's message. */
const SAMPLES = 5;

const paid = sqlList(PAID_STATUSES);
const swappedNames = sqlList(SWAPPED_TABLES.map((t) => t.table));

/**
 * The id prepare gives a new row: a version 4 UUID (RFC 9562: version nibble 4, variant 10xx) made of
 * the md5 of a secret drawn once per prepare (`seed`, a `gen_random_uuid()` as text, never stored or
 * written into a statement's text) and a key unique among the rows of its kind (`key`, starting with a
 * letter naming the kind). 120 of its bits come from the digest, so without the seed the ids are as
 * unpredictable as drawn ones, and distinct keys give distinct ids. One expression rather than
 * `gen_random_uuid()` per row: on this kind of virtual machine each call of that function asks the
 * kernel for the process id (OpenSSL's fork check) and costs ~2.1 us, against ~0.9 us for this
 * expression; prepare draws ~2.6M ids at 1M + 1M (docs/decisions.md, "prepare's ids from one secret
 * per run"). Every part is parallel safe, so the parallel workers compute the ids of their rows.
 */
export function stagedIdSql(seed: string, key: string): string {
  return `OVERLAY(OVERLAY(pg_catalog.md5(${seed} || ${key}) PLACING '4' FROM 13 FOR 1) PLACING '8' FROM 17 FOR 1)::uuid`;
}

/**
 * `public.validate_and_prepare_clean_data() → jsonb`: rebuilds the staging tables
 * (`ingest.create_staging_tables()`) and fills them, set-based, in FK order — users_staging,
 * unified_profiles_staging, transactions_staging, enrollments_staging — from `ingest.xendit_raw`,
 * `ingest.systemeio_raw` and the catalog `ingest.products`, applying the rules of docs/ingest.md.
 * Returns the validation report and stores it in `ingest.validation_reports` (with the run id of
 * the `ingest.run_id` setting, else a `prepare` run of its own).
 *
 * The staging FKs to auth.users are re-added NOT VALID when new users are staged: those users only
 * exist once the cutover inserted them (users_staging.existing = false); the cutover validates them.
 */
export const validateAndPrepareCleanDataFn = defineOwnerFunction('public.validate_and_prepare_clean_data() RETURNS jsonb', {
  comment:
    'Rebuilds ingest.*_staging from the raw Xendit/Systeme.io tables and the product catalog (docs/ingest.md rules); returns the validation report, also stored in ingest.validation_reports.',
  // Its own settings, given back to the caller by PostgreSQL on return or error (prepare may run inside
  // a longer transaction of the caller's):
  settings: {
    // the sorts and hashes over 1M-row work tables in memory rather than in temp files
    work_mem: '128MB',
    // and a hash no larger than a sort: with PostgreSQL's default multiplier (2) each process of a
    // parallel hash aggregate or join may hold 256 MB. Nothing at 1M + 1M needs more than ~75 MB a
    // process, but at 4M + 4M the invoices' aggregate per email (_prep_inv_emails) held 941 MB across
    // three processes; with 1 prepare's memory stays bounded by work_mem times the processes of a
    // statement (docs/ingest-performance.md, "prepare's memory")
    hash_mem_multiplier: '1',
    // the index rebuilds sort 1M-row tables: in memory rather than in temp files
    maintenance_work_mem: '256MB',
    // one-off statements over big work tables: compiling them (up to 0.6 s each at 1M rows) never pays off
    jit: 'off',
  },
  body: sqlFile(import.meta.url, './validate-and-prepare-clean-data.sql', { PREPARE_RUN_ID_SETTING, RAW_LOCK_KEY: sqlLiteral(RAW_LOCK_KEY), SAMPLES, STAGING_TABLES: SWAPPED_TABLES.map((t) => `'${t.staging}'::regclass`).join(', '), FILL_TABLES: [...SWAPPED_TABLES.map((t) => t.staging), USERS_STAGING].map((t) => `'${t}'::regclass`).join(', '), PAID_STATUSES: paid, CURRENCY_CODES: sqlList(CURRENCY_CODES), REVENUE_CURRENCY: sqlLiteral(DEFAULT_CURRENCY), TRANSACTION_TYPES: sqlList(TRANSACTION_TYPES), PHONE_PATTERN: sqlLiteral(PHONE_PATTERN), SWAPPED_TABLES: swappedNames, EMAIL_MAX_LENGTH, EMAIL_PATTERN: sqlLiteral(EMAIL_PATTERN), TAGS_MAX: TEXT_LIMITS.tags,
    // the ids of new rows (stagedIdSql): contacts, merged contacts, users without a contact and manual
    // payments in the function's own statements (the seed a variable); transactions and enrollments in
    // statements it builds, as text literals whose seed is a bound parameter ($3, $1)
    CONTACT_ID: stagedIdSql('v_seed', "'c' || s.id"),
    MERGED_CONTACT_ID: stagedIdSql('v_seed', "'d' || s.email_normalized"),
    USER_ID: stagedIdSql('v_seed', "'u' || p.email"),
    MANUAL_PAYMENT_ID: stagedIdSql('v_seed', "'m' || m.external_id"),
    TRANSACTION_ID_SQL: sqlLiteral(stagedIdSql('$3', "'t' || x.id")),
    ENROLLMENT_ID_SQL: sqlLiteral(stagedIdSql('$1', "'e' || e.user_id || e.course_id")) }),
});

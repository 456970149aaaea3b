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
  body: sqlFile(import.meta.url, './validate-and-prepare-clean-data.sql', { PREPARE_RUN_ID_SETTING, RAW_LOCK_KEY: sqlLiteral(RAW_LOCK_KEY), SAMPLES, STAGING_TABLES: SWAPPED_TABLES.map((t) => `'${t.staging}'::regclass`).join(', '), FILL_TABLES: [...SWAPPED_TABLES.map((t) => t.staging), USERS_STAGING].map((t) => `'${t}'::regclass`).join(', '), PAID_STATUSES: paid, CURRENCY_CODES: sqlList(CURRENCY_CODES), REVENUE_CURRENCY: sqlLiteral(DEFAULT_CURRENCY), TRANSACTION_TYPES: sqlList(TRANSACTION_TYPES), PHONE_PATTERN: sqlLiteral(PHONE_PATTERN), SWAPPED_TABLES: swappedNames, EMAIL_MAX_LENGTH, EMAIL_PATTERN: sqlLiteral(EMAIL_PATTERN), TAGS_MAX: TEXT_LIMITS.tags }),
});

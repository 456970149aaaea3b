import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UnifiedSchemaError } from '../../src/errors.js';

/**
 * The public surface, reviewed: the sorted runtime names every `package.json` export gives. A new
 * export is a change to this list (and to the README's API table), never a side effect of
 * `export *`. Types are erased at runtime and are not listed.
 */
const expected: Record<string, string[]> = {
  '.': [
    'ContextError',
    'MigrationError',
    'UnifiedSchemaError',
    'ValidationError',
    'asAnon',
    'asRole',
    'asServiceRole',
    'asUser',
    'dbErrorCode',
    'dbErrorMessage',
    'engineOf',
    'execScript',
    'migrate',
    'migrationStatus',
    'openDatabase',
    'parseInput',
    'queryRows',
    'schema',
    'sqlObjects',
    'withContext',
  ],
  './migrations': ['MIGRATIONS_TABLE', 'MigrationError', 'defaultMigrationsFolder', 'migrate', 'migrationStatus', 'readMigrations'],
  './testing': [
    'FAIL_AT_SETTING',
    'RlsAssertionError',
    'RlsHarnessError',
    'assertRlsApplies',
    'createTestDatabase',
    'customerListQuery',
    'customerSearchQuery',
    'ensureTemplate',
    'expectAllowed',
    'expectDenied',
    'explainSearchCustomers',
    'findPostgresBinaries',
    'pgliteMigratedSnapshot',
    'startPostgresServer',
    'templateName',
  ],
  './unified': [
    'AFFILIATE_STATUSES',
    'BUSINESS_TIME_ZONE',
    'COURSE_STATUSES',
    'CURRENCY_CODES',
    'ENROLLMENT_STATUSES',
    'METRIC_GRANULARITIES',
    'NOTIFICATION_TYPES',
    'PROFILE_STATUSES',
    'TRANSACTION_STATUSES',
    'TRANSACTION_TYPES',
    'ValidationError',
    'adminNotifications',
    'affiliates',
    'businessDate',
    'calculateEnrollmentMetrics',
    'courses',
    'dashboardCacheStatus',
    'enrollments',
    'getDashboardCacheStatus',
    'getMarketingSources',
    'getMonthlyEnrollments',
    'getMonthlyRevenue',
    'getRevenueMetrics',
    'insertAffiliateSchema',
    'insertCourseSchema',
    'insertEnrollmentSchema',
    'insertMembershipLevelSchema',
    'insertTransactionSchema',
    'insertUnifiedProfileSchema',
    'marketingSourceMv',
    'marketingSourceView',
    'membershipLevels',
    'monthlyEnrollmentsMv',
    'monthlyEnrollmentsView',
    'ownProfileUpdateSchema',
    'profileAuditLog',
    'refreshDashboardViews',
    'revenueAnalysisMv',
    'revenueAnalysisView',
    'revenueMetrics',
    'selectAdminNotificationSchema',
    'selectAffiliateSchema',
    'selectCourseSchema',
    'selectEnrollmentSchema',
    'selectMembershipLevelSchema',
    'selectProfileAuditEntrySchema',
    'selectRevenueMetricSchema',
    'selectTransactionSchema',
    'selectUnifiedProfileSchema',
    'syncProfileData',
    'transactions',
    'unifiedProfiles',
    'updateAffiliateSchema',
    'updateCourseSchema',
    'updateEnrollmentSchema',
    'updateMembershipLevelSchema',
    'updateRevenueMetrics',
    'updateTransactionSchema',
    'updateUnifiedProfileSchema',
  ],
  './ingest': [
    'CUTOVER_STEPS',
    'CutoverError',
    'IngestError',
    'ROLLBACK_STEPS',
    'RollbackError',
    'RunLogError',
    'SWAPPED_TABLES',
    'SyncAbortedError',
    'SyncAuthError',
    'SyncConfigError',
    'SyncConflictError',
    'SyncError',
    'SyncHttpError',
    'backups',
    'createStagingTables',
    'cutover',
    'defaultSampleDir',
    'dropBackup',
    'finishRun',
    'generateSampleData',
    'getBackup',
    'getSyncState',
    'ingestSystemeio',
    'ingestXendit',
    'insertBackupSchema',
    'insertProductSchema',
    'insertRunLogSchema',
    'insertSystemeioRawSchema',
    'insertValidationReportSchema',
    'insertXenditRawSchema',
    'insertXenditTransactionRawSchema',
    'lastRun',
    'latestValidationReport',
    'listBackups',
    'listRuns',
    'listSyncState',
    'loadXenditTransactions',
    'outsideDependents',
    'prepare',
    'productForDescription',
    'products',
    'recordRun',
    'rejectedRows',
    'resetSyncState',
    'rollback',
    'runDemo',
    'runLog',
    'runPipeline',
    'sealBackup',
    'selectBackupSchema',
    'selectProductSchema',
    'selectRejectedRowSchema',
    'selectRunLogSchema',
    'selectSyncStateSchema',
    'selectSystemeioRawSchema',
    'selectValidationReportSchema',
    'selectXenditRawSchema',
    'selectXenditTransactionRawSchema',
    'startRun',
    'syncState',
    'syncSystemeio',
    'syncXendit',
    'systemeioContactInput',
    'systemeioRaw',
    'updateProductSchema',
    'updateRunLogSchema',
    'validationReports',
    'xenditInvoiceInput',
    'xenditRaw',
    'xenditTransactionsRaw',
  ],
  './crm': [
    'ValidationError',
    'brandIdEnum',
    'brandIdSchema',
    'brandIds',
    'conversationStatusEnum',
    'conversations',
    'createCustomer',
    'crm',
    'crmAnalyticsRole',
    'crmAppRole',
    'customerAnalytics',
    'customerSearch',
    'customerSourceEnum',
    'customerStageEnum',
    'customers',
    'exportBrandData',
    'findCustomer',
    'findCustomers',
    'getThread',
    'insertConversationSchema',
    'insertCustomerSchema',
    'insertMessageSchema',
    'messageDirectionEnum',
    'messageStatusEnum',
    'messages',
    'parseBrand',
    'searchCustomers',
    'selectConversationSchema',
    'selectCustomerSchema',
    'selectMessageSchema',
    'setCustomerStage',
    'threadMessage',
    'updateConversationSchema',
    'updateCustomerSchema',
    'updateMessageSchema',
    'withBrand',
  ],
};

/** Names that would mean (besides `sqlObjects`, the one list the generator reads) an SQL object definition or a test hook leaked into a domain entry. */
const internal = /(Fn|Trigger|Triggers|Grants|Objects|Object|Sql)$|^(failAt|FAIL_AT_SETTING|explain|customerListQuery|customerSearchQuery|sqlList|sqlLiteral|brandEnum$)/;

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, string | { default: string }>;
};
/** `./dist/crm.js` → the source module `../../src/crm.ts`. */
const sourceOf = (target: string | { default: string }) => {
  const file = typeof target === 'string' ? target : target.default;
  return new URL(`../../${file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')}`, import.meta.url).href;
};
const entries = Object.entries(pkg.exports).filter(([, target]) => (typeof target === 'string' ? target : target.default).endsWith('.js'));

describe('public surface', () => {
  it.each(entries)('%s exports exactly its reviewed list', async (entry, target) => {
    const names = Object.keys(await import(sourceOf(target))).sort();
    expect(expected[entry], `no reviewed export list for ${entry}: add one to test/foundation/exports.test.ts`).toBeDefined();
    expect(names).toEqual([...expected[entry]!].sort());
  });

  it.each(entries.filter(([entry]) => entry !== './testing'))('%s exports no SQL object definition and no test hook', async (_entry, target) => {
    const leaked = Object.keys(await import(sourceOf(target))).filter((name) => name !== 'sqlObjects' && internal.test(name));
    expect(leaked).toEqual([]);
  });

  it.each(entries)('every error class %s exports extends UnifiedSchemaError (one error model, docs/errors.md)', async (_entry, target) => {
    const errors = Object.entries(await import(sourceOf(target))).filter(
      ([, v]) => typeof v === 'function' && (v as { prototype?: unknown }).prototype instanceof Error,
    );
    for (const [name, cls] of errors) expect((cls as { prototype: unknown }).prototype instanceof UnifiedSchemaError || cls === UnifiedSchemaError, name).toBe(true);
  });

  it('the entries never use export *', () => {
    for (const [, target] of entries) {
      const text = readFileSync(new URL(sourceOf(target)), 'utf8');
      expect(text).not.toMatch(/^export \* from/m);
    }
  });
});

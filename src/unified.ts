// Public entry `@org/unified-schema/unified` (design doc 000): a named list, never `export *`
// (docs/conventions.md). SQL object definitions are reachable only through `sqlObjects`.
export { ValidationError } from './errors.js';
export {
  type EnrollmentMetricsParams,
  type EnrollmentMetricsRow,
  calculateEnrollmentMetrics,
  getRevenueMetrics,
  type RevenueMetricsParams,
  updateRevenueMetrics,
} from './functions/unified/metrics.js';
export {
  getDashboardCacheStatus,
  getMarketingSources,
  getMonthlyEnrollments,
  getMonthlyRevenue,
  type MarketingSourcesParams,
  type MonthlyEnrollmentsParams,
  type MonthlyRevenueParams,
  type RefreshedView,
  refreshDashboardViews,
} from './functions/unified/dashboard.js';
export { businessDate } from './functions/unified/params.js';
export {
  type SyncProfileDataParams,
  type SyncProfileDataResult,
  type SystemeioContact,
  syncProfileData,
  type XenditPayment,
} from './functions/unified/sync.js';
export { type AdminNotification, adminNotifications, type NewAdminNotification, type NewProfileAuditEntry, type ProfileAuditEntry, profileAuditLog } from './schema/unified/audit.js';
export {
  AFFILIATE_STATUSES,
  BUSINESS_TIME_ZONE,
  COURSE_STATUSES,
  CURRENCY_CODES,
  type CurrencyCode,
  ENROLLMENT_STATUSES,
  type EnrollmentStatus,
  METRIC_GRANULARITIES,
  type MetricGranularity,
  NOTIFICATION_TYPES,
  type NotificationType,
  PROFILE_STATUSES,
  type ProfileStatus,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
  type TransactionStatus,
  type TransactionType,
} from './schema/unified/constants.js';
export { type Course, courses, type NewCourse } from './schema/unified/courses.js';
export { type Enrollment, enrollments, type NewEnrollment } from './schema/unified/enrollments.js';
export { type DashboardCacheStatus, dashboardCacheStatus, type NewRevenueMetric, type RevenueMetric, revenueMetrics } from './schema/unified/metrics.js';
export {
  type Affiliate,
  affiliates,
  type MembershipLevel,
  membershipLevels,
  type NewAffiliate,
  type NewMembershipLevel,
  type NewUnifiedProfile,
  type UnifiedProfile,
  unifiedProfiles,
} from './schema/unified/profiles.js';
export { type NewTransaction, type Transaction, transactions } from './schema/unified/transactions.js';
export {
  insertAffiliateSchema,
  insertCourseSchema,
  insertEnrollmentSchema,
  insertMembershipLevelSchema,
  insertTransactionSchema,
  insertUnifiedProfileSchema,
  ownProfileUpdateSchema,
  selectAdminNotificationSchema,
  selectAffiliateSchema,
  selectCourseSchema,
  selectEnrollmentSchema,
  selectMembershipLevelSchema,
  selectProfileAuditEntrySchema,
  selectRevenueMetricSchema,
  selectTransactionSchema,
  selectUnifiedProfileSchema,
  updateAffiliateSchema,
  updateCourseSchema,
  updateEnrollmentSchema,
  updateMembershipLevelSchema,
  updateTransactionSchema,
  updateUnifiedProfileSchema,
} from './schema/unified/validation.js';
export { marketingSourceMv, marketingSourceView, monthlyEnrollmentsMv, monthlyEnrollmentsView, revenueAnalysisMv, revenueAnalysisView } from './views/unified.js';
export type { MarketingSourceRow, MonthlyEnrollmentsRow, RevenueAnalysisRow } from './views/unified.js';

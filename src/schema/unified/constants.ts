/**
 * The value sets and formats of the unified domain, declared once: the CHECK constraints, the zod
 * validators, the SQL functions and the TS helpers all read them from here.
 */

/**
 * The business time zone: every month, week and day bucket of the analytics views and functions is
 * a calendar period in this zone (a payment at 2024-01-31T20:00Z is in February in Asia/Manila).
 * It is rendered into the SQL function `public.business_time_zone()`; to change it, edit this
 * constant, run `npm run db:generate -- --name unified_business_time_zone`, migrate, then call
 * `refresh_dashboard_views()` and `update_revenue_metrics()` to rebuild the caches (the migration
 * rebuilds the dashboard rollups itself: src/functions/unified/rollups.ts, rollupsInitialBuild).
 */
export const BUSINESS_TIME_ZONE = 'Asia/Manila';

/** Normalized payment statuses (Xendit's PENDING, PAID, SETTLED, EXPIRED, FAILED, plus refunds). */
export const TRANSACTION_STATUSES = ['pending', 'paid', 'settled', 'expired', 'failed', 'refunded'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
/** The only statuses whose money counts as revenue. */
export const PAID_STATUSES = ['paid', 'settled'] as const satisfies readonly TransactionStatus[];

/** Products: Papers to Profits (P2P) course, Canva templates, anything else. */
export const TRANSACTION_TYPES = ['P2P', 'Canva', 'Other'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const PROFILE_STATUSES = ['active', 'inactive', 'suspended', 'deleted'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

export const ENROLLMENT_STATUSES = ['pending', 'active', 'expired', 'cancelled', 'refunded'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export const AFFILIATE_STATUSES = ['pending', 'active', 'inactive', 'suspended'] as const;

export const NOTIFICATION_TYPES = ['payment_received', 'payment_refunded', 'enrollment_created', 'enrollment_skipped'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The caches whose staleness `dashboard_cache_status` tracks. */
export const DASHBOARD_CACHES = ['dashboard_views', 'revenue_metrics'] as const;
export type DashboardCache = (typeof DASHBOARD_CACHES)[number];

export const METRIC_GRANULARITIES = ['day', 'week', 'month'] as const;
export type MetricGranularity = (typeof METRIC_GRANULARITIES)[number];


/** ISO 4217 active currency codes (2025). */
export const CURRENCY_CODES = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD',
  'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE',
  'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF',
  'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS',
  'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD',
  'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR',
  'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK',
  'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD',
  'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER',
  'ZAR', 'ZMW', 'ZWG', 'ZWL',
] as const;
export type CurrencyCode = (typeof CURRENCY_CODES)[number];
export const DEFAULT_CURRENCY: CurrencyCode = 'PHP';

/** The P2P course the migrations seed; paid P2P transactions enroll into it. */
export const P2P_COURSE = { slug: 'papers-to-profits', title: 'Papers to Profits', transactionType: 'P2P' } as const;

/**
 * Transaction-local setting that silences admin notifications (enrollments are still created), for
 * historical backfills: `select set_config('unified.suppress_notifications', 'on', true)`.
 */
export const SUPPRESS_NOTIFICATIONS_SETTING = 'unified.suppress_notifications';

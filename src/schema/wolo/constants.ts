/**
 * The value sets, formats and business rules of the WOLO domain (design doc 003), declared once: the
 * CHECK constraints, the zod validators, the SQL functions and the TS wrappers read them from here.
 */

/**
 * The business time zone (Senegal): "today" for the daily invitation counter, a referral's expiry, the
 * J-30 opening of a pot and the minor/guardian age are calendar dates in this zone. Rendered into
 * `wolo.business_time_zone()`; change it here and run db:generate.
 */
export const WOLO_BUSINESS_TIME_ZONE = 'Africa/Dakar';

/** Invitations a sponsor may send per business day unless the day's row says otherwise. */
export const DAILY_INVITATION_LIMIT = 50;
/** A referral is valid for this many whole business days after the day it was sent. */
export const REFERRAL_VALIDITY_DAYS = 7;
/** A pot opens this many days before the birthday (J-30) unless created with its own scheduled_open_at. */
export const POT_OPENS_DAYS_BEFORE_BIRTHDAY = 30;
/** Age under which a profile needs a guardian. */
export const ADULT_AGE = 18;

/** Points credited to the sponsor when an invitation is accepted, before multipliers. */
export const REFERRAL_ACCEPTED_POINTS = 100;
/** Pending points mature (become spendable) after this delay. */
export const POINTS_MATURATION_DAYS = 14;
/** CFA francs credited per point converted, unless `system_config` has `points_conversion_rate`. */
export const DEFAULT_POINTS_CONVERSION_RATE = 5;
/** The `system_config.config_key` that overrides DEFAULT_POINTS_CONVERSION_RATE (a JSON number). */
export const POINTS_CONVERSION_RATE_KEY = 'points_conversion_rate';

/** Wave's currency for CFA francs. */
export const WAVE_CURRENCY = 'XOF';
export const WAVE_EVENT_TYPES = ['checkout.session.completed', 'checkout.session.payment_failed'] as const;
export type WaveEventType = (typeof WAVE_EVENT_TYPES)[number];
export const WAVE_PAYMENT_STATUSES = ['succeeded', 'processing', 'cancelled'] as const;

// identity
export const AUTH_PROVIDERS = ['phone', 'google', 'facebook', 'email'] as const;
export const USER_ROLES = ['user', 'admin', 'super_admin', 'partner'] as const;
export type UserRole = (typeof USER_ROLES)[number];
// profiles
export const RELATIONSHIP_TYPES = ['parent', 'guardian', 'sibling', 'grandparent', 'other'] as const;
export const ID_TYPES = ['passport', 'national_id', 'birth_certificate'] as const;
export const ADDRESS_TYPES = ['primary', 'billing', 'delivery'] as const;
// referrals
export const REFERRAL_STATUSES = ['sent', 'accepted', 'expired', 'declined'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const POINTS_EVENT_TYPES = ['referral_accepted', 'pot_opened', 'first_donation', 'points_converted', 'adjustment'] as const;
export const POINTS_STATUSES = ['pending', 'matured', 'revoked'] as const;
export const SELECTION_METHODS = ['batch', 'individual'] as const;
export const BATCH_STATUSES = ['pending', 'selected', 'sent', 'skipped'] as const;
// pots
export const POT_STATUSES = ['scheduled', 'open', 'funded', 'expired', 'closed'] as const;
export type PotStatus = (typeof POT_STATUSES)[number];
/** The only moves the pot lifecycle trigger allows (a status may also stay what it is). */
export const POT_TRANSITIONS: Readonly<Record<PotStatus, readonly PotStatus[]>> = {
  scheduled: ['open'],
  open: ['funded', 'expired'],
  funded: ['closed'],
  expired: ['closed'],
  closed: [],
};
export const POT_VISIBILITIES = ['private', 'public', 'friends_only'] as const;
export const INVITATION_METHODS = ['whatsapp', 'sms', 'email', 'social'] as const;
// donations
export const DONATION_STATUSES = ['pending', 'processing', 'succeeded', 'failed', 'refunded'] as const;
export type DonationStatus = (typeof DONATION_STATUSES)[number];
/** Donations move forward only (`wolo.donations_guard`); a step may be skipped. */
export const DONATION_TRANSITIONS: Readonly<Record<DonationStatus, readonly DonationStatus[]>> = {
  pending: ['processing', 'succeeded', 'failed'],
  processing: ['succeeded', 'failed'],
  succeeded: ['refunded'],
  failed: [],
  refunded: [],
};
/** The statuses whose money counts in a pot's raised_cfa (a refunded donation counts amount − refunds = 0). */
export const COUNTED_DONATION_STATUSES = ['succeeded', 'refunded'] as const satisfies readonly DonationStatus[];
export const REFUND_REASONS = ['user_request', 'fraud', 'failed_pot', 'admin_action'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
export const WAVE_REFUND_STATUSES = ['pending', 'processing', 'succeeded', 'failed'] as const;
export const PERIOD_TYPES = ['daily', 'weekly', 'monthly'] as const;
// packs
export const PACK_CATEGORIES = ['cinema', 'restaurant', 'spa', 'experience', 'retail', 'other'] as const;
export const PARTNER_TYPES = ['cinema', 'restaurant', 'spa', 'retail', 'experience', 'other'] as const;
export const PAYMENT_TERMS = ['weekly', 'monthly', 'quarterly'] as const;
export const PARTNER_STATUSES = ['pending', 'active', 'suspended', 'terminated'] as const;
export const PARTNER_STAFF_ROLES = ['owner', 'manager', 'cashier'] as const;
export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed'] as const;
// redemption
export const QR_STATUSES = ['issued', 'redeemed', 'expired', 'cancelled'] as const;
export const REDEMPTION_RESULTS = ['success', 'invalid', 'already_used', 'expired', 'not_yet_valid', 'wrong_partner'] as const;
export type RedemptionResult = (typeof REDEMPTION_RESULTS)[number];
export const SETTLEMENT_STATUSES = ['pending', 'approved', 'paid', 'disputed'] as const;
// notifications
export const NOTIFICATION_CHANNELS = ['email', 'sms', 'whatsapp', 'push'] as const;
// 'sending': claimed by a sender worker (wolo.claim_notifications), result not yet recorded (part 2).
export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'failed', 'bounced'] as const;
/** Marketing notifications need the user's recorded opt-in (notification_preferences.marketing_opt_in_at/_source). */
export const NOTIFICATION_CATEGORIES = ['transactional', 'marketing'] as const;
export const DIGEST_FREQUENCIES = ['immediate', 'daily', 'weekly'] as const;
// analytics
export const PLATFORMS = ['web', 'mobile_app', 'api'] as const;
export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet'] as const;
export const AB_TEST_STATUSES = ['draft', 'running', 'paused', 'completed'] as const;
// admin
export const FLAG_TYPES = ['boolean', 'string', 'number', 'json'] as const;
export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export const CONFIG_DATA_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;
export const ACTOR_TYPES = ['user', 'system', 'api'] as const;
export const HEALTH_STATUSES = ['healthy', 'degraded', 'unhealthy'] as const;
export const ADMIN_LEVELS = ['regular', 'super', 'partner', 'sponsor'] as const;
export const TERMINATION_REASONS = ['logout', 'timeout', 'revoked'] as const;

/** ISO 3166-1 alpha-3 (`SEN`) or alpha-2; the document's columns are VARCHAR(3). */
export const COUNTRY_PATTERN = '^[A-Z]{2,3}$';
/** A referral code as send_invitation generates it: 20 upper-case hex digits (~78 random bits). */
export const REFERRAL_CODE_PATTERN = '^[0-9A-F]{20}$';

/**
 * The placeholder email of a forgotten account or referral contact, `forgotten-<row id>@wolo.invalid`,
 * as an SQL expression over the row's id (a valid address, for the email CHECKs; the `.invalid` TLD never
 * delivers). wolo.forget_user and the data-subject erasure write it; wolo.purge_expired_data recognises it.
 */
export const forgottenEmail = (idSql: string) => `'forgotten-' || ${idSql}::text || '@wolo.invalid'`;

export { EMAIL_MAX_LENGTH, EMAIL_PATTERN, PHONE_PATTERN, sqlList, sqlLiteral, TEXT_LIMITS } from '../_shared/index.js';


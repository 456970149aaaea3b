/**
 * The value sets of the learning domain, declared once: the CHECK constraints, the zod validators
 * and the SQL functions read them from here.
 */
export { CURRENCY_CODES, type CurrencyCode } from '../unified/constants.js';
export { EMAIL_MAX_LENGTH, EMAIL_PATTERN, PHONE_PATTERN, sqlList, sqlLiteral } from '../_shared/index.js';

export const DEFAULT_CURRENCY = 'USD';

export const USER_STATUSES = ['active', 'inactive', 'suspended', 'deleted'] as const;
export const ADDRESS_TYPES = ['billing', 'shipping', 'home'] as const;
export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export const COURSE_DIFFICULTIES = ['beginner', 'intermediate', 'advanced', 'expert'] as const;
export const LESSON_CONTENT_TYPES = ['video', 'text', 'quiz', 'assignment'] as const;
export const QUESTION_TYPES = ['multiple_choice', 'true_false', 'short_answer', 'essay'] as const;
/** Question types submit_quiz_attempt scores automatically; essays wait for a person. */
export const AUTO_SCORED_QUESTION_TYPES = ['multiple_choice', 'true_false', 'short_answer'] as const;
export const LESSON_PROGRESS_STATUSES = ['not_started', 'in_progress', 'completed'] as const;
/** Enrollment states; completion is `completed_at`, not a status (a completed course stays active). */
export const ENROLLMENT_STATUSES = ['active', 'paused', 'cancelled', 'expired', 'refunded'] as const;
export const BILLING_INTERVALS = ['monthly', 'yearly'] as const;
export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'canceled', 'past_due', 'unpaid'] as const;
export const PURCHASE_TYPES = ['one_time', 'subscription'] as const;
export const PURCHASE_STATUSES = ['pending', 'completed', 'failed', 'refunded'] as const;
export const TRANSACTION_TYPES = ['payment', 'refund', 'chargeback'] as const;
export const TRANSACTION_STATUSES = ['pending', 'completed', 'failed'] as const;
export const MEDIA_PROCESSING_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export const MEDIA_VISIBILITIES = ['public', 'private', 'course_only'] as const;
export const VERSIONED_CONTENT_TYPES = ['course', 'section', 'lesson', 'quiz', 'question', 'resource'] as const;
export const ACTIVITY_EVENT_TYPES = ['view', 'play', 'pause', 'seek', 'complete', 'note', 'bookmark'] as const;

/** Language tags like `en`, `pt-BR`. */
export const LANGUAGE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';
/** URL keys: lower-case words joined by dashes. */
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const HEX_COLOR_PATTERN = '^#[0-9A-Fa-f]{6}$';
export const COUNTRY_PATTERN = '^[A-Z]{2}$';

/** The setting encrypt/decrypt_sensitive_data read the key from, at call time (never stored). */
export const ENCRYPTION_KEY_SETTING = 'learning.encryption_key';

/**
 * SQLSTATEs the learning functions raise (class `UL`), mapped to ValidationError codes by
 * `fromDatabaseError(error, LEARNING_SQLSTATES)`. Listed in docs/errors.md.
 */
export const LEARNING_SQLSTATES = {
  UL001: 'encryption_key_missing',
  UL002: 'decryption_failed',
  UL003: 'invalid_partition_target',
  UL010: 'not_allowed',
  UL011: 'quiz_not_found',
  UL012: 'not_enrolled',
  UL013: 'attempts_exhausted',
  UL014: 'time_limit_exceeded',
  UL015: 'invalid_responses',
  UL016: 'quiz_has_no_questions',
  UL020: 'invalid_argument',
  UL021: 'not_login_identity',
} as const;

/** The SQLSTATE of a code: `learningSqlState('not_enrolled')` → `UL012` (for SQL bodies). */
export function learningSqlState(code: (typeof LEARNING_SQLSTATES)[keyof typeof LEARNING_SQLSTATES]): string {
  const entry = Object.entries(LEARNING_SQLSTATES).find(([, c]) => c === code);
  if (!entry) throw new Error(`unknown learning error code ${code}`);
  return entry[0];
}

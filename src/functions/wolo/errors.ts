import { fromDatabaseError, type SqlStateCodes } from '../../errors.js';

/**
 * The WOLO domain's SQLSTATEs (class `UW`), declared once: the SQL raises them, the TS wrappers map
 * them to `ValidationError` codes with `fromDatabaseError` (never by message), docs/wolo.md lists them.
 */
export const WOLO_SQLSTATES = {
  UW001: 'invalid_payload',
  UW002: 'pot_not_open',
  UW003: 'donation_status',
  UW004: 'refund_not_allowed',
  UW005: 'refund_exceeds_amount',
  UW006: 'daily_limit_reached',
  UW007: 'referral_not_found',
  UW008: 'referral_expired',
  UW009: 'referral_already_accepted',
  UW010: 'guardian_required',
  UW011: 'pot_status',
  UW012: 'insufficient_points',
  UW013: 'pot_totals_readonly',
  UW014: 'anonymous_not_allowed',
  UW015: 'self_referral',
  UW016: 'not_found',
  UW017: 'immutable',
  UW018: 'invalid_input',
  // part 2 (issue #13)
  UW019: 'channel_not_supported',
  UW020: 'consent_required',
  UW021: 'missing_placeholder',
  UW022: 'notification_status',
  UW023: 'config_invalid',
  UW024: 'settlement_paid',
  UW025: 'encryption_key_missing',
  UW026: 'settlement_overlap',
  UW027: 'redemption_limit_reached',
  UW028: 'pack_unavailable',
  UW029: 'not_login_identity',
  UW030: 'user_already_sponsored',
} as const satisfies SqlStateCodes;
export type WoloErrorCode = (typeof WOLO_SQLSTATES)[keyof typeof WOLO_SQLSTATES];

/** The SQLSTATE of a code: `woloSqlState('pot_not_open')` → `UW002` (for SQL bodies). */
export function woloSqlState(code: WoloErrorCode): string {
  const entry = Object.entries(WOLO_SQLSTATES).find(([, c]) => c === code);
  if (!entry) throw new Error(`unknown wolo error code ${code}`);
  return entry[0];
}

/** Maps a database error of a WOLO function to a ValidationError (or returns it unchanged). */
export const woloError = (error: unknown, field: string): unknown => fromDatabaseError(error, WOLO_SQLSTATES, field);

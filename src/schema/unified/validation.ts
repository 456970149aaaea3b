import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';
import { adminNotifications, profileAuditLog } from './audit.js';
import { AFFILIATE_STATUSES, COURSE_STATUSES, CURRENCY_CODES, ENROLLMENT_STATUSES, PROFILE_STATUSES, TRANSACTION_STATUSES, TRANSACTION_TYPES } from './constants.js';
import { EMAIL_MAX_LENGTH, EMAIL_REGEXP, isOneLineText, isStorableText, PHONE_PATTERN, STORABLE_TEXT_MESSAGE, TEXT_LIMITS } from '../_shared/index.js';
import { courses } from './courses.js';
import { enrollments } from './enrollments.js';
import { leads } from './leads.js';
import { revenueMetrics } from './metrics.js';
import { affiliates, membershipLevels, unifiedProfiles } from './profiles.js';
import { transactions } from './transactions.js';

// drizzle-zod derives the shapes from the tables; the refinements below add what the CHECK
// constraints enforce, with the same patterns and value sets (constants.ts), so a value zod accepts
// is one the database accepts.

const phoneRe = new RegExp(PHONE_PATTERN);
/** numeric(12,2) >= 0 as a string (drizzle returns numeric as string): up to 10 integer digits, 2 decimals. */
const amountRe = /^\d{1,10}(\.\d{1,2})?$/;

const email = (s: z.ZodString) => s.max(EMAIL_MAX_LENGTH, { error: `email is longer than ${EMAIL_MAX_LENGTH} characters` }).regex(EMAIL_REGEXP, { error: 'email is not a valid address (no spaces, one @, a domain with a TLD)' });
const phone = (s: z.ZodString) => s.regex(phoneRe, { error: 'phone must be digits with an optional leading + (7 to 15 digits, no spaces or dashes)' });
const amount = (s: z.ZodString) => s.regex(amountRe, { error: 'amount must be a non-negative number with at most 2 decimals (max 9999999999.99)' });
const currency = () => z.enum(CURRENCY_CODES, { error: 'currency must be an ISO 4217 code in upper case, e.g. PHP' });

/** Text the database stores unchanged, within the CHECK's limit (the same TEXT_LIMITS constant). */
const limitedText = (max: number) => (s: z.ZodString) => s.max(max).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional();
const profileRefine = {
  email,
  phone,
  status: () => z.enum(PROFILE_STATUSES, { error: `status must be one of ${PROFILE_STATUSES.join(', ')}` }),
  tags: () => z.array(z.string().max(TEXT_LIMITS.tag).refine(isOneLineText, `one line, ${STORABLE_TEXT_MESSAGE}`)).max(TEXT_LIMITS.tags),
  firstName: limitedText(TEXT_LIMITS.name),
  lastName: limitedText(TEXT_LIMITS.name),
  acquisitionSource: limitedText(TEXT_LIMITS.label),
  systemeioId: limitedText(TEXT_LIMITS.label),
};
export const insertUnifiedProfileSchema = createInsertSchema(unifiedProfiles, profileRefine);
export const updateUnifiedProfileSchema = createUpdateSchema(unifiedProfiles, profileRefine);
export const selectUnifiedProfileSchema = createSelectSchema(unifiedProfiles);
/** What a signed-in user may change on their own profile (the column-level GRANT UPDATE). */
export const ownProfileUpdateSchema = updateUnifiedProfileSchema.pick({ firstName: true, lastName: true, phone: true }).strict();
export const OWN_PROFILE_UPDATE_COLUMNS = ['first_name', 'last_name', 'phone'] as const;

const transactionRefine = {
  amount,
  currency,
  status: () => z.enum(TRANSACTION_STATUSES, { error: `status must be one of ${TRANSACTION_STATUSES.join(', ')}` }),
  transactionType: () => z.enum(TRANSACTION_TYPES, { error: `transaction_type must be one of ${TRANSACTION_TYPES.join(', ')}` }),
  contactEmail: email,
  externalId: limitedText(TEXT_LIMITS.label),
  paymentMethod: limitedText(TEXT_LIMITS.label),
};
export const insertTransactionSchema = createInsertSchema(transactions, transactionRefine);
export const updateTransactionSchema = createUpdateSchema(transactions, transactionRefine);
export const selectTransactionSchema = createSelectSchema(transactions);

const enrollmentRefine = {
  status: () => z.enum(ENROLLMENT_STATUSES, { error: `status must be one of ${ENROLLMENT_STATUSES.join(', ')}` }),
};
const expiresAfterEnrolled = (e: { enrolledAt?: Date | null; expiresAt?: Date | null }) => !e.expiresAt || !e.enrolledAt || e.expiresAt > e.enrolledAt;
const expiresMessage = { error: 'expires_at must be after enrolled_at', path: ['expiresAt'] };
export const insertEnrollmentSchema = createInsertSchema(enrollments, enrollmentRefine).refine(expiresAfterEnrolled, expiresMessage);
export const updateEnrollmentSchema = createUpdateSchema(enrollments, enrollmentRefine).refine(expiresAfterEnrolled, expiresMessage);
export const selectEnrollmentSchema = createSelectSchema(enrollments);

const courseRefine = {
  slug: (s: z.ZodString) => s.max(TEXT_LIMITS.label).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'slug must be lower-case words separated by single dashes' }),
  status: () => z.enum(COURSE_STATUSES),
  transactionType: () => z.enum(TRANSACTION_TYPES).nullable(),
  title: (s: z.ZodString) => s.min(1).max(TEXT_LIMITS.label).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  description: limitedText(TEXT_LIMITS.content),
};
export const insertCourseSchema = createInsertSchema(courses, courseRefine);
export const updateCourseSchema = createUpdateSchema(courses, courseRefine);
export const selectCourseSchema = createSelectSchema(courses);

const membershipLevelRefine = {
  name: (s: z.ZodString) => s.min(1).max(TEXT_LIMITS.label).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  description: limitedText(TEXT_LIMITS.content),
};
export const insertMembershipLevelSchema = createInsertSchema(membershipLevels, membershipLevelRefine);
export const updateMembershipLevelSchema = createUpdateSchema(membershipLevels, membershipLevelRefine);
export const selectMembershipLevelSchema = createSelectSchema(membershipLevels);

const affiliateRefine = {
  code: (s: z.ZodString) => s.regex(/^[A-Za-z0-9_-]{2,64}$/, { error: 'code must be 2 to 64 letters, digits, _ or -' }),
  status: () => z.enum(AFFILIATE_STATUSES),
  commissionRate: (s: z.ZodString) =>
    s.regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, { error: 'commission_rate must be between 0 and 1 with at most 4 decimals' }),
};
export const insertAffiliateSchema = createInsertSchema(affiliates, affiliateRefine);
export const updateAffiliateSchema = createUpdateSchema(affiliates, affiliateRefine);
export const selectAffiliateSchema = createSelectSchema(affiliates);

export const selectProfileAuditEntrySchema = createSelectSchema(profileAuditLog);
export const selectAdminNotificationSchema = createSelectSchema(adminNotifications);
export const selectRevenueMetricSchema = createSelectSchema(revenueMetrics);

const leadRefine = {
  email,
  // no count limit (a lead keeps every tag of its contacts); each tag as a profile's
  tags: () => z.array(z.string().max(TEXT_LIMITS.tag).refine(isOneLineText, `one line, ${STORABLE_TEXT_MESSAGE}`)),
  source: (s: z.ZodString) => s.min(1).max(100).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  firstName: limitedText(TEXT_LIMITS.name),
  lastName: limitedText(TEXT_LIMITS.name),
  systemeioId: limitedText(TEXT_LIMITS.label),
};
export const insertLeadSchema = createInsertSchema(leads, leadRefine);
export const updateLeadSchema = createUpdateSchema(leads, leadRefine);
export const selectLeadSchema = createSelectSchema(leads);

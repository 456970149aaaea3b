import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';
import { courseQuizzes, quizAttempts, quizQuestions } from './assessment.js';
import { coursePurchases, paymentTransactions, subscriptionPlans, subscriptions } from './billing.js';
import { courseCategories, courses, courseTagMappings, courseTags } from './catalog.js';
import { COUNTRY_PATTERN, CURRENCY_CODES, EMAIL_MAX_LENGTH, EMAIL_PATTERN, HEX_COLOR_PATTERN, LANGUAGE_PATTERN, PHONE_PATTERN, SLUG_PATTERN } from './constants.js';
import { courseLessons, courseResources, courseSections } from './content.js';
import { contentVersions, mediaFiles, userBookmarks, userNotes } from './media.js';
import { roles, userAddresses, userPreferences, userRoles, users } from './people.js';
import { courseCompletions, enrollments, lessonProgress, userAchievements } from './progress.js';
import { isStorableDate, isStorableJson, isStorableText, STORABLE_DATE_MESSAGE, STORABLE_TEXT_MESSAGE } from '../_shared/index.js';

// drizzle-zod derives the shapes (varchar lengths, enum value sets, NOT NULL) from the tables; the
// refinements add what the CHECK constraints enforce, with the same patterns (constants.ts), so a
// value zod accepts is one the database accepts.

/** numeric(10,2) >= 0 as a string (drizzle returns numeric as string). */
const money = (s: z.ZodString) => s.regex(/^\d{1,8}(\.\d{1,2})?$/, { error: 'must be a non-negative amount with at most 2 decimals (max 99999999.99)' });
const percent = (s: z.ZodString) =>
  s.regex(/^\d{1,3}(\.\d{1,2})?$/, { error: 'must be a percentage with at most 2 decimals' }).refine((v) => Number(v) <= 100, { error: 'must be at most 100' });
/** numeric(5,2) >= 0 (a score) as a string. */
const score = (s: z.ZodString) => s.regex(/^\d{1,3}(\.\d{1,2})?$/, { error: 'must be a non-negative number with at most 2 decimals (max 999.99)' });
/** Text PostgreSQL can store unchanged (no NUL, no unpaired surrogate): a driver error otherwise. */
const storable = <S extends z.ZodString>(s: S) => s.refine(isStorableText, STORABLE_TEXT_MESSAGE);
/** An instant of the years 1 to 9999 (timestamptz refuses or shifts the rest). */
const date = (s: z.ZodDate) => s.refine(isStorableDate, STORABLE_DATE_MESSAGE);
/**
 * A jsonb value JSON.stringify keeps as given (no BigInt, NaN, function) holding storable text. drizzle-zod's
 * JSON schema takes null, which a NOT NULL column refuses (a nullable column accepts null before this runs).
 */
const jsonValue = z.json();
const json = <S extends z.ZodType>(s: S) =>
  s
    .refine((v) => v !== null, { error: 'must not be null (leave it out for the default)' })
    .refine((v) => jsonValue.safeParse(v).success, { error: 'must be JSON (strings, finite numbers, booleans, null, arrays, objects)' })
    .refine(isStorableJson, STORABLE_TEXT_MESSAGE);
/** A counter or duration: the CHECKs say >= 0. */
const count = (s: z.ZodNumber) => s.int().min(0);
const currency = () => z.enum(CURRENCY_CODES, { error: 'must be an ISO 4217 code in upper case, e.g. USD' });
const slug = (s: z.ZodString) => s.regex(new RegExp(SLUG_PATTERN), { error: 'must be lower-case words joined by dashes' });
const language = (s: z.ZodString) => s.regex(new RegExp(LANGUAGE_PATTERN), { error: 'must be a language tag like en or pt-BR' });

const userRefine = {
  email: (s: z.ZodString) => s.max(EMAIL_MAX_LENGTH).regex(new RegExp(EMAIL_PATTERN), { error: 'must be a valid email address' }),
  phone: (s: z.ZodString) => s.regex(new RegExp(PHONE_PATTERN), { error: 'must be digits with an optional leading + (7 to 15 digits)' }),
  language,
  bio: (s: z.ZodString) => s.max(5000),
};
export const insertUserSchema = createInsertSchema(users, userRefine);
export const updateUserSchema = createUpdateSchema(users, userRefine);
export const selectUserSchema = createSelectSchema(users);

const addressRefine = { country: (s: z.ZodString) => s.regex(new RegExp(COUNTRY_PATTERN), { error: 'must be an ISO 3166 alpha-2 code like US' }) };
export const insertUserAddressSchema = createInsertSchema(userAddresses, addressRefine);
export const updateUserAddressSchema = createUpdateSchema(userAddresses, addressRefine);
export const selectUserAddressSchema = createSelectSchema(userAddresses);

export const insertUserPreferenceSchema = createInsertSchema(userPreferences);
export const updateUserPreferenceSchema = createUpdateSchema(userPreferences);
export const selectUserPreferenceSchema = createSelectSchema(userPreferences);

export const insertRoleSchema = createInsertSchema(roles, { permissions: () => z.array(z.string()) });
export const updateRoleSchema = createUpdateSchema(roles, { permissions: () => z.array(z.string()) });
export const selectRoleSchema = createSelectSchema(roles);

export const insertUserRoleSchema = createInsertSchema(userRoles);
export const updateUserRoleSchema = createUpdateSchema(userRoles);
export const selectUserRoleSchema = createSelectSchema(userRoles);

const categoryRefine = { slug, color: (s: z.ZodString) => s.regex(new RegExp(HEX_COLOR_PATTERN), { error: 'must be a hex colour like #1a2b3c' }) };
export const insertCourseCategorySchema = createInsertSchema(courseCategories, categoryRefine);
export const updateCourseCategorySchema = createUpdateSchema(courseCategories, categoryRefine);
export const selectCourseCategorySchema = createSelectSchema(courseCategories);

export const insertCourseTagSchema = createInsertSchema(courseTags, { slug });
export const updateCourseTagSchema = createUpdateSchema(courseTags, { slug });
export const selectCourseTagSchema = createSelectSchema(courseTags);

const courseRefine = { slug, language, price: money, originalPrice: money, currency, averageRating: (s: z.ZodString) => s.regex(/^[0-5](\.\d{1,2})?$/), completionRate: percent };
export const insertCourseSchema = createInsertSchema(courses, courseRefine);
export const updateCourseSchema = createUpdateSchema(courses, courseRefine);
export const selectCourseSchema = createSelectSchema(courses);

export const insertCourseTagMappingSchema = createInsertSchema(courseTagMappings);
export const updateCourseTagMappingSchema = createUpdateSchema(courseTagMappings);
export const selectCourseTagMappingSchema = createSelectSchema(courseTagMappings);

const ordered = { orderIndex: (s: z.ZodNumber) => s.int().min(0) };
export const insertCourseSectionSchema = createInsertSchema(courseSections, ordered);
export const updateCourseSectionSchema = createUpdateSchema(courseSections, ordered);
export const selectCourseSectionSchema = createSelectSchema(courseSections);

const lessonRefine = { ...ordered, slug, videoDuration: (s: z.ZodNumber) => s.int().min(0), readingTime: (s: z.ZodNumber) => s.int().min(0) };
export const insertCourseLessonSchema = createInsertSchema(courseLessons, lessonRefine);
export const updateCourseLessonSchema = createUpdateSchema(courseLessons, lessonRefine);
export const selectCourseLessonSchema = createSelectSchema(courseLessons);

export const insertCourseResourceSchema = createInsertSchema(courseResources);
export const updateCourseResourceSchema = createUpdateSchema(courseResources);
export const selectCourseResourceSchema = createSelectSchema(courseResources);

const quizRefine = { timeLimit: (s: z.ZodNumber) => s.int().positive(), attemptsAllowed: (s: z.ZodNumber) => s.int().positive(), passingScore: percent };
export const insertCourseQuizSchema = createInsertSchema(courseQuizzes, quizRefine);
export const updateCourseQuizSchema = createUpdateSchema(courseQuizzes, quizRefine);
export const selectCourseQuizSchema = createSelectSchema(courseQuizzes);

export const insertQuizQuestionSchema = createInsertSchema(quizQuestions, { ...ordered, points: money });
export const updateQuizQuestionSchema = createUpdateSchema(quizQuestions, { ...ordered, points: money });
export const selectQuizQuestionSchema = createSelectSchema(quizQuestions);

export const insertQuizAttemptSchema = createInsertSchema(quizAttempts);
export const updateQuizAttemptSchema = createUpdateSchema(quizAttempts);
export const selectQuizAttemptSchema = createSelectSchema(quizAttempts);

const enrollmentRefine = { progress: percent, enrolledAt: date, completedAt: date, lastAccessedAt: date, updatedAt: date };
export const insertEnrollmentSchema = createInsertSchema(enrollments, enrollmentRefine);
export const updateEnrollmentSchema = createUpdateSchema(enrollments, enrollmentRefine);
export const selectEnrollmentSchema = createSelectSchema(enrollments);

const lessonProgressRefine = {
  progressPercentage: percent,
  totalTimeSpent: count,
  lastPosition: count,
  interactionCount: count,
  notesCount: count,
  bookmarksCount: count,
  startedAt: date,
  completedAt: date,
  lastAccessedAt: date,
  createdAt: date,
  updatedAt: date,
};
export const insertLessonProgressSchema = createInsertSchema(lessonProgress, lessonProgressRefine);
export const updateLessonProgressSchema = createUpdateSchema(lessonProgress, lessonProgressRefine);
export const selectLessonProgressSchema = createSelectSchema(lessonProgress);

const completionRefine = {
  rating: (s: z.ZodNumber) => s.int().min(1).max(5),
  review: (s: z.ZodString) => storable(s.max(10000)),
  completionPercentage: percent,
  totalTimeSpent: count,
  finalScore: score,
  certificateUrl: storable,
  completedAt: date,
};
export const insertCourseCompletionSchema = createInsertSchema(courseCompletions, completionRefine);
export const updateCourseCompletionSchema = createUpdateSchema(courseCompletions, completionRefine);
export const selectCourseCompletionSchema = createSelectSchema(courseCompletions);

export const insertUserAchievementSchema = createInsertSchema(userAchievements);
export const updateUserAchievementSchema = createUpdateSchema(userAchievements);
export const selectUserAchievementSchema = createSelectSchema(userAchievements);

export const insertSubscriptionPlanSchema = createInsertSchema(subscriptionPlans, { price: money, currency });
export const updateSubscriptionPlanSchema = createUpdateSchema(subscriptionPlans, { price: money, currency });
export const selectSubscriptionPlanSchema = createSelectSchema(subscriptionPlans);

export const insertSubscriptionSchema = createInsertSchema(subscriptions).refine((s) => s.currentPeriodEnd > s.currentPeriodStart, {
  error: 'currentPeriodEnd must be after currentPeriodStart',
  path: ['currentPeriodEnd'],
});
export const updateSubscriptionSchema = createUpdateSchema(subscriptions);
export const selectSubscriptionSchema = createSelectSchema(subscriptions);

const purchaseRefine = {
  amount: money,
  currency,
  paymentMethod: storable,
  transactionId: storable,
  stripePaymentIntentId: storable,
  stripeInvoiceId: storable,
  purchasedAt: date,
  expiresAt: date,
};
// course_purchases_expires_at_check: expires_at > purchased_at (which defaults to now())
export const insertCoursePurchaseSchema = createInsertSchema(coursePurchases, purchaseRefine).refine((p) => !p.expiresAt || p.expiresAt > (p.purchasedAt ?? new Date()), {
  error: 'must be after purchasedAt (now when it is not given)',
  path: ['expiresAt'],
});
export const updateCoursePurchaseSchema = createUpdateSchema(coursePurchases, purchaseRefine);
export const selectCoursePurchaseSchema = createSelectSchema(coursePurchases);

const positiveMoney = (s: z.ZodString) => money(s).refine((v) => Number(v) > 0, { error: 'must be greater than 0' });
const transactionRefine = {
  amount: positiveMoney,
  currency,
  paymentMethod: storable,
  paymentProvider: storable,
  externalTransactionId: storable,
  externalInvoiceId: storable,
  metadata: json,
  createdAt: date,
};
export const insertPaymentTransactionSchema = createInsertSchema(paymentTransactions, transactionRefine);
export const updatePaymentTransactionSchema = createUpdateSchema(paymentTransactions, transactionRefine);
export const selectPaymentTransactionSchema = createSelectSchema(paymentTransactions);

const mediaRefine = { fileSize: (s: z.ZodNumber) => s.int().positive(), fileHash: (s: z.ZodString) => s.regex(/^[0-9a-f]{64}$/, { error: 'must be a sha256 hex digest' }) };
export const insertMediaFileSchema = createInsertSchema(mediaFiles, mediaRefine);
export const updateMediaFileSchema = createUpdateSchema(mediaFiles, mediaRefine);
export const selectMediaFileSchema = createSelectSchema(mediaFiles);

export const insertContentVersionSchema = createInsertSchema(contentVersions, { versionNumber: (s: z.ZodNumber) => s.int().positive() });
export const updateContentVersionSchema = createUpdateSchema(contentVersions, { versionNumber: (s: z.ZodNumber) => s.int().positive() });
export const selectContentVersionSchema = createSelectSchema(contentVersions);

const noteRefine = { content: (s: z.ZodString) => storable(s.min(1).max(20000)), timestampInVideo: count, createdAt: date, updatedAt: date };
export const insertUserNoteSchema = createInsertSchema(userNotes, noteRefine);
export const updateUserNoteSchema = createUpdateSchema(userNotes, noteRefine);
export const selectUserNoteSchema = createSelectSchema(userNotes);

const bookmarkRefine = { title: storable, notes: (s: z.ZodString) => storable(s.max(5000)), timestampInVideo: count, createdAt: date };
export const insertUserBookmarkSchema = createInsertSchema(userBookmarks, bookmarkRefine);
export const updateUserBookmarkSchema = createUpdateSchema(userBookmarks, bookmarkRefine);
export const selectUserBookmarkSchema = createSelectSchema(userBookmarks);

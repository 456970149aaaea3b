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
import { date, json, storable, withStorage } from '../_shared/validators.js';

// drizzle-zod derives the shapes (varchar lengths, enum value sets, NOT NULL) from the tables; the
// refinements add what the CHECK constraints enforce, with the same patterns (constants.ts), so a
// value zod accepts is one the database accepts.

/** numeric(10,2) >= 0 as a string (drizzle returns numeric as string). */
const money = (s: z.ZodString) => s.regex(/^\d{1,8}(\.\d{1,2})?$/, { error: 'must be a non-negative amount with at most 2 decimals (max 99999999.99)' });
const percent = (s: z.ZodString) =>
  s.regex(/^\d{1,3}(\.\d{1,2})?$/, { error: 'must be a percentage with at most 2 decimals' }).refine((v) => Number(v) <= 100, { error: 'must be at most 100' });
/** numeric(5,2) >= 0 (a score) as a string. */
const score = (s: z.ZodString) => s.regex(/^\d{1,3}(\.\d{1,2})?$/, { error: 'must be a non-negative number with at most 2 decimals (max 999.99)' });
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
export const insertUserSchema = createInsertSchema(users, withStorage(users, userRefine));
export const updateUserSchema = createUpdateSchema(users, withStorage(users, userRefine));
export const selectUserSchema = createSelectSchema(users);

const addressRefine = { country: (s: z.ZodString) => s.regex(new RegExp(COUNTRY_PATTERN), { error: 'must be an ISO 3166 alpha-2 code like US' }) };
export const insertUserAddressSchema = createInsertSchema(userAddresses, withStorage(userAddresses, addressRefine));
export const updateUserAddressSchema = createUpdateSchema(userAddresses, withStorage(userAddresses, addressRefine));
export const selectUserAddressSchema = createSelectSchema(userAddresses);

export const insertUserPreferenceSchema = createInsertSchema(userPreferences, withStorage(userPreferences, {}));
export const updateUserPreferenceSchema = createUpdateSchema(userPreferences, withStorage(userPreferences, {}));
export const selectUserPreferenceSchema = createSelectSchema(userPreferences);

export const insertRoleSchema = createInsertSchema(roles, withStorage(roles, { permissions: () => z.array(z.string()) }));
export const updateRoleSchema = createUpdateSchema(roles, withStorage(roles, { permissions: () => z.array(z.string()) }));
export const selectRoleSchema = createSelectSchema(roles);

// user_roles_expires_at_check: expires_at > assigned_at (which defaults to now())
export const insertUserRoleSchema = createInsertSchema(userRoles, withStorage(userRoles, {})).refine((r) => !r.expiresAt || r.expiresAt > (r.assignedAt ?? new Date()), {
  error: 'must be after assignedAt (now when it is not given)',
  path: ['expiresAt'],
});
export const updateUserRoleSchema = createUpdateSchema(userRoles, withStorage(userRoles, {}));
export const selectUserRoleSchema = createSelectSchema(userRoles);

const categoryRefine = { slug, color: (s: z.ZodString) => s.regex(new RegExp(HEX_COLOR_PATTERN), { error: 'must be a hex colour like #1a2b3c' }) };
export const insertCourseCategorySchema = createInsertSchema(courseCategories, withStorage(courseCategories, categoryRefine));
export const updateCourseCategorySchema = createUpdateSchema(courseCategories, withStorage(courseCategories, categoryRefine));
export const selectCourseCategorySchema = createSelectSchema(courseCategories);

export const insertCourseTagSchema = createInsertSchema(courseTags, withStorage(courseTags, { slug, usageCount: count }));
export const updateCourseTagSchema = createUpdateSchema(courseTags, withStorage(courseTags, { slug, usageCount: count }));
export const selectCourseTagSchema = createSelectSchema(courseTags);

const courseRefine = {
  slug,
  language,
  price: money,
  originalPrice: money,
  currency,
  averageRating: (s: z.ZodString) => s.regex(/^[0-5](\.\d{1,2})?$/, { error: 'must be a rating from 0 to 5 with at most 2 decimals' }).refine((v) => Number(v) <= 5, { error: 'must be at most 5' }),
  completionRate: percent,
  enrollmentCount: count,
  reviewCount: count,
  // numeric(4,1) > 0
  durationHours: (s: z.ZodString) => s.regex(/^\d{1,3}(\.\d)?$/, { error: 'must be a number of hours with at most 1 decimal (max 999.9)' }).refine((v) => Number(v) > 0, { error: 'must be greater than 0' }),
};
// courses_original_price_check: original_price >= price (price defaults to 0)
const originalPriceCheck = (c: { price?: string | undefined; originalPrice?: string | null | undefined }) => c.originalPrice == null || Number(c.originalPrice) >= Number(c.price ?? 0);
export const insertCourseSchema = createInsertSchema(courses, withStorage(courses, courseRefine)).refine(originalPriceCheck, { error: 'must be at least price', path: ['originalPrice'] });
// An update giving both prices is checked; one alone is checked by the database against the stored other.
export const updateCourseSchema = createUpdateSchema(courses, withStorage(courses, courseRefine)).refine((c) => c.price === undefined || originalPriceCheck(c), {
  error: 'must be at least price',
  path: ['originalPrice'],
});
export const selectCourseSchema = createSelectSchema(courses);

export const insertCourseTagMappingSchema = createInsertSchema(courseTagMappings, withStorage(courseTagMappings, {}));
export const updateCourseTagMappingSchema = createUpdateSchema(courseTagMappings, withStorage(courseTagMappings, {}));
export const selectCourseTagMappingSchema = createSelectSchema(courseTagMappings);

const ordered = { orderIndex: (s: z.ZodNumber) => s.int().min(0) };
export const insertCourseSectionSchema = createInsertSchema(courseSections, withStorage(courseSections, ordered));
export const updateCourseSectionSchema = createUpdateSchema(courseSections, withStorage(courseSections, ordered));
export const selectCourseSectionSchema = createSelectSchema(courseSections);

const lessonRefine = { ...ordered, slug, videoDuration: (s: z.ZodNumber) => s.int().min(0), readingTime: (s: z.ZodNumber) => s.int().min(0) };
export const insertCourseLessonSchema = createInsertSchema(courseLessons, withStorage(courseLessons, lessonRefine));
export const updateCourseLessonSchema = createUpdateSchema(courseLessons, withStorage(courseLessons, lessonRefine));
export const selectCourseLessonSchema = createSelectSchema(courseLessons);

const resourceRefine = { fileSize: (s: z.ZodNumber) => s.int().min(0).max(Number.MAX_SAFE_INTEGER), downloadCount: count };
export const insertCourseResourceSchema = createInsertSchema(courseResources, withStorage(courseResources, resourceRefine));
export const updateCourseResourceSchema = createUpdateSchema(courseResources, withStorage(courseResources, resourceRefine));
export const selectCourseResourceSchema = createSelectSchema(courseResources);

const quizRefine = { timeLimit: (s: z.ZodNumber) => s.int().positive(), attemptsAllowed: (s: z.ZodNumber) => s.int().positive(), passingScore: percent };
export const insertCourseQuizSchema = createInsertSchema(courseQuizzes, withStorage(courseQuizzes, quizRefine));
export const updateCourseQuizSchema = createUpdateSchema(courseQuizzes, withStorage(courseQuizzes, quizRefine));
export const selectCourseQuizSchema = createSelectSchema(courseQuizzes);

// points is numeric(5,2) >= 0 (money's 8 integer digits overflowed it: 22003)
const questionRefine = { ...ordered, points: score };
// quiz_questions_correct_answer_check: only an essay may have no correct answer (question_type defaults to no essay)
export const insertQuizQuestionSchema = createInsertSchema(quizQuestions, withStorage(quizQuestions, questionRefine)).refine((q) => q.questionType === 'essay' || q.correctAnswer != null, {
  error: 'is required unless the question is an essay',
  path: ['correctAnswer'],
});
export const updateQuizQuestionSchema = createUpdateSchema(quizQuestions, withStorage(quizQuestions, questionRefine));
export const selectQuizQuestionSchema = createSelectSchema(quizQuestions);

const attemptRefine = { attemptNumber: (s: z.ZodNumber) => s.int().positive(), timeTaken: count, score: money, maxScore: money, percentage: percent };
// valid_quiz_score: score <= max_score; quiz_attempts_completed_at_check: completed_at >= started_at (which defaults to now())
type Attempt = { score?: string | null | undefined; maxScore?: string | null | undefined; startedAt?: Date | undefined; completedAt?: Date | null | undefined };
const scoreCheck = (a: Attempt) => a.score == null || a.maxScore == null || Number(a.score) <= Number(a.maxScore);
export const insertQuizAttemptSchema = createInsertSchema(quizAttempts, withStorage(quizAttempts, attemptRefine))
  .refine(scoreCheck, { error: 'must not be more than maxScore', path: ['score'] })
  .refine((a) => !a.completedAt || a.completedAt >= (a.startedAt ?? new Date()), { error: 'must not be before startedAt (now when it is not given)', path: ['completedAt'] });
// An update giving both of a pair is checked; one alone is checked by the database against the stored other.
export const updateQuizAttemptSchema = createUpdateSchema(quizAttempts, withStorage(quizAttempts, attemptRefine))
  .refine(scoreCheck, { error: 'must not be more than maxScore', path: ['score'] })
  .refine((a) => !a.completedAt || !a.startedAt || a.completedAt >= a.startedAt, { error: 'must not be before startedAt', path: ['completedAt'] });
export const selectQuizAttemptSchema = createSelectSchema(quizAttempts);

const enrollmentRefine = { progress: percent, enrolledAt: date, completedAt: date, lastAccessedAt: date, updatedAt: date };
export const insertEnrollmentSchema = createInsertSchema(enrollments, withStorage(enrollments, enrollmentRefine));
export const updateEnrollmentSchema = createUpdateSchema(enrollments, withStorage(enrollments, enrollmentRefine));
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
export const insertLessonProgressSchema = createInsertSchema(lessonProgress, withStorage(lessonProgress, lessonProgressRefine));
export const updateLessonProgressSchema = createUpdateSchema(lessonProgress, withStorage(lessonProgress, lessonProgressRefine));
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
export const insertCourseCompletionSchema = createInsertSchema(courseCompletions, withStorage(courseCompletions, completionRefine));
export const updateCourseCompletionSchema = createUpdateSchema(courseCompletions, withStorage(courseCompletions, completionRefine));
export const selectCourseCompletionSchema = createSelectSchema(courseCompletions);

export const insertUserAchievementSchema = createInsertSchema(userAchievements, withStorage(userAchievements, {}));
export const updateUserAchievementSchema = createUpdateSchema(userAchievements, withStorage(userAchievements, {}));
export const selectUserAchievementSchema = createSelectSchema(userAchievements);

const planRefine = { price: money, currency, trialDays: count, courseLimit: (s: z.ZodNumber) => s.int().positive() };
export const insertSubscriptionPlanSchema = createInsertSchema(subscriptionPlans, withStorage(subscriptionPlans, planRefine));
export const updateSubscriptionPlanSchema = createUpdateSchema(subscriptionPlans, withStorage(subscriptionPlans, planRefine));
export const selectSubscriptionPlanSchema = createSelectSchema(subscriptionPlans);

// valid_subscription_period: current_period_end > current_period_start; subscriptions_trial_check: trial_end >= trial_start
const trialCheck = (s: { trialStart?: Date | null | undefined; trialEnd?: Date | null | undefined }) => !s.trialStart || !s.trialEnd || s.trialEnd >= s.trialStart;
export const insertSubscriptionSchema = createInsertSchema(subscriptions, withStorage(subscriptions, {}))
  .refine((s) => s.currentPeriodEnd > s.currentPeriodStart, { error: 'must be after currentPeriodStart', path: ['currentPeriodEnd'] })
  .refine(trialCheck, { error: 'must not be before trialStart', path: ['trialEnd'] });
// An update giving both ends of a range is checked; one end alone is checked by the database against the stored other.
export const updateSubscriptionSchema = createUpdateSchema(subscriptions, withStorage(subscriptions, {}))
  .refine((s) => !s.currentPeriodStart || !s.currentPeriodEnd || s.currentPeriodEnd > s.currentPeriodStart, { error: 'must be after currentPeriodStart', path: ['currentPeriodEnd'] })
  .refine(trialCheck, { error: 'must not be before trialStart', path: ['trialEnd'] });
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
export const insertCoursePurchaseSchema = createInsertSchema(coursePurchases, withStorage(coursePurchases, purchaseRefine)).refine((p) => !p.expiresAt || p.expiresAt > (p.purchasedAt ?? new Date()), {
  error: 'must be after purchasedAt (now when it is not given)',
  path: ['expiresAt'],
});
export const updateCoursePurchaseSchema = createUpdateSchema(coursePurchases, withStorage(coursePurchases, purchaseRefine));
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
export const insertPaymentTransactionSchema = createInsertSchema(paymentTransactions, withStorage(paymentTransactions, transactionRefine));
export const updatePaymentTransactionSchema = createUpdateSchema(paymentTransactions, withStorage(paymentTransactions, transactionRefine));
export const selectPaymentTransactionSchema = createSelectSchema(paymentTransactions);

const mediaRefine = {
  width: (s: z.ZodNumber) => s.int().positive(),
  height: (s: z.ZodNumber) => s.int().positive(),
  duration: count,
  downloadCount: count,
  fileSize: (s: z.ZodNumber) => s.int().positive(), fileHash: (s: z.ZodString) => s.regex(/^[0-9a-f]{64}$/, { error: 'must be a sha256 hex digest' }) };
export const insertMediaFileSchema = createInsertSchema(mediaFiles, withStorage(mediaFiles, mediaRefine));
export const updateMediaFileSchema = createUpdateSchema(mediaFiles, withStorage(mediaFiles, mediaRefine));
export const selectMediaFileSchema = createSelectSchema(mediaFiles);

export const insertContentVersionSchema = createInsertSchema(contentVersions, withStorage(contentVersions, { versionNumber: (s: z.ZodNumber) => s.int().positive() }));
export const updateContentVersionSchema = createUpdateSchema(contentVersions, withStorage(contentVersions, { versionNumber: (s: z.ZodNumber) => s.int().positive() }));
export const selectContentVersionSchema = createSelectSchema(contentVersions);

const noteRefine = { content: (s: z.ZodString) => storable(s.min(1).max(20000)), timestampInVideo: count, createdAt: date, updatedAt: date };
export const insertUserNoteSchema = createInsertSchema(userNotes, withStorage(userNotes, noteRefine));
export const updateUserNoteSchema = createUpdateSchema(userNotes, withStorage(userNotes, noteRefine));
export const selectUserNoteSchema = createSelectSchema(userNotes);

const bookmarkRefine = { title: storable, notes: (s: z.ZodString) => storable(s.max(5000)), timestampInVideo: count, createdAt: date };
export const insertUserBookmarkSchema = createInsertSchema(userBookmarks, withStorage(userBookmarks, bookmarkRefine));
export const updateUserBookmarkSchema = createUpdateSchema(userBookmarks, withStorage(userBookmarks, bookmarkRefine));
export const selectUserBookmarkSchema = createSelectSchema(userBookmarks);

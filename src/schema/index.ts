// The one barrel drizzle-kit reads (drizzle.config.ts). Every domain's tables, enums, views,
// policies and roles are exported from here.
export * from './auth/index.js';
export * from './crm/index.js';
export * from '../views/crm.js';
export * from './unified/index.js';
export * from '../views/unified.js';
export * from './ingest/index.js';
// learning: named exports (the unified domain also has `courses` and `enrollments`); the whole
// domain is the `@org/unified-schema/learning` entry (src/learning.ts).
export {
  contentVersions as learningContentVersions,
  courseCategories as learningCourseCategories,
  courseCompletions as learningCourseCompletions,
  courseLessons as learningCourseLessons,
  coursePurchases as learningCoursePurchases,
  courseQuizzes as learningCourseQuizzes,
  courseResources as learningCourseResources,
  courseSections as learningCourseSections,
  courses as learningCourses,
  courseTagMappings as learningCourseTagMappings,
  courseTags as learningCourseTags,
  enrollments as learningEnrollments,
  learning,
  lessonProgress as learningLessonProgress,
  mediaFiles as learningMediaFiles,
  paymentTransactions as learningPaymentTransactions,
  quizAttempts as learningQuizAttempts,
  quizQuestions as learningQuizQuestions,
  roles as learningRoles,
  subscriptionPlans as learningSubscriptionPlans,
  subscriptions as learningSubscriptions,
  userAchievements as learningUserAchievements,
  userAddresses as learningUserAddresses,
  userBookmarks as learningUserBookmarks,
  userNotes as learningUserNotes,
  userPreferences as learningUserPreferences,
  userRoles as learningUserRoles,
  users as learningUsers,
} from './learning/index.js';
export { courseStatistics as learningCourseStatistics } from '../views/learning.js';
export * from './wolo/index.js';
export * from './subjects/index.js';

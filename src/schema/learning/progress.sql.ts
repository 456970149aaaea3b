// Personal data of the learning progress aggregate (issue 17, docs/subjects.md, "Learning").
import { personalData } from '../_shared/personal-data.js';
import { courseCompletions, enrollments, lessonProgress, userAchievements } from './progress.js';

// A learner's enrollments, progress, completions (with their review) and achievements: deleted.
export const learningEnrollmentsPersonalData = personalData(enrollments, {
  columns: ['user_id'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
export const learningLessonProgressPersonalData = personalData(lessonProgress, {
  columns: ['user_id'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
export const learningCourseCompletionsPersonalData = personalData(courseCompletions, {
  columns: ['user_id', 'review', 'certificate_url'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
export const learningUserAchievementsPersonalData = personalData(userAchievements, {
  columns: ['user_id', 'metadata'],
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'metadata' }],
  erase: { action: 'delete' },
});

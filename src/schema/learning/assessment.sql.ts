// Personal data of the learning assessment aggregate (issue 17, docs/subjects.md, "Learning").
import { personalData } from '../_shared/personal-data.js';
import { quizAttempts } from './assessment.js';

/** A learner's quiz attempts and answers: deleted. */
export const learningQuizAttemptsPersonalData = personalData(quizAttempts, {
  columns: ['user_id', 'responses'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});

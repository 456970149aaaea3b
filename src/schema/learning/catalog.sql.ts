// Personal data of the learning catalog (issue 17, docs/subjects.md, "Learning").
import { personalData } from '../_shared/personal-data.js';
import { courses } from './catalog.js';

/**
 * A course names its instructor (NOT NULL, RESTRICT): exported, kept; erasing an instructor who
 * still has courses is refused (the learner row cannot be deleted) until they are reassigned.
 */
export const learningCoursesPersonalData = personalData(courses, {
  columns: ['instructor_id'],
  // a course text naming the person (a guest, a learner) is redacted
  findBy: [{ actor: 'instructor_id', action: 'keep' }, { mention: 'description' }],
  erase: { action: 'delete' },
});

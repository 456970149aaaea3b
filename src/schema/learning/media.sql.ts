// Personal data of the learning media aggregate (issue 17, docs/subjects.md, "Learning").
import { personalData } from '../_shared/personal-data.js';
import { contentVersions, mediaFiles, userBookmarks, userNotes } from './media.js';

/** The person's uploads: the rows are deleted; the files in storage are the caller's to delete (docs/subjects.md). */
export const learningMediaFilesPersonalData = personalData(mediaFiles, {
  columns: ['user_id', 'filename', 'original_filename', 'file_path', 'cdn_url'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
export const learningContentVersionsPersonalData = personalData(contentVersions, {
  columns: ['created_by'],
  findBy: [{ actor: 'created_by', action: 'clear' }],
  erase: { action: 'delete' },
});
export const learningUserNotesPersonalData = personalData(userNotes, {
  columns: ['content'],
  // another learner's note may name the person
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'content' }],
  erase: { action: 'delete' },
});
export const learningUserBookmarksPersonalData = personalData(userBookmarks, {
  columns: ['title', 'notes'],
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'notes' }],
  erase: { action: 'delete' },
});

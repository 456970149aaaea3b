/** What a data-subject run did (`erase_refused`: an erasure a kept row's foreign key refused; nothing changed). */
export const SUBJECT_ACTIONS = ['export', 'erase', 'erase_refused'] as const;
export type SubjectAction = (typeof SUBJECT_ACTIONS)[number];

/** How the person was looked up (the kind of identifier, never its value). */
export const SUBJECT_LOOKUPS = ['email', 'user_id', 'phone'] as const;
export type SubjectLookup = (typeof SUBJECT_LOOKUPS)[number];

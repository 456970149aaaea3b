/** What a data-subject run did. */
export const SUBJECT_ACTIONS = ['export', 'erase'] as const;
export type SubjectAction = (typeof SUBJECT_ACTIONS)[number];

/** How the person was looked up (the kind of identifier, never its value). */
export const SUBJECT_LOOKUPS = ['email', 'user_id', 'phone'] as const;
export type SubjectLookup = (typeof SUBJECT_LOOKUPS)[number];

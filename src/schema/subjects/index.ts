// Data-subject requests (issue 17): the audit table of the `subjects` schema.
export * from './schema.js';
export * from './constants.js';
export * from './audit.js';

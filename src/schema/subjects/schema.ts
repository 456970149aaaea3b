import { pgSchema } from 'drizzle-orm/pg-core';

/** Data-subject requests (issue 17): the audit of every export and erasure; the functions live here too. */
export const subjectsSchema = pgSchema('subjects');

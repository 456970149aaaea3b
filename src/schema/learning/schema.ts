import { pgSchema } from 'drizzle-orm/pg-core';

/** The 7P Education platform (design doc 004): people, catalog, content, assessment, progress, billing, media. */
export const learning = pgSchema('learning');

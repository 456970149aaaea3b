import { pgSchema } from 'drizzle-orm/pg-core';

/** Raw API data, rejected rows, the product catalog, the run log, and (part 2) staging and backups. */
export const ingestSchema = pgSchema('ingest');

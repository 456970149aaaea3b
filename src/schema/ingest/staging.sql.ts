// The staging tables as data-subject requests see them (docs/subjects.md, "Ingest's raw and staging tables").
import { boolean, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { personalData } from '../_shared/personal-data.js';
import { ingestSchema } from './schema.js';

/**
 * `ingest.users_staging`: the auth users a cutover would create (`existing = false`) or keep. Made by
 * `ingest.create_staging_tables()` at each prepare, never by a migration, so drizzle-kit never sees
 * this object (not in the schema barrel): it gives the erasure and the export the table's columns.
 */
export const usersStaging = ingestSchema.table('users_staging', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  rawUserMetaData: jsonb('raw_user_meta_data').notNull(),
  existing: boolean('existing').notNull(),
});

/**
 * A staged auth user is the person (email, names in `raw_user_meta_data`): deleted. Not in the registry:
 * the staging tables exist only between a prepare and a cutover, so `subjects.erase_subject` and
 * `subjects.export_subject` reach them, and the clones of production's tables, by statements that run
 * only when they exist (src/functions/subjects/objects.ts, `stagedEntries`).
 */
export const usersStagingPersonalData = personalData(usersStaging, {
  columns: ['email', 'raw_user_meta_data'],
  findBy: [
    { subject: 'userId', column: 'id' },
    { subject: 'email', column: 'email' },
  ],
  erase: { action: 'delete' },
});

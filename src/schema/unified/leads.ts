import { sql } from 'drizzle-orm';
import { check, index, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { checkLength, EMAIL_MAX_LENGTH, EMAIL_PATTERN, readPolicy, rlsTable, sqlLiteral, TEXT_LIMITS, timestamps, tstz } from '../_shared/index.js';
import { definerPolicy, isAdminSql } from './_shared.js';

/**
 * People who signed up (a Systeme.io contact) and never paid: no auth user, no profile. Filled by
 * prepare and swapped in by cutover like the other production tables; marketing_source_view counts
 * them as signups of their cohort (month of `first_seen_at`). One row per email; a lead who buys
 * becomes a profile at the next prepare (a profile with the same email wins in the view meanwhile).
 */
export const leads = rlsTable('public', 'leads', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull(),
  firstName: text('first_name'),
  lastName: text('last_name'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  /** Where the lead came from (the acquisition source of marketing_source_view); `systemeio` for contacts. */
  source: text('source').notNull().default('systemeio'),
  systemeioId: text('systemeio_id'),
  /** First registration seen (the signup cohort). */
  firstSeenAt: tstz('first_seen_at').notNull(),
  ...timestamps(),
}, (t) => [
  check('leads_email_check', sql.raw(`char_length(email) <= ${EMAIL_MAX_LENGTH} AND email ~ ${sqlLiteral(EMAIL_PATTERN)}`)),
  check('leads_source_check', sql`char_length(source) <= 100`),
  // the profile's limits (a lead who pays becomes a profile) for the names and the Systeme.io id; the
  // tags have none: a lead keeps every tag its contacts had (docs/ingest.md), each at most the
  // loader's 100 characters
  checkLength('leads', 'first_name', TEXT_LIMITS.name),
  checkLength('leads', 'last_name', TEXT_LIMITS.name),
  checkLength('leads', 'systemeio_id', TEXT_LIMITS.label),
  // One lead per person; the marketing rollup's lookups of a payment's email (lower(email) = $1).
  uniqueIndex('leads_email_key').using('btree', sql`lower(${t.email})`),
  // Signups per source and cohort (marketing_source_view over leads).
  index('leads_source_first_seen_at_idx').on(t.source, t.firstSeenAt),
  readPolicy('admins read leads', isAdminSql),
  // refresh_dashboard_views (owned by the definer role) reads leads through marketing_source_view.
  definerPolicy(),
]);
export type Lead = typeof leads.$inferSelect; export type NewLead = typeof leads.$inferInsert;

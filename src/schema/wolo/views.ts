import { sql } from 'drizzle-orm';
import { boolean, integer, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { tstz } from '../_shared/index.js';
import { wolo } from './schema.js';

/**
 * The donations to the caller's pots (admins: every pot), with the donor hidden when the donation
 * is anonymous. Not security_invoker on purpose: pot owners have no row policy on wolo.donations
 * (a policy cannot hide columns), so this view, owned by the migrating role, is their only way in;
 * its WHERE clause is the access rule, and security_barrier keeps callers' predicates from running
 * before it. Readable by authenticated only.
 */
export const potDonations = wolo
  .view('pot_donations', {
    id: uuid('id').notNull(),
    potId: uuid('pot_id').notNull(),
    donorUserId: uuid('donor_user_id'),
    donorName: varchar('donor_name', { length: 255 }),
    isAnonymous: boolean('is_anonymous').notNull(),
    amountCfa: integer('amount_cfa').notNull(),
    status: text('status').notNull(),
    donationMessage: text('donation_message'),
    confirmedAt: tstz('confirmed_at'),
    createdAt: tstz('created_at').notNull(),
  })
  .with({ securityBarrier: true })
  .as(sql`
    SELECT d.id, d.pot_id,
           CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_user_id END AS donor_user_id,
           CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_name END AS donor_name,
           d.is_anonymous, d.amount_cfa, d.status, d.donation_message, d.confirmed_at, d.created_at
    FROM wolo.donations d
    WHERE d.pot_id IN (SELECT p.id FROM wolo.pots p WHERE p.owner_user_id = (SELECT auth.uid()))
       OR (SELECT wolo_private.has_role('admin'))`);

import { sql } from 'drizzle-orm';
import { boolean, integer, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { tstz } from '../_shared/index.js';
import { wolo } from './schema.js';

/**
 * The donations to the caller's pots (admins: every pot), with the donor hidden when the donation
 * is anonymous. security_invoker: it only calls wolo_private.pot_donation_rows(), the SECURITY
 * DEFINER function that applies the access rule and blanks anonymous donors (pot owners have no row
 * policy on wolo.donations: a policy cannot hide columns). Readable by authenticated only.
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
  .with({ securityInvoker: true })
  .as(sql`
    SELECT r.id, r.pot_id, r.donor_user_id, r.donor_name, r.is_anonymous, r.amount_cfa, r.status,
           r.donation_message, r.confirmed_at, r.created_at
    FROM wolo_private.pot_donation_rows() r`);

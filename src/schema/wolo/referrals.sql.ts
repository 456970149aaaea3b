// Personal data of the WOLO referral system (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { personalData } from '../_shared/personal-data.js';
import { forgottenEmail } from './constants.js';
import { pointsConversions, pointsLedger, referrals, sponsorContactBatches, sponsorDailyLimits } from './referrals.js';

export const woloSponsorDailyLimitsPersonalData = personalData(sponsorDailyLimits, {
  columns: ['sponsor_user_id'],
  findBy: [{ subject: 'userId', column: 'sponsor_user_id' }],
  erase: { action: 'delete' },
});
/** The person's own batches are deleted; another sponsor's snapshot naming the person is redacted. */
export const woloSponsorContactBatchesPersonalData = personalData(sponsorContactBatches, {
  columns: ['sponsor_user_id', 'contact_snapshot', 'manual_selections'],
  findBy: [{ subject: 'userId', column: 'sponsor_user_id' }, { mention: 'contact_snapshot' }, { mention: 'manual_selections' }],
  erase: { action: 'delete' },
});
/** A referral without its contact: a placeholder email satisfies check_invitation_contact. */
const referralWithoutContact = { invited_phone: null, invited_email: { sql: forgottenEmail('t.id') }, invited_name: null, invitation_message: null } as const;
/**
 * A referral where the person was invited is the sponsor's record (their points come from it): it
 * stays, without the person's contact (an accepted referral keeps the tombstone's id,
 * referrals_accepted_check). The person's own referrals as sponsor stay too (the sponsor's id is
 * RESTRICT), without the invitees' contacts: the person gave them, and a forgotten sponsor sends no
 * reminder (wolo.forget_user does the same).
 */
export const woloReferralsPersonalData = personalData(referrals, {
  columns: ['invited_phone', 'invited_email', 'invited_name', 'invitation_message', 'sponsored_user_id'],
  findBy: [
    { subject: 'userId', column: 'sponsored_user_id' },
    { subject: 'email', column: 'invited_email' },
    { subject: 'phone', column: 'invited_phone' },
    { actor: 'sponsor_user_id', action: 'clear', set: referralWithoutContact },
  ],
  erase: { action: 'anonymise', set: referralWithoutContact, reason: "the sponsor's record: points and pots reference it" },
});
export const woloPointsLedgerPersonalData = personalData(pointsLedger, {
  columns: ['sponsor_user_id', 'metadata'],
  findBy: [{ actor: 'sponsor_user_id', action: 'keep' }, { mention: 'metadata' }],
  erase: { action: 'delete' },
  note: 'points are kept with the tombstone account (RESTRICT); purge_expired_data deletes them after 7 years',
});
export const woloPointsConversionsPersonalData = personalData(pointsConversions, {
  columns: ['sponsor_user_id'],
  findBy: [{ actor: 'sponsor_user_id', action: 'keep' }],
  erase: { action: 'delete' },
});

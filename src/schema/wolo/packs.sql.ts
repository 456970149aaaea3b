// Personal data of the WOLO partners (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { personalData } from '../_shared/personal-data.js';
import { partners, partnerStaff } from './packs.js';

/** A partner business stays; its contact person (when that is the person) goes. */
export const woloPartnersPersonalData = personalData(partners, {
  columns: ['contact_name', 'contact_email', 'contact_phone'],
  findBy: [
    { subject: 'email', column: 'contact_email' },
    { subject: 'phone', column: 'contact_phone' },
    { actor: 'verified_by_user_id', action: 'clear' },
  ],
  erase: { action: 'anonymise', set: { contact_name: null, contact_email: null, contact_phone: null }, reason: 'the partner is a business' },
});
export const woloPartnerStaffPersonalData = personalData(partnerStaff, {
  columns: ['user_id'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});

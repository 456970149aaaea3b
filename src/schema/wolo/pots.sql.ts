// Personal data of the WOLO pots (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { ERASED, personalData } from '../_shared/personal-data.js';
import { potInvitations, pots } from './pots.js';

/** The person's pots stay (other people's donations reference them), without their texts and images. */
export const woloPotsPersonalData = personalData(pots, {
  columns: ['owner_user_id', 'title', 'description', 'birthday_date', 'cover_image_url', 'gallery_images'],
  // another owner's pot texts may name the person
  findBy: [{ subject: 'userId', column: 'owner_user_id' }, { mention: 'title' }, { mention: 'description' }],
  erase: {
    action: 'anonymise',
    set: { title: ERASED, description: null, cover_image_url: null, gallery_images: null },
    reason: "other people's donations reference the pot (RESTRICT)",
  },
});
export const woloPotInvitationsPersonalData = personalData(potInvitations, {
  columns: ['invited_by_user_id', 'recipient_identifier', 'custom_message'],
  findBy: [
    { subject: 'userId', column: 'invited_by_user_id' },
    { subject: 'email', column: 'recipient_identifier' },
    { subject: 'phone', column: 'recipient_identifier' },
    { mention: 'custom_message' },
  ],
  erase: { action: 'delete' },
});

// Personal data of the WOLO profiles (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { ERASED, personalData } from '../_shared/personal-data.js';
import { profiles, userAddresses } from './profiles.js';

/** The profile stays (it is keyed by the tombstone account), emptied: name, birth date, bio, media, ID number and hash. */
export const woloProfilesPersonalData = personalData(profiles, {
  columns: ['full_name', 'date_of_birth', 'avatar_url', 'bio', 'id_number', 'id_type', 'id_country', 'id_hash', 'id_media_url'],
  findBy: [
    { subject: 'userId', column: 'user_id' },
    { actor: 'guardian_user_id', action: 'keep' },
    { actor: 'id_verified_by', action: 'clear' },
  ],
  erase: {
    action: 'anonymise',
    set: {
      full_name: ERASED,
      date_of_birth: '1900-01-01',
      avatar_url: null,
      bio: null,
      id_number: null,
      id_type: null,
      id_country: null,
      id_hash: null,
      id_media_url: null,
    },
    reason: 'keyed by the tombstone account',
  },
  note: "a minor's profile keeps its guardian's id (RESTRICT): the guardian's tombstone account",
});
export const woloUserAddressesPersonalData = personalData(userAddresses, {
  columns: ['street_address', 'city', 'region', 'country', 'postal_code'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});

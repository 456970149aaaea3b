// The WOLO domain's SQL objects (pre: schema and policy helpers; post: grants, triggers, functions)
// and the typed wrappers of its functions.
import { woloDefinerRights } from './definer.js';
import { donationObjects } from './donations.js';
import { potObjects } from './pots.js';
import { redemptionObjects } from './redemption.js';
import { referralObjects } from './referrals.js';
import { woloPreObjects } from './roles.js';
import { woloTableObjects } from './tables.js';
import { woloPart2Objects } from './part2.js';

export * from './donations.js';
export * from './errors.js';
export * from './pots.js';
export * from './redemption.js';
export * from './referrals.js';
export * from './roles.js';
export * from './tables.js';
export * from './part2.js';

/** In creation order: pre objects, then grants and triggers, then the functions. */
export const woloObjects = [...woloPreObjects, ...woloTableObjects, woloDefinerRights, ...donationObjects, ...redemptionObjects, ...referralObjects, ...potObjects, ...woloPart2Objects];

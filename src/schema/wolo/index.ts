// The WOLO domain (design doc 003): tables, types, validators and constants. The `wolo` pgSchema object
// is deliberately not exported (see schema.ts): the schema is created by the `pre` SQL objects.
export * from './identity.js';
export * from './profiles.js';
export * from './referrals.js';
export * from './pots.js';
export * from './donations.js';
export * from './packs.js';
export * from './redemption.js';
export * from './notifications.js';
export * from './analytics.js';
export * from './admin.js';
export * from './constants.js';
export * from './validation.js';
export * from './views.js';

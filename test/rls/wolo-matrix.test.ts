import { anonCtx, createUser, seedWoloWorld, serviceCtx, userCtx, type WoloWorldKey } from '../wolo/fixtures.js';
import { CRM_CONTEXTS, describeMatrix, type TableContract } from './probe.js';

/**
 * Every required persona × operation on every wolo table (see test/rls/probe.ts for the probes), against
 * the access contract below, written out from docs/wolo.md: whatever a persona is not listed for is
 * denied; service_role does what its grants say. The people: `owner` is the user the rows belong to
 * (`owner:` below, alice unless said), `other` a signed-in wolo user with no link to them, `admin` a user
 * with 'admin' in wolo.users.roles (the JWT claim means nothing to wolo), `partner_staff` staffA acting
 * for partnerA, whose rows the partner tables' probes use.
 */
type WoloContract = TableContract & { owner?: WoloWorldKey };

const ADMIN_ONLY = [
  'ab_test_assignments', 'ab_tests', 'admin_sessions', 'audit_logs', 'business_metrics', 'donation_analytics',
  'feature_flags', 'funnel_analytics', 'notification_analytics', 'notification_templates', 'password_reset_tokens', 'sponsor_campaigns',
  'system_config', 'system_health_checks', 'user_sessions', 'wave_webhook_events',
];
const sponsorRows = { rows: `sponsor_user_id = :alice`, allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } };

const CONTRACT: Record<string, WoloContract> = {
  'wolo.users': { rows: 'id = :alice', allowed: { 'authenticated:owner': 'siu', 'authenticated:admin': 's' } },
  'wolo.profiles': { rows: 'user_id = :alice', allowed: { 'authenticated:owner': 'siu', 'authenticated:admin': 's' } },
  'wolo.user_addresses': { rows: 'user_id = :alice', allowed: { 'authenticated:owner': 'siud', 'authenticated:admin': 's' } },
  'wolo.notification_preferences': { rows: 'user_id = :alice', allowed: { 'authenticated:owner': 'siu', 'authenticated:admin': 's' } },
  // a scheduled private pot with nothing attached; anon and other users probe the public pot
  'wolo.pots': {
    rows: 'id = :potEmpty',
    rowsFor: { anon: 'id = :potPublic', 'authenticated:other': 'id = :potPublic' },
    updateColumn: 'title',
    allowed: { anon: 's', 'authenticated:other': 's', 'authenticated:owner': 'siud', 'authenticated:admin': 's' },
  },
  'wolo.donations': { owner: 'bob', rows: 'id = :donationBob', allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } },
  'wolo.refunds': { owner: 'bob', rows: 'donation_id = :donationBob', allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } },
  'wolo.pot_invitations': { rows: 'pot_id = :potPrivate', allowed: { 'authenticated:owner': 'si', 'authenticated:admin': 's' } },
  'wolo.pot_analytics': { rows: 'pot_id = :potPrivate', allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } },
  'wolo.notifications': { rows: 'user_id = :alice', allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } },
  'wolo.referrals': sponsorRows,
  'wolo.points_ledger': sponsorRows,
  'wolo.points_conversions': sponsorRows,
  'wolo.sponsor_daily_limits': sponsorRows,
  'wolo.sponsor_contact_batches': sponsorRows,
  // partnerA's inactive pack: only its staff (and admins) see it; staff edit it
  'wolo.packs': {
    rows: 'id = :packInactive',
    rowsFor: { anon: 'id = :packA', 'authenticated:other': 'id = :packA' },
    updateColumn: 'description',
    allowed: { anon: 's', 'authenticated:other': 's', 'authenticated:partner_staff': 'su', 'authenticated:admin': 's' },
  },
  'wolo.partners': { rows: 'id = :partnerA', allowed: { 'authenticated:partner_staff': 's', 'authenticated:admin': 's' } },
  'wolo.partner_settlements': { rows: 'partner_id = :partnerA', allowed: { 'authenticated:partner_staff': 's', 'authenticated:admin': 's' } },
  'wolo.qr_redemption_logs': { rows: 'partner_id = :partnerA', allowed: { 'authenticated:partner_staff': 's', 'authenticated:admin': 's' } },
  'wolo.partner_staff': { owner: 'staffA', rows: 'user_id = :staffA', allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } },
  // alice's pot's code, of partnerA's pack: the pot owner and the partner's staff read it
  'wolo.qr_codes': { rows: 'id = :qrA', allowed: { 'authenticated:owner': 's', 'authenticated:partner_staff': 's', 'authenticated:admin': 's' } },
  // admins read events; a user records its own (wolo.record_event is SECURITY INVOKER): alice's event
  'wolo.analytics_events': { rows: 'user_id = :alice', allowed: { 'authenticated:owner': 'i', 'authenticated:admin': 's' } },
  ...Object.fromEntries(ADMIN_ONLY.map((t) => [`wolo.${t}`, { allowed: { 'authenticated:admin': 's' } }])),
};

describeMatrix({
  schema: 'wolo',
  contract: CONTRACT,
  seed: async (db) => ({ ...(await seedWoloWorld(db)), stranger: await createUser(db) }),
  contexts: (contract, ids) => ({
    anon: anonCtx,
    'authenticated:owner': userCtx(ids[contract.owner ?? 'alice']!),
    'authenticated:other': userCtx(ids.stranger!),
    'authenticated:admin': userCtx(ids.admin!),
    'authenticated:partner_staff': userCtx(ids.staffA!),
    service_role: serviceCtx,
    ...CRM_CONTEXTS,
  }),
});

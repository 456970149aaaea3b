// Personal data of the WOLO donations (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { FINANCIAL_RETENTION, personalData } from '../_shared/personal-data.js';
import { donations, refunds, waveWebhookEvents } from './donations.js';

/** Donations the person made: kept detached for the retention period (amount, status, dates stay). */
export const woloDonationsPersonalData = personalData(donations, {
  columns: ['donor_user_id', 'donor_name', 'donor_phone', 'donation_message', 'ip_address', 'user_agent', 'wave_webhook_data'],
  findBy: [{ subject: 'userId', column: 'donor_user_id' }, { subject: 'phone', column: 'donor_phone' }, { mention: 'wave_webhook_data' }],
  erase: {
    action: 'retain',
    period: FINANCIAL_RETENTION,
    reason: 'a payment: accounting records (doc 003 §6)',
    set: { donor_user_id: null, donor_name: null, donor_phone: null, donation_message: null, ip_address: null, user_agent: null, wave_webhook_data: { redact: true } },
  },
});
/** The provider's notifications of those donations: kept with them, the payload redacted. */
export const woloWaveWebhookEventsPersonalData = personalData(waveWebhookEvents, {
  columns: ['raw_payload'],
  findBy: [{ reference: woloDonationsPersonalData, column: 'donation_id' }, { mention: 'raw_payload' }],
  erase: { action: 'retain', period: FINANCIAL_RETENTION, reason: 'the payment provider record of a kept donation', set: { raw_payload: { redact: true } } },
});
export const woloRefundsPersonalData = personalData(refunds, {
  columns: ['refunded_by_user_id', 'reason_description'],
  findBy: [{ actor: 'refunded_by_user_id', action: 'keep' }, { mention: 'reason_description' }],
  erase: { action: 'delete' },
});

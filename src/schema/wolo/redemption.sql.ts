// Personal data of the WOLO redemption (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { personalData } from '../_shared/personal-data.js';
import { partnerSettlements, qrRedemptionLogs } from './redemption.js';

export const woloPartnerSettlementsPersonalData = personalData(partnerSettlements, {
  columns: ['approved_by_user_id'],
  findBy: [{ actor: 'approved_by_user_id', action: 'clear' }],
  erase: { action: 'delete' },
});
/** Redemption attempts by the person as partner staff: kept, without who, IP and user agent. */
export const woloQrRedemptionLogsPersonalData = personalData(qrRedemptionLogs, {
  columns: ['partner_user_id', 'ip_address', 'user_agent'],
  findBy: [{ actor: 'partner_user_id', action: 'clear', set: { partner_user_id: null, ip_address: null, user_agent: null } }],
  erase: { action: 'delete' },
});

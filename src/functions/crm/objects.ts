import { conversationsSetUpdatedAt, messagesOptOutGuard, messagesOptOutGuardTrigger, messagesTrackConversation, messagesTrackConversationTrigger } from '../../schema/crm/conversations.sql.js';
import { customersEmailCaseGuard, customersSetUpdatedAt, customersStageGuard, customersStageGuardTrigger } from '../../schema/crm/customers.sql.js';
import { crmGrants, crmRoleMembership, crmRoles } from '../../schema/crm/grants.sql.js';
import type { SqlObject } from '../define.js';

/**
 * The crm domain's SQL objects (declared beside their tables in src/schema/crm/*.sql.ts), in
 * creation order: roles (pre), then grants, functions and their triggers (post).
 */
export const crmObjects: readonly SqlObject[] = [
  ...crmRoles,
  customersEmailCaseGuard,
  crmRoleMembership,
  crmGrants,
  customersSetUpdatedAt,
  conversationsSetUpdatedAt,
  customersStageGuard,
  customersStageGuardTrigger,
  messagesOptOutGuard,
  messagesOptOutGuardTrigger,
  messagesTrackConversation,
  messagesTrackConversationTrigger,
];

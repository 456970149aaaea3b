// The crm domain's SQL objects, brand context and query helpers.
export * from './brand.js';
export * from './conversations.js';
export * from './customers.js';
export * from './export.js';
export {
  crmAnalyticsRoleObject,
  crmAppRoleObject,
  crmObjects,
  customersStageGuard,
  messagesOptOutGuard,
  messagesTrackConversation,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
} from './objects.js';

// Public entry `@org/unified-schema/crm` (design doc 002): a named list, never `export *`
// (docs/conventions.md). SQL object definitions are reachable only through `sqlObjects`; query
// builders and EXPLAIN helpers for tests and benchmarks only from `@org/unified-schema/testing`.
export { ValidationError } from './errors.js';
export { parseBrand, withBrand } from './functions/crm/brand.js';
export { type GetThreadOptions, getThread, type ThreadedMessage, type ThreadMessageInput, threadMessage } from './functions/crm/conversations.js';
export {
  type CreateCustomerInput,
  type CustomerSearchHit,
  createCustomer,
  type FindCustomerBy,
  type FindCustomersOptions,
  findCustomer,
  findCustomers,
  type SearchCustomersOptions,
  searchCustomers,
  setCustomerStage,
} from './functions/crm/customers.js';
export { type BrandExport, type ExportTable, exportBrandData, type NdjsonWriter } from './functions/crm/export.js';
export { type Conversation, conversations, type Message, messages, type NewConversation, type NewMessage } from './schema/crm/conversations.js';
export { type Customer, customers, type NewCustomer } from './schema/crm/customers.js';
export {
  type BrandId,
  brandIdEnum,
  brandIds,
  type ConversationStatus,
  type CustomerSource,
  type CustomerStage,
  conversationStatusEnum,
  crm,
  customerSourceEnum,
  customerStageEnum,
  type MessageDirection,
  type MessageStatus,
  messageDirectionEnum,
  messageStatusEnum,
} from './schema/crm/enums.js';
export { crmAnalyticsRole, crmAppRole } from './schema/crm/roles.js';
export {
  brandIdSchema,
  insertConversationSchema,
  insertCustomerSchema,
  insertMessageSchema,
  selectConversationSchema,
  selectCustomerSchema,
  selectMessageSchema,
  updateConversationSchema,
  updateCustomerSchema,
  updateMessageSchema,
} from './schema/crm/validation.js';
export { type CustomerAnalyticsRow, customerAnalytics, customerSearch } from './views/crm.js';

// The crm domain (design doc 002): brand-isolated customers, conversations and messages.
export * from './conversations.js';
export * from './customers.js';
export * from './enums.js';
export * from './relations.js';
export * from './roles.js';
export * from './validation.js';

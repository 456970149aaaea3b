// Public entry `@org/unified-schema/crm`: tables, types, validators, views, function wrappers and
// query helpers of the crm domain.
export * from './schema/crm/index.js';
export * from './views/crm.js';
export * from './functions/crm/index.js';

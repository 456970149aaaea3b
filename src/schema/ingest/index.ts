export * from './products.js';
export * from './raw.js';
export * from './rejected.js';
export * from './run-log.js';
export * from './schema.js';
export * from './validation.js';

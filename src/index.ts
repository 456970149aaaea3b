export { type Database, type Engine, engineOf, type OpenDatabaseOptions, type OpenedDatabase, openDatabase, pgliteExtensions, queryRows, type Schema } from './db.js';
export { migrate, MigrationError, migrationStatus } from './migrations/index.js';
export * as schema from './schema/index.js';
export { type SqlObject, sqlObjects } from './functions/index.js';

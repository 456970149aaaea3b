// Public entry `@org/unified-schema`: a named list, never `export *` (docs/conventions.md).
export {
  type Database,
  dbErrorCode,
  dbErrorMessage,
  type Engine,
  engineOf,
  execScript,
  type OpenDatabaseOptions,
  type OpenedDatabase,
  openDatabase,
  queryRows,
  type Schema,
} from './db.js';
export { parseInput, UnifiedSchemaError, ValidationError } from './errors.js';
export { type SqlObject, sqlObjects } from './functions/index.js';
export { type AppliedMigration, MigrationError, migrate, migrationStatus } from './migrations/index.js';
export { asAnon, asRole, asServiceRole, asUser, ContextError, type DbContext, type JwtClaims, type Tx, withContext } from './rls.js';
export * as schema from './schema/index.js';

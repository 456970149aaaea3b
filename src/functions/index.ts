import { authObjects } from './auth/index.js';
import { crmObjects } from './crm/objects.js';
import type { SqlObject } from './define.js';
import { ingestObjects } from './ingest/index.js';
import { learningObjects } from './learning/index.js';
import { privilegeObjects } from './privileges.js';
import { sizeChecksGuard } from './size-limits.js';
import { subjectsObjects } from './subjects/objects.js';
import { unifiedObjects } from './unified/index.js';
import { woloObjects } from './wolo/index.js';
import { loginIdentityRights } from '../schema/_shared/login-identity.sql.js';
import { setUpdatedAt } from '../schema/_shared/updated-at.sql.js';

export * from './define.js';

/**
 * Every function, trigger, role, grant and other SQL object the package owns, in the order they
 * are created. Domains append theirs here; `npm run db:generate` turns changes into migrations.
 */
export const sqlObjects: readonly SqlObject[] = [...privilegeObjects, ...authObjects, sizeChecksGuard, setUpdatedAt, loginIdentityRights, ...crmObjects, ...unifiedObjects, ...ingestObjects, ...learningObjects, ...woloObjects, ...subjectsObjects];

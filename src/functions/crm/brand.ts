import { fromDatabaseError, ValidationError } from '../../errors.js';
import { type Database, dbErrorCode, dbErrorMessage } from '../../db.js';
import { type Tx, withContext } from '../../rls.js';
import { type BrandId, brandIds } from '../../schema/crm/enums.js';
import { BRAND_SETTING, crmAppRole } from '../../schema/crm/roles.js';
import { brandIdSchema } from '../../schema/crm/validation.js';

export { parseInput, ValidationError } from '../../errors.js';
import { limitViolation } from '../limits.js';

/** Returns `brand` as a BrandId, or throws ValidationError with `field: 'brand'`. */
export function parseBrand(brand: unknown): BrandId {
  const result = brandIdSchema.safeParse(brand);
  if (result.success) return result.data;
  const shown = typeof brand === 'string' ? JSON.stringify(brand.slice(0, 60)) : `a ${typeof brand}`;
  throw new ValidationError('brand', `brand: ${shown} is not a brand; expected one of ${brandIds.join(', ')}`);
}

/**
 * Runs `fn` in a transaction as `crm_app` (crmAppRole: no BYPASSRLS) with `app.current_brand` set to `brand`, both
 * transaction-local (the foundation's withContext): RLS shows and accepts only that brand's rows,
 * and nothing is left on the connection afterwards, pooled or not. An invalid brand throws a
 * ValidationError (`field: 'brand'`) before anything reaches the database.
 */
export async function withBrand<T>(db: Database, brand: BrandId, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const valid = parseBrand(brand);
  return withContext(db, { role: crmAppRole.name, settings: { [BRAND_SETTING]: valid } }, fn);
}

/**
 * The SQLSTATEs crm's triggers raise (class `UR`, docs/errors.md) and the ValidationError code each
 * becomes: UR001 a stage change against the journey order, UR002 an outbound message to an
 * opted-out conversation.
 */
export const CRM_SQLSTATES = { UR001: 'stage_order', UR002: 'opted_out' } as const;

/** The unique constraint (or unique index) a 23505 names, from the driver's error. */
function constraintOf(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const c = (e as { constraint?: unknown; constraint_name?: unknown }).constraint ?? (e as { constraint_name?: unknown }).constraint_name;
    if (typeof c === 'string') return c;
  }
  return '';
}

/**
 * Turns the database's refusals of crm writes into ValidationErrors naming the input, by SQLSTATE
 * (and, for a duplicate, the constraint's name), never by message text; rethrows anything else.
 */
export function translateDbError(error: unknown, brand: BrandId): never {
  if (error instanceof ValidationError) throw error;
  const mapped = fromDatabaseError(error, CRM_SQLSTATES, 'conversationId');
  if (mapped !== error) throw mapped;
  const code = dbErrorCode(error);
  const message = dbErrorMessage(error);
  if (code === '23505') {
    const constraint = constraintOf(error);
    const field = /email/.test(constraint) ? 'email' : /phone/.test(constraint) ? 'phone' : 'id';
    throw new ValidationError(field, `${field}: already used by another record of brand ${brand} (${message})`, { code: 'conflict', cause: error, sqlState: code });
  }
  const tooLong = limitViolation(error, '(?:customers|conversations|messages)');
  if (tooLong) throw tooLong;
  if (code === '23503') throw new ValidationError('customerId', `no such customer or conversation in brand ${brand} (${message})`, { code: 'invalid', cause: error, sqlState: code });
  throw error;
}

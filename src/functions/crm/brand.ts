import { ValidationError } from '../../errors.js';
import { type Database, dbErrorCode, dbErrorMessage } from '../../db.js';
import { type Tx, withContext } from '../../rls.js';
import { type BrandId, brandIds } from '../../schema/crm/enums.js';
import { BRAND_SETTING } from '../../schema/crm/roles.js';
import { brandIdSchema } from '../../schema/crm/validation.js';

/** The role withBrand acts as: no BYPASSRLS, sees and writes the current brand only. */
export const CRM_APP_ROLE = 'crm_app';

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
 * Runs `fn` in a transaction as `crm_app` with `app.current_brand` set to `brand`, both
 * transaction-local (the foundation's withContext): RLS shows and accepts only that brand's rows,
 * and nothing is left on the connection afterwards, pooled or not. An invalid brand throws a
 * ValidationError (`field: 'brand'`) before anything reaches the database.
 */
export async function withBrand<T>(db: Database, brand: BrandId, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const valid = parseBrand(brand);
  return withContext(db, { role: CRM_APP_ROLE, settings: { [BRAND_SETTING]: valid } }, fn);
}

/** Turns the database's refusals of crm writes into ValidationErrors naming the input; rethrows anything else. */
export function translateDbError(error: unknown, brand: BrandId): never {
  if (error instanceof ValidationError) throw error;
  const code = dbErrorCode(error);
  const message = dbErrorMessage(error);
  if (code === '23505') {
    const field = /email/.test(message) ? 'email' : /phone/.test(message) ? 'phone' : 'id';
    throw new ValidationError(field, `${field}: already used by another record of brand ${brand} (${message})`, { code: 'conflict', cause: error });
  }
  if (code === '23514' && /opted out/.test(message)) throw new ValidationError('conversationId', message, { code: 'opted_out', cause: error });
  if (code === '23514' && /stage cannot change/.test(message)) throw new ValidationError('stage', message, { code: 'stage_order', cause: error });
  const tooLong = limitViolation(error, '(?:customers|conversations|messages)');
  if (tooLong) throw tooLong;
  if (code === '23503') throw new ValidationError('customerId', `no such customer or conversation in brand ${brand} (${message})`, { code: 'invalid', cause: error });
  throw error;
}

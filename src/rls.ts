import { sql } from 'drizzle-orm';
import type { Database } from './db.js';
import { UnifiedSchemaError } from './errors.js';

/** The transaction handle a context callback receives: a drizzle database bound to the transaction. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export type JwtClaims = { sub?: string; role?: string; email?: string } & Record<string, unknown>;

export interface DbContext {
  /** The database role to act as (`anon`, `authenticated`, `service_role`, `crm_app`, …). */
  role: string;
  /** JWT claims, readable through auth.jwt(), auth.uid(), auth.role(), auth.email(). */
  claims?: JwtClaims;
  /** Other transaction-local settings, e.g. `{ 'app.current_brand': 'gnymble' }`. */
  settings?: Record<string, string>;
}

const SETTING_NAME = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_.]*$/;

/** A context withContext refuses before anything reaches the database (`code: 'invalid_context'`). */
export class ContextError extends UnifiedSchemaError {
  override readonly name = 'ContextError';
  constructor(message: string) {
    super('invalid_context', message);
  }
}

/**
 * Runs `fn` in a transaction acting as `ctx.role` with the given JWT claims and settings, the way
 * PostgREST does: every value is set with `set_config(…, true)`, so it is transaction-local and
 * nothing leaks to the next user of a pooled connection. The one mechanism behind asUser, asRole,
 * asAnon, asServiceRole and the crm domain's withBrand.
 */
export async function withContext<T>(db: Database, ctx: DbContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(ctx.role)) throw new ContextError(`role "${ctx.role}" is not a valid role name`);
  const claims: JwtClaims = { role: ctx.role, ...ctx.claims };
  const settings: [string, string][] = [['request.jwt.claims', JSON.stringify(claims)]];
  if (typeof claims.sub === 'string') settings.push(['request.jwt.claim.sub', claims.sub]);
  settings.push(['request.jwt.claim.role', String(claims.role)]);
  for (const [name, value] of Object.entries(ctx.settings ?? {})) {
    if (!SETTING_NAME.test(name)) throw new ContextError(`setting "${name}" must look like "prefix.name"`);
    if (typeof value !== 'string') throw new ContextError(`setting "${name}" must be a string`);
    settings.push([name, value]);
  }
  return db.transaction(async (tx) => {
    const calls = settings.map(([name, value]) => sql`set_config(${name}, ${value}, true)`);
    await tx.execute(sql`select ${sql.join(calls, sql`, `)}`);
    // Last: after the role switch the settings above are still ours (they are not privileges).
    await tx.execute(sql`select set_config('role', ${ctx.role}, true)`);
    return fn(tx);
  });
}

/** As an `authenticated` user with id `userId` (auth.uid()) and optional extra claims. */
export function asUser<T>(db: Database, user: string | ({ id: string } & JwtClaims), fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { id, ...claims } = typeof user === 'string' ? { id: user } : user;
  return withContext(db, { role: 'authenticated', claims: { ...claims, sub: id, role: 'authenticated' } }, fn);
}

/** As a database role with no user (claims may still be given). */
export function asRole<T>(db: Database, role: string, fn: (tx: Tx) => Promise<T>, claims?: JwtClaims): Promise<T> {
  return withContext(db, { role, claims }, fn);
}

export const asAnon = <T>(db: Database, fn: (tx: Tx) => Promise<T>) => asRole(db, 'anon', fn);
export const asServiceRole = <T>(db: Database, fn: (tx: Tx) => Promise<T>) => asRole(db, 'service_role', fn);

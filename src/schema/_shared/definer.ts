import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole } from 'drizzle-orm/pg-core';
import { DEFINER_ROLE } from '../../functions/define.js';

/**
 * The owner of the SECURITY DEFINER functions (created by a migration, hence `.existing()`). It is not
 * the tables' owner and has no BYPASSRLS: each table those functions touch gives it one policy, and its
 * GRANTs (each domain's definer rights, e.g. src/functions/unified/definer.ts) say which commands.
 * A module of its own (not re-exported by ./index.ts): src/functions/define.ts imports ./index.ts.
 */
export const definerRole = pgRole(DEFINER_ROLE).existing();
/** The policy of `definerRole` on a table its functions touch. */
export const definerPolicy = () =>
  pgPolicy('the definer role acts for the package functions', { for: 'all', to: definerRole, using: sql`true`, withCheck: sql`true` });

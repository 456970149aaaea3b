import { sql } from 'drizzle-orm';
import { pgPolicy, pgRole } from 'drizzle-orm/pg-core';
import { DEFINER_ROLE } from '../../functions/define.js';

/** `(select public.is_admin())`: evaluated once per statement (an InitPlan), not per row. */
export const isAdminSql = sql`(select public.is_admin())`;

/**
 * The owner of the SECURITY DEFINER functions (created by a migration, hence `.existing()`). It is not
 * the tables' owner and has no BYPASSRLS: each table those functions touch gives it one policy, and its
 * GRANTs (src/functions/unified/definer.ts) say which commands.
 */
export const definerRole = pgRole(DEFINER_ROLE).existing();
/** The policy of `definerRole` on a table its functions touch. */
export const definerPolicy = () =>
  pgPolicy('the definer role acts for the package functions', { for: 'all', to: definerRole, using: sql`true`, withCheck: sql`true` });

import { sql } from 'drizzle-orm';

export { definerPolicy, definerRole } from '../_shared/definer.js';

/** `(select public.is_admin())`: evaluated once per statement (an InitPlan), not per row. */
export const isAdminSql = sql`(select public.is_admin())`;

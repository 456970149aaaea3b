import { sql } from 'drizzle-orm';
import { timestamp } from 'drizzle-orm/pg-core';

/** `(select public.is_admin())`: evaluated once per statement (an InitPlan), not per row. */
export const isAdminSql = sql`(select public.is_admin())`;

/** timestamptz, returned as a Date. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** created_at / updated_at, both NOT NULL DEFAULT now(); updated_at is kept by a BEFORE UPDATE trigger. */
export const timestamps = () => ({
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

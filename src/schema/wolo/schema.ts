import { sql } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import { readPolicy } from '../_shared/index.js';

/**
 * The WOLO domain's Postgres schema (design doc 003). Deliberately NOT re-exported to drizzle-kit's
 * barrel: the schema is created by the `pre` SQL objects (src/functions/wolo/roles.ts) together with
 * the role helpers the policies call, which must exist before drizzle-kit creates the policies.
 */
export const wolo = pgSchema('wolo');

/** Whether the caller's wolo.users row holds `admin` (or `super_admin`); one evaluation per statement. */
export const isWoloAdmin = sql`(select wolo_private.has_role('admin'))`;
/** The partners the caller is staff of (wolo.partner_staff), as uuid[]; one evaluation per statement. */
export const myPartnerIds = sql`((select wolo_private.my_partner_ids())::uuid[])`;

/** `admins read <table>`: for tables only admins (and service_role, which bypasses RLS) may read. */
export const adminsRead = (table: string) =>
  readPolicy(`admins read ${table}`, isWoloAdmin);

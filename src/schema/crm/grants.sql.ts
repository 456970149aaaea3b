// The crm roles and the privileges they have on the crm tables and views (the policies, in the
// table files, decide which rows). Roles are cluster-wide, so they are created here idempotently and
// declared `.existing()` in roles.ts for the policies.
import { defineRole, defineSql, qualifiedTableNames } from '../../functions/define.js';
import { customerAnalytics, customerSearch } from '../../views/crm.js';
import { conversations, messages } from './conversations.js';
import { customers } from './customers.js';
import { crmAnalyticsRole, crmAppRole } from './roles.js';

/**
 * crm_app: the application role (no BYPASSRLS): one brand at a time, through withBrand. Grant it to
 * your login role. crm_analytics: cross-brand analytics, SELECT only, every brand.
 */
export const crmRoles = [crmAppRole, crmAnalyticsRole].map((role) => defineRole({ name: role.name, options: ['NOLOGIN', 'NOINHERIT'] }));

/**
 * The role that runs the migrations may act as crm_app and crm_analytics (SET ROLE, which withBrand
 * does): where the application connects as that role (Supabase's `postgres`), withBrand works
 * without further setup. Other login roles need `GRANT crm_app TO <login role>`.
 */
export const crmRoleMembership = defineSql({
  key: 'crm role membership of the migrating role',
  create: [`GRANT ${crmAppRole.name} TO CURRENT_USER`, `GRANT ${crmAnalyticsRole.name} TO CURRENT_USER`],
});

const tables = qualifiedTableNames([customers, conversations, messages]);

/**
 * Privileges; the policies decide which rows. anon and authenticated get nothing on crm.
 * Re-applied after every drizzle-kit migration (a re-created view loses its grants).
 */
export const crmGrants = defineSql({
  key: 'crm grants',
  reapply: true,
  create: [
    'GRANT USAGE ON SCHEMA crm TO crm_app, crm_analytics, service_role',
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ${tables} TO crm_app, service_role`,
    `GRANT SELECT ON ${tables} TO crm_analytics`,
    `GRANT SELECT ON ${qualifiedTableNames([customerAnalytics])} TO crm_app, crm_analytics, service_role`,
    // The current brand's search documents: for crm_app's searchCustomers only.
    `GRANT SELECT ON ${qualifiedTableNames([customerSearch])} TO crm_app`,
  ],
  drop: [
    `REVOKE ALL ON ${qualifiedTableNames([customerSearch])} FROM crm_app`,
    `REVOKE ALL ON ${qualifiedTableNames([customerAnalytics])} FROM crm_app, crm_analytics, service_role`,
    `REVOKE ALL ON ${tables} FROM crm_app, crm_analytics, service_role`,
    'REVOKE USAGE ON SCHEMA crm FROM crm_app, crm_analytics, service_role',
  ],
});

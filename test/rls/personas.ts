import type { RlsOperation } from '../../src/testing/index.js';

/**
 * The reviewed map behind docs/rls-coverage.md: which personas an RLS table is checked for.
 *
 * A cell (table, persona, operation) is required for every table with RLS enabled but partitions (reached through their parent) (pg_class.relrowsecurity,
 * every schema but the system ones, `auth` and the migrator's), every persona below and every operation,
 * except:
 * - `authenticated:owner` where no policy of the table reads `auth.uid()` (no row belongs to a user: a
 *   signed-in user's cases are `authenticated:other`);
 * - `crm_app:other_brand` where no policy of the table reads `app.current_brand` (rows belong to no brand:
 *   crm_app's cases are `crm_app:brand` and `crm_app:unset`);
 * - the cells listed in NOT_APPLICABLE, each with its reason.
 * A required cell is covered when a case for it (allowed or denied, through expectAllowed / expectDenied
 * with an RlsCase) ran on every engine of the run. Which outcome is right is the test's business: the
 * report shows which outcomes ran.
 *
 * - `authenticated:partner_staff` (wolo: a user in wolo.partner_staff, on their partner's rows) where no
 *   policy reads `wolo_private.my_partner_ids()`; `authenticated:instructor` (learning: a user on the courses they
 *   teach) where no policy reads `learning_private.instructor_*()`: elsewhere they are just users.
 * A new domain with roles of its own adds them to PERSONAS (a persona is a role name, or `role:variant`
 * when the role's rows depend on a setting, like crm_app's brand) and its exceptions to NOT_APPLICABLE.
 */
export const PERSONAS = [
  'anon',
  'authenticated:owner',
  'authenticated:other',
  'authenticated:admin',
  'service_role',
  'crm_app:brand',
  'crm_app:other_brand',
  'crm_app:unset',
  'crm_analytics',
  'authenticated:partner_staff',
  'authenticated:instructor',
] as const;

export const OPERATIONS: readonly RlsOperation[] = ['select', 'insert', 'update', 'delete'];

export interface NotApplicable {
  /** `schema.table`, or `schema.*` for every table of a schema. */
  table: string;
  personas: readonly string[];
  operations?: readonly RlsOperation[];
  reason: string;
}

export const NOT_APPLICABLE: readonly NotApplicable[] = [];

/** The persona is checked on tables whose policies read this expression; elsewhere the cell is not applicable. */
export const PERSONA_NEEDS_POLICY_ON: Readonly<Record<string, { expression: string; reason: string }>> = {
  'authenticated:owner': { expression: 'auth.uid()', reason: 'no policy reads auth.uid(): no row belongs to a user' },
  'crm_app:other_brand': { expression: 'app.current_brand', reason: 'no policy reads app.current_brand: no row belongs to a brand' },
  'authenticated:partner_staff': { expression: 'wolo_private.my_partner_ids()', reason: 'no policy reads wolo_private.my_partner_ids(): no row belongs to a partner' },
  'authenticated:instructor': { expression: 'learning_private.instructor_', reason: "no policy reads learning_private.instructor_*(): no row belongs to a course's instructor" },
};

/** Why the cell (table, persona, operation) is not required, or undefined when it is; `policies`: the text of the table's policies. */
export function notApplicableReason(table: string, policies: string, persona: string, operation: RlsOperation): string | undefined {
  const needs = PERSONA_NEEDS_POLICY_ON[persona];
  if (needs && !policies.includes(needs.expression)) return needs.reason;
  return NOT_APPLICABLE.find(
    (n) =>
      (n.table === table || (n.table.endsWith('.*') && table.startsWith(n.table.slice(0, -1)))) &&
      n.personas.includes(persona) &&
      (!n.operations || n.operations.includes(operation)),
  )?.reason;
}

import { auditLogs, donations, featureFlags, partnerStaff, pots, profiles, users } from '../../schema/wolo/index.js';
import { DEFINER_AUTH_USAGE, DEFINER_ROLE, defineSql, qualifiedTableNames } from '../define.js';

/**
 * The definer role may own functions in the wolo schemas (PostgreSQL requires CREATE on the schema
 * of a function's new owner) and look names up there. `pre`: the policy helpers of wolo_private are
 * `pre` functions owned by it.
 */
export const woloDefinerSchemas = defineSql({
  key: 'wolo definer role schemas',
  phase: 'pre',
  create: [`GRANT USAGE, CREATE ON SCHEMA wolo, wolo_private TO ${DEFINER_ROLE}`],
  drop: [`REVOKE ALL ON SCHEMA wolo, wolo_private FROM ${DEFINER_ROLE}`],
});

/**
 * What the wolo domain's SECURITY DEFINER functions do, granted to their owner `DEFINER_ROLE` and
 * nothing more (its policy `the definer role acts for the package functions` is beside each table;
 * these grants limit the commands and columns):
 * - wolo_private.has_role, my_partner_ids, pot_donation_rows: read users, partner_staff, donations, pots;
 * - feature_enabled: reads feature_flags and users' roles;
 * - audit_row_change: reads the actor's users row, inserts audit_logs;
 * - set_id_number / read_id_number: the ID columns of profiles, pgcrypto's hmac and pgp_sym_*.
 * Re-applied after every drizzle-kit migration, like the other grants.
 */
export const woloDefinerRights = defineSql({
  key: 'wolo definer role rights',
  reapply: true,
  create: [
    DEFINER_AUTH_USAGE,
    `GRANT USAGE ON SCHEMA extensions TO ${DEFINER_ROLE}`,
    `GRANT SELECT ON ${qualifiedTableNames([users, partnerStaff, donations, pots, featureFlags])} TO ${DEFINER_ROLE}`,
    `GRANT SELECT (user_id, id_number, id_hash), UPDATE (id_number, id_hash) ON ${qualifiedTableNames([profiles])} TO ${DEFINER_ROLE}`,
    `GRANT INSERT ON ${qualifiedTableNames([auditLogs])} TO ${DEFINER_ROLE}`,
    `GRANT EXECUTE ON FUNCTION extensions.hmac(text, text, text), extensions.pgp_sym_encrypt(text, text), extensions.pgp_sym_decrypt(bytea, text) TO ${DEFINER_ROLE}`,
  ],
  drop: [
    `REVOKE ALL ON ${qualifiedTableNames([users, partnerStaff, donations, pots, featureFlags, profiles, auditLogs])} FROM ${DEFINER_ROLE}`,
    `REVOKE EXECUTE ON FUNCTION extensions.hmac(text, text, text), extensions.pgp_sym_encrypt(text, text), extensions.pgp_sym_decrypt(bytea, text) FROM ${DEFINER_ROLE}`,
  ],
});

import { getTableColumns, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import {
  abTests,
  ADULT_AGE,
  COUNTED_DONATION_STATUSES,
  DONATION_TRANSITIONS,
  donations,
  featureFlags,
  notificationPreferences,
  notifications,
  notificationTemplates,
  packs,
  partnerSettlements,
  partners,
  POT_OPENS_DAYS_BEFORE_BIRTHDAY,
  POT_TRANSITIONS,
  pointsLedger,
  potDonations,
  potInvitations,
  pots,
  profiles,
  refunds,
  sponsorCampaigns,
  sponsorContactBatches,
  sponsorDailyLimits,
  sqlList,
  sqlLiteral,
  systemConfig,
  userAddresses,
  users,
} from '../../schema/wolo/index.js';
import * as woloTables from '../../schema/wolo/index.js';
import { setUpdatedAtTrigger } from '../../schema/_shared/updated-at.sql.js';
import { woloRequireLoginIdentity, woloRequireLoginIdentityTrigger } from '../../schema/wolo/identity.sql.js';
import { DEFINER_ROLE, defineFunction, defineSql, defineTrigger, defineTriggerFunction, qualifiedTableName } from '../define.js';
import { woloSqlState as uw } from './errors.js';

/** Every wolo table, from the schema module's exports. */
export const woloTableList: PgTable[] = (Object.values(woloTables) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
const allTables = woloTableList.map(qualifiedTableName).sort();

/** Column names of `table` except `excluded`, for column-level grants. */
function columnsExcept(table: PgTable, excluded: readonly string[]): string {
  return Object.values(getTableColumns(table))
    .map((c) => c.name)
    .filter((n) => !excluded.includes(n))
    .join(', ');
}

/**
 * `wolo.refuse(sqlstate, column, table, message)`: the one RAISE of the wolo row triggers, with the
 * error fields callers map (COLUMN → the ValidationError's field) and TABLE / SCHEMA 'wolo'. A trigger
 * calls it as `PERFORM wolo.refuse('UW0xx', 'column', TG_TABLE_NAME, format(...))`.
 */
export const woloRefuse = defineFunction('wolo.refuse(p_sqlstate text, p_column text, p_table text, p_message text) RETURNS void', { language: 'plpgsql', searchPath: '', grantExecute: ['authenticated', 'service_role', DEFINER_ROLE],
  // the roles that write the tables whose triggers call it (the definer role: the data-subject erase)
  comment: 'Raises the given wolo SQLSTATE with COLUMN, TABLE and SCHEMA set (the row triggers\' refusals).',
  body: `
BEGIN
  RAISE EXCEPTION USING ERRCODE = p_sqlstate, MESSAGE = p_message, COLUMN = p_column, TABLE = p_table, SCHEMA = 'wolo';
END`,
});

/**
 * Privileges; the policies decide which rows. Everything starts from REVOKE ALL (Supabase's default
 * privileges may hand out more). authenticated reads every table through RLS and writes only the
 * columns listed; anon reads pots and packs (public ones, by policy); service_role everything.
 * Re-applied after every drizzle-kit migration (a re-created view loses its grants).
 */
export const woloGrants = defineSql({
  key: 'wolo grants',
  reapply: true,
  create: [
    'GRANT USAGE ON SCHEMA wolo TO anon, authenticated, service_role',
    `REVOKE ALL ON ${allTables.join(', ')}, wolo.pot_donations FROM PUBLIC, anon, authenticated`,
    `GRANT ALL ON ${allTables.join(', ')} TO service_role`,
    `GRANT SELECT ON ${allTables.join(', ')} TO authenticated`,
    'GRANT SELECT ON wolo.pot_donations TO authenticated, service_role',
    `GRANT SELECT ON ${qualifiedTableName(pots)}, ${qualifiedTableName(packs)} TO anon`,
    // A user's own row: never roles or is_active.
    'GRANT INSERT (id, phone, email, auth_provider) ON wolo.users TO authenticated',
    'GRANT UPDATE (phone, email, auth_provider, last_login_at) ON wolo.users TO authenticated',
    // Own (or anonymous) analytics events: not the timestamp (its default, now()) nor the server-side enrichment.
    'GRANT INSERT (id, event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type) ON wolo.analytics_events TO authenticated',
    // Own profile: not the verification stamps (set by staff through service_role), nor id_number / id_hash (wolo.set_id_number only).
    `GRANT INSERT (${columnsExcept(profiles, ['id_verified_at', 'id_verified_by', 'created_at', 'updated_at', 'id_number', 'id_hash'])}) ON wolo.profiles TO authenticated`,
    `GRANT UPDATE (${columnsExcept(profiles, ['user_id', 'id_verified_at', 'id_verified_by', 'created_at', 'id_number', 'id_hash'])}) ON wolo.profiles TO authenticated`,
    `GRANT INSERT, UPDATE, DELETE ON ${qualifiedTableName(userAddresses)} TO authenticated`,
    `GRANT INSERT, UPDATE ON ${qualifiedTableName(notificationPreferences)} TO authenticated`,
    // Own pots: never the totals (the database keeps them) nor the lifecycle stamps.
    `GRANT INSERT (${columnsExcept(pots, ['raised_cfa', 'donor_count', 'actual_opened_at', 'closed_at', 'share_count', 'view_count', 'created_at', 'updated_at'])}) ON wolo.pots TO authenticated`,
    `GRANT UPDATE (${columnsExcept(pots, ['id', 'owner_user_id', 'raised_cfa', 'donor_count', 'actual_opened_at', 'closed_at', 'share_count', 'view_count', 'created_from_referral_id', 'created_at', 'updated_at'])}) ON wolo.pots TO authenticated`,
    'GRANT DELETE ON wolo.pots TO authenticated',
    `GRANT INSERT ON ${qualifiedTableName(potInvitations)} TO authenticated`,
    // Partner staff edit their packs' content, not which partner they belong to.
    `GRANT UPDATE (${columnsExcept(packs, ['id', 'partner_id', 'created_at', 'updated_at'])}) ON wolo.packs TO authenticated`,
  ],
  drop: [`REVOKE ALL ON ${allTables.join(', ')} FROM anon, authenticated, service_role`, 'REVOKE USAGE ON SCHEMA wolo FROM anon, authenticated, service_role'],
});
void potDonations;

/** updated_at on every wolo table that has one (the shared public.set_updated_at). */
const touched = [
  users,
  profiles,
  sponsorDailyLimits,
  sponsorContactBatches,
  pots,
  donations,
  partners,
  packs,
  sponsorCampaigns,
  partnerSettlements,
  notificationTemplates,
  notifications,
  notificationPreferences,
  abTests,
  featureFlags,
  systemConfig,
];
export const woloUpdatedAtTriggers = touched.map(setUpdatedAtTrigger);

/**
 * In a row trigger: true when OLD.status → NEW.status is one of the moves `transitions` lists (a
 * constant map, inlined as jsonb). The one status-move check of the pot and donation lifecycles.
 */
const statusMoveAllowed = (transitions: Readonly<Record<string, readonly string[]>>) => `((${sqlLiteral(JSON.stringify(transitions))}::jsonb -> OLD.status) ? NEW.status)`;

/**
 * The minor/guardian rule at write time (the document's CHECK called AGE(), which depends on the
 * day it runs): a person under ADULT_AGE on today's business date needs a guardian and a
 * relationship type. A date of birth in the future is refused.
 */
export const profilesMinorGuardian = defineTriggerFunction('wolo.profiles_minor_guardian()', {
  body: `
DECLARE
  today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
BEGIN
  IF NEW.date_of_birth > today THEN
    PERFORM wolo.refuse('${uw('invalid_input')}', 'date_of_birth', TG_TABLE_NAME, format('date_of_birth %s is in the future', NEW.date_of_birth));
  END IF;
  IF NEW.date_of_birth > (today - interval '${ADULT_AGE} years')::date
     AND (NEW.guardian_user_id IS NULL OR NEW.relationship_type IS NULL) THEN
    PERFORM wolo.refuse('${uw('guardian_required')}', 'guardian_user_id', TG_TABLE_NAME, format('a minor (born %s) needs guardian_user_id and relationship_type', NEW.date_of_birth));
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: a profile under 18 (business date) needs a guardian and a relationship type.',
});
export const profilesMinorGuardianTrigger = defineTrigger({ table: profiles, timing: 'before', events: ['insert', 'update of date_of_birth, guardian_user_id, relationship_type'], forEach: 'row', function: profilesMinorGuardian });

/**
 * Pot lifecycle. Insert: scheduled_open_at defaults to J-30 before the birthday (midnight, business
 * time zone); a pot starts scheduled or open with zero totals. Update: status moves only along
 * POT_TRANSITIONS, funded only once raised_cfa reaches the target; actual_opened_at and closed_at
 * are stamped; raised_cfa and donor_count change only from the totals trigger (trigger depth > 1).
 */
export const potsLifecycle = defineTriggerFunction('wolo.pots_lifecycle()', {
  body: `
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.scheduled_open_at IS NULL THEN
      NEW.scheduled_open_at := ((NEW.birthday_date - ${POT_OPENS_DAYS_BEFORE_BIRTHDAY})::timestamp AT TIME ZONE wolo.business_time_zone());
    END IF;
    IF NEW.status NOT IN ('scheduled', 'open') THEN
      PERFORM wolo.refuse('${uw('pot_status')}', 'status', TG_TABLE_NAME, format('a new pot is scheduled or open, not %s', NEW.status));
    END IF;
    IF NEW.raised_cfa <> 0 OR NEW.donor_count <> 0 THEN
      PERFORM wolo.refuse('${uw('pot_totals_readonly')}', 'raised_cfa', TG_TABLE_NAME, 'raised_cfa and donor_count are kept by the database');
    END IF;
    IF NEW.status = 'open' THEN
      NEW.actual_opened_at := coalesce(NEW.actual_opened_at, pg_catalog.now());
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.raised_cfa IS DISTINCT FROM OLD.raised_cfa OR NEW.donor_count IS DISTINCT FROM OLD.donor_count)
     AND pg_catalog.pg_trigger_depth() < 2 THEN
    PERFORM wolo.refuse('${uw('pot_totals_readonly')}', 'raised_cfa', TG_TABLE_NAME, format('raised_cfa and donor_count of pot %s are kept by the database', OLD.id));
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT ${statusMoveAllowed(POT_TRANSITIONS)} THEN
      PERFORM wolo.refuse('${uw('pot_status')}', 'status', TG_TABLE_NAME, format('pot %s cannot go from %s to %s (scheduled -> open -> funded | expired -> closed)', OLD.id, OLD.status, NEW.status));
    END IF;
    IF NEW.status = 'funded' AND NEW.raised_cfa < NEW.target_amount_cfa THEN
      PERFORM wolo.refuse('${uw('pot_status')}', 'status', TG_TABLE_NAME, format('pot %s is not funded: %s of %s CFA raised', OLD.id, NEW.raised_cfa, NEW.target_amount_cfa));
    END IF;
    IF NEW.status = 'open' THEN
      NEW.actual_opened_at := coalesce(NEW.actual_opened_at, pg_catalog.now());
    ELSIF NEW.status = 'closed' THEN
      NEW.closed_at := coalesce(NEW.closed_at, pg_catalog.now());
    END IF;
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: pot defaults (J-30 opening), lifecycle scheduled -> open -> funded | expired -> closed, read-only totals.',
});
export const potsLifecycleTrigger = defineTrigger({ table: pots, timing: 'before', events: ['insert', 'update'], forEach: 'row', function: potsLifecycle });

/**
 * Donations: created only for an open pot (anonymous only where the pot allows it), pending or
 * (credits) succeeded; status forward only along DONATION_TRANSITIONS; refunded only once the
 * refunds add up to the amount; pot and amount fixed once the payment started.
 */
export const donationsGuard = defineTriggerFunction('wolo.donations_guard()', {
  body: `
DECLARE
  pot_status text;
  pot_allows_anonymous boolean;
  refunded bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT p.status, p.allow_anonymous_donations INTO pot_status, pot_allows_anonymous FROM wolo.pots p WHERE p.id = NEW.pot_id;
    IF NOT FOUND THEN
      PERFORM wolo.refuse('${uw('not_found')}', 'pot_id', TG_TABLE_NAME, format('pot %s does not exist', NEW.pot_id));
    END IF;
    IF pot_status <> 'open' THEN
      PERFORM wolo.refuse('${uw('pot_not_open')}', 'pot_id', TG_TABLE_NAME, format('pot %s is %s: only an open pot takes donations', NEW.pot_id, pot_status));
    END IF;
    IF NEW.is_anonymous AND NOT pot_allows_anonymous THEN
      PERFORM wolo.refuse('${uw('anonymous_not_allowed')}', 'is_anonymous', TG_TABLE_NAME, format('pot %s does not take anonymous donations', NEW.pot_id));
    END IF;
    IF NEW.status NOT IN ('pending', 'succeeded') THEN
      PERFORM wolo.refuse('${uw('donation_status')}', 'status', TG_TABLE_NAME, format('a new donation is pending (or succeeded, for a credit), not %s', NEW.status));
    END IF;
    IF NEW.status = 'succeeded' THEN
      NEW.confirmed_at := coalesce(NEW.confirmed_at, pg_catalog.now());
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.pot_id <> OLD.pot_id OR (NEW.amount_cfa <> OLD.amount_cfa AND OLD.status <> 'pending') THEN
    PERFORM wolo.refuse('${uw('immutable')}', 'amount_cfa', TG_TABLE_NAME, format('donation %s: pot_id and (once paying) amount_cfa cannot change', OLD.id));
  END IF;
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    IF NOT ${statusMoveAllowed(DONATION_TRANSITIONS)} THEN
      PERFORM wolo.refuse('${uw('donation_status')}', 'status', TG_TABLE_NAME, format('donation %s cannot go from %s to %s', OLD.id, OLD.status, NEW.status));
    END IF;
    IF NEW.status = 'refunded' THEN
      SELECT coalesce(sum(r.amount_cfa), 0) INTO refunded FROM wolo.refunds r WHERE r.donation_id = NEW.id;
      IF refunded <> NEW.amount_cfa THEN
        PERFORM wolo.refuse('${uw('donation_status')}', 'status', TG_TABLE_NAME, format('donation %s is refunded only once its refunds total %s CFA (they total %s)', OLD.id, NEW.amount_cfa, refunded));
      END IF;
      NEW.refunded_at := coalesce(NEW.refunded_at, pg_catalog.now());
    END IF;
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: donations only to open pots, status forward only, refunded only when fully refunded.',
});
export const donationsGuardTrigger = defineTrigger({ table: donations, timing: 'before', events: ['insert', 'update'], forEach: 'row', function: donationsGuard });

/**
 * Refunds: only of a succeeded donation, and all of a donation's refunds never more than its amount.
 * The donation row is locked (FOR UPDATE) before its refunds are summed in a later statement, so
 * concurrent refunds of one donation are checked one after the other, each seeing the others.
 */
export const refundsGuard = defineTriggerFunction('wolo.refunds_guard()', {
  body: `
DECLARE
  donation_status text;
  donation_amount integer;
  refunded bigint;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.amount_cfa <> OLD.amount_cfa OR NEW.donation_id <> OLD.donation_id THEN
      PERFORM wolo.refuse('${uw('immutable')}', 'amount_cfa', TG_TABLE_NAME, format('refund %s: donation_id and amount_cfa cannot change', OLD.id));
    END IF;
    RETURN NEW;
  END IF;
  SELECT d.status, d.amount_cfa INTO donation_status, donation_amount FROM wolo.donations d WHERE d.id = NEW.donation_id FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM wolo.refuse('${uw('not_found')}', 'donation_id', TG_TABLE_NAME, format('donation %s does not exist', NEW.donation_id));
  END IF;
  IF donation_status <> 'succeeded' THEN
    PERFORM wolo.refuse('${uw('refund_not_allowed')}', 'donation_id', TG_TABLE_NAME, format('donation %s is %s: only a succeeded donation can be refunded', NEW.donation_id, donation_status));
  END IF;
  SELECT coalesce(sum(r.amount_cfa), 0) INTO refunded FROM wolo.refunds r WHERE r.donation_id = NEW.donation_id;
  IF refunded + NEW.amount_cfa > donation_amount THEN
    PERFORM wolo.refuse('${uw('refund_exceeds_amount')}', 'amount_cfa', TG_TABLE_NAME, format('donation %s of %s CFA has %s CFA refunded: %s more is too much', NEW.donation_id, donation_amount, refunded, NEW.amount_cfa));
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: refunds only of succeeded donations, never more in total than the amount (donation row locked).',
});
export const refundsGuardTrigger = defineTrigger({ table: refunds, timing: 'before', events: ['insert', 'update'], forEach: 'row', function: refundsGuard });

/**
 * The pot totals, per statement: after an INSERT, UPDATE or DELETE of donations or refunds (one
 * statement trigger per event, with its transition tables), the pots the statement's rows can move
 * are collected as one set, locked in id order (`ORDER BY … FOR NO KEY UPDATE` locks after sorting,
 * as learning's enrollment counts do), then recounted from their donations and refunds in one UPDATE,
 * a later statement with a fresh READ COMMITTED snapshot, so concurrent writers to one pot see each
 * other. A per-row trigger locked the pots in the statement's row order, so two multi-row writes over
 * the same pots in opposite orders deadlocked (40P01). FOR NO KEY UPDATE, not FOR UPDATE: it still
 * makes two writers of one pot take turns, without waiting for the FOR KEY SHARE a foreign key
 * check holds on the pot. An open pot whose raised_cfa reaches the target becomes funded.
 * One trigger function per table (each reads only its own table's columns, which plpgsql_check
 * verifies statically); both end in this one set-based recount of `affected`.
 */
const refreshAffectedPots = `
  IF affected IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM wolo.pots p WHERE p.id = ANY (affected) ORDER BY p.id FOR NO KEY UPDATE;
  UPDATE wolo.pots p SET
    raised_cfa = t.raised,
    donor_count = t.donors,
    status = CASE WHEN p.status = 'open' AND t.raised >= p.target_amount_cfa THEN 'funded' ELSE p.status END
  FROM (
    SELECT a.pot_id,
           coalesce(sum(d.amount_cfa - coalesce(rf.total, 0)) FILTER (WHERE d.status IN (${sqlList(COUNTED_DONATION_STATUSES)})), 0)::bigint AS raised,
           count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone)) FILTER (WHERE d.status = 'succeeded')::integer AS donors
    FROM pg_catalog.unnest(affected) AS a(pot_id)
    LEFT JOIN wolo.donations d ON d.pot_id = a.pot_id
    LEFT JOIN LATERAL (SELECT sum(r.amount_cfa) AS total FROM wolo.refunds r WHERE r.donation_id = d.id) rf ON d.status IN (${sqlList(COUNTED_DONATION_STATUSES)})
    GROUP BY a.pot_id
  ) t
  WHERE p.id = t.pot_id
    AND (p.raised_cfa <> t.raised OR p.donor_count <> t.donors OR (p.status = 'open' AND t.raised >= p.target_amount_cfa));
  RETURN NULL;
END`;

export const potTotalsRefresh = defineTriggerFunction('wolo.pot_totals_refresh()', {
  body: `
DECLARE
  affected uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.pot_id) INTO affected FROM new_rows n WHERE n.status IN (${sqlList(COUNTED_DONATION_STATUSES)});
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.pot_id) INTO affected FROM old_rows o WHERE o.status IN (${sqlList(COUNTED_DONATION_STATUSES)});
  ELSE
    -- The rows whose pot, status, amount or donor changed while counted before or after (a row whose
    -- id changed is matched to nothing, and counts on both sides): both their pots.
    SELECT array_agg(DISTINCT v.pot_id) INTO affected
      FROM new_rows n
      FULL JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.pot_id), (o.pot_id)) AS v(pot_id)
     WHERE v.pot_id IS NOT NULL
       AND (n.status IN (${sqlList(COUNTED_DONATION_STATUSES)}) OR o.status IN (${sqlList(COUNTED_DONATION_STATUSES)}))
       AND (n.pot_id, n.status, n.amount_cfa, n.donor_user_id, n.donor_phone) IS DISTINCT FROM (o.pot_id, o.status, o.amount_cfa, o.donor_user_id, o.donor_phone);
  END IF;${refreshAffectedPots}`,
  comment: 'Statement trigger on donations: keeps pots.raised_cfa (succeeded donations minus their refunds) and donor_count exact, pots locked in id order; funds an open pot that reached its target.',
});

/** The refunds side of pot_totals_refresh: the pots of the refunds' old and new donations. */
export const refundPotTotalsRefresh = defineTriggerFunction('wolo.refund_pot_totals_refresh()', {
  body: `
DECLARE
  affected uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT d.pot_id) INTO affected FROM new_rows n JOIN wolo.donations d ON d.id = n.donation_id;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT d.pot_id) INTO affected FROM old_rows o JOIN wolo.donations d ON d.id = o.donation_id;
  ELSE
    SELECT array_agg(DISTINCT d.pot_id) INTO affected
      FROM new_rows n
      FULL JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.donation_id), (o.donation_id)) AS v(donation_id)
      JOIN wolo.donations d ON d.id = v.donation_id
     WHERE (n.donation_id, n.amount_cfa) IS DISTINCT FROM (o.donation_id, o.amount_cfa);
  END IF;${refreshAffectedPots}`,
  comment: 'Statement trigger on refunds: keeps the totals of the refunded donations\' pots exact (see pot_totals_refresh).',
});
const potTotalsTriggers = (table: typeof donations | typeof refunds, prefix: string, fn: typeof potTotalsRefresh) => [
  defineTrigger({ name: `${prefix}_insert`, table, timing: 'after', events: ['insert'], forEach: 'statement', referencing: { newTable: 'new_rows' }, function: fn }),
  defineTrigger({ name: `${prefix}_update`, table, timing: 'after', events: ['update'], forEach: 'statement', referencing: { oldTable: 'old_rows', newTable: 'new_rows' }, function: fn }),
  defineTrigger({ name: `${prefix}_delete`, table, timing: 'after', events: ['delete'], forEach: 'statement', referencing: { oldTable: 'old_rows' }, function: fn }),
];
/** `donations_pot_totals_insert`, `_update`, `_delete`. */
export const donationsPotTotalsTriggers = potTotalsTriggers(donations, 'donations_pot_totals', potTotalsRefresh);
/** `refunds_pot_totals_insert`, `_update`, `_delete`. */
export const refundsPotTotalsTriggers = potTotalsTriggers(refunds, 'refunds_pot_totals', refundPotTotalsRefresh);

/**
 * A sponsor's balance never goes negative, whoever writes the ledger: a row that lowers it locks the
 * sponsor's users row (FOR UPDATE: concurrent spends of one sponsor take turns) and is refused when
 * the balance after it would be below zero.
 */
export const pointsLedgerGuard = defineTriggerFunction('wolo.points_ledger_guard()', {
  body: `
DECLARE
  delta bigint;
  balance bigint;
BEGIN
  delta := (CASE WHEN NEW.status = 'matured' THEN NEW.points_earned ELSE 0 END) - (CASE WHEN NEW.status <> 'revoked' THEN NEW.points_spent ELSE 0 END);
  IF TG_OP = 'UPDATE' THEN
    delta := delta - ((CASE WHEN OLD.status = 'matured' THEN OLD.points_earned ELSE 0 END) - (CASE WHEN OLD.status <> 'revoked' THEN OLD.points_spent ELSE 0 END));
    IF NEW.sponsor_user_id <> OLD.sponsor_user_id THEN
      PERFORM wolo.refuse('${uw('immutable')}', 'sponsor_user_id', TG_TABLE_NAME, format('points_ledger %s: sponsor_user_id cannot change', OLD.id));
    END IF;
  END IF;
  IF delta >= 0 THEN
    RETURN NEW;
  END IF;
  PERFORM 1 FROM wolo.users u WHERE u.id = NEW.sponsor_user_id FOR UPDATE;
  SELECT coalesce(sum(l.points_earned) FILTER (WHERE l.status = 'matured'), 0) - coalesce(sum(l.points_spent) FILTER (WHERE l.status <> 'revoked'), 0)
    INTO balance FROM wolo.points_ledger l WHERE l.sponsor_user_id = NEW.sponsor_user_id;
  IF balance + delta < 0 THEN
    PERFORM wolo.refuse('${uw('insufficient_points')}', 'points', TG_TABLE_NAME, format('sponsor %s has %s points: %s is more than the balance', NEW.sponsor_user_id, balance, -delta));
  END IF;
  RETURN NEW;
END`,
  comment: "Trigger: refuses a ledger row that would make the sponsor's points balance negative (sponsor row locked).",
});
export const pointsLedgerGuardTrigger = defineTrigger({ table: pointsLedger, timing: 'before', events: ['insert', 'update'], forEach: 'row', function: pointsLedgerGuard });

export const woloTableObjects = [
  woloRefuse,
  woloGrants,
  woloRequireLoginIdentity,
  woloRequireLoginIdentityTrigger,
  ...woloUpdatedAtTriggers,
  profilesMinorGuardian,
  profilesMinorGuardianTrigger,
  potsLifecycle,
  potsLifecycleTrigger,
  donationsGuard,
  donationsGuardTrigger,
  refundsGuard,
  refundsGuardTrigger,
  potTotalsRefresh,
  refundPotTotalsRefresh,
  ...donationsPotTotalsTriggers,
  ...refundsPotTotalsTriggers,
  pointsLedgerGuard,
  pointsLedgerGuardTrigger,
];

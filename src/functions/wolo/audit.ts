import { getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { donations, featureFlags, packs, partners, pots, refunds, systemConfig, users } from '../../schema/wolo/index.js';
import { sqlList } from '../../schema/wolo/constants.js';
import { defineDefinerTriggerFunction, defineTrigger } from '../define.js';

/** Columns written to audit_logs as '[redacted]' (personal or secret data), whatever the table. */
export const AUDIT_REDACTED_COLUMNS = [
  'phone',
  'email',
  'donor_phone',
  'donor_email',
  'donor_name',
  'contact_name',
  'contact_phone',
  'contact_email',
  'tax_id',
  'business_registration',
  'id_number',
  'id_hash',
  'token_hash',
  'wave_checkout_session_id',
  'wave_transaction_id',
] as const;
/** Derived or bookkeeping columns: an update touching only these is not audited. */
export const AUDIT_IGNORED_COLUMNS = ['updated_at', 'raised_cfa', 'donor_count', 'view_count', 'share_count', 'last_login_at'] as const;

/**
 * Audit trigger (doc 003 §3.10): one audit_logs row per audited change. Actor: auth.uid() (actor_type
 * user; actor_user_id when it is a WOLO user) or `system`. action `<table>.<insert|update|delete>`;
 * old/new values are the changed columns only (whole rows on insert/delete) with personal and secret
 * columns redacted, and a sensitive system_config value redacted. wolo.users: roles and is_active only.
 * SECURITY DEFINER: the changing role (authenticated, service_role) cannot write audit_logs itself.
 */
export const auditRowChange = defineDefinerTriggerFunction('wolo.audit_row_change()', {
  body: `
DECLARE
  v_old jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN pg_catalog.to_jsonb(OLD) END;
  v_new jsonb := CASE WHEN TG_OP IN ('UPDATE', 'INSERT') THEN pg_catalog.to_jsonb(NEW) END;
  v_changed text[];
  v_key text;
  v_uid uuid := (SELECT auth.uid());
  v_actor uuid;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    SELECT coalesce(pg_catalog.array_agg(k), '{}') INTO v_changed
    FROM pg_catalog.jsonb_object_keys(v_new) AS k
    WHERE (v_new -> k) IS DISTINCT FROM (v_old -> k) AND k <> ALL (ARRAY[${sqlList(AUDIT_IGNORED_COLUMNS)}])
      AND (TG_TABLE_NAME <> 'users' OR k IN ('roles', 'is_active'));
    IF pg_catalog.cardinality(v_changed) = 0 THEN
      RETURN NULL;
    END IF;
    SELECT pg_catalog.jsonb_object_agg(k, v_old -> k) INTO v_old FROM pg_catalog.unnest(v_changed || ARRAY['id']) AS k;
    SELECT pg_catalog.jsonb_object_agg(k, v_new -> k) INTO v_new FROM pg_catalog.unnest(v_changed || ARRAY['id']) AS k;
  END IF;
  FOREACH v_key IN ARRAY ARRAY[${sqlList(AUDIT_REDACTED_COLUMNS)}] LOOP
    IF v_old ? v_key AND v_old ->> v_key IS NOT NULL THEN v_old := pg_catalog.jsonb_set(v_old, ARRAY[v_key], '"[redacted]"'); END IF;
    IF v_new ? v_key AND v_new ->> v_key IS NOT NULL THEN v_new := pg_catalog.jsonb_set(v_new, ARRAY[v_key], '"[redacted]"'); END IF;
  END LOOP;
  IF TG_TABLE_NAME = 'system_config' THEN
    IF (TG_OP <> 'INSERT' AND coalesce((pg_catalog.to_jsonb(OLD) ->> 'is_sensitive')::boolean, false)) AND v_old ? 'config_value' THEN v_old := pg_catalog.jsonb_set(v_old, '{config_value}', '"[redacted]"'); END IF;
    IF (TG_OP <> 'DELETE' AND coalesce((pg_catalog.to_jsonb(NEW) ->> 'is_sensitive')::boolean, false)) AND v_new ? 'config_value' THEN v_new := pg_catalog.jsonb_set(v_new, '{config_value}', '"[redacted]"'); END IF;
  END IF;
  SELECT u.id INTO v_actor FROM wolo.users u WHERE u.id = v_uid;
  INSERT INTO wolo.audit_logs (actor_user_id, actor_type, action, resource_type, resource_id, old_values, new_values, metadata)
  VALUES (v_actor, CASE WHEN v_uid IS NULL THEN 'system' ELSE 'user' END, TG_TABLE_NAME || '.' || pg_catalog.lower(TG_OP), TG_TABLE_NAME,
          ((coalesce(v_new, v_old)) ->> 'id')::uuid, v_old, v_new,
          pg_catalog.jsonb_build_object('db_role', pg_catalog.current_setting('role', true), 'auth_uid', v_uid));
  RETURN NULL;
END`,
  comment: 'Trigger: writes an audit_logs row (actor, action, resource, changed old/new values, personal data redacted).',
});

const audited: { table: PgTable; events: ('insert' | 'update' | 'delete' | `update of ${string}`)[] }[] = [
  { table: users, events: ['update of roles, is_active'] },
  { table: pots, events: ['insert', 'update', 'delete'] },
  { table: donations, events: ['insert', 'update', 'delete'] },
  { table: refunds, events: ['insert', 'update', 'delete'] },
  { table: partners, events: ['insert', 'update', 'delete'] },
  { table: packs, events: ['insert', 'update', 'delete'] },
  { table: featureFlags, events: ['insert', 'update', 'delete'] },
  { table: systemConfig, events: ['insert', 'update', 'delete'] },
];
/** The tables whose changes are audited (resource_type = table name). */
export const AUDITED_TABLES = audited.map((a) => getTableName(a.table));
export const auditTriggers = audited.map(({ table, events }) =>
  defineTrigger({ name: `${getTableName(table)}_audit`, table, timing: 'after', events, forEach: 'row', function: auditRowChange }),
);

export const auditObjects = [auditRowChange, ...auditTriggers];

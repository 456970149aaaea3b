import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { parseInput } from '../../errors.js';
import { systemConfig } from '../../schema/wolo/index.js';
import { defineDefinerFunction, defineTrigger, defineTriggerFunction } from '../define.js';
import { woloError, woloSqlState as uw } from './errors.js';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../../schema/_shared/index.js';

type Db = Pick<Database, 'execute'>;

/** The setting naming the running environment (development | staging | production; default production). */
export const WOLO_ENVIRONMENT_SETTING = 'wolo.environment';

/**
 * Whether a feature flag is on (doc 003 §3.10). Off when unknown, disabled or declared for another
 * environment (setting `wolo.environment`, default production). On for a user whose roles meet
 * target_user_groups or a region in target_regions. Otherwise a deterministic rollout: the user's
 * bucket is md5(flag_key || ':' || user_id) read as a 32-bit number modulo 100, on when below
 * rollout_percentage: the same user always gets the same answer and raising the percentage only
 * adds users. Without a user only 100 % is on. SECURITY DEFINER: the flags are admin-readable only,
 * and the caller learns one boolean, about itself only: `anon` and `authenticated` may name no
 * user but their own (service_role and a connection of its own may name any).
 */
export const featureEnabledFn = defineDefinerFunction('wolo.feature_enabled(flag_key text, user_id uuid DEFAULT NULL, region text DEFAULT NULL) RETURNS boolean', { volatility: 'stable', grantExecute: ['anon', 'authenticated', 'service_role'],
  body: `
DECLARE
  f wolo.feature_flags;
  v_env text := coalesce(nullif(pg_catalog.current_setting('${WOLO_ENVIRONMENT_SETTING}', true), ''), 'production');
  v_caller uuid := (SELECT auth.uid());
  -- the caller's API role (PostgREST and the package's context helpers SET ROLE); 'none' on a
  -- connection of its own (the owner, a server job)
  v_role text := coalesce(nullif(pg_catalog.current_setting('role', true), ''), 'none');
  v_roles text[];
BEGIN
  -- a signed-in caller asks about itself only, and so does anon (no user): naming someone else would
  -- tell it whether they are in a targeted group. service_role and a connection of its own (no JWT
  -- user) may name anyone.
  IF feature_enabled.user_id IS NOT NULL AND feature_enabled.user_id IS DISTINCT FROM v_caller
     AND (v_caller IS NOT NULL OR v_role NOT IN ('service_role', 'none')) THEN
    RAISE EXCEPTION 'a user may ask about its own flags only' USING ERRCODE = '${uw('invalid_input')}', COLUMN = 'user_id';
  END IF;
  SELECT * INTO f FROM wolo.feature_flags ff WHERE ff.flag_key = feature_enabled.flag_key;
  IF NOT FOUND OR NOT f.is_enabled OR f.environment <> v_env THEN
    RETURN false;
  END IF;
  IF feature_enabled.region IS NOT NULL AND feature_enabled.region = ANY (coalesce(f.target_regions, '{}')) THEN
    RETURN true;
  END IF;
  IF feature_enabled.user_id IS NOT NULL AND f.target_user_groups IS NOT NULL THEN
    SELECT u.roles INTO v_roles FROM wolo.users u WHERE u.id = feature_enabled.user_id AND u.is_active;
    IF v_roles && f.target_user_groups THEN
      RETURN true;
    END IF;
  END IF;
  IF f.rollout_percentage >= 100 THEN
    RETURN true;
  END IF;
  IF feature_enabled.user_id IS NULL OR f.rollout_percentage <= 0 THEN
    RETURN false;
  END IF;
  RETURN (('x' || pg_catalog.substr(pg_catalog.md5(f.flag_key || ':' || feature_enabled.user_id::text), 1, 8))::bit(32)::bigint % 100) < f.rollout_percentage;
END`,
  comment: 'Whether flag_key is on for user_id / region: disabled or other environment → off; targeted groups or regions → on; else a deterministic md5 bucket below rollout_percentage.',
});

/**
 * system_config values checked on write: the CHECK matches jsonb_typeof to data_type; this trigger
 * applies validation_rules: min / max (numbers), minLength / maxLength / pattern (strings), enum
 * (any type). A value breaking a rule → config_invalid naming the rule.
 */
export const systemConfigValidate = defineTriggerFunction('wolo.system_config_validate()', {
  body: `
DECLARE
  r jsonb := NEW.validation_rules;
  v jsonb := NEW.config_value;
  v_rule text;
BEGIN
  IF pg_catalog.jsonb_typeof(v) IS DISTINCT FROM (CASE NEW.data_type WHEN 'object' THEN 'object' WHEN 'array' THEN 'array' WHEN 'number' THEN 'number' WHEN 'boolean' THEN 'boolean' ELSE 'string' END) THEN
    RAISE EXCEPTION 'config % must be a JSON %', NEW.config_key, NEW.data_type USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'config_value';
  END IF;
  IF r IS NULL THEN
    RETURN NEW;
  END IF;
  IF pg_catalog.jsonb_typeof(r) <> 'object' THEN
    RAISE EXCEPTION 'validation_rules of % must be a JSON object', NEW.config_key USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'validation_rules';
  END IF;
  FOR v_rule IN SELECT k FROM pg_catalog.jsonb_object_keys(r) AS k LOOP
    IF v_rule NOT IN ('min', 'max', 'minLength', 'maxLength', 'pattern', 'enum') THEN
      RAISE EXCEPTION 'unknown validation rule % for %', v_rule, NEW.config_key USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'validation_rules';
    END IF;
  END LOOP;
  IF NEW.data_type = 'number' THEN
    IF r ? 'min' AND (v #>> '{}')::numeric < (r ->> 'min')::numeric THEN
      RAISE EXCEPTION 'config % = % is below min %', NEW.config_key, v, r -> 'min' USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'config_value';
    END IF;
    IF r ? 'max' AND (v #>> '{}')::numeric > (r ->> 'max')::numeric THEN
      RAISE EXCEPTION 'config % = % is above max %', NEW.config_key, v, r -> 'max' USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'config_value';
    END IF;
  END IF;
  IF NEW.data_type = 'string' THEN
    IF r ? 'minLength' AND pg_catalog.char_length(v #>> '{}') < (r ->> 'minLength')::int THEN
      RAISE EXCEPTION 'config % is shorter than minLength %', NEW.config_key, r -> 'minLength' USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'config_value';
    END IF;
    IF r ? 'maxLength' AND pg_catalog.char_length(v #>> '{}') > (r ->> 'maxLength')::int THEN
      RAISE EXCEPTION 'config % is longer than maxLength %', NEW.config_key, r -> 'maxLength' USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'config_value';
    END IF;
    IF r ? 'pattern' AND (v #>> '{}') !~ (r ->> 'pattern') THEN
      RAISE EXCEPTION 'config % does not match pattern %', NEW.config_key, r -> 'pattern' USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'config_value';
    END IF;
  END IF;
  IF r ? 'enum' AND NOT (r -> 'enum') @> pg_catalog.jsonb_build_array(v) THEN
    RAISE EXCEPTION 'config % is not one of %', NEW.config_key, r -> 'enum' USING ERRCODE = '${uw('config_invalid')}', COLUMN = 'config_value';
  END IF;
  RETURN NEW;
END`,
  comment: 'Trigger: system_config values match data_type and validation_rules (min, max, minLength, maxLength, pattern, enum).',
});
export const systemConfigValidateTrigger = defineTrigger({ table: systemConfig, timing: 'before', events: ['insert', 'update'], forEach: 'row', function: systemConfigValidate });

const featureSchema = z.object({
  flagKey: z.string().min(1).max(100).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  userId: z.uuid().nullable().optional(),
  region: z.string().max(100).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullable().optional(),
});
export type FeatureEnabledInput = z.input<typeof featureSchema>;

/** Whether `flagKey` is on for the user / region (unknown flag: false). */
export async function featureEnabled(db: Db, input: FeatureEnabledInput): Promise<boolean> {
  const v = parseInput(featureSchema, input);
  try {
    const [row] = await queryRows<{ on: boolean }>(db, sql`select wolo.feature_enabled(${v.flagKey}, ${v.userId ?? null}::uuid, ${v.region ?? null}::text) as on`);
    return row!.on;
  } catch (error) {
    throw woloError(error, 'userId');
  }
}

export const flagObjects = [featureEnabledFn, systemConfigValidate, systemConfigValidateTrigger];

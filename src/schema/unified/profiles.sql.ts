// SQL objects of the unified profiles aggregate (profiles, membership levels, affiliates) (docs/conventions.md, "SQL objects bound to their table").
import { defineDefinerTriggerFunction, defineTrigger } from '../../functions/define.js';
import { touchTrigger } from '../../functions/unified/base.js';
import { markCachesStaleTrigger } from '../../functions/unified/triggers.js';
import { personalData, USER_TABLE_IDENTITY } from '../_shared/personal-data.js';
import { affiliates, membershipLevels, unifiedProfiles } from './profiles.js';

export const unifiedProfilesTouchUpdatedAt = touchTrigger(unifiedProfiles);
export const membershipLevelsTouchUpdatedAt = touchTrigger(membershipLevels);
export const affiliatesTouchUpdatedAt = touchTrigger(affiliates);

// Profile updates are covered row by row by after_profile_update.
export const unifiedProfilesMarkCachesStale = markCachesStaleTrigger(unifiedProfiles, 'unified_profiles_mark_caches_stale', ['insert', 'delete', 'truncate']);

/**
 * after_profile_update: one audit row with the old and new values of the columns that changed
 * (updated_at ignored), the actor (auth.uid() and the JWT role, else the session user), and marks
 * the dashboard views stale. SECURITY DEFINER: a user updating their own phone cannot write the
 * audit log directly.
 */
export const logProfileUpdate = defineDefinerTriggerFunction('public.log_profile_update()', {
  body: `
DECLARE
  v_old jsonb := to_jsonb(OLD) - 'updated_at';
  v_new jsonb := to_jsonb(NEW) - 'updated_at';
  v_cols text[];
BEGIN
  SELECT array_agg(n.key ORDER BY n.key) INTO v_cols
    FROM jsonb_each(v_new) AS n(key, value)
   WHERE n.value IS DISTINCT FROM v_old -> n.key;
  IF v_cols IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO public.profile_audit_log (profile_id, operation, changed_columns, old_values, new_values, actor_id, actor_role)
  SELECT NEW.id, 'UPDATE', v_cols,
         jsonb_object_agg(k, v_old -> k), jsonb_object_agg(k, v_new -> k),
         (SELECT auth.uid()), coalesce((SELECT auth.role()), session_user::text)
    FROM unnest(v_cols) AS k;
  UPDATE public.dashboard_cache_status s
     SET is_stale = true, stale_since = now()
   WHERE s.cache_name = 'dashboard_views' AND NOT s.is_stale;
  RETURN NULL;
END`,
});

export const afterProfileUpdate = defineTrigger({ name: 'after_profile_update', table: unifiedProfiles, timing: 'after', events: ['update'], forEach: 'row', when: 'OLD.* IS DISTINCT FROM NEW.*', function: logProfileUpdate });

// Personal data (issue 17, docs/subjects.md): a profile is the person (keyed by the auth user id).
export const unifiedProfilesPersonalData = personalData(unifiedProfiles, {
  columns: ['email', 'first_name', 'last_name', 'phone', 'tags', 'admin_metadata', 'systemeio_id'],
  ...USER_TABLE_IDENTITY,
  // an admin's notes on another profile may name the person
  findBy: [...USER_TABLE_IDENTITY.findBy, { mention: 'admin_metadata' }],
  erase: { action: 'delete' },
  note: 'other profiles the person referred keep their rows: affiliate_id is set NULL by the foreign key',
});
export const affiliatesPersonalData = personalData(affiliates, {
  columns: ['user_id', 'code'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function learning.update_enrollment_progress()
-- new: trigger lesson_progress_update_enrollments_insert on learning.lesson_progress
-- new: trigger lesson_progress_update_enrollments_update on learning.lesson_progress
-- new: trigger lesson_progress_update_enrollments_delete on learning.lesson_progress
-- new: trigger qr_codes_issue_check_insert on wolo.qr_codes
-- new: trigger qr_codes_issue_check_update on wolo.qr_codes
-- changed: definer role reads login identities
-- changed: unified definer role rights
-- changed: function learning.refresh_course_progress()
-- changed: learning definer role rights
-- changed: wolo definer role rights
-- changed: function wolo.qr_codes_issue_check()
-- changed: function subjects.resolve_subject(uuid, text, text)
-- changed: function subjects.export_subject(uuid, text, text)
-- changed: function subjects.erase_subject(uuid, text, text, boolean)
-- changed: subjects definer role rights
-- removed: function learning.update_user_last_access()
-- removed: trigger trigger_update_last_access on learning.lesson_progress
-- removed: function learning.calculate_course_progress()
-- removed: trigger trigger_calculate_progress on learning.lesson_progress
-- removed: trigger qr_codes_issue_check on wolo.qr_codes
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
DROP TRIGGER IF EXISTS qr_codes_issue_check ON wolo.qr_codes;
--> statement-breakpoint
DROP TRIGGER IF EXISTS trigger_calculate_progress ON learning.lesson_progress;
--> statement-breakpoint
DROP TRIGGER IF EXISTS trigger_update_last_access ON learning.lesson_progress;
--> statement-breakpoint
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
--> statement-breakpoint
DO $login$
BEGIN
  GRANT SELECT (id, email, phone) ON auth.users TO unified_schema_definer;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'the migrating role cannot grant SELECT on auth.users to unified_schema_definer: the login-identity triggers compare with the token''s claims on this database (%)', SQLERRM;
END
$login$;
--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA public TO unified_schema_definer;
--> statement-breakpoint
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
--> statement-breakpoint
GRANT SELECT ON public.courses, public.unified_profiles, public.transactions, public.enrollments, public.leads, public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT, UPDATE ON public.enrollments, public.unified_profiles TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (user_id) ON public.transactions TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON public.admin_notifications, public.profile_audit_log TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, UPDATE ON public.dashboard_cache_status TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON public.revenue_metrics TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.sync_profile_merge(jsonb, jsonb) TO unified_schema_definer;
--> statement-breakpoint
DO $definer$
BEGIN
  IF has_table_privilege(current_user, 'auth.users', 'SELECT WITH GRANT OPTION')
     AND has_table_privilege(current_user, 'auth.users', 'INSERT WITH GRANT OPTION') THEN
    GRANT SELECT, INSERT ON auth.users TO unified_schema_definer;
  ELSE
    RAISE WARNING 'the migrating role cannot grant INSERT on auth.users to unified_schema_definer: sync_profile_data(create_missing_users => true) will be refused on this database';
  END IF;
END
$definer$;
--> statement-breakpoint
ALTER MATERIALIZED VIEW public.monthly_enrollments_mv OWNER TO unified_schema_definer;
--> statement-breakpoint
ALTER MATERIALIZED VIEW public.revenue_analysis_mv OWNER TO unified_schema_definer;
--> statement-breakpoint
ALTER MATERIALIZED VIEW public.marketing_source_mv OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_enrollment_progress()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_touched uuid[];
  v_recount uuid[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- progress rows removed (by the service, an erasure, a lesson that went away): the percentage only;
    -- completed_at and the completion row stay (the first time counts), last access is history
    PERFORM 1 FROM learning.enrollments e
      WHERE (e.user_id, e.course_id) IN (SELECT o.user_id, o.course_id FROM old_rows o)
      ORDER BY e.id FOR NO KEY UPDATE;
    UPDATE learning.enrollments e
       SET progress = k.progress
      FROM (SELECT r.id, learning.course_progress(r.user_id, r.course_id) AS progress
              FROM learning.enrollments r
             WHERE (r.user_id, r.course_id) IN (SELECT o.user_id, o.course_id FROM old_rows o)) k
     WHERE e.id = k.id AND e.progress IS DISTINCT FROM k.progress;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(e.id), array_agg(e.id) INTO v_touched, v_recount
      FROM learning.enrollments e
     WHERE (e.user_id, e.course_id) IN (SELECT n.user_id, n.course_id FROM new_rows n);
  ELSE
    SELECT array_agg(e.id), array_agg(e.id) FILTER (WHERE k.recount) INTO v_touched, v_recount
      FROM (SELECT r.user_id, r.course_id, bool_or(r.recount) AS recount
              FROM (SELECT n.user_id, n.course_id, (n.user_id, n.lesson_id, n.status) IS DISTINCT FROM (o.user_id, o.lesson_id, o.status) AS recount
                      FROM new_rows n JOIN old_rows o ON o.id = n.id
                    UNION ALL
                    SELECT o.user_id, o.course_id, true
                      FROM old_rows o JOIN new_rows n ON n.id = o.id
                     WHERE (n.user_id, n.lesson_id, n.status) IS DISTINCT FROM (o.user_id, o.lesson_id, o.status)) r
             GROUP BY r.user_id, r.course_id) k
      JOIN learning.enrollments e ON e.user_id = k.user_id AND e.course_id = k.course_id;
  END IF;
  IF v_touched IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM learning.enrollments e WHERE e.id = ANY (v_touched) ORDER BY e.id FOR NO KEY UPDATE;
  UPDATE learning.enrollments e
     SET last_accessed_at = greatest(e.last_accessed_at, k.last_access),
         progress = coalesce(k.progress, e.progress),
         completed_at = CASE WHEN k.progress = 100 THEN coalesce(e.completed_at, now()) ELSE e.completed_at END
    FROM (SELECT t.id, a.last_access,
                 CASE WHEN t.id = ANY (v_recount)
                      THEN coalesce(round(100.0 * coalesce(done.n, 0) / nullif(total.n, 0), 2), 0)::numeric(5, 2) END AS progress
            FROM learning.enrollments t
            LEFT JOIN (SELECT n.user_id, n.course_id, max(n.last_accessed_at) AS last_access FROM new_rows n GROUP BY n.user_id, n.course_id) a
                   ON a.user_id = t.user_id AND a.course_id = t.course_id
            LEFT JOIN (SELECT l.course_id, count(*) AS n FROM learning.course_lessons l
                        WHERE l.course_id IN (SELECT r.course_id FROM learning.enrollments r WHERE r.id = ANY (v_recount))
                        GROUP BY l.course_id) total ON total.course_id = t.course_id
            LEFT JOIN (SELECT p.user_id, p.course_id, count(*) AS n FROM learning.lesson_progress p
                        WHERE (p.user_id, p.course_id) IN (SELECT r.user_id, r.course_id FROM learning.enrollments r WHERE r.id = ANY (v_recount))
                          AND p.status = 'completed'
                        GROUP BY p.user_id, p.course_id) done ON done.user_id = t.user_id AND done.course_id = t.course_id
           WHERE t.id = ANY (v_touched)) k
   WHERE e.id = k.id
     AND (k.progress IS NOT NULL OR e.last_accessed_at IS NULL OR e.last_accessed_at < k.last_access);
  INSERT INTO learning.course_completions (user_id, course_id, completed_at, total_time_spent)
  SELECT e.user_id, e.course_id, now(),
         coalesce((SELECT sum(p.total_time_spent) FROM learning.lesson_progress p WHERE p.user_id = e.user_id AND p.course_id = e.course_id), 0)
    FROM learning.enrollments e
   WHERE e.id = ANY (v_recount) AND e.progress = 100
   ORDER BY e.id
  ON CONFLICT (user_id, course_id) DO NOTHING;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.update_enrollment_progress() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.update_enrollment_progress() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lesson_progress_update_enrollments_insert
AFTER INSERT ON learning.lesson_progress
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.update_enrollment_progress();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lesson_progress_update_enrollments_update
AFTER UPDATE ON learning.lesson_progress
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.update_enrollment_progress();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lesson_progress_update_enrollments_delete
AFTER DELETE ON learning.lesson_progress
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.update_enrollment_progress();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.refresh_course_progress()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_courses uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.course_id) INTO v_courses FROM new_rows n;
  ELSE
    SELECT array_agg(DISTINCT o.course_id) INTO v_courses FROM old_rows o;
  END IF;
  PERFORM 1 FROM learning.enrollments e WHERE e.course_id = ANY (v_courses) ORDER BY e.id FOR NO KEY UPDATE;
  UPDATE learning.enrollments e
     SET progress = k.progress,
         completed_at = CASE WHEN k.progress = 100 THEN coalesce(e.completed_at, now()) ELSE e.completed_at END
    FROM (SELECT t.id, coalesce(round(100.0 * coalesce(done.n, 0) / nullif(total.n, 0), 2), 0)::numeric(5, 2) AS progress
            FROM learning.enrollments t
            LEFT JOIN (SELECT l.course_id, count(*) AS n FROM learning.course_lessons l
                        WHERE l.course_id = ANY (v_courses) GROUP BY l.course_id) total ON total.course_id = t.course_id
            LEFT JOIN (SELECT p.user_id, p.course_id, count(*) AS n FROM learning.lesson_progress p
                        WHERE p.course_id = ANY (v_courses) AND p.status = 'completed'
                        GROUP BY p.user_id, p.course_id) done ON done.user_id = t.user_id AND done.course_id = t.course_id
           WHERE t.course_id = ANY (v_courses)) k
   WHERE e.id = k.id AND e.progress IS DISTINCT FROM k.progress;
  INSERT INTO learning.course_completions (user_id, course_id, completed_at, total_time_spent)
  SELECT e.user_id, e.course_id, now(),
         coalesce((SELECT sum(p.total_time_spent) FROM learning.lesson_progress p WHERE p.user_id = e.user_id AND p.course_id = e.course_id), 0)
    FROM learning.enrollments e
   WHERE e.course_id = ANY (v_courses) AND e.progress = 100
   ORDER BY e.id
  ON CONFLICT (user_id, course_id) DO NOTHING;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.refresh_course_progress() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.refresh_course_progress() OWNER TO unified_schema_definer;
--> statement-breakpoint
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
--> statement-breakpoint
GRANT SELECT ON learning.courses, learning.enrollments, learning.course_lessons, learning.course_quizzes, learning.course_purchases, learning.lesson_progress, learning.course_completions, learning.quiz_attempts, learning.quiz_questions TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (enrollment_count, average_rating, review_count) ON learning.courses TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (progress, completed_at, last_accessed_at, updated_at) ON learning.enrollments TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT (user_id, course_id, completed_at, total_time_spent) ON learning.course_completions TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT (quiz_id, user_id, attempt_number), UPDATE (completed_at, time_taken, score, max_score, percentage, passed, responses) ON learning.quiz_attempts TO unified_schema_definer;
--> statement-breakpoint
GRANT REFERENCES ON learning.users, learning.course_lessons TO unified_schema_definer;
--> statement-breakpoint
ALTER MATERIALIZED VIEW learning.course_statistics OWNER TO unified_schema_definer;
--> statement-breakpoint
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA extensions TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON wolo.users, wolo.partner_staff, wolo.donations, wolo.pots, wolo.feature_flags TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT (user_id, id_number, id_hash), UPDATE (id_number, id_hash) ON wolo.profiles TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON wolo.audit_logs TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION extensions.hmac(text, text, text), extensions.pgp_sym_encrypt(text, text), extensions.pgp_sym_decrypt(bytea, text) TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.qr_codes_issue_check()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_today date := (pg_catalog.now() AT TIME ZONE wolo.business_time_zone())::date;
  v_packs uuid[];
  v_pots uuid[];
  v_refusal record;
BEGIN
  -- The codes issued, as (pack, pot) pairs. An updated row whose id changed is matched to nothing: issued.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(n.pack_id), array_agg(n.pot_id) INTO v_packs, v_pots FROM new_rows n WHERE n.status <> 'cancelled';
  ELSE
    SELECT array_agg(n.pack_id), array_agg(n.pot_id) INTO v_packs, v_pots
      FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
     WHERE n.status <> 'cancelled'
       AND (o.id IS NULL OR o.status = 'cancelled' OR n.pack_id <> o.pack_id OR n.pot_id <> o.pot_id);
  END IF;
  IF v_packs IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM wolo.packs pk WHERE pk.id = ANY (v_packs) ORDER BY pk.id FOR NO KEY UPDATE;
  SELECT c.code, c.field, c.message INTO v_refusal
    FROM wolo.packs pk
    CROSS JOIN LATERAL (
      SELECT 1, NULL::uuid, 'UW028', 'is_active', format('pack %s is not active: no code can be issued for it', pk.id)
       WHERE NOT pk.is_active
      UNION ALL
      SELECT 2, NULL, 'UW028', 'available_from', format('pack %s is available from %s', pk.id, pk.available_from)
       WHERE v_today < pk.available_from
      UNION ALL
      SELECT 3, NULL, 'UW028', 'available_until', format('pack %s was available until %s', pk.id, pk.available_until)
       WHERE v_today > pk.available_until
      UNION ALL
      SELECT 4, NULL, 'UW027', 'total_available_quantity', format('pack %s: all %s units are issued', pk.id, pk.total_available_quantity)
       WHERE (SELECT count(*) FROM (SELECT 1 FROM wolo.qr_codes q WHERE q.pack_id = pk.id AND q.status <> 'cancelled'
                                    LIMIT coalesce(pk.total_available_quantity, 0) + 1) AS issued) > pk.total_available_quantity
      UNION ALL
      SELECT 5, h.owner, 'UW027', 'max_redemptions_per_user',
             format('user %s already holds %s code(s) of pack %s, its max_redemptions_per_user', h.owner, pk.max_redemptions_per_user, pk.id)
        FROM (SELECT DISTINCT p.owner_user_id AS owner
                FROM ROWS FROM (pg_catalog.unnest(v_packs), pg_catalog.unnest(v_pots)) AS i(pack_id, pot_id) JOIN wolo.pots p ON p.id = i.pot_id
               WHERE i.pack_id = pk.id) AS h
       WHERE (SELECT count(*) FROM (SELECT 1 FROM wolo.qr_codes q JOIN wolo.pots p ON p.id = q.pot_id
                                     WHERE q.pack_id = pk.id AND q.status <> 'cancelled' AND p.owner_user_id = h.owner
                                     LIMIT pk.max_redemptions_per_user + 1) AS held) > pk.max_redemptions_per_user
    ) AS c(rank, owner, code, field, message)
   WHERE pk.id = ANY (v_packs)
   ORDER BY pk.id, c.rank, c.owner
   LIMIT 1;
  IF FOUND THEN
    PERFORM wolo.refuse(v_refusal.code, v_refusal.field, 'packs', v_refusal.message);
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.qr_codes_issue_check() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.qr_codes_issue_check() IS 'Statement trigger on qr_codes: a code is issued only for an active pack within its availability dates and under its total and per-owner limits (UW028, UW027); the packs are locked in id order, so concurrent issuers count each other and never deadlock.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER qr_codes_issue_check_insert
AFTER INSERT ON wolo.qr_codes
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION wolo.qr_codes_issue_check();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER qr_codes_issue_check_update
AFTER UPDATE ON wolo.qr_codes
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION wolo.qr_codes_issue_check();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.resolve_subject(user_id uuid, email text, phone text)
RETURNS table(user_ids uuid[], emails text[], phones text[])
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_ids uuid[] := ARRAY[resolve_subject.user_id];
  v_emails text[] := ARRAY[pg_catalog.lower(nullif(resolve_subject.email, ''))];
  v_phones text[] := ARRAY[nullif(resolve_subject.phone, '')];
BEGIN
  v_ids := v_ids || ARRAY(SELECT t.id FROM public.unified_profiles t WHERE t.id = resolve_subject.user_id);
  IF NOT pg_catalog.has_column_privilege('anon', 'public.unified_profiles', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'public.unified_profiles', 'email', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM public.unified_profiles t WHERE pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'public.unified_profiles', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'public.unified_profiles', 'phone', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM public.unified_profiles t WHERE t.phone::text = resolve_subject.phone);
  END IF;
  v_ids := v_ids || ARRAY(SELECT t.id FROM learning.users t WHERE t.id = resolve_subject.user_id);
  IF NOT pg_catalog.has_column_privilege('anon', 'learning.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'learning.users', 'email', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM learning.users t WHERE pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'learning.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'learning.users', 'phone', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM learning.users t WHERE t.phone::text = resolve_subject.phone);
  END IF;
  v_ids := v_ids || ARRAY(SELECT t.id FROM wolo.users t WHERE t.id = resolve_subject.user_id);
  IF NOT pg_catalog.has_column_privilege('anon', 'wolo.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'wolo.users', 'email', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM wolo.users t WHERE pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'wolo.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'wolo.users', 'phone', 'INSERT, UPDATE') THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM wolo.users t WHERE t.phone::text = resolve_subject.phone);
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.users') IS NOT NULL AND pg_catalog.has_table_privilege('auth.users', 'SELECT') ELSE false END) THEN
    v_ids := v_ids || ARRAY(SELECT t.id FROM auth.users t WHERE t.id = resolve_subject.user_id);
    IF NOT pg_catalog.has_column_privilege('anon', 'auth.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'auth.users', 'email', 'INSERT, UPDATE') THEN
      v_ids := v_ids || ARRAY(SELECT t.id FROM auth.users t WHERE pg_catalog.lower(t.email) = pg_catalog.lower(resolve_subject.email));
    END IF;
    IF NOT pg_catalog.has_column_privilege('anon', 'auth.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'auth.users', 'phone', 'INSERT, UPDATE') THEN
      v_ids := v_ids || ARRAY(SELECT t.id FROM auth.users t WHERE t.phone::text = resolve_subject.phone);
    END IF;
  END IF;
  v_ids := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_ids) AS x WHERE x IS NOT NULL ORDER BY 1);
  IF NOT pg_catalog.has_column_privilege('anon', 'public.unified_profiles', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'public.unified_profiles', 'email', 'INSERT, UPDATE') THEN
    v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM public.unified_profiles t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'public.unified_profiles', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'public.unified_profiles', 'phone', 'INSERT, UPDATE') THEN
    v_phones := v_phones || ARRAY(SELECT t.phone::text FROM public.unified_profiles t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'learning.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'learning.users', 'email', 'INSERT, UPDATE') THEN
    v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM learning.users t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'learning.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'learning.users', 'phone', 'INSERT, UPDATE') THEN
    v_phones := v_phones || ARRAY(SELECT t.phone::text FROM learning.users t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'wolo.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'wolo.users', 'email', 'INSERT, UPDATE') THEN
    v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM wolo.users t WHERE t.id = ANY (v_ids));
  END IF;
  IF NOT pg_catalog.has_column_privilege('anon', 'wolo.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'wolo.users', 'phone', 'INSERT, UPDATE') THEN
    v_phones := v_phones || ARRAY(SELECT t.phone::text FROM wolo.users t WHERE t.id = ANY (v_ids));
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.users') IS NOT NULL AND pg_catalog.has_table_privilege('auth.users', 'SELECT') ELSE false END) THEN
    IF NOT pg_catalog.has_column_privilege('anon', 'auth.users', 'email', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'auth.users', 'email', 'INSERT, UPDATE') THEN
      v_emails := v_emails || ARRAY(SELECT pg_catalog.lower(t.email) FROM auth.users t WHERE t.id = ANY (v_ids));
    END IF;
    IF NOT pg_catalog.has_column_privilege('anon', 'auth.users', 'phone', 'INSERT, UPDATE') AND NOT pg_catalog.has_column_privilege('authenticated', 'auth.users', 'phone', 'INSERT, UPDATE') THEN
      v_phones := v_phones || ARRAY(SELECT t.phone::text FROM auth.users t WHERE t.id = ANY (v_ids));
    END IF;
  END IF;
  user_ids := v_ids;
  emails := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_emails) AS x WHERE x IS NOT NULL ORDER BY 1);
  phones := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(v_phones) AS x WHERE x IS NOT NULL ORDER BY 1);
  RETURN NEXT;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.resolve_subject(uuid, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.resolve_subject(uuid, text, text) TO unified_schema_definer;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.resolve_subject(uuid, text, text) IS 'The user ids, emails and phones of one person, from the user tables of every domain.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.export_subject(user_id uuid, email text, phone text)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_lookup text;
  v_user_ids uuid[];
  v_emails text[];
  v_phones text[];
  v_needles text[];
  v_refs jsonb := '{}'::jsonb;
  v_staged_ids uuid[];
  v_items jsonb := '[]'::jsonb;
  v_rows jsonb;
  v_counts jsonb;
BEGIN
  v_lookup := subjects.subject_lookup(export_subject.user_id, export_subject.email, export_subject.phone);
  SELECT r.user_ids, r.emails, r.phones INTO v_user_ids, v_emails, v_phones FROM subjects.resolve_subject(export_subject.user_id, export_subject.email, export_subject.phone) r;
  -- what a JSON or text column is searched for: every identifier of the person, lower-cased
  v_needles := ARRAY(SELECT DISTINCT pg_catalog.lower(x) FROM pg_catalog.unnest(v_emails || v_phones || v_user_ids::text[]) AS x
                     WHERE pg_catalog.length(x) >= 6);
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.customers', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.conversations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.pots', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.donations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.donations t WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones))));
  v_staged_ids := v_user_ids;
  IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') THEN
    EXECUTE 'SELECT coalesce(pg_catalog.array_agg(s.id), ''{}'') FROM ingest.users_staging s WHERE pg_catalog.lower(s.email) = ANY ($1)'
      INTO v_staged_ids USING v_emails;
    v_staged_ids := v_user_ids || v_staged_ids;
  END IF;
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.conversations', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) THEN 'reference:customer_id->crm.customers' END, CASE WHEN t.customer_phone::text = ANY (v_phones) THEN 'phone:customer_phone' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.messages', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.conversation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.conversations'))::uuid[]) THEN 'reference:conversation_id->crm.conversations' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END, CASE WHEN subjects.mentions(t.content::text, v_needles) THEN 'mention:content' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.messages t WHERE (t.conversation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.conversations'))::uuid[]) OR subjects.mentions(t.metadata::text, v_needles) OR subjects.mentions(t.content::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'crm', 'table', 'crm.customers', 'scope', t.brand_id::text, 'key', pg_catalog.jsonb_build_object('brand_id', t.brand_id, 'id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.admin_notifications', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END, CASE WHEN subjects.mentions(t.message::text, v_needles) THEN 'mention:message' END, CASE WHEN subjects.mentions(t.title::text, v_needles) THEN 'mention:title' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.admin_notifications t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.payload::text, v_needles) OR subjects.mentions(t.message::text, v_needles) OR subjects.mentions(t.title::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.profile_audit_log', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.profile_id = ANY (v_user_ids) THEN 'userId:profile_id' END, CASE WHEN subjects.mentions(t.old_values::text, v_needles) THEN 'mention:old_values' END, CASE WHEN subjects.mentions(t.new_values::text, v_needles) THEN 'mention:new_values' END, CASE WHEN t.actor_id = ANY (v_user_ids) THEN 'actor:actor_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.profile_audit_log t WHERE (t.profile_id = ANY (v_user_ids) OR subjects.mentions(t.old_values::text, v_needles) OR subjects.mentions(t.new_values::text, v_needles) OR t.actor_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.enrollments', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.enrollments t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.leads', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.leads t WHERE (pg_catalog.lower(t.email) = ANY (v_emails)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.affiliates', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.affiliates t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.unified_profiles', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END, CASE WHEN subjects.mentions(t.admin_metadata::text, v_needles) THEN 'mention:admin_metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.unified_profiles t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones) OR subjects.mentions(t.admin_metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.marketing_source_rollup_by_profile', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('profile_id', t.profile_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.profile_id = ANY (v_user_ids) THEN 'userId:profile_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.marketing_source_rollup_by_profile t WHERE (t.profile_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.monthly_enrollments_rollup_by_student', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('course_id', t.course_id, 'month', t.month, 'user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.monthly_enrollments_rollup_by_student t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.revenue_analysis_rollup_by_customer', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('month', t.month, 'product', t.product, 'currency', t.currency, 'customer', t.customer), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.customer) = ANY (v_emails) THEN 'email:customer' END, CASE WHEN t.customer = ANY (v_user_ids::text[]) THEN 'userId:customer' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.revenue_analysis_rollup_by_customer t WHERE (pg_catalog.lower(t.customer) = ANY (v_emails) OR t.customer = ANY (v_user_ids::text[])));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'unified', 'table', 'public.transactions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN pg_catalog.lower(t.contact_email) = ANY (v_emails) THEN 'email:contact_email' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM public.transactions t WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.contact_email) = ANY (v_emails) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.systemeio_raw', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN pg_catalog.lower(t.email_normalized) = ANY (v_emails) THEN 'email:email_normalized' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.systemeio_raw t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR pg_catalog.lower(t.email_normalized) = ANY (v_emails) OR t.phone::text = ANY (v_phones) OR subjects.mentions(t.payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.xendit_raw', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.payer_email) = ANY (v_emails) THEN 'email:payer_email' END, CASE WHEN pg_catalog.lower(t.email_normalized) = ANY (v_emails) THEN 'email:email_normalized' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END, CASE WHEN subjects.mentions(t.description::text, v_needles) THEN 'mention:description' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.xendit_raw t WHERE (pg_catalog.lower(t.payer_email) = ANY (v_emails) OR pg_catalog.lower(t.email_normalized) = ANY (v_emails) OR subjects.mentions(t.payload::text, v_needles) OR subjects.mentions(t.description::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.rejected_rows', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.rejected_rows t WHERE (subjects.mentions(t.payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.backups', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.details::text, v_needles) THEN 'mention:details' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.backups t WHERE (subjects.mentions(t.details::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.run_log', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.details::text, v_needles) THEN 'mention:details' END, CASE WHEN subjects.mentions(t.error::text, v_needles) THEN 'mention:error' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.run_log t WHERE (subjects.mentions(t.details::text, v_needles) OR subjects.mentions(t.error::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.validation_reports', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.report::text, v_needles) THEN 'mention:report' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.validation_reports t WHERE (subjects.mentions(t.report::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'ingest', 'table', 'ingest.xendit_transactions_raw', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM ingest.xendit_transactions_raw t WHERE (subjects.mentions(t.payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.lesson_activity_events', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id, 'occurred_at', t.occurred_at), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.payload::text, v_needles) THEN 'mention:payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.lesson_activity_events t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.quiz_attempts', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.quiz_attempts t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.course_purchases', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.course_purchases t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.payment_transactions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.payment_transactions t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.subscriptions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.subscriptions t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.courses', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.instructor_id = ANY (v_user_ids) THEN 'actor:instructor_id' END, CASE WHEN subjects.mentions(t.description::text, v_needles) THEN 'mention:description' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.courses t WHERE (t.instructor_id = ANY (v_user_ids) OR subjects.mentions(t.description::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.content_versions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.created_by = ANY (v_user_ids) THEN 'actor:created_by' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.content_versions t WHERE (t.created_by = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.media_files', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.media_files t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_bookmarks', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.notes::text, v_needles) THEN 'mention:notes' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_bookmarks t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.notes::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_notes', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.content::text, v_needles) THEN 'mention:content' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_notes t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.content::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_addresses', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_addresses t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_preferences', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_preferences t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_roles', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN t.assigned_by = ANY (v_user_ids) THEN 'actor:assigned_by' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_roles t WHERE (t.user_id = ANY (v_user_ids) OR t.assigned_by = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.users', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.users t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.course_completions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.course_completions t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.enrollments', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.enrollments t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.lesson_progress', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.lesson_progress t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'learning', 'table', 'learning.user_achievements', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM learning.user_achievements t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.admin_sessions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.admin_sessions t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.audit_logs', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.resource_id = ANY (v_user_ids) THEN 'userId:resource_id' END, CASE WHEN t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.pots'))::uuid[]) THEN 'reference:resource_id->wolo.pots' END, CASE WHEN t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[]) THEN 'reference:resource_id->wolo.donations' END, CASE WHEN subjects.mentions(t.old_values::text, v_needles) THEN 'mention:old_values' END, CASE WHEN subjects.mentions(t.new_values::text, v_needles) THEN 'mention:new_values' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END, CASE WHEN t.actor_user_id = ANY (v_user_ids) THEN 'actor:actor_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.audit_logs t WHERE (t.resource_id = ANY (v_user_ids) OR t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.pots'))::uuid[]) OR t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[]) OR subjects.mentions(t.old_values::text, v_needles) OR subjects.mentions(t.new_values::text, v_needles) OR subjects.mentions(t.metadata::text, v_needles) OR t.actor_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.feature_flags', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.created_by_user_id = ANY (v_user_ids) THEN 'actor:created_by_user_id' END, CASE WHEN t.last_modified_by_user_id = ANY (v_user_ids) THEN 'actor:last_modified_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.feature_flags t WHERE (t.created_by_user_id = ANY (v_user_ids) OR t.last_modified_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.system_config', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.last_modified_by_user_id = ANY (v_user_ids) THEN 'actor:last_modified_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.system_config t WHERE (t.last_modified_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.ab_test_assignments', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.ab_test_assignments t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.analytics_events', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN subjects.mentions(t.properties::text, v_needles) THEN 'mention:properties' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.analytics_events t WHERE (t.user_id = ANY (v_user_ids) OR subjects.mentions(t.properties::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.donations', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.donor_user_id = ANY (v_user_ids) THEN 'userId:donor_user_id' END, CASE WHEN t.donor_phone::text = ANY (v_phones) THEN 'phone:donor_phone' END, CASE WHEN subjects.mentions(t.wave_webhook_data::text, v_needles) THEN 'mention:wave_webhook_data' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.donations t WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones) OR subjects.mentions(t.wave_webhook_data::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.refunds', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.refunded_by_user_id = ANY (v_user_ids) THEN 'actor:refunded_by_user_id' END, CASE WHEN subjects.mentions(t.reason_description::text, v_needles) THEN 'mention:reason_description' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.refunds t WHERE (t.refunded_by_user_id = ANY (v_user_ids) OR subjects.mentions(t.reason_description::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.wave_webhook_events', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.donation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[]) THEN 'reference:donation_id->wolo.donations' END, CASE WHEN subjects.mentions(t.raw_payload::text, v_needles) THEN 'mention:raw_payload' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.wave_webhook_events t WHERE (t.donation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[]) OR subjects.mentions(t.raw_payload::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.password_reset_tokens', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.password_reset_tokens t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.user_sessions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.user_sessions t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.users', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.users t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.notification_preferences', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.notification_preferences t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.notifications', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) THEN 'email:recipient_identifier' END, CASE WHEN t.recipient_identifier::text = ANY (v_phones) THEN 'phone:recipient_identifier' END, CASE WHEN subjects.mentions(t.subject::text, v_needles) THEN 'mention:subject' END, CASE WHEN subjects.mentions(t.body::text, v_needles) THEN 'mention:body' END, CASE WHEN subjects.mentions(t.template_data::text, v_needles) THEN 'mention:template_data' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.notifications t WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones) OR subjects.mentions(t.subject::text, v_needles) OR subjects.mentions(t.body::text, v_needles) OR subjects.mentions(t.template_data::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.partner_staff', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('partner_id', t.partner_id, 'user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.partner_staff t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.partners', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.contact_email) = ANY (v_emails) THEN 'email:contact_email' END, CASE WHEN t.contact_phone::text = ANY (v_phones) THEN 'phone:contact_phone' END, CASE WHEN t.verified_by_user_id = ANY (v_user_ids) THEN 'actor:verified_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.partners t WHERE (pg_catalog.lower(t.contact_email) = ANY (v_emails) OR t.contact_phone::text = ANY (v_phones) OR t.verified_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.pot_invitations', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.invited_by_user_id = ANY (v_user_ids) THEN 'userId:invited_by_user_id' END, CASE WHEN pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) THEN 'email:recipient_identifier' END, CASE WHEN t.recipient_identifier::text = ANY (v_phones) THEN 'phone:recipient_identifier' END, CASE WHEN subjects.mentions(t.custom_message::text, v_needles) THEN 'mention:custom_message' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.pot_invitations t WHERE (t.invited_by_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones) OR subjects.mentions(t.custom_message::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.pots', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.owner_user_id = ANY (v_user_ids) THEN 'userId:owner_user_id' END, CASE WHEN subjects.mentions(t.title::text, v_needles) THEN 'mention:title' END, CASE WHEN subjects.mentions(t.description::text, v_needles) THEN 'mention:description' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids) OR subjects.mentions(t.title::text, v_needles) OR subjects.mentions(t.description::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.profiles', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('user_id', t.user_id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END, CASE WHEN t.guardian_user_id = ANY (v_user_ids) THEN 'actor:guardian_user_id' END, CASE WHEN t.id_verified_by = ANY (v_user_ids) THEN 'actor:id_verified_by' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.profiles t WHERE (t.user_id = ANY (v_user_ids) OR t.guardian_user_id = ANY (v_user_ids) OR t.id_verified_by = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.user_addresses', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY (v_user_ids) THEN 'userId:user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.user_addresses t WHERE (t.user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.partner_settlements', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.approved_by_user_id = ANY (v_user_ids) THEN 'actor:approved_by_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.partner_settlements t WHERE (t.approved_by_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.qr_redemption_logs', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.partner_user_id = ANY (v_user_ids) THEN 'actor:partner_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.qr_redemption_logs t WHERE (t.partner_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.points_conversions', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'actor:sponsor_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.points_conversions t WHERE (t.sponsor_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.points_ledger', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'actor:sponsor_user_id' END, CASE WHEN subjects.mentions(t.metadata::text, v_needles) THEN 'mention:metadata' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.points_ledger t WHERE (t.sponsor_user_id = ANY (v_user_ids) OR subjects.mentions(t.metadata::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.referrals', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsored_user_id = ANY (v_user_ids) THEN 'userId:sponsored_user_id' END, CASE WHEN pg_catalog.lower(t.invited_email) = ANY (v_emails) THEN 'email:invited_email' END, CASE WHEN t.invited_phone::text = ANY (v_phones) THEN 'phone:invited_phone' END, CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'actor:sponsor_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.referrals t WHERE (t.sponsored_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.invited_email) = ANY (v_emails) OR t.invited_phone::text = ANY (v_phones) OR t.sponsor_user_id = ANY (v_user_ids)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.sponsor_contact_batches', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'userId:sponsor_user_id' END, CASE WHEN subjects.mentions(t.contact_snapshot::text, v_needles) THEN 'mention:contact_snapshot' END, CASE WHEN subjects.mentions(t.manual_selections::text, v_needles) THEN 'mention:manual_selections' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.sponsor_contact_batches t WHERE (t.sponsor_user_id = ANY (v_user_ids) OR subjects.mentions(t.contact_snapshot::text, v_needles) OR subjects.mentions(t.manual_selections::text, v_needles)));
  v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'wolo', 'table', 'wolo.sponsor_daily_limits', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.sponsor_user_id = ANY (v_user_ids) THEN 'userId:sponsor_user_id' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM wolo.sponsor_daily_limits t WHERE (t.sponsor_user_id = ANY (v_user_ids)));
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.users') IS NOT NULL AND pg_catalog.has_table_privilege('auth.users', 'SELECT') ELSE false END) THEN
    v_items := v_items || (SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('domain', 'auth', 'table', 'auth.users', 'scope', NULL::text, 'key', pg_catalog.jsonb_build_object('id', t.id), 'found_by', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY (v_user_ids) THEN 'userId:id' END, CASE WHEN pg_catalog.lower(t.email) = ANY (v_emails) THEN 'email:email' END, CASE WHEN t.phone::text = ANY (v_phones) THEN 'phone:phone' END]::text[], NULL)), 'row', pg_catalog.to_jsonb(t))), '[]'::jsonb) FROM auth.users t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)));
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.identities') IS NOT NULL AND pg_catalog.has_table_privilege('auth.identities', 'SELECT') ELSE false END) THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.identities', 'userId:user_id', 'auth', 'identities', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.sessions') IS NOT NULL AND pg_catalog.has_table_privilege('auth.sessions', 'SELECT') ELSE false END) THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.sessions', 'userId:user_id', 'auth', 'sessions', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.refresh_tokens', 'SELECT') ELSE false END) THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.refresh_tokens', 'userId:user_id', 'auth', 'refresh_tokens', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL AND pg_catalog.has_table_privilege('auth.mfa_factors', 'SELECT') ELSE false END) THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.mfa_factors', 'userId:user_id', 'auth', 'mfa_factors', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.one_time_tokens', 'SELECT') ELSE false END) THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.one_time_tokens', 'userId:user_id', 'auth', 'one_time_tokens', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.flow_state') IS NOT NULL AND pg_catalog.has_table_privilege('auth.flow_state', 'SELECT') ELSE false END) THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE t.%I::text = ANY ($1)',
                   'auth', 'auth.flow_state', 'userId:user_id', 'auth', 'flow_state', 'user_id')
      INTO v_rows USING v_user_ids::text[];
    v_items := v_items || v_rows;
  END IF;
  IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.audit_log_entries') IS NOT NULL AND pg_catalog.has_table_privilege('auth.audit_log_entries', 'SELECT') ELSE false END) THEN
    EXECUTE format('SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', %L, ''table'', %L, ''scope'', NULL, ''key'', NULL, ''found_by'', pg_catalog.jsonb_build_array(%L), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM %I.%I t WHERE subjects.mentions(t.%I::text, $1)',
                   'auth', 'auth.audit_log_entries', 'mention:payload', 'auth', 'audit_log_entries', 'payload')
      INTO v_rows USING v_needles;
    v_items := v_items || v_rows;
  END IF;
  IF pg_catalog.to_regclass('ingest.enrollments_staging') IS NOT NULL THEN
    IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.enrollments_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.enrollments_staging', 'SELECT') ELSE false END) THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.enrollments_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY ($1) THEN ''userId:user_id'' END, CASE WHEN subjects.mentions(t.metadata::text, $4) THEN ''mention:metadata'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.enrollments_staging t WHERE (t.user_id = ANY ($1) OR subjects.mentions(t.metadata::text, $4))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  IF pg_catalog.to_regclass('ingest.leads_staging') IS NOT NULL THEN
    IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.leads_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.leads_staging', 'SELECT') ELSE false END) THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.leads_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN pg_catalog.lower(t.email) = ANY ($2) THEN ''email:email'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.leads_staging t WHERE (pg_catalog.lower(t.email) = ANY ($2))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  IF pg_catalog.to_regclass('ingest.unified_profiles_staging') IS NOT NULL THEN
    IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.unified_profiles_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.unified_profiles_staging', 'SELECT') ELSE false END) THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.unified_profiles_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY ($1) THEN ''userId:id'' END, CASE WHEN pg_catalog.lower(t.email) = ANY ($2) THEN ''email:email'' END, CASE WHEN t.phone::text = ANY ($3) THEN ''phone:phone'' END, CASE WHEN subjects.mentions(t.admin_metadata::text, $4) THEN ''mention:admin_metadata'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.unified_profiles_staging t WHERE (t.id = ANY ($1) OR pg_catalog.lower(t.email) = ANY ($2) OR t.phone::text = ANY ($3) OR subjects.mentions(t.admin_metadata::text, $4))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  IF pg_catalog.to_regclass('ingest.transactions_staging') IS NOT NULL THEN
    IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.transactions_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.transactions_staging', 'SELECT') ELSE false END) THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.transactions_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.user_id = ANY ($1) THEN ''userId:user_id'' END, CASE WHEN pg_catalog.lower(t.contact_email) = ANY ($2) THEN ''email:contact_email'' END, CASE WHEN subjects.mentions(t.metadata::text, $4) THEN ''mention:metadata'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.transactions_staging t WHERE (t.user_id = ANY ($1) OR pg_catalog.lower(t.contact_email) = ANY ($2) OR subjects.mentions(t.metadata::text, $4))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL THEN
    IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') ELSE false END) THEN
      EXECUTE 'SELECT coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''domain'', ''ingest'', ''table'', ''ingest.users_staging'', ''scope'', NULL::text, ''key'', pg_catalog.jsonb_build_object(''id'', t.id), ''found_by'', pg_catalog.to_jsonb(pg_catalog.array_remove(ARRAY[CASE WHEN t.id = ANY ($1) THEN ''userId:id'' END, CASE WHEN pg_catalog.lower(t.email) = ANY ($2) THEN ''email:email'' END]::text[], NULL)), ''row'', pg_catalog.to_jsonb(t))), ''[]''::jsonb) FROM ingest.users_staging t WHERE (t.id = ANY ($1) OR pg_catalog.lower(t.email) = ANY ($2))' INTO v_rows USING v_staged_ids, v_emails, v_phones, v_needles;
      v_items := v_items || v_rows;
    END IF;
  END IF;
  SELECT coalesce(pg_catalog.jsonb_object_agg(c.tb, pg_catalog.jsonb_build_object('rows', c.n)), '{}'::jsonb) INTO v_counts
    FROM (SELECT x ->> 'table' AS tb, count(*) AS n FROM pg_catalog.jsonb_array_elements(v_items) AS x GROUP BY 1) c;
  PERFORM subjects.record_run('export', v_lookup, false, v_counts, pg_catalog.jsonb_array_length(v_items));
  RETURN subjects.export_document(v_items)
    || pg_catalog.jsonb_build_object('subject', pg_catalog.jsonb_build_object('user_ids', pg_catalog.to_jsonb(v_user_ids), 'emails', pg_catalog.to_jsonb(v_emails), 'phones', pg_catalog.to_jsonb(v_phones)));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.export_subject(uuid, text, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.export_subject(uuid, text, text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.export_subject(uuid, text, text) IS 'Everything held about one person in every domain, as one JSON document (grouped by domain and table, crm per brand). service_role only; recorded in subjects.runs.';
--> statement-breakpoint
ALTER FUNCTION subjects.export_subject(uuid, text, text) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION subjects.erase_subject(user_id uuid, email text, phone text, dry_run boolean)
RETURNS jsonb
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_lookup text;
  v_user_ids uuid[];
  v_emails text[];
  v_phones text[];
  v_needles text[];
  v_refs jsonb := '{}'::jsonb;
  v_staged_ids uuid[];
  v_report jsonb := '{}'::jsonb;
  v_backups jsonb;
  v_total bigint := 0;
  v_ids uuid[];
  n bigint;
  n_rows bigint;
  n_redacted bigint;
  n_cleared bigint;
  n_kept bigint;
BEGIN
  -- the raw ingest tables' lock, shared, before any other: the erasure deletes raw rows (whose trigger
  -- takes it anyway), and taken later, with production rows already locked, it could wait for a prepare
  -- that waits for those rows' tables (its foreign keys to them), a deadlock (docs/ingest.md)
  PERFORM pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext('ingest.raw'));
  v_lookup := subjects.subject_lookup(erase_subject.user_id, erase_subject.email, erase_subject.phone);
  SELECT r.user_ids, r.emails, r.phones INTO v_user_ids, v_emails, v_phones FROM subjects.resolve_subject(erase_subject.user_id, erase_subject.email, erase_subject.phone) r;
  -- what a JSON or text column is searched for: every identifier of the person, lower-cased
  v_needles := ARRAY(SELECT DISTINCT pg_catalog.lower(x) FROM pg_catalog.unnest(v_emails || v_phones || v_user_ids::text[]) AS x
                     WHERE pg_catalog.length(x) >= 6);
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.customers', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('crm.conversations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.pots', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.pots t WHERE (t.owner_user_id = ANY (v_user_ids))));
  v_refs := v_refs || pg_catalog.jsonb_build_object('wolo.donations', (SELECT coalesce(pg_catalog.jsonb_agg(t.id), '[]'::jsonb) FROM wolo.donations t WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones))));
  v_staged_ids := v_user_ids;
  IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') THEN
    EXECUTE 'SELECT coalesce(pg_catalog.array_agg(s.id), ''{}'') FROM ingest.users_staging s WHERE pg_catalog.lower(s.email) = ANY ($1)'
      INTO v_staged_ids USING v_emails;
    v_staged_ids := v_user_ids || v_staged_ids;
  END IF;
  BEGIN
    -- the staged copies first: a cutover locks the staging tables before production's, and so does this
    -- ingest.enrollments_staging (staged)
    IF pg_catalog.to_regclass('ingest.enrollments_staging') IS NOT NULL THEN
      IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.enrollments_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.enrollments_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.enrollments_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.enrollments_staging', 'DELETE') ELSE false END) THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'DELETE FROM ingest.enrollments_staging t WHERE (t.user_id = ANY ($1))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        EXECUTE 'UPDATE ingest.enrollments_staging t SET metadata = subjects.redact(t.metadata::text, $4)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, $4))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_redacted := n_redacted + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.enrollments_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.enrollments_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- ingest.leads_staging (staged)
    IF pg_catalog.to_regclass('ingest.leads_staging') IS NOT NULL THEN
      IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.leads_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.leads_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.leads_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.leads_staging', 'DELETE') ELSE false END) THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'DELETE FROM ingest.leads_staging t WHERE (pg_catalog.lower(t.email) = ANY ($2))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.leads_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.leads_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- ingest.unified_profiles_staging (staged)
    IF pg_catalog.to_regclass('ingest.unified_profiles_staging') IS NOT NULL THEN
      IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.unified_profiles_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.unified_profiles_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.unified_profiles_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.unified_profiles_staging', 'DELETE') ELSE false END) THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'DELETE FROM ingest.unified_profiles_staging t WHERE (t.id = ANY ($1) OR pg_catalog.lower(t.email) = ANY ($2) OR t.phone::text = ANY ($3))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        EXECUTE 'UPDATE ingest.unified_profiles_staging t SET admin_metadata = subjects.redact(t.admin_metadata::text, $4)::jsonb WHERE true AND (subjects.mentions(t.admin_metadata::text, $4))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_redacted := n_redacted + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.unified_profiles_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.unified_profiles_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- ingest.transactions_staging (staged)
    IF pg_catalog.to_regclass('ingest.transactions_staging') IS NOT NULL THEN
      IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.transactions_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.transactions_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.transactions_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.transactions_staging', 'DELETE') ELSE false END) THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'UPDATE ingest.transactions_staging t SET user_id = NULL, contact_email = NULL, metadata = subjects.redact(t.metadata::text, $4)::jsonb WHERE (t.user_id = ANY ($1) OR pg_catalog.lower(t.contact_email) = ANY ($2)) AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL OR subjects.mentions(t.metadata::text, $4))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        EXECUTE 'UPDATE ingest.transactions_staging t SET metadata = subjects.redact(t.metadata::text, $4)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, $4))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_redacted := n_redacted + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.transactions_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.transactions_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'retain', 'period', '7 years', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- ingest.users_staging (staged)
    IF pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL THEN
      IF (CASE WHEN pg_catalog.has_schema_privilege('ingest', 'USAGE') THEN pg_catalog.to_regclass('ingest.users_staging') IS NOT NULL AND pg_catalog.has_table_privilege('ingest.users_staging', 'SELECT') AND pg_catalog.has_table_privilege('ingest.users_staging', 'UPDATE') AND pg_catalog.has_table_privilege('ingest.users_staging', 'DELETE') ELSE false END) THEN
        n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
        EXECUTE 'DELETE FROM ingest.users_staging t WHERE (t.id = ANY ($1) OR pg_catalog.lower(t.email) = ANY ($2))' USING v_staged_ids, v_emails, v_phones, v_needles;
        GET DIAGNOSTICS n = ROW_COUNT;
        n_rows := n_rows + n;
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.users_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
        v_total := v_total + n_rows + n_redacted + n_cleared;
      ELSE
        v_report := v_report || pg_catalog.jsonb_build_object('ingest.users_staging', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
      END IF;
    END IF;
    -- crm.messages
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM crm.messages t WHERE (t.conversation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.conversations'))::uuid[]));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE crm.messages t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE crm.messages t SET content = subjects.redact(t.content::text, v_needles)::text WHERE true AND (subjects.mentions(t.content::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('crm.messages', pg_catalog.jsonb_build_object('domain', 'crm', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- crm.conversations
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM crm.conversations t WHERE (t.customer_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'crm.customers'))::uuid[]) OR t.customer_phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE crm.conversations t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('crm.conversations', pg_catalog.jsonb_build_object('domain', 'crm', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- crm.customers
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM crm.customers t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE crm.customers t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('crm.customers', pg_catalog.jsonb_build_object('domain', 'crm', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.enrollments
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.enrollments t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.enrollments t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.enrollments', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.leads
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.leads t WHERE (pg_catalog.lower(t.email) = ANY (v_emails));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.leads', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.affiliates
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.affiliates t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.affiliates', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.unified_profiles
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.unified_profiles t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.unified_profiles t SET admin_metadata = subjects.redact(t.admin_metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.admin_metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.unified_profiles', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.transactions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE public.transactions t SET user_id = NULL, contact_email = NULL, metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.contact_email) = ANY (v_emails)) AND (t.user_id IS NOT NULL OR t.contact_email IS NOT NULL OR subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.transactions t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.transactions', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.systemeio_raw
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM ingest.systemeio_raw t WHERE (pg_catalog.lower(t.email) = ANY (v_emails) OR pg_catalog.lower(t.email_normalized) = ANY (v_emails) OR t.phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE ingest.systemeio_raw t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.systemeio_raw', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.xendit_raw
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM ingest.xendit_raw t WHERE (pg_catalog.lower(t.payer_email) = ANY (v_emails) OR pg_catalog.lower(t.email_normalized) = ANY (v_emails));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE ingest.xendit_raw t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE ingest.xendit_raw t SET description = subjects.redact(t.description::text, v_needles)::text WHERE true AND (subjects.mentions(t.description::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.xendit_raw', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.rejected_rows
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.rejected_rows t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.rejected_rows', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.backups
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.backups t SET details = subjects.redact(t.details::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.details::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.backups', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.run_log
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.run_log t SET details = subjects.redact(t.details::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.details::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE ingest.run_log t SET error = subjects.redact(t.error::text, v_needles)::text WHERE true AND (subjects.mentions(t.error::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.run_log', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.validation_reports
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.validation_reports t SET report = subjects.redact(t.report::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.report::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.validation_reports', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- ingest.xendit_transactions_raw
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE ingest.xendit_transactions_raw t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('ingest.xendit_transactions_raw', pg_catalog.jsonb_build_object('domain', 'ingest', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.lesson_activity_events
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.lesson_activity_events t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.lesson_activity_events t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.lesson_activity_events', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.quiz_attempts
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.quiz_attempts t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.quiz_attempts', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.course_purchases
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.course_purchases t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.course_purchases', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.payment_transactions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE learning.payment_transactions t SET user_id = NULL, metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE (t.user_id = ANY (v_user_ids)) AND (t.user_id IS NOT NULL OR subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.payment_transactions t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.payment_transactions', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.subscriptions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.subscriptions t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.subscriptions', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.courses
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE learning.courses t SET description = subjects.redact(t.description::text, v_needles)::text WHERE true AND (subjects.mentions(t.description::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    SELECT count(*) INTO n FROM learning.courses t WHERE t.instructor_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.courses', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.content_versions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE learning.content_versions t SET created_by = NULL WHERE t.created_by = ANY (v_user_ids) AND (t.created_by IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.content_versions', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.media_files
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.media_files t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.media_files', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_bookmarks
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_bookmarks t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.user_bookmarks t SET notes = subjects.redact(t.notes::text, v_needles)::text WHERE true AND (subjects.mentions(t.notes::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_bookmarks', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_notes
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_notes t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.user_notes t SET content = subjects.redact(t.content::text, v_needles)::text WHERE true AND (subjects.mentions(t.content::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_notes', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_addresses
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_addresses t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_addresses', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_preferences
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_preferences t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_preferences', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_roles
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_roles t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.user_roles t SET assigned_by = NULL WHERE t.assigned_by = ANY (v_user_ids) AND (t.assigned_by IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_roles', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.users
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.users t WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.users', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.course_completions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.course_completions t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.course_completions', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.enrollments
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.enrollments t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.enrollments', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.lesson_progress
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.lesson_progress t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.lesson_progress', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- learning.user_achievements
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM learning.user_achievements t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE learning.user_achievements t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('learning.user_achievements', pg_catalog.jsonb_build_object('domain', 'learning', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.admin_sessions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.admin_sessions t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.admin_sessions', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.feature_flags
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.feature_flags t SET created_by_user_id = NULL WHERE t.created_by_user_id = ANY (v_user_ids) AND (t.created_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    UPDATE wolo.feature_flags t SET last_modified_by_user_id = NULL WHERE t.last_modified_by_user_id = ANY (v_user_ids) AND (t.last_modified_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.feature_flags', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.system_config
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.system_config t SET last_modified_by_user_id = NULL WHERE t.last_modified_by_user_id = ANY (v_user_ids) AND (t.last_modified_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.system_config', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.ab_test_assignments
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.ab_test_assignments t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.ab_test_assignments', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.analytics_events
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.analytics_events t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.analytics_events t SET properties = subjects.redact(t.properties::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.properties::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.analytics_events', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.wave_webhook_events
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.wave_webhook_events t SET raw_payload = subjects.redact(t.raw_payload::text, v_needles)::jsonb WHERE (t.donation_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[])) AND (subjects.mentions(t.raw_payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.wave_webhook_events t SET raw_payload = subjects.redact(t.raw_payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.raw_payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.wave_webhook_events', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.donations
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.donations t SET donor_user_id = NULL, donor_name = NULL, donor_phone = NULL, donation_message = NULL, ip_address = NULL, user_agent = NULL, wave_webhook_data = subjects.redact(t.wave_webhook_data::text, v_needles)::jsonb WHERE (t.donor_user_id = ANY (v_user_ids) OR t.donor_phone::text = ANY (v_phones)) AND (t.donor_user_id IS NOT NULL OR t.donor_name IS NOT NULL OR t.donor_phone IS NOT NULL OR t.donation_message IS NOT NULL OR t.ip_address IS NOT NULL OR t.user_agent IS NOT NULL OR subjects.mentions(t.wave_webhook_data::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.donations t SET wave_webhook_data = subjects.redact(t.wave_webhook_data::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.wave_webhook_data::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.donations', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'retain', 'period', '7 years', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.refunds
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.refunds t SET reason_description = subjects.redact(t.reason_description::text, v_needles)::text WHERE true AND (subjects.mentions(t.reason_description::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    SELECT count(*) INTO n FROM wolo.refunds t WHERE t.refunded_by_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.refunds', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.password_reset_tokens
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.password_reset_tokens t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.password_reset_tokens', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.user_sessions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.user_sessions t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.user_sessions', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.users
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.users t SET phone = NULL, email = ('forgotten-' || t.id::text || '@wolo.invalid'), is_active = false, last_login_at = NULL WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)) AND (t.phone IS NOT NULL OR t.email IS DISTINCT FROM ('forgotten-' || t.id::text || '@wolo.invalid') OR t.is_active IS DISTINCT FROM false OR t.last_login_at IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.users', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.notification_preferences
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.notification_preferences t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.notification_preferences', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.notifications
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.notifications t WHERE (t.user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.notifications t SET subject = subjects.redact(t.subject::text, v_needles)::varchar(500) WHERE true AND (subjects.mentions(t.subject::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.notifications t SET body = subjects.redact(t.body::text, v_needles)::text WHERE true AND (subjects.mentions(t.body::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.notifications t SET template_data = subjects.redact(t.template_data::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.template_data::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.notifications', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.partner_staff
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.partner_staff t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.partner_staff', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.partners
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.partners t SET contact_name = NULL, contact_email = NULL, contact_phone = NULL WHERE (pg_catalog.lower(t.contact_email) = ANY (v_emails) OR t.contact_phone::text = ANY (v_phones)) AND (t.contact_name IS NOT NULL OR t.contact_email IS NOT NULL OR t.contact_phone IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.partners t SET verified_by_user_id = NULL WHERE t.verified_by_user_id = ANY (v_user_ids) AND (t.verified_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.partners', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.pot_invitations
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.pot_invitations t WHERE (t.invited_by_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.recipient_identifier) = ANY (v_emails) OR t.recipient_identifier::text = ANY (v_phones));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.pot_invitations t SET custom_message = subjects.redact(t.custom_message::text, v_needles)::text WHERE true AND (subjects.mentions(t.custom_message::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.pot_invitations', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.pots
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.pots t SET title = '[forgotten]', description = NULL, cover_image_url = NULL, gallery_images = NULL WHERE (t.owner_user_id = ANY (v_user_ids)) AND (t.title IS DISTINCT FROM '[forgotten]' OR t.description IS NOT NULL OR t.cover_image_url IS NOT NULL OR t.gallery_images IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.pots t SET title = subjects.redact(t.title::text, v_needles)::varchar(255) WHERE true AND (subjects.mentions(t.title::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.pots t SET description = subjects.redact(t.description::text, v_needles)::text WHERE true AND (subjects.mentions(t.description::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.pots', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.profiles
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.profiles t SET full_name = '[forgotten]', date_of_birth = '1900-01-01', avatar_url = NULL, bio = NULL, id_number = NULL, id_type = NULL, id_country = NULL, id_hash = NULL, id_media_url = NULL WHERE (t.user_id = ANY (v_user_ids)) AND (t.full_name IS DISTINCT FROM '[forgotten]' OR t.date_of_birth IS DISTINCT FROM '1900-01-01' OR t.avatar_url IS NOT NULL OR t.bio IS NOT NULL OR t.id_number IS NOT NULL OR t.id_type IS NOT NULL OR t.id_country IS NOT NULL OR t.id_hash IS NOT NULL OR t.id_media_url IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    SELECT count(*) INTO n FROM wolo.profiles t WHERE t.guardian_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    UPDATE wolo.profiles t SET id_verified_by = NULL WHERE t.id_verified_by = ANY (v_user_ids) AND (t.id_verified_by IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.profiles', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.user_addresses
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.user_addresses t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.user_addresses', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.partner_settlements
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.partner_settlements t SET approved_by_user_id = NULL WHERE t.approved_by_user_id = ANY (v_user_ids) AND (t.approved_by_user_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.partner_settlements', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.qr_redemption_logs
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.qr_redemption_logs t SET partner_user_id = NULL, ip_address = NULL, user_agent = NULL WHERE t.partner_user_id = ANY (v_user_ids) AND (t.partner_user_id IS NOT NULL OR t.ip_address IS NOT NULL OR t.user_agent IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.qr_redemption_logs', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.points_conversions
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    SELECT count(*) INTO n FROM wolo.points_conversions t WHERE t.sponsor_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.points_conversions', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.points_ledger
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.points_ledger t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    SELECT count(*) INTO n FROM wolo.points_ledger t WHERE t.sponsor_user_id = ANY (v_user_ids);
    n_kept := n_kept + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.points_ledger', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.referrals
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.referrals t SET invited_phone = NULL, invited_email = ('forgotten-' || t.id::text || '@wolo.invalid'), invited_name = NULL, invitation_message = NULL WHERE (t.sponsored_user_id = ANY (v_user_ids) OR pg_catalog.lower(t.invited_email) = ANY (v_emails) OR t.invited_phone::text = ANY (v_phones)) AND (t.invited_phone IS NOT NULL OR t.invited_email IS DISTINCT FROM ('forgotten-' || t.id::text || '@wolo.invalid') OR t.invited_name IS NOT NULL OR t.invitation_message IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.referrals t SET invited_phone = NULL, invited_email = ('forgotten-' || t.id::text || '@wolo.invalid'), invited_name = NULL, invitation_message = NULL WHERE t.sponsor_user_id = ANY (v_user_ids) AND (t.invited_phone IS NOT NULL OR t.invited_email IS DISTINCT FROM ('forgotten-' || t.id::text || '@wolo.invalid') OR t.invited_name IS NOT NULL OR t.invitation_message IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.referrals', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.sponsor_contact_batches
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.sponsor_contact_batches t WHERE (t.sponsor_user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.sponsor_contact_batches t SET contact_snapshot = subjects.redact(t.contact_snapshot::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.contact_snapshot::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.sponsor_contact_batches t SET manual_selections = subjects.redact(t.manual_selections::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.manual_selections::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.sponsor_contact_batches', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.sponsor_daily_limits
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM wolo.sponsor_daily_limits t WHERE (t.sponsor_user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.sponsor_daily_limits', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.admin_notifications
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.admin_notifications t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.admin_notifications t SET payload = subjects.redact(t.payload::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.payload::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE public.admin_notifications t SET message = subjects.redact(t.message::text, v_needles)::text WHERE true AND (subjects.mentions(t.message::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE public.admin_notifications t SET title = subjects.redact(t.title::text, v_needles)::text WHERE true AND (subjects.mentions(t.title::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.admin_notifications', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.profile_audit_log
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.profile_audit_log t WHERE (t.profile_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE public.profile_audit_log t SET old_values = subjects.redact(t.old_values::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.old_values::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE public.profile_audit_log t SET new_values = subjects.redact(t.new_values::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.new_values::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE public.profile_audit_log t SET actor_id = NULL WHERE t.actor_id = ANY (v_user_ids) AND (t.actor_id IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.profile_audit_log', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.marketing_source_rollup_by_profile
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.marketing_source_rollup_by_profile t WHERE (t.profile_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.marketing_source_rollup_by_profile', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.monthly_enrollments_rollup_by_student
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.monthly_enrollments_rollup_by_student t WHERE (t.user_id = ANY (v_user_ids));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.monthly_enrollments_rollup_by_student', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- public.revenue_analysis_rollup_by_customer
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    DELETE FROM public.revenue_analysis_rollup_by_customer t WHERE (pg_catalog.lower(t.customer) = ANY (v_emails) OR t.customer = ANY (v_user_ids::text[]));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    v_report := v_report || pg_catalog.jsonb_build_object('public.revenue_analysis_rollup_by_customer', pg_catalog.jsonb_build_object('domain', 'unified', 'action', 'delete', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- wolo.audit_logs
    n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
    UPDATE wolo.audit_logs t SET old_values = NULL, new_values = NULL, metadata = NULL WHERE (t.resource_id = ANY (v_user_ids) OR t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.pots'))::uuid[]) OR t.resource_id = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text(v_refs -> 'wolo.donations'))::uuid[])) AND (t.old_values IS NOT NULL OR t.new_values IS NOT NULL OR t.metadata IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_rows := n_rows + n;
    UPDATE wolo.audit_logs t SET old_values = subjects.redact(t.old_values::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.old_values::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.audit_logs t SET new_values = subjects.redact(t.new_values::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.new_values::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.audit_logs t SET metadata = subjects.redact(t.metadata::text, v_needles)::jsonb WHERE true AND (subjects.mentions(t.metadata::text, v_needles));
    GET DIAGNOSTICS n = ROW_COUNT;
    n_redacted := n_redacted + n;
    UPDATE wolo.audit_logs t SET actor_user_id = NULL, actor_ip = NULL, user_agent = NULL WHERE t.actor_user_id = ANY (v_user_ids) AND (t.actor_user_id IS NOT NULL OR t.actor_ip IS NOT NULL OR t.user_agent IS NOT NULL);
    GET DIAGNOSTICS n = ROW_COUNT;
    n_cleared := n_cleared + n;
    v_report := v_report || pg_catalog.jsonb_build_object('wolo.audit_logs', pg_catalog.jsonb_build_object('domain', 'wolo', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
    v_total := v_total + n_rows + n_redacted + n_cleared;
    -- auth.users
    IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.users') IS NOT NULL AND pg_catalog.has_table_privilege('auth.users', 'SELECT') AND pg_catalog.has_table_privilege('auth.users', 'UPDATE') AND pg_catalog.has_table_privilege('auth.users', 'DELETE') ELSE false END) THEN
      n_rows := 0; n_redacted := 0; n_cleared := 0; n_kept := 0;
      WITH u AS (UPDATE auth.users t SET email = NULL, phone = NULL WHERE (t.id = ANY (v_user_ids) OR pg_catalog.lower(t.email) = ANY (v_emails) OR t.phone::text = ANY (v_phones)) AND (t.email IS NOT NULL OR t.phone IS NOT NULL) RETURNING t.id)
      SELECT coalesce(pg_catalog.array_agg(u.id), '{}') INTO v_ids FROM u;
      n := pg_catalog.cardinality(v_ids);
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'raw_user_meta_data' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = ''{}''::jsonb WHERE t.%I = ANY ($1)', 'auth', 'users', 'raw_user_meta_data', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'raw_app_meta_data' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = ''{}''::jsonb WHERE t.%I = ANY ($1)', 'auth', 'users', 'raw_app_meta_data', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'encrypted_password' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'encrypted_password', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'confirmation_token' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'confirmation_token', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'recovery_token' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'recovery_token', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'email_change' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'email_change', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'email_change_token_new' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'email_change_token_new', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'email_change_token_current' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'email_change_token_current', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'phone_change' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'phone_change', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'phone_change_token' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'phone_change_token', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'reauthentication_token' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = '''' WHERE t.%I = ANY ($1)', 'auth', 'users', 'reauthentication_token', 'id') USING v_ids;
      END IF;
      IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'auth.users'::regclass AND a.attname = 'banned_until' AND NOT a.attisdropped) THEN
        EXECUTE format('UPDATE %I.%I t SET %I = ''infinity''::timestamptz WHERE t.%I = ANY ($1)', 'auth', 'users', 'banned_until', 'id') USING v_ids;
      END IF;
      n_rows := n_rows + n;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.users', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'anonymise', 'rows', n_rows, 'redacted', n_redacted, 'cleared', n_cleared, 'kept', n_kept));
      v_total := v_total + n_rows + n_redacted + n_cleared;
    ELSE
      v_report := v_report || pg_catalog.jsonb_build_object('auth.users', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'anonymise', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.identities') IS NOT NULL AND pg_catalog.has_table_privilege('auth.identities', 'SELECT') AND pg_catalog.has_table_privilege('auth.identities', 'DELETE') ELSE false END) THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'identities', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.identities', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.identities') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.identities', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.sessions') IS NOT NULL AND pg_catalog.has_table_privilege('auth.sessions', 'SELECT') AND pg_catalog.has_table_privilege('auth.sessions', 'DELETE') ELSE false END) THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'sessions', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.sessions', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.sessions') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.sessions', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.refresh_tokens', 'SELECT') AND pg_catalog.has_table_privilege('auth.refresh_tokens', 'DELETE') ELSE false END) THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'refresh_tokens', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.refresh_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.refresh_tokens') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.refresh_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL AND pg_catalog.has_table_privilege('auth.mfa_factors', 'SELECT') AND pg_catalog.has_table_privilege('auth.mfa_factors', 'DELETE') ELSE false END) THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'mfa_factors', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.mfa_factors', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.mfa_factors') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.mfa_factors', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL AND pg_catalog.has_table_privilege('auth.one_time_tokens', 'SELECT') AND pg_catalog.has_table_privilege('auth.one_time_tokens', 'DELETE') ELSE false END) THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'one_time_tokens', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.one_time_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.one_time_tokens') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.one_time_tokens', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.flow_state') IS NOT NULL AND pg_catalog.has_table_privilege('auth.flow_state', 'SELECT') AND pg_catalog.has_table_privilege('auth.flow_state', 'DELETE') ELSE false END) THEN
      EXECUTE format('DELETE FROM %I.%I t WHERE t.%I::text = ANY ($1)', 'auth', 'flow_state', 'user_id') USING v_user_ids::text[];
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.flow_state', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', n, 'redacted', 0, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.flow_state') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.flow_state', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'delete', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF (CASE WHEN pg_catalog.has_schema_privilege('auth', 'USAGE') THEN pg_catalog.to_regclass('auth.audit_log_entries') IS NOT NULL AND pg_catalog.has_table_privilege('auth.audit_log_entries', 'SELECT') AND pg_catalog.has_table_privilege('auth.audit_log_entries', 'UPDATE') ELSE false END) THEN
      EXECUTE format('UPDATE %I.%I t SET %I = subjects.redact(t.%I::text, $1)::%s WHERE subjects.mentions(t.%I::text, $1)', 'auth', 'audit_log_entries', 'payload', 'payload', (SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a WHERE a.attrelid = pg_catalog.to_regclass('auth.audit_log_entries') AND a.attname = 'payload' AND NOT a.attisdropped), 'payload') USING v_needles;
      GET DIAGNOSTICS n = ROW_COUNT;
      v_report := v_report || pg_catalog.jsonb_build_object('auth.audit_log_entries', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'redact', 'rows', 0, 'redacted', n, 'cleared', 0, 'kept', 0));
      v_total := v_total + n;
    ELSIF pg_catalog.to_regclass('auth.audit_log_entries') IS NOT NULL THEN
      v_report := v_report || pg_catalog.jsonb_build_object('auth.audit_log_entries', pg_catalog.jsonb_build_object('domain', 'auth', 'action', 'redact', 'rows', 0, 'redacted', 0, 'cleared', 0, 'kept', 0, 'skipped', 'no privilege'));
    END IF;
    IF coalesce(erase_subject.dry_run, false) THEN
      RAISE EXCEPTION 'dry run: rolled back' USING ERRCODE = 'US900';
    END IF;
  EXCEPTION WHEN SQLSTATE 'US900' THEN
    NULL;
  END;
  PERFORM subjects.record_run('erase', v_lookup, coalesce(erase_subject.dry_run, false), v_report, v_total);
  -- cutover backups are frozen copies of production from before a cutover: not rewritten (docs/subjects.md)
  SELECT coalesce(pg_catalog.jsonb_agg(b.id ORDER BY b.id), '[]'::jsonb) INTO v_backups FROM ingest.backups b WHERE b.status = 'active';
  RETURN pg_catalog.jsonb_build_object('dry_run', coalesce(erase_subject.dry_run, false), 'found', v_total > 0 OR pg_catalog.cardinality(v_user_ids) > 0,
                                       'total_rows', v_total, 'tables', v_report, 'active_backups', v_backups);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION subjects.erase_subject(uuid, text, text, boolean) IS 'Erases one person in every domain by each table''s registry rule (delete, anonymise, retain detached); dry_run rolls back and reports the same. service_role only; recorded in subjects.runs.';
--> statement-breakpoint
ALTER FUNCTION subjects.erase_subject(uuid, text, text, boolean) OWNER TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA crm, public, ingest, learning, wolo, subjects TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, UPDATE, DELETE ON crm.conversations, crm.messages, crm.customers, public.admin_notifications, public.profile_audit_log, public.enrollments, public.leads, public.affiliates, public.unified_profiles, public.marketing_source_rollup_by_profile, public.monthly_enrollments_rollup_by_student, public.revenue_analysis_rollup_by_customer, public.transactions, learning.lesson_activity_events, learning.quiz_attempts, learning.course_purchases, learning.payment_transactions, learning.subscriptions, learning.courses, learning.content_versions, learning.media_files, learning.user_bookmarks, learning.user_notes, learning.user_addresses, learning.user_preferences, learning.user_roles, learning.users, learning.course_completions, learning.enrollments, learning.lesson_progress, learning.user_achievements, wolo.admin_sessions, wolo.audit_logs, wolo.feature_flags, wolo.system_config, wolo.ab_test_assignments, wolo.analytics_events, wolo.donations, wolo.refunds, wolo.wave_webhook_events, wolo.password_reset_tokens, wolo.user_sessions, wolo.users, wolo.notification_preferences, wolo.notifications, wolo.partner_staff, wolo.partners, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.user_addresses, wolo.partner_settlements, wolo.qr_redemption_logs, wolo.points_conversions, wolo.points_ledger, wolo.referrals, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.systemeio_raw FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, DELETE ON ingest.systemeio_raw TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (payload) ON ingest.systemeio_raw TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.xendit_raw FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT, DELETE ON ingest.xendit_raw TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (description, payload) ON ingest.xendit_raw TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.rejected_rows FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.rejected_rows TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (payload) ON ingest.rejected_rows TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.backups FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.backups TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (details) ON ingest.backups TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.run_log FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.run_log TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (details, error) ON ingest.run_log TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.validation_reports FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.validation_reports TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (report) ON ingest.validation_reports TO unified_schema_definer;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON ingest.xendit_transactions_raw FROM unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON ingest.xendit_transactions_raw TO unified_schema_definer;
--> statement-breakpoint
GRANT UPDATE (payload) ON ingest.xendit_transactions_raw TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON subjects.runs TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.business_time_zone() TO unified_schema_definer;
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON crm.conversations;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON crm.conversations AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON crm.messages;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON crm.messages AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON crm.customers;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON crm.customers AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON public.affiliates;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON public.affiliates AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.systemeio_raw;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.systemeio_raw AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.xendit_raw;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.xendit_raw AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.rejected_rows;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.rejected_rows AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.backups;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.backups AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.run_log;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.run_log AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.validation_reports;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.validation_reports AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON ingest.xendit_transactions_raw;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON ingest.xendit_transactions_raw AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.lesson_activity_events;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.lesson_activity_events AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.payment_transactions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.payment_transactions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.subscriptions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.subscriptions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.content_versions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.content_versions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.media_files;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.media_files AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_bookmarks;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_bookmarks AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_notes;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_notes AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_addresses;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_addresses AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_preferences;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_preferences AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_roles;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_roles AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.users;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.users AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON learning.user_achievements;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON learning.user_achievements AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.admin_sessions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.admin_sessions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.system_config;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.system_config AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.ab_test_assignments;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.ab_test_assignments AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.analytics_events;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.analytics_events AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.refunds;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.refunds AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.wave_webhook_events;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.wave_webhook_events AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.password_reset_tokens;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.password_reset_tokens AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.user_sessions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.user_sessions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.notification_preferences;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.notification_preferences AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.notifications;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.notifications AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.partners;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.partners AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.pot_invitations;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.pot_invitations AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.user_addresses;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.user_addresses AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.partner_settlements;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.partner_settlements AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.qr_redemption_logs;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.qr_redemption_logs AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.points_conversions;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.points_conversions AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.points_ledger;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.points_ledger AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.referrals;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.referrals AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.sponsor_contact_batches;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.sponsor_contact_batches AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DROP POLICY IF EXISTS "the definer role erases and exports data subjects" ON wolo.sponsor_daily_limits;
--> statement-breakpoint
CREATE POLICY "the definer role erases and exports data subjects" ON wolo.sponsor_daily_limits AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true);
--> statement-breakpoint
DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  ELSIF pg_catalog.to_regrole('anon') IS NOT NULL AND pg_catalog.has_schema_privilege('anon', 'auth', 'USAGE') THEN
    ALTER ROLE unified_schema_definer INHERIT;
    GRANT anon TO unified_schema_definer;
  END IF;
  IF NOT pg_catalog.has_schema_privilege('unified_schema_definer', 'auth', 'USAGE') THEN
    RAISE WARNING 'unified_schema_definer has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of anon: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'unified_schema_definer has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO unified_schema_definer as the owner of schema auth.', SQLERRM;
END
$auth_usage$;
--> statement-breakpoint
DO $subjects$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['auth.users', 'auth.identities', 'auth.sessions', 'auth.refresh_tokens', 'auth.mfa_factors', 'auth.one_time_tokens', 'auth.flow_state', 'auth.audit_log_entries'] LOOP
    CONTINUE WHEN pg_catalog.to_regclass(t) IS NULL;
    BEGIN
      EXECUTE format('GRANT SELECT, UPDATE, DELETE ON %s TO unified_schema_definer', pg_catalog.to_regclass(t));
      -- Supabase may enable RLS on auth's tables: the definer role gets its one policy there too
      IF (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(t)) THEN
        EXECUTE format('DROP POLICY IF EXISTS %I ON %s', 'the definer role erases and exports data subjects', pg_catalog.to_regclass(t));
        EXECUTE format('CREATE POLICY %I ON %s AS PERMISSIVE FOR ALL TO unified_schema_definer USING (true) WITH CHECK (true)', 'the definer role erases and exports data subjects', pg_catalog.to_regclass(t));
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE WARNING 'the migrating role cannot give unified_schema_definer rights on %: subjects.erase_subject skips it on this database (%)', t, SQLERRM;
    END;
  END LOOP;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'subjects: unified_schema_definer has no rights on auth''s tables: the auth tables are skipped on this database (%)', SQLERRM;
END
$subjects$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS learning.calculate_course_progress();
--> statement-breakpoint
DROP FUNCTION IF EXISTS learning.update_user_last_access();

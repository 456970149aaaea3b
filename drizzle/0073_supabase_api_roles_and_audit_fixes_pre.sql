-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- changed: function public.is_admin()
-- changed: function learning_private.instructor_course_ids()
-- changed: function learning_private.enrolled_course_ids()
-- changed: function learning_private.instructor_lesson_ids()
-- changed: function learning_private.instructor_quiz_ids()
-- changed: function learning_private.enrolled_quiz_ids()
-- changed: function learning_private.published_course_ids()
-- changed: function learning_private.enrollable_course_ids()
-- changed: function wolo.business_time_zone()
-- changed: function wolo_private.has_role(text)
-- changed: function wolo_private.my_partner_ids()
-- changed: function wolo_private.pot_donation_rows()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.is_admin()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT coalesce((SELECT auth.jwt()) -> 'app_metadata' ->> 'role', '') = 'admin'
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.is_admin() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION public.is_admin() TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION public.is_admin() IS 'True when the JWT claims carry app_metadata.role = ''admin'' (set by the service role only).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.instructor_course_ids()
RETURNS setof uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT c.id FROM learning.courses c WHERE c.instructor_id = (SELECT auth.uid())
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning_private.instructor_course_ids() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.instructor_course_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.instructor_course_ids() IS 'Ids of the courses the caller (auth.uid()) teaches; for RLS policies.';
--> statement-breakpoint
ALTER FUNCTION learning_private.instructor_course_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.enrolled_course_ids()
RETURNS setof uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT e.course_id FROM learning.enrollments e WHERE e.user_id = (SELECT auth.uid()) AND e.status = 'active'
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning_private.enrolled_course_ids() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.enrolled_course_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.enrolled_course_ids() IS 'Ids of the courses the caller (auth.uid()) is actively enrolled in; for RLS policies.';
--> statement-breakpoint
ALTER FUNCTION learning_private.enrolled_course_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.instructor_lesson_ids()
RETURNS setof uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT l.id FROM learning.course_lessons l JOIN learning.courses c ON c.id = l.course_id WHERE c.instructor_id = (SELECT auth.uid())
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning_private.instructor_lesson_ids() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.instructor_lesson_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.instructor_lesson_ids() IS 'Ids of the lessons of the courses the caller teaches; for RLS policies.';
--> statement-breakpoint
ALTER FUNCTION learning_private.instructor_lesson_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.instructor_quiz_ids()
RETURNS setof uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT q.id FROM learning.course_quizzes q JOIN learning.courses c ON c.id = q.course_id WHERE c.instructor_id = (SELECT auth.uid())
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning_private.instructor_quiz_ids() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.instructor_quiz_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.instructor_quiz_ids() IS 'Ids of the quizzes of the courses the caller teaches; for RLS policies.';
--> statement-breakpoint
ALTER FUNCTION learning_private.instructor_quiz_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.enrolled_quiz_ids()
RETURNS setof uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT q.id FROM learning.course_quizzes q JOIN learning.enrollments e ON e.course_id = q.course_id
WHERE e.user_id = (SELECT auth.uid()) AND e.status = 'active' AND q.is_active
  AND (q.time_limit IS NULL
       OR EXISTS (SELECT 1 FROM learning.quiz_attempts a WHERE a.quiz_id = q.id AND a.user_id = (SELECT auth.uid())))
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning_private.enrolled_quiz_ids() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.enrolled_quiz_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.enrolled_quiz_ids() IS 'Ids of the active quizzes of the courses the caller is actively enrolled in, a timed one once the caller started an attempt at it; for RLS policies.';
--> statement-breakpoint
ALTER FUNCTION learning_private.enrolled_quiz_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.published_course_ids()
RETURNS setof uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT c.id FROM learning.courses c WHERE c.status = 'published'
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning_private.published_course_ids() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.published_course_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.published_course_ids() IS 'Ids of the published courses; for the RLS policies of sections and preview lessons.';
--> statement-breakpoint
ALTER FUNCTION learning_private.published_course_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.enrollable_course_ids()
RETURNS setof uuid
LANGUAGE sql
STABLE
SECURITY DEFINER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT c.id FROM learning.courses c
WHERE c.status = 'published'
  AND (c.is_free OR EXISTS (
    SELECT 1 FROM learning.course_purchases p
    WHERE p.course_id = c.id AND p.user_id = (SELECT auth.uid()) AND p.status = 'completed'
      AND (p.expires_at IS NULL OR p.expires_at > now())))
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning_private.enrollable_course_ids() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.enrollable_course_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.enrollable_course_ids() IS 'Ids of the published courses the caller may enroll in: free ones, and ones with a completed, unexpired purchase of theirs.';
--> statement-breakpoint
ALTER FUNCTION learning_private.enrollable_course_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.business_time_zone()
RETURNS text
LANGUAGE sql
IMMUTABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT 'Africa/Dakar'::text
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.business_time_zone() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.business_time_zone() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.business_time_zone() IS 'The WOLO business time zone (Africa/Dakar). Declared in src/schema/wolo/constants.ts (WOLO_BUSINESS_TIME_ZONE).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.has_role(required_role text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  RETURN EXISTS (
    SELECT 1 FROM wolo.users u
    WHERE u.id = (SELECT auth.uid()) AND u.is_active
      AND (required_role = ANY (u.roles) OR (required_role = 'admin' AND 'super_admin' = ANY (u.roles))));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo_private.has_role(text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.has_role(text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.has_role(text) IS 'True when the caller''s wolo.users row is active and holds the role (super_admin counts as admin). Policies call it as (select wolo_private.has_role(''admin'')).';
--> statement-breakpoint
ALTER FUNCTION wolo_private.has_role(text) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.my_partner_ids()
RETURNS uuid[]
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  RETURN coalesce((SELECT pg_catalog.array_agg(s.partner_id) FROM wolo.partner_staff s WHERE s.user_id = (SELECT auth.uid())), '{}'::uuid[]);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo_private.my_partner_ids() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.my_partner_ids() TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.my_partner_ids() IS 'The partner ids the caller is staff of. Policies call it as (select wolo_private.my_partner_ids()).';
--> statement-breakpoint
ALTER FUNCTION wolo_private.my_partner_ids() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.pot_donation_rows()
RETURNS table (
    id uuid, pot_id uuid, donor_user_id uuid, donor_name varchar(255), is_anonymous boolean, amount_cfa integer,
    status text, donation_message text, confirmed_at timestamptz, created_at timestamptz)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  RETURN QUERY
    SELECT d.id, d.pot_id,
           CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_user_id END,
           CASE WHEN d.is_anonymous THEN NULL ELSE d.donor_name END,
           d.is_anonymous, d.amount_cfa, d.status::text, d.donation_message, d.confirmed_at, d.created_at
      FROM wolo.donations d
     WHERE d.pot_id IN (SELECT p.id FROM wolo.pots p WHERE p.owner_user_id = (SELECT auth.uid()))
        OR (SELECT wolo_private.has_role('admin'));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo_private.pot_donation_rows() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.pot_donation_rows() TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.pot_donation_rows() IS 'The rows of wolo.pot_donations: donations to the caller''s pots (admins: all), anonymous donors blanked.';
--> statement-breakpoint
ALTER FUNCTION wolo_private.pot_donation_rows() OWNER TO unified_schema_definer;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: learning definer role schemas
-- changed: function learning_private.instructor_course_ids()
-- changed: function learning_private.enrolled_course_ids()
-- changed: function learning_private.instructor_lesson_ids()
-- changed: function learning_private.instructor_quiz_ids()
-- changed: function learning_private.enrolled_quiz_ids()
-- changed: function learning_private.published_course_ids()
-- changed: function learning_private.enrollable_course_ids()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA learning_private TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning_private.instructor_course_ids() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning_private.enrolled_course_ids() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning_private.instructor_lesson_ids() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning_private.instructor_quiz_ids() FROM PUBLIC;
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
SELECT q.id FROM learning.course_quizzes q JOIN learning.enrollments e ON e.course_id = q.course_id WHERE e.user_id = (SELECT auth.uid()) AND e.status = 'active' AND q.is_active
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning_private.enrolled_quiz_ids() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.enrolled_quiz_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.enrolled_quiz_ids() IS 'Ids of the active quizzes of the courses the caller is actively enrolled in; for RLS policies.';
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
REVOKE ALL ON FUNCTION learning_private.published_course_ids() FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning_private.enrollable_course_ids() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.enrollable_course_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.enrollable_course_ids() IS 'Ids of the published courses the caller may enroll in: free ones, and ones with a completed, unexpired purchase of theirs.';
--> statement-breakpoint
ALTER FUNCTION learning_private.enrollable_course_ids() OWNER TO unified_schema_definer;

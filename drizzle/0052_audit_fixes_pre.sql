-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: default privileges of the roles owning package objects
-- changed: function learning_private.enrolled_quiz_ids()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES FOR ROLE unified_schema_definer REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES FOR ROLE unified_schema_monitor REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
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
REVOKE ALL ON FUNCTION learning_private.enrolled_quiz_ids() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.enrolled_quiz_ids() TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.enrolled_quiz_ids() IS 'Ids of the active quizzes of the courses the caller is actively enrolled in, a timed one once the caller started an attempt at it; for RLS policies.';
--> statement-breakpoint
ALTER FUNCTION learning_private.enrolled_quiz_ids() OWNER TO unified_schema_definer;

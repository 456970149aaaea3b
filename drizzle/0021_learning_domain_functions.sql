-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: grants on learning tables
-- new: trigger users_touch_updated_at on learning.users
-- new: trigger user_preferences_touch_updated_at on learning.user_preferences
-- new: trigger courses_touch_updated_at on learning.courses
-- new: trigger course_lessons_touch_updated_at on learning.course_lessons
-- new: trigger course_quizzes_touch_updated_at on learning.course_quizzes
-- new: trigger enrollments_touch_updated_at on learning.enrollments
-- new: trigger lesson_progress_touch_updated_at on learning.lesson_progress
-- new: trigger subscription_plans_touch_updated_at on learning.subscription_plans
-- new: trigger subscriptions_touch_updated_at on learning.subscriptions
-- new: trigger media_files_touch_updated_at on learning.media_files
-- new: trigger user_notes_touch_updated_at on learning.user_notes
-- new: function learning.prepare_lesson_progress()
-- new: trigger trigger_prepare_lesson_progress on learning.lesson_progress
-- new: function learning.update_course_stats()
-- new: trigger trigger_update_course_stats on learning.enrollments
-- new: function learning.update_user_last_access()
-- new: trigger trigger_update_last_access on learning.lesson_progress
-- new: function learning.course_progress(uuid, uuid)
-- new: function learning.calculate_course_progress()
-- new: trigger trigger_calculate_progress on learning.lesson_progress
-- new: function learning.update_course_rating()
-- new: trigger trigger_update_course_rating on learning.course_completions
-- new: unique index of learning.course_statistics
-- new: function learning.refresh_course_statistics()
-- new: function learning.get_user_dashboard(uuid)
-- new: function learning.get_course_recommendations(uuid, integer)
-- new: table learning.lesson_activity_events
-- new: function learning.create_monthly_partition(regclass, date)
-- new: function learning.ensure_monthly_partitions(regclass, integer)
-- new: initial partitions of learning.lesson_activity_events
-- new: function learning.encrypt_sensitive_data(text)
-- new: function learning.decrypt_sensitive_data(text)
-- new: function learning.database_health_check()
-- new: function learning.quiz_answer_matches(text, jsonb, jsonb)
-- new: function learning.lock_quiz_for_attempt(uuid, uuid)
-- new: function learning.open_quiz_attempt(learning.course_quizzes, uuid)
-- new: function learning.start_quiz_attempt(uuid, uuid)
-- new: function learning.submit_quiz_attempt(uuid, uuid, jsonb)
-- new: pg_cron schedules of the learning domain
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
GRANT USAGE ON SCHEMA crm TO crm_app, crm_analytics, service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm.customers, crm.conversations, crm.messages TO crm_app, service_role;
--> statement-breakpoint
GRANT SELECT ON crm.customers, crm.conversations, crm.messages TO crm_analytics;
--> statement-breakpoint
GRANT SELECT ON crm.customer_analytics TO crm_app, crm_analytics, service_role;
--> statement-breakpoint
GRANT SELECT ON crm.customer_search TO crm_app;
--> statement-breakpoint
REVOKE ALL ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status TO service_role;
--> statement-breakpoint
GRANT SELECT ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status TO authenticated;
--> statement-breakpoint
GRANT UPDATE (first_name, last_name, phone) ON public.unified_profiles TO authenticated;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS monthly_enrollments_mv_key ON public.monthly_enrollments_mv (course_id, month);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS revenue_analysis_mv_key ON public.revenue_analysis_mv (product, currency, month);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS marketing_source_mv_key ON public.marketing_source_mv (acquisition_source, cohort_month);
--> statement-breakpoint
REVOKE ALL ON public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.monthly_enrollments_view, public.revenue_analysis_view, public.marketing_source_view TO authenticated, service_role;
--> statement-breakpoint
REVOKE ALL ON public.monthly_enrollments_mv, public.revenue_analysis_mv, public.marketing_source_mv FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON public.monthly_enrollments_mv, public.revenue_analysis_mv, public.marketing_source_mv TO service_role;
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE ON SCHEMA learning TO anon, authenticated, service_role;
--> statement-breakpoint
REVOKE ALL ON learning.users, learning.user_addresses, learning.user_preferences, learning.roles, learning.user_roles, learning.course_categories, learning.course_tags, learning.courses, learning.course_tag_mappings, learning.course_sections, learning.course_lessons, learning.course_resources, learning.course_quizzes, learning.quiz_questions, learning.quiz_attempts, learning.enrollments, learning.lesson_progress, learning.course_completions, learning.user_achievements, learning.subscription_plans, learning.subscriptions, learning.course_purchases, learning.payment_transactions, learning.media_files, learning.content_versions, learning.user_notes, learning.user_bookmarks FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON learning.users, learning.user_addresses, learning.user_preferences, learning.roles, learning.user_roles, learning.course_categories, learning.course_tags, learning.courses, learning.course_tag_mappings, learning.course_sections, learning.course_lessons, learning.course_resources, learning.course_quizzes, learning.quiz_questions, learning.quiz_attempts, learning.enrollments, learning.lesson_progress, learning.course_completions, learning.user_achievements, learning.subscription_plans, learning.subscriptions, learning.course_purchases, learning.payment_transactions, learning.media_files, learning.content_versions, learning.user_notes, learning.user_bookmarks TO service_role;
--> statement-breakpoint
GRANT SELECT ON learning.course_categories, learning.course_tags, learning.courses, learning.course_tag_mappings, learning.course_sections, learning.course_lessons, learning.subscription_plans, learning.media_files TO anon;
--> statement-breakpoint
GRANT SELECT ON learning.users, learning.user_addresses, learning.user_preferences, learning.roles, learning.user_roles, learning.course_categories, learning.course_tags, learning.courses, learning.course_tag_mappings, learning.course_sections, learning.course_lessons, learning.course_resources, learning.course_quizzes, learning.quiz_attempts, learning.enrollments, learning.lesson_progress, learning.course_completions, learning.user_achievements, learning.subscription_plans, learning.subscriptions, learning.course_purchases, learning.payment_transactions, learning.media_files, learning.content_versions, learning.user_notes, learning.user_bookmarks TO authenticated;
--> statement-breakpoint
GRANT SELECT (id, quiz_id, question_text, question_type, explanation, points, order_index, options, created_at) ON learning.quiz_questions TO authenticated;
--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON learning.user_addresses, learning.user_preferences, learning.user_notes, learning.user_bookmarks, learning.media_files, learning.course_sections, learning.course_lessons, learning.course_resources, learning.course_quizzes, learning.quiz_questions TO authenticated;
--> statement-breakpoint
GRANT INSERT (id, email, name, first_name, last_name, phone, date_of_birth, gender, timezone, language, bio, avatar_url, website_url, linkedin_url, twitter_url), UPDATE (name, first_name, last_name, phone, date_of_birth, gender, timezone, language, bio, avatar_url, website_url, linkedin_url, twitter_url) ON learning.users TO authenticated;
--> statement-breakpoint
GRANT INSERT (instructor_id, title, slug, short_description, description, category_id, price, original_price, currency, difficulty, language, duration_hours, status, thumbnail_url, preview_video_url, meta_title, meta_description, learning_objectives, requirements, target_audience, published_at), UPDATE (title, slug, short_description, description, category_id, price, original_price, currency, difficulty, language, duration_hours, status, thumbnail_url, preview_video_url, meta_title, meta_description, learning_objectives, requirements, target_audience, published_at), DELETE ON learning.courses TO authenticated;
--> statement-breakpoint
GRANT INSERT, DELETE ON learning.course_tag_mappings TO authenticated;
--> statement-breakpoint
GRANT INSERT (user_id, course_id), UPDATE (status) ON learning.enrollments TO authenticated;
--> statement-breakpoint
GRANT INSERT (user_id, lesson_id, status, progress_percentage, total_time_spent, last_position, started_at, completed_at, last_accessed_at, interaction_count, notes_count, bookmarks_count), UPDATE (status, progress_percentage, total_time_spent, last_position, started_at, completed_at, last_accessed_at, interaction_count, notes_count, bookmarks_count) ON learning.lesson_progress TO authenticated;
--> statement-breakpoint
GRANT UPDATE (rating, review, would_recommend) ON learning.course_completions TO authenticated;
--> statement-breakpoint
GRANT UPDATE (cancel_at_period_end) ON learning.subscriptions TO authenticated;
--> statement-breakpoint
GRANT INSERT (user_id, course_id, amount, currency, purchase_type, payment_method) ON learning.course_purchases TO authenticated;
--> statement-breakpoint
GRANT INSERT ON learning.content_versions TO authenticated;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_touch_updated_at
BEFORE UPDATE ON learning.users
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER user_preferences_touch_updated_at
BEFORE UPDATE ON learning.user_preferences
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER courses_touch_updated_at
BEFORE UPDATE ON learning.courses
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_lessons_touch_updated_at
BEFORE UPDATE ON learning.course_lessons
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_quizzes_touch_updated_at
BEFORE UPDATE ON learning.course_quizzes
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_touch_updated_at
BEFORE UPDATE ON learning.enrollments
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER lesson_progress_touch_updated_at
BEFORE UPDATE ON learning.lesson_progress
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER subscription_plans_touch_updated_at
BEFORE UPDATE ON learning.subscription_plans
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER subscriptions_touch_updated_at
BEFORE UPDATE ON learning.subscriptions
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER media_files_touch_updated_at
BEFORE UPDATE ON learning.media_files
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER user_notes_touch_updated_at
BEFORE UPDATE ON learning.user_notes
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.prepare_lesson_progress()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.lesson_id IS DISTINCT FROM OLD.lesson_id THEN
    SELECT l.course_id INTO NEW.course_id FROM learning.course_lessons l WHERE l.id = NEW.lesson_id;
  END IF;
  IF NEW.status <> 'not_started' AND NEW.started_at IS NULL THEN
    NEW.started_at := now();
  END IF;
  IF NEW.status = 'completed' AND NEW.completed_at IS NULL THEN
    NEW.completed_at := now();
  ELSIF NEW.status <> 'completed' THEN
    NEW.completed_at := NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.last_accessed_at IS NOT DISTINCT FROM OLD.last_accessed_at THEN
    NEW.last_accessed_at := now();
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_prepare_lesson_progress
BEFORE INSERT OR UPDATE ON learning.lesson_progress
FOR EACH ROW
EXECUTE FUNCTION learning.prepare_lesson_progress();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_course_stats()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.course_id IS NOT DISTINCT FROM OLD.course_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE learning.courses SET enrollment_count = greatest(enrollment_count - 1, 0) WHERE id = OLD.course_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE learning.courses SET enrollment_count = enrollment_count + 1 WHERE id = NEW.course_id;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_update_course_stats
AFTER INSERT OR DELETE OR UPDATE OF COURSE_ID ON learning.enrollments
FOR EACH ROW
EXECUTE FUNCTION learning.update_course_stats();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_user_last_access()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  UPDATE learning.enrollments e
     SET last_accessed_at = NEW.last_accessed_at
   WHERE e.user_id = NEW.user_id AND e.course_id = NEW.course_id
     AND (e.last_accessed_at IS NULL OR e.last_accessed_at < NEW.last_accessed_at);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_update_last_access
AFTER INSERT OR UPDATE ON learning.lesson_progress
FOR EACH ROW
EXECUTE FUNCTION learning.update_user_last_access();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.course_progress(user_id uuid, course_id uuid)
RETURNS numeric
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
SELECT coalesce(round(100.0 * done.n / nullif(total.n, 0), 2), 0)::numeric(5, 2)
FROM (SELECT count(*) AS n FROM learning.course_lessons l WHERE l.course_id = $2) total,
     (SELECT count(*) AS n FROM learning.lesson_progress p WHERE p.user_id = $1 AND p.course_id = $2 AND p.status = 'completed') done
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.course_progress(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.course_progress(uuid, uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.course_progress(uuid, uuid) IS 'Percent (0–100, 2 decimals) of a course''s lessons the user completed; 0 when the course has no lessons.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.calculate_course_progress()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_enrollment uuid;
  v_progress numeric(5, 2);
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.lesson_id IS NOT DISTINCT FROM OLD.lesson_id THEN
    RETURN NULL;
  END IF;
  SELECT e.id INTO v_enrollment
    FROM learning.enrollments e
   WHERE e.user_id = NEW.user_id AND e.course_id = NEW.course_id
     FOR UPDATE;
  IF v_enrollment IS NULL THEN
    RETURN NULL;
  END IF;
  v_progress := learning.course_progress(NEW.user_id, NEW.course_id);
  UPDATE learning.enrollments e
     SET progress = v_progress,
         completed_at = CASE WHEN v_progress = 100 THEN coalesce(e.completed_at, now()) ELSE e.completed_at END,
         updated_at = now()
   WHERE e.id = v_enrollment;
  IF v_progress = 100 THEN
    INSERT INTO learning.course_completions (user_id, course_id, completed_at, total_time_spent)
    SELECT NEW.user_id, NEW.course_id, now(), coalesce(sum(p.total_time_spent), 0)
      FROM learning.lesson_progress p
     WHERE p.user_id = NEW.user_id AND p.course_id = NEW.course_id
    ON CONFLICT (user_id, course_id) DO NOTHING;
  END IF;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_calculate_progress
AFTER INSERT OR UPDATE OF STATUS, LESSON_ID ON learning.lesson_progress
FOR EACH ROW
EXECUTE FUNCTION learning.calculate_course_progress();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_course_rating()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_course uuid;
BEGIN
  FOR v_course IN
    SELECT DISTINCT u.id
      FROM unnest(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.course_id END, CASE WHEN TG_OP <> 'DELETE' THEN NEW.course_id END]) AS u(id)
     WHERE u.id IS NOT NULL
     ORDER BY u.id
  LOOP
    PERFORM 1 FROM learning.courses c WHERE c.id = v_course FOR UPDATE;
    UPDATE learning.courses c
       SET average_rating = coalesce(r.avg_rating, 0), review_count = r.n
      FROM (SELECT round(avg(cc.rating), 2) AS avg_rating, count(cc.rating)::int AS n
              FROM learning.course_completions cc WHERE cc.course_id = v_course) r
     WHERE c.id = v_course;
  END LOOP;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER trigger_update_course_rating
AFTER INSERT OR DELETE OR UPDATE OF RATING, COURSE_ID ON learning.course_completions
FOR EACH ROW
EXECUTE FUNCTION learning.update_course_rating();
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS idx_course_statistics_id ON learning.course_statistics (id);
--> statement-breakpoint
REVOKE ALL ON learning.course_statistics FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON learning.course_statistics TO service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.refresh_course_statistics()
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
BEGIN
  IF (SELECT c.relispopulated FROM pg_catalog.pg_class c WHERE c.oid = 'learning.course_statistics'::regclass) THEN
    REFRESH MATERIALIZED VIEW CONCURRENTLY learning.course_statistics;
  ELSE
    REFRESH MATERIALIZED VIEW learning.course_statistics;
  END IF;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.refresh_course_statistics() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.refresh_course_statistics() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.refresh_course_statistics() IS 'Refreshes learning.course_statistics (CONCURRENTLY once populated).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.get_user_dashboard(user_id uuid)
RETURNS json
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
BEGIN
  RETURN (SELECT json_build_object(
  'user', (SELECT to_jsonb(u) - 'encrypted_ssn' FROM learning.users u WHERE u.id = $1),
  'active_enrollments', coalesce((
    SELECT json_agg(json_build_object('course', row_to_json(r.c), 'progress', r.progress, 'last_accessed', r.last_accessed_at)
                    ORDER BY r.last_accessed_at DESC NULLS LAST, r.enrollment_id)
    FROM (
      SELECT c, e.id AS enrollment_id, e.progress, e.last_accessed_at
      FROM learning.enrollments e
      JOIN learning.courses c ON c.id = e.course_id
      WHERE e.user_id = $1 AND e.status = 'active' AND c.status = 'published'
      ORDER BY e.last_accessed_at DESC NULLS LAST, e.id
      LIMIT 5
    ) r
  ), '[]'::json),
  'completed_courses', (SELECT count(*) FROM learning.course_completions cc WHERE cc.user_id = $1),
  'total_study_time', (SELECT coalesce(sum(lp.total_time_spent), 0) FROM learning.lesson_progress lp WHERE lp.user_id = $1),
  'achievements', coalesce((
    SELECT json_agg(row_to_json(ua) ORDER BY ua.earned_at DESC, ua.id)
    FROM learning.user_achievements ua WHERE ua.user_id = $1
  ), '[]'::json)
));
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.get_user_dashboard(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.get_user_dashboard(uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.get_user_dashboard(uuid) IS 'A learner''s dashboard: profile, the five most recently accessed active enrollments, completed courses, study time, achievements.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.get_course_recommendations(user_id uuid, "limit" integer DEFAULT 10)
RETURNS table (course_id uuid, relevance_score numeric)
LANGUAGE plpgsql
STABLE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
WITH history AS (
  SELECT c.category_id, count(*) AS interaction_count
  FROM learning.enrollments e
  JOIN learning.courses c ON c.id = e.course_id
  WHERE e.user_id = $1 AND c.category_id IS NOT NULL
  GROUP BY c.category_id
)
SELECT s.id, s.score
FROM (
  SELECT c.id,
         coalesce(c.published_at, c.created_at) AS released_at,
         round((
           coalesce(h.interaction_count, 0) * 0.4::float8
           + (c.average_rating::float8 / 5) * 0.3
           + (log(c.enrollment_count + 1::float8) / 10) * 0.2
           + 0.1 / (1 + greatest(extract(epoch FROM now() - coalesce(c.published_at, c.created_at))::float8, 0) / (30 * 24 * 60 * 60))
         )::numeric, 6) AS score
  FROM learning.courses c
  LEFT JOIN history h ON h.category_id = c.category_id
  WHERE c.status = 'published'
    AND c.instructor_id IS DISTINCT FROM $1
    AND NOT EXISTS (SELECT 1 FROM learning.enrollments e WHERE e.user_id = $1 AND e.course_id = c.id)
) s
ORDER BY s.score DESC, s.released_at DESC, s.id
LIMIT greatest($2, 0);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.get_course_recommendations(uuid, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.get_course_recommendations(uuid, integer) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.get_course_recommendations(uuid, integer) IS 'Recommended published courses for a user (not enrolled), best first; cold start: popular, well-rated, recent.';
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS learning.lesson_activity_events (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL,
  lesson_id uuid NOT NULL,
  course_id uuid NOT NULL,
  event_type text NOT NULL,
  position_seconds integer,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT lesson_activity_events_pkey PRIMARY KEY (id, occurred_at),
  CONSTRAINT lesson_activity_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES learning.users (id) ON DELETE CASCADE,
  CONSTRAINT lesson_activity_events_lesson_id_fkey FOREIGN KEY (lesson_id, course_id) REFERENCES learning.course_lessons (id, course_id) ON DELETE CASCADE,
  CONSTRAINT lesson_activity_events_event_type_check CHECK (event_type IN ('view', 'play', 'pause', 'seek', 'complete', 'note', 'bookmark')),
  CONSTRAINT lesson_activity_events_position_seconds_check CHECK (position_seconds >= 0)
) PARTITION BY RANGE (occurred_at);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS lesson_activity_events_user_id_occurred_at_idx ON learning.lesson_activity_events (user_id, occurred_at DESC);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS lesson_activity_events_lesson_id_idx ON learning.lesson_activity_events (lesson_id, course_id);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS lesson_activity_events_course_id_idx ON learning.lesson_activity_events (course_id);
--> statement-breakpoint
ALTER TABLE learning.lesson_activity_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS "learners read their activity, instructors that of their courses, admins all" ON learning.lesson_activity_events;
--> statement-breakpoint
CREATE POLICY "learners read their activity, instructors that of their courses, admins all" ON learning.lesson_activity_events
  FOR SELECT TO authenticated
  USING (user_id = (SELECT auth.uid()) OR course_id IN (SELECT learning_private.instructor_course_ids()) OR (SELECT public.is_admin()));
--> statement-breakpoint
DROP POLICY IF EXISTS "learners log their own activity in their courses" ON learning.lesson_activity_events;
--> statement-breakpoint
CREATE POLICY "learners log their own activity in their courses" ON learning.lesson_activity_events
  FOR INSERT TO authenticated
  WITH CHECK (user_id = (SELECT auth.uid()) AND course_id IN (SELECT learning_private.enrolled_course_ids()));
--> statement-breakpoint
REVOKE ALL ON learning.lesson_activity_events FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT, INSERT ON learning.lesson_activity_events TO authenticated;
--> statement-breakpoint
GRANT ALL ON learning.lesson_activity_events TO service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.create_monthly_partition(table_name regclass, month date)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_schema name;
  v_table name;
  v_start timestamptz;
  v_end timestamptz;
  v_name text;
  v_existing oid;
BEGIN
  IF table_name IS NULL OR month IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = 'create_monthly_partition: table_name and month are required';
  END IF;
  SELECT n.nspname, c.relname INTO v_schema, v_table
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_catalog.pg_partitioned_table p ON p.partrelid = c.oid
   WHERE c.oid = table_name AND p.partstrat = 'r' AND p.partnatts = 1;
  IF v_table IS NULL OR v_schema <> 'learning' THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003',
      MESSAGE = format('create_monthly_partition: %s is not a range-partitioned table of schema learning', table_name);
  END IF;
  v_start := date_trunc('month', month::timestamp) AT TIME ZONE 'UTC';
  v_end := (date_trunc('month', month::timestamp) + interval '1 month') AT TIME ZONE 'UTC';
  v_name := v_table || '_' || to_char(date_trunc('month', month::timestamp), 'YYYY_MM');
  IF octet_length(v_name) > 63 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = format('create_monthly_partition: partition name %s is longer than 63 bytes', v_name);
  END IF;
  SELECT c.oid INTO v_existing
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = v_schema AND c.relname = v_name;
  IF v_existing IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = v_existing AND i.inhparent = table_name) THEN
      RETURN format('%I.%I', v_schema, v_name);
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = format('create_monthly_partition: %I.%I exists and is not a partition of %s', v_schema, v_name, table_name);
  END IF;
  BEGIN
    EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)', v_schema, v_name, v_schema, v_table, v_start, v_end);
  EXCEPTION WHEN duplicate_table THEN
    NULL; -- created meanwhile by a concurrent call
  END;
  RETURN format('%I.%I', v_schema, v_name);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.create_monthly_partition(regclass, date) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.create_monthly_partition(regclass, date) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.create_monthly_partition(regclass, date) IS 'Creates (idempotently) the monthly partition of a range-partitioned learning table for the UTC month of `month`; returns its qualified name.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.ensure_monthly_partitions(table_name regclass, months_ahead integer DEFAULT 3)
RETURNS setof text
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  i integer;
BEGIN
  IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL020', MESSAGE = 'ensure_monthly_partitions: months_ahead must be between 0 and 24';
  END IF;
  FOR i IN 0..months_ahead LOOP
    RETURN NEXT learning.create_monthly_partition(table_name, (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date);
  END LOOP;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.ensure_monthly_partitions(regclass, integer) IS 'Creates the partitions of the current UTC month and the next months_ahead (default 3) months; returns their names.';
--> statement-breakpoint
SELECT learning.ensure_monthly_partitions('learning.lesson_activity_events'::regclass, 3);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.encrypt_sensitive_data(data text)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_key text;
  v_schema name;
  v_out text;
BEGIN
  IF data IS NULL THEN
    RETURN NULL;
  END IF;
  v_key := nullif(current_setting('learning.encryption_key', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001',
      MESSAGE = 'learning.encryption_key is not set: no encryption key',
      HINT = 'Set it for the transaction only: SELECT set_config(''learning.encryption_key'', <key>, true). The key is never stored in the database.';
  END IF;
  SELECT n.nspname INTO v_schema
    FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
   WHERE x.extname = 'pgcrypto';
  IF v_schema IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001', MESSAGE = 'the pgcrypto extension is not installed';
  END IF;
  EXECUTE format('SELECT pg_catalog.encode(%I.pgp_sym_encrypt($1, $2), ''base64'')', v_schema) INTO v_out USING data, v_key;
  RETURN v_out;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.encrypt_sensitive_data(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.encrypt_sensitive_data(text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.encrypt_sensitive_data(text) IS 'Encrypts with pgp_sym_encrypt using the key in the setting learning.encryption_key (set per transaction; never stored). Returns base64.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.decrypt_sensitive_data(encrypted_data text)
RETURNS text
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  v_key text;
  v_schema name;
  v_out text;
BEGIN
  IF encrypted_data IS NULL THEN
    RETURN NULL;
  END IF;
  v_key := nullif(current_setting('learning.encryption_key', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001',
      MESSAGE = 'learning.encryption_key is not set: no encryption key',
      HINT = 'Set it for the transaction only: SELECT set_config(''learning.encryption_key'', <key>, true). The key is never stored in the database.';
  END IF;
  SELECT n.nspname INTO v_schema
    FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
   WHERE x.extname = 'pgcrypto';
  IF v_schema IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL001', MESSAGE = 'the pgcrypto extension is not installed';
  END IF;
  BEGIN
    EXECUTE format('SELECT %I.pgp_sym_decrypt(pg_catalog.decode($1, ''base64''), $2)', v_schema) INTO v_out USING encrypted_data, v_key;
  EXCEPTION WHEN external_routine_invocation_exception OR data_exception OR invalid_parameter_value THEN
    RAISE EXCEPTION USING ERRCODE = 'UL002', MESSAGE = 'decrypt_sensitive_data: wrong key or corrupt data';
  END;
  RETURN v_out;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.decrypt_sensitive_data(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.decrypt_sensitive_data(text) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.decrypt_sensitive_data(text) IS 'Decrypts what encrypt_sensitive_data returned, with the key in the setting learning.encryption_key.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.database_health_check()
RETURNS json
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_size bigint;
  v_active bigint;
  v_slow bigint;
  v_tables json;
  v_indexes json;
BEGIN
  BEGIN
    v_size := pg_catalog.pg_database_size(pg_catalog.current_database());
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_size := NULL;
  END;
  BEGIN
    SELECT count(*) FILTER (WHERE a.state = 'active'),
           count(*) FILTER (WHERE a.state = 'active' AND a.query_start < now() - interval '30 seconds')
      INTO v_active, v_slow
      FROM pg_catalog.pg_stat_activity a
     WHERE a.datname = pg_catalog.current_database();
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_active := NULL; v_slow := NULL;
  END;
  BEGIN
    SELECT json_object_agg(format('%I.%I', t.schemaname, t.tablename), pg_catalog.pg_total_relation_size(format('%I.%I', t.schemaname, t.tablename)::regclass))
      INTO v_tables
      FROM pg_catalog.pg_tables t
     WHERE t.schemaname = 'learning';
    v_tables := coalesce(v_tables, '{}'::json);
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_tables := NULL;
  END;
  BEGIN
    SELECT json_object_agg(format('%I.%I', s.schemaname, s.relname), round(100.0 * s.idx_scan / (s.seq_scan + s.idx_scan), 2))
      INTO v_indexes
      FROM pg_catalog.pg_stat_user_tables s
     WHERE s.schemaname = 'learning' AND coalesce(s.seq_scan, 0) + coalesce(s.idx_scan, 0) > 0;
    v_indexes := coalesce(v_indexes, '{}'::json);
  EXCEPTION WHEN undefined_function OR undefined_table OR feature_not_supported OR insufficient_privilege OR object_not_in_prerequisite_state THEN
    v_indexes := NULL;
  END;
  RETURN json_build_object(
    'timestamp', now(),
    'database_size', v_size,
    'active_connections', v_active,
    'slow_queries', v_slow,
    'table_sizes', v_tables,
    'index_usage', v_indexes
  );
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.database_health_check() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.database_health_check() TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.database_health_check() IS 'Database size, active and slow (>30 s) queries, sizes of the learning tables, index usage per learning table; null where unavailable.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.quiz_answer_matches(question_type text, correct_answer jsonb, response jsonb)
RETURNS boolean
LANGUAGE sql
IMMUTABLE
SECURITY INVOKER
PARALLEL SAFE
SET search_path = ''
AS $fn$
SELECT CASE
  WHEN $3 IS NULL OR $2 IS NULL OR jsonb_typeof($3) = 'null' THEN false
  WHEN $1 = 'short_answer' THEN
    jsonb_typeof($3) IN ('string', 'number') AND lower(btrim($3 #>> '{}')) IN (
      SELECT lower(btrim(x)) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof($2) = 'array' THEN $2 ELSE jsonb_build_array($2) END) AS x)
  ELSE
    (SELECT jsonb_agg(DISTINCT x ORDER BY x) FROM jsonb_array_elements(CASE WHEN jsonb_typeof($2) = 'array' THEN $2 ELSE jsonb_build_array($2) END) AS x)
    IS NOT DISTINCT FROM
    (SELECT jsonb_agg(DISTINCT x ORDER BY x) FROM jsonb_array_elements(CASE WHEN jsonb_typeof($3) = 'array' THEN $3 ELSE jsonb_build_array($3) END) AS x)
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.quiz_answer_matches(text, jsonb, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.quiz_answer_matches(text, jsonb, jsonb) TO authenticated, service_role;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.lock_quiz_for_attempt(p_quiz_id uuid, p_user_id uuid)
RETURNS learning.course_quizzes
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_role text := coalesce(nullif(current_setting('role', true), ''), 'none');
  v_quiz learning.course_quizzes;
BEGIN
  IF p_quiz_id IS NULL OR p_user_id IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL020', COLUMN = 'quiz_id', MESSAGE = 'quiz_id and user_id are required';
  END IF;
  IF v_role NOT IN ('service_role', 'none') AND p_user_id IS DISTINCT FROM (SELECT auth.uid()) THEN
    RAISE EXCEPTION USING ERRCODE = 'UL010', COLUMN = 'user_id', MESSAGE = 'a learner takes quizzes only as themselves';
  END IF;
  SELECT q.* INTO v_quiz FROM learning.course_quizzes q WHERE q.id = p_quiz_id AND q.is_active;
  IF v_quiz.id IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL011', COLUMN = 'quiz_id', MESSAGE = 'no active quiz with this id';
  END IF;
  PERFORM 1 FROM learning.enrollments e
   WHERE e.user_id = p_user_id AND e.course_id = v_quiz.course_id AND e.status = 'active'
     FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UL012', COLUMN = 'user_id', MESSAGE = 'the user is not actively enrolled in the course of this quiz';
  END IF;
  RETURN v_quiz;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.lock_quiz_for_attempt(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.open_quiz_attempt(p_quiz learning.course_quizzes, p_user_id uuid)
RETURNS learning.quiz_attempts
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_used integer;
  v_last integer;
  v_attempt learning.quiz_attempts;
BEGIN
  SELECT count(*), coalesce(max(a.attempt_number), 0) INTO v_used, v_last
    FROM learning.quiz_attempts a WHERE a.quiz_id = (p_quiz).id AND a.user_id = p_user_id;
  IF (p_quiz).attempts_allowed IS NOT NULL AND v_used >= (p_quiz).attempts_allowed THEN
    RAISE EXCEPTION USING ERRCODE = 'UL013', COLUMN = 'quiz_id',
      MESSAGE = format('all %s allowed attempts are used', (p_quiz).attempts_allowed);
  END IF;
  INSERT INTO learning.quiz_attempts (quiz_id, user_id, attempt_number)
  VALUES ((p_quiz).id, p_user_id, v_last + 1)
  RETURNING * INTO v_attempt;
  RETURN v_attempt;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.open_quiz_attempt(learning.course_quizzes, uuid) FROM PUBLIC;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.start_quiz_attempt(quiz_id uuid, user_id uuid)
RETURNS learning.quiz_attempts
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_quiz learning.course_quizzes;
  v_attempt learning.quiz_attempts;
BEGIN
  v_quiz := learning.lock_quiz_for_attempt($1, $2);
  SELECT a.* INTO v_attempt
    FROM learning.quiz_attempts a
   WHERE a.quiz_id = $1 AND a.user_id = $2 AND a.completed_at IS NULL
   ORDER BY a.attempt_number DESC
   LIMIT 1;
  IF v_attempt.id IS NOT NULL AND (v_quiz.time_limit IS NULL OR now() <= v_attempt.started_at + make_interval(mins => v_quiz.time_limit)) THEN
    RETURN v_attempt;
  END IF;
  RETURN learning.open_quiz_attempt(v_quiz, $2);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.start_quiz_attempt(uuid, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.start_quiz_attempt(uuid, uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.start_quiz_attempt(uuid, uuid) IS 'Starts or resumes an attempt at a quiz (the time limit counts from started_at).';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.submit_quiz_attempt(quiz_id uuid, user_id uuid, responses jsonb)
RETURNS learning.quiz_attempts
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_quiz learning.course_quizzes;
  v_attempt learning.quiz_attempts;
  v_unknown text;
  v_questions integer;
  v_score numeric;
  v_max numeric;
  v_pct numeric(5, 2);
BEGIN
  -- Who may submit, whether the quiz is open to them; locks their enrollment (one attempt at a time).
  v_quiz := learning.lock_quiz_for_attempt($1, $2);

  IF $3 IS NULL OR jsonb_typeof($3) <> 'object' THEN
    RAISE EXCEPTION USING ERRCODE = 'UL015', COLUMN = 'responses',
      MESSAGE = 'responses must be a JSON object keyed by question id';
  END IF;
  SELECT k INTO v_unknown
    FROM jsonb_object_keys($3) AS k
   WHERE NOT EXISTS (SELECT 1 FROM learning.quiz_questions q WHERE q.quiz_id = $1 AND q.id::text = k)
   LIMIT 1;
  IF v_unknown IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL015', COLUMN = 'responses',
      MESSAGE = format('responses: %s is not a question of this quiz', v_unknown);
  END IF;

  SELECT count(*) INTO v_questions FROM learning.quiz_questions q WHERE q.quiz_id = $1;
  IF v_questions = 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL016', COLUMN = 'quiz_id', MESSAGE = 'the quiz has no questions';
  END IF;

  -- The attempt: the open one (started with start_quiz_attempt), else a new one starting now.
  SELECT a.* INTO v_attempt
    FROM learning.quiz_attempts a
   WHERE a.quiz_id = $1 AND a.user_id = $2 AND a.completed_at IS NULL
   ORDER BY a.attempt_number DESC
   LIMIT 1;
  IF v_attempt.id IS NULL THEN
    v_attempt := learning.open_quiz_attempt(v_quiz, $2);
  ELSIF v_quiz.time_limit IS NOT NULL AND now() > v_attempt.started_at + make_interval(mins => v_quiz.time_limit) THEN
    RAISE EXCEPTION USING ERRCODE = 'UL014', COLUMN = 'responses',
      MESSAGE = format('the time limit of %s minutes of attempt %s has passed', v_quiz.time_limit, v_attempt.attempt_number);
  END IF;

  -- Score the automatically scored questions; essays wait for a person and are left out of max_score.
  SELECT coalesce(sum(q.points) FILTER (WHERE learning.quiz_answer_matches(q.question_type, q.correct_answer, $3 -> q.id::text)), 0),
         coalesce(sum(q.points), 0)
    INTO v_score, v_max
    FROM learning.quiz_questions q
   WHERE q.quiz_id = $1 AND q.question_type IN ('multiple_choice', 'true_false', 'short_answer');
  v_pct := CASE WHEN v_max > 0 THEN round(100 * v_score / v_max, 2) ELSE 0 END;

  UPDATE learning.quiz_attempts a
     SET completed_at = now(),
         time_taken = greatest(extract(epoch FROM now() - a.started_at), 0)::integer,
         score = v_score,
         max_score = v_max,
         percentage = v_pct,
         passed = v_pct >= v_quiz.passing_score,
         responses = $3
   WHERE a.id = v_attempt.id
  RETURNING a.* INTO v_attempt;
  RETURN v_attempt;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) IS 'Scores and completes a quiz attempt; refuses past attempts_allowed or after time_limit; passed by passing_score.';
--> statement-breakpoint
DO $cron$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' USING 'learning-refresh-course-stats', '0 */4 * * *', $cmd$SELECT learning.refresh_course_statistics()$cmd$;
    EXECUTE 'SELECT cron.schedule($1, $2, $3)' USING 'learning-activity-partitions', '0 3 * * *', $cmd$SELECT learning.ensure_monthly_partitions('learning.lesson_activity_events'::regclass, 3)$cmd$;
  END IF;
END
$cron$;

-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: learning definer role rights
-- new: owner of learning.lesson_activity_events
-- changed: function learning.prepare_lesson_progress()
-- changed: function learning.update_course_stats()
-- changed: function learning.update_user_last_access()
-- changed: function learning.course_progress(uuid, uuid)
-- changed: function learning.calculate_course_progress()
-- changed: function learning.update_course_rating()
-- changed: function learning.refresh_course_statistics()
-- changed: function learning.create_monthly_partition(regclass, date)
-- changed: function learning.ensure_monthly_partitions(regclass, integer)
-- changed: function learning.quiz_answer_matches(text, jsonb, jsonb)
-- changed: function learning.lock_quiz_for_attempt(uuid, uuid)
-- changed: function learning.open_quiz_attempt(learning.course_quizzes, uuid)
-- changed: function learning.start_quiz_attempt(uuid, uuid)
-- changed: function learning.submit_quiz_attempt(uuid, uuid, jsonb)
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
GRANT USAGE, CREATE ON SCHEMA public TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
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
REVOKE ALL ON public.leads FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON public.leads TO service_role;
--> statement-breakpoint
GRANT SELECT ON public.leads TO authenticated;
--> statement-breakpoint
REVOKE ALL ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup, public.revenue_analysis_rollup_by_customer, public.monthly_enrollments_rollup_by_student, public.marketing_source_rollup_by_profile FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT SELECT ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup TO authenticated, service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON public.revenue_analysis_rollup, public.monthly_enrollments_rollup, public.marketing_source_rollup, public.revenue_analysis_rollup_by_customer, public.monthly_enrollments_rollup_by_student, public.marketing_source_rollup_by_profile TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ingest TO service_role;
--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ingest.backups, ingest.validation_reports FROM service_role;
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
REVOKE ALL ON FUNCTION learning.prepare_lesson_progress() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION learning.prepare_lesson_progress() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.update_course_stats() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION learning.update_course_stats() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.update_user_last_access() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION learning.update_user_last_access() OWNER TO unified_schema_definer;
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
GRANT EXECUTE ON FUNCTION learning.course_progress(uuid, uuid) TO authenticated, service_role, unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.calculate_course_progress() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION learning.calculate_course_progress() OWNER TO unified_schema_definer;
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
REVOKE ALL ON FUNCTION learning.update_course_rating() FROM PUBLIC;
--> statement-breakpoint
ALTER FUNCTION learning.update_course_rating() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS idx_course_statistics_id ON learning.course_statistics (id);
--> statement-breakpoint
REVOKE ALL ON learning.course_statistics FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON learning.course_statistics TO service_role;
--> statement-breakpoint
GRANT USAGE, CREATE ON SCHEMA learning TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
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
ALTER FUNCTION learning.refresh_course_statistics() OWNER TO unified_schema_definer;
--> statement-breakpoint
DO $own$
DECLARE
  r record;
BEGIN
  ALTER TABLE learning.lesson_activity_events OWNER TO unified_schema_definer;
  FOR r IN SELECT i.inhrelid::regclass AS rel FROM pg_catalog.pg_inherits i
            WHERE i.inhparent = 'learning.lesson_activity_events'::regclass ORDER BY 1 LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO %I', r.rel, 'unified_schema_definer');
  END LOOP;
END
$own$;
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
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = v_existing AND i.inhparent = table_name) THEN
      RAISE EXCEPTION USING ERRCODE = 'UL003', MESSAGE = format('create_monthly_partition: %I.%I exists and is not a partition of %s', v_schema, v_name, table_name);
    END IF;
  ELSE
    BEGIN
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)', v_schema, v_name, v_schema, v_table, v_start, v_end);
    EXCEPTION WHEN duplicate_table THEN
      NULL; -- created meanwhile by a concurrent call
    END;
  END IF;
  -- A partition is a table of its own: reached directly (not through the parent) the parent's RLS
  -- does not apply. So RLS on (forced when the parent's is) with no policy, and no grant to the API
  -- roles: rows are read and written through the parent only (lint rls_disabled_in_public). Also
  -- for a partition that exists already (one made before this rule converges on the next call);
  -- ALTER only when needed (it locks the partition).
  IF NOT (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = format('%I.%I', v_schema, v_name)::regclass) THEN
    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', v_schema, v_name);
  END IF;
  IF (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = table_name)
     AND NOT (SELECT c.relforcerowsecurity FROM pg_catalog.pg_class c WHERE c.oid = format('%I.%I', v_schema, v_name)::regclass) THEN
    EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', v_schema, v_name);
  END IF;
  EXECUTE format('REVOKE ALL ON TABLE %I.%I FROM PUBLIC, anon, authenticated', v_schema, v_name);
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
ALTER FUNCTION learning.create_monthly_partition(regclass, date) OWNER TO unified_schema_definer;
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
ALTER FUNCTION learning.ensure_monthly_partitions(regclass, integer) OWNER TO unified_schema_definer;
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
GRANT EXECUTE ON FUNCTION learning.quiz_answer_matches(text, jsonb, jsonb) TO authenticated, service_role, unified_schema_definer;
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
ALTER FUNCTION learning.lock_quiz_for_attempt(uuid, uuid) OWNER TO unified_schema_definer;
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
ALTER FUNCTION learning.open_quiz_attempt(learning.course_quizzes, uuid) OWNER TO unified_schema_definer;
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
ALTER FUNCTION learning.start_quiz_attempt(uuid, uuid) OWNER TO unified_schema_definer;
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
ALTER FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) OWNER TO unified_schema_definer;
--> statement-breakpoint
GRANT USAGE ON SCHEMA wolo TO anon, authenticated, service_role;
--> statement-breakpoint
REVOKE ALL ON wolo.ab_test_assignments, wolo.ab_tests, wolo.admin_sessions, wolo.analytics_events, wolo.audit_logs, wolo.business_metrics, wolo.donation_analytics, wolo.donations, wolo.feature_flags, wolo.funnel_analytics, wolo.notification_analytics, wolo.notification_preferences, wolo.notification_templates, wolo.notifications, wolo.packs, wolo.partner_settlements, wolo.partner_staff, wolo.partners, wolo.password_reset_tokens, wolo.points_conversions, wolo.points_ledger, wolo.pot_analytics, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.qr_codes, wolo.qr_redemption_logs, wolo.referrals, wolo.refunds, wolo.sponsor_campaigns, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits, wolo.system_config, wolo.system_health_checks, wolo.user_addresses, wolo.user_sessions, wolo.users, wolo.wave_webhook_events, wolo.pot_donations FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON wolo.ab_test_assignments, wolo.ab_tests, wolo.admin_sessions, wolo.analytics_events, wolo.audit_logs, wolo.business_metrics, wolo.donation_analytics, wolo.donations, wolo.feature_flags, wolo.funnel_analytics, wolo.notification_analytics, wolo.notification_preferences, wolo.notification_templates, wolo.notifications, wolo.packs, wolo.partner_settlements, wolo.partner_staff, wolo.partners, wolo.password_reset_tokens, wolo.points_conversions, wolo.points_ledger, wolo.pot_analytics, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.qr_codes, wolo.qr_redemption_logs, wolo.referrals, wolo.refunds, wolo.sponsor_campaigns, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits, wolo.system_config, wolo.system_health_checks, wolo.user_addresses, wolo.user_sessions, wolo.users, wolo.wave_webhook_events TO service_role;
--> statement-breakpoint
GRANT SELECT ON wolo.ab_test_assignments, wolo.ab_tests, wolo.admin_sessions, wolo.analytics_events, wolo.audit_logs, wolo.business_metrics, wolo.donation_analytics, wolo.donations, wolo.feature_flags, wolo.funnel_analytics, wolo.notification_analytics, wolo.notification_preferences, wolo.notification_templates, wolo.notifications, wolo.packs, wolo.partner_settlements, wolo.partner_staff, wolo.partners, wolo.password_reset_tokens, wolo.points_conversions, wolo.points_ledger, wolo.pot_analytics, wolo.pot_invitations, wolo.pots, wolo.profiles, wolo.qr_codes, wolo.qr_redemption_logs, wolo.referrals, wolo.refunds, wolo.sponsor_campaigns, wolo.sponsor_contact_batches, wolo.sponsor_daily_limits, wolo.system_config, wolo.system_health_checks, wolo.user_addresses, wolo.user_sessions, wolo.users, wolo.wave_webhook_events TO authenticated;
--> statement-breakpoint
GRANT SELECT ON wolo.pot_donations TO authenticated, service_role;
--> statement-breakpoint
GRANT SELECT ON wolo.pots, wolo.packs TO anon;
--> statement-breakpoint
GRANT INSERT (id, phone, email, auth_provider) ON wolo.users TO authenticated;
--> statement-breakpoint
GRANT UPDATE (phone, email, auth_provider, last_login_at) ON wolo.users TO authenticated;
--> statement-breakpoint
GRANT INSERT (user_id, full_name, date_of_birth, locale, timezone, avatar_url, bio, guardian_user_id, relationship_type, id_type, id_country, id_media_url, is_profile_public, allow_contact_by_sponsors, notification_preferences) ON wolo.profiles TO authenticated;
--> statement-breakpoint
GRANT UPDATE (full_name, date_of_birth, locale, timezone, avatar_url, bio, guardian_user_id, relationship_type, id_type, id_country, id_media_url, is_profile_public, allow_contact_by_sponsors, notification_preferences, updated_at) ON wolo.profiles TO authenticated;
--> statement-breakpoint
GRANT INSERT, UPDATE, DELETE ON wolo.user_addresses TO authenticated;
--> statement-breakpoint
GRANT INSERT, UPDATE ON wolo.notification_preferences TO authenticated;
--> statement-breakpoint
GRANT INSERT (id, owner_user_id, title, description, target_amount_cfa, birthday_date, scheduled_open_at, status, visibility, preferred_pack_id, allow_anonymous_donations, show_donor_names, enable_messages, cover_image_url, gallery_images, created_from_referral_id) ON wolo.pots TO authenticated;
--> statement-breakpoint
GRANT UPDATE (title, description, target_amount_cfa, birthday_date, scheduled_open_at, status, visibility, preferred_pack_id, allow_anonymous_donations, show_donor_names, enable_messages, cover_image_url, gallery_images) ON wolo.pots TO authenticated;
--> statement-breakpoint
GRANT DELETE ON wolo.pots TO authenticated;
--> statement-breakpoint
GRANT INSERT ON wolo.pot_invitations TO authenticated;
--> statement-breakpoint
GRANT UPDATE (name, description, category, base_price_cfa, discounted_price_cfa, is_active, available_from, available_until, max_redemptions_per_user, total_available_quantity, image_url, gallery_images, venue_restrictions, terms_and_conditions, redemption_instructions, validity_days, seo_title, seo_description, marketing_tags) ON wolo.packs TO authenticated;
--> statement-breakpoint
GRANT USAGE ON SCHEMA auth, extensions TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON wolo.users, wolo.partner_staff, wolo.donations, wolo.pots, wolo.feature_flags TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT (user_id, id_number, id_hash), UPDATE (id_number, id_hash) ON wolo.profiles TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON wolo.audit_logs TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT, SELECT (id) ON wolo.analytics_events TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION extensions.hmac(text, text, text), extensions.pgp_sym_encrypt(text, text), extensions.pgp_sym_decrypt(bytea, text) TO unified_schema_definer;

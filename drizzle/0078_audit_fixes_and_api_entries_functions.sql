-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: definer role reads login identities
-- new: function learning.require_login_identity()
-- new: trigger users_require_login_identity on learning.users
-- new: trigger enrollments_count_courses_update on learning.enrollments
-- new: trigger course_completions_update_course_rating_insert on learning.course_completions
-- new: trigger course_completions_update_course_rating_update on learning.course_completions
-- new: trigger course_completions_update_course_rating_delete on learning.course_completions
-- new: check learning.lesson_activity_events payload size
-- new: function wolo.require_login_identity()
-- new: trigger users_require_login_identity on wolo.users
-- new: trigger donations_pot_totals_insert on wolo.donations
-- new: trigger donations_pot_totals_update on wolo.donations
-- new: trigger donations_pot_totals_delete on wolo.donations
-- new: trigger refunds_pot_totals_insert on wolo.refunds
-- new: trigger refunds_pot_totals_update on wolo.refunds
-- new: trigger refunds_pot_totals_delete on wolo.refunds
-- changed: function learning.count_course_enrollments()
-- changed: function learning.update_course_rating()
-- changed: function learning.create_monthly_partition(regclass, date)
-- changed: initial partitions of learning.lesson_activity_events
-- changed: function learning.start_quiz_attempt(uuid, uuid)
-- changed: function learning.submit_quiz_attempt(uuid, uuid, jsonb)
-- changed: function wolo.pot_totals_refresh()
-- changed: function wolo.refund_pot_totals_refresh()
-- changed: function wolo.accept_referral(text, uuid)
-- changed: function wolo.feature_enabled(text, uuid, text)
-- changed: function wolo.set_id_number(uuid, text)
-- changed: function wolo.read_id_number(uuid)
-- removed: function learning.update_course_stats()
-- removed: trigger trigger_update_course_stats on learning.enrollments
-- removed: trigger trigger_update_course_rating on learning.course_completions
-- removed: trigger donations_pot_totals on wolo.donations
-- removed: trigger refunds_pot_totals on wolo.refunds
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
DROP TRIGGER IF EXISTS refunds_pot_totals ON wolo.refunds;
--> statement-breakpoint
DROP TRIGGER IF EXISTS donations_pot_totals ON wolo.donations;
--> statement-breakpoint
DROP TRIGGER IF EXISTS trigger_update_course_rating ON learning.course_completions;
--> statement-breakpoint
DROP TRIGGER IF EXISTS trigger_update_course_stats ON learning.enrollments;
--> statement-breakpoint
DO $login$
BEGIN
  GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
  GRANT SELECT (id, email, phone) ON auth.users TO unified_schema_definer;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'the migrating role cannot grant SELECT on auth.users to unified_schema_definer: the login-identity triggers compare with the token''s claims on this database (%)', SQLERRM;
END
$login$;
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
REVOKE ALL ON SEQUENCE public.admin_notifications_id_seq, public.profile_audit_log_id_seq FROM PUBLIC, anon, authenticated;
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
CREATE OR REPLACE FUNCTION learning.require_login_identity()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_uid uuid := (SELECT auth.uid());
  v_email_new boolean;
  v_phone_new boolean;
  v_email text;
  v_phone text;
  v_claims jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    v_email_new := NEW.email IS NOT NULL;
    v_phone_new := NEW.phone IS NOT NULL;
  ELSE
    v_email_new := NEW.email IS NOT NULL AND NEW.email IS DISTINCT FROM OLD.email;
    v_phone_new := NEW.phone IS NOT NULL AND NEW.phone IS DISTINCT FROM OLD.phone;
  END IF;
  -- another user's row: RLS refuses it (every write policy is id = auth.uid()); checked here, the
  -- outcome would tell the writer whether a guess is that user's email
  IF NOT (v_email_new OR v_phone_new) OR NEW.id IS DISTINCT FROM coalesce(v_uid, NEW.id) THEN
    RETURN NEW;
  END IF;
  IF pg_catalog.has_column_privilege('auth.users', 'id', 'SELECT')
     AND pg_catalog.has_column_privilege('auth.users', 'email', 'SELECT')
     AND pg_catalog.has_column_privilege('auth.users', 'phone', 'SELECT') THEN
    SELECT a.email, a.phone INTO v_email, v_phone FROM auth.users a WHERE a.id = v_uid;
  ELSE
    v_claims := nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb;
    v_email := v_claims ->> 'email';
    v_phone := v_claims ->> 'phone';
  END IF;
  IF v_email_new AND pg_catalog.lower(NEW.email) IS DISTINCT FROM pg_catalog.lower(nullif(v_email, '')) THEN
    RAISE EXCEPTION 'email must be the email address this account signs in with'
      USING ERRCODE = 'UL021', COLUMN = 'email', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
  END IF;
  IF v_phone_new AND pg_catalog.regexp_replace(NEW.phone, '[^0-9]', '', 'g')
       IS DISTINCT FROM nullif(pg_catalog.regexp_replace(v_phone, '[^0-9]', '', 'g'), '') THEN
    RAISE EXCEPTION 'phone must be the phone number this account signs in with'
      USING ERRCODE = 'UL021', COLUMN = 'phone', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.require_login_identity() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.require_login_identity() IS 'Trigger: an email or phone anon or authenticated writes into learning.users is the writer''s own login identity (auth.users); UL021 otherwise.';
--> statement-breakpoint
ALTER FUNCTION learning.require_login_identity() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_require_login_identity
BEFORE INSERT OR UPDATE OF EMAIL, PHONE ON learning.users
FOR EACH ROW
WHEN (CURRENT_USER IN ('anon', 'authenticated'))
EXECUTE FUNCTION learning.require_login_identity();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.count_course_enrollments()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_deltas jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_object_agg(d.course_id, d.n) INTO v_deltas FROM (SELECT n.course_id, count(*) AS n FROM new_rows n GROUP BY n.course_id) d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_object_agg(d.course_id, -d.n) INTO v_deltas FROM (SELECT o.course_id, count(*) AS n FROM old_rows o GROUP BY o.course_id) d;
  ELSE
    SELECT jsonb_object_agg(d.course_id, d.n) INTO v_deltas
      FROM (SELECT m.course_id, sum(m.delta) AS n
              FROM (SELECT n.course_id, 1 AS delta FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id WHERE n.course_id IS DISTINCT FROM o.course_id
                    UNION ALL
                    SELECT o.course_id, -1 FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE o.course_id IS DISTINCT FROM n.course_id) m
             GROUP BY m.course_id HAVING sum(m.delta) <> 0) d;
  END IF;
  IF v_deltas IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM learning.courses c WHERE c.id IN (SELECT k::uuid FROM jsonb_object_keys(v_deltas) k) ORDER BY c.id FOR NO KEY UPDATE;
  UPDATE learning.courses c SET enrollment_count = greatest(c.enrollment_count + (v_deltas ->> c.id::text)::integer, 0)
   WHERE c.id IN (SELECT k::uuid FROM jsonb_object_keys(v_deltas) k);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.count_course_enrollments() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.count_course_enrollments() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_count_courses_update
AFTER UPDATE ON learning.enrollments
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.count_course_enrollments();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.update_course_rating()
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
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.course_id) INTO v_courses FROM old_rows o;
  ELSE
    SELECT array_agg(DISTINCT v.course_id) INTO v_courses
      FROM new_rows n
      FULL JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.course_id), (o.course_id)) AS v(course_id)
     WHERE v.course_id IS NOT NULL
       AND (n.course_id, n.rating) IS DISTINCT FROM (o.course_id, o.rating);
  END IF;
  IF v_courses IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM learning.courses c WHERE c.id = ANY (v_courses) ORDER BY c.id FOR NO KEY UPDATE;
  UPDATE learning.courses c
     SET average_rating = coalesce(r.avg_rating, 0), review_count = r.n
    FROM (SELECT a.id, round(avg(cc.rating), 2) AS avg_rating, count(cc.rating)::int AS n
            FROM unnest(v_courses) AS a(id)
            LEFT JOIN learning.course_completions cc ON cc.course_id = a.id
           GROUP BY a.id) r
   WHERE c.id = r.id;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.update_course_rating() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
ALTER FUNCTION learning.update_course_rating() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_update_course_rating_insert
AFTER INSERT ON learning.course_completions
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.update_course_rating();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_update_course_rating_update
AFTER UPDATE ON learning.course_completions
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.update_course_rating();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER course_completions_update_course_rating_delete
AFTER DELETE ON learning.course_completions
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION learning.update_course_rating();
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS idx_course_statistics_id ON learning.course_statistics (id);
--> statement-breakpoint
REVOKE ALL ON learning.course_statistics FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT SELECT ON learning.course_statistics TO service_role;
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
DO $guard$
DECLARE
  c record;
  rel regclass;
  forced boolean;
  found text;
  problems text := '';
BEGIN
  FOR c IN SELECT * FROM (VALUES
      ('learning.lesson_activity_events', 'lesson_activity_events_payload_size_check', 'octet_length(payload::text) <= 65536', 't.id::text || '' '' || t.occurred_at::text')) v(tbl, name, expr, key) LOOP
    rel := pg_catalog.to_regclass(c.tbl);
    CONTINUE WHEN rel IS NULL
      OR EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = rel AND k.conname = c.name);
    SELECT relforcerowsecurity INTO forced FROM pg_catalog.pg_class WHERE oid = rel;
    IF forced THEN
      EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', rel);
    END IF;
    BEGIN
      EXECUTE format('SELECT string_agg(s.k, %L) FROM (SELECT %s AS k FROM %s t WHERE NOT (%s) ORDER BY 1 LIMIT 20) s', ', ', c.key, rel, c.expr) INTO found;
    EXCEPTION WHEN undefined_column THEN
      found := NULL;
    END;
    IF forced THEN
      EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', rel);
    END IF;
    IF found IS NOT NULL THEN
      problems := problems || format('%s %s: %s; ', c.tbl, c.name, found);
    END IF;
  END LOOP;
  IF problems <> '' THEN
    RAISE EXCEPTION 'rows over the size limits these CHECKs add (table constraint: keys): %', problems
      USING ERRCODE = 'check_violation',
            HINT = 'shorten or clear those values (the limits are TEXT_LIMITS in src/schema/_shared), then migrate again';
  END IF;
END
$guard$;
--> statement-breakpoint
DO $check$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = 'learning.lesson_activity_events'::regclass AND conname = 'lesson_activity_events_payload_size_check') THEN
    ALTER TABLE learning.lesson_activity_events ADD CONSTRAINT lesson_activity_events_payload_size_check CHECK (octet_length(payload::text) <= 65536);
  END IF;
END
$check$;
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
  -- One call at a time per partitioned table, until the caller's commit: concurrent callers for the
  -- same month otherwise both ALTER / REVOKE the new partition, and the second fails with "tuple
  -- concurrently updated" (the catalog row the first changed). The next caller then finds it.
  PERFORM pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('learning.create_monthly_partition'), pg_catalog.hashtext(table_name::text));
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
  -- and that rule said in the catalog: one restrictive policy refusing every row to every role that
  -- does not bypass RLS (what RLS with no policy means, spelt out: lint rls_enabled_no_policy)
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = format('%I.%I', v_schema, v_name)::regclass) THEN
    EXECUTE format('CREATE POLICY %I ON %I.%I AS RESTRICTIVE FOR ALL TO PUBLIC USING (false) WITH CHECK (false)',
                   'rows are read and written through ' || v_table, v_schema, v_name);
  END IF;
  RETURN format('%I.%I', v_schema, v_name);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.create_monthly_partition(regclass, date) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.create_monthly_partition(regclass, date) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.create_monthly_partition(regclass, date) IS 'Creates (idempotently) the monthly partition of a range-partitioned learning table for the UTC month of `month`; returns its qualified name.';
--> statement-breakpoint
ALTER FUNCTION learning.create_monthly_partition(regclass, date) OWNER TO unified_schema_definer;
--> statement-breakpoint
SELECT learning.ensure_monthly_partitions('learning.lesson_activity_events'::regclass, 3);
--> statement-breakpoint
-- again whenever what it secures changes (last: the refusing policy)
SELECT learning.create_monthly_partition(i.inhparent::regclass, pg_catalog.to_date(pg_catalog.right(c.relname::text, 7), 'YYYY_MM'))
       FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'learning.lesson_activity_events'::regclass
      ORDER BY c.relname;
--> statement-breakpoint
DROP FUNCTION IF EXISTS learning.start_quiz_attempt(uuid, uuid);
--> statement-breakpoint
DROP FUNCTION IF EXISTS learning_private.start_quiz_attempt(uuid, uuid);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.start_quiz_attempt(quiz_id uuid, user_id uuid)
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
REVOKE ALL ON FUNCTION learning_private.start_quiz_attempt(uuid, uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.start_quiz_attempt(uuid, uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.start_quiz_attempt(uuid, uuid) IS 'Starts or resumes an attempt at a quiz (the time limit counts from started_at).';
--> statement-breakpoint
ALTER FUNCTION learning_private.start_quiz_attempt(uuid, uuid) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.start_quiz_attempt(quiz_id uuid, user_id uuid)
RETURNS learning.quiz_attempts
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = ''
RETURN learning_private.start_quiz_attempt($1, $2);
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.start_quiz_attempt(uuid, uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning.start_quiz_attempt(uuid, uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning.start_quiz_attempt(uuid, uuid) IS 'Starts or resumes an attempt at a quiz (the time limit counts from started_at).';
--> statement-breakpoint
ALTER FUNCTION learning.start_quiz_attempt(uuid, uuid) OWNER TO unified_schema_definer;
--> statement-breakpoint
DROP FUNCTION IF EXISTS learning.submit_quiz_attempt(uuid, uuid, jsonb);
--> statement-breakpoint
DROP FUNCTION IF EXISTS learning_private.submit_quiz_attempt(uuid, uuid, jsonb);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning_private.submit_quiz_attempt(quiz_id uuid, user_id uuid, responses jsonb)
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
REVOKE ALL ON FUNCTION learning_private.submit_quiz_attempt(uuid, uuid, jsonb) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION learning_private.submit_quiz_attempt(uuid, uuid, jsonb) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION learning_private.submit_quiz_attempt(uuid, uuid, jsonb) IS 'Scores and completes a quiz attempt; refuses past attempts_allowed or after time_limit; passed by passing_score.';
--> statement-breakpoint
ALTER FUNCTION learning_private.submit_quiz_attempt(uuid, uuid, jsonb) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION learning.submit_quiz_attempt(quiz_id uuid, user_id uuid, responses jsonb)
RETURNS learning.quiz_attempts
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = ''
RETURN learning_private.submit_quiz_attempt($1, $2, $3);
--> statement-breakpoint
REVOKE ALL ON FUNCTION learning.submit_quiz_attempt(uuid, uuid, jsonb) FROM PUBLIC, anon, authenticated, service_role;
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
GRANT INSERT (id, event_name, event_category, user_id, properties, session_id, anonymous_id, platform, device_type) ON wolo.analytics_events TO authenticated;
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
CREATE OR REPLACE FUNCTION wolo.require_login_identity()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_uid uuid := (SELECT auth.uid());
  v_email_new boolean;
  v_phone_new boolean;
  v_email text;
  v_phone text;
  v_claims jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    v_email_new := NEW.email IS NOT NULL;
    v_phone_new := NEW.phone IS NOT NULL;
  ELSE
    v_email_new := NEW.email IS NOT NULL AND NEW.email IS DISTINCT FROM OLD.email;
    v_phone_new := NEW.phone IS NOT NULL AND NEW.phone IS DISTINCT FROM OLD.phone;
  END IF;
  -- another user's row: RLS refuses it (every write policy is id = auth.uid()); checked here, the
  -- outcome would tell the writer whether a guess is that user's email
  IF NOT (v_email_new OR v_phone_new) OR NEW.id IS DISTINCT FROM coalesce(v_uid, NEW.id) THEN
    RETURN NEW;
  END IF;
  IF pg_catalog.has_column_privilege('auth.users', 'id', 'SELECT')
     AND pg_catalog.has_column_privilege('auth.users', 'email', 'SELECT')
     AND pg_catalog.has_column_privilege('auth.users', 'phone', 'SELECT') THEN
    SELECT a.email, a.phone INTO v_email, v_phone FROM auth.users a WHERE a.id = v_uid;
  ELSE
    v_claims := nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb;
    v_email := v_claims ->> 'email';
    v_phone := v_claims ->> 'phone';
  END IF;
  IF v_email_new AND pg_catalog.lower(NEW.email) IS DISTINCT FROM pg_catalog.lower(nullif(v_email, '')) THEN
    RAISE EXCEPTION 'email must be the email address this account signs in with'
      USING ERRCODE = 'UW029', COLUMN = 'email', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
  END IF;
  IF v_phone_new AND pg_catalog.regexp_replace(NEW.phone, '[^0-9]', '', 'g')
       IS DISTINCT FROM nullif(pg_catalog.regexp_replace(v_phone, '[^0-9]', '', 'g'), '') THEN
    RAISE EXCEPTION 'phone must be the phone number this account signs in with'
      USING ERRCODE = 'UW029', COLUMN = 'phone', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.require_login_identity() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.require_login_identity() IS 'Trigger: an email or phone anon or authenticated writes into wolo.users is the writer''s own login identity (auth.users); UW029 otherwise.';
--> statement-breakpoint
ALTER FUNCTION wolo.require_login_identity() OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_require_login_identity
BEFORE INSERT OR UPDATE OF EMAIL, PHONE ON wolo.users
FOR EACH ROW
WHEN (CURRENT_USER IN ('anon', 'authenticated'))
EXECUTE FUNCTION wolo.require_login_identity();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.pot_totals_refresh()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
DECLARE
  affected uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n.pot_id) INTO affected FROM new_rows n WHERE n.status IN ('succeeded', 'refunded');
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT o.pot_id) INTO affected FROM old_rows o WHERE o.status IN ('succeeded', 'refunded');
  ELSE
    -- The rows whose pot, status, amount or donor changed while counted before or after (a row whose
    -- id changed is matched to nothing, and counts on both sides): both their pots.
    SELECT array_agg(DISTINCT v.pot_id) INTO affected
      FROM new_rows n
      FULL JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (n.pot_id), (o.pot_id)) AS v(pot_id)
     WHERE v.pot_id IS NOT NULL
       AND (n.status IN ('succeeded', 'refunded') OR o.status IN ('succeeded', 'refunded'))
       AND (n.pot_id, n.status, n.amount_cfa, n.donor_user_id, n.donor_phone) IS DISTINCT FROM (o.pot_id, o.status, o.amount_cfa, o.donor_user_id, o.donor_phone);
  END IF;
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
           coalesce(sum(d.amount_cfa - coalesce(rf.total, 0)) FILTER (WHERE d.status IN ('succeeded', 'refunded')), 0)::bigint AS raised,
           count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone)) FILTER (WHERE d.status = 'succeeded')::integer AS donors
    FROM pg_catalog.unnest(affected) AS a(pot_id)
    LEFT JOIN wolo.donations d ON d.pot_id = a.pot_id
    LEFT JOIN LATERAL (SELECT sum(r.amount_cfa) AS total FROM wolo.refunds r WHERE r.donation_id = d.id) rf ON d.status IN ('succeeded', 'refunded')
    GROUP BY a.pot_id
  ) t
  WHERE p.id = t.pot_id
    AND (p.raised_cfa <> t.raised OR p.donor_count <> t.donors OR (p.status = 'open' AND t.raised >= p.target_amount_cfa));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.pot_totals_refresh() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.pot_totals_refresh() IS 'Statement trigger on donations: keeps pots.raised_cfa (succeeded donations minus their refunds) and donor_count exact, pots locked in id order; funds an open pot that reached its target.';
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.refund_pot_totals_refresh()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
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
  END IF;
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
           coalesce(sum(d.amount_cfa - coalesce(rf.total, 0)) FILTER (WHERE d.status IN ('succeeded', 'refunded')), 0)::bigint AS raised,
           count(DISTINCT coalesce(d.donor_user_id::text, d.donor_phone)) FILTER (WHERE d.status = 'succeeded')::integer AS donors
    FROM pg_catalog.unnest(affected) AS a(pot_id)
    LEFT JOIN wolo.donations d ON d.pot_id = a.pot_id
    LEFT JOIN LATERAL (SELECT sum(r.amount_cfa) AS total FROM wolo.refunds r WHERE r.donation_id = d.id) rf ON d.status IN ('succeeded', 'refunded')
    GROUP BY a.pot_id
  ) t
  WHERE p.id = t.pot_id
    AND (p.raised_cfa <> t.raised OR p.donor_count <> t.donors OR (p.status = 'open' AND t.raised >= p.target_amount_cfa));
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.refund_pot_totals_refresh() FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.refund_pot_totals_refresh() IS 'Statement trigger on refunds: keeps the totals of the refunded donations'' pots exact (see pot_totals_refresh).';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_pot_totals_insert
AFTER INSERT ON wolo.donations
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION wolo.pot_totals_refresh();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_pot_totals_update
AFTER UPDATE ON wolo.donations
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION wolo.pot_totals_refresh();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_pot_totals_delete
AFTER DELETE ON wolo.donations
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION wolo.pot_totals_refresh();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER refunds_pot_totals_insert
AFTER INSERT ON wolo.refunds
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT
EXECUTE FUNCTION wolo.refund_pot_totals_refresh();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER refunds_pot_totals_update
AFTER UPDATE ON wolo.refunds
REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION wolo.refund_pot_totals_refresh();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER refunds_pot_totals_delete
AFTER DELETE ON wolo.refunds
REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT
EXECUTE FUNCTION wolo.refund_pot_totals_refresh();
--> statement-breakpoint
GRANT USAGE ON SCHEMA auth, extensions TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT ON wolo.users, wolo.partner_staff, wolo.donations, wolo.pots, wolo.feature_flags TO unified_schema_definer;
--> statement-breakpoint
GRANT SELECT (user_id, id_number, id_hash), UPDATE (id_number, id_hash) ON wolo.profiles TO unified_schema_definer;
--> statement-breakpoint
GRANT INSERT ON wolo.audit_logs TO unified_schema_definer;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION extensions.hmac(text, text, text), extensions.pgp_sym_encrypt(text, text), extensions.pgp_sym_decrypt(bytea, text) TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.accept_referral(referral_code text, user_id uuid)
RETURNS uuid
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
#variable_conflict use_column
DECLARE
  v_referral uuid;
  v_sponsor uuid;
  v_status text;
  v_expires timestamptz;
  v_boost numeric(3, 2);
  v_entry uuid;
BEGIN
  SELECT r.id, r.sponsor_user_id, r.status, r.expired_at INTO v_referral, v_sponsor, v_status, v_expires
  FROM wolo.referrals r WHERE r.referral_code = pg_catalog.upper(accept_referral.referral_code) FOR UPDATE;
  IF v_referral IS NULL THEN
    RAISE EXCEPTION 'no referral has code %', accept_referral.referral_code USING ERRCODE = 'UW007', COLUMN = 'referral_code';
  ELSIF v_status = 'accepted' THEN
    RAISE EXCEPTION 'referral % was already accepted', accept_referral.referral_code USING ERRCODE = 'UW009', COLUMN = 'referral_code';
  ELSIF v_status <> 'sent' OR v_expires <= pg_catalog.now() THEN
    RAISE EXCEPTION 'referral % has expired or was declined', accept_referral.referral_code USING ERRCODE = 'UW008', COLUMN = 'referral_code';
  ELSIF v_sponsor = accept_referral.user_id THEN
    RAISE EXCEPTION 'a sponsor cannot accept their own referral' USING ERRCODE = 'UW015', COLUMN = 'user_id';
  END IF;
  PERFORM wolo.require_user(accept_referral.user_id, 'user', 'user_id');
  -- A user is sponsored once: the first accepted referral wins. The user's row is locked first, so two
  -- codes accepted at once for one user take turns and the second, reading in a later statement (a
  -- fresh READ COMMITTED snapshot), sees the first; referrals_sponsored_user_id_key backs it for any writer.
  PERFORM 1 FROM wolo.users u WHERE u.id = accept_referral.user_id FOR NO KEY UPDATE;
  PERFORM 1 FROM wolo.referrals r WHERE r.sponsored_user_id = accept_referral.user_id AND r.status = 'accepted';
  IF FOUND THEN
    RAISE EXCEPTION 'user % is already sponsored: a user accepts one referral, the first', accept_referral.user_id
      USING ERRCODE = 'UW030', COLUMN = 'user_id';
  END IF;
  UPDATE wolo.referrals r SET status = 'accepted', accepted_at = pg_catalog.now(), sponsored_user_id = accept_referral.user_id
  WHERE r.id = v_referral;
  SELECT coalesce(max(c.points_multiplier), 1.00) INTO v_boost FROM wolo.sponsor_campaigns c
  WHERE c.status = 'active' AND c.starts_at <= pg_catalog.now() AND pg_catalog.now() < c.ends_at;
  INSERT INTO wolo.points_ledger (sponsor_user_id, referral_id, event_type, points_earned, status, base_multiplier, sponsor_boost_multiplier, description)
  VALUES (v_sponsor, v_referral, 'referral_accepted', pg_catalog.round(100 * 1.00 * v_boost)::integer, 'pending', 1.00, v_boost, 'referral accepted')
  RETURNING id INTO v_entry;
  RETURN v_entry;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.accept_referral(text, uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.accept_referral(text, uuid) TO service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.accept_referral(text, uuid) IS 'Accepts a referral once, for a user not yet sponsored, and credits the sponsor pending points (campaign boost applied); service_role only.';
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo.feature_enabled(text, uuid, text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo_private.feature_enabled(text, uuid, text);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.feature_enabled(flag_key text, user_id uuid DEFAULT NULL, region text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  f wolo.feature_flags;
  v_env text := coalesce(nullif(pg_catalog.current_setting('wolo.environment', true), ''), 'production');
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
    RAISE EXCEPTION 'a user may ask about its own flags only' USING ERRCODE = 'UW018', COLUMN = 'user_id';
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
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo_private.feature_enabled(text, uuid, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.feature_enabled(text, uuid, text) TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.feature_enabled(text, uuid, text) IS 'Whether flag_key is on for user_id / region: disabled or other environment → off; targeted groups or regions → on; else a deterministic md5 bucket below rollout_percentage.';
--> statement-breakpoint
ALTER FUNCTION wolo_private.feature_enabled(text, uuid, text) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.feature_enabled(flag_key text, user_id uuid DEFAULT NULL, region text DEFAULT NULL)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
RETURN wolo_private.feature_enabled($1, $2, $3);
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.feature_enabled(text, uuid, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.feature_enabled(text, uuid, text) TO anon, authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.feature_enabled(text, uuid, text) IS 'Whether flag_key is on for user_id / region: disabled or other environment → off; targeted groups or regions → on; else a deterministic md5 bucket below rollout_percentage.';
--> statement-breakpoint
ALTER FUNCTION wolo.feature_enabled(text, uuid, text) OWNER TO unified_schema_definer;
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo.set_id_number(uuid, text);
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo_private.set_id_number(uuid, text);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.set_id_number(user_id uuid, id_number text)
RETURNS uuid[]
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_key text;
  v_caller uuid := (SELECT auth.uid());
  v_norm text := pg_catalog.upper(pg_catalog.regexp_replace(coalesce(set_id_number.id_number, ''), '\s', '', 'g'));
  v_hash text;
BEGIN

  v_key := nullif(pg_catalog.current_setting('wolo.id_encryption_key', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION 'setting wolo.id_encryption_key is not set: the ID encryption key is given per transaction by the caller'
      USING ERRCODE = 'UW025', COLUMN = 'id_number';
  END IF;
  -- an API role (SET ROLE by PostgREST or the package's context helpers) acts for its signed-in user:
  -- the user itself or an admin; without a user (a token with no sub) for nobody. service_role and a
  -- connection of its own ('none': the owner, a server job) may name anyone.
  IF coalesce(nullif(pg_catalog.current_setting('role', true), ''), 'none') NOT IN ('service_role', 'none')
     AND (v_caller IS NULL OR (v_caller <> set_id_number.user_id AND NOT wolo_private.has_role('admin'))) THEN
    RAISE EXCEPTION 'only the user, an admin or service_role may do this' USING ERRCODE = '42501';
  END IF;
  IF v_norm !~ '^[A-Z0-9-]{4,50}$' THEN
    RAISE EXCEPTION 'id_number must be 4 to 50 letters, digits or dashes' USING ERRCODE = 'UW018', COLUMN = 'id_number';
  END IF;
  v_hash := pg_catalog.encode(extensions.hmac(v_norm, v_key || ':id_hash', 'sha256'), 'hex');
  UPDATE wolo.profiles p SET id_number = pg_catalog.encode(extensions.pgp_sym_encrypt(v_norm, v_key), 'base64'), id_hash = v_hash
  WHERE p.user_id = set_id_number.user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'profile % does not exist', set_id_number.user_id USING ERRCODE = 'UW016', COLUMN = 'user_id';
  END IF;
  RETURN coalesce((SELECT pg_catalog.array_agg(p.user_id) FROM wolo.profiles p WHERE p.id_hash = v_hash AND p.user_id <> set_id_number.user_id), '{}');
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo_private.set_id_number(uuid, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.set_id_number(uuid, text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.set_id_number(uuid, text) IS 'Stores the ID number encrypted (key from setting wolo.id_encryption_key) and its HMAC; returns other profiles with the same ID. The user, an admin or service_role.';
--> statement-breakpoint
ALTER FUNCTION wolo_private.set_id_number(uuid, text) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.set_id_number(user_id uuid, id_number text)
RETURNS uuid[]
LANGUAGE sql
VOLATILE
SECURITY INVOKER
SET search_path = ''
RETURN wolo_private.set_id_number($1, $2);
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.set_id_number(uuid, text) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.set_id_number(uuid, text) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.set_id_number(uuid, text) IS 'Stores the ID number encrypted (key from setting wolo.id_encryption_key) and its HMAC; returns other profiles with the same ID. The user, an admin or service_role.';
--> statement-breakpoint
ALTER FUNCTION wolo.set_id_number(uuid, text) OWNER TO unified_schema_definer;
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo.read_id_number(uuid);
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo_private.read_id_number(uuid);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo_private.read_id_number(user_id uuid)
RETURNS text
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $fn$
DECLARE
  v_key text;
  v_caller uuid := (SELECT auth.uid());
  v_cipher text;
BEGIN

  v_key := nullif(pg_catalog.current_setting('wolo.id_encryption_key', true), '');
  IF v_key IS NULL THEN
    RAISE EXCEPTION 'setting wolo.id_encryption_key is not set: the ID encryption key is given per transaction by the caller'
      USING ERRCODE = 'UW025', COLUMN = 'id_number';
  END IF;
  -- an API role (SET ROLE by PostgREST or the package's context helpers) acts for its signed-in user:
  -- the user itself or an admin; without a user (a token with no sub) for nobody. service_role and a
  -- connection of its own ('none': the owner, a server job) may name anyone.
  IF coalesce(nullif(pg_catalog.current_setting('role', true), ''), 'none') NOT IN ('service_role', 'none')
     AND (v_caller IS NULL OR (v_caller <> read_id_number.user_id AND NOT wolo_private.has_role('admin'))) THEN
    RAISE EXCEPTION 'only the user, an admin or service_role may do this' USING ERRCODE = '42501';
  END IF;
  SELECT p.id_number INTO v_cipher FROM wolo.profiles p WHERE p.user_id = read_id_number.user_id;
  IF v_cipher IS NULL THEN
    RETURN NULL;
  END IF;
  RETURN extensions.pgp_sym_decrypt(pg_catalog.decode(v_cipher, 'base64'), v_key);
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo_private.read_id_number(uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo_private.read_id_number(uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo_private.read_id_number(uuid) IS 'Decrypts the ID number (key from setting wolo.id_encryption_key). The user, an admin or service_role.';
--> statement-breakpoint
ALTER FUNCTION wolo_private.read_id_number(uuid) OWNER TO unified_schema_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION wolo.read_id_number(user_id uuid)
RETURNS text
LANGUAGE sql
STABLE
SECURITY INVOKER
SET search_path = ''
RETURN wolo_private.read_id_number($1);
--> statement-breakpoint
REVOKE ALL ON FUNCTION wolo.read_id_number(uuid) FROM PUBLIC, anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION wolo.read_id_number(uuid) TO authenticated, service_role;
--> statement-breakpoint
COMMENT ON FUNCTION wolo.read_id_number(uuid) IS 'Decrypts the ID number (key from setting wolo.id_encryption_key). The user, an admin or service_role.';
--> statement-breakpoint
ALTER FUNCTION wolo.read_id_number(uuid) OWNER TO unified_schema_definer;
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
DO $subjects$
DECLARE
  t text;
BEGIN
  GRANT USAGE ON SCHEMA auth TO unified_schema_definer;
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
  RAISE WARNING 'subjects: no USAGE on schema auth for unified_schema_definer: the auth tables are skipped on this database (%)', SQLERRM;
END
$subjects$;
--> statement-breakpoint
REVOKE ALL ON subjects.runs FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA subjects TO service_role;
--> statement-breakpoint
GRANT SELECT ON subjects.runs TO service_role;
--> statement-breakpoint
DROP FUNCTION IF EXISTS learning.update_course_stats();

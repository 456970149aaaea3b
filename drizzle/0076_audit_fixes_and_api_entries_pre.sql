-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: size checks guard
-- new: wolo referrals one sponsor per user guard
-- changed: crm customers email case collisions guard
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
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
      ('crm.conversations', 'conversations_metadata_size_check', 'octet_length(metadata::text) <= 65536', 't.brand_id::text || '' '' || t.id::text'),
      ('crm.conversations', 'conversations_opt_out_reason_length_check', 'char_length(opt_out_reason) <= 255', 't.brand_id::text || '' '' || t.id::text'),
      ('crm.conversations', 'conversations_tags_length_check', 'cardinality(tags) <= 100 AND (char_length(array_to_string(tags, E''\n'')) <= 100 OR array_to_string(tags, E''\n'') !~ ''[^\n]{101}'')', 't.brand_id::text || '' '' || t.id::text'),
      ('crm.customers', 'customers_metadata_size_check', 'octet_length(metadata::text) <= 65536', 't.brand_id::text || '' '' || t.id::text'),
      ('crm.customers', 'customers_tags_length_check', 'cardinality(tags) <= 100 AND (char_length(array_to_string(tags, E''\n'')) <= 100 OR array_to_string(tags, E''\n'') !~ ''[^\n]{101}'')', 't.brand_id::text || '' '' || t.id::text'),
      ('crm.messages', 'messages_content_length_check', 'char_length(content) <= 5000', 't.brand_id::text || '' '' || t.id::text'),
      ('crm.messages', 'messages_media_urls_length_check', 'cardinality(media_urls) <= 20 AND (char_length(array_to_string(media_urls, E''\n'')) <= 2048 OR array_to_string(media_urls, E''\n'') !~ ''[^\n]{2049}'')', 't.brand_id::text || '' '' || t.id::text'),
      ('crm.messages', 'messages_metadata_size_check', 'octet_length(metadata::text) <= 65536', 't.brand_id::text || '' '' || t.id::text'),
      ('learning.content_versions', 'content_versions_change_summary_length_check', 'char_length(change_summary) <= 5000', 't.id::text'),
      ('learning.content_versions', 'content_versions_content_data_size_check', 'octet_length(content_data::text) <= 1048576', 't.id::text'),
      ('learning.course_lessons', 'course_lessons_attachments_size_check', 'octet_length(attachments::text) <= 65536', 't.id::text'),
      ('learning.course_lessons', 'course_lessons_content_length_check', 'char_length(content) <= 65536', 't.id::text'),
      ('learning.course_lessons', 'course_lessons_external_links_size_check', 'octet_length(external_links::text) <= 65536', 't.id::text'),
      ('learning.course_lessons', 'course_lessons_video_quality_size_check', 'octet_length(video_quality::text) <= 65536', 't.id::text'),
      ('learning.course_lessons', 'course_lessons_video_url_length_check', 'char_length(video_url) <= 2048', 't.id::text'),
      ('learning.course_quizzes', 'course_quizzes_description_length_check', 'char_length(description) <= 5000', 't.id::text'),
      ('learning.course_quizzes', 'course_quizzes_instructions_length_check', 'char_length(instructions) <= 5000', 't.id::text'),
      ('learning.course_resources', 'course_resources_description_length_check', 'char_length(description) <= 5000', 't.id::text'),
      ('learning.course_resources', 'course_resources_file_url_length_check', 'char_length(file_url) <= 2048', 't.id::text'),
      ('learning.course_sections', 'course_sections_description_length_check', 'char_length(description) <= 5000', 't.id::text'),
      ('learning.courses', 'courses_description_length_check', 'char_length(description) <= 5000', 't.id::text'),
      ('learning.courses', 'courses_learning_objectives_size_check', 'octet_length(learning_objectives::text) <= 65536', 't.id::text'),
      ('learning.courses', 'courses_meta_description_length_check', 'char_length(meta_description) <= 255', 't.id::text'),
      ('learning.courses', 'courses_preview_video_url_length_check', 'char_length(preview_video_url) <= 2048', 't.id::text'),
      ('learning.courses', 'courses_requirements_size_check', 'octet_length(requirements::text) <= 65536', 't.id::text'),
      ('learning.courses', 'courses_short_description_length_check', 'char_length(short_description) <= 5000', 't.id::text'),
      ('learning.courses', 'courses_target_audience_size_check', 'octet_length(target_audience::text) <= 65536', 't.id::text'),
      ('learning.courses', 'courses_thumbnail_url_length_check', 'char_length(thumbnail_url) <= 2048', 't.id::text'),
      ('learning.media_files', 'media_files_cdn_url_length_check', 'char_length(cdn_url) <= 2048', 't.id::text'),
      ('learning.media_files', 'media_files_file_path_length_check', 'char_length(file_path) <= 2048', 't.id::text'),
      ('learning.media_files', 'media_files_processed_variants_size_check', 'octet_length(processed_variants::text) <= 65536', 't.id::text'),
      ('learning.quiz_attempts', 'quiz_attempts_responses_size_check', 'octet_length(responses::text) <= 65536', 't.id::text'),
      ('learning.quiz_questions', 'quiz_questions_correct_answer_size_check', 'octet_length(correct_answer::text) <= 65536', 't.id::text'),
      ('learning.quiz_questions', 'quiz_questions_explanation_length_check', 'char_length(explanation) <= 5000', 't.id::text'),
      ('learning.quiz_questions', 'quiz_questions_options_size_check', 'octet_length(options::text) <= 65536', 't.id::text'),
      ('learning.quiz_questions', 'quiz_questions_question_text_length_check', 'char_length(question_text) <= 5000', 't.id::text'),
      ('learning.user_addresses', 'user_addresses_encrypted_details_length_check', 'char_length(encrypted_details) <= 65536', 't.id::text'),
      ('learning.user_preferences', 'user_preferences_value_size_check', 'octet_length(value::text) <= 65536', 't.id::text'),
      ('learning.users', 'users_avatar_url_length_check', 'char_length(avatar_url) <= 2048', 't.id::text'),
      ('learning.users', 'users_linkedin_url_length_check', 'char_length(linkedin_url) <= 2048', 't.id::text'),
      ('learning.users', 'users_twitter_url_length_check', 'char_length(twitter_url) <= 2048', 't.id::text'),
      ('learning.users', 'users_website_url_length_check', 'char_length(website_url) <= 2048', 't.id::text'),
      ('public.courses', 'courses_description_length_check', 'char_length(description) <= 5000', 't.id::text'),
      ('public.courses', 'courses_slug_length_check', 'char_length(slug) <= 255', 't.id::text'),
      ('public.courses', 'courses_title_length_check', 'char_length(title) <= 255', 't.id::text'),
      ('public.leads', 'leads_first_name_length_check', 'char_length(first_name) <= 200', 't.id::text'),
      ('public.leads', 'leads_last_name_length_check', 'char_length(last_name) <= 200', 't.id::text'),
      ('public.leads', 'leads_systemeio_id_length_check', 'char_length(systemeio_id) <= 255', 't.id::text'),
      ('public.membership_levels', 'membership_levels_description_length_check', 'char_length(description) <= 5000', 't.id::text'),
      ('public.membership_levels', 'membership_levels_name_length_check', 'char_length(name) <= 255', 't.id::text'),
      ('public.transactions', 'transactions_external_id_length_check', 'char_length(external_id) <= 255', 't.id::text'),
      ('public.transactions', 'transactions_payment_method_length_check', 'char_length(payment_method) <= 255', 't.id::text'),
      ('public.unified_profiles', 'unified_profiles_acquisition_source_length_check', 'char_length(acquisition_source) <= 255', 't.id::text'),
      ('public.unified_profiles', 'unified_profiles_admin_metadata_size_check', 'octet_length(admin_metadata::text) <= 65536', 't.id::text'),
      ('public.unified_profiles', 'unified_profiles_first_name_length_check', 'char_length(first_name) <= 200', 't.id::text'),
      ('public.unified_profiles', 'unified_profiles_last_name_length_check', 'char_length(last_name) <= 200', 't.id::text'),
      ('public.unified_profiles', 'unified_profiles_systemeio_id_length_check', 'char_length(systemeio_id) <= 255', 't.id::text'),
      ('public.unified_profiles', 'unified_profiles_tags_length_check', 'cardinality(tags) <= 100 AND (char_length(array_to_string(tags, E''\n'')) <= 100 OR array_to_string(tags, E''\n'') !~ ''[^\n]{101}'')', 't.id::text'),
      ('wolo.analytics_events', 'analytics_events_properties_size_check', 'octet_length(properties::text) <= 65536', 't.id::text'),
      ('wolo.donations', 'donations_donation_message_length_check', 'char_length(donation_message) <= 1000', 't.id::text'),
      ('wolo.notifications', 'notifications_template_data_size_check', 'octet_length(template_data::text) <= 65536', 't.id::text'),
      ('wolo.packs', 'packs_description_length_check', 'char_length(description) <= 5000', 't.id::text'),
      ('wolo.packs', 'packs_gallery_images_size_check', 'octet_length(gallery_images::text) <= 65536', 't.id::text'),
      ('wolo.packs', 'packs_marketing_tags_length_check', 'cardinality(marketing_tags) <= 100 AND (char_length(array_to_string(marketing_tags, E''\n'')) <= 100 OR array_to_string(marketing_tags, E''\n'') !~ ''[^\n]{101}'')', 't.id::text'),
      ('wolo.packs', 'packs_redemption_instructions_length_check', 'char_length(redemption_instructions) <= 5000', 't.id::text'),
      ('wolo.packs', 'packs_seo_description_length_check', 'char_length(seo_description) <= 255', 't.id::text'),
      ('wolo.packs', 'packs_terms_and_conditions_length_check', 'char_length(terms_and_conditions) <= 5000', 't.id::text'),
      ('wolo.packs', 'packs_venue_restrictions_size_check', 'octet_length(venue_restrictions::text) <= 65536', 't.id::text'),
      ('wolo.partners', 'partners_notification_preferences_size_check', 'octet_length(notification_preferences::text) <= 65536', 't.id::text'),
      ('wolo.partners', 'partners_venues_size_check', 'octet_length(venues::text) <= 65536', 't.id::text'),
      ('wolo.pot_invitations', 'pot_invitations_custom_message_length_check', 'char_length(custom_message) <= 1000', 't.id::text'),
      ('wolo.pots', 'pots_description_length_check', 'char_length(description) <= 5000', 't.id::text'),
      ('wolo.pots', 'pots_gallery_images_size_check', 'octet_length(gallery_images::text) <= 65536', 't.id::text'),
      ('wolo.profiles', 'profiles_bio_length_check', 'char_length(bio) <= 2000', 't.user_id::text'),
      ('wolo.profiles', 'profiles_notification_preferences_size_check', 'octet_length(notification_preferences::text) <= 65536', 't.user_id::text'),
      ('wolo.qr_codes', 'qr_codes_partner_notes_length_check', 'char_length(partner_notes) <= 2000', 't.id::text'),
      ('wolo.qr_codes', 'qr_codes_redeemed_at_venue_size_check', 'octet_length(redeemed_at_venue::text) <= 65536', 't.id::text'),
      ('wolo.qr_redemption_logs', 'qr_redemption_logs_venue_context_size_check', 'octet_length(venue_context::text) <= 65536', 't.id::text'),
      ('wolo.referrals', 'referrals_invitation_message_length_check', 'char_length(invitation_message) <= 1000', 't.id::text'),
      ('wolo.refunds', 'refunds_reason_description_length_check', 'char_length(reason_description) <= 2000', 't.id::text'),
      ('wolo.user_addresses', 'user_addresses_street_address_length_check', 'char_length(street_address) <= 500', 't.id::text'),
      ('wolo.user_sessions', 'user_sessions_device_info_size_check', 'octet_length(device_info::text) <= 65536', 't.id::text')) v(tbl, name, expr, key) LOOP
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
DO $guard$
DECLARE
  forced boolean;
  v_rows text;
BEGIN
  SELECT relforcerowsecurity INTO forced FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass('crm.customers');
  IF forced IS NULL THEN
    RETURN;
  END IF;
  IF forced THEN
    ALTER TABLE crm.customers NO FORCE ROW LEVEL SECURITY;
  END IF;
  v_rows := (SELECT string_agg(format('%s %s (%s customers)', d.brand_id, d.email, d.n), '; ')
           FROM (SELECT c.brand_id, lower(c.email) AS email, count(*) AS n
                   FROM crm.customers c GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 50) d);
  IF forced THEN
    ALTER TABLE crm.customers FORCE ROW LEVEL SECURITY;
  END IF;
  IF v_rows IS NOT NULL THEN
    RAISE EXCEPTION 'crm.customers: emails are now case-insensitive (unique on brand_id, lower(email)) and these customers collide: %', v_rows
      USING ERRCODE = 'unique_violation',
            HINT = 'merge or change the email of all but one customer of each pair, then migrate again';
  END IF;
END
$guard$;
--> statement-breakpoint
DO $guard$
DECLARE
  forced boolean;
  v_rows text;
BEGIN
  SELECT relforcerowsecurity INTO forced FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass('wolo.referrals');
  IF forced IS NULL THEN
    RETURN;
  END IF;
  IF forced THEN
    ALTER TABLE wolo.referrals NO FORCE ROW LEVEL SECURITY;
  END IF;
  v_rows := (SELECT string_agg(format('user %s (%s accepted referrals: %s)', d.sponsored_user_id, d.n, d.referrals), '; ')
           FROM (SELECT r.sponsored_user_id, count(*) AS n, string_agg(r.id::text, ', ' ORDER BY r.accepted_at, r.id) AS referrals
                   FROM wolo.referrals r WHERE r.status = 'accepted' AND r.sponsored_user_id IS NOT NULL
                  GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 50) d);
  IF forced THEN
    ALTER TABLE wolo.referrals FORCE ROW LEVEL SECURITY;
  END IF;
  IF v_rows IS NOT NULL THEN
    RAISE EXCEPTION 'wolo.referrals: a user is now sponsored once (unique on sponsored_user_id where accepted) and these users have several accepted referrals: %', v_rows
      USING ERRCODE = 'unique_violation',
            HINT = 'keep each user''s first referral (listed first); set the others to declined with accepted_at and sponsored_user_id NULL and revoke their points_ledger rows (status revoked), then migrate again';
  END IF;
END
$guard$;

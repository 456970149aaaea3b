ALTER TABLE "crm"."conversations" DROP CONSTRAINT "conversations_tags_length_check";--> statement-breakpoint
ALTER TABLE "crm"."messages" DROP CONSTRAINT "messages_media_urls_length_check";--> statement-breakpoint
ALTER TABLE "crm"."customers" DROP CONSTRAINT "customers_tags_length_check";--> statement-breakpoint
ALTER TABLE "unified_profiles" DROP CONSTRAINT "unified_profiles_tags_length_check";--> statement-breakpoint
ALTER TABLE "crm"."conversations" ADD CONSTRAINT "conversations_tags_length_check" CHECK (cardinality(tags) <= 100 AND (char_length(array_to_string(tags, E'\n')) <= 100 OR array_to_string(tags, E'\n') !~ '[^\n]{101}'));--> statement-breakpoint
ALTER TABLE "crm"."messages" ADD CONSTRAINT "messages_media_urls_length_check" CHECK (cardinality(media_urls) <= 20 AND (char_length(array_to_string(media_urls, E'\n')) <= 2048 OR array_to_string(media_urls, E'\n') !~ '[^\n]{2049}'));--> statement-breakpoint
ALTER TABLE "crm"."customers" ADD CONSTRAINT "customers_tags_length_check" CHECK (cardinality(tags) <= 100 AND (char_length(array_to_string(tags, E'\n')) <= 100 OR array_to_string(tags, E'\n') !~ '[^\n]{101}'));--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_tags_length_check" CHECK (cardinality(tags) <= 100 AND (char_length(array_to_string(tags, E'\n')) <= 100 OR array_to_string(tags, E'\n') !~ '[^\n]{101}'));
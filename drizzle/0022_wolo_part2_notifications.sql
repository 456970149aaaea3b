ALTER TABLE "wolo"."notifications" DROP CONSTRAINT "notifications_status_check";--> statement-breakpoint
ALTER TABLE "wolo"."notification_preferences" ADD COLUMN "marketing_opt_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wolo"."notification_preferences" ADD COLUMN "marketing_opt_in_source" varchar(100);--> statement-breakpoint
ALTER TABLE "wolo"."notification_templates" ADD COLUMN "category" text DEFAULT 'transactional' NOT NULL;--> statement-breakpoint
ALTER TABLE "wolo"."notification_preferences" ADD CONSTRAINT "notification_preferences_marketing_opt_in_check" CHECK (("wolo"."notification_preferences"."marketing_opt_in_at" IS NULL) = ("wolo"."notification_preferences"."marketing_opt_in_source" IS NULL));--> statement-breakpoint
ALTER TABLE "wolo"."notification_templates" ADD CONSTRAINT "notification_templates_category_check" CHECK (category IN ('transactional', 'marketing'));--> statement-breakpoint
ALTER TABLE "wolo"."notifications" ADD CONSTRAINT "notifications_status_check" CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'bounced'));
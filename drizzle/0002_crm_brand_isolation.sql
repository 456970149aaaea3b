CREATE SCHEMA "crm";
--> statement-breakpoint
CREATE TYPE "crm"."brand_id" AS ENUM('gnymble', 'percymd', 'percytext');--> statement-breakpoint
CREATE TYPE "crm"."conversation_status" AS ENUM('active', 'paused', 'completed', 'archived');--> statement-breakpoint
CREATE TYPE "crm"."customer_source" AS ENUM('website', 'sms_campaign', 'email_campaign', 'referral', 'organic', 'paid_ads', 'social', 'other');--> statement-breakpoint
CREATE TYPE "crm"."customer_stage" AS ENUM('lead', 'marketing', 'trial', 'active', 'churned', 'dormant');--> statement-breakpoint
CREATE TYPE "crm"."message_direction" AS ENUM('inbound', 'outbound');--> statement-breakpoint
CREATE TYPE "crm"."message_status" AS ENUM('pending', 'sent', 'delivered', 'failed', 'undelivered');--> statement-breakpoint
CREATE TABLE "crm"."conversations" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" "crm"."brand_id" DEFAULT nullif(current_setting('app.current_brand', true), '')::crm.brand_id NOT NULL,
	"customer_id" uuid NOT NULL,
	"customer_phone" varchar(20) NOT NULL,
	"brand_phone" varchar(20) NOT NULL,
	"status" "crm"."conversation_status" DEFAULT 'active' NOT NULL,
	"campaign_id" uuid,
	"campaign_name" varchar(255),
	"message_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone,
	"last_inbound_at" timestamp with time zone,
	"last_outbound_at" timestamp with time zone,
	"opted_out_at" timestamp with time zone,
	"opt_out_reason" text,
	"metadata" jsonb,
	"tags" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_pkey" PRIMARY KEY("brand_id","id"),
	CONSTRAINT "conversations_brand_phones_unique" UNIQUE("brand_id","customer_phone","brand_phone"),
	CONSTRAINT "conversations_message_count_check" CHECK ("crm"."conversations"."message_count" >= 0),
	CONSTRAINT "conversations_opt_out_reason_check" CHECK ("crm"."conversations"."opt_out_reason" is null or "crm"."conversations"."opted_out_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "crm"."conversations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "crm"."messages" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" "crm"."brand_id" DEFAULT nullif(current_setting('app.current_brand', true), '')::crm.brand_id NOT NULL,
	"conversation_id" uuid NOT NULL,
	"direction" "crm"."message_direction" NOT NULL,
	"content" text NOT NULL,
	"media_urls" text[],
	"status" "crm"."message_status",
	"external_id" varchar(255),
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"metadata" jsonb,
	CONSTRAINT "messages_pkey" PRIMARY KEY("brand_id","id")
);
--> statement-breakpoint
ALTER TABLE "crm"."messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "crm"."customers" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" "crm"."brand_id" DEFAULT nullif(current_setting('app.current_brand', true), '')::crm.brand_id NOT NULL,
	"email" varchar(255) NOT NULL,
	"phone" varchar(20),
	"first_name" varchar(100),
	"last_name" varchar(100),
	"stage" "crm"."customer_stage" DEFAULT 'lead' NOT NULL,
	"source" "crm"."customer_source" DEFAULT 'website' NOT NULL,
	"marketing_qualified_at" timestamp with time zone,
	"trial_started_at" timestamp with time zone,
	"subscribed_at" timestamp with time zone,
	"churned_at" timestamp with time zone,
	"metadata" jsonb,
	"tags" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_pkey" PRIMARY KEY("brand_id","id"),
	CONSTRAINT "customers_brand_email_unique" UNIQUE("brand_id","email"),
	CONSTRAINT "customers_brand_phone_unique" UNIQUE("brand_id","phone")
);
--> statement-breakpoint
ALTER TABLE "crm"."customers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "crm"."conversations" ADD CONSTRAINT "conversations_brand_id_customer_id_fkey" FOREIGN KEY ("brand_id","customer_id") REFERENCES "crm"."customers"("brand_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm"."messages" ADD CONSTRAINT "messages_brand_id_conversation_id_fkey" FOREIGN KEY ("brand_id","conversation_id") REFERENCES "crm"."conversations"("brand_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_conversations_brand_id" ON "crm"."conversations" USING btree ("brand_id");--> statement-breakpoint
CREATE INDEX "idx_conversations_customer_id" ON "crm"."conversations" USING btree ("brand_id","customer_id");--> statement-breakpoint
CREATE INDEX "idx_conversations_phones" ON "crm"."conversations" USING btree ("customer_phone","brand_phone");--> statement-breakpoint
CREATE INDEX "idx_conversations_last_message" ON "crm"."conversations" USING btree ("brand_id","last_message_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_conversations_status" ON "crm"."conversations" USING btree ("brand_id","status");--> statement-breakpoint
CREATE INDEX "idx_messages_conversation_id" ON "crm"."messages" USING btree ("brand_id","conversation_id","sent_at");--> statement-breakpoint
CREATE INDEX "idx_messages_sent_at" ON "crm"."messages" USING btree ("brand_id","sent_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_messages_direction" ON "crm"."messages" USING btree ("brand_id","direction");--> statement-breakpoint
CREATE INDEX "idx_customers_brand_id" ON "crm"."customers" USING btree ("brand_id");--> statement-breakpoint
CREATE INDEX "idx_customers_email" ON "crm"."customers" USING btree ("email");--> statement-breakpoint
CREATE INDEX "idx_customers_stage" ON "crm"."customers" USING btree ("brand_id","stage");--> statement-breakpoint
CREATE INDEX "idx_customers_source" ON "crm"."customers" USING btree ("brand_id","source");--> statement-breakpoint
CREATE INDEX "idx_customers_created_at" ON "crm"."customers" USING btree ("brand_id","created_at","id");--> statement-breakpoint
CREATE INDEX "idx_customers_search" ON "crm"."customers" USING gin (to_tsvector('english', coalesce("first_name", '') || ' ' || coalesce("last_name", '') || ' ' || "email"));--> statement-breakpoint
CREATE VIEW "crm"."customer_analytics" WITH (security_invoker = true) AS (select
  brand_id,
  stage,
  source,
  count(*) as count,
  count(*) filter (where created_at >= now() - interval '30 days') as count_30d,
  avg(extract(epoch from (subscribed_at - created_at)) / 86400)
    filter (where subscribed_at is not null) as avg_days_to_subscription
from crm.customers
group by brand_id, stage, source);--> statement-breakpoint
CREATE VIEW "crm"."customer_search" AS (select "brand_id", "id", "created_at", to_tsvector('english', coalesce("crm"."customers"."first_name", '') || ' ' || coalesce("crm"."customers"."last_name", '') || ' ' || "crm"."customers"."email") as "document" from "crm"."customers" where "crm"."customers"."brand_id" = (select nullif(current_setting('app.current_brand', true), '')::crm.brand_id));--> statement-breakpoint
CREATE POLICY "crm_app reads and writes only the current brand" ON "crm"."conversations" AS PERMISSIVE FOR ALL TO "crm_app" USING ("crm"."conversations"."brand_id" = (select nullif(current_setting('app.current_brand', true), '')::crm.brand_id)) WITH CHECK ("crm"."conversations"."brand_id" = (select nullif(current_setting('app.current_brand', true), '')::crm.brand_id));--> statement-breakpoint
CREATE POLICY "crm_analytics reads every brand" ON "crm"."conversations" AS PERMISSIVE FOR SELECT TO "crm_analytics" USING (true);--> statement-breakpoint
CREATE POLICY "crm_app reads and writes only the current brand" ON "crm"."messages" AS PERMISSIVE FOR ALL TO "crm_app" USING ("crm"."messages"."brand_id" = (select nullif(current_setting('app.current_brand', true), '')::crm.brand_id)) WITH CHECK ("crm"."messages"."brand_id" = (select nullif(current_setting('app.current_brand', true), '')::crm.brand_id));--> statement-breakpoint
CREATE POLICY "crm_analytics reads every brand" ON "crm"."messages" AS PERMISSIVE FOR SELECT TO "crm_analytics" USING (true);--> statement-breakpoint
CREATE POLICY "crm_app reads and writes only the current brand" ON "crm"."customers" AS PERMISSIVE FOR ALL TO "crm_app" USING ("crm"."customers"."brand_id" = (select nullif(current_setting('app.current_brand', true), '')::crm.brand_id)) WITH CHECK ("crm"."customers"."brand_id" = (select nullif(current_setting('app.current_brand', true), '')::crm.brand_id));--> statement-breakpoint
CREATE POLICY "crm_analytics reads every brand" ON "crm"."customers" AS PERMISSIVE FOR SELECT TO "crm_analytics" USING (true);
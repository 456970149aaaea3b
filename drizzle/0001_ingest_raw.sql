CREATE SCHEMA "ingest";
--> statement-breakpoint
CREATE TABLE "ingest"."products" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"match_pattern" text,
	"priority" integer NOT NULL,
	"list_price" numeric(12, 2),
	"currency" text DEFAULT 'PHP' NOT NULL,
	"buyer_tag" text,
	"creates_profile" boolean DEFAULT false NOT NULL,
	"course_slug" text,
	CONSTRAINT "products_code_check" CHECK ("ingest"."products"."code" ~ '^[A-Za-z][A-Za-z0-9_]{0,31}$'),
	CONSTRAINT "products_list_price_check" CHECK ("ingest"."products"."list_price" is null or "ingest"."products"."list_price" >= 0),
	CONSTRAINT "products_currency_check" CHECK ("ingest"."products"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "ingest"."products" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ingest"."systemeio_raw" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"email_normalized" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"phone" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"registered_at" timestamp with time zone,
	"payload" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"api_synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_format" text DEFAULT 'api' NOT NULL,
	CONSTRAINT "systemeio_raw_source_format_check" CHECK ("ingest"."systemeio_raw"."source_format" in ('api', 'csv')),
	CONSTRAINT "systemeio_raw_email_normalized_check" CHECK ("ingest"."systemeio_raw"."email_normalized" = lower("ingest"."systemeio_raw"."email_normalized"))
);
--> statement-breakpoint
ALTER TABLE "ingest"."systemeio_raw" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ingest"."xendit_raw" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"status" text NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"currency" text DEFAULT 'PHP' NOT NULL,
	"description" text,
	"payer_email" text,
	"email_normalized" text,
	"created" timestamp with time zone,
	"updated" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"payment_method" text,
	"payment_channel" text,
	"payload" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"api_synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source_format" text DEFAULT 'api' NOT NULL,
	CONSTRAINT "xendit_raw_status_check" CHECK ("ingest"."xendit_raw"."status" in ('PENDING', 'PAID', 'SETTLED', 'EXPIRED')),
	CONSTRAINT "xendit_raw_amount_check" CHECK ("ingest"."xendit_raw"."amount" >= 0),
	CONSTRAINT "xendit_raw_currency_check" CHECK ("ingest"."xendit_raw"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "xendit_raw_source_format_check" CHECK ("ingest"."xendit_raw"."source_format" in ('api', 'csv')),
	CONSTRAINT "xendit_raw_email_normalized_check" CHECK ("ingest"."xendit_raw"."email_normalized" = lower("ingest"."xendit_raw"."email_normalized"))
);
--> statement-breakpoint
ALTER TABLE "ingest"."xendit_raw" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ingest"."rejected_rows" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ingest"."rejected_rows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" bigint,
	"source" text NOT NULL,
	"source_format" text NOT NULL,
	"record_id" text,
	"position" integer NOT NULL,
	"line" integer,
	"field" text,
	"reason" text NOT NULL,
	"payload" jsonb NOT NULL,
	"payload_hash" text NOT NULL,
	"rejected_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rejected_rows_source_check" CHECK ("ingest"."rejected_rows"."source" in ('xendit', 'systemeio'))
);
--> statement-breakpoint
ALTER TABLE "ingest"."rejected_rows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ingest"."run_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ingest"."run_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"status" text DEFAULT 'running' NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "run_log_kind_check" CHECK ("ingest"."run_log"."kind" in ('ingest_xendit', 'ingest_systemeio', 'sync_xendit', 'sync_systemeio', 'prepare', 'cutover', 'rollback', 'pipeline')),
	CONSTRAINT "run_log_status_check" CHECK ("ingest"."run_log"."status" in ('running', 'succeeded', 'failed')),
	CONSTRAINT "run_log_duration_ms_check" CHECK ("ingest"."run_log"."duration_ms" is null or "ingest"."run_log"."duration_ms" >= 0),
	CONSTRAINT "run_log_finished_check" CHECK (("ingest"."run_log"."status" = 'running') = ("ingest"."run_log"."finished_at" is null))
);
--> statement-breakpoint
ALTER TABLE "ingest"."run_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "ingest"."rejected_rows" ADD CONSTRAINT "rejected_rows_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "ingest"."run_log"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "products_priority_key" ON "ingest"."products" USING btree ("priority");--> statement-breakpoint
CREATE INDEX "systemeio_raw_email_normalized_idx" ON "ingest"."systemeio_raw" USING btree ("email_normalized");--> statement-breakpoint
CREATE INDEX "systemeio_raw_tags_idx" ON "ingest"."systemeio_raw" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "xendit_raw_email_normalized_idx" ON "ingest"."xendit_raw" USING btree ("email_normalized");--> statement-breakpoint
CREATE INDEX "xendit_raw_updated_idx" ON "ingest"."xendit_raw" USING btree ("updated");--> statement-breakpoint
CREATE UNIQUE INDEX "rejected_rows_source_payload_hash_key" ON "ingest"."rejected_rows" USING btree ("source","payload_hash");--> statement-breakpoint
CREATE INDEX "rejected_rows_run_id_idx" ON "ingest"."rejected_rows" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "run_log_kind_started_at_idx" ON "ingest"."run_log" USING btree ("kind","started_at" DESC NULLS LAST);
CREATE TABLE "ingest"."sync_state" (
	"source" text PRIMARY KEY NOT NULL,
	"cursor" text,
	"run_id" uuid,
	"run_started_at" timestamp with time zone,
	"run_since" timestamp with time zone,
	"run_max_updated" timestamp with time zone,
	"pages_committed" integer DEFAULT 0 NOT NULL,
	"records_committed" integer DEFAULT 0 NOT NULL,
	"high_water_mark" timestamp with time zone,
	"last_complete_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_state_source_check" CHECK ("ingest"."sync_state"."source" in ('xendit_invoices', 'xendit_transactions', 'systemeio_contacts')),
	CONSTRAINT "sync_state_counts_check" CHECK ("ingest"."sync_state"."pages_committed" >= 0 and "ingest"."sync_state"."records_committed" >= 0),
	CONSTRAINT "sync_state_cursor_run_check" CHECK ("ingest"."sync_state"."cursor" is null or "ingest"."sync_state"."run_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "ingest"."sync_state" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ingest"."xendit_transactions_raw" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text,
	"type" text,
	"status" text,
	"reference_id" text,
	"currency" text,
	"amount" numeric(20, 4),
	"created" timestamp with time zone,
	"updated" timestamp with time zone,
	"business_id" text,
	"payload" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"api_synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "xendit_transactions_raw_amount_check" CHECK ("ingest"."xendit_transactions_raw"."amount" is null or "ingest"."xendit_transactions_raw"."amount" >= 0),
	CONSTRAINT "xendit_transactions_raw_currency_check" CHECK ("ingest"."xendit_transactions_raw"."currency" is null or "ingest"."xendit_transactions_raw"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
ALTER TABLE "ingest"."xendit_transactions_raw" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "xendit_transactions_raw_updated_idx" ON "ingest"."xendit_transactions_raw" USING btree ("updated");--> statement-breakpoint
CREATE INDEX "xendit_transactions_raw_reference_id_idx" ON "ingest"."xendit_transactions_raw" USING btree ("reference_id");
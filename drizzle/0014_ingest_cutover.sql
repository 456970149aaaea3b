CREATE TABLE "ingest"."backups" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"schema_name" text NOT NULL,
	"tables" jsonb NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"checksums" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"sealed_at" timestamp with time zone,
	"restored_at" timestamp with time zone,
	"dropped_at" timestamp with time zone,
	"pg_version" integer,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "backups_id_check" CHECK (id ~ '^b[0-9]{8}_[0-9]{6}_[0-9a-f]{6}$'),
	CONSTRAINT "backups_schema_name_check" CHECK (schema_name = 'ingest_backup_' || id),
	CONSTRAINT "backups_status_check" CHECK (status in ('active', 'restored', 'dropped'))
);
--> statement-breakpoint
ALTER TABLE "ingest"."backups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "backups_schema_name_key" ON "ingest"."backups" USING btree ("schema_name");--> statement-breakpoint
CREATE INDEX "backups_created_at_idx" ON "ingest"."backups" USING btree ("created_at" DESC NULLS LAST);
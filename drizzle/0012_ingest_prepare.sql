CREATE TABLE "ingest"."validation_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ingest"."validation_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"report" jsonb NOT NULL,
	"blocking_errors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "validation_reports_blocking_errors_check" CHECK ("ingest"."validation_reports"."blocking_errors" >= 0)
);
--> statement-breakpoint
ALTER TABLE "ingest"."validation_reports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "ingest"."validation_reports" ADD CONSTRAINT "validation_reports_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "ingest"."run_log"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "validation_reports_run_id_idx" ON "ingest"."validation_reports" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "validation_reports_created_at_idx" ON "ingest"."validation_reports" USING btree ("created_at" DESC NULLS LAST);
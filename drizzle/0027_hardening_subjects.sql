CREATE SCHEMA "subjects";
--> statement-breakpoint
CREATE TABLE "subjects"."runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "subjects"."runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL,
	"db_role" text NOT NULL,
	"login_role" text NOT NULL,
	"jwt_sub" text,
	"action" text NOT NULL,
	"lookup" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"found" boolean NOT NULL,
	"total_rows" integer NOT NULL,
	"tables" jsonb NOT NULL,
	CONSTRAINT "runs_action_check" CHECK (action IN ('export', 'erase')),
	CONSTRAINT "runs_lookup_check" CHECK (lookup IN ('email', 'user_id', 'phone'))
);
--> statement-breakpoint
ALTER TABLE "subjects"."runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "runs_ran_at_idx" ON "subjects"."runs" USING btree ("ran_at" DESC NULLS LAST);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."course_completions" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."course_lessons" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."course_purchases" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."course_quizzes" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."courses" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."enrollments" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."lesson_progress" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."quiz_attempts" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "learning"."quiz_questions" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "marketing_source_rollup" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "marketing_source_rollup_by_profile" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "monthly_enrollments_rollup" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "monthly_enrollments_rollup_by_student" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "revenue_analysis_rollup" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "revenue_analysis_rollup_by_customer" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "wolo"."users" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "wolo"."profiles" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "wolo"."pots" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "wolo"."donations" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "wolo"."partner_staff" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "users record their own events" ON "wolo"."analytics_events" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("wolo"."analytics_events"."user_id" IS NULL OR "wolo"."analytics_events"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "wolo"."audit_logs" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "wolo"."feature_flags" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "service_role reads the data-subject runs" ON "subjects"."runs" AS PERMISSIVE FOR SELECT TO "service_role" USING (true);--> statement-breakpoint
CREATE POLICY "the definer role records data-subject runs" ON "subjects"."runs" AS PERMISSIVE FOR INSERT TO "unified_schema_definer" WITH CHECK (true);
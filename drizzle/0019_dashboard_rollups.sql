CREATE TABLE "marketing_source_rollup" (
	"acquisition_source" text NOT NULL,
	"cohort_month" date NOT NULL,
	"signups" integer NOT NULL,
	"paying_users" integer NOT NULL,
	"first_payment_seconds" numeric NOT NULL,
	CONSTRAINT "marketing_source_rollup_pkey" PRIMARY KEY("acquisition_source","cohort_month")
);
--> statement-breakpoint
ALTER TABLE "marketing_source_rollup" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "marketing_source_rollup_by_profile" (
	"profile_id" uuid PRIMARY KEY NOT NULL,
	"acquisition_source" text NOT NULL,
	"cohort_month" date NOT NULL,
	"first_paid_at" timestamp with time zone,
	"first_payment_seconds" numeric
);
--> statement-breakpoint
ALTER TABLE "marketing_source_rollup_by_profile" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "monthly_enrollments_rollup" (
	"course_id" uuid NOT NULL,
	"month" date NOT NULL,
	"enrollments" integer NOT NULL,
	"active_enrollments" integer NOT NULL,
	"unique_students" integer NOT NULL,
	CONSTRAINT "monthly_enrollments_rollup_pkey" PRIMARY KEY("course_id","month")
);
--> statement-breakpoint
ALTER TABLE "monthly_enrollments_rollup" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "monthly_enrollments_rollup_by_student" (
	"course_id" uuid NOT NULL,
	"month" date NOT NULL,
	"user_id" uuid NOT NULL,
	"enrollments" integer NOT NULL,
	CONSTRAINT "monthly_enrollments_rollup_by_student_pkey" PRIMARY KEY("course_id","month","user_id")
);
--> statement-breakpoint
ALTER TABLE "monthly_enrollments_rollup_by_student" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "revenue_analysis_rollup" (
	"month" date NOT NULL,
	"product" text NOT NULL,
	"currency" text NOT NULL,
	"revenue" numeric NOT NULL,
	"transaction_count" integer NOT NULL,
	"paying_customers" integer NOT NULL,
	CONSTRAINT "revenue_analysis_rollup_pkey" PRIMARY KEY("month","product","currency")
);
--> statement-breakpoint
ALTER TABLE "revenue_analysis_rollup" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "revenue_analysis_rollup_by_customer" (
	"month" date NOT NULL,
	"product" text NOT NULL,
	"currency" text NOT NULL,
	"customer" text NOT NULL,
	"transaction_count" integer NOT NULL,
	CONSTRAINT "revenue_analysis_rollup_by_customer_pkey" PRIMARY KEY("month","product","currency","customer")
);
--> statement-breakpoint
ALTER TABLE "revenue_analysis_rollup_by_customer" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "monthly_enrollments_rollup_month_idx" ON "monthly_enrollments_rollup" USING btree ("month") WHERE enrollments > 0;--> statement-breakpoint
CREATE INDEX "monthly_enrollments_rollup_by_student_zero_idx" ON "monthly_enrollments_rollup_by_student" USING btree ("month") WHERE enrollments = 0;--> statement-breakpoint
CREATE INDEX "revenue_analysis_rollup_by_customer_zero_idx" ON "revenue_analysis_rollup_by_customer" USING btree ("month") WHERE transaction_count = 0;--> statement-breakpoint
CREATE POLICY "admins read the marketing source rollup" ON "marketing_source_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the enrollments rollup" ON "monthly_enrollments_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the revenue rollup" ON "revenue_analysis_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));
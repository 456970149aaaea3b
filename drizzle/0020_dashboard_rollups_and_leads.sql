CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text DEFAULT 'systemeio' NOT NULL,
	"systemeio_id" text,
	"first_seen_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leads_email_check" CHECK (char_length(email) <= 320 AND email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'),
	CONSTRAINT "leads_source_check" CHECK (char_length(source) <= 100)
);
--> statement-breakpoint
ALTER TABLE "leads" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
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
DROP VIEW "public"."marketing_source_view";--> statement-breakpoint
DROP MATERIALIZED VIEW "public"."marketing_source_mv";--> statement-breakpoint
CREATE UNIQUE INDEX "leads_email_key" ON "leads" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "leads_source_first_seen_at_idx" ON "leads" USING btree ("source","first_seen_at");--> statement-breakpoint
CREATE INDEX "monthly_enrollments_rollup_month_idx" ON "monthly_enrollments_rollup" USING btree ("month") WHERE enrollments > 0;--> statement-breakpoint
CREATE INDEX "monthly_enrollments_rollup_by_student_zero_idx" ON "monthly_enrollments_rollup_by_student" USING btree ("month") WHERE enrollments = 0;--> statement-breakpoint
CREATE INDEX "revenue_analysis_rollup_by_customer_zero_idx" ON "revenue_analysis_rollup_by_customer" USING btree ("month") WHERE transaction_count = 0;--> statement-breakpoint
CREATE VIEW "public"."marketing_source_view" WITH (security_invoker = true) AS (
WITH p AS (
  SELECT up.id, lower(up.email) AS email, up.created_at,
         coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS acquisition_source,
         date_trunc('month', up.created_at AT TIME ZONE public.business_time_zone())::date AS cohort_month
  FROM public.unified_profiles up
  UNION ALL
  SELECT l.id, lower(l.email), l.first_seen_at,
         coalesce(nullif(btrim(l.source), ''), 'unknown'),
         date_trunc('month', l.first_seen_at AT TIME ZONE public.business_time_zone())::date
  FROM public.leads l
  WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = lower(l.email))
), paid_by_user AS (
  SELECT t.user_id, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NOT NULL
  GROUP BY t.user_id
), paid_by_email AS (
  SELECT lower(t.contact_email) AS email, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL AND t.contact_email IS NOT NULL
  GROUP BY lower(t.contact_email)
), per_profile AS (
  SELECT p.acquisition_source, p.cohort_month, p.created_at,
         least(u.first_paid_at, e.first_paid_at) AS first_paid_at
  FROM p
  LEFT JOIN paid_by_user u ON u.user_id = p.id
  LEFT JOIN paid_by_email e ON e.email = p.email
)
SELECT acquisition_source, cohort_month,
       count(*)::int AS signups,
       count(first_paid_at)::int AS paying_users,
       round(100.0 * count(first_paid_at) / count(*), 2)::numeric(5, 2) AS conversion_rate,
       round((avg(greatest(extract(epoch FROM first_paid_at - created_at), 0)) FILTER (WHERE first_paid_at IS NOT NULL) / 86400)::numeric, 1)::numeric(9, 1) AS avg_days_to_first_payment
FROM per_profile
GROUP BY acquisition_source, cohort_month);--> statement-breakpoint
CREATE MATERIALIZED VIEW "public"."marketing_source_mv" AS (
WITH p AS (
  SELECT up.id, lower(up.email) AS email, up.created_at,
         coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS acquisition_source,
         date_trunc('month', up.created_at AT TIME ZONE public.business_time_zone())::date AS cohort_month
  FROM public.unified_profiles up
  UNION ALL
  SELECT l.id, lower(l.email), l.first_seen_at,
         coalesce(nullif(btrim(l.source), ''), 'unknown'),
         date_trunc('month', l.first_seen_at AT TIME ZONE public.business_time_zone())::date
  FROM public.leads l
  WHERE NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE lower(up.email) = lower(l.email))
), paid_by_user AS (
  SELECT t.user_id, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NOT NULL
  GROUP BY t.user_id
), paid_by_email AS (
  SELECT lower(t.contact_email) AS email, min(coalesce(t.paid_at, t.settled_at, t.created_at)) AS first_paid_at
  FROM public.transactions t
  WHERE t.status IN ('paid', 'settled') AND t.user_id IS NULL AND t.contact_email IS NOT NULL
  GROUP BY lower(t.contact_email)
), per_profile AS (
  SELECT p.acquisition_source, p.cohort_month, p.created_at,
         least(u.first_paid_at, e.first_paid_at) AS first_paid_at
  FROM p
  LEFT JOIN paid_by_user u ON u.user_id = p.id
  LEFT JOIN paid_by_email e ON e.email = p.email
)
SELECT acquisition_source, cohort_month,
       count(*)::int AS signups,
       count(first_paid_at)::int AS paying_users,
       round(100.0 * count(first_paid_at) / count(*), 2)::numeric(5, 2) AS conversion_rate,
       round((avg(greatest(extract(epoch FROM first_paid_at - created_at), 0)) FILTER (WHERE first_paid_at IS NOT NULL) / 86400)::numeric, 1)::numeric(9, 1) AS avg_days_to_first_payment
FROM per_profile
GROUP BY acquisition_source, cohort_month);--> statement-breakpoint
CREATE POLICY "admins read leads" ON "leads" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the marketing source rollup" ON "marketing_source_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the enrollments rollup" ON "monthly_enrollments_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the revenue rollup" ON "revenue_analysis_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));
CREATE TABLE "admin_notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "admin_notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"title" text NOT NULL,
	"message" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"transaction_id" uuid,
	"user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "admin_notifications_type_check" CHECK (type IN ('payment_received', 'payment_refunded', 'enrollment_created', 'enrollment_skipped'))
);
--> statement-breakpoint
ALTER TABLE "admin_notifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "profile_audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "profile_audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"profile_id" uuid NOT NULL,
	"operation" text DEFAULT 'UPDATE' NOT NULL,
	"changed_columns" text[] NOT NULL,
	"old_values" jsonb NOT NULL,
	"new_values" jsonb NOT NULL,
	"actor_id" uuid,
	"actor_role" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profile_audit_log_operation_check" CHECK (operation IN ('UPDATE'))
);
--> statement-breakpoint
ALTER TABLE "profile_audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'published' NOT NULL,
	"transaction_type" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "courses_status_check" CHECK (status IN ('draft', 'published', 'archived')),
	CONSTRAINT "courses_transaction_type_check" CHECK (transaction_type IN ('P2P', 'Canva', 'Other')),
	CONSTRAINT "courses_slug_check" CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
ALTER TABLE "courses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"transaction_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_accessed_at" timestamp with time zone,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollments_status_check" CHECK (status IN ('pending', 'active', 'expired', 'cancelled', 'refunded')),
	CONSTRAINT "enrollments_expires_at_check" CHECK (expires_at IS NULL OR expires_at > enrolled_at)
);
--> statement-breakpoint
ALTER TABLE "enrollments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "dashboard_cache_status" (
	"cache_name" text PRIMARY KEY NOT NULL,
	"is_stale" boolean DEFAULT true NOT NULL,
	"stale_since" timestamp with time zone,
	"refreshed_at" timestamp with time zone,
	CONSTRAINT "dashboard_cache_status_cache_name_check" CHECK (cache_name IN ('dashboard_views', 'revenue_metrics'))
);
--> statement-breakpoint
ALTER TABLE "dashboard_cache_status" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "revenue_metrics" (
	"period_start" date NOT NULL,
	"product" text NOT NULL,
	"currency" text NOT NULL,
	"revenue" numeric(14, 2) NOT NULL,
	"transaction_count" integer NOT NULL,
	"average_value" numeric(14, 2),
	"paying_customers" integer NOT NULL,
	"previous_revenue" numeric(14, 2) NOT NULL,
	"revenue_change" numeric(14, 2) NOT NULL,
	"revenue_change_pct" numeric,
	"previous_transaction_count" integer NOT NULL,
	"transaction_count_change" integer NOT NULL,
	"previous_average_value" numeric(14, 2),
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "revenue_metrics_pkey" PRIMARY KEY("product","currency","period_start"),
	CONSTRAINT "revenue_metrics_product_check" CHECK (product IN ('all', 'P2P', 'Canva', 'Other'))
);
--> statement-breakpoint
ALTER TABLE "revenue_metrics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "affiliates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"code" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"commission_rate" numeric(5, 4) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "affiliates_status_check" CHECK (status IN ('pending', 'active', 'inactive', 'suspended')),
	CONSTRAINT "affiliates_commission_rate_check" CHECK (commission_rate >= 0 AND commission_rate <= 1),
	CONSTRAINT "affiliates_code_check" CHECK (code ~ '^[A-Za-z0-9_-]{2,64}$')
);
--> statement-breakpoint
ALTER TABLE "affiliates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "membership_levels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "membership_levels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "unified_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"phone" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"acquisition_source" text,
	"status" text DEFAULT 'active' NOT NULL,
	"admin_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"systemeio_id" text,
	"membership_level_id" uuid,
	"affiliate_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unified_profiles_email_check" CHECK (char_length(email) <= 320 AND email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'),
	CONSTRAINT "unified_profiles_phone_check" CHECK (phone ~ '^\+?[0-9]{7,15}$'),
	CONSTRAINT "unified_profiles_status_check" CHECK (status IN ('active', 'inactive', 'suspended', 'deleted'))
);
--> statement-breakpoint
ALTER TABLE "unified_profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"amount" numeric(12, 2) NOT NULL,
	"currency" text DEFAULT 'PHP' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"transaction_type" text DEFAULT 'Other' NOT NULL,
	"payment_method" text,
	"external_id" text,
	"contact_email" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"paid_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transactions_amount_check" CHECK (amount >= 0),
	CONSTRAINT "transactions_currency_check" CHECK (currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL')),
	CONSTRAINT "transactions_status_check" CHECK (status IN ('pending', 'paid', 'settled', 'expired', 'failed', 'refunded')),
	CONSTRAINT "transactions_transaction_type_check" CHECK (transaction_type IN ('P2P', 'Canva', 'Other')),
	CONSTRAINT "transactions_contact_email_check" CHECK (char_length(contact_email) <= 320 AND contact_email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$')
);
--> statement-breakpoint
ALTER TABLE "transactions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "admin_notifications" ADD CONSTRAINT "admin_notifications_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admin_notifications" ADD CONSTRAINT "admin_notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."unified_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "public"."transactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliates" ADD CONSTRAINT "affiliates_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."unified_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_id_fkey" FOREIGN KEY ("id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_membership_level_id_fkey" FOREIGN KEY ("membership_level_id") REFERENCES "public"."membership_levels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "fk_unified_profiles_affiliate_id" FOREIGN KEY ("affiliate_id") REFERENCES "public"."affiliates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_notifications_unread_idx" ON "admin_notifications" USING btree ("created_at" DESC NULLS LAST) WHERE read_at IS NULL;--> statement-breakpoint
CREATE INDEX "admin_notifications_transaction_id_idx" ON "admin_notifications" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "admin_notifications_user_id_idx" ON "admin_notifications" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "profile_audit_log_profile_id_changed_at_idx" ON "profile_audit_log" USING btree ("profile_id","changed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "courses_slug_key" ON "courses" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "courses_transaction_type_key" ON "courses" USING btree ("transaction_type") WHERE transaction_type IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_user_id_course_id_active_key" ON "enrollments" USING btree ("user_id","course_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "enrollments_user_id_idx" ON "enrollments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "enrollments_course_id_enrolled_at_idx" ON "enrollments" USING btree ("course_id","enrolled_at");--> statement-breakpoint
CREATE INDEX "enrollments_enrolled_at_idx" ON "enrollments" USING btree ("enrolled_at");--> statement-breakpoint
CREATE INDEX "enrollments_status_idx" ON "enrollments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "enrollments_expires_at_idx" ON "enrollments" USING btree ("expires_at") WHERE status = 'active' AND expires_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "enrollments_last_accessed_at_idx" ON "enrollments" USING btree ("course_id","last_accessed_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "enrollments_transaction_id_idx" ON "enrollments" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "affiliates_user_id_key" ON "affiliates" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "affiliates_code_key" ON "affiliates" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_levels_name_key" ON "membership_levels" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "unified_profiles_email_key" ON "unified_profiles" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "unified_profiles_systemeio_id_key" ON "unified_profiles" USING btree ("systemeio_id");--> statement-breakpoint
CREATE INDEX "unified_profiles_acquisition_source_created_at_idx" ON "unified_profiles" USING btree ("acquisition_source","created_at");--> statement-breakpoint
CREATE INDEX "unified_profiles_created_at_idx" ON "unified_profiles" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "unified_profiles_tags_idx" ON "unified_profiles" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "unified_profiles_status_idx" ON "unified_profiles" USING btree ("status") WHERE status <> 'active';--> statement-breakpoint
CREATE INDEX "unified_profiles_membership_level_id_idx" ON "unified_profiles" USING btree ("membership_level_id");--> statement-breakpoint
CREATE INDEX "unified_profiles_affiliate_id_idx" ON "unified_profiles" USING btree ("affiliate_id");--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_external_id_key" ON "transactions" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "transactions_user_id_created_at_idx" ON "transactions" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_contact_email_idx" ON "transactions" USING btree (lower("contact_email"));--> statement-breakpoint
CREATE INDEX "transactions_status_created_at_idx" ON "transactions" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "transactions_transaction_type_created_at_idx" ON "transactions" USING btree ("transaction_type","created_at");--> statement-breakpoint
CREATE INDEX "transactions_paid_at_idx" ON "transactions" USING btree ("paid_at") WHERE status IN ('paid', 'settled');--> statement-breakpoint
CREATE INDEX "transactions_transaction_type_paid_at_idx" ON "transactions" USING btree ("transaction_type","paid_at") WHERE status IN ('paid', 'settled');--> statement-breakpoint
CREATE INDEX "transactions_expires_at_idx" ON "transactions" USING btree ("expires_at") WHERE status = 'pending';--> statement-breakpoint
CREATE VIEW "public"."marketing_source_view" WITH (security_invoker = true) AS (
WITH p AS (
  SELECT up.id, lower(up.email) AS email, up.created_at,
         coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS acquisition_source,
         date_trunc('month', up.created_at AT TIME ZONE public.business_time_zone())::date AS cohort_month
  FROM public.unified_profiles up
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
CREATE VIEW "public"."monthly_enrollments_view" WITH (security_invoker = true) AS (
WITH e AS (
  SELECT en.course_id, en.user_id, en.status, date_trunc('month', en.enrolled_at AT TIME ZONE public.business_time_zone())::date AS month
  FROM public.enrollments en
), counts AS (
  SELECT course_id, month,
         count(*)::int AS enrollments,
         (count(*) FILTER (WHERE status = 'active'))::int AS active_enrollments,
         count(DISTINCT user_id)::int AS unique_students
  FROM e
  GROUP BY course_id, month
), span AS (
  SELECT course_id, min(month) AS first_month, (SELECT max(month) FROM counts) AS last_month
  FROM counts
  GROUP BY course_id
), dense AS (
  SELECT s.course_id, m.month::date AS month,
         coalesce(c.enrollments, 0) AS enrollments,
         coalesce(c.active_enrollments, 0) AS active_enrollments,
         coalesce(c.unique_students, 0) AS unique_students
  FROM span s
  CROSS JOIN LATERAL generate_series(s.first_month::timestamp, s.last_month::timestamp, interval '1 month') AS m(month)
  LEFT JOIN counts c ON c.course_id = s.course_id AND c.month = m.month::date
), growth AS (
  SELECT d.*, lag(d.enrollments, 1, 0) OVER (PARTITION BY d.course_id ORDER BY d.month) AS previous_month_enrollments
  FROM dense d
)
SELECT g.month, g.course_id, co.title AS course_title,
       g.enrollments, g.active_enrollments, g.unique_students,
       g.previous_month_enrollments::int AS previous_month_enrollments,
       (g.enrollments - g.previous_month_enrollments)::int AS growth,
       CASE WHEN g.previous_month_enrollments = 0 THEN NULL
            ELSE round(100.0 * (g.enrollments - g.previous_month_enrollments) / g.previous_month_enrollments, 2)
       END::numeric(14, 2) AS growth_pct
FROM growth g
JOIN public.courses co ON co.id = g.course_id);--> statement-breakpoint
CREATE VIEW "public"."revenue_analysis_view" WITH (security_invoker = true) AS (
SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month,
       t.transaction_type AS product,
       t.currency,
       sum(t.amount)::numeric(14, 2) AS revenue,
       count(*)::int AS transaction_count,
       round(avg(t.amount), 2)::numeric(14, 2) AS average_transaction_value,
       count(DISTINCT coalesce(t.user_id::text, lower(t.contact_email)))::int AS paying_customers
FROM public.transactions t
WHERE t.status IN ('paid', 'settled')
GROUP BY 1, 2, 3);--> statement-breakpoint
CREATE MATERIALIZED VIEW "public"."marketing_source_mv" AS (
WITH p AS (
  SELECT up.id, lower(up.email) AS email, up.created_at,
         coalesce(nullif(btrim(up.acquisition_source), ''), 'unknown') AS acquisition_source,
         date_trunc('month', up.created_at AT TIME ZONE public.business_time_zone())::date AS cohort_month
  FROM public.unified_profiles up
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
CREATE MATERIALIZED VIEW "public"."monthly_enrollments_mv" AS (
WITH e AS (
  SELECT en.course_id, en.user_id, en.status, date_trunc('month', en.enrolled_at AT TIME ZONE public.business_time_zone())::date AS month
  FROM public.enrollments en
), counts AS (
  SELECT course_id, month,
         count(*)::int AS enrollments,
         (count(*) FILTER (WHERE status = 'active'))::int AS active_enrollments,
         count(DISTINCT user_id)::int AS unique_students
  FROM e
  GROUP BY course_id, month
), span AS (
  SELECT course_id, min(month) AS first_month, (SELECT max(month) FROM counts) AS last_month
  FROM counts
  GROUP BY course_id
), dense AS (
  SELECT s.course_id, m.month::date AS month,
         coalesce(c.enrollments, 0) AS enrollments,
         coalesce(c.active_enrollments, 0) AS active_enrollments,
         coalesce(c.unique_students, 0) AS unique_students
  FROM span s
  CROSS JOIN LATERAL generate_series(s.first_month::timestamp, s.last_month::timestamp, interval '1 month') AS m(month)
  LEFT JOIN counts c ON c.course_id = s.course_id AND c.month = m.month::date
), growth AS (
  SELECT d.*, lag(d.enrollments, 1, 0) OVER (PARTITION BY d.course_id ORDER BY d.month) AS previous_month_enrollments
  FROM dense d
)
SELECT g.month, g.course_id, co.title AS course_title,
       g.enrollments, g.active_enrollments, g.unique_students,
       g.previous_month_enrollments::int AS previous_month_enrollments,
       (g.enrollments - g.previous_month_enrollments)::int AS growth,
       CASE WHEN g.previous_month_enrollments = 0 THEN NULL
            ELSE round(100.0 * (g.enrollments - g.previous_month_enrollments) / g.previous_month_enrollments, 2)
       END::numeric(14, 2) AS growth_pct
FROM growth g
JOIN public.courses co ON co.id = g.course_id);--> statement-breakpoint
CREATE MATERIALIZED VIEW "public"."revenue_analysis_mv" AS (
SELECT date_trunc('month', coalesce(t.paid_at, t.settled_at, t.created_at) AT TIME ZONE public.business_time_zone())::date AS month,
       t.transaction_type AS product,
       t.currency,
       sum(t.amount)::numeric(14, 2) AS revenue,
       count(*)::int AS transaction_count,
       round(avg(t.amount), 2)::numeric(14, 2) AS average_transaction_value,
       count(DISTINCT coalesce(t.user_id::text, lower(t.contact_email)))::int AS paying_customers
FROM public.transactions t
WHERE t.status IN ('paid', 'settled')
GROUP BY 1, 2, 3);--> statement-breakpoint
CREATE POLICY "admins read admin notifications" ON "admin_notifications" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the profile audit log" ON "profile_audit_log" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "authenticated users read courses" ON "courses" AS PERMISSIVE FOR SELECT TO "authenticated" USING (true);--> statement-breakpoint
CREATE POLICY "users read their own enrollments" ON "enrollments" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("enrollments"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "admins read every enrollment" ON "enrollments" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the dashboard cache status" ON "dashboard_cache_status" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read revenue metrics" ON "revenue_metrics" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users read their own affiliate record" ON "affiliates" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("affiliates"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "admins read every affiliate" ON "affiliates" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "authenticated users read membership levels" ON "membership_levels" AS PERMISSIVE FOR SELECT TO "authenticated" USING (true);--> statement-breakpoint
CREATE POLICY "users read their own profile" ON "unified_profiles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("unified_profiles"."id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users update the contact fields of their own profile" ON "unified_profiles" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("unified_profiles"."id" = (select auth.uid())) WITH CHECK ("unified_profiles"."id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "admins read every profile" ON "unified_profiles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users read their own transactions" ON "transactions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("transactions"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "admins read every transaction" ON "transactions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));
CREATE SCHEMA "learning";
--> statement-breakpoint
CREATE TABLE "learning"."content_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"content_id" uuid NOT NULL,
	"content_type" varchar(50) NOT NULL,
	"version_number" integer NOT NULL,
	"content_data" jsonb NOT NULL,
	"change_summary" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_versions_content_id_content_type_version_number_key" UNIQUE("content_id","content_type","version_number"),
	CONSTRAINT "content_versions_content_type_check" CHECK (content_type IN ('course', 'section', 'lesson', 'quiz', 'question', 'resource')),
	CONSTRAINT "content_versions_version_number_check" CHECK (version_number > 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."content_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"slug" varchar(100) NOT NULL,
	"description" text,
	"parent_id" uuid,
	"icon_url" text,
	"color" varchar(7),
	"sort_order" integer DEFAULT 0 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_categories_slug_check" CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "course_categories_color_check" CHECK (color ~ '^#[0-9A-Fa-f]{6}$'),
	CONSTRAINT "course_categories_parent_id_check" CHECK (parent_id IS DISTINCT FROM id)
);
--> statement-breakpoint
ALTER TABLE "learning"."course_categories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"completed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completion_percentage" numeric(5, 2) DEFAULT '100' NOT NULL,
	"total_time_spent" integer DEFAULT 0 NOT NULL,
	"final_score" numeric(5, 2),
	"certificate_issued" boolean DEFAULT false NOT NULL,
	"certificate_url" text,
	"rating" integer,
	"review" text,
	"would_recommend" boolean,
	CONSTRAINT "course_completions_user_id_course_id_key" UNIQUE("user_id","course_id"),
	CONSTRAINT "course_completions_rating_check" CHECK (rating >= 1 AND rating <= 5),
	CONSTRAINT "course_completions_completion_percentage_check" CHECK (completion_percentage >= 0 AND completion_percentage <= 100),
	CONSTRAINT "course_completions_review_check" CHECK (char_length(review) <= 10000),
	CONSTRAINT "course_completions_total_time_spent_check" CHECK (total_time_spent >= 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."course_completions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_lessons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"section_id" uuid,
	"title" varchar(200) NOT NULL,
	"slug" varchar(200) NOT NULL,
	"content" text,
	"content_type" text DEFAULT 'video' NOT NULL,
	"video_url" text,
	"video_duration" integer,
	"video_quality" jsonb,
	"reading_time" integer,
	"order_index" integer NOT NULL,
	"is_preview" boolean DEFAULT false NOT NULL,
	"is_downloadable" boolean DEFAULT false NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"external_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_lessons_course_id_slug_key" UNIQUE("course_id","slug"),
	CONSTRAINT "course_lessons_section_id_order_index_key" UNIQUE("section_id","order_index"),
	CONSTRAINT "course_lessons_id_course_id_key" UNIQUE("id","course_id"),
	CONSTRAINT "course_lessons_content_type_check" CHECK (content_type IN ('video', 'text', 'quiz', 'assignment')),
	CONSTRAINT "course_lessons_slug_check" CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "course_lessons_durations_check" CHECK (video_duration >= 0 AND reading_time >= 0),
	CONSTRAINT "course_lessons_order_index_check" CHECK (order_index >= 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."course_lessons" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_purchases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"amount" numeric(10, 2) NOT NULL,
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"purchase_type" text DEFAULT 'one_time' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"payment_method" varchar(50),
	"transaction_id" varchar(100),
	"stripe_payment_intent_id" varchar(100),
	"stripe_invoice_id" varchar(100),
	"purchased_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "course_purchases_user_id_course_id_key" UNIQUE("user_id","course_id"),
	CONSTRAINT "course_purchases_amount_check" CHECK (amount >= 0),
	CONSTRAINT "course_purchases_expires_at_check" CHECK (expires_at IS NULL OR expires_at > purchased_at),
	CONSTRAINT "course_purchases_currency_check" CHECK (currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL')),
	CONSTRAINT "course_purchases_status_check" CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
	CONSTRAINT "course_purchases_purchase_type_check" CHECK (purchase_type IN ('one_time', 'subscription'))
);
--> statement-breakpoint
ALTER TABLE "learning"."course_purchases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_quizzes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"lesson_id" uuid,
	"title" varchar(200) NOT NULL,
	"description" text,
	"instructions" text,
	"time_limit" integer,
	"attempts_allowed" integer DEFAULT 1,
	"passing_score" numeric(5, 2) DEFAULT '70.00' NOT NULL,
	"randomize_questions" boolean DEFAULT false NOT NULL,
	"show_correct_answers" boolean DEFAULT true NOT NULL,
	"is_required" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_quizzes_time_limit_check" CHECK (time_limit > 0),
	CONSTRAINT "course_quizzes_attempts_allowed_check" CHECK (attempts_allowed > 0),
	CONSTRAINT "course_quizzes_passing_score_check" CHECK (passing_score >= 0 AND passing_score <= 100)
);
--> statement-breakpoint
ALTER TABLE "learning"."course_quizzes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"lesson_id" uuid,
	"title" varchar(200) NOT NULL,
	"description" text,
	"file_url" text NOT NULL,
	"file_type" varchar(50),
	"file_size" bigint,
	"download_count" integer DEFAULT 0 NOT NULL,
	"is_downloadable" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_resources_counts_check" CHECK (file_size >= 0 AND download_count >= 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."course_resources" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"title" varchar(200) NOT NULL,
	"description" text,
	"order_index" integer NOT NULL,
	"is_preview" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_sections_course_id_order_index_key" UNIQUE("course_id","order_index"),
	CONSTRAINT "course_sections_id_course_id_key" UNIQUE("id","course_id"),
	CONSTRAINT "course_sections_order_index_check" CHECK (order_index >= 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."course_sections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_tag_mappings" (
	"course_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	CONSTRAINT "course_tag_mappings_pkey" PRIMARY KEY("course_id","tag_id")
);
--> statement-breakpoint
ALTER TABLE "learning"."course_tag_mappings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."course_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(50) NOT NULL,
	"slug" varchar(50) NOT NULL,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_tags_slug_check" CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "course_tags_usage_count_check" CHECK (usage_count >= 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."course_tags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(200) NOT NULL,
	"slug" varchar(200) NOT NULL,
	"short_description" text,
	"description" text,
	"instructor_id" uuid NOT NULL,
	"category_id" uuid,
	"price" numeric(10, 2) DEFAULT '0' NOT NULL,
	"original_price" numeric(10, 2),
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"difficulty" text DEFAULT 'beginner' NOT NULL,
	"language" varchar(10) DEFAULT 'en' NOT NULL,
	"duration_hours" numeric(4, 1),
	"status" text DEFAULT 'draft' NOT NULL,
	"is_featured" boolean DEFAULT false NOT NULL,
	"is_free" boolean GENERATED ALWAYS AS (price = 0) STORED,
	"thumbnail_url" text,
	"preview_video_url" text,
	"meta_title" varchar(200),
	"meta_description" text,
	"learning_objectives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requirements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"target_audience" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enrollment_count" integer DEFAULT 0 NOT NULL,
	"average_rating" numeric(3, 2) DEFAULT '0' NOT NULL,
	"review_count" integer DEFAULT 0 NOT NULL,
	"completion_rate" numeric(5, 2) DEFAULT '0' NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "valid_price" CHECK (price >= 0),
	CONSTRAINT "courses_original_price_check" CHECK (original_price IS NULL OR original_price >= price),
	CONSTRAINT "valid_rating" CHECK (average_rating >= 0 AND average_rating <= 5),
	CONSTRAINT "courses_counts_check" CHECK (enrollment_count >= 0 AND review_count >= 0),
	CONSTRAINT "courses_completion_rate_check" CHECK (completion_rate >= 0 AND completion_rate <= 100),
	CONSTRAINT "courses_duration_hours_check" CHECK (duration_hours > 0),
	CONSTRAINT "courses_slug_check" CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "courses_language_check" CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
	CONSTRAINT "courses_currency_check" CHECK (currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL')),
	CONSTRAINT "courses_status_check" CHECK (status IN ('draft', 'published', 'archived')),
	CONSTRAINT "courses_difficulty_check" CHECK (difficulty IN ('beginner', 'intermediate', 'advanced', 'expert'))
);
--> statement-breakpoint
ALTER TABLE "learning"."courses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"progress" numeric(5, 2) DEFAULT '0' NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"last_accessed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unique_user_course_enrollment" UNIQUE("user_id","course_id"),
	CONSTRAINT "enrollments_status_check" CHECK (status IN ('active', 'paused', 'cancelled', 'expired', 'refunded')),
	CONSTRAINT "enrollments_progress_check" CHECK (progress >= 0 AND progress <= 100)
);
--> statement-breakpoint
ALTER TABLE "learning"."enrollments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."lesson_progress" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"course_id" uuid NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"progress_percentage" numeric(5, 2) DEFAULT '0' NOT NULL,
	"total_time_spent" integer DEFAULT 0 NOT NULL,
	"last_position" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"last_accessed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"interaction_count" integer DEFAULT 0 NOT NULL,
	"notes_count" integer DEFAULT 0 NOT NULL,
	"bookmarks_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lesson_progress_user_id_lesson_id_key" UNIQUE("user_id","lesson_id"),
	CONSTRAINT "lesson_progress_status_check" CHECK (status IN ('not_started', 'in_progress', 'completed')),
	CONSTRAINT "lesson_progress_progress_percentage_check" CHECK (progress_percentage >= 0 AND progress_percentage <= 100),
	CONSTRAINT "lesson_progress_counts_check" CHECK (total_time_spent >= 0 AND last_position >= 0 AND interaction_count >= 0 AND notes_count >= 0 AND bookmarks_count >= 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."lesson_progress" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."media_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"filename" varchar(255) NOT NULL,
	"original_filename" varchar(255) NOT NULL,
	"file_path" text NOT NULL,
	"file_size" bigint NOT NULL,
	"mime_type" varchar(100) NOT NULL,
	"file_hash" varchar(64),
	"width" integer,
	"height" integer,
	"duration" integer,
	"processing_status" text DEFAULT 'pending' NOT NULL,
	"processed_variants" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cdn_url" text,
	"cache_expires_at" timestamp with time zone,
	"visibility" text DEFAULT 'private' NOT NULL,
	"download_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "valid_file_size" CHECK (file_size > 0),
	CONSTRAINT "media_files_dimensions_check" CHECK (width > 0 AND height > 0 AND duration >= 0 AND download_count >= 0),
	CONSTRAINT "media_files_file_hash_check" CHECK (file_hash ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "media_files_processing_status_check" CHECK (processing_status IN ('pending', 'processing', 'completed', 'failed')),
	CONSTRAINT "media_files_visibility_check" CHECK (visibility IN ('public', 'private', 'course_only'))
);
--> statement-breakpoint
ALTER TABLE "learning"."media_files" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."payment_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"subscription_id" uuid,
	"course_purchase_id" uuid,
	"amount" numeric(10, 2) NOT NULL,
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"transaction_type" text NOT NULL,
	"status" text NOT NULL,
	"payment_method" varchar(50),
	"payment_provider" varchar(50) DEFAULT 'stripe' NOT NULL,
	"external_transaction_id" varchar(100),
	"external_invoice_id" varchar(100),
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "valid_amount" CHECK (amount > 0),
	CONSTRAINT "payment_transactions_currency_check" CHECK (currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL')),
	CONSTRAINT "payment_transactions_transaction_type_check" CHECK (transaction_type IN ('payment', 'refund', 'chargeback')),
	CONSTRAINT "payment_transactions_status_check" CHECK (status IN ('pending', 'completed', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "learning"."payment_transactions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."quiz_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quiz_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"attempt_number" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"time_taken" integer,
	"score" numeric(5, 2),
	"max_score" numeric(5, 2),
	"percentage" numeric(5, 2),
	"passed" boolean DEFAULT false NOT NULL,
	"responses" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "quiz_attempts_quiz_id_user_id_attempt_number_key" UNIQUE("quiz_id","user_id","attempt_number"),
	CONSTRAINT "valid_quiz_score" CHECK ((score IS NULL OR (score >= 0 AND (max_score IS NULL OR score <= max_score))) AND (max_score IS NULL OR max_score >= 0)),
	CONSTRAINT "quiz_attempts_percentage_check" CHECK (percentage >= 0 AND percentage <= 100),
	CONSTRAINT "quiz_attempts_attempt_number_check" CHECK (attempt_number > 0),
	CONSTRAINT "quiz_attempts_completed_at_check" CHECK (completed_at IS NULL OR completed_at >= started_at),
	CONSTRAINT "quiz_attempts_time_taken_check" CHECK (time_taken >= 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."quiz_attempts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."quiz_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quiz_id" uuid NOT NULL,
	"question_text" text NOT NULL,
	"question_type" text NOT NULL,
	"explanation" text,
	"points" numeric(5, 2) DEFAULT '1.00' NOT NULL,
	"order_index" integer NOT NULL,
	"options" jsonb,
	"correct_answer" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quiz_questions_quiz_id_order_index_key" UNIQUE("quiz_id","order_index"),
	CONSTRAINT "quiz_questions_question_type_check" CHECK (question_type IN ('multiple_choice', 'true_false', 'short_answer', 'essay')),
	CONSTRAINT "quiz_questions_points_check" CHECK (points >= 0),
	CONSTRAINT "quiz_questions_correct_answer_check" CHECK (question_type = 'essay' OR correct_answer IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "learning"."quiz_questions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(50) NOT NULL,
	"description" text,
	"permissions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "roles_permissions_check" CHECK (jsonb_typeof(permissions) = 'array')
);
--> statement-breakpoint
ALTER TABLE "learning"."roles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."subscription_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(100) NOT NULL,
	"description" text,
	"price" numeric(10, 2) NOT NULL,
	"currency" varchar(3) DEFAULT 'USD' NOT NULL,
	"billing_interval" text NOT NULL,
	"trial_days" integer DEFAULT 0 NOT NULL,
	"features" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"course_limit" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"is_featured" boolean DEFAULT false NOT NULL,
	"stripe_price_id" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscription_plans_price_check" CHECK (price >= 0),
	CONSTRAINT "subscription_plans_trial_days_check" CHECK (trial_days >= 0),
	CONSTRAINT "subscription_plans_course_limit_check" CHECK (course_limit > 0),
	CONSTRAINT "subscription_plans_currency_check" CHECK (currency IN ('AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XOF', 'XPF', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL')),
	CONSTRAINT "subscription_plans_billing_interval_check" CHECK (billing_interval IN ('monthly', 'yearly'))
);
--> statement-breakpoint
ALTER TABLE "learning"."subscription_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"status" text NOT NULL,
	"current_period_start" timestamp with time zone NOT NULL,
	"current_period_end" timestamp with time zone NOT NULL,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"canceled_at" timestamp with time zone,
	"trial_start" timestamp with time zone,
	"trial_end" timestamp with time zone,
	"stripe_subscription_id" varchar(100),
	"stripe_customer_id" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_status_check" CHECK (status IN ('trialing', 'active', 'canceled', 'past_due', 'unpaid')),
	CONSTRAINT "valid_subscription_period" CHECK (current_period_end > current_period_start),
	CONSTRAINT "subscriptions_trial_check" CHECK (trial_end IS NULL OR trial_start IS NULL OR trial_end >= trial_start)
);
--> statement-breakpoint
ALTER TABLE "learning"."subscriptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."user_achievements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"achievement_type" varchar(50) NOT NULL,
	"title" varchar(200) NOT NULL,
	"description" text,
	"course_id" uuid,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"earned_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learning"."user_achievements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."user_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"type" varchar(20) NOT NULL,
	"street_address" varchar(255),
	"city" varchar(100),
	"state_province" varchar(100),
	"postal_code" varchar(20),
	"country" varchar(2),
	"is_default" boolean DEFAULT false NOT NULL,
	"encrypted_details" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_addresses_type_check" CHECK (type IN ('billing', 'shipping', 'home')),
	CONSTRAINT "user_addresses_country_check" CHECK (country ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
ALTER TABLE "learning"."user_addresses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."user_bookmarks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"title" varchar(200),
	"timestamp_in_video" integer,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_bookmarks_timestamp_in_video_check" CHECK (timestamp_in_video >= 0),
	CONSTRAINT "user_bookmarks_notes_check" CHECK (char_length(notes) <= 5000)
);
--> statement-breakpoint
ALTER TABLE "learning"."user_bookmarks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."user_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"content" text NOT NULL,
	"timestamp_in_video" integer,
	"is_private" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_notes_content_check" CHECK (char_length(content) BETWEEN 1 AND 20000),
	CONSTRAINT "user_notes_timestamp_in_video_check" CHECK (timestamp_in_video >= 0)
);
--> statement-breakpoint
ALTER TABLE "learning"."user_notes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."user_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"category" varchar(50) NOT NULL,
	"key" varchar(100) NOT NULL,
	"value" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learning"."user_preferences" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."user_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_by" uuid,
	"expires_at" timestamp with time zone,
	CONSTRAINT "user_roles_expires_at_check" CHECK (expires_at IS NULL OR expires_at > assigned_at)
);
--> statement-breakpoint
ALTER TABLE "learning"."user_roles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "learning"."users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" varchar(255) NOT NULL,
	"name" varchar(100) NOT NULL,
	"first_name" varchar(50),
	"last_name" varchar(50),
	"phone" varchar(20),
	"date_of_birth" date,
	"gender" varchar(20),
	"timezone" varchar(50) DEFAULT 'UTC' NOT NULL,
	"language" varchar(10) DEFAULT 'en' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"phone_verified" boolean DEFAULT false NOT NULL,
	"bio" text,
	"avatar_url" text,
	"website_url" text,
	"linkedin_url" text,
	"twitter_url" text,
	"encrypted_ssn" text,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "valid_email" CHECK (char_length(email) <= 320 AND email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'),
	CONSTRAINT "valid_phone" CHECK (phone ~ '^\+?[0-9]{7,15}$'),
	CONSTRAINT "users_language_check" CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
	CONSTRAINT "users_bio_check" CHECK (char_length(bio) <= 5000),
	CONSTRAINT "users_status_check" CHECK (status IN ('active', 'inactive', 'suspended', 'deleted'))
);
--> statement-breakpoint
ALTER TABLE "learning"."users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "learning"."content_versions" ADD CONSTRAINT "content_versions_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "learning"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_categories" ADD CONSTRAINT "course_categories_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "learning"."course_categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_completions" ADD CONSTRAINT "course_completions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_completions" ADD CONSTRAINT "course_completions_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_lessons" ADD CONSTRAINT "course_lessons_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_lessons" ADD CONSTRAINT "course_lessons_section_id_fkey" FOREIGN KEY ("section_id","course_id") REFERENCES "learning"."course_sections"("id","course_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_purchases" ADD CONSTRAINT "course_purchases_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_purchases" ADD CONSTRAINT "course_purchases_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_quizzes" ADD CONSTRAINT "course_quizzes_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_quizzes" ADD CONSTRAINT "course_quizzes_lesson_id_fkey" FOREIGN KEY ("lesson_id","course_id") REFERENCES "learning"."course_lessons"("id","course_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_resources" ADD CONSTRAINT "course_resources_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_resources" ADD CONSTRAINT "course_resources_lesson_id_fkey" FOREIGN KEY ("lesson_id","course_id") REFERENCES "learning"."course_lessons"("id","course_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_sections" ADD CONSTRAINT "course_sections_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_tag_mappings" ADD CONSTRAINT "course_tag_mappings_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."course_tag_mappings" ADD CONSTRAINT "course_tag_mappings_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "learning"."course_tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."courses" ADD CONSTRAINT "courses_instructor_id_fkey" FOREIGN KEY ("instructor_id") REFERENCES "learning"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."courses" ADD CONSTRAINT "courses_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "learning"."course_categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."enrollments" ADD CONSTRAINT "enrollments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."enrollments" ADD CONSTRAINT "enrollments_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."lesson_progress" ADD CONSTRAINT "lesson_progress_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."lesson_progress" ADD CONSTRAINT "lesson_progress_lesson_id_fkey" FOREIGN KEY ("lesson_id","course_id") REFERENCES "learning"."course_lessons"("id","course_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."media_files" ADD CONSTRAINT "media_files_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."payment_transactions" ADD CONSTRAINT "payment_transactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."payment_transactions" ADD CONSTRAINT "payment_transactions_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "learning"."subscriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."payment_transactions" ADD CONSTRAINT "payment_transactions_course_purchase_id_fkey" FOREIGN KEY ("course_purchase_id") REFERENCES "learning"."course_purchases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."quiz_attempts" ADD CONSTRAINT "quiz_attempts_quiz_id_fkey" FOREIGN KEY ("quiz_id") REFERENCES "learning"."course_quizzes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."quiz_attempts" ADD CONSTRAINT "quiz_attempts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."quiz_questions" ADD CONSTRAINT "quiz_questions_quiz_id_fkey" FOREIGN KEY ("quiz_id") REFERENCES "learning"."course_quizzes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."subscriptions" ADD CONSTRAINT "subscriptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."subscriptions" ADD CONSTRAINT "subscriptions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "learning"."subscription_plans"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_achievements" ADD CONSTRAINT "user_achievements_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_achievements" ADD CONSTRAINT "user_achievements_course_id_fkey" FOREIGN KEY ("course_id") REFERENCES "learning"."courses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_addresses" ADD CONSTRAINT "user_addresses_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_bookmarks" ADD CONSTRAINT "user_bookmarks_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_bookmarks" ADD CONSTRAINT "user_bookmarks_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "learning"."course_lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_notes" ADD CONSTRAINT "user_notes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_notes" ADD CONSTRAINT "user_notes_lesson_id_fkey" FOREIGN KEY ("lesson_id") REFERENCES "learning"."course_lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_preferences" ADD CONSTRAINT "user_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_roles" ADD CONSTRAINT "user_roles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "learning"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_roles" ADD CONSTRAINT "user_roles_role_id_fkey" FOREIGN KEY ("role_id") REFERENCES "learning"."roles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."user_roles" ADD CONSTRAINT "user_roles_assigned_by_fkey" FOREIGN KEY ("assigned_by") REFERENCES "learning"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning"."users" ADD CONSTRAINT "users_id_fkey" FOREIGN KEY ("id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_versions_created_by_idx" ON "learning"."content_versions" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "course_categories_name_key" ON "learning"."course_categories" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "course_categories_slug_key" ON "learning"."course_categories" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "course_categories_parent_id_idx" ON "learning"."course_categories" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "course_completions_course_id_idx" ON "learning"."course_completions" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "idx_lessons_course_section_order" ON "learning"."course_lessons" USING btree ("course_id","section_id","order_index");--> statement-breakpoint
CREATE INDEX "course_lessons_section_id_idx" ON "learning"."course_lessons" USING btree ("section_id");--> statement-breakpoint
CREATE INDEX "idx_lessons_search" ON "learning"."course_lessons" USING gin (to_tsvector('english'::regconfig, "title" || ' ' || coalesce("content", '')));--> statement-breakpoint
CREATE INDEX "course_purchases_course_id_status_idx" ON "learning"."course_purchases" USING btree ("course_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "course_purchases_stripe_payment_intent_id_key" ON "learning"."course_purchases" USING btree ("stripe_payment_intent_id");--> statement-breakpoint
CREATE INDEX "course_quizzes_course_id_idx" ON "learning"."course_quizzes" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "course_quizzes_lesson_id_idx" ON "learning"."course_quizzes" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "course_resources_course_id_idx" ON "learning"."course_resources" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "course_resources_lesson_id_idx" ON "learning"."course_resources" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "course_tag_mappings_tag_id_idx" ON "learning"."course_tag_mappings" USING btree ("tag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_tags_name_key" ON "learning"."course_tags" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "course_tags_slug_key" ON "learning"."course_tags" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "courses_slug_key" ON "learning"."courses" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "idx_courses_status_published" ON "learning"."courses" USING btree ("status","published_at") WHERE status = 'published';--> statement-breakpoint
CREATE INDEX "idx_courses_category_difficulty" ON "learning"."courses" USING btree ("category_id","difficulty");--> statement-breakpoint
CREATE INDEX "idx_courses_instructor" ON "learning"."courses" USING btree ("instructor_id");--> statement-breakpoint
CREATE INDEX "idx_courses_featured" ON "learning"."courses" USING btree ("is_featured") WHERE is_featured = true;--> statement-breakpoint
CREATE INDEX "idx_courses_price" ON "learning"."courses" USING btree ("price");--> statement-breakpoint
CREATE INDEX "idx_courses_category_price_rating" ON "learning"."courses" USING btree ("category_id","price","average_rating");--> statement-breakpoint
CREATE INDEX "idx_courses_search" ON "learning"."courses" USING gin (to_tsvector('english'::regconfig, "title" || ' ' || coalesce("short_description", '') || ' ' || coalesce("description", '')));--> statement-breakpoint
CREATE INDEX "idx_enrollments_course_status" ON "learning"."enrollments" USING btree ("course_id","status");--> statement-breakpoint
CREATE INDEX "enrollments_user_id_last_accessed_at_idx" ON "learning"."enrollments" USING btree ("user_id","last_accessed_at" DESC NULLS LAST) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "idx_lesson_progress_lesson" ON "learning"."lesson_progress" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "idx_lesson_progress_user_status" ON "learning"."lesson_progress" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "lesson_progress_user_id_course_id_status_idx" ON "learning"."lesson_progress" USING btree ("user_id","course_id","status");--> statement-breakpoint
CREATE INDEX "lesson_progress_course_id_idx" ON "learning"."lesson_progress" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "media_files_user_id_idx" ON "learning"."media_files" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "media_files_file_hash_idx" ON "learning"."media_files" USING btree ("file_hash");--> statement-breakpoint
CREATE INDEX "media_files_public_idx" ON "learning"."media_files" USING btree ("created_at") WHERE visibility = 'public';--> statement-breakpoint
CREATE INDEX "media_files_processing_idx" ON "learning"."media_files" USING btree ("created_at") WHERE processing_status IN ('pending', 'processing');--> statement-breakpoint
CREATE INDEX "idx_transactions_user_created" ON "learning"."payment_transactions" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_transactions_subscription_id_idx" ON "learning"."payment_transactions" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "payment_transactions_course_purchase_id_idx" ON "learning"."payment_transactions" USING btree ("course_purchase_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_transactions_provider_external_id_key" ON "learning"."payment_transactions" USING btree ("payment_provider","external_transaction_id");--> statement-breakpoint
CREATE INDEX "quiz_attempts_user_id_idx" ON "learning"."quiz_attempts" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_name_key" ON "learning"."roles" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_plans_stripe_price_id_key" ON "learning"."subscription_plans" USING btree ("stripe_price_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_subscriptions_stripe" ON "learning"."subscriptions" USING btree ("stripe_subscription_id");--> statement-breakpoint
CREATE INDEX "idx_subscriptions_user_status" ON "learning"."subscriptions" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "subscriptions_plan_id_idx" ON "learning"."subscriptions" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "user_achievements_user_id_earned_at_idx" ON "learning"."user_achievements" USING btree ("user_id","earned_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "user_achievements_course_id_idx" ON "learning"."user_achievements" USING btree ("course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_addresses_user_id_type_default_key" ON "learning"."user_addresses" USING btree ("user_id","type") WHERE is_default;--> statement-breakpoint
CREATE INDEX "user_addresses_user_id_idx" ON "learning"."user_addresses" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "user_bookmarks_user_id_lesson_id_idx" ON "learning"."user_bookmarks" USING btree ("user_id","lesson_id");--> statement-breakpoint
CREATE INDEX "user_bookmarks_lesson_id_idx" ON "learning"."user_bookmarks" USING btree ("lesson_id");--> statement-breakpoint
CREATE INDEX "user_notes_user_id_lesson_id_idx" ON "learning"."user_notes" USING btree ("user_id","lesson_id");--> statement-breakpoint
CREATE INDEX "user_notes_lesson_id_idx" ON "learning"."user_notes" USING btree ("lesson_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_preferences_user_id_category_key_key" ON "learning"."user_preferences" USING btree ("user_id","category","key");--> statement-breakpoint
CREATE UNIQUE INDEX "user_roles_user_id_role_id_key" ON "learning"."user_roles" USING btree ("user_id","role_id");--> statement-breakpoint
CREATE INDEX "user_roles_role_id_idx" ON "learning"."user_roles" USING btree ("role_id");--> statement-breakpoint
CREATE INDEX "user_roles_assigned_by_idx" ON "learning"."user_roles" USING btree ("assigned_by");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_users_email" ON "learning"."users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "idx_users_status" ON "learning"."users" USING btree ("status") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "idx_users_created_at" ON "learning"."users" USING btree ("created_at");--> statement-breakpoint
CREATE MATERIALIZED VIEW "learning"."course_statistics" AS (
SELECT c.id,
       c.title,
       c.instructor_id,
       c.category_id,
       c.currency,
       coalesce(e.enrollment_count, 0)::int AS enrollment_count,
       r.average_rating::numeric(3, 2) AS average_rating,
       coalesce(r.review_count, 0)::int AS review_count,
       p.avg_completion_rate::numeric(5, 2) AS avg_completion_rate,
       coalesce(pu.total_revenue, 0)::numeric(14, 2) AS total_revenue,
       coalesce(pu.purchase_count, 0)::int AS purchase_count
FROM learning.courses c
LEFT JOIN (
  SELECT course_id, count(*) AS enrollment_count FROM learning.enrollments GROUP BY course_id
) e ON e.course_id = c.id
LEFT JOIN (
  SELECT course_id, avg(rating) AS average_rating, count(rating) AS review_count
  FROM learning.course_completions GROUP BY course_id
) r ON r.course_id = c.id
LEFT JOIN (
  SELECT course_id, avg(progress_percentage) AS avg_completion_rate FROM learning.lesson_progress GROUP BY course_id
) p ON p.course_id = c.id
LEFT JOIN (
  SELECT course_id, currency, sum(amount) AS total_revenue, count(*) AS purchase_count
  FROM learning.course_purchases WHERE status = 'completed' GROUP BY course_id, currency
) pu ON pu.course_id = c.id AND pu.currency = c.currency
WHERE c.status = 'published');--> statement-breakpoint
CREATE POLICY "authors read their versions and admins all" ON "learning"."content_versions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."content_versions"."created_by" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "authors record versions as themselves" ON "learning"."content_versions" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."content_versions"."created_by" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "everyone reads active categories" ON "learning"."course_categories" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."course_categories"."is_active");--> statement-breakpoint
CREATE POLICY "signed-in users read active categories and admins every one" ON "learning"."course_categories" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_categories"."is_active" OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners read their completions, instructors those of their courses, admins all" ON "learning"."course_completions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_completions"."user_id" = (select auth.uid()) OR "learning"."course_completions"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners rate and review their own completions" ON "learning"."course_completions" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."course_completions"."user_id" = (select auth.uid())) WITH CHECK ("learning"."course_completions"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "everyone reads the preview lessons of published courses" ON "learning"."course_lessons" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."course_lessons"."is_preview" AND "learning"."course_lessons"."course_id" IN (SELECT learning_private.published_course_ids()));--> statement-breakpoint
CREATE POLICY "learners read lessons of their courses, everyone previews, instructors and admins all" ON "learning"."course_lessons" AS PERMISSIVE FOR SELECT TO "authenticated" USING (("learning"."course_lessons"."is_preview" AND "learning"."course_lessons"."course_id" IN (SELECT learning_private.published_course_ids())) OR "learning"."course_lessons"."course_id" IN (SELECT learning_private.enrolled_course_ids()) OR "learning"."course_lessons"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors add lessons to their own courses" ON "learning"."course_lessons" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."course_lessons"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors edit lessons of their own courses" ON "learning"."course_lessons" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."course_lessons"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin())) WITH CHECK ("learning"."course_lessons"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors delete lessons of their own courses" ON "learning"."course_lessons" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."course_lessons"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users read their own purchases and admins every one" ON "learning"."course_purchases" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_purchases"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users open pending purchases for themselves" ON "learning"."course_purchases" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."course_purchases"."user_id" = (select auth.uid()) AND "learning"."course_purchases"."status" = 'pending');--> statement-breakpoint
CREATE POLICY "learners, instructors and admins read quizzes" ON "learning"."course_quizzes" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_quizzes"."course_id" IN (SELECT learning_private.enrolled_course_ids()) OR "learning"."course_quizzes"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors add quizzes to their own courses" ON "learning"."course_quizzes" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."course_quizzes"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors edit quizzes of their own courses" ON "learning"."course_quizzes" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."course_quizzes"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin())) WITH CHECK ("learning"."course_quizzes"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors delete quizzes of their own courses" ON "learning"."course_quizzes" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."course_quizzes"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners, instructors and admins read course resources" ON "learning"."course_resources" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_resources"."course_id" IN (SELECT learning_private.enrolled_course_ids()) OR "learning"."course_resources"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors add resources to their own courses" ON "learning"."course_resources" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."course_resources"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors edit resources of their own courses" ON "learning"."course_resources" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."course_resources"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin())) WITH CHECK ("learning"."course_resources"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors delete resources of their own courses" ON "learning"."course_resources" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."course_resources"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "everyone reads the sections of published courses" ON "learning"."course_sections" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."course_sections"."course_id" IN (SELECT learning_private.published_course_ids()));--> statement-breakpoint
CREATE POLICY "signed-in users read sections of published, enrolled or own courses" ON "learning"."course_sections" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_sections"."course_id" IN (SELECT learning_private.published_course_ids()) OR "learning"."course_sections"."course_id" IN (SELECT learning_private.enrolled_course_ids()) OR "learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors add sections to their own courses" ON "learning"."course_sections" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors edit sections of their own courses" ON "learning"."course_sections" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin())) WITH CHECK ("learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors delete sections of their own courses" ON "learning"."course_sections" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "everyone reads tag mappings" ON "learning"."course_tag_mappings" AS PERMISSIVE FOR SELECT TO "anon", "authenticated" USING (true);--> statement-breakpoint
CREATE POLICY "instructors tag their own courses" ON "learning"."course_tag_mappings" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."course_tag_mappings"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors untag their own courses" ON "learning"."course_tag_mappings" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."course_tag_mappings"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "everyone reads tags" ON "learning"."course_tags" AS PERMISSIVE FOR SELECT TO "anon", "authenticated" USING (true);--> statement-breakpoint
CREATE POLICY "everyone reads published courses" ON "learning"."courses" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."courses"."status" = 'published');--> statement-breakpoint
CREATE POLICY "signed-in users read published courses, instructors their own, admins every one" ON "learning"."courses" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."courses"."status" = 'published' OR "learning"."courses"."instructor_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors create their own courses" ON "learning"."courses" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."courses"."instructor_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors update their own courses and admins every one" ON "learning"."courses" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."courses"."instructor_id" = (select auth.uid()) OR (select public.is_admin())) WITH CHECK ("learning"."courses"."instructor_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors delete their own drafts and admins any course" ON "learning"."courses" AS PERMISSIVE FOR DELETE TO "authenticated" USING (("learning"."courses"."instructor_id" = (select auth.uid()) AND "learning"."courses"."status" = 'draft') OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners read their enrollments, instructors those of their courses, admins all" ON "learning"."enrollments" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."enrollments"."user_id" = (select auth.uid()) OR "learning"."enrollments"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners enroll themselves in free or purchased published courses" ON "learning"."enrollments" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."enrollments"."user_id" = (select auth.uid()) AND "learning"."enrollments"."course_id" IN (SELECT learning_private.enrollable_course_ids()));--> statement-breakpoint
CREATE POLICY "learners pause, cancel or resume their own enrollments" ON "learning"."enrollments" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."enrollments"."user_id" = (select auth.uid())) WITH CHECK ("learning"."enrollments"."user_id" = (select auth.uid()) AND "learning"."enrollments"."status" IN ('active', 'paused', 'cancelled'));--> statement-breakpoint
CREATE POLICY "learners read their progress, instructors that of their courses, admins all" ON "learning"."lesson_progress" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."lesson_progress"."user_id" = (select auth.uid()) OR "learning"."lesson_progress"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners record progress in courses they are enrolled in" ON "learning"."lesson_progress" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."lesson_progress"."user_id" = (select auth.uid()) AND "learning"."lesson_progress"."course_id" IN (SELECT learning_private.enrolled_course_ids()));--> statement-breakpoint
CREATE POLICY "learners update their own progress" ON "learning"."lesson_progress" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."lesson_progress"."user_id" = (select auth.uid())) WITH CHECK ("learning"."lesson_progress"."user_id" = (select auth.uid()) AND "learning"."lesson_progress"."course_id" IN (SELECT learning_private.enrolled_course_ids()));--> statement-breakpoint
CREATE POLICY "everyone reads public files" ON "learning"."media_files" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."media_files"."visibility" = 'public');--> statement-breakpoint
CREATE POLICY "users read public files, their own, admins all" ON "learning"."media_files" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."media_files"."visibility" = 'public' OR "learning"."media_files"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users upload their own files" ON "learning"."media_files" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."media_files"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own files" ON "learning"."media_files" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."media_files"."user_id" = (select auth.uid())) WITH CHECK ("learning"."media_files"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users delete their own files and admins any" ON "learning"."media_files" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."media_files"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users read their own transactions and admins every one" ON "learning"."payment_transactions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."payment_transactions"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners read their own attempts, instructors those of their quizzes, admins all" ON "learning"."quiz_attempts" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."quiz_attempts"."user_id" = (select auth.uid()) OR "learning"."quiz_attempts"."quiz_id" IN (SELECT learning_private.instructor_quiz_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners, instructors and admins read quiz questions" ON "learning"."quiz_questions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."quiz_questions"."quiz_id" IN (SELECT learning_private.enrolled_quiz_ids()) OR "learning"."quiz_questions"."quiz_id" IN (SELECT learning_private.instructor_quiz_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors add questions to their own quizzes" ON "learning"."quiz_questions" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."quiz_questions"."quiz_id" IN (SELECT learning_private.instructor_quiz_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors edit questions of their own quizzes" ON "learning"."quiz_questions" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."quiz_questions"."quiz_id" IN (SELECT learning_private.instructor_quiz_ids()) OR (select public.is_admin())) WITH CHECK ("learning"."quiz_questions"."quiz_id" IN (SELECT learning_private.instructor_quiz_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors delete questions of their own quizzes" ON "learning"."quiz_questions" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."quiz_questions"."quiz_id" IN (SELECT learning_private.instructor_quiz_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "signed-in users read active roles" ON "learning"."roles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."roles"."is_active" OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "everyone reads active plans" ON "learning"."subscription_plans" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."subscription_plans"."is_active");--> statement-breakpoint
CREATE POLICY "signed-in users read active plans and admins every plan" ON "learning"."subscription_plans" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."subscription_plans"."is_active" OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users read their own subscriptions and admins every one" ON "learning"."subscriptions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."subscriptions"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users cancel their own subscriptions at period end" ON "learning"."subscriptions" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."subscriptions"."user_id" = (select auth.uid())) WITH CHECK ("learning"."subscriptions"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "learners read their own achievements and admins all" ON "learning"."user_achievements" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."user_achievements"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users manage their own addresses" ON "learning"."user_addresses" AS PERMISSIVE FOR ALL TO "authenticated" USING ("learning"."user_addresses"."user_id" = (select auth.uid())) WITH CHECK ("learning"."user_addresses"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users manage their own bookmarks" ON "learning"."user_bookmarks" AS PERMISSIVE FOR ALL TO "authenticated" USING ("learning"."user_bookmarks"."user_id" = (select auth.uid())) WITH CHECK ("learning"."user_bookmarks"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users manage their own notes" ON "learning"."user_notes" AS PERMISSIVE FOR ALL TO "authenticated" USING ("learning"."user_notes"."user_id" = (select auth.uid())) WITH CHECK ("learning"."user_notes"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users manage their own preferences" ON "learning"."user_preferences" AS PERMISSIVE FOR ALL TO "authenticated" USING ("learning"."user_preferences"."user_id" = (select auth.uid())) WITH CHECK ("learning"."user_preferences"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users read their own role assignments and admins every one" ON "learning"."user_roles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."user_roles"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users read their own profile and admins every profile" ON "learning"."users" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."users"."id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users create their own profile" ON "learning"."users" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."users"."id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users update their own profile" ON "learning"."users" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."users"."id" = (select auth.uid())) WITH CHECK ("learning"."users"."id" = (select auth.uid()));
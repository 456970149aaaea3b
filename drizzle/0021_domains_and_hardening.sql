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
CREATE TABLE "wolo"."password_reset_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" varchar(255) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wolo"."password_reset_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."user_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" varchar(255) NOT NULL,
	"device_info" jsonb,
	"ip_address" "inet",
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_revoked" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wolo"."user_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"phone" varchar(20),
	"email" varchar(255),
	"auth_provider" text DEFAULT 'phone' NOT NULL,
	"roles" text[] DEFAULT ARRAY['user']::text[] NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "check_contact_method" CHECK ("wolo"."users"."phone" IS NOT NULL OR "wolo"."users"."email" IS NOT NULL),
	CONSTRAINT "users_auth_provider_check" CHECK (auth_provider IN ('phone', 'google', 'facebook', 'email')),
	CONSTRAINT "users_roles_check" CHECK (roles <@ ARRAY['user', 'admin', 'super_admin', 'partner']::text[]),
	CONSTRAINT "users_email_check" CHECK (char_length(email) <= 255 AND email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'),
	CONSTRAINT "users_phone_check" CHECK (phone ~ '^\+?[0-9]{7,15}$')
);
--> statement-breakpoint
ALTER TABLE "wolo"."users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"full_name" varchar(255) NOT NULL,
	"date_of_birth" date NOT NULL,
	"locale" varchar(10) DEFAULT 'fr-SN' NOT NULL,
	"timezone" varchar(50) DEFAULT 'Africa/Dakar' NOT NULL,
	"avatar_url" varchar(500),
	"bio" text,
	"guardian_user_id" uuid,
	"relationship_type" text,
	"id_number" text,
	"id_type" text,
	"id_country" varchar(3),
	"id_hash" varchar(255),
	"id_media_url" varchar(500),
	"id_verified_at" timestamp with time zone,
	"id_verified_by" uuid,
	"is_profile_public" boolean DEFAULT true NOT NULL,
	"allow_contact_by_sponsors" boolean DEFAULT true NOT NULL,
	"notification_preferences" jsonb DEFAULT '{"email": true, "sms": true, "whatsapp": true}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profiles_relationship_type_check" CHECK (relationship_type IN ('parent', 'guardian', 'sibling', 'grandparent', 'other')),
	CONSTRAINT "profiles_id_type_check" CHECK (id_type IN ('passport', 'national_id', 'birth_certificate')),
	CONSTRAINT "profiles_bio_length_check" CHECK (char_length(bio) <= 2000),
	CONSTRAINT "profiles_id_country_check" CHECK (id_country ~ '^[A-Z]{2,3}$'),
	CONSTRAINT "profiles_guardian_not_self_check" CHECK ("wolo"."profiles"."guardian_user_id" <> "wolo"."profiles"."user_id"),
	CONSTRAINT "profiles_full_name_check" CHECK (char_length(btrim("wolo"."profiles"."full_name")) > 0)
);
--> statement-breakpoint
ALTER TABLE "wolo"."profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."user_addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text DEFAULT 'primary' NOT NULL,
	"street_address" text,
	"city" varchar(100),
	"region" varchar(100),
	"country" varchar(3) DEFAULT 'SEN' NOT NULL,
	"postal_code" varchar(10),
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_addresses_type_check" CHECK (type IN ('primary', 'billing', 'delivery')),
	CONSTRAINT "user_addresses_street_address_length_check" CHECK (char_length(street_address) <= 500),
	CONSTRAINT "user_addresses_country_check" CHECK (country ~ '^[A-Z]{2,3}$')
);
--> statement-breakpoint
ALTER TABLE "wolo"."user_addresses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."points_conversions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sponsor_user_id" uuid NOT NULL,
	"points_converted" integer NOT NULL,
	"credits_issued" integer NOT NULL,
	"conversion_rate" numeric(10, 4) NOT NULL,
	"applied_to_pot_id" uuid,
	"donation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_conversions_amounts_check" CHECK ("wolo"."points_conversions"."points_converted" > 0 AND "wolo"."points_conversions"."credits_issued" > 0 AND "wolo"."points_conversions"."conversion_rate" > 0)
);
--> statement-breakpoint
ALTER TABLE "wolo"."points_conversions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."points_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sponsor_user_id" uuid NOT NULL,
	"referral_id" uuid,
	"event_type" text NOT NULL,
	"points_earned" integer DEFAULT 0 NOT NULL,
	"points_spent" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"matured_at" timestamp with time zone,
	"base_multiplier" numeric(3, 2) DEFAULT '1.00' NOT NULL,
	"sponsor_boost_multiplier" numeric(3, 2) DEFAULT '1.00' NOT NULL,
	"description" text,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_ledger_event_type_check" CHECK (event_type IN ('referral_accepted', 'pot_opened', 'first_donation', 'points_converted', 'adjustment')),
	CONSTRAINT "points_ledger_status_check" CHECK (status IN ('pending', 'matured', 'revoked')),
	CONSTRAINT "points_ledger_points_check" CHECK ("wolo"."points_ledger"."points_earned" >= 0 AND "wolo"."points_ledger"."points_spent" >= 0 AND NOT ("wolo"."points_ledger"."points_earned" > 0 AND "wolo"."points_ledger"."points_spent" > 0)),
	CONSTRAINT "points_ledger_multipliers_check" CHECK ("wolo"."points_ledger"."base_multiplier" > 0 AND "wolo"."points_ledger"."sponsor_boost_multiplier" > 0),
	CONSTRAINT "points_ledger_matured_check" CHECK ("wolo"."points_ledger"."status" <> 'matured' OR "wolo"."points_ledger"."matured_at" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "wolo"."points_ledger" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sponsor_user_id" uuid NOT NULL,
	"referral_code" varchar(20) NOT NULL,
	"invited_phone" varchar(20),
	"invited_email" varchar(255),
	"invited_name" varchar(255),
	"invitation_message" text,
	"status" text DEFAULT 'sent' NOT NULL,
	"sponsored_user_id" uuid,
	"both_ids_collected" boolean DEFAULT false NOT NULL,
	"sponsor_id_verified" boolean DEFAULT false NOT NULL,
	"sponsored_id_verified" boolean DEFAULT false NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"expired_at" timestamp with time zone DEFAULT ((((now() AT TIME ZONE wolo.business_time_zone())::date + 8)::timestamp) AT TIME ZONE wolo.business_time_zone()) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"daily_limit_id" uuid,
	"batch_id" uuid,
	"invitation_order" integer,
	CONSTRAINT "check_invitation_contact" CHECK ("wolo"."referrals"."invited_phone" IS NOT NULL OR "wolo"."referrals"."invited_email" IS NOT NULL),
	CONSTRAINT "referrals_status_check" CHECK (status IN ('sent', 'accepted', 'expired', 'declined')),
	CONSTRAINT "referrals_invitation_message_length_check" CHECK (char_length(invitation_message) <= 1000),
	CONSTRAINT "referrals_referral_code_check" CHECK (referral_code ~ '^[0-9A-F]{20}$'),
	CONSTRAINT "referrals_invited_phone_check" CHECK (invited_phone ~ '^\+?[0-9]{7,15}$'),
	CONSTRAINT "referrals_invited_email_check" CHECK (invited_email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'),
	CONSTRAINT "referrals_invitation_order_check" CHECK ("wolo"."referrals"."invitation_order" >= 1),
	CONSTRAINT "referrals_accepted_check" CHECK (("wolo"."referrals"."status" = 'accepted') = ("wolo"."referrals"."accepted_at" IS NOT NULL AND "wolo"."referrals"."sponsored_user_id" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "wolo"."referrals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."sponsor_contact_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sponsor_user_id" uuid NOT NULL,
	"batch_date" date DEFAULT ((now() AT TIME ZONE wolo.business_time_zone())::date) NOT NULL,
	"batch_number" integer DEFAULT 1 NOT NULL,
	"start_position" integer NOT NULL,
	"end_position" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"selected_count" integer DEFAULT 0 NOT NULL,
	"sent_count" integer DEFAULT 0 NOT NULL,
	"contact_snapshot" jsonb,
	"auto_selected" boolean DEFAULT false NOT NULL,
	"manual_selections" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "check_batch_positions" CHECK ("wolo"."sponsor_contact_batches"."end_position" > "wolo"."sponsor_contact_batches"."start_position"),
	CONSTRAINT "check_batch_size" CHECK ("wolo"."sponsor_contact_batches"."end_position" - "wolo"."sponsor_contact_batches"."start_position" <= 50),
	CONSTRAINT "sponsor_contact_batches_counts_check" CHECK ("wolo"."sponsor_contact_batches"."start_position" >= 0 AND "wolo"."sponsor_contact_batches"."batch_number" >= 1 AND "wolo"."sponsor_contact_batches"."selected_count" >= 0 AND "wolo"."sponsor_contact_batches"."sent_count" >= 0),
	CONSTRAINT "sponsor_contact_batches_status_check" CHECK (status IN ('pending', 'selected', 'sent', 'skipped'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."sponsor_contact_batches" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."sponsor_daily_limits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sponsor_user_id" uuid NOT NULL,
	"limit_date" date DEFAULT ((now() AT TIME ZONE wolo.business_time_zone())::date) NOT NULL,
	"max_invitations_per_day" integer DEFAULT 50 NOT NULL,
	"invitations_sent_today" integer DEFAULT 0 NOT NULL,
	"current_batch_start" integer DEFAULT 0 NOT NULL,
	"preferred_selection_method" text DEFAULT 'batch' NOT NULL,
	"last_reset_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_reset_at" timestamp with time zone DEFAULT ((((now() AT TIME ZONE wolo.business_time_zone())::date + 1)::timestamp) AT TIME ZONE wolo.business_time_zone()) NOT NULL,
	"consecutive_active_days" integer DEFAULT 0 NOT NULL,
	"total_lifetime_invitations" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sponsor_daily_limits_sponsor_user_id_limit_date_key" UNIQUE("sponsor_user_id","limit_date"),
	CONSTRAINT "check_daily_limit" CHECK ("wolo"."sponsor_daily_limits"."invitations_sent_today" <= "wolo"."sponsor_daily_limits"."max_invitations_per_day"),
	CONSTRAINT "sponsor_daily_limits_counts_check" CHECK ("wolo"."sponsor_daily_limits"."invitations_sent_today" >= 0 AND "wolo"."sponsor_daily_limits"."max_invitations_per_day" >= 0 AND "wolo"."sponsor_daily_limits"."current_batch_start" >= 0 AND "wolo"."sponsor_daily_limits"."consecutive_active_days" >= 0 AND "wolo"."sponsor_daily_limits"."total_lifetime_invitations" >= 0),
	CONSTRAINT "sponsor_daily_limits_preferred_selection_method_check" CHECK (preferred_selection_method IN ('batch', 'individual'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."sponsor_daily_limits" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."pot_analytics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pot_id" uuid NOT NULL,
	"snapshot_date" date NOT NULL,
	"total_raised_cfa" integer DEFAULT 0 NOT NULL,
	"donor_count" integer DEFAULT 0 NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"share_count" integer DEFAULT 0 NOT NULL,
	"conversion_rate" numeric(5, 4),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pot_analytics_pot_id_snapshot_date_key" UNIQUE("pot_id","snapshot_date"),
	CONSTRAINT "pot_analytics_counts_check" CHECK ("wolo"."pot_analytics"."total_raised_cfa" >= 0 AND "wolo"."pot_analytics"."donor_count" >= 0 AND "wolo"."pot_analytics"."view_count" >= 0 AND "wolo"."pot_analytics"."share_count" >= 0),
	CONSTRAINT "pot_analytics_conversion_rate_check" CHECK ("wolo"."pot_analytics"."conversion_rate" BETWEEN 0 AND 1)
);
--> statement-breakpoint
ALTER TABLE "wolo"."pot_analytics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."pot_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pot_id" uuid NOT NULL,
	"invited_by_user_id" uuid NOT NULL,
	"invitation_method" text NOT NULL,
	"recipient_identifier" varchar(255) NOT NULL,
	"custom_message" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_at" timestamp with time zone,
	"clicked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pot_invitations_invitation_method_check" CHECK (invitation_method IN ('whatsapp', 'sms', 'email', 'social')),
	CONSTRAINT "pot_invitations_custom_message_length_check" CHECK (char_length(custom_message) <= 1000)
);
--> statement-breakpoint
ALTER TABLE "wolo"."pot_invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."pots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"title" varchar(255) NOT NULL,
	"description" text,
	"target_amount_cfa" integer NOT NULL,
	"birthday_date" date NOT NULL,
	"scheduled_open_at" timestamp with time zone NOT NULL,
	"actual_opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"visibility" text DEFAULT 'private' NOT NULL,
	"preferred_pack_id" uuid,
	"allow_anonymous_donations" boolean DEFAULT true NOT NULL,
	"show_donor_names" boolean DEFAULT true NOT NULL,
	"enable_messages" boolean DEFAULT true NOT NULL,
	"share_count" integer DEFAULT 0 NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"cover_image_url" varchar(500),
	"gallery_images" jsonb,
	"created_from_referral_id" uuid,
	"raised_cfa" integer DEFAULT 0 NOT NULL,
	"donor_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pots_target_amount_cfa_check" CHECK ("wolo"."pots"."target_amount_cfa" > 0),
	CONSTRAINT "check_open_before_birthday" CHECK ("wolo"."pots"."scheduled_open_at" <= ((("wolo"."pots"."birthday_date" - 1)::timestamp) AT TIME ZONE wolo.business_time_zone())),
	CONSTRAINT "pots_status_check" CHECK (status IN ('scheduled', 'open', 'funded', 'expired', 'closed')),
	CONSTRAINT "pots_visibility_check" CHECK (visibility IN ('private', 'public', 'friends_only')),
	CONSTRAINT "pots_description_length_check" CHECK (char_length(description) <= 5000),
	CONSTRAINT "pots_counts_check" CHECK ("wolo"."pots"."raised_cfa" >= 0 AND "wolo"."pots"."donor_count" >= 0 AND "wolo"."pots"."share_count" >= 0 AND "wolo"."pots"."view_count" >= 0),
	CONSTRAINT "pots_title_check" CHECK (char_length(btrim("wolo"."pots"."title")) > 0)
);
--> statement-breakpoint
ALTER TABLE "wolo"."pots" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."donation_analytics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_type" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"total_amount_cfa" bigint DEFAULT 0 NOT NULL,
	"transaction_count" integer DEFAULT 0 NOT NULL,
	"unique_donors" integer DEFAULT 0 NOT NULL,
	"average_donation_cfa" integer DEFAULT 0 NOT NULL,
	"success_rate" numeric(5, 4),
	"region_breakdown" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donation_analytics_period_type_period_start_period_end_key" UNIQUE("period_type","period_start","period_end"),
	CONSTRAINT "donation_analytics_period_type_check" CHECK (period_type IN ('daily', 'weekly', 'monthly')),
	CONSTRAINT "donation_analytics_period_check" CHECK ("wolo"."donation_analytics"."period_end" >= "wolo"."donation_analytics"."period_start"),
	CONSTRAINT "donation_analytics_counts_check" CHECK ("wolo"."donation_analytics"."total_amount_cfa" >= 0 AND "wolo"."donation_analytics"."transaction_count" >= 0 AND "wolo"."donation_analytics"."unique_donors" >= 0 AND "wolo"."donation_analytics"."average_donation_cfa" >= 0),
	CONSTRAINT "donation_analytics_success_rate_check" CHECK ("wolo"."donation_analytics"."success_rate" BETWEEN 0 AND 1)
);
--> statement-breakpoint
ALTER TABLE "wolo"."donation_analytics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."donations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pot_id" uuid NOT NULL,
	"donor_user_id" uuid,
	"donor_name" varchar(255),
	"donor_phone" varchar(20),
	"amount_cfa" integer NOT NULL,
	"wave_transaction_id" varchar(100),
	"wave_payment_url" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"initiated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"wave_notified_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"refunded_at" timestamp with time zone,
	"donation_message" text,
	"is_anonymous" boolean DEFAULT false NOT NULL,
	"show_amount" boolean DEFAULT true NOT NULL,
	"wave_webhook_data" jsonb,
	"ip_address" "inet",
	"user_agent" text,
	"risk_score" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "donations_wave_transaction_id_key" UNIQUE("wave_transaction_id"),
	CONSTRAINT "donations_amount_cfa_check" CHECK ("wolo"."donations"."amount_cfa" > 0),
	CONSTRAINT "donations_status_check" CHECK (status IN ('pending', 'processing', 'succeeded', 'failed', 'refunded')),
	CONSTRAINT "donations_donation_message_length_check" CHECK (char_length(donation_message) <= 1000),
	CONSTRAINT "donations_risk_score_check" CHECK ("wolo"."donations"."risk_score" BETWEEN 0 AND 100),
	CONSTRAINT "donations_donor_phone_check" CHECK (donor_phone ~ '^\+?[0-9]{7,15}$')
);
--> statement-breakpoint
ALTER TABLE "wolo"."donations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"donation_id" uuid NOT NULL,
	"refunded_by_user_id" uuid NOT NULL,
	"amount_cfa" integer NOT NULL,
	"reason" text NOT NULL,
	"reason_description" text,
	"wave_refund_id" varchar(100),
	"wave_refund_status" text DEFAULT 'pending' NOT NULL,
	"processed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_amount_cfa_check" CHECK ("wolo"."refunds"."amount_cfa" > 0),
	CONSTRAINT "refunds_reason_check" CHECK (reason IN ('user_request', 'fraud', 'failed_pot', 'admin_action')),
	CONSTRAINT "refunds_reason_description_length_check" CHECK (char_length(reason_description) <= 2000),
	CONSTRAINT "refunds_wave_refund_status_check" CHECK (wave_refund_status IN ('pending', 'processing', 'succeeded', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."refunds" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."wave_webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wave_event_id" varchar(100) NOT NULL,
	"event_type" varchar(50) NOT NULL,
	"donation_id" uuid,
	"raw_payload" jsonb NOT NULL,
	"processed_at" timestamp with time zone,
	"processing_error" text,
	"idempotency_key" varchar(255),
	"retry_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wave_webhook_events_wave_event_id_key" UNIQUE("wave_event_id"),
	CONSTRAINT "wave_webhook_events_idempotency_key_key" UNIQUE("idempotency_key"),
	CONSTRAINT "wave_webhook_events_retry_count_check" CHECK ("wolo"."wave_webhook_events"."retry_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "wolo"."wave_webhook_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"base_price_cfa" integer NOT NULL,
	"discounted_price_cfa" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"available_from" date,
	"available_until" date,
	"max_redemptions_per_user" integer DEFAULT 1 NOT NULL,
	"total_available_quantity" integer,
	"image_url" varchar(500),
	"gallery_images" jsonb,
	"partner_id" uuid,
	"venue_restrictions" jsonb,
	"terms_and_conditions" text,
	"redemption_instructions" text,
	"validity_days" integer DEFAULT 90 NOT NULL,
	"seo_title" varchar(255),
	"seo_description" text,
	"marketing_tags" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "packs_base_price_cfa_check" CHECK ("wolo"."packs"."base_price_cfa" > 0),
	CONSTRAINT "packs_discounted_price_cfa_check" CHECK ("wolo"."packs"."discounted_price_cfa" > 0 AND "wolo"."packs"."discounted_price_cfa" <= "wolo"."packs"."base_price_cfa"),
	CONSTRAINT "packs_quantities_check" CHECK ("wolo"."packs"."max_redemptions_per_user" >= 1 AND "wolo"."packs"."total_available_quantity" >= 0 AND "wolo"."packs"."validity_days" >= 1),
	CONSTRAINT "packs_availability_check" CHECK ("wolo"."packs"."available_until" >= "wolo"."packs"."available_from"),
	CONSTRAINT "packs_category_check" CHECK (category IN ('cinema', 'restaurant', 'spa', 'experience', 'retail', 'other')),
	CONSTRAINT "packs_description_length_check" CHECK (char_length(description) <= 5000)
);
--> statement-breakpoint
ALTER TABLE "wolo"."packs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."partner_staff" (
	"partner_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"staff_role" text DEFAULT 'cashier' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_staff_pkey" PRIMARY KEY("partner_id","user_id"),
	CONSTRAINT "partner_staff_staff_role_check" CHECK (staff_role IN ('owner', 'manager', 'cashier'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."partner_staff" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"type" text NOT NULL,
	"description" text,
	"contact_name" varchar(255),
	"contact_email" varchar(255),
	"contact_phone" varchar(20),
	"business_registration" varchar(100),
	"tax_id" varchar(50),
	"revenue_split_percentage" numeric(5, 2) NOT NULL,
	"payment_terms" text DEFAULT 'monthly' NOT NULL,
	"minimum_payout_cfa" integer DEFAULT 10000 NOT NULL,
	"venues" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"verified_at" timestamp with time zone,
	"verified_by_user_id" uuid,
	"auto_approve_redemptions" boolean DEFAULT false NOT NULL,
	"notification_preferences" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_revenue_split_percentage_check" CHECK ("wolo"."partners"."revenue_split_percentage" BETWEEN 0 AND 100),
	CONSTRAINT "partners_minimum_payout_cfa_check" CHECK ("wolo"."partners"."minimum_payout_cfa" >= 0),
	CONSTRAINT "partners_type_check" CHECK (type IN ('cinema', 'restaurant', 'spa', 'retail', 'experience', 'other')),
	CONSTRAINT "partners_payment_terms_check" CHECK (payment_terms IN ('weekly', 'monthly', 'quarterly')),
	CONSTRAINT "partners_status_check" CHECK (status IN ('pending', 'active', 'suspended', 'terminated')),
	CONSTRAINT "partners_contact_email_check" CHECK (contact_email ~ '^[A-Za-z0-9._%+''-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$'),
	CONSTRAINT "partners_contact_phone_check" CHECK (contact_phone ~ '^\+?[0-9]{7,15}$')
);
--> statement-breakpoint
ALTER TABLE "wolo"."partners" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."sponsor_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sponsor_company_name" varchar(255) NOT NULL,
	"campaign_name" varchar(255) NOT NULL,
	"description" text,
	"target_demographics" jsonb,
	"pack_categories" text[],
	"points_multiplier" numeric(3, 2) DEFAULT '1.5' NOT NULL,
	"budget_cfa" integer NOT NULL,
	"spent_cfa" integer DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"conversions" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sponsor_campaigns_points_multiplier_check" CHECK ("wolo"."sponsor_campaigns"."points_multiplier" >= 1),
	CONSTRAINT "sponsor_campaigns_budget_check" CHECK ("wolo"."sponsor_campaigns"."budget_cfa" >= 0 AND "wolo"."sponsor_campaigns"."spent_cfa" >= 0),
	CONSTRAINT "sponsor_campaigns_period_check" CHECK ("wolo"."sponsor_campaigns"."ends_at" > "wolo"."sponsor_campaigns"."starts_at"),
	CONSTRAINT "sponsor_campaigns_counts_check" CHECK ("wolo"."sponsor_campaigns"."impressions" >= 0 AND "wolo"."sponsor_campaigns"."clicks" >= 0 AND "wolo"."sponsor_campaigns"."conversions" >= 0),
	CONSTRAINT "sponsor_campaigns_status_check" CHECK (status IN ('draft', 'active', 'paused', 'completed'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."sponsor_campaigns" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."partner_settlements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"total_redemptions_count" integer DEFAULT 0 NOT NULL,
	"total_revenue_cfa" integer DEFAULT 0 NOT NULL,
	"partner_share_cfa" integer DEFAULT 0 NOT NULL,
	"wolo_commission_cfa" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"approved_by_user_id" uuid,
	"approved_at" timestamp with time zone,
	"payment_reference" varchar(100),
	"paid_at" timestamp with time zone,
	"invoice_url" varchar(500),
	"receipt_url" varchar(500),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partner_settlements_partner_id_period_start_period_end_key" UNIQUE("partner_id","period_start","period_end"),
	CONSTRAINT "partner_settlements_period_check" CHECK ("wolo"."partner_settlements"."period_end" >= "wolo"."partner_settlements"."period_start"),
	CONSTRAINT "partner_settlements_amounts_check" CHECK ("wolo"."partner_settlements"."total_redemptions_count" >= 0 AND "wolo"."partner_settlements"."total_revenue_cfa" >= 0 AND "wolo"."partner_settlements"."partner_share_cfa" >= 0 AND "wolo"."partner_settlements"."wolo_commission_cfa" >= 0 AND "wolo"."partner_settlements"."partner_share_cfa" + "wolo"."partner_settlements"."wolo_commission_cfa" <= "wolo"."partner_settlements"."total_revenue_cfa"),
	CONSTRAINT "partner_settlements_status_check" CHECK (status IN ('pending', 'approved', 'paid', 'disputed'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."partner_settlements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."qr_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pot_id" uuid NOT NULL,
	"pack_id" uuid NOT NULL,
	"code" varchar(100) NOT NULL,
	"qr_image_url" varchar(500),
	"redeemable_from" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"redeemed_at" timestamp with time zone,
	"redeemed_by_partner_id" uuid,
	"redeemed_at_venue" jsonb,
	"partner_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "check_valid_redemption_period" CHECK ("wolo"."qr_codes"."expires_at" > "wolo"."qr_codes"."redeemable_from"),
	CONSTRAINT "qr_codes_status_check" CHECK (status IN ('issued', 'redeemed', 'expired', 'cancelled')),
	CONSTRAINT "qr_codes_partner_notes_length_check" CHECK (char_length(partner_notes) <= 2000),
	CONSTRAINT "qr_codes_redeemed_check" CHECK (("wolo"."qr_codes"."status" = 'redeemed') = ("wolo"."qr_codes"."redeemed_at" IS NOT NULL AND "wolo"."qr_codes"."redeemed_by_partner_id" IS NOT NULL)),
	CONSTRAINT "qr_codes_code_check" CHECK (char_length("wolo"."qr_codes"."code") >= 16)
);
--> statement-breakpoint
ALTER TABLE "wolo"."qr_codes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."qr_redemption_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"qr_code_id" uuid,
	"attempted_code" varchar(100) NOT NULL,
	"partner_id" uuid,
	"partner_user_id" uuid,
	"attempt_timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"validation_result" text NOT NULL,
	"error_message" text,
	"ip_address" "inet",
	"user_agent" text,
	"venue_context" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "qr_redemption_logs_validation_result_check" CHECK (validation_result IN ('success', 'invalid', 'already_used', 'expired', 'not_yet_valid', 'wrong_partner')),
	CONSTRAINT "qr_redemption_logs_qr_code_id_check" CHECK ("wolo"."qr_redemption_logs"."qr_code_id" IS NOT NULL OR "wolo"."qr_redemption_logs"."validation_result" = 'invalid')
);
--> statement-breakpoint
ALTER TABLE "wolo"."qr_redemption_logs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."notification_analytics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"date" date NOT NULL,
	"template_key" varchar(100) NOT NULL,
	"channel" text NOT NULL,
	"sent_count" integer DEFAULT 0 NOT NULL,
	"delivered_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"bounce_count" integer DEFAULT 0 NOT NULL,
	"opened_count" integer DEFAULT 0 NOT NULL,
	"clicked_count" integer DEFAULT 0 NOT NULL,
	"delivery_rate" numeric(5, 4),
	"open_rate" numeric(5, 4),
	"click_rate" numeric(5, 4),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_analytics_date_template_key_channel_key" UNIQUE("date","template_key","channel"),
	CONSTRAINT "notification_analytics_channel_check" CHECK (channel IN ('email', 'sms', 'whatsapp', 'push')),
	CONSTRAINT "notification_analytics_counts_check" CHECK ("wolo"."notification_analytics"."sent_count" >= 0 AND "wolo"."notification_analytics"."delivered_count" >= 0 AND "wolo"."notification_analytics"."failed_count" >= 0 AND "wolo"."notification_analytics"."bounce_count" >= 0 AND "wolo"."notification_analytics"."opened_count" >= 0 AND "wolo"."notification_analytics"."clicked_count" >= 0),
	CONSTRAINT "notification_analytics_rates_check" CHECK ("wolo"."notification_analytics"."delivery_rate" BETWEEN 0 AND 1 AND "wolo"."notification_analytics"."open_rate" BETWEEN 0 AND 1 AND "wolo"."notification_analytics"."click_rate" BETWEEN 0 AND 1)
);
--> statement-breakpoint
ALTER TABLE "wolo"."notification_analytics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"email_enabled" boolean DEFAULT true NOT NULL,
	"sms_enabled" boolean DEFAULT true NOT NULL,
	"whatsapp_enabled" boolean DEFAULT true NOT NULL,
	"push_enabled" boolean DEFAULT true NOT NULL,
	"referral_notifications" boolean DEFAULT true NOT NULL,
	"pot_notifications" boolean DEFAULT true NOT NULL,
	"donation_notifications" boolean DEFAULT true NOT NULL,
	"marketing_notifications" boolean DEFAULT false NOT NULL,
	"digest_frequency" text DEFAULT 'daily' NOT NULL,
	"quiet_hours_start" time DEFAULT '22:00',
	"quiet_hours_end" time DEFAULT '08:00',
	"marketing_opt_in_at" timestamp with time zone,
	"marketing_opt_in_source" varchar(100),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_digest_frequency_check" CHECK (digest_frequency IN ('immediate', 'daily', 'weekly')),
	CONSTRAINT "notification_preferences_marketing_opt_in_check" CHECK (("wolo"."notification_preferences"."marketing_opt_in_at" IS NULL) = ("wolo"."notification_preferences"."marketing_opt_in_source" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "wolo"."notification_preferences" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."notification_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_key" varchar(100) NOT NULL,
	"name" varchar(255) NOT NULL,
	"description" text,
	"subject" varchar(500),
	"body_text" text NOT NULL,
	"body_html" text,
	"channels" varchar(20)[] DEFAULT ARRAY['email']::varchar(20)[] NOT NULL,
	"locale" varchar(10) DEFAULT 'fr-SN' NOT NULL,
	"variables" jsonb,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"category" text DEFAULT 'transactional' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_templates_channels_check" CHECK (channels <@ ARRAY['email', 'sms', 'whatsapp', 'push']::varchar(20)[] AND cardinality(channels) > 0),
	CONSTRAINT "notification_templates_version_check" CHECK ("wolo"."notification_templates"."version" >= 1),
	CONSTRAINT "notification_templates_category_check" CHECK (category IN ('transactional', 'marketing'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."notification_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"recipient_identifier" varchar(255) NOT NULL,
	"template_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"subject" varchar(500),
	"body" text NOT NULL,
	"template_data" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"scheduled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"provider" varchar(50),
	"provider_message_id" varchar(255),
	"provider_response" jsonb,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"max_retries" integer DEFAULT 3 NOT NULL,
	"next_retry_at" timestamp with time zone,
	"error_message" text,
	"error_code" varchar(50),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_channel_check" CHECK (channel IN ('email', 'sms', 'whatsapp', 'push')),
	CONSTRAINT "notifications_status_check" CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'bounced')),
	CONSTRAINT "notifications_retries_check" CHECK ("wolo"."notifications"."retry_count" >= 0 AND "wolo"."notifications"."max_retries" >= 0)
);
--> statement-breakpoint
ALTER TABLE "wolo"."notifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."ab_test_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"test_id" uuid NOT NULL,
	"user_id" uuid,
	"anonymous_id" varchar(100),
	"variant" varchar(50) NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" "inet",
	"user_agent" text,
	CONSTRAINT "ab_test_assignments_test_id_user_id_key" UNIQUE("test_id","user_id"),
	CONSTRAINT "ab_test_assignments_test_id_anonymous_id_key" UNIQUE("test_id","anonymous_id"),
	CONSTRAINT "ab_test_assignments_participant_check" CHECK ("wolo"."ab_test_assignments"."user_id" IS NOT NULL OR "wolo"."ab_test_assignments"."anonymous_id" IS NOT NULL)
);
--> statement-breakpoint
ALTER TABLE "wolo"."ab_test_assignments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."ab_tests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"test_name" varchar(100) NOT NULL,
	"description" text,
	"variants" jsonb NOT NULL,
	"traffic_allocation" jsonb NOT NULL,
	"primary_metric" varchar(100) NOT NULL,
	"secondary_metrics" text[],
	"start_date" date NOT NULL,
	"end_date" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"results" jsonb,
	"winner_variant" varchar(50),
	"confidence_level" numeric(5, 4),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ab_tests_test_name_key" UNIQUE("test_name"),
	CONSTRAINT "ab_tests_status_check" CHECK (status IN ('draft', 'running', 'paused', 'completed')),
	CONSTRAINT "ab_tests_period_check" CHECK ("wolo"."ab_tests"."end_date" >= "wolo"."ab_tests"."start_date"),
	CONSTRAINT "ab_tests_confidence_level_check" CHECK ("wolo"."ab_tests"."confidence_level" BETWEEN 0 AND 1)
);
--> statement-breakpoint
ALTER TABLE "wolo"."ab_tests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."analytics_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_name" varchar(100) NOT NULL,
	"event_category" varchar(50) NOT NULL,
	"user_id" uuid,
	"session_id" varchar(100),
	"anonymous_id" varchar(100),
	"properties" jsonb,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" "inet",
	"user_agent" text,
	"referrer" varchar(500),
	"page_url" varchar(500),
	"platform" text,
	"device_type" text,
	"os" varchar(50),
	"browser" varchar(50),
	"country" varchar(3),
	"region" varchar(100),
	"city" varchar(100),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_events_platform_check" CHECK (platform IN ('web', 'mobile_app', 'api')),
	CONSTRAINT "analytics_events_device_type_check" CHECK (device_type IN ('desktop', 'mobile', 'tablet')),
	CONSTRAINT "analytics_events_country_check" CHECK (country ~ '^[A-Z]{2,3}$')
);
--> statement-breakpoint
ALTER TABLE "wolo"."analytics_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."business_metrics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"metric_date" date NOT NULL,
	"metric_type" varchar(50) NOT NULL,
	"metric_value" numeric(15, 4) NOT NULL,
	"metric_count" integer,
	"dimensions" jsonb,
	"previous_period_value" numeric(15, 4),
	"period_over_period_change" numeric(8, 4),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_metrics_metric_date_metric_type_dimensions_key" UNIQUE NULLS NOT DISTINCT("metric_date","metric_type","dimensions"),
	CONSTRAINT "business_metrics_metric_count_check" CHECK ("wolo"."business_metrics"."metric_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "wolo"."business_metrics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."funnel_analytics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"funnel_name" varchar(100) NOT NULL,
	"step_number" integer NOT NULL,
	"step_name" varchar(100) NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"users_entered" integer DEFAULT 0 NOT NULL,
	"users_completed" integer DEFAULT 0 NOT NULL,
	"completion_rate" numeric(5, 4),
	"segment_filters" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funnel_analytics_funnel_step_period_segment_key" UNIQUE NULLS NOT DISTINCT("funnel_name","step_number","period_start","period_end","segment_filters"),
	CONSTRAINT "funnel_analytics_step_number_check" CHECK ("wolo"."funnel_analytics"."step_number" >= 1),
	CONSTRAINT "funnel_analytics_period_check" CHECK ("wolo"."funnel_analytics"."period_end" >= "wolo"."funnel_analytics"."period_start"),
	CONSTRAINT "funnel_analytics_counts_check" CHECK ("wolo"."funnel_analytics"."users_entered" >= 0 AND "wolo"."funnel_analytics"."users_completed" >= 0 AND "wolo"."funnel_analytics"."users_completed" <= "wolo"."funnel_analytics"."users_entered"),
	CONSTRAINT "funnel_analytics_completion_rate_check" CHECK ("wolo"."funnel_analytics"."completion_rate" BETWEEN 0 AND 1)
);
--> statement-breakpoint
ALTER TABLE "wolo"."funnel_analytics" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."admin_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"session_token_hash" varchar(255) NOT NULL,
	"ip_address" "inet" NOT NULL,
	"user_agent" text,
	"admin_level" text NOT NULL,
	"permissions_granted" text[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"terminated_at" timestamp with time zone,
	"termination_reason" text,
	"is_suspicious" boolean DEFAULT false NOT NULL,
	"security_flags" jsonb,
	CONSTRAINT "admin_sessions_admin_level_check" CHECK (admin_level IN ('regular', 'super', 'partner', 'sponsor')),
	CONSTRAINT "admin_sessions_termination_reason_check" CHECK (termination_reason IN ('logout', 'timeout', 'revoked'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."admin_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."audit_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_user_id" uuid,
	"actor_type" text NOT NULL,
	"actor_ip" "inet",
	"action" varchar(100) NOT NULL,
	"resource_type" varchar(50) NOT NULL,
	"resource_id" uuid,
	"old_values" jsonb,
	"new_values" jsonb,
	"reason" text,
	"metadata" jsonb,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"request_id" varchar(100),
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_logs_actor_type_check" CHECK (actor_type IN ('user', 'system', 'api'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."audit_logs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."feature_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"flag_key" varchar(100) NOT NULL,
	"name" varchar(255) NOT NULL,
	"description" text,
	"is_enabled" boolean DEFAULT false NOT NULL,
	"flag_type" text DEFAULT 'boolean' NOT NULL,
	"flag_value" jsonb,
	"rollout_percentage" integer DEFAULT 0 NOT NULL,
	"target_user_groups" text[],
	"target_regions" text[],
	"environment" text DEFAULT 'production' NOT NULL,
	"created_by_user_id" uuid,
	"last_modified_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feature_flags_flag_key_key" UNIQUE("flag_key"),
	CONSTRAINT "feature_flags_rollout_percentage_check" CHECK ("wolo"."feature_flags"."rollout_percentage" BETWEEN 0 AND 100),
	CONSTRAINT "feature_flags_flag_type_check" CHECK (flag_type IN ('boolean', 'string', 'number', 'json')),
	CONSTRAINT "feature_flags_environment_check" CHECK (environment IN ('development', 'staging', 'production'))
);
--> statement-breakpoint
ALTER TABLE "wolo"."feature_flags" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."system_config" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"config_key" varchar(100) NOT NULL,
	"config_value" jsonb NOT NULL,
	"description" text,
	"data_type" text NOT NULL,
	"is_sensitive" boolean DEFAULT false NOT NULL,
	"validation_rules" jsonb,
	"environment" text DEFAULT 'production' NOT NULL,
	"last_modified_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_config_config_key_key" UNIQUE("config_key"),
	CONSTRAINT "system_config_data_type_check" CHECK (data_type IN ('string', 'number', 'boolean', 'object', 'array')),
	CONSTRAINT "system_config_environment_check" CHECK (environment IN ('development', 'staging', 'production')),
	CONSTRAINT "system_config_config_value_type_check" CHECK (jsonb_typeof("wolo"."system_config"."config_value") = CASE "wolo"."system_config"."data_type" WHEN 'object' THEN 'object' WHEN 'array' THEN 'array' WHEN 'number' THEN 'number' WHEN 'boolean' THEN 'boolean' ELSE 'string' END)
);
--> statement-breakpoint
ALTER TABLE "wolo"."system_config" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wolo"."system_health_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_name" varchar(100) NOT NULL,
	"check_name" varchar(100) NOT NULL,
	"status" text NOT NULL,
	"response_time_ms" integer,
	"check_data" jsonb,
	"error_message" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_health_checks_status_check" CHECK (status IN ('healthy', 'degraded', 'unhealthy')),
	CONSTRAINT "system_health_checks_response_time_ms_check" CHECK ("wolo"."system_health_checks"."response_time_ms" >= 0)
);
--> statement-breakpoint
ALTER TABLE "wolo"."system_health_checks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP VIEW "crm"."customer_search";--> statement-breakpoint
DROP VIEW "public"."marketing_source_view";--> statement-breakpoint
DROP MATERIALIZED VIEW "public"."marketing_source_mv";--> statement-breakpoint
ALTER TABLE "crm"."customers" DROP CONSTRAINT "customers_brand_email_unique";--> statement-breakpoint
DROP INDEX "crm"."idx_customers_email";--> statement-breakpoint
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
ALTER TABLE "wolo"."password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."users" ADD CONSTRAINT "users_id_fkey" FOREIGN KEY ("id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."profiles" ADD CONSTRAINT "profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."profiles" ADD CONSTRAINT "profiles_guardian_user_id_fkey" FOREIGN KEY ("guardian_user_id") REFERENCES "wolo"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."profiles" ADD CONSTRAINT "profiles_id_verified_by_fkey" FOREIGN KEY ("id_verified_by") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."user_addresses" ADD CONSTRAINT "user_addresses_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."points_conversions" ADD CONSTRAINT "points_conversions_sponsor_user_id_fkey" FOREIGN KEY ("sponsor_user_id") REFERENCES "wolo"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."points_conversions" ADD CONSTRAINT "points_conversions_applied_to_pot_id_fkey" FOREIGN KEY ("applied_to_pot_id") REFERENCES "wolo"."pots"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."points_conversions" ADD CONSTRAINT "points_conversions_donation_id_fkey" FOREIGN KEY ("donation_id") REFERENCES "wolo"."donations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."points_ledger" ADD CONSTRAINT "points_ledger_sponsor_user_id_fkey" FOREIGN KEY ("sponsor_user_id") REFERENCES "wolo"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."points_ledger" ADD CONSTRAINT "points_ledger_referral_id_fkey" FOREIGN KEY ("referral_id") REFERENCES "wolo"."referrals"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."referrals" ADD CONSTRAINT "referrals_sponsor_user_id_fkey" FOREIGN KEY ("sponsor_user_id") REFERENCES "wolo"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."referrals" ADD CONSTRAINT "referrals_sponsored_user_id_fkey" FOREIGN KEY ("sponsored_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."referrals" ADD CONSTRAINT "referrals_daily_limit_id_fkey" FOREIGN KEY ("daily_limit_id") REFERENCES "wolo"."sponsor_daily_limits"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."referrals" ADD CONSTRAINT "referrals_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "wolo"."sponsor_contact_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."sponsor_contact_batches" ADD CONSTRAINT "sponsor_contact_batches_sponsor_user_id_fkey" FOREIGN KEY ("sponsor_user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."sponsor_daily_limits" ADD CONSTRAINT "sponsor_daily_limits_sponsor_user_id_fkey" FOREIGN KEY ("sponsor_user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."pot_analytics" ADD CONSTRAINT "pot_analytics_pot_id_fkey" FOREIGN KEY ("pot_id") REFERENCES "wolo"."pots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."pot_invitations" ADD CONSTRAINT "pot_invitations_pot_id_fkey" FOREIGN KEY ("pot_id") REFERENCES "wolo"."pots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."pot_invitations" ADD CONSTRAINT "pot_invitations_invited_by_user_id_fkey" FOREIGN KEY ("invited_by_user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."pots" ADD CONSTRAINT "pots_owner_user_id_fkey" FOREIGN KEY ("owner_user_id") REFERENCES "wolo"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."pots" ADD CONSTRAINT "pots_preferred_pack_id_fkey" FOREIGN KEY ("preferred_pack_id") REFERENCES "wolo"."packs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."pots" ADD CONSTRAINT "pots_created_from_referral_id_fkey" FOREIGN KEY ("created_from_referral_id") REFERENCES "wolo"."referrals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."donations" ADD CONSTRAINT "donations_pot_id_fkey" FOREIGN KEY ("pot_id") REFERENCES "wolo"."pots"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."donations" ADD CONSTRAINT "donations_donor_user_id_fkey" FOREIGN KEY ("donor_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."refunds" ADD CONSTRAINT "refunds_donation_id_fkey" FOREIGN KEY ("donation_id") REFERENCES "wolo"."donations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."refunds" ADD CONSTRAINT "refunds_refunded_by_user_id_fkey" FOREIGN KEY ("refunded_by_user_id") REFERENCES "wolo"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."wave_webhook_events" ADD CONSTRAINT "wave_webhook_events_donation_id_fkey" FOREIGN KEY ("donation_id") REFERENCES "wolo"."donations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."packs" ADD CONSTRAINT "packs_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "wolo"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."partner_staff" ADD CONSTRAINT "partner_staff_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "wolo"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."partner_staff" ADD CONSTRAINT "partner_staff_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."partners" ADD CONSTRAINT "partners_verified_by_user_id_fkey" FOREIGN KEY ("verified_by_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."partner_settlements" ADD CONSTRAINT "partner_settlements_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "wolo"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."partner_settlements" ADD CONSTRAINT "partner_settlements_approved_by_user_id_fkey" FOREIGN KEY ("approved_by_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."qr_codes" ADD CONSTRAINT "qr_codes_pot_id_fkey" FOREIGN KEY ("pot_id") REFERENCES "wolo"."pots"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."qr_codes" ADD CONSTRAINT "qr_codes_pack_id_fkey" FOREIGN KEY ("pack_id") REFERENCES "wolo"."packs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."qr_codes" ADD CONSTRAINT "qr_codes_redeemed_by_partner_id_fkey" FOREIGN KEY ("redeemed_by_partner_id") REFERENCES "wolo"."partners"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."qr_redemption_logs" ADD CONSTRAINT "qr_redemption_logs_qr_code_id_fkey" FOREIGN KEY ("qr_code_id") REFERENCES "wolo"."qr_codes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."qr_redemption_logs" ADD CONSTRAINT "qr_redemption_logs_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "wolo"."partners"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."qr_redemption_logs" ADD CONSTRAINT "qr_redemption_logs_partner_user_id_fkey" FOREIGN KEY ("partner_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."notifications" ADD CONSTRAINT "notifications_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "wolo"."notification_templates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."ab_test_assignments" ADD CONSTRAINT "ab_test_assignments_test_id_fkey" FOREIGN KEY ("test_id") REFERENCES "wolo"."ab_tests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."ab_test_assignments" ADD CONSTRAINT "ab_test_assignments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."analytics_events" ADD CONSTRAINT "analytics_events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."admin_sessions" ADD CONSTRAINT "admin_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "wolo"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."audit_logs" ADD CONSTRAINT "audit_logs_actor_user_id_fkey" FOREIGN KEY ("actor_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."feature_flags" ADD CONSTRAINT "feature_flags_created_by_user_id_fkey" FOREIGN KEY ("created_by_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."feature_flags" ADD CONSTRAINT "feature_flags_last_modified_by_user_id_fkey" FOREIGN KEY ("last_modified_by_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wolo"."system_config" ADD CONSTRAINT "system_config_last_modified_by_user_id_fkey" FOREIGN KEY ("last_modified_by_user_id") REFERENCES "wolo"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
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
CREATE INDEX "course_quizzes_lesson_id_course_id_idx" ON "learning"."course_quizzes" USING btree ("lesson_id","course_id");--> statement-breakpoint
CREATE INDEX "course_resources_course_id_idx" ON "learning"."course_resources" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "course_resources_lesson_id_course_id_idx" ON "learning"."course_resources" USING btree ("lesson_id","course_id");--> statement-breakpoint
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
CREATE INDEX "idx_lesson_progress_lesson" ON "learning"."lesson_progress" USING btree ("lesson_id","course_id");--> statement-breakpoint
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
CREATE UNIQUE INDEX "leads_email_key" ON "leads" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "leads_source_first_seen_at_idx" ON "leads" USING btree ("source","first_seen_at");--> statement-breakpoint
CREATE INDEX "monthly_enrollments_rollup_month_idx" ON "monthly_enrollments_rollup" USING btree ("month") WHERE enrollments > 0;--> statement-breakpoint
CREATE INDEX "monthly_enrollments_rollup_by_student_zero_idx" ON "monthly_enrollments_rollup_by_student" USING btree ("month") WHERE enrollments = 0;--> statement-breakpoint
CREATE INDEX "revenue_analysis_rollup_by_customer_zero_idx" ON "revenue_analysis_rollup_by_customer" USING btree ("month") WHERE transaction_count = 0;--> statement-breakpoint
CREATE INDEX "password_reset_tokens_token_hash_idx" ON "wolo"."password_reset_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "password_reset_tokens_user_id_idx" ON "wolo"."password_reset_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_user_sessions_token_hash" ON "wolo"."user_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "idx_user_sessions_user_id" ON "wolo"."user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_users_phone" ON "wolo"."users" USING btree ("phone") WHERE phone IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "idx_users_email" ON "wolo"."users" USING btree (lower("email")) WHERE email IS NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_users_roles" ON "wolo"."users" USING gin ("roles");--> statement-breakpoint
CREATE INDEX "idx_profiles_date_of_birth" ON "wolo"."profiles" USING btree ("date_of_birth");--> statement-breakpoint
CREATE INDEX "idx_profiles_guardian_user_id" ON "wolo"."profiles" USING btree ("guardian_user_id");--> statement-breakpoint
CREATE INDEX "profiles_id_hash_idx" ON "wolo"."profiles" USING btree ("id_hash") WHERE id_hash IS NOT NULL;--> statement-breakpoint
CREATE INDEX "profiles_id_verified_by_idx" ON "wolo"."profiles" USING btree ("id_verified_by");--> statement-breakpoint
CREATE INDEX "user_addresses_user_id_idx" ON "wolo"."user_addresses" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "points_conversions_sponsor_user_id_idx" ON "wolo"."points_conversions" USING btree ("sponsor_user_id");--> statement-breakpoint
CREATE INDEX "points_conversions_applied_to_pot_id_idx" ON "wolo"."points_conversions" USING btree ("applied_to_pot_id");--> statement-breakpoint
CREATE INDEX "points_conversions_donation_id_idx" ON "wolo"."points_conversions" USING btree ("donation_id");--> statement-breakpoint
CREATE INDEX "idx_points_ledger_sponsor_user_id" ON "wolo"."points_ledger" USING btree ("sponsor_user_id");--> statement-breakpoint
CREATE INDEX "idx_points_ledger_status" ON "wolo"."points_ledger" USING btree ("status");--> statement-breakpoint
CREATE INDEX "points_ledger_pending_created_at_idx" ON "wolo"."points_ledger" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "points_ledger_referral_id_idx" ON "wolo"."points_ledger" USING btree ("referral_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_referrals_referral_code" ON "wolo"."referrals" USING btree ("referral_code");--> statement-breakpoint
CREATE INDEX "idx_referrals_sponsor_user_id" ON "wolo"."referrals" USING btree ("sponsor_user_id");--> statement-breakpoint
CREATE INDEX "idx_referrals_status" ON "wolo"."referrals" USING btree ("status");--> statement-breakpoint
CREATE INDEX "referrals_sponsored_user_id_idx" ON "wolo"."referrals" USING btree ("sponsored_user_id");--> statement-breakpoint
CREATE INDEX "referrals_daily_limit_id_idx" ON "wolo"."referrals" USING btree ("daily_limit_id");--> statement-breakpoint
CREATE INDEX "referrals_batch_id_idx" ON "wolo"."referrals" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "sponsor_contact_batches_sponsor_user_id_batch_date_idx" ON "wolo"."sponsor_contact_batches" USING btree ("sponsor_user_id","batch_date");--> statement-breakpoint
CREATE INDEX "pot_invitations_pot_id_idx" ON "wolo"."pot_invitations" USING btree ("pot_id");--> statement-breakpoint
CREATE INDEX "pot_invitations_invited_by_user_id_idx" ON "wolo"."pot_invitations" USING btree ("invited_by_user_id");--> statement-breakpoint
CREATE INDEX "idx_pots_owner_user_id" ON "wolo"."pots" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "idx_pots_status" ON "wolo"."pots" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_pots_scheduled_open_at" ON "wolo"."pots" USING btree ("scheduled_open_at");--> statement-breakpoint
CREATE INDEX "idx_pots_birthday_date" ON "wolo"."pots" USING btree ("birthday_date");--> statement-breakpoint
CREATE INDEX "pots_public_idx" ON "wolo"."pots" USING btree ("created_at") WHERE visibility = 'public';--> statement-breakpoint
CREATE INDEX "pots_preferred_pack_id_idx" ON "wolo"."pots" USING btree ("preferred_pack_id");--> statement-breakpoint
CREATE INDEX "pots_created_from_referral_id_idx" ON "wolo"."pots" USING btree ("created_from_referral_id");--> statement-breakpoint
CREATE INDEX "idx_donations_pot_id" ON "wolo"."donations" USING btree ("pot_id","status");--> statement-breakpoint
CREATE INDEX "idx_donations_donor_user_id" ON "wolo"."donations" USING btree ("donor_user_id");--> statement-breakpoint
CREATE INDEX "idx_donations_status" ON "wolo"."donations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_donations_wave_transaction_id" ON "wolo"."donations" USING btree ("wave_transaction_id") WHERE wave_transaction_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "refunds_donation_id_idx" ON "wolo"."refunds" USING btree ("donation_id");--> statement-breakpoint
CREATE INDEX "refunds_refunded_by_user_id_idx" ON "wolo"."refunds" USING btree ("refunded_by_user_id");--> statement-breakpoint
CREATE INDEX "wave_webhook_events_donation_id_idx" ON "wolo"."wave_webhook_events" USING btree ("donation_id");--> statement-breakpoint
CREATE INDEX "packs_partner_id_idx" ON "wolo"."packs" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "packs_active_category_idx" ON "wolo"."packs" USING btree ("category") WHERE is_active;--> statement-breakpoint
CREATE INDEX "partner_staff_user_id_idx" ON "wolo"."partner_staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "partners_verified_by_user_id_idx" ON "wolo"."partners" USING btree ("verified_by_user_id");--> statement-breakpoint
CREATE INDEX "sponsor_campaigns_active_idx" ON "wolo"."sponsor_campaigns" USING btree ("starts_at","ends_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "partner_settlements_approved_by_user_id_idx" ON "wolo"."partner_settlements" USING btree ("approved_by_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_qr_codes_code" ON "wolo"."qr_codes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "idx_qr_codes_pot_id" ON "wolo"."qr_codes" USING btree ("pot_id");--> statement-breakpoint
CREATE INDEX "idx_qr_codes_status" ON "wolo"."qr_codes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_qr_codes_expires_at" ON "wolo"."qr_codes" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "qr_codes_pack_id_idx" ON "wolo"."qr_codes" USING btree ("pack_id");--> statement-breakpoint
CREATE INDEX "qr_codes_redeemed_by_partner_id_idx" ON "wolo"."qr_codes" USING btree ("redeemed_by_partner_id");--> statement-breakpoint
CREATE INDEX "qr_redemption_logs_qr_code_id_idx" ON "wolo"."qr_redemption_logs" USING btree ("qr_code_id");--> statement-breakpoint
CREATE INDEX "qr_redemption_logs_partner_id_idx" ON "wolo"."qr_redemption_logs" USING btree ("partner_id","attempt_timestamp");--> statement-breakpoint
CREATE INDEX "qr_redemption_logs_partner_user_id_idx" ON "wolo"."qr_redemption_logs" USING btree ("partner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_notification_templates_template_key" ON "wolo"."notification_templates" USING btree ("template_key");--> statement-breakpoint
CREATE INDEX "idx_notifications_user_id" ON "wolo"."notifications" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_notifications_status" ON "wolo"."notifications" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_notifications_scheduled_at" ON "wolo"."notifications" USING btree ("scheduled_at");--> statement-breakpoint
CREATE INDEX "notifications_template_id_idx" ON "wolo"."notifications" USING btree ("template_id");--> statement-breakpoint
CREATE INDEX "ab_test_assignments_user_id_idx" ON "wolo"."ab_test_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_analytics_events_event_name" ON "wolo"."analytics_events" USING btree ("event_name");--> statement-breakpoint
CREATE INDEX "idx_analytics_events_user_id" ON "wolo"."analytics_events" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_analytics_events_timestamp" ON "wolo"."analytics_events" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "admin_sessions_user_id_idx" ON "wolo"."admin_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "admin_sessions_session_token_hash_idx" ON "wolo"."admin_sessions" USING btree ("session_token_hash");--> statement-breakpoint
CREATE INDEX "idx_audit_logs_actor_user_id" ON "wolo"."audit_logs" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "idx_audit_logs_action" ON "wolo"."audit_logs" USING btree ("action");--> statement-breakpoint
CREATE INDEX "idx_audit_logs_timestamp" ON "wolo"."audit_logs" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "feature_flags_created_by_user_id_idx" ON "wolo"."feature_flags" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "feature_flags_last_modified_by_user_id_idx" ON "wolo"."feature_flags" USING btree ("last_modified_by_user_id");--> statement-breakpoint
CREATE INDEX "system_config_last_modified_by_user_id_idx" ON "wolo"."system_config" USING btree ("last_modified_by_user_id");--> statement-breakpoint
CREATE INDEX "system_health_checks_service_name_checked_at_idx" ON "wolo"."system_health_checks" USING btree ("service_name","check_name","checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_brand_email_unique" ON "crm"."customers" USING btree ("brand_id",lower("email"));--> statement-breakpoint
CREATE INDEX "idx_customers_email" ON "crm"."customers" USING btree (lower("email"));--> statement-breakpoint
ALTER TABLE "crm"."conversations" ADD CONSTRAINT "conversations_opt_out_reason_length_check" CHECK (char_length(opt_out_reason) <= 255);--> statement-breakpoint
ALTER TABLE "crm"."conversations" ADD CONSTRAINT "conversations_tags_length_check" CHECK (cardinality(tags) <= 100 AND array_to_string(tags, E'\n') !~ '[^\n]{101}');--> statement-breakpoint
ALTER TABLE "crm"."conversations" ADD CONSTRAINT "conversations_metadata_size_check" CHECK (octet_length(metadata::text) <= 65536);--> statement-breakpoint
ALTER TABLE "crm"."messages" ADD CONSTRAINT "messages_content_length_check" CHECK (char_length(content) <= 5000);--> statement-breakpoint
ALTER TABLE "crm"."messages" ADD CONSTRAINT "messages_media_urls_length_check" CHECK (cardinality(media_urls) <= 20 AND array_to_string(media_urls, E'\n') !~ '[^\n]{2049}');--> statement-breakpoint
ALTER TABLE "crm"."messages" ADD CONSTRAINT "messages_metadata_size_check" CHECK (octet_length(metadata::text) <= 65536);--> statement-breakpoint
ALTER TABLE "crm"."customers" ADD CONSTRAINT "customers_tags_length_check" CHECK (cardinality(tags) <= 100 AND array_to_string(tags, E'\n') !~ '[^\n]{101}');--> statement-breakpoint
ALTER TABLE "crm"."customers" ADD CONSTRAINT "customers_metadata_size_check" CHECK (octet_length(metadata::text) <= 65536);--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_first_name_length_check" CHECK (char_length(first_name) <= 200);--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_last_name_length_check" CHECK (char_length(last_name) <= 200);--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_acquisition_source_length_check" CHECK (char_length(acquisition_source) <= 255);--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_systemeio_id_length_check" CHECK (char_length(systemeio_id) <= 255);--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_tags_length_check" CHECK (cardinality(tags) <= 100 AND array_to_string(tags, E'\n') !~ '[^\n]{101}');--> statement-breakpoint
ALTER TABLE "unified_profiles" ADD CONSTRAINT "unified_profiles_admin_metadata_size_check" CHECK (octet_length(admin_metadata::text) <= 65536);--> statement-breakpoint
CREATE VIEW "wolo"."pot_donations" WITH (security_invoker = true) AS (
    SELECT r.id, r.pot_id, r.donor_user_id, r.donor_name, r.is_anonymous, r.amount_cfa, r.status,
           r.donation_message, r.confirmed_at, r.created_at
    FROM wolo_private.pot_donation_rows() r);--> statement-breakpoint
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
CREATE VIEW "crm"."customer_search" AS (select "brand_id", "id", "created_at", to_tsvector('english', coalesce("crm"."customers"."first_name", '') || ' ' || coalesce("crm"."customers"."last_name", '') || ' ' || "crm"."customers"."email") as "document" from "crm"."customers" where "crm"."customers"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id));--> statement-breakpoint
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
DROP POLICY "users read their own enrollments" ON "enrollments" CASCADE;--> statement-breakpoint
DROP POLICY "admins read every enrollment" ON "enrollments" CASCADE;--> statement-breakpoint
DROP POLICY "users read their own affiliate record" ON "affiliates" CASCADE;--> statement-breakpoint
DROP POLICY "admins read every affiliate" ON "affiliates" CASCADE;--> statement-breakpoint
DROP POLICY "users read their own profile" ON "unified_profiles" CASCADE;--> statement-breakpoint
DROP POLICY "admins read every profile" ON "unified_profiles" CASCADE;--> statement-breakpoint
DROP POLICY "users read their own transactions" ON "transactions" CASCADE;--> statement-breakpoint
DROP POLICY "admins read every transaction" ON "transactions" CASCADE;--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "admin_notifications" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "profile_audit_log" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "courses" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "dashboard_cache_status" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "revenue_metrics" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "authors read their versions and admins all" ON "learning"."content_versions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."content_versions"."created_by" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "authors record versions as themselves" ON "learning"."content_versions" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."content_versions"."created_by" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "everyone reads active categories" ON "learning"."course_categories" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."course_categories"."is_active");--> statement-breakpoint
CREATE POLICY "signed-in users read active categories and admins every one" ON "learning"."course_categories" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_categories"."is_active" OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "completions: the learner, the course instructor, admins" ON "learning"."course_completions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_completions"."user_id" = (select auth.uid()) OR "learning"."course_completions"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners rate and review their own completions" ON "learning"."course_completions" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."course_completions"."user_id" = (select auth.uid())) WITH CHECK ("learning"."course_completions"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "everyone reads the preview lessons of published courses" ON "learning"."course_lessons" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."course_lessons"."is_preview" AND "learning"."course_lessons"."course_id" IN (SELECT learning_private.published_course_ids()));--> statement-breakpoint
CREATE POLICY "lessons: enrolled learners, previews, instructors, admins" ON "learning"."course_lessons" AS PERMISSIVE FOR SELECT TO "authenticated" USING (("learning"."course_lessons"."is_preview" AND "learning"."course_lessons"."course_id" IN (SELECT learning_private.published_course_ids())) OR "learning"."course_lessons"."course_id" IN (SELECT learning_private.enrolled_course_ids()) OR "learning"."course_lessons"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
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
CREATE POLICY "sections of published, enrolled or own courses" ON "learning"."course_sections" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."course_sections"."course_id" IN (SELECT learning_private.published_course_ids()) OR "learning"."course_sections"."course_id" IN (SELECT learning_private.enrolled_course_ids()) OR "learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors add sections to their own courses" ON "learning"."course_sections" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors edit sections of their own courses" ON "learning"."course_sections" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin())) WITH CHECK ("learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors delete sections of their own courses" ON "learning"."course_sections" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."course_sections"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "everyone reads tag mappings" ON "learning"."course_tag_mappings" AS PERMISSIVE FOR SELECT TO "anon", "authenticated" USING (true);--> statement-breakpoint
CREATE POLICY "instructors tag their own courses" ON "learning"."course_tag_mappings" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."course_tag_mappings"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors untag their own courses" ON "learning"."course_tag_mappings" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."course_tag_mappings"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "everyone reads tags" ON "learning"."course_tags" AS PERMISSIVE FOR SELECT TO "anon", "authenticated" USING (true);--> statement-breakpoint
CREATE POLICY "everyone reads published courses" ON "learning"."courses" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."courses"."status" = 'published');--> statement-breakpoint
CREATE POLICY "courses: published to users, own to instructors, all to admins" ON "learning"."courses" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."courses"."status" = 'published' OR "learning"."courses"."instructor_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors create their own courses" ON "learning"."courses" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."courses"."instructor_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors update their own courses and admins every one" ON "learning"."courses" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."courses"."instructor_id" = (select auth.uid()) OR (select public.is_admin())) WITH CHECK ("learning"."courses"."instructor_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "instructors delete their own drafts and admins any course" ON "learning"."courses" AS PERMISSIVE FOR DELETE TO "authenticated" USING (("learning"."courses"."instructor_id" = (select auth.uid()) AND "learning"."courses"."status" = 'draft') OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "enrollments: the learner, the course instructor, admins" ON "learning"."enrollments" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."enrollments"."user_id" = (select auth.uid()) OR "learning"."enrollments"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners enroll in free or purchased published courses" ON "learning"."enrollments" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."enrollments"."user_id" = (select auth.uid()) AND "learning"."enrollments"."course_id" IN (SELECT learning_private.enrollable_course_ids()));--> statement-breakpoint
CREATE POLICY "learners pause, cancel or resume their own enrollments" ON "learning"."enrollments" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."enrollments"."user_id" = (select auth.uid())) WITH CHECK ("learning"."enrollments"."user_id" = (select auth.uid()) AND "learning"."enrollments"."status" IN ('active', 'paused', 'cancelled'));--> statement-breakpoint
CREATE POLICY "progress: the learner, the course instructor, admins" ON "learning"."lesson_progress" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."lesson_progress"."user_id" = (select auth.uid()) OR "learning"."lesson_progress"."course_id" IN (SELECT learning_private.instructor_course_ids()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "learners record progress in courses they are enrolled in" ON "learning"."lesson_progress" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."lesson_progress"."user_id" = (select auth.uid()) AND "learning"."lesson_progress"."course_id" IN (SELECT learning_private.enrolled_course_ids()));--> statement-breakpoint
CREATE POLICY "learners update their own progress" ON "learning"."lesson_progress" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."lesson_progress"."user_id" = (select auth.uid())) WITH CHECK ("learning"."lesson_progress"."user_id" = (select auth.uid()) AND "learning"."lesson_progress"."course_id" IN (SELECT learning_private.enrolled_course_ids()));--> statement-breakpoint
CREATE POLICY "everyone reads public files" ON "learning"."media_files" AS PERMISSIVE FOR SELECT TO "anon" USING ("learning"."media_files"."visibility" = 'public');--> statement-breakpoint
CREATE POLICY "users read public files, their own, admins all" ON "learning"."media_files" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."media_files"."visibility" = 'public' OR "learning"."media_files"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users upload their own files" ON "learning"."media_files" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."media_files"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own files" ON "learning"."media_files" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."media_files"."user_id" = (select auth.uid())) WITH CHECK ("learning"."media_files"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users delete their own files and admins any" ON "learning"."media_files" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."media_files"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users read their own transactions and admins every one" ON "learning"."payment_transactions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."payment_transactions"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "quiz attempts: the learner, the quiz instructor, admins" ON "learning"."quiz_attempts" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."quiz_attempts"."user_id" = (select auth.uid()) OR "learning"."quiz_attempts"."quiz_id" IN (SELECT learning_private.instructor_quiz_ids()) OR (select public.is_admin()));--> statement-breakpoint
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
CREATE POLICY "users read their own addresses and admins every one" ON "learning"."user_addresses" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."user_addresses"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users add their own addresses" ON "learning"."user_addresses" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."user_addresses"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own addresses" ON "learning"."user_addresses" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."user_addresses"."user_id" = (select auth.uid())) WITH CHECK ("learning"."user_addresses"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users delete their own addresses" ON "learning"."user_addresses" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."user_addresses"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users read their own bookmarks and admins every one" ON "learning"."user_bookmarks" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."user_bookmarks"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users add their own bookmarks" ON "learning"."user_bookmarks" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."user_bookmarks"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own bookmarks" ON "learning"."user_bookmarks" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."user_bookmarks"."user_id" = (select auth.uid())) WITH CHECK ("learning"."user_bookmarks"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users delete their own bookmarks" ON "learning"."user_bookmarks" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."user_bookmarks"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users read their own notes and admins every one" ON "learning"."user_notes" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."user_notes"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users add their own notes" ON "learning"."user_notes" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."user_notes"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own notes" ON "learning"."user_notes" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."user_notes"."user_id" = (select auth.uid())) WITH CHECK ("learning"."user_notes"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users delete their own notes" ON "learning"."user_notes" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."user_notes"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users read their own preferences and admins every one" ON "learning"."user_preferences" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."user_preferences"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users add their own preferences" ON "learning"."user_preferences" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."user_preferences"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own preferences" ON "learning"."user_preferences" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."user_preferences"."user_id" = (select auth.uid())) WITH CHECK ("learning"."user_preferences"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users delete their own preferences" ON "learning"."user_preferences" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("learning"."user_preferences"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users read their own role assignments and admins every one" ON "learning"."user_roles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."user_roles"."user_id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users read their own profile and admins every profile" ON "learning"."users" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("learning"."users"."id" = (select auth.uid()) OR (select public.is_admin()));--> statement-breakpoint
CREATE POLICY "users create their own profile" ON "learning"."users" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("learning"."users"."id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users update their own profile" ON "learning"."users" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("learning"."users"."id" = (select auth.uid())) WITH CHECK ("learning"."users"."id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "admins read leads" ON "leads" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "the definer role acts for the package functions" ON "leads" AS PERMISSIVE FOR ALL TO "unified_schema_definer" USING (true) WITH CHECK (true);--> statement-breakpoint
CREATE POLICY "admins read the marketing source rollup" ON "marketing_source_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the enrollments rollup" ON "monthly_enrollments_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read the revenue rollup" ON "revenue_analysis_rollup" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select public.is_admin()));--> statement-breakpoint
CREATE POLICY "admins read password_reset_tokens" ON "wolo"."password_reset_tokens" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read user_sessions" ON "wolo"."user_sessions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "users read their own row, admins every row" ON "wolo"."users" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."users"."id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "users create their own row" ON "wolo"."users" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("wolo"."users"."id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own row" ON "wolo"."users" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("wolo"."users"."id" = (select auth.uid())) WITH CHECK ("wolo"."users"."id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "own profile, a guardian's minor's; admins all" ON "wolo"."profiles" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."profiles"."user_id" = (select auth.uid()) OR "wolo"."profiles"."guardian_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "users create their own profile" ON "wolo"."profiles" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("wolo"."profiles"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own profile" ON "wolo"."profiles" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("wolo"."profiles"."user_id" = (select auth.uid())) WITH CHECK ("wolo"."profiles"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users read their own addresses, admins every address" ON "wolo"."user_addresses" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."user_addresses"."user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "users add their own addresses" ON "wolo"."user_addresses" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("wolo"."user_addresses"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own addresses" ON "wolo"."user_addresses" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("wolo"."user_addresses"."user_id" = (select auth.uid())) WITH CHECK ("wolo"."user_addresses"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users delete their own addresses" ON "wolo"."user_addresses" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("wolo"."user_addresses"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "sponsors read their own conversions, admins every conversion" ON "wolo"."points_conversions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."points_conversions"."sponsor_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "sponsors read their own points, admins every ledger" ON "wolo"."points_ledger" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."points_ledger"."sponsor_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "sponsors and invitees read their referrals, admins all" ON "wolo"."referrals" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."referrals"."sponsor_user_id" = (select auth.uid()) OR "wolo"."referrals"."sponsored_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "sponsors read their own contact batches, admins every batch" ON "wolo"."sponsor_contact_batches" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."sponsor_contact_batches"."sponsor_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "sponsors read their own daily counters, admins every counter" ON "wolo"."sponsor_daily_limits" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."sponsor_daily_limits"."sponsor_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "owners read their pots' analytics, admins every pot's" ON "wolo"."pot_analytics" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."pot_analytics"."pot_id" IN (select p.id from wolo.pots p where p.owner_user_id = (select auth.uid())) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "owners read their pots' invitations, admins every invitation" ON "wolo"."pot_invitations" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."pot_invitations"."pot_id" IN (select p.id from wolo.pots p where p.owner_user_id = (select auth.uid())) OR "wolo"."pot_invitations"."invited_by_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "owners invite to their pots" ON "wolo"."pot_invitations" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("wolo"."pot_invitations"."invited_by_user_id" = (select auth.uid()) AND "wolo"."pot_invitations"."pot_id" IN (select p.id from wolo.pots p where p.owner_user_id = (select auth.uid())));--> statement-breakpoint
CREATE POLICY "anyone reads public pots" ON "wolo"."pots" AS PERMISSIVE FOR SELECT TO "anon" USING ("wolo"."pots"."visibility" = 'public');--> statement-breakpoint
CREATE POLICY "users read public pots and their own, admins every pot" ON "wolo"."pots" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."pots"."visibility" = 'public' OR "wolo"."pots"."owner_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "owners create their pots" ON "wolo"."pots" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("wolo"."pots"."owner_user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "owners edit their pots" ON "wolo"."pots" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("wolo"."pots"."owner_user_id" = (select auth.uid())) WITH CHECK ("wolo"."pots"."owner_user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "owners delete their pots" ON "wolo"."pots" AS PERMISSIVE FOR DELETE TO "authenticated" USING ("wolo"."pots"."owner_user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "admins read donation_analytics" ON "wolo"."donation_analytics" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "donors read their own donations, admins every donation" ON "wolo"."donations" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."donations"."donor_user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "donors read their donations' refunds, admins every refund" ON "wolo"."refunds" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."refunds"."donation_id" IN (select d.id from wolo.donations d where d.donor_user_id = (select auth.uid())) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read wave_webhook_events" ON "wolo"."wave_webhook_events" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "anyone reads active packs" ON "wolo"."packs" AS PERMISSIVE FOR SELECT TO "anon" USING ("wolo"."packs"."is_active");--> statement-breakpoint
CREATE POLICY "active packs, staff their partner's; admins all" ON "wolo"."packs" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."packs"."is_active" OR "wolo"."packs"."partner_id" = ANY (((select wolo_private.my_partner_ids())::uuid[])) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "partner staff edit their partner's packs" ON "wolo"."packs" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("wolo"."packs"."partner_id" = ANY (((select wolo_private.my_partner_ids())::uuid[]))) WITH CHECK ("wolo"."packs"."partner_id" = ANY (((select wolo_private.my_partner_ids())::uuid[])));--> statement-breakpoint
CREATE POLICY "staff read their own partner links, admins every link" ON "wolo"."partner_staff" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."partner_staff"."user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "partner staff read their partner, admins every partner" ON "wolo"."partners" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."partners"."id" = ANY (((select wolo_private.my_partner_ids())::uuid[])) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read sponsor_campaigns" ON "wolo"."sponsor_campaigns" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "staff read their partner's settlements; admins all" ON "wolo"."partner_settlements" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."partner_settlements"."partner_id" = ANY (((select wolo_private.my_partner_ids())::uuid[])) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "pot owners and the pack's partner staff; admins all" ON "wolo"."qr_codes" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."qr_codes"."pack_id" IN (select pk.id from wolo.packs pk where pk.partner_id = ANY (((select wolo_private.my_partner_ids())::uuid[]))) OR "wolo"."qr_codes"."pot_id" IN (select p.id from wolo.pots p where p.owner_user_id = (select auth.uid())) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "staff read their partner's attempts; admins all" ON "wolo"."qr_redemption_logs" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."qr_redemption_logs"."partner_id" = ANY (((select wolo_private.my_partner_ids())::uuid[])) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read notification_analytics" ON "wolo"."notification_analytics" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "users read their own preferences; admins all" ON "wolo"."notification_preferences" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."notification_preferences"."user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "users create their own notification preferences" ON "wolo"."notification_preferences" AS PERMISSIVE FOR INSERT TO "authenticated" WITH CHECK ("wolo"."notification_preferences"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "users edit their own notification preferences" ON "wolo"."notification_preferences" AS PERMISSIVE FOR UPDATE TO "authenticated" USING ("wolo"."notification_preferences"."user_id" = (select auth.uid())) WITH CHECK ("wolo"."notification_preferences"."user_id" = (select auth.uid()));--> statement-breakpoint
CREATE POLICY "admins read notification_templates" ON "wolo"."notification_templates" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "users read their own notifications, admins every notification" ON "wolo"."notifications" AS PERMISSIVE FOR SELECT TO "authenticated" USING ("wolo"."notifications"."user_id" = (select auth.uid()) OR (select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read ab_test_assignments" ON "wolo"."ab_test_assignments" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read ab_tests" ON "wolo"."ab_tests" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read analytics_events" ON "wolo"."analytics_events" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read business_metrics" ON "wolo"."business_metrics" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read funnel_analytics" ON "wolo"."funnel_analytics" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read admin_sessions" ON "wolo"."admin_sessions" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read audit_logs" ON "wolo"."audit_logs" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read feature_flags" ON "wolo"."feature_flags" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "admins read system_config" ON "wolo"."system_config" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
CREATE POLICY "sensitive system config is not readable by authenticated" ON "wolo"."system_config" AS RESTRICTIVE FOR SELECT TO "authenticated" USING (NOT "wolo"."system_config"."is_sensitive");--> statement-breakpoint
CREATE POLICY "admins read system_health_checks" ON "wolo"."system_health_checks" AS PERMISSIVE FOR SELECT TO "authenticated" USING ((select wolo_private.has_role('admin')));--> statement-breakpoint
ALTER POLICY "crm_app reads and writes only the current brand" ON "crm"."conversations" TO crm_app USING ("crm"."conversations"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id)) WITH CHECK ("crm"."conversations"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id));--> statement-breakpoint
ALTER POLICY "crm_app reads and writes only the current brand" ON "crm"."messages" TO crm_app USING ("crm"."messages"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id)) WITH CHECK ("crm"."messages"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id));--> statement-breakpoint
ALTER POLICY "crm_app reads and writes only the current brand" ON "crm"."customers" TO crm_app USING ("crm"."customers"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id)) WITH CHECK ("crm"."customers"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id));
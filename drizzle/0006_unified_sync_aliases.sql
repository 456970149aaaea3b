ALTER TABLE "courses" ALTER COLUMN "slug" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "transactions" ALTER COLUMN "transaction_type" SET DEFAULT 'Other';
-- Wider precision at the same scale: binary-compatible, no table rewrite (docs/migration-lint.md).
-- squawk-ignore changing-column-type
ALTER TABLE "learning"."quiz_attempts" ALTER COLUMN "score" SET DATA TYPE numeric(10, 2);--> statement-breakpoint
-- squawk-ignore changing-column-type
ALTER TABLE "learning"."quiz_attempts" ALTER COLUMN "max_score" SET DATA TYPE numeric(10, 2);--> statement-breakpoint
-- Pot totals pass 2^31-1: integer to bigint rewrites pots and pot_analytics once (docs/migration-lint.md).
-- squawk-ignore changing-column-type
ALTER TABLE "wolo"."pot_analytics" ALTER COLUMN "total_raised_cfa" SET DATA TYPE bigint;--> statement-breakpoint
-- squawk-ignore changing-column-type
ALTER TABLE "wolo"."pots" ALTER COLUMN "raised_cfa" SET DATA TYPE bigint;

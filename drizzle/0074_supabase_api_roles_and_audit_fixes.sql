-- Wider precision at the same scale: binary-compatible, no table rewrite (docs/migration-lint.md).
-- squawk-ignore changing-column-type
ALTER TABLE "learning"."quiz_attempts" ALTER COLUMN "score" SET DATA TYPE numeric(10, 2);--> statement-breakpoint
-- squawk-ignore changing-column-type
ALTER TABLE "learning"."quiz_attempts" ALTER COLUMN "max_score" SET DATA TYPE numeric(10, 2);
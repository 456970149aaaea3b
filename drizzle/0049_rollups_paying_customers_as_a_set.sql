DROP INDEX "revenue_analysis_rollup_by_customer_zero_idx";--> statement-breakpoint
-- An internal table of the rollup triggers, read and written by their owner only (docs/migration-lint.md).
-- squawk-ignore ban-drop-column
ALTER TABLE "revenue_analysis_rollup_by_customer" DROP COLUMN "transaction_count";
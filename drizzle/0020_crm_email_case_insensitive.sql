ALTER TABLE "crm"."customers" DROP CONSTRAINT "customers_brand_email_unique";--> statement-breakpoint
DROP INDEX "crm"."idx_customers_email";--> statement-breakpoint
CREATE UNIQUE INDEX "customers_brand_email_unique" ON "crm"."customers" USING btree ("brand_id",lower("email"));--> statement-breakpoint
CREATE INDEX "idx_customers_email" ON "crm"."customers" USING btree (lower("email"));
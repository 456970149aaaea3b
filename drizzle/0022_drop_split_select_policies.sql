DROP VIEW "crm"."customer_search";--> statement-breakpoint
CREATE VIEW "crm"."customer_search" AS (select "brand_id", "id", "created_at", to_tsvector('english', coalesce("crm"."customers"."first_name", '') || ' ' || coalesce("crm"."customers"."last_name", '') || ' ' || "crm"."customers"."email") as "document" from "crm"."customers" where "crm"."customers"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id));--> statement-breakpoint
DROP POLICY "users read their own enrollments" ON "enrollments" CASCADE;--> statement-breakpoint
DROP POLICY "admins read every enrollment" ON "enrollments" CASCADE;--> statement-breakpoint
DROP POLICY "users read their own affiliate record" ON "affiliates" CASCADE;--> statement-breakpoint
DROP POLICY "admins read every affiliate" ON "affiliates" CASCADE;--> statement-breakpoint
DROP POLICY "users read their own profile" ON "unified_profiles" CASCADE;--> statement-breakpoint
DROP POLICY "admins read every profile" ON "unified_profiles" CASCADE;--> statement-breakpoint
DROP POLICY "users read their own transactions" ON "transactions" CASCADE;--> statement-breakpoint
DROP POLICY "admins read every transaction" ON "transactions" CASCADE;--> statement-breakpoint
ALTER POLICY "crm_app reads and writes only the current brand" ON "crm"."conversations" TO crm_app USING ("crm"."conversations"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id)) WITH CHECK ("crm"."conversations"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id));--> statement-breakpoint
ALTER POLICY "crm_app reads and writes only the current brand" ON "crm"."messages" TO crm_app USING ("crm"."messages"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id)) WITH CHECK ("crm"."messages"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id));--> statement-breakpoint
ALTER POLICY "crm_app reads and writes only the current brand" ON "crm"."customers" TO crm_app USING ("crm"."customers"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id)) WITH CHECK ("crm"."customers"."brand_id" = (select nullif((select current_setting('app.current_brand', true)), '')::crm.brand_id));
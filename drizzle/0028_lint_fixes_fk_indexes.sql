DROP INDEX "learning"."course_quizzes_lesson_id_idx";--> statement-breakpoint
DROP INDEX "learning"."course_resources_lesson_id_idx";--> statement-breakpoint
DROP INDEX "learning"."idx_lesson_progress_lesson";--> statement-breakpoint
DROP INDEX "wolo"."idx_profiles_guardian_user_id";--> statement-breakpoint
DROP INDEX "wolo"."profiles_id_verified_by_idx";--> statement-breakpoint
DROP INDEX "wolo"."points_ledger_referral_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."referrals_sponsored_user_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."pots_preferred_pack_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."pots_created_from_referral_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."idx_donations_donor_user_id";--> statement-breakpoint
DROP INDEX "wolo"."partners_verified_by_user_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."partner_settlements_approved_by_user_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."qr_codes_redeemed_by_partner_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."qr_redemption_logs_partner_user_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."idx_notifications_user_id";--> statement-breakpoint
DROP INDEX "wolo"."ab_test_assignments_user_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."idx_analytics_events_user_id";--> statement-breakpoint
DROP INDEX "wolo"."idx_audit_logs_actor_user_id";--> statement-breakpoint
DROP INDEX "wolo"."feature_flags_created_by_user_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."feature_flags_last_modified_by_user_id_idx";--> statement-breakpoint
DROP INDEX "wolo"."system_config_last_modified_by_user_id_idx";--> statement-breakpoint
CREATE INDEX "course_quizzes_lesson_id_course_id_idx" ON "learning"."course_quizzes" USING btree ("lesson_id","course_id");--> statement-breakpoint
CREATE INDEX "course_resources_lesson_id_course_id_idx" ON "learning"."course_resources" USING btree ("lesson_id","course_id");--> statement-breakpoint
CREATE INDEX "idx_lesson_progress_lesson" ON "learning"."lesson_progress" USING btree ("lesson_id","course_id");--> statement-breakpoint
CREATE INDEX "idx_profiles_guardian_user_id" ON "wolo"."profiles" USING btree ("guardian_user_id");--> statement-breakpoint
CREATE INDEX "profiles_id_verified_by_idx" ON "wolo"."profiles" USING btree ("id_verified_by");--> statement-breakpoint
CREATE INDEX "points_ledger_referral_id_idx" ON "wolo"."points_ledger" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "referrals_sponsored_user_id_idx" ON "wolo"."referrals" USING btree ("sponsored_user_id");--> statement-breakpoint
CREATE INDEX "pots_preferred_pack_id_idx" ON "wolo"."pots" USING btree ("preferred_pack_id");--> statement-breakpoint
CREATE INDEX "pots_created_from_referral_id_idx" ON "wolo"."pots" USING btree ("created_from_referral_id");--> statement-breakpoint
CREATE INDEX "idx_donations_donor_user_id" ON "wolo"."donations" USING btree ("donor_user_id");--> statement-breakpoint
CREATE INDEX "partners_verified_by_user_id_idx" ON "wolo"."partners" USING btree ("verified_by_user_id");--> statement-breakpoint
CREATE INDEX "partner_settlements_approved_by_user_id_idx" ON "wolo"."partner_settlements" USING btree ("approved_by_user_id");--> statement-breakpoint
CREATE INDEX "qr_codes_redeemed_by_partner_id_idx" ON "wolo"."qr_codes" USING btree ("redeemed_by_partner_id");--> statement-breakpoint
CREATE INDEX "qr_redemption_logs_partner_user_id_idx" ON "wolo"."qr_redemption_logs" USING btree ("partner_user_id");--> statement-breakpoint
CREATE INDEX "idx_notifications_user_id" ON "wolo"."notifications" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ab_test_assignments_user_id_idx" ON "wolo"."ab_test_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_analytics_events_user_id" ON "wolo"."analytics_events" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_audit_logs_actor_user_id" ON "wolo"."audit_logs" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "feature_flags_created_by_user_id_idx" ON "wolo"."feature_flags" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "feature_flags_last_modified_by_user_id_idx" ON "wolo"."feature_flags" USING btree ("last_modified_by_user_id");--> statement-breakpoint
CREATE INDEX "system_config_last_modified_by_user_id_idx" ON "wolo"."system_config" USING btree ("last_modified_by_user_id");
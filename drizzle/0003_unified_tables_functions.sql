-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function public.unified_touch_updated_at()
-- new: trigger unified_profiles_touch_updated_at on public.unified_profiles
-- new: trigger transactions_touch_updated_at on public.transactions
-- new: trigger enrollments_touch_updated_at on public.enrollments
-- new: trigger courses_touch_updated_at on public.courses
-- new: trigger membership_levels_touch_updated_at on public.membership_levels
-- new: trigger affiliates_touch_updated_at on public.affiliates
-- new: grants on unified tables
-- new: unified reference rows
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.unified_touch_updated_at()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER unified_profiles_touch_updated_at
BEFORE UPDATE ON public.unified_profiles
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER transactions_touch_updated_at
BEFORE UPDATE ON public.transactions
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER enrollments_touch_updated_at
BEFORE UPDATE ON public.enrollments
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER courses_touch_updated_at
BEFORE UPDATE ON public.courses
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER membership_levels_touch_updated_at
BEFORE UPDATE ON public.membership_levels
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER affiliates_touch_updated_at
BEFORE UPDATE ON public.affiliates
FOR EACH ROW
EXECUTE FUNCTION public.unified_touch_updated_at();
--> statement-breakpoint
REVOKE ALL ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status FROM PUBLIC, anon, authenticated;
--> statement-breakpoint
GRANT ALL ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status TO service_role;
--> statement-breakpoint
GRANT SELECT ON public.unified_profiles, public.transactions, public.enrollments, public.courses, public.membership_levels, public.affiliates, public.profile_audit_log, public.admin_notifications, public.revenue_metrics, public.dashboard_cache_status TO authenticated;
--> statement-breakpoint
GRANT UPDATE (first_name, last_name, phone) ON public.unified_profiles TO authenticated;
--> statement-breakpoint
INSERT INTO public.courses (slug, title, transaction_type) VALUES ('papers-to-profits', 'Papers to Profits', 'P2P') ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO public.dashboard_cache_status (cache_name) SELECT unnest(ARRAY['dashboard_views', 'revenue_metrics']) ON CONFLICT DO NOTHING;

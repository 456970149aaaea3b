-- SQL objects declared in src/functions (written by db:generate; do not edit)
-- new: function public.set_updated_at()
-- changed: trigger customers_set_updated_at on crm.customers
-- changed: trigger conversations_set_updated_at on crm.conversations
-- changed: trigger users_set_updated_at on wolo.users
-- changed: trigger profiles_set_updated_at on wolo.profiles
-- changed: trigger sponsor_daily_limits_set_updated_at on wolo.sponsor_daily_limits
-- changed: trigger sponsor_contact_batches_set_updated_at on wolo.sponsor_contact_batches
-- changed: trigger pots_set_updated_at on wolo.pots
-- changed: trigger donations_set_updated_at on wolo.donations
-- changed: trigger partners_set_updated_at on wolo.partners
-- changed: trigger packs_set_updated_at on wolo.packs
-- changed: trigger sponsor_campaigns_set_updated_at on wolo.sponsor_campaigns
-- changed: trigger partner_settlements_set_updated_at on wolo.partner_settlements
-- changed: trigger notification_templates_set_updated_at on wolo.notification_templates
-- changed: trigger notifications_set_updated_at on wolo.notifications
-- changed: trigger notification_preferences_set_updated_at on wolo.notification_preferences
-- changed: trigger ab_tests_set_updated_at on wolo.ab_tests
-- changed: trigger feature_flags_set_updated_at on wolo.feature_flags
-- changed: trigger system_config_set_updated_at on wolo.system_config
-- removed: function crm.set_updated_at()
-- removed: function wolo.set_updated_at()
SET LOCAL lock_timeout = '10s';
--> statement-breakpoint
SET LOCAL statement_timeout = '120s';
--> statement-breakpoint
SET LOCAL check_function_bodies = off;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION public.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
VOLATILE
SECURITY INVOKER
SET search_path = ''
AS $fn$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := pg_catalog.now();
  END IF;
  RETURN NEW;
END
$fn$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION public.set_updated_at() FROM PUBLIC;
--> statement-breakpoint
COMMENT ON FUNCTION public.set_updated_at() IS 'Trigger: keeps updated_at current (unless the update sets it); crm and wolo tables.';
--> statement-breakpoint
CREATE OR REPLACE TRIGGER customers_set_updated_at
BEFORE UPDATE ON crm.customers
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER conversations_set_updated_at
BEFORE UPDATE ON crm.conversations
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER users_set_updated_at
BEFORE UPDATE ON wolo.users
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER profiles_set_updated_at
BEFORE UPDATE ON wolo.profiles
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_daily_limits_set_updated_at
BEFORE UPDATE ON wolo.sponsor_daily_limits
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_contact_batches_set_updated_at
BEFORE UPDATE ON wolo.sponsor_contact_batches
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER pots_set_updated_at
BEFORE UPDATE ON wolo.pots
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER donations_set_updated_at
BEFORE UPDATE ON wolo.donations
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER partners_set_updated_at
BEFORE UPDATE ON wolo.partners
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER packs_set_updated_at
BEFORE UPDATE ON wolo.packs
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER sponsor_campaigns_set_updated_at
BEFORE UPDATE ON wolo.sponsor_campaigns
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER partner_settlements_set_updated_at
BEFORE UPDATE ON wolo.partner_settlements
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notification_templates_set_updated_at
BEFORE UPDATE ON wolo.notification_templates
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notifications_set_updated_at
BEFORE UPDATE ON wolo.notifications
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER notification_preferences_set_updated_at
BEFORE UPDATE ON wolo.notification_preferences
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER ab_tests_set_updated_at
BEFORE UPDATE ON wolo.ab_tests
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER feature_flags_set_updated_at
BEFORE UPDATE ON wolo.feature_flags
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER system_config_set_updated_at
BEFORE UPDATE ON wolo.system_config
FOR EACH ROW
EXECUTE FUNCTION public.set_updated_at();
--> statement-breakpoint
DROP FUNCTION IF EXISTS wolo.set_updated_at();
--> statement-breakpoint
DROP FUNCTION IF EXISTS crm.set_updated_at();

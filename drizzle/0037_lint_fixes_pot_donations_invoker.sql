DROP VIEW "wolo"."pot_donations";--> statement-breakpoint
CREATE VIEW "wolo"."pot_donations" WITH (security_invoker = true) AS (
    SELECT r.id, r.pot_id, r.donor_user_id, r.donor_name, r.is_anonymous, r.amount_cfa, r.status,
           r.donation_message, r.confirmed_at, r.created_at
    FROM wolo_private.pot_donation_rows() r);
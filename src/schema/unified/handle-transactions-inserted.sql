DECLARE
  v_notify boolean := coalesce(nullif(current_setting('{{SUPPRESS_NOTIFICATIONS_SETTING}}', true), ''), 'off') <> 'on';
BEGIN
  -- One statement for all the rows the INSERT brought, with the same outcome as running
  -- handle_transaction_change() for each row in turn (the statement's row order: `pos`).
  WITH n AS MATERIALIZED (
    SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id,
           coalesce(r.paid_at, r.settled_at, now()) AS enrolled_at,
           coalesce(r.contact_email, r.user_id::text, 'an unknown buyer') AS who,
           jsonb_build_object('status', r.status, 'external_id', r.external_id, 'amount', r.amount,
                              'currency', r.currency, 'transaction_type', r.transaction_type) AS payload,
           row_number() OVER () AS pos
      FROM new_rows r
     WHERE r.status IN ({{PAID_STATUSES}}, 'refunded')
  ), p AS (
    -- paid rows of a product a course declares, with whether the buyer can be enrolled
    SELECT n.id, n.pos, n.user_id, n.enrolled_at, n.external_id, c.id AS course_id,
           CASE WHEN n.user_id IS NULL THEN 'no_user'
                WHEN NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = n.user_id) THEN 'no_profile'
           END AS skipped
      FROM n JOIN public.courses c ON c.transaction_type = n.transaction_type
     WHERE n.status IN ({{PAID_STATUSES}})
  ), e AS (
    -- the first of the statement's payments per buyer and course enrolls, as row by row
    INSERT INTO public.enrollments (user_id, course_id, transaction_id, status, enrolled_at, metadata)
    SELECT DISTINCT ON (p.user_id, p.course_id)
           p.user_id, p.course_id, p.id, 'active', p.enrolled_at,
           jsonb_build_object('source', 'after_transaction_insert', 'external_id', p.external_id)
      FROM p
     WHERE p.skipped IS NULL
     ORDER BY p.user_id, p.course_id, p.pos
    ON CONFLICT (user_id, course_id) WHERE status = 'active' DO NOTHING
    RETURNING id, transaction_id, course_id
  ), r AS (
    -- a payment inserted as refunded: the enrollments it created (none can exist yet; kept for parity)
    UPDATE public.enrollments en
       SET status = 'refunded',
           metadata = en.metadata || jsonb_build_object('refunded_at', now(), 'refunded_by_transaction', n.id)
      FROM n
     WHERE n.status = 'refunded' AND en.transaction_id = n.id AND en.status IN ('active', 'pending')
    RETURNING en.transaction_id
  )
  INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
  SELECT x.type, x.title, x.message, x.payload, x.transaction_id, x.user_id
    FROM (
      SELECT n.pos, 1 AS step, 'payment_received' AS type, n.transaction_type || ' payment received' AS title,
             format('%s %s paid by %s', n.currency, n.amount, n.who) AS message, n.payload, n.id AS transaction_id, n.user_id
        FROM n WHERE n.status IN ({{PAID_STATUSES}})
      UNION ALL
      SELECT n.pos, 2, 'enrollment_skipped', n.transaction_type || ' enrollment not created',
             CASE WHEN p.skipped = 'no_user'
                  THEN format('Payment by %s has no user_id: link it to a user to enroll them', n.who)
                  ELSE format('User %s has no unified profile yet: create it, then update the transaction', n.user_id) END,
             n.payload || jsonb_build_object('reason', p.skipped), n.id, n.user_id
        FROM p JOIN n ON n.id = p.id WHERE p.skipped IS NOT NULL
      UNION ALL
      SELECT n.pos, 2, 'enrollment_created', n.transaction_type || ' enrollment created',
             format('%s enrolled after payment %s', n.who, coalesce(n.external_id, n.id::text)),
             n.payload || jsonb_build_object('enrollment_id', e.id, 'course_id', e.course_id), n.id, n.user_id
        FROM e JOIN n ON n.id = e.transaction_id
      UNION ALL
      SELECT n.pos, 1, 'payment_refunded', n.transaction_type || ' payment refunded',
             format('%s %s refunded to %s; %s enrollment(s) marked refunded', n.currency, n.amount, n.who, k.refunded),
             n.payload || jsonb_build_object('enrollments_refunded', k.refunded), n.id, n.user_id
        FROM n CROSS JOIN LATERAL (SELECT count(*)::integer AS refunded FROM r WHERE r.transaction_id = n.id) k
       WHERE n.status = 'refunded'
    ) x
   WHERE v_notify
   ORDER BY x.pos, x.step;
  RETURN NULL;
END

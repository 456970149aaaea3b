DECLARE
  v_notify boolean := coalesce(nullif(current_setting('{{SUPPRESS_NOTIFICATIONS_SETTING}}', true), ''), 'off') <> 'on';
  v_enrolled uuid[];      -- the transactions that created an enrollment
  v_enrollments uuid[];   -- and those enrollments, in the same order
  v_courses uuid[];
BEGIN
  -- The same outcome as handle_transaction_change() run for each inserted row in turn, in as few
  -- statements as the rows need: a statement fires the statement triggers of the table it writes
  -- (enrollments' rollups and stale flag) even when it writes no row, so none runs for nothing.
  IF NOT EXISTS (SELECT 1 FROM new_rows r WHERE r.status IN ({{PAID_STATUSES}}, 'refunded')) THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM new_rows r JOIN public.courses c ON c.transaction_type = r.transaction_type
              WHERE r.status IN ({{PAID_STATUSES}})
                AND EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = r.user_id)) THEN
    -- The first of the statement's payments per buyer and course enrolls, as row by row would. The
    -- rows go in sorted by key, so concurrent INSERTs take the enrollment keys in one order.
    WITH n AS (
      SELECT r.id, r.user_id, r.transaction_type, r.external_id, coalesce(r.paid_at, r.settled_at, now()) AS enrolled_at,
             row_number() OVER () AS pos
        FROM new_rows r
       WHERE r.status IN ({{PAID_STATUSES}})
    ), e AS (
      INSERT INTO public.enrollments (user_id, course_id, transaction_id, status, enrolled_at, metadata)
      SELECT DISTINCT ON (n.user_id, c.id)
             n.user_id, c.id, n.id, 'active', n.enrolled_at,
             jsonb_build_object('source', 'after_transaction_insert', 'external_id', n.external_id)
        FROM n JOIN public.courses c ON c.transaction_type = n.transaction_type
       WHERE EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = n.user_id)
       ORDER BY n.user_id, c.id, n.pos
      ON CONFLICT (user_id, course_id) WHERE status = 'active' DO NOTHING
      RETURNING id, transaction_id, course_id
    )
    SELECT array_agg(e.transaction_id), array_agg(e.id), array_agg(e.course_id)
      INTO v_enrolled, v_enrollments, v_courses
      FROM e;
  END IF;
  IF NOT v_notify THEN
    RETURN NULL;
  END IF;
  -- The notifications in the rows' order (`pos`), each row's as the row trigger wrote them. A payment
  -- inserted as refunded has no enrollment to end: enrollments point at earlier transactions.
  WITH n AS MATERIALIZED (
    SELECT r.id, r.user_id, r.status, r.amount, r.currency, r.transaction_type, r.external_id,
           coalesce(r.contact_email, r.user_id::text, 'an unknown buyer') AS who,
           jsonb_build_object('status', r.status, 'external_id', r.external_id, 'amount', r.amount,
                              'currency', r.currency, 'transaction_type', r.transaction_type) AS payload,
           row_number() OVER () AS pos
      FROM new_rows r
     WHERE r.status IN ({{PAID_STATUSES}}, 'refunded')
  ), e AS (
    SELECT * FROM unnest(v_enrolled, v_enrollments, v_courses) AS e(transaction_id, id, course_id)
  )
  INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
  SELECT x.type, x.title, x.message, x.payload, x.transaction_id, x.user_id
    FROM (
      SELECT n.pos, 1 AS step, 'payment_received' AS type, n.transaction_type || ' payment received' AS title,
             format('%s %s paid by %s', n.currency, n.amount, n.who) AS message, n.payload, n.id AS transaction_id, n.user_id
        FROM n WHERE n.status IN ({{PAID_STATUSES}})
      UNION ALL
      SELECT n.pos, 2, 'enrollment_skipped', n.transaction_type || ' enrollment not created',
             CASE WHEN n.user_id IS NULL
                  THEN format('Payment by %s has no user_id: link it to a user to enroll them', n.who)
                  ELSE format('User %s has no unified profile yet: create it, then update the transaction', n.user_id) END,
             n.payload || jsonb_build_object('reason', CASE WHEN n.user_id IS NULL THEN 'no_user' ELSE 'no_profile' END),
             n.id, n.user_id
        FROM n JOIN public.courses c ON c.transaction_type = n.transaction_type
       WHERE n.status IN ({{PAID_STATUSES}})
         AND NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = n.user_id)
      UNION ALL
      SELECT n.pos, 2, 'enrollment_created', n.transaction_type || ' enrollment created',
             format('%s enrolled after payment %s', n.who, coalesce(n.external_id, n.id::text)),
             n.payload || jsonb_build_object('enrollment_id', e.id, 'course_id', e.course_id), n.id, n.user_id
        FROM e JOIN n ON n.id = e.transaction_id
      UNION ALL
      SELECT n.pos, 1, 'payment_refunded', n.transaction_type || ' payment refunded',
             format('%s %s refunded to %s; 0 enrollment(s) marked refunded', n.currency, n.amount, n.who),
             n.payload || jsonb_build_object('enrollments_refunded', 0), n.id, n.user_id
        FROM n WHERE n.status = 'refunded'
    ) x
   ORDER BY x.pos, x.step;
  RETURN NULL;
END

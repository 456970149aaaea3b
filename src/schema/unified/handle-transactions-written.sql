DECLARE
  v_notify boolean := coalesce(nullif(current_setting('{{SUPPRESS_NOTIFICATIONS_SETTING}}', true), ''), 'off') <> 'on';
  v_enrolled uuid[];      -- the transactions that created an enrollment
  v_enrollments uuid[];   -- and those enrollments, in the same order
  v_courses uuid[];
  v_refunded uuid[];      -- the transaction of each enrollment a refund ended
BEGIN
  -- The rows subquery is the statement's rows (new_rows; for an UPDATE joined to old_rows by id), each with
  -- what it asks for: `received` (it became paid: notify), `enroll` (it became paid, or a paid row
  -- got a user: enroll its buyer), `refund` (it became refunded: end its enrollments), and `pos`,
  -- its place in the statement (an INSERT's row order; an UPDATE's refunds first, then by created_at, id).
  -- Each step runs only when some row needs it: a statement fires the statement triggers of the
  -- table it writes (enrollments' rollups and stale flag) even when it writes no row.
  IF NOT EXISTS (SELECT 1 FROM ({{ROWS}}) r WHERE r.received OR r.enroll OR r.refund) THEN
    RETURN NULL;
  END IF;
  -- Refunds first: a statement refunding a buyer's payment and paying another for the same course
  -- leaves the buyer enrolled by the new one, whatever order its rows come in.
  IF EXISTS (SELECT 1 FROM public.enrollments e
              WHERE e.transaction_id IN (SELECT r.id FROM ({{ROWS}}) r WHERE r.refund) AND e.status IN ('active', 'pending')) THEN
    WITH x AS (
      UPDATE public.enrollments e
         SET status = 'refunded',
             metadata = e.metadata || jsonb_build_object('refunded_at', now(), 'refunded_by_transaction', e.transaction_id)
       WHERE e.transaction_id IN (SELECT r.id FROM ({{ROWS}}) r WHERE r.refund) AND e.status IN ('active', 'pending')
      RETURNING e.transaction_id
    )
    SELECT array_agg(x.transaction_id) INTO v_refunded FROM x;
  END IF;
  IF EXISTS (SELECT 1 FROM ({{ROWS}}) r JOIN public.courses c ON c.transaction_type = r.transaction_type
              WHERE r.enroll AND EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = r.user_id)) THEN
    -- The buyers' profiles are locked first (FOR KEY SHARE, in id order), so none can be deleted
    -- until this commits. A profile whose deletion is under way is waited for; once that commits,
    -- the lock skips the row, and the statements below see the buyer without a profile: the
    -- enrollment is skipped (enrollment_skipped) instead of the INSERT failing on its foreign key.
    PERFORM 1 FROM public.unified_profiles up
      WHERE up.id IN (SELECT r.user_id FROM ({{ROWS}}) r WHERE r.enroll)
      ORDER BY up.id
      FOR KEY SHARE OF up;
    -- The first of the statement's payments per buyer and course enrolls (ON CONFLICT on the
    -- one-active-enrollment index: a buyer already enrolled stays as they are). The rows go in
    -- sorted by key, so concurrent statements take the enrollment keys in one order.
    WITH n AS (
      SELECT r.id, r.user_id, r.transaction_type, r.external_id, coalesce(r.paid_at, r.settled_at, now()) AS enrolled_at, r.pos
        FROM ({{ROWS}}) r
       WHERE r.enroll
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
  -- The notifications in the rows' order, each row's as one statement per row writes them: its
  -- `payment_received` or `payment_refunded`, then its `enrollment_created` or `enrollment_skipped`.
  WITH n AS MATERIALIZED (
    SELECT r.id, r.user_id, r.received, r.enroll, r.refund, r.amount, r.currency, r.transaction_type, r.external_id, r.pos,
           coalesce(r.contact_email, r.user_id::text, 'an unknown buyer') AS who,
           jsonb_build_object('status', r.status, 'external_id', r.external_id, 'amount', r.amount,
                              'currency', r.currency, 'transaction_type', r.transaction_type) AS payload
      FROM ({{ROWS}}) r
     WHERE r.received OR r.enroll OR r.refund
  ), e AS (
    SELECT * FROM unnest(v_enrolled, v_enrollments, v_courses) AS e(transaction_id, id, course_id)
  ), ended AS (
    SELECT x.transaction_id, count(*)::int AS n FROM unnest(v_refunded) AS x(transaction_id) GROUP BY 1
  )
  INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
  SELECT x.type, x.title, x.message, x.payload, x.transaction_id, x.user_id
    FROM (
      SELECT n.pos, 1 AS step, 'payment_received' AS type, n.transaction_type || ' payment received' AS title,
             format('%s %s paid by %s', n.currency, n.amount, n.who) AS message, n.payload, n.id AS transaction_id, n.user_id
        FROM n WHERE n.received
      UNION ALL
      SELECT n.pos, 2, 'enrollment_skipped', n.transaction_type || ' enrollment not created',
             CASE WHEN n.user_id IS NULL
                  THEN format('Payment by %s has no user_id: link it to a user to enroll them', n.who)
                  ELSE format('User %s has no unified profile yet: create it, then update the transaction', n.user_id) END,
             n.payload || jsonb_build_object('reason', CASE WHEN n.user_id IS NULL THEN 'no_user' ELSE 'no_profile' END),
             n.id, n.user_id
        FROM n JOIN public.courses c ON c.transaction_type = n.transaction_type
       WHERE n.enroll
         AND NOT EXISTS (SELECT 1 FROM public.unified_profiles up WHERE up.id = n.user_id)
      UNION ALL
      SELECT n.pos, 2, 'enrollment_created', n.transaction_type || ' enrollment created',
             format('%s enrolled after payment %s', n.who, coalesce(n.external_id, n.id::text)),
             n.payload || jsonb_build_object('enrollment_id', e.id, 'course_id', e.course_id), n.id, n.user_id
        FROM e JOIN n ON n.id = e.transaction_id
      UNION ALL
      SELECT n.pos, 1, 'payment_refunded', n.transaction_type || ' payment refunded',
             format('%s %s refunded to %s; %s enrollment(s) marked refunded', n.currency, n.amount, n.who, coalesce(ended.n, 0)),
             n.payload || jsonb_build_object('enrollments_refunded', coalesce(ended.n, 0)), n.id, n.user_id
        FROM n LEFT JOIN ended ON ended.transaction_id = n.id
       WHERE n.refund
    ) x
   ORDER BY x.pos, x.step;
  RETURN NULL;
END

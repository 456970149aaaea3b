DECLARE
  v_paid boolean := NEW.status IN ({{PAID_STATUSES}});
  v_was_paid boolean := OLD.status IN ({{PAID_STATUSES}});
  v_user_changed boolean := OLD.user_id IS DISTINCT FROM NEW.user_id;
  v_notify boolean := coalesce(nullif(current_setting('{{SUPPRESS_NOTIFICATIONS_SETTING}}', true), ''), 'off') <> 'on';
  v_who text := coalesce(NEW.contact_email, NEW.user_id::text, 'an unknown buyer');
  v_payload jsonb := jsonb_build_object(
    'status', NEW.status, 'external_id', NEW.external_id, 'amount', NEW.amount,
    'currency', NEW.currency, 'transaction_type', NEW.transaction_type);
  v_course uuid;
  v_enrollment uuid;
  v_count integer;
BEGIN
  IF v_paid THEN
    IF NOT v_was_paid AND v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('payment_received', NEW.transaction_type || ' payment received',
              format('%s %s paid by %s', NEW.currency, NEW.amount, v_who), v_payload, NEW.id, NEW.user_id);
    END IF;
    IF v_was_paid AND (NOT v_user_changed OR NEW.user_id IS NULL) THEN
      RETURN NULL; -- paid -> settled: already handled; user unlinked (e.g. auth user deleted): nothing to enroll
    END IF;
    SELECT c.id INTO v_course FROM public.courses c WHERE c.transaction_type = NEW.transaction_type;
    IF v_course IS NULL THEN
      RETURN NULL; -- this product enrolls into no course (Canva, Other)
    END IF;
    IF NEW.user_id IS NULL OR NOT EXISTS (SELECT 1 FROM public.unified_profiles p WHERE p.id = NEW.user_id) THEN
      IF v_notify THEN
        INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
        VALUES ('enrollment_skipped', NEW.transaction_type || ' enrollment not created',
                CASE WHEN NEW.user_id IS NULL
                     THEN format('Payment by %s has no user_id: link it to a user to enroll them', v_who)
                     ELSE format('User %s has no unified profile yet: create it, then update the transaction', NEW.user_id) END,
                v_payload || jsonb_build_object('reason', CASE WHEN NEW.user_id IS NULL THEN 'no_user' ELSE 'no_profile' END),
                NEW.id, NEW.user_id);
      END IF;
      RETURN NULL;
    END IF;
    INSERT INTO public.enrollments (user_id, course_id, transaction_id, status, enrolled_at, metadata)
    VALUES (NEW.user_id, v_course, NEW.id, 'active', coalesce(NEW.paid_at, NEW.settled_at, now()),
            jsonb_build_object('source', 'after_transaction_insert', 'external_id', NEW.external_id))
    ON CONFLICT (user_id, course_id) WHERE status = 'active' DO NOTHING
    RETURNING id INTO v_enrollment;
    IF v_enrollment IS NOT NULL AND v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('enrollment_created', NEW.transaction_type || ' enrollment created',
              format('%s enrolled after payment %s', v_who, coalesce(NEW.external_id, NEW.id::text)),
              v_payload || jsonb_build_object('enrollment_id', v_enrollment, 'course_id', v_course), NEW.id, NEW.user_id);
    END IF;
  ELSIF NEW.status = 'refunded' AND OLD.status <> 'refunded' THEN
    UPDATE public.enrollments e
       SET status = 'refunded',
           metadata = e.metadata || jsonb_build_object('refunded_at', now(), 'refunded_by_transaction', NEW.id)
     WHERE e.transaction_id = NEW.id AND e.status IN ('active', 'pending');
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_notify THEN
      INSERT INTO public.admin_notifications (type, title, message, payload, transaction_id, user_id)
      VALUES ('payment_refunded', NEW.transaction_type || ' payment refunded',
              format('%s %s refunded to %s; %s enrollment(s) marked refunded', NEW.currency, NEW.amount, v_who, v_count),
              v_payload || jsonb_build_object('enrollments_refunded', v_count), NEW.id, NEW.user_id);
    END IF;
  END IF;
  RETURN NULL;
END

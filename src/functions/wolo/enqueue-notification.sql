DECLARE
  t wolo.notification_templates;
  p wolo.notification_preferences;
  v_has_prefs boolean;
  v_user wolo.users;
  v_tz text;
  v_event text;
  v_subject text;
  v_body text;
  v_name text;
  v_recipient text;
  v_start time;
  v_end time;
  v_local timestamp;
  v_lt time;
  v_at timestamptz := coalesce(enqueue_notification.as_of, pg_catalog.now());
  v_id uuid;
BEGIN
  SELECT * INTO t FROM wolo.notification_templates nt WHERE nt.template_key = enqueue_notification.template_key AND nt.is_active;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no active notification template %', enqueue_notification.template_key USING ERRCODE = '{{NOT_FOUND}}', COLUMN = 'template_key';
  END IF;
  IF enqueue_notification.channel IS NULL OR NOT (enqueue_notification.channel = ANY (t.channels::text[])) THEN
    RAISE EXCEPTION 'template % does not support channel %', t.template_key, enqueue_notification.channel USING ERRCODE = '{{CHANNEL_NOT_SUPPORTED}}', COLUMN = 'channel';
  END IF;
  SELECT * INTO v_user FROM wolo.users u WHERE u.id = enqueue_notification.user_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'user % does not exist', enqueue_notification.user_id USING ERRCODE = '{{NOT_FOUND}}', COLUMN = 'user_id';
  END IF;
  SELECT * INTO p FROM wolo.notification_preferences np WHERE np.user_id = enqueue_notification.user_id;
  v_has_prefs := FOUND;
  IF v_has_prefs THEN
    IF (enqueue_notification.channel = 'email' AND NOT p.email_enabled) OR (enqueue_notification.channel = 'sms' AND NOT p.sms_enabled)
       OR (enqueue_notification.channel = 'whatsapp' AND NOT p.whatsapp_enabled) OR (enqueue_notification.channel = 'push' AND NOT p.push_enabled) THEN
      RETURN NULL;
    END IF;
    v_event := pg_catalog.split_part(pg_catalog.replace(t.template_key, '_', '.'), '.', 1);
    IF (v_event = 'referral' AND NOT p.referral_notifications) OR (v_event = 'pot' AND NOT p.pot_notifications)
       OR (v_event = 'donation' AND NOT p.donation_notifications) THEN
      RETURN NULL;
    END IF;
  END IF;
  IF t.category = 'marketing' AND NOT (v_has_prefs AND p.marketing_notifications AND p.marketing_opt_in_at IS NOT NULL AND p.marketing_opt_in_source IS NOT NULL) THEN
    RAISE EXCEPTION 'marketing template % needs the user''s recorded opt-in (time and source)', t.template_key USING ERRCODE = '{{CONSENT_REQUIRED}}', COLUMN = 'user_id';
  END IF;
  v_subject := t.subject;
  v_body := t.body_text;
  FOR v_name IN
    SELECT DISTINCT m[1] FROM pg_catalog.regexp_matches(coalesce(t.subject, '') || ' ' || t.body_text, '\{\{\s*([A-Za-z0-9_.]+)\s*\}\}', 'g') AS m
  LOOP
    IF enqueue_notification.data IS NULL OR NOT (enqueue_notification.data ? v_name) THEN
      RAISE EXCEPTION 'placeholder {{%}} of template % is missing from data', v_name, t.template_key USING ERRCODE = '{{MISSING_PLACEHOLDER}}', COLUMN = v_name;
    END IF;
    v_subject := pg_catalog.regexp_replace(v_subject, '\{\{\s*' || pg_catalog.replace(v_name, '.', '\.') || '\s*\}\}', pg_catalog.replace(coalesce(enqueue_notification.data ->> v_name, ''), '\', '\\'), 'g');
    v_body := pg_catalog.regexp_replace(v_body, '\{\{\s*' || pg_catalog.replace(v_name, '.', '\.') || '\s*\}\}', pg_catalog.replace(coalesce(enqueue_notification.data ->> v_name, ''), '\', '\\'), 'g');
  END LOOP;
  IF pg_catalog.char_length(v_subject) > {{SUBJECT_MAX}} THEN
    RAISE EXCEPTION 'the subject of template % rendered with data is % characters, more than %', t.template_key, pg_catalog.char_length(v_subject), {{SUBJECT_MAX}}
      USING ERRCODE = '{{INVALID_INPUT}}', COLUMN = 'data';
  END IF;
  v_recipient := CASE enqueue_notification.channel WHEN 'email' THEN v_user.email WHEN 'push' THEN v_user.id::text ELSE v_user.phone END;
  IF v_recipient IS NULL THEN
    RAISE EXCEPTION 'user % has no address for channel %', v_user.id, enqueue_notification.channel USING ERRCODE = '{{CHANNEL_NOT_SUPPORTED}}', COLUMN = 'channel';
  END IF;
  -- Quiet hours: the column defaults when the user has no preferences row; none when both are NULL.
  IF v_has_prefs THEN
    v_start := p.quiet_hours_start;
    v_end := p.quiet_hours_end;
  ELSE
    v_start := '22:00';
    v_end := '08:00';
  END IF;
  IF v_start IS NOT NULL AND v_end IS NOT NULL AND v_start <> v_end THEN
    v_tz := coalesce((SELECT pr.timezone FROM wolo.profiles pr WHERE pr.user_id = v_user.id), wolo.business_time_zone());
    v_local := v_at AT TIME ZONE v_tz;
    v_lt := v_local::time;
    IF v_start < v_end AND v_lt >= v_start AND v_lt < v_end THEN
      v_at := (v_local::date + v_end) AT TIME ZONE v_tz;
    ELSIF v_start > v_end AND v_lt >= v_start THEN
      v_at := ((v_local::date + 1) + v_end) AT TIME ZONE v_tz;
    ELSIF v_start > v_end AND v_lt < v_end THEN
      v_at := (v_local::date + v_end) AT TIME ZONE v_tz;
    END IF;
  END IF;
  INSERT INTO wolo.notifications (user_id, recipient_identifier, template_id, channel, subject, body, template_data, scheduled_at)
  VALUES (v_user.id, v_recipient, t.id, enqueue_notification.channel, v_subject, v_body, enqueue_notification.data, v_at)
  RETURNING id INTO v_id;
  RETURN v_id;
END

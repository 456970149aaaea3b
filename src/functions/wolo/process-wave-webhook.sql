#variable_conflict use_column
DECLARE
  v_event_id text := payload ->> 'id';
  v_type text := payload ->> 'type';
  v_data jsonb := payload -> 'data';
  v_payment_status text;
  v_ref text;
  v_key text;
  v_event uuid;
  v_donation uuid;
  v_target text;
  v_current text;
  v_amount integer;
  v_error text;
  v_amount_matches boolean;
BEGIN
  IF pg_catalog.jsonb_typeof(payload) IS DISTINCT FROM 'object'
     OR coalesce(v_event_id, '') = '' OR pg_catalog.char_length(v_event_id) > 100
     OR coalesce(v_type, '') = '' OR pg_catalog.char_length(v_type) > 50
     OR pg_catalog.jsonb_typeof(v_data) IS DISTINCT FROM 'object' OR coalesce(v_data ->> 'id', '') = '' THEN
    RAISE EXCEPTION 'a Wave webhook needs a string id (at most 100 characters), a type and data.id'
      USING ERRCODE = '{{INVALID_PAYLOAD}}', COLUMN = 'payload';
  END IF;
  v_payment_status := v_data ->> 'payment_status';
  -- One business event per checkout session and outcome: a redelivery under another event id is a duplicate too.
  v_key := pg_catalog.left(v_type || ':' || (v_data ->> 'id') || ':' || coalesce(v_payment_status, ''), 255);
  v_ref := v_data ->> 'client_reference';
  IF v_ref ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    v_donation := v_ref::uuid;
  END IF;

  -- Record the event once; a concurrent delivery of the same event waits here for ours to commit.
  INSERT INTO wolo.wave_webhook_events AS e (wave_event_id, event_type, raw_payload, idempotency_key)
  VALUES (v_event_id, v_type, payload, v_key)
  ON CONFLICT DO NOTHING
  RETURNING e.id INTO v_event;
  IF v_event IS NULL THEN
    SELECT e.donation_id INTO v_donation FROM wolo.wave_webhook_events e
    WHERE e.wave_event_id = v_event_id OR e.idempotency_key = v_key
    ORDER BY (e.wave_event_id = v_event_id) DESC
    LIMIT 1;
    RETURN QUERY SELECT v_donation, (SELECT d.status FROM wolo.donations d WHERE d.id = v_donation), true;
    RETURN;
  END IF;

  v_target := CASE
    WHEN v_type = 'checkout.session.payment_failed' OR v_payment_status = 'cancelled' THEN 'failed'
    WHEN v_payment_status = 'processing' THEN 'processing'
    WHEN v_type = 'checkout.session.completed' AND v_payment_status = 'succeeded' THEN 'succeeded'
  END;
  -- The donation's row lock orders this event against every other event and refund of the donation.
  SELECT d.status, d.amount_cfa INTO v_current, v_amount FROM wolo.donations d WHERE d.id = v_donation FOR UPDATE;
  IF FOUND THEN
    -- Wave sends the amount as a string; anything but a whole number is a mismatch.
    v_amount_matches := CASE WHEN coalesce(v_data ->> 'amount', '') ~ '^[0-9]{1,12}(\.0+)?$' THEN (v_data ->> 'amount')::numeric = v_amount END;
  END IF;
  IF v_donation IS NULL OR v_current IS NULL THEN
    v_error := pg_catalog.format('no donation matches client_reference %s', coalesce(v_ref, 'null'));
    v_donation := NULL;
  ELSIF v_target IS NULL THEN
    v_error := pg_catalog.format('unsupported event: type %s with payment_status %s', v_type, coalesce(v_payment_status, 'null'));
  ELSIF (v_data ->> 'currency') IS DISTINCT FROM '{{CURRENCY}}' THEN
    v_error := pg_catalog.format('currency %s does not match the donation''s {{CURRENCY}}', coalesce(v_data ->> 'currency', 'null'));
  ELSIF NOT coalesce(v_amount_matches, false) THEN
    v_error := pg_catalog.format('amount %s does not match the donation''s %s CFA', coalesce(v_data ->> 'amount', 'null'), v_amount);
  ELSIF NOT (v_current = 'pending' OR (v_current = 'processing' AND v_target IN ('succeeded', 'failed'))) THEN
    v_error := pg_catalog.format('out of order: the donation is %s, the event says %s', v_current, v_target);
  END IF;

  IF v_error IS NULL THEN
    BEGIN
      UPDATE wolo.donations d SET
        status = v_target,
        wave_transaction_id = coalesce(NULLIF(v_data ->> 'transaction_id', ''), d.wave_transaction_id),
        wave_notified_at = pg_catalog.now(),
        confirmed_at = CASE WHEN v_target = 'succeeded' THEN pg_catalog.now() ELSE d.confirmed_at END,
        failed_at = CASE WHEN v_target = 'failed' THEN pg_catalog.now() ELSE d.failed_at END,
        wave_webhook_data = payload
      WHERE d.id = v_donation;
    EXCEPTION WHEN unique_violation THEN
      -- Another donation holds this Wave transaction id (donations_wave_transaction_id_key): recorded
      -- as the event's error, the donation unchanged, instead of failing the whole delivery.
      v_error := pg_catalog.format('transaction_id %s is already recorded on another donation', v_data ->> 'transaction_id');
    END;
  END IF;
  UPDATE wolo.wave_webhook_events e
  SET donation_id = v_donation, processed_at = pg_catalog.now(), processing_error = v_error
  WHERE e.id = v_event;
  RETURN QUERY SELECT v_donation, (SELECT d.status FROM wolo.donations d WHERE d.id = v_donation), false;
END

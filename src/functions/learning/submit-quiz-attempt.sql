#variable_conflict use_column
DECLARE
  v_quiz learning.course_quizzes;
  v_attempt learning.quiz_attempts;
  v_unknown text;
  v_questions integer;
  v_score numeric;
  v_max numeric;
  v_pct numeric(5, 2);
BEGIN
  -- Who may submit, whether the quiz is open to them; locks their enrollment (one attempt at a time).
  v_quiz := learning.lock_quiz_for_attempt($1, $2);

  IF $3 IS NULL OR jsonb_typeof($3) <> 'object' THEN
    RAISE EXCEPTION USING ERRCODE = 'UL015', COLUMN = 'responses',
      MESSAGE = 'responses must be a JSON object keyed by question id';
  END IF;
  SELECT k INTO v_unknown
    FROM jsonb_object_keys($3) AS k
   WHERE NOT EXISTS (SELECT 1 FROM learning.quiz_questions q WHERE q.quiz_id = $1 AND q.id::text = k)
   LIMIT 1;
  IF v_unknown IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL015', COLUMN = 'responses',
      MESSAGE = format('responses: %s is not a question of this quiz', v_unknown);
  END IF;

  SELECT count(*) INTO v_questions FROM learning.quiz_questions q WHERE q.quiz_id = $1;
  IF v_questions = 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'UL016', COLUMN = 'quiz_id', MESSAGE = 'the quiz has no questions';
  END IF;

  -- The attempt: the open one (started with start_quiz_attempt), else a new one starting now.
  SELECT a.* INTO v_attempt
    FROM learning.quiz_attempts a
   WHERE a.quiz_id = $1 AND a.user_id = $2 AND a.completed_at IS NULL
   ORDER BY a.attempt_number DESC
   LIMIT 1;
  IF v_attempt.id IS NULL THEN
    v_attempt := learning.open_quiz_attempt(v_quiz, $2);
  ELSIF v_quiz.time_limit IS NOT NULL AND now() > v_attempt.started_at + make_interval(mins => v_quiz.time_limit) THEN
    RAISE EXCEPTION USING ERRCODE = 'UL014', COLUMN = 'responses',
      MESSAGE = format('the time limit of %s minutes of attempt %s has passed', v_quiz.time_limit, v_attempt.attempt_number);
  END IF;

  -- Score the automatically scored questions; essays wait for a person and are left out of max_score.
  SELECT coalesce(sum(q.points) FILTER (WHERE learning.quiz_answer_matches(q.question_type, q.correct_answer, $3 -> q.id::text)), 0),
         coalesce(sum(q.points), 0)
    INTO v_score, v_max
    FROM learning.quiz_questions q
   WHERE q.quiz_id = $1 AND q.question_type IN ({{AUTO_SCORED}});
  v_pct := CASE WHEN v_max > 0 THEN round(100 * v_score / v_max, 2) ELSE 0 END;

  UPDATE learning.quiz_attempts a
     SET completed_at = now(),
         time_taken = greatest(extract(epoch FROM now() - a.started_at), 0)::integer,
         score = v_score,
         max_score = v_max,
         percentage = v_pct,
         passed = v_pct >= v_quiz.passing_score,
         responses = $3
   WHERE a.id = v_attempt.id
  RETURNING a.* INTO v_attempt;
  RETURN v_attempt;
END

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { AUTO_SCORED_QUESTION_TYPES, sqlList } from '../../schema/learning/constants.js';
import { DEFINER_ROLE, defineDefinerFunction, defineFunction, sqlFile } from '../define.js';
import { mapLearningErrors, parseParams, uuidParam } from './params.js';
import { isStorableJson, jsonSizeMessage, STORABLE_TEXT_MESSAGE, TEXT_LIMITS } from '../../schema/_shared/index.js';
import { jsonWithin } from '../../schema/_shared/validators.js';

/**
 * Whether a response matches a question's answer key. Short answers: case- and space-insensitive
 * text, any of the accepted answers. Other types: the same set of values, order ignored (a
 * scalar counts as a one-element set, so "b" matches ["b"]).
 */
export const quizAnswerMatchesFn = defineFunction('learning.quiz_answer_matches(question_type text, correct_answer jsonb, response jsonb) RETURNS boolean', { language: 'sql', volatility: 'immutable', parallel: 'safe', searchPath: '', grantExecute: ['authenticated', 'service_role', DEFINER_ROLE],
  // and the definer role: submit_quiz_attempt calls it
  body: `
SELECT CASE
  WHEN $3 IS NULL OR $2 IS NULL OR jsonb_typeof($3) = 'null' THEN false
  WHEN $1 = 'short_answer' THEN
    jsonb_typeof($3) IN ('string', 'number') AND lower(btrim($3 #>> '{}')) IN (
      SELECT lower(btrim(x)) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof($2) = 'array' THEN $2 ELSE jsonb_build_array($2) END) AS x)
  ELSE
    (SELECT jsonb_agg(DISTINCT x ORDER BY x) FROM jsonb_array_elements(CASE WHEN jsonb_typeof($2) = 'array' THEN $2 ELSE jsonb_build_array($2) END) AS x)
    IS NOT DISTINCT FROM
    (SELECT jsonb_agg(DISTINCT x ORDER BY x) FROM jsonb_array_elements(CASE WHEN jsonb_typeof($3) = 'array' THEN $3 ELSE jsonb_build_array($3) END) AS x)
END`,
});

/**
 * The checks every attempt goes through, with owner rights (called by the two functions below
 * only; nobody else may execute it): a learner acts only for themselves (service_role and direct
 * owner connections for anyone), the quiz exists and is active, the user is actively enrolled in
 * its course. Locks the enrollment row, so one learner's attempts are counted one at a time.
 */
export const lockQuizForAttemptFn = defineDefinerFunction('learning.lock_quiz_for_attempt(p_quiz_id uuid, p_user_id uuid) RETURNS learning.course_quizzes', { grantExecute: [],
  body: `
DECLARE
  v_role text := coalesce(nullif(current_setting('role', true), ''), 'none');
  v_quiz learning.course_quizzes;
BEGIN
  IF p_quiz_id IS NULL OR p_user_id IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL020', COLUMN = 'quiz_id', MESSAGE = 'quiz_id and user_id are required';
  END IF;
  IF v_role NOT IN ('service_role', 'none') AND p_user_id IS DISTINCT FROM (SELECT auth.uid()) THEN
    RAISE EXCEPTION USING ERRCODE = 'UL010', COLUMN = 'user_id', MESSAGE = 'a learner takes quizzes only as themselves';
  END IF;
  SELECT q.* INTO v_quiz FROM learning.course_quizzes q WHERE q.id = p_quiz_id AND q.is_active;
  IF v_quiz.id IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'UL011', COLUMN = 'quiz_id', MESSAGE = 'no active quiz with this id';
  END IF;
  PERFORM 1 FROM learning.enrollments e
   WHERE e.user_id = p_user_id AND e.course_id = v_quiz.course_id AND e.status = 'active'
     FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'UL012', COLUMN = 'user_id', MESSAGE = 'the user is not actively enrolled in the course of this quiz';
  END IF;
  RETURN v_quiz;
END`,
});

/** Opens the next attempt when attempts_allowed permits (NULL = unlimited); internal. */
export const openQuizAttemptFn = defineDefinerFunction('learning.open_quiz_attempt(p_quiz learning.course_quizzes, p_user_id uuid) RETURNS learning.quiz_attempts', { grantExecute: [],
  body: `
DECLARE
  v_used integer;
  v_last integer;
  v_attempt learning.quiz_attempts;
BEGIN
  SELECT count(*), coalesce(max(a.attempt_number), 0) INTO v_used, v_last
    FROM learning.quiz_attempts a WHERE a.quiz_id = (p_quiz).id AND a.user_id = p_user_id;
  IF (p_quiz).attempts_allowed IS NOT NULL AND v_used >= (p_quiz).attempts_allowed THEN
    RAISE EXCEPTION USING ERRCODE = 'UL013', COLUMN = 'quiz_id',
      MESSAGE = format('all %s allowed attempts are used', (p_quiz).attempts_allowed);
  END IF;
  INSERT INTO learning.quiz_attempts (quiz_id, user_id, attempt_number)
  VALUES ((p_quiz).id, p_user_id, v_last + 1)
  RETURNING * INTO v_attempt;
  RETURN v_attempt;
END`,
});

/**
 * Starts (or resumes, while within its time limit) an attempt; the time limit runs from here.
 * An attempt whose time ran out stays open and counts towards attempts_allowed.
 */
export const startQuizAttemptFn = defineDefinerFunction('learning.start_quiz_attempt(quiz_id uuid, user_id uuid) RETURNS learning.quiz_attempts', { grantExecute: ['authenticated', 'service_role'],
  comment: 'Starts or resumes an attempt at a quiz (the time limit counts from started_at).',
  body: `
#variable_conflict use_column
DECLARE
  v_quiz learning.course_quizzes;
  v_attempt learning.quiz_attempts;
BEGIN
  v_quiz := learning.lock_quiz_for_attempt($1, $2);
  SELECT a.* INTO v_attempt
    FROM learning.quiz_attempts a
   WHERE a.quiz_id = $1 AND a.user_id = $2 AND a.completed_at IS NULL
   ORDER BY a.attempt_number DESC
   LIMIT 1;
  IF v_attempt.id IS NOT NULL AND (v_quiz.time_limit IS NULL OR now() <= v_attempt.started_at + make_interval(mins => v_quiz.time_limit)) THEN
    RETURN v_attempt;
  END IF;
  RETURN learning.open_quiz_attempt(v_quiz, $2);
END`,
});

/**
 * Scores `responses` ({ "<question id>": answer, … }) against quiz_questions.correct_answer,
 * completes the open attempt (or a new one), refuses past attempts_allowed (UL013) or after the
 * time limit (UL014), and sets `passed` by passing_score. SECURITY DEFINER: it reads the answer
 * key, which learners cannot, and writes the score, which they must not.
 */
export const submitQuizAttemptFn = defineDefinerFunction('learning.submit_quiz_attempt(quiz_id uuid, user_id uuid, responses jsonb) RETURNS learning.quiz_attempts', { grantExecute: ['authenticated', 'service_role'],
  comment: 'Scores and completes a quiz attempt; refuses past attempts_allowed or after time_limit; passed by passing_score.',
  body: sqlFile(import.meta.url, './submit-quiz-attempt.sql', { AUTO_SCORED: sqlList(AUTO_SCORED_QUESTION_TYPES) }),
});

/** A quiz attempt as the functions return it (snake_case row). */
export interface QuizAttemptResult {
  id: string;
  quizId: string;
  userId: string;
  attemptNumber: number;
  startedAt: Date;
  completedAt: Date | null;
  timeTaken: number | null;
  score: string | null;
  maxScore: string | null;
  percentage: string | null;
  passed: boolean;
  responses: Record<string, unknown>;
}

type AttemptRow = {
  id: string;
  quiz_id: string;
  user_id: string;
  attempt_number: number;
  started_at: string | Date;
  completed_at: string | Date | null;
  time_taken: number | null;
  score: string | number | null;
  max_score: string | number | null;
  percentage: string | number | null;
  passed: boolean;
  responses: Record<string, unknown> | string;
};

const str = (v: string | number | null) => (v === null ? null : String(v));
function toAttempt(r: AttemptRow): QuizAttemptResult {
  return {
    id: r.id,
    quizId: r.quiz_id,
    userId: r.user_id,
    attemptNumber: Number(r.attempt_number),
    startedAt: new Date(r.started_at),
    completedAt: r.completed_at === null ? null : new Date(r.completed_at),
    timeTaken: r.time_taken === null ? null : Number(r.time_taken),
    score: str(r.score),
    maxScore: str(r.max_score),
    percentage: str(r.percentage),
    passed: r.passed,
    responses: typeof r.responses === 'string' ? JSON.parse(r.responses) : r.responses,
  };
}

const startParams = z.object({ quizId: uuidParam, userId: uuidParam }).strict();
// z.json(): each answer a JSON value (a BigInt made JSON.stringify throw a TypeError; NaN, a function
// or undefined were silently changed or dropped). At most TEXT_LIMITS.jsonBytes as jsonb prints it:
// quiz_attempts_responses_size_check's limit.
const submitParams = startParams
  .extend({
    responses: z
      .record(z.string(), z.json({ error: 'must be JSON values (strings, finite numbers, booleans, null, arrays, objects)' }), { error: 'must be an object keyed by question id' })
      .refine(isStorableJson, STORABLE_TEXT_MESSAGE)
      .refine(jsonWithin(TEXT_LIMITS.jsonBytes), { error: jsonSizeMessage(TEXT_LIMITS.jsonBytes) }),
  })
  .strict();

/** learning.start_quiz_attempt(quiz_id, user_id). */
export async function startQuizAttempt(db: Pick<Database, 'execute'>, params: z.input<typeof startParams>): Promise<QuizAttemptResult> {
  const p = parseParams(startParams, params);
  const [row] = await mapLearningErrors(() => queryRows<AttemptRow>(db, sql`select * from learning.start_quiz_attempt(${p.quizId}::uuid, ${p.userId}::uuid)`));
  return toAttempt(row!);
}

/** learning.submit_quiz_attempt(quiz_id, user_id, responses): the scored attempt. */
export async function submitQuizAttempt(db: Pick<Database, 'execute'>, params: z.input<typeof submitParams>): Promise<QuizAttemptResult> {
  const p = parseParams(submitParams, params);
  const [row] = await mapLearningErrors(() =>
    queryRows<AttemptRow>(db, sql`select * from learning.submit_quiz_attempt(${p.quizId}::uuid, ${p.userId}::uuid, ${JSON.stringify(p.responses)}::jsonb)`),
  );
  return toAttempt(row!);
}

export const learningQuizObjects = [quizAnswerMatchesFn, lockQuizForAttemptFn, openQuizAttemptFn, startQuizAttemptFn, submitQuizAttemptFn];

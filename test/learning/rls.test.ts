import { type SQL, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import type { DbContext, Tx } from '../../src/rls.js';
import { asServiceRole, asUser } from '../../src/rls.js';
import { expectAllowed, expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { adminCtx, anonCtx, seedLearningWorld, userCtx } from './fixtures.js';

const t = useDatabase();

let f = {} as Record<string, string>;

beforeAll(async () => {
  f = await seedLearningWorld(t.db);
});

const rows = (q: () => SQL) => (tx: Tx) => queryRows(tx, q());
const as = {
  anon: () => anonCtx as DbContext,
  L: () => userCtx(f.L!) as DbContext,
  S: () => userCtx(f.S!) as DbContext,
  I: () => userCtx(f.I!) as DbContext,
  I2: () => userCtx(f.I2!) as DbContext,
  A: () => adminCtx(f.A!) as DbContext,
  N: () => userCtx(f.N!) as DbContext,
};
type Who = keyof typeof as;
type Case = [who: Who, what: string, q: () => SQL];
const allow = (cases: Case[]) => {
  for (const [who, what, q] of cases) it(`allows ${who}: ${what}`, async () => void (await expectAllowed(t.db, as[who](), rows(q))));
};
const deny = (cases: Case[]) => {
  for (const [who, what, q] of cases) it(`denies ${who}: ${what}`, async () => expectDenied(t.db, as[who](), rows(q)));
};
/** Statements several callers run: `allowed` and `denied` map each caller to what its case is called. */
const access = (cases: [q: () => SQL, allowed: Partial<Record<Who, string>>, denied?: Partial<Record<Who, string>>][]) => {
  for (const [q, allowed, denied = {}] of cases) {
    allow(Object.entries(allowed).map(([who, what]): Case => [who as Who, what, q]));
    deny(Object.entries(denied).map(([who, what]): Case => [who as Who, what, q]));
  }
};

describe(`learning RLS: people (${engine})`, () => {
  access([
    [() => sql`select id from learning.users where id = ${f.S}`, { A: 'reads any profile' }, { L: "reads another user's profile" }],
    [() => sql`insert into learning.user_addresses (user_id, type) values (${f.L}, 'billing') returning id`, { L: 'adds an address' }, { S: 'adds an address for someone else' }],
    [() => sql`select id from learning.user_preferences where user_id = ${f.L}`, { L: 'reads own preferences' }, { S: "reads another user's preferences" }],
    [() => sql`select id from learning.roles where id = ${f.ROLE_OFF}`, { A: 'reads inactive roles' }, { L: 'reads inactive roles' }],
    [() => sql`select id from learning.user_roles where user_id = ${f.L}`, { L: 'reads own role assignments' }, { S: "reads another user's role assignments" }],
  ]);
  allow([
    ['L', 'reads own profile', () => sql`select id from learning.users where id = ${f.L}`],
    ['N', 'creates own profile', () => sql`insert into learning.users (id, email, name) values (${f.N}, 'new@example.com', 'New') returning id`],
    ['L', 'updates own name', () => sql`update learning.users set name = 'Lee' where id = ${f.L} returning id`],
    ['L', 'manages own addresses', () => sql`update learning.user_addresses set city = 'Nice' where user_id = ${f.L} returning id`],
    ['L', 'reads active roles', () => sql`select id from learning.roles where id = ${f.ROLE}`],
  ]);
  deny([
    ['anon', 'reads profiles', () => sql`select id from learning.users`],
    ['N', 'creates a profile for someone else', () => sql`insert into learning.users (id, email, name) values (${f.S}, 'x@example.com', 'X') returning id`],
    ['L', "updates another user's profile", () => sql`update learning.users set name = 'X' where id = ${f.S} returning id`],
    ['L', 'updates own status (column not granted)', () => sql`update learning.users set status = 'suspended' where id = ${f.L} returning id`],
    ['S', "reads another user's addresses", () => sql`select id from learning.user_addresses where user_id = ${f.L}`],
    ['anon', 'reads addresses', () => sql`select id from learning.user_addresses`],
    ['anon', 'reads roles', () => sql`select id from learning.roles`],
    ['L', 'assigns themselves a role', () => sql`insert into learning.user_roles (user_id, role_id) values (${f.L}, ${f.ROLE_OFF}) returning id`],
  ]);
});

describe(`learning RLS: catalog (${engine})`, () => {
  access([
    [() => sql`select id from learning.course_categories where id = ${f.CAT_OFF}`, { A: 'reads inactive categories' }, { anon: 'reads inactive categories', L: 'reads inactive categories' }],
    [() => sql`select id from learning.courses where id = ${f.P}`, { anon: 'reads published courses', L: 'reads published courses' }],
    [() => sql`select id from learning.courses where id = ${f.D}`, { I: 'reads own draft', A: 'reads any draft' }, { anon: 'reads drafts', L: "reads someone else's draft" }],
    [() => sql`delete from learning.courses where id = ${f.D} returning id`, { I: 'deletes own draft' }, { I2: "deletes another instructor's draft" }],
    [() => sql`delete from learning.course_tag_mappings where course_id = ${f.P} returning course_id`, { I: 'untags own course' }, { I2: "untags another instructor's course" }],
    [() => sql`insert into learning.course_tag_mappings (course_id, tag_id) values (${f.D}, ${f.TAG}) returning course_id`, { I: 'tags own course' }, { I2: "tags another instructor's course" }],
  ]);
  allow([
    ['anon', 'reads active categories', () => sql`select id from learning.course_categories where id = ${f.CAT}`],
    ['anon', 'reads tags', () => sql`select id from learning.course_tags`],
    ['I', 'creates a course as instructor', () => sql`insert into learning.courses (title, slug, instructor_id) values ('New', 'new-one', ${f.I}) returning id`],
    ['I', 'updates own course', () => sql`update learning.courses set title = 'Renamed' where id = ${f.P} returning id`],
    ['A', 'updates any course', () => sql`update learning.courses set title = 'Admin' where id = ${f.P} returning id`],
    ['anon', 'reads tag mappings', () => sql`select course_id from learning.course_tag_mappings`],
  ]);
  deny([
    ['anon', 'creates tags', () => sql`insert into learning.course_tags (name, slug) values ('x', 'x') returning id`],
    ['L', 'creates a course for another instructor', () => sql`insert into learning.courses (title, slug, instructor_id) values ('X', 'x-x', ${f.I}) returning id`],
    ['anon', 'creates courses', () => sql`insert into learning.courses (title, slug, instructor_id) values ('X', 'x-y', ${f.I}) returning id`],
    ['I2', "updates another instructor's course", () => sql`update learning.courses set title = 'Mine' where id = ${f.P} returning id`],
    ['I', 'writes its stats (column not granted)', () => sql`update learning.courses set enrollment_count = 999 where id = ${f.P} returning id`],
    ['I', 'deletes own published course', () => sql`delete from learning.courses where id = ${f.P} returning id`],
  ]);
});

describe(`learning RLS: content (${engine})`, () => {
  access([
    [() => sql`select id from learning.course_sections where id = ${f.SD}`, { I: 'reads sections of own draft' }, { anon: 'reads sections of drafts', L: "reads sections of someone else's draft" }],
    [() => sql`select id from learning.course_lessons where id = ${f.LP}`, { anon: 'reads preview lessons of published courses', S: 'reads preview lessons of published courses' }],
    [() => sql`select id from learning.course_lessons where id = ${f.LD}`, { I: 'reads lessons of own draft' }, { anon: 'reads preview lessons of drafts', L: 'reads lessons of a draft' }],
    [() => sql`select id from learning.course_lessons where id = ${f.LN}`, { A: 'reads non-preview lessons' }, { anon: 'reads non-preview lessons', S: 'reads non-preview lessons without enrolling' }],
    [() => sql`select id from learning.course_resources where id = ${f.R}`, { L: 'reads resources of an enrolled course' }, { S: 'reads resources without enrolling' }],
    [() => sql`delete from learning.course_resources where id = ${f.R} returning id`, { I: 'edits and deletes own resources' }, { I2: "deletes another instructor's resources" }],
  ]);
  allow([
    ['anon', 'reads sections of published courses', () => sql`select id from learning.course_sections where id = ${f.SP}`],
    ['I', 'adds a section to own course', () => sql`insert into learning.course_sections (course_id, title, order_index) values (${f.P}, 'More', 2) returning id`],
    ['I', 'edits own sections', () => sql`update learning.course_sections set title = 'Start' where id = ${f.SP} returning id`],
    ['I', 'deletes own sections', () => sql`delete from learning.course_sections where id = ${f.SD} returning id`],
    ['L', 'reads non-preview lessons of an enrolled course', () => sql`select id, content from learning.course_lessons where id = ${f.LN}`],
    ['I', 'adds lessons to own course', () => sql`insert into learning.course_lessons (course_id, title, slug, order_index) values (${f.P}, 'New', 'new-lesson', 99) returning id`],
    ['I', 'edits own lessons', () => sql`update learning.course_lessons set title = 'Edited' where id = ${f.LN} returning id`],
    ['I', 'deletes own lessons', () => sql`delete from learning.course_lessons where id = ${f.LD} returning id`],
    ['I', 'adds resources to own course', () => sql`insert into learning.course_resources (course_id, title, file_url) values (${f.P}, 'Notes', 'https://cdn/n') returning id`],
  ]);
  deny([
    ['I2', "adds a section to another instructor's course", () => sql`insert into learning.course_sections (course_id, title, order_index) values (${f.P}, 'X', 3) returning id`],
    ['I2', "edits another instructor's sections", () => sql`update learning.course_sections set title = 'X' where id = ${f.SP} returning id`],
    ['I2', "deletes another instructor's sections", () => sql`delete from learning.course_sections where id = ${f.SP} returning id`],
    ['I2', "adds lessons to another instructor's course", () => sql`insert into learning.course_lessons (course_id, title, slug, order_index) values (${f.P}, 'X', 'x-lesson', 98) returning id`],
    ['L', 'edits lessons', () => sql`update learning.course_lessons set title = 'X' where id = ${f.LN} returning id`],
    ['I2', "deletes another instructor's lessons", () => sql`delete from learning.course_lessons where id = ${f.LN} returning id`],
    ['anon', 'reads resources', () => sql`select id from learning.course_resources`],
    ['I2', "adds resources to another instructor's course", () => sql`insert into learning.course_resources (course_id, title, file_url) values (${f.P}, 'X', 'x') returning id`],
    ['L', 'edits resources', () => sql`update learning.course_resources set title = 'X' where id = ${f.R} returning id`],
  ]);
});

describe(`learning RLS: assessment (${engine})`, () => {
  access([
    [() => sql`select id from learning.course_quizzes where id = ${f.Q}`, { L: 'reads quizzes of an enrolled course' }, { S: 'reads quizzes without enrolling' }],
    [() => sql`delete from learning.course_quizzes where id = ${f.Q} returning id`, { I: 'deletes own quizzes' }, { I2: "deletes another instructor's quizzes" }],
    [() => sql`delete from learning.quiz_questions where id = ${f.QQ} returning id`, { I: 'deletes own questions' }, { I2: "deletes another instructor's questions" }],
    [() => sql`select id from learning.quiz_attempts where user_id = ${f.L}`, { L: 'reads own attempts' }, { S: "reads another learner's attempts" }],
    [() => sql`select id from learning.quiz_attempts where quiz_id = ${f.Q}`, { I: 'reads attempts at own quizzes' }, { I2: "reads attempts at another instructor's quizzes" }],
  ]);
  allow([
    ['I', 'adds quizzes to own course', () => sql`insert into learning.course_quizzes (course_id, title) values (${f.P}, 'Q2') returning id`],
    ['I', 'edits own quizzes', () => sql`update learning.course_quizzes set title = 'Q1' where id = ${f.Q} returning id`],
    ['L', 'reads questions (not the answer key) of an enrolled course', () => sql`select id, question_text from learning.quiz_questions where id = ${f.QQ}`],
    ['I', 'adds questions to own quizzes', () => sql`insert into learning.quiz_questions (quiz_id, question_text, question_type, order_index, correct_answer) values (${f.Q}, 'Q2', 'true_false', 2, 'false') returning id`],
    ['I', 'edits own questions', () => sql`update learning.quiz_questions set points = 2 where id = ${f.QQ} returning id`],
  ]);
  deny([
    ['anon', 'reads quizzes', () => sql`select id from learning.course_quizzes`],
    ['I2', "adds quizzes to another instructor's course", () => sql`insert into learning.course_quizzes (course_id, title) values (${f.P}, 'X') returning id`],
    ['I2', "edits another instructor's quizzes", () => sql`update learning.course_quizzes set title = 'X' where id = ${f.Q} returning id`],
    ['S', 'reads questions without enrolling', () => sql`select id from learning.quiz_questions where id = ${f.QQ}`],
    ['L', 'reads the answer key', () => sql`select correct_answer as id from learning.quiz_questions where id = ${f.QQ}`],
    ['I2', "adds questions to another instructor's quizzes", () => sql`insert into learning.quiz_questions (quiz_id, question_text, question_type, order_index, correct_answer) values (${f.Q}, 'X', 'true_false', 3, 'true') returning id`],
    ['L', 'edits questions', () => sql`update learning.quiz_questions set points = 9 where id = ${f.QQ} returning id`],
    ['L', 'writes own attempts directly', () => sql`insert into learning.quiz_attempts (quiz_id, user_id, attempt_number, score) values (${f.Q}, ${f.L}, 2, 100) returning id`],
  ]);
});

describe(`learning RLS: progress (${engine})`, () => {
  access([
    [() => sql`select id from learning.enrollments where user_id = ${f.L}`, { L: 'reads own enrollments' }, { S: "reads another learner's enrollments" }],
    [() => sql`select id from learning.enrollments where course_id = ${f.P}`, { I: 'reads enrollments of own courses' }, { I2: "reads enrollments of another instructor's course" }],
    [() => sql`update learning.enrollments set status = 'paused' where id = ${f.E} returning id`, { L: 'pauses own enrollment' }, { S: "pauses another learner's enrollment" }],
    [() => sql`select id from learning.lesson_progress where user_id = ${f.L}`, { L: 'reads own progress', I: 'reads progress in own courses' }, { S: "reads another learner's progress", I2: "reads progress in another instructor's course" }],
    [() => sql`insert into learning.lesson_progress (user_id, lesson_id, status) values (${f.L}, ${f.LP}, 'completed') returning id`, { L: 'records progress in an enrolled course' }, { S: 'records progress for someone else' }],
    [() => sql`update learning.lesson_progress set status = 'completed' where user_id = ${f.L} returning id`, { L: 'updates own progress' }, { S: "updates another learner's progress" }],
    [() => sql`select id from learning.course_completions where user_id = ${f.L}`, { L: 'reads own completions' }, { S: "reads another learner's completions" }],
    [() => sql`select id from learning.user_achievements where user_id = ${f.L}`, { L: 'reads own achievements' }, { S: "reads another learner's achievements" }],
    [() => sql`select id from learning.lesson_activity_events where user_id = ${f.L}`, { L: 'reads own activity' }, { S: "reads another learner's activity" }],
  ]);
  allow([
    ['A', 'reads every enrollment', () => sql`select id from learning.enrollments where id = ${f.E}`],
    ['S', 'enrolls in a free published course', () => sql`insert into learning.enrollments (user_id, course_id) values (${f.S}, ${f.P}) returning id`],
    ['L', 'enrolls in a paid course they bought', () => sql`insert into learning.enrollments (user_id, course_id) values (${f.L}, ${f.PAID}) returning id`],
    ['I', 'reads completions of own courses', () => sql`select id from learning.course_completions where course_id = ${f.P}`],
    ['L', 'rates own completion', () => sql`update learning.course_completions set rating = 5, review = 'Great' where user_id = ${f.L} returning id`],
    ['L', 'logs own activity in an enrolled course', () => sql`insert into learning.lesson_activity_events (user_id, lesson_id, course_id, event_type) values (${f.L}, ${f.LN}, ${f.P}, 'pause') returning id`],
    ['I', 'reads activity in own courses', () => sql`select id from learning.lesson_activity_events where course_id = ${f.P}`],
  ]);
  deny([
    ['anon', 'reads enrollments', () => sql`select id from learning.enrollments`],
    ['S', 'enrolls in a paid course without buying it', () => sql`insert into learning.enrollments (user_id, course_id) values (${f.S}, ${f.PAID}) returning id`],
    ['S', 'enrolls in a draft', () => sql`insert into learning.enrollments (user_id, course_id) values (${f.S}, ${f.D}) returning id`],
    ['S', 'enrolls someone else', () => sql`insert into learning.enrollments (user_id, course_id) values (${f.I2}, ${f.P}) returning id`],
    ['L', 'marks own enrollment refunded', () => sql`update learning.enrollments set status = 'refunded' where id = ${f.E} returning id`],
    ['L', 'writes own progress percentage (column not granted)', () => sql`update learning.enrollments set progress = 100 where id = ${f.E} returning id`],
    ['S', 'records progress without enrolling', () => sql`insert into learning.lesson_progress (user_id, lesson_id, status) values (${f.S}, ${f.LN}, 'completed') returning id`],
    ['S', "rates another learner's completion", () => sql`update learning.course_completions set rating = 1 where user_id = ${f.L} returning id`],
    ['L', 'writes own completion percentage (column not granted)', () => sql`update learning.course_completions set certificate_issued = true where user_id = ${f.L} returning id`],
    ['L', 'creates completions', () => sql`insert into learning.course_completions (user_id, course_id) values (${f.L}, ${f.PAID}) returning id`],
    ['S', 'logs activity without enrolling', () => sql`insert into learning.lesson_activity_events (user_id, lesson_id, course_id, event_type) values (${f.S}, ${f.LN}, ${f.P}, 'play') returning id`],
    ['anon', 'reads activity', () => sql`select id from learning.lesson_activity_events`],
  ]);
});

describe(`learning RLS: a timed quiz (${engine})`, () => {
  it('denies L: reads the questions of a timed quiz before starting it; allows them once an attempt started', async () => {
    const [quiz] = await queryRows<{ id: string }>(t.db, sql`insert into learning.course_quizzes (course_id, title, time_limit) values (${f.P}, 'Timed', 10) returning id`);
    const [question] = await queryRows<{ id: string }>(
      t.db,
      sql`insert into learning.quiz_questions (quiz_id, question_text, question_type, order_index, correct_answer) values (${quiz!.id}, 'T?', 'true_false', 1, 'true') returning id`,
    );
    const read = rows(() => sql`select id, question_text from learning.quiz_questions where id = ${question!.id}`);
    await expectDenied(t.db, as.L(), read);
    // expectAllowed rolls back: the attempt is started (and kept) as the learner, as an app would
    await asUser(t.db, f.L!, (tx) => queryRows(tx, sql`select id from learning.start_quiz_attempt(${quiz!.id}::uuid, ${f.L}::uuid)`));
    await expectAllowed(t.db, as.L(), read);
  });
});

describe(`learning RLS: a refunded or expired enrollment (${engine})`, () => {
  // the payment side ends an enrollment; the learner's own update policy must not open it again
  for (const ended of ['refunded', 'expired'] as const) {
    it(`denies L: resumes own ${ended} enrollment (and its lessons stay closed)`, async () => {
      await queryRows(t.db, sql`update learning.enrollments set status = ${ended} where id = ${f.E}`);
      try {
        for (const to of ['active', 'paused', 'cancelled']) {
          await expectDenied(t.db, as.L(), rows(() => sql`update learning.enrollments set status = ${to} where id = ${f.E} returning id`));
        }
        const [row] = await queryRows<{ status: string }>(t.db, sql`select status from learning.enrollments where id = ${f.E}`);
        expect(row!.status).toBe(ended);
      } finally {
        await queryRows(t.db, sql`update learning.enrollments set status = 'active' where id = ${f.E}`);
      }
    });
  }
  it('allows L: resumes own cancelled enrollment', async () => {
    await queryRows(t.db, sql`update learning.enrollments set status = 'cancelled' where id = ${f.E}`);
    try {
      await expectAllowed(t.db, as.L(), rows(() => sql`update learning.enrollments set status = 'active' where id = ${f.E} returning id`));
    } finally {
      await queryRows(t.db, sql`update learning.enrollments set status = 'active' where id = ${f.E}`);
    }
  });
});

describe(`learning RLS: billing and media (${engine})`, () => {
  access([
    [() => sql`select id from learning.subscription_plans where id = ${f.PLAN_OFF}`, { A: 'reads inactive plans' }, { anon: 'reads inactive plans', L: 'reads inactive plans' }],
    [() => sql`select id from learning.subscriptions where user_id = ${f.L}`, { L: 'reads own subscriptions' }, { S: "reads another user's subscriptions" }],
    [() => sql`update learning.subscriptions set cancel_at_period_end = true where id = ${f.SUB} returning id`, { L: 'cancels own subscription at period end' }, { S: "cancels another user's subscription" }],
    [() => sql`select id from learning.course_purchases where user_id = ${f.L}`, { L: 'reads own purchases' }, { S: "reads another user's purchases" }],
    [() => sql`select id from learning.payment_transactions where user_id = ${f.L}`, { L: 'reads own payment transactions' }, { S: "reads another user's payment transactions" }],
    [() => sql`select id from learning.media_files where id = ${f.MPRIV}`, { L: 'reads own private files' }, { anon: 'reads private files', S: "reads another user's private files" }],
    [() => sql`insert into learning.media_files (user_id, filename, original_filename, file_path, file_size, mime_type) values (${f.L}, 'c', 'c', '/c', 1, 'text/plain') returning id`, { L: 'uploads own files' }, { S: 'uploads files as someone else' }],
    [() => sql`delete from learning.user_bookmarks where user_id = ${f.L} returning id`, { L: 'manages own bookmarks' }, { S: "deletes another user's bookmarks" }],
  ]);
  allow([
    ['anon', 'reads active plans', () => sql`select id from learning.subscription_plans where id = ${f.PLAN}`],
    ['S', 'opens a pending purchase', () => sql`insert into learning.course_purchases (user_id, course_id, amount) values (${f.S}, ${f.PAID}, 30) returning id`],
    ['anon', 'reads public files', () => sql`select id from learning.media_files where id = ${f.MPUB}`],
    ['L', 'edits own files', () => sql`update learning.media_files set filename = 'z' where id = ${f.MPRIV} returning id`],
    ['L', 'deletes own files', () => sql`delete from learning.media_files where id = ${f.MPRIV} returning id`],
    ['I', 'reads own content versions', () => sql`select id from learning.content_versions where created_by = ${f.I}`],
    ['I', 'records a version as themselves', () => sql`insert into learning.content_versions (content_id, content_type, version_number, content_data, created_by) values (${f.P}, 'course', 2, '{}', ${f.I}) returning id`],
    ['L', 'manages own notes', () => sql`update learning.user_notes set content = 'edited' where user_id = ${f.L} returning id`],
  ]);
  deny([
    ['L', 'changes own subscription status (column not granted)', () => sql`update learning.subscriptions set status = 'active', current_period_end = now() + interval '10 years' where id = ${f.SUB} returning id`],
    ['S', 'opens a completed purchase', () => sql`insert into learning.course_purchases (user_id, course_id, amount, status) values (${f.S}, ${f.PAID}, 30, 'completed') returning id`],
    ['S', 'opens a purchase for someone else', () => sql`insert into learning.course_purchases (user_id, course_id, amount) values (${f.I2}, ${f.PAID}, 30) returning id`],
    ['anon', 'reads payment transactions', () => sql`select id from learning.payment_transactions`],
    ['S', "edits another user's files", () => sql`update learning.media_files set filename = 'z' where id = ${f.MPUB} returning id`],
    ['S', "deletes another user's files", () => sql`delete from learning.media_files where id = ${f.MPUB} returning id`],
    ['S', "reads another author's content versions", () => sql`select id from learning.content_versions`],
    ['S', 'records a version as someone else', () => sql`insert into learning.content_versions (content_id, content_type, version_number, content_data, created_by) values (${f.P}, 'course', 3, '{}', ${f.I}) returning id`],
    ['S', "reads another user's notes", () => sql`select id from learning.user_notes where user_id = ${f.L}`],
    ['anon', 'reads notes', () => sql`select id from learning.user_notes`],
    ['anon', 'reads bookmarks', () => sql`select id from learning.user_bookmarks`],
  ]);
});

describe(`learning RLS: service_role (${engine})`, () => {
  it('reads and writes every table (BYPASSRLS), including the partitioned log and the statistics view', async () => {
    const tables = await queryRows<{ t: string }>(
      t.db,
      sql`select format('%I.%I', schemaname, tablename) as t from pg_tables where schemaname = 'learning' and tablename not like 'lesson_activity_events_%' order by 1`,
    );
    expect(tables.length).toBe(28);
    for (const { t: table } of tables) {
      const [owner] = await queryRows<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from ${table}`));
      const [svc] = await asServiceRole(t.db, (tx) => queryRows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`)));
      expect(svc!.n, table).toBe(owner!.n);
    }
    await asServiceRole(t.db, async (tx) => {
      await tx.execute(sql`update learning.courses set enrollment_count = enrollment_count where id = ${f.P}`);
      await tx.execute(sql`select * from learning.course_statistics`);
      await tx.execute(sql`select correct_answer from learning.quiz_questions`);
    });
  });
});

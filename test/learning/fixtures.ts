import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../src/db.js';

let seq = 0;
const next = () => `${Date.now().toString(36)}-${++seq}`;

/** An auth user plus their learning profile (as the test's owner connection); returns the id. */
export async function createUser(db: Database, name = 'Learner', id: string = randomUUID()): Promise<string> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${next()}@example.com`;
  await db.execute(sql`insert into auth.users (id, email, aud, role) values (${id}, ${email}, 'authenticated', 'authenticated')`);
  await db.execute(sql`insert into learning.users (id, email, name) values (${id}, ${email}, ${name})`);
  return id;
}

export interface CourseFixture {
  instructorId: string;
  status?: 'draft' | 'published' | 'archived';
  price?: string;
  currency?: string;
  categoryId?: string | null;
  title?: string;
  createdAt?: string;
  publishedAt?: string | null;
  averageRating?: string;
  enrollmentCount?: number;
}

export async function createCourse(db: Database, c: CourseFixture): Promise<string> {
  const status = c.status ?? 'published';
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into learning.courses (title, slug, instructor_id, status, price, currency, category_id, created_at, published_at)
        values (${c.title ?? 'Course'}, ${`course-${next()}`}, ${c.instructorId}, ${status}, ${c.price ?? '0'}, ${c.currency ?? 'USD'},
                ${c.categoryId ?? null}, coalesce(${c.createdAt ?? null}::timestamptz, now()),
                ${c.publishedAt === undefined ? (status === 'published' ? new Date().toISOString() : null) : c.publishedAt}::timestamptz)
        returning id`,
  );
  return row!.id;
}

export async function createCategory(db: Database, name = 'Category'): Promise<string> {
  const [row] = await queryRows<{ id: string }>(db, sql`insert into learning.course_categories (name, slug) values (${`${name} ${next()}`}, ${`cat-${next()}`}) returning id`);
  return row!.id;
}

let lessonOrder = 0;
export async function createLesson(db: Database, courseId: string, opts: { isPreview?: boolean; content?: string; title?: string } = {}): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into learning.course_lessons (course_id, title, slug, order_index, is_preview, content)
        values (${courseId}, ${opts.title ?? 'Lesson'}, ${`lesson-${next()}`}, ${++lessonOrder}, ${opts.isPreview ?? false}, ${opts.content ?? 'Body'}) returning id`,
  );
  return row!.id;
}

export async function enroll(db: Database, userId: string, courseId: string, status = 'active'): Promise<string> {
  const [row] = await queryRows<{ id: string }>(db, sql`insert into learning.enrollments (user_id, course_id, status) values (${userId}, ${courseId}, ${status}) returning id`);
  return row!.id;
}

/** Upserts a learner's progress row for a lesson with the given status. */
export async function setLessonStatus(db: Pick<Database, 'execute'>, userId: string, lessonId: string, status: 'not_started' | 'in_progress' | 'completed', extra: { timeSpent?: number; percentage?: string } = {}) {
  await db.execute(sql`insert into learning.lesson_progress (user_id, lesson_id, status, total_time_spent, progress_percentage)
    values (${userId}, ${lessonId}, ${status}, ${extra.timeSpent ?? 0}, ${extra.percentage ?? (status === 'completed' ? '100' : '0')})
    on conflict (user_id, lesson_id) do update set status = excluded.status, total_time_spent = excluded.total_time_spent, progress_percentage = excluded.progress_percentage`);
}

export async function enrollment(db: Pick<Database, 'execute'>, userId: string, courseId: string) {
  const [row] = await queryRows<{ progress: string; completed_at: Date | string | null; last_accessed_at: Date | string | null; status: string }>(
    db,
    sql`select progress::text as progress, completed_at, last_accessed_at, status from learning.enrollments where user_id = ${userId} and course_id = ${courseId}`,
  );
  return row;
}

export async function course(db: Pick<Database, 'execute'>, id: string) {
  const [row] = await queryRows<{ enrollment_count: number; average_rating: string; review_count: number; is_free: boolean }>(
    db,
    sql`select enrollment_count, average_rating::text as average_rating, review_count, is_free from learning.courses where id = ${id}`,
  );
  return row!;
}

/** JWT-like contexts for expectAllowed / expectDenied (realistic Supabase claims). */
export const userCtx = (id: string) => ({ role: 'authenticated', claims: { sub: id, email: `${id}@example.com`, role: 'authenticated', app_metadata: { provider: 'email' } } });
export const adminCtx = (id: string) => ({ role: 'authenticated', claims: { sub: id, email: `${id}@example.com`, role: 'authenticated', app_metadata: { provider: 'email', role: 'admin' } } });
export const anonCtx = { role: 'anon', claims: { role: 'anon' } };
export const serviceCtx = { role: 'service_role', claims: { role: 'service_role' } };

/**
 * A row in every learning table, and the people around them. People: an instructor (I) and another instructor (I2), a learner (L) enrolled in the published
course, a stranger (S) enrolled in nothing, an admin (A), and an auth user without a profile (N).
 * Used by the RLS tests and the RLS matrix.
 */
export async function seedLearningWorld(db: Database): Promise<Record<string, string>> {
  const f = {} as Record<string, string>;
  const one = async (q: SQL) => (await queryRows<{ id: string }>(db, q))[0]!.id;
  f.I = await createUser(db, 'Instructor');
  f.I2 = await createUser(db, 'Instructor Two');
  f.L = await createUser(db, 'Learner');
  f.S = await createUser(db, 'Stranger');
  f.A = await createUser(db, 'Admin');
  f.N = randomUUID();
  await db.execute(sql`insert into auth.users (id, email) values (${f.N}, 'new@example.com')`);
  f.P = await createCourse(db, { instructorId: f.I, title: 'Published' });
  f.PAID = await createCourse(db, { instructorId: f.I, title: 'Paid', price: '30' });
  f.D = await createCourse(db, { instructorId: f.I, status: 'draft', title: 'Draft' });
  f.SP = await one(sql`insert into learning.course_sections (course_id, title, order_index) values (${f.P}, 'Intro', 1) returning id`);
  f.SD = await one(sql`insert into learning.course_sections (course_id, title, order_index) values (${f.D}, 'Draft intro', 1) returning id`);
  f.LP = await createLesson(db, f.P, { isPreview: true, title: 'Preview' });
  f.LN = await createLesson(db, f.P, { title: 'Members only' });
  f.LD = await createLesson(db, f.D, { isPreview: true, title: 'Draft lesson' });
  f.R = await one(sql`insert into learning.course_resources (course_id, lesson_id, title, file_url) values (${f.P}, ${f.LN}, 'Slides', 'https://cdn/x.pdf') returning id`);
  f.Q = await one(sql`insert into learning.course_quizzes (course_id, title) values (${f.P}, 'Quiz') returning id`);
  f.QQ = await one(sql`insert into learning.quiz_questions (quiz_id, question_text, question_type, order_index, correct_answer) values (${f.Q}, 'Q?', 'true_false', 1, 'true') returning id`);
  f.E = await enroll(db, f.L, f.P);
  await setLessonStatus(db, f.L, f.LN, 'in_progress');
  await db.execute(sql`insert into learning.quiz_attempts (quiz_id, user_id, attempt_number) values (${f.Q}, ${f.L}, 1)`);
  await db.execute(sql`insert into learning.course_completions (user_id, course_id, rating) values (${f.L}, ${f.P}, 4)`);
  await db.execute(sql`insert into learning.user_addresses (user_id, type, city) values (${f.L}, 'home', 'Lyon')`);
  await db.execute(sql`insert into learning.user_preferences (user_id, category, key, value) values (${f.L}, 'ui', 'theme', '"dark"')`);
  await db.execute(sql`insert into learning.user_notes (user_id, lesson_id, content) values (${f.L}, ${f.LN}, 'note')`);
  await db.execute(sql`insert into learning.user_bookmarks (user_id, lesson_id, title) values (${f.L}, ${f.LN}, 'mark')`);
  await db.execute(sql`insert into learning.user_achievements (user_id, achievement_type, title) values (${f.L}, 'first', 'First')`);
  f.ROLE = await one(sql`insert into learning.roles (name) values ('student') returning id`);
  f.ROLE_OFF = await one(sql`insert into learning.roles (name, is_active) values ('retired', false) returning id`);
  await db.execute(sql`insert into learning.user_roles (user_id, role_id) values (${f.L}, ${f.ROLE})`);
  f.CAT = await one(sql`insert into learning.course_categories (name, slug) values ('Data', 'data') returning id`);
  f.CAT_OFF = await one(sql`insert into learning.course_categories (name, slug, is_active) values ('Old', 'old', false) returning id`);
  f.TAG = await one(sql`insert into learning.course_tags (name, slug) values ('SQL', 'sql') returning id`);
  await db.execute(sql`insert into learning.course_tag_mappings (course_id, tag_id) values (${f.P}, ${f.TAG})`);
  f.PLAN = await one(sql`insert into learning.subscription_plans (name, price, billing_interval) values ('Pro', 9.99, 'monthly') returning id`);
  f.PLAN_OFF = await one(sql`insert into learning.subscription_plans (name, price, billing_interval, is_active) values ('Legacy', 5, 'monthly', false) returning id`);
  f.SUB = await one(sql`insert into learning.subscriptions (user_id, plan_id, status, current_period_start, current_period_end) values (${f.L}, ${f.PLAN}, 'active', now(), now() + interval '30 days') returning id`);
  f.BUY = await one(sql`insert into learning.course_purchases (user_id, course_id, amount, status) values (${f.L}, ${f.PAID}, 30, 'completed') returning id`);
  await db.execute(sql`insert into learning.payment_transactions (user_id, course_purchase_id, amount, transaction_type, status) values (${f.L}, ${f.BUY}, 30, 'payment', 'completed')`);
  f.MPRIV = await one(sql`insert into learning.media_files (user_id, filename, original_filename, file_path, file_size, mime_type) values (${f.L}, 'a', 'a', '/a', 10, 'image/png') returning id`);
  f.MPUB = await one(sql`insert into learning.media_files (user_id, filename, original_filename, file_path, file_size, mime_type, visibility) values (${f.I}, 'b', 'b', '/b', 10, 'image/png', 'public') returning id`);
  await db.execute(sql`insert into learning.content_versions (content_id, content_type, version_number, content_data, created_by) values (${f.P}, 'course', 1, '{}', ${f.I})`);
  await db.execute(sql`insert into learning.lesson_activity_events (user_id, lesson_id, course_id, event_type) values (${f.L}, ${f.LN}, ${f.P}, 'play')`);  return f;
}

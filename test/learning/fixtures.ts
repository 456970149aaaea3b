import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
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

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Database, jsonValue, queryRows } from '../../src/db.js';

/** One person as the fixture creates them: their identifiers (the rows are written by `seedPerson`). */
export interface Person {
  id: string;
  email: string;
  phone: string;
  firstName: string;
}

let seq = 0;

/** A fresh person's identifiers: the email in mixed case (identity is case-insensitive everywhere). */
export function newPerson(firstName: string): Person {
  seq++;
  const n = String(Math.floor(Math.random() * 1e6) + seq * 1_000_003).padStart(7, '0').slice(-7);
  return { id: randomUUID(), email: `${firstName}.${n}@Example.COM`, phone: `+22177${n}`, firstName };
}

/** Ids shared by every person of the file: a learning instructor (staff) and their course and lesson. */
export interface World {
  instructor: string;
  learningCourse: string;
  lesson: string;
  unifiedCourse: string;
}

/** The catalog the fixture people use: an instructor (a third person) with a course and a lesson; unified's seeded course. */
export async function seedWorld(db: Database): Promise<World> {
  const instructor = randomUUID();
  await queryRows(db, sql`insert into auth.users (id, email, aud, role) values (${instructor}, ${`teacher.${instructor.slice(0, 8)}@school.example`}, 'authenticated', 'authenticated')`);
  await queryRows(db, sql`insert into learning.users (id, email, name) values (${instructor}, ${`teacher.${instructor.slice(0, 8)}@school.example`}, 'Teacher')`);
  const [course] = await queryRows<{ id: string }>(
    db,
    sql`insert into learning.courses (title, slug, instructor_id, status, price, currency, published_at)
        values ('Course', ${`course-${instructor.slice(0, 8)}`}, ${instructor}, 'published', 10, 'USD', now()) returning id`,
  );
  const [lesson] = await queryRows<{ id: string }>(
    db,
    sql`insert into learning.course_lessons (course_id, title, slug, order_index, content)
        values (${course!.id}, 'Lesson', ${`lesson-${instructor.slice(0, 8)}`}, 1, 'Body') returning id`,
  );
  const [unified] = await queryRows<{ id: string }>(db, sql`select id from public.courses order by id limit 1`);
  return { instructor, learningCourse: course!.id, lesson: lesson!.id, unifiedCourse: unified!.id };
}

/**
 * `p` in all five domains: auth user; unified profile, paid transaction, enrollment, lead; ingest
 * raw rows (Xendit invoice, Systeme.io contact, a rejected row); a CRM customer in two brands with
 * conversations and messages; a WOLO account, profile, pot with a donation from `donorTo` (when
 * given: the person donates to that pot), notifications; a learner with an enrollment, notes,
 * progress, a quiz-free activity event and a payment.
 */
export async function seedPerson(db: Database, p: Person, world: World, opts: { donateTo?: string } = {}): Promise<{ pot: string }> {
  const lower = p.email.toLowerCase();
  await queryRows(db, sql`insert into auth.users (id, email, phone, aud, role, raw_user_meta_data) values (${p.id}, ${p.email}, ${p.phone}, 'authenticated', 'authenticated', ${JSON.stringify({ full_name: `${p.firstName} Diallo` })}::jsonb)`);
  // unified
  await queryRows(db, sql`insert into public.unified_profiles (id, email, first_name, last_name, phone) values (${p.id}, ${p.email}, ${p.firstName}, 'Diallo', ${p.phone})`);
  await queryRows(
    db,
    sql`insert into public.transactions (user_id, amount, currency, status, transaction_type, external_id, contact_email, metadata, paid_at)
        values (${p.id}, '120.00', 'PHP', 'paid', 'P2P', ${`xnd_${randomUUID()}`}, ${p.email}, ${JSON.stringify({ payer: lower, note: 'first order' })}::jsonb, now())`,
  );
  await queryRows(db, sql`insert into public.enrollments (user_id, course_id, status) values (${p.id}, ${world.unifiedCourse}, 'active') on conflict do nothing`);
  await queryRows(db, sql`insert into public.leads (email, first_name, last_name, first_seen_at) values (${p.email}, ${p.firstName}, 'Diallo', now())`);
  // ingest
  await queryRows(
    db,
    sql`insert into ingest.xendit_raw (id, status, amount, payer_email, email_normalized, payload, content_hash)
        values (${`inv_${randomUUID()}`}, 'PAID', '120.00', ${p.email}, ${lower}, ${JSON.stringify({ payer_email: p.email, amount: 120 })}::jsonb, md5(${p.email}))`,
  );
  await queryRows(
    db,
    sql`insert into ingest.systemeio_raw (id, email, email_normalized, first_name, last_name, phone, payload, content_hash)
        values (${`sio_${randomUUID()}`}, ${p.email}, ${lower}, ${p.firstName}, 'Diallo', ${p.phone}, ${JSON.stringify({ email: p.email, phone: p.phone })}::jsonb, md5(${p.phone}))`,
  );
  await queryRows(
    db,
    sql`insert into ingest.rejected_rows (source, source_format, position, reason, payload, payload_hash)
        values ('systemeio', 'json', 1, 'bad tag', ${JSON.stringify({ email: p.email, tags: 'x' })}::jsonb, md5(${p.email}))`,
  );
  // crm: the same person in two brands, each with a conversation and messages
  for (const brand of ['gnymble', 'percymd'] as const) {
    const [c] = await queryRows<{ id: string }>(
      db,
      sql`insert into crm.customers (brand_id, email, phone, first_name, last_name, metadata) values (${brand}::crm.brand_id, ${p.email}, ${p.phone}, ${p.firstName}, 'Diallo', ${JSON.stringify({ crm_note: `vip ${brand}` })}::jsonb) returning id`,
    );
    const [conv] = await queryRows<{ id: string }>(
      db,
      sql`insert into crm.conversations (brand_id, customer_id, customer_phone, brand_phone) values (${brand}::crm.brand_id, ${c!.id}, ${p.phone}, '+15550001111') returning id`,
    );
    await queryRows(
      db,
      sql`insert into crm.messages (brand_id, conversation_id, direction, content) values (${brand}::crm.brand_id, ${conv!.id}, 'inbound', ${`Hi, ${p.firstName} here`})`,
    );
  }
  // wolo
  await queryRows(db, sql`insert into wolo.users (id, email, phone) values (${p.id}, ${p.email}, ${p.phone})`);
  await queryRows(db, sql`insert into wolo.profiles (user_id, full_name, date_of_birth, bio) values (${p.id}, ${`${p.firstName} Diallo`}, '1990-05-01', 'Hello')`);
  const [pot] = await queryRows<{ id: string }>(
    db,
    sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date, status, visibility)
        values (${p.id}, ${`${p.firstName}'s birthday`}, 100000, (current_date + 60), 'open', 'private') returning id`,
  );
  if (opts.donateTo) {
    await queryRows(
      db,
      sql`insert into wolo.donations (pot_id, donor_user_id, donor_phone, donor_name, amount_cfa, donation_message)
          values (${opts.donateTo}, ${p.id}, ${p.phone}, ${`${p.firstName} Diallo`}, 5000, 'Joyeux anniversaire')`,
    );
  }
  await queryRows(db, sql`insert into wolo.user_addresses (user_id, type, street_address, city, country) values (${p.id}, 'primary', '12 rue Carnot', 'Dakar', 'SN')`);
  await queryRows(db, sql`insert into wolo.notification_preferences (user_id) values (${p.id})`);
  // learning
  await queryRows(db, sql`insert into learning.users (id, email, name, first_name, phone) values (${p.id}, ${p.email}, ${`${p.firstName} Diallo`}, ${p.firstName}, ${p.phone})`);
  await queryRows(db, sql`insert into learning.enrollments (user_id, course_id, status) values (${p.id}, ${world.learningCourse}, 'active')`);
  await queryRows(db, sql`insert into learning.user_notes (user_id, lesson_id, content) values (${p.id}, ${world.lesson}, ${`${p.firstName}'s note`})`);
  await queryRows(
    db,
    sql`insert into learning.payment_transactions (user_id, amount, currency, transaction_type, status, metadata)
        values (${p.id}, 10, 'USD', 'payment', 'completed', ${JSON.stringify({ receipt_email: lower })}::jsonb)`,
  );
  return { pot: pot!.id };
}

/** Every non-system table (partitions through their parent), by qualified name. */
function userTables(db: Pick<Database, 'execute'>): Promise<{ name: string }[]> {
  return queryRows<{ name: string }>(
    db,
    `select format('%I.%I', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition
        and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%'
      order by 1`,
  );
}

/** Every non-system table (partitions through their parent) with its rows whose text contains one of the needles. */
export async function catalogScan(db: Pick<Database, 'execute'>, needles: readonly string[]): Promise<Map<string, unknown[]>> {
  const tables = await userTables(db);
  const found = new Map<string, unknown[]>();
  const list = `ARRAY[${needles.map((x) => `'${x.toLowerCase().replaceAll("'", "''")}'`).join(', ')}]::text[]`;
  for (const { name } of tables) {
    const rows = await queryRows<{ row: unknown }>(
      db,
      `select to_jsonb(t) as row from ${name} t where exists (select 1 from unnest(${list}) x where strpos(lower(t::text), x) > 0)`,
    );
    if (rows.length) found.set(name, rows.map((r) => jsonValue(r.row)));
  }
  return found;
}

/** md5 of every table's rows (row text in a stable order), for "nothing else changed" checks. */
export async function tableChecksums(db: Pick<Database, 'execute'>, exclude: (table: string) => boolean = () => false): Promise<Record<string, string>> {
  const tables = await userTables(db);
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (exclude(name)) continue;
    const [row] = await queryRows<{ sum: string }>(db, `select md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as sum from ${name} t`);
    out[name] = row!.sum;
  }
  return out;
}

/** md5 of the rows of every table whose text mentions one of the needles (another person's data). */
export async function personChecksums(db: Pick<Database, 'execute'>, needles: readonly string[]): Promise<Record<string, string>> {
  const scan = await catalogScan(db, needles);
  return Object.fromEntries([...scan].map(([t, rows]) => [t, rows.map((r) => JSON.stringify(r)).sort().join('\n')]));
}

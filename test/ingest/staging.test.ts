import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { createStagingTables, ingestSystemeio, ingestXendit, prepare, SWAPPED_TABLES } from '../../src/ingest.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { invoice } from './fixtures.js';

const t = useDatabase();

/** Replaces every staging name by its production name, so defs of a table and its clone compare equal. */
function toProduction(text: string | null): string | null {
  if (text === null) return null;
  let out = text;
  for (const s of SWAPPED_TABLES) out = out.replaceAll(s.staging, s.production);
  return out;
}

/** Everything the catalog says about a table's structure, with names as the text the database prints. */
async function describeTable(db: Database, qualified: string) {
  // search_path '' so every name the catalog prints is schema-qualified, as the function sees them
  return db.transaction(async (tx) => {
    await tx.execute(`set local search_path = ''`);
    return describeIn(tx as unknown as Database, qualified);
  });
}

async function describeIn(db: Database, qualified: string) {
  const rel = `'${qualified}'::regclass`;
  const q = <T = Record<string, unknown>>(text: string) => queryRows<T>(db, text);
  const [cls] = await q<{ owner: string; rls: boolean; force: boolean; acl: string | null; comment: string | null }>(
    `select relowner::regrole::text as owner, relrowsecurity as rls, relforcerowsecurity as force, relacl::text as acl,
            obj_description(oid, 'pg_class') as comment from pg_class where oid = ${rel}`,
  );
  const columns = await q(
    // the position, not attnum: a production table with dropped columns has gaps its clone has not
    `select row_number() over (order by a.attnum)::int as position, a.attname, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull, a.attidentity, a.attgenerated,
            a.attcollation::regcollation::text as collation, pg_get_expr(d.adbin, d.adrelid) as default_expr, a.attacl::text as acl,
            col_description(a.attrelid, a.attnum) as comment
       from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = ${rel} and a.attnum > 0 and not a.attisdropped order by a.attnum`,
  );
  const constraints = (
    await q<{ conname: string; contype: string; def: string; convalidated: boolean; condeferrable: boolean; comment: string | null }>(
      `select conname, contype, pg_get_constraintdef(oid) as def, convalidated, condeferrable, obj_description(oid, 'pg_constraint') as comment
         from pg_constraint where conrelid = ${rel} order by conname`,
    )
  ).map((c) => ({ ...c, def: toProduction(c.def) }));
  const indexes = (
    await q<{ name: string; def: string }>(
      `select c.relname as name, pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid
        where i.indrelid = ${rel} order by 1`,
    )
  ).map((i) => ({ ...i, def: toProduction(i.def) }));
  const [{ schema, name }] = (await q<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = ${rel}`,
  )) as [{ schema: string; name: string }];
  const policies = await q(
    `select policyname, permissive, roles::text as roles, cmd, qual, with_check from pg_policies
      where schemaname = '${schema}' and tablename = '${name}' order by policyname`,
  );
  const triggers = (
    await q<{ tgname: string; def: string; tgenabled: string }>(
      `select tgname, pg_get_triggerdef(oid) as def, tgenabled from pg_trigger where tgrelid = ${rel} and not tgisinternal order by tgname`,
    )
  ).map((tr) => ({ ...tr, def: toProduction(tr.def) }));
  return { ...cls!, columns, constraints, indexes, policies, triggers };
}

async function expectExactClones(db: Database, { empty = true }: { empty?: boolean } = {}) {
  for (const s of SWAPPED_TABLES) {
    const prod = await describeTable(db, s.production);
    const stage = await describeTable(db, s.staging);
    // every trigger exists on the clone, disabled
    expect(stage.triggers.map((tr) => tr.tgenabled), s.staging).toEqual(stage.triggers.map(() => 'D'));
    expect(stage.triggers.length, s.staging).toBeGreaterThan(0);
    expect({ ...stage, triggers: stage.triggers.map((tr) => ({ ...tr, tgenabled: 'O' })) }, s.staging).toEqual({
      ...prod,
      triggers: prod.triggers.map((tr) => ({ ...tr, tgenabled: 'O' })),
    });
    if (empty) expect(await queryRows(db, `select count(*)::int as n from ${s.staging}`)).toEqual([{ n: 0 }]);
  }
}

/** Runs `text` on its own connection and returns the notices and warnings the server sent with it. */
async function noticesOf(text: string): Promise<string[]> {
  const notices: string[] = [];
  if (engine === 'pglite') {
    const client = (t.db as unknown as { $client: PGlite }).$client;
    await client.query(text, [], { onNotice: (n) => notices.push(`${n.severity}: ${n.message}`) });
    return notices;
  }
  const client = postgres(t.handle.url!, { max: 1, onnotice: (n) => notices.push(`${n.severity}: ${n.message}`) });
  try {
    await client.unsafe(text);
  } finally {
    await client.end();
  }
  return notices;
}

describe(`staging tables (${engine})`, () => {
  it('are made without a notice to the caller, on a database that never had them and again', async () => {
    // first, before any other test made them: DROP TABLE IF EXISTS sent one "does not exist, skipping" each
    expect(await queryRows(t.db, `select to_regclass('ingest.transactions_staging') is null as none`)).toEqual([{ none: true }]);
    expect(await noticesOf('select ingest.create_staging_tables()')).toEqual([]);
    expect(await queryRows(t.db, `select to_regclass('ingest.transactions_staging') is not null as made`)).toEqual([{ made: true }]);
    expect(await noticesOf('select ingest.create_staging_tables()')).toEqual([]);
  });

  it('are exact structural clones of the production tables', async () => {
    const summary = await createStagingTables(t.db);
    expect(Object.keys(summary).sort()).toEqual(SWAPPED_TABLES.map((s) => s.staging).sort());
    for (const s of SWAPPED_TABLES) expect(summary[s.staging]!.indexes).toBeGreaterThan(1);
    await expectExactClones(t.db);

    // foreign keys: between the swapped tables → the clones; to other tables → those tables
    const fks = await queryRows<{ t: string; conname: string; target: string }>(
      t.db,
      `select conrelid::regclass::text as t, conname, confrelid::regclass::text as target from pg_constraint
        where contype = 'f' and conrelid::regclass::text like 'ingest.%_staging' order by 1, 2`,
    );
    // [staging table, constraint, the table it refers to]
    expect(fks.map((r) => [r.t, r.conname, r.target])).toEqual([
      ['ingest.enrollments_staging', 'enrollments_course_id_fkey', 'courses'],
      ['ingest.enrollments_staging', 'enrollments_transaction_id_fkey', 'ingest.transactions_staging'],
      ['ingest.enrollments_staging', 'enrollments_user_id_fkey', 'ingest.unified_profiles_staging'],
      ['ingest.transactions_staging', 'transactions_user_id_fkey', 'auth.users'],
      ['ingest.unified_profiles_staging', 'fk_unified_profiles_affiliate_id', 'affiliates'],
      ['ingest.unified_profiles_staging', 'unified_profiles_id_fkey', 'auth.users'],
      ['ingest.unified_profiles_staging', 'unified_profiles_membership_level_id_fkey', 'membership_levels'],
    ]);
    const users = await queryRows<{ attname: string; type: string }>(
      t.db,
      `select attname, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = 'ingest.users_staging'::regclass and attnum > 0 order by attnum`,
    );
    // prepare drops the non-constraint indexes for its bulk load and rebuilds them: still exact clones
    await prepare(t.db);
    await expectExactClones(t.db);
    // [column, type], in order
    expect(users.map((r) => [r.attname, r.type])).toEqual([
      ['id', 'uuid'],
      ['email', 'text'],
      ['created_at', 'timestamp with time zone'],
      ['raw_user_meta_data', 'jsonb'],
      ['existing', 'boolean'],
    ]);
  });

  it('filling staging fires no production trigger, and its keys point at the clones', async () => {
    await createStagingTables(t.db);
    const userId = '7a1c2a34-0000-4000-8000-000000000001';
    await queryRows(t.db, `insert into auth.users (id, email) values ('${userId}', 'stage@example.com') on conflict do nothing`);
    await queryRows(t.db, `insert into ingest.unified_profiles_staging (id, email) values ('${userId}', 'stage@example.com')`);
    const before = await queryRows(t.db, 'select (select count(*) from public.enrollments)::int as e, (select count(*) from public.admin_notifications)::int as n');
    await queryRows(
      t.db,
      `insert into ingest.transactions_staging (id, user_id, amount, status, transaction_type, external_id)
       values ('7a1c2a34-0000-4000-8000-0000000000aa', '${userId}', 800, 'paid', 'P2P', 'stage-1')`,
    );
    // after_transaction_insert is disabled on the clone: no enrollment, no notification anywhere
    expect(await queryRows(t.db, 'select (select count(*) from public.enrollments)::int as e, (select count(*) from public.admin_notifications)::int as n')).toEqual(before);
    expect(await queryRows(t.db, 'select count(*)::int as n from ingest.enrollments_staging')).toEqual([{ n: 0 }]);
    await queryRows(
      t.db,
      `insert into ingest.enrollments_staging (user_id, course_id, transaction_id)
       select '${userId}', id, '7a1c2a34-0000-4000-8000-0000000000aa' from public.courses where slug = 'papers-to-profits'`,
    );
    // the clone's FK refers to the staging transactions, not to production's
    await expectDbError(
      queryRows(
        t.db,
        `insert into ingest.enrollments_staging (user_id, course_id, transaction_id, status)
         select '${userId}', id, gen_random_uuid(), 'expired' from public.courses where slug = 'papers-to-profits'`,
      ),
      /enrollments_transaction_id_fkey/,
    );
    // same CHECK and unique names as production
    await expectDbError(queryRows(t.db, `insert into ingest.transactions_staging (amount) values (-1)`), /transactions_amount_check/);
    await expectDbError(queryRows(t.db, `insert into ingest.unified_profiles_staging (id, email) values ('${userId}', 'STAGE@example.com')`), /unified_profiles_pkey|unified_profiles_email_key/);
    // re-creating empties them
    await createStagingTables(t.db);
    expect(await queryRows(t.db, 'select (select count(*) from ingest.transactions_staging)::int as t, (select count(*) from ingest.enrollments_staging)::int as e')).toEqual([{ t: 0, e: 0 }]);
  });

  it('prepare makes every staging table from the catalog: a new production column takes its default, its CHECKs hold, still exact clones', async () => {
    const db = t.db;
    for (const s of SWAPPED_TABLES) {
      await queryRows(db, `alter table ${s.production} add column note text collate "C" default 'n/a'`);
      await queryRows(db, `alter table ${s.production} add constraint ${s.table}_note_check check (note <> '')`);
      await queryRows(db, `comment on constraint ${s.table}_note_check on ${s.production} is 'a note is never empty'`);
    }
    try {
      // a buyer of a course (a profile, an invoice, an enrollment), a Canva buyer (an invoice without an
      // account) and a contact who never paid (a lead)
      await ingestXendit(db, [
        invoice('inv_fill_1', { description: 'Canva Ebook' }),
        invoice('inv_fill_2', { status: 'PENDING', payer_email: 'bad@example.c0m', description: 'Canva Ebook' }),
        invoice('inv_fill_3', { payer_email: 'student@example.com' }),
      ]);
      await ingestSystemeio(db, [{ id: '9001', email: 'lead@example.com', first_name: 'Lea', tags: [], created_at: '2024-01-15T08:00:00Z' }]);
      // the student already has an auth user: with a new one staged, the foreign keys to auth.users
      // would come back NOT VALID (until the cutover inserts it), unlike production's
      await queryRows(db, `insert into auth.users (id, email) values (gen_random_uuid(), 'student@example.com')`);
      const report = await prepare(db);
      expect(report).toMatchObject({ profiles: 1, enrollments: 1, leads: 1, authUsers: { existing: 1, new: 0 }, transactions: { total: 3 } });
      expect(await queryRows(db, 'select external_id, note, contact_email, status from ingest.transactions_staging order by external_id')).toEqual([
        { external_id: 'inv_fill_1', note: 'n/a', contact_email: 'inv_fill_1@example.com', status: 'paid' },
        { external_id: 'inv_fill_2', note: 'n/a', contact_email: null, status: 'pending' },
        { external_id: 'inv_fill_3', note: 'n/a', contact_email: 'student@example.com', status: 'paid' },
      ]);
      expect(await queryRows(db, 'select email, note from ingest.unified_profiles_staging')).toEqual([{ email: 'student@example.com', note: 'n/a' }]);
      expect(await queryRows(db, 'select email, note from ingest.leads_staging')).toEqual([{ email: 'lead@example.com', note: 'n/a' }]);
      expect(
        await queryRows(db, `select e.note, e.metadata, t.external_id from ingest.enrollments_staging e join ingest.transactions_staging t on t.id = e.transaction_id`),
      ).toEqual([{ note: 'n/a', metadata: { source: 'ingest', product: 'P2P' }, external_id: 'inv_fill_3' }]);
      await expectExactClones(db, { empty: false });
      // the CHECKs and NOT NULLs came back, validated, and hold for new rows
      for (const s of SWAPPED_TABLES) {
        await expectDbError(queryRows(db, `update ${s.staging} set note = ''`), new RegExp(`${s.table}_note_check`));
      }
      await expectDbError(queryRows(db, `insert into ingest.transactions_staging (amount) values (-1)`), /transactions_amount_check/);
      await expectDbError(queryRows(db, `insert into ingest.transactions_staging (amount, status) values (1, null)`), /null value in column "status"/);
      await expectDbError(queryRows(db, `update ingest.leads_staging set email = 'not an email'`), /leads_email_check/);
      await expectDbError(queryRows(db, `update ingest.enrollments_staging set metadata = null`), /null value in column "metadata"/);
    } finally {
      await queryRows(db, 'truncate ingest.xendit_raw, ingest.systemeio_raw, ingest.rejected_rows');
      await queryRows(db, `delete from auth.users where email = 'student@example.com'`);
      for (const s of SWAPPED_TABLES) await queryRows(db, `alter table ${s.production} drop column note`);
      await createStagingTables(db);
    }
  });

  it.each(SWAPPED_TABLES.map((s) => s.table))('prepare refuses a production identity column of %s, which CREATE TABLE … AS cannot make, and leaves staging as it was', async (table) => {
    const db = t.db;
    await createStagingTables(db);
    await ingestXendit(db, [invoice('inv_identity_1', { payer_email: 'student@example.com' })]);
    await ingestSystemeio(db, [{ id: '9002', email: 'lead@example.com', tags: [], created_at: '2024-01-15T08:00:00Z' }]);
    await queryRows(db, `alter table public.${table} add column ingest_seq bigint generated by default as identity`);
    try {
      await expectDbError(prepare(db), new RegExp(`public\\.${table} has an identity or generated column`));
      // rolled back with prepare: the empty clones made before (without the new column) are still there
      expect(await queryRows(db, `select count(*)::int as n from pg_attribute where attrelid = 'ingest.${table}_staging'::regclass and attname = 'ingest_seq'`)).toEqual([{ n: 0 }]);
    } finally {
      await queryRows(db, 'truncate ingest.xendit_raw, ingest.systemeio_raw, ingest.rejected_rows');
      await queryRows(db, `alter table public.${table} drop column ingest_seq`);
    }
  });

  it('dress_staging_table: only for the tables prepare rebuilds, only over production\'s columns, only for the owner', async () => {
    const db = t.db;
    await createStagingTables(db);
    await expectDbError(queryRows(db, `select ingest.dress_staging_table('courses', false)`), /courses is not one of the tables prepare rebuilds/);
    await expectDbError(
      db.transaction(async (tx) => {
        await tx.execute('alter table ingest.leads_staging add column extra int');
        await tx.execute(`select ingest.dress_staging_table('leads', false)`);
      }),
      /the columns of ingest\.leads_staging differ from public\.leads's .*extra: missing \/ integer/,
    );
    await expectDbError(
      db.transaction(async (tx) => {
        await tx.execute('set local role service_role');
        await tx.execute(`select ingest.dress_staging_table('leads', false)`);
      }),
      /permission denied/,
    );
  });

  it('staging_select_list: production\'s columns in order, cast, the given expression else the default else NULL; refuses what it cannot make', async () => {
    const db = t.db;
    const [row] = await queryRows<{ list: string }>(db, `select ingest.staging_select_list('enrollments', '{"user_id": "e.u", "status": "upper(e.s)"}') as list`);
    expect(row!.list.split(/, (?=\()/)).toEqual([
      '(gen_random_uuid())::uuid AS id',
      '(e.u)::uuid AS user_id',
      '(NULL)::uuid AS course_id',
      '(NULL)::uuid AS transaction_id',
      '(upper(e.s))::text AS status',
      '(now())::timestamp with time zone AS enrolled_at',
      '(NULL)::timestamp with time zone AS expires_at',
      '(NULL)::timestamp with time zone AS last_accessed_at',
      "('{}'::jsonb)::jsonb AS metadata",
      '(now())::timestamp with time zone AS updated_at',
    ]);
    await expectDbError(queryRows(db, `select ingest.staging_select_list('transactions', '{"nosuch": "1", "id": "1"}')`), /public\.transactions has no column\(s\) nosuch$/);
    await expectDbError(queryRows(db, `select ingest.staging_select_list('courses', '{}')`), /courses is not one of the tables prepare rebuilds/);
    await expectDbError(
      db.transaction(async (tx) => {
        await tx.execute('set local role service_role');
        await tx.execute(`select ingest.staging_select_list('leads', '{}')`);
      }),
      /permission denied/,
    );
  });

  it('follows the catalog: a production change (identity, generated, collation, force RLS, policy, grants, comments) is cloned', async () => {
    const db = t.db;
    const script = [
      'alter table public.transactions add column ingest_seq bigint generated by default as identity',
      'alter table public.transactions add column amount_cents bigint generated always as ((amount * 100)::bigint) stored',
      `alter table public.transactions add column note text collate "C" default 'n/a'`,
      `alter table public.transactions add constraint transactions_note_check check (note <> '') not valid`,
      'create index transactions_note_idx on public.transactions (note) where note is not null',
      `comment on table public.transactions is 'payments'`,
      `comment on column public.transactions.note is 'a note'`,
      `comment on index public.transactions_note_idx is 'notes'`,
      `comment on constraint transactions_amount_check on public.transactions is 'never negative'`,
      'alter table public.transactions force row level security',
      `create policy "nobody deletes" on public.transactions as restrictive for delete to public using (false)`,
      'grant insert (note) on public.transactions to authenticated',
      'grant references on public.enrollments to authenticated with grant option',
    ];
    for (const s of script) await queryRows(db, s);
    await createStagingTables(db);
    await expectExactClones(db);
    const [row] = await queryRows<{ force: boolean }>(db, `select relforcerowsecurity as force from pg_class where oid = 'ingest.transactions_staging'::regclass`);
    expect(row!.force).toBe(true);
    // the identity is the clone's own sequence
    await queryRows(db, `insert into ingest.transactions_staging (amount) values (12.34)`);
    expect(await queryRows(db, 'select ingest_seq::int, amount_cents::int, note from ingest.transactions_staging')).toEqual([{ ingest_seq: 1, amount_cents: 1234, note: 'n/a' }]);
  });

  it('only the owner may run it', async () => {
    await expectDbError(
      t.db.transaction(async (tx) => {
        await tx.execute('set local role service_role');
        await tx.execute('select ingest.create_staging_tables()');
      }),
      /permission denied/,
    );
  });
});

import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { sql, TransactionRollbackError } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbErrorCode, jsonValue, openDatabase, queryRows } from '../../src/db.js';
import { withContext } from '../../src/rls.js';
import { eraseSubject, exportSubject, type SubjectExport, SubjectError } from '../../src/subjects.js';
import { ValidationError } from '../../src/errors.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { catalogScan, newPerson, type Person, personChecksums, seedPerson, seedWorld, tableChecksums, type World } from './fixture.js';

/** Every row of an export, per table: `domains.<d>.<table>` and `domains.crm.brands.<b>.<table>` flattened. */
function exportedRows(doc: SubjectExport): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const add = (table: string, rows: { row: unknown }[]) => out.set(table, [...(out.get(table) ?? []), ...rows.map((r) => r.row)]);
  for (const domain of Object.values(doc.domains)) {
    for (const [key, value] of Object.entries(domain)) {
      if (key === 'brands') for (const brand of Object.values(value as Record<string, Record<string, { row: unknown }[]>>)) for (const [t, rows] of Object.entries(brand)) add(t, rows);
      else add(key, value as { row: unknown }[]);
    }
  }
  return out;
}
const sortRows = (rows: unknown[]) => rows.map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();
const needlesOf = (p: Person) => [p.email, p.phone, p.id];
/** The audit of runs changes with every run; everything else is compared. */
const notAudit = (t: string) => t === 'subjects.runs';

describe(`data subjects: export and erasure across every domain (${engine})`, () => {
  const t = useDatabase();
  let world: World;
  const awa = newPerson('Awa');
  const binta = newPerson('Binta');
  let bintaBefore: Record<string, string>;

  beforeAll(async () => {
    world = await seedWorld(t.db);
    const { pot: bintaPot } = await seedPerson(t.db, binta, world);
    await seedPerson(t.db, awa, world, { donateTo: bintaPot });
    bintaBefore = await personChecksums(t.db, needlesOf(binta));
  });

  it('refuses a lookup that is not exactly one valid identifier, naming the field', async () => {
    await expect(exportSubject(t.db, { email: 'not-an-email' })).rejects.toMatchObject({ name: 'ValidationError', field: 'email' });
    await expect(exportSubject(t.db, { userId: 'x' })).rejects.toMatchObject({ field: 'userId' });
    await expect(eraseSubject(t.db, { phone: '12' })).rejects.toMatchObject({ field: 'phone' });
    await expect(eraseSubject(t.db, { email: awa.email, phone: awa.phone } as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('the export finds every row a catalog-wide scan finds for the email, phone or user id, grouped by domain and table, crm per brand', async () => {
    const doc = await exportSubject(t.db, { email: awa.email });
    expect(doc.found).toBe(true);
    expect(Object.keys(doc.domains).sort()).toEqual(['auth', 'crm', 'ingest', 'learning', 'unified', 'wolo']);
    expect(Object.keys((doc.domains.crm as { brands: object }).brands).sort()).toEqual(['gnymble', 'percymd']);
    const exported = exportedRows(doc);
    const scanned = await catalogScan(t.db, needlesOf(awa));
    scanned.delete('subjects.runs');
    expect(scanned.size).toBeGreaterThan(20);
    for (const [table, rows] of scanned) {
      expect({ table, rows: sortRows(exported.get(table) ?? []) }).toEqual({ table, rows: expect.arrayContaining(sortRows(rows)) });
    }
    // and where each piece came from
    const customers = (doc.domains.crm as { brands: Record<string, Record<string, { key: object; found_by: string[] }[]>> }).brands.gnymble!['crm.customers']!;
    expect(customers[0]!.found_by).toContain('email:email');
    expect(Object.keys(customers[0]!.key).sort()).toEqual(['brand_id', 'id']);
    const messages = (doc.domains.crm as { brands: Record<string, Record<string, { found_by: string[] }[]>> }).brands.percymd!['crm.messages']!;
    expect(messages[0]!.found_by).toEqual(['reference:conversation_id->crm.conversations']);
  });

  it('finds the same rows by user id and by phone', async () => {
    const byEmail = exportedRows(await exportSubject(t.db, { email: awa.email.toUpperCase() }));
    for (const lookup of [{ userId: awa.id }, { phone: awa.phone }]) {
      const other = exportedRows(await exportSubject(t.db, lookup));
      expect([...other.keys()].sort()).toEqual([...byEmail.keys()].sort());
      for (const [table, rows] of byEmail) expect(sortRows(other.get(table)!)).toEqual(sortRows(rows));
    }
  });

  let dryRun: Awaited<ReturnType<typeof eraseSubject>>;
  it('a dry run changes nothing in the database and reports a plan', async () => {
    const before = await tableChecksums(t.db, notAudit);
    dryRun = await eraseSubject(t.db, { email: awa.email }, { dryRun: true });
    expect(await tableChecksums(t.db, notAudit)).toEqual(before);
    expect(dryRun.dryRun).toBe(true);
    expect(dryRun.totalRows).toBeGreaterThan(20);
    expect(dryRun.tables['crm.customers']).toMatchObject({ action: 'delete', rows: 2 });
    expect(dryRun.tables['public.transactions']).toMatchObject({ action: 'retain', period: '7 years', rows: 1 });
  });

  it('erases in one transaction with the plan the dry run reported; financial rows stay, detached', async () => {
    const [txBefore] = await queryRows<{ n: number; sum: string }>(t.db, 'select count(*)::int as n, sum(amount)::text as sum from public.transactions');
    const report = await eraseSubject(t.db, { email: awa.email });
    expect(report.dryRun).toBe(false);
    expect(report.tables).toEqual(dryRun.tables);
    expect(report.totalRows).toBe(dryRun.totalRows);
    const [txAfter] = await queryRows<{ n: number; sum: string }>(t.db, 'select count(*)::int as n, sum(amount)::text as sum from public.transactions');
    expect(txAfter).toEqual(txBefore);
    const [donation] = await queryRows<{ donor_user_id: string | null; donor_phone: string | null; amount_cfa: number }>(
      t.db,
      sql`select donor_user_id, donor_phone, amount_cfa from wolo.donations where amount_cfa = 5000`,
    );
    expect(donation).toEqual({ donor_user_id: null, donor_phone: null, amount_cfa: 5000 });
  });

  it('afterwards a catalog-wide scan finds the email and phone nowhere, and the export finds nothing', async () => {
    const scan = await catalogScan(t.db, [awa.email, awa.phone]);
    expect([...scan.keys()]).toEqual([]);
    // the user id is left only on the tombstones (docs/subjects.md): the anonymised auth user and WOLO
    // account, the emptied profile and pot, and the account's audit row without its values
    expect([...(await catalogScan(t.db, [awa.id])).keys()].sort()).toEqual(['auth.users', 'wolo.audit_logs', 'wolo.pots', 'wolo.profiles', 'wolo.users']);
    const doc = await exportSubject(t.db, { email: awa.email });
    expect(doc).toMatchObject({ found: false, rows: 0, domains: {} });
    expect(await exportSubject(t.db, { phone: awa.phone })).toMatchObject({ found: false, rows: 0 });
  });

  it("the other person's rows are byte-for-byte unchanged", async () => {
    expect(await personChecksums(t.db, needlesOf(binta))).toEqual(bintaBefore);
  });

  it('is idempotent: a second run changes nothing and reports zero', async () => {
    const before = await tableChecksums(t.db, notAudit);
    const again = await eraseSubject(t.db, { email: awa.email });
    expect(again.totalRows).toBe(0);
    expect(Object.values(again.tables).every((x) => x.rows === 0 && x.redacted === 0 && x.cleared === 0)).toBe(true);
    const byId = await eraseSubject(t.db, { userId: awa.id });
    expect(byId.totalRows).toBe(0);
    expect(await tableChecksums(t.db, notAudit)).toEqual(before);
  });

  it('only service_role may run the functions: anon, authenticated and crm_app get a permission error', async () => {
    for (const role of ['anon', 'authenticated', 'crm_app']) {
      for (const call of [`select subjects.export_subject(null, 'x@example.com', null)`, `select subjects.erase_subject(null, 'x@example.com', null, true)`]) {
        const error = await withContext(t.db, { role, claims: { sub: binta.id, role } }, (tx) => queryRows(tx, call)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect({ role, call, code: dbErrorCode(error) }).toEqual({ role, call, code: '42501' });
      }
    }
  });

  it('every run is audited with counts only: no email, phone, name or user id', async () => {
    const rows = await withContext(t.db, { role: 'service_role' }, (tx) => queryRows<Record<string, unknown>>(tx, 'select * from subjects.runs order by id'));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(rows.map((r) => `${r.action}${r.dry_run ? ' dry' : ''}`)).toEqual(expect.arrayContaining(['export', 'erase dry', 'erase']));
    expect(rows.every((r) => r.db_role === 'service_role')).toBe(true);
    const text = JSON.stringify(rows).toLowerCase();
    for (const secret of [awa.email.toLowerCase(), awa.phone, awa.id, binta.email.toLowerCase(), 'diallo', 'awa']) expect(text).not.toContain(secret.toLowerCase());
    // nobody else reads it
    const denied = await withContext(t.db, { role: 'authenticated', claims: { sub: binta.id } }, (tx) => queryRows(tx, 'select * from subjects.runs')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(dbErrorCode(denied)).toBe('42501');
  });

  it('refuses, changing nothing, to erase an instructor whose courses still name them (blocked)', async () => {
    const before = await tableChecksums(t.db, notAudit);
    const error = await eraseSubject(t.db, { userId: world.instructor }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SubjectError);
    expect(error).toMatchObject({ code: 'blocked' });
    // restrict_violation on PostgreSQL 18 (PGlite), foreign_key_violation on 15
    expect(['23001', '23503']).toContain((error as SubjectError).sqlState);
    expect((error as SubjectError).auditError).toBeUndefined();
    expect(await tableChecksums(t.db, notAudit)).toEqual(before);
    // the refusal is audited all the same, in a transaction of its own: the lookup's kind and the
    // refusing foreign key, never the person
    const runs = () => withContext(t.db, { role: 'service_role' }, (tx) => queryRows<Record<string, unknown>>(tx, 'select * from subjects.runs order by id desc limit 1'));
    const [last] = await runs();
    expect(last).toMatchObject({ action: 'erase_refused', lookup: 'user_id', dry_run: false, found: false, total_rows: 0, db_role: 'service_role' });
    const [[table, entry]] = Object.entries(jsonValue<Record<string, { action: string; constraint: string }>>(last!.tables)) as [[string, { action: string; constraint: string }]];
    expect(entry.action).toBe('refused');
    const [fk] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from pg_constraint where contype = 'f' and conname = ${entry.constraint} and conrelid = to_regclass(${table})`,
    );
    expect(fk!.n).toBe(1);
    expect(JSON.stringify(last)).not.toContain(world.instructor);
    // a dry run refused the same way is audited as a dry run
    await expect(eraseSubject(t.db, { userId: world.instructor }, { dryRun: true })).rejects.toMatchObject({ code: 'blocked' });
    expect((await runs())[0]).toMatchObject({ action: 'erase_refused', dry_run: true });
    // the recording function takes only a foreign key the catalog has, and only from service_role
    const forged = await withContext(t.db, { role: 'service_role' }, (tx) =>
      queryRows(tx, sql`select subjects.record_refused_erasure(null, 'someone@example.com', null, false, 'public', 'courses', 'not a constraint')`),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(dbErrorCode(forged)).toBe('US002');
    const denied = await withContext(t.db, { role: 'authenticated', claims: { sub: binta.id } }, (tx) =>
      queryRows(tx, sql`select subjects.record_refused_erasure(${binta.id}::uuid, null, null, false, 'public', 'courses', 'x')`),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(dbErrorCode(denied)).toBe('42501');
  });

  it('where the definer role has no rights on auth.users (Supabase without the grant), the auth user is skipped and reported, the rest still runs', async () => {
    let report: Record<string, { skipped?: string; rows: number }> = {};
    await t.db
      .transaction(async (tx) => {
        await queryRows(tx, 'revoke select, update, delete on auth.users from unified_schema_definer');
        await queryRows(tx, "select set_config('role', 'service_role', true)");
        const [row] = await queryRows<{ r: unknown }>(tx, sql`select subjects.erase_subject(${binta.id}::uuid, null, null, true) as r`);
        report = jsonValue<{ tables: typeof report }>(row!.r).tables;
        tx.rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof TransactionRollbackError)) throw e;
      });
    expect(report['auth.users']).toMatchObject({ skipped: 'no privilege', rows: 0 });
    expect(report['wolo.users']).toMatchObject({ rows: 1 });
  });

  it.skipIf(engine !== 'postgres')(`two concurrent erasures of one person end consistent ${POSTGRES_ONLY_RACE}`, async () => {
    const chidi = newPerson('Chidi');
    await seedPerson(t.db, chidi, world);
    const url = t.handle.url!;
    const a = await openDatabase({ url, max: 1 });
    const b = await openDatabase({ url, max: 1 });
    try {
      const results = await Promise.allSettled([eraseSubject(a.db, { email: chidi.email }), eraseSubject(b.db, { phone: chidi.phone })]);
      const failures = results.filter((r) => r.status === 'rejected').map((r) => dbErrorCode((r as PromiseRejectedResult).reason));
      // a deadlock or serialization failure is the only acceptable failure; then nothing of that run was applied
      expect(failures.every((c) => c === '40P01' || c === '40001')).toBe(true);
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      const scan = await catalogScan(t.db, [chidi.email, chidi.phone]);
      expect([...scan.keys()]).toEqual([]);
      expect((await eraseSubject(t.db, { userId: chidi.id })).totalRows).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.skipIf(engine !== 'postgres')(`an erasure during a prepare waits for it, holding no lock a prepare needs meanwhile ${POSTGRES_ONLY_RACE}`, async () => {
    const ebo = newPerson('Ebo');
    await seedPerson(t.db, ebo, world);
    const preparer = postgres(t.handle.url!, { max: 1, onnotice: () => {} });
    const observer = postgres(t.handle.url!, { max: 1, onnotice: () => {} });
    const rolledBack = new Error('rolled back: the staging tables stay empty for the other tests');
    let settled = false;
    let erasing: Promise<unknown> | undefined;
    try {
      await preparer
        .begin(async (tx) => {
          await tx`select public.validate_and_prepare_clean_data()`;
          erasing = eraseSubject(t.db, { email: ebo.email }).finally(() => {
            settled = true;
          });
          erasing.catch(() => {});
          let pid: number | undefined;
          for (let i = 0; i < 250 && pid === undefined; i++) {
            const [row] = await observer`select pid from pg_stat_activity where datname = current_database() and wait_event = 'advisory'`;
            pid = row?.pid as number | undefined;
            if (pid === undefined) await new Promise((r) => setTimeout(r, 20));
          }
          expect(pid).toBeDefined();
          expect(settled).toBe(false);
          // waiting for the raw tables' lock before writing anything: no production table is locked for writing,
          // so the prepare's foreign keys to them (taken at its end) cannot wait for the erasure in turn
          const held = await observer`select l.relation::regclass::text as rel, l.mode from pg_locks l
                                       where l.pid = ${pid!} and l.locktype = 'relation' and l.mode <> 'AccessShareLock'`;
          expect(held).toEqual([]);
          throw rolledBack;
        })
        .catch((error: unknown) => {
          if (error !== rolledBack) throw error;
        });
      const report = (await erasing!) as { totalRows: number };
      expect(report.totalRows).toBeGreaterThan(0);
      expect([...(await catalogScan(t.db, needlesOf(ebo))).keys()].filter((table) => table.startsWith('ingest.'))).toEqual([]);
    } finally {
      await Promise.all([preparer.end({ timeout: 5 }), observer.end({ timeout: 5 })]);
    }
  });

  it.skipIf(engine !== 'postgres')(`an erasure racing a new CRM message of the person ends consistent: the message is erased or refused ${POSTGRES_ONLY_RACE}`, async () => {
    const dede = newPerson('Dede');
    await seedPerson(t.db, dede, world);
    const [conv] = await queryRows<{ id: string; brand_id: string }>(
      t.db,
      sql`select c.id, c.brand_id::text as brand_id from crm.conversations c join crm.customers u on u.brand_id = c.brand_id and u.id = c.customer_id where lower(u.email) = lower(${dede.email}) limit 1`,
    );
    const url = t.handle.url!;
    const a = await openDatabase({ url, max: 1 });
    const b = await openDatabase({ url, max: 1 });
    try {
      const insert = (async () => {
        // a reply arriving while the erasure runs, from another connection
        for (let i = 0; i < 20; i++) {
          await queryRows(b.db, sql`insert into crm.messages (brand_id, conversation_id, direction, content) values (${conv!.brand_id}::crm.brand_id, ${conv!.id}, 'inbound', ${`reply ${i} from ${dede.phone}`})`);
        }
      })();
      const [erased, inserted] = await Promise.allSettled([eraseSubject(a.db, { email: dede.email }), insert]);
      expect(erased.status).toBe('fulfilled');
      // the replies either landed before the erasure (and were erased with the conversation) or were refused after it
      if (inserted.status === 'rejected') expect(dbErrorCode(inserted.reason)).toBe('23503');
      expect(await queryRows(t.db, sql`select 1 from crm.messages where conversation_id = ${conv!.id}`)).toEqual([]);
      expect([...(await catalogScan(t.db, [dede.email, dede.phone])).keys()]).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.skipIf(engine !== 'postgres')('a login role that may not act as service_role gets a typed error naming the GRANT [PostgreSQL only: PGlite has one superuser session]', async () => {
    const role = `subjects_probe_${Math.random().toString(16).slice(2, 8)}`;
    await queryRows(t.db, `create role ${role} login password 'probe'`);
    const url = new URL(t.handle.url!);
    url.username = role;
    url.password = 'probe';
    const probe = await openDatabase({ url: url.toString(), max: 1 });
    try {
      const error = await exportSubject(probe.db, { email: binta.email }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'ContextError', code: 'role_not_granted' });
      expect((error as Error).message).toContain('GRANT service_role TO');
    } finally {
      await probe.close();
      await queryRows(t.db, `drop role ${role}`);
    }
  });

  it("Supabase's tables hanging off the auth user (auth.identities here) are exported and deleted where they exist", async () => {
    const eve = newPerson('Eve');
    await seedPerson(t.db, eve, world);
    // what Supabase has and the shim has not; the migration's grant, as it makes it when the table exists
    await queryRows(
      t.db,
      `create table if not exists auth.identities (id uuid primary key default gen_random_uuid(), user_id uuid not null references auth.users (id) on delete cascade, provider text not null, identity_data jsonb not null, email text)`,
    );
    await queryRows(t.db, 'grant select, update, delete on auth.identities to unified_schema_definer');
    await queryRows(t.db, sql`insert into auth.identities (user_id, provider, identity_data, email) values (${eve.id}, 'email', ${JSON.stringify({ email: eve.email, sub: eve.id })}::jsonb, ${eve.email})`);
    try {
      const doc = await exportSubject(t.db, { email: eve.email });
      expect((doc.domains.auth as Record<string, { found_by: string[] }[]>)['auth.identities']).toMatchObject([{ found_by: ['userId:user_id'] }]);
      const report = await eraseSubject(t.db, { email: eve.email });
      expect(report.tables['auth.identities']).toMatchObject({ action: 'delete', rows: 1 });
      expect([...(await catalogScan(t.db, [eve.email, eve.phone])).keys()]).toEqual([]);
    } finally {
      await queryRows(t.db, 'drop table auth.identities');
    }
  });
});


describe(`data subjects: whole identifiers only, and mentions in other people's texts (${engine})`, () => {
  const t = useDatabase();
  let world: World;
  const ann = newPerson('Ann');
  // Joann's email and phone contain Ann's: `jo` + Ann's email, Ann's phone + one digit
  const joann: Person = { id: randomUUID(), email: `jo${ann.email}`, phone: `${ann.phone}7`, firstName: 'Joann' };
  const dia = newPerson('Dia');

  beforeAll(async () => {
    world = await seedWorld(t.db);
    await seedPerson(t.db, ann, world);
    const { pot } = await seedPerson(t.db, joann, world);
    await seedPerson(t.db, dia, world);
    // Dia named in texts of other people's rows (Joann's, the course's)
    const named = `ask ${dia.email.toLowerCase()} or call ${dia.phone}.`;
    await queryRows(t.db, sql`update wolo.pots set description = ${named} where id = ${pot}`);
    await queryRows(t.db, sql`insert into learning.user_notes (user_id, lesson_id, content) values (${joann.id}, ${world.lesson}, ${named})`);
    await queryRows(t.db, sql`update public.unified_profiles set admin_metadata = ${JSON.stringify({ referred_by: dia.email })}::jsonb where id = ${joann.id}`);
    await queryRows(t.db, sql`update learning.courses set description = ${named} where id = ${world.learningCourse}`);
  });

  it("a person's export holds none of the rows of someone whose email or phone contains theirs", async () => {
    const exported = JSON.stringify(await exportSubject(t.db, { email: ann.email }));
    expect(exported.toLowerCase()).not.toContain(joann.email.toLowerCase());
    expect(exported).not.toContain(joann.phone);
    expect(JSON.stringify(await exportSubject(t.db, { phone: ann.phone }))).not.toContain(joann.phone);
  });

  it("erasing them leaves that other person's rows byte-for-byte unchanged", async () => {
    const before = await personChecksums(t.db, needlesOf(joann));
    await eraseSubject(t.db, { email: ann.email });
    expect(await personChecksums(t.db, needlesOf(joann))).toEqual(before);
  });

  it("the export finds the person named in other people's texts, and erasure redacts only the name", async () => {
    const exported = exportedRows(await exportSubject(t.db, { email: dia.email }));
    const scanned = await catalogScan(t.db, needlesOf(dia));
    scanned.delete('subjects.runs');
    for (const table of ['wolo.pots', 'learning.user_notes', 'public.unified_profiles', 'learning.courses']) expect(scanned.has(table)).toBe(true);
    for (const [table, rows] of scanned) {
      expect({ table, rows: sortRows(exported.get(table) ?? []) }).toEqual({ table, rows: expect.arrayContaining(sortRows(rows)) });
    }
    await eraseSubject(t.db, { email: dia.email });
    expect([...(await catalogScan(t.db, [dia.email, dia.phone])).keys()]).toEqual([]);
    const [note] = await queryRows<{ content: string }>(t.db, sql`select content from learning.user_notes where user_id = ${joann.id} and content like 'ask %'`);
    expect(note!.content).toBe('ask [erased] or call [erased].');
  });
});

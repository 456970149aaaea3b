import { TransactionRollbackError } from 'drizzle-orm';
import postgres from 'postgres';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Database, execScript, openDatabase, queryRows } from '../../src/db.js';
import { generateSampleData, ingestSystemeio, ingestXendit, lastRun, latestValidationReport, prepare, type PrepareProgress, type ValidationReport } from '../../src/ingest.js';
import { selectEnrollmentSchema, selectLeadSchema, selectTransactionSchema, selectUnifiedProfileSchema } from '../../src/unified.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase, whilePrepareWorkTablesExist } from '../helpers.js';

const t = useDatabase();

async function reset(db: Database) {
  await execScript(
    db,
    `truncate ingest.xendit_raw, ingest.systemeio_raw, ingest.rejected_rows;
     delete from public.enrollments; delete from public.admin_notifications; delete from public.transactions;
     delete from public.affiliates; delete from public.unified_profiles; delete from auth.users;
     update ingest.products set list_price = 800, buyer_tag = 'PaidP2P' where code = 'P2P';`,
  );
}

let seq = 0;
const invoice = (over: Record<string, unknown>) => {
  seq++;
  return {
    id: `inv_${seq}`,
    external_id: `EXT-${seq}`,
    status: 'PAID',
    amount: 800,
    currency: 'PHP',
    description: 'Papers to Profits',
    payer_email: 'buyer@example.com',
    created: '2024-03-01T10:00:00Z',
    updated: '2024-03-01T10:05:00Z',
    paid_at: '2024-03-01T10:05:00Z',
    ...over,
  };
};
const contact = (over: Record<string, unknown>) => {
  seq++;
  return { id: String(9000 + seq), email: 'lead@example.com', first_name: 'Lea', last_name: 'Cruz', tags: [] as string[], created_at: '2024-01-15T08:00:00Z', ...over };
};

async function load(db: Database, invoices: Record<string, unknown>[], contacts: Record<string, unknown>[]) {
  if (invoices.length) await ingestXendit(db, invoices);
  if (contacts.length) await ingestSystemeio(db, contacts);
}

const rows = <T = Record<string, unknown>>(sqlText: string) => queryRows<T>(t.db, sqlText);

describe(`prepare (${engine})`, () => {
  beforeEach(() => reset(t.db));

  it("reports exactly the generator's ground truth, again on a re-run, through TS and through SQL", async () => {
    const data = generateSampleData({ seed: 11, invoices: 300, contacts: 500 });
    await load(t.db, data.xenditInvoices, data.systemeioContacts);
    const progress: string[] = [];
    const report = await prepare(t.db, { onProgress: (p) => progress.push(p.phase) });
    expect(report).toEqual(data.groundTruth.expected);
    expect(progress).toEqual(['reading', 'preparing', 'done']);

    // the staging tables hold what the report counts
    const [counts] = await rows<Record<string, number>>(
      `select (select count(*) from ingest.users_staging)::int as users, (select count(*) from ingest.unified_profiles_staging)::int as profiles,
              (select count(*) from ingest.transactions_staging)::int as transactions, (select count(*) from ingest.enrollments_staging)::int as enrollments,
              (select count(*) from ingest.transactions_staging where user_id is not null)::int as with_user`,
    );
    const e = data.groundTruth.expected;
    expect(counts).toEqual({ users: e.profiles, profiles: e.profiles, transactions: e.transactions.total, enrollments: e.enrollments, with_user: e.transactions.withUser });

    // run log and stored report
    const run = await lastRun(t.db, 'prepare');
    expect(run).toMatchObject({ status: 'succeeded', counts: { profiles: e.profiles, transactions: e.transactions.total, blocking_errors: 0 } });
    const stored = await latestValidationReport(t.db);
    expect(stored).toMatchObject({ runId: run!.id, blockingErrors: 0, report });

    // re-running gives the same report; so does the SQL function called directly (its own run)
    expect(await prepare(t.db)).toEqual(report);
    const [direct] = await rows<{ r: ValidationReport | string }>('select public.validate_and_prepare_clean_data() as r');
    expect(typeof direct!.r === 'string' ? JSON.parse(direct!.r) : direct!.r).toEqual(report);
    const [sqlRun] = await rows<{ kind: string; status: string; n: number }>(
      `select r.kind, r.status, (select count(*) from ingest.validation_reports v where v.run_id = r.id)::int as n from ingest.run_log r order by r.id desc limit 1`,
    );
    expect(sqlRun).toEqual({ kind: 'prepare', status: 'succeeded', n: 1 });

    // production untouched: no profile, no transaction, no enrollment, no notification
    expect(
      await rows(
        'select (select count(*) from public.unified_profiles)::int as p, (select count(*) from public.transactions)::int as t, (select count(*) from public.enrollments)::int as e, (select count(*) from public.admin_notifications)::int as n',
      ),
    ).toEqual([{ p: 0, t: 0, e: 0, n: 0 }]);
  });

  it('runs twice in one transaction: the second run replaces the first one\'s work tables', async () => {
    const data = generateSampleData({ seed: 12, invoices: 60, contacts: 90 });
    await load(t.db, data.xenditInvoices, data.systemeioContacts);
    const parse = (r: ValidationReport | string) => (typeof r === 'string' ? (JSON.parse(r) as ValidationReport) : r);
    const reports = await t.db.transaction(async (tx) => {
      const out: ValidationReport[] = [];
      for (let i = 0; i < 2; i++) {
        const [row] = await queryRows<{ r: ValidationReport | string }>(tx, 'select public.validate_and_prepare_clean_data() as r');
        out.push(parse(row!.r));
      }
      return out;
    });
    expect(reports[0]).toEqual(data.groundTruth.expected);
    expect(reports[1]).toEqual(reports[0]);
  });

  it("samples its work tables with a small statistics target, the staging tables with the caller's, and leaves the caller's as it was", async () => {
    const data = generateSampleData({ seed: 13, invoices: 120, contacts: 160 });
    await load(t.db, data.xenditInvoices, data.systemeioContacts);
    const bounds = (table: string) =>
      `(select coalesce(array_length(histogram_bounds::text::text[], 1), 0) from pg_stats where tablename = '${table}' and attname = 'email')`;
    let after: { target: string; users: number; usersBounds: number; contactsBounds: number } | undefined;
    await t.db
      .transaction(async (tx) => {
        // the work tables are dropped before prepare returns: their statistics are read while they exist
        await queryRows(tx, 'create temp table work_bounds (contacts int)');
        const ran = await whilePrepareWorkTablesExist(tx, `insert into pg_temp.work_bounds select ${bounds('_prep_contacts')};`);
        await queryRows(tx, 'set local default_statistics_target = 50');
        await queryRows(tx, 'select public.validate_and_prepare_clean_data()');
        expect(await ran()).toBe(true);
        [after] = await queryRows<NonNullable<typeof after>>(
          tx,
          `select current_setting('default_statistics_target') as target, (select count(*)::int from ingest.users_staging) as users,
                  ${bounds('users_staging')} as "usersBounds", (select contacts from pg_temp.work_bounds) as "contactsBounds"`,
        );
        // the event trigger goes with the transaction
        tx.rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof TransactionRollbackError)) throw e;
      });
    expect(after!.target).toBe('50');
    // every staged user's email is distinct: a histogram of one bound per email up to the target's 51
    expect(after!.users).toBeGreaterThan(11);
    expect(after!.usersBounds).toBe(Math.min(after!.users, 51));
    expect(after!.contactsBounds).toBe(11);
  });

  it("bounds its memory by its own settings while it runs and gives the caller's back before it returns", async () => {
    const data = generateSampleData({ seed: 15, invoices: 40, contacts: 60 });
    await load(t.db, data.xenditInvoices, data.systemeioContacts);
    const settings = `select current_setting('work_mem') as work_mem, current_setting('hash_mem_multiplier') as hash_mem_multiplier,
                              current_setting('maintenance_work_mem') as maintenance_work_mem, current_setting('jit') as jit`;
    type Settings = { work_mem: string; hash_mem_multiplier: string; maintenance_work_mem: string; jit: string };
    let seen: { inside: Settings; after: Settings } | undefined;
    await t.db
      .transaction(async (tx) => {
        await queryRows(tx, `create temp table inside_prepare as ${settings} with no data`);
        const ran = await whilePrepareWorkTablesExist(tx, `insert into pg_temp.inside_prepare ${settings};`);
        await queryRows(tx, "set local work_mem = '4MB'");
        await queryRows(tx, 'set local hash_mem_multiplier = 3');
        await queryRows(tx, "set local maintenance_work_mem = '16MB'");
        await queryRows(tx, 'set local jit = on');
        await queryRows(tx, 'select public.validate_and_prepare_clean_data()');
        expect(await ran()).toBe(true);
        const [inside] = await queryRows<Settings>(tx, 'select * from pg_temp.inside_prepare');
        const [after] = await queryRows<Settings>(tx, settings);
        seen = { inside: inside!, after: after! };
        tx.rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof TransactionRollbackError)) throw e;
      });
    // a hash no larger than a sort (PostgreSQL's default lets it take twice work_mem in every process)
    expect(seen!.inside).toEqual({ work_mem: '128MB', hash_mem_multiplier: '1', maintenance_work_mem: '256MB', jit: 'off' });
    expect(seen!.after).toEqual({ work_mem: '4MB', hash_mem_multiplier: '3', maintenance_work_mem: '16MB', jit: 'on' });
  });

  it('leaves no work table behind, in its transaction or after, and no API role may create one in ingest beforehand', async () => {
    const data = generateSampleData({ seed: 14, invoices: 60, contacts: 90 });
    await load(t.db, data.xenditInvoices, data.systemeioContacts);
    const workTables = `select c.relname from pg_class c where c.relname like '\\_prep\\_%' order by 1`;
    const inside = await t.db.transaction(async (tx) => {
      await queryRows(tx, 'select public.validate_and_prepare_clean_data()');
      return (await queryRows<{ relname: string }>(tx, workTables)).map((r) => r.relname);
    });
    // the catalog snapshots are temporary tables dropped at the commit; the work tables are gone already
    expect(inside).toEqual(['_prep_constraints', '_prep_indexes', '_prep_triggers']);
    expect(await rows(workTables)).toEqual([]);
    // a role that could create ingest._prep_contacts first would make every prepare fail
    const privileges = await rows<{ role: string; create: boolean }>(
      `select r.rolname as role, has_schema_privilege(r.oid, 'ingest', 'CREATE') as "create"
         from pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role') order by 1`,
    );
    expect(privileges.length).toBe(3);
    expect(privileges.filter((p) => p.create)).toEqual([]);
  });

  it.skipIf(engine !== 'postgres')(`does not wait for autovacuum's lock on the raw tables to sample them ${POSTGRES_ONLY_RACE}`, async () => {
    await load(t.db, [invoice({})], [contact({ email: 'a@example.com' }), contact({ email: 'b@example.com' })]);
    await rows(`delete from pg_statistic where starelid in ('ingest.systemeio_raw'::regclass, 'ingest.xendit_raw'::regclass)`);
    const other = await openDatabase({ url: t.handle.url!, max: 1 });
    try {
      // the lock autovacuum holds while it works on a table (right after a load, it does)
      await other.db.transaction(async (vacuum) => {
        await queryRows(vacuum, 'lock table ingest.systemeio_raw, ingest.xendit_raw in share update exclusive mode');
        const report = await t.db.transaction(async (tx) => {
          await queryRows(tx, "set local lock_timeout = '5s'");
          const [row] = await queryRows<{ r: ValidationReport | string }>(tx, 'select public.validate_and_prepare_clean_data() as r');
          return typeof row!.r === 'string' ? (JSON.parse(row!.r) as ValidationReport) : row!.r;
        });
        expect(report).toMatchObject({ profiles: 1, leads: 2, blockingErrors: [] });
      });
    } finally {
      await other.close();
    }
    expect(await rows(`select count(*)::int as n from pg_stats where schemaname = 'ingest' and tablename in ('systemeio_raw', 'xendit_raw')`)).toEqual([{ n: 0 }]);
    // with the lock gone, the next prepare samples the columns its plans read, and only those (the
    // table's own ANALYZE stays autovacuum's)
    await prepare(t.db);
    expect(
      await rows(`select tablename, array_agg(attname::text order by attname) as cols from pg_stats
                   where schemaname = 'ingest' and tablename in ('systemeio_raw', 'xendit_raw') group by tablename order by tablename`),
    ).toEqual([
      { tablename: 'systemeio_raw', cols: ['email_normalized'] },
      { tablename: 'xendit_raw', cols: ['currency', 'description', 'email_normalized', 'id', 'status'] },
    ]);
  });

  /** Waits until a backend of this database waits on an advisory lock (the raw tables'); false after ~5 s. */
  async function untilWaitingOnAdvisory(observer: postgres.Sql): Promise<boolean> {
    for (let i = 0; i < 250; i++) {
      const [row] = await observer`select count(*)::int as n from pg_stat_activity
                                    where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`;
      if (row!.n > 0) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  it.skipIf(engine !== 'postgres')(`waits for a write to the raw tables in flight, then reads and counts it ${POSTGRES_ONLY_RACE}`, async () => {
    await load(t.db, [invoice({ payer_email: 'buyer@example.com' })], [contact({ email: 'a@example.com' }), contact({ email: 'b@example.com' })]);
    const [writer, observer] = [0, 1].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      const events: PrepareProgress[] = [];
      let settled = false;
      let running: Promise<ValidationReport> | undefined;
      await writer!.begin(async (tx) => {
        // a load (or sync, or erasure) that has written and not committed yet
        await tx`delete from ingest.systemeio_raw where email_normalized = 'b@example.com'`;
        await tx`insert into ingest.xendit_raw (id, status, amount, currency, description, payer_email, email_normalized, created, payload, content_hash)
                 values ('inv_late', 'PAID', 800, 'PHP', 'Papers to Profits', 'late@example.com', 'late@example.com', now(), '{}', 'h')`;
        running = prepare(t.db, { onProgress: (p) => events.push(p) }).finally(() => {
          settled = true;
        });
        running.catch(() => {});
        expect(await untilWaitingOnAdvisory(observer!)).toBe(true);
        expect(settled).toBe(false);
        expect(events).toEqual([]); // not even counted: the counts are of what prepare reads
      });
      const report = await running!;
      // the deleted contact is gone and the late invoice is staged, in the counts, the report and the tables
      expect(events.find((e) => e.phase === 'reading')).toMatchObject({ xenditRows: 2, systemeioRows: 1 });
      expect(report).toMatchObject({ profiles: 2, leads: 1, transactions: { total: 2 }, blockingErrors: [] });
      expect(await rows(`select count(*)::int as n from ingest.transactions_staging where external_id = 'inv_late'`)).toEqual([{ n: 1 }]);
    } finally {
      await Promise.all([writer!.end({ timeout: 5 }), observer!.end({ timeout: 5 })]);
    }
  });

  it.skipIf(engine !== 'postgres')(`a load started during a prepare waits for its commit ${POSTGRES_ONLY_RACE}`, async () => {
    await load(t.db, [invoice({})], [contact({ email: 'a@example.com' })]);
    const [preparer, observer] = [0, 1].map(() => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      let settled = false;
      let loading: Promise<unknown> | undefined;
      await preparer!.begin(async (tx) => {
        const [row] = await tx`select public.validate_and_prepare_clean_data() as r`;
        expect(row!.r).toMatchObject({ leads: 1, transactions: { total: 1 } });
        loading = ingestSystemeio(t.db, [contact({ email: 'c@example.com' })]).finally(() => {
          settled = true;
        });
        loading.catch(() => {});
        expect(await untilWaitingOnAdvisory(observer!)).toBe(true);
        expect(settled).toBe(false);
        // what this prepare staged is what it read: the waiting contact is in neither
        const [staged] = await tx`select count(*)::int as n from ingest.leads_staging`;
        expect(staged!.n).toBe(1);
      });
      await loading!;
      expect(await rows(`select count(*)::int as n from ingest.systemeio_raw`)).toEqual([{ n: 2 }]);
    } finally {
      await Promise.all([preparer!.end({ timeout: 5 }), observer!.end({ timeout: 5 })]);
    }
  });

  it("a lead's contacts merge per field: the latest registered non-empty value, undated contacts last", async () => {
    await load(
      t.db,
      [],
      [
        contact({ email: 'trio@example.com', first_name: '', last_name: 'Reyes', tags: ['b'], created_at: '2024-03-01T00:00:00Z' }),
        contact({ email: 'Trio@Example.com', first_name: 'Bea', last_name: 'Old', tags: ['a'], created_at: '2024-01-01T00:00:00Z' }),
        contact({ email: ' TRIO@example.com', first_name: 'Cee', last_name: 'Undated', tags: ['b', 'c'], created_at: null }),
        contact({ email: 'solo@example.com', first_name: '', last_name: 'Solo', tags: ['  '] }),
      ],
    );
    const [latest] = await rows<{ id: string }>(`select id from ingest.systemeio_raw where registered_at = '2024-03-01T00:00:00Z'`);
    const report = await prepare(t.db);
    expect(report).toMatchObject({ leads: 2, duplicates: 2, profiles: 0 });
    expect(await rows(`select email, first_name, last_name, tags, systemeio_id, first_seen_at = '2024-01-01T00:00:00Z' as first_seen from ingest.leads_staging order by email`)).toEqual([
      { email: 'solo@example.com', first_name: null, last_name: 'Solo', tags: [], systemeio_id: expect.any(String), first_seen: false },
      { email: 'trio@example.com', first_name: 'Bea', last_name: 'Reyes', tags: ['a', 'b', 'c'], systemeio_id: latest!.id, first_seen: true },
    ]);
  });

  it('merges emails differing in case and whitespace; Systeme.io wins for names and tags, Xendit for payments', async () => {
    await load(
      t.db,
      [
        invoice({ payer_email: 'ana.santos@example.com', amount: 800 }),
        invoice({ payer_email: '  ANA.Santos@Example.COM ', description: 'Canva Ebook', amount: 1000, status: 'SETTLED' }),
      ],
      [
        contact({ email: ' Ana.Santos@EXAMPLE.com', first_name: 'Ana', last_name: 'Santos', phone: '+63 917 555 0101', tags: ['PaidP2P'], created_at: '2024-01-01T00:00:00Z' }),
        contact({ email: 'ana.santos@example.com', first_name: 'Anita', last_name: null, tags: ['Canva', 'Webinar'], created_at: '2024-02-01T00:00:00Z' }),
      ],
    );
    const report = await prepare(t.db);
    expect(report).toMatchObject({ profiles: 1, authUsers: { existing: 0, new: 1 }, enrollments: 1, manualPayments: 0, duplicates: 1, leads: 0, canvaBuyers: 1, blockingErrors: [] });
    const [p] = await rows(`select email, first_name, last_name, phone, tags, acquisition_source from ingest.unified_profiles_staging`);
    // latest registered contact that has a value wins, per field; tags are the union
    expect(p).toEqual({ email: 'ana.santos@example.com', first_name: 'Anita', last_name: 'Santos', phone: '+639175550101', tags: ['Canva', 'PaidP2P', 'Webinar'], acquisition_source: 'systemeio' });
    const tx = await rows<{ status: string; transaction_type: string; contact_email: string; linked: boolean }>(
      `select t.status, t.transaction_type, t.contact_email, t.user_id = u.id as linked from ingest.transactions_staging t, ingest.users_staging u order by t.transaction_type desc`,
    );
    expect(tx).toEqual([
      { status: 'paid', transaction_type: 'P2P', contact_email: 'ana.santos@example.com', linked: true },
      { status: 'settled', transaction_type: 'Canva', contact_email: 'ana.santos@example.com', linked: true },
    ]);
  });

  it('normalizes statuses, keeps history, counts only paid and settled as revenue and access', async () => {
    await load(
      t.db,
      [
        invoice({ payer_email: 'try@example.com', status: 'EXPIRED', paid_at: null }),
        invoice({ payer_email: 'try@example.com', status: 'PENDING', paid_at: null }),
        invoice({ payer_email: 'try@example.com', status: 'PAID', amount: 1000 }),
        invoice({ payer_email: 'late@example.com', status: 'EXPIRED', paid_at: null }),
      ],
      [],
    );
    const report = await prepare(t.db);
    expect(report.transactions.byProduct.P2P).toEqual({ paid: 1, settled: 0, expired: 2, pending: 1, total: 4 });
    expect(report.revenue).toMatchObject({ P2P: '1000.00', total: '1000.00' });
    expect(report).toMatchObject({ profiles: 1, enrollments: 1 });
    const [en] = await rows<{ linked: string }>(
      'select t.status as linked from ingest.enrollments_staging e join ingest.transactions_staging t on t.id = e.transaction_id',
    );
    expect(en).toEqual({ linked: 'paid' });
    // a buyer seen only in Xendit gets a profile anyway (source: xendit)
    expect(await rows('select email, acquisition_source from ingest.unified_profiles_staging')).toEqual([{ email: 'try@example.com', acquisition_source: 'xendit' }]);
  });

  it('a PaidP2P-tagged contact without a paid invoice gets one manual payment at the catalog price, once', async () => {
    await load(t.db, [invoice({ payer_email: 'tagged@example.com', status: 'EXPIRED', paid_at: null })], [contact({ email: 'Tagged@Example.com', tags: [' paidp2p '] })]);
    const first = await prepare(t.db);
    const second = await prepare(t.db);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ manualPayments: 1, profiles: 1, enrollments: 1, transactions: { total: 2, manual: 1 }, revenue: { P2P: '800.00' } });
    const manual = await rows<{ external_id: string; amount: string; status: string; payment_method: string; paid_at: string }>(
      `select external_id, amount::text, status, payment_method, paid_at::text from ingest.transactions_staging where payment_method = 'manual'`,
    );
    const [md5] = await rows<{ h: string }>(`select md5('tagged@example.com') as h`);
    expect(manual).toEqual([{ external_id: `manual-p2p-${md5!.h}`, amount: '800.00', status: 'paid', payment_method: 'manual', paid_at: expect.any(String) }]);
    const [link] = await rows('select count(*)::int as n from ingest.enrollments_staging e join ingest.transactions_staging t on t.id = e.transaction_id where t.payment_method = \'manual\'');
    expect(link).toEqual({ n: 1 });
    // the price is the catalog's, not code
    await rows(`update ingest.products set list_price = 950 where code = 'P2P'`);
    expect((await prepare(t.db)).revenue.P2P).toBe('950.00');
  });

  it('an invoice whose id is the manual payment id of a tagged buyer keeps it: no manual payment, a duplicate_external_id error', async () => {
    const [md5] = await rows<{ h: string }>(`select md5('tagged@example.com') as h`);
    const taken = `manual-p2p-${md5!.h}`;
    await load(
      t.db,
      [invoice({ id: taken, payer_email: 'someone@example.com', status: 'EXPIRED', paid_at: null })],
      [contact({ email: 'tagged@example.com', tags: ['PaidP2P'] }), contact({ email: 'other@example.com', tags: ['PaidP2P'] })],
    );
    const report = await prepare(t.db);
    const dup = report.blockingErrors.filter((e) => e.code === 'duplicate_external_id');
    expect(dup).toHaveLength(1);
    expect(dup[0]!.message).toMatch(/^1 manual payment id\(s\) .*tagged@example\.com$/);
    // the untouched buyer still gets hers; the invoice keeps its id and is not a manual payment
    expect(report).toMatchObject({ manualPayments: 1, transactions: { manual: 1, fromInvoices: 1 } });
    expect(await rows(`select external_id, payment_method from ingest.transactions_staging order by payment_method nulls first`)).toEqual([
      { external_id: taken, payment_method: null },
      { external_id: expect.stringMatching(/^manual-p2p-/), payment_method: 'manual' },
    ]);
  });

  it('existing auth users (matched by lower(email)) keep their ids; new ones are staged for the cutover', async () => {
    const id = '5d9a1c00-0000-4000-8000-0000000000e1';
    await rows(`insert into auth.users (id, email) values ('${id}', 'Keeper@Example.com')`);
    await load(t.db, [invoice({ payer_email: 'keeper@example.com' }), invoice({ payer_email: 'fresh@example.com' })], [contact({ email: 'KEEPER@example.com ', tags: ['PaidP2P'] })]);
    const report = await prepare(t.db);
    expect(report.authUsers).toEqual({ existing: 1, new: 1 });
    expect(await rows('select email, existing from ingest.users_staging order by email')).toEqual([
      { email: 'fresh@example.com', existing: false },
      { email: 'keeper@example.com', existing: true },
    ]);
    expect(await rows(`select count(*)::int as n from ingest.unified_profiles_staging where id = '${id}'`)).toEqual([{ n: 1 }]);
    expect(await rows(`select count(*)::int as n from ingest.transactions_staging where user_id = '${id}'`)).toEqual([{ n: 1 }]);
    // the new user is not in auth.users yet: the staging FKs to auth.users wait, NOT VALID, for the cutover
    const fks = await rows(
      `select conrelid::regclass::text as t, conname, convalidated from pg_constraint where contype = 'f' and confrelid = 'auth.users'::regclass
        and conrelid::regclass::text like 'ingest.%_staging' order by 1`,
    );
    expect(fks).toEqual([
      { t: 'ingest.transactions_staging', conname: 'transactions_user_id_fkey', convalidated: false },
      { t: 'ingest.unified_profiles_staging', conname: 'unified_profiles_id_fkey', convalidated: false },
    ]);
    // once every staged user exists (what the cutover does first), they validate
    await rows(`insert into auth.users (id, email) select id, email from ingest.users_staging where not existing`);
    await rows('alter table ingest.unified_profiles_staging validate constraint unified_profiles_id_fkey');
    await rows('alter table ingest.transactions_staging validate constraint transactions_user_id_fkey');
    // and a prepare whose users all exist leaves them validated
    expect((await prepare(t.db)).authUsers).toEqual({ existing: 2, new: 0 });
    expect(await rows(`select bool_and(convalidated) as ok from pg_constraint where contype = 'f' and conrelid::regclass::text like 'ingest.%_staging'`)).toEqual([{ ok: true }]);
  });

  it("gives every new row a version 4 UUID the package's zod schemas accept, distinct, and new ones at every prepare", async () => {
    // a buyer with a contact (its id comes from the contact), one known only from an invoice, a tagged
    // buyer without an invoice (a manual payment), a lead, and a lead merged from two contacts
    await load(
      t.db,
      [invoice({ payer_email: 'buyer@example.com' }), invoice({ payer_email: 'invoice-only@example.com' })],
      [
        contact({ email: 'buyer@example.com' }),
        contact({ email: 'tagged@example.com', tags: ['PaidP2P'] }),
        contact({ email: 'lead@example.com' }),
        contact({ email: 'Twice@example.com', tags: ['a'] }),
        contact({ email: 'twice@example.com ', tags: ['b'] }),
      ],
    );
    const staged = () =>
      rows<{ kind: string; id: string }>(
        `select 'user ' || email as kind, id::text as id from ingest.users_staging
         union all select 'profile ' || email, id::text from ingest.unified_profiles_staging
         union all select 'lead ' || email, id::text from ingest.leads_staging
         union all select 'transaction ' || regexp_replace(external_id, '^(manual-[a-z0-9]+)-.*', '\\1'), id::text from ingest.transactions_staging
         union all select 'enrollment ' || u.email, e.id::text from ingest.enrollments_staging e join ingest.users_staging u on u.id = e.user_id
         order by 1`,
      );
    await prepare(t.db);
    const first = await staged();
    const invoiceIds = (await rows<{ id: string }>('select id from ingest.xendit_raw order by id')).map((r) => `transaction ${r.id}`);
    expect(first.map((r) => r.kind)).toEqual(
      [
        ...['buyer', 'invoice-only', 'tagged'].flatMap((who) => [`user ${who}@example.com`, `profile ${who}@example.com`, `enrollment ${who}@example.com`]),
        'lead lead@example.com',
        'lead twice@example.com',
        ...invoiceIds,
        'transaction manual-p2p',
      ].sort(),
    );
    const byKind = new Map(first.map((r) => [r.kind, r.id]));
    for (const { kind, id } of first) {
      const schema = kind.startsWith('user') || kind.startsWith('profile') ? selectUnifiedProfileSchema : kind.startsWith('lead') ? selectLeadSchema
        : kind.startsWith('transaction') ? selectTransactionSchema : selectEnrollmentSchema;
      expect(schema.shape.id.safeParse(id).success, `${kind}: ${id}`).toBe(true);
      expect(id, kind).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    // a profile's id is its user's; every other id is its row's own
    for (const who of ['buyer', 'invoice-only', 'tagged']) expect(byKind.get(`profile ${who}@example.com`)).toBe(byKind.get(`user ${who}@example.com`));
    const own = first.filter((r) => !r.kind.startsWith('profile'));
    expect(new Set(own.map((r) => r.id)).size).toBe(own.length);
    // nothing of it is in production: a second prepare draws every id anew
    await prepare(t.db);
    const second = await staged();
    expect(second.map((r) => r.kind)).toEqual(first.map((r) => r.kind));
    for (const [i, r] of second.entries()) expect(r.id, r.kind).not.toBe(first[i]!.id);
  });

  it('Canva-only buyers get transactions only; leads are counted, not profiled', async () => {
    await load(
      t.db,
      [
        invoice({ payer_email: 'canva@example.com', description: 'Canva Design Ebook', amount: 499 }),
        invoice({ payer_email: 'expired@example.com', description: 'Papers to Profits', status: 'EXPIRED', paid_at: null }),
        invoice({ payer_email: 'coach@example.com', description: '1:1 Coaching', amount: 1500 }),
      ],
      [
        contact({ email: 'canva@example.com', tags: ['Canva'] }),
        contact({ email: 'expired@example.com', tags: ['Lead'] }),
        contact({ email: 'tagonly@example.com', tags: ['Canva'] }),
        contact({ email: 'plain@example.com', tags: [] }),
        contact({ email: 'coach@example.com', tags: [] }),
      ],
    );
    const report = await prepare(t.db);
    // leads: expired-only, Canva tag without purchase, plain; not the Canva buyer nor the Other buyer
    expect(report).toMatchObject({ profiles: 0, enrollments: 0, leads: 3, canvaBuyers: 1, authUsers: { existing: 0, new: 0 } });
    expect(report.revenue).toEqual({ P2P: '0.00', Canva: '499.00', Other: '1500.00', total: '1999.00' });
    expect(await rows(`select contact_email, user_id, transaction_type from ingest.transactions_staging where transaction_type = 'Canva'`)).toEqual([
      { contact_email: 'canva@example.com', user_id: null, transaction_type: 'Canva' },
    ]);
  });

  it("a lead's tags are distinct, sorted and non-blank, whichever way its contacts carry them", async () => {
    await load(
      t.db,
      [],
      [
        contact({ email: 'one@example.com', tags: ['Webinar'] }),
        contact({ email: 'blank@example.com', tags: ['   '] }),
        contact({ email: 'none@example.com', tags: [] }),
        contact({ email: 'messy@example.com', tags: ['b', ' ', 'a', 'b'] }),
        contact({ email: 'twice@example.com', tags: ['Zoom'] }),
        contact({ email: 'TWICE@example.com', tags: ['Canva', 'Zoom', ''] }),
        contact({ email: 'twoblank@example.com', tags: [''] }),
        contact({ email: 'TwoBlank@example.com', tags: [] }),
      ],
    );
    const report = await prepare(t.db);
    expect(report.leads).toBe(6);
    expect(await rows('select email, tags from ingest.leads_staging order by email')).toEqual([
      { email: 'blank@example.com', tags: [] },
      { email: 'messy@example.com', tags: ['a', 'b'] },
      { email: 'none@example.com', tags: [] },
      { email: 'one@example.com', tags: ['Webinar'] },
      { email: 'twice@example.com', tags: ['Canva', 'Zoom'] },
      { email: 'twoblank@example.com', tags: [] },
    ]);
  });

  it('a buyer with more tags than a profile keeps (the loader takes 200, a profile 100): the first 100 staged, a too_many_tags error; a lead keeps them all', async () => {
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
    await load(
      t.db,
      [invoice({ payer_email: 'merged@example.com' })],
      [
        // one contact with 150 tags, a tagged buyer
        contact({ email: 'many@example.com', tags: ['PaidP2P', ...many('t', 149)] }),
        // two contacts of one buyer, 60 tags each, 120 distinct merged
        contact({ email: 'merged@example.com', tags: many('a', 60) }),
        contact({ email: 'MERGED@example.com', tags: many('b', 60) }),
        // exactly 100: within the limit
        contact({ email: 'hundred@example.com', tags: ['PaidP2P', ...many('h', 99)] }),
        // a lead (no payment, no buyer tag): leads have no such limit
        contact({ email: 'lead@example.com', tags: many('l', 150) }),
      ],
    );
    const report = await prepare(t.db);
    const error = report.blockingErrors.find((e) => e.code === 'too_many_tags');
    expect(error?.message).toBe(
      '2 buyer(s) have more than 100 distinct tags, the most a profile keeps: their profile is staged with the first 100 in sort order (many@example.com (150), merged@example.com (120))',
    );
    const profiles = await rows<{ email: string; tags: string[] }>('select email, tags from ingest.unified_profiles_staging order by email');
    expect(profiles.map((p) => [p.email, p.tags.length])).toEqual([
      ['hundred@example.com', 100],
      ['many@example.com', 100],
      ['merged@example.com', 100],
    ]);
    expect(profiles.find((p) => p.email === 'many@example.com')!.tags).toEqual(['PaidP2P', ...many('t', 149)].sort().slice(0, 100));
    expect(profiles.find((p) => p.email === 'merged@example.com')!.tags).toEqual([...many('a', 60), ...many('b', 40)]);
    expect(await rows('select email, cardinality(tags) as n from ingest.leads_staging')).toEqual([{ email: 'lead@example.com', n: 150 }]);
  });

  it("a buyer tag matches whole tags, whatever their case and surrounding spaces, with LIKE's wildcards taken literally", async () => {
    // prepare first keeps the contacts whose joined tags contain a buyer tag (a LIKE pattern, its
    // wildcards and escape character escaped), then matches those tags exactly: no buyer may be
    // lost by the first step (unescaped, the trailing backslash would make the last % a literal)
    await rows(`update ingest.products set buyer_tag = 'Paid_P2P 50% VIP\\' where code = 'P2P'`);
    await load(
      t.db,
      [],
      [
        contact({ email: 'exact@example.com', tags: ['Paid_P2P 50% VIP\\'] }),
        contact({ email: 'spaced@example.com', tags: ['Webinar', '  paid_p2p 50% vip\\ '] }),
        // the second contact of an email carries the tag
        contact({ email: 'merged@example.com', tags: ['Webinar'] }),
        contact({ email: 'MERGED@example.com', tags: ['PAID_P2P 50% VIP\\'] }),
        // '_' and '%' would match any character as wildcards; part of a tag is not the tag
        contact({ email: 'wildcard@example.com', tags: ['PaidXP2P 50X VIP\\'] }),
        contact({ email: 'partial@example.com', tags: ['not Paid_P2P 50% VIP\\'] }),
        contact({ email: 'joined@example.com', tags: ['Paid_P2P', '50% VIP\\'] }),
        // a lead production's email check refuses: counted, not staged
        contact({ email: 'bad@example.c0m', tags: [] }),
      ],
    );
    const report = await prepare(t.db);
    expect(report).toMatchObject({ profiles: 3, manualPayments: 3, leads: 4 });
    expect((await rows<{ email: string }>('select email from ingest.unified_profiles_staging order by email')).map((r) => r.email)).toEqual([
      'exact@example.com',
      'merged@example.com',
      'spaced@example.com',
    ]);
    expect((await rows<{ email: string }>('select email from ingest.leads_staging order by email')).map((r) => r.email)).toEqual([
      'joined@example.com',
      'partial@example.com',
      'wildcard@example.com',
    ]);
  });

  it('a blank buyer tag in the catalog matches blank tags: that contact is a buyer, not a lead', async () => {
    await rows(`update ingest.products set buyer_tag = '  ' where code = 'P2P'`);
    await load(t.db, [], [contact({ email: 'notags@example.com', tags: [] }), contact({ email: 'webinar@example.com', tags: ['Webinar'] })]);
    // the loader drops blank tags: a raw row written some other way may still carry one
    await rows(`insert into ingest.systemeio_raw (id, email, email_normalized, tags, payload, content_hash)
                values ('blank-1', 'blanktag@example.com', 'blanktag@example.com', array['Webinar', ' '], '{}', md5('{}'))`);
    const report = await prepare(t.db);
    expect(report).toMatchObject({ profiles: 1, manualPayments: 1, leads: 2 });
    expect(await rows('select email from ingest.unified_profiles_staging')).toEqual([{ email: 'blanktag@example.com' }]);
    expect(await rows('select email from ingest.leads_staging order by email')).toEqual([{ email: 'notags@example.com' }, { email: 'webinar@example.com' }]);
  });

  it('stores hostile strings verbatim', async () => {
    const name = "Robert'); DROP TABLE public.unified_profiles;--";
    const description = "Papers to Profits %_' \\' $$; select pg_sleep(10); --";
    const lastName = ['$fn$ \\x00 $', '{x}'].join('');
    await load(
      t.db,
      [invoice({ payer_email: "o'brien+test@example.com", description })],
      [contact({ email: "O'Brien+test@example.com", first_name: name, last_name: lastName, tags: ['PaidP2P', "'; DELETE FROM auth.users;--"] })],
    );
    const report = await prepare(t.db);
    expect(report).toMatchObject({ profiles: 1, blockingErrors: [] });
    expect(await rows('select email, first_name, last_name, tags from ingest.unified_profiles_staging')).toEqual([
      { email: "o'brien+test@example.com", first_name: name, last_name: lastName, tags: ["'; DELETE FROM auth.users;--", 'PaidP2P'] },
    ]);
    expect(await rows(`select metadata->>'description' as d, metadata->>'product' as p, transaction_type from ingest.transactions_staging`)).toEqual([
      { d: description, p: 'P2P', transaction_type: 'P2P' },
    ]);
    expect(await rows(`select raw_user_meta_data->>'first_name' as n from ingest.users_staging`)).toEqual([{ n: name }]);
  });

  it('an invoice in the revenue currency whose payer email production refuses is named (invalid_contact_email); one without an email is not', async () => {
    await load(
      t.db,
      [
        invoice({ id: 'inv_php_none', payer_email: null, description: 'Canva Ebook' }),
        invoice({ id: 'inv_php_bad', payer_email: 'canva@example.c0m', description: 'Canva Ebook' }),
        invoice({ id: 'inv_php_ok', payer_email: 'canva@example.com', description: 'Canva Ebook' }),
      ],
      [],
    );
    const report = await prepare(t.db);
    expect(report.blockingErrors.map((e) => e.code)).toEqual(['invalid_contact_email']);
    expect(report.blockingErrors[0]!.message).toMatch(/^1 transaction\(s\).*\(inv_php_bad\)$/);
    expect(await rows('select external_id, contact_email from ingest.transactions_staging order by external_id')).toEqual([
      { external_id: 'inv_php_bad', contact_email: null },
      { external_id: 'inv_php_none', contact_email: null },
      { external_id: 'inv_php_ok', contact_email: 'canva@example.com' },
    ]);
    // the same invoices without the refused email: nothing to report
    await rows(`delete from ingest.xendit_raw where id = 'inv_php_bad'`);
    expect((await prepare(t.db)).blockingErrors).toEqual([]);
  });

  it('blocking errors: buyer without email, non-PHP revenue, unknown currency, bad production email (buyer and payer), dangling references', async () => {
    // a production profile with an affiliate record that the new data will not have
    const oldId = '5d9a1c00-0000-4000-8000-0000000000f1';
    await rows(`insert into auth.users (id, email) values ('${oldId}', 'old@example.com')`);
    await rows(`insert into public.unified_profiles (id, email) values ('${oldId}', 'old@example.com')`);
    await rows(`insert into public.affiliates (user_id, code) values ('${oldId}', 'OLD1')`);
    await load(
      t.db,
      [
        invoice({ payer_email: null }),
        invoice({ payer_email: 'usd@example.com', currency: 'USD', amount: 20, description: 'Canva Ebook' }),
        invoice({ payer_email: 'xyz@example.com', currency: 'XYZ', amount: 5, description: 'Canva Ebook' }),
        invoice({ payer_email: 'p2p@example.c0m' }),
        // a payer (no account: Canva) whose email production refuses, in an unpaid USD invoice: only
        // the email check applies to it (not paid, so no non-PHP revenue)
        invoice({ id: 'inv_canva_bad', payer_email: 'canva@example.c0m', description: 'Canva Ebook', status: 'PENDING', currency: 'USD', paid_at: null }),
      ],
      [],
    );
    const report = await prepare(t.db);
    expect(report.blockingErrors.map((e) => e.code).sort()).toEqual(
      ['buyer_without_email', 'dangling_reference', 'invalid_buyer_email', 'invalid_contact_email', 'non_php_revenue', 'unsupported_currency'].sort(),
    );
    for (const e of report.blockingErrors) expect(e.message.length).toBeGreaterThan(20);
    const message = (code: string) => report.blockingErrors.find((e) => e.code === code)!.message;
    // each check names its own items, and only those
    expect(message('invalid_contact_email')).toMatch(/^1 transaction\(s\).*\(inv_canva_bad\)$/);
    expect(message('unsupported_currency')).toMatch(/^1 transaction\(s\).*\(inv_\d+ \(XYZ\)\)$/);
    expect(message('non_php_revenue')).toMatch(/^1 paid or settled transaction\(s\).*\(inv_\d+ \(USD\)\)$/);
    expect(await rows(`select contact_email from ingest.transactions_staging where external_id = 'inv_canva_bad'`)).toEqual([{ contact_email: null }]);
    expect(report.blockingErrors.find((e) => e.code === 'dangling_reference')!.message).toMatch(/affiliates_user_id_fkey/);
    // revenue: PHP only; the XYZ invoice is not staged, the USD one is
    expect(report.revenue).toMatchObject({ P2P: '1600.00', Canva: '0.00' });
    expect(report.transactions.total).toBe(4);
    expect(await latestValidationReport(t.db)).toMatchObject({ blockingErrors: 6 });
    // the buyer with an email production refuses gets nothing staged, the invoice without email stays unlinked
    expect(report).toMatchObject({ profiles: 0, transactions: { withUser: 0 } });
  });
});

import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, type Engine, execScript, queryRows } from '../src/db.js';
import { SWAPPED_TABLES, USERS_STAGING } from '../src/functions/ingest/staging.js';
import { sqlList } from '../src/schema/_shared/index.js';
import { createStagingTables, ingestSystemeio, ingestXendit, prepare } from '../src/ingest.js';
import { type BenchContext, type BenchSuite, timeMs, benchDatabase, onEachEngine, peakServerMemory, pgliteMemoryBytes } from './lib.js';

const STATUSES = ['PAID', 'PAID', 'PAID', 'PAID', 'PAID', 'SETTLED', 'SETTLED', 'EXPIRED', 'EXPIRED', 'PENDING'];
const DESCRIPTIONS = ['Papers to Profits', 'Canva Ebook', 'Papers to Profits - Full Course', 'canva ebook (promo)', 'Coaching Session'];

/** A synthetic invoice: half the payers buy twice, a third of them are also contacts. */
export function invoice(i: number, n: number): Record<string, unknown> {
  const created = Date.UTC(2023, 0, 1) + i * 60_000;
  const status = STATUSES[i % STATUSES.length]!;
  const paid = status === 'PAID' || status === 'SETTLED';
  const payer = i % Math.max(1, Math.floor(n / 2));
  return {
    id: `inv_${i.toString(16).padStart(12, '0')}`,
    external_id: `EXT-${i}`,
    status,
    amount: i % 7 === 0 ? 1000 : 800,
    payer_email: payer % 9 === 0 ? ` Buyer${payer}@Example.com` : `buyer${payer}@example.com`,
    description: DESCRIPTIONS[i % DESCRIPTIONS.length],
    currency: 'PHP',
    created: new Date(created).toISOString(),
    updated: new Date(created + 300_000).toISOString(),
    ...(paid ? { paid_at: new Date(created + 300_000).toISOString(), payment_method: 'EWALLET', payment_channel: 'GCASH' } : {}),
  };
}

/** A synthetic contact: every third is an invoice payer; some PaidP2P (manual payments among them), Canva, leads; a few duplicates. */
export function contact(i: number, n: number): Record<string, unknown> {
  const person = i % 3 === 0 ? (i / 3) % Math.max(1, Math.floor(n / 2)) : n + i;
  const tags = i % 5 === 0 ? ['PaidP2P'] : i % 7 === 0 ? ['Canva'] : i % 2 === 0 ? ['Lead'] : [];
  return {
    id: String(10_000_000 + i),
    email: i % 50 === 1 ? `BUYER${person}@example.com` : `buyer${person}@example.com`,
    first_name: `First${i}`,
    last_name: `Last${i}`,
    phone: `+6391${String(i).padStart(8, '0')}`,
    tags,
    created_at: new Date(Date.UTC(2022, 11, 1) + i * 30_000).toISOString(),
  };
}

export async function writeNdjson(file: string, n: number, make: (i: number, n: number) => Record<string, unknown>): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i++) {
    if (!out.write(`${JSON.stringify(make(i, n))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * The document's way, as its sync endpoint did it: one statement (and round trip) per record —
 * per contact an auth user and a profile for buyers, per invoice a product lookup, the user, the
 * transaction and the enrollment, then the manual payments. Same staging tables, same rules.
 */
async function rowByRow(db: Database): Promise<{ profiles: number; transactions: number }> {
  await createStagingTables(db);
  await execScript(
    db,
    `alter table ingest.unified_profiles_staging drop constraint unified_profiles_id_fkey;
     alter table ingest.transactions_staging drop constraint transactions_user_id_fkey;`,
  );
  const [course] = await queryRows<{ id: string }>(db, "select id from public.courses where slug = 'papers-to-profits'");
  const ensureUser = async (email: string, first: string | null, last: string | null): Promise<string> => {
    const [u] = await queryRows<{ id: string }>(db, sql`select id from ingest.users_staging where email = ${email}`);
    if (u) return u.id;
    const [existing] = await queryRows<{ id: string }>(db, sql`select id from auth.users where lower(email) = ${email} limit 1`);
    const [n] = await queryRows<{ id: string }>(
      db,
      sql`insert into ingest.users_staging (id, email, existing) values (coalesce(${existing?.id ?? null}::uuid, gen_random_uuid()), ${email}, ${Boolean(existing)}) returning id`,
    );
    await db.execute(sql`insert into ingest.unified_profiles_staging (id, email, first_name, last_name) values (${n!.id}, ${email}, ${first}, ${last})`);
    return n!.id;
  };
  const contacts = await queryRows<{ email: string; first_name: string | null; last_name: string | null; tags: string[] }>(
    db,
    'select email_normalized as email, first_name, last_name, tags from ingest.systemeio_raw order by registered_at, id',
  );
  const tagged = new Set<string>();
  for (const c of contacts) {
    if (c.tags.some((t) => t.trim().toLowerCase() === 'paidp2p')) {
      tagged.add(c.email);
      await ensureUser(c.email, c.first_name, c.last_name);
    }
  }
  const invoices = await queryRows<{ id: string; status: string; amount: string; currency: string; description: string; email: string | null; paid_at: Date | null }>(
    db,
    'select id, status, amount, currency, description, email_normalized as email, paid_at from ingest.xendit_raw order by created, id',
  );
  const paidP2P = new Set<string>();
  for (const inv of invoices) {
    const [p] = await queryRows<{ code: string }>(db, sql`select ingest.product_for(${inv.description}) as code`);
    const status = inv.status.toLowerCase();
    const paid = status === 'paid' || status === 'settled';
    const isP2P = p!.code === 'P2P';
    let userId: string | null = null;
    if (inv.email && isP2P && paid) userId = await ensureUser(inv.email, null, null);
    else if (inv.email) userId = (await queryRows<{ id: string }>(db, sql`select id from ingest.users_staging where email = ${inv.email}`))[0]?.id ?? null;
    const [tx] = await queryRows<{ id: string }>(
      db,
      sql`insert into ingest.transactions_staging (user_id, amount, currency, status, transaction_type, external_id, contact_email, paid_at)
          values (${userId}, ${inv.amount}, ${inv.currency}, ${status}, ${p!.code}, ${inv.id}, ${inv.email}, ${inv.paid_at}) returning id`,
    );
    if (isP2P && paid && userId) {
      paidP2P.add(inv.email!);
      await db.execute(sql`insert into ingest.enrollments_staging (user_id, course_id, transaction_id) values (${userId}, ${course!.id}, ${tx!.id})
        on conflict (user_id, course_id) where status = 'active' do nothing`);
    }
  }
  for (const email of tagged) {
    if (paidP2P.has(email)) continue;
    const userId = await ensureUser(email, null, null);
    const [tx] = await queryRows<{ id: string }>(
      db,
      sql`insert into ingest.transactions_staging (user_id, amount, status, transaction_type, payment_method, external_id, contact_email, paid_at)
          values (${userId}, 800, 'paid', 'P2P', 'manual', ${`manual-p2p-${email}`}, ${email}, now()) returning id`,
    );
    await db.execute(sql`insert into ingest.enrollments_staging (user_id, course_id, transaction_id) values (${userId}, ${course!.id}, ${tx!.id})`);
  }
  const [counts] = await queryRows<{ profiles: number; transactions: number }>(
    db,
    'select (select count(*) from ingest.unified_profiles_staging)::int as profiles, (select count(*) from ingest.transactions_staging)::int as transactions',
  );
  return counts!;
}

/**
 * The engine's floor for what prepare writes: the rows it staged, copied as they are (nothing
 * computed) into empty clones with the same columns, defaults, NOT NULLs and CHECKs, one INSERT …
 * SELECT a table, then the same primary keys, unique keys, indexes and foreign keys among the
 * clones built on the filled tables, as prepare builds them (same maintenance_work_mem); those to
 * other tables as prepare leaves them (NOT VALID to auth.users while staged users are new). One
 * transaction, logged tables, dropped after. What prepare spends above it is its computing (the
 * merges, joins, ids and checks of the raw rows), measured in the same run on the same machine.
 */
async function writeFloor(db: Database): Promise<void> {
  const tables = `array[${sqlList([USERS_STAGING, ...SWAPPED_TABLES.map((t) => t.staging)].map((t) => t.split('.')[1]!))}]`;
  await execScript(
    db,
    `drop schema if exists bench_floor cascade;
     create schema bench_floor;
     do $floor$
     declare
       t text;
       r record;
     begin
       perform set_config('maintenance_work_mem', '256MB', true);
       foreach t in array ${tables} loop
         execute format('create table bench_floor.%I (like ingest.%I including defaults including constraints) with (autovacuum_enabled = false)', t, t);
         execute format('insert into bench_floor.%I select * from ingest.%I', t, t);
       end loop;
       for r in select k.relname, c.conname, pg_get_constraintdef(c.oid) as def
                  from pg_constraint c join pg_class k on k.oid = c.conrelid
                 where k.relnamespace = 'ingest'::regnamespace and k.relname = any (${tables}) and c.contype in ('p', 'u', 'x')
                 order by k.relname, c.conname loop
         execute format('alter table bench_floor.%I add constraint %I %s', r.relname, r.conname, r.def);
       end loop;
       for r in select pg_get_indexdef(i.indexrelid) as def
                  from pg_index i join pg_class k on k.oid = i.indrelid
                 where k.relnamespace = 'ingest'::regnamespace and k.relname = any (${tables})
                   and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.conrelid = i.indrelid)
                 order by i.indexrelid::regclass::text loop
         execute regexp_replace(r.def, ' ON ingest\\.', ' ON bench_floor.');
       end loop;
       for r in select k.relname, c.conname, pg_get_constraintdef(c.oid) as def
                  from pg_constraint c join pg_class k on k.oid = c.conrelid
                 where k.relnamespace = 'ingest'::regnamespace and k.relname = any (${tables}) and c.contype = 'f'
                 order by k.relname, c.conname loop
         execute format('alter table bench_floor.%I add constraint %I %s', r.relname, r.conname,
                        regexp_replace(r.def, 'REFERENCES ingest\\.', 'REFERENCES bench_floor.'));
       end loop;
     end
     $floor$;
     drop schema bench_floor cascade;`,
  );
}

async function runEngine(ctx: BenchContext, engine: Engine, sizes: number[], dir: string) {
  const memory = new Map<number, { bytes: number; beforeBytes: number }>();
  for (const n of sizes) {
    const invoices = join(dir, `invoices-${n}.ndjson`);
    const contacts = join(dir, `contacts-${n}.ndjson`);
    await writeNdjson(invoices, n, invoice);
    await writeNdjson(contacts, n, contact);
    const handle = await benchDatabase(ctx, engine, join(dir, `pglite-${n}`));
    try {
      const db = handle.db;
      await ingestXendit(db, invoices, { log: false });
      await ingestSystemeio(db, contacts, { log: false });
      const [raw] = await queryRows<{ rows: number }>(db, 'select ((select count(*) from ingest.xendit_raw) + (select count(*) from ingest.systemeio_raw))::int as rows');
      const rows = raw!.rows;
      let report: Awaited<ReturnType<typeof prepare>> | undefined;
      const heapBefore = pgliteMemoryBytes(db);
      const prepareMs = await timeMs(async () => {
        report = await prepare(db);
      });
      // PGlite: its WebAssembly memory after the load and after prepare (it only grows)
      const heapAfter = pgliteMemoryBytes(db);
      if (heapBefore !== undefined && heapAfter !== undefined) memory.set(n, { bytes: heapAfter, beforeBytes: heapBefore });
      const rate = rows / (prepareMs / 1000);
      ctx.log(
        `${engine} ${n}: prepare ${Math.round(prepareMs)} ms: ${report!.profiles} profiles, ${report!.transactions.total} transactions, ${report!.enrollments} enrollments, ${report!.leads} leads`,
      );
      // PostgreSQL: the server's memory for this database sampled during the second prepare (the
      // first one's time stays unsampled): its backends' and parallel workers' private memory and the
      // dynamic shared memory of parallel hashes, not the fixed buffer pool
      let againMs = 0;
      const again = async () => {
        againMs = await timeMs(() => prepare(db));
      };
      if (engine === 'postgres') {
        const [current] = await queryRows<{ database: string }>(db, 'select current_database() as database');
        const sampled = await peakServerMemory(current!.database, again);
        if (sampled) memory.set(n, { bytes: sampled.peakBytes, beforeBytes: sampled.beforeBytes });
      } else {
        await again();
      }
      const mem = memory.get(n);
      if (mem) ctx.log(`${engine} ${n}: prepare's memory ${mb(mem.bytes)} MB (${engine === 'postgres' ? 'peak of the backends and workers' : 'WebAssembly memory'}; ${mb(mem.beforeBytes)} MB before it)`);
      ctx.record({
        suite: 'prepare', name: `prepare ${n.toLocaleString('en')} invoices + ${n.toLocaleString('en')} contacts`, engine,
        subject: 'prepare again (staging rebuilt from scratch)', baseline: 'first prepare',
        value: rows / (againMs / 1000), baselineValue: rate, unit: 'raw rows/s', higherIsBetter: true,
      });
      // The two prepares above run while autovacuum works through the rows just loaded (the first)
      // or just staged (the second: it also waits for a running autovacuum of a staging table to be
      // cancelled before it can drop it). The same prepare on a database where that work is done:
      await execScript(
        db,
        'vacuum (analyze) ingest.xendit_raw, ingest.systemeio_raw, ingest.users_staging, ingest.unified_profiles_staging, ingest.transactions_staging, ingest.enrollments_staging, ingest.leads_staging',
      );
      const settledMs = await timeMs(() => prepare(db));
      // the engine's floor: the same staged rows written with the same keys, indexes and checks
      const floorMs = await timeMs(() => writeFloor(db));
      ctx.log(
        `${engine} ${n}: prepare ${Math.round(prepareMs)} ms first, ${Math.round(againMs)} ms again, ${Math.round(settledMs)} ms on a vacuumed database; the write floor ${Math.round(floorMs)} ms`,
      );
      ctx.record({
        suite: 'prepare', name: `prepare ${n.toLocaleString('en')} invoices + ${n.toLocaleString('en')} contacts`, engine,
        subject: 'prepare (set-based SQL, one call)',
        baseline: 'the write floor: the rows prepare staged copied as they are into empty clones (same CHECKs), then the same keys, indexes and foreign keys built',
        value: rate, baselineValue: rows / (floorMs / 1000), unit: 'raw rows/s', higherIsBetter: true,
      });
      ctx.record({
        suite: 'prepare', name: `prepare ${n.toLocaleString('en')} invoices + ${n.toLocaleString('en')} contacts`, engine,
        subject: 'prepare on a vacuumed database (raw and staging tables vacuumed and analyzed first)', baseline: 'first prepare',
        value: rows / (settledMs / 1000), baselineValue: rate, unit: 'raw rows/s', higherIsBetter: true,
      });
      if (n <= 10_000) {
        let counts: { profiles: number; transactions: number } | undefined;
        const rowMs = await timeMs(async () => {
          counts = await rowByRow(db);
        });
        if (counts!.profiles !== report!.profiles || counts!.transactions !== report!.transactions.total) {
          ctx.log(`${engine} ${n}: row-by-row staged ${counts!.profiles} profiles / ${counts!.transactions} transactions (prepare: ${report!.profiles} / ${report!.transactions.total})`);
        }
        ctx.record({
          suite: 'prepare', name: `prepare ${n.toLocaleString('en')} invoices + ${n.toLocaleString('en')} contacts`, engine,
          subject: 'prepare (set-based SQL, one call)', baseline: "row by row, one statement per record (the document's way)",
          value: rate, baselineValue: rows / (rowMs / 1000), unit: 'raw rows/s', higherIsBetter: true,
        });
      } else {
        ctx.record({
          suite: 'prepare', name: `prepare ${n.toLocaleString('en')} invoices + ${n.toLocaleString('en')} contacts`, engine,
          subject: 'prepare (set-based SQL, one call)', baseline: 'prepare again',
          value: rate, baselineValue: rows / (againMs / 1000), unit: 'raw rows/s', higherIsBetter: true,
        });
      }
    } finally {
      await handle.close();
      rmSync(invoices, { force: true });
      rmSync(contacts, { force: true });
    }
  }
  // memory flat: what prepare holds at the largest size against the smallest, rows ×(largest / smallest)
  const small = Math.min(...memory.keys());
  const large = Math.max(...memory.keys());
  if (memory.size > 1) {
    const [a, b] = [memory.get(small)!, memory.get(large)!];
    ctx.record({
      suite: 'prepare', name: `prepare memory ${large.toLocaleString('en')} + ${large.toLocaleString('en')}`, engine,
      subject: engine === 'postgres'
        ? `peak private memory of the server's processes for prepare (backends, parallel workers, their shared hash tables) at ${large.toLocaleString('en')} + ${large.toLocaleString('en')}`
        : `PGlite's WebAssembly memory after the load and prepare at ${large.toLocaleString('en')} + ${large.toLocaleString('en')}`,
      baseline: `the same at ${small.toLocaleString('en')} + ${small.toLocaleString('en')} (${large / small}x fewer rows)`,
      value: mb(b.bytes), baselineValue: mb(a.bytes), unit: 'MB', higherIsBetter: false,
      extra: { rowsRatio: large / small, beforeMb: { [small]: mb(a.beforeBytes), [large]: mb(b.beforeBytes) } },
    });
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

/**
 * prepare throughput (raw rows per second: invoices + contacts) at 10k and 1M of each (10k only
 * with --quick) on both engines, against the document's row-by-row way at 10k (a million round
 * trips would take the better part of an hour) and against a second prepare.
 * PREPARE_BENCH_SIZES=1000000 and PREPARE_BENCH_ENGINES=postgres narrow it.
 */
export const prepareBench: BenchSuite = {
  name: 'prepare',
  async run(ctx) {
    const override = process.env.PREPARE_BENCH_SIZES?.split(',').map(Number).filter((x) => Number.isInteger(x) && x > 0);
    const sizes = override?.length ? override : ctx.quick ? [10_000] : [10_000, 1_000_000];
    // PREPARE_BENCH_ENGINES=postgres runs one engine (e.g. the 1M size on PostgreSQL alone).
    const only = process.env.PREPARE_BENCH_ENGINES?.split(',');
    await onEachEngine(ctx, 'prepare', async (engine, dir) => {
      if (!only?.length || only.includes(engine)) await runEngine(ctx, engine, sizes, dir);
    });
  },
};

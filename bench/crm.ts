import { and, desc, eq, sql } from 'drizzle-orm';
import { type Database, execScript, openDatabase, queryRows } from '../src/db.js';
import { withBrand } from '../src/crm.js';
import { migrate } from '../src/migrations/index.js';
import { customerListQuery, customerSearchQuery } from '../src/testing/index.js';
import { customerSearchVector, customers } from '../src/schema/crm/customers.js';
import { type BrandId, brandIds } from '../src/schema/crm/enums.js';
import { type BenchContext, type BenchSuite, median, sample } from './lib.js';

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Barbara', 'Edsger', 'Donald', 'Margaret', 'Ken', 'Dennis', 'Bjarne', 'Guido', 'Anders', 'James', 'Tim', 'Vint', 'Radia', 'Frances', 'John', 'Niklaus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Liskov', 'Dijkstra', 'Knuth', 'Hamilton', 'Thompson', 'Ritchie', 'Stroustrup', 'Rossum', 'Hejlsberg', 'Gosling', 'Berners', 'Cerf', 'Perlman', 'Allen', 'McCarthy', 'Wirth'];
const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

/**
 * `total` customers spread evenly over the three brands, generated in the database. The secondary
 * indexes are dropped during the load and rebuilt after it (one sort each instead of a million
 * inserts into a GIN index); triggers are skipped (session_replication_role = replica).
 */
async function loadCustomers(db: Database, total: number, log: (m: string) => void) {
  const indexes = await queryRows<{ name: string; def: string }>(
    db,
    `select indexname as name, indexdef as def from pg_indexes where schemaname = 'crm' and tablename = 'customers' and indexname like 'idx\\_%'`,
  );
  const start = performance.now();
  await execScript(
    db,
    `${indexes.map((i) => `drop index crm.${i.name};`).join('\n')}
     set session_replication_role = replica;
     insert into crm.customers (brand_id, email, first_name, last_name, phone, stage, source, created_at, updated_at)
     select (enum_range(null::crm.brand_id))[1 + g % 3],
            lower(f) || '.' || lower(l) || g || '@example.com', f, l, '+1' || lpad(g::text, 10, '0'),
            (enum_range(null::crm.customer_stage))[1 + (g / 7) % 6],
            (enum_range(null::crm.customer_source))[1 + (g / 11) % 8],
            ts, ts
     from generate_series(1, ${total}) g,
          lateral (select (${sqlArray(FIRST)})[1 + (g / 3) % ${FIRST.length}] as f,
                          (${sqlArray(LAST)})[1 + (g / ${3 * FIRST.length}) % ${LAST.length}] as l,
                          timestamptz '2024-01-01' + (g * interval '61 seconds') as ts) x;
     set session_replication_role = origin;
     set maintenance_work_mem = '256MB';`,
  );
  for (const i of indexes) await execScript(db, i.def);
  await execScript(db, 'analyze crm.customers');
  log(`loaded ${total} customers and rebuilt ${indexes.length} indexes in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

/** The duration of the query alone, inside withBrand (crm_app, RLS on). */
async function timedInBrand(db: Database, brand: BrandId, query: (tx: Database) => PromiseLike<unknown>): Promise<number> {
  return withBrand(db, brand, async (tx) => {
    const start = performance.now();
    await query(tx as unknown as Database);
    return performance.now() - start;
  });
}

async function runOn(ctx: BenchContext, db: Database, engine: 'pglite' | 'postgres', total: number) {
  await loadCustomers(db, total, ctx.log);
  const n = ctx.quick ? 15 : 40;
  const brands = [...brandIds];
  const pick = (i: number) => brands[i % brands.length]!;
  const extra = { customers: total, brands: brands.length };

  // 1. The brand's newest customers, one page.
  const listRls: number[] = [];
  const listPlain: number[] = [];
  const listWhole: number[] = [];
  const plainList = (brand: BrandId) =>
    db.select().from(customers).where(eq(customers.brandId, brand)).orderBy(desc(customers.createdAt), desc(customers.id)).limit(50);
  for (let i = 0; i < 3; i++) {
    await timedInBrand(db, pick(i), (tx) => customerListQuery(tx, { limit: 50 }));
    await plainList(pick(i));
  }
  for (let i = 0; i < n; i++) {
    listRls.push(await timedInBrand(db, pick(i), (tx) => customerListQuery(tx, { limit: 50 })));
    listPlain.push(...(await sample(1, () => plainList(pick(i)))));
    listWhole.push(...(await sample(1, () => withBrand(db, pick(i), (tx) => customerListQuery(tx, { limit: 50 })))));
  }
  ctx.record({
    suite: 'crm', name: `brand-scoped customer listing (50 newest of ${total})`, engine,
    subject: 'through RLS as crm_app (query only)', baseline: 'explicit brand_id filter as superuser, no RLS',
    value: median(listRls), baselineValue: median(listPlain), unit: 'ms', extra,
  });
  ctx.record({
    suite: 'crm', name: `brand-scoped customer listing (50 newest of ${total})`, engine,
    subject: 'whole withBrand call (BEGIN, set_config, SET ROLE, query, COMMIT)', baseline: 'explicit brand_id filter as superuser, no RLS',
    value: median(listWhole), baselineValue: median(listPlain), unit: 'ms', extra,
  });

  // 2. Full-text search: searchCustomers' query against the same search with an explicit filter.
  const terms = ['grace hopper', 'linus torvalds', 'ada.lovelace3@example.com', 'edsger', 'wirth'];
  const term = (i: number) => terms[i % terms.length]!;
  const plainSearch = (brand: BrandId, q: string) => {
    const vector = customerSearchVector(customers);
    const tsquery = sql`websearch_to_tsquery('english', ${q})`;
    return db
      .select({ customer: customers, rank: sql<number>`ts_rank(${vector}, ${tsquery})`.as('rank') })
      .from(customers)
      .where(and(eq(customers.brandId, brand), sql`${vector} @@ ${tsquery}`))
      .orderBy(sql`rank desc`, desc(customers.createdAt), desc(customers.id))
      .limit(20);
  };
  for (let i = 0; i < 3; i++) {
    await timedInBrand(db, pick(i), (tx) => customerSearchQuery(tx, term(i), 20));
    await plainSearch(pick(i), term(i));
  }
  const searchRls: number[] = [];
  const searchPlain: number[] = [];
  for (let i = 0; i < n; i++) {
    searchRls.push(await timedInBrand(db, pick(i), (tx) => customerSearchQuery(tx, term(i), 20)));
    searchPlain.push(...(await sample(1, () => plainSearch(pick(i), term(i)))));
  }
  ctx.record({
    suite: 'crm', name: `customer search (${total} customers)`, engine,
    subject: 'searchCustomers as crm_app (brand-filtered search view + RLS)', baseline: 'same search, explicit brand_id filter as superuser, no RLS',
    value: median(searchRls), baselineValue: median(searchPlain), unit: 'ms', extra: { ...extra, terms },
  });

  // 3. Why searchCustomers goes through the view: the same @@ directly on crm.customers under RLS
  // cannot use the GIN index (@@ is not leakproof) and scans the whole brand.
  const naive = (tx: Database, q: string) => {
    const vector = customerSearchVector(customers);
    const tsquery = sql`websearch_to_tsquery('english', ${q})`;
    return tx
      .select({ id: customers.id, rank: sql<number>`ts_rank(${vector}, ${tsquery})`.as('rank') })
      .from(customers)
      .where(sql`${vector} @@ ${tsquery}`)
      .orderBy(sql`rank desc`)
      .limit(20);
  };
  const naiveN = ctx.quick ? 3 : 5;
  const searchNaive: number[] = [];
  const searchPlainAgain: number[] = [];
  for (let i = 0; i < naiveN; i++) {
    searchNaive.push(await timedInBrand(db, pick(i), (tx) => naive(tx, term(i))));
    searchPlainAgain.push(...(await sample(1, () => plainSearch(pick(i), term(i)))));
  }
  ctx.record({
    suite: 'crm', name: `customer search (${total} customers)`, engine,
    subject: 'naive @@ on crm.customers as crm_app (RLS, no index)', baseline: 'same search, explicit brand_id filter as superuser, no RLS',
    value: median(searchNaive), baselineValue: median(searchPlainAgain), unit: 'ms', extra: { ...extra, terms },
  });
}

/**
 * Brand isolation's cost at scale: 1M customers across three brands on PostgreSQL 15 (quick:
 * 100k), a brand-scoped listing and a search through RLS (crm_app, withBrand) against the same
 * query with an explicit brand filter as the superuser (no RLS). PGlite runs only without a
 * PostgreSQL server, at 100k (quick: 30k).
 */
export const crmBench: BenchSuite = {
  name: 'crm',
  async run(ctx) {
    if (ctx.pgServerUrl) {
      const name = `bench_crm_${process.pid}`;
      const admin = await openDatabase({ url: ctx.pgServerUrl, max: 1 });
      await admin.db.execute(sql.raw(`drop database if exists ${name}`));
      await admin.db.execute(sql.raw(`create database ${name}`));
      const target = await openDatabase({ url: ctx.pgServerUrl.replace(/\/[^/]*$/, `/${name}`), max: 2 });
      try {
        await migrate(target.db);
        await runOn(ctx, target.db, 'postgres', ctx.quick ? 100_000 : 1_000_000);
      } finally {
        await target.close();
        await admin.db.execute(sql.raw(`drop database if exists ${name}`));
        await admin.close();
      }
      return;
    }
    ctx.log('no PostgreSQL server: running on PGlite at a reduced size');
    const { db, close } = await openDatabase({ embedded: true });
    try {
      await migrate(db);
      await runOn(ctx, db, 'pglite', ctx.quick ? 30_000 : 100_000);
    } finally {
      await close();
    }
  },
};

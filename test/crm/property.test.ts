import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbErrorMessage, queryRows } from '../../src/db.js';
import { type Tx, withContext } from '../../src/rls.js';
import { type BrandId, brandIds } from '../../src/schema/crm/enums.js';
import { engine, useDatabase } from '../helpers.js';
import { asBrand, conversationId, customerId, messageId, seedBrands } from './fixtures.js';

const t = useDatabase();
const perBrand = 3;
beforeAll(() => seedBrands(t.db, perBrand));

type Table = 'customers' | 'conversations' | 'messages';
const tableArb = fc.constantFrom<Table>('customers', 'conversations', 'messages');
const brandArb = fc.constantFrom<BrandId>(...brandIds);
const seededId = (table: Table, brand: BrandId, n: number) =>
  table === 'customers' ? customerId(brand, n) : table === 'conversations' ? conversationId(brand, n) : messageId(brand, n);

type Op =
  | { kind: 'select'; table: Table }
  | { kind: 'insert'; table: Table; brand: BrandId; n: number; email: string; name: string; phone: string; content: string; direction: 'inbound' | 'outbound' }
  | { kind: 'update'; table: Table; brand: BrandId; n: number; moveTo: BrandId | null }
  | { kind: 'delete'; table: Table; brand: BrandId; n: number }
  | { kind: 'search'; term: string }
  | { kind: 'analytics' };

const nArb = fc.integer({ min: 1, max: perBrand });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('select' as const), table: tableArb }),
  fc.record({
    kind: fc.constant('insert' as const),
    table: tableArb,
    brand: brandArb,
    n: nArb,
    email: fc.uuid().map((u) => `${u}@prop.example`),
    name: fc.string({ maxLength: 30 }),
    phone: fc.stringMatching(/^\+1[0-9]{10}$/),
    content: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('STOP', 'start', 'hello')),
    direction: fc.constantFrom('inbound' as const, 'outbound' as const),
  }),
  fc.record({ kind: fc.constant('update' as const), table: tableArb, brand: brandArb, n: nArb, moveTo: fc.option(brandArb, { nil: null }) }),
  fc.record({ kind: fc.constant('delete' as const), table: tableArb, brand: brandArb, n: nArb }),
  fc.record({ kind: fc.constant('search' as const), term: fc.constantFrom('first1', 'first2', 'gnymblelast', 'percymdlast', 'percytextlast', 'customer1') }),
  fc.record({ kind: fc.constant('analytics' as const) }),
);

const ident = (table: Table) => sql`${sql.identifier('crm')}.${sql.identifier(table)}`;

function insertStatement(op: Extract<Op, { kind: 'insert' }>) {
  if (op.table === 'customers')
    return sql`insert into crm.customers (brand_id, email, first_name, phone) values (${op.brand}, ${op.email}, ${op.name}, ${op.phone}) returning brand_id::text`;
  if (op.table === 'conversations')
    return sql`insert into crm.conversations (brand_id, customer_id, customer_phone, brand_phone)
      values (${op.brand}, ${customerId(op.brand, op.n)}, ${op.phone}, '+18000000000') returning brand_id::text`;
  return sql`insert into crm.messages (brand_id, conversation_id, direction, content)
    values (${op.brand}, ${conversationId(op.brand, op.n)}, ${op.direction}, ${op.content}) returning brand_id::text`;
}

/** Every row of every crm table, per brand, as a digest: a brand's data is unchanged iff its digests are. */
const fingerprint = (tx: Pick<Tx, 'execute'>) =>
  queryRows<{ tbl: string; brand_id: string; n: number; digest: string }>(
    tx,
    sql`select 'customers' as tbl, brand_id::text, count(*)::int as n, md5(string_agg(x::text, '|' order by id)) as digest from crm.customers x group by brand_id
        union all select 'conversations', brand_id::text, count(*)::int, md5(string_agg(x::text, '|' order by id)) from crm.conversations x group by brand_id
        union all select 'messages', brand_id::text, count(*)::int, md5(string_agg(x::text, '|' order by id)) from crm.messages x group by brand_id
        order by 1, 2`,
  );

class Rollback extends Error {}
const RLS = /row-level security/;

describe(`crm isolation, property-based (${engine})`, () => {
  it('random brands, rows and operations never see or write another brand row', async () => {
    const baseline = await fingerprint(t.db);
    expect(baseline).toHaveLength(9);
    await fc.assert(
      fc.asyncProperty(fc.option(brandArb, { nil: null }), fc.array(opArb, { minLength: 1, maxLength: 8 }), async (actor, ops) => {
        const outcome = await withContext(t.db, asBrand(actor), async (tx) => {
          for (const op of ops) {
            // Each operation in a savepoint: a refused write does not end the run.
            const result = await tx
              .transaction(async (sp) => {
                switch (op.kind) {
                  case 'select':
                    return { rows: await queryRows<{ brand_id: string }>(sp, sql`select brand_id::text from ${ident(op.table)}`) };
                  case 'insert':
                    return { rows: await queryRows<{ brand_id: string }>(sp, insertStatement(op)) };
                  case 'update':
                    return {
                      rows: await queryRows<{ brand_id: string }>(
                        sp,
                        op.moveTo
                          ? sql`update ${ident(op.table)} set brand_id = ${op.moveTo} where id = ${seededId(op.table, op.brand, op.n)} returning brand_id::text`
                          : sql`update ${ident(op.table)} set metadata = '{"p":1}' where id = ${seededId(op.table, op.brand, op.n)} returning brand_id::text`,
                      ),
                    };
                  case 'delete':
                    return { rows: await queryRows<{ brand_id: string }>(sp, sql`delete from ${ident(op.table)} where id = ${seededId(op.table, op.brand, op.n)} returning brand_id::text`) };
                  case 'search':
                    return {
                      rows: await queryRows<{ brand_id: string }>(
                        sp,
                        sql`select c.brand_id::text from crm.customer_search s join crm.customers c using (brand_id, id) where s.document @@ websearch_to_tsquery('english', ${op.term})`,
                      ),
                    };
                  case 'analytics':
                    return { rows: await queryRows<{ brand_id: string }>(sp, sql`select brand_id::text from crm.customer_analytics`) };
                }
              })
              .then(
                (r) => ({ ok: true as const, rows: r.rows }),
                (e: unknown) => ({ ok: false as const, error: dbErrorMessage(e) }),
              );
            // Whatever succeeded saw or wrote the actor's brand only (nothing at all without a brand).
            if (result.ok) for (const row of result.rows) expect(row.brand_id, JSON.stringify(op)).toBe(actor);
            const foreign = actor === null || ('brand' in op && op.brand !== actor) || (op.kind === 'update' && op.moveTo !== null && op.moveTo !== actor);
            if (op.kind === 'insert' && foreign) expect(result, JSON.stringify(op)).toMatchObject({ ok: false, error: expect.stringMatching(RLS) });
            if ((op.kind === 'update' || op.kind === 'delete') && foreign && result.ok) expect(result.rows).toEqual([]);
            if (op.kind === 'update' && op.moveTo && op.moveTo !== actor && op.brand === actor && !result.ok) expect(result.error).toMatch(RLS);
            if (!result.ok && op.kind !== 'insert') expect(result.error, JSON.stringify(op)).toMatch(/row-level security|foreign key|opted out/);
          }
          // Back to the session user inside the same transaction: every other brand's rows are untouched.
          await tx.execute(sql`set local role none`);
          const now = await fingerprint(tx);
          throw new Rollback(JSON.stringify(now.filter((r) => r.brand_id !== actor)));
        }).catch((e: unknown) => {
          if (e instanceof Rollback) return e.message;
          throw e;
        });
        expect(JSON.parse(outcome)).toEqual(baseline.filter((r) => r.brand_id !== actor));
      }),
      { numRuns: engine === 'pglite' ? 40 : 50 },
    );
    // And the runs left nothing behind.
    expect(await fingerprint(t.db)).toEqual(baseline);
  });
});

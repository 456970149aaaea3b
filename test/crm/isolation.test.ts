import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { ValidationError, withBrand } from '../../src/crm.js';
import { asRole, asServiceRole, type Tx, withContext } from '../../src/rls.js';
import { type BrandId, brandIds } from '../../src/schema/crm/enums.js';
import { expectAllowed, expectDenied } from '../../src/testing/index.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { asBrand, conversationId, customerId, emailOf, messageId, otherBrands, seedBrands } from './fixtures.js';

const t = useDatabase();
const perBrand = 2;
beforeAll(() => seedBrands(t.db, perBrand));

type Table = 'customers' | 'conversations' | 'messages';
const tables: Table[] = ['customers', 'conversations', 'messages'];
const rowId: Record<Table, (b: BrandId, n?: number) => string> = { customers: customerId, conversations: conversationId, messages: messageId };
const seeded: Record<Table, number> = { customers: perBrand, conversations: perBrand, messages: 2 * perBrand };

/** An insert of a new row of `table` into brand `target`, whose parent rows belong to `parentBrand` (default: target). */
function insertRow(table: Table, target: BrandId, parentBrand: BrandId = target) {
  return (tx: Tx) => {
    if (table === 'customers') return queryRows(tx, sql`insert into crm.customers (brand_id, email) values (${target}, ${`new-${Math.random()}@x.example`}) returning id`);
    if (table === 'conversations')
      return queryRows(tx, sql`insert into crm.conversations (brand_id, customer_id, customer_phone, brand_phone)
        values (${target}, ${customerId(parentBrand)}, ${`+1${Math.floor(Math.random() * 1e9)}`}, '+18000000000') returning id`);
    return queryRows(tx, sql`insert into crm.messages (brand_id, conversation_id, direction, content)
      values (${target}, ${conversationId(parentBrand)}, 'inbound', 'new') returning id`);
  };
}
const updateRow = (table: Table, id: string) => (tx: Tx) =>
  queryRows(tx, sql`update ${sql.identifier('crm')}.${sql.identifier(table)} set metadata = '{"touched": true}' where id = ${id} returning id`);
const moveRow = (table: Table, id: string, to: BrandId) => (tx: Tx) =>
  queryRows(tx, sql`update ${sql.identifier('crm')}.${sql.identifier(table)} set brand_id = ${to} where id = ${id} returning id`);
const deleteRow = (table: Table, id: string) => (tx: Tx) =>
  queryRows(tx, sql`delete from ${sql.identifier('crm')}.${sql.identifier(table)} where id = ${id} returning id`);
const selectAll = (table: Table) => (tx: Tx) =>
  queryRows<{ id: string; brand_id: BrandId }>(tx, sql`select id, brand_id from ${sql.identifier('crm')}.${sql.identifier(table)}`);

describe(`crm brand isolation (${engine})`, () => {
  for (const table of tables) {
    describe(table, () => {
      for (const brand of brandIds) {
        it(`as ${brand}: sees exactly its own rows`, async () => {
          const rows = await expectAllowed(t.db, asBrand(brand), selectAll(table));
          expect(rows).toHaveLength(seeded[table]);
          expect(new Set(rows.map((r) => r.brand_id))).toEqual(new Set([brand]));
          for (const other of otherBrands(brand)) {
            await expectDenied(t.db, asBrand(brand), (tx) => queryRows(tx, sql`select * from ${sql.identifier('crm')}.${sql.identifier(table)} where id = ${rowId[table](other)}`));
          }
        });

        it(`as ${brand}: inserts into its brand; inserting into another brand is refused`, async () => {
          await expectAllowed(t.db, asBrand(brand), insertRow(table, brand));
          for (const other of otherBrands(brand)) await expectDenied(t.db, asBrand(brand), insertRow(table, other));
        });

        it(`as ${brand}: updates its rows; another brand's rows are untouchable; moving a row to another brand is refused`, async () => {
          await expectAllowed(t.db, asBrand(brand), updateRow(table, rowId[table](brand)));
          for (const other of otherBrands(brand)) {
            await expectDenied(t.db, asBrand(brand), updateRow(table, rowId[table](other)));
            await expectDenied(t.db, asBrand(brand), moveRow(table, rowId[table](brand), other));
            await expectDenied(t.db, asBrand(brand), moveRow(table, rowId[table](other), brand));
          }
        });

        it(`as ${brand}: deletes its rows, not another brand's`, async () => {
          await expectAllowed(t.db, asBrand(brand), deleteRow(table, rowId[table](brand)));
          for (const other of otherBrands(brand)) await expectDenied(t.db, asBrand(brand), deleteRow(table, rowId[table](other)));
        });
      }

      it('with no brand set: zero rows, every write refused, no error about the setting', async () => {
        for (const ctx of [asBrand(null), { role: 'crm_app', settings: { 'app.current_brand': '' } }]) {
          expect(await withContext(t.db, ctx, selectAll(table))).toEqual([]);
          for (const brand of brandIds) {
            await expectDenied(t.db, ctx, insertRow(table, brand));
            await expectDenied(t.db, ctx, updateRow(table, rowId[table](brand)));
            await expectDenied(t.db, ctx, deleteRow(table, rowId[table](brand)));
          }
        }
      });

      it('crm_analytics reads every brand and writes nothing', async () => {
        const rows = await expectAllowed(t.db, { role: 'crm_analytics' }, selectAll(table));
        expect(new Set(rows.map((r) => r.brand_id))).toEqual(new Set(brandIds));
        await expectDenied(t.db, { role: 'crm_analytics' }, insertRow(table, 'gnymble'));
        await expectDenied(t.db, { role: 'crm_analytics' }, updateRow(table, rowId[table]('gnymble')));
        await expectDenied(t.db, { role: 'crm_analytics' }, deleteRow(table, rowId[table]('gnymble')));
      });

      it('anon and authenticated have no access at all', async () => {
        for (const role of ['anon', 'authenticated']) {
          await expectDbError(asRole(t.db, role, selectAll(table)), /permission denied/);
          await expectDbError(asRole(t.db, role, insertRow(table, 'gnymble')), /permission denied/);
        }
      });
    });
  }

  it('service_role operates across brands', async () => {
    const rows = await asServiceRole(t.db, selectAll('messages'));
    expect(new Set(rows.map((r) => r.brand_id))).toEqual(new Set(brandIds));
  });

  it('a message can never belong to another brand conversation, even for service_role (composite foreign key)', async () => {
    await expectDbError(asServiceRole(t.db, insertRow('messages', 'gnymble', 'percymd')), /violates foreign key constraint "messages_brand_id_conversation_id_fkey"/);
    await expectDbError(asServiceRole(t.db, insertRow('conversations', 'gnymble', 'percymd')), /violates foreign key constraint "conversations_brand_id_customer_id_fkey"/);
    await expectDbError(asServiceRole(t.db, moveRow('conversations', conversationId('gnymble'), 'percymd')), /violates foreign key constraint/);
    // As crm_app of gnymble the other brand's conversation is not even visible; the key refuses the reference.
    await expectDbError(withBrand(t.db, 'gnymble', insertRow('messages', 'gnymble', 'percymd')), /violates foreign key constraint "messages_brand_id_conversation_id_fkey"/);
  });

  it('customer_analytics shows crm_app its brand only and crm_analytics every brand', async () => {
    for (const brand of brandIds) {
      const rows = await withBrand(t.db, brand, (tx) => queryRows<{ brand_id: string; count: number | string }>(tx, 'select * from crm.customer_analytics'));
      expect(rows.map((r) => r.brand_id)).toEqual([brand]);
      expect(Number(rows[0]!.count)).toBe(perBrand);
    }
    expect(await withContext(t.db, asBrand(null), (tx) => queryRows(tx, 'select * from crm.customer_analytics'))).toEqual([]);
    const all = await asRole(t.db, 'crm_analytics', (tx) => queryRows<{ brand_id: string; count: number | string }>(tx, 'select * from crm.customer_analytics order by brand_id'));
    expect(all.map((r) => [r.brand_id, Number(r.count)])).toEqual(brandIds.map((b) => [b, perBrand]));
  });
});

describe(`customer_search view (${engine})`, () => {
  const documents = (tx: Tx) => queryRows<{ brand_id: string; id: string }>(tx, 'select brand_id, id from crm.customer_search');
  it('shows crm_app the search documents of its brand only', async () => {
    for (const brand of brandIds) {
      const rows = await expectAllowed(t.db, asBrand(brand), documents);
      expect(new Set(rows.map((r) => r.brand_id))).toEqual(new Set([brand]));
      expect(rows.map((r) => r.id).sort()).toEqual([customerId(brand, 1), customerId(brand, 2)]);
    }
  });
  it('shows nothing with no brand (or an empty one), and nothing to other roles', async () => {
    await expectDenied(t.db, asBrand(null), documents);
    await expectDenied(t.db, { role: 'crm_app', settings: { 'app.current_brand': '' } }, documents);
    await expectDenied(t.db, { role: 'crm_analytics' }, documents);
    await expectDbError(asRole(t.db, 'authenticated', documents), /permission denied/);
  });
});

describe(`withBrand (${engine})`, () => {
  it('acts as crm_app with the brand set for the transaction only', async () => {
    const [inside] = await withBrand(t.db, 'percymd', (tx) =>
      queryRows<{ role: string; brand: string }>(tx, "select current_user::text as role, current_setting('app.current_brand') as brand"),
    );
    expect(inside).toEqual({ role: 'crm_app', brand: 'percymd' });
    // Nothing leaks: the next statements (on any pooled connection) run as the session user with no brand.
    for (let i = 0; i < 6; i++) {
      const [after] = await queryRows<{ role: string; brand: string | null }>(
        t.db,
        "select current_user::text as role, nullif(current_setting('app.current_brand', true), '') as brand",
      );
      expect(after).toEqual({ role: 'postgres', brand: null });
    }
  });

  it('the setting and role are gone after a failed transaction too', async () => {
    await expect(withBrand(t.db, 'gnymble', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const [after] = await queryRows(t.db, "select current_user::text as role, nullif(current_setting('app.current_brand', true), '') as brand");
    expect(after).toEqual({ role: 'postgres', brand: null });
  });

  it('inside withBrand, brand_id defaults to the current brand; without a brand the insert is refused by RLS', async () => {
    const insertWithoutBrand = (tx: Tx) =>
      queryRows<{ brand_id: string }>(
        tx,
        sql`with c as (insert into crm.customers (email) values ('defaulted@x.example') returning id),
                 v as (insert into crm.conversations (customer_id, customer_phone, brand_phone) select id, '+15550001111', '+18000001111' from c returning id)
            insert into crm.messages (conversation_id, direction, content) select id, 'outbound', 'hi' from v returning brand_id::text`,
      );
    expect(await expectAllowed(t.db, asBrand('percymd'), insertWithoutBrand)).toEqual([{ brand_id: 'percymd' }]);
    await expectDenied(t.db, asBrand(null), insertWithoutBrand);
    await expectDbError(asServiceRole(t.db, insertWithoutBrand), /null value in column "brand_id"/);
  });

  it('the migrating role may act as crm_app and crm_analytics', async () => {
    const rows = await queryRows<{ role: string }>(
      t.db,
      `select r.rolname::text as role from pg_auth_members m join pg_roles r on r.oid = m.roleid
       where m.member = (select oid from pg_roles where rolname = current_user) and r.rolname in ('crm_app', 'crm_analytics') order by 1`,
    );
    expect(rows.map((r) => r.role)).toEqual(['crm_analytics', 'crm_app']);
  });

  it('an invalid brand is a clear ValidationError naming brand, before any query', async () => {
    for (const bad of ['acme', '', 'GNYMBLE', "gnymble'; drop table crm.customers; --", undefined, 3]) {
      const error = await withBrand(t.db, bad as BrandId, async () => 'ran').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('brand');
      expect((error as Error).message).toMatch(/brand.*gnymble, percymd, percytext/);
    }
  });

  it('sees the same rows through the helpers as through RLS', async () => {
    const rows = await withBrand(t.db, 'percytext', (tx) => queryRows<{ email: string }>(tx, 'select email from crm.customers order by email'));
    expect(rows.map((r) => r.email)).toEqual([emailOf('percytext', 1), emailOf('percytext', 2)]);
  });
});

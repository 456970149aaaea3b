import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { engine, useDatabase } from '../helpers.js';

const t = useDatabase();
const crmTables = ['customers', 'conversations', 'messages'];

describe(`crm catalog (${engine})`, () => {
  it('every primary, unique and foreign key of the crm tables contains brand_id (and a foreign key maps it to brand_id)', async () => {
    const keys = await queryRows<{ table: string; name: string; type: string; columns: string[]; ref_columns: string[] | null }>(
      t.db,
      `select c.conrelid::regclass::text as table, c.conname as name, c.contype::text as type,
              array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
              case when c.contype = 'f' then array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                    join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) end as ref_columns
       from pg_constraint c
       where c.connamespace = 'crm'::regnamespace and c.contype in ('p', 'u', 'f')
       order by 1, 2`,
    );
    // Every table has a primary key; the document's unique keys and both foreign keys are there.
    expect(keys.filter((k) => k.type === 'p').map((k) => k.table).sort()).toEqual(crmTables.map((x) => `crm.${x}`).sort());
    expect(keys.filter((k) => k.type === 'u').map((k) => k.name).sort()).toEqual([
      'conversations_brand_phones_unique',
      'customers_brand_phone_unique',
    ]);
    expect(keys.filter((k) => k.type === 'f').map((k) => k.name).sort()).toEqual([
      'conversations_brand_id_customer_id_fkey',
      'messages_brand_id_conversation_id_fkey',
    ]);
    for (const k of keys) {
      expect(k.columns, `${k.name} must contain brand_id`).toContain('brand_id');
      if (k.type !== 'f') expect(k.columns[0], `${k.name} must lead with brand_id`).toBe('brand_id');
      if (k.type === 'f') expect(k.ref_columns![k.columns.indexOf('brand_id')], `${k.name} must map brand_id to brand_id`).toBe('brand_id');
    }
    // Unique indexes outside constraints count too: none may leave out the brand.
    const uniqueIndexes = await queryRows<{ name: string; def: string }>(
      t.db,
      `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
       join pg_class c on c.oid = i.indrelid where c.relnamespace = 'crm'::regnamespace and i.indisunique`,
    );
    for (const u of uniqueIndexes) expect(u.def, u.name).toMatch(/\(brand_id,/);
  });

  it('every foreign key states ON DELETE CASCADE', async () => {
    const fks = await queryRows<{ conname: string; confdeltype: string }>(
      t.db,
      `select conname, confdeltype::text from pg_constraint where connamespace = 'crm'::regnamespace and contype = 'f' order by 1`,
    );
    expect(fks).toEqual([
      { conname: 'conversations_brand_id_customer_id_fkey', confdeltype: 'c' },
      { conname: 'messages_brand_id_conversation_id_fkey', confdeltype: 'c' },
    ]);
  });

  it('messages carry brand_id, and ids default to gen_random_uuid()', async () => {
    const cols = await queryRows<{ table_name: string; column_default: string | null }>(
      t.db,
      `select table_name, column_default from information_schema.columns where table_schema = 'crm' and column_name = 'id' and table_name in ('customers','conversations','messages') order by 1`,
    );
    expect(cols).toEqual(crmTables.sort().map((x) => ({ table_name: x, column_default: 'gen_random_uuid()' })));
    const brandCols = await queryRows<{ table_name: string }>(
      t.db,
      `select table_name from information_schema.columns where table_schema = 'crm' and column_name = 'brand_id' and is_nullable = 'NO' and udt_name = 'brand_id' and table_name in ('customers','conversations','messages') order by 1`,
    );
    expect(brandCols.map((c) => c.table_name)).toEqual(['conversations', 'customers', 'messages']);
  });

  it('has every index of the document, brand first where brand scoped, and the full-text search index', async () => {
    const rows = await queryRows<{ name: string; def: string }>(
      t.db,
      `select indexname as name, indexdef as def from pg_indexes where schemaname = 'crm' order by 1`,
    );
    const defs = Object.fromEntries(rows.map((r) => [r.name, r.def]));
    const expected: Record<string, RegExp> = {
      idx_customers_brand_id: /\(brand_id\)$/,
      idx_customers_email: /\(lower\(\(email\)::text\)\)$/,
      customers_brand_email_unique: /^CREATE UNIQUE INDEX .* \(brand_id, lower\(\(email\)::text\)\)$/,
      idx_customers_stage: /\(brand_id, stage\)$/,
      idx_customers_source: /\(brand_id, source\)$/,
      idx_customers_created_at: /\(brand_id, created_at, id\)$/,
      idx_conversations_brand_id: /\(brand_id\)$/,
      idx_conversations_customer_id: /\(brand_id, customer_id\)$/,
      idx_conversations_phones: /\(customer_phone, brand_phone\)$/,
      idx_conversations_last_message: /\(brand_id, last_message_at DESC NULLS LAST\)$/,
      idx_conversations_status: /\(brand_id, status\)$/,
      idx_messages_conversation_id: /\(brand_id, conversation_id, sent_at\)$/,
      idx_messages_sent_at: /\(brand_id, sent_at DESC\)$/,
      idx_messages_direction: /\(brand_id, direction\)$/,
      idx_customers_search: /USING gin \(to_tsvector\('english'::regconfig, .*first_name.*last_name.*email/,
    };
    for (const [name, pattern] of Object.entries(expected)) expect(defs[name], name).toMatch(pattern);
  });

  it('RLS is enabled (not forced: the owner-rights search view relies on that) on every crm table, with a crm_app and a crm_analytics policy each', async () => {
    const rls = await queryRows<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      t.db,
      `select relname, relrowsecurity, relforcerowsecurity from pg_class where relnamespace = 'crm'::regnamespace and relkind = 'r' order by 1`,
    );
    expect(rls).toEqual(crmTables.sort().map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: false })));
    const policies = await queryRows<{ tablename: string; roles: string; cmd: string }>(
      t.db,
      `select tablename, array_to_string(roles, ',') as roles, cmd from pg_policies where schemaname = 'crm' order by 1, 2`,
    );
    expect(policies).toEqual(
      crmTables.sort().flatMap((tablename) => [
        { tablename, roles: 'crm_analytics', cmd: 'SELECT' },
        { tablename, roles: 'crm_app', cmd: 'ALL' },
        // the data-subject functions' owner (issue 17, docs/subjects.md): export and erasure of one person
        { tablename, roles: 'unified_schema_definer', cmd: 'ALL' },
      ]),
    );
  });

  it('crm_app and crm_analytics are plain NOLOGIN roles subject to RLS; service_role bypasses it', async () => {
    const roles = await queryRows<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      t.db,
      `select rolname, rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname in ('crm_app','crm_analytics','service_role') order by 1`,
    );
    expect(roles).toEqual([
      { rolname: 'crm_analytics', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: 'crm_app', rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      { rolname: 'service_role', rolsuper: false, rolbypassrls: true, rolcanlogin: false },
    ]);
  });

  it('crm_analytics has SELECT only; anon and authenticated have nothing on crm', async () => {
    const privs = await queryRows<{ grantee: string; table_name: string; privilege_type: string }>(
      t.db,
      `select grantee, table_name, privilege_type from information_schema.role_table_grants
       where table_schema = 'crm' and grantee in ('crm_analytics', 'anon', 'authenticated') order by grantee, table_name collate "C", privilege_type`,
    );
    expect(privs).toEqual(
      ['conversations', 'customer_analytics', 'customers', 'messages'].map((table_name) => ({ grantee: 'crm_analytics', table_name, privilege_type: 'SELECT' })),
    );
  });

  it('customer_analytics is a security_invoker view; customer_search runs with its owner rights and is for crm_app only', async () => {
    const [view] = await queryRows<{ reloptions: string[] }>(t.db, `select reloptions from pg_class where oid = 'crm.customer_analytics'::regclass`);
    expect(view?.reloptions).toContain('security_invoker=true');
    const grants = await queryRows<{ grantee: string; privilege_type: string }>(
      t.db,
      `select grantee, privilege_type from information_schema.role_table_grants where table_schema = 'crm' and table_name = 'customer_search' and grantee <> current_user`,
    );
    expect(grants).toEqual([{ grantee: 'crm_app', privilege_type: 'SELECT' }]);
    // It filters by the policies' own brand expression.
    const [def] = await queryRows<{ def: string }>(t.db, `select pg_get_viewdef('crm.customer_search'::regclass) as def`);
    expect(def!.def.replace(/\s+/g, ' ')).toMatch(
      /WHERE .*brand_id = \( SELECT \(?NULLIF\(\( SELECT current_setting\('app\.current_brand'::text, true\) AS current_setting\), ''::text\)\)?::crm\.brand_id/,
    );
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { integer, pgSchema, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbErrorMessage, execScript, queryRows } from '../../src/db.js';
import type { AccessCell } from '../../src/docs/access.js';
import { type BuiltSite, buildSite, declaredSchemas } from '../../src/docs/site.js';
import { withContext } from '../../src/rls.js';
import { expectAllowed, expectDenied } from '../../src/testing/index.js';
import { asBrand, customerId, seedBrands } from '../crm/fixtures.js';
import { engine, useDatabase } from '../helpers.js';

// The schema reference built from this engine's catalog (no browser here: see site.test.ts), and
// its claims checked against what the database actually does.
describe(`schema reference from the catalog (${engine})`, () => {
  const t = useDatabase();
  const out = mkdtempSync(join(tmpdir(), 'schema-reference-'));
  let site: BuiltSite;
  const html = (path: string) => readFileSync(join(out, path), 'utf8');
  const cellOf = (role: string, relation: string, op: AccessCell['operation']) => {
    const c = site.matrix.cells.find((x) => x.role === role && x.relation === relation && x.operation === op);
    if (!c) throw new Error(`no matrix cell for ${role} × ${relation} × ${op}`);
    return c;
  };

  beforeAll(async () => {
    await seedBrands(t.db, 1);
    site = await buildSite({ db: t.db, outDir: out });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('documents every schema the drizzle barrel declares (and not auth), each with its pages', () => {
    const declared = declaredSchemas();
    expect(declared).toEqual(expect.arrayContaining(['public', 'crm', 'ingest']));
    expect(declared).not.toContain('auth');
    expect(site.catalog.domains.map((d) => d.schema)).toEqual(declared);
    for (const d of site.catalog.domains) {
      expect(html('index.html')).toContain(`data-domain="${d.schema}"`);
      for (const r of [...d.tables, ...d.views]) expect(existsSync(join(out, d.schema, 'tables', `${r.name}.html`)), `${d.schema}.${r.name}`).toBe(true);
      expect(existsSync(join(out, d.schema, 'functions.html'))).toBe(true);
    }
  });

  it("draws one box per table of each domain's schema, as the catalog lists them", async () => {
    for (const schema of declaredSchemas()) {
      const tables = await queryRows<{ name: string }>(t.db, sql`select c.relname as name from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind in ('r', 'p') and not c.relispartition`);
      const page = html(`${schema}/index.html`);
      const boxes = [...page.matchAll(/<g id="table&#45;([^"]+)" class="node table">/g)].map((m) => m[1]);
      expect(boxes.sort(), schema).toEqual(tables.map((r) => `${schema}.${r.name}`).sort());
    }
  });

  it('crm: crm_app reads and writes its own brand only and is denied across brands, as the database enforces', async () => {
    for (const op of ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const) {
      const c = cellOf('crm_app', 'crm.customers', op);
      expect(c.status).toBe('scoped');
      expect(c.label).toBe('own brand only');
      expect(c.denied).toBe('denied across brands');
    }
    expect(cellOf('crm_analytics', 'crm.customers', 'SELECT').status).toBe('all');
    expect(cellOf('crm_analytics', 'crm.customers', 'INSERT').status).toBe('denied');
    expect(cellOf('authenticated', 'crm.customers', 'SELECT').label).toBe('no schema usage');
    const crmPage = html('crm/index.html');
    expect(crmPage).toMatch(/<tr class="scoped" data-role="crm_app" data-relation="crm.customers">.*own brand only.*denied across brands/);

    const gnymbleCustomer = customerId('gnymble');
    const read = (tx: Parameters<Parameters<typeof withContext>[2]>[0]) => tx.execute(sql`select id from crm.customers where id = ${gnymbleCustomer}`);
    await expectAllowed(t.db, asBrand('gnymble'), read);
    await expectDenied(t.db, asBrand('percymd'), read);
    await expectDenied(t.db, asBrand('percymd'), (tx) => tx.execute(sql`update crm.customers set first_name = 'x' where id = ${gnymbleCustomer} returning id`));
    await expectDenied(t.db, asBrand('percymd'), (tx) => tx.execute(sql`insert into crm.customers (brand_id, email) values ('gnymble', 'cross@brand.example') returning id`));
    await expectAllowed(t.db, { role: 'crm_analytics' }, (tx) => tx.execute(sql`select id from crm.customers where id = ${gnymbleCustomer}`));
    await expectDenied(t.db, { role: 'authenticated' }, read);
  });

  it('every SELECT cell of the matrix agrees with the database: granted roles read, refused ones get permission denied', async () => {
    const cells = site.matrix.cells.filter((c) => c.operation === 'SELECT');
    expect(cells.length).toBeGreaterThan(20);
    for (const c of cells) {
      const error = await withContext(t.db, { role: c.role }, (tx) => tx.execute(sql.raw(`select 1 from ${c.relation} limit 1`))).then(
        () => null,
        (e: unknown) => dbErrorMessage(e),
      );
      const refused = c.status === 'denied' && /no grant|no schema usage|denied by/.test(c.label);
      if (refused) expect(error, `${c.role} × ${c.relation}: ${c.label}`).toMatch(/permission denied/);
      else expect(error, `${c.role} × ${c.relation}: ${c.label}`).toBeNull();
    }
  });

  it('every index carries the comment beside its declaration (or implements a constraint); pages show policies, grants, triggers, functions', () => {
    const missing = site.catalog.domains.flatMap((d) =>
      d.tables.concat(d.views).flatMap((r) => r.indexes.filter((i) => !i.comment && !i.constraint).map((i) => `${r.schema}.${r.name}: ${i.name}`)),
    );
    expect(missing, 'indexes without the comment naming the query they serve (docs/conventions.md): add a // line above each').toEqual([]);
    const customers = html('crm/tables/customers.html');
    expect(customers).toContain('idx_customers_search');
    expect(customers).toContain('Full-text search on name and email (searchCustomers)');
    expect(customers).toContain('crm_app reads and writes only the current brand');
    expect(customers).toContain("current_setting('app.current_brand'");
    expect(customers).toContain('customers_stage_guard');
    expect(customers).toMatch(/<td>crm_analytics<\/td><td>SELECT<\/td>/);
    const mv = html('public/tables/monthly_enrollments_mv.html');
    expect(mv).toContain('public.refresh_dashboard_views()');
    const functions = html('public/functions.html');
    const refresh = functions.slice(functions.indexOf('data-function="public.refresh_dashboard_views"'));
    expect(refresh.slice(0, 800)).toContain('SECURITY DEFINER');
    expect(refresh.slice(0, 800)).toContain('search_path = &quot;&quot;');
    expect(refresh.slice(0, 1200)).toMatch(/Who may execute: <span class="badge">service_role<\/span><\/p>/);
  });

  it('a schema added later is documented with no code change: picked up from the barrel, drawn from the catalog', async () => {
    const probe = pgSchema('probe_domain');
    const items = probe.table('items', { id: integer('id').primaryKey(), label: text('label') });
    expect(declaredSchemas({ probe, items })).toEqual(['probe_domain']);
    await execScript(
      t.db,
      `create schema probe_domain;
       create table probe_domain.items (id int primary key, label text);
       create table probe_domain.tags (item_id int not null references probe_domain.items (id) on delete cascade, tag text not null);
       create index tags_item_id_idx on probe_domain.tags (item_id);
       comment on index probe_domain.tags_item_id_idx is 'Tags of one item.';
       grant usage on schema probe_domain to service_role;
       grant select on probe_domain.items to service_role;`,
    );
    const probeOut = mkdtempSync(join(tmpdir(), 'schema-reference-probe-'));
    try {
      const probeSite = await buildSite({ db: t.db, outDir: probeOut, schemas: [...declaredSchemas(), 'probe_domain'] });
      const page = readFileSync(join(probeOut, 'probe_domain/index.html'), 'utf8');
      expect([...page.matchAll(/class="node table"/g)]).toHaveLength(2);
      expect(page).toContain('class="edge"');
      expect(readFileSync(join(probeOut, 'probe_domain/tables/tags.html'), 'utf8')).toContain('Tags of one item.');
      const items = probeSite.matrix.cells.find((c) => c.role === 'service_role' && c.relation === 'probe_domain.items' && c.operation === 'SELECT');
      expect(items?.status).toBe('all');
      const tags = probeSite.matrix.cells.find((c) => c.role === 'service_role' && c.relation === 'probe_domain.tags' && c.operation === 'SELECT');
      expect(tags?.label).toBe('no grant');
    } finally {
      rmSync(probeOut, { recursive: true, force: true });
    }
  });
});

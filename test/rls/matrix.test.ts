import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import type { DbContext } from '../../src/rls.js';
import { expectAllowed, expectDenied, type RlsOperation } from '../../src/testing/index.js';
import { seedBrands } from '../crm/fixtures.js';
import { engine, useDatabase } from '../helpers.js';
import { loadAnalyticsFixture } from '../unified/analytics-fixture.js';
import { adminCtx, anonCtx, createProfile, resetUnified, userCtx } from '../unified/fixtures.js';
import { OPERATIONS, PERSONAS } from './personas.js';

/**
 * Every persona against every operation on the unified, crm and ingest tables, each case through
 * expectAllowed / expectDenied (so the run's RLS coverage report sees it). The expectations below are
 * the access contract, written out: whatever is not listed is denied. service_role bypasses RLS, so
 * its cases check that it can do what its grants say and nothing else (the grants themselves are
 * reviewed by the privilege tests).
 *
 * The probes act on real rows, scoped to the persona: a user's own rows (`owner`) or another user's
 * (`other`, and `admin` acting on someone else's); crm_app on its brand's rows or another brand's. An
 * insert probe deletes one row it can see and inserts it again in the same statement (no unique or
 * NOT NULL noise), or, for crm_app's other brand, inserts its own row relabelled with the other brand.
 */
type Persona = (typeof PERSONAS)[number];
type Ops = string; // letters of s, i, u, d

interface TableSpec {
  /** The column naming the user a row belongs to (tables whose policies read auth.uid()). */
  owner?: string;
  /** The column an update probe sets to itself (one the persona may update, where any may). */
  updateColumn?: string;
  /** Rows a delete or insert probe may pick (e.g. a course no enrollment references: RESTRICT). */
  pick?: string;
  /** What each persona may do; not listed: nothing. */
  allowed: Partial<Record<Persona, Ops>>;
}

const UNIFIED: Record<string, TableSpec> = {
  'public.unified_profiles': { owner: 'id', updateColumn: 'first_name', allowed: { 'authenticated:owner': 'su', 'authenticated:admin': 's' } },
  'public.transactions': { owner: 'user_id', allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } },
  'public.enrollments': { owner: 'user_id', allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } },
  'public.affiliates': { owner: 'user_id', allowed: { 'authenticated:owner': 's', 'authenticated:admin': 's' } },
  'public.courses': {
    pick: 'not exists (select 1 from public.enrollments e where e.course_id = courses.id)',
    allowed: { 'authenticated:other': 's', 'authenticated:admin': 's' },
  },
  'public.membership_levels': { allowed: { 'authenticated:other': 's', 'authenticated:admin': 's' } },
  'public.admin_notifications': { allowed: { 'authenticated:admin': 's' } },
  'public.profile_audit_log': { allowed: { 'authenticated:admin': 's' } },
  'public.revenue_metrics': { allowed: { 'authenticated:admin': 's' } },
  'public.dashboard_cache_status': { allowed: { 'authenticated:admin': 's' } },
  // the dashboards: leads and the three rollups are read by admins (service_role: its grants); the
  // per-key tables behind the rollups by nobody (only the definer role's functions write them)
  'public.leads': { allowed: { 'authenticated:admin': 's' } },
  'public.revenue_analysis_rollup': { allowed: { 'authenticated:admin': 's' } },
  'public.monthly_enrollments_rollup': { allowed: { 'authenticated:admin': 's' } },
  'public.marketing_source_rollup': { allowed: { 'authenticated:admin': 's' } },
  'public.revenue_analysis_rollup_by_customer': { allowed: {} },
  'public.monthly_enrollments_rollup_by_student': { allowed: {} },
  'public.marketing_source_rollup_by_profile': { allowed: {} },
};
const CRM: Record<string, TableSpec> = Object.fromEntries(
  ['crm.customers', 'crm.conversations', 'crm.messages'].map((t) => [t, { allowed: { 'crm_app:brand': 'siud', crm_analytics: 's' } }]),
);
const INGEST: Record<string, TableSpec> = Object.fromEntries(
  ['backups', 'products', 'rejected_rows', 'run_log', 'sync_state', 'systemeio_raw', 'validation_reports', 'xendit_raw', 'xendit_transactions_raw'].map((t) => [
    `ingest.${t}`,
    { allowed: {} },
  ]),
);
const SPEC: Record<string, TableSpec> = { ...UNIFIED, ...CRM, ...INGEST };

const LETTER: Record<RlsOperation, string> = { select: 's', insert: 'i', update: 'u', delete: 'd' };

const t = useDatabase();
let me: string;
let someoneElse: string;
let admin: string;
const columns = new Map<string, { all: string[]; hasIdentity: boolean; updatable: string; brandType?: string }>();
const serviceGrants = new Set<string>();

beforeAll(async () => {
  await resetUnified(t.db);
  const f = await loadAnalyticsFixture(t.db);
  me = f.u1;
  someoneElse = f.u2;
  admin = await createProfile(t.db, 'matrix-admin@example.com');
  await t.db.execute(sql`insert into public.affiliates (user_id, code) values (${f.u1}, 'm-u1'), (${f.u2}, 'm-u2')`);
  await t.db.execute(sql`insert into public.membership_levels (name) values ('matrix gold')`);
  await t.db.execute(sql`insert into public.courses (slug, title) values ('matrix-unreferenced', 'Nobody enrolled')`);
  await t.db.execute(sql`update public.unified_profiles set first_name = 'Audited' where id = ${f.u2}`);
  await t.db.execute(sql`select public.update_revenue_metrics()`);
  // a lead (the rollup triggers also fill marketing_source_rollup from it)
  await t.db.execute(sql`insert into public.leads (email, first_seen_at) values ('matrix-lead@example.com', now())`);
  await seedBrands(t.db, 2);
  await execScript(
    t.db,
    `insert into ingest.run_log (kind) values ('sync_xendit');
     insert into ingest.validation_reports (report, blocking_errors) values ('{}'::jsonb, 0);
     insert into ingest.rejected_rows (source, payload_hash, payload, position, source_format, reason)
       values ('xendit', md5('r1'), '{}'::jsonb, 1, 'json', 'matrix fixture');
     insert into ingest.sync_state (source) values ('xendit_invoices') on conflict do nothing;
     insert into ingest.backups (id, schema_name, tables) values ('b20260101_000000_abcdef', 'ingest_backup_b20260101_000000_abcdef', '[]'::jsonb);
     insert into ingest.systemeio_raw (id, email, email_normalized, payload, content_hash) values ('s1', 'A@x.example', 'a@x.example', '{}'::jsonb, md5('s1'));
     insert into ingest.xendit_raw (id, payload, amount, status, content_hash) values ('x1', '{}'::jsonb, 10, 'PAID', md5('x1'));
     insert into ingest.xendit_transactions_raw (id, payload, content_hash) values ('xt1', '{}'::jsonb, md5('xt1'));`,
  );
  for (const table of Object.keys(SPEC)) {
    const cols = await queryRows<{ attname: string; attidentity: string; type: string }>(
      t.db,
      sql`select attname, attidentity, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = ${table}::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
    );
    columns.set(table, {
      all: cols.map((c) => c.attname),
      hasIdentity: cols.some((c) => c.attidentity !== ''),
      // an identity column can only be set to DEFAULT
      updatable: cols.find((c) => c.attidentity === '')!.attname,
      brandType: cols.find((c) => c.attname === 'brand_id')?.type,
    });
    const grants = await queryRows<{ op: string }>(
      t.db,
      sql`select op from unnest(array['select','insert','update','delete']) op where has_table_privilege('service_role', ${table}, op)`,
    );
    for (const g of grants) serviceGrants.add(`${table}|${g.op}`);
  }
});

function contextOf(persona: Persona): DbContext {
  switch (persona) {
    case 'anon':
      return anonCtx;
    case 'authenticated:owner':
    case 'authenticated:other':
      return userCtx(me);
    case 'authenticated:admin':
      return adminCtx(admin);
    case 'service_role':
      return { role: 'service_role' };
    case 'crm_app:brand':
    case 'crm_app:other_brand':
      return { role: 'crm_app', settings: { 'app.current_brand': 'gnymble' } };
    case 'crm_app:unset':
      return { role: 'crm_app' };
    case 'crm_analytics':
      return { role: 'crm_analytics' };
    case 'authenticated:partner_staff':
    case 'authenticated:instructor':
      throw new Error(`${persona}: a wolo / learning persona (test/rls/wolo-matrix.test.ts, learning-matrix.test.ts)`);
  }
}

/** The rows of `table` the probe acts on, as `persona`. */
function scope(table: string, spec: TableSpec, persona: Persona): string {
  const parts: string[] = [];
  if (spec.owner && persona === 'authenticated:owner') parts.push(`${spec.owner} = '${me}'`);
  else if (spec.owner && (persona === 'authenticated:other' || persona === 'authenticated:admin')) parts.push(`${spec.owner} = '${someoneElse}'`);
  if (table.startsWith('crm.') && persona === 'crm_app:other_brand') parts.push(`brand_id = 'percymd'`);
  if (table.startsWith('crm.') && persona === 'crm_app:brand') parts.push(`brand_id = 'gnymble'`);
  if (spec.pick) parts.push(spec.pick);
  return parts.length ? parts.join(' and ') : 'true';
}

function probe(table: string, spec: TableSpec, persona: Persona, operation: RlsOperation): string {
  const where = scope(table, spec, persona);
  const { all, hasIdentity, updatable, brandType } = columns.get(table)!;
  const cols = all.join(', ');
  const one = `ctid = (select ctid from ${table} where ${where} limit 1)`;
  switch (operation) {
    case 'select':
      return `select * from ${table} where ${where}`;
    case 'update': {
      const col = spec.updateColumn ?? updatable;
      return `update ${table} set ${col} = ${col} where ${one}`;
    }
    case 'delete':
      return `delete from ${table} where ${one}`;
    case 'insert': {
      const overriding = hasIdentity ? ' overriding system value' : '';
      if (persona === 'crm_app:other_brand') {
        // Its own brand's row, relabelled: the policy's WITH CHECK must refuse it.
        const own = scope(table, spec, 'crm_app:brand');
        return `with d as (delete from ${table} where ctid = (select ctid from ${table} where ${own} limit 1) returning *)
                insert into ${table} (${cols})${overriding} select ${all.map((c) => (c === 'brand_id' ? `'percymd'::${brandType}` : c)).join(', ')} from d`;
      }
      return `with d as (delete from ${table} where ${one} returning *) insert into ${table} (${cols})${overriding} select ${cols} from d`;
    }
  }
}

describe(`RLS matrix: every persona × operation on unified, crm and ingest tables (${engine})`, () => {
  it('has a contract for every RLS table of schemas public, crm and ingest (a new table needs one)', async () => {
    const tables = await queryRows<{ table: string }>(
      t.db,
      sql`select format('%s.%s', n.nspname, c.relname) as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where c.relrowsecurity and c.relkind in ('r', 'p') and not c.relispartition and n.nspname in ('public', 'crm', 'ingest') order by 1`,
    );
    expect(tables.map((r) => r.table)).toEqual(Object.keys(SPEC).sort());
  });

  for (const [table, spec] of Object.entries(SPEC)) {
    describe(table, () => {
      for (const persona of PERSONAS) {
        if (persona === 'authenticated:owner' && !spec.owner) continue; // no row belongs to a user
        if (persona === 'crm_app:other_brand' && !table.startsWith('crm.')) continue; // no row belongs to a brand
        if (persona === 'authenticated:partner_staff' || persona === 'authenticated:instructor') continue; // wolo / learning only
        for (const operation of OPERATIONS) {
          it(`${persona} ${operation}`, async () => {
            const expectAllow =
              persona === 'service_role' ? serviceGrants.has(`${table}|${operation}`) : (spec.allowed[persona] ?? '').includes(LETTER[operation]);
            const q = probe(table, spec, persona, operation);
            const rlsCase = { table, operation, persona, bypassRls: persona === 'service_role' };
            const op = (tx: Parameters<Parameters<typeof expectAllowed>[2]>[0]) => queryRows(tx, sql.raw(q));
            if (expectAllow) await expectAllowed(t.db, contextOf(persona), op, rlsCase);
            else await expectDenied(t.db, contextOf(persona), op, rlsCase);
          });
        }
      }
    });
  }
});

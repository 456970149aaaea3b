import { TransactionRollbackError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../src/db.js';
import { readFileSync } from 'node:fs';
import { registryMarkdown } from '../../src/functions/subjects/registry-doc.js';
import { personalDataRegistry } from '../../src/subjects.js';
import { packageSchemas } from '../foundation/package-schemas.js';
import { engine, useDatabase } from '../helpers.js';

/** Column names that look like personal data (issue 17): the catalog check's net. */
const PERSONAL = [
  /email/,
  /phone/,
  /(^|_)name$/, // name, first_name, last_name, full_name, display_name, donor_name, …
  /address/,
  /(^|_)ip($|_)/,
  /user_agent/,
  /date_of_birth|birth_?date|birthday|(^|_)dob$/,
  /id_number|(^|_)ssn$|passport|national_id|tax_id/,
];

/**
 * Personal-looking columns that are not a person's data, reviewed, with the reason. Anything else
 * matching PERSONAL must be named by a registry entry (its personal columns or its finders).
 */
const NOT_PERSONAL: Record<string, string> = {
  'crm.conversations.brand_phone': "the brand's own sending number",
  'crm.conversations.campaign_name': 'a marketing campaign',
  'ingest.backups.schema_name': 'a backup schema',
  'public.dashboard_cache_status.cache_name': 'a materialized view',
  'ingest.products.name': 'a product',
  'learning.course_categories.name': 'a catalog category',
  'learning.course_tags.name': 'a catalog tag',
  'learning.roles.name': 'a role (admin, instructor)',
  'learning.subscription_plans.name': 'a plan',
  'public.membership_levels.name': 'a membership level',
  'wolo.ab_tests.test_name': 'an experiment',
  'wolo.analytics_events.event_name': 'an event type (the row itself is in the registry)',
  'wolo.feature_flags.name': 'a feature flag',
  'wolo.funnel_analytics.funnel_name': 'a funnel (aggregate)',
  'wolo.funnel_analytics.step_name': 'a funnel step (aggregate)',
  'wolo.notification_templates.name': 'a message template',
  'wolo.packs.name': 'a gift pack',
  'wolo.partners.name': 'a partner business (its contact person is in the registry)',
  'wolo.partners.tax_id': "a business's tax number",
  'wolo.sponsor_campaigns.campaign_name': 'a sponsor campaign',
  'wolo.sponsor_campaigns.sponsor_company_name': 'a company',
  'wolo.system_health_checks.check_name': 'a health check',
  'wolo.system_health_checks.service_name': 'a service',
};

/** `schema.table.column` of every column the registry names (personal columns and finder columns). */
function covered(): Set<string> {
  const out = new Set<string>();
  for (const e of personalDataRegistry) {
    const cols = [...e.columns, ...e.findBy.map((f) => ('subject' in f || 'reference' in f ? f.column : 'mention' in f ? f.mention : f.actor))];
    for (const c of cols) out.add(`${e.qualifiedName}.${c}`);
  }
  return out;
}

/** Personal-looking columns of the package's tables that neither the registry nor NOT_PERSONAL covers. */
async function uncovered(db: Pick<Database, 'execute'>): Promise<string[]> {
  const schemas = packageSchemas().filter((s) => s !== 'auth');
  const rows = await queryRows<{ col: string }>(
    db,
    `select n.nspname || '.' || c.relname || '.' || a.attname as col
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and a.attnum > 0 and not a.attisdropped
        and n.nspname = any (ARRAY[${schemas.map((s) => `'${s}'`).join(', ')}]::text[])
      order by 1`,
  );
  const known = covered();
  return rows
    .map((r) => r.col)
    .filter((col) => PERSONAL.some((p) => p.test(col.split('.')[2]!)))
    .filter((col) => !known.has(col) && !(col in NOT_PERSONAL));
}

describe(`personal-data registry: catalog check (${engine})`, () => {
  const t = useDatabase();

  it('every personal-looking column of every package schema is in a registry entry or reviewed as not personal', async () => {
    expect(await uncovered(t.db)).toEqual([]);
  });

  it('a new table with such a column and no entry fails the check', async () => {
    let found: string[] = [];
    // created and rolled back in one transaction: the database is left as it was
    await t.db
      .transaction(async (tx) => {
        await queryRows(tx, 'create table wolo.newsletter_signups (id uuid primary key, contact_email text, display_name text, last_ip inet)');
        found = await uncovered(tx);
        tx.rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof TransactionRollbackError)) throw e;
      });
    expect(found).toEqual(['wolo.newsletter_signups.contact_email', 'wolo.newsletter_signups.display_name', 'wolo.newsletter_signups.last_ip']);
  });

  it('the reviewed exceptions all exist (a stale one is removed)', async () => {
    const cols = new Set(
      (await queryRows<{ col: string }>(t.db, `select table_schema || '.' || table_name || '.' || column_name as col from information_schema.columns`)).map((r) => r.col),
    );
    expect(Object.keys(NOT_PERSONAL).filter((c) => !cols.has(c))).toEqual([]);
  });

  it('every registry entry names columns its table has in the database, and every user table is an identity', async () => {
    const cols = new Set(
      (await queryRows<{ col: string }>(t.db, `select table_schema || '.' || table_name || '.' || column_name as col from information_schema.columns`)).map((r) => r.col),
    );
    expect([...covered()].filter((c) => !cols.has(c))).toEqual([]);
    expect(personalDataRegistry.filter((e) => e.identity).map((e) => e.qualifiedName).sort()).toEqual(['auth.users', 'learning.users', 'public.unified_profiles', 'wolo.users']);
  });

  it('docs/subjects.md lists the registry as it is (regenerate the table with registryMarkdown())', () => {
    const page = readFileSync(new URL('../../docs/subjects.md', import.meta.url), 'utf8');
    expect(page).toContain(registryMarkdown());
  });
});

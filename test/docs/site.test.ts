import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { type BuiltSite, buildSite } from '../../src/docs/site.js';
import { engine, useDatabase } from '../helpers.js';

// The schema reference opened in a real browser: Debian's Chromium, headless, through
// playwright-core (no browser download). The site does not depend on the engine and the catalog
// queries are checked on both engines in catalog.test.ts, so this runs in the pglite project only.
const CHROMIUM = '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '../..');
// The committed preview (docs/site-preview) is rewritten only on request (UPDATE_SITE_PREVIEW=1): a test
// run leaves the checkout as it found it; otherwise the screenshot goes to the built site's temp folder.
const UPDATE_PREVIEW = process.env.UPDATE_SITE_PREVIEW === '1';

// Without Chromium a developer's run skips it with the reason; CI (CI=true) installs it and never skips.
const noBrowser = !existsSync(CHROMIUM) && process.env.CI !== 'true';
if (noBrowser) console.warn(`\n!! ${CHROMIUM} not found: the browser test of the schema reference is skipped (apt-get install chromium)\n`);

describe.skipIf(engine !== 'pglite' || noBrowser)('schema reference in headless Chromium (pglite project only: the site is engine-independent; needs /usr/bin/chromium)', () => {
  const t = useDatabase();
  const out = mkdtempSync(join(tmpdir(), 'schema-reference-site-'));
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  let site: BuiltSite;
  let browser: BrowserContext;
  /** Every request the pages made that was not a file: the site must need no network. */
  const network: string[] = [];
  const url = (path: string) => pathToFileURL(join(out, path)).href;

  beforeAll(async () => {
    site = await buildSite({ db: t.db, outDir: out });
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    browser.on('request', (r) => {
      if (!r.url().startsWith('file:')) network.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it("each domain's diagram renders one visible box per table of the catalog", async () => {
    const page = await browser.newPage();
    expect(site.catalog.domains.length).toBeGreaterThanOrEqual(3);
    for (const d of site.catalog.domains) {
      const [{ n }] = (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = ${d.schema} and c.relkind in ('r', 'p') and not c.relispartition`)) as [{ n: number }];
      await page.goto(url(`${d.schema}/index.html`));
      const boxes = page.locator('.diagram svg g.node.table');
      expect(await boxes.count(), d.schema).toBe(n);
      // Rendered, not just present: every box has a size and shows its table's name.
      const sizes = await boxes.evaluateAll((gs) => gs.map((g) => (g as unknown as { getBBox(): { width: number; height: number } }).getBBox()).map((b) => b.width * b.height));
      expect(sizes.every((s) => s > 100), d.schema).toBe(true);
      const titles = await page.locator('.diagram svg g.node.table > title').allTextContents();
      expect(titles.sort()).toEqual(d.tables.map((r) => `${d.schema}.${r.name}`).sort());
    }
    await page.close();
  });

  it('the crm access matrix shows crm_app limited to its own brand and denied across brands', async () => {
    const page = await browser.newPage();
    await page.goto(url('crm/index.html'));
    const cell = page.locator('table[data-matrix="access"] tr[data-relation="crm.customers"] td[data-role="crm_app"] .op[data-op="SELECT"]');
    await expect.poll(() => cell.getAttribute('data-access')).toBe('scoped');
    expect(await cell.getAttribute('title')).toContain('own brand only; denied across brands');
    const row = page.locator('table[data-scoped="access"] tr[data-role="crm_app"][data-relation="crm.customers"]');
    expect(await row.isVisible()).toBe(true);
    expect(await row.textContent()).toMatch(/SELECT, INSERT, UPDATE, DELETE\s*own brand only — denied across brands/);
    // Roles without USAGE on crm are denied outright.
    const anon = page.locator('table[data-matrix="access"] tr[data-relation="crm.customers"] td[data-role="authenticated"] .op.denied');
    expect(await anon.count()).toBe(4);
    const preview = UPDATE_PREVIEW ? join(root, 'docs/site-preview/crm.png') : join(out, 'crm-preview.png');
    mkdirSync(dirname(preview), { recursive: true });
    await page.screenshot({ path: preview, fullPage: true });
    await page.close();
  });

  it("search finds a column's table page, from the index and from any page's search box", async () => {
    const page = await browser.newPage();
    await page.goto(url('index.html'));
    await page.locator('#search-box').fill('message_count');
    const hit = page.locator('#search-results a', { hasText: /^message_count$/ });
    await expect.poll(() => hit.count()).toBe(1);
    await hit.click();
    await page.waitForURL(/crm\/tables\/conversations\.html#col-message_count$/);
    expect(await page.locator('h1').getAttribute('data-relation')).toBe('crm.conversations');
    expect(await page.locator('#col-message_count').isVisible()).toBe(true);
    // The header's box on a table page submits to the index, which runs the query.
    await page.locator('header input[name="q"]').fill('customers.stage');
    await page.locator('header input[name="q"]').press('Enter');
    await page.waitForURL(/index\.html\?q=customers\.stage$/);
    await expect.poll(() => page.locator('#search-results li').first().textContent()).toContain('crm.customers');
    await page.close();
  });

  it('made no network request: everything is inline and relative', () => {
    expect(network).toEqual([]);
  });
});

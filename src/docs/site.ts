/**
 * `unified-schema docs` / `npm run docs`: the schema reference, a static site written from the
 * declared schema (which Postgres schemas are the package's domains) and a migrated database's
 * catalog (everything else). See docs/schema-reference.md.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { is } from 'drizzle-orm';
import { getMaterializedViewConfig, getTableConfig, getViewConfig, isPgEnum, isPgMaterializedView, isPgView, PgTable } from 'drizzle-orm/pg-core';
import { CliError } from '../cli/common.js';
import { type Database, engineOf, openDatabase } from '../db.js';
import { migrate, migrationStatus } from '../migrations/index.js';
import * as declared from '../schema/index.js';
import { type AccessMatrix, computeAccess, matrixRoles } from './access.js';
import { type Catalog, readCatalog } from './catalog.js';
import { indexComment, readSourceComments, type SourceComments } from './comments.js';
import { domainDot, renderSvg } from './diagram.js';
import { domainPage, functionsPage, indexPage, page, paths, relationPage, ZOOM_SCRIPT } from './render.js';

/** Schemas Supabase owns: the package only shims them where they are missing. */
const NOT_DOMAINS = new Set(['auth']);

/**
 * The package's domains: every Postgres schema in which the drizzle barrel declares a table, view
 * or enum, `public` first, then by name. A domain merged later appears with no change here.
 */
export function declaredSchemas(schemaModule: Record<string, unknown> = declared): string[] {
  const found = new Set<string>();
  for (const v of Object.values(schemaModule)) {
    if (is(v, PgTable)) found.add(getTableConfig(v).schema ?? 'public');
    else if (isPgView(v)) found.add(getViewConfig(v).schema ?? 'public');
    else if (isPgMaterializedView(v)) found.add(getMaterializedViewConfig(v).schema ?? 'public');
    else if (isPgEnum(v)) found.add((v as unknown as { schema?: string }).schema ?? 'public');
  }
  return [...found].filter((s) => !NOT_DOMAINS.has(s)).sort((a, b) => (a === 'public' ? -1 : b === 'public' ? 1 : a.localeCompare(b)));
}

/** Fills index and table comments the database lacks from the source (COMMENT ON wins). */
function applySourceComments(catalog: Catalog, comments: SourceComments) {
  for (const d of catalog.domains) {
    for (const r of [...d.tables, ...d.views]) {
      r.comment ??= comments.tables.get(`${r.schema}.${r.name}`) ?? null;
      for (const i of r.indexes) i.comment ??= indexComment(comments, r.schema, r.name, i.name);
      for (const c of r.constraints) c.comment ??= indexComment(comments, r.schema, r.name, c.name);
    }
  }
}

export interface BuildSiteOptions {
  db: Database;
  outDir: string;
  /** Default: the schemas the drizzle barrel declares. */
  schemas?: readonly string[];
  /** Where to read declaration comments (default: this package's src/ or dist/). */
  sourceRoot?: string;
  /** One line on the index page saying what the site was built from. */
  source?: string;
}

export interface BuiltSite {
  outDir: string;
  catalog: Catalog;
  matrix: AccessMatrix;
  files: string[];
}

/** The file every site this package writes carries: the folder may be emptied by the next build. */
export const SITE_MARKER = '.unified-schema-docs';

/**
 * Empties `outDir` for a new build, which is only ever a folder this package wrote: missing, empty,
 * or holding {@link SITE_MARKER}. Anything else (a project folder, `.`, a folder of the app's own
 * docs) is refused untouched.
 */
export function clearSiteFolder(outDir: string): void {
  checkSiteFolder(outDir);
  rmSync(outDir, { recursive: true, force: true });
}

/** Throws (`not_a_site_folder`) unless `outDir` may be emptied for a build: see {@link clearSiteFolder}. */
export function checkSiteFolder(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new CliError('not_a_site_folder', `${outDir} is a file, not a folder: refusing to replace it with the schema reference`);
  const entries = readdirSync(outDir);
  if (entries.length && !entries.includes(SITE_MARKER)) {
    throw new CliError(
      'not_a_site_folder',
      `${outDir} is not empty and holds no schema reference written by \`unified-schema docs\` (no ${SITE_MARKER} in it): refusing to empty it; pass a new or empty folder with --out`,
    );
  }
}

/** Writes the site into `outDir` (a folder of its own, emptied first: see clearSiteFolder) and returns what it was built from. */
export async function buildSite(opts: BuildSiteOptions): Promise<BuiltSite> {
  const schemas = opts.schemas ?? declaredSchemas();
  const catalog = await readCatalog(opts.db, schemas);
  applySourceComments(catalog, readSourceComments(opts.sourceRoot));
  const matrix = await computeAccess(opts.db, catalog, matrixRoles(catalog));
  const domains = catalog.domains.map((d) => d.schema);
  const relHref = new Map<string, string>();
  for (const d of catalog.domains) for (const r of [...d.tables, ...d.views]) relHref.set(`${r.schema}.${r.name}`, paths.relation(d.schema, r.name));

  clearSiteFolder(opts.outDir);
  mkdirSync(opts.outDir, { recursive: true });
  writeFileSync(join(opts.outDir, SITE_MARKER), 'Written by `unified-schema docs`: the next build empties this folder.\n');
  const files: string[] = [];
  const write = (rel: string, html: string) => {
    const file = join(opts.outDir, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, html);
    files.push(rel);
  };

  const source = opts.source ?? `Built from a ${engineOf(opts.db) === 'pglite' ? 'PGlite' : 'PostgreSQL'} ${catalog.serverVersion} database.`;
  const index = indexPage(catalog, { source, roles: matrix.roles });
  write(paths.index, page({ title: 'Domains', root: '', domains, body: index.body, script: index.script }));

  const incoming = new Map<string, { from: string; constraint: string; columns: string[] }[]>();
  for (const d of catalog.domains)
    for (const r of d.tables)
      for (const c of r.constraints)
        if (c.references) incoming.set(c.references.table, [...(incoming.get(c.references.table) ?? []), { from: `${r.schema}.${r.name}`, constraint: c.name, columns: c.columns }]);

  for (const d of catalog.domains) {
    const svg = await renderSvg(domainDot(d, (t) => `tables/${t.name}.html`));
    write(paths.domain(d.schema), page({ title: d.schema, root: '..', domains, currentDomain: d.schema, body: domainPage(d, { svg, matrix }), script: ZOOM_SCRIPT }));
    write(paths.functions(d.schema), page({ title: `${d.schema} functions`, root: '..', domains, currentDomain: d.schema, body: functionsPage(d) }));
    for (const r of [...d.tables, ...d.views]) {
      const qualified = `${r.schema}.${r.name}`;
      const body = relationPage(r, {
        catalog,
        matrix,
        incoming: incoming.get(qualified) ?? [],
        href: (q) => {
          const target = relHref.get(q);
          return target ? `../../${target}` : null;
        },
      });
      write(paths.relation(d.schema, r.name), page({ title: qualified, root: '../..', domains, currentDomain: d.schema, body }));
    }
  }
  return { outDir: opts.outDir, catalog, matrix, files };
}

export interface GenerateDocsOptions {
  outDir: string;
  /**
   * A server database to document as it is (never migrated here), opened by the caller (the CLI
   * opens it the one way it opens every database: the URL checked, its password redacted in errors).
   * Default: a fresh in-memory PGlite, migrated.
   */
  db?: Database;
}

/** Opens the database (a migrated in-memory PGlite by default) and builds the site. */
export async function generateDocs(opts: GenerateDocsOptions): Promise<BuiltSite & { pending: number }> {
  const { db, close } = opts.db ? { db: opts.db, close: async () => {} } : await openDatabase({ embedded: true });
  try {
    if (!opts.db) await migrate(db);
    const status = await migrationStatus(db);
    const applied = status.entries.length - status.pending.length;
    const site = await buildSite({
      db,
      outDir: opts.outDir,
      source: `Built from ${applied} migration(s) on ${opts.db ? 'a PostgreSQL server' : 'an embedded PGlite'}${status.pending.length ? ` (${status.pending.length} pending, not shown)` : ''}.`,
    });
    return { ...site, pending: status.pending.length };
  } finally {
    await close();
  }
}

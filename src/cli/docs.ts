import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type CliOutput, globalOptions, openCliDatabase } from './common.js';

/** The default folder of the schema reference (ignored by git: `npm run docs` rebuilds it). */
export const DEFAULT_DOCS_DIR = 'docs/site';

/**
 * `unified-schema docs [--out <dir>]`: writes the schema reference (a static site) from a fresh,
 * migrated embedded database, or from the server `--database-url` names, read as it is.
 */
export function registerDocsCommand(program: Command, out: CliOutput): void {
  program
    .command('docs')
    .description('write the schema reference: a static, searchable site (diagrams, tables, policies, access matrix) that works offline')
    .option('--out <dir>', 'folder to write the site into: new, empty, or an earlier site (which is replaced); any other folder is refused', DEFAULT_DOCS_DIR)
    .action(async (opts: { out: string }, command: Command) => {
      const global = globalOptions(command);
      const outDir = out.path(opts.out);
      // Loaded on use: Graphviz (1 MB of WebAssembly) must not slow every other command's start.
      const { checkSiteFolder, generateDocs } = await import('../docs/site.js');
      // before any work: a folder that is not a site of ours is refused untouched
      checkSiteFolder(outDir);
      // --database-url only (never DATABASE_URL): opened and checked the way every command opens a server
      const server = global.databaseUrl ? await openCliDatabase(out, global, { env: false }) : undefined;
      const site = await generateDocs({ outDir, db: server?.db }).finally(() => server?.close());
      const summary = {
        outDir,
        index: resolve(outDir, 'index.html'),
        domains: site.catalog.domains.map((d) => ({ schema: d.schema, tables: d.tables.length, views: d.views.length, functions: d.functions.length })),
        files: site.files.length,
        pendingMigrations: site.pending,
      };
      if (global.json) {
        out.printJson(summary);
        return;
      }
      for (const d of summary.domains) out.say(`  ${d.schema.padEnd(12)} ${d.tables} tables, ${d.views} views, ${d.functions} functions`);
      if (site.pending) out.say(`warning: ${site.pending} migration(s) are not applied on that database; the reference shows it as it is.`);
      out.say(`Wrote ${summary.files} pages: open ${summary.index}`);
    });
}

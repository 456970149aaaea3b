import { resolve } from 'node:path';
import type { Command } from 'commander';

/** The default folder of the schema reference (ignored by git: `npm run docs` rebuilds it). */
export const DEFAULT_DOCS_DIR = 'docs/site';

/**
 * `unified-schema docs [--out <dir>]`: writes the schema reference (a static site) from a fresh,
 * migrated embedded database, or from the server `--database-url` names, read as it is.
 */
export function registerDocsCommand(program: Command): void {
  program
    .command('docs')
    .description('write the schema reference: a static, searchable site (diagrams, tables, policies, access matrix) that works offline')
    .option('--out <dir>', 'folder to write the site into (emptied first)', DEFAULT_DOCS_DIR)
    .action(async (opts: { out: string }, command: Command) => {
      const global = command.optsWithGlobals<{ databaseUrl?: string; json?: boolean }>();
      const outDir = resolve(opts.out);
      // Loaded on use: Graphviz (1 MB of WebAssembly) must not slow every other command's start.
      const { generateDocs } = await import('../docs/site.js');
      const site = await generateDocs({ outDir, databaseUrl: global.databaseUrl });
      const summary = {
        outDir,
        index: resolve(outDir, 'index.html'),
        domains: site.catalog.domains.map((d) => ({ schema: d.schema, tables: d.tables.length, views: d.views.length, functions: d.functions.length })),
        files: site.files.length,
        pendingMigrations: site.pending,
      };
      if (global.json) {
        console.log(JSON.stringify(summary));
        return;
      }
      for (const d of summary.domains) console.log(`  ${d.schema.padEnd(12)} ${d.tables} tables, ${d.views} views, ${d.functions} functions`);
      if (site.pending) console.log(`warning: ${site.pending} migration(s) are not applied on that database; the reference shows it as it is.`);
      console.log(`Wrote ${summary.files} pages: open ${summary.index}`);
    });
}

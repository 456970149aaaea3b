import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexComment, readSourceComments } from '../../src/docs/comments.js';
import { engine } from '../helpers.js';

// The comments the schema reference shows, read from sources laid out as tsc emits them into dist/:
// no blank line between a file's `//` header and its first declaration.
describe(`source comments of tables and indexes (${engine}: no database involved)`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'source-comments-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'admin.js'),
    [
      "export const wolo = pgSchema('wolo');",
      '// Admin service (doc 003): tables only.',
      "export const featureFlags = rlsTable(wolo, 'feature_flags', {",
      "  id: uuid('id'),",
      '}, (t) => [',
      '  // The flag by its key.',
      "  index('feature_flags_flag_key_idx').on(t.flagKey),",
      "  unique('feature_flags_owner_key').on(t.owner),",
      ']);',
      '/** A setting, one row per key. */',
      "export const settings = rlsTable(wolo, 'settings', {",
      "  id: uuid('id'),",
      '});',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'views.js'),
    [
      '// The unique index of each materialized view.',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text under test, a template literal as written in src/views
      'const keys = mvs.map((v) => `CREATE UNIQUE INDEX IF NOT EXISTS ${getMaterializedViewConfig(v.mv).name}_key ON ${qualifiedTableName(v.mv)} (${v.key})`);',
    ].join('\n'),
  );
  const comments = readSourceComments(dir);

  it("takes a table's JSDoc, not the file's // header standing right above the first table", () => {
    expect(comments.tables.get('wolo.settings')).toBe('A setting, one row per key.');
    expect(comments.tables.has('wolo.feature_flags')).toBe(false);
  });

  it("still takes an index's // comment", () => {
    expect(comments.indexes.get('feature_flags_flag_key_idx')?.[0]?.comment).toBe('The flag by its key.');
  });

  it('a comment belongs to the one declaration below it, not to the next one too', () => {
    expect(indexComment(comments, 'wolo', 'feature_flags', 'feature_flags_owner_key')).toBeNull();
  });

  it("an index name built from a relation's name (the materialized views' <name>_key) matches that relation's index only", () => {
    expect(indexComment(comments, 'public', 'revenue_mv', 'revenue_mv_key')).toBe('The unique index of each materialized view.');
    expect(indexComment(comments, 'wolo', 'wave_webhook_events', 'wave_webhook_events_wave_event_id_key')).toBeNull();
  });
});

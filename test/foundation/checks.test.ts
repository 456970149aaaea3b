import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { TEXT_LIMITS, tagsWithinLimits } from '../../src/schema/_shared/index.js';
import { runs } from '../fuzz/fuzz.js';
import { engine, useDatabase } from '../helpers.js';

const t = useDatabase();
const { tags: COUNT, tag: LENGTH } = TEXT_LIMITS;

/** The tags CHECK as it was first written: the pattern alone (migration 0039 added the length test before it). */
const patternOnly = (column: string) => `cardinality(${column}) <= ${COUNT} AND array_to_string(${column}, E'\\n') !~ '[^\\n]{${LENGTH + 1}}'`;

/** Arrays near every edge: elements of up to 100 and 101+ characters, newlines inside, NULL elements, 100 and 101 elements. */
const tagArrays = fc.oneof(
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null)), { maxLength: 5 }),
  fc.array(
    fc.oneof(
      fc.integer({ min: 95, max: 105 }).map((n) => 'x'.repeat(n)),
      fc.integer({ min: 40, max: 160 }).chain((n) => fc.integer({ min: 0, max: n }).map((k) => `${'a'.repeat(k)}\n${'b'.repeat(n - k)}`)),
      fc.string({ maxLength: 60 }),
      fc.constant(null),
    ),
    { maxLength: 6 },
  ),
  // one element, or two with the newline between them, whose joined length is at the limit or just past it
  fc.integer({ min: LENGTH - 2, max: LENGTH + 2 }).map((n) => ['x'.repeat(n)]),
  fc.integer({ min: LENGTH - 2, max: LENGTH + 2 }).chain((n) => fc.integer({ min: 0, max: n - 1 }).map((k) => ['a'.repeat(k), 'b'.repeat(n - 1 - k)])),
  fc.integer({ min: COUNT - 1, max: COUNT + 2 }).map((n) => Array.from({ length: n }, (_, i) => `t${i}`)),
  fc.constant(null),
);

describe(`the tags CHECK of every table with tags (${engine})`, () => {
  it('gives the same verdict as the pattern alone for any array, its length test only sparing the pattern (400 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(tagArrays, async (tags) => {
        const array =
          tags === null
            ? sql`NULL::text[]`
            : sql`array(select e.v from jsonb_array_elements_text(${JSON.stringify(tags)}::jsonb) with ordinality as e(v, i) order by e.i)`;
        const [row] = await queryRows<{ fast: boolean | null; pattern: boolean | null }>(
          t.db,
          sql`select (${sql.raw(tagsWithinLimits('x.tags', COUNT, LENGTH))}) as fast, (${sql.raw(patternOnly('x.tags'))}) as pattern
                from (select ${array} as tags) x`,
        );
        expect(row!.fast).toBe(row!.pattern);
      }),
      runs(400),
    );
  });

  it('is the constraint the migrations give every text[] column with a per-element length limit', async () => {
    const rows = await queryRows<{ name: string; def: string }>(
      t.db,
      `select n.nspname || '.' || k.relname || '.' || c.conname as name, pg_get_constraintdef(c.oid) as def
         from pg_constraint c join pg_class k on k.oid = c.conrelid join pg_namespace n on n.oid = k.relnamespace
        where c.contype = 'c' and pg_get_constraintdef(c.oid) like '%array_to_string(%!~%'
          and c.connamespace <> 'ingest'::regnamespace
        order by 1`,
    );
    expect(rows.map((r) => r.name)).toEqual([
      'crm.conversations.conversations_tags_length_check',
      'crm.customers.customers_tags_length_check',
      'crm.messages.messages_media_urls_length_check',
      'public.unified_profiles.unified_profiles_tags_length_check',
      'wolo.packs.packs_marketing_tags_length_check',
    ]);
    for (const r of rows) expect(r.def, r.name).toMatch(/\(char_length\(array_to_string\(\w+, '\n'::text\)\) <= \d+\) OR \(array_to_string/);
  });
});

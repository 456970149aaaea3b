import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { sizeChecks, sizeChecksGuardBlock } from '../../src/functions/size-limits.js';
import { jsonbBytes, TEXT_LIMITS } from '../../src/schema/_shared/index.js';
import { runs } from '../fuzz/fuzz.js';
import { engine, useDatabase } from '../helpers.js';
import { packageSchemasSql } from './package-schemas.js';

const t = useDatabase();

/** The roles apps write with through the Supabase API or their own connection (RLS aside). */
const WRITERS = ['anon', 'authenticated', 'crm_app'];

/**
 * Columns a writer role may set that need no size CHECK, `schema.table.column` → why. Keep it short:
 * anything here can grow without bound through the API.
 */
const UNBOUNDED: Readonly<Record<string, string>> = {};

/** Quoted or bare, the way pg_get_constraintdef prints a column name. */
const ident = (column: string) => `(?:"${column.replaceAll('"', '""')}"|${column.replace(/[^a-z0-9_]/g, '\\$&')})`;

/**
 * A regular expression that bounds the length of what it matches: anchored at both ends, and no
 * unbounded repetition (`*`, `+`, `{n,}`) outside a bracket expression or an escape.
 */
function boundedPattern(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
      continue;
    }
    if (c === '*' || c === '+') return false;
    if (c === '{' && /^\{\d+,\}/.test(pattern.slice(i))) return false;
  }
  return true;
}

/**
 * Whether a CHECK (as pg_get_constraintdef prints it) bounds the size of `column`: a length or size
 * limit (`checkLength`: char_length(c) <= n; `checkJsonSize`: octet_length((c)::text) <= n;
 * length / pg_column_size likewise), the `checkTags` form (cardinality(c) <= n with the joined
 * elements' length), a value set (`checkIn`: c = ANY (ARRAY[…]); `<@ ARRAY[…]` for a text[]), or an
 * anchored pattern without unbounded repetition (phones).
 */
function boundsColumn(def: string, column: string): boolean {
  const c = ident(column);
  const size = new RegExp(`(?:char_length|character_length|length|octet_length|pg_column_size)\\(\\(?${c}\\)?(?:::text)?\\)\\s*(?:<=|<|=)\\s*\\d+`);
  const between = new RegExp(`(?:char_length|length|octet_length)\\(\\(?${c}\\)?(?:::text)?\\)\\s*>=\\s*\\d+\\)\\s*AND\\s*\\(\\s*(?:char_length|length|octet_length)\\(\\(?${c}\\)?(?:::text)?\\)\\s*<=\\s*\\d+`);
  const tags = new RegExp(`cardinality\\(${c}\\)\\s*<=\\s*\\d+\\).*array_to_string\\(${c},`);
  const valueSet = new RegExp(`\\(?${c}\\)?(?:::text)?\\s*(?:= ANY \\(\\(?ARRAY\\[|<@ \\(?ARRAY\\[)`);
  if (size.test(def) || between.test(def) || tags.test(def) || valueSet.test(def)) return true;
  const pattern = new RegExp(`\\(?${c}\\)?(?:::text)?\\s*~\\s*'((?:[^']|'')*)'::text`).exec(def);
  return pattern !== null && boundedPattern(pattern[1]!.replaceAll("''", "'"));
}

describe(`size-bounded columns (${engine})`, () => {
  it('recognises the forms the CHECK helpers print, and nothing unbounded', () => {
    expect(boundsColumn('CHECK ((char_length(bio) <= 2000))', 'bio')).toBe(true);
    expect(boundsColumn('CHECK ((octet_length((metadata)::text) <= 65536))', 'metadata')).toBe(true);
    expect(boundsColumn("CHECK (((cardinality(tags) <= 100) AND ((char_length(array_to_string(tags, '\n'::text)) <= 100) OR (array_to_string(tags, '\n'::text) !~ '[^\n]{101}'::text))))", 'tags')).toBe(true);
    expect(boundsColumn("CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))", 'status')).toBe(true);
    expect(boundsColumn("CHECK ((phone ~ '^\\+?[0-9]{7,15}$'::text))", 'phone')).toBe(true);
    expect(boundsColumn('CHECK (((char_length(content) >= 1) AND (char_length(content) <= 20000)))', 'content')).toBe(true);
    // not bounds: another column's limit, an unbounded pattern, a presence test
    expect(boundsColumn('CHECK ((char_length(bio) <= 2000))', 'b')).toBe(false);
    expect(boundsColumn("CHECK ((email ~ '^[a-z]+@[a-z]+$'::text))", 'email')).toBe(false);
    expect(boundsColumn("CHECK ((code ~ '^[A-Z]{2,}$'::text))", 'code')).toBe(false);
    expect(boundsColumn("CHECK (((question_type = 'essay'::text) OR (correct_answer IS NOT NULL)))", 'correct_answer')).toBe(false);
    expect(boundsColumn("CHECK ((jsonb_typeof(permissions) = 'array'::text))", 'permissions')).toBe(false);
  });

  it('every text, unbounded varchar, json, jsonb and text[] column an app role may write has a CHECK bounding its size', async () => {
    const rows = await queryRows<{ col: string; checks: string[] | null }>(
      t.db,
      `select n.nspname || '.' || c.relname || '.' || a.attname as col,
              (select array_agg(pg_get_constraintdef(k.oid)) from pg_constraint k
                where k.conrelid = c.oid and k.contype = 'c' and a.attnum = any (k.conkey)) as checks
         from pg_attribute a
         join pg_class c on c.oid = a.attrelid
         join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = any (${packageSchemasSql()})
          and c.relkind in ('r', 'p') and not c.relispartition
          and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
          and (a.atttypid in ('text'::regtype, 'json'::regtype, 'jsonb'::regtype, 'text[]'::regtype, 'varchar[]'::regtype, 'json[]'::regtype, 'jsonb[]'::regtype, 'bytea'::regtype)
               or (a.atttypid = 'varchar'::regtype and a.atttypmod < 0))
          and exists (select 1 from unnest(array[${WRITERS.map((r) => `'${r}'`).join(', ')}]) r(role)
                       where exists (select 1 from pg_roles where rolname = r.role)
                         and (has_column_privilege(r.role, c.oid, a.attnum, 'INSERT') or has_column_privilege(r.role, c.oid, a.attnum, 'UPDATE')))
        order by 1`,
    );
    expect(rows.length, 'the catalog query found no writable column: is it still looking at the right schemas?').toBeGreaterThan(10);
    const column = (col: string) => col.split('.')[2]!;
    const unbounded = rows.filter((r) => !(r.checks ?? []).some((def) => boundsColumn(def, column(r.col)))).map((r) => r.col);
    const offenders = unbounded.filter((c) => !(c in UNBOUNDED));
    expect(offenders, `columns an app role may write without a size CHECK (add checkLength / checkJsonSize / checkTags, or an UNBOUNDED entry with its reason):\n${offenders.join('\n')}`).toEqual([]);
    // an entry for a column that is bounded now, or gone, is stale
    expect(Object.keys(UNBOUNDED).filter((c) => !unbounded.includes(c))).toEqual([]);
  });
});

/** Numbers whose numeric text differs from JSON.stringify's (exponents, tiny and huge magnitudes). */
const oddNumbers = fc.constantFrom(0, -0, 1e21, 1.5e21, 1e-7, -1.25e-7, 5e-324, 1.7976931348623157e308, 0.1, -12.5, 123456789012345680000, 2 ** 53);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    oddNumbers,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe(`the JSON size the validators measure (${engine})`, () => {
  it('jsonbBytes is the size checkJsonSize measures, octet_length(value::jsonb::text), for any JSON value (300 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(json, async (value) => {
        const text = JSON.stringify(value);
        // a lone surrogate or NUL is refused before any size check (isStorableJson)
        fc.pre(!/\\u0000|\\ud[89a-f]/i.test(text));
        const [row] = await queryRows<{ n: number }>(t.db, sql`select octet_length(${text}::jsonb::text) as n`);
        expect(jsonbBytes(value)).toBe(row!.n);
      }),
      runs(300),
    );
  });
});

describe(`the size checks guard (${engine})`, () => {
  it('refuses a migration adding a size CHECK to a table with rows over it, listing them, and passes once the CHECK exists', async () => {
    const guard = sizeChecksGuardBlock(sizeChecks());
    const rolledBack = new Error('rolled back');
    const outcome = await t.db
      .transaction(async (tx) => {
        await queryRows(tx, sql`insert into auth.users (id, email) values ('00000000-0000-4000-8000-00000000b001', 'guard@example.com')`);
        await queryRows(tx, sql`insert into wolo.users (id, email) values ('00000000-0000-4000-8000-00000000b001', 'guard@example.com')`);
        const [pot] = await queryRows<{ id: string }>(
          tx,
          sql`insert into wolo.pots (owner_user_id, title, target_amount_cfa, birthday_date) values ('00000000-0000-4000-8000-00000000b001', 'Guarded', 1000, current_date + 60) returning id`,
        );
        // the database as it was before the CHECK: a pot whose gallery is over the limit
        await queryRows(tx, sql`alter table wolo.pots drop constraint pots_gallery_images_size_check`);
        await queryRows(tx, sql`update wolo.pots set gallery_images = ${JSON.stringify(['x'.repeat(TEXT_LIMITS.jsonBytes)])}::jsonb where id = ${pot!.id}`);
        await queryRows(tx, sql`savepoint guard`);
        const refused = await queryRows(tx, sql.raw(guard)).then(
          () => undefined,
          (e: unknown) => e,
        );
        await queryRows(tx, sql`rollback to savepoint guard`);
        throw Object.assign(rolledBack, { refused, pot: pot!.id });
      })
      .catch((e: unknown) => e);
    expect(outcome).toBe(rolledBack);
    const { refused, pot } = outcome as { refused: unknown; pot: string };
    expect(String((refused as { cause?: unknown })?.cause ?? refused)).toMatch(new RegExp(`wolo\\.pots pots_gallery_images_size_check: ${pot}`));
    // every CHECK in place (this database): nothing to refuse
    await queryRows(t.db, sql.raw(guard));
  });

  it('lists every size CHECK of the schema, crm\'s and unified\'s included', () => {
    const names = sizeChecks().map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['customers_metadata_size_check', 'unified_profiles_tags_length_check', 'pots_gallery_images_size_check', 'quiz_attempts_responses_size_check']));
    const keys = sizeChecks().map((c) => `${c.table} ${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

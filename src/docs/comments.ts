/**
 * The comments the package writes next to its declarations (docs/conventions.md: every index has a
 * comment naming the query it serves; a table's JSDoc says what a row is). drizzle-kit emits no
 * COMMENT ON, so the reference reads them from the source files beside this module (src/ under
 * tsx, dist/ once built: tsc keeps comments). A COMMENT ON in the database wins over these.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SourceComments {
  /** `schema.table` → the table's JSDoc. */
  tables: Map<string, string>;
  /** index or constraint name → comments found beside its declaration, with their table when known. */
  indexes: Map<string, { schema: string | null; table: string | null; comment: string }[]>;
  /**
   * Indexes whose names the code builds (`${v.name}_key`), as patterns over `name ON table`. `affix`:
   * the name is one relation's name with a literal prefix and suffix, and the table is one expression
   * (`${mv}_key ON ${mv}`): the index is that table's only when its name is prefix + table + suffix.
   */
  templates: { pattern: RegExp; schema: string | null; comment: string; affix?: { prefix: string; suffix: string } }[];
}

/** The source root: src/ (or dist/) of this package. */
export const defaultSourceRoot = () => fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'docs') out.push(...sourceFiles(path));
    } else if (/\.(ts|js)$/.test(name) && !/\.d\.ts$/.test(name) && !/supabase-types/.test(name)) out.push(path);
  }
  return out.sort();
}

/**
 * `// a\n// b` or a `/** … *\/` block ending right before `offset` (blank lines break the run).
 * `docOnly`: the JSDoc block only. A table's comment is its JSDoc (docs/conventions.md): a file's
 * `//` header above its first table is not, and tsc drops the blank line that separates them in src.
 */
function commentBefore(text: string, offset: number, docOnly = false): string | null {
  const lines = text.slice(0, offset).split('\n');
  lines.pop(); // the declaration's own line up to the match
  // A comment belongs to the one declaration right below it: one over a run of declarations gave each
  // of them the first one's purpose (a phone key showed the email key's comment).
  const taken: string[] = [];
  while (lines.length) {
    const line = lines[lines.length - 1]!.trim();
    if (line.startsWith('//') && !docOnly) {
      taken.unshift(line.replace(/^\/\/\s?/, ''));
      lines.pop();
    } else if (line.endsWith('*/') && !taken.length) {
      const block: string[] = [];
      while (lines.length) {
        const l = lines.pop()!.trim();
        block.unshift(l);
        if (l.startsWith('/*')) break;
      }
      taken.push(
        block
          .map((l) => l.replace(/^\/\*\*?\s?/, '').replace(/\*\/$/, '').replace(/^\*\s?/, ''))
          .filter((l) => l.trim())
          .join(' ')
          .trim(),
      );
      break;
    } else break;
  }
  const comment = taken.join(' ').replace(/\s+/g, ' ').trim();
  return comment || null;
}

/**
 * Reads table and index comments from every .ts/.js file under `root`. The schema of a table comes
 * from the `pgSchema('x')` its declaring variable names (`rlsTable(crm, 'customers', …)`,
 * `crm.table('customers', …)`), public for `rlsTable('public', …)` and `pgTable`.
 */
export function readSourceComments(root: string = defaultSourceRoot()): SourceComments {
  const files = sourceFiles(root).map((f) => readFileSync(f, 'utf8'));
  const schemaVars = new Map<string, string>();
  for (const text of files)
    for (const m of text.matchAll(/(?:const|var|let)\s+(\w+)\s*=\s*(?:\w+\.)?pgSchema\(\s*['"](\w+)['"]\s*\)/g)) schemaVars.set(m[1]!, m[2]!);
  const tables = new Map<string, string>();
  const indexes: SourceComments['indexes'] = new Map();
  const templates: SourceComments['templates'] = [];
  const tableDecl = /(?:(\w+)\s*\.\s*table\(|pgTable\(|rlsTable\(\s*(?:'public'|(\w+))\s*,)\s*['"](\w+)['"]/g;
  const indexDecl =
    /(?:\b(?:uniqueIndex|index|unique|primaryKey)\(\s*(?:\{\s*name:\s*)?['"](\w+)['"])|(?:\bCREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+ON\s+(?:ONLY\s+)?(?:(\w+)\.)?(\w+))/gi;
  for (const text of files) {
    const decls = [...text.matchAll(tableDecl)].map((m) => {
      const schemaVar = m[1] ?? m[2];
      return { at: m.index ?? 0, schema: schemaVar ? (schemaVars.get(schemaVar) ?? null) : 'public', table: m[3]! };
    });
    for (const d of decls) {
      const line = text.lastIndexOf('\n', d.at);
      const declLine = text.slice(line + 1, d.at);
      // Only the declaration (`export const x = rlsTable(crm, 'x', {`), not a use inside a function body.
      if (!/=\s*$/.test(declLine)) continue;
      const comment = commentBefore(text, d.at, true);
      if (comment && d.schema) tables.set(`${d.schema}.${d.table}`, comment);
    }
    for (const m of text.matchAll(templatedIndex)) {
      const at = m.index ?? 0;
      const comment = commentBefore(text, at) ?? enclosingDocComment(text, at);
      const affixed = /^(\w*)\$\{[^}]+\}(\w*)$/.exec(m[1]!);
      const affix = affixed && /^\$\{[^}]+\}$/.test(m[3]!) ? { prefix: affixed[1]!, suffix: affixed[2]! } : undefined;
      if (comment) templates.push({ ...templatePattern(m[1]!, m[3]!), schema: m[2] ?? null, comment, affix });
    }
    for (const m of text.matchAll(indexDecl)) {
      const at = m.index ?? 0;
      const name = m[1] ?? m[2];
      if (!name) continue;
      const comment = commentBefore(text, at) ?? (m[2] ? enclosingDocComment(text, at) : null);
      if (!comment) continue;
      let schema: string | null = null;
      let table: string | null = null;
      if (m[2]) {
        schema = m[3] ?? null;
        table = m[4] ?? null;
      } else {
        const owner = decls.filter((d) => d.at < at).at(-1);
        schema = owner?.schema ?? null;
        table = owner?.table ?? null;
      }
      indexes.set(name, [...(indexes.get(name) ?? []), { schema, table, comment }]);
    }
  }
  return { tables, indexes, templates };
}

/** `CREATE … INDEX ${v.name}_key ON public.${v.name}`: names built in code, matched as patterns. */
const templatedIndex = /\bCREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w${}.]*\$\{[^}]+\}[\w${}.]*)\s+ON\s+(?:(\w+)\.)?((?:[\w.]|\$\{[^}]+\})+)/gi;

/** Each `${expr}` becomes a capture; the same expression in the table name must capture the same text. */
function templatePattern(name: string, table: string): { pattern: RegExp } {
  const groups = new Map<string, string>();
  const part = (t: string) =>
    t
      .split(/(\$\{[^}]+\})/)
      .map((piece) => {
        if (!piece.startsWith('${')) return piece.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        const known = groups.get(piece);
        if (known) return `\\k<${known}>`;
        const g = `g${groups.size}`;
        groups.set(piece, g);
        return `(?<${g}>\\w+)`;
      })
      .join('');
  return { pattern: new RegExp(`^${part(name)} ON ${part(table)}$`) };
}

/** The JSDoc of the top-level declaration that contains `offset` (`/** … *\/ export const x = …`). */
function enclosingDocComment(text: string, offset: number): string | null {
  const start = text.lastIndexOf('\nexport ', offset);
  if (start < 0) return null;
  return commentBefore(text, start + 1);
}

/** The source comment of an index or constraint of `schema.table`, when one is unambiguous. */
export function indexComment(comments: SourceComments, schema: string, table: string, name: string): string | null {
  const found = comments.indexes.get(name) ?? [];
  if (!found.length) {
    // A template built from one relation's name (`${mv}_key ON ${mv}`) names that relation's index
    // only: without the affix test, `…_key ON …` matched every table's `_key` constraint (a webhook
    // table's unique keys showed the materialized views' comment).
    const t = comments.templates.find(
      (x) =>
        (x.schema === null || x.schema === schema) &&
        (!x.affix || name === `${x.affix.prefix}${table}${x.affix.suffix}`) &&
        x.pattern.test(`${name} ON ${table}`),
    );
    return t?.comment ?? null;
  }
  const exact = found.find((f) => f.schema === schema && f.table === table) ?? found.find((f) => f.table === table && f.schema === null);
  if (exact) return exact.comment;
  return found.length === 1 && found[0]!.table === null ? found[0]!.comment : found.length === 1 && found[0]!.table === table ? found[0]!.comment : null;
}

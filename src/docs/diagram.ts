/**
 * Entity-relationship diagram of a domain: Graphviz DOT rendered to SVG at build time by
 * @viz-js/viz (Graphviz compiled to WebAssembly), so the page needs no script or network to show it.
 * One node per table (class `table`, id `table-<schema>.<name>`), one edge per foreign key from the
 * referencing column to the referenced one; tables of other schemas a foreign key points at are
 * drawn dashed (class `external`).
 */
import type { Viz } from '@viz-js/viz';
import type { DomainCatalog, RelationInfo } from './catalog.js';

let viz: Promise<Viz> | undefined;

/** Rows of a table's box: its key columns, then others up to this many, then "… N more columns". */
const MAX_ROWS = 12;
/** Domains with more tables than this are drawn top to bottom. */
const LEFT_TO_RIGHT_MAX = 15;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
/** A port name safe in DOT: column names may hold any character. */
const port = (column: string) => `c_${Buffer.from(column).toString('hex')}`;

function shortType(type: string): string {
  return type.replace('timestamp with time zone', 'timestamptz').replace('character varying', 'varchar').replace('timestamp without time zone', 'timestamp');
}

function tableNode(t: RelationInfo, href: string): string {
  const pk = new Set(t.constraints.filter((c) => c.kind === 'primary key').flatMap((c) => c.columns));
  const fk = new Set(t.constraints.filter((c) => c.kind === 'foreign key').flatMap((c) => c.columns));
  // Keys always; other columns while the box stays small (the table's page lists every column).
  const keyed = t.columns.filter((c) => pk.has(c.name) || fk.has(c.name));
  const room = Math.max(0, MAX_ROWS - keyed.length);
  const others = t.columns.filter((c) => !pk.has(c.name) && !fk.has(c.name));
  const shown = new Set([...keyed, ...others.slice(0, others.length > room ? Math.max(0, room - 1) : room)].map((c) => c.name));
  const hidden = t.columns.length - shown.size;
  const rows = t.columns.filter((c) => shown.has(c.name)).map((c) => {
    const mark = pk.has(c.name) ? '<FONT COLOR="#1d4ed8">PK </FONT>' : fk.has(c.name) ? '<FONT COLOR="#7c3aed">FK </FONT>' : '';
    const name = pk.has(c.name) ? `<B>${esc(c.name)}</B>` : esc(c.name);
    return `<TR><TD ALIGN="LEFT" PORT="${port(c.name)}">${mark}${name}${c.nullable ? '' : ' <FONT COLOR="#b91c1c">*</FONT>'}</TD><TD ALIGN="LEFT"><FONT COLOR="#4b5563">${esc(shortType(c.type))}</FONT></TD></TR>`;
  });
  const label = `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="white"><TR><TD COLSPAN="2" BGCOLOR="#1e3a8a" ALIGN="LEFT"><FONT COLOR="white"><B>${esc(t.name)}</B></FONT></TD></TR>${rows.join('')}${hidden ? `<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="#6b7280">… ${hidden} more column${hidden === 1 ? '' : 's'}</FONT></TD></TR>` : ''}</TABLE>>`;
  return `  ${q(`${t.schema}.${t.name}`)} [id=${q(`table-${t.schema}.${t.name}`)} class="table" URL=${q(href)} tooltip=${q(t.comment ?? `${t.schema}.${t.name}`)} label=${label}];`;
}

/** The DOT source of a domain's diagram; `href(table)` is the link of a table's page. */
export function domainDot(domain: DomainCatalog, href: (t: RelationInfo) => string): string {
  // Monospace: Graphviz sizes boxes from its own font metrics, and a fixed-width font renders at
  // that width in any browser (a proportional one overflowed the boxes where Helvetica is missing).
  const lines = [
    `digraph ${q(domain.schema)} {`,
    // Left to right reads well for a few tables; a large domain (many tables pointing at one, like
    // users) grows one very tall rank that way, so it is laid out top to bottom.
    `  graph [rankdir=${domain.tables.length > LEFT_TO_RIGHT_MAX ? 'TB' : 'LR'}, nodesep=0.4, ranksep=0.9, pack=true, packmode="array_t3", fontname="Courier", bgcolor="transparent"];`,
    '  node [shape=plain, fontname="Courier", fontsize=11];',
    '  edge [color="#64748b", arrowsize=0.7, fontname="Courier", fontsize=9];',
  ];
  const inDomain = new Set(domain.tables.map((t) => `${domain.schema}.${t.name}`));
  const external = new Set<string>();
  for (const t of domain.tables) lines.push(tableNode(t, href(t)));
  for (const t of domain.tables) {
    for (const c of t.constraints) {
      if (!c.references) continue;
      const target = c.references.table;
      if (!inDomain.has(target)) external.add(target);
      // The last column pair: in a composite key with the tenant first ((brand_id, customer_id) →
      // (brand_id, id)) that is the one naming the row.
      const from = `${q(`${t.schema}.${t.name}`)}:${port(c.columns.at(-1) ?? '')}`;
      const to = inDomain.has(target) ? `${q(target)}:${port(c.references.columns.at(-1) ?? '')}` : q(target);
      lines.push(`  ${from} -> ${to} [tooltip=${q(`${c.name}: ${c.definition}`)}${inDomain.has(target) ? '' : ' style=dashed'}];`);
    }
  }
  for (const e of [...external].sort())
    lines.push(`  ${q(e)} [id=${q(`external-${e}`)} class="external" shape=box style="dashed,rounded" color="#94a3b8" fontcolor="#475569" label=${q(e)}];`);
  lines.push('}');
  return lines.join('\n');
}

/** Renders DOT to an SVG element (without the XML prolog, ready to inline in HTML). */
export async function renderSvg(dot: string): Promise<string> {
  viz ??= import('@viz-js/viz').then((m) => m.instance());
  const result = (await viz).render(dot, { format: 'svg' });
  // Graphviz reports a bad label as an error and still draws the rest: fail instead of an empty box.
  const errors = result.errors.filter((e) => e.level === 'error');
  if (result.status !== 'success' || errors.length) throw new Error(`Graphviz could not render the diagram: ${errors.map((e) => e.message).join(' ')}`);
  return result.output.slice(result.output.indexOf('<svg'));
}

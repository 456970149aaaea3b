/**
 * The HTML of the schema reference: plain static pages with inline CSS, inline SVG diagrams and one
 * inline script (the search on the index page). Links are relative, so the site works from file://
 * and needs no network at view time.
 */
import type { AccessCell, AccessMatrix } from './access.js';
import { OPERATIONS } from './access.js';
import type { Catalog, DomainCatalog, FunctionInfo, RelationInfo } from './catalog.js';

export const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** File names inside the site, relative to its root. */
export const paths = {
  index: 'index.html',
  domain: (schema: string) => `${schema}/index.html`,
  relation: (schema: string, name: string) => `${schema}/tables/${name}.html`,
  functions: (schema: string) => `${schema}/functions.html`,
  functionAnchor: (f: FunctionInfo) => `fn-${f.name}-${f.identityArguments.replace(/[^a-z0-9]+/gi, '-')}`.replace(/-+$/, ''),
};

const CSS = `
:root{--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#f8fafc;--accent:#1e3a8a;--ok:#15803d;--okbg:#dcfce7;--warn:#a16207;--warnbg:#fef3c7;--no:#b91c1c;--nobg:#fee2e2}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
header.top{display:flex;gap:16px;align-items:center;padding:10px 24px;background:var(--accent);color:#fff;flex-wrap:wrap}
header.top a{color:#fff;text-decoration:none}header.top .brand{font-weight:700;margin-right:8px}
header.top nav a{opacity:.85;margin-right:12px}header.top nav a.current{opacity:1;text-decoration:underline}
header.top form{margin-left:auto}header.top input{padding:5px 10px;border-radius:6px;border:0;width:280px}
main{max-width:1400px;margin:0 auto;padding:20px 24px 60px}
h1{font-size:24px;margin:8px 0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
a{color:#1d4ed8}code,pre{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px;overflow:auto;white-space:pre-wrap}
table.grid{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}
table.grid th,table.grid td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
table.grid th{background:#f1f5f9;font-weight:600;font-size:12px;color:#334155}
.muted{color:var(--muted)}.badge{display:inline-block;padding:0 6px;border-radius:9px;font-size:11px;background:#e2e8f0;color:#334155;margin-right:4px}
.badge.pk{background:#dbeafe;color:#1e3a8a}.badge.fk{background:#ede9fe;color:#5b21b6}.badge.warn{background:var(--warnbg);color:var(--warn)}.badge.ok{background:var(--okbg);color:var(--ok)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px}.card h3{margin:0 0 4px}
.diagram{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px;overflow:auto;max-height:85vh}
.diagram svg{max-width:none;height:auto}.diagram.fit{max-height:none}.diagram.fit svg{max-width:100%}
button.zoom{font:inherit;font-size:12px;padding:2px 10px;border:1px solid #cbd5e1;border-radius:6px;background:#fff;cursor:pointer;margin-left:8px;vertical-align:middle}
.matrix td.cell{white-space:nowrap;text-align:center}
.op{display:inline-block;width:20px;height:20px;line-height:20px;border-radius:4px;margin:0 1px;font-size:11px;font-weight:700;text-align:center;cursor:help}
.op.all{background:var(--okbg);color:var(--ok)}.op.scoped{background:var(--warnbg);color:var(--warn)}.op.denied{background:var(--nobg);color:var(--no)}
.legend .op{cursor:default}
ul.results{list-style:none;padding:0;margin:8px 0}ul.results li{padding:4px 0;border-bottom:1px solid var(--line)}
ul.results .kind{display:inline-block;width:70px;color:var(--muted);font-size:12px}
#search-box{padding:8px 12px;width:100%;max-width:520px;font-size:15px;border:1px solid #cbd5e1;border-radius:6px}
details summary{cursor:pointer;color:#1d4ed8}
`;

export interface PageOptions {
  title: string;
  /** Relative path from this page to the site root ('' at the root). */
  root: string;
  domains: readonly string[];
  currentDomain?: string;
  body: string;
  script?: string;
}

export function page(o: PageOptions): string {
  const r = o.root ? `${o.root}/` : '';
  const nav = o.domains
    .map((d) => `<a href="${r}${paths.domain(d)}"${d === o.currentDomain ? ' class="current"' : ''}>${esc(d)}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.title)} · schema reference</title><style>${CSS}</style></head>
<body><header class="top"><a class="brand" href="${r}${paths.index}">Schema reference</a><nav>${nav}</nav>
<form action="${r}${paths.index}" method="get" role="search"><input type="search" name="q" placeholder="Search tables, columns, functions" aria-label="Search"></form></header>
<main>${o.body}</main>${o.script ? `<script>${o.script}</script>` : ''}</body></html>
`;
}

const code = (s: string | null | undefined) => (s ? `<code>${esc(s)}</code>` : '<span class="muted">—</span>');
const opLetter = (op: string) => op[0];

function cellTitle(c: AccessCell) {
  return `${c.role} · ${c.operation} · ${c.relation}: ${c.label}${c.denied ? `; ${c.denied}` : ''}. ${c.reason}`;
}

function opSpan(c: AccessCell) {
  return `<span class="op ${c.status}" data-role="${esc(c.role)}" data-relation="${esc(c.relation)}" data-op="${c.operation}" data-access="${c.status}" data-label="${esc(c.label)}" title="${esc(cellTitle(c))}">${opLetter(c.operation)}</span>`;
}

/** Role × relation × operation for the given relations, plus the scoped cells spelled out. */
export function accessSection(matrix: AccessMatrix, relations: readonly RelationInfo[], link: (r: RelationInfo) => string): string {
  const cells = new Map(matrix.cells.map((c) => [`${c.role}\u0000${c.relation}\u0000${c.operation}`, c]));
  const rels = relations.filter((r) => matrix.relations.includes(`${r.schema}.${r.name}`));
  if (!rels.length || !matrix.roles.length) return '<p class="muted">No roles to show.</p>';
  const head = `<tr><th>relation</th>${matrix.roles.map((r) => `<th>${esc(r)}</th>`).join('')}</tr>`;
  const rows = rels.map((rel) => {
    const name = `${rel.schema}.${rel.name}`;
    const tds = matrix.roles.map((role) => {
      const ops = OPERATIONS.map((op) => cells.get(`${role}\u0000${name}\u0000${op}`)).filter((c): c is AccessCell => Boolean(c));
      return `<td class="cell" data-role="${esc(role)}">${ops.map(opSpan).join('')}</td>`;
    });
    return `<tr data-relation="${esc(name)}"><td><a href="${esc(link(rel))}">${esc(rel.name)}</a>${rel.kind === 'table' ? '' : ` <span class="badge">${esc(rel.kind)}</span>`}</td>${tds.join('')}</tr>`;
  });
  // Scoped cells, grouped by role, relation and scope: the operations that share one.
  const groups = new Map<string, AccessCell[]>();
  for (const c of matrix.cells) {
    if (c.status !== 'scoped' || !rels.some((r) => `${r.schema}.${r.name}` === c.relation)) continue;
    const key = `${c.role}\u0000${c.relation}\u0000${c.label}\u0000${c.denied}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const scoped = [...groups.values()].map((cs) => {
    const c = cs[0]!;
    return `<tr class="scoped" data-role="${esc(c.role)}" data-relation="${esc(c.relation)}"><td>${esc(c.role)}</td><td>${esc(c.relation)}</td><td>${cs.map((x) => x.operation).join(', ')}</td><td><b>${esc(c.label)}</b>${c.denied ? ` — <span class="denied">${esc(c.denied)}</span>` : ''}</td><td class="muted">${esc(c.policies.join(', '))}</td></tr>`;
  });
  return `<p class="legend"><span class="op all">S</span> all rows <span class="op scoped">S</span> some rows (hover for the policy) <span class="op denied">S</span> denied · S I U D = select, insert, update, delete. Superusers and the objects' owners are not shown: they bypass grants and unforced RLS.</p>
<table class="grid matrix" data-matrix="access">${head}${rows.join('')}</table>
${scoped.length ? `<h3>Scoped access</h3><table class="grid" data-scoped="access"><tr><th>role</th><th>relation</th><th>operations</th><th>rows</th><th>policies</th></tr>${scoped.join('')}</table>` : ''}`;
}

export function relationPage(rel: RelationInfo, ctx: { catalog: Catalog; matrix: AccessMatrix; incoming: { from: string; constraint: string; columns: string[] }[]; href: (qualified: string) => string | null }): string {
  const pk = new Set(rel.constraints.filter((c) => c.kind === 'primary key').flatMap((c) => c.columns));
  const fks = rel.constraints.filter((c) => c.kind === 'foreign key');
  const isView = rel.kind.includes('view');
  const link = (qualified: string) => {
    const h = ctx.href(qualified);
    return h ? `<a href="${esc(h)}">${esc(qualified)}</a>` : esc(qualified);
  };
  const columns = rel.columns
    .map((c) => {
      const fk = fks.find((f) => f.columns.includes(c.name));
      const badges = `${pk.has(c.name) ? '<span class="badge pk">PK</span>' : ''}${fk?.references ? `<span class="badge fk">FK → ${link(`${fk.references.table}`)}</span>` : ''}${c.generated ? `<span class="badge">generated ${esc(c.generated)}</span>` : ''}`;
      return `<tr id="col-${esc(c.name)}"><td><code>${esc(c.name)}</code> ${badges}</td><td><code>${esc(c.type)}</code></td><td>${c.nullable ? 'null' : '<b>not null</b>'}</td><td>${code(c.default)}</td><td>${esc(c.comment ?? '')}</td></tr>`;
    })
    .join('');
  const sections: string[] = [];
  sections.push(`<h2>Columns</h2><table class="grid" data-section="columns"><tr><th>column</th><th>type</th><th>nullable</th><th>default</th><th>comment</th></tr>${columns}</table>`);
  if (isView) {
    const opts = rel.viewOptions.length ? rel.viewOptions.map((o) => `<span class="badge">${esc(o)}</span>`).join('') : '<span class="muted">none</span>';
    sections.push(`<h2>Definition</h2><p>Options: ${opts}${rel.populated === false ? ' <span class="badge warn">not populated</span>' : ''}</p>
<p>Reads: ${rel.dependsOn.length ? rel.dependsOn.map(link).join(', ') : '<span class="muted">—</span>'}</p>
${rel.kind === 'materialized view' ? `<p>Refreshed by: ${rel.refreshedBy.length ? rel.refreshedBy.map((f) => `<code>${esc(f)}</code>`).join(', ') : '<span class="badge warn">no function refreshes it</span>'}</p>` : ''}
<pre>${esc(rel.viewDefinition ?? '')}</pre>`);
  }
  if (rel.constraints.length)
    sections.push(
      `<h2>Constraints</h2><table class="grid" data-section="constraints"><tr><th>name</th><th>kind</th><th>definition</th><th>comment</th></tr>${rel.constraints
        .map((c) => `<tr><td><code>${esc(c.name)}</code></td><td>${esc(c.kind)}</td><td><code>${esc(c.definition)}</code></td><td>${esc(c.comment ?? '')}</td></tr>`)
        .join('')}</table>`,
    );
  if (ctx.incoming.length)
    sections.push(
      `<h2>Referenced by</h2><ul>${ctx.incoming.map((i) => `<li>${link(i.from)} (${esc(i.columns.join(', '))}) <span class="muted">${esc(i.constraint)}</span></li>`).join('')}</ul>`,
    );
  if (rel.indexes.length)
    sections.push(
      `<h2>Indexes</h2><table class="grid" data-section="indexes"><tr><th>name</th><th>definition</th><th>serves</th></tr>${rel.indexes
        .map(
          (i) =>
            `<tr><td><code>${esc(i.name)}</code>${i.primary ? ' <span class="badge pk">primary</span>' : i.unique ? ' <span class="badge">unique</span>' : ''}</td><td><code>${esc(i.definition)}</code></td><td>${i.comment ? esc(i.comment) : i.constraint ? `<span class="muted">implements ${esc(i.constraint)}</span>` : '<span class="badge warn">no comment</span>'}</td></tr>`,
        )
        .join('')}</table>`,
    );
  if (rel.triggers.length)
    sections.push(
      `<h2>Triggers</h2><table class="grid" data-section="triggers"><tr><th>name</th><th>definition</th></tr>${rel.triggers
        .map((t) => `<tr><td><code>${esc(t.name)}</code>${t.enabled ? '' : ' <span class="badge warn">disabled</span>'}</td><td><code>${esc(t.definition)}</code></td></tr>`)
        .join('')}</table>`,
    );
  if (!isView) {
    const rls = rel.rls ? `<span class="badge ok">row-level security on</span>${rel.forceRls ? '<span class="badge ok">forced</span>' : ''}` : '<span class="badge warn">row-level security off</span>';
    sections.push(
      `<h2>Policies</h2><p>${rls}</p>${
        rel.policies.length
          ? `<table class="grid" data-section="policies"><tr><th>policy</th><th>command</th><th>roles</th><th>USING</th><th>WITH CHECK</th></tr>${rel.policies
              .map(
                (p) =>
                  `<tr><td>${esc(p.name)}${p.permissive ? '' : ' <span class="badge warn">restrictive</span>'}</td><td>${esc(p.command)}</td><td>${p.roles.map((r) => `<span class="badge">${esc(r)}</span>`).join('')}</td><td>${code(p.using)}</td><td>${code(p.withCheck)}</td></tr>`,
              )
              .join('')}</table>`
          : '<p class="muted">No policies.</p>'
      }`,
    );
  }
  sections.push(
    `<h2>Grants</h2>${
      rel.grants.length
        ? `<table class="grid" data-section="grants"><tr><th>grantee</th><th>privileges</th><th>column privileges</th></tr>${rel.grants
            .map((g) => `<tr><td>${esc(g.grantee)}</td><td>${esc(g.privileges.join(', ') || '—')}</td><td>${esc(g.columns.join(', '))}</td></tr>`)
            .join('')}</table>`
        : `<p class="muted">No grants: only the owner (${esc(rel.owner)}) and superusers.</p>`
    }`,
  );
  sections.push(`<h2>Access</h2>${accessSection(ctx.matrix, [rel], () => '#')}`);
  return `<p class="muted"><a href="../index.html">${esc(rel.schema)}</a> · ${esc(rel.kind)} · owner ${esc(rel.owner)}</p>
<h1 data-relation="${esc(`${rel.schema}.${rel.name}`)}">${esc(rel.schema)}.${esc(rel.name)}</h1>
${rel.comment ? `<p>${esc(rel.comment)}</p>` : ''}
${sections.join('\n')}`;
}

export function functionsPage(domain: DomainCatalog): string {
  const items = domain.functions.map((f) => {
    const security =
      f.security === 'definer' ? '<span class="badge warn">SECURITY DEFINER</span>' : '<span class="badge">security invoker</span>';
    const sp = f.searchPath === null ? '<span class="badge warn">search_path not pinned</span>' : `<code>search_path = ${esc(f.searchPath || "''")}</code>`;
    const exec = f.executableBy.length ? f.executableBy.map((r) => `<span class="badge${r === 'PUBLIC' ? ' warn' : ''}">${esc(r)}</span>`).join('') : '<span class="muted">owner only</span>';
    return `<section class="function" id="${esc(paths.functionAnchor(f))}" data-function="${esc(`${f.schema}.${f.name}`)}">
<h3><code>${esc(f.schema)}.${esc(f.name)}(${esc(f.arguments)})</code></h3>
<p>returns <code>${esc(f.returns)}</code> · ${esc(f.language)} · ${esc(f.volatility)} · ${security} · ${sp}</p>
<p>Who may execute: ${exec}${f.isTrigger ? ' <span class="muted">(trigger function: runs from its triggers)</span>' : ''}</p>
${f.comment ? `<p>${esc(f.comment)}</p>` : ''}<details><summary>source</summary><pre>${esc(f.source.trim())}</pre></details></section>`;
  });
  return `<p class="muted"><a href="index.html">${esc(domain.schema)}</a> · functions</p><h1>Functions of ${esc(domain.schema)}</h1>
${items.length ? items.join('\n') : '<p class="muted">No functions.</p>'}`;
}

/** The domain page's only script: the diagram fits the page, or shows at its actual size. */
export const ZOOM_SCRIPT = `
(function(){
  var d = document.getElementById('diagram'), b = document.getElementById('zoom');
  b.addEventListener('click', function(){ var fit = d.classList.toggle('fit'); b.textContent = fit ? 'actual size' : 'fit to page'; });
})();`;

export function domainPage(domain: DomainCatalog, ctx: { svg: string; matrix: AccessMatrix }): string {
  const relLink = (r: RelationInfo) => `tables/${r.name}.html`;
  const list = (rels: RelationInfo[]) =>
    `<table class="grid"><tr><th>name</th><th>kind</th><th>columns</th><th>RLS</th><th>description</th></tr>${rels
      .map(
        (r) =>
          `<tr><td><a href="${esc(relLink(r))}">${esc(r.name)}</a></td><td>${esc(r.kind)}</td><td>${r.columns.length}</td><td>${r.kind.includes('view') ? '<span class="muted">—</span>' : r.rls ? '<span class="badge ok">on</span>' : '<span class="badge warn">off</span>'}</td><td>${esc(r.comment ?? '')}</td></tr>`,
      )
      .join('')}</table>`;
  const enums = domain.enums.length
    ? `<h2>Enums</h2><table class="grid"><tr><th>enum</th><th>values</th></tr>${domain.enums
        .map((e) => `<tr id="enum-${esc(e.name)}"><td><code>${esc(e.name)}</code></td><td>${e.values.map((v) => `<span class="badge">${esc(v)}</span>`).join('')}</td></tr>`)
        .join('')}</table>`
    : '';
  const fns = domain.functions.filter((f) => !f.isTrigger);
  return `<h1 data-domain="${esc(domain.schema)}">${esc(domain.schema)}</h1>
${domain.comment ? `<p>${esc(domain.comment)}</p>` : ''}
<p class="muted">${domain.tables.length} tables · ${domain.views.length} views · ${domain.functions.length} functions · ${domain.enums.length} enums · schema owner ${esc(domain.owner)} · USAGE: ${esc(domain.usage.join(', ') || 'owner only')}</p>
<h2>Entity-relationship diagram<button class="zoom" type="button" id="zoom">actual size</button></h2>
<div class="diagram fit" id="diagram" data-domain="${esc(domain.schema)}" data-tables="${domain.tables.length}">${ctx.svg}</div>
<p class="muted">PK primary key · FK foreign key · <span style="color:#b91c1c">*</span> not null · dashed: a table of another schema. Click a table to open its page.</p>
<h2>Tables</h2>${domain.tables.length ? list(domain.tables) : '<p class="muted">No tables.</p>'}
${domain.views.length ? `<h2>Views and materialized views</h2>${list(domain.views)}` : ''}
${enums}
<h2>Functions</h2><p><a href="functions.html">${domain.functions.length} functions</a> (${fns.length} callable, ${domain.functions.length - fns.length} trigger functions)${
    fns.length ? `: ${fns.map((f) => `<a href="functions.html#${esc(paths.functionAnchor(f))}"><code>${esc(f.name)}</code></a>`).join(', ')}` : ''
  }</p>
<h2 id="access">Access matrix</h2>
${accessSection(ctx.matrix, [...domain.tables, ...domain.views], relLink)}`;
}

/** Search entries: [label, kind, href from the root, context, qualified name]. */
export type SearchEntry = [string, string, string, string, string];

export function searchIndex(catalog: Catalog): SearchEntry[] {
  const out: SearchEntry[] = [];
  for (const d of catalog.domains) {
    for (const r of [...d.tables, ...d.views]) {
      const href = paths.relation(d.schema, r.name);
      out.push([r.name, r.kind.includes('view') ? 'view' : 'table', href, `${d.schema}.${r.name}`, `${d.schema}.${r.name}`]);
      for (const c of r.columns) out.push([c.name, 'column', `${href}#col-${c.name}`, `${d.schema}.${r.name} · ${c.type}`, `${d.schema}.${r.name}.${c.name}`]);
    }
    for (const f of d.functions) out.push([f.name, 'function', `${paths.functions(d.schema)}#${paths.functionAnchor(f)}`, `${d.schema}.${f.name}(${f.identityArguments})`, `${d.schema}.${f.name}`]);
    for (const e of d.enums) out.push([e.name, 'enum', `${paths.domain(d.schema)}#enum-${e.name}`, `${d.schema} · ${e.values.join(', ')}`, `${d.schema}.${e.name}`]);
  }
  return out;
}

const SEARCH_SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('search-index').textContent);
  var box = document.getElementById('search-box'), list = document.getElementById('search-results');
  function show(q){
    q = q.trim().toLowerCase(); list.innerHTML = '';
    if (!q) return;
    var hits = [];
    for (var i = 0; i < data.length; i++) {
      // A bare word matches names; "table.column" or "schema.table" matches qualified names.
      var e = data[i], name = e[0].toLowerCase(), at = name.indexOf(q), ctx = q.indexOf('.') >= 0 ? e[4].toLowerCase().indexOf(q) : -1;
      if (at < 0 && ctx < 0) continue;
      hits.push({ e: e, rank: name === q ? 0 : at === 0 ? 1 : at > 0 ? 2 : 3 });
    }
    hits.sort(function(a, b){ return a.rank - b.rank || a.e[0].localeCompare(b.e[0]); });
    hits.slice(0, 100).forEach(function(h){
      var li = document.createElement('li'), kind = document.createElement('span'), a = document.createElement('a'), c = document.createElement('span');
      kind.className = 'kind'; kind.textContent = h.e[1]; a.href = h.e[2]; a.textContent = h.e[0]; c.className = 'muted'; c.textContent = '  ' + h.e[3];
      li.appendChild(kind); li.appendChild(a); li.appendChild(c); list.appendChild(li);
    });
    if (!hits.length) { var li = document.createElement('li'); li.className = 'muted'; li.textContent = 'Nothing matches.'; list.appendChild(li); }
  }
  box.addEventListener('input', function(){ show(box.value); });
  var q = new URLSearchParams(location.search).get('q');
  if (q) { box.value = q; show(q); }
})();`;

export function indexPage(catalog: Catalog, info: { source: string; roles: readonly string[] }): { body: string; script: string } {
  const roleRows = catalog.roles
    .filter((r) => info.roles.includes(r.name))
    .map(
      (r) =>
        `<tr data-role="${esc(r.name)}"><td><code>${esc(r.name)}</code></td><td>${r.bypassRls ? '<span class="badge warn">BYPASSRLS</span>' : '<span class="badge ok">subject to RLS</span>'}</td><td>${r.login ? 'login' : 'no login'}</td><td>${esc(r.memberOf.join(', '))}</td></tr>`,
    )
    .join('');
  const cards = catalog.domains
    .map(
      (d) => `<div class="card" data-domain="${esc(d.schema)}"><h3><a href="${esc(paths.domain(d.schema))}">${esc(d.schema)}</a></h3>
<p class="muted">${d.tables.length} tables · ${d.views.length} views · ${d.functions.length} functions · ${d.enums.length} enums</p>${d.comment ? `<p>${esc(d.comment)}</p>` : ''}
<p><a href="${esc(paths.domain(d.schema))}#access">access matrix</a> · <a href="${esc(paths.functions(d.schema))}">functions</a></p></div>`,
    )
    .join('');
  const json = JSON.stringify(searchIndex(catalog)).replace(/</g, '\\u003c');
  return {
    body: `<h1>Schema reference</h1>
<p class="muted">${esc(info.source)}</p>
<input id="search-box" type="search" placeholder="Find a table, column, function or enum" autofocus>
<ul id="search-results" class="results"></ul>
<h2>Domains</h2><div class="cards">${cards}</div>
<h2>Roles in the access matrices</h2><table class="grid"><tr><th>role</th><th>row-level security</th><th>login</th><th>member of</th></tr>${roleRows}</table>
<script type="application/json" id="search-index">${json}</script>`,
    script: SEARCH_SCRIPT,
  };
}

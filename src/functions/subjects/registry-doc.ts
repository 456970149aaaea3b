import type { Finder, PersonalDataEntry, Replacement } from '../../schema/_shared/personal-data.js';
import { personalDataRegistry } from './registry.js';
import { domainOf, erasureOrder } from './sql.js';

const value = (v: Replacement) =>
  v === null ? 'NULL' : typeof v === 'object' ? ('redact' in v ? 'redacted' : `\`${v.sql}\``) : `\`${typeof v === 'string' ? `'${v}'` : String(v)}\``;

function finder(f: Finder): string {
  if ('subject' in f) return `${f.subject} \`${f.column}\``;
  if ('reference' in f) return `\`${f.column}\` → ${f.reference.qualifiedName}`;
  if ('mention' in f) return `mentions in \`${f.mention}\` (redacted)`;
  if (f.action === 'keep') return `actor \`${f.actor}\` (kept)`;
  // clear: the columns `set` names (when it keeps the actor's column, the row says so)
  if (!f.set) return `actor \`${f.actor}\` (cleared)`;
  const set = Object.entries(f.set).map(([c, v]) => `\`${c}\` ${value(v)}`).join(', ');
  return `actor \`${f.actor}\` (${f.actor in f.set ? '' : 'kept; '}set: ${set})`;
}

function rule(e: PersonalDataEntry): string {
  const r = e.erase;
  if (!e.findBy.some((f) => 'subject' in f || 'reference' in f)) return '—';
  if (r.action === 'delete') return 'delete';
  const set = Object.entries(r.set)
    .map(([c, v]) => `\`${c}\` ${value(v)}`)
    .join(', ');
  return r.action === 'retain' ? `retain ${r.period}, detached: ${set}` : `anonymise: ${set}`;
}

/**
 * The registry as a Markdown table, in erasure order (docs/subjects.md embeds it; a test checks the
 * page is up to date).
 */
export function registryMarkdown(entries: readonly PersonalDataEntry[] = personalDataRegistry): string {
  const lines = ['| # | table | domain | personal columns | found by | erasure |', '| --- | --- | --- | --- | --- | --- |'];
  erasureOrder(entries).forEach((e, i) => {
    lines.push(
      `| ${i + 1} | \`${e.qualifiedName}\`${e.phase === 'late' ? ' (late)' : ''} | ${domainOf(e)}${e.scope ? ` (per \`${e.scope}\`)` : ''} | ${e.columns.map((c) => `\`${c}\``).join(', ')} | ${e.findBy.map(finder).join('; ')} | ${rule(e)} |`,
    );
  });
  return lines.join('\n');
}

import type { ValidationReport } from '../schema/ingest/validation-reports.js';

/** Right-aligned columns after a left-aligned first one; widths from the content. */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[], indent = '  '): string[] {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => indent + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)];
}

/** 1234567.5 / "1234567.50" → "1,234,567.50". */
export function formatMoney(value: string | number): string {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

const int = (n: number) => n.toLocaleString('en-US');

/** The validation report as readable lines (what `prepare` and the main job print). */
export function formatValidationReport(report: ValidationReport): string[] {
  const tx = report.transactions;
  const products = Object.keys(tx.byProduct).sort((a, b) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b)));
  const rows = products.map((p) => {
    const c = tx.byProduct[p]!;
    return [p, int(c.paid), int(c.settled), int(c.expired), int(c.pending), int(c.total), formatMoney(report.revenue[p] ?? '0')];
  });
  rows.push(['Total', '', '', '', '', int(tx.total), formatMoney(report.revenue.total)]);
  const lines = [
    'Validation report',
    ...formatTable(['Product', 'paid', 'settled', 'expired', 'pending', 'total', 'revenue (PHP)'], rows),
    '',
    `  Transactions      ${int(tx.total)} (${int(tx.fromInvoices)} from invoices, ${int(tx.manual)} manual, ${int(tx.withUser)} linked to a user)${tx.retained ? `, and ${int(tx.retained)} kept detached (person erased)` : ''}`,
    `  Profiles          ${int(report.profiles)} (auth users: ${int(report.authUsers.existing)} existing, ${int(report.authUsers.new)} new)`,
    `  Enrollments       ${int(report.enrollments)}`,
    `  Manual payments   ${int(report.manualPayments)}`,
    `  Canva buyers      ${int(report.canvaBuyers)} (transactions only)`,
    `  Leads             ${int(report.leads)} (contacts without a payment: no profile)`,
    `  Merged contacts   ${int(report.duplicates)} duplicate contact(s) merged by email`,
    `  Rejected rows     Xendit ${int(report.rejected.xendit)}, Systeme.io ${int(report.rejected.systemeio)} (${int(report.invalidEmails)} invalid email(s))`,
  ];
  if (!report.blockingErrors.length) lines.push('  Blocking errors   none: ready for cutover');
  else {
    lines.push(`  Blocking errors   ${report.blockingErrors.length}: cutover refuses until they are fixed (--force does not override them)`);
    for (const e of report.blockingErrors) lines.push(`    - ${e.code}: ${e.message}`);
  }
  return lines;
}

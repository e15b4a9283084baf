// The connectivity list (analyze/connectivity.ts) as CSV and Markdown, for the CLI and the app's matrix
// export. Names come from manifests: control characters are stripped, CSV cells that a spreadsheet would
// run as a formula are defused with a leading ', and Markdown metacharacters are escaped.
import { rowCount, type Connectivity } from '../analyze/connectivity';
import { oneLine } from './common';
import { mdEscape } from './markdown';

/** One CSV cell (RFC 4180): quoted when needed; a leading = + - @ tab or CR (a formula) is defused. */
export function csvCell(s: string): string {
  const v = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function connectivityToCsv(c: Connectivity): string {
  const lines = ['from,to,ports'];
  for (const g of c.groups) {
    const from = csvCell(oneLine(g.from));
    const ports = csvCell(g.ports.join(' '));
    for (const to of g.to) lines.push(`${from},${csvCell(oneLine(to))},${ports}`);
  }
  return lines.join('\r\n') + '\r\n';
}

export function connectivityToMarkdown(c: Connectivity): string {
  const out = [`**Allowed connections** (profile ${mdEscape(c.profile)}): ${rowCount(c)}`, '', '| From | To | Ports |', '|---|---|---|'];
  for (const g of c.groups) {
    const ports = g.ports.join(', ');
    for (const to of g.to) out.push(`| ${mdEscape(g.from)} | ${mdEscape(to)} | ${ports} |`);
  }
  return out.join('\n') + '\n';
}

// Printers for `podpath connectivity`: text (np-guard's `list` shape, `src => dst : TCP 80, TCP 443`),
// JSON, CSV (RFC 4180 quoting; cells that a spreadsheet would run as a formula are prefixed with ')
// and Markdown (a table for a ticket). Names come from manifests: control characters are stripped and
// Markdown/CSV metacharacters escaped.
import type { Connectivity } from '../analyze/connectivity';
import { mdEscape } from '../export/markdown';
import { oneLine } from '../export/common';
import type { Printer } from './format';

function text(c: Connectivity): string {
  if (c.rows.length === 0) return `No allowed connections (profile ${c.profile}).\n`;
  return c.rows.map((r) => `${oneLine(r.from)} => ${oneLine(r.to)} : ${r.ports.join(', ')}`).join('\n') + '\n';
}

/** One CSV cell: quoted when needed; a leading = + - @ (a formula in a spreadsheet) is defused. */
export function csvCell(s: string): string {
  const v = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function csv(c: Connectivity): string {
  const lines = ['from,to,ports'];
  for (const r of c.rows) lines.push([r.from, r.to, r.ports.join(' ')].map((x) => csvCell(oneLine(x))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function markdown(c: Connectivity): string {
  const out = [`**Allowed connections** (profile ${mdEscape(c.profile)}): ${c.rows.length}`, '', '| From | To | Ports |', '|---|---|---|'];
  for (const r of c.rows) out.push(`| ${mdEscape(r.from)} | ${mdEscape(r.to)} | ${r.ports.join(', ')} |`);
  return out.join('\n') + '\n';
}

export const CONNECTIVITY_FORMATS: Record<string, Printer<Connectivity>> = {
  text,
  json: (c) => JSON.stringify(c, null, 2) + '\n',
  csv,
  md: markdown,
  markdown,
};

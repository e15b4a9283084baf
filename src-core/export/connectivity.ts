// The connectivity list (analyze/connectivity.ts) as CSV and Markdown, for the CLI and the app's matrix
// export. Names come from manifests: control characters are stripped, CSV cells that a spreadsheet would
// run as a formula are defused with a leading ', and Markdown metacharacters are escaped.
import { rowCount, type Connectivity } from '../analyze/connectivity';
import { csvCell } from '../untrusted';
import { oneLine } from './common';
import { mdEscape } from './markdown';

export { csvCell };

export function connectivityToCsv(c: Connectivity): string {
  const lines = ['from,to,ports,verdict'];
  for (const [verdict, groups] of [['allowed', c.groups], ['undetermined', c.undetermined]] as const) {
    for (const g of groups) {
      const from = csvCell(oneLine(g.from));
      const ports = csvCell(g.ports.join(' '));
      for (const to of g.to) lines.push(`${from},${csvCell(oneLine(to))},${ports},${verdict}`);
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export function connectivityToMarkdown(c: Connectivity): string {
  const out = [`**Allowed connections** (profile ${mdEscape(c.profile)}): ${rowCount(c)}`, '', '| From | To | Ports |', '|---|---|---|'];
  for (const g of c.groups) {
    const ports = g.ports.join(', ');
    for (const to of g.to) out.push(`| ${mdEscape(g.from)} | ${mdEscape(to)} | ${ports} |`);
  }
  if (c.undetermined.length) {
    out.push('', `**Undetermined** (the input cannot decide them: an unknown pod address, a policy kind podpath does not model): ${c.undetermined.reduce((k, g) => k + g.to.length, 0)}`, '', '| From | To | Ports |', '|---|---|---|');
    for (const g of c.undetermined) for (const to of g.to) out.push(`| ${mdEscape(g.from)} | ${mdEscape(to)} | ${g.ports.join(', ')} |`);
  }
  return out.join('\n') + '\n';
}

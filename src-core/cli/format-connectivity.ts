// Printers for `podpath connectivity`: text (np-guard's `list` shape, `src => dst : TCP 80, TCP 443`),
// JSON, and the CSV and Markdown of src-core/export/connectivity.ts (shared with the app's matrix).
import type { Connectivity } from '../analyze/connectivity';
import { oneLine } from '../export/common';
import { connectivityToCsv, connectivityToMarkdown } from '../export/connectivity';
import type { Printer } from './format';

function text(c: Connectivity): string {
  if (c.groups.length === 0) return `No allowed connections (profile ${c.profile}).\n`;
  const out: string[] = [];
  for (const g of c.groups) {
    const head = `${oneLine(g.from)} => `;
    const tail = ` : ${g.ports.join(', ')}`;
    for (const to of g.to) out.push(head + oneLine(to) + tail);
  }
  return out.join('\n') + '\n';
}

export const CONNECTIVITY_FORMATS: Record<string, Printer<Connectivity>> = {
  text,
  json: (c) => JSON.stringify(c, null, 2) + '\n',
  csv: connectivityToCsv,
  md: connectivityToMarkdown,
  markdown: connectivityToMarkdown,
};

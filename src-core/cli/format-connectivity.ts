// Printers for `podpath connectivity`: text (np-guard's `list` shape, `src => dst : TCP 80, TCP 443`),
// JSON, and the CSV and Markdown of src-core/export/connectivity.ts (shared with the app's matrix).
import type { Connectivity } from '../analyze/connectivity';
import { oneLine } from '../export/common';
import { connectivityToCsv, connectivityToMarkdown } from '../export/connectivity';
import { json, type Printer } from './format';

function text(c: Connectivity): string {
  const out: string[] = c.groups.length === 0 ? [`No allowed connections (profile ${c.profile}).`] : [];
  const lines = (groups: Connectivity['groups'], mark: string) => {
    for (const g of groups) {
      const head = `${mark}${oneLine(g.from)} => `;
      const tail = ` : ${g.ports.join(', ')}`;
      for (const to of g.to) out.push(head + oneLine(to) + tail);
    }
  };
  lines(c.groups, '');
  if (c.undetermined.length) {
    out.push('', 'Undetermined (the input cannot decide them; `podpath trace` names what is missing):');
    lines(c.undetermined, '? ');
  }
  return out.join('\n') + '\n';
}

export const CONNECTIVITY_FORMATS: Record<string, Printer<Connectivity>> = {
  text,
  json,
  csv: connectivityToCsv,
  md: connectivityToMarkdown,
  markdown: connectivityToMarkdown,
};

// Printers for `podpath connectivity`: text (np-guard's `list` shape, `src => dst : TCP 80, TCP 443`),
// JSON, and the CSV and Markdown of src-core/export/connectivity.ts (shared with the app's matrix).
import type { Connectivity } from '../analyze/connectivity';
import { oneLine } from '../export/common';
import { connectivityToCsv, connectivityToMarkdown } from '../export/connectivity';
import type { Printer } from './format';

function text(c: Connectivity): string {
  if (c.rows.length === 0) return `No allowed connections (profile ${c.profile}).\n`;
  return c.rows.map((r) => `${oneLine(r.from)} => ${oneLine(r.to)} : ${r.ports.join(', ')}`).join('\n') + '\n';
}

export const CONNECTIVITY_FORMATS: Record<string, Printer<Connectivity>> = {
  text,
  json: (c) => JSON.stringify(c, null, 2) + '\n',
  csv: connectivityToCsv,
  md: connectivityToMarkdown,
  markdown: connectivityToMarkdown,
};

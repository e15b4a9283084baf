// Printers for `podpath exposure`: text (a line per namespace and the exposed pods), JSON, Markdown
// (the ticket summary of analyze/coverage.ts).
import { coverageToMarkdown, type CoverageReport } from '../analyze/coverage';
import { oneLine } from '../export/common';
import { mdEscape } from '../export/markdown';
import { json, type Printer } from './format';

const text: Printer<CoverageReport> = (r) => {
  const t = r.totals;
  const out = [
    `${t.endpoints} pods/workloads in ${r.namespaces.length} namespaces (profile ${r.profile}):`,
    `  ${t.ingressUnisolated} selected by no NetworkPolicy for ingress, ${t.egressUnisolated} for egress`,
    `  ${t.namespacesWithoutDefaultDeny} namespace(s) without an ingress default deny`,
    `  ${t.openToAll} open to every pod of the cluster, ${t.openToInternet} open to the internet by policy`,
    `  ${t.exposedUnisolated} outside route(s) to pods that no policy isolates`,
    '',
  ];
  for (const c of r.namespaces) {
    const dd = `default deny in: ${c.defaultDenyIngress.length ? 'yes' : 'NO'}, out: ${c.defaultDenyEgress.length ? 'yes' : 'NO'}`;
    out.push(`${oneLine(c.namespace)}: ${c.endpoints} pods/workloads; ${c.ingressUnisolated.length} without ingress policy, ${c.egressUnisolated.length} without egress policy; ${dd}; ${c.openToAll.length} open to all, ${c.openToInternet.length} open to the internet`);
    for (const e of c.exposedUnisolated) out.push(`  exposed without isolation: ${oneLine(e)}`);
  }
  return out.join('\n') + '\n';
};

export const EXPOSURE_FORMATS: Record<string, Printer<CoverageReport>> = {
  text,
  json,
  md: (r) => coverageToMarkdown(r, mdEscape),
  markdown: (r) => coverageToMarkdown(r, mdEscape),
};

// Lint: findings about the whole model — misconfigurations that break traffic or silently open it.
// The parse/model diagnostics come first, then each rule's findings (rules in edge.ts and policy.ts).
// Every finding has a code, a severity, a message for a support engineer, the YAML range and a fix.
import type { BuiltCluster } from '../model/build';
import type { Severity } from '../parse/diagnostics';
import { edgeFindings } from './edge';
import { moreEdgeFindings } from './edge2';
import { policyFindings } from './policy';

export { LINT_CODES, type Finding, type LintCode } from './codes';
import type { Finding } from './codes';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function lintCluster(cluster: BuiltCluster, opts: { now?: Date } = {}): Finding[] {
  const diags: Finding[] = cluster.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, source: d.range }));
  const rules = [...edgeFindings(cluster, opts.now ?? new Date()), ...moreEdgeFindings(cluster), ...policyFindings(cluster)];
  rules.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.source.file.localeCompare(b.source.file) || a.source.startLine - b.source.startLine);
  return [...diags, ...rules];
}

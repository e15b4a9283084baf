// Lint: findings about the whole model — misconfigurations that break traffic or silently open it.
// The parse/model diagnostics come first, then each rule's findings (rules in edge.ts, edge2.ts, policy.ts, namespaces.ts).
// Every finding has a code, a severity, a message for a support engineer, the YAML range and a fix.
import type { BuiltCluster } from '../model/build';
import type { Severity } from '../parse/diagnostics';
import { edgeFindings } from './edge';
import { moreEdgeFindings } from './edge2';
import { policyFindings } from './policy';
import { namespaceSelectorFindings } from './namespaces';

export { LINT_CODES, type Finding, type LintCode } from './codes';
import type { Finding } from './codes';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function lintCluster(cluster: BuiltCluster, opts: { now?: Date } = {}): Finding[] {
  const run = lintInParts(cluster, opts);
  for (const part of run.parts) part();
  return run.findings();
}

/**
 * The same findings as `lintCluster`, computed in parts that can run in separate tasks (the app's
 * analysis worker answers a newer request between them; each part is a third of the work on a
 * whole-cluster dump). Run every part, in order, before asking for `findings()`.
 */
export function lintInParts(cluster: BuiltCluster, opts: { now?: Date } = {}): { parts: (() => void)[]; findings(): Finding[] } {
  const now = opts.now ?? new Date();
  const found: Finding[][] = [];
  const parts = [() => found.push(edgeFindings(cluster, now)), () => found.push(moreEdgeFindings(cluster)), () => found.push([...policyFindings(cluster), ...namespaceSelectorFindings(cluster)])];
  return {
    parts,
    findings() {
      if (found.length !== parts.length) throw new Error('lintInParts: findings() before every part ran');
      const diags: Finding[] = cluster.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, source: d.range }));
      const rules = found.flat();
      rules.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.source.file.localeCompare(b.source.file) || a.source.startLine - b.source.startLine);
      return [...diags, ...rules];
    },
  };
}

// Lint: findings about the whole model — misconfigurations that break traffic or silently open it.
// The parse/model diagnostics come first, then each rule's findings. One file per subject: route.ts,
// ingress.ts, service.ts, dns.ts, egress.ts, policy.ts (with unmodelled.ts), namespaces.ts; codes.ts is the
// one catalogue of codes and finding.ts the one way to make a Finding. Rules read the model and the typed
// facts of the trace's hops (`Hop.code`, verdicts), never a hop's wording (facts.test.ts checks it).
// Every finding has a code, a severity, a message for a support engineer, the YAML range and a fix.
import type { BuiltCluster } from '../model/build';
import type { Severity } from '../parse/diagnostics';
import { egressWithoutDns } from './dns';
import { egressFindings, egressObjectFindings } from './egress';
import { ingressFindings } from './ingress';
import { namespaceSelectorFindings } from './namespaces';
import { policyFindings } from './policy';
import { routeFindingsAll, routeIngressCollision } from './route';
import { nodePortOutOfRange, serviceFindings } from './service';

export { LINT_CODES, type Finding, type FindingCode, type LintCode } from './codes';
import type { Finding } from './codes';
import { calicoFindings } from './calico';

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
  // Three parts of about equal cost; the order of the rules within them is the order findings of equal
  // severity and position keep.
  const parts = [
    () => found.push([...routeFindingsAll(cluster, now), ...ingressFindings(cluster), ...serviceFindings(cluster), ...egressFindings(cluster)]),
    () => found.push([...egressWithoutDns(cluster), ...nodePortOutOfRange(cluster), ...routeIngressCollision(cluster), ...egressObjectFindings(cluster)]),
    () => found.push([...policyFindings(cluster), ...namespaceSelectorFindings(cluster), ...calicoFindings(cluster)]),
  ];
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

// Lint rule egress-no-dns: pods isolated for egress with no rule admitting the cluster DNS pods
// (analyze/edge/dnslookup.ts: UDP on the DNS pods' port — 5353 on OpenShift — decides); they resolve no
// name. One finding per set of isolating policies, read from the policy engine's typed verdicts.
import type { BuiltCluster } from '../model/build';
import { objectKey } from '../model/types';
import { asksClusterDns, dnsEgressFix, dnsQueryVerdicts } from '../analyze/edge/dnslookup';
import { evaluateConnection } from '../analyze/policy/evaluate';
import { LINT_CODES, type Finding } from './codes';

/** One finding per set of egress policies that leaves pods without DNS (not one per pod). */
export function egressWithoutDns(cluster: BuiltCluster): Finding[] {
  const groups = new Map<string, { pods: string[]; finding: Omit<Finding, 'message'>; first: string; policies: number; only53: boolean; unsure?: string }>();
  const d = cluster.profile.dns;
  for (const pod of cluster.pods) {
    if (pod.meta.impliedBy || !asksClusterDns(pod)) continue;
    const { udp, tcp, primary } = dnsQueryVerdicts(cluster, pod);
    const v = (primary === 'UDP' ? udp : tcp).egress;
    // Only NetworkPolicy isolation: the fix is an egress rule (admin policies are the cluster admin's).
    if (v.allowed || v.decidedBy !== 'network-policy') continue;
    // On OVN-K profiles an ipBlock may or may not hold the DNS pods' address (the input does not give it):
    // then the pods can resolve only if it does, which is said as such, in a finding of its own.
    const unsure = v.undecided?.[0];
    const key = `${unsure ? 'unsure:' : ''}${v.selectedBy.map((r) => r.object).join('|') || pod.id}`;
    const g = groups.get(key);
    if (g) {
      g.pods.push(pod.id);
      continue;
    }
    const rule = v.selectedBy[0] ?? v.rule;
    // The group's fix names no pod (the finding lists them).
    const fix = dnsEgressFix(cluster);
    // The classic OpenShift mistake: a rule for the Service's port 53, which policies never see.
    const only53 = d.podPort !== d.servicePort && evaluateConnection(cluster, { kind: 'pod', pod }, { kind: 'pod', pod: cluster.dnsPod }, d.servicePort, primary).egress.allowed;
    groups.set(key, {
      pods: [pod.id],
      only53,
      unsure,
      first: [...new Set(v.selectedBy.map((r) => r.object.replace('/', ' ')))].join(', ') || 'the policies selecting them',
      policies: new Set(v.selectedBy.map((r) => r.object)).size,
      finding: { code: 'egress-no-dns', severity: LINT_CODES['egress-no-dns'], object: rule?.object ?? objectKey(pod.meta), source: rule?.source ?? cluster.sourceMap.locate(pod.meta.ref), fix: { summary: fix.summary, snippet: fix.snippet } },
    });
  }
  const port = d.podPort !== d.servicePort ? `${d.podPort} — the DNS pods' port behind the ${d.serviceName} Service's ${d.servicePort}` : String(d.podPort);
  return [...groups.values()].map((g) => {
    const many = g.pods.length > 1;
    const who = `${g.pods.slice(0, 4).join(', ')}${g.pods.length > 4 ? ` and ${g.pods.length - 4} more` : ''}`;
    const verb = g.policies > 1 ? 'isolate' : 'isolates';
    const only53 = g.only53 ? ` A rule admits port ${d.servicePort} to the DNS pods, but that is the Service's port: policies see ${d.podPort}.` : '';
    if (g.unsure) {
      return { ...g.finding, message: `${g.first} ${verb} ${who} for egress, and no rule surely admits the cluster DNS (namespace ${d.namespace}, UDP/TCP ${port}): only an ipBlock might, if the DNS pods' address (not in the input) is inside it — ${g.unsure}. If it is not, ${many ? 'these pods' : 'the pod'} cannot resolve any name. A rule by namespace says it for sure.${only53}` };
    }
    return { ...g.finding, message: `${g.first} ${verb} ${who} for egress, and no rule admits the cluster DNS (namespace ${d.namespace}, UDP/TCP ${port}): ${many ? 'these pods' : 'the pod'} cannot resolve any name, so connections by name fail before they start.${only53}` };
  });
}

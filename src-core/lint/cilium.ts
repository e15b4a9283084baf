// Lint for Cilium policies (cilium profile): the common mistakes of CiliumNetworkPolicy and
// CiliumClusterwideNetworkPolicy, each with its YAML range and a fix.
// - cilium-selector-matches-nothing: an endpointSelector, or a fromEndpoints/toEndpoints selector, that
//   selects no pod of the input (with the namespace Cilium adds: utils.go getEndpointSelector);
// - cilium-allow-shadowed-by-deny: an allow entry every pod peer of which a deny entry of the same endpoint
//   also denies on all its ports ("Deny policies take precedence over allow policies", deny.rst);
// - cilium-fqdn-without-dns: toFQDNs on endpoints whose egress has no `rules: dns` port rule — Cilium learns
//   a name's addresses only from lookups its DNS proxy sees (Documentation/security/dns.rst), so the rule
//   allows nothing;
// - cilium-requires-deprecated: fromRequires / toRequires, deprecated upstream, narrow every label-based allow.
import type { BuiltCluster } from '../model/build';
import type { CiliumPeerRule, CiliumSelector } from '../model/kinds/ciliumnetworkpolicy';
import { objectKey, type PodLike } from '../model/types';
import { policyIndex } from '../analyze/policy/cache';
import { ciliumRulesSelecting } from '../analyze/policy/cilium/evaluate';
import { ciliumSelects, identityOf } from '../analyze/policy/cilium/identity';
import { describeCiliumSelector } from '../analyze/policy/cilium/rules';
import { objectName } from '../analyze/policy/explain';
import { LINT_CODES, type Finding } from './codes';

function selectsAnyPod(cluster: BuiltCluster, sel: CiliumSelector, as: PodLike | undefined): boolean {
  const idx = policyIndex(cluster);
  return cluster.pods.some((p) => !p.hostNetwork && ciliumSelects(sel, identityOf(idx, { kind: 'pod', pod: p }, as ?? p)) !== 'no');
}

const reservedOnly = (s: CiliumSelector) => [...Object.keys(s.selector.matchLabels), ...s.selector.matchExpressions.map((e) => e.key)].some((k) => k.startsWith('reserved:') || k.startsWith('reserved.') || k.startsWith('$'));

const samePorts = (a: CiliumPeerRule, b: CiliumPeerRule) => !b.toPorts || JSON.stringify(a.toPorts?.map((p) => p.ports.map((x) => [x.port, x.endPort, x.name, x.protocol]))) === JSON.stringify(b.toPorts.map((p) => p.ports.map((x) => [x.port, x.endPort, x.name, x.protocol])));

export function ciliumFindings(cluster: BuiltCluster): Finding[] {
  const policies = cluster.ciliumPolicies ?? [];
  if (!policies.length) return [];
  const out: Finding[] = [];
  const idx = policyIndex(cluster);
  const push = (code: keyof typeof LINT_CODES, message: string, object: string, ref: Parameters<typeof cluster.sourceMap.locate>[0], fix: string) =>
    out.push({ code, severity: LINT_CODES[code], message, object, source: cluster.sourceMap.locate(ref), fix: { summary: fix } });
  const havePods = cluster.pods.some((p) => !p.hostNetwork);
  for (const p of policies) {
    const name = objectName(p.meta);
    for (const r of p.rules) {
      if (r.endpointSelector && havePods && !selectsAnyPod(cluster, r.endpointSelector, undefined)) {
        push('cilium-selector-matches-nothing', `${name} (${r.label}): endpointSelector ${describeCiliumSelector(r.endpointSelector)} selects none of the pods of the input, so the rule has no effect.`, objectKey(p.meta), r.endpointSelector.ref, 'Match the labels of the pods you meant (keys may carry a k8s: prefix; a CiliumNetworkPolicy only ever selects pods of its own namespace).');
      }
      for (const sec of ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const) {
        for (const e of r[sec]) {
          for (const s of e.endpoints ?? []) {
            if (!havePods || reservedOnly(s) || selectsAnyPod(cluster, s, undefined)) continue;
            push('cilium-selector-matches-nothing', `${name} (${r.label}), ${sec} rule ${e.index + 1}: ${sec.startsWith('ingress') ? 'fromEndpoints' : 'toEndpoints'} ${describeCiliumSelector(s)} selects none of the pods of the input.`, objectKey(p.meta), s.ref, 'A CiliumNetworkPolicy selector without a namespace key selects only its own namespace: add `k8s:io.kubernetes.pod.namespace: <namespace>` for pods elsewhere, or fix the labels.');
          }
          if (e.requires?.length) push('cilium-requires-deprecated', `${name} (${r.label}), ${sec} rule ${e.index + 1}: ${sec.startsWith('ingress') ? 'fromRequires' : 'toRequires'} is deprecated in Cilium; it narrows every label-based allow (fromEndpoints / toEndpoints, NetworkPolicy pod and namespace selectors) of the endpoints it selects.`, objectKey(p.meta), e.ref, 'Express the requirement in each fromEndpoints / toEndpoints selector instead, or with a deny rule.');
        }
      }
    }
  }
  // Per endpoint: shadowed allows and toFQDNs without a DNS rule.
  const seenShadow = new Set<string>();
  const seenFqdn = new Set<string>();
  for (const pod of cluster.pods) {
    if (pod.hostNetwork) continue;
    const sel = ciliumRulesSelecting(idx, pod);
    if (!sel.length) continue;
    const dnsSeen = sel.some((s) => s.rule.egress.some((e) => e.toPorts?.some((pr) => pr.dns)));
    for (const s of sel) {
      for (const e of s.rule.egress) {
        if (!e.fqdns?.length || dnsSeen) continue;
        const key = `${objectKey(s.policy.meta)}#${s.rule.label}#${e.index}`;
        if (seenFqdn.has(key)) continue;
        seenFqdn.add(key);
        push('cilium-fqdn-without-dns', `${objectName(s.policy.meta)} (${s.rule.label}), egress rule ${e.index + 1}: toFQDNs ${e.fqdns.map((f) => f.text).join(', ')}, but no egress rule of ${pod.id} sends its DNS lookups through Cilium's DNS proxy (toPorts with rules: dns), so Cilium never learns the addresses and the rule allows nothing.`, objectKey(s.policy.meta), e.ref, 'Add an egress rule to the cluster DNS with `toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]`.');
      }
      for (const dir of ['ingress', 'egress'] as const) {
        const denySec = dir === 'ingress' ? 'ingressDeny' : 'egressDeny';
        const denies = sel.flatMap((x) => x.rule[denySec]);
        if (!denies.length) continue;
        for (const e of s.rule[dir]) {
          if (!e.endpoints?.length || e.entities?.length || e.cidrs?.length) continue;
          const peers = cluster.pods.filter((q) => !q.hostNetwork && e.endpoints!.some((x) => ciliumSelects(x, identityOf(idx, { kind: 'pod', pod: q }, pod)) === 'yes'));
          if (!peers.length) continue;
          const shadowed = peers.every((q) => denies.some((d) => samePorts(e, d) && d.endpoints?.some((x) => ciliumSelects(x, identityOf(idx, { kind: 'pod', pod: q }, pod)) === 'yes')) || denies.some((d) => samePorts(e, d) && d.entities?.some((x) => x.name === 'all' || x.name === 'cluster')));
          const key = `${objectKey(s.policy.meta)}#${s.rule.label}#${dir}#${e.index}`;
          if (!shadowed || seenShadow.has(key)) continue;
          seenShadow.add(key);
          push('cilium-allow-shadowed-by-deny', `${objectName(s.policy.meta)} (${s.rule.label}), ${dir} rule ${e.index + 1} allows ${peers.length} pod(s) that a ${denySec} rule of ${pod.id} denies on the same ports; deny rules always win, so this allow never takes effect there.`, objectKey(s.policy.meta), e.ref, `Narrow the ${denySec} entry, or remove the allow rule if the denial is meant.`);
        }
      }
    }
  }
  return out;
}

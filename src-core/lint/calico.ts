// Lint for Calico policies (profile `calico`): a policy or rule selector that matches no pod of the input,
// a rule that can never be reached because a catch-all rule before it (same policy) or a catch-all Deny of a
// policy read earlier in the same tier (lower order, selecting at least the same pods) decides first, and a
// policy in a tier the input has no Tier object for (its place among the tiers is then unknown), and Calico
// egress policies that leave pods without the cluster DNS (the engine's own verdict on the DNS query).
// Reads the engine's own predicates (analyze/policy/calico/), never hop text.
import type { BuiltCluster } from '../model/build';
import { formatCalicoSelector } from '../model/calico-selector';
import type { CalicoEntityRule, CalicoPolicy, CalicoPolicyType, CalicoRule } from '../model/calico-types';
import { policyIndex } from '../analyze/policy/cache';
import { calicoPolicyName } from '../analyze/policy/calico/direction';
import { calicoEndpointLabels } from '../analyze/policy/calico/labels';
import { calicoPolicySelects, orderLess, sortKey } from '../analyze/policy/calico/select';
import { calicoSelectorMatches } from '../model/calico-selector';
import { childRef } from '../parse/source';
import { asksClusterDns, dnsQueryVerdicts } from '../analyze/edge/dnslookup';
import type { Finding } from './codes';
import { finding } from './finding';

/** A rule that matches every connection of its direction: no criteria at all. */
function catchAll(r: CalicoRule): boolean {
  const empty = (e: CalicoEntityRule) => !e.selector && !e.notSelector && !e.namespaceSelector && !e.nets && !e.notNets && !e.ports && !e.notPorts && !e.serviceAccounts && !e.services && !e.broken;
  return !r.broken && !r.protocol && !r.notProtocol && !r.ipVersion && !r.http && !r.icmp && empty(r.source) && empty(r.destination);
}

export function calicoFindings(cluster: BuiltCluster): Finding[] {
  const policies = cluster.calico?.policies ?? [];
  if (cluster.profile.name !== 'calico' || policies.length === 0) return [];
  const idx = policyIndex(cluster);
  const out: Finding[] = [];
  const tiers = new Set((cluster.calico?.tiers ?? []).map((t) => t.name));
  const selected = new Map<CalicoPolicy, string[]>();
  for (const p of policies) selected.set(p, cluster.pods.filter((pod) => calicoPolicySelects(idx, p, pod)).map((pod) => pod.id));

  for (const p of policies) {
    const name = calicoPolicyName(p);
    if (p.tier !== 'default' && !tiers.has(p.tier)) {
      out.push(finding(cluster, 'calico-tier-missing', p.meta, childRef(p.meta.ref, 'spec', 'tier'), `${name} is in tier ${p.tier}, which the input has no Tier object for: where the tier stands among the others is unknown, so verdicts it could decide are undetermined. (The API server refuses a policy whose tier does not exist.)`, { summary: `Add the Tier (\`kubectl get tiers.crd.projectcalico.org ${p.tier} -o yaml\`) to the input.` }));
    }
    if (cluster.pods.length && !p.broken && selected.get(p)!.length === 0) {
      out.push(finding(cluster, 'calico-selector-matches-nothing', p.meta, p.selectorRef, `${name}: selector ${formatCalicoSelector(p.selector.root)}${p.global ? '' : ` (in namespace ${p.meta.namespace})`} selects no pod of the input, so the policy applies to nothing here.`, { summary: 'Check the label names and values against the pods (Calico selectors are case-sensitive; string values need quotes).' }));
    }
    for (const dir of ['ingress', 'egress'] as const) {
      const rules = dir === 'ingress' ? p.ingress : p.egress;
      const first = rules.findIndex((r) => catchAll(r) && r.action !== 'Log');
      for (const r of rules) {
        if (first >= 0 && r.index > first) {
          out.push(finding(cluster, 'calico-rule-shadowed', p.meta, r.ref, `${name}, ${dir} rule ${r.index + 1} (${r.action}) is never reached: rule ${first + 1} (${rules[first].action}) before it matches every connection.`, { summary: `Move rule ${r.index + 1} before rule ${first + 1}, or remove it.` }));
        }
        for (const side of ['source', 'destination'] as const) {
          const e = r[side];
          if (!e.selector || e.namespaceSelector || !cluster.pods.length) continue;
          const any = cluster.pods.some((pod) => (p.global || pod.namespace === p.meta.namespace) && calicoSelectorMatches(e.selector!.root, calicoEndpointLabels(idx, pod)));
          if (!any) out.push(finding(cluster, 'calico-selector-matches-nothing', p.meta, childRef(r.ref, side, 'selector'), `${name}, ${dir} rule ${r.index + 1}: ${side}.selector ${formatCalicoSelector(e.selector.root)} matches no pod of the input${p.global ? '' : ` in namespace ${p.meta.namespace} (without a namespaceSelector a rule selector stays in the policy's namespace)`}.`, { summary: p.global ? 'Check the labels.' : 'Add a namespaceSelector (e.g. `all()`) to select pods of other namespaces, or check the labels.' }));
        }
      }
    }
  }

  // A catch-all Deny of a policy read earlier in the same tier shadows every rule of a later policy whose pods it also selects.
  for (const type of ['Ingress', 'Egress'] as CalicoPolicyType[]) {
    const dir = type === 'Ingress' ? 'ingress' : 'egress';
    const byTier = new Map<string, CalicoPolicy[]>();
    for (const p of policies) if (p.types.includes(type)) byTier.set(p.tier, [...(byTier.get(p.tier) ?? []), p]);
    for (const list of byTier.values()) {
      const sorted = list.map((p) => ({ p, order: p.order, key: sortKey(p) })).sort(orderLess).map((x) => x.p);
      sorted.forEach((later, i) => {
        const pods = selected.get(later)!;
        const rules = dir === 'ingress' ? later.ingress : later.egress;
        if (!pods.length || !rules.some((r) => r.action === 'Allow')) return;
        const denier = sorted.slice(0, i).find((earlier) => {
          const rs = dir === 'ingress' ? earlier.ingress : earlier.egress;
          const firstDecisive = rs.find((r) => r.action !== 'Log' && catchAll(r));
          return firstDecisive?.action === 'Deny' && !rs.slice(0, rs.indexOf(firstDecisive)).some((r) => r.action !== 'Log') && pods.every((id) => selected.get(earlier)!.includes(id));
        });
        if (denier) out.push(finding(cluster, 'calico-rule-shadowed', later.meta, later.selectorRef, `${calicoPolicyName(later)}: its ${dir} Allow rules are never reached for the pods it selects (${pods.slice(0, 3).join(', ')}${pods.length > 3 ? ' …' : ''}): ${calicoPolicyName(denier)} is read before it in tier ${later.tier} and denies all ${dir} of them.`, { summary: `Give ${later.name} a lower order than ${denier.name}, or narrow ${denier.name}'s selector.` }));
      });
    }
  }
  out.push(...calicoEgressWithoutDns(cluster));
  return out;
}

/** Pods whose DNS query a Calico policy drops: one finding per deciding rule, with a Calico allow rule as the fix. */
function calicoEgressWithoutDns(cluster: BuiltCluster): Finding[] {
  const d = cluster.profile.dns;
  const groups = new Map<string, { pods: string[]; rule: { object: string; source: Finding['source']; label: string } }>();
  for (const pod of cluster.pods) {
    if (pod.meta.impliedBy || !asksClusterDns(pod, cluster)) continue;
    const { udp, tcp, primary } = dnsQueryVerdicts(cluster, pod);
    const v = (primary === 'UDP' ? udp : tcp).egress;
    if (v.allowed || v.decidedBy !== 'calico-policy' || !v.rule || v.undecided?.length) continue;
    const g = groups.get(v.rule.object + v.rule.path);
    if (g) g.pods.push(pod.id);
    else groups.set(v.rule.object + v.rule.path, { pods: [pod.id], rule: { object: v.rule.object, source: v.rule.source, label: v.rule.label } });
  }
  const snippet =
    `  egress:\n  - action: Allow\n    protocol: UDP\n    destination:\n      namespaceSelector: "projectcalico.org/name == '${d.namespace}'"\n` +
    `      selector: "${Object.entries(d.podLabels).map(([k, v]) => `${k} == '${v}'`).join(' && ') || 'all()'}"\n      ports:\n      - ${d.podPort}\n` +
    `  - action: Allow\n    protocol: TCP\n    destination:\n      namespaceSelector: "projectcalico.org/name == '${d.namespace}'"\n` +
    `      selector: "${Object.entries(d.podLabels).map(([k, v]) => `${k} == '${v}'`).join(' && ') || 'all()'}"\n      ports:\n      - ${d.podPort}\n`;
  return [...groups.values()].map((g) => ({
    code: 'calico-egress-no-dns' as const,
    severity: 'warning' as const,
    message: `${g.rule.label} drops the DNS queries of ${g.pods.slice(0, 4).join(', ')}${g.pods.length > 4 ? ` and ${g.pods.length - 4} more` : ''} to the cluster DNS (namespace ${d.namespace}, UDP/TCP ${d.podPort}): no name resolves, so connections by name fail before they start.`,
    object: g.rule.object,
    source: g.rule.source,
    fix: { summary: `Allow DNS before that rule: as the first egress rules of the policy (or of a policy read before it in the same tier):`, snippet },
  }));
}

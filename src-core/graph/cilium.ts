// graph: the address blocks Cilium policies name, drawn like NetworkPolicy ipBlocks — toCIDR / toCIDRSet of
// egress rules (an `egress` block from the pods the rule selects), of egressDeny rules (a `deny` block), and
// toFQDNs names (a block labelled with the name). Which pods a rule selects comes from the policy engine's
// own predicate (analyze/policy/cilium/evaluate.ts ciliumRulesSelecting), so the graph cannot disagree.
import type { BuiltCluster } from '../model/build';
import { objectKey } from '../model/types';
import { policyIndex } from '../analyze/policy/cache';
import { ciliumRulesSelecting } from '../analyze/policy/cilium/evaluate';

type Get = (cidr: string, deny: boolean, label: string) => { from: string[] };

export function addCiliumBlocks(cluster: BuiltCluster, get: Get): void {
  if (!cluster.ciliumPolicies?.length) return;
  const idx = policyIndex(cluster);
  for (const pod of cluster.pods) {
    const key = objectKey(pod.meta);
    for (const s of ciliumRulesSelecting(idx, pod)) {
      for (const [list, deny] of [[s.rule.egress, false], [s.rule.egressDeny, true]] as const) {
        for (const e of list) {
          for (const c of e.cidrs ?? []) {
            if (!c.cidr || c.cidr === '0.0.0.0/0' || c.cidr === '::/0') continue;
            const b = get(c.cidr, deny, deny ? 'CiliumNetworkPolicy egressDeny' : 'egress');
            if (!b.from.includes(key)) b.from.push(key);
          }
          for (const f of e.fqdns ?? []) {
            const b = get(f.text, deny, 'toFQDNs');
            if (!b.from.includes(key)) b.from.push(key);
          }
        }
      }
    }
  }
}

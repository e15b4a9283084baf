// graph/calico: the external address blocks Calico egress rules name (`destination.nets`), drawn like a
// NetworkPolicy's egress ipBlocks: one block node per CIDR, linked from the pods the policy selects.
// Structural only (which policy names which block); whether traffic passes is the engine's answer.
// Only under the `calico` profile, where Calico's policies are enforced.
import type { BuiltCluster } from '../model/build';
import { objectKey } from '../model/types';
import { policyIndex } from '../analyze/policy/cache';
import { calicoPolicySelects } from '../analyze/policy/calico/select';

export interface CalicoBlock {
  cidr: string;
  deny: boolean;
  label: string;
  from: string[];
}

export function calicoEgressBlocks(cluster: BuiltCluster): CalicoBlock[] {
  if (cluster.profile.name !== 'calico' || !cluster.calico?.policies.length) return [];
  const idx = policyIndex(cluster);
  const out: CalicoBlock[] = [];
  for (const p of cluster.calico.policies) {
    if (!p.types.includes('Egress')) continue;
    const rules = p.egress.filter((r) => (r.action === 'Allow' || r.action === 'Deny') && r.destination.nets?.length && !r.broken);
    if (!rules.length) continue;
    const from = cluster.pods.filter((pod) => calicoPolicySelects(idx, p, pod)).map((pod) => objectKey(pod.meta));
    for (const r of rules) for (const cidr of r.destination.nets ?? []) if (cidr !== '0.0.0.0/0' && cidr !== '::/0') out.push({ cidr, deny: r.action === 'Deny', label: `Calico ${p.name} ${r.action}`, from });
  }
  return out;
}

// Which Calico policies apply to an endpoint, and in what order. Upstream:
// - a NetworkPolicy's selector is ANDed with `projectcalico.org/namespace == '<ns>'`, a GlobalNetworkPolicy's
//   with its `pcns.`-prefixed namespaceSelector, both with the `pcsa.`-prefixed serviceAccountSelector
//   (libcalico-go/lib/backend/syncersv1/updateprocessors/networkpolicyprocessor.go, globalnetworkpolicyprocessor.go,
//   selectors.go prefixAndAppendSelector). At the policy level `all()` / `global()` are not rewritten: both
//   evaluate true (selector/parser/ast.go).
// - a policy applies in a direction only if its `types` include it (felix renders no chain otherwise).
// - within a tier: lower `order` first, no order last, ties by policy name (felix/calc policy_sorter.go
//   PolKVLess: name, then namespace, then kind); tiers the same way by name (TierLess). Kubernetes NetworkPolicies are policies of the `default` tier
//   with order 1000, named `knp.default.<name>` (libcalico-go lib/backend/k8s/conversion conversion.go
//   K8sNetworkPolicyToCalico).
import { calicoSelectorMatches } from '../../../model/calico-selector';
import type { CalicoPolicy, CalicoPolicyType } from '../../../model/calico-types';
import type { NetworkPolicy, PodLike } from '../../../model/types';
import type { PolicyIndex } from '../cache';
import { calicoEndpointLabels, calicoNamespaceLabels, calicoServiceAccountLabels, serviceAccountOf } from './labels';

/** The order Calico gives every Kubernetes NetworkPolicy. */
export const KNP_ORDER = 1000;

export function calicoPolicySelects(idx: PolicyIndex, p: CalicoPolicy, pod: PodLike): boolean {
  if (p.broken) return false;
  if (!p.global && p.meta.namespace !== pod.namespace) return false;
  if (!calicoSelectorMatches(p.selector.root, calicoEndpointLabels(idx, pod))) return false;
  if (p.namespaceSelector && !calicoSelectorMatches(p.namespaceSelector.root, calicoNamespaceLabels(idx, pod.namespace))) return false;
  if (p.serviceAccountSelector && !calicoSelectorMatches(p.serviceAccountSelector.root, calicoServiceAccountLabels(idx, pod.namespace, serviceAccountOf(pod)))) return false;
  return true;
}

/** A policy of a tier as ordered: a Calico policy, or a Kubernetes NetworkPolicy in the default tier. */
export type TierPolicy = { kind: 'calico'; policy: CalicoPolicy; order?: number; key: string } | { kind: 'knp'; policy: NetworkPolicy; order: number; key: string };

/** felix's tie-break key (felix/calc/policy_sorter.go PolKVLess, projectcalico/calico 87c15906):
 *  `<name>/<namespace>/<kind>` of the policy key — the v3 resource name (the crd form's `<tier>.` storage
 *  prefix removed). Older releases broke ties by `<namespace>/<name>` alone; they agree unless two
 *  policies of one tier share an order. */
export function sortKey(p: CalicoPolicy): string {
  const name = p.meta.apiVersion.startsWith('crd.') ? p.name : p.meta.name;
  return `${name}/${p.global ? '' : p.meta.namespace}/${p.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy'}`;
}

/** PolKVLess / TierLess: lower order first; undefined order is "infinite"; equal orders by name. */
export function orderLess(a: { order?: number; key: string }, b: { order?: number; key: string }): number {
  const ao = a.order ?? Infinity;
  const bo = b.order ?? Infinity;
  if (ao !== bo) return ao < bo ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The policies of `tier` that apply to the pod in this direction, in Calico's order. */
export function tierPoliciesFor(idx: PolicyIndex, tier: string, pod: PodLike, type: CalicoPolicyType): TierPolicy[] {
  const out: TierPolicy[] = [];
  for (const p of idx.cluster.calico?.policies ?? []) {
    if (p.tier !== tier || !p.types.includes(type) || !calicoPolicySelects(idx, p, pod)) continue;
    out.push({ kind: 'calico', policy: p, order: p.order, key: sortKey(p) });
  }
  if (tier === 'default') for (const np of idx.networkPoliciesSelecting(pod, type)) out.push({ kind: 'knp', policy: np, order: KNP_ORDER, key: `${np.meta.name}/${np.meta.namespace}/KubernetesNetworkPolicy` });
  return out.sort(orderLess);
}

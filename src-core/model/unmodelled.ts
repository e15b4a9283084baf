// Policy objects podpath does not model, in ONE list: objects of these kinds can allow or drop traffic
// (another CNI's or a mesh's policies, networks that isolate pods), so a connection one of them could
// apply to is 'undetermined', never a confident verdict (analyze/policy/unmodelled.ts, lint). When a
// kind becomes modelled (issue 15: Cilium, Calico), remove it here — or, when a profile models it (Calico's
// policies under the `calico` profile), name that profile in `modelledBy`: under any other profile the
// objects still make what they could touch undetermined, since that cluster's CNI is not the one they need.
// "Could apply" reads only what is safe: a namespaced object applies to endpoints of its own namespace
// (CiliumNetworkPolicy.endpointSelector, Calico NetworkPolicy.selector, Antrea NetworkPolicy.appliedTo,
// Istio AuthorizationPolicy.selector, UserDefinedNetwork: all select within metadata.namespace); a
// cluster-wide one may apply to any endpoint. Their selectors are not read: their label syntaxes differ
// (Cilium `k8s:` prefixes, Calico's selector language), and a guess would be a verdict.
import type { ProfileName } from './types';

export interface UnmodelledKind {
  /** API group (the apiVersion before the slash). */
  group: string;
  kind: string;
  scope: 'namespaced' | 'cluster';
  /** What it is, for a support engineer. */
  what: string;
  /** A namespace whose objects of this kind apply cluster-wide (Istio's root namespace). */
  rootNamespace?: string;
  /** The profile under which podpath models this kind (it is then not "unmodelled" there). */
  modelledBy?: ProfileName;
}

export const UNMODELLED_POLICY_KINDS: readonly UnmodelledKind[] = [
  { group: 'cilium.io', kind: 'CiliumNetworkPolicy', scope: 'namespaced', what: 'a Cilium network policy' },
  { group: 'cilium.io', kind: 'CiliumClusterwideNetworkPolicy', scope: 'cluster', what: 'a cluster-wide Cilium network policy' },
  { group: 'projectcalico.org', kind: 'NetworkPolicy', scope: 'namespaced', what: 'a Calico network policy', modelledBy: 'calico' },
  { group: 'crd.projectcalico.org', kind: 'NetworkPolicy', scope: 'namespaced', what: 'a Calico network policy', modelledBy: 'calico' },
  { group: 'projectcalico.org', kind: 'GlobalNetworkPolicy', scope: 'cluster', what: 'a Calico global network policy', modelledBy: 'calico' },
  { group: 'crd.projectcalico.org', kind: 'GlobalNetworkPolicy', scope: 'cluster', what: 'a Calico global network policy', modelledBy: 'calico' },
  // Istio: "a policy in the root namespace (istio-system by default) applies to all workloads in the mesh".
  { group: 'security.istio.io', kind: 'AuthorizationPolicy', scope: 'namespaced', what: 'an Istio authorization policy (the sidecar or gateway may deny the request)', rootNamespace: 'istio-system' },
  { group: 'security.istio.io', kind: 'PeerAuthentication', scope: 'namespaced', what: 'an Istio mTLS policy (STRICT mode refuses plain-text clients)', rootNamespace: 'istio-system' },
  { group: 'crd.antrea.io', kind: 'NetworkPolicy', scope: 'namespaced', what: 'an Antrea network policy' },
  { group: 'crd.antrea.io', kind: 'ClusterNetworkPolicy', scope: 'cluster', what: 'an Antrea cluster network policy' },
  { group: 'policy.networking.k8s.io', kind: 'ClusterNetworkPolicy', scope: 'cluster', what: 'a ClusterNetworkPolicy (the network-policy-api successor of AdminNetworkPolicy)' },
  { group: 'k8s.ovn.org', kind: 'UserDefinedNetwork', scope: 'namespaced', what: 'an OVN-Kubernetes user-defined network (a primary one isolates the namespace from the default pod network)' },
  { group: 'k8s.ovn.org', kind: 'ClusterUserDefinedNetwork', scope: 'cluster', what: 'an OVN-Kubernetes cluster user-defined network (its namespaceSelector moves namespaces off the default pod network)' },
  { group: 'k8s.cni.cncf.io', kind: 'MultiNetworkPolicy', scope: 'namespaced', what: 'a policy for secondary (Multus) networks' },
];

/** The entry for an object's apiVersion and kind, if podpath does not model it (under `profile`, when given). */
export function unmodelledKind(apiVersion: string, kind: string, profile?: ProfileName): UnmodelledKind | undefined {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const k = UNMODELLED_POLICY_KINDS.find((k) => k.kind === kind && k.group === group);
  return k && profile !== undefined && k.modelledBy === profile ? undefined : k;
}

/** Kind names that are cluster-scoped (metadata.namespace is ignored for them). */
export const UNMODELLED_CLUSTER_KINDS: readonly string[] = [...new Set(UNMODELLED_POLICY_KINDS.filter((k) => k.scope === 'cluster').map((k) => k.kind))];

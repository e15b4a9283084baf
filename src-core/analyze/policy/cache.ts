// Per-cluster indexes for policy evaluation, built lazily once per cluster and kept in a WeakMap so a
// new cluster (every edit in the app) gets fresh ones and old ones are collected. A query then touches
// only the policies of the pod's own namespace that could select it (indexed by one podSelector label)
// and the admin policies whose subject selects the pod;
// answers per pod are memoised, so 1,000 queries on a big cluster cost little beyond the rules they read.
import type { BuiltCluster } from '../../model/build';
import type { AdminNetworkPolicy, Labels, NetworkPolicy, PodLike, PolicyType } from '../../model/types';
import { npSelectsPod, subjectSelects } from './predicate';

/** Subjects are decided by the one predicate (predicate.ts); re-exported for existing imports. */
export { subjectSelects };

const NAME_LABEL = 'kubernetes.io/metadata.name';

export interface PolicyIndex {
  cluster: BuiltCluster;
  /** Labels of a namespace (with the implied name label), also for namespaces nothing declares. */
  namespaceLabels(ns: string): Labels;
  /** NetworkPolicies of the pod's namespace that select it for the direction, in input order. */
  networkPoliciesSelecting(pod: PodLike, type: PolicyType): NetworkPolicy[];
  /** AdminNetworkPolicies whose subject selects the pod, in priority order. */
  adminPoliciesSelecting(pod: PodLike): AdminNetworkPolicy[];
  /** NetworkPolicies of a namespace (for explanations: "no policy in this namespace"). */
  networkPoliciesIn(ns: string): NetworkPolicy[];
}

const indexes = new WeakMap<BuiltCluster, PolicyIndex>();

/**
 * The directions a NetworkPolicy isolates, as the API server defaults them (SetDefaults_NetworkPolicy in
 * k8s.io/kubernetes pkg/apis/networking/v1/defaults.go): an empty or missing policyTypes means Ingress,
 * plus Egress when the policy has at least one egress rule (`egress: []` adds nothing).
 */
export function effectivePolicyTypes(np: NetworkPolicy): { types: PolicyType[]; defaulted: boolean } {
  if (np.policyTypesExplicit && np.policyTypes.length > 0) return { types: [...new Set(np.policyTypes)], defaulted: false };
  return { types: np.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'], defaulted: true };
}

/**
 * The NetworkPolicies of one namespace indexed by one `key=value` of their podSelector's matchLabels, so
 * a pod looks only at policies that could select it: those keyed by one of its own labels, plus those
 * whose selector has no matchLabels (`{}`, or matchExpressions only), which are checked one by one.
 */
interface NamespacePolicies {
  all: NetworkPolicy[];
  byLabel: Map<string, NetworkPolicy[]>;
  unkeyed: NetworkPolicy[];
  order: Map<NetworkPolicy, number>;
}

function labelKey(k: string, v: string): string {
  return `${k}\u0000${v}`;
}

function candidates(n: NamespacePolicies, pod: PodLike): NetworkPolicy[] {
  const found = new Set<NetworkPolicy>(n.unkeyed);
  for (const k in pod.podLabels) for (const np of n.byLabel.get(labelKey(k, pod.podLabels[k])) ?? []) found.add(np);
  // Input order, so explanations list policies as written.
  return [...found].sort((a, b) => (n.order.get(a) ?? 0) - (n.order.get(b) ?? 0));
}

function build(cluster: BuiltCluster): PolicyIndex {
  const byNamespace = new Map<string, NamespacePolicies>();
  for (const np of cluster.networkPolicies) {
    let n = byNamespace.get(np.meta.namespace);
    if (!n) byNamespace.set(np.meta.namespace, (n = { all: [], byLabel: new Map(), unkeyed: [], order: new Map() }));
    n.order.set(np, n.all.length);
    n.all.push(np);
    const first = Object.entries(np.podSelector.matchLabels)[0];
    if (!first) n.unkeyed.push(np);
    else {
      const key = labelKey(first[0], first[1]);
      const list = n.byLabel.get(key);
      if (list) list.push(np);
      else n.byLabel.set(key, [np]);
    }
  }
  const implied = new Map<string, Labels>();
  const selecting = new WeakMap<PodLike, { Ingress: NetworkPolicy[]; Egress: NetworkPolicy[] }>();
  const adminSelecting = new WeakMap<PodLike, AdminNetworkPolicy[]>();

  const namespaceLabels = (ns: string): Labels => {
    const n = cluster.namespaces.get(ns);
    if (n) return n.labels;
    let l = implied.get(ns);
    if (!l) implied.set(ns, (l = { [NAME_LABEL]: ns }));
    return l;
  };

  return {
    cluster,
    namespaceLabels,
    networkPoliciesIn: (ns) => byNamespace.get(ns)?.all ?? [],
    networkPoliciesSelecting(pod, type) {
      let s = selecting.get(pod);
      if (!s) {
        s = { Ingress: [], Egress: [] };
        const n = byNamespace.get(pod.namespace);
        for (const np of n ? candidates(n, pod) : []) {
          if (!npSelectsPod(np, pod)) continue;
          for (const t of effectivePolicyTypes(np).types) s[t].push(np);
        }
        selecting.set(pod, s);
      }
      return s[type];
    },
    adminPoliciesSelecting(pod) {
      let s = adminSelecting.get(pod);
      if (!s) {
        const nsl = namespaceLabels(pod.namespace);
        s = cluster.adminNetworkPolicies.filter((a) => subjectSelects(a.subject, pod, nsl));
        adminSelecting.set(pod, s);
      }
      return s;
    },
  };
}

export function policyIndex(cluster: BuiltCluster): PolicyIndex {
  let idx = indexes.get(cluster);
  if (!idx) {
    idx = build(cluster);
    indexes.set(cluster, idx);
  }
  return idx;
}

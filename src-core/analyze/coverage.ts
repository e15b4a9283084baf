// Exposure and isolation coverage (`podpath exposure`): per namespace, how many pods/workloads no
// NetworkPolicy selects in each direction, whether it has a default deny, which are open to every pod
// of the cluster or to the internet, and which Routes / Ingresses / LoadBalancer and NodePort Services
// send outside traffic to pods that no policy isolates. "Open" comes from the reachability summary
// (the same verdicts as `trace`, on the destination's declared ports); "selected" and "default deny"
// are read off the NetworkPolicies themselves (a policy selects a pod for a direction when its
// podSelector matches and its effective policyTypes include the direction).
import type { BuiltCluster } from '../model/build';
import { isEmptySelector } from '../model/selector';
import type { NetworkPolicy, PodLike } from '../model/types';
import { effectivePolicyTypes, policyIndex } from './policy/cache';
import { policyModeOf } from './policy/evaluate';
import { summarizeReachability, type ReachabilitySummary } from './summary';

export interface NamespaceCoverage {
  namespace: string;
  /** Pods and workloads (the summary's endpoints) in the namespace. */
  endpoints: number;
  /** Not selected by any NetworkPolicy for ingress / egress. */
  ingressUnisolated: string[];
  egressUnisolated: string[];
  /** NetworkPolicies with `podSelector: {}`, the direction in policyTypes and no rules for it. */
  defaultDenyIngress: string[];
  defaultDenyEgress: string[];
  /** Every pod of the cluster may connect on some declared port. */
  openToAll: string[];
  /** The internet (203.0.113.10) may connect straight to the pod on some declared port. */
  openToInternet: string[];
  /** `Route shop/web → shop/web-1` etc.: outside traffic to a pod no policy isolates for ingress. */
  exposedUnisolated: string[];
}

export interface CoverageReport {
  profile: string;
  /** Why no NetworkPolicy has any effect here (OpenShift SDN Subnet or ovs-multitenant mode): then every pod
   *  counts as unisolated and no default deny is listed, whatever the policies say. */
  networkPolicyIgnored?: string;
  namespaces: NamespaceCoverage[];
  totals: { endpoints: number; ingressUnisolated: number; egressUnisolated: number; namespacesWithoutDefaultDeny: number; openToAll: number; openToInternet: number; exposedUnisolated: number };
}

/** A default deny for `dir`: `podSelector: {}`, `dir` in the effective policyTypes, and no rule for `dir`. */
export function isDefaultDeny(np: NetworkPolicy, dir: 'Ingress' | 'Egress'): boolean {
  return isEmptySelector(np.podSelector) && effectivePolicyTypes(np).types.includes(dir) && (dir === 'Ingress' ? np.ingress : np.egress).length === 0;
}

export function coverage(cluster: BuiltCluster, summary: ReachabilitySummary = summarizeReachability(cluster)): CoverageReport {
  const byNs = new Map<string, NamespaceCoverage>();
  const nsOf = (ns: string): NamespaceCoverage => {
    let c = byNs.get(ns);
    if (!c) byNs.set(ns, (c = { namespace: ns, endpoints: 0, ingressUnisolated: [], egressUnisolated: [], defaultDenyIngress: [], defaultDenyEgress: [], openToAll: [], openToInternet: [], exposedUnisolated: [] }));
    return c;
  };
  const policiesByNs = new Map<string, NetworkPolicy[]>();
  for (const np of cluster.networkPolicies) (policiesByNs.get(np.meta.namespace) ?? policiesByNs.set(np.meta.namespace, []).get(np.meta.namespace)!).push(np);
  // "Isolated" is the engine's own question: does a NetworkPolicy select the pod for the direction (cache.ts, predicate.ts)?
  const idx = policyIndex(cluster);
  const ignored = policyModeOf(cluster).ignoresNetworkPolicy;
  const isolated = (p: PodLike, dir: 'Ingress' | 'Egress') => !ignored && idx.networkPoliciesSelecting(p, dir).length > 0;
  const unisolatedIngress = new Set<string>();
  for (const p of cluster.pods) {
    const c = nsOf(p.namespace);
    c.endpoints++;
    if (!isolated(p, 'Ingress')) {
      c.ingressUnisolated.push(p.id);
      unisolatedIngress.add(p.id);
    }
    if (!isolated(p, 'Egress')) c.egressUnisolated.push(p.id);
  }
  for (const [ns, nps] of policiesByNs) {
    if (!byNs.has(ns) || ignored) continue;
    for (const np of nps) {
      const name = `${np.meta.namespace}/${np.meta.name}`;
      if (isDefaultDeny(np, 'Ingress')) nsOf(ns).defaultDenyIngress.push(name);
      if (isDefaultDeny(np, 'Egress')) nsOf(ns).defaultDenyEgress.push(name);
    }
  }
  const n = summary.classes.length;
  for (const d of summary.destinations) {
    const cls = summary.classes[d.class];
    const all = d.ports.some((p) => (p.mode === 'allExcept' ? p.classes.length === 0 : p.classes.length === n));
    const internet = d.ports.some((p) => p.internet);
    for (const m of cls.members) {
      if (all) nsOf(cls.namespace).openToAll.push(m);
      if (internet) nsOf(cls.namespace).openToInternet.push(m);
      if (unisolatedIngress.has(m)) for (const e of d.exposedBy) nsOf(cls.namespace).exposedUnisolated.push(`${e.kind} ${e.namespace}/${e.name}${e.host ? ` (${e.host})` : ''} → ${m} on ${e.protocol} ${e.port}`);
    }
  }
  // LoadBalancer and NodePort Services take traffic from outside the cluster (kube-proxy / the cloud LB).
  for (const s of cluster.services) {
    if (s.type !== 'LoadBalancer' && s.type !== 'NodePort') continue;
    if (!s.selector || Object.keys(s.selector).length === 0) continue;
    for (const p of cluster.pods) {
      if (p.namespace !== s.meta.namespace || !unisolatedIngress.has(p.id)) continue;
      if (Object.entries(s.selector).every(([k, v]) => p.podLabels[k] === v)) nsOf(p.namespace).exposedUnisolated.push(`${s.type} Service ${s.meta.namespace}/${s.meta.name} → ${p.id}`);
    }
  }
  const namespaces = [...byNs.values()].sort((a, b) => (a.namespace < b.namespace ? -1 : 1));
  const sum = (f: (c: NamespaceCoverage) => number) => namespaces.reduce((k, c) => k + f(c), 0);
  return {
    profile: summary.profile,
    ...(ignored ? { networkPolicyIgnored: ignored } : {}),
    namespaces,
    totals: {
      endpoints: sum((c) => c.endpoints),
      ingressUnisolated: sum((c) => c.ingressUnisolated.length),
      egressUnisolated: sum((c) => c.egressUnisolated.length),
      namespacesWithoutDefaultDeny: namespaces.filter((c) => c.defaultDenyIngress.length === 0).length,
      openToAll: sum((c) => c.openToAll.length),
      openToInternet: sum((c) => c.openToInternet.length),
      exposedUnisolated: sum((c) => c.exposedUnisolated.length),
    },
  };
}

/** The summary a support engineer pastes into a ticket (Markdown; names escaped by the caller's `esc`). */
export function coverageToMarkdown(r: CoverageReport, esc: (s: string) => string): string {
  const t = r.totals;
  const out = [
    `**Isolation and exposure** (profile ${esc(r.profile)}): ${t.endpoints} pods/workloads in ${r.namespaces.length} namespaces`,
    '',
    ...(r.networkPolicyIgnored ? [`No NetworkPolicy has any effect: ${esc(r.networkPolicyIgnored)}.`, ''] : []),
    `- ${t.ingressUnisolated} not selected by any NetworkPolicy for ingress, ${t.egressUnisolated} for egress`,
    `- ${t.namespacesWithoutDefaultDeny} namespace(s) without an ingress default deny`,
    `- ${t.openToAll} open to every pod of the cluster, ${t.openToInternet} open to the internet by policy`,
    `- ${t.exposedUnisolated} outside route(s) to pods that no policy isolates`,
    '',
    '| Namespace | Pods | No ingress policy | No egress policy | Default deny (in / out) | Open to all | Open to internet | Exposed, unisolated |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const c of r.namespaces) {
    out.push(`| ${esc(c.namespace)} | ${c.endpoints} | ${c.ingressUnisolated.length} | ${c.egressUnisolated.length} | ${c.defaultDenyIngress.length ? 'yes' : 'no'} / ${c.defaultDenyEgress.length ? 'yes' : 'no'} | ${c.openToAll.length} | ${c.openToInternet.length} | ${c.exposedUnisolated.length} |`);
  }
  const exposed = r.namespaces.flatMap((c) => c.exposedUnisolated);
  if (exposed.length) out.push('', '**Exposed to outside traffic without ingress isolation:**', '', ...exposed.slice(0, 50).map((e) => `- ${esc(e)}`), ...(exposed.length > 50 ? [`- … and ${exposed.length - 50} more`] : []));
  return out.join('\n') + '\n';
}

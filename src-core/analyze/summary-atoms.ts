// Selector atoms for the reachability summary: the set of endpoint classes each policy peer or subject
// selects (computed once per distinct selector), and the per-destination predicates the summary's set
// algebra needs. Semantics as in the policy engine (policy/networkpolicy.ts, policy/admin.ts).
import { selectorMatches } from '../model/selector';
import type { AdminNetworkPolicy, AdminPeer, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule, PodLike, Protocol } from '../model/types';
import { emptyBits, setBit, type Bits } from './bitset';
import { subjectSelects, type PolicyIndex } from './policy/cache';
import { adminPortMatches, npPortMatches, type ConnPort } from './policy/match';

/** Selector atoms: the set of classes a peer or subject selects, computed once per distinct predicate. */
export class Atoms {
  private readonly byKey = new Map<string, Bits>();
  private readonly nsMatch = new Map<string, string[]>();
  constructor(
    private readonly idx: PolicyIndex,
    private readonly reps: PodLike[],
    private readonly byNamespace: Map<string, number[]>,
    private readonly n: number,
  ) {}

  private cached(key: string, compute: (b: Bits) => void): Bits {
    let b = this.byKey.get(key);
    if (!b) {
      b = emptyBits(this.n);
      compute(b);
      this.byKey.set(key, b);
    }
    return b;
  }

  private namespacesMatching(sel: NetworkPolicyPeer['namespaceSelector']): string[] {
    const key = JSON.stringify(sel);
    let list = this.nsMatch.get(key);
    if (!list) {
      list = [...this.byNamespace.keys()].filter((ns) => selectorMatches(sel!, this.idx.namespaceLabels(ns)));
      this.nsMatch.set(key, list);
    }
    return list;
  }

  /** Classes in `namespaces` whose labels match `podSel` (absent = all). */
  private inNamespaces(b: Bits, namespaces: readonly string[], podSel: NetworkPolicyPeer['podSelector']): void {
    for (const ns of namespaces) for (const c of this.byNamespace.get(ns) ?? []) if (!podSel || selectorMatches(podSel, this.reps[c].podLabels)) setBit(b, c);
  }

  /** A NetworkPolicy peer (ipBlocks never select pods). */
  npPeer(peer: NetworkPolicyPeer, policyNs: string): Bits {
    if (peer.ipBlock) return this.cached('none', () => undefined);
    const key = `np\u0000${peer.namespaceSelector ? JSON.stringify(peer.namespaceSelector) : `ns:${policyNs}`}\u0000${JSON.stringify(peer.podSelector ?? null)}`;
    return this.cached(key, (b) => this.inNamespaces(b, peer.namespaceSelector ? this.namespacesMatching(peer.namespaceSelector) : [policyNs], peer.podSelector));
  }

  /** The pods a NetworkPolicy selects (its subject). */
  npSubject(np: NetworkPolicy): Bits {
    return this.cached(`subj\u0000${np.meta.namespace}\u0000${JSON.stringify(np.podSelector)}`, (b) => this.inNamespaces(b, [np.meta.namespace], np.podSelector));
  }

  /** An AdminNetworkPolicy / Baseline peer (networks and nodes never select pods). */
  adminPeer(peer: AdminPeer): Bits {
    return this.cached(`anp\u0000${JSON.stringify(peer.namespaces ?? null)}\u0000${JSON.stringify(peer.pods ?? null)}`, (b) => {
      if (peer.namespaces) this.inNamespaces(b, this.namespacesMatching(peer.namespaces), undefined);
      if (peer.pods) this.inNamespaces(b, this.namespacesMatching(peer.pods.namespaceSelector), peer.pods.podSelector);
    });
  }

  adminSubject(p: AdminNetworkPolicy): Bits {
    return this.cached(`anpsubj\u0000${p.baseline ? 'B' : 'A'}\u0000${p.meta.name}`, (b) => {
      this.reps.forEach((rep, c) => {
        if (subjectSelects(p.subject, rep, this.idx.namespaceLabels(rep.namespace))) setBit(b, c);
      });
    });
  }
}

/** Does a NetworkPolicy rule's `ports` admit the probe (absent or empty: every port)? */
export function npRulePortOk(rule: NetworkPolicyRule, conn: ConnPort, protocol: Protocol, dst: PodLike): boolean {
  return !rule.ports || rule.ports.length === 0 || rule.ports.some((pt) => npPortMatches(pt, conn, protocol, dst).matches);
}

export function adminRulePortOk(ports: AdminNetworkPolicy['ingress'][number]['ports'], conn: ConnPort, protocol: Protocol, dst: PodLike): boolean {
  return !ports || ports.length === 0 || ports.some((pt) => adminPortMatches(pt, conn, protocol, dst).matches);
}

/** Does a NetworkPolicy peer select this pod (as a destination of an egress rule)? */
export function npPeerSelectsPod(idx: PolicyIndex, peer: NetworkPolicyPeer, policyNs: string, pod: PodLike): boolean {
  if (peer.ipBlock) return false;
  if (!peer.namespaceSelector) {
    if (pod.namespace !== policyNs) return false;
  } else if (!selectorMatches(peer.namespaceSelector, idx.namespaceLabels(pod.namespace))) return false;
  return !peer.podSelector || selectorMatches(peer.podSelector, pod.podLabels);
}

export function adminPeerSelectsPod(idx: PolicyIndex, peer: AdminPeer, pod: PodLike): boolean {
  const nsl = idx.namespaceLabels(pod.namespace);
  if (peer.namespaces && selectorMatches(peer.namespaces, nsl)) return true;
  return !!peer.pods && selectorMatches(peer.pods.namespaceSelector, nsl) && selectorMatches(peer.pods.podSelector, pod.podLabels);
}

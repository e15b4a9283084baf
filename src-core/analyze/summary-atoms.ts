// Selector atoms for the reachability summary: for each policy peer or subject, the endpoint classes it
// selects for certain (`yes`) and those it may select depending on a pod IP the input does not give
// (`unk`), computed once per distinct peer. Every class is decided by the engine's own predicate
// (policy/predicate.ts: peers, subjects); the namespace index only narrows which classes can possibly match.
import { selectorMatches } from '../model/selector';
import type { AdminNetworkPolicy, AdminPeer, NetworkPolicy, NetworkPolicyPeer, PodLike } from '../model/types';
import { emptyBits, setBit, type Bits } from './bitset';
import type { PolicyIndex } from './policy/cache';
import { adminPeerMatches, adminTri, npPeerCheck, npSelectsPod, subjectSelects, type Tri } from './policy/predicate';
import type { PolicyPeer } from './policy/types';

/** Classes a peer selects for certain, and those it selects only if an unknown pod IP is inside its block. */
export interface TriBits {
  yes: Bits;
  unk: Bits;
}

export class Atoms {
  private readonly byKey = new Map<string, TriBits>();
  private readonly byPeer = new WeakMap<object, TriBits>();
  private readonly subjects = new Map<string, Bits>();
  private readonly nsMatch = new Map<string, string[]>();
  /** Shared by every peer that cannot leave a class undecided (selectors): never written to. */
  private readonly none: Bits;
  constructor(
    private readonly idx: PolicyIndex,
    private readonly reps: PodLike[],
    private readonly byNamespace: Map<string, number[]>,
    private readonly n: number,
  ) {
    this.none = emptyBits(n);
  }

  private namespacesMatching(sel: NonNullable<NetworkPolicyPeer['namespaceSelector']>): string[] {
    const key = JSON.stringify(sel);
    let list = this.nsMatch.get(key);
    if (!list) {
      list = [...this.byNamespace.keys()].filter((ns) => selectorMatches(sel, this.idx.namespaceLabels(ns)));
      this.nsMatch.set(key, list);
    }
    return list;
  }

  /** Runs `decide` on the candidate classes and records yes / unknown. */
  private tri(key: string, candidates: () => Iterable<number>, decide: (end: PolicyPeer) => Tri, mayBeUnknown: boolean): TriBits {
    let t = this.byKey.get(key);
    if (!t) {
      t = { yes: emptyBits(this.n), unk: mayBeUnknown ? emptyBits(this.n) : this.none };
      for (const c of candidates()) {
        const r = decide({ kind: 'pod', pod: this.reps[c] });
        if (r === 'yes') setBit(t.yes, c);
        else if (r === 'unknown' && mayBeUnknown) setBit(t.unk, c);
      }
      this.byKey.set(key, t);
    }
    return t;
  }

  private all(): Iterable<number> {
    return this.reps.keys();
  }

  private inNamespaces(namespaces: readonly string[]): number[] {
    return namespaces.flatMap((ns) => this.byNamespace.get(ns) ?? []);
  }

  /** A NetworkPolicy `from`/`to` entry of a policy in `policyNs` (a peer object always belongs to one policy). */
  npPeer(peer: NetworkPolicyPeer, policyNs: string): TriBits {
    // Hot (every probe reads every admitting peer): by identity first, the JSON key only once per peer.
    let t = this.byPeer.get(peer);
    if (t) return t;
    const decide = (end: PolicyPeer) => npPeerCheck(this.idx, peer, policyNs, end).t;
    if (peer.ipBlock) t = this.tri(`block\u0000${JSON.stringify(peer.ipBlock)}`, () => this.all(), decide, true);
    else {
      const key = `np\u0000${peer.namespaceSelector ? JSON.stringify(peer.namespaceSelector) : `ns:${policyNs}`}\u0000${JSON.stringify(peer.podSelector ?? null)}`;
      t = this.tri(key, () => this.inNamespaces(peer.namespaceSelector ? this.namespacesMatching(peer.namespaceSelector) : [policyNs]), decide, false);
    }
    this.byPeer.set(peer, t);
    return t;
  }

  /** The pods a NetworkPolicy selects (its subject). */
  npSubject(np: NetworkPolicy): Bits {
    const key = `subj\u0000${np.meta.namespace}\u0000${JSON.stringify(np.podSelector)}`;
    let b = this.subjects.get(key);
    if (!b) {
      b = emptyBits(this.n);
      for (const c of this.byNamespace.get(np.meta.namespace) ?? []) if (npSelectsPod(np, this.reps[c])) setBit(b, c);
      this.subjects.set(key, b);
    }
    return b;
  }

  /** An AdminNetworkPolicy / Baseline peer. */
  adminPeer(peer: AdminPeer): TriBits {
    const known = this.byPeer.get(peer);
    if (known) return known;
    const t = this.adminPeerUncached(peer);
    this.byPeer.set(peer, t);
    return t;
  }

  private adminPeerUncached(peer: AdminPeer): TriBits {
    const decide = (end: PolicyPeer) => adminTri(adminPeerMatches(this.idx, peer, end));
    const key = `anp\u0000${JSON.stringify(peer.namespaces ?? null)}\u0000${JSON.stringify(peer.pods ?? null)}\u0000${JSON.stringify(peer.networks ?? null)}`;
    if (peer.networks) return this.tri(key, () => this.all(), decide, true);
    const namespaces = [...new Set([...(peer.namespaces ? this.namespacesMatching(peer.namespaces) : []), ...(peer.pods ? this.namespacesMatching(peer.pods.namespaceSelector) : [])])];
    return this.tri(key, () => this.inNamespaces(namespaces), decide, false);
  }

  adminSubject(p: AdminNetworkPolicy): Bits {
    const key = `anpsubj\u0000${p.baseline ? 'B' : 'A'}\u0000${p.meta.name}`;
    let b = this.subjects.get(key);
    if (!b) {
      b = emptyBits(this.n);
      this.reps.forEach((rep, c) => {
        if (subjectSelects(p.subject, rep, this.idx.namespaceLabels(rep.namespace))) setBit(b!, c);
      });
      this.subjects.set(key, b);
    }
    return b;
  }
}

// The rule-level predicates live with the peer predicate (policy/predicate.ts); re-exported for existing imports.
export { adminRulePortOk, adminRuleTri, anyTri, npRulePortOk, npRuleTri } from './policy/predicate';

// The one policy predicate: does a NetworkPolicy `from`/`to` entry, an AdminNetworkPolicy /
// BaselineAdminNetworkPolicy peer, a policy's subject or a rule's `ports` select this end of a connection —
// yes, no, or undecidable from the input? Decisions only, no words: the trace engine (networkpolicy.ts,
// admin.ts, cache.ts, evaluate.ts) explains what these functions decide (peers.ts puts it in words), and the
// reachability summary (summary-atoms.ts, summary-policy.ts) builds its bit sets by calling them per endpoint
// class, so the trace, the summary and everything read off it (connectivity, exposure, diff, the app's
// overlay) cannot disagree. A new peer kind or a new way of matching is added here, once.
//
// ipBlocks and ANP `networks` match pods by address in every profile but openshift-multitenant (where
// policy objects have no effect at all): Kubernetes e2e netpol ("should allow egress access to server
// in CIDR block", "... with except clause") and the ANP API ("if you Allow or Deny traffic to
// 0.0.0.0/0, that will allow or deny all IPv4 pod-to-pod traffic as well"); how a pod's address is
// matched (known IPs, the pod space, host-network pods) is ipBlockMatchesPod in match.ts.
import { selectorMatches } from '../../model/selector';
import type { AdminPeer, AdminPort, AdminSubject, Labels, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule, PodLike, Protocol } from '../../model/types';
import type { PolicyIndex } from './cache';
import { adminPortMatches, ipBlockMatches, ipBlockMatchesPod, ipInCIDR, npPortMatches, type ConnPort, type IPBlockMatch, type PodBlockMatch } from './match';
import { isHostNetworkStandIn } from '../../model/kinds/network';
import type { PolicyPeer } from './types';

/** `why` says how an ipBlock matched a pod; `undecided` marks (and says why) a non-match that depends on a pod IP the input does not give. */
export type PeerMatch = { matches: true; why?: string } | { matches: false; reason: string; undecided?: string };

/** Three-valued form of a PeerMatch, for set algebra. */
export type Tri = 'yes' | 'no' | 'unknown';

/**
 * The decision itself, cheap (no text): what the summary's set algebra evaluates per class. `why` names
 * the check that failed; `npPeerMatches` turns it into words for the trace.
 */
export type NPPeerCheck =
  | { t: 'yes'; block?: PodBlockMatch }
  | { t: 'no' | 'unknown'; why: 'invalid-block' | 'pod-block' | 'ip-block' | 'external' | 'own-namespace' | 'namespace' | 'pod' | 'host-network'; block?: PodBlockMatch; ip?: IPBlockMatch };

// Shared answers: the summary asks for thousands of classes, so the common ones allocate nothing.
const YES: NPPeerCheck = Object.freeze({ t: 'yes' });
const NO = Object.fromEntries((['invalid-block', 'external', 'own-namespace', 'namespace', 'pod', 'host-network'] as const).map((w) => [w, Object.freeze({ t: 'no', why: w })])) as Record<'invalid-block' | 'external' | 'own-namespace' | 'namespace' | 'pod' | 'host-network', NPPeerCheck>;
const ADMIN_YES: AdminPeerMatch = Object.freeze({ m: 'yes' });
const ADMIN_NO: AdminPeerMatch = Object.freeze({ m: 'no' });

/** Does one `from`/`to` entry of a policy in `policyNamespace` select `other`? */
export function npPeerCheck(idx: PolicyIndex, peer: NetworkPolicyPeer, policyNamespace: string, other: PolicyPeer): NPPeerCheck {
  if (peer.ipBlock) {
    if (!peer.ipBlock.cidr) return NO['invalid-block'];
    if (other.kind === 'pod') {
      // Only reached when policies are enforced at all (not under openshift-multitenant).
      const m = ipBlockMatchesPod(peer.ipBlock.cidr, peer.ipBlock.except, other.pod, idx.cluster.profile.podCIDR);
      return m.matches ? { t: 'yes', block: m } : { t: m.undecided ? 'unknown' : 'no', why: 'pod-block', block: m };
    }
    const m = ipBlockMatches(peer.ipBlock, other.ip);
    return m.matches ? YES : m.reason === 'invalid' ? NO['invalid-block'] : { t: 'no', why: 'ip-block', ip: m };
  }
  if (other.kind === 'external') return NO.external;
  const pod = other.pod;
  if (!peer.namespaceSelector) {
    if (pod.namespace !== policyNamespace) return NO['own-namespace'];
  } else if (!selectorMatches(peer.namespaceSelector, idx.namespaceLabels(pod.namespace))) return NO.namespace;
  // Host-network addresses are only in the namespace's address set (OVN-Kubernetes useNamespaceAddrSet).
  if (peer.podSelector && isHostNetworkStandIn(pod)) return NO['host-network'];
  if (peer.podSelector && !selectorMatches(peer.podSelector, pod.podLabels)) return NO.pod;
  return YES;
}

export type AdminPeerMatch = { m: 'yes'; why?: string } | { m: 'no' } | { m: 'undecided'; reason: string };

/** Does an AdminNetworkPolicy / Baseline peer select `other`? `nodes` peers are not modelled and match nothing. */
export function adminPeerMatches(idx: PolicyIndex, peer: AdminPeer, other: PolicyPeer): AdminPeerMatch {
  if (other.kind === 'external') return peer.networks && peer.networks.some((c) => ipInCIDR(other.ip, c)) ? ADMIN_YES : ADMIN_NO;
  const nsl = idx.namespaceLabels(other.pod.namespace);
  if (peer.namespaces && selectorMatches(peer.namespaces, nsl)) return ADMIN_YES;
  if (peer.pods && selectorMatches(peer.pods.namespaceSelector, nsl) && selectorMatches(peer.pods.podSelector, other.pod.podLabels)) return ADMIN_YES;
  if (peer.networks) {
    let undecided: string | undefined;
    for (const c of peer.networks) {
      const r = ipBlockMatchesPod(c, [], other.pod, idx.cluster.profile.podCIDR);
      if (r.matches) return { m: 'yes', why: `networks peers match pods by address: ${r.why}` };
      if (r.undecided && !undecided) undecided = r.reason;
    }
    if (undecided) return { m: 'undecided', reason: undecided };
  }
  return ADMIN_NO;
}

export function adminTri(m: AdminPeerMatch): Tri {
  return m.m === 'yes' ? 'yes' : m.m === 'undecided' ? 'unknown' : 'no';
}

/** Any of: yes wins, then unknown (a rule's peers are ORed). */
export function anyTri(ts: Iterable<Tri>): Tri {
  let r: Tri = 'no';
  for (const t of ts) {
    if (t === 'yes') return 'yes';
    if (t === 'unknown') r = 'unknown';
  }
  return r;
}

// ---------------------------------------------------------------------------------------------------
// Subjects: which pods a policy applies to

/** Does a NetworkPolicy's podSelector select the pod (a policy selects only pods of its own namespace)? */
export function npSelectsPod(np: NetworkPolicy, pod: PodLike): boolean {
  return np.meta.namespace === pod.namespace && selectorMatches(np.podSelector, pod.podLabels);
}

/** Does an AdminNetworkPolicy / Baseline subject select the pod (`nsLabels`: its namespace's labels)? */
export function subjectSelects(subject: AdminSubject, pod: PodLike, nsLabels: Labels): boolean {
  if (subject.namespaces) return selectorMatches(subject.namespaces, nsLabels);
  return selectorMatches(subject.pods.namespaceSelector, nsLabels) && selectorMatches(subject.pods.podSelector, pod.podLabels);
}

// ---------------------------------------------------------------------------------------------------
// Rules: ports, then peers

/** Does a NetworkPolicy rule's `ports` admit the connection (absent or empty: every port)? Named ports
 *  resolve on the destination pod (`dst`; undefined for an address outside the cluster). */
export function npRulePortOk(rule: NetworkPolicyRule, conn: ConnPort, protocol: Protocol, dst: PodLike | undefined): boolean {
  return !rule.ports || rule.ports.length === 0 || rule.ports.some((pt) => npPortMatches(pt, conn, protocol, dst).matches);
}

/** Does an AdminNetworkPolicy rule's `ports` admit the connection (absent or empty: every port)? */
export function adminRulePortOk(ports: readonly AdminPort[] | undefined, conn: ConnPort, protocol: Protocol, dst: PodLike | undefined): boolean {
  return !ports || ports.length === 0 || ports.some((pt) => adminPortMatches(pt, conn, protocol, dst).matches);
}

/** A NetworkPolicy rule's peers against one end (ingress: the source, egress: the destination); no peers = every end. */
export function npRuleTri(idx: PolicyIndex, rule: NetworkPolicyRule, policyNs: string, end: PolicyPeer): Tri {
  if (!rule.peers || rule.peers.length === 0) return 'yes';
  let r: Tri = 'no';
  for (const peer of rule.peers) {
    const t = npPeerCheck(idx, peer, policyNs, end).t;
    if (t === 'yes') return 'yes';
    if (t === 'unknown') r = 'unknown';
  }
  return r;
}

/** An AdminNetworkPolicy / Baseline rule's peers against one end. */
export function adminRuleTri(idx: PolicyIndex, peers: readonly AdminPeer[], end: PolicyPeer): Tri {
  return anyTri(peers.map((peer) => adminTri(adminPeerMatches(idx, peer, end))));
}

// The one peer predicate: does a NetworkPolicy `from`/`to` entry, or an AdminNetworkPolicy /
// BaselineAdminNetworkPolicy peer, select this end of a connection — yes, no, or undecidable from the
// input? The trace engine (networkpolicy.ts, admin.ts) and the reachability summary (summary-atoms.ts)
// both decide with these functions, so the trace, the summary and the app's overlay cannot disagree.
// ipBlocks and ANP `networks` match pods by address in every profile but openshift-multitenant (where
// policy objects have no effect at all): Kubernetes e2e netpol ("should allow egress access to server
// in CIDR block", "... with except clause") and the ANP API ("if you Allow or Deny traffic to
// 0.0.0.0/0, that will allow or deny all IPv4 pod-to-pod traffic as well").
import { formatSelector, selectorMatches } from '../../model/selector';
import type { AdminPeer, NetworkPolicyPeer } from '../../model/types';
import type { PolicyIndex } from './cache';
import { describeLabels } from './explain';
import { ipBlockMatches, ipBlockMatchesPod, ipInCIDR } from './match';
import type { PolicyPeer } from './types';

/** `why` says how an ipBlock matched a pod; `undecided` marks (and says why) a non-match that depends on a pod IP the input does not give. */
export type PeerMatch = { matches: true; why?: string } | { matches: false; reason: string; undecided?: string };

/** Three-valued form of a PeerMatch, for set algebra. */
export type Tri = 'yes' | 'no' | 'unknown';

export function tri(m: PeerMatch): Tri {
  return m.matches ? 'yes' : m.undecided ? 'unknown' : 'no';
}

/** Does one `from`/`to` entry of a policy in `policyNamespace` select `other`? */
export function npPeerMatches(idx: PolicyIndex, peer: NetworkPolicyPeer, policyNamespace: string, other: PolicyPeer): PeerMatch {
  if (peer.ipBlock) {
    if (!peer.ipBlock.cidr) return { matches: false, reason: 'the ipBlock is invalid and matches nothing' };
    if (other.kind === 'pod') {
      // Only reached when policies are enforced at all (not under openshift-multitenant).
      const m = ipBlockMatchesPod(peer.ipBlock.cidr, peer.ipBlock.except, other.pod, idx.cluster.profile.podCIDR);
      return m.matches ? { matches: true, why: `ipBlocks match pods by address: ${m.why}` } : m.undecided ? { matches: false, reason: `ipBlocks match pods by address, but ${m.reason}: it depends on the pod's IP`, undecided: m.reason } : { matches: false, reason: `ipBlocks match pods by address, but ${m.reason}` };
    }
    const m = ipBlockMatches(peer.ipBlock, other.ip);
    if (m.matches) return m;
    if (m.reason === 'in-except') return { matches: false, reason: `${other.ip} is in ${peer.ipBlock.cidr} but excluded by except ${m.except}` };
    if (m.reason === 'invalid') return { matches: false, reason: 'the ipBlock is invalid and matches nothing' };
    return { matches: false, reason: `${other.ip} is outside ${peer.ipBlock.cidr}` };
  }
  if (other.kind === 'external') return { matches: false, reason: `selects pods, and ${other.ip} is outside the cluster` };
  const pod = other.pod;
  if (!peer.namespaceSelector) {
    if (pod.namespace !== policyNamespace) return { matches: false, reason: `without a namespaceSelector it selects only namespace ${policyNamespace}, and ${pod.id} is in ${pod.namespace}` };
  } else if (!selectorMatches(peer.namespaceSelector, idx.namespaceLabels(pod.namespace))) {
    return { matches: false, reason: `namespaceSelector ${formatSelector(peer.namespaceSelector)} does not match namespace ${pod.namespace} (labels ${describeLabels(idx.namespaceLabels(pod.namespace))})` };
  }
  if (peer.podSelector && !selectorMatches(peer.podSelector, pod.podLabels)) {
    return { matches: false, reason: `podSelector ${formatSelector(peer.podSelector)} does not match ${pod.id} (labels ${describeLabels(pod.podLabels)})` };
  }
  return { matches: true };
}

export type AdminPeerMatch = { m: 'yes'; why?: string } | { m: 'no' } | { m: 'undecided'; reason: string };

/** Does an AdminNetworkPolicy / Baseline peer select `other`? `nodes` peers are not modelled and match nothing. */
export function adminPeerMatches(idx: PolicyIndex, peer: AdminPeer, other: PolicyPeer): AdminPeerMatch {
  if (other.kind === 'external') return peer.networks && peer.networks.some((c) => ipInCIDR(other.ip, c)) ? { m: 'yes' } : { m: 'no' };
  const nsl = idx.namespaceLabels(other.pod.namespace);
  if (peer.namespaces && selectorMatches(peer.namespaces, nsl)) return { m: 'yes' };
  if (peer.pods && selectorMatches(peer.pods.namespaceSelector, nsl) && selectorMatches(peer.pods.podSelector, other.pod.podLabels)) return { m: 'yes' };
  if (peer.networks) {
    let undecided: string | undefined;
    for (const c of peer.networks) {
      const r = ipBlockMatchesPod(c, [], other.pod, idx.cluster.profile.podCIDR);
      if (r.matches) return { m: 'yes', why: `networks peers match pods by address: ${r.why}` };
      if (r.undecided && !undecided) undecided = r.reason;
    }
    if (undecided) return { m: 'undecided', reason: undecided };
  }
  return { m: 'no' };
}

export function adminTri(m: AdminPeerMatch): Tri {
  return m.m === 'yes' ? 'yes' : m.m === 'undecided' ? 'unknown' : 'no';
}

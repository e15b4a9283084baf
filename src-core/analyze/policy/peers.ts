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
import { ipBlockMatches, ipBlockMatchesPod, ipInCIDR, type IPBlockMatch, type PodBlockMatch } from './match';
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
  | { t: 'no' | 'unknown'; why: 'invalid-block' | 'pod-block' | 'ip-block' | 'external' | 'own-namespace' | 'namespace' | 'pod' | 'cilium-host'; block?: PodBlockMatch; ip?: IPBlockMatch };

// Shared answers: the summary asks for thousands of classes, so the common ones allocate nothing.
const YES: NPPeerCheck = Object.freeze({ t: 'yes' });
const NO = Object.fromEntries((['invalid-block', 'external', 'own-namespace', 'namespace', 'pod'] as const).map((w) => [w, Object.freeze({ t: 'no', why: w })])) as Record<'invalid-block' | 'external' | 'own-namespace' | 'namespace' | 'pod', NPPeerCheck>;
const CILIUM_NO_POD_BLOCK: NPPeerCheck = Object.freeze({ t: 'no', why: 'pod-block', block: Object.freeze({ matches: false, reason: 'under Cilium an ipBlock is a CIDR rule, and CIDR rules never select pods or nodes of the cluster (only addresses outside it)' }) as PodBlockMatch });
const CILIUM_HOST: NPPeerCheck = Object.freeze({ t: 'no', why: 'cilium-host' });
const ADMIN_YES: AdminPeerMatch = Object.freeze({ m: 'yes' });
const ADMIN_NO: AdminPeerMatch = Object.freeze({ m: 'no' });

/** Does one `from`/`to` entry of a policy in `policyNamespace` select `other`? */
export function npPeerCheck(idx: PolicyIndex, peer: NetworkPolicyPeer, policyNamespace: string, other: PolicyPeer): NPPeerCheck {
  if (peer.ipBlock) {
    if (!peer.ipBlock.cidr) return NO['invalid-block'];
    if (other.kind === 'pod') {
      // Cilium translates ipBlocks into CIDR rules, which never select cluster endpoints ("CIDR rules do not
      // apply to traffic where both sides of the connection are either managed by Cilium or use an IP
      // belonging to a node", cilium/cilium Documentation/security/policy/language.rst).
      if (idx.cluster.profile.name === 'cilium') return CILIUM_NO_POD_BLOCK;
      // Only reached when policies are enforced at all (not under openshift-multitenant).
      const m = ipBlockMatchesPod(peer.ipBlock.cidr, peer.ipBlock.except, other.pod, idx.cluster.profile.podCIDR);
      return m.matches ? { t: 'yes', block: m } : { t: m.undecided ? 'unknown' : 'no', why: 'pod-block', block: m };
    }
    const m = ipBlockMatches(peer.ipBlock, other.ip);
    return m.matches ? YES : m.reason === 'invalid' ? NO['invalid-block'] : { t: 'no', why: 'ip-block', ip: m };
  }
  if (other.kind === 'external') return NO.external;
  const pod = other.pod;
  // Cilium: a host-network pod is its node's host identity (reserved:host / remote-node), which carries no
  // pod or namespace labels, so no podSelector / namespaceSelector peer selects it.
  if (pod.hostNetwork && idx.cluster.profile.name === 'cilium') return CILIUM_HOST;
  if (!peer.namespaceSelector) {
    if (pod.namespace !== policyNamespace) return NO['own-namespace'];
  } else if (!selectorMatches(peer.namespaceSelector, idx.namespaceLabels(pod.namespace))) return NO.namespace;
  if (peer.podSelector && !selectorMatches(peer.podSelector, pod.podLabels)) return NO.pod;
  return YES;
}

/** npPeerCheck in words, for the trace's explanation. */
export function npPeerMatches(idx: PolicyIndex, peer: NetworkPolicyPeer, policyNamespace: string, other: PolicyPeer): PeerMatch {
  const c = npPeerCheck(idx, peer, policyNamespace, other);
  if (c.t === 'yes') return c.block?.matches ? { matches: true, why: `ipBlocks match pods by address: ${c.block.why}` } : { matches: true };
  const ext = other.kind === 'external' ? other.ip : '';
  const pod = other.kind === 'pod' ? other.pod : undefined;
  switch (c.why) {
    case 'invalid-block':
      return { matches: false, reason: 'the ipBlock is invalid and matches nothing' };
    case 'pod-block': {
      const r = c.block && !c.block.matches ? c.block.reason : '';
      return c.t === 'unknown' ? { matches: false, reason: `ipBlocks match pods by address, but ${r}: it depends on the pod's IP`, undecided: r } : { matches: false, reason: `ipBlocks match pods by address, but ${r}` };
    }
    case 'ip-block':
      return c.ip && !c.ip.matches && c.ip.reason === 'in-except' ? { matches: false, reason: `${ext} is in ${peer.ipBlock?.cidr} but excluded by except ${c.ip.except}` } : { matches: false, reason: `${ext} is outside ${peer.ipBlock?.cidr}` };
    case 'external':
      return { matches: false, reason: `selects pods, and ${ext} is outside the cluster` };
    case 'own-namespace':
      return { matches: false, reason: `without a namespaceSelector it selects only namespace ${policyNamespace}, and ${pod?.id} is in ${pod?.namespace}` };
    case 'namespace':
      return { matches: false, reason: `namespaceSelector ${formatSelector(peer.namespaceSelector!)} does not match namespace ${pod?.namespace} (labels ${describeLabels(idx.namespaceLabels(pod?.namespace ?? ''))})` };
    case 'pod':
      return { matches: false, reason: `podSelector ${formatSelector(peer.podSelector!)} does not match ${pod?.id} (labels ${describeLabels(pod?.podLabels ?? {})})` };
    case 'cilium-host':
      return { matches: false, reason: `${pod?.id} uses the host network: Cilium sees it as its node (host / remote-node identity), which no pod or namespace selector selects` };
  }
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

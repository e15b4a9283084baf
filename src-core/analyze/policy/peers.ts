// Peer matches in words, for the trace's explanation: what the one predicate (predicate.ts) decided about a
// NetworkPolicy `from`/`to` entry, said for a support engineer. The decision itself is never made here.
// The predicate's exports are re-exported so existing imports of peers.ts keep working.
import { formatSelector } from '../../model/selector';
import type { NetworkPolicyPeer } from '../../model/types';
import type { PolicyIndex } from './cache';
import { describeLabels } from './explain';
import { npPeerCheck } from './predicate';
import type { PolicyPeer } from './types';

export { adminPeerMatches, adminTri, npPeerCheck, type AdminPeerMatch, type NPPeerCheck, type PeerMatch, type Tri } from './predicate';
import type { PeerMatch } from './predicate';

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
    case 'host-network':
      return { matches: false, reason: `it has a podSelector, and ${pod?.id} is host-network traffic: OVN-Kubernetes matches the host network namespace ${pod?.namespace} only for a peer with a namespaceSelector and no podSelector (its addresses are in the namespace's address set, not in any pod's)` };
    case 'pod':
      return { matches: false, reason: `podSelector ${formatSelector(peer.podSelector!)} does not match ${pod?.id} (labels ${describeLabels(pod?.podLabels ?? {})})` };
  }
}


// The reachability summary under the cilium profile with Cilium (or admin) policies: instead of a second
// set algebra for Cilium's rules (a second predicate would drift, DESIGN.md "one engine, reused"), the
// summary asks the trace engine itself, once per (source class, destination class, probed port). Classes
// are refined by everything Cilium's selectors can read beyond namespace, labels and ports: the service
// account (io.cilium.k8s.policy.serviceaccount), host networking and the node (host vs remote-node).
// Exact by construction; the cost is classes² engine calls, fine for the inputs such policies come in.
import type { BuiltCluster } from '../model/build';
import type { PodLike, Protocol } from '../model/types';
import { setBit, type Bits } from './bitset';
import { ciliumGoverns } from './policy/cilium/evaluate';
import { evaluateConnection } from './policy/evaluate';
import type { ConnPort } from './policy/match';

/** Whether the summary must ask the engine (Cilium's rules decide). */
export function summaryAsksEngine(cluster: BuiltCluster): boolean {
  return ciliumGoverns(cluster);
}

/** What Cilium can tell apart beyond the default class key. */
export function ciliumClassKey(p: PodLike): string {
  return `${p.serviceAccountName || 'default'}\u0000${p.hostNetwork ? 'h' : ''}\u0000${p.hostNetwork ? (p.nodeName ?? '?') : ''}\u0000${p.nodeName ?? ''}`;
}

/** Fills `sure` (allowed) and `denied` for every source class against `dst`; the rest is undetermined. */
export function engineVerdicts(cluster: BuiltCluster, reps: readonly PodLike[], dst: PodLike, conn: ConnPort, protocol: Protocol, sure: Bits, denied: Bits): void {
  sure.fill(0);
  denied.fill(0);
  const port = conn.num ?? conn.name;
  for (let s = 0; s < reps.length; s++) {
    const v = evaluateConnection(cluster, { kind: 'pod', pod: reps[s] }, { kind: 'pod', pod: dst }, port, protocol).verdict;
    if (v === 'allowed') setBit(sure, s);
    else if (v === 'denied') setBit(denied, s);
  }
}

/** The internet's verdict on the destination's port, from the engine. */
export function engineExternal(cluster: BuiltCluster, ip: string, dst: PodLike, conn: ConnPort, protocol: Protocol): 'allowed' | 'denied' | 'undetermined' {
  return evaluateConnection(cluster, { kind: 'external', ip }, { kind: 'pod', pod: dst }, conn.num ?? conn.name, protocol).verdict;
}

// The reachability summary's answer when the policy engine itself is asked, class pair by class pair:
// used where the bit-set algebra of summary-policy.ts does not model the rules (Calico's tiers, ordered
// Allow/Deny/Pass rules and selector language, profile `calico`). The summary then cannot drift from the
// trace: each (source class, destination class, port) verdict IS evaluateConnection's. Classes are refined
// by everything Calico reads of a pod beyond namespace, labels and ports: its service account and how each
// Calico `nets` / `notNets` block matches its address (summary.ts adds them to the class key).
// Cost: classes² × probed ports engine calls — fine for the clusters Calico policies come in; the
// Kubernetes-only path keeps its bit sets.
import type { BuiltCluster } from '../model/build';
import type { PodLike, Protocol } from '../model/types';
import { setBit, type Bits } from './bitset';
import type { PolicyIndex } from './policy/cache';
import { calicoApplies } from './policy/calico/direction';
import { serviceAccountOf } from './policy/calico/labels';
import { evaluateConnection } from './policy/evaluate';
import type { ConnPort } from './policy/match';

export interface EngineVerdicts {
  /** Fill `sure` (allowed) and `denied` for every source class against `dst` on the port. */
  fill(dst: PodLike, conn: ConnPort, protocol: Protocol, sure: Bits, denied: Bits): void;
  external(ip: string, dst: PodLike, conn: ConnPort, protocol: Protocol): 'allowed' | 'denied' | 'undetermined';
}

/** Whether the summary must ask the engine (the calico profile with Calico policies). */
export function summaryAsksEngine(idx: PolicyIndex): boolean {
  return calicoApplies(idx);
}

/** The class-key part for what Calico reads of a pod beyond namespace, labels and ports. */
export function engineClassSig(p: PodLike): string {
  return `sa=${serviceAccountOf(p)}`;
}

/** Every Calico nets / notNets block, for the summary's address signature. */
export function engineAddressBlocks(cluster: BuiltCluster): string[] {
  const out = new Set<string>();
  for (const p of cluster.calico?.policies ?? []) {
    for (const r of [...p.ingress, ...p.egress]) for (const e of [r.source, r.destination]) for (const n of [...(e.nets ?? []), ...(e.notNets ?? [])]) out.add(n);
  }
  return [...out];
}

export function engineVerdicts(cluster: BuiltCluster, reps: readonly PodLike[]): EngineVerdicts {
  return {
    fill(dst, conn, protocol, sure, denied) {
      sure.fill(0);
      denied.fill(0);
      const port = conn.num ?? conn.name;
      reps.forEach((src, s) => {
        const v = evaluateConnection(cluster, { kind: 'pod', pod: src }, { kind: 'pod', pod: dst }, port, protocol).verdict;
        if (v === 'allowed') setBit(sure, s);
        else if (v === 'denied') setBit(denied, s);
      });
    },
    external(ip, dst, conn, protocol) {
      return evaluateConnection(cluster, { kind: 'external', ip }, { kind: 'pod', pod: dst }, conn.num ?? conn.name, protocol).verdict;
    },
  };
}

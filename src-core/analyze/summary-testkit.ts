// Test helper for the reachability summary: every ordered pair (and the router, and internet → pod) on
// every probed port, the summary's verdict against evaluateConnection's; and every Route exposure's
// router verdict against the engine's for the router that serves the route (edge/shards.ts). Test-only.
import { expect } from 'vitest';
import type { BuiltCluster } from '../model/build';
import type { PodLike } from '../model/types';
import { routerPeerFor } from './edge/shards';
import { INTERNET_IP } from './endpoint';
import { evaluateConnection } from './policy/evaluate';
import { summarizeReachability, summaryAllows, summaryVerdict } from './summary';
import { isPlainKubernetes } from '../model/profiles';

/** Compares every pair; returns how many verdicts were checked and how many were allowed. */
export function expectAgreesWithEngine(cluster: BuiltCluster): { checked: number; allowed: number; undetermined: number } {
  const s = summarizeReachability(cluster);
  const sources: { pod: PodLike; cls: number }[] = cluster.pods.map((pod, i) => ({ pod, cls: s.podClass[i] }));
  sources.push({ pod: cluster.routerPod, cls: s.routerClass });
  let checked = 0;
  let allowed = 0;
  let undetermined = 0;
  const wrong: string[] = [];
  cluster.pods.forEach((dst, j) => {
    const dCls = s.podClass[j];
    const dr = s.destinations.find((d) => d.class === dCls);
    expect(dr).toBeDefined();
    for (const probe of dr!.ports) {
      const iv = evaluateConnection(cluster, { kind: 'external', ip: INTERNET_IP }, { kind: 'pod', pod: dst }, probe.port, probe.protocol).verdict;
      const internet = probe.internet ? 'allowed' : probe.internetUndetermined ? 'undetermined' : 'denied';
      if (iv !== internet) wrong.push(`internet → ${dst.id} ${probe.protocol}/${probe.port}: engine ${iv}, summary ${internet}`);
      for (const src of sources) {
        const engine = evaluateConnection(cluster, { kind: 'pod', pod: src.pod }, { kind: 'pod', pod: dst }, probe.port, probe.protocol).verdict;
        const summary = summaryVerdict(s, src.cls, dCls, probe.port, probe.protocol);
        if ((summary === 'allowed') !== summaryAllows(s, src.cls, dCls, probe.port, probe.protocol)) wrong.push(`summaryAllows disagrees with summaryVerdict for ${src.pod.id} → ${dst.id}`);
        checked++;
        if (engine === 'allowed') allowed++;
        if (engine === 'undetermined') undetermined++;
        if (engine !== summary && wrong.length < 10) wrong.push(`${src.pod.id} → ${dst.id} ${probe.protocol}/${probe.port}: engine ${engine}, summary ${summary}`);
      }
    }
  });
  // Exposures: the route trace delivers from routerPeerFor's pod, undetermined when routers of both kinds serve it.
  s.destinations.forEach((dr) => {
    const dst = cluster.pods[s.podClass.indexOf(dr.class)];
    for (const e of dr.exposedBy) {
      if (e.kind !== 'Route' || !dst) continue;
      const route = cluster.routes.find((r) => r.meta.namespace === e.namespace && r.meta.name === e.name);
      if (!route) continue;
      const via = isPlainKubernetes(cluster.profile) ? { pod: cluster.routerPod } : routerPeerFor(cluster, route);
      const v = evaluateConnection(cluster, { kind: 'pod', pod: via.pod }, { kind: 'pod', pod: dst }, e.port, e.protocol).verdict;
      const engine = 'undetermined' in via && via.undetermined && v !== 'denied' ? 'undetermined' : v;
      const summary = e.routerAllowed ? 'allowed' : e.routerUndetermined ? 'undetermined' : 'denied';
      if (engine !== summary) wrong.push(`router (${via.pod.id}) → ${dst.id} for Route ${e.namespace}/${e.name} ${e.protocol}/${e.port}: engine ${engine}, summary ${summary}`);
    }
  });
  expect(wrong).toEqual([]);
  return { checked, allowed, undetermined };
}


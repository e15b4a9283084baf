// Entry points of the edge stage (Routes, Ingress, Gateway API, Services, DNS, OpenShift egress).
// PLACEHOLDER until the edge work lands: each answers "not modelled yet" so callers can be wired now.
import type { BuiltCluster } from '../../model/build';
import type { PodLike, Protocol } from '../../model/types';
import type { Endpoint } from '../endpoint';
import type { Hop, Trace, Query } from '../types';

/** Who sends a request that enters through the edge: a pod, the internet / an IP, or the router. */
export type Sender = { kind: 'pod'; pod: PodLike } | { kind: 'external'; ip: string } | { kind: 'router' };

function notModelled(query: Query, what: string): Trace {
  return { query, allowed: false, verdict: 'denied', summary: `${what} is not modelled yet.`, hops: [], reached: null, path: [], error: `${what} is not modelled yet.` };
}

/** `svc:ns/name`, `dns:name` and `http(s)://host/path` destinations. */
export function traceEdge(cluster: BuiltCluster, query: Query, from: Sender, to: Extract<Endpoint, { kind: 'service' | 'dns' | 'url' }>): Trace {
  void cluster;
  void from;
  return notModelled(query, `Tracing to ${to.kind}`);
}

/** Hops after NetworkPolicy egress allowed a pod to reach an address outside the cluster:
 *  EgressNetworkPolicy / EgressFirewall, egress IP, egress router. */
export function egressHops(cluster: BuiltCluster, src: PodLike, ip: string, port: number, protocol: Protocol): Hop[] {
  void cluster;
  void src;
  void ip;
  void port;
  void protocol;
  return [];
}

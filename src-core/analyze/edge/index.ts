// Entry points of the edge stage: requests that go through the router / ingress controller / gateway
// (`http(s)://` destinations), through Services and cluster DNS (`svc:`, `dns:`), and the hops after a
// pod's NetworkPolicy egress allowed it to an address outside the cluster (OpenShift egress objects).
// One file per concern: route.ts, tls.ts, certs.ts, allowlist.ts, ingress.ts, gateway.ts, service.ts,
// dns.ts, dnslookup.ts (the query to the cluster DNS is itself a connection), egress.ts; url.ts /
// svctrace.ts / dnstrace.ts are the legs that add their hops (the trace itself is assembled by
// analyze/trace/builder.ts); proxy.ts is kube-proxy's endpoint choice, outside.ts what
// egress policies make of an address only public DNS knows.
import type { BuiltCluster } from '../../model/build';
import type { PodLike, Protocol } from '../../model/types';
import type { Endpoint } from '../endpoint';
import type { Hop, Query, Trace } from '../types';
import { traceDns } from './dnstrace';
import { traceService } from './svctrace';
import { egressHopsFor, egressRouterHops as routerHops } from './egress';
import { traceUrl } from './url';

/** Who sends a request that enters through the edge: a pod, the internet / an IP, or the router. */
export type { Sender } from '../trace/builder';
import type { Sender } from '../trace/builder';

/** `svc:ns/name`, `dns:name` and `http(s)://host/path` destinations. */
export function traceEdge(cluster: BuiltCluster, query: Query, from: Sender, to: Extract<Endpoint, { kind: 'service' | 'dns' | 'url' }>): Trace {
  switch (to.kind) {
    case 'url':
      return traceUrl(cluster, query, from, to);
    case 'service':
      return traceService(cluster, query, from, to.namespace, to.name);
    case 'dns':
      return traceDns(cluster, query, from, to.name);
  }
}

/** Hops after NetworkPolicy egress allowed a pod to reach an address outside the cluster:
 *  EgressNetworkPolicy / EgressFirewall, then the source address the outside sees (node, egress IP,
 *  egress router). `dnsName`, when the destination was a name, lets dnsName rules match. */
export function egressHops(cluster: BuiltCluster, src: PodLike, ip: string, port: number, protocol: Protocol, dnsName?: string): Hop[] {
  return egressHopsFor(cluster, src, ip, port, protocol, dnsName);
}

/** Hops for a connection that lands on an egress router pod (where the router sends it); empty for
 *  other pods. The pod-to-pod path calls it after the destination's policies admitted the connection. */
export function egressRouterHops(cluster: BuiltCluster, dstPod: PodLike, port: number, protocol: Protocol): Hop[] {
  return routerHops(cluster, dstPod, port, protocol);
}

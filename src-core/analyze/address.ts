// Which object of the input an address belongs to, for `ip:` endpoints. A client that connects to a
// Service's ClusterIP (or one of its externalIPs / load-balancer addresses) is connecting to the Service:
// kube-proxy / OVN-Kubernetes translate that address to an endpoint before NetworkPolicy sees the
// connection, so it must be traced as `svc:`, not as an address outside the cluster. A pod's own IP
// (status.podIP / podIPs) is that pod. Host-network pods share their node's address, so an IP that
// several running pods report is nobody's in particular and stays an address.
import ipaddr from 'ipaddr.js';
import type { BuiltCluster } from '../model/build';
import type { PodLike, Service } from '../model/types';

export type AddressOwner =
  | { kind: 'service'; service: Service; field: 'spec.clusterIP' | 'spec.clusterIPs' | 'spec.externalIPs' | 'spec.loadBalancerIP' | 'status.loadBalancer.ingress' }
  | { kind: 'pod'; pod: PodLike };

interface AddressIndex {
  services: Map<string, Extract<AddressOwner, { kind: 'service' }>>;
  pods: Map<string, PodLike | null>;
}

const indexes = new WeakMap<BuiltCluster, AddressIndex>();

/** One spelling per address (IPv6 has many); undefined when the text is not an address. */
export function canonicalAddress(s: string): string | undefined {
  try {
    return ipaddr.process(s.trim()).toString();
  } catch {
    return undefined;
  }
}

function build(cluster: BuiltCluster): AddressIndex {
  const services: AddressIndex['services'] = new Map();
  const add = (ip: string | undefined, service: Service, field: Extract<AddressOwner, { kind: 'service' }>['field']) => {
    const c = ip ? canonicalAddress(ip) : undefined;
    if (c && !services.has(c)) services.set(c, { kind: 'service', service, field });
  };
  for (const s of cluster.services) {
    if (s.type === 'ExternalName' || s.headless) continue;
    add(s.clusterIP, s, 'spec.clusterIP');
    for (const ip of s.clusterIPs) add(ip, s, 'spec.clusterIPs');
  }
  // Virtual addresses first: a ClusterIP never doubles as an external address of another Service.
  for (const s of cluster.services) {
    if (s.type === 'ExternalName') continue;
    for (const ip of s.externalIPs) add(ip, s, 'spec.externalIPs');
    if (s.type === 'LoadBalancer') {
      for (const ip of s.ingressIPs) add(ip, s, 'status.loadBalancer.ingress');
      add(s.loadBalancerIP, s, 'spec.loadBalancerIP');
    }
  }
  const pods: AddressIndex['pods'] = new Map();
  for (const p of cluster.pods) {
    if (p.kind !== 'Pod' || p.phase === 'Succeeded' || p.phase === 'Failed') continue;
    for (const ip of p.podIPs) {
      const c = canonicalAddress(ip);
      if (!c) continue;
      // Two running pods with one address (host network): not a pod address.
      pods.set(c, pods.has(c) && pods.get(c) !== p ? null : p);
    }
  }
  return { services, pods };
}

/** The Service or pod that owns `ip` in the input, if exactly one does. */
export function ownerOfAddress(cluster: BuiltCluster, ip: string): AddressOwner | undefined {
  const c = canonicalAddress(ip);
  if (!c) return undefined;
  let idx = indexes.get(cluster);
  if (!idx) indexes.set(cluster, (idx = build(cluster)));
  const s = idx.services.get(c);
  if (s) return s;
  const p = idx.pods.get(c);
  return p ? { kind: 'pod', pod: p } : undefined;
}

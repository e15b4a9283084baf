// `--to svc:NS/NAME` and `--to dns:NAME`: a client reaching a Service on its service `port` (kube-proxy:
// service port → an endpoint's targetPort), or a name through the pod's resolver. From outside the
// cluster only NodePort (30000–32767 on every node), LoadBalancer and externalIPs are entry points;
// a ClusterIP is not routable from outside. Headless Services have no virtual IP: DNS returns the pod
// IPs and the client connects to the pod on the port it uses (no port translation). ExternalName is a
// CNAME: traffic leaves the cluster. A `dns:` trace from a pod first checks that the pod may query the
// cluster DNS at all (dnslookup.ts); `svc:` connects to the ClusterIP and needs no lookup, except for an
// ExternalName Service, which has no ClusterIP: its name is looked up (and answered with the CNAME).
import type { BuiltCluster } from '../../model/build';
import type { Protocol, Service } from '../../model/types';
import { objectKey } from '../../model/types';
import type { PolicyPeer } from '../policy/types';
import type { Hop, Query, Trace } from '../types';
import { hop, nameOf, q, ruleAt, step, stoppedAt } from './common';
import { deliver, deliverToEndpoints } from './deliver';
import { resolveName } from './dns';
import { dnsLookupCheck } from './dnslookup';
import { egressHopsFor, egressRouterHops } from './egress';
import { externalEndpointHop } from './egressendpoints';
import type { Sender } from './index';
import { podKey } from './routetrace';
import { describeServicePort, endpointsOf, findService, servicePortFor, type ServiceEndpoint } from './service';
import { entryContains } from './allowlist';

function senderPeer(cluster: BuiltCluster, from: Sender): PolicyPeer {
  return from.kind === 'pod' ? { kind: 'pod', pod: from.pod } : from.kind === 'router' ? { kind: 'pod', pod: cluster.routerPod } : { kind: 'external', ip: from.ip };
}

function sourceHop(from: Sender, cluster: BuiltCluster): Hop {
  if (from.kind === 'pod') return hop({ kind: 'source', title: `Pod ${from.pod.id}`, verdict: 'info', summary: `${from.pod.kind} ${from.pod.id}` });
  if (from.kind === 'router') return hop({ kind: 'source', title: 'The router', verdict: 'info', summary: `${cluster.routerPod.id}` });
  return hop({ kind: 'source', title: `Client ${from.ip}`, verdict: 'info', summary: `outside the cluster at ${from.ip}` });
}

function finish(query: Query, hops: Hop[], allowed: boolean, reached: string | null, path: string[]): Trace {
  const warn = hops.some((h) => h.verdict === 'warning');
  // A policy hop that depends on an unknown pod IP is a warning, yet it may be what denies.
  const last = [...hops].reverse().find((h) => h.verdict === 'denied') ?? [...hops].reverse().find((h) => h.verdict === 'warning' && (h.kind === 'egress-policy' || h.kind === 'ingress-policy' || h.kind === 'admin-policy' || h.kind === 'baseline-policy'));
  return {
    query,
    allowed,
    verdict: allowed ? (warn ? 'warning' : 'allowed') : 'denied',
    summary: allowed ? `${query.to} reaches ${reached ?? 'its destination'}${warn ? ' (with warnings)' : ''}.` : `${query.to} is not reached: ${stoppedAt(last)}`,
    hops,
    reached: allowed ? reached : null,
    path: [...new Set(path)],
  };
}

/** Service hops (port mapping, entry from outside, endpoints, delivery) appended to `hops`. */
export function serviceLeg(cluster: BuiltCluster, query: Query, from: Sender, svc: Service, hops: Hop[]): { allowed: boolean; reached: string | null; path: string[] } {
  const protocol: Protocol = query.protocol ?? 'TCP';
  const key = objectKey(svc.meta);
  const facts: Record<string, string> = { type: svc.type, sessionAffinity: svc.sessionAffinity };
  if (svc.clusterIP) facts['clusterIP'] = svc.clusterIP;
  if (svc.externalIPs.length) facts['externalIPs'] = svc.externalIPs.join(', ');
  if (svc.type === 'ExternalName') {
    hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name} (ExternalName)`, verdict: 'info', summary: `DNS answers with a CNAME to ${q(svc.externalName ?? '')}; the connection goes outside the cluster`, rule: ruleAt(cluster, svc.meta, svc.meta.ref), facts }));
    if (from.kind === 'pod') {
      const ext = egressHopsFor(cluster, from.pod, '', query.port ?? 0, protocol, svc.externalName);
      hops.push(...ext);
      const ok = !ext.some((h) => h.verdict === 'denied');
      return { allowed: ok, reached: null, path: [key] };
    }
    return { allowed: true, reached: null, path: [key] };
  }
  const sp = servicePortFor(svc, query.port, query.named_port, protocol);
  if (!sp) {
    hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'denied', summary: `no ${protocol} service port ${query.named_port ? q(query.named_port) : query.port ?? ''}; the Service has ${svc.ports.map(describeServicePort).join(', ') || 'no ports'} (clients use the service \`port\`, not the targetPort)`, rule: ruleAt(cluster, svc.meta, svc.meta.ref), facts, fix: { summary: `Connect to one of the service ports: ${svc.ports.map((p) => p.port).join(', ')}.` } }));
    return { allowed: false, reached: null, path: [key] };
  }
  const spRule = ruleAt(cluster, svc.meta, sp.ref);
  // From outside: only NodePort / LoadBalancer / externalIPs are entry points.
  if (from.kind === 'external') {
    const viaNodePort = (svc.type === 'NodePort' || svc.type === 'LoadBalancer') && sp.nodePort !== undefined;
    if (svc.type === 'ClusterIP' && svc.externalIPs.length === 0) {
      hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'denied', summary: 'a ClusterIP Service is only reachable inside the cluster; from outside use a Route/Ingress, a NodePort or a LoadBalancer', rule: ruleAt(cluster, svc.meta, svc.meta.ref), facts, fix: { summary: 'Expose it with a Route (oc expose service) or make it type LoadBalancer.', object: key } }));
      return { allowed: false, reached: null, path: [key] };
    }
    if (svc.type === 'LoadBalancer' && svc.loadBalancerSourceRanges.length && !svc.loadBalancerSourceRanges.some((c) => entryContains(c, from.ip))) {
      hops.push(hop({ kind: 'service', title: `LoadBalancer ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'denied', summary: `client ${from.ip} is outside loadBalancerSourceRanges ${svc.loadBalancerSourceRanges.join(', ')}`, rule: ruleAt(cluster, svc.meta, svc.meta.ref), facts }));
      return { allowed: false, reached: null, path: [key] };
    }
    if (sp.nodePort !== undefined) facts['nodePort'] = String(sp.nodePort);
    if (sp.nodePort !== undefined && (sp.nodePort < 30000 || sp.nodePort > 32767)) facts['nodePort'] += ' (outside the default range 30000–32767: the API server rejects it unless the range was changed)';
    facts['externalTrafficPolicy'] = svc.externalTrafficPolicy ?? 'Cluster';
    const entry = svc.type === 'LoadBalancer' ? `the load balancer ${svc.ingressIPs.join(', ') || '(address not in status)'}` : viaNodePort ? `any node on nodePort ${sp.nodePort}` : `externalIPs ${svc.externalIPs.join(', ')}`;
    hops.push(hop({ kind: 'service', title: `Entry: ${svc.type} ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'allowed', summary: `from outside through ${entry}`, rule: spRule, facts, steps: [step((svc.externalTrafficPolicy ?? 'Cluster') === 'Local' ? 'externalTrafficPolicy: Local keeps the client address: NetworkPolicy ipBlocks see the client.' : 'externalTrafficPolicy: Cluster SNATs to a node address: NetworkPolicy ipBlocks on the pod may see a node IP, not the client.', 'info')] }));
  } else {
    hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'allowed', summary: svc.headless ? `headless: DNS gives the pod IPs and the client connects to them directly on ${sp.port} (no port translation)` : `port ${describeServicePort(sp)}`, rule: spRule, facts }));
  }
  const eps = endpointsOf(cluster, svc, sp);
  if (eps.usable.length === 0) {
    hops.push(hop({ kind: 'endpoints', title: 'No endpoints', verdict: 'denied', summary: `the Service has no ready endpoints for port ${sp.port}: connections are refused (kube-proxy rejects them)`, steps: [...eps.steps], rule: ruleAt(cluster, svc.meta, svc.selectorRef), fix: { summary: `Make ${nameOf(svc.meta)} select ready pods that have the target port.`, object: key } }));
    return { allowed: false, reached: null, path: [key] };
  }
  // Endpoints outside the cluster meet the egress firewall (openshift-sdn: at kube-proxy, for every client).
  const fw = externalEndpointHop(cluster, svc, eps.usable, from, protocol);
  if (fw) hops.push(fw);
  if (fw?.verdict === 'denied') return { allowed: false, reached: null, path: [key] };
  const targets: ServiceEndpoint[] = svc.headless ? eps.usable.map((e) => ({ ...e, port: sp.port })) : eps.usable;
  hops.push(hop({ kind: 'endpoints', title: 'Endpoints', verdict: 'allowed', summary: `${eps.usable.length} endpoint(s): ${[...new Set(targets.map((e) => `${e.pod?.id ?? e.ip}:${e.port}`))].slice(0, 6).join(', ')}`, steps: [...eps.steps] }));
  const d = deliverToEndpoints(cluster, senderPeer(cluster, from), targets);
  hops.push(...d.hops);
  const er = d.reached ? cluster.podsById.get(d.reached) : undefined;
  let allowed = d.allowed;
  if (er) {
    // The port the router pod received: the reached endpoint's (targetPort), not necessarily the first's.
    const at = targets.find((e) => e.pod === er) ?? targets[0];
    const rh = egressRouterHops(cluster, er, at.port, protocol);
    hops.push(...rh);
    // A router that refuses the connection (no line for the port) stops the request there.
    if (rh.some((h) => h.verdict === 'denied')) allowed = false;
  }
  return { allowed, reached: allowed ? d.reached : null, path: [key, ...podKey(cluster, d.reached)] };
}

export function traceService(cluster: BuiltCluster, query: Query, from: Sender, ns: string, name: string): Trace {
  const hops: Hop[] = [sourceHop(from, cluster)];
  const svc = findService(cluster, ns, name);
  if (!svc) {
    hops.push(hop({ kind: 'service', title: `Service ${ns}/${name}`, verdict: 'denied', summary: `no Service ${q(name)} in namespace ${q(ns)} in the input` }));
    return finish(query, hops, false, null, []);
  }
  if (svc.type === 'ExternalName' && from.kind === 'pod') {
    // No ClusterIP: the client can only use the name, and the answer is the CNAME, so the pod's query to
    // the cluster DNS comes first (traceDns does the same for dns: names).
    const lookup = dnsLookupCheck(cluster, from.pod, `${name}.${ns}.svc`);
    if (lookup) hops.push(lookup.hop);
    if (lookup && !lookup.allowed) return finish(query, hops, false, null, [objectKey(svc.meta)]);
  }
  const r = serviceLeg(cluster, query, from, svc, hops);
  return finish(query, hops, r.allowed, r.reached, r.path);
}

export function traceDns(cluster: BuiltCluster, query: Query, from: Sender, name: string): Trace {
  const hops: Hop[] = [sourceHop(from, cluster)];
  const pod = from.kind === 'pod' ? from.pod : from.kind === 'router' ? cluster.routerPod : undefined;
  if (!pod) {
    hops.push(hop({ kind: 'dns', title: `DNS ${name}`, verdict: 'denied', summary: 'cluster DNS names resolve only inside the cluster; a client outside cannot use them' }));
    return finish(query, hops, false, null, []);
  }
  if (from.kind === 'pod') {
    // The query to the cluster DNS is a connection of its own; without it nothing resolves.
    const lookup = dnsLookupCheck(cluster, pod, name);
    if (lookup) hops.push(lookup.hop);
    if (lookup && !lookup.allowed) return finish(query, hops, false, null, []);
  }
  const res = resolveName(cluster, pod, name);
  const a = res.answer;
  const title = `DNS ${name}`;
  if (a.kind === 'nxdomain') {
    hops.push(hop({ kind: 'dns', title, verdict: 'denied', summary: 'the name does not resolve (NXDOMAIN)', steps: res.steps }));
    return finish(query, hops, false, null, []);
  }
  if (a.kind === 'external') {
    hops.push(hop({ kind: 'dns', title, verdict: 'info', summary: `${a.fqdn} is resolved outside the cluster; the connection leaves the cluster`, steps: res.steps }));
    const protocol: Protocol = query.protocol ?? 'TCP';
    hops.push(hop({ kind: 'external', title: `Outside: ${a.fqdn}`, verdict: 'warning', summary: `NetworkPolicy egress for this connection depends on the address ${a.fqdn} resolves to; trace --to ip:ADDRESS to check it`, steps: [step('podpath does not resolve public names; policies with ipBlock rules decide on the address.', 'info')] }));
    const ext = egressHopsFor(cluster, pod, '', query.port ?? 0, protocol, a.fqdn);
    hops.push(...ext);
    return finish(query, hops, !ext.some((h) => h.verdict === 'denied'), null, []);
  }
  if (a.kind === 'pod') {
    hops.push(hop({ kind: 'dns', title, verdict: 'allowed', summary: `${a.fqdn} is the pod record of ${a.pod.id}`, steps: res.steps }));
    const port = query.port ?? (query.named_port ? a.pod.ports.find((p) => p.name === query.named_port)?.containerPort : undefined);
    if (port === undefined) {
      hops.push(hop({ kind: 'port', title: 'Port', verdict: 'denied', summary: 'no port given (use --port)' }));
      return finish(query, hops, false, null, []);
    }
    const d = deliver(cluster, senderPeer(cluster, from), a.pod, port, query.protocol ?? 'TCP');
    hops.push(...d.hops);
    return finish(query, hops, d.allowed, d.reached, podKey(cluster, d.reached));
  }
  hops.push(hop({ kind: 'dns', title, verdict: 'allowed', summary: `${a.fqdn} → ${a.service.headless ? 'the pod IPs (headless Service)' : a.service.type === 'ExternalName' ? `CNAME ${a.service.externalName}` : `the ClusterIP of ${a.service.meta.namespace}/${a.service.meta.name}`}`, steps: res.steps, rule: ruleAt(cluster, a.service.meta, a.service.meta.ref) }));
  const r = serviceLeg(cluster, query, from, a.service, hops);
  return finish(query, hops, r.allowed, r.reached, r.path);
}

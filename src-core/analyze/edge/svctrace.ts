// `--to svc:NS/NAME`: a client reaching a Service's virtual address on its service `port` (kube-proxy:
// service port → the targetPort of the endpoint it picks, proxy.ts). From outside the cluster only
// NodePort (30000–32767 on every node), LoadBalancer and externalIPs are entry points; a ClusterIP is not
// routable from outside. A headless Service (clusterIP: None) and an ExternalName Service have no virtual
// address and kube-proxy programs nothing for them (website: service "Headless Services": "kube-proxy does
// not handle these Services, and there is no load balancing or proxying done by the platform";
// "ExternalName": "No proxying of any kind is set up"), so `svc:` to one reaches nothing by itself: the
// trace says so and points at the `dns:` name, which dnstrace.ts follows (pod addresses, or the CNAME).
import type { BuiltCluster } from '../../model/build';
import type { Protocol, Service } from '../../model/types';
import { objectKey } from '../../model/types';
import type { PolicyPeer } from '../policy/types';
import type { Hop, Query, Trace } from '../types';
import { nameOf, q, ruleAt } from './common';
import { finishTrace, hop, sourceHop, step } from '../trace/builder';
import { deliverToEndpoints } from './deliver';
import { egressRouterHops } from './egress';
import { externalEndpointHop } from './egressendpoints';
import type { Sender } from '../trace/builder';
import { podKey } from './routetrace';
import { proxyEndpoints, endpointLabel } from './proxy';
import { describeServicePort, endpointsOf, findService, servicePortFor } from './service';
import { entryContains } from './allowlist';
import { externalIPsAdmitted } from './externalip';

export function senderPeer(cluster: BuiltCluster, from: Sender): PolicyPeer {
  return from.kind === 'pod' ? { kind: 'pod', pod: from.pod } : from.kind === 'router' ? { kind: 'pod', pod: cluster.routerPod } : { kind: 'external', ip: from.ip };
}

/** A request trace to a Service or a DNS name: the builder words it (`svc:ns/name reaches ns/pod.`). */
export function finish(query: Query, hops: Hop[], allowed: boolean, reached: string | null, path: string[]): Trace {
  return finishTrace({ query, hops, allowed, reached, path, subject: query.to, form: 'request' });
}

/** Service hops (port mapping, entry from outside, kube-proxy's endpoint choice, delivery) appended to `hops`.
 *  For a Service with a virtual address (not headless, not ExternalName). */
export function serviceLeg(cluster: BuiltCluster, query: Query, from: Sender, svc: Service, hops: Hop[]): { allowed: boolean; reached: string | null; path: string[] } {
  const protocol: Protocol = query.protocol ?? 'TCP';
  const key = objectKey(svc.meta);
  const facts: Record<string, string> = { type: svc.type, sessionAffinity: svc.sessionAffinity };
  if (svc.clusterIP) facts['clusterIP'] = svc.clusterIP;
  if (svc.externalIPs.length) facts['externalIPs'] = svc.externalIPs.join(', ');
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
    const ext = !viaNodePort && svc.type !== 'LoadBalancer' ? externalIPsAdmitted(cluster, svc) : undefined;
    if (ext && ext.admitted.length === 0) {
      const net = cluster.network!;
      const meta = net.externalIPMeta ?? net.meta;
      const rule = ruleAt(cluster, meta, net.externalIP?.ref ?? meta.ref, `${nameOf(meta)}, spec.externalIP`);
      hops.push(hop({ kind: 'service', title: `externalIPs of ${svc.meta.namespace}/${svc.meta.name} are not admitted`, verdict: 'denied', summary: `the API server's externalip admission refuses ${ext.refused.map((r) => r.why).join('; ')}: the Service cannot carry these externalIPs, so they are no entry point`, rule, facts, fix: { summary: 'Have the cluster admin allow the address in Network cluster spec.externalIP.policy.allowedCIDRs (oc patch network.config.openshift.io cluster --type=merge -p \'{"spec":{"externalIP":{"policy":{"allowedCIDRs":["<CIDR>"]}}}}\'), or expose the Service with a Route or a LoadBalancer.', object: key } }));
      return { allowed: false, reached: null, path: [key] };
    }
    if (ext?.refused.length) facts['externalIPs'] = `${ext.admitted.join(', ')} (refused by the Network's externalIP policy: ${ext.refused.map((r) => r.ip).join(', ')})`;
    if (sp.nodePort !== undefined) facts['nodePort'] = String(sp.nodePort);
    if (sp.nodePort !== undefined && (sp.nodePort < 30000 || sp.nodePort > 32767)) facts['nodePort'] += ' (outside the default range 30000–32767: the API server rejects it unless the range was changed)';
    facts['externalTrafficPolicy'] = svc.externalTrafficPolicy ?? 'Cluster';
    const entry = svc.type === 'LoadBalancer' ? `the load balancer ${svc.ingressIPs.join(', ') || '(address not in status)'}` : viaNodePort ? `any node on nodePort ${sp.nodePort}` : `externalIPs ${svc.externalIPs.join(', ')}`;
    hops.push(hop({ kind: 'service', title: `Entry: ${svc.type} ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'allowed', summary: `from outside through ${entry}`, rule: spRule, facts, steps: [step((svc.externalTrafficPolicy ?? 'Cluster') === 'Local' ? 'externalTrafficPolicy: Local keeps the client address: NetworkPolicy ipBlocks see the client.' : 'externalTrafficPolicy: Cluster SNATs to a node address: NetworkPolicy ipBlocks on the pod may see a node IP, not the client.', 'info')] }));
  } else {
    if (svc.internalTrafficPolicy) facts['internalTrafficPolicy'] = svc.internalTrafficPolicy;
    hops.push(hop({ kind: 'service', title: `Service ${svc.meta.namespace}/${svc.meta.name}`, verdict: 'allowed', summary: `port ${describeServicePort(sp)}`, rule: spRule, facts }));
  }
  const eps = endpointsOf(cluster, svc, sp);
  const client = from.kind === 'pod' ? from.pod : from.kind === 'router' ? cluster.routerPod : undefined;
  const choice = proxyEndpoints(svc, eps.all, from.kind === 'external' ? 'external' : 'internal', client?.kind === 'Pod' ? client.nodeName : undefined, client?.id ?? 'the client');
  const epFacts: Record<string, string> = { why: choice.why };
  if (choice.node) epFacts['node'] = choice.node;
  if (choice.skipped.length) epFacts['skipped'] = choice.skipped.slice(0, 6).map((s) => `${endpointLabel(s.e)} (${s.reason})`).join('; ');
  if (choice.verdict === 'denied') {
    const none = eps.all.length === 0;
    const summary = none ? `the Service has no endpoints for port ${sp.port}: connections are refused (kube-proxy rejects them)` : `${choice.summary}`;
    // kube-proxy REJECTs a port with no usable endpoint; with a Local policy and none on the node it DROPs (symptom.ts).
    const code = choice.node ? undefined : 'service-no-endpoints';
    hops.push(hop({ kind: 'endpoints', title: 'No endpoints', verdict: 'denied', summary, code, steps: [...eps.steps, ...choice.steps], rule: ruleAt(cluster, svc.meta, svc.selectorRef), facts: epFacts, fix: { summary: none || !choice.node ? `Make ${nameOf(svc.meta)} select ready pods that have the target port.` : `Run a ready endpoint on node ${choice.node}, or set the traffic policy to Cluster.`, object: key } }));
    return { allowed: false, reached: null, path: [key] };
  }
  const targets = choice.chosen;
  // Endpoints outside the cluster meet the egress firewall (openshift-sdn: at kube-proxy, for every client).
  const fw = externalEndpointHop(cluster, svc, targets, from, protocol);
  if (fw) hops.push(fw);
  if (fw?.verdict === 'denied') return { allowed: false, reached: null, path: [key] };
  hops.push(hop({ kind: 'endpoints', title: choice.verdict === 'undetermined' ? 'Endpoints (node decides)' : 'Endpoints', verdict: choice.verdict === 'undetermined' ? 'undetermined' : choice.warn ? 'warning' : 'allowed', summary: choice.summary, steps: [...eps.steps, ...choice.steps], facts: epFacts, rule: ruleAt(cluster, svc.meta, svc.selectorRef) }));
  const d = deliverToEndpoints(cluster, senderPeer(cluster, from), targets);
  hops.push(...d.hops);
  const er = d.reached ? cluster.podsById.get(d.reached) : undefined;
  let allowed = d.allowed;
  if (er) {
    epFacts['lands on'] = `${er.id} (${choice.why})`;
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
  const hops: Hop[] = [sourceHop(cluster, from)];
  const svc = findService(cluster, ns, name);
  if (!svc) {
    hops.push(hop({ kind: 'service', title: `Service ${ns}/${name}`, verdict: 'denied', summary: `no Service ${q(name)} in namespace ${q(ns)} in the input` }));
    return finish(query, hops, false, null, []);
  }
  const key = objectKey(svc.meta);
  if (svc.type === 'ExternalName' || svc.headless) {
    const dns = `${name}.${ns}`;
    const summary = svc.type === 'ExternalName'
      ? `an ExternalName Service has no cluster IP, no ports and no proxying: it exists only in DNS, as a CNAME to ${q(svc.externalName ?? '')}, so there is no Service address to connect to. A client that uses the name ${dns} follows the CNAME: trace dns:${dns}`
      : `a headless Service (clusterIP: None) has no virtual IP and kube-proxy does nothing for it, so there is no Service address to connect to. Its DNS name ${dns} resolves to the ready pods' addresses and the client connects to a pod on the pod's port: trace dns:${dns}`;
    hops.push(hop({ kind: 'service', title: `Service ${ns}/${name} (${svc.type === 'ExternalName' ? 'ExternalName' : 'headless'})`, verdict: 'denied', summary, rule: ruleAt(cluster, svc.meta, svc.meta.ref), facts: { type: svc.type, ...(svc.headless ? { clusterIP: 'None' } : { externalName: svc.externalName ?? '' }) }, fix: { summary: `Connect by name: dns:${dns}${svc.headless ? ' on the pod\'s port' : ''}.`, object: key } }));
    return finish(query, hops, false, null, [key]);
  }
  const r = serviceLeg(cluster, query, from, svc, hops);
  return finish(query, hops, r.allowed, r.reached, r.path);
}

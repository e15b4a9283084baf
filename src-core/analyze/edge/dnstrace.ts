// `--to dns:NAME`: a pod resolving a name through its resolver (dns.ts), then connecting to the answer.
// - The query to the cluster DNS is a connection of its own (dnslookup.ts): without it nothing resolves.
// - A Service with a cluster IP: the Service leg (svctrace.ts; port = the service `port`).
// - A headless Service: the A records are the ready endpoints' addresses (publishNotReadyAddresses makes
//   every endpoint ready), and the client connects straight to a pod on the port it dials: no
//   `port` → `targetPort` translation (FORMAT.md: "for dns: names that resolve to pod addresses ...
//   nothing translates the port, so it is the pod's port"). Same for per-pod records.
// - ExternalName: a CNAME. CoreDNS follows a CNAME into the cluster domain itself, so a target such as
//   `db.other.svc.cluster.local` lands on that Service and its endpoints; a target outside is resolved
//   by public DNS (outside.ts decides what the pod's egress makes of an unknown address).
// - A name only a public resolver answers: outside.ts. dnsPolicy None to other nameservers: undetermined.
import type { BuiltCluster } from '../../model/build';
import { forwardedZone } from './dnsconfig';
import type { PodLike, Protocol, Service } from '../../model/types';
import type { Hop, Query, Trace } from '../types';
import { hop, q, ruleAt, step } from './common';
import { deliver, deliverToEndpoints } from './deliver';
import { lookup, resolveName, type DnsAnswer } from './dns';
import { dnsLookupCheck } from './dnslookup';
import { egressHopsFor } from './egress';
import type { Sender } from '../trace/builder';
import { outsideEgress } from './outside';
import { podKey } from './routetrace';
import { endpointsOf, namedContainerPort, podConditions, type ServiceEndpoint } from './service';
import { finish, senderPeer, serviceLeg } from './svctrace';
import { sourceHop } from '../trace/builder';
import { objectKey } from '../../model/types';

/** The pod addresses a headless Service's name resolves to: ready endpoints, one per pod or address. */
export function headlessAddresses(cluster: BuiltCluster, svc: Service): { published: ServiceEndpoint[]; unpublished: ServiceEndpoint[]; steps: Hop['steps'] } {
  const eps = endpointsOf(cluster, svc);
  const seen = new Set<string>();
  // A pod without a named targetPort is still in the Service's slices (with fewer ports), so it still has
  // an A record: the address matters here, not the port.
  const portless: ServiceEndpoint[] = eps.missingName.map((m) => ({ pod: m.pod, ip: m.pod.podIP, port: 0, protocol: m.servicePort.protocol, servicePort: m.servicePort, ...podConditions(svc, m.pod), nodeName: m.pod.nodeName }));
  const uniq = [...eps.all, ...portless].filter((e) => {
    const k = e.pod?.id ?? e.ip ?? '';
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { published: uniq.filter((e) => e.ready), unpublished: uniq.filter((e) => !e.ready), steps: eps.steps };
}

function headlessLeg(cluster: BuiltCluster, query: Query, from: Sender, svc: Service, hops: Hop[]): { allowed: boolean; reached: string | null; path: string[] } {
  const key = objectKey(svc.meta);
  const protocol: Protocol = query.protocol ?? 'TCP';
  const h = headlessAddresses(cluster, svc);
  const port = query.port;
  if (h.published.length === 0) {
    const why = h.unpublished.length ? `${h.unpublished.map((e) => e.pod?.id ?? e.ip).join(', ')} ${h.unpublished.length === 1 ? 'is' : 'are'} not ready, and the Service does not set publishNotReadyAddresses` : 'it has no endpoints';
    hops.push(hop({ kind: 'endpoints', title: 'No pod addresses', verdict: 'denied', summary: `the headless Service's name has no A records: ${why}`, steps: [...h.steps], rule: ruleAt(cluster, svc.meta, svc.selectorRef), fix: { summary: svc.publishNotReadyAddresses ? `Make ${svc.meta.namespace}/${svc.meta.name} select running pods.` : 'Make the pods ready, or set publishNotReadyAddresses: true (peer discovery for StatefulSets).', object: key } }));
    return { allowed: false, reached: null, path: [key] };
  }
  const pod0 = h.published.find((e) => e.pod)?.pod;
  const p = port ?? (query.named_port && pod0 ? namedContainerPort(pod0, query.named_port, protocol)?.containerPort : undefined);
  if (p === undefined) {
    hops.push(hop({ kind: 'port', title: 'Port', verdict: 'denied', summary: 'no port given (use --port): a headless name gives pod addresses, and the client dials the pod\'s port' }));
    return { allowed: false, reached: null, path: [key] };
  }
  const targets = h.published.map((e) => ({ ...e, port: p, protocol }));
  hops.push(hop({ kind: 'endpoints', title: 'Pod addresses (headless)', verdict: 'allowed', summary: `A records: ${targets.slice(0, 6).map((e) => e.pod?.id ?? e.ip).join(', ')}; the client connects to one of them on ${p}/${protocol}, the port it dials (no targetPort translation)`, steps: [...h.steps, ...h.unpublished.map((e) => step(`${e.pod?.id ?? e.ip} is not ready: no A record for it.`, 'info'))] }));
  const d = deliverToEndpoints(cluster, senderPeer(cluster, from), targets);
  hops.push(...d.hops);
  return { allowed: d.allowed, reached: d.reached, path: [key, ...podKey(cluster, d.reached)] };
}

function outsideLeg(cluster: BuiltCluster, query: Query, pod: PodLike, fqdn: string, hops: Hop[]): boolean {
  const protocol: Protocol = query.protocol ?? 'TCP';
  const port = query.port ?? 0;
  const o = outsideEgress(cluster, pod, fqdn, port, protocol);
  hops.push(o.hop);
  if (o.kind === 'none') return false;
  const ext = egressHopsFor(cluster, pod, '', port, protocol, fqdn);
  hops.push(...ext);
  return !ext.some((x) => x.verdict === 'denied');
}

export function traceDns(cluster: BuiltCluster, query: Query, from: Sender, name: string): Trace {
  const hops: Hop[] = [sourceHop(cluster, from)];
  const pod = from.kind === 'pod' ? from.pod : from.kind === 'router' ? cluster.routerPod : undefined;
  if (!pod) {
    hops.push(hop({ kind: 'dns', title: `DNS ${name}`, verdict: 'denied', summary: 'cluster DNS names resolve only inside the cluster; a client outside cannot use them' }));
    return finish(query, hops, false, null, []);
  }
  if (from.kind === 'pod') {
    const lookupHop = dnsLookupCheck(cluster, pod, name);
    if (lookupHop) hops.push(lookupHop.hop);
    if (lookupHop && !lookupHop.allowed) return finish(query, hops, false, null, []);
  }
  const res = resolveName(cluster, pod, name);
  let a: DnsAnswer = res.answer;
  const title = `DNS ${name}`;
  const steps = [...res.steps];
  // ExternalName: follow the CNAME chain (CoreDNS answers in-zone targets itself); bounded against loops.
  const chain: string[] = [];
  while (a.kind === 'service' && a.service.type === 'ExternalName' && chain.length < 8) {
    const target = (a.service.externalName ?? '').toLowerCase().replace(/\.$/, '');
    chain.push(`${a.fqdn} CNAME ${target}`);
    steps.push(step(`${a.service.meta.namespace}/${a.service.meta.name} is type ExternalName: the answer is a CNAME to ${q(target)} (no proxying, no ports: the client connects to whatever ${q(target)} resolves to, on the port it dials).`, 'info', ruleAt(cluster, a.service.meta, a.service.meta.ref)));
    if (!target) {
      a = { kind: 'nxdomain', why: 'the ExternalName Service has no spec.externalName' };
      break;
    }
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(target)) {
      // Website, service "ExternalName": "Services with external names that resemble IPv4 addresses are not
      // resolved by DNS servers" — the string is a name made of digits, not an address.
      a = { kind: 'nxdomain', why: `externalName ${q(target)} looks like an IPv4 address, but ExternalName is always a DNS name: a CNAME to a name of digits, which no DNS server resolves` };
      break;
    }
    a = lookup(cluster, target);
  }
  if (a.kind === 'service' && a.service.type === 'ExternalName') a = { kind: 'nxdomain', why: `CNAME chain longer than 8: ${chain.join(' → ')}` };
  if (a.kind === 'nxdomain') {
    hops.push(hop({ kind: 'dns', title, verdict: 'denied', summary: `the name does not resolve (NXDOMAIN)${a.why ? `: ${a.why}` : ''}`, steps }));
    return finish(query, hops, false, null, []);
  }
  if (a.kind === 'unknown-server') {
    hops.push(hop({ kind: 'dns', title, verdict: 'undetermined', summary: `dnsPolicy None sends the query to ${a.nameservers.join(', ')}, not the cluster DNS: whether ${q(a.fqdn)} resolves there is not in the input`, steps }));
    return finish(query, hops, true, null, []);
  }
  if (a.kind === 'external') {
    const fwd = forwardedZone(cluster, a.fqdn);
    if (fwd) hops.push(hop({ kind: 'dns', title, verdict: 'info', summary: `${chain.length ? `${chain.join(' → ')}; ` : ''}${a.fqdn} is in zone ${fwd.zone}, which the cluster DNS forwards to ${fwd.upstreams.join(', ') || '(no upstreams listed)'} (DNS default, server ${q(fwd.server)}): that resolver answers, not public DNS, and its answer is not in the input`, steps, rule: fwd.rule, facts: { zone: fwd.zone, upstreams: fwd.upstreams.join(', ') } }));
    else hops.push(hop({ kind: 'dns', title, verdict: 'info', summary: `${chain.length ? `${chain.join(' → ')}; ` : ''}${a.fqdn} depends on public DNS: only an upstream resolver can answer it, and podpath does not resolve public names`, steps }));
    const ok = outsideLeg(cluster, query, pod, a.fqdn, hops);
    return finish(query, hops, ok, null, []);
  }
  if (a.kind === 'pod') {
    hops.push(hop({ kind: 'dns', title, verdict: 'allowed', summary: `${a.fqdn} is the pod record of ${a.pod.id}: the client connects to the pod on the port it dials`, steps }));
    // A name is looked up by name AND protocol, as for a Service's targetPort (kubernetes
    // pkg/api/v1/pod/util.go FindPort: `port.Name == portName && port.Protocol == svcPort.Protocol`).
    const port = query.port ?? (query.named_port ? namedContainerPort(a.pod, query.named_port, query.protocol ?? 'TCP')?.containerPort : undefined);
    if (port === undefined) {
      hops.push(hop({ kind: 'port', title: 'Port', verdict: 'denied', summary: 'no port given (use --port)' }));
      return finish(query, hops, false, null, []);
    }
    const d = deliver(cluster, senderPeer(cluster, from), a.pod, port, query.protocol ?? 'TCP');
    hops.push(...d.hops);
    return finish(query, hops, d.allowed, d.reached, podKey(cluster, d.reached));
  }
  const svc = a.service;
  hops.push(hop({ kind: 'dns', title, verdict: 'allowed', summary: `${chain.length ? `${chain.join(' → ')}; ` : ''}${a.fqdn} → ${svc.headless ? 'the ready pods\' addresses (headless Service)' : `the cluster IP of ${svc.meta.namespace}/${svc.meta.name}`}`, steps, rule: ruleAt(cluster, svc.meta, svc.meta.ref) }));
  const r = svc.headless ? headlessLeg(cluster, query, from, svc, hops) : serviceLeg(cluster, query, from, svc, hops);
  return finish(query, hops, r.allowed, r.reached, r.path);
}

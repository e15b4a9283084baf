// What happens after NetworkPolicy egress let a pod's connection out of the cluster:
// 1. the project's egress firewall (firewall.ts: EgressNetworkPolicy on openshift-sdn, EgressFirewall on
//    OVN-Kubernetes);
// 2. the source address the outside sees: the egress router's own address, a namespace egress IP
//    (NetNamespace egressIPs hosted by a HostSubnet — none hosting it → dropped — or an OVN EgressIP
//    selecting the pod, assigned to a node in its status), else the node's address.
// An egress router — an openshift-sdn router pod (EGRESS_DESTINATION redirect / EGRESS_HTTP_PROXY_DESTINATION /
// EGRESS_DNS_PROXY_DESTINATION) or the pod the Cluster Network Operator runs for an OVN EgressRouter CR
// (network.operator.openshift.io/v1, redirect rules) — is described by egressRouterHop when a trace lands on it.
import type { BuiltCluster } from '../../model/build';
import { selectorMatches } from '../../model/selector';
import type { GenericObject, PodLike, Protocol } from '../../model/types';
import { isRecord } from '../../model/context';
import { childRef } from '../../parse/source';
import type { Hop } from '../types';
import { entryContains } from './allowlist';
import { hop, nameOf, q, ruleAt, step } from './common';
import { egressRouterCR, envValue, httpProxyDecision, objectsOf, parseDnsProxyDestination, parseRedirectDestination, proxyConfigErrors, selectorOf, strList, type RedirectRule } from './egressobjects';
import { firewallHopFor, sdnOwnNodeDns } from './firewall';

export { firewallHopFor };

/** The address the outside sees for a pod's connection. */
export function sourceAddressHop(cluster: BuiltCluster, src: PodLike): Hop {
  const router = egressRouterConfig(cluster, src);
  if (router?.source) return hop({ kind: 'egress-router', title: `Egress router ${src.id}`, verdict: 'info', summary: `the egress router sends from its own address ${router.cr ? `${router.source} (spec.addresses of ${nameOf(router.cr.meta)})` : `EGRESS_SOURCE=${router.source}`}` });
  const ns = src.namespace;
  const sdn = sdnEgressIPHop(cluster, ns);
  if (sdn) return sdn;
  const eip = ovnEgressIPHop(cluster, src);
  if (eip) return eip;
  return hop({ kind: 'egress-ip', title: 'Source address: the node', verdict: 'info', summary: `no egress IP applies: the connection leaves with the address of the node running the pod${src.hostIP ? ` (${src.hostIP})` : ''}` });
}

const SDN_EIP = 'openshift/sdn pkg/network/common/egressip.go';

/** openshift-sdn NetNamespace egressIPs (egressip.go syncEgressNamespaceState): an IP another NetNamespace
 *  also requests gives the project no egress at all; an IP is active only when exactly one HostSubnet claims
 *  it (egressIPActive: "Multiple nodes ... claiming EgressIP"; egressCIDRs: the master allocates it to one
 *  of them); active IPs carry the traffic (balanced), none active → the project's egress is dropped. */
function sdnEgressIPHop(cluster: BuiltCluster, ns: string): Hop | undefined {
  const all = objectsOf(cluster, 'NetNamespace');
  const nameOfNetns = (o: GenericObject) => (typeof o.raw.netname === 'string' ? o.raw.netname : o.meta.name);
  const netns = all.find((o) => nameOfNetns(o) === ns);
  const nsIPs = netns ? strList(netns.raw.egressIPs) : [];
  if (!netns || nsIPs.length === 0) return undefined;
  const rule = ruleAt(cluster, netns.meta, childRef(netns.meta.ref, 'egressIPs'), `NetNamespace ${ns}, egressIPs`);
  const dropped = (why: string, fix: string) => hop({ kind: 'egress-ip', title: 'Egress IP not usable: traffic dropped', verdict: 'denied', summary: `${why}: openshift-sdn DROPS the project's egress traffic (${SDN_EIP} syncEgressNamespaceState → SetNamespaceEgressDropped)`, rule, fix: { summary: fix } });
  for (const ip of nsIPs) {
    const other = all.find((o) => o !== netns && strList(o.raw.egressIPs).includes(ip));
    if (other) return dropped(`egress IP ${ip} is requested by NetNamespace ${nameOfNetns(other)} too ("VNID gets no egress due to multiply-assigned egress IP")`, `Give each project its own egress IPs (remove ${ip} from one of the NetNamespaces).`);
  }
  const subnets = objectsOf(cluster, 'HostSubnet');
  const hostName = (h: GenericObject) => String(h.raw.host ?? h.meta.name);
  const active: { ip: string; where: string }[] = [];
  const steps = [];
  for (const ip of nsIPs) {
    const manual = subnets.filter((h) => strList(h.raw.egressIPs).includes(ip));
    const auto = subnets.filter((h) => strList(h.raw.egressCIDRs).some((c) => entryContains(c, ip)));
    if (manual.length > 1) steps.push(step(`${ip} is claimed by several HostSubnets (${manual.map(hostName).join(', ')}): "Multiple nodes claiming EgressIP" — not used (${SDN_EIP} egressIPActive).`, 'warning'));
    else if (manual.length === 1) active.push({ ip, where: `hosted by node ${hostName(manual[0])} (HostSubnet)` });
    else if (auto.length) active.push({ ip, where: `allocated by the master to ${auto.length > 1 ? `one of the nodes ${auto.map(hostName).join(', ')}` : `node ${hostName(auto[0])}`} (HostSubnet egressCIDRs)` });
    else steps.push(step(`${ip}: no HostSubnet lists it in egressIPs or has an egressCIDRs range containing it.`, 'info'));
  }
  if (active.length === 0) return { ...dropped(`NetNamespace ${ns} requests egress IP ${nsIPs.join(', ')}, but no HostSubnet can host it (egressIPs / egressCIDRs)`, `Assign ${nsIPs[0]} to a node: oc patch hostsubnet NODE --type=merge -p '{"egressIPs":["${nsIPs[0]}"]}'`), steps };
  const summary = active.length === 1 ? `the outside sees ${active[0].ip}, ${active[0].where}` : `the outside sees one of ${active.map((a) => `${a.ip} (${a.where})`).join(', ')} — openshift-sdn balances the project's connections over its active egress IPs`;
  return hop({ kind: 'egress-ip', title: `Egress IP ${active[0].ip}${active.length > 1 ? ` (+${active.length - 1})` : ''}`, verdict: 'allowed', summary, steps, rule });
}

/** OVN EgressIP: which objects select the pod, which addresses, and what the status says about nodes.
 *  Docs (nw-egress-ips-about.adoc): "When a pod matches the selector for multiple EgressIP objects, there is
 *  no guarantee which of the egress IP addresses ... is assigned" and, for several addresses in one object,
 *  "either might be used for each TCP connection or UDP conversation". */
function ovnEgressIPHop(cluster: BuiltCluster, src: PodLike): Hop | undefined {
  const nsLabels = cluster.namespaces.get(src.namespace)?.labels ?? {};
  const matching = objectsOf(cluster, 'EgressIP').filter((e) => {
    const nsSel = selectorOf(e.spec.namespaceSelector);
    const podSel = selectorOf(e.spec.podSelector);
    return nsSel && selectorMatches(nsSel, nsLabels) && (!podSel || selectorMatches(podSel, src.podLabels));
  });
  if (matching.length === 0) return undefined;
  const e = matching[0];
  const rule = ruleAt(cluster, e.meta, e.meta.ref);
  const steps = matching.length > 1 ? [step(`${src.id} is selected by ${matching.length} EgressIP objects (${matching.map((m) => m.meta.name).join(', ')}): OVN-Kubernetes gives no guarantee which one's address is used.`, 'warning')] : [];
  const ips = matching.flatMap((m) => strList(m.spec.egressIPs));
  const nodes = objectsOf(cluster, 'Node');
  const assignable = nodes.filter((n) => 'k8s.ovn.org/egress-assignable' in n.meta.labels).map((n) => n.meta.name);
  if (nodes.length) steps.push(step(assignable.length ? `Nodes labelled k8s.ovn.org/egress-assignable in the input: ${assignable.join(', ')}.` : 'No Node in the input is labelled k8s.ovn.org/egress-assignable: no node can host the egress IPs.', assignable.length ? 'info' : 'warning'));
  if (!isRecord(e.raw.status)) {
    return hop({ kind: 'egress-ip', title: `EgressIP ${e.meta.name}`, verdict: 'info', summary: `EgressIP ${e.meta.name} selects ${src.id}: the outside sees ${ips.length > 1 ? `one of ${ips.join(', ')} (any of them per connection)` : ips[0] ?? '(no egressIPs listed)'} once a node hosts it — which node does is decided at run time and recorded in status.items, which the input does not have; while none can (no node labelled k8s.ovn.org/egress-assignable on that subnet), the pod's node address is used`, steps, rule });
  }
  const items = Array.isArray(e.raw.status.items) ? e.raw.status.items.filter(isRecord) : [];
  if (items.length === 0) return hop({ kind: 'egress-ip', title: `EgressIP ${e.meta.name} not assigned`, verdict: 'warning', summary: `EgressIP ${e.meta.name} selects the pod (${ips.join(', ')}) but its status assigns it to no node (no node labelled k8s.ovn.org/egress-assignable can host it): OVN-Kubernetes has no reroute for it and the pod's node address is used`, steps, rule });
  const where = items.map((i) => `${String(i.egressIP)} on node ${String(i.node)}`);
  return hop({ kind: 'egress-ip', title: `Egress IP ${String(items[0].egressIP)}${items.length > 1 ? ` (+${items.length - 1})` : ''}`, verdict: 'allowed', summary: items.length > 1 ? `the outside sees one of ${where.join(', ')} (EgressIP ${e.meta.name}; any of them per connection)` : `the outside sees ${String(items[0].egressIP)} (EgressIP ${e.meta.name}, node ${String(items[0].node)})`, steps, rule });
}

const MULTICAST_SDN = 'netnamespace.network.openshift.io/multicast-enabled';
const MULTICAST_OVN = 'k8s.ovn.org/multicast-enabled';

/** Multicast (224.0.0.0/4) leaves no cluster: it is delivered inside the project only when enabled —
 *  openshift-sdn: NetNamespace annotation netnamespace.network.openshift.io/multicast-enabled: "true";
 *  OVN-Kubernetes: Namespace annotation k8s.ovn.org/multicast-enabled: "true". */
export function multicastHop(cluster: BuiltCluster, src: PodLike): Hop {
  const sdn = cluster.profile.multitenant;
  const annotation = sdn ? MULTICAST_SDN : MULTICAST_OVN;
  const obj = sdn ? objectsOf(cluster, 'NetNamespace').find((o) => (typeof o.raw.netname === 'string' ? o.raw.netname : o.meta.name) === src.namespace) : undefined;
  const meta = sdn ? obj?.meta : cluster.namespaces.get(src.namespace)?.meta;
  const on = meta?.annotations[annotation] === 'true';
  const rule = meta && !meta.impliedBy ? ruleAt(cluster, meta, childRef(meta.ref, 'metadata', 'annotations', annotation)) : undefined;
  return hop({
    kind: 'egress-firewall',
    title: `Multicast from ${src.namespace}`,
    verdict: on ? 'allowed' : 'denied',
    summary: on ? `multicast is enabled for ${src.namespace} (${annotation}); it is delivered to pods of the ${sdn ? 'same netid' : 'same namespace'}, never outside the cluster` : `multicast is disabled for ${src.namespace}: set ${annotation}: "true" on the ${sdn ? 'NetNamespace' : 'Namespace'}`,
    rule,
    fix: on ? undefined : { summary: `Enable multicast for the project.`, snippet: `metadata:\n  annotations:\n    ${annotation}: "true"` },
  });
}

export function egressHopsFor(cluster: BuiltCluster, src: PodLike, ip: string, port: number, protocol: Protocol, dnsName?: string): Hop[] {
  const hops: Hop[] = [];
  if (ip && entryContains('224.0.0.0/4', ip)) return [multicastHop(cluster, src)];
  const fw = firewallHopFor(cluster, src, ip, port, protocol, dnsName);
  if (fw) {
    hops.push(fw);
    if (fw.verdict === 'denied') return hops;
  }
  // ovscontroller.go table 99 ("legacy DNS rules needed to override egress IP and egress network policy")
  // hands DNS to the own node to the host before the egress IP table: no egress IP, no drop.
  if (sdnOwnNodeDns(cluster, src, ip, port, protocol)) return hops.length ? hops : [hop({ kind: 'egress-ip', title: `DNS to ${src.id}'s own node`, verdict: 'info', summary: `${protocol} 53 to ${ip}, the pod's own node: openshift-sdn hands it to the host directly (no egress IP applies)` })];
  hops.push(sourceAddressHop(cluster, src));
  return hops;
}

export interface EgressRouterConfig {
  mode: 'redirect' | 'http-proxy' | 'dns-proxy';
  source?: string;
  text: string;
  from: string;
  /** The OVN EgressRouter CR the pod was created for (its redirect rules replace EGRESS_DESTINATION). */
  cr?: GenericObject;
  rules?: RedirectRule[];
}

/** An egress router pod's configuration, or undefined for an ordinary pod. */
export function egressRouterConfig(cluster: BuiltCluster, pod: PodLike): EgressRouterConfig | undefined {
  const cr = egressRouterCR(cluster, pod);
  if (cr) return { mode: 'redirect', source: cr.source, text: cr.rules.map((r) => r.line).join('\n'), from: `EgressRouter ${pod.namespace}/${cr.obj.meta.name}`, cr: cr.obj, rules: cr.rules };
  const mode = envValue(cluster, pod, 'EGRESS_ROUTER_MODE').value;
  const source = envValue(cluster, pod, 'EGRESS_SOURCE').value;
  const http = envValue(cluster, pod, 'EGRESS_HTTP_PROXY_DESTINATION');
  const dns = envValue(cluster, pod, 'EGRESS_DNS_PROXY_DESTINATION');
  const red = envValue(cluster, pod, 'EGRESS_DESTINATION');
  if (mode === 'http-proxy' || (http.from && !red.from)) return { mode: 'http-proxy', source, text: http.value ?? '', from: http.from ?? 'not set' };
  if (mode === 'dns-proxy' || (dns.from && !red.from)) return { mode: 'dns-proxy', source, text: dns.value ?? '', from: dns.from ?? 'not set' };
  if (red.from) return { mode: 'redirect', source, text: red.value ?? '', from: red.from };
  return undefined;
}

/** The hops a connection gets when it lands on an egress router pod — by `svc:` or pod to pod (trace/pod.ts
 *  calls this at the end of the pod-to-pod path); empty for any other pod. */
export function egressRouterHops(cluster: BuiltCluster, dstPod: PodLike, port: number, protocol: Protocol, host?: string): Hop[] {
  const h = egressRouterHop(cluster, dstPod, port, host, protocol);
  return h ? [h] : [];
}

/** Where an egress router pod sends a connection that arrived on `port` (undefined for other pods).
 *  Redirect mode: lines `PORT PROTO IP [REMOTE_PORT]` are per protocol (iptables -p PROTO --dport PORT),
 *  the single-IP fallback line takes everything else. HTTP proxy mode listens on 8080 only; DNS proxy
 *  mode proxies TCP only (OpenShift docs "Using an egress router pod"). */
export function egressRouterHop(cluster: BuiltCluster, pod: PodLike, port: number, host?: string, protocol: Protocol = 'TCP'): Hop | undefined {
  const c = egressRouterConfig(cluster, pod);
  if (!c) return undefined;
  const facts: Record<string, string> = { mode: c.mode, config: c.from };
  if (c.source) facts[c.cr ? 'source address' : 'EGRESS_SOURCE'] = c.source;
  const title = `Egress router ${pod.id} (${c.mode})`;
  if (c.cr && c.rules) return crRouterHop(cluster, c.cr, c.rules, title, port, protocol, c.source, facts);
  if (c.mode === 'redirect') {
    const { rules, errors } = parseRedirectDestination(c.text);
    const hit = rules.find((r) => r.port === port && r.protocol === protocol) ?? rules.find((r) => r.port === undefined);
    const steps = errors.map((e) => step(`EGRESS_DESTINATION: ${e}.`, 'warning'));
    const otherProto = rules.find((r) => r.port === port && r.protocol !== protocol);
    if (otherProto && hit?.port === undefined) steps.push(step(`Line ${q(otherProto.line)} is for ${otherProto.protocol}, not ${protocol}.`, 'info'));
    if (!hit) return hop({ kind: 'egress-router', title, verdict: 'denied', summary: `EGRESS_DESTINATION has no line for ${protocol} port ${port} and no fallback address: the connection is refused`, steps, facts, fix: { summary: `Add a line "${port} ${protocol.toLowerCase()} DESTINATION_IP" to EGRESS_DESTINATION (or a single fallback IP line).` } });
    return hop({ kind: 'egress-router', title, verdict: 'allowed', summary: `${protocol} port ${port} is redirected to ${hit.ip}:${hit.remotePort ?? port} (line ${q(hit.line)}), sent from ${c.source ?? 'the router\'s EGRESS_SOURCE'}`, steps, facts });
  }
  if (c.mode === 'http-proxy' && (port !== 8080 || protocol !== 'TCP')) {
    return hop({ kind: 'egress-router', title, verdict: 'denied', summary: `in HTTP proxy mode the egress router listens only on TCP 8080 (clients set http_proxy/https_proxy to it); ${protocol} ${port} is refused`, facts });
  }
  if (c.mode === 'dns-proxy' && protocol !== 'TCP') {
    return hop({ kind: 'egress-router', title, verdict: 'denied', summary: `in DNS proxy mode the egress router proxies TCP services only; ${protocol} ${port} is refused`, facts });
  }
  const errors = proxyConfigErrors(c.mode, c.text);
  if (errors.length) {
    return hop({ kind: 'egress-router', title, verdict: 'denied', summary: `the ${c.mode === 'http-proxy' ? 'egress-http-proxy' : 'egress-dns-proxy'} start-up script rejects its configuration (${errors.slice(0, 3).join('; ')}) and exits: the proxy never runs, every connection is refused`, steps: errors.map((e) => step(`${c.from}: ${e}.`, 'denied')), facts, fix: { summary: c.mode === 'http-proxy' ? 'One destination per line: an IP or CIDR, *.domain, or a hostname, optionally prefixed with "!"; "*" only as the last line.' : 'One destination per line: "PORT IP-or-DOMAIN [REMOTE_PORT]", each PORT once.' } });
  }
  if (c.mode === 'http-proxy') {
    if (!host) return hop({ kind: 'egress-router', title, verdict: 'info', summary: `an HTTP proxy on port 8080 that allows: ${c.text.split('\n').filter(Boolean).join(' | ')}`, facts });
    const d = httpProxyDecision(c.text, host);
    return hop({ kind: 'egress-router', title, verdict: d.allowed ? 'allowed' : 'denied', summary: d.line ? `${host}: line ${q(d.line)} ${d.allowed ? 'allows' : 'denies'} it` : `${host} matches no line and the list does not end with "*": denied`, facts });
  }
  const dests = parseDnsProxyDestination(c.text);
  const hit = dests.find((d) => d.port === port);
  return hop({ kind: 'egress-router', title, verdict: hit ? 'allowed' : 'denied', summary: hit ? `port ${port} is proxied to ${hit.host}:${hit.remotePort ?? port}` : `EGRESS_DNS_PROXY_DESTINATION has no line for port ${port}`, facts });
}

const CR_CITE = 'openshift/api networkoperator/v1 types_egressrouter.go RedirectConfig';

/** A connection to the pod of an OVN EgressRouter CR: the redirect rule for its port and protocol DNATs it to
 *  destinationIP:targetPort (targetPort defaults to port); other ports go to fallbackIP; without one
 *  "connections on other ports will simply be rejected" (types_egressrouter.go). */
function crRouterHop(cluster: BuiltCluster, cr: GenericObject, rules: RedirectRule[], title: string, port: number, protocol: Protocol, source: string | undefined, facts: Record<string, string>): Hop {
  const name = nameOf(cr.meta);
  const hit = rules.find((r) => r.port === port && r.protocol === protocol) ?? rules.find((r) => r.port === undefined);
  const steps = rules.filter((r) => r.port === port && r.protocol !== protocol).map((r) => step(`redirectRule ${q(r.line)} is for ${r.protocol}, not ${protocol}.`, 'info', r.ref && ruleAt(cluster, cr.meta, r.ref)));
  const from = source ? `sent from ${source} (spec.addresses[0].ip, on the router's macvlan interface, so neither the node address nor an EgressIP)` : 'sent from the router\'s spec.addresses';
  if (!hit) {
    return hop({ kind: 'egress-router', title, verdict: 'denied', summary: `${name} has no redirect rule for ${protocol} port ${port} and no fallbackIP: the egress router rejects the connection ("If redirect rules are specified and no fallback IP is provided, connections on other ports will simply be rejected", ${CR_CITE})`, steps, facts, rule: ruleAt(cluster, cr.meta, cr.meta.ref), fix: { summary: `Add a redirect rule for ${protocol} ${port} (or a fallbackIP) to ${name}.`, snippet: `spec:\n  redirect:\n    redirectRules:\n    - destinationIP: DESTINATION_IP\n      port: ${port}\n      protocol: ${protocol}`, object: `EgressRouter/${cr.meta.namespace}/${cr.meta.name}` } });
  }
  const rule = hit.ref ? ruleAt(cluster, cr.meta, hit.ref, `${name}, ${hit.port === undefined ? 'fallbackIP' : `redirect rule ${protocol}/${hit.port}`}`) : undefined;
  const via = hit.port === undefined ? `fallbackIP ${hit.ip} (no redirect rule names ${protocol} ${port})` : `redirect rule ${q(hit.line)}`;
  return hop({ kind: 'egress-router', title, verdict: 'allowed', summary: `${protocol} port ${port} is redirected to ${hit.ip}:${hit.remotePort ?? port} by ${via} of ${name}, ${from}`, steps, facts, rule });
}

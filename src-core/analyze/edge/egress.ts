// What happens after NetworkPolicy egress let a pod's connection out of the cluster:
// 1. the project's egress firewall — openshift-sdn EgressNetworkPolicy (profile openshift-multitenant;
//    openshift/sdn ovscontroller.go UpdateEgressNetworkPolicyRules: rules in order, first match wins, no
//    match → allowed; `0.0.0.0/32` is read as `0.0.0.0/0`; in a global netid (0) it is ignored; in a
//    netid shared by several namespaces (joined projects), or with more than one in the namespace, ALL
//    egress is dropped) or OVN-Kubernetes EgressFirewall (other profiles; only the one named `default`
//    counts; rules in order with optional ports, first match wins);
// 2. the source address the outside sees: the egress router's EGRESS_SOURCE, a namespace egress IP
//    (NetNamespace egressIPs hosted by a HostSubnet — none hosting it → dropped — or an OVN EgressIP
//    selecting the pod), else the node's address.
// An egress router pod (EGRESS_DESTINATION redirect / EGRESS_HTTP_PROXY_DESTINATION / EGRESS_DNS_PROXY_DESTINATION)
// is described by egressRouterHop when a trace lands on it.
import type { BuiltCluster } from '../../model/build';
import { selectorMatches } from '../../model/selector';
import type { LabelSelector } from '../../model/selector';
import type { PodLike, Protocol } from '../../model/types';
import { isRecord } from '../../model/context';
import { childRef } from '../../parse/source';
import { netIds } from '../policy/multitenant';
import type { Hop } from '../types';
import { entryContains, goParseCIDR } from './allowlist';
import { hop, nameOf, q, ruleAt, step } from './common';
import { egressRulesOf, envValue, httpProxyDecision, objectsOf, parseDnsProxyDestination, parseRedirectDestination, proxyConfigErrors, strList, type EgressRule } from './egressobjects';

function ruleMatches(r: EgressRule, ip: string, dnsName: string | undefined, port: number, protocol: Protocol): 'yes' | 'no' | 'unknown' {
  let dest: 'yes' | 'no' | 'unknown' = 'no';
  if (r.cidrSelector) {
    const cidr = r.cidrSelector === '0.0.0.0/32' ? '0.0.0.0/0' : r.cidrSelector;
    dest = ip ? (goParseCIDR(cidr) && entryContains(cidr, ip) ? 'yes' : 'no') : cidr === '0.0.0.0/0' ? 'yes' : 'unknown';
  } else if (r.dnsName) {
    // For an IP destination a dnsName rule matches only if the name resolves to that IP, which podpath
    // cannot know; it is treated as not matching and the step says so.
    dest = dnsName ? (dnsName === r.dnsName ? 'yes' : 'no') : ip ? 'no' : 'unknown';
  } else if (r.nodeSelector) dest = 'unknown';
  if (dest === 'no' || !r.ports || r.ports.length === 0) return dest;
  const portOk = r.ports.some((p) => p.protocol.toUpperCase() === protocol && (p.port === undefined || p.port === port));
  return portOk ? dest : 'no';
}

function firewallHop(cluster: BuiltCluster, kind: 'EgressNetworkPolicy' | 'EgressFirewall', obj: Parameters<typeof egressRulesOf>[0], ip: string, dnsName: string | undefined, port: number, protocol: Protocol): Hop {
  const dest = dnsName ?? ip;
  const steps = [];
  const maybe: EgressRule[] = [];
  const title = `${kind} ${obj.meta.namespace}/${obj.meta.name}`;
  for (const r of egressRulesOf(obj)) {
    const m = ruleMatches(r, ip, dnsName, port, protocol);
    const what = r.cidrSelector ? `cidrSelector ${r.cidrSelector}` : r.dnsName ? `dnsName ${r.dnsName}` : 'nodeSelector';
    const rule = ruleAt(cluster, obj.meta, r.ref, `${nameOf(obj.meta)}, rule ${r.index + 1}`);
    if (m === 'no') {
      const caveat = r.dnsName && !dnsName ? ` (unless ${r.dnsName} resolves to ${ip})` : '';
      steps.push(step(`Rule ${r.index + 1} (${r.type} ${what}${r.ports ? ' ports ' + r.ports.map((p) => `${p.protocol}/${p.port ?? '*'}`).join(',') : ''}) does not match ${dest}${caveat}.`, caveat ? 'warning' : 'info', rule));
      continue;
    }
    if (m === 'unknown') {
      // Keep going: if every rule that may match decides the same way as the first certain match, the
      // outcome is certain anyway.
      steps.push(step(`Rule ${r.index + 1} (${r.type} ${what}) may match: it depends on the address ${dest} resolves to.`, 'warning', rule));
      maybe.push(r);
      continue;
    }
    const allowed = r.type === 'Allow';
    steps.push(step(`Rule ${r.index + 1} (${r.type} ${what}) matches ${dest}: the first matching rule decides.`, allowed ? 'allowed' : 'denied', rule));
    if (maybe.some((x) => x.type !== r.type)) {
      return hop({ kind: 'egress-firewall', title, verdict: 'warning', summary: `rule ${maybe[0].index + 1} (${maybe[0].type}) or rule ${r.index + 1} (${r.type}) decides, depending on the address; check with --to ip:ADDRESS`, steps, rule });
    }
    return hop({ kind: 'egress-firewall', title, verdict: allowed ? 'allowed' : 'denied', summary: `rule ${r.index + 1}: ${r.type} ${what}`, steps, rule, fix: allowed ? undefined : { summary: `Add an Allow rule for ${dest} before rule ${r.index + 1}.`, snippet: `spec:\n  egress:\n  - type: Allow\n    to:\n      ${dnsName ? `dnsName: ${dnsName}` : `cidrSelector: ${ip}/32`}`, object: `${kind}/${obj.meta.namespace}/${obj.meta.name}` } });
  }
  if (maybe.some((x) => x.type !== 'Allow')) return hop({ kind: 'egress-firewall', title, verdict: 'warning', summary: `rule ${maybe[0].index + 1} (${maybe[0].type}) may match, depending on the address; check with --to ip:ADDRESS`, steps, rule: ruleAt(cluster, obj.meta, maybe[0].ref) });
  return hop({ kind: 'egress-firewall', title, verdict: 'allowed', summary: `no rule matches ${dest}: allowed`, steps, rule: ruleAt(cluster, obj.meta, obj.meta.ref) });
}

/** The EgressNetworkPolicy / EgressFirewall hop for a pod's outbound connection (undefined when none applies). */
export function firewallHopFor(cluster: BuiltCluster, src: PodLike, ip: string, port: number, protocol: Protocol, dnsName?: string): Hop | undefined {
  const ns = src.namespace;
  if (cluster.profile.multitenant) {
    // openshift-sdn keys egress policies by netid, not namespace (egress_network_policy.go: egressPolicies[vnid]),
    // and drops a policy with no rules from that list (handleEgressNetworkPolicy: len(Spec.Egress) > 0).
    const ids = netIds(cluster);
    const id = ids.get(ns);
    const sharing = [...cluster.namespaces.keys()].filter((n) => n !== ns && ids.get(n).netid === id.netid);
    const own = objectsOf(cluster, 'EgressNetworkPolicy', ns);
    const enps = [ns, ...sharing].flatMap((n) => objectsOf(cluster, 'EgressNetworkPolicy', n)).filter((o) => egressRulesOf(o).length > 0);
    if (enps.length === 0) {
      if (own.length) return hop({ kind: 'egress-firewall', title: `EgressNetworkPolicy ${ns}/${own[0].meta.name} has no rules`, verdict: 'info', summary: 'openshift-sdn drops an EgressNetworkPolicy without egress rules from its list (handleEgressNetworkPolicy): egress is not restricted', rule: ruleAt(cluster, own[0].meta, own[0].meta.ref) });
      return undefined;
    }
    const cite = 'openshift/sdn pkg/network/node/ovscontroller.go UpdateEgressNetworkPolicyRules';
    if (id.netid === 0) {
      // Upstream checks vnid 0 first: a global project's policy is logged as an error and no flow is written.
      if (own.length === 0) return undefined;
      return hop({ kind: 'egress-firewall', title: `EgressNetworkPolicy ${ns}/${own[0].meta.name} IGNORED`, verdict: 'warning', summary: `namespace ${ns} is global (netid 0): openshift-sdn ignores EgressNetworkPolicy there — egress is NOT restricted`, steps: [step(`${cite}: for netid 0 it only logs "EgressNetworkPolicy in global network namespace is not allowed (...); ignoring" and writes no table-100 flow, so the rules have no effect (it does not drop traffic).`, 'warning')], rule: ruleAt(cluster, own[0].meta, own[0].meta.ref) });
    }
    const rule = ruleAt(cluster, enps[0].meta, enps[0].meta.ref);
    if (sharing.length) {
      const where = enps.map((e) => `${e.meta.namespace}/${e.meta.name}`).join(', ');
      return hop({ kind: 'egress-firewall', title: 'All egress dropped (joined project)', verdict: 'denied', summary: `${ns} shares netid ${id.netid} with ${sharing.join(', ')}, and EgressNetworkPolicy ${where} applies to that netid: openshift-sdn does not allow an EgressNetworkPolicy in a shared NetNamespace and drops ALL egress of these projects`, steps: [step(`${cite}: len(namespaces) > 1 → "EgressNetworkPolicy not allowed in shared NetNamespace (...); dropping all traffic" (flow table=100, reg0=${id.netid}, priority=1, actions=drop) — for every project with that netid, also those without a policy of their own.`, 'denied')], rule, fix: { summary: `Delete the EgressNetworkPolicy (${where}), or isolate the project again (oc adm pod-network isolate-projects ${enps[0].meta.namespace}).` } });
    }
    if (enps.length > 1) return hop({ kind: 'egress-firewall', title: 'All egress dropped (several EgressNetworkPolicies)', verdict: 'denied', summary: `${ns} has ${enps.length} EgressNetworkPolicies (${enps.map((e) => e.meta.name).join(', ')}); openshift-sdn allows one per project and drops ALL egress otherwise`, steps: [step(`${cite}: len(policies) > 1 → "multiple EgressNetworkPolicies in same network namespace (...) is not allowed; dropping all traffic".`, 'denied')], rule, fix: { summary: 'Merge the rules into one EgressNetworkPolicy and delete the others.' } });
    return firewallHop(cluster, 'EgressNetworkPolicy', enps[0], ip, dnsName, port, protocol);
  }
  const efs = objectsOf(cluster, 'EgressFirewall', ns);
  const enps = objectsOf(cluster, 'EgressNetworkPolicy', ns);
  const def = efs.find((e) => e.meta.name === 'default');
  if (!def) {
    if (efs.length) return hop({ kind: 'egress-firewall', title: `EgressFirewall ${ns}/${efs[0].meta.name} has no effect`, verdict: 'warning', summary: 'OVN-Kubernetes only uses the EgressFirewall named "default" (the API rejects other names): egress is NOT restricted', rule: ruleAt(cluster, efs[0].meta, efs[0].meta.ref) });
    if (enps.length) return hop({ kind: 'egress-firewall', title: `EgressNetworkPolicy ${ns}/${enps[0].meta.name} not enforced`, verdict: 'warning', summary: `EgressNetworkPolicy is openshift-sdn's object; under ${cluster.profile.title} the EgressFirewall named "default" is used instead`, rule: ruleAt(cluster, enps[0].meta, enps[0].meta.ref) });
    return undefined;
  }
  return firewallHop(cluster, 'EgressFirewall', def, ip, dnsName, port, protocol);
}

function selectorOf(v: unknown): LabelSelector | undefined {
  if (!isRecord(v)) return undefined;
  const ml = isRecord(v.matchLabels) ? (Object.fromEntries(Object.entries(v.matchLabels).map(([k, x]) => [k, String(x)])) as Record<string, string>) : {};
  const me = Array.isArray(v.matchExpressions) ? v.matchExpressions.filter(isRecord).map((e) => ({ key: String(e.key), operator: String(e.operator) as 'In', values: strList(e.values) })) : [];
  return { matchLabels: ml, matchExpressions: me };
}

/** The address the outside sees for a pod's connection. */
export function sourceAddressHop(cluster: BuiltCluster, src: PodLike): Hop {
  const router = egressRouterConfig(cluster, src);
  if (router?.source) return hop({ kind: 'egress-router', title: `Egress router ${src.id}`, verdict: 'info', summary: `the egress router sends from its own address EGRESS_SOURCE=${router.source}` });
  const ns = src.namespace;
  const netns = objectsOf(cluster, 'NetNamespace').find((o) => (typeof o.raw.netname === 'string' ? o.raw.netname : o.meta.name) === ns);
  const nsIPs = netns ? strList(netns.raw.egressIPs) : [];
  if (netns && nsIPs.length) {
    const rule = ruleAt(cluster, netns.meta, childRef(netns.meta.ref, 'egressIPs'), `NetNamespace ${ns}, egressIPs`);
    const subnets = objectsOf(cluster, 'HostSubnet');
    for (const ip of nsIPs) {
      const host = subnets.find((h) => strList(h.raw.egressIPs).includes(ip) || strList(h.raw.egressCIDRs).some((c) => entryContains(c, ip)));
      if (host) return hop({ kind: 'egress-ip', title: `Egress IP ${ip}`, verdict: 'allowed', summary: `the outside sees ${ip}, hosted by node ${String(host.raw.host ?? host.meta.name)} (HostSubnet)`, rule });
    }
    return hop({ kind: 'egress-ip', title: 'Egress IP not hosted: traffic dropped', verdict: 'denied', summary: `NetNamespace ${ns} requests egress IP ${nsIPs.join(', ')}, but no HostSubnet hosts it (egressIPs / egressCIDRs): openshift-sdn DROPS the project's egress traffic`, rule, fix: { summary: `Assign ${nsIPs[0]} to a node: oc patch hostsubnet NODE --type=merge -p '{"egressIPs":["${nsIPs[0]}"]}'` } });
  }
  const nsLabels = cluster.namespaces.get(ns)?.labels ?? {};
  for (const e of objectsOf(cluster, 'EgressIP')) {
    const nsSel = selectorOf(e.spec.namespaceSelector);
    const podSel = selectorOf(e.spec.podSelector);
    if (!nsSel || !selectorMatches(nsSel, nsLabels) || (podSel && !selectorMatches(podSel, src.podLabels))) continue;
    const ips = strList(e.spec.egressIPs);
    const status = isRecord(e.raw.status) && Array.isArray(e.raw.status.items) ? e.raw.status.items.filter(isRecord) : [];
    const rule = ruleAt(cluster, e.meta, e.meta.ref);
    if (status.length === 0) return hop({ kind: 'egress-ip', title: `EgressIP ${e.meta.name} not assigned`, verdict: 'warning', summary: `EgressIP ${e.meta.name} selects the pod (${ips.join(', ')}) but its status assigns it to no node (no node labelled k8s.ovn.org/egress-assignable can host it): OVN-Kubernetes has no reroute for it and the pod's node address is used`, rule });
    return hop({ kind: 'egress-ip', title: `Egress IP ${String(status[0].egressIP)}`, verdict: 'allowed', summary: `the outside sees ${String(status[0].egressIP)} (EgressIP ${e.meta.name}, node ${String(status[0].node)})`, rule });
  }
  return hop({ kind: 'egress-ip', title: 'Source address: the node', verdict: 'info', summary: `no egress IP applies: the connection leaves with the address of the node running the pod${src.hostIP ? ` (${src.hostIP})` : ''}` });
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
  hops.push(sourceAddressHop(cluster, src));
  return hops;
}

export interface EgressRouterConfig {
  mode: 'redirect' | 'http-proxy' | 'dns-proxy';
  source?: string;
  text: string;
  from: string;
}

/** An egress router pod's configuration, or undefined for an ordinary pod. */
export function egressRouterConfig(cluster: BuiltCluster, pod: PodLike): EgressRouterConfig | undefined {
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

/** The hops a connection gets when it lands on an egress router pod — by `svc:` or pod to pod (trace.ts
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
  if (c.source) facts['EGRESS_SOURCE'] = c.source;
  const title = `Egress router ${pod.id} (${c.mode})`;
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

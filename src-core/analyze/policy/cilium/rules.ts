// Does one entry of a Cilium rule's ingress / ingressDeny / egress / egressDeny list match a connection?
// The entry's L3 part is a union (fromEndpoints, fromEntities, fromCIDR(Set), toServices, toFQDNs … each add
// selectors; cilium/cilium pkg/policy/api ingress.go / egress.go GetSourceEndpointSelectorsWithRequirements);
// an entry with toPorts but no L3 part selects every peer ("Layer 4 policy ... to any layer 3 destination",
// Documentation/security/policy/language.rst), an entry with neither (`ingress: [{}]`) selects nothing.
// CIDR-based matches (CIDR, CIDRSet, toServices of selectorless Services, toFQDNs) never select cluster
// endpoints: "CIDR rules do not apply to traffic where both sides of the connection are either managed by
// Cilium or use an IP belonging to a node in the cluster" (language.rst, "IP/CIDR based").
import type { CiliumPeerRule, CiliumPort, CiliumPortRule } from '../../../model/kinds/ciliumnetworkpolicy';
import { formatSelector, selectorMatches } from '../../../model/selector';
import type { PodLike, Protocol } from '../../../model/types';
import type { PolicyIndex } from '../cache';
import { ipBlockMatches, namedPortNumber, type ConnPort } from '../match';
import { apiserverAddresses, ciliumSelects, entitySelects, type CiliumIdentity, type Tri } from './identity';

export interface EntryMatch {
  m: Tri;
  /** What matched, or (not matched / unknown) why not. */
  text: string;
  /** The matching port rule's L7 rules: the connection is admitted to the proxy, which decides each request. */
  l7?: string;
  /** Matched by a fromEndpoints / toEndpoints selector: the only kind fromRequires / toRequires narrow
   *  (ingress.go GetSourceEndpointSelectorsWithRequirements adds the requirements to FromEndpoints only). */
  byEndpoints?: boolean;
}

/** `k8s:app=web` with the implied scope, for explanations. */
export function describeCiliumSelector(s: { selector: Parameters<typeof formatSelector>[0]; implied: { kind: string; namespace?: string } }): string {
  const base = formatSelector(s.selector);
  if (s.implied.kind === 'namespace') return `${base} in namespace ${s.implied.namespace}`;
  if (s.implied.kind === 'k8s-pods') return `${base} (pods of any namespace)`;
  return base;
}

function hasL3(e: CiliumPeerRule): boolean {
  return !!(e.endpoints?.length || e.entities?.length || e.cidrs?.length || e.services?.length || e.fqdns?.length || e.nodes || e.groups);
}

/** The entry's L3 selectors against the peer. */
export function entryPeerMatches(idx: PolicyIndex, e: CiliumPeerRule, id: CiliumIdentity, policyNamespace: string, dir: 'from' | 'to'): EntryMatch {
  if (!hasL3(e)) {
    // fromRequires / toRequires "do not grant access privileges by themselves" (language.rst).
    if (e.requires?.length) return { m: 'no', text: `${dir}Requires alone allows nothing: it only narrows the endpoint's other allow rules` };
    if (e.toPorts) return { m: 'yes', text: 'no L3 selector: every peer' };
    return { m: 'no', text: 'an empty rule (`{}`) selects no peer: it only puts the endpoint into default deny' };
  }
  const reasons: string[] = [];
  let unknown: string | undefined;
  for (const s of e.endpoints ?? []) {
    const m = ciliumSelects(s, id);
    const d = `${dir}Endpoints ${describeCiliumSelector(s)}`;
    if (m === 'yes') return { m: 'yes', text: d, byEndpoints: true };
    if (m === 'unknown') unknown ??= `${d} depends on the node of a host-network end, which the input does not give`;
    reasons.push(`${d} does not select it`);
  }
  const api = e.entities?.some((x) => x.name === 'kube-apiserver') ? apiserverAddresses(idx) : undefined;
  for (const ent of e.entities ?? []) {
    if (!ent.known) continue;
    const m = entitySelects(ent.name, id, api);
    if (m === 'yes') return { m: 'yes', text: `${dir}Entities ${ent.name}` };
    if (m === 'unknown') unknown ??= ent.name === 'kube-apiserver' ? `${dir}Entities kube-apiserver: the input has no endpoints of Service default/kubernetes to tell whether ${id.ip} is the API server` : `${dir}Entities ${ent.name} depends on the node of a host-network end, which the input does not give`;
    else reasons.push(`entity ${ent.name} is not this peer`);
  }
  for (const c of e.cidrs ?? []) {
    if (c.group) {
      if (id.ip) unknown ??= `${dir}CIDRSet ${c.group} refers to CiliumCIDRGroups podpath does not read`;
      continue;
    }
    if (!id.ip) {
      reasons.push(`${dir}CIDR ${c.cidr} cannot select a cluster endpoint (Cilium: CIDR rules apply only to addresses outside the cluster)`);
      continue;
    }
    const m = ipBlockMatches(c, id.ip);
    if (m.matches) return { m: 'yes', text: `${dir}CIDR${c.except.length ? 'Set' : ''} ${c.cidr}${c.except.length ? ` except ${c.except.join(', ')}` : ''}` };
    reasons.push(m.reason === 'in-except' ? `${id.ip} is in ${c.cidr} but excluded by except ${m.except}` : `${id.ip} is outside ${c.cidr}`);
  }
  for (const s of e.services ?? []) {
    const m = serviceMatches(idx, s, id, policyNamespace);
    if (m.m === 'yes') return m;
    if (m.m === 'unknown') unknown ??= m.text;
    else reasons.push(m.text);
  }
  if (e.fqdns?.length) {
    const names = e.fqdns.map((f) => f.text).join(', ');
    if (id.ip) unknown ??= `toFQDNs (${names}) selects the addresses DNS answers gave for these names; podpath does not know them`;
    else reasons.push(`toFQDNs (${names}) selects only addresses outside the cluster`);
  }
  if (e.nodes && !id.pod) unknown ??= `${dir}Nodes selects nodes by their labels, which the input does not give`;
  if (e.groups && id.ip) unknown ??= `toGroups selects cloud-provider groups podpath does not read`;
  if (unknown) return { m: 'unknown', text: unknown };
  return { m: 'no', text: reasons.join('; ') || 'no selector of this rule selects it' };
}

function serviceMatches(idx: PolicyIndex, s: NonNullable<CiliumPeerRule['services']>[number], id: CiliumIdentity, policyNamespace: string): EntryMatch {
  const ns = s.namespace ?? (policyNamespace || undefined);
  const label = s.name ? `toServices ${ns ? `${ns}/` : ''}${s.name}` : `toServices selector ${s.selector ? formatSelector(s.selector) : '(none)'}`;
  const services = idx.cluster.services.filter((svc) => (ns === undefined || svc.meta.namespace === ns) && (s.name ? svc.meta.name === s.name : !!s.selector && selectorMatches(s.selector, svc.meta.labels)));
  if (!services.length) return { m: 'no', text: `${label}: no such Service in the input` };
  const selectorless = services.filter((svc) => svc.selector === undefined);
  if (!selectorless.length) return { m: 'no', text: `${label}: Services with a selector are not matched by toServices ("Services based rules will only take effect on Kubernetes services without a selector"; select the backend pods with toEndpoints)` };
  if (!id.ip) return { m: 'no', text: `${label}: its endpoints are matched as CIDRs, which never select cluster endpoints` };
  const addrs = idx.cluster.endpointSets.filter((e) => selectorless.some((svc) => svc.meta.namespace === e.meta.namespace && svc.meta.name === e.serviceName)).flatMap((e) => e.endpoints.flatMap((a) => a.addresses));
  if (addrs.includes(id.ip)) return { m: 'yes', text: `${label} (endpoint ${id.ip})` };
  return { m: 'no', text: `${label}: ${id.ip} is not among its endpoint addresses` };
}

function protoMatches(p: CiliumPort, protocol: Protocol): boolean {
  return p.protocol === 'ANY' || p.protocol === protocol;
}

export function describeCiliumPort(p: CiliumPort): string {
  if (p.invalid) return `(unreadable: ${p.invalid})`;
  const port = p.name ? `"${p.name}"` : p.port === undefined ? 'all ports' : p.endPort ? `${p.port}-${p.endPort}` : String(p.port);
  return `${p.protocol} ${port}`;
}

/** One toPorts.ports entry against the connection's port; named ports resolve on the destination pod. */
export function ciliumPortMatches(p: CiliumPort, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): boolean {
  if (p.invalid || !protoMatches(p, protocol)) return false;
  if (p.name !== undefined) {
    if (port.num === undefined) return port.name === p.name;
    const n = namedPortNumber(dstPod, p.name, protocol);
    return n === port.num;
  }
  if (p.port === undefined) return true;
  if (port.num === undefined) return false;
  return port.num >= p.port && port.num <= (p.endPort ?? p.port);
}

/** The entry's toPorts against the connection: undefined toPorts admits every port. */
export function entryPortsMatch(list: CiliumPortRule[] | undefined, icmpOnly: boolean | undefined, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): { ok: boolean; text: string; l7?: string } {
  if (icmpOnly) return { ok: false, text: 'it allows ICMP only (icmps), not a ' + protocol + ' connection' };
  if (!list) return { ok: true, text: 'every port' };
  let l7: string | undefined;
  let ok = false;
  let text = '';
  for (const pr of list) {
    const hit = pr.ports.length === 0 || pr.ports.some((p) => ciliumPortMatches(p, port, protocol, dstPod));
    if (!hit) continue;
    const t = pr.ports.length ? pr.ports.map(describeCiliumPort).join(', ') : 'every port';
    const narrow = pr.l7 ?? (pr.proxy ? `proxy (${pr.proxy})` : undefined);
    if (!narrow) return { ok: true, text: `toPorts ${t}` };
    ok = true;
    l7 ??= narrow;
    text ||= `toPorts ${t} with L7 rules (${narrow})`;
  }
  if (ok) return { ok, text, l7 };
  const all = list.flatMap((pr) => pr.ports.map(describeCiliumPort));
  return { ok: false, text: `toPorts admits only ${all.join(', ') || 'nothing'}` };
}

// Does one Calico rule match a connection? Every field of a rule is ANDed (api/pkg/apis/projectcalico/v3
// policy_common.go Rule / EntityRule). The endpoint selector of a side is built as libcalico-go's
// updateprocessors/rules.go getEndpointSelector builds it:
// - namespaceSelector given: namespaces it selects, `all()` meaning every namespace and `global()` no pod;
//   otherwise, in a namespaced NetworkPolicy, the policy's own namespace — but only as soon as any of
//   selector, notSelector, namespaceSelector or serviceAccounts is used (a rule of nets alone is not limited
//   to the namespace);
// - serviceAccounts.names → `projectcalico.org/serviceaccount in {...}`, serviceAccounts.selector on the
//   service account's labels, both ANDed with selector;
// - notSelector is not namespaced: it excludes matching endpoints of any namespace.
// Selectors match Calico endpoints only: an address outside the cluster matches no selector (NetworkSets,
// which would give it labels, are not modelled: such a case is undetermined).
// Ports: destination ports are the connection's port (named ports resolved on the destination pod);
// source ports are the client's ephemeral port, which the input cannot give (undetermined when it decides).
// `services`: the Service's endpoints (and, as a destination, only on their endpoint ports).
import { calicoSelectorMatches, formatCalicoSelector } from '../../../model/calico-selector';
import type { CalicoEntityRule, CalicoPolicy, CalicoPort, CalicoRule } from '../../../model/calico-types';
import type { Protocol } from '../../../model/types';
import type { PolicyIndex } from '../cache';
import { describePeerEnd } from '../explain';
import { ipBlockMatchesPod, ipInCIDR, knownPodIPs, namedPortNumber, type ConnPort } from '../match';
import type { PolicyPeer } from '../types';
import { endpointsOf, findService } from '../../edge/service';
import { calicoEndpointLabels, calicoNamespaceLabels, calicoServiceAccountLabels, serviceAccountOf, SA_LABEL } from './labels';

export type RuleMatch = { m: 'yes'; why: string } | { m: 'no'; reason: string } | { m: 'undecided'; reason: string };

const PROTO_NUMBER: Record<Protocol, number> = { TCP: 6, UDP: 17, SCTP: 132 };

export interface Conn {
  src: PolicyPeer;
  dst: PolicyPeer;
  port: ConnPort;
  protocol: Protocol;
}

type Tri = { m: 'yes' } | { m: 'no'; reason: string } | { m: 'undecided'; reason: string };
const YES: Tri = { m: 'yes' };

/** Is the end inside one of `nets`? Pods by their IPs (unknown IPs may leave it undecided, match.ts). */
function inNets(idx: PolicyIndex, nets: readonly string[], end: PolicyPeer): Tri {
  if (end.kind === 'external') return nets.some((n) => ipInCIDR(end.ip, n)) ? YES : { m: 'no', reason: `${end.ip} is in none of ${nets.join(', ')}` };
  let undecided: string | undefined;
  const reasons: string[] = [];
  for (const n of nets) {
    const m = ipBlockMatchesPod(n, [], end.pod, idx.cluster.profile.podCIDR);
    if (m.matches) return YES;
    if (m.undecided) undecided ??= m.reason;
    else reasons.push(m.reason);
  }
  return undecided ? { m: 'undecided', reason: undecided } : { m: 'no', reason: reasons.join('; ') || 'no nets' };
}

function selectorSide(idx: PolicyIndex, policy: CalicoPolicy, e: CalicoEntityRule, end: PolicyPeer): Tri {
  const scoped = !!(e.selector || e.notSelector || e.namespaceSelector || e.serviceAccounts);
  if (!scoped) return YES;
  const hasPositive = !!(e.selector || e.namespaceSelector || e.serviceAccounts || !policy.global);
  if (end.kind === 'external') {
    if (!hasPositive) return YES; // only a notSelector in a global policy: an address is not an endpoint it excludes
    const sets = (idx.cluster.others.get('NetworkSet')?.length ?? 0) + (idx.cluster.others.get('GlobalNetworkSet')?.length ?? 0);
    if (sets) return { m: 'undecided', reason: `the input has Calico NetworkSets, which give addresses such as ${end.ip} labels that selectors match; podpath does not model them` };
    return { m: 'no', reason: `${end.ip} is outside the cluster: selectors match only Calico endpoints` };
  }
  const pod = end.pod;
  if (e.namespaceSelector) {
    if (!calicoSelectorMatches(e.namespaceSelector.root, calicoNamespaceLabels(idx, pod.namespace), { namespaced: true }))
      return { m: 'no', reason: `namespace ${pod.namespace} does not match namespaceSelector ${formatCalicoSelector(e.namespaceSelector.root)}` };
  } else if (!policy.global && pod.namespace !== policy.meta.namespace) {
    return { m: 'no', reason: `${pod.id} is not in the policy's namespace ${policy.meta.namespace} (no namespaceSelector)` };
  }
  const labels = calicoEndpointLabels(idx, pod);
  if (e.serviceAccounts) {
    const sa = serviceAccountOf(pod);
    if (e.serviceAccounts.names.length && !e.serviceAccounts.names.includes(labels[SA_LABEL])) return { m: 'no', reason: `${pod.id} runs as service account ${sa}, not ${e.serviceAccounts.names.join(', ')}` };
    if (e.serviceAccounts.selector && !calicoSelectorMatches(e.serviceAccounts.selector.root, calicoServiceAccountLabels(idx, pod.namespace, sa)))
      return { m: 'no', reason: `service account ${pod.namespace}/${sa} does not match ${formatCalicoSelector(e.serviceAccounts.selector.root)}` };
  }
  if (e.selector && !calicoSelectorMatches(e.selector.root, labels)) return { m: 'no', reason: `${pod.id} does not match selector ${formatCalicoSelector(e.selector.root)}` };
  if (e.notSelector && calicoSelectorMatches(e.notSelector.root, labels)) return { m: 'no', reason: `${pod.id} matches notSelector ${formatCalicoSelector(e.notSelector.root)}` };
  return YES;
}

function portIn(p: CalicoPort, conn: Conn): boolean {
  if (p.kind === 'range') return conn.port.num !== undefined && conn.port.num >= p.min && conn.port.num <= p.max;
  // A named port is the destination endpoint's port of that name and the rule's protocol.
  const dstPod = conn.dst.kind === 'pod' ? conn.dst.pod : undefined;
  const n = namedPortNumber(dstPod, p.name, conn.protocol);
  return n !== undefined && conn.port.num === n;
}

function portsSide(e: CalicoEntityRule, side: 'source' | 'destination', conn: Conn): Tri {
  if (!e.ports?.length && !e.notPorts?.length) return YES;
  if (side === 'source') return { m: 'undecided', reason: 'it names source ports, and the client\'s (ephemeral) source port is not known' };
  const portText = conn.port.num !== undefined ? String(conn.port.num) : `"${conn.port.name}"`;
  if (e.ports?.length && !e.ports.some((p) => portIn(p, conn))) return { m: 'no', reason: `port ${portText} is not in destination.ports ${e.ports.map((p) => p.text).join(', ')}` };
  if (e.notPorts?.some((p) => portIn(p, conn))) return { m: 'no', reason: `port ${portText} is in destination.notPorts ${e.notPorts.map((p) => p.text).join(', ')}` };
  return YES;
}

function entity(idx: PolicyIndex, policy: CalicoPolicy, e: CalicoEntityRule, side: 'source' | 'destination', end: PolicyPeer, conn: Conn): Tri {
  if (e.broken) return { m: 'no', reason: `its ${side} cannot be read (${e.broken}; the API server rejects the policy)` };
  const checks: Tri[] = [];
  const sel = selectorSide(idx, policy, e, end);
  if (sel.m === 'no') return { m: 'no', reason: `${side}: ${sel.reason}` };
  checks.push(sel);
  if (e.nets) {
    const n = inNets(idx, e.nets, end);
    if (n.m === 'no') return { m: 'no', reason: `${side}: ${describePeerEnd(end)} is not in nets (${n.reason})` };
    checks.push(n);
  }
  if (e.notNets?.length) {
    const n = inNets(idx, e.notNets, end);
    if (n.m === 'yes') return { m: 'no', reason: `${side}: ${describePeerEnd(end)} is in notNets ${e.notNets.join(', ')}` };
    if (n.m === 'undecided') checks.push(n);
  }
  const p = portsSide(e, side, conn);
  if (p.m === 'no') return { m: 'no', reason: `${side}: ${p.reason}` };
  checks.push(p);
  if (e.services) {
    const svc = serviceMatch(idx, policy, e.services, side, end, conn);
    if (svc.m === 'no') return { m: 'no', reason: `${side}: ${svc.reason}` };
    checks.push(svc);
  }
  const u = checks.find((c): c is Extract<Tri, { m: 'undecided' }> => c.m === 'undecided');
  return u ? { m: 'undecided', reason: `${side}: ${u.reason}` } : YES;
}

/**
 * `services`: the endpoints of a Kubernetes Service (its selector's pods, or its EndpointSlices), "and only to/from
 * each endpoint's port" (api/pkg/apis/projectcalico/v3 policy_common.go EntityRule.Services): as a destination the
 * connection must go to an endpoint on one of its endpoint ports; as a source it must come from an endpoint.
 * The namespace defaults to the policy's (a GlobalNetworkPolicy must name it: validator.go).
 */
function serviceMatch(idx: PolicyIndex, policy: CalicoPolicy, s: NonNullable<CalicoEntityRule['services']>, side: 'source' | 'destination', end: PolicyPeer, conn: Conn): Tri {
  const ns = s.namespace ?? policy.meta.namespace;
  const svc = findService(idx.cluster, ns, s.name);
  if (!svc) return { m: 'undecided', reason: `Service ${ns}/${s.name} is not in the input, so its endpoints are unknown` };
  const eps = endpointsOf(idx.cluster, svc).all;
  const mine = eps.filter((ep) => (end.kind === 'pod' ? ep.pod === end.pod || (!!ep.ip && knownPodIPs(end.pod).includes(ep.ip)) : ep.ip === end.ip));
  if (mine.length === 0) return { m: 'no', reason: `${describePeerEnd(end)} is not an endpoint of Service ${ns}/${s.name}` };
  if (side === 'destination' && !mine.some((ep) => ep.port === conn.port.num && ep.protocol === conn.protocol))
    return { m: 'no', reason: `Service ${ns}/${s.name} has ${describePeerEnd(end)} as an endpoint only on ${[...new Set(mine.map((ep) => `${ep.protocol} ${ep.port}`))].join(', ')}` };
  return YES;
}

function ipFamilies(end: PolicyPeer): Set<4 | 6> | undefined {
  const ips = end.kind === 'external' ? [end.ip] : knownPodIPs(end.pod);
  if (!ips.length) return undefined;
  return new Set(ips.map((ip) => (ip.includes(':') ? 6 : 4) as 4 | 6));
}

/** Whether `rule` matches the connection; `undecided` names what the input lacks. */
export function calicoRuleMatches(idx: PolicyIndex, policy: CalicoPolicy, rule: CalicoRule, conn: Conn): RuleMatch {
  if (rule.broken) return { m: 'no', reason: `it cannot be read (${rule.broken}; the API server rejects the policy), so it matches nothing here` };
  const proto = PROTO_NUMBER[conn.protocol];
  if (rule.protocol && rule.protocol.number !== proto) return { m: 'no', reason: `it matches protocol ${rule.protocol.text}, not ${conn.protocol}` };
  if (rule.notProtocol && rule.notProtocol.number === proto) return { m: 'no', reason: `notProtocol ${rule.notProtocol.text} excludes ${conn.protocol}` };
  if (rule.icmp) return { m: 'no', reason: 'it matches ICMP type/code only' };
  const undecided: string[] = [];
  if (rule.ipVersion) {
    // Both ends of a connection share the IP family: whichever end's address is known tells it.
    const fam = ipFamilies(conn.src) ?? ipFamilies(conn.dst);
    if (!fam) undecided.push(`ipVersion ${rule.ipVersion} needs the pods' IP family, and the input has no status.podIPs`);
    else if (!fam.has(rule.ipVersion)) return { m: 'no', reason: `ipVersion ${rule.ipVersion}, but the connection is IPv${[...fam][0]}` };
  }
  const s = entity(idx, policy, rule.source, 'source', conn.src, conn);
  if (s.m === 'no') return s;
  const d = entity(idx, policy, rule.destination, 'destination', conn.dst, conn);
  if (d.m === 'no') return d;
  for (const t of [s, d]) if (t.m === 'undecided') undecided.push(t.reason);
  if (rule.http) undecided.push('its `http` match (methods, paths) is enforced by the application layer, which podpath does not model');
  if (undecided.length) return { m: 'undecided', reason: undecided.join('; ') };
  return { m: 'yes', why: describeMatch(rule) };
}

function describeEntity(e: CalicoEntityRule): string[] {
  const out: string[] = [];
  if (e.namespaceSelector) out.push(`namespaceSelector ${formatCalicoSelector(e.namespaceSelector.root)}`);
  if (e.selector) out.push(`selector ${formatCalicoSelector(e.selector.root)}`);
  if (e.notSelector) out.push(`notSelector ${formatCalicoSelector(e.notSelector.root)}`);
  if (e.serviceAccounts) out.push(`serviceAccounts ${[...e.serviceAccounts.names, ...(e.serviceAccounts.selector ? [formatCalicoSelector(e.serviceAccounts.selector.root)] : [])].join(', ')}`);
  if (e.nets) out.push(`nets ${e.nets.join(', ')}`);
  if (e.notNets) out.push(`notNets ${e.notNets.join(', ')}`);
  if (e.ports) out.push(`ports ${e.ports.map((p) => p.text).join(', ')}`);
  if (e.notPorts) out.push(`notPorts ${e.notPorts.map((p) => p.text).join(', ')}`);
  return out;
}

/** `protocol TCP; source selector app == "web"; destination ports 80` — what the rule matches, in words. */
export function describeMatch(rule: CalicoRule): string {
  const parts: string[] = [];
  if (rule.protocol) parts.push(`protocol ${rule.protocol.text}`);
  if (rule.notProtocol) parts.push(`notProtocol ${rule.notProtocol.text}`);
  const s = describeEntity(rule.source);
  const d = describeEntity(rule.destination);
  if (s.length) parts.push(`source ${s.join(', ')}`);
  if (d.length) parts.push(`destination ${d.join(', ')}`);
  return parts.length ? parts.join('; ') : 'every connection (no match criteria)';
}

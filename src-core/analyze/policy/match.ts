// Small predicates of policy evaluation, each named for what it decides: does this address fall in an
// ipBlock, does this NetworkPolicy port / ANP port admit the connection's port, which number does a
// named port stand for on a pod. Pure functions over the model; no explanations here (see explain.ts).
import ipaddr from 'ipaddr.js';
import type { AdminPort, IPBlock, NetworkPolicyPort, PodLike, Protocol } from '../../model/types';
import { ASSUMED_POD_RANGES, blockVersusPodSpace } from './podspace';

type ParsedCIDR = [ipaddr.IPv4 | ipaddr.IPv6, number] | null;
const cidrCache = new Map<string, ParsedCIDR>();

function parseCIDR(cidr: string): ParsedCIDR {
  let c = cidrCache.get(cidr);
  if (c === undefined) {
    try {
      c = ipaddr.parseCIDR(cidr);
    } catch {
      c = null;
    }
    cidrCache.set(cidr, c);
  }
  return c;
}

function parseIP(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    const a = ipaddr.parse(ip);
    // `::ffff:1.2.3.4` is the IPv4 address for policy purposes.
    return a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
  } catch {
    return null;
  }
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const v4Cache = new Map<string, number | null>();

/** A dotted IPv4 address as an unsigned 32-bit number, or null. */
function v4(ip: string): number | null {
  let n = v4Cache.get(ip);
  if (n !== undefined) return n;
  const m = V4.exec(ip);
  n = m && m.slice(1).every((o) => Number(o) <= 255) ? ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0 : null;
  if (v4Cache.size > 100_000) v4Cache.clear();
  v4Cache.set(ip, n);
  return n;
}

const v4CIDRCache = new Map<string, [number, number] | null>();

function v4CIDR(cidr: string): [number, number] | null {
  let c = v4CIDRCache.get(cidr);
  if (c !== undefined) return c;
  const slash = cidr.indexOf('/');
  const base = slash > 0 ? v4(cidr.slice(0, slash)) : null;
  const bits = slash > 0 && /^\d{1,2}$/.test(cidr.slice(slash + 1)) ? Number(cidr.slice(slash + 1)) : -1;
  c = base !== null && bits >= 0 && bits <= 32 ? [bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0, base] : null;
  v4CIDRCache.set(cidr, c);
  return c;
}

/** Is `ip` inside `cidr`? False for malformed input or mixed address families. */
export function ipInCIDR(ip: string, cidr: string): boolean {
  // Fast path for the common case, IPv4 in IPv4 (policies with hundreds of /32 blocks).
  const a4 = v4(ip);
  const c4 = a4 !== null ? v4CIDR(cidr) : null;
  if (a4 !== null && c4) return ((a4 & c4[0]) >>> 0) === ((c4[1] & c4[0]) >>> 0);
  const a = parseIP(ip);
  const c = parseCIDR(cidr);
  if (!a || !c || a.kind() !== c[0].kind()) return false;
  return a.match(c);
}

export type IPBlockMatch = { matches: true } | { matches: false; reason: 'outside-cidr' | 'in-except' | 'invalid'; except?: string };

/** ipBlock semantics: inside `cidr` and not inside any of its own `except` ranges. */
export function ipBlockMatches(block: Pick<IPBlock, 'cidr' | 'except'>, ip: string): IPBlockMatch {
  if (!block.cidr) return { matches: false, reason: 'invalid' };
  if (!ipInCIDR(ip, block.cidr)) return { matches: false, reason: 'outside-cidr' };
  for (const e of block.except) if (ipInCIDR(ip, e)) return { matches: false, reason: 'in-except', except: e };
  return { matches: true };
}

/** The containerPort named `name` with `protocol` on the pod (IANA_SVC_NAME lookup as kube-proxy and CNI plugins do it). */
export function namedPortNumber(pod: PodLike | undefined, name: string, protocol: Protocol): number | undefined {
  if (!pod) return undefined;
  for (const p of pod.ports) if (p.name === name && p.protocol === protocol) return p.containerPort;
  return undefined;
}

/** The connection's port as the policies see it: a number, or a name that did not resolve on the destination. */
export type ConnPort = { num: number; name?: string } | { num?: undefined; name: string };

export type PortMatch = { matches: true } | { matches: false; reason: string };

/**
 * Does a NetworkPolicy `ports` entry admit the connection? A named port is looked up on the destination
 * pod (`dstPod`) by name and protocol; a destination without that name (or an external one) gives nothing.
 */
export function npPortMatches(p: NetworkPolicyPort, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): PortMatch {
  if (p.invalid !== undefined) return { matches: false, reason: `its port cannot be read (${p.invalid}; the API server rejects the policy), so it admits nothing` };
  if (p.protocol !== protocol) return { matches: false, reason: `protocol ${p.protocol}, not ${protocol}` };
  if (p.port === undefined) return { matches: true };
  if (typeof p.port === 'number') {
    if (port.num === undefined) return { matches: false, reason: `port ${describeNP(p)}; the destination has no port named "${port.name}"` };
    const end = p.endPort ?? p.port;
    if (port.num >= p.port && port.num <= end) return { matches: true };
    return { matches: false, reason: `port ${describeNP(p)}, not ${port.num}` };
  }
  if (port.num === undefined) {
    return port.name === p.port ? { matches: false, reason: `named port "${p.port}" is not defined for ${protocol} on the destination pod` } : { matches: false, reason: `named port "${p.port}", not "${port.name}"` };
  }
  const n = namedPortNumber(dstPod, p.port, protocol);
  if (n === undefined) {
    return { matches: false, reason: dstPod ? `named port "${p.port}": the destination pod ${dstPod.id} declares no ${protocol} containerPort with that name, so it admits nothing` : `named port "${p.port}" cannot apply to an address outside the cluster` };
  }
  return n === port.num ? { matches: true } : { matches: false, reason: `named port "${p.port}" (= ${protocol} ${n} on ${dstPod?.id}), not ${port.num}` };
}

export function describeNP(p: NetworkPolicyPort): string {
  if (p.invalid !== undefined) return `${p.protocol} (unreadable port: ${p.invalid})`;
  if (p.port === undefined) return `${p.protocol} (all ports)`;
  if (typeof p.port === 'string') return `${p.protocol} "${p.port}"`;
  return p.endPort !== undefined ? `${p.protocol} ${p.port}-${p.endPort}` : `${p.protocol} ${p.port}`;
}

/** Does an AdminNetworkPolicy port (portNumber, namedPort, portRange) admit the connection? */
export function adminPortMatches(p: AdminPort, port: ConnPort, protocol: Protocol, dstPod: PodLike | undefined): PortMatch {
  switch (p.kind) {
    case 'portNumber':
      if (p.protocol !== protocol) return { matches: false, reason: `protocol ${p.protocol}, not ${protocol}` };
      return port.num === p.port ? { matches: true } : { matches: false, reason: `port ${p.protocol} ${p.port}, not ${port.num ?? `"${port.name}"`}` };
    case 'portRange':
      if (p.protocol !== protocol) return { matches: false, reason: `protocol ${p.protocol}, not ${protocol}` };
      return port.num !== undefined && port.num >= p.start && port.num <= p.end
        ? { matches: true }
        : { matches: false, reason: `ports ${p.protocol} ${p.start}-${p.end}, not ${port.num ?? `"${port.name}"`}` };
    case 'namedPort': {
      const n = namedPortNumber(dstPod, p.name, protocol);
      if (n === undefined) return { matches: false, reason: `named port "${p.name}" is not a ${protocol} containerPort of ${dstPod ? dstPod.id : 'an external address'}` };
      return n === port.num ? { matches: true } : { matches: false, reason: `named port "${p.name}" (= ${protocol} ${n}), not ${port.num ?? `"${port.name}"`}` };
    }
  }
}

export function describeAdminPort(p: AdminPort): string {
  switch (p.kind) {
    case 'portNumber':
      return `${p.protocol} ${p.port}`;
    case 'portRange':
      return `${p.protocol} ${p.start}-${p.end}`;
    case 'namedPort':
      return `named port "${p.name}"`;
  }
}

export function describePort(port: ConnPort, protocol: Protocol): string {
  if (port.num === undefined) return `${protocol} "${port.name}"`;
  return port.name ? `${protocol} ${port.num} ("${port.name}")` : `${protocol} ${port.num}`;
}

// ---------------------------------------------------------------------------------------------------
// ipBlocks and pod addresses (every profile but openshift-multitenant; see docs/semantics-policy.md)

/** How CIDR `a` relates to CIDR `b`: inside it (or equal), containing it, disjoint, or not comparable. */
export function cidrRelation(a: string, b: string): 'inside' | 'contains' | 'disjoint' | 'invalid' {
  const x = parseCIDR(a);
  const y = parseCIDR(b);
  if (!x || !y) return 'invalid';
  if (x[0].kind() !== y[0].kind()) return 'disjoint';
  // Two CIDRs are either nested or disjoint: the shorter prefix decides which one could hold the other.
  if (x[1] >= y[1]) return x[0].match(y) ? 'inside' : 'disjoint';
  return y[0].match(x) ? 'contains' : 'disjoint';
}

/** The addresses a pod is known to have: `status.podIPs`, else `status.podIP`. */
export function knownPodIPs(pod: PodLike): string[] {
  if (pod.podIPs.length) return pod.podIPs;
  return pod.podIP ? [pod.podIP] : [];
}

/**
 * Does an ipBlock (`cidr` minus `except`) match a pod? Blocks apply to pod addresses as well (the
 * Kubernetes e2e netpol suite; OVN-Kubernetes' ACL is a plain `ip4.dst == cidr && ip4.dst != {except}`).
 * A pod with known IPs matches when one of them is in the block. Without known IPs the pod has "some
 * address of the pod space" (podspace.ts: `podCIDR`, or any unicast address when the profile has none):
 * a block holding all of it matches, one holding none of it does not, anything in between is
 * `undecided` (reported as no match, with the reason). Host-network pods use their node's address, which
 * podpath does not know: only a block of every address (`/0` without except) matches them for sure. Under
 * OVN-Kubernetes that is exact, not just cautious: a host-network sender reaches pods from the node's
 * management port (the ".2" of the node's subnet, inside the cluster network) or, SNATed by the gateway
 * router, from its join-subnet address; a host-network receiver is the node IP (ovn-kubernetes
 * go-controller/pkg/ovn/namespace.go getHostNamespaceAddressesForNode, util.GetNodeManagementIfAddr: "for
 * shared gateway mode we will use LRP IPs to SNAT host network traffic"). None of these is in the input.
 */
export type PodBlockMatch = { matches: true; why: string } | { matches: false; reason: string; undecided?: boolean };

export function ipBlockMatchesPod(cidr: string, except: readonly string[], pod: PodLike, podCIDR: string | undefined): PodBlockMatch {
  if (!parseCIDR(cidr)) return { matches: false, reason: `${cidr || '(empty cidr)'} is not a valid CIDR and matches nothing` };
  const ips = knownPodIPs(pod);
  if (ips.length) {
    const reasons: string[] = [];
    for (const ip of ips) {
      const m = ipBlockMatches({ cidr, except: [...except] }, ip);
      if (m.matches) return { matches: true, why: `pod IP ${ip} (status.podIPs) ⊂ ${cidr}${except.length ? `, not in except ${except.join(', ')}` : ''}` };
      reasons.push(m.reason === 'in-except' ? `pod IP ${ip} is in ${cidr} but excluded by except ${m.except}` : `pod IP ${ip} is outside ${cidr}`);
    }
    return { matches: false, reason: reasons.join('; ') };
  }
  if (pod.hostNetwork) {
    const all = /\/0$/.test(cidr) && except.length === 0;
    return all
      ? { matches: true, why: `${cidr} holds every address, also the node address host-network pod ${pod.id} uses` }
      : { matches: false, undecided: true, reason: `${pod.id} uses its node's address (hostNetwork), which the input does not give` };
  }
  const block = `${cidr}${except.length ? ` except ${except.join(', ')}` : ''}`;
  const space = podCIDR ? `the pod CIDR ${podCIDR}` : `the private ranges the profile assumes for pods (${ASSUMED_POD_RANGES.join(', ')}; it names no pod CIDR)`;
  const rel = blockVersusPodSpace(cidr, except, podCIDR);
  if (rel === 'all') return { matches: true, why: `${pod.id} has no status.podIPs in the input, but ${block} holds all of ${space}` };
  if (rel === 'none' || rel === 'invalid') return { matches: false, reason: `${pod.id} has an address in ${space}, none of which is in ${block}` };
  return { matches: false, undecided: true, reason: `${block} holds only part of ${space}, and ${pod.id} has no status.podIPs in the input` };
}

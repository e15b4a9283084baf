// Where a pod without a known address could be: the address space a profile assumes for pods, and how
// an ipBlock (cidr minus except) relates to it — holds all of it, none of it, or part of it. Exact set
// arithmetic on address intervals (BigInt, so IPv4 and IPv6 alike), cached per block because the answer
// does not depend on the pod. See docs/semantics-policy.md, "ipBlocks and pod addresses".
import ipaddr from 'ipaddr.js';

type Interval = [bigint, bigint];
type Family = 'ipv4' | 'ipv6';
/** A set of addresses per family, as sorted disjoint closed intervals. */
interface AddrSet {
  ipv4: Interval[];
  ipv6: Interval[];
}

/**
 * Where a pod without status.podIPs is assumed to be when the profile names no pod CIDR (`kubernetes`):
 * a private IPv4 address — RFC 1918 and the RFC 6598 shared range. Kubernetes has no default pod CIDR
 * (kube-controller-manager `--cluster-cidr`, the CNI's IPAM), but every common default lies in these
 * ranges (kubeadm/flannel 10.244.0.0/16, k3s 10.42.0.0/16, Calico 192.168.0.0/16, Weave 10.32.0.0/12,
 * EKS VPC ranges or 100.64.0.0/10, GKE 10.x). A block inside them is undecidable for such a pod, a
 * public range (8.8.8.8/32, 203.0.113.0/24) is a plain miss. A cluster with public or IPv6 pod
 * addresses must give status.podIPs (docs/semantics-policy.md).
 */
export const ASSUMED_POD_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

function interval(cidr: string): { family: Family; iv: Interval } | null {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    return null;
  }
  const [addr, bits] = parsed;
  const family = addr.kind() as Family;
  const width = family === 'ipv4' ? 32 : 128;
  let n = 0n;
  for (const b of addr.toByteArray()) n = (n << 8n) | BigInt(b);
  const size = 1n << BigInt(width - bits);
  const lo = n - (n % size);
  return { family, iv: [lo, lo + size - 1n] };
}

function subtract(set: Interval[], [a, b]: Interval): Interval[] {
  const out: Interval[] = [];
  for (const [lo, hi] of set) {
    if (hi < a || lo > b) out.push([lo, hi]);
    else {
      if (lo < a) out.push([lo, a - 1n]);
      if (hi > b) out.push([b + 1n, hi]);
    }
  }
  return out;
}

function intersects(x: Interval[], y: Interval[]): boolean {
  for (const [a, b] of x) for (const [c, d] of y) if (a <= d && c <= b) return true;
  return false;
}

function covers(outer: Interval[], inner: Interval[]): boolean {
  let rest = inner;
  for (const iv of outer) rest = subtract(rest, iv);
  return rest.length === 0;
}

function setOf(include: readonly string[], exclude: readonly string[]): AddrSet | null {
  const s: AddrSet = { ipv4: [], ipv6: [] };
  for (const c of include) {
    const i = interval(c);
    if (!i) return null;
    s[i.family].push(i.iv);
  }
  for (const c of exclude) {
    const i = interval(c);
    if (i) s[i.family] = subtract(s[i.family], i.iv);
  }
  return s;
}

/** The addresses a pod without status.podIPs may have: the profile's pod CIDR, or (none given) the assumed private ranges. */
function podSpace(podCIDR: string | undefined): AddrSet {
  return setOf(podCIDR ? [podCIDR] : ASSUMED_POD_RANGES, []) ?? { ipv4: [], ipv6: [] };
}

export type SpaceRelation = 'all' | 'none' | 'part' | 'invalid';

const cache = new Map<string, SpaceRelation>();

/** Does the block `cidr` minus `except` hold every address of the pod space, none, or part of it? */
export function blockVersusPodSpace(cidr: string, except: readonly string[], podCIDR: string | undefined): SpaceRelation {
  const key = `${podCIDR ?? '*'}\u0000${cidr}\u0000${except.join(',')}`;
  let r = cache.get(key);
  if (r) return r;
  const block = setOf([cidr], except);
  const space = podSpace(podCIDR);
  if (!block) r = 'invalid';
  else if (!intersects(block.ipv4, space.ipv4) && !intersects(block.ipv6, space.ipv6)) r = 'none';
  else if (covers(block.ipv4, space.ipv4) && covers(block.ipv6, space.ipv6)) r = 'all';
  else r = 'part';
  if (cache.size > 10_000) cache.clear();
  cache.set(key, r);
  return r;
}

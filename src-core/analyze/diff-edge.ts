// The diff's per-query parts: URLs (Route / Ingress / HTTPRoute host + path) whose outcome changed, and
// connections to the outside addresses the policies name (NetworkPolicy ipBlock, AdminNetworkPolicy
// networks). Each is a trace on each side (traceQuery, the same engine as `podpath trace`), kept to the
// namespaces a changed object can affect (diff-scope.ts) unless a cluster-scoped object changed.
import ipaddr from 'ipaddr.js';
import type { BuiltCluster } from '../model/build';
import type { PodLike, Protocol } from '../model/types';
import { publishedUrlEntries } from './check';
import { ipInCIDR } from './policy/match';
import type { Query, Trace } from './types';

/** How a request ended, for comparing: served by a pod, redirected, stopped at a hop, or undecided. */
export function outcomeOf(t: Trace): string {
  if (t.error) return `error: ${t.error}`;
  if (t.verdict === 'undetermined') return 'undetermined';
  if (t.verdict === 'redirected') return `redirected${t.reached ? ` to ${t.reached}` : ''}`;
  if (t.allowed) return `served by ${t.reached ?? '(outside the cluster)'}`;
  const stop = t.hops.find((h) => h.verdict === 'denied');
  return stop ? `stopped at ${stop.kind} (${stop.title})` : 'denied';
}

/** Every URL either side publishes, traced from the internet on both sides; only URLs in `scope`
 *  (the namespace of the Route / Ingress / HTTPRoute) unless `scope` is null (everything). */
export function urlQueries(before: BuiltCluster, after: BuiltCluster, scope: ReadonlySet<string> | null): Query[] {
  const urls = new Map<string, string>();
  for (const c of [before, after]) for (const u of publishedUrlEntries(c)) urls.set(u.url, u.namespace);
  return [...urls].filter(([, ns]) => !scope || scope.has(ns)).map(([url]) => ({ from: 'internet', to: url })).sort((a, b) => (a.to < b.to ? -1 : 1));
}

interface NamedNet {
  cidr: string;
  except: string[];
  ports: { port: number; protocol: Protocol }[];
}

/** An address inside `cidr` and outside every `except`: the network address + 1 (the address itself for a
 *  /32 or /31), else the first address after an except range. null when the excepts cover the block. */
export function representativeAddress(cidr: string, except: readonly string[]): string | null {
  let net: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    net = ipaddr.parseCIDR(cidr);
  } catch {
    return null;
  }
  const [addr, bits] = net;
  const bytes = addr.toByteArray();
  const hostBits = bytes.length * 8 - bits;
  const network = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return b & (0xff << (8 - keep)) & 0xff;
  });
  const plus = (bs: number[], n: number): number[] => {
    const out = [...bs];
    for (let i = out.length - 1, carry = n; i >= 0 && carry; i--) {
      const v = out[i] + carry;
      out[i] = v & 0xff;
      carry = v >> 8;
    }
    return out;
  };
  const text = (bs: number[]) => ipaddr.fromByteArray(bs).toString();
  const candidates = [text(hostBits > 1 ? plus(network, 1) : network)];
  for (const e of except) {
    try {
      const [ea, eb] = ipaddr.parseCIDR(e);
      const eby = ea.toByteArray();
      const last = eby.map((b, i) => {
        const keep = Math.max(0, Math.min(8, eb - i * 8));
        return (b | (0xff >> keep)) & 0xff;
      });
      candidates.push(text(plus(last, 1)));
    } catch {
      // an invalid except is the policy engine's to report
    }
  }
  return candidates.find((ip) => ipInCIDR(ip, cidr) && !except.some((e) => ipInCIDR(ip, e))) ?? null;
}

function namedNetworks(c: BuiltCluster): NamedNet[] {
  const out: NamedNet[] = [];
  for (const np of c.networkPolicies) {
    for (const r of np.egress) {
      const ports = (r.ports ?? []).flatMap((p) => (typeof p.port === 'number' ? [{ port: p.port, protocol: p.protocol }] : []));
      for (const peer of r.peers ?? []) if (peer.ipBlock) out.push({ cidr: peer.ipBlock.cidr, except: peer.ipBlock.except, ports });
    }
  }
  for (const a of [...c.adminNetworkPolicies, ...(c.baselineAdminNetworkPolicy ? [c.baselineAdminNetworkPolicy] : [])]) {
    for (const r of a.egress) {
      const ports = (r.ports ?? []).flatMap((p) => (p.kind === 'portNumber' ? [{ port: p.port, protocol: p.protocol }] : p.kind === 'portRange' ? [{ port: p.start, protocol: p.protocol }] : []));
      for (const peer of r.peers) for (const cidr of peer.networks ?? []) out.push({ cidr, except: [], ports });
    }
  }
  return out;
}

/** Outside addresses either side's policies name (one address per block, on the ports the rules name, else
 *  TCP 443), and the sources to try them from: one pod or workload per namespace+labels, only in `scope`. */
export function addressQueries(before: BuiltCluster, after: BuiltCluster, scope: ReadonlySet<string> | null): Query[] {
  const targets = new Map<string, Set<string>>();
  for (const c of [before, after]) {
    for (const n of namedNetworks(c)) {
      const ip = representativeAddress(n.cidr, n.except);
      if (!ip) continue;
      const set = targets.get(ip) ?? targets.set(ip, new Set()).get(ip)!;
      for (const p of n.ports.length ? n.ports : [{ port: 443, protocol: 'TCP' as Protocol }]) set.add(`${p.protocol} ${p.port}`);
    }
  }
  if (targets.size === 0) return [];
  const sources = new Map<string, PodLike>();
  for (const c of [before, after]) {
    for (const p of c.pods) {
      if (scope && !scope.has(p.namespace)) continue;
      const key = `${p.namespace}\u0000${JSON.stringify(Object.entries(p.podLabels).sort())}`;
      if (!sources.has(key)) sources.set(key, p);
    }
  }
  const out: Query[] = [];
  const ids = [...new Set([...sources.values()].map((p) => p.id))].sort();
  for (const id of ids) {
    for (const [ip, ports] of [...targets].sort()) {
      for (const pl of [...ports].sort()) {
        const [protocol, port] = pl.split(' ');
        out.push({ from: id, to: `ip:${ip}`, port: Number(port), protocol: protocol as Protocol });
      }
    }
  }
  return out;
}


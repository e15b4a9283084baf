// A connection by a name only a public resolver answers (`dns:api.example.com`, an ExternalName CNAME to
// one): podpath does not know the address, so it asks what the pod's egress policies do for EVERY address.
// Policies decide by CIDR, so the outcome is the same across each region between the boundaries of the
// CIDRs the egress rules name (ipBlock cidr / except, AdminNetworkPolicy `networks`): one probe per region
// start (each CIDR's first address and the one after its last) plus a public address covers them all.
// - every probe admitted → the answer does not matter for policy: allowed;
// - none admitted → no egress rule could admit any address outside the cluster: denied, whatever the
//   name resolves to (issue 10: "the connection is denied");
// - some → it depends on the address the name resolves to: undetermined, with one address of each kind.
// IPv6 blocks are not probed (a public name's AAAA answer is as unknown as its A answer); they make
// the verdict "some" when present, never "all" or "none".
import type { BuiltCluster } from '../../model/build';
import type { PodLike, Protocol } from '../../model/types';
import { evaluateConnection } from '../policy/evaluate';
import type { ConnectionVerdict } from '../policy/types';
import type { Hop } from '../types';
import { hop, q, step } from './common';

const PUBLIC_PROBE = '203.0.113.10';

function v4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const o = m.slice(1).map(Number);
  return o.some((x) => x > 255) ? undefined : ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0;
}

function str(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The CIDRs the pod's egress could be decided by (NetworkPolicy ipBlocks of every policy in its namespace, ANP/BANP networks). */
function egressCidrs(cluster: BuiltCluster, pod: PodLike): { v4: string[]; v6: boolean } {
  const out: string[] = [];
  for (const np of cluster.networkPolicies) {
    if (np.meta.namespace !== pod.namespace) continue;
    for (const r of np.egress) for (const p of r.peers ?? []) if (p.ipBlock) out.push(p.ipBlock.cidr, ...p.ipBlock.except);
  }
  const admins = [...cluster.adminNetworkPolicies, ...(cluster.baselineAdminNetworkPolicy ? [cluster.baselineAdminNetworkPolicy] : [])];
  for (const a of admins) for (const r of a.egress) for (const p of r.peers) out.push(...(p.networks ?? []));
  return { v4: out.filter((c) => !c.includes(':')), v6: out.some((c) => c.includes(':')) };
}

function probes(cidrs: string[]): string[] {
  const set = new Set<string>([PUBLIC_PROBE]);
  for (const c of cidrs) {
    const [addr, bitsText] = c.split('/');
    const base = v4(addr);
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) continue;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    const first = (base & mask) >>> 0;
    const last = (first | (~mask >>> 0)) >>> 0;
    set.add(str(first));
    if (last < 0xffffffff) set.add(str(last + 1));
    if (set.size >= 512) break;
  }
  return [...set];
}

export interface OutsideVerdict {
  kind: 'all' | 'none' | 'some';
  hop: Hop;
}

/** What the pod's egress policies do for a connection to `name`, an address podpath does not know. */
export function outsideEgress(cluster: BuiltCluster, pod: PodLike, name: string, port: number, protocol: Protocol): OutsideVerdict {
  const cidrs = egressCidrs(cluster, pod);
  const results: { ip: string; v: ConnectionVerdict }[] = probes(cidrs.v4).map((ip) => ({ ip, v: evaluateConnection(cluster, { kind: 'pod', pod }, { kind: 'external', ip }, port, protocol) }));
  const ok = results.filter((r) => r.v.egress.allowed);
  const no = results.filter((r) => !r.v.egress.allowed);
  const title = `Egress from ${pod.id} to ${name}`;
  const what = `${protocol} ${port}`;
  if (no.length === 0 && !cidrs.v6) {
    const e = ok[0].v.egress;
    return { kind: 'all', hop: hop({ kind: 'egress-policy', title, verdict: 'allowed', summary: `every address outside the cluster is admitted on ${what} (${e.summary ?? 'allowed'}), so whatever ${name} resolves to, policy lets it out`, steps: [step(`Checked one address in each range the egress rules name (${results.length} in all): each is admitted.`, 'info'), ...e.steps], rule: e.rule }) };
  }
  if (ok.length === 0 && !cidrs.v6) {
    const e = no[0].v.egress;
    return {
      kind: 'none',
      hop: hop({ kind: 'egress-policy', title, verdict: 'denied', summary: `no egress rule admits any address outside the cluster on ${what}: whatever ${name} resolves to, the connection is dropped (${e.summary ?? 'denied'})`, steps: [step(`Checked one address in each range the egress rules name (${results.length} in all, e.g. ${PUBLIC_PROBE}): none is admitted.`, 'info'), ...e.steps], rule: e.rule ?? e.selectedBy[0], fix: e.fix }),
    };
  }
  const a = ok[0] as (typeof ok)[number] | undefined;
  const d = no[0] as (typeof no)[number] | undefined;
  return {
    kind: 'some',
    hop: hop({
      kind: 'egress-policy',
      title,
      verdict: 'undetermined',
      summary: `depends on the address ${name} resolves to, which only public DNS knows: egress admits ${a ? `e.g. ${a.ip}` : 'some IPv6 blocks'} but not ${d ? d.ip : 'every IPv6 address'}; trace --to ip:ADDRESS with the address it resolves to`,
      steps: [
        step(`${q(name)} is not a cluster name; podpath does not resolve public names.`, 'info'),
        ...(a ? [step(`${a.ip}: ${a.v.egress.summary ?? 'allowed'}`, 'allowed', a.v.egress.rule)] : []),
        ...(d ? [step(`${d.ip}: ${d.v.egress.summary ?? 'denied'}`, 'denied', d.v.egress.rule ?? d.v.egress.selectedBy[0])] : []),
        ...(cidrs.v6 ? [step('The rules also name IPv6 blocks, which are not probed: an AAAA answer could fall inside them.', 'undetermined')] : []),
      ],
      rule: a?.v.egress.rule,
    }),
  };
}

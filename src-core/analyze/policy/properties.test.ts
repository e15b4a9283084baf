// Property test: random namespaces, pods (with and without status.podIP) and NetworkPolicies, checked
// against a small three-valued reference model written straight from the NetworkPolicy reference and the
// e2e netpol suite (ipBlocks match pods by IP; no shared code with the engine), plus additivity.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../model/types';
import { clusterOf, verdict } from './testkit';

type Labels = Record<string, string>;
type Sel = { matchLabels: Labels; notIn?: [string, string] };
type Peer = { pod?: Sel; ns?: Sel } | { cidr: string; except?: string };
type Port = { protocol: Protocol; port?: number; endPort?: number };
type Rule = { peers?: Peer[]; ports?: Port[] };
type Policy = { ns: string; selector: Sel; types?: ('Ingress' | 'Egress')[]; ingress: Rule[]; egress: Rule[] };
type Pod = { ns: string; name: string; labels: Labels; ip?: string };

const NAMESPACES = ['alpha', 'beta', 'gamma'];
const KEYS = ['app', 'tier'];
const VALUES = ['a', 'b'];

const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 2 });
const selArb: fc.Arbitrary<Sel> = fc.record({ matchLabels: labelsArb, notIn: fc.option(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)), { nil: undefined }) }, { requiredKeys: ['matchLabels'] });
const peerArb: fc.Arbitrary<Peer> = fc.oneof(
  fc.record({ pod: selArb, ns: selArb }, { requiredKeys: [] }).filter((p) => p.pod !== undefined || p.ns !== undefined),
  fc.record({ cidr: fc.constantFrom('10.0.0.0/8', '0.0.0.0/0', '10.1.0.0/16'), except: fc.option(fc.constantFrom('10.1.0.0/16', '10.1.2.0/24'), { nil: undefined }) }),
);
const portArb: fc.Arbitrary<Port> = fc.oneof(
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP') }),
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP'), port: fc.constantFrom(80, 443) }),
  fc.record({ protocol: fc.constant<Protocol>('TCP'), port: fc.constant(80), endPort: fc.constant(443) }),
);
const ruleArb: fc.Arbitrary<Rule> = fc.record({ peers: fc.option(fc.array(peerArb, { maxLength: 2 }), { nil: undefined }), ports: fc.option(fc.array(portArb, { maxLength: 2 }), { nil: undefined }) });
const policyArb: fc.Arbitrary<Policy> = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  selector: selArb,
  types: fc.option(fc.subarray(['Ingress', 'Egress'] as ('Ingress' | 'Egress')[], { minLength: 1 }), { nil: undefined }),
  ingress: fc.array(ruleArb, { maxLength: 2 }),
  egress: fc.array(ruleArb, { maxLength: 2 }),
});
const podsArb: fc.Arbitrary<Pod[]> = fc
  .array(fc.record({ ns: fc.constantFrom(...NAMESPACES), labels: labelsArb, ip: fc.constantFrom<string | undefined>(undefined, '10.1.2.3', '10.9.9.9', '10.1.7.7') }), { minLength: 2, maxLength: 5 })
  .map((ps) => ps.map((p, i) => ({ ...p, name: `p${i}` })));
const nsLabelsArb = fc.tuple(labelsArb, labelsArb, labelsArb);

// ---- YAML for the engine ---------------------------------------------------------------------------
const q = JSON.stringify;
const labelsYaml = (l: Labels) => `{${Object.entries(l).map(([k, v]) => `${k}: ${q(v)}`).join(', ')}}`;
const selYaml = (s: Sel) => `{matchLabels: ${labelsYaml(s.matchLabels)}${s.notIn ? `, matchExpressions: [{key: ${s.notIn[0]}, operator: NotIn, values: [${q(s.notIn[1])}]}]` : ''}}`;
const peerYaml = (p: Peer) => ('cidr' in p ? `{ipBlock: {cidr: ${p.cidr}${p.except ? `, except: [${p.except}]` : ''}}}` : `{${[p.pod ? `podSelector: ${selYaml(p.pod)}` : '', p.ns ? `namespaceSelector: ${selYaml(p.ns)}` : ''].filter(Boolean).join(', ')}}`);
const portYaml = (p: Port) => `{protocol: ${p.protocol}${p.port !== undefined ? `, port: ${p.port}` : ''}${p.endPort !== undefined ? `, endPort: ${p.endPort}` : ''}}`;
const rulesYaml = (rs: Rule[], field: string) => `[${rs.map((r) => `{${[r.peers ? `${field}: [${r.peers.map(peerYaml).join(', ')}]` : '', r.ports ? `ports: [${r.ports.map(portYaml).join(', ')}]` : ''].filter(Boolean).join(', ')}}`).join(', ')}]`;

function toYaml(nsLabels: Labels[], pods: Pod[], policies: Policy[]): string {
  const docs: string[] = [];
  NAMESPACES.forEach((n, i) => docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}, labels: ${labelsYaml(nsLabels[i])}}`));
  for (const p of pods) docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${p.name}, namespace: ${p.ns}, labels: ${labelsYaml(p.labels)}}\nspec: {containers: [{name: c}]}${p.ip ? `\nstatus: {podIP: ${p.ip}}` : ''}`);
  policies.forEach((p, i) =>
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np${i}, namespace: ${p.ns}}\nspec:\n  podSelector: ${selYaml(p.selector)}\n` +
        (p.types ? `  policyTypes: [${p.types.join(', ')}]\n` : '') +
        (p.ingress.length ? `  ingress: ${rulesYaml(p.ingress, 'from')}\n` : '') +
        (p.egress.length ? `  egress: ${rulesYaml(p.egress, 'to')}\n` : ''),
    ),
  );
  return docs.join('\n---\n') + '\n';
}

// ---- The reference model ---------------------------------------------------------------------------
function selects(s: Sel, l: Labels): boolean {
  for (const [k, v] of Object.entries(s.matchLabels)) if (l[k] !== v) return false;
  return !(s.notIn && l[s.notIn[0]] === s.notIn[1]);
}
function ip4(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ip4(ip) / size) === Math.floor(ip4(base) / size);
}
type End = { pod: Pod } | { ip: string };

type V = 'allowed' | 'denied' | 'undetermined';
type T = 'yes' | 'no' | 'unknown';

/**
 * An ipBlock against an end. A pod without an IP has some address in the private ranges the kubernetes
 * profile assumes (10/8, 172.16/12, 192.168/16, 100.64/10): of the generated blocks only a bare 0.0.0.0/0
 * holds all of them; every other non-empty one (inside 10/8, or 0/0 minus a 10.1 range) holds part: unknown.
 */
function blockMatches(x: { cidr: string; except?: string }, other: End): T {
  const ip = 'ip' in other ? other.ip : other.pod.ip;
  if (ip) return inCidr(ip, x.cidr) && !(x.except && inCidr(ip, x.except)) ? 'yes' : 'no';
  // An except that holds the whole cidr leaves an empty block, which holds no address at all.
  if (x.except && Number(x.except.split('/')[1]) <= Number(x.cidr.split('/')[1]) && inCidr(x.cidr.split('/')[0], x.except)) return 'no';
  return x.cidr === '0.0.0.0/0' && !x.except ? 'yes' : 'unknown';
}

function reference(nsLabels: Labels[], policies: Policy[], src: End, dst: End, port: number, protocol: Protocol): V {
  const nsl = (n: string): Labels => ({ ...nsLabels[NAMESPACES.indexOf(n)], 'kubernetes.io/metadata.name': n });
  const side = (pod: Pod, dir: 'Ingress' | 'Egress', other: End): V => {
    const sel = policies.filter((p) => p.ns === pod.ns && selects(p.selector, pod.labels) && (p.types ?? (p.egress.length ? ['Ingress', 'Egress'] : ['Ingress'])).includes(dir));
    if (sel.length === 0) return 'allowed';
    let unknown = false;
    for (const p of sel) {
      for (const r of dir === 'Ingress' ? p.ingress : p.egress) {
        const portOk = !r.ports || r.ports.length === 0 || r.ports.some((x) => x.protocol === protocol && (x.port === undefined || (port >= x.port && port <= (x.endPort ?? x.port))));
        if (!portOk) continue;
        const peers: T[] =
          !r.peers || r.peers.length === 0
            ? ['yes']
            : r.peers.map((x): T => {
                if ('cidr' in x) return blockMatches(x, other);
                if (!('pod' in other)) return 'no';
                const nsOk = x.ns ? selects(x.ns, nsl(other.pod.ns)) : other.pod.ns === p.ns;
                return nsOk && (!x.pod || selects(x.pod, other.pod.labels)) ? 'yes' : 'no';
              });
        if (peers.includes('yes')) return 'allowed';
        if (peers.includes('unknown')) unknown = true;
      }
    }
    return unknown ? 'undetermined' : 'denied';
  };
  const eg = 'pod' in src ? side(src.pod, 'Egress', dst) : 'allowed';
  const ig = 'pod' in dst ? side(dst.pod, 'Ingress', src) : 'allowed';
  if (eg === 'denied' || ig === 'denied') return 'denied';
  return eg === 'undetermined' || ig === 'undetermined' ? 'undetermined' : 'allowed';
}

describe('NetworkPolicy engine against a reference model', () => {
  it('agrees on random clusters, for pods and external addresses', () => {
    fc.assert(
      fc.property(nsLabelsArb, podsArb, fc.array(policyArb, { maxLength: 4 }), (nsLabels, pods, policies) => {
        const c = clusterOf(toYaml(nsLabels, pods, policies));
        const ends: End[] = [...pods.map((pod) => ({ pod })), { ip: '10.1.2.3' }, { ip: '10.9.9.9' }, { ip: '192.0.2.1' }];
        for (const s of ends) {
          for (const d of ends) {
            if (!('pod' in s) && !('pod' in d)) continue;
            for (const [port, proto] of [[80, 'TCP'], [443, 'TCP'], [8080, 'TCP'], [80, 'UDP']] as [number, Protocol][]) {
              const name = (e: End) => ('pod' in e ? `${e.pod.ns}/${e.pod.name}` : e.ip);
              const got = verdict(c, name(s), name(d), port, proto).verdict;
              const want = reference(nsLabels, policies, s, d, port, proto);
              if (got !== want) throw new Error(`${name(s)} → ${name(d)} ${proto} ${port}: engine ${got}, reference ${want}\n${toYaml(nsLabels, pods, policies)}`);
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('policies are additive: adding one never takes away what an isolating policy already allowed', () => {
    fc.assert(
      fc.property(nsLabelsArb, podsArb, fc.array(policyArb, { minLength: 1, maxLength: 3 }), policyArb, (nsLabels, pods, policies, extra) => {
        const before = clusterOf(toYaml(nsLabels, pods, policies));
        const after = clusterOf(toYaml(nsLabels, pods, [...policies, extra]));
        for (const a of pods) {
          for (const b of pods) {
            const v = verdict(before, `${a.ns}/${a.name}`, `${b.ns}/${b.name}`, 80, 'TCP');
            if (v.ingress.decidedBy === 'network-policy' && v.ingress.allowed) {
              expect(verdict(after, `${a.ns}/${a.name}`, `${b.ns}/${b.name}`, 80, 'TCP').ingress.allowed).toBe(true);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

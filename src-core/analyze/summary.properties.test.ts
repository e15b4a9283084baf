// Property test: the reachability summary and the trace engine give the same verdict (allowed, denied or
// undetermined) for every pair and probed port, on random clusters with ipBlocks (with except), ANP and
// BANP `networks` peers, pods with and without status.podIPs, host-network pods, policy objects podpath
// does not model, in every profile. Both sides decide peers with policy/predicate.ts; this checks that the
// summary's set algebra (summary-policy.ts) replays the engine's order exactly. Under the OVN profiles it
// also varies what ipBlocks are matched against: the cluster network (a Network object moving it to
// 10.132.0.0/14, or dual stack), the join subnet 100.64.0.0/16, and Routes served by a HostNetwork
// IngressController (the router then connects from the host network namespace, summary-exposure.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import { PROFILE_NAMES } from '../model/profiles';
import type { ProfileName } from '../model/types';
import { expectAgreesWithEngine } from './summary-testkit';

type Labels = Record<string, string>;
const NAMESPACES = ['alpha', 'beta', 'gamma'];
const labelsArb = fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('a', 'b'), { maxKeys: 2 });
/** Selectors: often `{}` (everything), so admin policies and peers apply often enough to meet each other. */
const selArb = fc.oneof(fc.constant<Labels>({}), labelsArb);
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.128.0.0/14', '10.128.2.0/24', '10.132.0.0/14', '100.64.0.0/16', '192.168.0.0/16', '203.0.113.0/24', 'fd00::/8', 'fd01::/48'];
const EXCEPTS = ['10.128.2.0/24', '10.128.0.0/14', '10.132.0.0/16', '10.1.0.0/16', '192.168.1.0/24'];
const IPS = ['10.128.2.7', '10.128.5.5', '10.132.1.5', '10.1.2.3', '192.168.1.1', '203.0.113.9'];

const q = JSON.stringify;
const lab = (l: Labels) => `{${Object.entries(l).map(([k, v]) => `${k}: ${q(v)}`).join(', ')}}`;

const npPeerArb = fc.oneof(
  fc.record({ pod: fc.option(labelsArb, { nil: undefined }), ns: fc.option(labelsArb, { nil: undefined }) }).map((p) => `{${[p.pod ? `podSelector: {matchLabels: ${lab(p.pod)}}` : '', p.ns ? `namespaceSelector: {matchLabels: ${lab(p.ns)}}` : ''].filter(Boolean).join(', ') || 'podSelector: {}'}}`),
  fc.record({ cidr: fc.constantFrom(...CIDRS), except: fc.subarray(EXCEPTS, { maxLength: 2 }) }).map((b) => `{ipBlock: {cidr: ${q(b.cidr)}${b.except.length ? `, except: [${b.except.map((e) => q(e)).join(', ')}]` : ''}}}`),
);
const npPortsArb = fc.option(fc.constantFrom('[{port: 80}]', '[{protocol: UDP, port: 53}]', '[{port: 80, endPort: 443}]'), { nil: undefined });
const npRuleArb = (field: string) => fc.record({ peers: fc.option(fc.array(npPeerArb, { maxLength: 2 }), { nil: undefined }), ports: npPortsArb }).map((r) => `{${[r.peers ? `${field}: [${r.peers.join(', ')}]` : '', r.ports ? `ports: ${r.ports}` : ''].filter(Boolean).join(', ')}}`);
const npArb = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  sel: selArb,
  types: fc.option(fc.subarray(['Ingress', 'Egress'], { minLength: 1 }), { nil: undefined }),
  ingress: fc.array(npRuleArb('from'), { maxLength: 2 }),
  egress: fc.array(npRuleArb('to'), { maxLength: 2 }),
});

const adminPeerArb = fc.oneof(
  selArb.map((l) => `{namespaces: {matchLabels: ${lab(l)}}}`),
  fc.record({ ns: labelsArb, pod: labelsArb }).map((p) => `{pods: {namespaceSelector: {matchLabels: ${lab(p.ns)}}, podSelector: {matchLabels: ${lab(p.pod)}}}}`),
  fc.subarray(CIDRS, { minLength: 1, maxLength: 2 }).map((cs) => `{networks: [${cs.map((c) => q(c)).join(', ')}]}`),
);
const adminRuleArb = (field: string, actions: string[]) =>
  fc.record({ action: fc.constantFrom(...actions), peers: fc.array(adminPeerArb, { minLength: 1, maxLength: 2 }), ports: fc.option(fc.constantFrom('[{portNumber: {protocol: TCP, port: 80}}]', '[{portRange: {protocol: TCP, start: 80, end: 443}}]'), { nil: undefined }) }).map(
    (r) => `{action: ${r.action}, ${field}: [${r.peers.join(', ')}]${r.ports ? `, ports: ${r.ports}` : ''}}`,
  );
const anpArb = fc.record({ priority: fc.integer({ min: 1, max: 5 }), subject: selArb, ingress: fc.array(adminRuleArb('from', ['Allow', 'Deny', 'Pass']), { maxLength: 3 }), egress: fc.array(adminRuleArb('to', ['Allow', 'Deny', 'Pass']), { maxLength: 3 }) });
const banpArb = fc.record({ subject: selArb, ingress: fc.array(adminRuleArb('from', ['Allow', 'Deny']), { maxLength: 2 }), egress: fc.array(adminRuleArb('to', ['Allow', 'Deny']), { maxLength: 2 }) });

const podArb = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  labels: labelsArb,
  ip: fc.option(fc.constantFrom(...IPS), { nil: undefined, freq: 2 }), // half the pods without an IP
  hostNetwork: fc.constantFrom(false, false, false, false, true),
  udp: fc.boolean(),
});

const clusterArb = fc.record({
  profile: fc.constantFrom<ProfileName>(...PROFILE_NAMES),
  nsLabels: fc.tuple(labelsArb, labelsArb, labelsArb),
  pods: fc.array(podArb, { minLength: 2, maxLength: 5 }),
  nps: fc.array(npArb, { maxLength: 3 }),
  anps: fc.array(anpArb, { maxLength: 2 }),
  banp: fc.option(banpArb, { nil: undefined }),
  unmodelled: fc.option(fc.constantFrom('alpha', 'beta', 'cluster'), { nil: undefined }),
  /** The Network object's cluster network (the pod space ipBlocks are matched against). */
  network: fc.option(fc.constantFrom('moved', 'dual'), { nil: undefined }),
  /** IngressControllers: only the default one, a HostNetwork default, or a HostNetwork default plus a LoadBalancerService shard. */
  routers: fc.constantFrom('default', 'host', 'both'),
  /** Pods that get a Service and a Route. */
  routed: fc.subarray([0, 1, 2]),
});

type ClusterSpec = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(c: ClusterSpec): string {
  const docs: string[] = [];
  NAMESPACES.forEach((n, i) => docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}, labels: ${lab(c.nsLabels[i])}}`));
  c.pods.forEach((p, i) =>
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${p.ns}, labels: ${lab(p.labels)}}\nspec: {${p.hostNetwork ? 'hostNetwork: true, ' : ''}containers: [{name: c, ports: [{containerPort: 80}${p.udp ? ', {containerPort: 53, protocol: UDP}' : ''}]}]}` +
        (p.ip ? `\nstatus: {phase: Running, podIP: ${p.ip}, podIPs: [{ip: ${p.ip}}]}` : ''),
    ),
  );
  c.nps.forEach((p, i) =>
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np${i}, namespace: ${p.ns}}\nspec:\n  podSelector: {matchLabels: ${lab(p.sel)}}\n` +
        (p.types ? `  policyTypes: [${p.types.join(', ')}]\n` : '') +
        (p.ingress.length ? `  ingress: [${p.ingress.join(', ')}]\n` : '') +
        (p.egress.length ? `  egress: [${p.egress.join(', ')}]\n` : ''),
    ),
  );
  c.anps.forEach((a, i) =>
    docs.push(
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: anp${i}}\nspec:\n  priority: ${a.priority * 10 + i}\n  subject: {namespaces: {matchLabels: ${lab(a.subject)}}}\n` +
        (a.ingress.length ? `  ingress: [${a.ingress.join(', ')}]\n` : '') +
        (a.egress.length ? `  egress: [${a.egress.join(', ')}]\n` : ''),
    ),
  );
  if (c.banp) {
    docs.push(
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {matchLabels: ${lab(c.banp.subject)}}}\n` +
        (c.banp.ingress.length ? `  ingress: [${c.banp.ingress.join(', ')}]\n` : '') +
        (c.banp.egress.length ? `  egress: [${c.banp.egress.join(', ')}]\n` : ''),
    );
  }
  if (c.network) docs.push(`apiVersion: config.openshift.io/v1\nkind: Network\nmetadata: {name: cluster}\nspec:\n  clusterNetwork: [{cidr: 10.132.0.0/14, hostPrefix: 23}${c.network === 'dual' ? ', {cidr: "fd01::/48", hostPrefix: 64}' : ''}]\n  networkType: OVNKubernetes`);
  const ic = (name: string, type: string) => `apiVersion: operator.openshift.io/v1\nkind: IngressController\nmetadata: {name: ${name}, namespace: openshift-ingress-operator}\nspec: {domain: apps.example.com, endpointPublishingStrategy: {type: ${type}}}`;
  if (c.routers !== 'default') docs.push(ic('default', 'HostNetwork'));
  if (c.routers === 'both') docs.push(ic('lb', 'LoadBalancerService'));
  for (const i of c.routed) {
    const p = c.pods[i];
    if (!p) continue;
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ${p.ns}}\nspec: {selector: ${lab(p.labels)}, ports: [{port: 80}]}`);
    docs.push(`apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: r${i}, namespace: ${p.ns}}\nspec: {host: r${i}.apps.example.com, to: {kind: Service, name: s${i}}}`);
  }
  if (c.unmodelled === 'cluster') docs.push(`apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: ccnp}\nspec: {endpointSelector: {}}`);
  else if (c.unmodelled) docs.push(`apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: calico, namespace: ${c.unmodelled}}\nspec: {selector: all()}`);
  return docs.join('\n---\n') + '\n';
}

/** PODPATH_FUZZ_SCALE=20 for a longer run (as in divergence.test.ts, lite.test.ts). */
const SCALE = Number(process.env.PODPATH_FUZZ_SCALE ?? 1);

// Calico (profile `calico`): random NetworkPolicies / GlobalNetworkPolicies in the selector language, with
// orders, tiers (defaultAction Deny or Pass), Allow / Deny / Pass / Log rules, namespaceSelectors, nets and
// ports, beside NetworkPolicies. The calico policy mode has no bit-set algebra, so the summary asks the engine
// pair by pair (policy/evaluate.ts POLICY_MODES); this checks it end to end, exposure and internet included.
const calicoSelArb = fc.constantFrom('all()', "app == 'a'", "app != 'a'", 'has(tier)', "tier in {'a', 'b'}", "!has(app) || tier == 'b'", "app starts with 'a' && tier not in {'a'}");
const calicoEntityArb = fc
  .record({ sa: fc.option(fc.constantFrom('{names: [front]}', "{selector: \"projectcalico.org/name == 'default'\"}"), { nil: undefined, freq: 3 }), sel: fc.option(calicoSelArb, { nil: undefined }), ns: fc.option(fc.constantFrom('all()', "app == 'a'", 'global()', "projectcalico.org/name == 'beta'"), { nil: undefined }), nets: fc.option(fc.subarray(CIDRS, { minLength: 1, maxLength: 2 }), { nil: undefined }), ports: fc.option(fc.constantFrom('[80]', '["50:90"]', '[53]'), { nil: undefined }) })
  .map((e) => `{${[e.sa ? `serviceAccounts: ${e.sa}` : '', e.sel ? `selector: ${q(e.sel)}` : '', e.ns ? `namespaceSelector: ${q(e.ns)}` : '', e.nets ? `nets: [${e.nets.map((c) => q(c)).join(', ')}]` : '', e.ports ? `ports: ${e.ports}` : ''].filter(Boolean).join(', ')}}`);
const calicoRuleArb = fc.record({ action: fc.constantFrom('Allow', 'Deny', 'Pass', 'Log'), proto: fc.constantFrom('TCP', 'UDP'), source: calicoEntityArb, destination: calicoEntityArb }).map((r) => {
  // Ports need a protocol (the validator rejects them otherwise; such rules match nothing, which is fine too).
  return `{action: ${r.action}, protocol: ${r.proto}, source: ${r.source}, destination: ${r.destination}}`;
});
const calicoPolicyArb = fc.record({
  global: fc.boolean(),
  ns: fc.constantFrom(...NAMESPACES),
  tier: fc.constantFrom('default', 'default', 'security'),
  order: fc.option(fc.constantFrom(10, 100, 1000, 2000), { nil: undefined }),
  sel: calicoSelArb,
  types: fc.option(fc.subarray(['Ingress', 'Egress'], { minLength: 1 }), { nil: undefined }),
  ingress: fc.array(calicoRuleArb, { maxLength: 2 }),
  egress: fc.array(calicoRuleArb, { maxLength: 2 }),
});
// Few label and namespace choices, so pods often share a class and the class key is put to the test.
const calicoPodArb = fc.record({ ns: fc.constantFrom('alpha', 'beta'), labels: fc.constantFrom<Record<string, 'a' | 'b'>>({}, { app: 'a' }, { app: 'a', tier: 'b' }), ip: fc.option(fc.constantFrom(...IPS), { nil: undefined }), hostNetwork: fc.constant(false), udp: fc.boolean() });
const calicoClusterArb = fc.record({
  base: clusterArb,
  pods: fc.array(calicoPodArb, { minLength: 4, maxLength: 6 }),
  policies: fc.array(calicoPolicyArb, { minLength: 1, maxLength: 4 }),
  tierPass: fc.boolean(),
  sa: fc.array(fc.constantFrom('default', 'front'), { minLength: 6, maxLength: 6 }),
});

function calicoYaml(c: typeof calicoClusterArb extends fc.Arbitrary<infer T> ? T : never): string {
  const docs = [toYaml({ ...c.base, pods: c.pods, anps: [], banp: undefined, unmodelled: undefined })];
  docs.push(`apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100${c.tierPass ? ', defaultAction: Pass' : ''}}`);
  c.policies.forEach((p, i) =>
    docs.push(
      `apiVersion: projectcalico.org/v3\nkind: ${p.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy'}\nmetadata: {name: ${p.tier === 'default' ? '' : `${p.tier}.`}cp${i}${p.global ? '' : `, namespace: ${p.ns}`}}\nspec:\n  tier: ${p.tier}\n  selector: ${q(p.sel)}\n` +
        (p.order !== undefined ? `  order: ${p.order}\n` : '') +
        (p.types ? `  types: [${p.types.join(', ')}]\n` : '') +
        (p.ingress.length ? `  ingress: [${p.ingress.join(', ')}]\n` : '') +
        (p.egress.length ? `  egress: [${p.egress.join(', ')}]\n` : ''),
    ),
  );
  // Service accounts split classes too (serviceAccounts rules read them): the i-th pod runs as c.sa[i].
  let i = 0;
  return (docs.join('\n---\n') + '\n').replace(/spec: \{(hostNetwork: true, )?containers/g, (_m, h: string | undefined) => `spec: {${h ?? ''}serviceAccountName: ${c.sa[i++ % c.sa.length]}, containers`);
}

describe('Calico: reachability summary against the trace engine on random clusters', () => {
  it('agrees on every pair, port and internet verdict under the calico profile', () => {
    let undetermined = 0;
    let allowed = 0;
    let checked = 0;
    fc.assert(
      fc.property(calicoClusterArb, (spec) => {
        const cluster = loadCluster([{ name: 'in.yaml', text: calicoYaml(spec) }], { profile: 'calico' });
        expect(cluster.calico?.policies.length).toBeGreaterThan(0);
        const r = expectAgreesWithEngine(cluster);
        undetermined += r.undetermined;
        allowed += r.allowed;
        checked += r.checked;
      }),
      { numRuns: 60 },
    );
    expect(undetermined).toBeGreaterThan(0);
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(checked);
  });
});

describe('reachability summary against the trace engine on random clusters', () => {
  it('agrees on every pair, port and internet verdict, in every profile', () => {
    let undetermined = 0;
    fc.assert(
      fc.property(clusterArb, (spec) => {
        const cluster = loadCluster([{ name: 'in.yaml', text: toYaml(spec) }], { profile: spec.profile });
        undetermined += expectAgreesWithEngine(cluster).undetermined;
      }),
      { numRuns: SCALE * 150 },
    );
    // The generator must reach the undetermined cases, or the test proves little.
    expect(undetermined).toBeGreaterThan(0);
  }, 60_000 * SCALE);
});

// Hostile input against the whole core: alias bombs, deep nesting, a 10 MB paste, binary junk and
// thousands of random documents of the known kinds with random field types. loadCluster, lintCluster
// and traceQuery must return diagnostics and traces — never throw, never hang (each case is bounded by
// the test timeout; there are no timing assertions).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadCluster, PROFILE_NAMES, traceQuery, type BuiltCluster, type ProfileName } from './index';
import { lintCluster } from './lint/index';
import type { Query } from './analyze/types';

/** Hop kinds seen across all traces: checks that the generators reach deep into the analysis. */
const hopKinds = new Set<string>();

/** Everything a user action runs on the input, with the queries a user could type. */
function runAll(text: string, profile: ProfileName = 'kubernetes', extraQueries: Query[] = []): BuiltCluster {
  const cluster = loadCluster([{ name: 'input.yaml', text }], { profile });
  expect(Array.isArray(cluster.diagnostics)).toBe(true);
  const findings = lintCluster(cluster);
  expect(Array.isArray(findings)).toBe(true);
  for (const q of [...queriesFor(cluster), ...extraQueries]) {
    const t = traceQuery(cluster, q);
    expect(typeof t.allowed).toBe('boolean');
    expect(Array.isArray(t.hops)).toBe(true);
    for (const h of t.hops) hopKinds.add(h.kind);
    // Traces cross the worker boundary and go into share links: they must be plain JSON-able data.
    expect(() => JSON.stringify(t)).not.toThrow();
  }
  return cluster;
}

/** Queries between the objects the model found, and the edge forms, bounded in number. */
function queriesFor(c: BuiltCluster): Query[] {
  const pods = c.pods.slice(0, 4).map((p) => `${p.namespace}/${p.name}`);
  const svcs = c.services.slice(0, 3).map((s) => `svc:${s.meta.namespace}/${s.meta.name}`);
  const hosts = c.routes.slice(0, 3).map((r) => `https://${(r as { host?: string }).host ?? r.meta.name}/`);
  const froms = ['internet', 'router', 'ip:10.0.0.1', ...pods.slice(0, 2)];
  const tos = [...pods, ...svcs, ...hosts, 'ip:8.8.8.8', 'dns:kubernetes.default'];
  const out: Query[] = [];
  for (const from of froms) for (const to of tos) out.push({ from, to, port: 8080 }, { from, to });
  return out.slice(0, 60);
}

function errorsOf(c: BuiltCluster): string[] {
  return c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
}

describe('hostile input', () => {
  it('a YAML alias bomb (billion laughs) is refused with a diagnostic', () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    const bomb = `kind: ConfigMap\nmetadata: {name: lol}\ndata:\n${lines.map((l) => '  ' + l).join('\n')}\n`;
    const c = runAll(bomb);
    expect(errorsOf(c)).toContain('yaml-alias-limit');
    // The same bomb inside a List item and next to a good document: the good one still loads.
    const c2 = runAll(`${bomb}---\nkind: Pod\nmetadata: {name: ok, namespace: a}\n`);
    expect(c2.pods.map((p) => p.name)).toEqual(['ok']);
  });

  it('50-level nesting in every field, and 5,000-level flow nesting, give diagnostics or objects, not crashes', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50; i++) deep = { [`k${i}`]: [deep] };
    const doc = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'deep', namespace: 'x', labels: deep }, spec: { containers: deep, nested: deep } };
    const c = runAll(stringify(doc) + '---\n' + JSON.stringify({ ...doc, kind: 'NetworkPolicy', spec: { podSelector: deep, ingress: deep } }));
    expect(c.diagnostics.length).toBeGreaterThan(0);
    runAll(`kind: Pod\nmetadata: {name: p}\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    runAll(`${'- '.repeat(2000)}x\n`);
    runAll(`${'{a: '.repeat(3000)}1${'}'.repeat(3000)}`);
  });

  it('a 10 MB paste (many objects, and one huge value) is read', () => {
    const one = (i: number) =>
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}, namespace: ns-${i % 50}}\nspec:\n  selector: {matchLabels: {app: a${i}}}\n  template:\n    metadata: {labels: {app: a${i}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const p = one(i);
      parts.push(p);
      size += p.length;
    }
    const c = loadCluster([{ name: 'big.yaml', text: parts.join('') }]);
    expect(c.pods.length).toBe(parts.length);
    expect(traceQuery(c, { from: 'ns-1/app-1', to: 'ns-2/app-2', port: 8080 }).allowed).toBe(true);
    runAll(`kind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'x'.repeat(10 * 1024 * 1024)}"\n`);
  }, 240_000);

  it('binary junk gives diagnostics', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4000 }), (bytes) => {
        runAll(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
        runAll(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
      }),
      { numRuns: 150 },
    );
    const c = runAll('\u0000\u0001\u0002\uFFFD\uD800kind: Pod\u0000');
    expect(c.diagnostics.length).toBeGreaterThan(0);
  });

  it('thousands of random documents of the known kinds with random field types', () => {
    let modelled = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(documentArb, mutatedArb, mutatedArb), { minLength: 1, maxLength: 12 }), fc.constantFrom(...PROFILE_NAMES), fc.boolean(), (docs, profile, asJson) => {
        const text = asJson ? docs.map((d) => JSON.stringify(d)).join('\n---\n') : docs.map((d) => safeStringify(d)).join('---\n');
        const c = runAll(text, profile);
        runs++;
        if (c.pods.length + c.services.length + c.networkPolicies.length + c.routes.length + c.ingresses.length + c.adminNetworkPolicies.length > 0) modelled++;
      }),
      { numRuns: 300 },
    );
    // The generator must reach the model's kind handlers and the tracer's stages, not only the parser's rejections.
    expect(modelled).toBeGreaterThan(runs / 2);
    for (const kind of ['route', 'service', 'endpoints', 'ingress-policy', 'egress-policy']) expect(hopKinds, kind).toContain(kind);
  }, 240_000);

  it('random queries against a valid cluster return traces with messages', () => {
    const cluster = loadCluster([{ name: 'x.yaml', text: 'kind: Pod\nmetadata: {name: p, namespace: a, labels: {app: p}}\nspec: {containers: [{name: c, ports: [{containerPort: 80, name: http}]}]}\n' }], { profile: 'openshift' });
    fc.assert(
      fc.property(
        fc.record({
          from: fc.oneof(fc.string(), fc.constantFrom('a/p', 'internet', 'router', 'ip:999.1.1.1', 'svc:', 'dns:', 'http://')),
          to: fc.oneof(fc.string(), fc.constantFrom('a/p', 'svc:a/p', 'dns:p.a', 'https://[::1]/', 'http://%zz', 'ip:1.2.3.4')),
          port: fc.oneof(fc.integer(), fc.double(), fc.constant(undefined)) as fc.Arbitrary<number | undefined>,
          protocol: fc.oneof(fc.constantFrom('TCP', 'UDP', 'SCTP', 'ICMP'), fc.constant(undefined)) as fc.Arbitrary<Query['protocol']>,
          named_port: fc.oneof(fc.string(), fc.constant(undefined)) as fc.Arbitrary<string | undefined>,
        }),
        (q) => {
          const t = traceQuery(cluster, q);
          expect(typeof t.summary).toBe('string');
          if (!t.allowed && t.hops.length === 0) expect(t.error ?? t.summary).toBeTruthy();
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Random documents: the known kinds, with the field names the model reads, holding values of random types.

const KINDS = [
  'Namespace', 'Project', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'DeploymentConfig',
  'Service', 'Endpoints', 'EndpointSlice', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Route', 'Ingress',
  'IngressClass', 'Gateway', 'HTTPRoute', 'ReferenceGrant', 'EgressNetworkPolicy', 'EgressFirewall', 'NetNamespace', 'EgressIP',
  'Secret', 'ConfigMap', 'List', 'DeploymentList', 'Unknown',
];
const FIELDS = [
  'spec', 'template', 'metadata', 'labels', 'annotations', 'name', 'namespace', 'selector', 'matchLabels', 'matchExpressions', 'key', 'operator',
  'values', 'podSelector', 'namespaceSelector', 'ingress', 'egress', 'from', 'to', 'ports', 'port', 'targetPort', 'protocol', 'endPort',
  'ipBlock', 'cidr', 'except', 'policyTypes', 'containers', 'initContainers', 'containerPort', 'env', 'value', 'hostNetwork', 'podIP', 'podIPs',
  'status', 'phase', 'host', 'path', 'tls', 'termination', 'insecureEdgeTerminationPolicy', 'certificate', 'kind', 'weight',
  'alternateBackends', 'rules', 'http', 'paths', 'pathType', 'backend', 'service', 'number', 'ingressClassName', 'subsets', 'addresses', 'ip',
  'endpoints', 'conditions', 'ready', 'priority', 'subject', 'pods', 'action', 'peers', 'type', 'clusterIP', 'externalName', 'items',
  'hostnames', 'parentRefs', 'backendRefs', 'listeners', 'egressIPs', 'netid', 'dnsPolicy', 'replicas', 'jobTemplate', 'apiVersion',
];

const scalarArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', 'TCP', 'UDP', 'http', '80', '0.0.0.0/0', '10.0.0.0/8', '::/0', 'In', 'NotIn', 'Exists', 'Allow', 'Deny', 'Pass', 'edge', 'Redirect', '*.apps.x', '/'),
  fc.integer({ min: -5, max: 70000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const valueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarArb,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const documentArb = fc.record(
  {
    apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1', 'networking.k8s.io/v1', 'route.openshift.io/v1', 'policy.networking.k8s.io/v1alpha1'), scalarArb),
    kind: fc.oneof(fc.constantFrom(...KINDS), scalarArb),
    metadata: fc.oneof(
      fc.record(
        {
          name: fc.oneof(fc.constantFrom('a', 'b', 'web', 'default'), scalarArb),
          namespace: fc.oneof(fc.constantFrom('a', 'b', 'default', 'openshift-ingress'), scalarArb),
          labels: fc.oneof(fc.dictionary(fc.constantFrom('app', 'role', 'kubernetes.io/metadata.name'), fc.oneof(fc.constantFrom('a', 'b'), scalarArb), { maxKeys: 3 }), valueArb),
          annotations: valueArb,
        },
        { requiredKeys: [] },
      ),
      valueArb,
    ),
    spec: valueArb,
    status: valueArb,
    items: fc.array(valueArb, { maxLength: 3 }),
  },
  { requiredKeys: ['kind'] },
);

// Valid objects of each kind the model reads; mutatedArb replaces or deletes a few of their fields
// (at any depth) with values of random types, so the kind handlers see almost-right input.
const TEMPLATES: Record<string, unknown>[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { team: 'x' } } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'a' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { hostNetwork: false, containers: [{ name: 'c', env: [{ name: 'X', value: 'y' }], ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] } } } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'b', labels: { app: 'p' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }, status: { phase: 'Running', podIP: '10.1.2.3', podIPs: [{ ip: '10.1.2.3' }] } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj', namespace: 'a' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'cj' } }, spec: { containers: [{ name: 'c' }] } } } } } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'a' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], type: 'ClusterIP' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'a' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } },
  { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'a' }, subsets: [{ addresses: [{ ip: '10.0.0.5' }], ports: [{ port: 8080, name: 'http' }] }] },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-1', namespace: 'a', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.6'], conditions: { ready: true } }], ports: [{ port: 8080, name: 'http' }] },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'a' }, spec: { podSelector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['x'] }] }, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'p' } } }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 'http' }, { port: 8000, endPort: 9000, protocol: 'TCP' }] }], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } },
  { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'anp' }, spec: { priority: 10, subject: { namespaces: { matchLabels: { team: 'x' } } }, ingress: [{ name: 'r', action: 'Deny', from: [{ namespaces: {} }, { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'p' } } } }], ports: [{ portNumber: { port: 80, protocol: 'TCP' } }] }], egress: [{ action: 'Pass', to: [{ networks: ['0.0.0.0/0'] }] }] } },
  { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec: { subject: { pods: { namespaceSelector: {}, podSelector: {} } }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] } },
  { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'web', namespace: 'a', annotations: { 'haproxy.router.openshift.io/ip_whitelist': '1.2.3.4 10.0.0.0/8' } }, spec: { host: 'web.apps.x', path: '/', to: { kind: 'Service', name: 'web', weight: 100 }, alternateBackends: [{ kind: 'Service', name: 'ext', weight: 1 }], port: { targetPort: 'http' }, tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect', certificate: 'x' } } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'in', namespace: 'a' }, spec: { ingressClassName: 'nginx', tls: [{ hosts: ['in.x'], secretName: 's' }], rules: [{ host: 'in.x', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'hr', namespace: 'a' }, spec: { parentRefs: [{ name: 'gw' }], hostnames: ['gw.x'], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'a' }, spec: { gatewayClassName: 'c', listeners: [{ name: 'h', port: 80, protocol: 'HTTP', hostname: '*.x' }] } },
  { apiVersion: 'network.openshift.io/v1', kind: 'EgressNetworkPolicy', metadata: { name: 'default', namespace: 'a' }, spec: { egress: [{ type: 'Allow', to: { dnsName: 'x.com' } }, { type: 'Deny', to: { cidrSelector: '0.0.0.0/0' } }] } },
  { apiVersion: 'network.openshift.io/v1', kind: 'NetNamespace', metadata: { name: 'a' }, netname: 'a', netid: 0 },
  { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'l', namespace: 'b' }, spec: { selector: { app: 'p' }, ports: [{ port: 80 }] } }] },
];

type PathStep = string | number;

function pathsOf(v: unknown, prefix: PathStep[] = [], out: PathStep[][] = []): PathStep[][] {
  if (prefix.length > 0) out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

const DELETE = Symbol('delete');

function mutate(doc: Record<string, unknown>, changes: [number, unknown][]): Record<string, unknown> {
  const copy = structuredClone(doc);
  for (const [pick, value] of changes) {
    const paths = pathsOf(copy);
    if (paths.length === 0) break;
    const path = paths[pick % paths.length];
    let parent: unknown = copy;
    for (const step of path.slice(0, -1)) parent = (parent as Record<PathStep, unknown>)[step];
    const last = path[path.length - 1];
    if (value === DELETE) {
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else delete (parent as Record<PathStep, unknown>)[last];
    } else {
      (parent as Record<PathStep, unknown>)[last] = value;
    }
  }
  return copy;
}

const mutatedArb = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.array(fc.tuple(fc.nat(), fc.oneof(valueArb, fc.constant<unknown>(DELETE))), { maxLength: 5 }))
  .map(([doc, changes]) => mutate(doc, changes));

function safeStringify(v: unknown): string {
  try {
    return stringify(v);
  } catch {
    return JSON.stringify(v) + '\n';
  }
}

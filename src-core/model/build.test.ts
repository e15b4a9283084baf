import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';

const load = (text: string, profile?: 'kubernetes' | 'openshift' | 'lumi-k' | 'openshift-multitenant') =>
  loadCluster([{ name: 'in.yaml', text }], { profile });

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: c
        ports: [{name: http, containerPort: 8080}, {containerPort: 53, protocol: UDP}]
`;

describe('buildCluster', () => {
  it('a workload stands for the pods of its template', () => {
    const c = load(DEPLOY);
    const w = c.podsById.get('shop/web')!;
    expect(w.kind).toBe('Deployment');
    expect(w.podLabels).toEqual({ app: 'web' });
    expect(w.ports.map((p) => `${p.name ?? ''}:${p.containerPort}/${p.protocol}`)).toEqual(['http:8080/TCP', ':53/UDP']);
  });

  it('puts objects without a namespace in default, or in the one given', () => {
    const svc = 'kind: Service\napiVersion: v1\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n';
    expect(load(svc).services[0].meta.namespace).toBe('default');
    expect(loadCluster([{ name: 'x', text: svc }], { defaultNamespace: 'team' }).services[0].meta.namespace).toBe('team');
  });

  it('implies namespaces and their kubernetes.io/metadata.name label', () => {
    const c = load(DEPLOY + '---\nkind: Namespace\napiVersion: v1\nmetadata: {name: other, labels: {team: a}}\n');
    expect(c.namespaces.get('shop')).toMatchObject({ declared: false, labels: { 'kubernetes.io/metadata.name': 'shop' } });
    expect(c.namespaces.get('other')?.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'other' });
  });

  it('defaults policyTypes like SetDefaults_NetworkPolicy: Egress only with at least one egress rule', () => {
    const c = load(`kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: a, namespace: shop}
spec:
  podSelector: {}
  egress: []
---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: b, namespace: shop}
spec:
  podSelector: {}
  egress: [{}]
---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: c, namespace: shop}
spec:
  podSelector: {}
  policyTypes: []
  egress: [{}]
---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: d, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
`);
    expect(c.networkPolicies.map((p) => p.policyTypes)).toEqual([['Ingress'], ['Ingress', 'Egress'], ['Ingress', 'Egress'], ['Egress']]);
    expect(c.networkPolicies.map((p) => p.policyTypesExplicit)).toEqual([false, false, false, true]);
  });

  it('reports wrong field types with the field path and position, and keeps going', () => {
    const c = load(`kind: Service
apiVersion: v1
metadata: {name: s, namespace: shop}
spec:
  ports:
  - port: eighty
  - port: 443
    protocol: tcp
`);
    expect(c.services[0].ports.map((p) => p.port)).toEqual([443]);
    const d = c.diagnostics.map((x) => `${x.code}@${x.range.startLine}:${x.path}`);
    expect(d).toEqual(['wrong-type@6:spec.ports.0.port', 'invalid-value@8:spec.ports.1.protocol']);
  });

  it('LUMI-K implies the two project default policies, replaced by a user policy of the same name', () => {
    const user = `---
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: deny-other-namespaces-access, namespace: shop}
spec: {podSelector: {matchLabels: {app: none}}}
`;
    const c = load(DEPLOY + user, 'lumi-k');
    const shop = c.networkPolicies.filter((p) => p.meta.namespace === 'shop');
    expect(shop.map((p) => `${p.meta.name}:${p.meta.impliedBy ?? 'user'}`).sort()).toEqual([
      'allow-from-router:lumi-k',
      'deny-other-namespaces-access:user',
    ]);
    const implied = shop.find((p) => p.meta.impliedBy)!;
    expect(c.sourceMap.locate(implied.meta.ref).file).toBe('<lumi-k project defaults>');
    expect(load(DEPLOY, 'kubernetes').networkPolicies).toEqual([]);
  });

  it('a later object with the same kind/namespace/name replaces the earlier one, with a warning', () => {
    const c = load(DEPLOY + '---\n' + DEPLOY.replace('app: web', 'app: web2'));
    expect(c.pods).toHaveLength(1);
    expect(c.pods[0].podLabels).toEqual({ app: 'web2' });
    expect(c.diagnostics[0].code).toBe('duplicate-object');
  });

  it('a Pod wins over a workload of the same namespace/name as the NS/NAME endpoint', () => {
    const c = load(DEPLOY + '---\nkind: Pod\napiVersion: v1\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: c}]}\n');
    expect(c.podsById.get('shop/web')?.kind).toBe('Pod');
  });

  it('reads pod readiness and status addresses', () => {
    const c = load(`kind: Pod
apiVersion: v1
metadata: {name: p, namespace: shop, creationTimestamp: 2024-01-02T03:04:05Z}
spec: {containers: [{name: c}]}
status:
  podIP: 10.128.0.5
  conditions: [{type: Ready, status: "False"}]
`);
    expect(c.pods[0]).toMatchObject({ ready: false, podIP: '10.128.0.5', podIPs: ['10.128.0.5'] });
    expect(c.pods[0].meta.creationTimestamp).toBe('2024-01-02T03:04:05Z');
    expect(c.diagnostics).toEqual([]);
  });

  it('selector operators are validated', () => {
    const c = load(`kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: a, namespace: shop}
spec:
  podSelector:
    matchExpressions: [{key: app, operator: Equals, values: [x]}]
`);
    expect(c.diagnostics[0]).toMatchObject({ code: 'invalid-selector', path: 'spec.podSelector.matchExpressions.0.operator' });
  });
});

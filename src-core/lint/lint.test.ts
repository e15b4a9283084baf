import { describe, expect, it } from 'vitest';
import { loadCluster } from '../index';
import type { ProfileName } from '../model/types';
import { lintCluster, lintInParts } from './index';

const lint = (yaml: string, profile: ProfileName = 'openshift') => lintCluster(loadCluster([{ name: 'l.yaml', text: yaml }], { profile }));
const codes = (yaml: string, profile?: ProfileName) => lint(yaml, profile).map((f) => f.code);

const app = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
const route = (spec: string, annotations = '') => `---
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: web
  namespace: shop
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
  host: shop.apps.example.com
  to: {kind: Service, name: web}
${spec}
`;

describe('lint rules', () => {
  it('route targetPort matching no endpoint (the seed mistake)', () => {
    const f = lint(app + route('  port: {targetPort: 80}')).find((x) => x.code === 'route-targetport-no-endpoint');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('the endpoints have 8080');
    expect(f?.fix?.summary).toContain('targetPort: 8080');
    expect(f?.source.startLine).toBe(27);
    expect(codes(app + route('  port: {targetPort: http}'))).not.toContain('route-targetport-no-endpoint');
  });
  it('service selecting no pods', () => {
    const f = lint(app.replace('selector: {app: web}', 'selector: {app: webb}')).find((x) => x.code === 'service-selects-no-pods');
    expect(f?.message).toContain('app=webb');
    expect(f?.fix).toBeDefined();
    expect(codes(app)).not.toContain('service-selects-no-pods');
  });
  it('named targetPort missing on some pods', () => {
    const y = app.replace('targetPort: 8080', 'targetPort: http') + `---
apiVersion: v1
kind: Pod
metadata: {name: old, namespace: shop, labels: {app: web}}
spec:
  containers: [{name: c, ports: [{containerPort: 8080}]}]
`;
    const f = lint(y).find((x) => x.code === 'named-targetport-missing');
    expect(f?.message).toContain('name on shop/old;');
    expect(codes(app.replace('targetPort: 8080', 'targetPort: http'))).not.toContain('named-targetport-missing');
  });
  it('malformed allow-list allows everyone; a mix drops the invalid entries', () => {
    const bad = lint(app + route('', '    haproxy.router.openshift.io/ip_allowlist: "10.0.0.1,10.0.0.2"')).find((x) => x.code === 'allowlist-allows-everyone');
    expect(bad?.severity).toBe('error');
    expect(bad?.message).toContain('ALLOWS EVERY client');
    expect(bad?.fix?.snippet).toContain('10.0.0.1 10.0.0.2');
    const mixed = lint(app + route('', '    haproxy.router.openshift.io/ip_whitelist: "10.0.0.0/8 192.168.0.0/33"')).find((x) => x.code === 'allowlist-invalid-entries');
    expect(mixed?.message).toContain('192.168.0.0/33');
    expect(codes(app + route('', '    haproxy.router.openshift.io/ip_allowlist: "10.0.0.0/8 192.168.1.5"'))).not.toContain('allowlist-invalid-entries');
  });
  it('HSTS where it does nothing', () => {
    const a = '    haproxy.router.openshift.io/hsts_header: max-age=31536000';
    expect(codes(app + route('  tls: {termination: passthrough}', a))).toContain('hsts-ineffective');
    expect(codes(app + route('', a))).toContain('hsts-ineffective');
    expect(codes(app + route('  tls: {termination: edge}', '    haproxy.router.openshift.io/hsts_header: includeSubDomains'))).toContain('hsts-ineffective');
    expect(codes(app + route('  tls: {termination: edge}', a))).not.toContain('hsts-ineffective');
  });
  it('reencrypt without a CA', () => {
    expect(codes(app + route('  tls: {termination: reencrypt}'))).toContain('reencrypt-without-ca');
    const withCert = app.replace('metadata: {name: web, namespace: shop}\nspec:\n  selector', 'metadata:\n  name: web\n  namespace: shop\n  annotations: {service.beta.openshift.io/serving-cert-secret-name: web-tls}\nspec:\n  selector');
    expect(codes(withCert + route('  tls: {termination: reencrypt}'))).not.toContain('reencrypt-without-ca');
  });
  it('host collisions: the newer route is not admitted', () => {
    const y = app + route('', '').replace('namespace: shop\n', 'namespace: shop\n  creationTimestamp: "2023-01-01T00:00:00Z"\n') + route('', '').replace('name: web\n  namespace', 'name: web2\n  namespace').replace('namespace: shop\n', 'namespace: shop\n  creationTimestamp: "2024-01-01T00:00:00Z"\n');
    const f = lint(y).find((x) => x.code === 'route-host-collision');
    expect(f?.object).toBe('Route/shop/web2');
    expect(f?.message).toContain('Route shop/web is older');
  });
  it('policy selecting no pods', () => {
    const np = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
`;
    expect(codes(app + np)).toContain('policy-selects-no-pods');
    expect(codes(app + np.replace('app: api', 'app: web'))).not.toContain('policy-selects-no-pods');
  });
  it('policies that isolate the router namespace from exposed pods', () => {
    const deny = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-ns-only, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{podSelector: {}}]
`;
    const f = lint(app + route('') + deny).find((x) => x.code === 'router-isolated');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('shop/web');
    expect(f?.fix).toBeDefined();
    const allowRouter = deny + `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-router, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {policy-group.network.openshift.io/ingress: ""}}}]
`;
    expect(codes(app + route('') + allowRouter)).not.toContain('router-isolated');
  });
  it('EgressNetworkPolicy placements that drop all egress (multitenant)', () => {
    const enp = (name: string, ns = 'shop') => `---
apiVersion: network.openshift.io/v1
kind: EgressNetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
  egress:
  - {type: Deny, to: {cidrSelector: 0.0.0.0/0}}
`;
    expect(codes(app + enp('a') + enp('b'), 'openshift-multitenant')).toContain('egress-policy-drops-all');
    expect(codes(app + enp('a'), 'openshift-multitenant')).not.toContain('egress-policy-drops-all');
    const joined = `---
apiVersion: network.openshift.io/v1
kind: NetNamespace
metadata: {name: shop}
netname: shop
netid: 4242
---
apiVersion: network.openshift.io/v1
kind: NetNamespace
metadata: {name: shop2}
netname: shop2
netid: 4242
---
apiVersion: v1
kind: Namespace
metadata: {name: shop2}
`;
    expect(codes(app + enp('a') + joined, 'openshift-multitenant')).toContain('egress-policy-drops-all');
    const global = joined.replace(/4242/g, '0');
    expect(codes(app + enp('a') + global, 'openshift-multitenant')).toContain('egress-policy-ignored');
  });
  it('Ingress rules that OpenShift turns into no Route', () => {
    const ing = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: i, namespace: shop}
spec:
  rules:
  - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
  - host: a.example.com
    http: {paths: [{path: /x, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}]}
`;
    const f = lint(app + ing).filter((x) => x.code === 'ingress-no-route').map((x) => x.message);
    expect(f).toHaveLength(2);
    expect(f.join()).toContain('without host');
    expect(f.join()).toContain('Exact');
    expect(codes(app + ing, 'kubernetes')).not.toContain('ingress-no-route');
  });
  it('keeps the parse and model diagnostics', () => {
    expect(codes('kind: Service\nmetadata: {}\n')).toContain('missing-name');
  });
});

describe('lintInParts (the app worker runs the parts in separate tasks)', () => {
  it('gives lintCluster\'s findings once every part ran, and refuses to answer before', () => {
    const c = loadCluster([{ name: 'l.yaml', text: app + route('').replace('name: web}', 'name: nope}') }], { profile: 'openshift' });
    const now = new Date('2026-11-21T00:00:00Z');
    const run = lintInParts(c, { now });
    expect(run.parts.length).toBeGreaterThan(1);
    run.parts[0]();
    expect(() => run.findings()).toThrow();
    for (const p of run.parts.slice(1)) p();
    expect(run.findings()).toEqual(lintCluster(c, { now }));
    expect(run.findings().map((f) => f.code)).toContain('route-service-missing');
  });
});

import { describe, expect, it } from 'vitest';
import { gatewayHostMatches } from './gateway';
import { clusterOf, trace } from './testutil';

const app = (name: string, ns = 'shop') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}
`;
const gw = `---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: example}
spec: {controllerName: example.com/gateway}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    hostname: "*.example.com"
    allowedRoutes: {namespaces: {from: All}}
`;
const route = (name: string, rules: string, extra = '') => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: shop${extra}}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  hostnames: [shop.example.com]
  rules:
${rules}
`;

describe('Gateway API', () => {
  it('listener wildcards are suffix matches over one or more labels', () => {
    expect(gatewayHostMatches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(gatewayHostMatches('*.example.com', 'example.com')).toBe(false);
  });
  it('Exact beats a longer PathPrefix; longest prefix; weights', () => {
    const y = app('a') + app('b') + app('c') + gw + route('r', `  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: a, port: 80, weight: 1}, {name: b, port: 80, weight: 3}]
  - matches: [{path: {type: Exact, value: /api}}]
    backendRefs: [{name: c, port: 80}]
  - backendRefs: [{name: a, port: 80}]`);
    const c = clusterOf(y, 'kubernetes');
    expect(trace(c, { from: 'internet', to: 'http://shop.example.com/api' }).reached).toBe('shop/c');
    const t = trace(c, { from: 'internet', to: 'http://shop.example.com/api/x' });
    expect(t.reached).toBe('shop/b');
    expect(t.hops.find((h) => h.kind === 'route')!.facts!['shop/b:80']).toContain('75.0%');
    expect(trace(c, { from: 'internet', to: 'http://shop.example.com/other' }).reached).toBe('shop/a');
    expect(trace(c, { from: 'internet', to: 'http://nope.example.org/' }).allowed).toBe(false);
  });
  it('header matches do not match podpath request; the older route wins a tie', () => {
    const y = app('a') + app('b') + gw + route('new', `  - backendRefs: [{name: a, port: 80}]`, ', creationTimestamp: "2024-01-01T00:00:00Z"') + route('old', `  - backendRefs: [{name: b, port: 80}]
  - matches: [{headers: [{name: x-canary, value: "1"}]}]
    backendRefs: [{name: a, port: 80}]`, ', creationTimestamp: "2023-01-01T00:00:00Z"');
    expect(trace(clusterOf(y, 'kubernetes'), { from: 'internet', to: 'http://shop.example.com/' }).reached).toBe('shop/b');
  });
  it('cross-namespace backends need a ReferenceGrant', () => {
    const y = app('a', 'backend') + gw + route('r', `  - backendRefs: [{name: a, namespace: backend, port: 80}]`);
    const denied = trace(clusterOf(y, 'kubernetes'), { from: 'internet', to: 'http://shop.example.com/' });
    expect(denied.allowed).toBe(false);
    expect(denied.hops.find((h) => h.kind === 'service')!.fix?.snippet).toContain('kind: ReferenceGrant');
    const grant = `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: g, namespace: backend}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
  to: [{group: "", kind: Service}]
`;
    expect(trace(clusterOf(y + grant, 'kubernetes'), { from: 'internet', to: 'http://shop.example.com/' }).reached).toBe('backend/a');
  });
  it('allowedRoutes Same refuses routes of other namespaces', () => {
    const y = app('a') + gw.replace('from: All', 'from: Same') + route('r', `  - backendRefs: [{name: a, port: 80}]`);
    const t = trace(clusterOf(y, 'kubernetes'), { from: 'internet', to: 'http://shop.example.com/' });
    expect(t.allowed).toBe(false);
  });
});

describe('HTTPS listeners', () => {
  const https = gw.replace('  - name: http\n    protocol: HTTP\n    port: 80', '  - name: https\n    protocol: HTTPS\n    port: 443\n    tls: {mode: Terminate, certificateRefs: [{name: shop-tls, namespace: certs}]}');
  it('a certificate in another namespace needs a ReferenceGrant to the Secret', () => {
    const y = app('a') + https + route('r', `  - backendRefs: [{name: a, port: 80}]`);
    const t = trace(clusterOf(y, 'kubernetes'), { from: 'internet', to: 'https://shop.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'tls')!.summary).toContain('RefNotPermitted');
    const grant = `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: g, namespace: certs}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
  to: [{group: "", kind: Secret, name: shop-tls}]
`;
    expect(trace(clusterOf(y + grant, 'kubernetes'), { from: 'internet', to: 'https://shop.example.com/' }).reached).toBe('shop/a');
  });
});

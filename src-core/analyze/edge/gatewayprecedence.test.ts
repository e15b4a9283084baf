// Gateway API: which Gateway, which listener, which HTTPRoute takes a request. Cases follow the Gateway API
// conformance suite (kubernetes-sigs/gateway-api conformance/tests): gateway-http-listener-isolation
// (listeners "", *.example.com, *.foo.example.com, abc.foo.example.com — each request reaches only the
// routes of its most specific listener, others get 404) and httproute-listener-hostname-matching; and the
// HTTPRoute API text (httproute_types.go, hostnames): "precedence must be given to rules from the HTTPRoute
// with the largest number of: Characters in a matching non-wildcard hostname. Characters in a matching hostname."
import { describe, expect, it } from 'vitest';
import { clusterOf, trace } from './testutil';

const app = (name: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: infra, labels: {app: ${name}}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: infra}
spec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: 8080}]}
`;
const gateway = (name: string, listeners: [string, string | undefined][], address?: string) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: infra}
spec:
  gatewayClassName: example
  listeners:
${listeners.map(([n, h]) => `  - {name: ${n}, protocol: HTTP, port: 80${h ? `, hostname: "${h}"` : ''}}`).join('\n')}
${address ? `status:\n  addresses: [{type: IPAddress, value: ${address}}]\n` : ''}`;
const httproute = (name: string, gw: string, section: string | undefined, path: string, backend: string, hostnames?: string[]) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: infra}
spec:
  parentRefs: [{name: ${gw}${section ? `, sectionName: ${section}` : ''}}]
${hostnames ? `  hostnames: [${hostnames.map((h) => `"${h}"`).join(', ')}]\n` : ''}  rules:
  - matches: [{path: {type: PathPrefix, value: ${path}}}]
    backendRefs: [{name: ${backend}, port: 80}]
`;

describe('listener isolation (conformance gateway-http-listener-isolation)', () => {
  const listeners: [string, string | undefined][] = [['empty-hostname', undefined], ['wildcard-example-com', '*.example.com'], ['wildcard-foo-example-com', '*.foo.example.com'], ['abc-foo-example-com', 'abc.foo.example.com']];
  const y = app('v1') + gateway('iso', listeners) + listeners.map(([n]) => httproute(`attaches-to-${n}`, 'iso', n, `/${n}`, 'v1')).join('');
  const c = clusterOf(y, 'kubernetes');
  const cases: [string, string][] = [['bar.com', 'empty-hostname'], ['bar.example.com', 'wildcard-example-com'], ['bar.foo.example.com', 'wildcard-foo-example-com'], ['abc.foo.example.com', 'abc-foo-example-com']];
  for (const [host, own] of cases) {
    it(`${host} reaches only the routes of listener ${own}`, () => {
      for (const [n] of listeners) {
        const t = trace(c, { from: 'internet', to: `http://${host}/${n}` });
        expect(t.allowed, `${host}/${n}`).toBe(n === own);
        if (n !== own) expect(t.hops.some((h) => h.summary.includes('404')), `${host}/${n}`).toBe(true);
      }
    });
  }
});

describe('HTTPRoute hostname precedence before path precedence', () => {
  it('the route with the longest matching non-wildcard hostname wins, even against a longer path', () => {
    const y = app('exact') + app('wild') + gateway('gw', [['http', undefined]]) + httproute('wild', 'gw', undefined, '/api/v1', 'wild', ['*.example.com']) + httproute('exact', 'gw', undefined, '/', 'exact', ['shop.example.com']);
    const c = clusterOf(y, 'kubernetes');
    expect(trace(c, { from: 'internet', to: 'http://shop.example.com/api/v1/x' }).reached).toBe('infra/exact');
    expect(trace(c, { from: 'internet', to: 'http://other.example.com/api/v1/x' }).reached).toBe('infra/wild');
  });
  it('between wildcards, the longer matching hostname wins (conformance httproute-listener-hostname-matching)', () => {
    const y = app('long') + app('short') + gateway('gw', [['http', undefined]]) + httproute('short', 'gw', undefined, '/x', 'short', ['*.example.com']) + httproute('long', 'gw', undefined, '/', 'long', ['*.foo.example.com']);
    expect(trace(clusterOf(y, 'kubernetes'), { from: 'internet', to: 'http://a.foo.example.com/x' }).reached).toBe('infra/long');
  });
});

describe("a request to a Gateway's status.addresses goes to that Gateway only", () => {
  const y = app('a') + app('b') + gateway('one', [['http', undefined]], '203.0.113.10') + gateway('two', [['http', undefined]], '203.0.113.20') + httproute('to-one', 'one', undefined, '/', 'a') + httproute('to-two', 'two', undefined, '/', 'b');
  const c = clusterOf(y, 'kubernetes');
  it('each address reaches its own Gateway\'s routes', () => {
    expect(trace(c, { from: 'internet', to: 'http://203.0.113.10/' }).reached).toBe('infra/a');
    expect(trace(c, { from: 'internet', to: 'http://203.0.113.20/' }).reached).toBe('infra/b');
  });
  it('a port the Gateway has no listener for is denied, naming the Gateway', () => {
    const t = trace(c, { from: 'internet', to: 'http://203.0.113.10:8080/' });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'gateway')!.title).toContain('Gateway infra/one');
  });
  it('on OpenShift, the Gateway address is not the router: no Route is consulted', () => {
    const r = `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: r, namespace: infra}
spec: {to: {kind: Service, name: b}}
`;
    expect(trace(clusterOf(y + r, 'openshift'), { from: 'internet', to: 'http://203.0.113.10/' }).reached).toBe('infra/a');
  });
});

describe("a pod calling a Gateway's address", () => {
  it('needs egress to that Gateway\'s data plane, not to the router', () => {
    const client = `---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: apps, labels: {app: client}}
spec: {containers: [{name: c}]}
status: {podIP: 10.128.5.5}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-infra, namespace: apps}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: infra}}}]
`;
    const y = app('a') + gateway('one', [['http', undefined]], '203.0.113.10') + httproute('to-one', 'one', undefined, '/', 'a') + client;
    const t = trace(clusterOf(y, 'kubernetes'), { from: 'apps/client', to: 'http://203.0.113.10/' });
    const eg = t.hops.find((h) => h.kind === 'egress-policy')!;
    expect(eg.steps[0].text).toContain('the data plane of Gateway infra/one');
    expect(eg.verdict).toBe('allowed');
    expect(t.reached).toBe('infra/a');
  });
});

import { describe, expect, it } from 'vitest';
import { clusterOf, fixture, hopKinds, trace, wildcardsAllowed } from './testutil';
import { routeAdmission, routePathMatches } from './route';

const svcAndPods = (extra = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
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
${extra}`;

const route = (name: string, spec: string, meta = '') => `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: ${name}, namespace: shop${meta}}
spec:
${spec}
`;

describe('seed: Route targetPort is compared with endpoint ports', () => {
  it('targetPort 80 in front of Service 80→8080 gives 503 with the reason and the fix', () => {
    const c = clusterOf(fixture('seed-targetport.yaml'));
    const t = trace(c, { from: 'internet', to: 'https://shop.apps.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.reached).toBeNull();
    const h = t.hops.find((x) => x.kind === 'endpoints')!;
    expect(h.verdict).toBe('denied');
    expect(h.summary).toContain('503');
    const text = h.steps.map((s) => s.text).join('\n');
    expect(text).toContain('targetPort 80 is compared with endpoint ports');
    expect(text).toContain('the endpoints have 8080');
    expect(h.fix?.summary).toContain('targetPort: 8080');
    expect(h.fix?.summary).toContain('targetPort: http');
    expect(h.rule?.path).toBe('spec.port.targetPort');
    expect(h.rule?.source.startLine).toBe(54);
  });
  it('targetPort 8080 or the port name "http" reaches the pod', () => {
    for (const tp of ['8080', 'http']) {
      const c = clusterOf(fixture('seed-targetport.yaml').replace('targetPort: 80\n  tls', `targetPort: ${tp}\n  tls`));
      const t = trace(c, { from: 'internet', to: 'https://shop.apps.example.com/' });
      expect(t.allowed, tp).toBe(true);
      expect(t.reached).toBe('shop/web');
    }
  });
  it('a string targetPort is also compared with the endpoint port number (router PreferPort)', () => {
    const c = clusterOf(svcAndPods(route('r', `  host: a.apps.example.com\n  to: {kind: Service, name: web}\n  port: {targetPort: "8080"}`)));
    expect(trace(c, { from: 'internet', to: 'http://a.apps.example.com/' }).reached).toBe('shop/web');
  });
  it('no spec.port uses every endpoint port', () => {
    const c = clusterOf(svcAndPods(route('r', `  host: a.apps.example.com\n  to: {kind: Service, name: web}`)));
    const t = trace(c, { from: 'internet', to: 'http://a.apps.example.com/x' });
    expect(t.allowed).toBe(true);
    expect(t.hops.find((h) => h.kind === 'endpoints')!.steps.some((s) => s.text.includes('no spec.port'))).toBe(true);
  });
});

describe('host and path matching', () => {
  it('path /foo matches /foo and /foo/bar but not /foobar; longest path wins', () => {
    expect(routePathMatches('/foo', '/foo')).toBe(true);
    expect(routePathMatches('/foo', '/foo/bar')).toBe(true);
    expect(routePathMatches('/foo', '/foobar')).toBe(false);
    expect(routePathMatches('/foo/', '/foo/x')).toBe(true);
    expect(routePathMatches('/', '/anything')).toBe(true);
    const c = clusterOf(svcAndPods(route('root', `  host: a.apps.example.com\n  to: {kind: Service, name: web}`) + route('api', `  host: a.apps.example.com\n  path: /api\n  to: {kind: Service, name: nothere}`)));
    const api = trace(c, { from: 'internet', to: 'http://a.apps.example.com/api/v1' });
    expect(api.hops.find((h) => h.kind === 'route')!.title).toBe('Route shop/api');
    expect(api.allowed).toBe(false);
    const other = trace(c, { from: 'internet', to: 'http://a.apps.example.com/apix' });
    expect(other.hops.find((h) => h.kind === 'route')!.title).toBe('Route shop/root');
    expect(other.reached).toBe('shop/web');
  });
  it('host matching is exact, and Subdomain wildcards match one label (IngressController allows wildcards)', () => {
    const c = clusterOf(svcAndPods(route('w', `  host: www.apps.example.com\n  wildcardPolicy: Subdomain\n  to: {kind: Service, name: web}`)) + wildcardsAllowed);
    expect(trace(c, { from: 'internet', to: 'http://foo.apps.example.com/' }).reached).toBe('shop/web');
    expect(trace(c, { from: 'internet', to: 'http://a.b.apps.example.com/' }).allowed).toBe(false);
    const exact = clusterOf(svcAndPods(route('e', `  host: www.apps.example.com\n  to: {kind: Service, name: web}`)));
    expect(trace(exact, { from: 'internet', to: 'http://foo.apps.example.com/' }).allowed).toBe(false);
    expect(trace(exact, { from: 'internet', to: 'http://WWW.apps.example.com/' }).allowed).toBe(true);
  });
  it('the oldest route wins a host+path collision and the other is not admitted', () => {
    const c = clusterOf(svcAndPods(
      route('newer', `  host: a.apps.example.com\n  to: {kind: Service, name: web}`, ', creationTimestamp: "2024-05-01T00:00:00Z"') +
      route('older', `  host: a.apps.example.com\n  to: {kind: Service, name: missing}`, ', creationTimestamp: "2023-01-01T00:00:00Z"'),
    ));
    const adm = routeAdmission(c);
    const newer = c.routes.find((r) => r.meta.name === 'newer')!;
    expect(adm.get(newer)!.admitted).toBe(false);
    expect(adm.get(newer)!.reason).toContain('shop/older');
    const t = trace(c, { from: 'internet', to: 'http://a.apps.example.com/' });
    const rh = t.hops.find((h) => h.kind === 'route')!;
    expect(rh.title).toBe('Route shop/older');
    expect(rh.steps.some((s) => s.text.includes('NOT admitted'))).toBe(true);
  });
  it('a route of another namespace cannot take a host owned by an older route (namespaceOwnership Strict)', () => {
    const c = clusterOf(svcAndPods(route('a', `  host: a.apps.example.com\n  path: /a\n  to: {kind: Service, name: web}`, ', creationTimestamp: "2023-01-01T00:00:00Z"')) + `---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: b, namespace: other, creationTimestamp: "2024-01-01T00:00:00Z"}
spec: {host: a.apps.example.com, path: /b, to: {kind: Service, name: web}}
`);
    const b = c.routes.find((r) => r.meta.name === 'b')!;
    expect(routeAdmission(c).get(b)!.admitted).toBe(false);
  });
});

describe('TLS and insecureEdgeTerminationPolicy', () => {
  const edge = (iep: string) => svcAndPods(route('r', `  host: a.apps.example.com\n  to: {kind: Service, name: web}\n  tls: {termination: edge${iep ? `, insecureEdgeTerminationPolicy: ${iep}` : ''}}`));
  it('None (default): plain HTTP is not served', () => {
    const t = trace(clusterOf(edge('')), { from: 'internet', to: 'http://a.apps.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'route')!.steps.some((s) => s.text.includes('does not serve http'))).toBe(true);
  });
  it('Redirect: 302 to https, followed like a browser', () => {
    const t = trace(clusterOf(edge('Redirect')), { from: 'internet', to: 'http://a.apps.example.com/' });
    expect(t.verdict).toBe('redirected');
    expect(t.reached).toBe('shop/web');
    expect(hopKinds(t)).toContain('redirect');
    expect(hopKinds(t).filter((k) => k === 'route')).toHaveLength(2);
  });
  it('Allow serves plain HTTP (with a warning)', () => {
    const t = trace(clusterOf(edge('Allow')), { from: 'internet', to: 'http://a.apps.example.com/' });
    expect(t.allowed).toBe(true);
    expect(t.verdict).toBe('warning');
  });
  it('a plain HTTP route does not serve https', () => {
    const t = trace(clusterOf(svcAndPods(route('r', `  host: a.apps.example.com\n  to: {kind: Service, name: web}`))), { from: 'internet', to: 'https://a.apps.example.com/' });
    expect(t.allowed).toBe(false);
  });
  it('passthrough with Allow is rejected by validation and not admitted', () => {
    const c = clusterOf(svcAndPods(route('r', `  host: a.apps.example.com\n  to: {kind: Service, name: web}\n  tls: {termination: passthrough, insecureEdgeTerminationPolicy: Allow}`)));
    expect(routeAdmission(c).get(c.routes[0])!.admitted).toBe(false);
  });
});

describe('weights', () => {
  it('shows shares; weight 0 gets no traffic', () => {
    const c = clusterOf(svcAndPods(`---
apiVersion: v1
kind: Service
metadata: {name: canary, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
` + route('r', `  host: a.apps.example.com\n  to: {kind: Service, name: web, weight: 0}\n  alternateBackends:\n  - {kind: Service, name: canary, weight: 30}`)));
    const t = trace(c, { from: 'internet', to: 'http://a.apps.example.com/' });
    const svc = t.hops.find((h) => h.kind === 'service')!;
    expect(svc.title).toBe('Service shop/canary');
    expect(svc.facts!['Service web']).toContain('0.0%');
    expect(svc.facts!['Service canary']).toContain('100.0%');
  });
});

describe('the last hop: NetworkPolicy sees the router namespace', () => {
  const ok = fixture('seed-targetport.yaml').replace('targetPort: 80\n  tls', 'targetPort: 8080\n  tls');
  const sameNsOnly = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-ns, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]
`;
  it('a policy admitting only the namespace itself stops router traffic, with a fix', () => {
    const t = trace(clusterOf(ok + sameNsOnly), { from: 'internet', to: 'https://shop.apps.example.com/' });
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.verdict === 'denied')!;
    expect(h.kind).toBe('ingress-policy');
    expect(h.steps.some((s) => s.text.includes('openshift-ingress'))).toBe(true);
    expect(h.fix).toBeDefined();
  });
  it('LUMI-K project defaults admit the router', () => {
    const t = trace(clusterOf(ok, 'lumi-k'), { from: 'internet', to: 'https://shop.apps.example.com/' });
    expect(t.reached).toBe('shop/web');
  });
});

describe('who calls the route', () => {
  const ok = fixture('seed-targetport.yaml').replace('targetPort: 80\n  tls', 'targetPort: 8080\n  tls');
  it('a pod needs egress to the router first', () => {
    const client = `---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: no-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
`;
    // Without any egress rule the pod cannot even resolve the host: the DNS lookup is the first denial.
    const t = trace(clusterOf(ok + client), { from: 'shop/client', to: 'https://shop.apps.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.hops[1].kind).toBe('dns');
    expect(t.hops[1].verdict).toBe('denied');
    // With DNS allowed, the connection to the router is what the policy stops.
    const dnsOnly = client + '  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}}], ports: [{protocol: UDP, port: 5353}, {protocol: TCP, port: 5353}]}]\n';
    const t2 = trace(clusterOf(ok + dnsOnly), { from: 'shop/client', to: 'https://shop.apps.example.com/' });
    expect(t2.allowed).toBe(false);
    expect(t2.hops.map((h) => [h.kind, h.verdict])).toContainEqual(['dns', 'allowed']);
    expect(t2.hops.find((h) => h.verdict === 'denied')!.kind).toBe('egress-policy');
    const open = trace(clusterOf(ok + client.replace(/---\napiVersion: networking[\s\S]*$/, '')), { from: 'shop/client', to: 'https://shop.apps.example.com/' });
    expect(open.reached).toBe('shop/web');
  });
  it('routes are not served under the plain Kubernetes profile', () => {
    expect(trace(clusterOf(ok, 'kubernetes'), { from: 'internet', to: 'https://shop.apps.example.com/' }).allowed).toBe(false);
  });
});

describe('route annotations as facts', () => {
  it('timeouts and rate limits are shown on the Route hop', () => {
    const y = fixture('seed-targetport.yaml').replace('targetPort: 80\n  tls', 'targetPort: 8080\n  tls').replace('  name: web\n  namespace: shop\nspec:\n  host', '  name: web\n  namespace: shop\n  annotations:\n    haproxy.router.openshift.io/timeout: 2m\n    haproxy.router.openshift.io/rate-limit-connections: "true"\n    haproxy.router.openshift.io/rate-limit-connections.rate-http: "100"\nspec:\n  host');
    const t = trace(clusterOf(y), { from: 'internet', to: 'https://shop.apps.example.com/' });
    const f = t.hops.find((h) => h.kind === 'route')!.facts!;
    expect(f['timeout']).toBe('2m');
    expect(f['rate-limit-connections.rate-http']).toBe('100');
    expect(t.reached).toBe('shop/web');
  });
});

describe('routes without spec.host', () => {
  it('match <name>-<namespace>.<domain>, or <subdomain>.<domain>', () => {
    const gen = clusterOf(svcAndPods(route('web', `  to: {kind: Service, name: web}`)));
    expect(trace(gen, { from: 'internet', to: 'http://web-shop.apps.example.com/' }).reached).toBe('shop/web');
    const sub = clusterOf(svcAndPods(route('web', `  subdomain: store\n  to: {kind: Service, name: web}`)));
    expect(trace(sub, { from: 'internet', to: 'http://store.apps.example.com/' }).reached).toBe('shop/web');
    expect(trace(sub, { from: 'internet', to: 'http://web-shop.apps.example.com/' }).allowed).toBe(false);
  });
});

describe('plain HTTP on a host with several routes (redirect map, then HTTP map)', () => {
  const two = (rootTls: string, apiTls: string) => clusterOf(svcAndPods(
    route('root', `  host: a.apps.example.com\n  to: {kind: Service, name: web}${rootTls}`) +
    route('api', `  host: a.apps.example.com\n  path: /api\n  to: {kind: Service, name: web}${apiTls}`),
  ));
  it('an edge route without insecure policy on /api falls back to a plain / route', () => {
    const t = trace(two('', '\n  tls: {termination: edge}'), { from: 'internet', to: 'http://a.apps.example.com/api/x' });
    expect(t.hops.find((h) => h.kind === 'route')!.title).toBe('Route shop/root');
    expect(t.reached).toBe('shop/web');
  });
  it('a Redirect route on / does not redirect /api when the more specific /api route is not Redirect', () => {
    const t = trace(two('\n  tls: {termination: edge, insecureEdgeTerminationPolicy: Redirect}', '\n  tls: {termination: edge}'), { from: 'internet', to: 'http://a.apps.example.com/api' });
    expect(t.allowed).toBe(false);
    expect(t.verdict).toBe('denied');
    const r = trace(two('\n  tls: {termination: edge, insecureEdgeTerminationPolicy: Redirect}', '\n  tls: {termination: edge}'), { from: 'internet', to: 'http://a.apps.example.com/other' });
    expect(r.verdict).toBe('redirected');
  });
});

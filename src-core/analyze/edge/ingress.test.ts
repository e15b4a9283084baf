import { describe, expect, it } from 'vitest';
import { ingressHostMatch, ingressOrder, prefixMatches } from './ingress';
import { clusterOf, trace } from './testutil';

const app = (name: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}
spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec: {selector: {app: ${name}}, ports: [{name: web, port: 80, targetPort: http}]}
`;
const ing = (rules: string, extra = '') => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing, namespace: shop}
spec:
${extra}  rules:
${rules}
`;
const base = app('a') + app('b') + app('c');

describe('Ingress matching', () => {
  it('Prefix is element-wise on /', () => {
    expect(prefixMatches('/foo', '/foo')).toBe(true);
    expect(prefixMatches('/foo', '/foo/')).toBe(true);
    expect(prefixMatches('/foo/', '/foo/bar')).toBe(true);
    expect(prefixMatches('/foo', '/foobar')).toBe(false);
    expect(prefixMatches('/aaa/bb', '/aaa/bbb')).toBe(false);
    expect(prefixMatches('/', '/x')).toBe(true);
  });
  it('*.foo.com matches exactly one label', () => {
    expect(ingressHostMatch('*.foo.com', 'bar.foo.com')).toBe('wildcard');
    expect(ingressHostMatch('*.foo.com', 'baz.bar.foo.com')).toBeUndefined();
    expect(ingressHostMatch('*.foo.com', 'foo.com')).toBeUndefined();
    expect(ingressHostMatch(undefined, 'x.y')).toBe('any');
  });
  it('longest path wins, Exact before Prefix, port by name', () => {
    const y = base + ing(`  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: a, port: {name: web}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}
      - {path: /api, pathType: Exact, backend: {service: {name: c, port: {number: 80}}}}`);
    const c = clusterOf(y, 'kubernetes');
    expect(trace(c, { from: 'internet', to: 'http://shop.example.com/api' }).reached).toBe('shop/c');
    expect(trace(c, { from: 'internet', to: 'http://shop.example.com/api/v1' }).reached).toBe('shop/b');
    expect(trace(c, { from: 'internet', to: 'http://shop.example.com/apis' }).reached).toBe('shop/a');
  });
  it('exact host before wildcard; defaultBackend when nothing matches', () => {
    const y = base + ing(`  - host: "*.example.com"
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}]
  - host: shop.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]`, '  defaultBackend: {service: {name: c, port: {number: 80}}}\n');
    const c = clusterOf(y, 'kubernetes');
    expect(trace(c, { from: 'internet', to: 'http://shop.example.com/' }).reached).toBe('shop/a');
    expect(trace(c, { from: 'internet', to: 'http://x.example.com/' }).reached).toBe('shop/b');
  });
  it('a backend port that is not a Service port is refused (the Service port, not the pod port)', () => {
    const y = base + ing(`  - http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 8080}}}}]`);
    const t = trace(clusterOf(y, 'kubernetes'), { from: 'internet', to: 'http://any.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'service')!.summary).toContain('not the pod port');
  });
  it('resource backends are shown, not followed (ingress controller on kubernetes)', () => {
    const y = base + ing(`  - host: s.example.com
    http:
      paths: [{path: /static, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}}, {path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]`);
    const r = trace(clusterOf(y, 'kubernetes'), { from: 'internet', to: 'http://s.example.com/static/x.png' });
    expect(r.hops.find((h) => h.kind === 'service')!.title).toContain('StorageBucket');
    expect(r.reached).toBeNull();
  });
});

describe('Ingress on OpenShift: served as generated Routes (ingress-to-route)', () => {
  const y = base + ing(`  - host: s.example.com
    http:
      paths:
      - {path: /static, pathType: Prefix, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}}
      - {path: /exact, pathType: Exact, backend: {service: {name: b, port: {number: 80}}}}
      - {path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}
  - http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: c, port: {number: 80}}}}]`);
  it('resource backends and Exact paths get no Route, so the / route serves them', () => {
    const c = clusterOf(y, 'openshift');
    const r = trace(c, { from: 'internet', to: 'http://s.example.com/static/x.png' });
    expect(r.reached).toBe('shop/a');
    expect(r.hops.find((h) => h.kind === 'ingress')!.steps.some((s) => s.text.includes('generates'))).toBe(true);
    expect(trace(c, { from: 'internet', to: 'http://s.example.com/exact' }).reached).toBe('shop/a');
  });
  it('a rule without host gets no Route; the trace says why', () => {
    const t = trace(clusterOf(y, 'openshift'), { from: 'internet', to: 'http://other.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'ingress')!.steps.some((s) => s.text.includes('without host'))).toBe(true);
  });
  it('https needs a tls entry for the host; then http redirects (insecureEdgeTerminationPolicy Redirect)', () => {
    expect(trace(clusterOf(y, 'openshift'), { from: 'internet', to: 'https://s.example.com/' }).allowed).toBe(false);
    const tls = clusterOf(y.replace('  rules:', '  tls: [{hosts: [s.example.com], secretName: s-tls}]\n  rules:'), 'openshift');
    expect(trace(tls, { from: 'internet', to: 'https://s.example.com/' }).reached).toBe('shop/a');
    const http = trace(tls, { from: 'internet', to: 'http://s.example.com/' });
    expect(http.verdict).toBe('redirected');
  });
  it('an IngressClass of another controller is not served by the router', () => {
    const other = y.replace('spec:\n  rules:', 'spec:\n  ingressClassName: nginx\n  rules:') + `---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
`;
    const t = trace(clusterOf(other, 'openshift'), { from: 'internet', to: 'http://s.example.com/' });
    expect(t.allowed).toBe(false);
    expect(t.hops.find((h) => h.kind === 'ingress')!.steps[0].text).toContain('k8s.io/ingress-nginx');
  });
});

describe('ingress-nginx answers: 404 from the default backend, 503 for a matched Service without endpoints', () => {
  const named = (name: string, ts: string, spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: shop, creationTimestamp: "${ts}"}
spec:
${spec}`;
  const k8s = (y: string, url: string) => trace(clusterOf(y, 'kubernetes'), { from: 'internet', to: url });
  it('a host no rule names: 404, and the trace says why the wildcard did not match (one label)', () => {
    const y = base + ing(`  - host: "*.saas.example.com"
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]}`);
    const t = k8s(y, 'https://eu.acme.saas.example.com/');
    expect(t.allowed).toBe(false);
    const h = t.hops.find((x) => x.verdict === 'denied')!;
    expect(h.kind).toBe('ingress');
    expect(h.summary).toContain('404');
    expect(h.summary).not.toContain('503');
    expect(h.steps.map((s) => s.text).join('\n')).toContain('exactly ONE DNS label, and "eu.acme" is 2 labels');
    expect(k8s(y, 'https://saas.example.com/').hops.find((x) => x.verdict === 'denied')!.steps.map((s) => s.text).join('\n')).toContain('bare domain');
    expect(k8s(y, 'https://acme.saas.example.com/').reached).toBe('shop/a');
  });
  it('nginx picks the server by host first: an exact host without the path does not fall back to a wildcard rule', () => {
    const y = base + ing(`  - host: "*.example.com"
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: b, port: {number: 80}}}}]}
  - host: shop.example.com
    http: {paths: [{path: /api, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]}`);
    const t = k8s(y, 'http://shop.example.com/other');
    expect(t.allowed).toBe(false);
    expect(t.hops.find((x) => x.verdict === 'denied')!.title).toContain('404');
    expect(k8s(y, 'http://shop.example.com/api/v1').reached).toBe('shop/a');
    expect(k8s(y, 'http://x.example.com/other').reached).toBe('shop/b');
  });
  it('an unmatched path uses the defaultBackend of the oldest Ingress naming the host; a catch-all needs an Ingress without rules', () => {
    const rules = `  rules:
  - host: shop.example.com
    http: {paths: [{path: /api, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]}
`;
    const older = named('old', '2023-01-01T00:00:00Z', `  defaultBackend: {service: {name: c, port: {number: 80}}}\n${rules}`);
    const newer = named('new', '2024-01-01T00:00:00Z', `  defaultBackend: {service: {name: b, port: {number: 80}}}\n${rules}`);
    expect(k8s(base + newer + older, 'http://shop.example.com/x').reached).toBe('shop/c');
    // A defaultBackend on an Ingress WITH rules is not the catch-all for other hosts.
    expect(k8s(base + older, 'http://other.example.com/').hops.find((x) => x.verdict === 'denied')!.summary).toContain('404');
    const catchAll = named('catch', '2024-01-01T00:00:00Z', '  defaultBackend: {service: {name: b, port: {number: 80}}}\n');
    expect(k8s(base + older + catchAll, 'http://other.example.com/').reached).toBe('shop/b');
  });
  it('Ingresses are ordered as ingress-nginx sorts them: oldest first, equal timestamps by namespace/name descending', () => {
    const y = base + named('a-first', '', '  rules: []\n') + named('b-second', '', '  rules: []\n') + named('z', '2020-01-01T00:00:00Z', '  rules: []\n');
    expect(ingressOrder(clusterOf(y, 'kubernetes')).map((i) => i.meta.name)).toEqual(['b-second', 'a-first', 'z']);
  });
  it('a matched rule whose Service has no endpoints: 503', () => {
    const y = base.replace('{app: c}, ports', '{app: nothing}, ports') + ing(`  - host: s.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: c, port: {number: 80}}}}]}`);
    const h = k8s(y, 'http://s.example.com/').hops.find((x) => x.verdict === 'denied')!;
    expect(h.kind).toBe('endpoints');
    expect(h.summary).toContain('503');
  });
  it('ingress-nginx also accepts a backend port equal to a targetPort (with a warning)', () => {
    const y = base.replace('targetPort: http}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b', 'targetPort: 8080}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b') + ing(`  - host: s.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 8080}}}}]}`);
    const t = k8s(y, 'http://s.example.com/');
    expect(t.reached).toBe('shop/a');
    expect(t.hops.find((x) => x.kind === 'ingress')!.steps.some((s) => s.verdict === 'warning' && s.text.includes('targetPort'))).toBe(true);
  });
});

describe('ingress-nginx HTTP → HTTPS redirect (308)', () => {
  const rule = `  - host: s.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]}`;
  const withTls = (ann = '') => base + `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing, namespace: shop${ann ? `, annotations: {${ann}}` : ''}}
spec:
  tls: [{hosts: [s.example.com], secretName: s-tls}]
  rules:
${rule}
`;
  it('a host with TLS redirects plain HTTP by default; the trace follows it to the pod', () => {
    const t = trace(clusterOf(withTls(), 'kubernetes'), { from: 'internet', to: 'http://s.example.com/' });
    expect(t.verdict).toBe('redirected');
    expect(t.reached).toBe('shop/a');
    expect(t.hops.find((h) => h.kind === 'redirect')!.title).toContain('308');
  });
  it('ssl-redirect "false" serves HTTP; force-ssl-redirect redirects even without TLS', () => {
    const off = trace(clusterOf(withTls('nginx.ingress.kubernetes.io/ssl-redirect: "false"'), 'kubernetes'), { from: 'internet', to: 'http://s.example.com/' });
    expect(off.reached).toBe('shop/a');
    expect(off.hops.some((h) => h.kind === 'redirect')).toBe(false);
    const plain = base + ing(rule);
    expect(trace(clusterOf(plain, 'kubernetes'), { from: 'internet', to: 'http://s.example.com/' }).hops.some((h) => h.kind === 'redirect')).toBe(false);
    const forced = plain.replace('metadata: {name: ing, namespace: shop}', 'metadata: {name: ing, namespace: shop, annotations: {nginx.ingress.kubernetes.io/force-ssl-redirect: "true"}}');
    expect(trace(clusterOf(forced, 'kubernetes'), { from: 'internet', to: 'http://s.example.com/' }).verdict).toBe('redirected');
  });
});

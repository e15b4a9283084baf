// DNS forwarding and generated route domains from the cluster's configuration objects. Cases follow
// openshift-docs nw-dns-forward (the `servers` example: zones example.com forwarded to 1.1.1.1 and
// 2.2.2.2:5353) and openshift/api types_dns.go / types_ingress.go (IngressController spec.domain, Ingress
// cluster spec.domain).
import { describe, expect, it } from 'vitest';
import { traceQuery } from '../trace';
import { forwardedZone } from './dnsconfig';
import { clusterOf } from './testutil';

const pod = `apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop, labels: {app: app}}
spec: {containers: [{name: c}]}
`;
const dnsDefault = `---
apiVersion: operator.openshift.io/v1
kind: DNS
metadata: {name: default}
spec:
  servers:
  - name: example-server
    zones: [example.com]
    forwardPlugin:
      policy: Random
      upstreams: [1.1.1.1, 2.2.2.2:5353]
  - name: inner
    zones: [corp.example.com]
    forwardPlugin: {upstreams: [10.0.0.53]}
`;

describe('DNS default spec.servers: forwarded zones', () => {
  it('a name in a forwarded zone is answered by that zone\'s upstreams, cited, not "public DNS"', () => {
    const t = traceQuery(clusterOf(pod + dnsDefault), { from: 'shop/app', to: 'dns:api.example.com', port: 443 });
    const h = t.hops.find((x) => x.kind === 'dns' && x.summary.includes('forwards'))!;
    expect(h.summary).toContain('zone example.com');
    expect(h.summary).toContain('1.1.1.1, 2.2.2.2:5353');
    expect(h.summary).not.toContain('depends on public DNS');
    expect(h.rule?.object).toBe('DNS/default');
    expect(h.rule?.path).toBe('spec.servers.0');
  });
  it('the most specific zone wins; names outside every zone still depend on public DNS', () => {
    const c = clusterOf(pod + dnsDefault);
    expect(forwardedZone(c, 'db.corp.example.com')?.upstreams).toEqual(['10.0.0.53']);
    expect(forwardedZone(c, 'example.com.')?.server).toBe('example-server');
    expect(forwardedZone(c, 'notexample.com')).toBeUndefined();
    const t = traceQuery(c, { from: 'shop/app', to: 'dns:www.example.org', port: 443 });
    expect(t.hops.find((x) => x.kind === 'dns')!.summary).toContain('public DNS');
  });
  it('a DNS object that is not the operator\'s default is not its configuration', () => {
    expect(forwardedZone(clusterOf(pod + dnsDefault.replace('name: default', 'name: other')), 'api.example.com')).toBeUndefined();
  });
});

describe('generated route hosts: the serving router\'s domain', () => {
  const app = `---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec: {to: {kind: Service, name: web}}
`;
  const ingressConfig = `---
apiVersion: config.openshift.io/v1
kind: Ingress
metadata: {name: cluster}
spec: {domain: apps.example.com}
`;
  it('Ingress cluster spec.domain: <name>-<namespace>.<domain> is served, another domain is not', () => {
    const c = clusterOf(app + ingressConfig);
    expect(c.ingresses).toEqual([]);
    expect(traceQuery(c, { from: 'internet', to: 'http://web-shop.apps.example.com/' }).reached).toBe('shop/web');
    expect(traceQuery(c, { from: 'internet', to: 'http://web-shop.apps.other.com/' }).allowed).toBe(false);
  });
  it('without a known domain any domain after the generated prefix is taken (as before)', () => {
    expect(traceQuery(clusterOf(app), { from: 'internet', to: 'http://web-shop.apps.other.com/' }).reached).toBe('shop/web');
  });
  it('an IngressController spec.domain overrides the cluster one for the routes it serves', () => {
    const ic = `---
apiVersion: operator.openshift.io/v1
kind: IngressController
metadata: {name: default, namespace: openshift-ingress-operator}
spec: {domain: apps.internal.example.com}
`;
    const c = clusterOf(app + ingressConfig + ic);
    expect(traceQuery(c, { from: 'internet', to: 'http://web-shop.apps.internal.example.com/' }).reached).toBe('shop/web');
    expect(traceQuery(c, { from: 'internet', to: 'http://web-shop.apps.example.com/' }).allowed).toBe(false);
  });
});

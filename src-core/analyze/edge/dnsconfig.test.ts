// DNS forwarding and generated route domains from the cluster's configuration objects. Cases follow
// openshift-docs nw-dns-forward (the `servers` example: zones example.com forwarded to 1.1.1.1 and
// 2.2.2.2:5353) and openshift/api types_dns.go / types_ingress.go (IngressController spec.domain, Ingress
// cluster spec.domain and appsDomain), enhancements/ingress/route-subdomain.md and openshift/installer
// pkg/asset/manifests (Ingress cluster spec.domain = "apps." + DNS cluster spec.baseDomain).
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

describe('generated route hosts: the cluster domain, or each router\'s domain with spec.subdomain', () => {
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
  const icDomain = (name: string, spec: string) => `---
apiVersion: operator.openshift.io/v1
kind: IngressController
metadata: {name: ${name}, namespace: openshift-ingress-operator}
spec: {${spec}}
`;
  it('a route with neither host nor subdomain gets its host from the API server, in the cluster domain, whatever the router\'s domain', () => {
    // enhancements/ingress/route-subdomain.md: "If the user does not specify a value when the Route is created, the
    // API fills in a default value using the cluster ingress domain" (before: podpath took the router's domain).
    const c = clusterOf(app + ingressConfig + icDomain('default', 'domain: apps.internal.example.com'));
    expect(traceQuery(c, { from: 'internet', to: 'http://web-shop.apps.example.com/' }).reached).toBe('shop/web');
    expect(traceQuery(c, { from: 'internet', to: 'http://web-shop.apps.internal.example.com/' }).allowed).toBe(false);
  });
  it('spec.subdomain: <subdomain>.<domain> on each router that serves it, in that router\'s domain (status.domain first)', () => {
    const sub = app.replace('spec: {to: {kind: Service, name: web}}', 'spec: {subdomain: hello, to: {kind: Service, name: web}}');
    const c = clusterOf(sub + ingressConfig + icDomain('default', 'domain: apps.internal.example.com'));
    expect(traceQuery(c, { from: 'internet', to: 'http://hello.apps.internal.example.com/' }).reached).toBe('shop/web');
    expect(traceQuery(c, { from: 'internet', to: 'http://hello.apps.example.com/' }).allowed).toBe(false);
    // The enhancement's example: two routers, each exposes the route in its own domain.
    const two = clusterOf(sub + ingressConfig + icDomain('internal', 'domain: apps-internal.mycluster.com'));
    expect(traceQuery(two, { from: 'internet', to: 'http://hello.apps.example.com/' }).reached).toBe('shop/web');
    expect(traceQuery(two, { from: 'internet', to: 'http://hello.apps-internal.mycluster.com/' }).reached).toBe('shop/web');
    // status.domain is "the actual domain in use" (the router's ROUTER_DOMAIN).
    const st = clusterOf(sub + icDomain('default', 'domain: apps.spec.example.com}\nstatus: {domain: apps.status.example.com'));
    expect(traceQuery(st, { from: 'internet', to: 'http://hello.apps.status.example.com/' }).reached).toBe('shop/web');
    expect(traceQuery(st, { from: 'internet', to: 'http://hello.apps.spec.example.com/' }).allowed).toBe(false);
  });
  it('Ingress cluster spec.appsDomain generates hosts instead of spec.domain; without the Ingress object, apps.<DNS baseDomain>', () => {
    const apps = ingressConfig.replace('spec: {domain: apps.example.com}', 'spec: {domain: apps.example.com, appsDomain: example.net}');
    const c = clusterOf(app + apps);
    expect(traceQuery(c, { from: 'internet', to: 'http://web-shop.example.net/' }).reached).toBe('shop/web');
    expect(traceQuery(c, { from: 'internet', to: 'http://web-shop.apps.example.com/' }).allowed).toBe(false);
    const dns = `---
apiVersion: config.openshift.io/v1
kind: DNS
metadata: {name: cluster}
spec: {baseDomain: ocp.example.org}
`;
    const d = clusterOf(app + dns);
    expect(traceQuery(d, { from: 'internet', to: 'http://web-shop.apps.ocp.example.org/' }).reached).toBe('shop/web');
    expect(traceQuery(d, { from: 'internet', to: 'http://web-shop.apps.other.org/' }).allowed).toBe(false);
  });
});
